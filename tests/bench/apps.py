"""The apps the benchmarks drive: easycart-tui itself, on a sandbox URL, and the
minimal Textual app that is its baseline (a DataTable of the same rows, no network)."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable

from tests.bench.common import SECRET, TOKEN

#: The fields a page shows, in the list's column order.
COLUMNS = ("download_id", "date_created", "product_id", "order_id", "download_count",
           "download_file_name", "is_amazon", "amazon_key")


def easycart(url: str, transport: Any = None, **options: Any) -> Any:
    """The app as `easycart-tui` opens it on the store at `url`."""
    from tui.api.client import DownloadsClient
    from tui.ui.app import EasyCartApp

    return EasyCartApp(DownloadsClient(url, TOKEN, SECRET, transport=transport), "bench",
                       **options)


class MinimalApp(App[None]):
    """A DataTable showing pages held in memory; `n`/`p` replace its rows."""

    BINDINGS = [Binding("n", "page(1)"), Binding("p", "page(-1)")]

    def __init__(self, pages: list[list[tuple[str, ...]]]) -> None:
        super().__init__()
        self.pages = pages
        self.page = 0

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.add_rows(self.pages[0])
        table.focus()

    def action_page(self, step: int) -> None:
        self.page = max(0, min(len(self.pages) - 1, self.page + step))
        table = self.query_one(DataTable)
        table.clear()
        table.add_rows(self.pages[self.page])


def rows_of(records: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    return [tuple(str(record.get(field, "")) for field in COLUMNS) for record in records]
