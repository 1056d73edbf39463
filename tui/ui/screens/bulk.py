"""What a bulk action shows: the records it is about, its progress, its outcome.

The list runs the action (`tui.core.bulk.BulkRun`) in its own worker and feeds the
progress screen, so a failure of the run itself is reported like any other;
`Esc` here only asks the run to stop after the record in flight.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar, Static

from tui.api.models import Download
from tui.core.bulk import BulkReport, BulkRun
from tui.core.columns import unique_prefix_length
from tui.core.fields import named
from tui.core.text import counted, first_lines, shorten, visible

#: A dialog's width, as `.dialog` in app.tcss sets it, and what its border and
#: padding take of it.
DIALOG_WIDTH, DIALOG_FRAME = 76, 4
#: The lines of a confirm besides its listing: border, question (wrapped, at 60
#: columns), hint and buttons, with the margins between them.
CONFIRM_LINES = 12
#: The lines of the dialog for one field on the marked downloads besides its listing.
FIELD_DIALOG_LINES = 17


@dataclass(frozen=True)
class BulkAction:
    """How an action is spoken of: "Deleting" / "Deleted", and what to add when done."""

    doing: str
    done: str
    after: str = ""


def listing(records: Sequence[Download], what: Callable[[Download], str], screen: Size,
            other_lines: int) -> str:
    """As many of `records` as a dialog of `other_lines` besides has room for on a
    `screen` of this size, each on a line: as much of its id as tells them apart,
    its order, its product and `what` the action changes of it; then how many more."""
    room = max(1, screen.height - other_lines)
    prefix = unique_prefix_length(record.download_id for record in records)
    width = min(DIALOG_WIDTH, screen.width) - DIALOG_FRAME

    def line(record: Download) -> str:
        return shorten(f"{shorten(visible(record.download_id), prefix + 1)}  order "
                       f"{record.order_id} · product {record.product_id} · {what(record)}",
                       width)

    return "\n".join(first_lines(records, room, line))


def count_reset(record: Download) -> str:
    """What a reset changes: "count 3 → 0"."""
    return f"count {record.download_count} → 0"


def as_listed(record: Download) -> str:
    """What a record holds that an action may change: "count 3 · a.zip", and its S3
    key when it is on S3."""
    said = f"count {record.download_count}"
    if record.download_file_name:
        said += f" · {visible(record.download_file_name)}"
    if record.is_amazon:
        said += f" · S3 key {visible(record.amazon_key)}"
    return said


def done_message(action: BulkAction, report: BulkReport) -> str:
    """One line on how it went, e.g. "Deleted 38 downloads; 1 failed; 3 not done (stopped)"."""
    text = f"{action.done} {counted(len(report.succeeded), 'download')}"
    if report.failed:
        text += f"; {len(report.failed)} failed"
    if report.stopped:
        text += f"; {len(report.not_done)} not done (stopped)"
    return text + "."


class BulkProgressScreen(ModalScreen[None]):
    """How far a bulk action is, and which record it is on; `Esc` stops it."""

    TITLE = "Working on the marked downloads"

    BINDINGS = [
        Binding("escape", "stop", "Stop after the download in flight", id="bulk.cancel"),
    ]

    def __init__(self, action: BulkAction, run: BulkRun) -> None:
        super().__init__(classes="dialog-screen")
        self.action = action
        self.run = run

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="bulk-progress"):
            yield Label(f"{self.action.doing} {counted(self.run.total, 'download')}",
                        classes="dialog-title", markup=False)
            yield ProgressBar(total=self.run.total, show_eta=False, show_percentage=False,
                              id="bulk-bar")
            yield Label("", id="bulk-count")
            yield Label("", id="bulk-current", markup=False)
            yield Label("Esc stops after the download in flight; what is done stays done.",
                        id="bulk-hint", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.show_progress(self.run)

    def show_progress(self, run: BulkRun) -> None:
        """Redraw from `run` (called as each record starts)."""
        self.query_one(ProgressBar).update(progress=run.finished)
        self.query_one("#bulk-count", Label).update(f"{run.finished} / {run.total}")
        current = f"Now: {named(run.current)}" if run.current is not None else ""
        self.query_one("#bulk-current", Label).update(current)

    def action_stop(self) -> None:
        self.run.stop()
        current = self.run.current
        self.query_one("#bulk-hint", Label).update(
            f"Stopping after {named(current)}…" if current is not None else "Stopping…"
        )


class BulkSummaryScreen(ModalScreen[None]):
    """The outcome of a bulk action that did not simply succeed: each failure with
    its reason, and what was not done."""

    TITLE = "Bulk action summary"

    BINDINGS = [
        Binding("escape,enter,q", "dismiss(None)", "Close", id="bulk-summary.close"),
    ]

    def __init__(self, action: BulkAction, report: BulkReport) -> None:
        super().__init__(classes="dialog-screen")
        self.action = action
        self.report = report

    def compose(self) -> ComposeResult:
        report = self.report
        with Vertical(classes="dialog", id="bulk-summary"):
            yield Label(done_message(self.action, report), classes="dialog-title", markup=False)
            if report.failed:
                with VerticalScroll(id="bulk-failures"):
                    yield Static(_failures(report), id="bulk-failures-list")
            kept = []
            if report.failed:
                kept.append("the failed ones")
            if report.stopped:
                kept.append("those not done")
            after = self.action.after if report.succeeded else ""
            yield Label(f"{' and '.join(kept).capitalize()} stay marked, to try again."
                        f"{after} Esc closes.", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        if self.report.failed:
            self.query_one("#bulk-failures").focus()  # arrows scroll a long list


def _failures(report: BulkReport) -> Text:
    """Each failed record, and under it why (wrapped, never cut)."""
    text = Text()
    for index, failure in enumerate(report.failed):
        if index:
            text.append("\n")
        text.append(named(failure.record), style="bold")
        text.append(f"\n  {visible(failure.reason)}")
    return text
