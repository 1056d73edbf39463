"""Writing records as a table, JSON or CSV for the scripting commands.

Writers take records one page at a time and write as they go, so `list --all`
streams: memory does not grow with the number of records.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, Literal, Protocol, TextIO

from tui.api.models import FIELDS, Download, InvalidRecord
from tui.text import shorten, visible

Format = Literal["table", "json", "csv"]
FORMATS: tuple[str, ...] = ("table", "json", "csv")

#: Table columns: (header, field, widest a cell may be).
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("id", "download_id", 24),
    ("created", "date_created", 19),
    ("product", "product_id", 10),
    ("order", "order_id", 10),
    ("count", "download_count", 6),
    ("file", "download_file_name", 40),
    ("S3", "is_amazon", 3),
    ("key", "amazon_key", 40),
)
_RIGHT_ALIGNED = {"product_id", "order_id", "download_count"}


def cell(record: Download, field: str) -> str:
    """One value as text, escaped for the terminal."""
    value = getattr(record, field)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return visible(str(value))


class RecordWriter(Protocol):
    def write(self, items: Iterable[Download | InvalidRecord]) -> None: ...
    def close(self) -> None: ...


class TableWriter:
    """Aligned columns; widths come from the first page so later pages line up."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._widths: list[int] | None = None

    def write(self, items: Iterable[Download | InvalidRecord]) -> None:
        rows = [
            [cell(item, field) for _, field, _ in COLUMNS]
            if isinstance(item, Download)
            else f"(unreadable record: {visible(item.problem)})"
            for item in items
        ]
        if self._widths is None:
            self._widths = [
                min(cap, max([len(header)] + [len(row[i]) for row in rows if isinstance(row, list)]))
                for i, (header, _, cap) in enumerate(COLUMNS)
            ]
            self._line([header for header, _, _ in COLUMNS])
        for row in rows:
            if isinstance(row, list):
                self._line(row)
            else:
                self._out.write(row + "\n")

    def _line(self, values: list[str]) -> None:
        assert self._widths is not None
        parts = []
        for (_, field, _), width, value in zip(COLUMNS, self._widths, values, strict=True):
            value = shorten(value, width)
            parts.append(value.rjust(width) if field in _RIGHT_ALIGNED else value.ljust(width))
        self._out.write("  ".join(parts).rstrip() + "\n")

    def close(self) -> None:
        if self._widths is None:
            self._out.write("(no downloads)\n")


def record_json(item: Download | InvalidRecord) -> Any:
    """A record as JSON data; an unreadable one as the raw data the store sent."""
    return item.raw if isinstance(item, InvalidRecord) else item.model_dump(mode="json")


class JsonArrayWriter:
    """A JSON array written element by element (valid JSON even when empty)."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._count = 0

    def write(self, items: Iterable[Download | InvalidRecord]) -> None:
        for item in items:
            self._out.write("[\n  " if self._count == 0 else ",\n  ")
            self._out.write(json.dumps(record_json(item)))
            self._count += 1

    def close(self) -> None:
        self._out.write("[]\n" if self._count == 0 else "\n]\n")


class CsvWriter:
    """CSV with a header of the eight field names; booleans as true/false."""

    def __init__(self, out: TextIO) -> None:
        self._csv = csv.writer(out, lineterminator="\n")
        self._csv.writerow(FIELDS)

    def write(self, items: Iterable[Download | InvalidRecord]) -> None:
        for item in items:
            if isinstance(item, InvalidRecord):
                continue
            self._csv.writerow(
                str(value).lower() if isinstance(value, bool) else value
                for value in (getattr(item, field) for field in FIELDS)
            )

    def close(self) -> None:
        pass


def list_writer(fmt: str, out: TextIO) -> RecordWriter:
    """The writer for `list` in the chosen format."""
    if fmt == "json":
        return JsonArrayWriter(out)
    if fmt == "csv":
        return CsvWriter(out)
    return TableWriter(out)


def write_record(record: Download, fmt: str, out: TextIO) -> None:
    """One record: JSON object, a CSV header and row, or `field: value` lines."""
    if fmt == "json":
        out.write(json.dumps(record_json(record), indent=2) + "\n")
    elif fmt == "csv":
        writer = CsvWriter(out)
        writer.write([record])
    else:
        width = max(len(field) for field in FIELDS)
        for field in FIELDS:
            out.write(f"{field.ljust(width)}  {cell(record, field)}\n")
