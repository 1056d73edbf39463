"""Writing records as a table, JSON or CSV for the scripting commands.

Writers take records one page at a time and write as they go, so `list --all`
streams: memory does not grow with the number of records. Store text never
reaches the terminal raw: table and CSV cells are escaped with `visible`, and
JSON escapes every non-ASCII character.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal, Protocol, TextIO

from tui.api.models import FIELDS, Download, InvalidRecord, dump_records
from tui.core.columns import COLUMNS, cell
from tui.core.text import shorten, visible

if TYPE_CHECKING:
    from tui.core.journal import Entry

Format = Literal["table", "json", "csv"]
FORMATS: tuple[str, ...] = ("table", "json", "csv")
#: What the commands that write a set of records may also print: their ids alone.
SET_FORMATS: tuple[str, ...] = (*FORMATS, "ids")

_RIGHT_ALIGNED = {"product_id", "order_id", "download_count"}
#: How the table gives way when it is wider than the terminal, step by step until
#: it fits: a column narrowed to a width (the created date to its day), or left out
#: (width 0). Never the id.
_GIVING_WAY: tuple[tuple[str, int], ...] = (
    ("amazon_key", 8), ("date_created", 10), ("download_file_name", 12), ("amazon_key", 0),
)
_NARROWED = {field for field, _ in _GIVING_WAY}
_GAP = 2
#: The narrowest the last column of `write_rows` gets, however narrow the terminal.
_LEAST_LAST = 16


class RecordWriter(Protocol):
    def write(self, items: Iterable[Download | InvalidRecord]) -> None: ...
    def close(self) -> None: ...


def _within_caps(widths: list[int], caps: list[int | None]) -> list[int]:
    return [width if cap is None else min(cap, width)
            for width, cap in zip(widths, caps, strict=True)]


class TableWriter:
    """Aligned columns; widths come from the first page so later pages line up.

    Within `width` (the terminal's, when known) other columns give way; an id is
    always written whole, even where that breaks the line's alignment or width.
    """

    def __init__(self, out: TextIO, width: int | None = None) -> None:
        self._out = out
        self._width = width
        self._widths: list[int] | None = None

    def write(self, items: Iterable[Download | InvalidRecord]) -> None:
        rows = [
            [cell(item, field) for _, field, _ in COLUMNS]
            if isinstance(item, Download)
            else f"(unreadable record: {visible(item.problem)})"
            for item in items
        ]
        if self._widths is None:
            self._widths = self._fit([row for row in rows if isinstance(row, list)])
            self._line([header for header, _, _ in COLUMNS])
        for row in rows:
            if isinstance(row, list):
                self._line(row)
            else:
                self._out.write(row + "\n")

    def _fit(self, rows: list[list[str]]) -> list[int]:
        """Each column as wide as its widest cell (within its cap); then, past the
        terminal's width, the steps of `_GIVING_WAY` until the table fits."""
        widths = _within_caps(
            [max([len(header)] + [len(row[i]) for row in rows])
             for i, (header, _, _) in enumerate(COLUMNS)],
            [cap for _, _, cap in COLUMNS])
        if self._width is None:
            return widths
        natural, fields = list(widths), [field for _, field, _ in COLUMNS]

        def over() -> int:
            shown = [width for width in widths if width]
            return sum(shown) + _GAP * (len(shown) - 1) - self._width

        for field, narrower in _GIVING_WAY:
            index = fields.index(field)
            if over() > 0 and widths[index] > narrower:
                widths[index] = 0 if not narrower else max(narrower, widths[index] - over())
        # Room a column left out gave back goes to the file name.
        file = fields.index("download_file_name")
        widths[file] = min(natural[file], widths[file] - min(0, over()))
        return widths

    def _line(self, values: list[str]) -> None:
        assert self._widths is not None
        parts = []
        for (_, field, cap), width, value in zip(COLUMNS, self._widths, values, strict=True):
            if not width:
                continue
            if field == "date_created" and width < len(value):
                value = value[:width]  # the day, as the app's table shows it
            elif cap is not None or field in _NARROWED:
                value = shorten(value, width)
            parts.append(value.rjust(width) if field in _RIGHT_ALIGNED else value.ljust(width))
        self._out.write((" " * _GAP).join(parts).rstrip() + "\n")

    def close(self) -> None:
        if self._widths is None:
            self._out.write("(no downloads)\n")


def record_json(item: Download | InvalidRecord) -> Any:
    """A record as JSON data; an unreadable one as the raw data the store sent."""
    return item.raw if isinstance(item, InvalidRecord) else item.model_dump(mode="json")


def records_json(items: Iterable[Download | InvalidRecord]) -> list[Any]:
    """`record_json` of every item, the readable records dumped in one call."""
    items = list(items)
    dumped = iter(dump_records([item for item in items if isinstance(item, Download)]))
    return [item.raw if isinstance(item, InvalidRecord) else next(dumped) for item in items]


class JsonArrayWriter:
    """A JSON array, one element a line, written a page at a time (valid JSON
    even when empty)."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._count = 0

    def write(self, items: Iterable[Download | InvalidRecord]) -> None:
        elements = [json.dumps(data) for data in records_json(items)]
        if elements:
            self._out.write(("[\n  " if self._count == 0 else ",\n  ") + ",\n  ".join(elements))
            self._count += len(elements)

    def close(self) -> None:
        self._out.write("[]\n" if self._count == 0 else "\n]\n")


def csv_value(value: Any) -> Any:
    """A CSV field: booleans as true/false, text escaped like in the table, so a
    file opened in a terminal (or a spreadsheet) holds no raw control character."""
    if isinstance(value, bool):
        return str(value).lower()
    return visible(value) if isinstance(value, str) else value


class CsvWriter:
    """CSV with a header of the eight field names; booleans as true/false.

    The header goes out with the first page (or at close), so a list that fails
    before its first page leaves stdout empty.
    """

    def __init__(self, out: TextIO) -> None:
        self._csv = csv.writer(out, lineterminator="\n")
        self._started = False

    def write(self, items: Iterable[Download | InvalidRecord]) -> None:
        self._start()
        for item in items:
            if isinstance(item, InvalidRecord):
                continue
            self._csv.writerow(csv_value(getattr(item, field)) for field in FIELDS)

    def close(self) -> None:
        self._start()

    def _start(self) -> None:
        if not self._started:
            self._csv.writerow(FIELDS)
            self._started = True


class IdsWriter:
    """One id a line, as `update -` and `delete -` read them (escaped like every
    value from the store: an id holding a control character is no id to pass on)."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, items: Iterable[Download | InvalidRecord]) -> None:
        self._out.writelines(f"{visible(item.download_id)}\n" for item in items
                             if isinstance(item, Download))

    def close(self) -> None:
        """Nothing follows the last id."""


def list_writer(fmt: str, out: TextIO, width: int | None = None) -> RecordWriter:
    """The writer for `list` in the chosen format; a table fits `width` columns
    when it is given."""
    if fmt == "ids":
        return IdsWriter(out)
    if fmt == "json":
        return JsonArrayWriter(out)
    if fmt == "csv":
        return CsvWriter(out)
    return TableWriter(out, width)


def write_record(record: Download, fmt: str, out: TextIO) -> None:
    """One record: JSON object, a CSV header and row, its id, or `field: value` lines."""
    if fmt == "ids":
        IdsWriter(out).write([record])
    elif fmt == "json":
        out.write(json.dumps(record_json(record), indent=2) + "\n")
    elif fmt == "csv":
        writer = CsvWriter(out)
        writer.write([record])
    else:
        width = max(len(field) for field in FIELDS)
        for field in FIELDS:
            out.write(f"{field.ljust(width)}  {cell(record, field)}\n")


#: `restore --list` columns: (header, width cap; None: never shortened).
DELETION_COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("id", None), ("file", 40), ("deleted", 25), ("state", 11),
)


def deletion_row(entry: Entry) -> dict[str, str]:
    """What `restore --list` shows of one journaled deletion."""
    before = entry.before or {}
    return {
        "download_id": entry.download_id or "",
        "download_file_name": str(before.get("download_file_name") or ""),
        "deleted_at": entry.time.isoformat(),
        # pending: the DELETE was sent but its outcome never confirmed.
        "state": "deleted" if entry.state == "done" else "unconfirmed",
    }


def write_deletions(entries: Iterable[Entry], fmt: str, out: TextIO) -> None:
    """Journaled deletions (newest first) as a JSON array, CSV or an aligned table."""
    write_rows([deletion_row(entry) for entry in entries], DELETION_COLUMNS, fmt, out,
               empty="(nothing to restore)")


def write_rows(rows: list[dict[str, str]], columns: tuple[tuple[str, int | None], ...],
               fmt: str, out: TextIO, *, empty: str, width: int | None = None) -> None:
    """`rows` as a JSON array, CSV (headed by the keys) or a table of `columns`,
    each cell shortened to its column's cap; within `width` (a terminal's) the last
    column gives way. `empty` stands in for no rows."""
    if fmt == "json":
        out.write(json.dumps(rows, indent=2) + "\n")
        return
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(list(rows[0]) if rows else [header for header, _ in columns])
        writer.writerows([csv_value(value) for value in row.values()] for row in rows)
        return
    if not rows:
        out.write(empty + "\n")
        return
    cells = [[visible(value) for value in row.values()] for row in rows]
    widths = _within_caps(
        [max(len(header), *(len(line[i]) for line in cells))
         for i, (header, _) in enumerate(columns)],
        [cap for _, cap in columns])
    if width is not None:
        widths[-1] = max(_LEAST_LAST, min(widths[-1], width - sum(widths[:-1])
                                          - _GAP * (len(widths) - 1)))
    for line in [[header for header, _ in columns], *cells]:
        out.write("  ".join((v if cap is None else shorten(v, w)).ljust(w)
                            for v, w, (_, cap) in zip(line, widths, columns,
                                                      strict=True)).rstrip() + "\n")
