"""What the list knows of how its store pages, sorts and searches, beside the list screen.

Stores differ (`tui.core.findings`): some cap the rows per page, some ignore a
sort, some search only a few fields. The list goes by what was found before, and
learns more from every page it shows: a sort the store ignores is done on the
rows of the page instead, said once, and what is learned is handed to the app
to keep (`DownloadsScreen.FindingsLearned`). When little is known, the cheap
checks run once the first page is shown, never before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.api.errors import ApiError
from tui.api.models import Download, ListQuery
from tui.core.fields import IN_TEXT
from tui.core.findings.model import Findings
from tui.core.findings.order import page_sort, sorted_on_screen
from tui.core.paging import Loaded

if TYPE_CHECKING:
    from tui.ui.screens.downloads import DownloadsScreen

FINDINGS_GROUP = "store-findings"


class StoreFindings:
    """What is known of the store of the list `screen`, and what the list does in
    the store's place."""

    def __init__(self, screen: DownloadsScreen) -> None:
        self.screen = screen
        #: What is known of how the store pages and sorts (None: nothing is kept).
        self.findings: Findings | None = None
        #: Whether the store is to be examined once the first page is shown.
        self._examine_pending = False
        #: The fields whose sort the user has been told is of the page only.
        self._told_page_sort: set[str] = set()
        #: How many of the client's remarks (each made once) the user has been told.
        self._told_remarks = 0

    def use(self, findings: Findings, *, examine: bool = False) -> None:
        """Go by `findings`. `examine`: little is known, so the cheap checks run
        once the first page is shown (never before it)."""
        self._go_by(findings)
        self._examine_pending = examine
        if examine and self.screen.pages.shown is not None:
            self._examine()
        self._show_again()

    def sorted_here(self, query: ListQuery) -> bool:
        """Whether `query`'s sort is one the store does not do, so only the rows
        on screen are sorted, here."""
        findings = self.findings
        return (query.sortby is not None and findings is not None
                and findings.sorts_on_screen(query.sortby))

    def rows(self, loaded: Loaded) -> list[Any]:
        """The rows of `loaded` as the list shows them: sorted here when the store
        does not sort them."""
        query = loaded.query
        if query.sortby is not None and self.sorted_here(query):
            return sorted_on_screen(loaded.page.items, query.sortby, query.sortdir)
        return list(loaded.page.items)

    def page_shown(self, loaded: Loaded) -> None:
        """Learn from a page shown, say (once) what the client noticed of the store's
        answers, and examine the store if that waited for it."""
        self._check_store(loaded)
        remarks = self.screen.client.remarks.said
        for remark in remarks[self._told_remarks:]:
            self.screen.notify(f"{remark[0].upper()}{remark[1:]}.", markup=False, timeout=10)
        self._told_remarks = len(remarks)
        if self._examine_pending:
            self._examine()

    def say_page_sort(self, field: str) -> None:
        """Tell, once per field, that the store does not sort by it."""
        if field in self._told_page_sort:
            return
        self._told_page_sort.add(field)
        self.screen.notify(f"This store does not sort by {IN_TEXT[field]}: the rows come in "
                           f"its own order, so only the rows on each page are sorted, here.",
                           title="Sorted on this page only", markup=False, timeout=10)

    def _show_again(self) -> None:
        """Draw the page on screen again when its sort is now known to be done here,
        or no longer (the table is not rebuilt for nothing at start)."""
        screen = self.screen
        shown = screen.pages.shown
        if (shown is None or shown.query != screen.pages.query or not screen.is_mounted
                or screen.table.sorted_here == self.sorted_here(shown.query)):
            return
        current = screen.table.current
        screen.table.show(self.rows(shown), shown.query,
                          focus_id=current.download_id if current else None,
                          focus_row=screen.table.cursor_row,
                          page_sort=self.sorted_here(shown.query))
        screen.paging.follow()

    def _examine(self) -> None:
        self.screen.run_worker(self._examine_store, group=FINDINGS_GROUP, exclusive=True,
                               exit_on_error=False, description="Checking how the store pages")

    async def _examine_store(self) -> None:
        from tui.core.findings.probes import examine_cheaply  # not needed for the first frame

        self._examine_pending = False
        assert self.findings is not None
        try:
            found = await examine_cheaply(self.screen.client, self.findings)
        except ApiError:
            return  # the list's own requests say what is wrong with the store
        self._learn(found)

    def _go_by(self, findings: Findings) -> None:
        """Take `findings` as what is known of the store: its cap, its search."""
        self.findings = findings
        self.screen.pages.findings = findings
        self.screen.search.know(findings)
        if findings.perpage_cap is not None:
            self.screen.client.page_sizes.know_cap(findings.perpage_cap)

    def _learn(self, findings: Findings) -> None:
        """What the list found out: go by it, and have the app keep it."""
        self._go_by(findings)
        self.screen.post_message(self.screen.FindingsLearned(findings))
        self.screen.paging.follow()

    def _check_store(self, loaded: Loaded) -> None:
        """Learn from a page shown: the cap its answer proved, and, from the rows of a
        sorted page, whether the store sorted them."""
        if self.findings is None:
            return
        cap = self.screen.client.page_sizes.cap
        if cap is not None and cap != self.findings.perpage_cap:
            self._learn(self.findings.model_copy(update={"perpage_cap": cap}))
        query = loaded.query
        if query.sortby is None:
            return
        records = [item for item in loaded.page.items if isinstance(item, Download)]
        seen = page_sort(records, query.sortby, query.sortdir)
        known = self.findings.sort_of(query.sortby)
        if seen == "unknown" or seen == known or known == "refused":
            return
        self._learn(self.findings.with_sort(query.sortby, seen))
        if seen == "ignored":
            self.say_page_sort(query.sortby)
            self._show_again()
