"""The ``kontakt`` command: a thin shell over the library.

Exit codes: 0 success, 1 the data has errors (or ``--check`` found changes), 2 usage errors and
files that cannot be read. Library exceptions become messages here and nowhere else.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from kontakt.directory import Directory
from kontakt.phones import Phone
from kontakt.problems import DataError, summary
from kontakt.search import Match

DEFAULT_DATA = "data/contacts.yaml"

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A problem with how the command was called or with reading its files: exit code 2."""


Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kontakt", description="Staff directory and contact lookup."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate a data file and list every problem")
    check.add_argument("file", nargs="?", default=DEFAULT_DATA, help=f"default: {DEFAULT_DATA}")
    check.set_defaults(run=_check)

    search = commands.add_parser("search", help="find contacts as a resident would ask")
    search.add_argument("query", nargs="+", metavar="QUERY", help="words, a question or a number")
    search.add_argument("--data", default=DEFAULT_DATA, help=f"default: {DEFAULT_DATA}")
    search.add_argument("--limit", type=_positive, default=5, help="at most this many (default 5)")
    search.add_argument("--json", action="store_true", help="one JSON object per match")
    search.add_argument(
        "--public", action="store_true", help="only what residents may see (no public: false)"
    )
    search.set_defaults(run=_search)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Command = args.run
    try:
        return run(args)
    except UsageError as exc:
        print(f"kontakt: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"kontakt: error: {_describe_os_error(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except DataError as exc:
        _print_problems(exc, str(getattr(args, "data", None) or getattr(args, "file", "")))
        return EXIT_DATA


def entrypoint() -> None:
    sys.exit(main())


def load(path: str) -> Directory:
    """Load a data file for a command that needs good data; problems exit through ``main``."""
    return Directory.load(path)


def _check(args: argparse.Namespace) -> int:
    directory = Directory.load(args.file)
    for problem in directory.warnings:
        print(problem)
    print(summary(args.file, directory.warnings, len(directory)))
    return EXIT_OK


def _search(args: argparse.Namespace) -> int:
    directory = Directory.load(args.data)
    if args.public:
        directory = directory.public()
    query = " ".join(args.query)
    matches = directory.search(query, limit=args.limit)
    if args.json:
        print(json.dumps([_match_record(m) for m in matches], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not matches:
        print(f"No contact answers {query!r}.")
        return EXIT_OK
    if matches.ambiguous:
        print(f"{len(matches.best)} contacts match equally well:")
    for match in matches:
        contact = match.contact
        heading = " · ".join(p for p in (contact.name, contact.title, contact.department) if p)
        print(f"{match.score:5.1f}  {heading}  [{contact.id}, {match.field}]")
        details = [_phone_text(p) for p in contact.phones]
        if contact.email:
            details.append(contact.email)
        if details:
            print("       " + ", ".join(details))
    return EXIT_OK


def _match_record(match: Match) -> dict[str, object]:
    contact = match.contact
    return {
        "id": contact.id,
        "kind": str(contact.kind),
        "name": contact.name,
        "title": contact.title,
        "department": contact.department,
        "email": contact.email,
        "phones": [
            {"e164": p.e164, "display": p.display, "sms_only": p.sms_only} for p in contact.phones
        ],
        "score": match.score,
        "matched": str(match.field),
    }


def _phone_text(phone: Phone) -> str:
    return f"{phone.display} (endast SMS)" if phone.sms_only else phone.display


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _print_problems(exc: DataError, path: str, stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    for problem in exc.problems:
        print(problem, file=out)
    print(summary(path, exc.problems), file=out)


def _describe_os_error(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: cannot read: {reason}" if exc.filename else reason
