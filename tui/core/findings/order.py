"""Telling from the rows themselves whether a store sorted them.

A store's database compares text by its own collation (MySQL's are
case-insensitive, and place punctuation its own way), so rows count as sorted
when they are in order by any of a few ways to compare, not only Python's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from tui.api.models import Download, SortDir
from tui.core.findings.model import SortSupport

_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
_TEXT_KEYS: tuple[Callable[[str], str], ...] = (
    str,
    str.casefold,
    lambda text: _NOT_ALPHANUMERIC.sub("", text.casefold()),
)
#: Fewer rows than this, or a single value among them, say nothing of an order.
_LEAST_ROWS = 2


def sort_value(record: Download, field: str) -> Any:
    value = getattr(record, field)
    return int(value) if isinstance(value, bool) else value


def in_order(values: Sequence[Any], direction: SortDir) -> bool:
    """Whether `values` are in `direction` order by some way a store compares them."""
    keys = _TEXT_KEYS if values and isinstance(values[0], str) else (lambda value: value,)
    return any(_ordered([key(value) for value in values], direction) for key in keys)


def _ordered(keyed: Sequence[Any], direction: SortDir) -> bool:
    pairs = list(zip(keyed, keyed[1:], strict=False))
    if direction == "ASC":
        return all(a <= b for a, b in pairs)
    return all(a >= b for a, b in pairs)


def says_little(values: Sequence[Any]) -> bool:
    """Too few rows, or all alike: any order holds them."""
    return len(values) < _LEAST_ROWS or len(set(values)) < 2


def page_sort(records: Sequence[Download], field: str, direction: SortDir) -> SortSupport:
    """What one page sorted by `field` in `direction` shows: "ignored" when its rows
    are out of that order, "honoured" when they are in it and differ, else "unknown"."""
    values = [sort_value(record, field) for record in records]
    if says_little(values):
        return "unknown"
    return "honoured" if in_order(values, direction) else "ignored"


def sort_support(ascending: Sequence[Download], descending: Sequence[Download],
                 field: str) -> SortSupport:
    """What the first page sorted both ways says: honoured only when both are in
    order (a store's default order may happen to be ascending by the field)."""
    values = [sort_value(record, field) for record in (*ascending, *descending)]
    if says_little(values):
        return "unknown"
    both = (page_sort(ascending, field, "ASC"), page_sort(descending, field, "DESC"))
    return "ignored" if "ignored" in both else "honoured"


def sorted_on_screen(items: Sequence[Any], field: str, direction: SortDir) -> list[Any]:
    """A page's rows sorted here, for a store that does not sort by `field`: text
    compared without case, unreadable rows last."""
    def key(record: Download) -> Any:
        value = sort_value(record, field)
        return value.casefold() if isinstance(value, str) else value

    records = sorted((item for item in items if isinstance(item, Download)), key=key,
                     reverse=direction == "DESC")
    return records + [item for item in items if not isinstance(item, Download)]
