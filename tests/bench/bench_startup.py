"""Start → first frame with rows: `easycart-tui` (the command, its store given in
the environment) against a loopback sandbox, and a minimal Textual app showing
the same 50 rows from memory (the baseline).

A third program shows where the floor is: the minimal app after importing the
libraries the app is built on (pydantic's models; httpx's async client with the
httpcore and anyio modules its first request loads), which the app cannot show a
validated page without. It loads them, and Textual, as the app loads its own
modules: with the collector paused. It builds no model and sends no request.

Each start is a fresh process, timed from just before it is spawned to the first
frame (reported by the process itself) whose table shows the first row.
Run: python -m tests.bench.bench_startup [--runs N]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.bench.common import (
    ROOT,
    SECRET,
    SIZE,
    TOKEN,
    WAIT_SECONDS,
    FrameClock,
    after_import,
    compare,
    emit,
    first_cell,
    milliseconds,
    python_env,
    raw_pages,
    sandbox_server,
)

#: What the app loads, and the baseline does not, before a page can be fetched and validated.
LIBRARIES = ("pydantic.main", "pydantic.fields", "httpx", "httpcore", "anyio._backends._asyncio")
KINDS = ("app", "baseline", "libraries")


def _import_libraries() -> type:
    """The libraries, then the minimal app (and Textual), loaded as the app loads
    its modules: with the collector paused (see `tui.core.collector`); the app's class."""
    from tui.cli.main import _without_httpx_command_line
    from tui.core.collector import paused_collector

    _without_httpx_command_line()
    with paused_collector():
        for name in LIBRARIES:
            importlib.import_module(name)
        from tests.bench.apps import MinimalApp
    return MinimalApp


def _child(kind: str, url: str, rows_file: str) -> None:
    """Start the app of `kind`, print the time of its first frame with rows, exit.

    Textual is hooked when the program itself imports it, so each program loads
    its modules in its own order (the app asks for its first page first)."""
    expected = json.loads(Path(rows_file).read_text())[0][0]

    def hook(textual_app: ModuleType) -> None:
        app_class = textual_app.App
        clock = FrameClock(app_class)
        run_async = app_class.run_async

        async def run_headless(app: Any, **options: Any) -> Any:
            def shown(now: float) -> None:
                print(now, flush=True)
                app.exit()

            clock.when(lambda: first_cell(app) == expected, shown)
            return await run_async(app, **options | {"headless": True, "size": SIZE})

        app_class.run_async = run_headless

    after_import("textual.app", hook)
    if kind == "app":  # the command a user types, with the store given in the environment
        from tui.cli.main import main

        os.environ.update(EASYCART_URL=url, EASYCART_TOKEN=TOKEN, EASYCART_SECRET=SECRET)
        main([])
    else:
        if kind == "libraries":
            app_class = _import_libraries()
        else:
            from tests.bench.apps import MinimalApp as app_class

        app_class([[tuple(row) for row in json.loads(Path(rows_file).read_text())]]).run()


def _start(kind: str, url: str, rows_file: str) -> float:
    begun = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-m", "tests.bench.bench_startup", "--child", kind, url, rows_file],
        capture_output=True, text=True, env=python_env(), cwd=ROOT, timeout=WAIT_SECONDS,
        check=True,
    )
    return float(child.stdout.split()[0]) - begun


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--latency", type=int, default=0, metavar="MS",
                        help="the sandbox's delay on every answer (the baseline has no network)")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "URL", "ROWS"))
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    from tests.bench.apps import rows_of

    with (sandbox_server(records=1000, latency_ms=args.latency) as url,
          tempfile.TemporaryDirectory() as tmp):
        rows_file = Path(tmp, "rows.json")
        rows_file.write_text(json.dumps(rows_of(raw_pages(url, [1])[0])))
        times: dict[str, list[float]] = {kind: [] for kind in KINDS}
        for kind in KINDS:  # warm the disk cache for each
            _start(kind, url, str(rows_file))
        for _ in range(args.runs):
            for kind in KINDS:
                times[kind].append(milliseconds(_start(kind, url, str(rows_file))))
    emit("start_to_first_frame_with_rows", {
        "size": list(SIZE), "rows": 50, "latency_ms": args.latency,
        "start_ms": compare(times["app"], times["baseline"], "ms"),
        "target": "ratio <= 1.4",
        "floor_ms": compare(times["libraries"], times["baseline"], "ms")
        | {"value_is": "the baseline after importing " + ", ".join(LIBRARIES)},
    })


if __name__ == "__main__":
    main()
