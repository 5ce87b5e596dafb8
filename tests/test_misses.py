"""Questions nobody answered: what is kept of them, the file's lines, pruning and the summary."""

from __future__ import annotations

import datetime
import logging
import stat
import threading
import time
from pathlib import Path

import pytest

from kontakt._misses import Miss, MissLog, miss_line, miss_words, read_misses, summarise

DAY = datetime.date(2026, 12, 1)


def log_at(path: Path, *days: datetime.date) -> tuple[MissLog, list[datetime.date]]:
    """A log whose today is the last of ``days``; append to the list to move to a later day."""
    clock = list(days)
    return MissLog(path, today=lambda: clock[-1]), clock


def line(day: str, *words: str) -> str:
    return '{"date": "' + day + '", "words": [' + ", ".join(f'"{w}"' for w in words) + "]}\n"


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("kebabpizza med extra vitlök", ["kebabpizza", "extra", "vitlok"]),
        ("SNÖRÖJNING vid Åby Ängar", ["snorojning", "aby", "angar"]),
        # Filler words: question words, pronouns, prepositions, "contact", greetings.
        ("Hej! Vem ska jag kontakta om parkeringen?", ["parkeringen"]),
        ("who do I call about the parking fine", ["parking", "fine"]),
        # Phone numbers in the ways Swedes write them, with words on both sides.
        ("ring 070-123 45 67 om soptunnan", ["soptunnan"]),
        ("soptunnan +46 70 123 45 67 tack", ["soptunnan"]),
        ("soptunnan 0478-44 00 00 tack", ["soptunnan"]),
        ("soptunnan 0701234567 tack", ["soptunnan"]),
        ("soptunnan 0046 70-123 45 67 tack", ["soptunnan"]),
        ("soptunnan +46 (0)70 123 45 67 tack", ["soptunnan"]),
        ("soptunnan (0478) 44 00 00 tack", ["soptunnan"]),
        ("soptunnan 070–123 45 67 tack", ["soptunnan"]),
        ("soptunnan 070.123.45.67 tack", ["soptunnan"]),
        ("soptunnan 070/1234567 tack", ["soptunnan"]),
        # Personal identity numbers: twelve or ten digits, a hyphen, a plus (over 100), a space.
        ("hemtjänst 19800101-1234 mamma", ["hemtjanst", "mamma"]),
        ("hemtjänst 800101-1234 mamma", ["hemtjanst", "mamma"]),
        ("hemtjänst 198001011234 mamma", ["hemtjanst", "mamma"]),
        ("hemtjänst 8001011234 mamma", ["hemtjanst", "mamma"]),
        ("hemtjänst 191212121212 mamma", ["hemtjanst", "mamma"]),
        ("hemtjänst 121212+1212 mamma", ["hemtjanst", "mamma"]),
        ("hemtjänst 19800101 1234 mamma", ["hemtjanst", "mamma"]),
        ("pnr:19800101-1234 mamma", ["mamma"]),
        # E-mail addresses, also spaced or written with (at).
        ("parkering anna.ek@lessebo.se tillstånd", ["parkering", "tillstand"]),
        ("parkering Anna.Ek @ example.com tillstånd", ["parkering", "tillstand"]),
        ("parkering anna.ek(at)lessebo.se tillstånd", ["parkering", "tillstand"]),
        ("parkering anna.ek[AT]lessebo.se tillstånd", ["parkering", "tillstand"]),
        ("kontakt@ lessebo.se, parkering", ["parkering"]),
        # Any other digits, and what is written together with them.
        ("papper a4 till 3d-skrivare", ["papper"]),
        ("bokning rum214 och 215", ["bokning"]),
        ("bokning ０７０-１２３ ４５ ６７ rum²", ["bokning"]),
        ("soptunnan,070-1234567; tack", ["soptunnan"]),
        # Nothing left to keep.
        ("vem ska jag ringa?", []),
        ("070-123 45 67", []),
        ("", []),
    ],
)
def test_what_is_kept_of_a_question(question: str, kept: list[str]) -> None:
    assert miss_words(question) == kept


@pytest.mark.parametrize(
    "question",
    ["a" * 300_000, "a " * 150_000, "1" * 300_000 + "x", " " * 300_000 + "@", "(at" * 100_000],
    ids=["one word", "many words", "one number", "spaces", "half addresses"],
)
def test_a_long_question_is_read_in_linear_time(question: str) -> None:
    started = time.perf_counter()
    miss_words(question)
    # Well under a second; patterns that backtrack over a piece take minutes on these.
    assert time.perf_counter() - started < 5


def test_a_miss_is_one_json_line_of_date_and_words(tmp_path: Path) -> None:
    path = tmp_path / "misses.jsonl"
    misses, _ = log_at(path, DAY)
    assert misses.record("Kebabpizza med extra vitlök, 070-123 45 67") is True
    assert misses.record("öppettider för återvinningscentralen") is True
    assert path.read_text(encoding="utf-8") == (
        '{"date": "2026-12-01", "words": ["kebabpizza", "extra", "vitlok"]}\n'
        '{"date": "2026-12-01", "words": ["oppettider", "atervinningscentralen"]}\n'
    )
    assert miss_line(Miss(DAY, ("snow",))) == '{"date": "2026-12-01", "words": ["snow"]}\n'
    # Readable by its owner only: the words may still hold a name.
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_question_with_nothing_left_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "misses.jsonl"
    misses, _ = log_at(path, DAY)
    assert misses.record("vem ska jag ringa? 070-123 45 67") is False
    assert not path.exists()


def test_lines_older_than_30_days_are_pruned_on_the_first_record_of_a_day(
    tmp_path: Path,
) -> None:
    path = tmp_path / "misses.jsonl"
    path.write_text(
        line("2026-10-31", "gammal")  # 31 days before DAY
        + line("2026-11-01", "kvar")  # 30 days before DAY: kept
        + "not json\n"  # its age is unknown: pruned
        + line("2026-11-30", "igar"),
        encoding="utf-8",
    )
    path.chmod(0o640)
    misses, _ = log_at(path, DAY)
    misses.record("kebabpizza")
    assert path.read_text(encoding="utf-8") == (
        line("2026-11-01", "kvar") + line("2026-11-30", "igar") + line("2026-12-01", "kebabpizza")
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # the admin's choice is kept
    # The lock beside it, and no temporary file left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["misses.jsonl", "misses.jsonl.lock"]


def test_pruning_is_once_a_day_and_replaces_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "misses.jsonl"
    path.write_text(line("2026-11-30", "igar"), encoding="utf-8")
    misses, clock = log_at(path, DAY)
    misses.record("kebabpizza")
    before = path.stat().st_ino  # nothing was old: appended in place
    with path.open("a", encoding="utf-8") as file:
        file.write(line("2026-01-01", "gammal"))
    misses.record("vitlok")
    assert line("2026-01-01", "gammal") in path.read_text(encoding="utf-8")
    assert path.stat().st_ino == before
    clock.append(DAY + datetime.timedelta(days=1))
    misses.record("sallad")
    assert path.read_text(encoding="utf-8") == (
        line("2026-11-30", "igar")
        + line("2026-12-01", "kebabpizza")
        + line("2026-12-01", "vitlok")
        + line("2026-12-02", "sallad")
    )
    assert path.stat().st_ino != before  # a new file renamed over the old one


def test_prune_reports_how_many_lines_it_removed(tmp_path: Path) -> None:
    path = tmp_path / "misses.jsonl"
    path.write_text(line("2026-10-01", "a") + line("2026-11-21", "b"), encoding="utf-8")
    misses = MissLog(path, today=lambda: DAY, keep_days=10)
    assert misses.prune(DAY) == 1
    assert path.read_text(encoding="utf-8") == line("2026-11-21", "b")
    assert MissLog(tmp_path / "none.jsonl").prune(DAY) == 0


@pytest.mark.parametrize("where", ["a directory", "a missing folder"])
def test_a_file_that_cannot_be_written_is_a_warning_without_the_question(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, where: str
) -> None:
    path = tmp_path if where == "a directory" else tmp_path / "missing" / "misses.jsonl"
    misses, _ = log_at(path, DAY)
    with caplog.at_level(logging.DEBUG, logger="kontakt"):
        assert misses.record("kebabpizza med extra vitlök") is False
    assert caplog.records
    assert {r.levelno for r in caplog.records} == {logging.WARNING}
    assert all(str(path) in r.getMessage() for r in caplog.records)
    assert "kebab" not in caplog.text
    assert "vitl" not in caplog.text


def test_writers_in_parallel_never_mix_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "misses.jsonl"

    def write(word: str) -> None:
        misses, _ = log_at(path, DAY)
        for _ in range(200):
            misses.record(f"{word} " * 20)

    threads = [threading.Thread(target=write, args=(w,)) for w in ("alfa", "beta", "gamma")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    found, problems = read_misses(path)
    assert problems == []
    assert len(found) == 600
    assert all(len(set(m.words)) == 1 and len(m.words) == 20 for m in found)


def test_a_prune_while_others_append_loses_no_line(tmp_path: Path) -> None:
    path = tmp_path / "misses.jsonl"

    def append(word: str) -> None:
        misses, _ = log_at(path, DAY)
        for _ in range(200):
            misses.record(f"{word} " * 5)

    def prune_again_and_again() -> None:
        # Each round leaves an old line to remove, so every prune replaces the file.
        for _ in range(100):
            with path.open("a", encoding="utf-8") as file:
                file.write(line("2026-01-01", "gammal"))
            MissLog(path, today=lambda: DAY).prune(DAY)

    threads = [threading.Thread(target=append, args=(w,)) for w in ("alfa", "beta")]
    threads.append(threading.Thread(target=prune_again_and_again))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    MissLog(path, today=lambda: DAY).prune(DAY)
    found, problems = read_misses(path)
    assert problems == []
    assert sorted(m.words[0] for m in found) == ["alfa"] * 200 + ["beta"] * 200


def test_reading_skips_blank_lines_and_locates_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "misses.jsonl"
    path.write_bytes(
        (
            line("2026-11-30", "kebabpizza", "extra")
            + "\n"
            + "{not json\n"
            + "[1, 2]\n"
            + '{"date": "2026-11-30"}\n'
            + '{"date": "2026-11-30", "words": ["a"], "chat": 1}\n'
            + '{"date": "30/11/2026", "words": ["a"]}\n'
            + '{"date": "20261130", "words": ["a"]}\n'
            + '{"date": "2026-02-30", "words": ["a"]}\n'
            + '{"date": 20261130, "words": ["a"]}\n'
            + '{"date": "2026-11-30", "words": "a"}\n'
            + '{"date": "2026-11-30", "words": ["a", 1]}\n'
            + '{"date": "2026-11-30", "words": [""]}\n'
        ).encode()
        + b'{"date": "2026-11-30", "words": ["v\xe4g"]}\n'
        + b'{"date": "2026-11-30", "words": ['
        + b"1" * 5000
        + b"]}\n"
        + b"[" * 100_000
        + b"\n"
        + line("2026-12-01", "vitlok").encode()
    )
    found, problems = read_misses(path)
    assert found == [
        Miss(datetime.date(2026, 11, 30), ("kebabpizza", "extra")),
        Miss(datetime.date(2026, 12, 1), ("vitlok",)),
    ]
    assert [str(p) for p in problems] == [
        f"{path}:3: error: not a JSON line: Expecting property name enclosed in double quotes",
        f'{path}:4: error: expected {{"date": "YYYY-MM-DD", "words": [...]}}',
        f'{path}:5: error: expected {{"date": "YYYY-MM-DD", "words": [...]}}',
        f'{path}:6: error: expected {{"date": "YYYY-MM-DD", "words": [...]}}',
        f"{path}:7: error: 'date' is not a date written YYYY-MM-DD: \"30/11/2026\"",
        f"{path}:8: error: 'date' is not a date written YYYY-MM-DD: \"20261130\"",
        f"{path}:9: error: 'date' is not a date written YYYY-MM-DD: \"2026-02-30\"",
        f"{path}:10: error: 'date' is not a date written YYYY-MM-DD: 20261130",
        f"{path}:11: error: 'words' is not a list of words",
        f"{path}:12: error: 'words' is not a list of words",
        f"{path}:13: error: 'words' is not a list of words",
        f"{path}:14: error: not UTF-8 text",
        f"{path}:15: error: not a JSON line: a number too long",
        f"{path}:16: error: not a JSON line: nested too deeply",
    ]


def test_reading_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_misses(tmp_path / "none.jsonl")


def miss(day: int, *words: str) -> Miss:
    return Miss(datetime.date(2026, 11, day), words)


def test_the_summary_counts_questions_per_word_and_pair_most_frequent_first() -> None:
    misses = [
        miss(1, "kebabpizza", "extra", "vitlok"),
        miss(2, "kebabpizza", "vitlok"),
        miss(3, "extra", "vitlok", "extra", "vitlok"),  # each word and pair once per question
        miss(4, "hundbajs", "kebabpizza"),
    ]
    summary = summarise(misses, since=datetime.date(2026, 11, 1))
    assert summary.questions == 4
    assert summary.words == [
        ("kebabpizza", 3),
        ("vitlok", 3),  # ties in alphabetical order
        ("extra", 2),
        ("hundbajs", 1),
    ]
    assert summary.pairs == [
        (("extra", "vitlok"), 2),
        (("hundbajs", "kebabpizza"), 1),
        (("kebabpizza", "extra"), 1),
        (("kebabpizza", "vitlok"), 1),
        (("vitlok", "extra"), 1),
    ]


def test_the_summary_leaves_out_older_misses_and_keeps_the_top() -> None:
    misses = [miss(1, "gammal", "fraga"), miss(20, "ny", "fraga"), miss(21, "ny")]
    summary = summarise(misses, since=datetime.date(2026, 11, 20), top=1)
    assert summary.questions == 2
    assert summary.words == [("ny", 2)]
    assert summary.pairs == [(("ny", "fraga"), 1)]
    assert summarise([], since=DAY) == summarise(misses, since=DAY)
