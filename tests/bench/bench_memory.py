"""Memory while paging: easycart-tui steps through 100 pages of a 1,000,000-record
sandbox; its peak RSS against its RSS once the first page is shown (the baseline).

The store is seeded once into a temporary SQLite file by the server process, and
the app runs in a process of its own, which reports its own figures.
Run: python -m tests.bench.bench_memory [--pages N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench.common import (
    ROOT, SIZE, WAIT_SECONDS, compare, emit, python_env, rss_kib, sandbox_server,
)

RECORDS = 1_000_000
MIB = 1024


async def _page_through(url: str, pages: int) -> dict[str, float]:
    """In the measured process: RSS after the first page, then peak after `pages`."""
    from tests.bench.apps import easycart
    from tests.bench.bench_paging import until
    from tests.bench.common import first_cell, press

    app = easycart(url)
    async with app.run_test(size=SIZE):
        await until(lambda: first_cell(app) is not None, "the first page")
        first_page, _ = rss_kib()
        for page in range(2, pages + 2):
            press(app, "n")
            await until(lambda: app.pages.shown is not None
                        and app.pages.shown.query.page == page, f"page {page}")
        _, peak = rss_kib()
    return {"first_page_mib": round(first_page / MIB, 1), "peak_mib": round(peak / MIB, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", metavar="URL")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(_page_through(args.child, args.pages))))
        return
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        with sandbox_server(records=RECORDS, db=str(Path(tmp, "store.db"))) as url:
            for _ in range(args.runs):
                child = subprocess.run(
                    [sys.executable, "-m", "tests.bench.bench_memory", "--child", url,
                     "--pages", str(args.pages)],
                    capture_output=True, text=True, env=python_env(), cwd=ROOT,
                    timeout=WAIT_SECONDS * 5, check=True,
                )
                runs.append(json.loads(child.stdout))
    peaks = [run["peak_mib"] for run in runs]
    emit("paging_memory", {
        "records": RECORDS, "pages": args.pages,
        "peak_rss_mib": compare(peaks, [run["first_page_mib"] for run in runs], "MiB")
        | {"baseline_is": "RSS once the first page is shown"},
        "target": "ratio <= 1.2 and peak <= 80 MiB",
    })


if __name__ == "__main__":
    main()
