"""Data file text to validated contacts, with every problem located and reported in one pass.

The flow: ``_source`` composes the text into located nodes; each section is read key by key
with the reader its kind of value has (``_values``, driven by the tables in ``_format``); the
builders below turn what was read into the model, applying the rules of ``_rules``; the rules
across entries (unique ids and addresses) and the generated ids come last.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import cast

import yaml

from kontakt import _emails, _rules, _swedish
from kontakt._errors import DataError, Problem, in_file_order
from kontakt._format import (
    ENTRY_SECTIONS,
    FILE,
    ORGANISATION,
    PERSON,
    VOCABULARY_FILE,
    Section,
)
from kontakt._model import Contact, Kind, Organisation
from kontakt._phones import Phone, forget
from kontakt._reader import EntryName, Label, NodeReader, is_null
from kontakt._silent import Cuts
from kontakt._source import compose, gc_paused, start
from kontakt._values import Context, FieldValue, Read, Terms, read_section, read_vocabulary

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
    vocabulary: Terms = ()
    """The file's own ``vocabulary:`` entries, added to the bundled ones."""


def parse_data(text: str, *, path: str, shared_numbers: bool = True) -> LoadedData:
    """Validate the text of a data file; raise :class:`DataError` listing every problem found.

    ``shared_numbers=False`` leaves out the warning for a number on two people, for a caller
    that says it in its own terms (``kontakt import``, on the CSV's lines).
    """
    with gc_paused():
        # The node tree is freed when _load returns, while the collector still rests: it would
        # otherwise walk half a million live nodes the moment it resumes.
        return _load(text, path, shared_numbers=shared_numbers)


def forget_values() -> None:
    """Forget the numbers and addresses remembered from earlier reads (see
    :data:`kontakt._phones.REMEMBERED`), so that the next read costs what a first one does."""
    forget()
    _emails.normalise_address.cache_clear()


def parse_with_tree(text: str, *, path: str) -> tuple[LoadedData, yaml.MappingNode]:
    """:func:`parse_data`, and the node tree it read, for a tool that edits the text in place
    (``_yamledit``): its marks are places in ``text`` less a byte order mark. The caller keeps
    the cycle collector paused while it holds the tree (``_source.gc_paused``)."""
    trees: list[yaml.Node] = []
    with gc_paused():
        loaded = _load(text, path, shared_numbers=True, keep_tree=trees.append)
    # A file that passes the check is a mapping.
    return loaded, cast(yaml.MappingNode, trees[0])


def _load(
    text: str,
    path: str,
    *,
    shared_numbers: bool,
    keep_tree: Callable[[yaml.Node], None] | None = None,
) -> LoadedData:
    reader = NodeReader(path, cuts=Cuts.of(text.removeprefix("\ufeff")))
    root = compose(text, lambda line, col, msg: reader.error((line, col), msg))
    if reader.errors:
        # A syntax slip was repaired in memory: the tree's places are no longer the text's, and
        # the slip's own message already says what a comment there did.
        reader.cuts = None
    organisation, drafts, vocabulary_node = _read_file(reader, root)
    region = organisation.region if organisation else "SE"
    contacts = _finish(reader, drafts, region if shared_numbers else None)
    vocabulary = _vocabulary(reader, vocabulary_node, contacts)
    reader.report_aliases(text)
    problems = in_file_order(reader.problems)
    if reader.errors or organisation is None:
        raise DataError(problems)
    if keep_tree is not None and root is not None:
        keep_tree(root)
    return LoadedData(organisation, contacts, problems, vocabulary)


def _vocabulary(reader: NodeReader, node: yaml.Node | None, contacts: tuple[Contact, ...]) -> Terms:
    if node is None:
        return ()
    key = FILE.key("vocabulary")
    errors_before = reader.errors
    read = read_vocabulary(Context(reader), node, key, None)
    if reader.errors > errors_before or read is None:
        return ()
    _rules.check_vocabulary_terms(reader, node, _entry_words(contacts))
    return read


def parse_vocabulary(text: str, *, path: str) -> Terms:
    """Validate the text of a vocabulary file (``vocabulary:`` alone), as a data file's section
    is validated; raise :class:`DataError` listing every problem found."""
    reader = NodeReader(path, cuts=Cuts.of(text.removeprefix("\ufeff")))
    root = compose(text, lambda line, col, msg: reader.error((line, col), msg))
    terms: Terms = ()
    top = reader.mapping(root, VOCABULARY_FILE, None) if root is not None else None
    if top is not None and "vocabulary" in top:
        key = VOCABULARY_FILE.key("vocabulary")
        terms = read_vocabulary(Context(reader), top["vocabulary"], key, None) or ()
    if root is None and not reader.errors:
        reader.error((1, 1), "the file is empty")
    reader.report_aliases(text)
    if reader.errors:
        raise DataError(in_file_order(reader.problems))
    return terms


@functools.cache
def bundled_vocabulary() -> Terms:
    """The vocabulary shipped with kontakt (``kontakt/vocabulary.yaml``), read once."""
    source = resources.files("kontakt") / "vocabulary.yaml"
    return parse_vocabulary(source.read_text(encoding="utf-8"), path=str(source))


def _entry_words(contacts: Iterable[Contact]) -> frozenset[str]:
    """Every folded word entries are found by: names, titles, departments, topics and the
    names in e-mail addresses."""
    texts = (
        text
        for contact in contacts
        for text in (
            contact.name,
            contact.first_name,
            contact.last_name,
            contact.title,
            contact.department,
            *contact.topics,
            contact.email.partition("@")[0] if contact.email else None,
        )
        if text
    )
    return frozenset(_swedish.words(" ".join(texts)))


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
) -> tuple[Organisation | None, list[_Draft], yaml.Node | None]:
    if root is None:
        return None, [], None
    top = reader.mapping(root, FILE, None)
    if top is None:
        return None, [], None
    organisation = None
    if "organisation" in top:
        organisation = _organisation(reader, top["organisation"])
    context = Context(reader, organisation.region if organisation else "SE")
    naming = _rules.Naming(organisation.domain, organisation.email_space) if organisation else None
    drafts: list[_Draft] = []
    for key, section in (("people", ENTRY_SECTIONS[0]), ("services", ENTRY_SECTIONS[1])):
        if key in top:
            drafts += _entries(context, top[key], key, section, naming)
    return organisation, drafts, top.get("vocabulary")


def _organisation(reader: NodeReader, node: yaml.Node) -> Organisation | None:
    where = "organisation"
    read = read_section(Context(reader), node, ORGANISATION, where)
    if read is None:
        return None
    if read.refused & _ORGANISATION_ESSENTIALS:
        return None
    if "name" not in read.values or "domain" not in read.values:
        return None
    email, domain = read.text("email"), read.text("domain")
    if email and domain:
        _rules.check_domain_slip(reader, read.nodes["email"], email, domain, where)
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
    email = read.text("email")
    if email and naming is not None:
        _rules.check_domain_slip(reader, read.nodes["email"], email, naming.domain, label)
    phones = fields.get("phones", ())
    _rules.check_reachable(
        reader,
        node,
        phones=len(phones) if isinstance(phones, tuple) else 0,
        email=email,
        person=kind is Kind.PERSON,
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


def _finish(reader: NodeReader, drafts: list[_Draft], region: str | None) -> tuple[Contact, ...]:
    """Checks across entries (ids, addresses, and numbers when given the region), then
    generated ids for entries without one."""
    given = [(d.read.text("id") or "", d) for d in drafts]
    _rules.check_unique(reader, "id", ((i, d.read.nodes["id"], d) for i, d in given if i))
    _rules.check_unique(
        reader,
        "e-mail",
        ((e, d.read.nodes["email"], d) for d in drafts if (e := d.read.text("email"))),
    )
    if region is not None:
        _rules.check_shared_numbers(
            reader,
            ((d, _phones(d), d.read.nodes.get("phones")) for d in drafts if d.kind is Kind.PERSON),
            region=region,
        )
    return tuple(
        _new_contact(kind=draft.kind, id=contact_id, line=start(draft.node)[0], **draft.fields)
        for contact_id, draft in zip(
            _rules.generated_ids(given), (d for _, d in given), strict=True
        )
    )


def _phones(draft: _Draft) -> tuple[Phone, ...]:
    # The phones reader gives Phone values (a test holds each reader to its attribute's type).
    return cast("tuple[Phone, ...]", draft.fields.get("phones", ()))
