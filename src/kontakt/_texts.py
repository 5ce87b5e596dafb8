"""Every text residents and admins read, in Swedish and English: one catalogue for all front ends.

Texts are plain: ``{name}`` marks a value filled in, ``*words*`` marks words to emphasise
(examples of what to ask). Each front end's renderer decides what emphasis looks like and how
values are escaped (:func:`fill`); layout and markup beyond that are the renderer's.

A new language is a new column: add it to :data:`Language` and give every key a text; a test
checks that no key is missing in any language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

Language = Literal["sv", "en"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")

_EMPHASIS = re.compile(r"\*([^*\n]+)\*")

TEXTS: dict[Language, dict[str, str]] = {
    "sv": {
        # Residents.
        "greeting": "Hej! Jag hjälper dig att hitta rätt person eller funktion på {org}.\n\n"
        "Skriv vad ditt ärende gäller, till exempel *bygglov*, *snöröjning* eller ett namn. "
        "Du kan också skriva ett telefonnummer eller en e-postadress.",
        "help": "Skriv vad du undrar över, ett namn, en titel eller ett telefonnummer, så "
        "svarar jag med rätt kontakt.\n\n/sok <fråga> – sök\n/start – börja om\n"
        "/help – den här hjälpen\n\nI grupper svarar jag på kommandon, när någon nämner mig "
        "och på svar till mina meddelanden.",
        "choose": "Flera passar lika bra. Vem menar du?",
        "choose_unsure": "Jag är inte säker på vem du menar. Är det någon av dessa?",
        "thanks": "Varsågod! Skriv gärna igen om du undrar något mer.",
        "goodbye": "Hej då, och välkommen tillbaka!",
        "introduction": "Trevligt att träffas! Vad kan jag hjälpa dig med? Skriv vad ditt "
        "ärende gäller, till exempel *bygglov* eller *hemtjänst*.",
        "about_me": "Jag är {org}s kontaktbot. Jag hittar rätt person eller funktion åt dig: "
        "skriv vad ditt ärende gäller, till exempel *bygglov*, eller ett namn.",
        "agreement": "Skriv gärna igen om du undrar något mer.",
        "compliment": "Tack, vad snällt! Skriv gärna vad du undrar över, så hittar jag rätt "
        "person.",
        "none": "Jag hittade ingen som passar «{question}».",
        "suggest": "Menade du någon av dessa?",
        "switchboard": "Du kan alltid vända dig till {org}:",
        "unknown_contact": "Den kontakten finns inte längre.",
        "empty": "Skriv vad du undrar över, till exempel */sok bygglov*.",
        "sms_only": "endast SMS",
        "more_numbers": "… och {count} nummer till",
        "save": "Spara kontakt",
        "rate_limited": "Du har ställt många frågor på kort tid. Vänta en stund och försök igen.",
        "cut": "Frågan var lång, så jag läste bara början.",
        # Hours, relative to the moment a card is shown.
        "open_until": "Öppet nu, stänger {time}",
        "open_always": "Öppet dygnet runt",
        "closed_opens": "Stängt – öppnar {when}",
        "closed": "Stängt",
        "phone_time": "Telefontid {hours} ({state})",
        "hours": "Tider: {hours}",
        "phone_open": "nu öppet",
        "phone_closed": "nu stängt",
        "holidays_off": ", stängt helgdagar",
        "tomorrow": "i morgon",
        "and": "och",
        "on_call": "Kontoret är stängt just nu. Det här är jouren, som svarar nu:",
        "emergency": "Gäller det liv, hälsa eller brand: ring 112.",
        "closed_office": "Kontoret:",
        "website": "Webbplats",
        "map": "Karta",
        # The web page.
        "web_title": "Hitta rätt kontakt",
        "web_intro": "Skriv vad ditt ärende gäller, ett namn, en titel eller ett telefonnummer.",
        "web_label": "Vad gäller ditt ärende?",
        "web_search": "Sök",
        "web_skip": "Till huvudinnehållet",
        "web_language": "Språk",
        "web_other_language": "In English",
        "web_results": "Svar",
        "web_found_one": "En kontakt hittades: {name}.",
        "web_found_choices": "{count} kontakter att välja mellan.",
        "web_found_none": "Ingen kontakt hittades.",
        "web_phone": "Telefon",
        "web_sms": "SMS",
        "web_email": "E-post",
        "web_address": "Adress",
        "web_switchboard": "Växeln",
        "web_vcard": "Spara kontakt (vCard)",
        "web_new_search": "Ny sökning",
        "web_empty": "Skriv vad du undrar över, till exempel *bygglov* eller ett namn.",
        "web_not_found": "Sidan finns inte.",
        "web_bad_request": "Det går inte att göra så på den här sidan.",
        "web_error": "Något gick fel hos oss. Försök igen om en stund.",
        # Admins.
        "reloaded": "Kontaktlistan är omladdad: {entries} poster från {path}.",
        "reload_refused": "Kontaktlistan laddades inte om.",
        "still_serving": "Boten svarar fortfarande från den förra versionen ({entries} poster).",
        "errors": "{count} fel:",
        "more_errors": "… och {count} till",
        "status_entries": "Poster: {entries}",
        "status_file": "Fil: {path}",
        "status_loaded": "Laddad: {time}",
        "status_failed": "Senaste omladdningen misslyckades:",
        "status_ok": "Senaste omladdningen: utan fel",
        "status_counts": "Sedan start: {counts}",
        "status_no_counts": "inga frågor",
    },
    "en": {
        "greeting": "Hello! I help you find the right person or service at {org}.\n\n"
        "Write what your question is about, for example *building permit*, *snow "
        "removal* or a name. You can also send a phone number or an e-mail address.",
        "help": "Write what you are wondering about, a name, a title or a phone number, and "
        "I will answer with the right contact.\n\n/search <question> – search\n"
        "/start – start over\n/help – this help\n\nIn groups I answer commands, mentions "
        "and replies to my messages.",
        "choose": "Several match equally well. Whom do you mean?",
        "choose_unsure": "I am not sure whom you mean. Is it one of these?",
        "thanks": "You are welcome! Write again if you have another question.",
        "goodbye": "Goodbye, and welcome back!",
        "introduction": "Nice to meet you! How can I help? Write what your question is about, "
        "for example *building permit* or *home care*.",
        "about_me": "I am the contact bot of {org}. I find the right person or service for "
        "you: write what your question is about, for example *building permit*, or a name.",
        "agreement": "Write again if you have another question.",
        "compliment": "Thank you, that is kind! Write what you are wondering about and I "
        "will find the right person.",
        "none": "I found nobody matching «{question}».",
        "suggest": "Did you mean one of these?",
        "switchboard": "You can always contact {org}:",
        "unknown_contact": "That contact no longer exists.",
        "empty": "Write what you are wondering about, for example */search building permit*.",
        "sms_only": "SMS only",
        "more_numbers": "… and {count} more numbers",
        "save": "Save contact",
        "rate_limited": "You have asked many questions in a short time. Please wait a while "
        "and try again.",
        "cut": "Your question was long, so I read only the beginning.",
        "open_until": "Open now, closes {time}",
        "open_always": "Open 24 hours",
        "closed_opens": "Closed – opens {when}",
        "closed": "Closed",
        "phone_time": "Phone hours {hours} ({state})",
        "hours": "Hours: {hours}",
        "phone_open": "open now",
        "phone_closed": "closed now",
        "holidays_off": ", closed on public holidays",
        "tomorrow": "tomorrow",
        "and": "and",
        "on_call": "The office is closed right now. This is the on-call service, open now:",
        "emergency": "If it is about life, health or fire: call 112.",
        "closed_office": "The office:",
        "website": "Website",
        "map": "Map",
        "web_title": "Find the right contact",
        "web_intro": "Write what your question is about, a name, a title or a phone number.",
        "web_label": "What is your question about?",
        "web_search": "Search",
        "web_skip": "Skip to main content",
        "web_language": "Language",
        "web_other_language": "På svenska",
        "web_results": "Answers",
        "web_found_one": "One contact found: {name}.",
        "web_found_choices": "{count} contacts to choose from.",
        "web_found_none": "No contact found.",
        "web_phone": "Phone",
        "web_sms": "SMS",
        "web_email": "E-mail",
        "web_address": "Address",
        "web_switchboard": "Switchboard",
        "web_vcard": "Save contact (vCard)",
        "web_new_search": "New search",
        "web_empty": "Write what you are wondering about, for example *building permit* or a name.",
        "web_not_found": "There is no such page.",
        "web_bad_request": "That cannot be done on this page.",
        "web_error": "Something went wrong on our side. Please try again in a while.",
        "reloaded": "The contact list is reloaded: {entries} entries from {path}.",
        "reload_refused": "The contact list was not reloaded.",
        "still_serving": "The bot still answers from the previous version ({entries} entries).",
        "errors": "{count} errors:",
        "more_errors": "… and {count} more",
        "status_entries": "Entries: {entries}",
        "status_file": "File: {path}",
        "status_loaded": "Loaded: {time}",
        "status_failed": "The last reload failed:",
        "status_ok": "The last reload: no errors",
        "status_counts": "Since start: {counts}",
        "status_no_counts": "no questions",
    },
}


def language_for(code: str | None) -> Language:
    """English for language codes starting with "en" (Telegram's, a browser's); Swedish
    otherwise."""
    return "en" if code and code.lower().startswith("en") else "sv"


def _same(text: str) -> str:
    return text


def fill(
    language: Language,
    key: str,
    *,
    escape: Callable[[str], str] = _same,
    emphasis: Callable[[str], str] = _same,
    **values: object,
) -> str:
    """The text ``key`` with its values filled in.

    ``escape`` is applied to the text and to each value (a renderer's HTML escaping, say);
    ``emphasis`` turns each ``*marked*`` span, already escaped, into the renderer's markup.
    """
    template = _EMPHASIS.sub(lambda m: emphasis(m.group(1)), escape(TEXTS[language][key]))
    return template.format(
        **{name: escape(v if isinstance(v, str) else str(v)) for name, v in values.items()}
    )
