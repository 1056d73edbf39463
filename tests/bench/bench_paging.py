"""Page flips, key → first frame with the new rows.

1. Cached flip: easycart-tui flipping between two pages it holds, against the
   minimal app replacing its rows from memory (the baseline); timed in rounds
   of ten flips, the two apps in turn, so a machine that slows down or speeds up
   meanwhile weighs on both.
2. Over a slow link (sandbox at 150 ms a request): stepping through 20 pages at
   one key every 500 ms (median, p95, share served from the cache, against the
   cached flip of this run); then holding the key down (one press every 30 ms for
   40 presses): requests sent, the most in flight at once, the final page.

Run: python -m tests.bench.bench_paging [--flips N]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

import httpx
from textual.app import App

from tests.bench.apps import MinimalApp, easycart, rows_of
from tests.bench.common import (
    SIZE, WAIT_SECONDS, FrameClock, compare, emit, first_cell, first_ids, milliseconds,
    press, raw_pages, sandbox_server, summary,
)

SLOW_MS = 150
STEP_SECONDS = 0.5
HOLD_PRESSES, HOLD_SECONDS = 40, 0.03
#: Cached flips are timed in rounds of this many, the baseline's and the app's in turn.
ROUND_FLIPS = 10


class CountingTransport(httpx.AsyncHTTPTransport):
    """A real transport that counts list requests: sent, and the most at once."""

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0
        self.in_flight = 0
        self.most_in_flight = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith("/downloads"):
            return await super().handle_async_request(request)
        self.sent += 1
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            response = await super().handle_async_request(request)
            await response.aread()
            return response
        finally:
            self.in_flight -= 1


async def until(condition: Any, what: str) -> None:
    """Poll `condition` every 10 ms, for at most `WAIT_SECONDS`."""
    deadline = time.perf_counter() + WAIT_SECONDS
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"waited too long for {what}")
        await asyncio.sleep(0.01)


def page_cached(app: Any, page: int) -> bool:
    return app.pages.is_cached(app.pages.query.model_copy(update={"page": page}))


async def app_cached_flips(clock: FrameClock, url: str, ids: dict[int, str],
                           flips: int) -> list[float]:
    """Flip between pages 1 and 2 of easycart-tui once both are cached (ms per flip)."""
    app = easycart(url)
    times = []
    async with app.run_test(size=SIZE):
        await until(lambda: first_cell(app) == ids[1], "the first page")
        for flip in range(flips):
            target, key = (2, "n") if flip % 2 == 0 else (1, "p")
            await until(lambda: page_cached(app, target), f"page {target} to be cached")
            await asyncio.sleep(0.05)
            times.append(milliseconds(await clock.after_key(
                app, key, lambda: first_cell(app) == ids[target])))
    return times


async def baseline_flips(clock: FrameClock, pages: list[list[tuple[str, ...]]],
                         flips: int) -> list[float]:
    """The minimal app replacing its rows from memory (ms per flip)."""
    app = MinimalApp(pages)
    times = []
    async with app.run_test(size=SIZE):
        await until(lambda: first_cell(app) == pages[0][0][0], "the first page")
        for flip in range(flips):
            target, key = (1, "n") if flip % 2 == 0 else (0, "p")
            await asyncio.sleep(0.05)
            times.append(milliseconds(await clock.after_key(
                app, key, lambda: first_cell(app) == pages[target][0][0])))
    return times


async def step_through(clock: FrameClock, url: str, ids: dict[int, str]) -> dict[str, Any]:
    """20 pages, one key every 500 ms: key → frame, and whether it was cached."""
    app = easycart(url)
    times, cached = [], 0
    async with app.run_test(size=SIZE):
        await until(lambda: first_cell(app) == ids[1], "the first page")
        await asyncio.sleep(STEP_SECONDS)
        for page in range(2, 22):
            cached += page_cached(app, page)
            started = time.perf_counter()
            times.append(milliseconds(await clock.after_key(
                app, "n", lambda: first_cell(app) == ids[page])))
            await asyncio.sleep(max(0.0, STEP_SECONDS - (time.perf_counter() - started)))
    return {"flip_ms": summary(times), "from_cache": round(cached / len(times), 3)}


async def hold_key(url: str, ids: dict[int, str]) -> dict[str, Any]:
    """40 presses 30 ms apart: what was sent, and what the screen ends on."""
    transport = CountingTransport()
    app = easycart(url, transport=transport)
    async with app.run_test(size=SIZE):
        await until(lambda: first_cell(app) == ids[1] and page_cached(app, 2), "page 2 cached")
        before = transport.sent
        for _ in range(HOLD_PRESSES):
            press(app, "n")
            await asyncio.sleep(HOLD_SECONDS)
        final = HOLD_PRESSES + 1
        await until(lambda: first_cell(app) == ids[final], f"page {final}")
        await asyncio.sleep(1.0)  # nothing later may replace it
        return {
            "presses": HOLD_PRESSES,
            "list_requests_sent": transport.sent - before,
            "most_in_flight": transport.most_in_flight,
            "final_page_correct": first_cell(app) == ids[final] and app.pages.query.page == final,
        }


async def measure(flips: int) -> dict[str, Any]:
    clock = FrameClock(App)
    with sandbox_server(records=5000) as fast:
        ids = first_ids(fast, list(range(1, 3)))
        pages = [rows_of(page) for page in raw_pages(fast, [1, 2])]
        baseline: list[float] = []
        cached: list[float] = []
        for _ in range(0, flips, ROUND_FLIPS):  # rounds in turn, so drift hits both alike
            baseline += await baseline_flips(clock, pages, ROUND_FLIPS)
            cached += await app_cached_flips(clock, fast, ids, ROUND_FLIPS)
    with sandbox_server(records=5000, latency_ms=SLOW_MS) as slow:
        ids = first_ids(slow, list(range(1, HOLD_PRESSES + 2)))
        stepping = await step_through(clock, slow, ids)
        holding = await hold_key(slow, ids)
    cached_median = summary(cached)["median"]
    return {
        "size": list(SIZE),
        "cached_flip_ms": compare(cached, baseline, "ms"),
        "slow_link": {
            "latency_ms": SLOW_MS,
            "step_through_20_pages": stepping | {
                "baseline_cached_flip_ms": cached_median,
                "ratio": round(stepping["flip_ms"]["median"] / cached_median, 3),
            },
            "holding_the_key": holding,
        },
        "targets": {"cached_flip": "ratio <= 1.15",
                    "step_through": "ratio <= 1.3, from_cache >= 0.9",
                    "holding_the_key": "most_in_flight <= 2, final_page_correct"},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--flips", type=int, default=40, help="rounded up to tens")
    emit("page_flips", asyncio.run(measure(parser.parse_args().flips)))


if __name__ == "__main__":
    main()
