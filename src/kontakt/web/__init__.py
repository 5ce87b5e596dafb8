"""The web front: a search page and a JSON API over the same conversation (``kontakt serve``).

A thin shell like the bot: :func:`create_app` turns HTTP requests into questions and replies
into server-rendered HTML (Jinja2, autoescaped) or JSON. Only the public view of the directory
is served, and it is swapped whole when the data file changes.
"""

from kontakt.web._app import create_app
from kontakt.web._settings import WebSettings

__all__ = ["WebSettings", "create_app"]
