from kontakt.cli import entrypoint

entrypoint()
