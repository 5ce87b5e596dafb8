"""People from an HR system's CSV export, merged into a data file (``kontakt import``).

Every row is checked by the loader itself: the rows are merged into the document, the result
is validated as a whole, and each problem is traced back to the CSV line it came from. Nothing
is returned for writing when any row is wrong. A row whose e-mail address is already in the
file updates that entry instead of adding a second one. The data file is edited in place
(``_yamledit``): only the values a row changes and the entries it adds are written.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import yaml

from kontakt import _emails, _rules, _yamledit
from kontakt._errors import AddressError, DataError, PhoneError, Problem, Severity
from kontakt._format import PERSON, Value
from kontakt._loader import LoadedData, parse_data
from kontakt._model import Contact, Kind
from kontakt._names import slug, strip_diacritics, unique_id
from kontakt._phones import parse_phone, phone_key
from kontakt._silent import YAML_QUOTES
from kontakt._yamledit import Document, NewValue

COLUMNS: Mapping[str, tuple[str, ...]] = {
    **{key.name: key.headers for key in PERSON if key.headers},
    # Two columns give the one list of numbers: the work phone and the mobile.
    "phone": ("telefon", "phone"),
    "mobile": ("mobil", "mobile", "mobiltelefon"),
}
"""Each field and the header names (any case) that give it."""

_REQUIRED = tuple(name for name in PERSON.required if name in COLUMNS)
_BY_HEADER = {name: field for field, names in COLUMNS.items() for name in names}
_DELIMITERS = ";,\t"
_MOBILE_LABEL = "mobil"


class ImportRefused(DataError):  # noqa: N818 - it is a refusal, not a crash
    """The CSV cannot be imported: ``problems`` lists every problem, errors and warnings, each
    on its CSV line (line 1 is the header; CSV problems have no column)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One person from the CSV: the fields given (non-empty cells only) and the line."""

    line: int
    fields: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Change:
    line: int
    entry: str
    """The entry's name and id: ``Anna Ek (anna-ek)``."""
    fields: tuple[str, ...] = ()
    """The keys an update changed; empty for an added entry."""


@dataclass
class ImportResult:
    text: str
    """The new text of the data file; the same as before when nothing changed."""
    added: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def import_csv(data: bytes, *, csv_path: str, data_text: str, data_path: str) -> ImportResult:
    """The data file with the people of an HR export added or, matched by e-mail, updated.

    Raises :class:`ImportRefused` listing every problem, with its CSV line, when the header or
    any row is wrong, and :class:`~kontakt._errors.DataError` when the data file itself has
    errors.
    """
    rows, problems = read_csv(data, path=csv_path)
    if any(p.is_error and p.line == 1 for p in problems):
        raise ImportRefused(problems)
    return merge_rows(
        rows, data_text=data_text, data_path=data_path, csv_path=csv_path, problems=problems
    )


def read_csv(data: bytes, *, path: str) -> tuple[list[Row], list[Problem]]:
    """The rows of an HR export and the problems with its columns.

    Accepts UTF-8 with or without a byte order mark, and Windows-1252 as older Excel saves
    it; ``;`` (Excel in Sweden), ``,`` or tab between values, whichever the header uses most.
    """
    text = _decode(data, path)
    header_line = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[Problem] = []
    try:
        header = next(reader)
    except StopIteration:
        return [], [
            Problem(path, 1, None, Severity.ERROR, "the file is empty: it needs a header row")
        ]
    except csv.Error as exc:
        return [], [_unreadable(path, reader.line_num or 1, exc)]
    columns = _columns(header, path, problems)
    rows: list[Row] = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(cells) > len(header):
                    problems.append(
                        Problem(
                            path,
                            line,
                            None,
                            Severity.ERROR,
                            f"the row has {len(cells)} values but the header has {len(header)} "
                            f"columns (is a value with '{delimiter}' missing its quotes?)",
                        )
                    )
                else:
                    values = {
                        columns[i]: " ".join(cell.split())
                        for i, cell in enumerate(cells)
                        if i in columns and cell.strip()
                    }
                    rows.append(Row(line, values))
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.append(_unreadable(path, reader.line_num, exc))
    return rows, problems


def _columns(header: Sequence[str], path: str, problems: list[Problem]) -> dict[int, str]:
    """The field each header cell gives, by position; unknown, doubled and missing columns are
    reported on line 1."""
    columns: dict[int, str] = {}
    seen: dict[str, str] = {}
    for index, cell in enumerate(header):
        name = re.sub(r"\s+", "_", cell.strip().lower())
        target = _BY_HEADER.get(name)
        if target is None:
            if name:
                message = f"the column '{cell.strip()}' is not used"
                problems.append(Problem(path, 1, None, Severity.WARNING, message))
        elif target in seen:
            message = f"the columns '{seen[target]}' and '{cell.strip()}' both give {target}"
            problems.append(Problem(path, 1, None, Severity.ERROR, message))
        else:
            seen[target] = cell.strip()
            columns[index] = target
    for needed in _REQUIRED:
        if needed not in seen:
            names = " or ".join(f"'{n}'" for n in COLUMNS[needed])
            message = f"no column for {needed}: name one {names}"
            problems.append(Problem(path, 1, None, Severity.ERROR, message))
    return columns


def merge_rows(
    rows: Sequence[Row],
    *,
    data_text: str,
    data_path: str,
    csv_path: str,
    problems: Sequence[Problem] = (),
) -> ImportResult:
    """The data file with ``rows`` added or, matched by e-mail address, updated.

    The merged file is checked by the loader, as ``kontakt check`` would, and each problem is
    reported on the CSV line it came from. Raises :class:`ImportRefused` when there is any
    error, counting those in ``problems`` (found while reading the CSV), and
    :class:`~kontakt._errors.DataError` when the data file itself has errors.
    """
    merge = _Merge(rows, csv_path=csv_path, problems=problems, data_text=data_text)
    text = _yamledit.rewrite(data_text, path=data_path, change=merge)
    found = merge.found + _validate(text, data_path=data_path, csv_path=csv_path, merge=merge)
    found.sort(key=lambda p: p.line)
    if any(p.is_error for p in found):
        raise ImportRefused(found)
    result = merge.result
    result.warnings = found
    result.text = text if (result.added or result.updated) else data_text
    return result


class _Merge:
    """The change an import makes to the data file's document: each row added or merged."""

    def __init__(
        self, rows: Sequence[Row], *, csv_path: str, problems: Sequence[Problem], data_text: str
    ) -> None:
        self.rows, self.csv_path = rows, csv_path
        self.found = list(problems)
        self.origin: dict[int, int] = {}
        """Index in the people list -> the CSV line that added or changed it."""
        self.numbers_before: dict[int, frozenset[str]] = {}
        """Index in the people list -> the numbers (E.164) an updated entry had already."""
        self.result = ImportResult(text=data_text)

    def __call__(self, document: Document, loaded: LoadedData) -> None:
        people = document.items(document.get(document.root, "people"))
        known = _Known(loaded.contacts, self.csv_path)
        # The loader lists people first, in the order of the people list.
        people_ids = (c.id for c in loaded.contacts if c.kind is Kind.PERSON)
        index_of = {contact_id: i for i, contact_id in enumerate(people_ids)}
        ids = {c.id for c in loaded.contacts}
        added: list[NewValue] = []
        for row in self.rows:
            existing = known.match(row)
            if isinstance(existing, Problem):
                self.found.append(existing)
            elif existing is not None:
                index = index_of[existing.id]
                changed = _update(document, people[index], row, existing, loaded)
                self.origin[index] = row.line
                self.numbers_before[index] = frozenset(p.e164 for p in existing.phones)
                target = self.result.updated if changed else self.result.unchanged
                target.append(Change(row.line, _describe(existing.name, existing.id), changed))
            else:
                first, last = row.fields.get("first_name", ""), row.fields.get("last_name", "")
                name = f"{first} {last}".strip()
                new_id = unique_id(slug(name) or "person", ids)
                ids.add(new_id)
                added.append(_new_entry(new_id, row, loaded))
                self.origin[len(people) + len(added) - 1] = row.line
                self.result.added.append(Change(row.line, _describe(name, new_id)))
        if added:
            _add_people(document, added)


# -- reading -------------------------------------------------------------------------------------


class _Known:
    """Which entry of the data file a row means: by e-mail address, or by name without one."""

    def __init__(self, contacts: Sequence[Contact], csv_path: str) -> None:
        self.csv_path = csv_path
        self.by_email = {c.email: c for c in contacts if c.email}
        # A row without an address is matched by name, so importing a file twice adds no one.
        self.by_name: dict[tuple[str, str], list[Contact]] = {}
        for contact in contacts:
            if contact.kind is Kind.PERSON and contact.first_name and contact.last_name:
                self.by_name.setdefault(_name_key(contact), []).append(contact)
        self.first_line: dict[str, int] = {}

    def match(self, row: Row) -> Contact | Problem | None:
        """The person the row updates, ``None`` for a new one, or why the row is wrong."""
        email = row.fields.get("email")
        if email is None:
            namesakes = self.by_name.get(_name_key(row), [])
            if len(namesakes) > 1:
                return self._problem(
                    row,
                    f"{len(namesakes)} people are called {namesakes[0].full_name}: give the row "
                    "an e-mail address to say which one",
                )
            return namesakes[0] if namesakes else None
        try:
            email = _emails.normalise_address(email)
        except AddressError:
            return None  # the loader reports it on this row
        if email in self.first_line:
            return self._problem(
                row, f"e-mail '{email}' is also on line {self.first_line[email]}; each person once"
            )
        self.first_line[email] = row.line
        existing = self.by_email.get(email)
        if existing is not None and existing.kind is not Kind.PERSON:
            return self._problem(
                row,
                f"e-mail '{email}' belongs to the service '{existing.name}'; "
                "an import adds and updates people only",
            )
        return existing

    def _problem(self, row: Row, message: str) -> Problem:
        return Problem(self.csv_path, row.line, None, Severity.ERROR, message)


def _unreadable(path: str, line: int, exc: csv.Error) -> Problem:
    return Problem(path, line, None, Severity.ERROR, f"this line cannot be read as CSV: {exc}")


def _name_key(who: Row | Contact) -> tuple[str, str]:
    if isinstance(who, Row):
        first, last = who.fields.get("first_name", ""), who.fields.get("last_name", "")
    else:
        first, last = who.first_name or "", who.last_name or ""
    return strip_diacritics(" ".join(first.split())), strip_diacritics(" ".join(last.split()))


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    read = data.decode("utf-8-sig", errors="replace")
    if any(ord(char) > _ASCII and char != _REPLACED for char in read):
        # UTF-8 with a stray byte or two: reading it all as Windows-1252 would turn every å
        # into "Ã¥". Name the lines instead.
        raise ImportRefused(
            [
                Problem(
                    path,
                    number,
                    None,
                    Severity.ERROR,
                    "a byte that is not UTF-8, as the rest of the file is: retype the "
                    "character or save the file as UTF-8",
                )
                for number, line in enumerate(read.splitlines(), 1)
                if _REPLACED in line
            ]
        )
    # Older Excel saves "CSV (semikolonavgränsad)" in Windows-1252, with no UTF-8 in it.
    return data.decode("cp1252", errors="replace")


_ASCII = 0x7F
_REPLACED = "\ufffd"


# -- merging -------------------------------------------------------------------------------------


def _update(
    document: Document, entry: yaml.Node, row: Row, existing: Contact, loaded: LoadedData
) -> tuple[str, ...]:
    """Set the row's fields on an existing entry; add numbers it does not list yet."""
    if not isinstance(entry, yaml.MappingNode):  # the check requires it
        return ()
    changed: list[str] = []
    # The text fields a row may change; the address is what matched the row.
    current = {
        key.name: getattr(existing, key.target)
        for key in PERSON
        if key.headers and key.value is Value.TEXT
    }
    for key, old in current.items():
        new = row.fields.get(key)
        if new is not None and new != old:
            _set(document, entry, key, new)
            changed.append(key)
    region = loaded.organisation.region
    listed = {p.e164 for p in existing.phones}
    new_phones = [
        phone for phone in _phones(row, region) if _phone_key(phone, region) not in listed
    ]
    if new_phones:
        _add_phones(document, entry, new_phones)
        changed.append("phones")
    return tuple(changed)


def _add_phones(document: Document, entry: yaml.MappingNode, new: list[NewValue]) -> None:
    phones = document.get(entry, "phones")
    if phones is None or document.is_null(phones):
        _set(document, entry, "phones", new)
        return
    if isinstance(phones, yaml.SequenceNode) and phones.value:
        # A flow list that takes a mapping becomes a block list, one line each.
        unfold = (
            not document.is_flow(entry)
            and document.is_flow(phones)
            and any(isinstance(phone, dict) for phone in new)
            and document.may_become_list(entry, "phones")
        )
        if not unfold:
            for phone in new:
                document.append(phones, phone)
            return
    # One number, or an empty or unfolded list, becomes the whole list.
    if isinstance(phones, yaml.SequenceNode):
        old = [document.source(item) for item in phones.value]
    else:
        old = [document.source(phones)]
    empty_list = isinstance(phones, yaml.SequenceNode) and not phones.value
    if empty_list or document.may_become_list(entry, "phones"):
        document.set_list(entry, "phones", [*old, *new])
    else:  # one number written over several lines
        document.replace_value(phones, _yamledit.flow([*old, *new]))


def _new_entry(new_id: str, row: Row, loaded: LoadedData) -> dict[str, NewValue]:
    entry: dict[str, NewValue] = {"id": new_id}
    for key in PERSON.names:
        if key in row.fields:
            entry[key] = row.fields[key]
    if "email" in row.fields:
        # An address that does not read is kept as written: the loader reports it on the row.
        with contextlib.suppress(AddressError):
            entry["email"] = _emails.normalise_address(row.fields["email"])
    phones = _phones(row, loaded.organisation.region)
    if phones:
        entry["phones"] = phones
    return entry


def _phones(row: Row, region: str) -> list[NewValue]:
    """The row's numbers as data-file values: the work phone plain, the mobile labelled."""
    found: list[NewValue] = []
    for column, label in (("phone", None), ("mobile", _MOBILE_LABEL)):
        if column not in row.fields:
            continue
        raw = row.fields[column]
        try:
            phone = parse_phone(raw, region=region)
        except PhoneError:
            # Kept as written, for the loader to report on the row.
            found.append(raw if label is None else {"number": raw})
        else:
            found.append(_yamledit.phone_value(phone, label=label))
    return found


def _phone_key(value: NewValue, region: str) -> str | None:
    number = value["number"] if isinstance(value, dict) else value
    return phone_key(str(number), region=region)


def _set(document: Document, entry: yaml.MappingNode, key: str, value: NewValue) -> None:
    """Replace a value in place, or insert the key where the data format orders it."""
    old = document.get(entry, key)
    if old is not None and isinstance(value, str):
        document.set_scalar(old, value, parent=entry)
        return
    if old is not None:
        document.set_list(entry, key, value)  # type: ignore[arg-type]
        return
    keys = PERSON.names
    order = keys.index(key)
    before = [k.value for k, _ in entry.value if k.value in keys and keys.index(k.value) < order]
    document.insert_key(entry, key, value, after=before[-1] if before else None)


def _add_people(document: Document, entries: list[NewValue]) -> None:
    """Add ``entries`` at the end of the people list, in its layout: after a blank line when
    the entries are set apart by one. A file without people gets the list."""
    root = document.root
    people = document.get(root, "people")
    if people is None:
        last_key = root.value[-1][0].value
        document.insert_key(root, "people", entries, after=last_key)
    elif isinstance(people, yaml.SequenceNode) and people.value:
        blank_line = document.separated_by_blank_lines(people)
        for entry in entries:
            document.append(people, entry, blank_line=blank_line)
    else:  # "people:" with nothing, or []
        document.set_list(root, "people", entries)


def _describe(name: str, entry_id: str) -> str:
    return f"{name} ({entry_id})"


# -- validating ----------------------------------------------------------------------------------


def _validate(text: str, *, data_path: str, csv_path: str, merge: _Merge) -> list[Problem]:
    """The loader's problems with the merged file, each moved to the CSV line it came from,
    and the numbers the import gives a second person."""
    origin = merge.origin
    try:
        loaded = parse_data(text, path=data_path, shared_numbers=False)
    except DataError as exc:
        problems = exc.problems
        numbers: list[Problem] = []
    else:
        problems = loaded.warnings
        numbers = _numbers_on_two_people(loaded, merge, data_path=data_path)
    found: list[Problem] = []
    if not problems:
        return numbers
    starts = _entry_lines(text)
    lines = [start for start, _ in starts]
    for problem in problems:
        at = bisect.bisect_right(lines, problem.line) - 1
        index = starts[at][1] if at >= 0 else None
        line = origin.get(index) if index is not None else None
        if line is not None:
            message = _in_csv_terms(problem.message)
            found.append(Problem(csv_path, line, None, problem.severity, message, problem.entry))
        elif problem.is_error:  # not expected: the file was valid before the merge
            found.append(Problem(data_path, problem.line, None, problem.severity, problem.message))
    return found + numbers


def _in_csv_terms(message: str) -> str:
    """A data file's fix said as a change to the CSV: a CSV has no email_exception, a missing
    key is an empty cell, and its quotes are not YAML's."""
    hint = f"({_rules.EXCEPTION_HINT})"
    if message.endswith(hint):
        return message.removesuffix(hint) + _CSV_EXCEPTION_HINT
    if message.endswith(YAML_QUOTES):
        return message.removesuffix(YAML_QUOTES)
    for key in _REQUIRED:
        if message == PERSON.missing.format(key=key):
            names = " or ".join(f"'{name}'" for name in COLUMNS[key][:2])
            return f"the row's {key} is empty (the column {names}); every person needs one"
    return message


_CSV_EXCEPTION_HINT = (
    "(correct the e-mail column; if the address is right as it is, leave its cell empty, import, "
    "and then add the address to the data file with an email_exception that says why)"
)


def _numbers_on_two_people(loaded: LoadedData, merge: _Merge, *, data_path: str) -> list[Problem]:
    """The loader's warning for a number on two people, for the numbers a row adds, on the
    row's line: wherever the other person is in the file, and at the later of two rows."""
    people = [c for c in loaded.contacts if c.kind is Kind.PERSON]
    owners: dict[str, list[int]] = {}
    shared: set[str] = set()
    for index, person in enumerate(people):
        for phone in person.phones:
            owners.setdefault(phone.e164, []).append(index)
            if phone.shared:
                shared.add(phone.e164)
    found: list[Problem] = []
    for index, line in sorted(merge.origin.items(), key=lambda item: item[1]):
        person = people[index]
        before = merge.numbers_before.get(index, frozenset())
        for phone in person.phones:
            if phone.e164 in shared or phone.e164 in before:
                continue
            other = next(
                (
                    i
                    for i in owners[phone.e164]
                    if i != index and merge.origin.get(i, 0) < line  # a later row names this one
                ),
                None,
            )
            if other is None:
                continue
            where = (
                f"line {merge.origin[other]}"
                if other in merge.origin
                else f"line {people[other].line} of {data_path}"
            )
            message = (
                f"the number {phone.display} is also on person '{people[other].name}' "
                f"({where}): correct it in the CSV or, if both answer it, mark it "
                f"'shared: true' in {data_path} after the import"
            )
            found.append(
                Problem(
                    merge.csv_path, line, None, Severity.WARNING, message, f"person '{person.name}'"
                )
            )
    return found


def _entry_lines(text: str) -> list[tuple[int, int | None]]:
    """(first line, index in people) of each entry; ``None`` for services."""
    return sorted(_yamledit.entry_starts(text), key=lambda start: start[0])
