"""The list screen's ways to get a download out or to reach one: copy its id or
JSON, go to a page or to a download by id, and export to a file.

A part of `DownloadsScreen`, kept apart because none of it is about showing
the page; the dialogs and the export itself live in their own modules and are
imported when first used.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tui.api.errors import InputRejected, NotFound
from tui.api.models import Download, Page
from tui.clipboard import copy_id, copy_json
from tui.screens.quick_edit import QuickEdits
from tui.text import visible

#: What the go-to prompt takes (besides a number) for the last page.
LAST = "last"

if TYPE_CHECKING:
    from tui.dates import Clock
    from tui.export import ExportResult
    from tui.paging import Loaded, PageStore
    from tui.screens.export import ExportRequest


class CopyGoToExport(QuickEdits[None]):
    """Copy (`y`, `Y`), go to (`:`, `#`) and export (`x`) for the list screen."""

    # What the list screen provides.
    pages: PageStore
    clock: Clock
    _page_typed: int | None
    reload: Callable[..., None]
    action_last_page: Callable[[], None]
    _current_record: Callable[[], Download | None]
    _open_detail: Callable[[Download], None]

    def action_copy_id(self) -> None:
        if (record := self._current_record()) is not None:
            copy_id(self.app, record)

    def action_copy_json(self) -> None:
        if (record := self._current_record()) is not None:
            copy_json(self.app, record)

    def action_go_to_page(self) -> None:
        from tui.screens.go_to import GoToDialog  # not needed for the first frame

        def chosen(page: int | str | None) -> None:
            if page == LAST:
                self.action_last_page()
            elif isinstance(page, int):
                self.go_to_page(page)

        self.app.push_screen(
            GoToDialog("Go to page", "page number, or last", self._page_number), chosen)

    async def _page_number(self, typed: str) -> int | str:
        from tui.screens.go_to import NotThere

        if typed.lower() in (LAST, "end", "$"):
            return LAST
        if not (typed.isascii() and typed.isdigit() and len(typed) <= 9 and int(typed) >= 1):
            raise NotThere("A page number is a whole number from 1, or last.")
        page = int(typed)
        if (problem := self._missing_page(page)) is not None:
            raise NotThere(problem)
        return page

    def _missing_page(self, page: int) -> str | None:
        last = self.pages.last_page()
        if last is not None and page > last:
            return f"There is no page {page}: page {last} is the last."
        return None

    def go_to_page(self, page: int) -> None:
        """Show page `page`, staying where we are when it is known not to exist
        (a page found past the end leads to the last one)."""
        if not self.pages.go_to_page(page):
            self.notify(self._missing_page(page) or f"There is no page {page}.")
            return
        self._page_typed = page
        self.reload()

    def action_go_to_id(self) -> None:
        self.go_to_id("")

    def go_to_id(self, typed: str) -> None:
        """Ask for a download id (looking `typed` up at once when given) and open it."""
        from tui.screens.go_to import GoToDialog  # not needed for the first frame

        def found(record: Download | None) -> None:
            if record is not None:
                self._open_detail(record)

        self.app.push_screen(
            GoToDialog("Go to download", "download id", self._download, typed), found)

    async def _download(self, typed: str) -> Download:
        from tui.screens.go_to import NotThere

        try:
            return await self.pages.client.get(typed)
        except NotFound:
            raise NotThere(f"No download with id {visible(typed)}") from None
        except InputRejected as refused:  # by the client (no store holds it) or the store
            raise NotThere(str(refused)) from None

    def action_export(self) -> None:
        shown = self.pages.shown
        if shown is None:
            self.notify("Nothing to export yet: the list has not loaded.")
            return
        from tui.screens.export import ExportDialog  # not needed for the first frame

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self._export(request, shown)

        dialog = ExportDialog(len(shown.page.items), shown.query.search,
                              self.clock().astimezone(), Path.cwd())
        self.app.push_screen(dialog, chosen)

    def _export(self, request: ExportRequest, shown: Loaded) -> None:
        """Stream the chosen records into the file, with its progress on screen."""
        from tui.screens.export import ExportProgress

        if request.scope == "page":
            pages = _only(shown.page.model_copy(update={"total": None}))
        else:
            pages = self.pages.client.iter_pages(shown.query.model_copy(update={"page": 1}))

        def done(result: ExportResult | None) -> None:
            if result is not None:
                self.notify(_exported(result, request.fmt), title="Exported", markup=False,
                            timeout=10)

        self.app.push_screen(ExportProgress(pages, request), done)


async def _only(page: Page) -> AsyncGenerator[Page, None]:
    yield page


def _exported(result: ExportResult, fmt: str) -> str:
    noun = "download" if result.records == 1 else "downloads"
    message = f"{result.records} {noun} written to {result.path}."
    if result.unreadable:
        kept = "left out" if fmt == "csv" else "written as the store sent them"
        message += f" {result.unreadable} unreadable entries {kept}."
    return message
