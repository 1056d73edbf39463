"""Exact filters over a slow link: a WordPress-flavoured sandbox of 10,000 records
answering after 150 ms, its findings known (`doctor` has been run).

- `easycart-tui list --where order_id=N --format ids` against the baseline: a plain
  httpx loop paging the store's search for N and keeping, in Python, the records
  whose order is N. Both are fresh processes; both must print the same ids.
- The app: Enter on `order_id=N` in the search box → the first frame showing the
  first match, against Esc → the first frame of the unfiltered first page (no page
  cache, so that is a request too).

Run: python -m tests.bench.bench_where [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.apps import easycart
from tests.bench.bench_paging import until
from tests.bench.common import (
    ROOT, SECRET, SIZE, TOKEN, FrameClock, compare, emit, first_cell, milliseconds, press,
    python_env, raw_pages, sandbox_server,
)

RECORDS = 10_000
SLOW_MS = 150
PERPAGE = 100


def _plain_loop(url: str, order: int) -> None:
    """The baseline: page the store's search for `order`, keep the exact matches."""
    import base64

    import httpx

    credentials = base64.b64encode(f"{TOKEN}:{SECRET}".encode()).decode()
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {credentials}"}) as http:
        for page in range(1, RECORDS // PERPAGE + 2):
            answer = http.get("/downloads", params={"page": page, "perpage": PERPAGE,
                                                    "search": str(order)})
            answer.raise_for_status()
            records = answer.json()
            sys.stdout.write("".join(f"{record['download_id']}\n" for record in records
                                     if int(record["order_id"]) == order))
            if len(records) < PERPAGE:
                return


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    begun = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT,
                          check=True, timeout=120)
    return time.perf_counter() - begun, done.stdout


def _commands(url: str, order: int, env: dict[str, str], runs: int) -> dict[str, Any]:
    where = [sys.executable, "-m", "tui", "list", "--where", f"order_id={order}",
             "--format", "ids"]
    plain = [sys.executable, "-m", "tests.bench.bench_where", "--plain", url, str(order)]
    ours, theirs, same = [], [], True
    for _ in range(runs):
        seconds, listed = _timed(where, env)
        ours.append(seconds)
        base_seconds, expected = _timed(plain, env)
        theirs.append(base_seconds)
        same = same and sorted(listed.split()) == sorted(expected.split()) and bool(expected)
    return {"list_where": compare(ours, theirs, "s"), "same_records": same,
            "matches": len(expected.split())}


async def _findings(url: str) -> Any:
    """What `doctor`'s read probes find of the store (as the app would have kept)."""
    from tui.api.client import DownloadsClient
    from tui.core.findings.model import Findings
    from tui.core.findings.probes import READ_PROBES, Examination

    exam = Examination(Findings(url=url, by="doctor"))
    async with DownloadsClient(url, TOKEN, SECRET) as client:
        for probe in READ_PROBES:
            await probe(client, exam)
    return exam.findings


async def _app(url: str, order: int, first: str, first_match: str,
               runs: int) -> dict[str, Any]:
    from textual.app import App

    clock = FrameClock(App)
    findings = await _findings(url)
    filtered, unfiltered = [], []
    for _ in range(runs):
        app = easycart(url, cache_pages=0, search_debounce=60)
        async with app.run_test(size=SIZE):
            await until(lambda app=app: first_cell(app) == first, "the first page")
            app.downloads.use_findings(findings)
            await asyncio.sleep(1.0)  # the prefetch is done: only the filter is timed
            press(app, "slash")
            for character in f"order_id={order}":
                press(app, character)
            await asyncio.sleep(0.3)
            filtered.append(milliseconds(await clock.after_key(
                app, "enter", lambda app=app: first_cell(app) == first_match)))
            await asyncio.sleep(1.0)
            unfiltered.append(milliseconds(await clock.after_key(
                app, "escape", lambda app=app: first_cell(app) == first)))
    return {"first_matching_rows": compare(filtered, unfiltered, "ms")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plain", nargs=2, metavar=("URL", "ORDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plain:
        _plain_loop(args.plain[0], int(args.plain[1]))
        return
    with sandbox_server(records=RECORDS, latency_ms=SLOW_MS, flavor="wordpress") as url, \
            tempfile.TemporaryDirectory() as state:
        env = python_env() | {"EASYCART_URL": url, "EASYCART_TOKEN": TOKEN,
                              "EASYCART_SECRET": SECRET, "EASYCART_TUI_STATE": state,
                              "EASYCART_TUI_DATA": str(Path(state, "data"))}
        subprocess.run([sys.executable, "-m", "tui", "doctor"], env=env, cwd=ROOT, check=False,
                       capture_output=True, timeout=300)  # its findings are kept in `state`
        order = int(raw_pages(url, [50], perpage=PERPAGE)[0][0]["order_id"])
        figures = {"records": RECORDS, "latency_ms": SLOW_MS, "order_id": order}
        figures |= _commands(url, order, env, args.runs)
        first = raw_pages(url, [1])[0][0]["download_id"]
        expected = _timed([sys.executable, "-m", "tests.bench.bench_where", "--plain", url,
                           str(order)], env)[1].split()
        figures |= asyncio.run(_app(url, order, first, expected[0], args.runs))
    figures["target"] = "list_where ratio <= 1.1, same records; first_matching_rows ratio <= 1.3"
    emit("where", figures)


if __name__ == "__main__":
    main()
