"""Data file text to validated contacts, with every problem located and reported in one pass."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
import yaml

from kontakt import _emails
from kontakt._errors import AddressError, DataError, PhoneError, Problem, Severity
from kontakt._model import Contact, Kind, Organisation
from kontakt._names import MAX_ID_LENGTH, slug, unique_id
from kontakt._phones import Phone, parse_phone
from kontakt._source import Loader as _Loader
from kontakt._source import compose, gc_paused, start

TOP_KEYS = ("organisation", "people", "services")
ORGANISATION_KEYS = ("name", "domain", "region", "phone", "email", "address", "email_space")
PERSON_KEYS = (
    "id",
    "first_name",
    "last_name",
    "display_name",
    "title",
    "department",
    "email",
    "email_exception",
    "phones",
    "topics",
    "public",
)
SERVICE_KEYS = ("id", "name", "email", "phones", "department", "topics", "address", "public")
PHONE_KEYS = ("number", "sms_only", "label", "public")
EMAIL_SPACES = ("", "-")
ID_PATTERN = re.compile(rf"[a-z0-9](?:[a-z0-9-]{{0,{MAX_ID_LENGTH - 2}}}[a-z0-9])?")
"""Ids end up in Telegram deep links and buttons: see :data:`kontakt._names.MAX_ID_LENGTH`."""

_TAG = "tag:yaml.org,2002:"
# Explicit tags an admin may write; untagged scalars are all str or null (yamlsource.Loader).
_SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
TRUE_WORDS = frozenset({"true", "yes", "on"})
FALSE_WORDS = frozenset({"false", "no", "off"})
"""What a flag (``public``, ``sms_only``) may say, in any case."""
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class LoadedData:
    organisation: Organisation
    contacts: tuple[Contact, ...]
    warnings: tuple[Problem, ...]


def parse_data(text: str, *, path: str) -> LoadedData:
    """Validate the text of a data file; raise :class:`DataError` listing every problem found."""
    with gc_paused():
        return _Reader(path).read(text)


@dataclass
class _Draft:
    """An entry that passed its own checks, waiting for the checks across entries."""

    kind: Kind
    entry: _Label
    node: yaml.Node
    fields: dict[str, Any]
    id_node: yaml.Node | None = None
    email_node: yaml.Node | None = None
    id: str = ""


@dataclass
class _Reader:
    path: str
    problems: list[Problem] = field(default_factory=list)
    _visited: set[int] = field(default_factory=set)
    _saw_alias: bool = False

    # -- reporting -------------------------------------------------------------------------

    def _add(
        self,
        severity: Severity,
        at: yaml.Node | tuple[int, int],
        message: str,
        entry: _Label | None,
    ) -> None:
        line, column = start(at) if isinstance(at, yaml.Node) else at
        named = str(entry) if entry is not None else None
        self.problems.append(Problem(self.path, line, column, severity, message, named))

    def error(
        self, at: yaml.Node | tuple[int, int], message: str, entry: _Label | None = None
    ) -> None:
        self._add(Severity.ERROR, at, message, entry)

    def warning(self, at: yaml.Node, message: str, entry: _Label | None = None) -> None:
        self._add(Severity.WARNING, at, message, entry)

    # -- the file ------------------------------------------------------------------------------

    def read(self, text: str) -> LoadedData:
        root = compose(text, lambda line, col, msg: self.error((line, col), msg))
        organisation: Organisation | None = None
        drafts: list[_Draft] = []
        if root is not None:
            top = self.mapping(root, TOP_KEYS, None, "the file")
            if top is not None:
                if "organisation" in top:
                    organisation = self.organisation(top["organisation"])
                else:
                    self.error(root, "the 'organisation' section is missing")
                region = organisation.region if organisation else "SE"
                domain = organisation.domain if organisation else None
                space = organisation.email_space if organisation else ""
                for key, kind in (("people", Kind.PERSON), ("services", Kind.SERVICE)):
                    if key in top:
                        drafts += self.entries(
                            top[key], key, kind, region=region, domain=domain, space=space
                        )
        contacts = self.finish(drafts)
        if self._saw_alias:
            self.report_aliases(text)
        errors = [p for p in self.problems if p.is_error]
        if errors or organisation is None:
            raise DataError(_in_file_order(self.problems))
        return LoadedData(organisation, contacts, _in_file_order(self.problems))

    def organisation(self, node: yaml.Node) -> Organisation | None:
        where = "organisation"
        values = self.mapping(node, ORGANISATION_KEYS, where, where, required=("name", "domain"))
        if values is None:
            return None
        ok = True
        name = self.text(values.get("name"), "name", where)
        domain = self.text(values.get("domain"), "domain", where)
        if domain is not None:
            domain = domain.lower()
            try:
                _emails.normalise_address(f"x@{domain}")
            except AddressError:
                self.error(values["domain"], f"domain '{domain}' is not a valid mail domain", where)
                ok = False
        region = (self.text(values.get("region"), "region", where) or "SE").upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            self.error(
                values["region"],
                f"region '{region}' is not a known country code such as 'SE'",
                where,
            )
            region, ok = "SE", False
        phone = None
        if "phone" in values and not self.is_null(values["phone"]):
            phone = self.switchboard(values["phone"], region)
            ok = ok and phone is not None
        email = self.address(values.get("email"), "email", where)
        space = self.text(values.get("email_space"), "email_space", where, allow_empty=True) or ""
        if space not in EMAIL_SPACES:
            self.error(
                values["email_space"], f'email_space must be "" or "-", not \'{space}\'', where
            )
            ok = False
        if name is None or domain is None or not ok:
            return None
        return Organisation(
            name=name,
            domain=domain,
            region=region,
            phone=phone,
            email=email,
            address=self.text(values.get("address"), "address", where),
            email_space=space,
        )

    def switchboard(self, node: yaml.Node, region: str) -> Phone | None:
        """The organisation's one number: every resident who finds nobody is told to call it."""
        where = "organisation"
        if isinstance(node, yaml.SequenceNode):
            self.error(node, "'phone' is the one switchboard number, not a list", where)
            return None
        phone = self.phone(node, where, region)
        if phone is None:
            return None
        if phone.sms_only or not phone.public:
            self.error(
                node,
                f"the switchboard {phone.display} is given to every resident who finds nobody, "
                "so it must be public and take calls",
                where,
            )
            return None
        return phone

    def entries(
        self, node: yaml.Node, key: str, kind: Kind, *, region: str, domain: str | None, space: str
    ) -> list[_Draft]:
        if self.is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"'{key}' must be a list of entries, each starting with '- '")
            return []
        drafts = []
        for index, item in enumerate(node.value, start=1):
            if not self.first_visit(item):
                continue
            entry = _EntryName(kind, item, index)
            if kind is Kind.PERSON:
                draft = self.person(item, entry, region=region, domain=domain, space=space)
            else:
                draft = self.service(item, entry, region)
            if draft is not None:
                drafts.append(draft)
        return drafts

    def person(
        self, node: yaml.Node, entry: _Label, *, region: str, domain: str | None, space: str
    ) -> _Draft | None:
        errors_before = self.error_count()
        values = self.mapping(
            node, PERSON_KEYS, entry, "a person", required=("first_name", "last_name")
        )
        if values is None:
            return None
        first = self.text(values.get("first_name"), "first_name", entry)
        last = self.text(values.get("last_name"), "last_name", entry)
        display = self.text(values.get("display_name"), "display_name", entry)
        email = self.address(values.get("email"), "email", entry)
        exception = self.text(values.get("email_exception"), "email_exception", entry)
        has_exception = "email_exception" in values
        if has_exception and self.is_null(values["email_exception"]):
            self.error(values["email_exception"], "email_exception needs the reason as text", entry)
        if email and first and last and domain and _emails.is_at_domain(email, domain):
            follows = _emails.follows_rule(email, first, last, domain, space=space)
            unusable = _emails.unusable_name(first, last, space=space)
            if not follows and not has_exception and unusable is not None:
                self.error(
                    values["email"],
                    f"e-mail '{email}' cannot follow förnamn.efternamn@{domain}: {unusable} "
                    "(say why the address is right in email_exception)",
                    entry,
                )
            elif not follows and not has_exception:
                expected = _emails.expected_address(first, last, domain, space=space)
                self.error(
                    values["email"],
                    f"e-mail '{email}' does not follow "
                    f"förnamn.efternamn@{domain}: the rule gives '{expected}' (if the "
                    "address is right, say why in email_exception)",
                    entry,
                )
            elif follows and exception is not None:
                self.warning(
                    values["email_exception"],
                    "email_exception is not needed: the address follows förnamn.efternamn",
                    entry,
                )
        draft_fields: dict[str, Any] = {
            "first_name": first,
            "last_name": last,
            "name": display or (f"{first} {last}" if first and last else ""),
            "title": self.text(values.get("title"), "title", entry),
            "department": self.text(values.get("department"), "department", entry),
            "email": email,
            "email_exception": exception,
        }
        return self.common(
            node,
            values,
            entry,
            Kind.PERSON,
            draft_fields=draft_fields,
            region=region,
            errors_before=errors_before,
        )

    def service(self, node: yaml.Node, entry: _Label, region: str) -> _Draft | None:
        errors_before = self.error_count()
        values = self.mapping(node, SERVICE_KEYS, entry, "a service", required=("name",))
        if values is None:
            return None
        draft_fields: dict[str, Any] = {
            "name": self.text(values.get("name"), "name", entry),
            "department": self.text(values.get("department"), "department", entry),
            "email": self.address(values.get("email"), "email", entry),
            "address": self.text(values.get("address"), "address", entry),
        }
        return self.common(
            node,
            values,
            entry,
            Kind.SERVICE,
            draft_fields=draft_fields,
            region=region,
            errors_before=errors_before,
        )

    def common(
        self,
        node: yaml.Node,
        values: dict[str, yaml.Node],
        entry: _Label,
        kind: Kind,
        *,
        draft_fields: dict[str, Any],
        region: str,
        errors_before: int,
    ) -> _Draft | None:
        """The fields people and services share: id, phones, topics, public."""
        raw_id = self.text(values.get("id"), "id", entry)
        if raw_id is not None and not ID_PATTERN.fullmatch(raw_id):
            self.error(
                values["id"],
                f"id '{raw_id}' may only hold a-z, 0-9 and '-', start and "
                f"end with a letter or digit, and be at most {MAX_ID_LENGTH} characters",
                entry,
            )
        phones = (
            self.phone_list(values["phones"], "phones", entry, region) if "phones" in values else ()
        )
        topics = self.topics(values.get("topics"), entry)
        public = self.flag(values.get("public"), "public", entry)
        if self.error_count() > errors_before or phones is None:
            return None
        if not phones and not draft_fields.get("email"):
            self.warning(
                node, "has no phone number and no e-mail address: nobody can reach it", entry
            )
        draft_fields.update(
            phones=phones, topics=topics, public=public is not False, line=start(node)[0]
        )
        return _Draft(
            kind, entry, node, draft_fields, values.get("id"), values.get("email"), raw_id or ""
        )

    def finish(self, drafts: Sequence[_Draft]) -> tuple[Contact, ...]:
        """Checks across entries (ids, addresses), then generated ids for entries without one."""
        taken: dict[str, _Draft] = {}
        for draft in drafts:
            if not draft.id:
                continue
            first = taken.setdefault(draft.id, draft)
            if first is not draft:
                self.error(
                    draft.id_node or draft.node,
                    f"id '{draft.id}' is already used by {first.entry} "
                    f"(line {start(first.node)[0]})",
                    draft.entry,
                )
        addresses: dict[str, _Draft] = {}
        for draft in drafts:
            email = draft.fields.get("email")
            if email is None:
                continue
            first = addresses.setdefault(email, draft)
            if first is not draft:
                self.error(
                    draft.email_node or draft.node,
                    f"e-mail '{email}' is already used by {first.entry} "
                    f"(line {start(first.node)[0]})",
                    draft.entry,
                )
        contacts = []
        for draft in drafts:
            if not draft.id:
                draft.id = unique_id(slug(draft.fields["name"]) or draft.kind.value, taken)
                taken[draft.id] = draft
            contacts.append(Contact(kind=draft.kind, id=draft.id, **draft.fields))
        return tuple(contacts)

    # -- values ----------------------------------------------------------------------------

    def error_count(self) -> int:
        return sum(p.is_error for p in self.problems)

    def first_visit(self, node: yaml.Node) -> bool:
        """Aliases (``*name``) repeat a node; refusing them also bounds the walk."""
        if id(node) in self._visited:
            self._saw_alias = True
            return False
        self._visited.add(id(node))
        return True

    def report_aliases(self, text: str) -> None:
        """Locate each alias: the composed tree only knows where its anchor was."""
        for event in yaml.parse(text.removeprefix("\ufeff"), Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                self.error(
                    start(event),
                    f"aliases ('*{event.anchor}') are not supported: write the value out",
                )

    def allowed_tag(self, node: yaml.Node, entry: _Label | None) -> bool:
        tag = node.tag or ""
        if isinstance(node, yaml.ScalarNode) and tag in _SCALAR_TAGS:
            return True
        if isinstance(node, yaml.MappingNode) and tag == _TAG + "map":
            return True
        if isinstance(node, yaml.SequenceNode) and tag == _TAG + "seq":
            return True
        shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
        self.error(node, f"the YAML tag {_quoted(shown)} is not allowed here", entry)
        return False

    @staticmethod
    def is_null(node: yaml.Node | None) -> bool:
        return node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null")

    def mapping(
        self,
        node: yaml.Node,
        keys: Sequence[str],
        entry: _Label | None,
        what: str,
        required: Sequence[str] = (),
    ) -> dict[str, yaml.Node] | None:
        """The keys of a mapping node, after reporting unknown, duplicate and missing keys."""
        if not self.allowed_tag(node, entry):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of 'key: value' lines", entry)
            return None
        values: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not self.first_visit(value_node):
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.error(key_node, "a key must be a plain word", entry)
                continue
            key = key_node.value
            if key in values:
                self.error(
                    key_node,
                    f"{_quoted(key)} is given twice (first on line "
                    f"{start(values[key])[0]}); only one can be kept",
                    entry,
                )
            elif key not in keys:
                self.error(key_node, f"unknown key {_quoted(key)}{_did_you_mean(key, keys)}", entry)
            else:
                values[key] = value_node
        for key in required:
            if key not in values:
                self.error(node, f"'{key}' is missing", entry)
            elif self.is_null(values[key]):
                self.error(values[key], f"'{key}' is empty", entry)
        return values

    def text(
        self, node: yaml.Node | None, name: str, entry: _Label | None, allow_empty: bool = False
    ) -> str | None:
        """A single-line string exactly as written (YAML's number and date readings ignored)."""
        if node is None or self.is_null(node):
            return None
        if not self.allowed_tag(node, entry):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"'{name}' must be a single value, not a list or mapping", entry)
            return None
        value: str = node.value
        if not value.isprintable() or "  " in value:  # line breaks, tabs, runs of spaces
            value = _WHITESPACE.sub(" ", value)
        value = value.strip()
        control = (
            None
            if value.isprintable()
            else next((ch for ch in value if unicodedata.category(ch) == "Cc"), None)
        )
        if control is not None:
            self.error(node, f"'{name}' contains the control character U+{ord(control):04X}", entry)
            return None
        if not value and not allow_empty:
            self.error(node, f"'{name}' is empty", entry)
            return None
        return value

    def flag(self, node: yaml.Node | None, name: str, entry: _Label | None) -> bool | None:
        if node is None or self.is_null(node):
            return None
        if isinstance(node, yaml.ScalarNode) and self.allowed_tag(node, entry):
            word = node.value.strip().lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
        self.error(node, f"'{name}' must be true or false", entry)
        return None

    def address(self, node: yaml.Node | None, name: str, entry: _Label | None) -> str | None:
        raw = self.text(node, name, entry)
        if raw is None or node is None:
            return None
        try:
            return _emails.normalise_address(raw)
        except AddressError as exc:
            self.error(node, f"e-mail '{raw}' is not valid: {exc}", entry)
            return None

    def items(self, node: yaml.Node, name: str, entry: _Label | None) -> list[yaml.Node] | None:
        """A list's items; a single value counts as a list of one."""
        if self.is_null(node):
            return []
        if not self.allowed_tag(node, entry):
            return None
        if isinstance(node, yaml.SequenceNode):
            return [item for item in node.value if self.first_visit(item)]
        if isinstance(node, yaml.ScalarNode):
            return [node]
        self.error(node, f"'{name}' must be a list", entry)
        return None

    def phone_list(
        self, node: yaml.Node, name: str, entry: _Label | None, region: str
    ) -> tuple[Phone, ...] | None:
        items = self.items(node, name, entry)
        if items is None:
            return None
        phones: list[Phone] = []
        ok = True
        for item in items:
            phone = self.phone(item, entry, region)
            if phone is None:
                ok = False
            elif any(p.e164 == phone.e164 for p in phones):
                self.warning(item, f"the number {phone.display} is listed twice", entry)
            else:
                phones.append(phone)
        return tuple(phones) if ok else None

    def phone(self, node: yaml.Node, entry: _Label | None, region: str) -> Phone | None:
        if isinstance(node, yaml.MappingNode):
            values = self.mapping(node, PHONE_KEYS, entry, "a phone", required=("number",))
            if values is None or "number" not in values:
                return None
            number_node = values["number"]
            number = self.text(number_node, "number", entry)
            sms_only = self.flag(values.get("sms_only"), "sms_only", entry)
            label = self.text(values.get("label"), "label", entry)
            public = self.flag(values.get("public"), "public", entry)
        else:
            number_node, number = node, self.text(node, "phone", entry)
            sms_only, label, public = None, None, None
            if self.is_null(node):
                # Reported here: a list item with no value would otherwise drop the entry.
                self.error(node, "a phone number is empty", entry)
        if number is None:
            return None
        try:
            phone = parse_phone(
                number,
                region=region,
                sms_only=sms_only is True,
                label=label,
                public=public is not False,
            )
        except PhoneError as exc:
            self.error(number_node, str(exc), entry)
            return None
        if sms_only is False and phone.sms_only:
            self.error(
                number_node,
                f"{phone.display} is noted as SMS only, but sms_only is false: keep one of them",
                entry,
            )
            return None
        if phone.sms_only and not phone.is_mobile:
            self.error(
                number_node, f"{phone.display} is marked SMS only but is not a mobile number", entry
            )
            return None
        return phone

    def topics(self, node: yaml.Node | None, entry: _Label) -> tuple[str, ...]:
        if node is None:
            return ()
        items = self.items(node, "topics", entry) or []
        topics: list[str] = []
        for item in items:
            topic = self.text(item, "topic", entry)
            if topic is None:
                continue
            if topic.lower() in (t.lower() for t in topics):
                self.warning(item, f"the topic '{topic}' is listed twice", entry)
            else:
                topics.append(topic)
        return tuple(topics)


def _in_file_order(problems: Sequence[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(problems, key=lambda p: (p.line, p.column)))


class _EntryName:
    """How problems name an entry: by its name when it has one, else by its place in the list.

    Worked out only when a problem needs it; most entries have none.
    """

    def __init__(self, kind: Kind, node: yaml.Node, index: int) -> None:
        self._kind, self._node, self._index = kind, node, index

    @functools.cached_property
    def _text(self) -> str:
        fields: dict[str, str] = {}
        if isinstance(self._node, yaml.MappingNode):
            for key, value in self._node.value:
                if (
                    isinstance(key, yaml.ScalarNode)
                    and isinstance(value, yaml.ScalarNode)
                    and value.tag in _SCALAR_TAGS
                    and value.tag != _TAG + "null"
                ):
                    fields.setdefault(key.value, _WHITESPACE.sub(" ", value.value).strip())
        if self._kind is Kind.PERSON:
            name = fields.get("display_name") or " ".join(
                fields[k] for k in ("first_name", "last_name") if fields.get(k)
            )
        else:
            name = fields.get("name", "")
        name = "".join(ch for ch in name if unicodedata.category(ch) != "Cc")[:80]
        return f"{self._kind.value} '{name}'" if name else f"{self._kind.value} #{self._index}"

    def __str__(self) -> str:
        return self._text


_Label = str | _EntryName


def _quoted(text: str) -> str:
    """Text from the file in quotes for a message, anything unprintable written as its escape.

    Keys and tags are not values the rules have cleaned: a line break or a terminal escape in
    one must not split a problem over lines or reach the admin's terminal, and an invisible
    character is worth seeing (``'first_name\\u200b'``).
    """
    if text.isprintable():
        return f"'{text}'"
    shown = (ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return "'" + "".join(shown) + "'"


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f" (expected one of: {', '.join(choices)})"
