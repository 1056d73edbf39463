"""Typing a search over a slow link (sandbox at 150 ms a request): a 10-character
term at 50 ms a character. The figures: list requests sent and whether the final
screen shows the full term's results, for easycart-tui and for the same app with
no debounce and no cache (the baseline: a request per character).

Run: python -m tests.bench.bench_search [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from tests.bench.apps import easycart
from tests.bench.bench_paging import SLOW_MS, CountingTransport, until
from tests.bench.common import (
    SIZE, compare, emit, first_cell, first_ids, press, sandbox_server,
)

TERM = "watercolor"
CHARACTER_SECONDS = 0.05


async def type_search(url: str, first: str, expected: str, **options: Any) -> tuple[int, bool]:
    """(list requests sent while typing, final results right) for one run."""
    transport = CountingTransport()
    app = easycart(url, transport=transport, **options)
    async with app.run_test(size=SIZE):
        await until(lambda: first_cell(app) == first, "the first page")
        await asyncio.sleep(1.0)  # let the prefetch finish: only typing is counted
        before = transport.sent
        press(app, "slash")
        await asyncio.sleep(CHARACTER_SECONDS)
        for character in TERM:
            press(app, character)
            await asyncio.sleep(CHARACTER_SECONDS)
        await until(lambda: first_cell(app) == expected, "the full term's results")
        await asyncio.sleep(1.0)  # nothing later may replace them
        right = first_cell(app) == expected and app.pages.query.search == TERM
        return transport.sent - before, right


async def measure(runs: int) -> dict[str, Any]:
    with sandbox_server(records=5000, latency_ms=SLOW_MS) as url:
        first, expected = first_ids(url, [1])[1], first_ids(url, [1], search=TERM)[1]
        app, naive, right = [], [], []
        for _ in range(runs):
            sent, shown = await type_search(url, first, expected)
            app.append(sent)
            right.append(shown)
            naive.append((await type_search(url, first, expected, search_debounce=0,
                                            cache_pages=0))[0])
    return {
        "latency_ms": SLOW_MS, "term": TERM, "ms_per_character": CHARACTER_SECONDS * 1000,
        "list_requests": compare(app, naive, "requests"),
        "final_results_for_full_term": all(right),
        "target": "list_requests <= 3, final results for the full term",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    emit("search_typing", asyncio.run(measure(parser.parse_args().runs)))


if __name__ == "__main__":
    main()
