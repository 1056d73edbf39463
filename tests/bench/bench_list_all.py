"""`easycart-tui list --all --format json` over 10,000 and 100,000 records: its
time against a plain httpx loop fetching the same pages (the baseline), and its
peak RSS at 100k against that at 10k. Output goes to /dev/null; every run is a
fresh process, whose peak RSS comes from `wait4`.

Run: python -m tests.bench.bench_list_all [--runs N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from typing import Any

from tests.bench.common import ROOT, SECRET, TOKEN, compare, emit, python_env, sandbox_server

SIZES = (10_000, 100_000)
PERPAGE = 100


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


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one child process."""
    begun = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - begun
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{command} exited with {child.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def _measure(url: str, runs: int) -> dict[str, Any]:
    env = python_env() | {"EASYCART_URL": url, "EASYCART_TOKEN": TOKEN, "EASYCART_SECRET": SECRET}
    app_command = [sys.executable, "-m", "tui", "list", "--all", "--format", "json"]
    plain_command = [sys.executable, "-m", "tests.bench.bench_list_all", "--plain", url]
    app, plain, rss = [], [], []
    for _ in range(runs):
        seconds, peak = _run(app_command, env)
        app.append(seconds)
        rss.append(peak)
        plain.append(_run(plain_command, env)[0])
    return {"time_s": compare(app, plain, "s"), "peak_rss_mib": rss}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plain", metavar="URL")
    args = parser.parse_args()
    if args.plain:
        _plain_loop(args.plain)
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
