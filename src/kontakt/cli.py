"""The ``kontakt`` command: a thin shell over the library.

Exit codes: 0 success, 1 the data has errors (or ``--check`` found changes), 2 usage errors and
files that cannot be read. Library exceptions become messages here and nowhere else.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from kontakt.directory import Directory
from kontakt.problems import DataError, summary

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


def _print_problems(exc: DataError, path: str, stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    for problem in exc.problems:
        print(problem, file=out)
    print(summary(path, exc.problems), file=out)


def _describe_os_error(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: cannot read: {reason}" if exc.filename else reason
