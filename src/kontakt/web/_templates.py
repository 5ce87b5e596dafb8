"""Replies as HTML: Jinja2 templates with autoescape, and the helpers they call.

Every value from the data and every echoed piece of a question goes through Jinja2's escaping;
texts from the catalogue are escaped the same way and only their ``*emphasis*`` becomes
``<em>``.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from datetime import datetime

import jinja2
from markupsafe import Markup

from kontakt._availability import availability, map_link
from kontakt._conversation import Card, Choices, NoMatch, Notice, choice_label
from kontakt._model import Contact
from kontakt._phones import Phone
from kontakt._texts import Language, fill

_WEB_TOPICS = {"empty": "web_empty", "help": "web_empty", "about_me": "web_intro"}
"""Notices whose catalogue text speaks of bot commands or of a bot have a web wording."""


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kontakt.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        availability=_availability,
        map_link=map_link,
        choice_label=choice_label,
        phone_href=phone_href,
        reply_type=lambda reply: type(reply).__name__,
    )
    return env


def render(template: str, language: Language, **context: object) -> str:
    """``template`` filled in, with ``t(key, **values)`` giving catalogue texts in ``language``."""
    return environment().get_template(template).render(lang=language, t=texts(language), **context)


def texts(language: Language) -> Callable[..., Markup]:
    """Catalogue texts as safe HTML: escaped, ``*marked*`` words emphasised, paragraphs kept."""

    def text(key: str, **values: object) -> Markup:
        filled = fill(
            language, key, escape=html.escape, emphasis=lambda words: f"<em>{words}</em>", **values
        )
        return Markup(filled)  # noqa: S704 - every piece above went through html.escape

    return text


def notice_key(reply: Notice) -> str:
    return _WEB_TOPICS.get(reply.topic, reply.topic)


def phone_href(phone: Phone) -> str:
    """``tel:`` for a number one may call, ``sms:`` for one that takes text messages only."""
    return ("sms:" if phone.sms_only else "tel:") + phone.e164


def status(reply: Card | Choices | NoMatch | Notice) -> str:
    """The one line a screen reader announces when answers change, in the answer's language."""
    language = reply.language
    match reply:
        case Card():
            return fill(language, "web_found_one", name=reply.contact.name)
        case Choices():
            return fill(language, "web_found_choices", count=len(reply.contacts))
        case NoMatch():
            return fill(language, "web_found_none")
        case Notice():
            text = fill(language, notice_key(reply), org=reply.organisation.name)
            return text.split("\n\n")[0].replace("*", "")


def _availability(contact: Contact, at: datetime | None, language: Language) -> str | None:
    return availability(contact, at, language) if at is not None else None
