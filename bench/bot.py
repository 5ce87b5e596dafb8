"""Reply latency of the bot over loopback: one resident at a time, then 100 at once.

The bot runs as deployed (``python -m kontakt.bot``, its own process) and long-polls the
loopback Bot API stand-in from the tests, which runs here. Latency runs from the moment a
question is handed to the stand-in until the bot's sendMessage reaches it (both clocks are the
system's monotonic clock). Target: p95 ≤ 50 ms, every one of 100 simultaneous residents answered.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from testing.relevance import ROOT, SOLSJO_FILE, cases

from bench.timing import median, percentile

sys.path.insert(0, str(ROOT / "tests"))
from testing.fakebotapi import FakeBotAPI

SEQUENTIAL = 200
RESIDENTS = 100
BURSTS = 3
THROTTLED_RESIDENTS = 60


def run() -> dict[str, float]:
    questions = [c.query for c in cases() if c.acceptable]
    with FakeBotAPI() as api, _bot(api, sends_per_second=0) as bot:
        _warm_up(api)
        sequential = _sequential(api, questions)
        bursts = [
            _burst(api, bot, questions, RESIDENTS, first_user=20_000 + 1000 * n)
            for n in range(BURSTS)
        ]
    with FakeBotAPI() as api, _bot(api, sends_per_second=30) as bot:
        _warm_up(api)
        throttled = _burst(api, bot, questions, THROTTLED_RESIDENTS, first_user=90_000)
    burst = [latency for latencies, _, _ in bursts for latency in latencies]
    answered = min(count for _, count, _ in bursts)
    cpu_per_reply = median([cpu for _, _, cpu in bursts]) / RESIDENTS
    figures = {
        "bot_sequential_p50_ms": median(sequential) * 1e3,
        "bot_sequential_p95_ms": percentile(sequential, 0.95) * 1e3,
        "bot_burst_p50_ms": median(burst) * 1e3,
        "bot_burst_p95_ms": percentile(burst, 0.95) * 1e3,
        "bot_burst_answered": float(answered),
        "bot_cpu_per_reply_ms": cpu_per_reply * 1e3,
        "bot_throttled_p95_ms": percentile(throttled[0], 0.95) * 1e3,
    }
    print(
        f"bot: sequential p50 {figures['bot_sequential_p50_ms']:.1f} ms, "
        f"p95 {figures['bot_sequential_p95_ms']:.1f} ms ({SEQUENTIAL} questions); "
        f"{RESIDENTS} at once ({BURSTS} bursts) p50 {figures['bot_burst_p50_ms']:.0f} ms, "
        f"p95 {figures['bot_burst_p95_ms']:.0f} ms, {answered}/{RESIDENTS} answered in each; "
        f"bot CPU {figures['bot_cpu_per_reply_ms']:.2f} ms per reply (target p95 ≤ 50 ms)"
    )
    print(
        f"  with Telegram's 30 messages/s (KONTAKT_SENDS_PER_SECOND=30): {THROTTLED_RESIDENTS} "
        f"at once p95 {figures['bot_throttled_p95_ms']:.0f} ms, "
        f"{throttled[1]}/{THROTTLED_RESIDENTS} answered"
    )
    return figures


class _bot:  # noqa: N801 - used as a context manager, read as a noun
    """``python -m kontakt.bot`` against the stand-in, stopped with SIGTERM."""

    def __init__(self, api: FakeBotAPI, *, sends_per_second: float) -> None:
        environment = {k: v for k, v in os.environ.items() if not k.upper().endswith("_PROXY")}
        environment |= {
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "KONTAKT_SENDS_PER_SECOND": str(sends_per_second),
            "KONTAKT_QUESTIONS_PER_MINUTE": "0",
            "KONTAKT_WATCH_SECONDS": "0",
            "KONTAKT_LOG_LEVEL": "WARNING",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kontakt.bot", "--data", str(SOLSJO_FILE)],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
        )
        api.wait_for("getUpdates", timeout=30)

    def __enter__(self) -> _bot:
        return self

    def __exit__(self, *_: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _warm_up(api: FakeBotAPI) -> None:
    before = len(api.calls_to("sendMessage"))
    api.message("berglöf", user_id=1)
    api.wait_for("sendMessage", before + 1, timeout=10)


def _sequential(api: FakeBotAPI, questions: list[str]) -> list[float]:
    latencies = []
    for number in range(SEQUENTIAL):
        before = len(api.calls_to("sendMessage"))
        pushed = time.monotonic()
        api.message(questions[number % len(questions)], user_id=10_000 + number)
        reply = api.wait_for("sendMessage", before + 1, timeout=10)[before]
        latencies.append(reply.at - pushed)
    return latencies


def _burst(
    api: FakeBotAPI, bot: _bot, questions: list[str], residents: int, *, first_user: int
) -> tuple[list[float], int, float]:
    """Latencies, residents answered, and the CPU seconds the bot spent on the burst."""
    before = len(api.calls_to("sendMessage"))
    cpu_before = bot.cpu_seconds()
    pushed: dict[int, float] = {}
    for number in range(residents):
        pushed[first_user + number] = time.monotonic()
        api.message(questions[number % len(questions)], user_id=first_user + number)
    with contextlib.suppress(AssertionError):  # a resident without an answer is counted below
        api.wait_for("sendMessage", before + residents, timeout=60)
    cpu = bot.cpu_seconds() - cpu_before
    replies = [c for c in api.calls_to("sendMessage")[before:] if c.params["chat_id"] in pushed]
    latencies = [c.at - pushed[c.params["chat_id"]] for c in replies]
    return latencies, len({c.params["chat_id"] for c in replies}), cpu
