"""The ``kontakt`` command: a thin shell over the library.

Exit codes: 0 success, 1 the data has errors (or ``--check`` found changes), 2 usage errors and
files that cannot be read. Library exceptions become messages here and nowhere else.

Data goes to stdout and everything else to stderr, so ``kontakt export > kontakter.vcf`` or
``kontakt email-for ... | pbcopy`` holds only what was asked for: statuses, problems with the
data file and reports of what a command did are stderr's. ``check``'s report is its data.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from kontakt import _chat as chat
from kontakt import _directory, _emails
from kontakt._atomicwrite import ChangedMeanwhile, Snapshot, snapshot, write_atomically
from kontakt._availability import availability
from kontakt._conversation import Conversation
from kontakt._directory import DEFAULT_DATA, Directory, default_data, read_text
from kontakt._errors import AddressError, DataError, RewriteError, UsageError, plural, summary
from kontakt._export import Format, export, match_record
from kontakt._hours import TIMEZONE, swedish_time
from kontakt._importer import ImportRefused, import_csv
from kontakt._misses import KEEP_DAYS, MissLog, read_misses, summarise
from kontakt._phones import Phone
from kontakt._schema import schema_json
from kontakt._tidy import tidy

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2


Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kontakt", description="Staff directory and contact lookup."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate a data file and list every problem")
    check.add_argument("file", nargs="?", default=default_data(), help=_DATA_HELP)
    check.set_defaults(run=_check)

    search = commands.add_parser("search", help="find contacts as a resident would ask")
    search.add_argument("query", nargs="+", metavar="QUERY", help="words, a question or a number")
    search.add_argument("--data", default=default_data(), help=_DATA_HELP)
    search.add_argument("--limit", type=_positive, default=5, help="at most this many (default 5)")
    search.add_argument("--json", action="store_true", help="one JSON object per match")
    search.add_argument(
        "--public", action="store_true", help="only what residents may see (no public: false)"
    )
    search.add_argument("--now", type=_moment, help=_NOW_HELP)
    search.set_defaults(run=_search)
    chat_ = commands.add_parser("chat", help="the bot's conversation in this terminal")
    chat_.add_argument("--data", default=default_data(), help=_DATA_HELP)
    chat_.add_argument(
        "--lang",
        choices=("sv", "en"),
        default="sv",
        help="the bot's language (default sv); a clearly English question is answered in English",
    )
    chat_.add_argument(
        "--misses",
        metavar="FILE",
        help="append the words of each question that finds nothing to FILE (see 'misses')",
    )
    chat_.add_argument("--now", type=_moment, help=_NOW_HELP)
    chat_.set_defaults(run=_chat)
    serve = commands.add_parser("serve", help="the search page and JSON API over HTTP")
    serve.add_argument("--data", default=default_data(), help=_DATA_HELP)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument(
        "--port", type=_port, default=8080, help="port to listen on (default 8080; 0: any free)"
    )
    serve.add_argument("--now", type=_moment, help=_NOW_HELP)
    serve.add_argument(
        "--webhook-url",
        metavar="URL",
        help="also run the Telegram bot ($TELEGRAM_BOT_TOKEN), fed at this URL ending in /telegram",
    )
    serve.set_defaults(run=_serve)

    _add_admin_commands(commands)
    _add_misses_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Command = args.run
    try:
        return run(args)
    except BrokenPipeError:
        raise  # the reader went away: handled where the process ends
    except (UsageError, RewriteError) as exc:
        print(f"kontakt: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"kontakt: error: {_describe_os_error(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except DataError as exc:
        path = str(getattr(args, "data", None) or getattr(args, "file", ""))
        _print_problems(exc, path, sys.stdout if run is _check else sys.stderr)
        return EXIT_DATA


def entrypoint() -> None:
    """``kontakt``: any output encoding, and a reader that stops early (``| head -1``)."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe in cp1252 cannot show "Čapek" or an emoji: shown escaped instead.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # What the reader wanted it has; point stdout at nothing so exiting does not fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_OK
    sys.exit(code)


_DATA_HELP = f"default: $KONTAKT_DATA, else {DEFAULT_DATA}"


_NOW_HELP = (
    "answer as if it were this Swedish time, e.g. 2026-12-24T10:00 (for demos and tests; "
    "default: now)"
)


def _moment(text: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date and time such as 2026-12-24T10:00"
        ) from None
    return swedish_time(moment)


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
        print(json.dumps([match_record(m) for m in matches], ensure_ascii=False, indent=2))
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
        hours = availability(contact, args.now or datetime.datetime.now(TIMEZONE), "sv")
        if hours:
            details.append(hours)
        if contact.email:
            details.append(contact.email)
        if details:
            print("       " + ", ".join(details))
    return EXIT_OK


def _chat(args: argparse.Namespace) -> int:
    # Residents see only public entries; the terminal shows what the bot would.
    directory = Directory.load(args.data).public()
    directory.prepare()
    try:
        moment = args.now
        chat.run(
            Conversation(directory, clock=(lambda: moment) if moment else None),
            sys.stdin,
            sys.stdout,
            language=args.lang,
            interactive=sys.stdin.isatty(),
            misses=MissLog(args.misses) if args.misses else None,
        )
    except KeyboardInterrupt:
        print()
    return EXIT_OK


def _phone_text(phone: Phone) -> str:
    return f"{phone.display} (endast SMS)" if phone.sms_only else phone.display


def _serve(args: argparse.Namespace) -> int:
    # Imported here: the web stack is not needed by the admin tools.
    from kontakt.web._serve import serve  # noqa: PLC0415
    from kontakt.web._settings import WebSettingsError, from_environment  # noqa: PLC0415

    try:
        settings = from_environment(
            os.environ,
            data=Path(args.data),
            host=args.host,
            port=args.port,
            now=args.now,
            webhook_url=args.webhook_url,
        )
    except WebSettingsError as exc:
        print(f"kontakt serve: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return serve(settings)


def _port(text: str) -> int:
    value = _positive(text) if text != "0" else 0
    if value > 65535:
        raise argparse.ArgumentTypeError("must be a port number from 0 to 65535")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


# -- admin tools: fmt, export, schema, email-for, import ------------------------------------------


def _add_admin_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fmt = commands.add_parser(
        "fmt",
        help="tidy a data file in place: phone numbers, e-mail addresses, SMS-only notes",
        description="Rewrite a valid data file in canonical form, keeping comments, order and "
        "blank lines. A file with errors is left as it was.",
    )
    fmt.add_argument("file", nargs="?", default=default_data(), help=_DATA_HELP)
    fmt.add_argument(
        "--check",
        action="store_true",
        help="change nothing: show the changes as a diff and exit 1 when there are any",
    )
    fmt.set_defaults(run=_fmt)

    export_ = commands.add_parser(
        "export",
        help="write the directory as vCards, CSV or JSON",
        description="Export the public entries and numbers (all of them with --all).",
    )
    export_.add_argument("--format", required=True, choices=[f.value for f in Format])
    _add_data_option(export_)
    export_.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    export_.add_argument(
        "--all",
        action="store_true",
        help="include entries and numbers marked 'public: false' (keep such files internal)",
    )
    export_.add_argument(
        "--vcard-version", choices=["3", "4"], help="vCard 3.0 (the default) or 4.0"
    )
    export_.set_defaults(run=_export)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the data file, for editors",
        description="A JSON Schema (draft 2020-12) of the data file's structure. Save it next "
        "to the data file and point the editor at it with a first line "
        "'# yaml-language-server: $schema=contacts.schema.json'.",
    )
    schema.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    schema.set_defaults(run=_schema)

    email_for = commands.add_parser(
        "email-for",
        help="the förnamn.efternamn address for a new colleague, with the next free number",
        description="Print the address the rule gives FIRST LAST; when it is taken, the same "
        "with the lowest free number (erik.svensson3@...).",
    )
    _add_data_option(email_for)
    email_for.add_argument(
        "name",
        nargs="+",
        metavar="NAME",
        help="FIRST LAST; a name of more words with its first or last name quoted: "
        "Anna 'Johansson Tigerström'",
    )
    email_for.set_defaults(run=_email_for)

    import_ = commands.add_parser(
        "import",
        help="add or update people from an HR system's CSV export",
        description="Read a CSV file with a header row (förnamn/first_name, efternamn/last_name, "
        "titel/title, förvaltning/department, e-post/email, telefon/phone, mobil/mobile) and "
        "merge it into the data file: a row whose e-mail is already there updates that entry. "
        "Every row is checked with the data file's rules; nothing is written when any is wrong.",
    )
    import_.add_argument("csv_file", metavar="FILE.csv")
    _add_data_option(import_)
    import_.set_defaults(run=_import)


def _fmt(args: argparse.Namespace) -> int:
    path: str = args.file
    before = snapshot(path)
    text = read_text(path)
    tidied = tidy(text, path=path)
    if tidied == text:
        print(f"{path}: already tidy", file=sys.stderr)
        return EXIT_OK
    if args.check:
        sys.stdout.writelines(
            difflib.unified_diff(
                text.splitlines(keepends=True),
                tidied.splitlines(keepends=True),
                fromfile=path,
                tofile=f"{path} (tidied)",
            )
        )
        print(f"{path}: would be tidied; run 'kontakt fmt {path}'", file=sys.stderr)
        return EXIT_DATA
    _write(path, tidied, expected=before)
    print(f"{path}: tidied", file=sys.stderr)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    format = Format(args.format)
    if args.vcard_version and format is not Format.VCF:
        raise UsageError("--vcard-version applies to --format vcf only")
    directory = Directory.load(args.data)
    chosen = directory if args.all else directory.public()
    content = export(chosen, format, vcard_version=f"{args.vcard_version or 3}.0")
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(content.encode("utf-8"))
        sys.stdout.buffer.flush()
        return EXIT_OK
    _write(args.output, content)
    left_out = len(directory) - len(chosen)
    note = f" ({left_out} not public left out; --all includes them)" if left_out else ""
    print(f"{args.output}: {len(chosen)} entries from {args.data}{note}", file=sys.stderr)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    text = schema_json()
    if args.output is None:
        sys.stdout.write(text)
    else:
        _write(args.output, text)
        print(f"{args.output}: JSON Schema of the data file", file=sys.stderr)
    return EXIT_OK


def _email_for(args: argparse.Namespace) -> int:
    if len(args.name) != 2:  # a first and a last name
        words = " ".join(args.name)
        raise UsageError(
            f"'{words}': give the first name and the last name, quoting one that has several "
            "words: kontakt email-for Anna 'Johansson Tigerström', or kontakt email-for "
            "'Anna Karin' Ek"
        )
    args.first_name, args.last_name = args.name
    directory = Directory.load(args.data)
    organisation = directory.organisation
    owners = {c.email: c for c in directory if c.email}
    taken = set(owners) | ({organisation.email} if organisation.email else set())
    try:
        address = _emails.next_free_address(
            args.first_name,
            args.last_name,
            organisation.domain,
            taken,
            space=organisation.email_space,
        )
    except AddressError as exc:
        raise UsageError(str(exc)) from None
    for owned in sorted(taken, key=lambda a: (len(a), a)):
        owner = owners.get(owned)
        if owner is not None and _emails.follows_rule(
            owned,
            args.first_name,
            args.last_name,
            organisation.domain,
            space=organisation.email_space,
        ):
            who = f"{owner.name}, {owner.title}" if owner.title else owner.name
            print(f"taken: {owned} ({who})", file=sys.stderr)
    print(address)
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    csv_path: str = args.csv_file
    with open(csv_path, "rb") as file:  # noqa: PTH123 - OSError names the file for main
        data = file.read()
    before = snapshot(args.data)
    data_text = read_text(args.data)
    try:
        result = import_csv(data, csv_path=csv_path, data_text=data_text, data_path=args.data)
    except ImportRefused as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        errors = sum(p.is_error for p in exc.problems)
        print(f"{csv_path}: {plural(errors, 'error')}; nothing was imported", file=sys.stderr)
        return EXIT_DATA
    for problem in result.warnings:
        print(problem, file=sys.stderr)
    reports = [(c.line, f"added {c.entry}") for c in result.added]
    reports += [(c.line, f"updated {c.entry}: {', '.join(c.fields)}") for c in result.updated]
    reports += [(c.line, f"unchanged {c.entry}") for c in result.unchanged]
    size = len(result.text.encode("utf-8"))
    if size > _directory.MAX_FILE_BYTES:
        # check and the bot would refuse the file: it is not written.
        print(
            f"{args.data}: the file would be {size / 1024 / 1024:.1f} MiB, over the "
            f"{_directory.MAX_FILE_BYTES // 1024 // 1024} MiB a data file may have; nothing was "
            "imported",
            file=sys.stderr,
        )
        return EXIT_DATA
    for line, report in sorted(reports):
        print(f"{csv_path}:{line}: {report}", file=sys.stderr)
    if result.text != data_text:
        _write(args.data, result.text, expected=before)
    print(
        f"{args.data}: {len(result.added)} added, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged",
        file=sys.stderr,
    )
    return EXIT_OK


def _add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default=default_data(), metavar="FILE", help=_DATA_HELP)


def _write(path: str, content: str | bytes, *, expected: Snapshot | bool = False) -> None:
    """Replace ``path`` atomically; a failure is a usage error that names the file."""
    try:
        write_atomically(path, content, expected=expected)
    except ChangedMeanwhile:
        raise UsageError(
            f"{path} changed while kontakt was working on it (an editor's save, or another "
            "kontakt); nothing was written: run it again"
        ) from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _add_misses_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    misses = commands.add_parser(
        "misses",
        help="the words of questions nobody answered, most frequent first",
        description="Count the words, and pairs of adjacent words, of the questions that found "
        "nothing (written by the bot with KONTAKT_MISSES_FILE, or by 'kontakt chat --misses'), "
        "so the topics and the vocabulary can learn them. Each counts the questions it was in.",
    )
    misses.add_argument("file", metavar="FILE")
    misses.add_argument(
        "--days",
        type=_positive,
        default=KEEP_DAYS,
        help=f"questions from N days ago on (default {KEEP_DAYS}: all that is kept)",
        metavar="N",
    )
    misses.add_argument(
        "--top", type=_positive, default=20, metavar="N", help="at most N of each (default 20)"
    )
    misses.set_defaults(run=_misses)


def _misses(args: argparse.Namespace) -> int:
    path: str = args.file
    found, problems = read_misses(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    since = datetime.date.today() - datetime.timedelta(days=args.days)
    summary = summarise(found, since=since, top=args.top)
    if not summary.questions:
        print(f"{path}: no unanswered questions since {since}")
        return EXIT_DATA if problems else EXIT_OK
    print(f"{path}: {plural(summary.questions, 'unanswered question')} since {since}")
    pairs = [(" ".join(pair), count) for pair, count in summary.pairs]
    for heading, rows in (("words", summary.words), ("word pairs", pairs)):
        if rows:
            width = len(str(rows[0][1]))
            print(f"\n{heading}:")
            print("\n".join(f"  {count:>{width}}  {text}" for text, count in rows))
    return EXIT_DATA if problems else EXIT_OK


# -- end of admin tools ----------------------------------------------------------------------------


def _print_problems(exc: DataError, path: str, out: TextIO) -> None:
    for problem in exc.problems:
        print(problem, file=out)
    print(summary(path, exc.problems), file=out)


def _describe_os_error(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: cannot read: {reason}" if exc.filename else reason
