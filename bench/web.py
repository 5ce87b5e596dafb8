"""``/api/search`` on 10,000 people under 50 concurrent clients on loopback, measured with wrk.

``kontakt serve`` runs as deployed (its own process, one worker); wrk (Debian's ``wrk``
package) keeps 50 connections busy for a while, each asking the next question of a mixed list
(names, titles, topics, sentences, numbers). ``/healthz`` under the same load is the baseline
of the same run: what the server and the HTTP layer cost without a search. Target: at least
500 requests/s with p99 ≤ 50 ms.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from testing import synthetic
from testing.relevance import cases

from bench.timing import median

PEOPLE = 10_000
CLIENTS = 50
SECONDS = 10
RUNS = 3
_START_TIMEOUT = 120.0


def run() -> dict[str, float]:
    if shutil.which("wrk") is None:
        raise SystemExit("web: wrk is not installed; apt-get install wrk, then make bench again")
    staff = synthetic.people(PEOPLE)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "contacts.yaml"
        data.write_text(synthetic.data_file(staff), encoding="utf-8")
        script = Path(folder) / "questions.lua"
        script.write_text(_wrk_script(_questions(staff)), encoding="utf-8")
        with _served(data, Path(folder) / "serve.log") as base:
            _get(base + "/api/search?q=warm")
            health, search = [], []
            # Alternated, so that a slower minute of the machine weighs on both alike.
            for _ in range(RUNS):
                health.append(_wrk(base + "/healthz", None))
                search.append(_wrk(base + "/api/search", script))
    rates = [rate for rate, _ in search]
    p99s = [p99 for _, p99 in search]
    base_rate = median([rate for rate, _ in health])
    figures = {
        "web_search_rps": median(rates),
        "web_search_p99_ms": median(p99s),
        "web_healthz_rps": base_rate,
    }
    print(
        f"web: /api/search on {PEOPLE:,} people, {CLIENTS} clients, wrk {SECONDS} s × {RUNS}: "
        f"{figures['web_search_rps']:.0f} requests/s ({min(rates):.0f}–{max(rates):.0f}), "
        f"p99 {figures['web_search_p99_ms']:.1f} ms ({min(p99s):.1f}–{max(p99s):.1f}); "
        f"/healthz {base_rate:.0f} requests/s, so a search costs "
        f"{1e3 / figures['web_search_rps'] - 1e3 / base_rate:.2f} ms more "
        "(target ≥ 500 requests/s, p99 ≤ 50 ms)"
    )
    return figures


def _questions(staff: list[synthetic.Person]) -> list[str]:
    """Residents' questions as the tests know them, and names and numbers of this staff list."""
    asked = [c.query for c in cases() if c.acceptable]
    sample = staff[:: len(staff) // 200]
    names = [f"{p.first_name} {p.last_name}" for p in sample]
    titles = [p.title for p in sample[:50]]
    numbers = [p.landline for p in sample[:50]]
    return asked + names + titles + numbers


def _wrk_script(questions: list[str]) -> str:
    paths = ",\n".join(
        '  "/api/search?q=' + urllib.parse.quote(q[:200], safe="") + '"' for q in questions
    )
    return (
        "local paths = {\n" + paths + "\n}\n"
        "local next_path = 0\n"
        "request = function()\n"
        "  next_path = next_path % #paths + 1\n"
        '  return wrk.format("GET", paths[next_path])\n'
        "end\n"
    )


def _wrk(url: str, script: Path | None) -> tuple[float, float]:
    """Requests per second and the p99 latency in ms of one wrk run."""
    command = ["wrk", "-t1", f"-c{CLIENTS}", f"-d{SECONDS}s", "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=SECONDS + 60
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"wrk saw {errors.group(1)} failed requests:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    if p99 is None:
        raise RuntimeError(f"wrk printed no p99:\n{output}")
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}[p99.group(2)]
    return rate, float(p99.group(1)) * scale


class _served:  # noqa: N801 - used as a context manager, read as a noun
    """``python -m kontakt serve`` on a free port, stopped with SIGTERM."""

    def __init__(self, data: Path, log: Path) -> None:
        self.log = log
        environment = dict(os.environ) | {"KONTAKT_SEARCHES_PER_MINUTE": "0"}
        self.sink = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kontakt", "serve", "--data", str(data), "--port", "0"],
            stderr=self.sink,
            env=environment,
        )

    def __enter__(self) -> str:
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline and self.process.poll() is None:
            found = re.search(r"on (http://[\d.]+:\d+)/", self.log.read_text(encoding="utf-8"))
            if found:
                return found.group(1)
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"kontakt serve did not start: {self.log.read_text(encoding='utf-8')}")

    def __exit__(self, *_: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.sink.close()


def _get(url: str) -> None:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback only
        response.read()


if __name__ == "__main__":
    run()
