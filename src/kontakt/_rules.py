"""The data rules that go beyond a value's shape, one function each, named for the rule.

Each reports what it finds to a :class:`~kontakt._reader.NodeReader`, at the node the admin
must change, and returns whether the data passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

import yaml

from kontakt import _emails, _swedish, _wordforms
from kontakt._format import ID_PATTERN
from kontakt._names import MAX_ID_LENGTH, slug, unique_id
from kontakt._phones import Phone, phone_key
from kontakt._reader import Label, NodeReader
from kontakt._silent import column_of
from kontakt._source import start


def check_id(reader: NodeReader, node: yaml.Node, raw_id: str, entry: Label) -> bool:
    """Ids go into deep links and buttons: a-z, 0-9 and '-', within Telegram's length."""
    if ID_PATTERN.fullmatch(raw_id):
        return True
    reader.error(
        node,
        f"id '{raw_id}' may only hold a-z, 0-9 and '-', start and "
        f"end with a letter or digit, and be at most {MAX_ID_LENGTH} characters",
        entry,
    )
    return False


def check_switchboard(reader: NodeReader, node: yaml.Node, phone: Phone, entry: Label) -> bool:
    """Every resident who finds nobody is told to call the switchboard."""
    if phone.sms_only or not phone.public:
        reader.error(
            node,
            f"the switchboard {phone.display} is given to every resident who finds nobody, "
            "so it must be public and take calls",
            entry,
        )
        return False
    return True


def check_sms_only(
    reader: NodeReader, node: yaml.Node, phone: Phone, said_not_sms_only: bool, entry: Label
) -> bool:
    """A number marked SMS only must be a mobile number, and say so only one way."""
    if said_not_sms_only and phone.sms_only:
        reader.error(
            node,
            f"{phone.display} is noted as SMS only, but sms_only is false: keep one of them",
            entry,
        )
        return False
    if phone.sms_only and not phone.is_mobile:
        reader.error(node, f"{phone.display} is marked SMS only but is not a mobile number", entry)
        return False
    return True


EXCEPTION_HINT = "if the address is right, say why in email_exception"
"""How a data file lets a person's address break förnamn.efternamn (``kontakt import`` says it
in a CSV's terms instead)."""


@dataclass(frozen=True, slots=True)
class Naming:
    """What the förnamn.efternamn rule needs to know of the organisation."""

    domain: str
    space: str = ""


def check_address_rule(
    reader: NodeReader,
    naming: Naming,
    *,
    first: str,
    last: str,
    email: str,
    email_node: yaml.Node,
    exception_node: yaml.Node | None,
    exception: str | None,
    entry: Label,
) -> None:
    """A person's address at the organisation's domain is förnamn.efternamn@domain, unless
    ``email_exception`` says why not; an exception the address does not need is a warning."""
    domain, space = naming.domain, naming.space
    if not _emails.is_at_domain(email, domain):
        return
    follows = _emails.follows_rule(email, first, last, domain, space=space)
    if follows:
        if exception_node is not None and exception is not None:
            reader.warning(
                exception_node,
                "email_exception is not needed: the address follows förnamn.efternamn",
                entry,
            )
        return
    if exception_node is not None:
        return
    unusable = _emails.unusable_name(first, last, space=space)
    if unusable is not None:
        reader.error(
            email_node,
            f"e-mail '{email}' cannot follow förnamn.efternamn@{domain}: {unusable} "
            f"({EXCEPTION_HINT})",
            entry,
        )
        return
    expected = _emails.expected_address(first, last, domain, space=space)
    reader.error(
        email_node,
        f"e-mail '{email}' does not follow förnamn.efternamn@{domain}: the rule gives "
        f"'{expected}' ({EXCEPTION_HINT})",
        entry,
    )


def check_domain_slip(
    reader: NodeReader, node: yaml.Node, email: str, domain: str, entry: Label
) -> None:
    """An address a letter or two from the organisation's domain is almost always a typo, and
    a typo'd address passes every other rule as an outside one."""
    at = email.rpartition("@")[2]
    if at == domain:
        return
    edits = _emails.domain_slip(at, domain)
    if edits is None:
        return
    raw = node.value if isinstance(node, yaml.ScalarNode) else ""
    letters = "one letter" if edits == 1 else "two letters"
    reader.warning(
        column_of(node, raw.rfind("@") + 1) if "@" in raw else node,
        f"e-mail '{email}' is at {at}, {letters} away from the organisation's domain: "
        f"did you mean {domain}?",
        entry,
    )


def check_reachable(
    reader: NodeReader,
    node: yaml.Node,
    *,
    phones: int,
    email: str | None,
    person: bool,
    entry: Label,
) -> None:
    """An entry without a number or an address answers nobody's question."""
    if not phones and not email:
        whom = "this person" if person else "this service"
        reader.warning(
            node,
            f"has no phone number and no e-mail address: residents cannot reach {whom}",
            entry,
        )


class Entry(Protocol):
    """An entry that passed its own checks, as the rules across entries see it."""

    @property
    def label(self) -> Label: ...
    @property
    def node(self) -> yaml.Node: ...
    @property
    def name(self) -> str: ...
    @property
    def kind_name(self) -> str: ...


def check_unique(
    reader: NodeReader, what: str, owners: Iterable[tuple[str, yaml.Node, Entry]]
) -> None:
    """Each value (an id, an address) belongs to one entry; a repeat names the first owner."""
    first: dict[str, Entry] = {}
    for value, node, entry in owners:
        owner = first.setdefault(value, entry)
        if owner is not entry:
            reader.error(
                node,
                f"{what} '{value}' is already used by {owner.label} (line {start(owner.node)[0]})",
                entry.label,
            )


def check_shared_numbers(
    reader: NodeReader,
    people: Iterable[tuple[Entry, tuple[Phone, ...], yaml.Node | None]],
    *,
    region: str,
) -> None:
    """A number on two people is a typo or a copy left behind more often than a shared line:
    a warning at the second, naming the first. Not when any of them marks it ``shared: true``.

    ``people`` gives each person with the numbers read and the node of its ``phones`` list.
    Services are left out on purpose: a service's line may be the one the people behind it
    answer, and one line may serve two services.
    """
    first: dict[str, tuple[Entry, yaml.Node | None]] = {}
    later: list[tuple[str, Phone, Entry, yaml.Node | None]] = []
    shared: set[str] = set()
    for entry, phones, node in people:
        for phone in phones:
            if phone.shared:
                shared.add(phone.e164)
            if first.setdefault(phone.e164, (entry, node))[0] is not entry:
                later.append((phone.e164, phone, entry, node))
    for e164, phone, entry, node in later:
        if e164 in shared:
            continue
        owner, owner_node = first[e164]
        line = start(_number_node(owner_node, e164, region) or owner.node)[0]
        reader.warning(
            _number_node(node, e164, region) or entry.node,
            f"the number {phone.display} is also on {owner.label} (line {line}): correct one "
            f"of them or, if both answer it, write it on either as 'number: {phone.display}' "
            "with 'shared: true'",
            entry.label,
        )


def _number_node(phones: yaml.Node | None, e164: str, region: str) -> yaml.Node | None:
    """The item of a ``phones`` list that holds ``e164``: looked up again, only for a warning."""
    items = phones.value if isinstance(phones, yaml.SequenceNode) else [phones]
    for item in items:
        number = item
        if isinstance(item, yaml.MappingNode):
            number = next((v for k, v in item.value if k.value == "number"), None)
        if isinstance(number, yaml.ScalarNode) and phone_key(number.value, region=region) == e164:
            return item
    return None


def generated_ids(entries: Iterable[tuple[str, Entry]]) -> Iterator[str]:
    """Each entry's id: its own, or one made from its name (``erik-svensson-2`` for a second
    Erik Svensson) that no entry's own id takes."""
    listed = list(entries)
    taken = {given for given, _ in listed if given}
    for given, entry in listed:
        if given:
            yield given
        else:
            made = unique_id(slug(entry.name) or entry.kind_name, taken)
            taken.add(made)
            yield made


def check_vocabulary_terms(
    reader: NodeReader, node: yaml.Node, entry_words: frozenset[str]
) -> None:
    """Warn at each vocabulary word no entry contains: it adds a meaning nobody answers.

    A term's word counts as contained when an entry has it, in any form the dictionary knows
    ("förskolor" for "Förskola Solen"), or as part of a longer word ("återvinningscentral" in
    "Återvinningscentralen i Ådala"); a part must be five letters or more, or every few letters
    would be "contained" somewhere.
    """
    if not isinstance(node, yaml.MappingNode):
        return
    joined = " ".join(sorted(entry_words))
    for _, terms in node.value:
        items = terms.value if isinstance(terms, yaml.SequenceNode) else [terms]
        for item in items:
            if not isinstance(item, yaml.ScalarNode) or not item.value:
                continue
            words = _swedish.words(str(item.value))
            if words and not all(_contained(word, entry_words, joined) for word in words):
                reader.warning(item, f"no entry contains '{item.value}'; it adds no answers")


def _contained(word: str, entry_words: frozenset[str], joined: str) -> bool:
    # Base forms from the dictionary, and a known word with a short ending ("grovavfallet").
    endings = (word[:-cut] for cut in range(1, _MAX_ENDING + 1) if len(word) - cut >= 4)
    forms = (word, *_wordforms.base_forms(word), *endings)
    return any(form in entry_words for form in forms) or (
        len(word) >= _MIN_CONTAINED_PART and any(form in joined for form in forms)
    )


_MIN_CONTAINED_PART = 5
_MAX_ENDING = 3
