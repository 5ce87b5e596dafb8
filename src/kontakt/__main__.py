from kontakt._cli import entrypoint

entrypoint()
