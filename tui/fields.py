"""How each field of a download is named on screen (no UI imports)."""

from __future__ import annotations

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
