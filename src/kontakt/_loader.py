"""Data file text to validated contacts, with every problem located and reported in one pass.

The flow: ``_source`` composes the text into located nodes; each section is read key by key
with the reader its kind of value has (``_values``, driven by the tables in ``_format``); the
builders below turn what was read into the model, applying the rules of ``_rules``; the rules
across entries (unique ids and addresses) and the generated ids come last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import yaml

from kontakt import _rules
from kontakt._errors import DataError, Problem, in_file_order
from kontakt._format import ENTRY_SECTIONS, FILE, ORGANISATION, PERSON, Section
from kontakt._model import Contact, Kind, Organisation
from kontakt._reader import EntryName, Label, NodeReader, is_null
from kontakt._source import compose, gc_paused, start
from kontakt._values import Context, FieldValue, Read, read_section

# The model is built from the values the format table names; each reader's type is the
# attribute's (checked by a test), which mypy cannot see through the table.
_new_contact: Callable[..., Contact] = Contact
_new_organisation: Callable[..., Organisation] = Organisation

_KINDS = {PERSON.name: Kind.PERSON}
# The organisation is unusable for the entries' rules when one of these is wrong.
_ORGANISATION_ESSENTIALS = frozenset({"domain", "region", "phone", "email_space"})


@dataclass(frozen=True, slots=True)
class LoadedData:
    organisation: Organisation
    contacts: tuple[Contact, ...]
    warnings: tuple[Problem, ...]


def parse_data(text: str, *, path: str) -> LoadedData:
    """Validate the text of a data file; raise :class:`DataError` listing every problem found."""
    with gc_paused():
        # The node tree is freed when _load returns, while the collector still rests: it would
        # otherwise walk half a million live nodes the moment it resumes.
        return _load(text, path)


def _load(text: str, path: str) -> LoadedData:
    reader = NodeReader(path)
    root = compose(text, lambda line, col, msg: reader.error((line, col), msg))
    organisation, drafts = _read_file(reader, root)
    contacts = _finish(reader, drafts)
    reader.report_aliases(text)
    problems = in_file_order(reader.problems)
    if reader.errors or organisation is None:
        raise DataError(problems)
    return LoadedData(organisation, contacts, problems)


@dataclass
class _Draft:
    """An entry that passed its own checks, waiting for the checks across entries."""

    kind: Kind
    label: Label
    node: yaml.Node
    read: Read
    fields: dict[str, FieldValue]
    """The contact's attributes, by name."""

    @property
    def name(self) -> str:
        name = self.fields.get("name")
        return name if isinstance(name, str) else ""

    @property
    def kind_name(self) -> str:
        return self.kind.value


def _read_file(
    reader: NodeReader, root: yaml.Node | None
) -> tuple[Organisation | None, list[_Draft]]:
    if root is None:
        return None, []
    top = reader.mapping(root, FILE, None)
    if top is None:
        return None, []
    organisation = None
    if "organisation" in top:
        organisation = _organisation(reader, top["organisation"])
    context = Context(reader, organisation.region if organisation else "SE")
    naming = _rules.Naming(organisation.domain, organisation.email_space) if organisation else None
    drafts: list[_Draft] = []
    for key, section in (("people", ENTRY_SECTIONS[0]), ("services", ENTRY_SECTIONS[1])):
        if key in top:
            drafts += _entries(context, top[key], key, section, naming)
    return organisation, drafts


def _organisation(reader: NodeReader, node: yaml.Node) -> Organisation | None:
    where = "organisation"
    read = read_section(Context(reader), node, ORGANISATION, where)
    if read is None:
        return None
    if read.refused & _ORGANISATION_ESSENTIALS:
        return None
    if "name" not in read.values or "domain" not in read.values:
        return None
    return _new_organisation(**read.attributes(ORGANISATION))


def _entries(
    context: Context,
    node: yaml.Node,
    key: str,
    section: Section,
    naming: _rules.Naming | None,
) -> list[_Draft]:
    reader = context.reader
    if is_null(node):
        return []
    if not isinstance(node, yaml.SequenceNode):
        reader.error(node, f"'{key}' must be a list of entries, each starting with '- '")
        return []
    drafts = []
    for index, item in enumerate(node.value, start=1):
        if not reader.first_visit(item):
            continue
        draft = _entry(context, item, section, EntryName(section, item, index), naming)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _entry(
    context: Context,
    node: yaml.Node,
    section: Section,
    label: EntryName,
    naming: _rules.Naming | None,
) -> _Draft | None:
    """One person or service, when it passes its own checks."""
    reader = context.reader
    errors_before = reader.errors
    read = read_section(context, node, section, label)
    if read is None:
        return None
    kind = _KINDS.get(section.name, Kind.SERVICE)
    fields = read.attributes(section)
    fields.pop("id", None)  # settled across entries, in _finish
    if kind is Kind.PERSON:
        _person(reader, read, fields, label, naming)
    if reader.errors > errors_before:
        return None
    phones = fields.get("phones", ())
    _rules.check_reachable(
        reader,
        node,
        phones=len(phones) if isinstance(phones, tuple) else 0,
        email=read.text("email"),
        entry=label,
    )
    return _Draft(kind, label, node, read, fields)


def _person(
    reader: NodeReader,
    read: Read,
    fields: dict[str, FieldValue],
    label: Label,
    naming: _rules.Naming | None,
) -> None:
    """A person's own rules: the display name by default, the address from the name."""
    first, last = read.text("first_name"), read.text("last_name")
    if "name" not in fields:
        fields["name"] = f"{first} {last}" if first and last else ""
    email = read.text("email")
    if email and first and last and naming is not None:
        _rules.check_address_rule(
            reader,
            naming,
            first=first,
            last=last,
            email=email,
            email_node=read.nodes["email"],
            exception_node=read.nodes.get("email_exception"),
            exception=read.text("email_exception"),
            entry=label,
        )


def _finish(reader: NodeReader, drafts: list[_Draft]) -> tuple[Contact, ...]:
    """Checks across entries (ids, addresses), then generated ids for entries without one."""
    given = [(d.read.text("id") or "", d) for d in drafts]
    _rules.check_unique(reader, "id", ((i, d.read.nodes["id"], d) for i, d in given if i))
    _rules.check_unique(
        reader,
        "e-mail",
        ((e, d.read.nodes["email"], d) for d in drafts if (e := d.read.text("email"))),
    )
    return tuple(
        _new_contact(kind=draft.kind, id=contact_id, line=start(draft.node)[0], **draft.fields)
        for contact_id, draft in zip(
            _rules.generated_ids(given), (d for _, d in given), strict=True
        )
    )
