"""What every benchmark shares: sandbox servers in their own processes, an
in-process frame clock, keys as a terminal sends them, and figures as JSON.

Every figure is reported with the baseline measured in the same run and their
ratio, as the median and spread of several runs.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SIZE = (120, 40)
TOKEN = "sandbox-token"
SECRET = "sandbox-secret"
#: The longest any single wait in a benchmark may take.
WAIT_SECONDS = 60.0
#: The store's API root, as the sandbox's first line names it.
_URL = re.compile(r"http://127\.0\.0\.1:\d+\S*")


def summary(samples: list[float], digits: int = 3) -> dict[str, Any]:
    """Median and spread of `samples`."""
    ordered = sorted(samples)
    return {
        "median": round(statistics.median(ordered), digits),
        "min": round(ordered[0], digits),
        "max": round(ordered[-1], digits),
        "p95": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], digits),
        "runs": len(ordered),
    }


def compare(samples: list[float], baseline: list[float], unit: str) -> dict[str, Any]:
    """A figure next to its same-run baseline, and the ratio of their medians."""
    value, base = summary(samples), summary(baseline)
    return {"unit": unit, "value": value, "baseline": base,
            "ratio": round(statistics.median(samples) / statistics.median(baseline), 3)}


def emit(name: str, figures: dict[str, Any]) -> None:
    """Print the benchmark's one JSON object."""
    print(json.dumps({"benchmark": name, **figures}), flush=True)


def python_env() -> dict[str, str]:
    """The environment for a benchmark's child processes: this checkout, and no
    config file of the user's (an empty config home). Python may write bytecode,
    as it does on a user's machine (or pip at install): where it may not, every
    start would be timed compiling this project's modules afresh."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("EASYCART") and name != "PYTHONDONTWRITEBYTECODE"}
    home = Path(tempfile.gettempdir(), "easycart-bench-config")
    home.mkdir(exist_ok=True)
    return env | {"PYTHONPATH": str(ROOT), "XDG_CONFIG_HOME": str(home)}


@contextmanager
def sandbox_server(records: int, latency_ms: int = 0, db: str | None = None,
                   flavor: str = "plain", perpage_cap: int | None = None) -> Iterator[str]:
    """A sandbox store in its own process (so it takes no time from the app being
    measured); yields its API root."""
    command = [sys.executable, "-m", "tui", "sandbox", "--port", "0", "--records", str(records),
               "--latency", str(latency_ms), "--token", TOKEN, "--secret", SECRET,
               "--sandbox-flavor", flavor]
    if perpage_cap is not None:
        command += ["--perpage-cap", str(perpage_cap)]
    if db is not None:
        command += ["--db", db]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True, env=python_env(), cwd=ROOT)
    try:
        assert server.stdout is not None
        first = server.stdout.readline()  # seeding a million records takes a while
        found = _URL.search(first)
        if found is None:
            raise RuntimeError(f"the sandbox did not start: {first!r}")
        yield found.group(0)
    finally:
        server.terminate()
        server.wait(10)


def first_ids(url: str, pages: list[int], **params: Any) -> dict[int, str]:
    """The first download id on each page, asked of the store directly."""
    return {page: records[0]["download_id"]
            for page, records in zip(pages, raw_pages(url, pages, **params))}


def after_import(name: str, then: Callable[[Any], None]) -> None:
    """Call `then(module)` once module `name` has been imported, by whoever imports
    it first (so a program measured loads its modules in its own order)."""
    import importlib.abc
    import importlib.util

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(fullname)
            assert spec is not None and spec.loader is not None
            exec_module = spec.loader.exec_module

            def exec_then(module: Any) -> None:
                exec_module(module)
                then(module)

            spec.loader.exec_module = exec_then  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, Finder())


class FrameClock:
    """Timestamps frames: wraps `App._display`, which every screen update reaches
    (headless too) with the compositor's update, after the widgets have rendered."""

    def __init__(self, app_class: type) -> None:
        self.watchers: list[tuple[Callable[[], bool], Callable[[float], None]]] = []
        original = app_class._display

        def display(app: Any, screen: Any, renderable: Any) -> None:
            original(app, screen, renderable)
            if renderable is None:
                return
            now = time.perf_counter()
            for watcher in list(self.watchers):
                condition, then = watcher
                if condition():
                    self.watchers.remove(watcher)
                    then(now)

        app_class._display = display

    def when(self, condition: Callable[[], bool], then: Callable[[float], None]) -> None:
        """Call `then(time)` at the first frame where `condition()` holds."""
        self.watchers.append((condition, then))

    def expect(self, condition: Callable[[], bool]) -> Any:
        """A future for the time of the next frame where `condition()` holds."""
        import asyncio

        done: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.when(condition, lambda now: done.done() or done.set_result(now))
        return asyncio.wait_for(done, WAIT_SECONDS)

    async def after_key(self, app: Any, key: str, condition: Callable[[], bool]) -> float:
        """Seconds from sending `key` to the first frame where `condition()` holds."""
        shown = self.expect(condition)
        sent = press(app, key)
        return await shown - sent


def first_cell(app: Any) -> str | None:
    """The first cell of the list's table as shown, or None while it is empty."""
    from textual.widgets import DataTable

    try:
        grid = app.screen.query_one(DataTable)
    except Exception:
        return None
    return str(grid.get_row_at(0)[0]) if grid.row_count else None


def press(app: Any, key: str) -> float:
    """Send `key` as the terminal driver does (no waiting); the time it was sent."""
    from textual import events

    sent = time.perf_counter()
    app.post_message(events.Key(key, key if len(key) == 1 else None))
    return sent


def milliseconds(seconds: float) -> float:
    return seconds * 1000


def rss_kib() -> tuple[int, int]:
    """(current, peak) resident set size of this process, in KiB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def raw_pages(url: str, pages: list[int], **params: Any) -> list[list[dict[str, Any]]]:
    """The records of `pages` as the store sends them (for the baseline apps)."""
    import base64

    import httpx

    credentials = base64.b64encode(f"{TOKEN}:{SECRET}".encode()).decode()
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {credentials}"}) as http:
        return [http.get("/downloads", params={"page": page, **params}).json() for page in pages]
