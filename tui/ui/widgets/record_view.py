"""Every field of one download as a label/value grid, long values wrapped."""

from __future__ import annotations

from datetime import datetime

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from tui.api.models import FIELDS, Download
from tui.core.columns import cell
from tui.core.dates import relative
from tui.core.fields import LABELS


class RecordView(Static):
    """A read-only view of a record; `now` dates the "3 days ago" part."""

    def __init__(self, record: Download, now: datetime, *, id: str | None = None) -> None:
        super().__init__(_grid(record, now), id=id)
        self.now = now

    def show(self, record: Download) -> None:
        """Show `record` instead (e.g. after it was changed)."""
        self.update(_grid(record, self.now))


def _grid(record: Download, now: datetime) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for field in FIELDS:
        value = Text(cell(record, field) or "—")
        if field == "date_created" and (ago := relative(record.date_created, now)):
            value.append(f"  ({ago})", style="dim")
        grid.add_row(LABELS[field], value)
    return grid
