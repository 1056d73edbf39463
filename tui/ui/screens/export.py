"""Export: a dialog to choose what, the format and the file; then its progress.

`export_list` is the whole flow from the list screen: the page on screen, or
every download of its query, streamed into the file.

The dialog checks the path before anything is fetched (a missing or read-only
folder is reported at the field, with what was typed kept) and asks before
replacing a file. The progress screen runs the export in its worker; `Esc`
cancels it, and nothing is left behind by a cancelled or failed export.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, ProgressBar, RadioSet, Static
from textual.worker import Worker, WorkerState

from tui.api.errors import ApiError
from tui.api.models import Download, ListQuery, Page
from tui.core.dates import Clock
from tui.core.export import (
    EXPORT_FORMATS,
    ExportFormat,
    ExportPathProblem,
    ExportResult,
    check_target,
    default_file_name,
    resolve_target,
    write_export,
)
from tui.core.paging import Loaded
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.worker_errors import ReportsWorkerErrors
from tui.core.text import counted, visible
from tui.ui.widgets.field_input import show_input_error
from tui.ui.widgets.toggles import RadioButton

ExportScope = Literal["all", "page", "marked"]
EXPORT_GROUP = "export"


@dataclass(frozen=True)
class ExportRequest:
    scope: ExportScope
    fmt: ExportFormat
    path: Path


class ExportDialog(ModalScreen[ExportRequest | None]):
    """Choose the records, the format and the file; dismisses with the choice."""

    TITLE = "Export downloads"
    CSS_PATH = "export.tcss"

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="export.cancel"),
    ]

    def __init__(self, page_rows: int, query: ListQuery, now: datetime, cwd: Path,
                 marked: int = 0) -> None:
        super().__init__(classes="dialog-screen")
        self.page_rows = page_rows
        self.listed = query
        self.marked = marked
        self.now = now
        self.cwd = cwd
        #: The file name last filled in; while the field still holds it, the
        #: extension follows the format.
        self._suggested = default_file_name(now, EXPORT_FORMATS[0])

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export"):
            yield Label("Export downloads", classes="dialog-title")
            with Horizontal(classes="export-row"):
                yield Label("Records", classes="export-label")
                with RadioSet(id="export-scope"):
                    if self.marked:
                        yield RadioButton(f"The {_marked(self.marked)}", value=True,
                                          id="scope-marked")
                    # Text, not str: a label string is read as markup.
                    yield RadioButton(Text(f"{_every(self.listed)} (all pages, this sort)"),
                                      value=not self.marked, id="scope-all")
                    yield RadioButton(f"This page only ({self.page_rows} rows)", id="scope-page")
            with Horizontal(classes="export-row"):
                yield Label("Format", classes="export-label")
                with RadioSet(id="export-format"):
                    for index, fmt in enumerate(EXPORT_FORMATS):
                        yield RadioButton(fmt.upper(), value=index == 0, id=f"format-{fmt}")
            with Horizontal(classes="export-row"):
                yield Label("File", classes="export-label")
                yield Input(self._suggested, id="export-path")
            yield Static("", id="export-path-error", markup=False)
            yield Static(f"A relative path is saved in {self.cwd}", id="export-where",
                         classes="dialog-hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Export", id="export-start", variant="primary")

    def on_mount(self) -> None:
        self.path_input.focus()

    @property
    def path_input(self) -> Input:
        return self.query_one("#export-path", Input)

    @property
    def fmt(self) -> ExportFormat:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        return EXPORT_FORMATS[0] if pressed is None else pressed.id.removeprefix("format-")  # type: ignore[return-value,union-attr]

    @property
    def scope(self) -> ExportScope:
        pressed = self.query_one("#export-scope", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return "all"
        return pressed.id.removeprefix("scope-")  # type: ignore[return-value]

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self) -> None:
        if self.path_input.value == self._suggested:
            self._suggested = default_file_name(self.now, self.fmt)
            self.path_input.value = self._suggested

    @on(Input.Changed, "#export-path")
    def _path_typed(self) -> None:
        self._show_error("")

    def _show_error(self, message: str) -> None:
        show_input_error(self.path_input, self.query_one("#export-path-error", Static), message)

    @on(Button.Pressed, "#cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    @on(Button.Pressed, "#export-start")
    @on(Input.Submitted, "#export-path")
    def _start(self, event: Button.Pressed | Input.Submitted) -> None:
        event.stop()
        typed = self.path_input.value
        if not typed.strip():
            self._show_error("Give a file name.")
            return
        path = resolve_target(typed, self.cwd)
        try:
            check_target(path)
        except ExportPathProblem as problem:
            self._show_error(str(problem))
            self.path_input.focus()
            return
        request = ExportRequest(self.scope, self.fmt, path)
        if not path.exists():
            self.dismiss(request)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self.dismiss(request)

        where = Static(str(path), markup=False)
        self.app.push_screen(ConfirmDialog("Replace the existing file?", "Replace", details=where),
                             answered)


class ExportProgress(ReportsWorkerErrors[ExportResult | None], ModalScreen[ExportResult | None]):
    """Writes `pages` to the chosen file, showing how far it got; `Esc` cancels.

    Dismisses with the result, or None when the export was cancelled or failed
    (it says so in a notification).
    """

    TITLE = "Exporting"
    CSS_PATH = "export.tcss"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel export", id="export-progress.cancel"),
    ]

    def __init__(self, pages: AsyncGenerator[Page, None], request: ExportRequest) -> None:
        super().__init__(classes="dialog-screen")
        self.pages = pages
        self.request = request
        self._worker: Worker[None] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-progress"):
            yield Label(f"Exporting to {self.request.path}", classes="dialog-title", markup=False)
            yield ProgressBar(total=None, show_eta=False, id="export-bar")
            yield Label("Starting…", id="export-count")
            yield Label("Esc cancels; the file appears only once the export is complete.",
                        id="export-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self._worker = self._export()

    @work(exclusive=True, group=EXPORT_GROUP, exit_on_error=False,
          description="Exporting downloads")
    async def _export(self) -> None:
        request = self.request
        try:
            result = await write_export(self.pages, request.path, request.fmt, self._progress)
        except (ApiError, ExportPathProblem, OSError) as problem:
            if isinstance(problem, ApiError):
                reason = f"{problem.message} {problem.hint}".strip()
            else:
                reason = str(problem)
            self.notify(f"{reason} No file was written.", title="Export failed",
                        severity="error", markup=False, timeout=10)
            await self._close(None)
            return
        await self._close(result)

    async def _close(self, result: ExportResult | None) -> None:
        """Dismiss, closing first what was opened over this screen (e.g. help)."""
        while self in self.app.screen_stack and not self.is_current:
            await self.app.pop_screen()
        if self.is_current:
            self.dismiss(result)

    def _progress(self, written: int, total: int | None) -> None:
        bar = self.query_one("#export-bar", ProgressBar)
        if total is not None:
            bar.update(total=total, progress=written)
            counted = f"{written} of {total} records written"
        else:
            counted = f"{written} records written"
        self.query_one("#export-count", Label).update(counted)

    def action_cancel(self) -> None:
        if self._worker is not None and not self._worker.is_finished:
            self._worker.cancel()
        elif self.is_current:  # after a failure, Esc closes
            self.dismiss(None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)
        if event.worker is not self._worker:
            return
        if event.state is WorkerState.CANCELLED and self.is_current:
            self.notify(f"Export cancelled; no file was written to {self.request.path}.",
                        markup=False)
            self.dismiss(None)
        elif event.state is WorkerState.ERROR:  # reported by the app
            self.query_one("#export-hint", Label).update(
                "The export failed; no file was written. Esc closes.")


def export_list(screen: Screen[object], every_page: AsyncGenerator[Page, None],
                shown: Loaded, clock: Clock, marked: Sequence[Download] = ()) -> None:
    """Ask what to export from the list showing `shown` (whose pages, all of them, are
    `every_page`; the `marked` downloads may be chosen too), then write it with its
    progress on screen, and say where it went."""

    def chosen(request: ExportRequest | None) -> None:
        if request is None:
            return
        if request.scope == "page":
            pages = _only(shown.page.model_copy(update={"total": None}))
        elif request.scope == "marked":
            pages = _only(Page(items=tuple(marked), page=1, perpage=len(marked),
                               has_more=False))
        else:
            pages = every_page

        def done(result: ExportResult | None) -> None:
            if result is not None:
                screen.notify(_exported(result, request.fmt), title="Exported", markup=False,
                              timeout=10)

        screen.app.push_screen(ExportProgress(pages, request), done)

    dialog = ExportDialog(len(shown.page.items), shown.query, clock().astimezone(),
                          Path.cwd(), marked=len(marked))
    screen.app.push_screen(dialog, chosen)


async def _only(page: Page) -> AsyncGenerator[Page, None]:
    yield page


def _every(query: ListQuery) -> str:
    """"Every download matching “x”", "Every match of product=14", as the list is."""
    if query.where:
        said = f"Every match of {visible(query.where)}"
        return f"{said} and “{visible(query.search)}”" if query.search else said
    return f"Every download matching “{visible(query.search)}”" if query.search \
        else "Every download"


def _marked(count: int) -> str:
    return "marked download" if count == 1 else f"{count:,} marked downloads"


def _exported(result: ExportResult, fmt: str) -> str:
    message = f"{counted(result.records, 'download')} written to {result.path}."
    if result.unreadable:
        kept = "left out" if fmt == "csv" else "written as the store sent them"
        entries = counted(result.unreadable, "unreadable entry", "unreadable entries")
        message += f" {entries} {kept}."
    return message
