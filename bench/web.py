"""``/api/search`` on 10,000 people under 50 concurrent clients on loopback, measured with wrk.

``kontakt serve`` runs as deployed (its own process, one worker); wrk (Debian's ``wrk``
package) holds 50 connections, each asking the next question of a mixed list (names, titles,
topics, sentences, numbers). Three loads, alternated, each several times:

- paced: each client asks about ten times a second (it waits 95 ms after each answer), so the
  50 together ask some 500 times a second. The target is for this load: at least 500
  requests/s answered with p99 ≤ 50 ms.
- flat out: each client asks again as soon as it is answered, which gives the capacity. Here
  latency is 50 / throughput by construction, so its p99 says little about residents.
- ``/healthz`` flat out: the baseline of the same run, the server and HTTP layer without a
  search.
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

from testing.relevance import cases

from bench.timing import median
from testing import synthetic

PEOPLE = 10_000
CLIENTS = 50
SECONDS = 10
RUNS = 3
PAUSE_MS = 95
"""What a paced client waits after each answer: 50 clients then ask about 500 times a second."""
_START_TIMEOUT = 120.0


def run() -> dict[str, float]:
    if shutil.which("wrk") is None:
        raise SystemExit("web: wrk is not installed; apt-get install wrk, then make bench again")
    staff = synthetic.people(PEOPLE)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "contacts.yaml"
        data.write_text(synthetic.data_file(staff), encoding="utf-8")
        questions = _questions(staff)
        paced, flat = Path(folder) / "paced.lua", Path(folder) / "flat.lua"
        paced.write_text(_wrk_script(questions, pause_ms=PAUSE_MS), encoding="utf-8")
        flat.write_text(_wrk_script(questions, pause_ms=0), encoding="utf-8")
        with _served(data, Path(folder) / "serve.log") as base:
            _get(base + "/api/search?q=warm")
            health, capacity, target = [], [], []
            # Alternated, so that a slower minute of the machine weighs on all alike.
            for _ in range(RUNS):
                target.append(_wrk(base + "/api/search", paced))
                capacity.append(_wrk(base + "/api/search", flat))
                health.append(_wrk(base + "/healthz", None))
    rates, p99s = [r for r, _ in target], [p for _, p in target]
    flat_rates = [r for r, _ in capacity]
    base_rate = median([r for r, _ in health])
    figures = {
        "web_paced_rps": median(rates),
        "web_paced_p99_ms": median(p99s),
        "web_capacity_rps": median(flat_rates),
        "web_healthz_rps": base_rate,
    }
    print(
        f"web: /api/search on {PEOPLE:,} people, {CLIENTS} clients, wrk {SECONDS} s × {RUNS} "
        f"(target ≥ 500 requests/s with p99 ≤ 50 ms):\n"
        f"  paced: {figures['web_paced_rps']:.0f} requests/s ({min(rates):.0f}–{max(rates):.0f}), "
        f"p99 {figures['web_paced_p99_ms']:.1f} ms ({min(p99s):.1f}–{max(p99s):.1f})\n"
        f"  flat out: {figures['web_capacity_rps']:.0f} requests/s "
        f"({min(flat_rates):.0f}–{max(flat_rates):.0f}); /healthz {base_rate:.0f} requests/s, "
        f"so a search costs {1e3 / figures['web_capacity_rps'] - 1e3 / base_rate:.2f} ms more"
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


def _wrk_script(questions: list[str], *, pause_ms: int) -> str:
    """A wrk script: each request the next question; with ``pause_ms``, a wait before each."""
    paths = ",\n".join(
        '  "/api/search?q=' + urllib.parse.quote(q[:200], safe="") + '"' for q in questions
    )
    pause = f"delay = function()\n  return {pause_ms}\nend\n" if pause_ms else ""
    return (
        "local paths = {\n" + paths + "\n}\n"
        "local next_path = 0\n"
        "request = function()\n"
        "  next_path = next_path % #paths + 1\n"
        '  return wrk.format("GET", paths[next_path])\n'
        "end\n" + pause
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
