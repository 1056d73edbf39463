"""Export from the list: the dialog, the file it writes, progress, cancel, overwrite."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import httpx
import pytest
from textual.widgets import Input, ProgressBar

from tests.conftest import FIXED_NOW, wait_until
from tests.core.test_export import MATCHES, TERM, leftovers, list_all_args, list_all_output
from tests.ui.support import column, notes, paste, screen_text, settle, started
from tui.api.models import FIELDS
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.downloads import DownloadsScreen
from tui.ui.screens.export import ExportDialog, ExportProgress

DEFAULT_NAME = f"downloads-{FIXED_NOW.astimezone():%Y%m%d-%H%M}"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every export of these tests lands in a fresh working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def open_export(pilot, search: str | None = None) -> ExportDialog:
    await started(pilot)
    if search:
        await pilot.press("slash")
        await paste(pilot, search)
        await pilot.press("enter")
        await settle(pilot)
    await pilot.press("x")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def type_path(pilot, text: str) -> None:
    await pilot.click("#export-path")
    await pilot.press("end", "ctrl+u")
    if text:
        await paste(pilot, text)


def path_value(pilot) -> str:
    return pilot.app.screen.query_one("#export-path", Input).value


def shown_by(app, widget) -> str:
    """What `widget` shows on screen, its lines joined without spaces: a path wraps
    there when long (as the temporary directory can make it), and is read whole."""
    region = widget.content_region
    lines = screen_text(app).splitlines()[region.y:region.bottom]
    return "".join("".join(line[region.x:region.right].split()) for line in lines)


@pytest.mark.parametrize("fmt", ["csv", "json"])
async def test_exporting_a_search_writes_every_match_in_the_sort_order(
    make_sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    sandbox = make_sandbox(records=600)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("4", "4")  # sort by order, descending
        await settle(pilot)
        await open_export(pilot, search=TERM)
        assert path_value(pilot) == f"{DEFAULT_NAME}.csv"
        where = pilot.app.screen.query_one("#export-where").content
        assert str(where) == f"A relative path is saved in {tmp_path}"
        if fmt == "json":
            await pilot.click("#format-json")
            assert path_value(pilot) == f"{DEFAULT_NAME}.json"
        before = len(sandbox.transport.list_params())
        await pilot.click("#export-start")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
        target = tmp_path / f"{DEFAULT_NAME}.{fmt}"
        assert f"Exported: {MATCHES} downloads written to {target}." in notes(pilot.app)
        assert [p["page"] for p in sandbox.transport.list_params()[before:]] == ["1", "2", "3"]
        assert all(p == {"page": p["page"], "perpage": "50", "search": TERM, "sortby": "order_id",
                         "sortdir": "DESC"} for p in sandbox.transport.list_params()[before:])
    assert leftovers(tmp_path) == [target.name]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert text == await list_all_output(
        sandbox, capsys, list_all_args(fmt, search=TERM, sortby="order_id", sortdir="desc"))
    if fmt == "json":
        records = json.loads(text)
    else:
        lines = list(csv.reader(io.StringIO(text)))
        assert lines[0] == list(FIELDS)
        records = [dict(zip(FIELDS, line, strict=True)) for line in lines[1:]]
    assert len(records) == MATCHES == len({r["download_id"] for r in records})
    assert all(TERM in (r["download_file_name"] + r["amazon_key"]).lower() for r in records)
    orders = [int(r["order_id"]) for r in records]
    assert orders == sorted(orders, reverse=True)


async def test_exporting_the_current_page_only(sandbox, tmp_path: Path) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("n")
        await settle(pilot)
        shown = column(pilot.app, 0)
        before = len(sandbox.transport.requests)
        await pilot.press("x")
        await pilot.pause()
        await pilot.click("#scope-page")
        await pilot.click("#format-json")
        await pilot.click("#export-start")
        await settle(pilot)
        assert len(sandbox.transport.requests) == before  # the page on screen is written
        target = tmp_path / f"{DEFAULT_NAME}.json"
        assert f"Exported: 50 downloads written to {target}." in notes(pilot.app)
    assert [record["download_id"] for record in json.loads(target.read_text())] == shown


async def test_a_path_of_ones_own_keeps_its_extension(sandbox, tmp_path: Path) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await open_export(pilot)
        await type_path(pilot, "mine.csv")
        await pilot.click("#format-json")
        assert path_value(pilot) == "mine.csv"
        await pilot.click("#export-start")
        await settle(pilot)
    assert json.loads((tmp_path / "mine.csv").read_text())[0]["download_id"]


@pytest.mark.parametrize("totals", [False, True])
async def test_progress_shows_and_escape_cancels_leaving_no_file(
    make_sandbox, tmp_path: Path, totals: bool
) -> None:
    sandbox = make_sandbox(records=120, totals=totals)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await open_export(pilot)
        sandbox.transport.delays.append((lambda r: r.url.params.get("page") == "2", 10.0))
        await pilot.press("enter")
        await wait_until(lambda: "50 " in str(pilot.app.screen.query_one("#export-count").content),
                         what="the first page written")
        progress = pilot.app.screen
        assert isinstance(progress, ExportProgress)
        bar = progress.query_one(ProgressBar)
        shown = screen_text(pilot.app)
        if totals:
            assert (bar.total, bar.progress) == (120, 50)
            assert "50 of 120 records written" in shown
        else:
            assert bar.total is None
            assert "50 records written" in shown
        assert "Esc cancels; the file appears only once the export is complete." in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
        target = tmp_path / f"{DEFAULT_NAME}.csv"
        assert f"Export cancelled; no file was written to {target}." in notes(pilot.app)
        assert sandbox.transport.cancelled == 1
    assert leftovers(tmp_path) == []


async def test_a_failed_export_says_so_and_leaves_no_file(sandbox, tmp_path: Path) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await open_export(pilot)
        sandbox.transport.faults.append(
            lambda r: httpx.Response(500, text="boom") if r.url.params.get("page") == "2" else None)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
        failure = [note for note in notes(pilot.app) if note.startswith("Export failed: ")]
        assert len(failure) == 1 and failure[0].endswith("No file was written.")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("failing_page", [None, "5"])
async def test_the_export_reads_ahead_as_its_client_was_opened_to(
    make_sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str], failing_page: str | None
) -> None:
    """The app's client comes from its connection, with the profile's concurrency."""
    from tui.ui.app import EasyCartApp

    sandbox = make_sandbox(records=600)
    app = EasyCartApp(sandbox.client(concurrency=3, backoff=0), "sandbox", cache_pages=0,
                      clock=lambda: FIXED_NOW, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_export(pilot)
        sandbox.transport.delays.append((lambda r: True, 0.01))  # sent together, they overlap
        sandbox.transport.faults.append(lambda r: httpx.Response(500, text="boom")
                                        if r.url.params.get("page") == failing_page else None)
        sandbox.transport.most_in_flight = 0
        await pilot.press("enter")
        await settle(pilot)
        assert sandbox.transport.most_in_flight == 3
        failed = [note for note in notes(pilot.app) if note.startswith("Export failed: ")]
    target = tmp_path / f"{DEFAULT_NAME}.csv"
    if failing_page:
        assert len(failed) == 1 and failed[0].endswith("No file was written.")
        assert leftovers(tmp_path) == []
    else:
        assert not failed
        assert target.read_text() == await list_all_output(sandbox, capsys, list_all_args("csv"))


async def test_an_unexpected_problem_is_reported_and_escape_closes(
    sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("tui.ui.screens.export.write_export", broken)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await open_export(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportProgress)
        assert "The export failed; no file was written. Esc closes." in screen_text(pilot.app)
        assert any("Unexpected problem (RuntimeError)" in note for note in notes(pilot.app))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
    assert leftovers(tmp_path) == []


async def test_an_existing_file_is_replaced_only_when_confirmed(sandbox, tmp_path: Path) -> None:
    target = tmp_path / "old.csv"
    target.write_text("keep me")
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await open_export(pilot)
        await type_path(pilot, "old.csv")
        await pilot.press("enter")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog) and dialog.details is not None
        assert "Replace the existing file?" in screen_text(pilot.app)
        assert shown_by(pilot.app, dialog.details) == "".join(str(target).split())
        await pilot.press("enter")  # Cancel has the focus
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportDialog)
        assert path_value(pilot) == "old.csv"
        assert target.read_text() == "keep me"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert f"Exported: 50 downloads written to {target}." not in notes(pilot.app)
        assert f"Exported: 120 downloads written to {target}." in notes(pilot.app)
    assert len(target.read_text().splitlines()) == 121
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize(("typed", "message"), [
    ("no-such-folder/out.csv", "The folder {tmp}/no-such-folder does not exist."),
    ("/sys/out.csv", "Cannot write in the folder /sys: Permission denied."),
    ("", "Give a file name."),
])
async def test_a_path_that_cannot_be_written_is_reported_at_the_field(
    sandbox, tmp_path: Path, typed: str, message: str
) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await open_export(pilot)
        before = len(sandbox.transport.requests)
        await type_path(pilot, typed)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportDialog)
        error = pilot.app.screen.query_one("#export-path-error")
        assert error.display and str(error.content) == message.format(tmp=tmp_path)
        assert message.split(" {")[0].split(" /")[0] in screen_text(pilot.app)
        assert path_value(pilot) == typed
        assert len(sandbox.transport.requests) == before
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DownloadsScreen)
    assert leftovers(tmp_path) == []


async def test_the_search_is_named_as_typed_in_the_dialog(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await open_export(pilot, search="[b]x")
        assert "Every download matching “[b]x” (all pages, this sort)" in screen_text(pilot.app)
