"""`easycart-tui list --all --format json` over 10,000 and 100,000 records: its
time against a plain httpx loop fetching the same pages (the baseline), and its
peak RSS at 100k against that at 10k. Output goes to /dev/null; every run is a
fresh process, whose peak RSS comes from `wait4`.

With `--latency MS` (a store answering after MS milliseconds), over 10,000 records:
its time with the default concurrency against the same plain loop, one page after
another, at the same latency; its peak RSS against `--concurrency 1`; and whether
both wrote the same bytes. Outputs then go to files, the baseline's too.

Run: python -m tests.bench.bench_list_all [--runs N] [--latency MS]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any

from tests.bench.common import ROOT, SECRET, TOKEN, compare, emit, python_env, sandbox_server
from tui.api.read_ahead import DEFAULT_CONCURRENCY

SIZES = (10_000, 100_000)
PERPAGE = 100
#: Records listed against a slow store (`--latency`).
SLOW_RECORDS = 10_000


def _plain_loop(url: str) -> None:
    """The baseline: fetch page after page with httpx, write each answer out."""
    import base64

    import httpx

    credentials = base64.b64encode(f"{TOKEN}:{SECRET}".encode()).decode()
    out = sys.stdout.buffer
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {credentials}"}) as http:
        page = 1
        while True:
            answer = http.get("/downloads", params={"page": page, "perpage": PERPAGE})
            answer.raise_for_status()
            out.write(answer.content)
            if len(answer.json()) < PERPAGE:
                return
            page += 1


def _run(command: list[str], env: dict[str, str],
         out: IO[bytes] | int = subprocess.DEVNULL) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one child process, its output to `out`."""
    begun = time.perf_counter()
    child = subprocess.Popen(command, stdout=out, env=env, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - begun
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{command} exited with {child.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def _commands(url: str) -> tuple[dict[str, str], list[str], list[str]]:
    """The environment, the app's command and the baseline's, for the store at `url`."""
    env = python_env() | {"EASYCART_URL": url, "EASYCART_TOKEN": TOKEN, "EASYCART_SECRET": SECRET}
    app_command = [sys.executable, "-m", "tui", "list", "--all", "--format", "json"]
    plain_command = [sys.executable, "-m", "tests.bench.bench_list_all", "--plain", url]
    return env, app_command, plain_command


def _measure(url: str, runs: int) -> dict[str, Any]:
    env, app_command, plain_command = _commands(url)
    app, plain, rss = [], [], []
    for _ in range(runs):
        seconds, peak = _run(app_command, env)
        app.append(seconds)
        rss.append(peak)
        plain.append(_run(plain_command, env)[0])
    return {"time_s": compare(app, plain, "s"), "peak_rss_mib": rss}


def _measure_slow(url: str, runs: int, latency_ms: int) -> dict[str, Any]:
    """The default concurrency against the plain loop (time) and `--concurrency 1`
    (peak RSS, and the bytes written), in turn within each run."""
    env, app_command, plain_command = _commands(url)
    commands = {"ahead": app_command, "sequential": [*app_command, "--concurrency", "1"],
                "plain": plain_command}
    times: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, list[float]] = {name: [] for name in commands}
    identical = True
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            for name, command in commands.items():
                with Path(folder, name).open("wb") as out:
                    seconds, peak = _run(command, env, out)
                times[name].append(seconds)
                rss[name].append(peak)
            written = Path(folder, "ahead").read_bytes()
            identical = (identical and written == Path(folder, "sequential").read_bytes()
                         and len(json.loads(written)) == SLOW_RECORDS)
    return {
        "records": SLOW_RECORDS, "latency_ms": latency_ms, "perpage": PERPAGE,
        "concurrency": DEFAULT_CONCURRENCY,
        "time_s": compare(times["ahead"], times["plain"], "s") | {
            "value_is": f"list --all (concurrency {DEFAULT_CONCURRENCY})",
            "baseline_is": "plain httpx loop, one page after another"},
        "time_s_concurrency_1": compare(times["sequential"], times["plain"], "s") | {
            "value_is": "list --all --concurrency 1", "baseline_is": "the same plain loop"},
        "peak_rss_mib": compare(rss["ahead"], rss["sequential"], "MiB") | {
            "value_is": f"concurrency {DEFAULT_CONCURRENCY}", "baseline_is": "--concurrency 1"},
        "records_byte_identical": identical,
        "targets": {"time": "ratio <= 0.45", "peak_rss": "ratio <= 1.15",
                    "records": "byte-identical"},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--latency", type=int, default=0, metavar="MS",
                        help=f"a store this slow, over {SLOW_RECORDS:,} records")
    parser.add_argument("--plain", metavar="URL")
    args = parser.parse_args()
    if args.plain:
        _plain_loop(args.plain)
        return
    if args.latency:
        with sandbox_server(records=SLOW_RECORDS, latency_ms=args.latency) as url:
            emit("list_all_json_slow_store", _measure_slow(url, args.runs, args.latency))
        return
    figures = {}
    for records in SIZES:
        with sandbox_server(records=records) as url:
            figures[records] = _measure(url, args.runs)
    small, large = (figures[n].pop("peak_rss_mib") for n in SIZES)
    emit("list_all_json", {
        "perpage": PERPAGE,
        **{f"records_{n}": figures[n] for n in SIZES},
        "peak_rss_mib": compare(large, small, "MiB") | {"value_is": "100k", "baseline_is": "10k"},
        "targets": {"time": "ratio <= 1.25", "peak_rss": "100k <= 1.15 x 10k"},
    })


if __name__ == "__main__":
    main()
