"""`make bench`: every benchmark in one run, on this machine."""

from __future__ import annotations

import os
import platform
import time

from bench import bot, load, relevance, rewrite, search, web


def main() -> None:
    print(
        f"kontakt benchmarks, {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    load.run()
    rewrite.run()
    relevance.run()
    search.run()
    bot.run()
    web.run()


if __name__ == "__main__":
    main()
