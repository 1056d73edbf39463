"""How each field of a download, and a download itself, is named on screen (no UI imports)."""

from __future__ import annotations

from tui.api.models import Download
from tui.core.text import shorten, visible

#: The column every view shows: a row without its id could not be acted on.
ALWAYS_SHOWN = "download_id"

LABELS: dict[str, str] = {
    "download_id": "Download id",
    "date_created": "Created",
    "product_id": "Product id",
    "order_id": "Order id",
    "download_count": "Download count",
    "download_file_name": "File name",
    "is_amazon": "On Amazon S3",
    "amazon_key": "Amazon S3 key",
}

#: Each field as a sentence names it.
IN_TEXT: dict[str, str] = {
    "download_id": "id",
    "date_created": "date created",
    "product_id": "product id",
    "order_id": "order id",
    "download_count": "download count",
    "download_file_name": "file name",
    "is_amazon": "S3 flag",
    "amazon_key": "S3 key",
}


def named(record: Download) -> str:
    """A record as a message names it: its id, and its file when it has one."""
    if not record.download_file_name:
        return visible(record.download_id)
    return f"{visible(record.download_id)} ({shorten(visible(record.download_file_name), 40)})"
