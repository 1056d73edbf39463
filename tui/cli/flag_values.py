"""The checks of a flag's value, as argparse types: each gives the value, or says in
one sentence why it is not one (argparse names the flag before it).

What a value is held to (the store's limits) is imported when one is read, so that
importing this module, as the parser's module does, loads argparse alone.
"""

from __future__ import annotations

import argparse


def timeout_seconds(text: str) -> float:
    """A `--timeout`: a number of seconds above 0, at most a profile's longest."""
    from tui.api.models import MAX_TIMEOUT

    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= MAX_TIMEOUT:  # NaN fails this too
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds above 0 and at most {MAX_TIMEOUT:g}")
    return seconds


def _whole_number(text: str, lowest: int, highest: int | None = None) -> int:
    """`text` as a whole number from `lowest` (up to `highest`), for argparse."""
    try:
        number = int(text)
    except ValueError:
        number = lowest - 1
    if number < lowest or (highest is not None and number > highest):
        span = f"from {lowest} to {highest}" if highest is not None else f"of {lowest} or more"
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number {span}")
    return number


def page_number(text: str) -> int:
    """A `--page` or a `--limit`: counts from 1."""
    return _whole_number(text, 1)


def rows_per_page(text: str) -> int:
    """A `--perpage` or `--perpage-cap`: rows a page, 1 up to what a store serves."""
    from tui.api.models import MAX_PERPAGE

    return _whole_number(text, 1, MAX_PERPAGE)


def request_count(text: str) -> int:
    """A `--concurrency`: a whole number of requests, 1 up to a profile's most."""
    from tui.api.read_ahead import MAX_CONCURRENCY

    return _whole_number(text, 1, MAX_CONCURRENCY)
