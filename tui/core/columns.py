"""The list's columns as both tables show them, the app's and the `list` command's:
which field each holds, under what header, and how a value reads as text.

Kept apart from either table so that the app and the commands name and write a
field the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui.api.models import Download
from tui.core.text import visible

#: Table columns: (header, field, widest a cell may be; None: as wide as the values,
#: which for the id the table cuts to as much as tells the page's apart).
COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("id", "download_id", None),
    ("created", "date_created", 19),
    ("product", "product_id", 10),
    ("order", "order_id", 10),
    ("count", "download_count", 6),
    ("file", "download_file_name", 40),
    ("S3", "is_amazon", 3),
    ("key", "amazon_key", 40),
)
#: Each field's column header.
HEADERS: dict[str, str] = {field: header for header, field, _ in COLUMNS}
#: The least of an id shown where ids are cut short: enough to tell a page's ids
#: apart and to type back (any unique start of an id is taken for it).
ID_PREFIX_LEAST = 8


def cell(record: Download, field: str) -> str:
    """One value as text, escaped for the terminal."""
    value = getattr(record, field)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return visible(str(value))


def unique_prefix_length(ids: Iterable[str], least: int = ID_PREFIX_LEAST) -> int:
    """How many characters of each of `ids` tell them apart (any case, as an id's
    start is looked up), at least `least`; an id shorter than that is itself."""
    folded = sorted({download_id.casefold() for download_id in ids})
    length = least
    for before, after in zip(folded, folded[1:]):
        shared = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b),
                      min(len(before), len(after)))
        length = max(length, shared + 1)
    return length
