"""The list's columns as both tables show them, the app's and the `list` command's:
which field each holds, under what header, and how a value reads as text.

Kept apart from either table so that the app and the commands name and write a
field the same way.
"""

from __future__ import annotations

from tui.api.models import Download
from tui.core.text import visible

#: Table columns: (header, field, widest a cell may be; None: never shortened, as an
#: id cut short could not be used with `get` or `update`).
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


def cell(record: Download, field: str) -> str:
    """One value as text, escaped for the terminal."""
    value = getattr(record, field)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return visible(str(value))
