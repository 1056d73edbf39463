"""The app on stores whose hosts do what real ones do: it opens on a store refusing
a page over 30, says once that a plugin prints into the answers, and says what a
dropped Authorization header means and how to fix it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from tests.ui.support import notes, settle, started, status, table
from tui.config.state import StateFile
from tui.core.findings.model import store_key
from tui.ui.screens.connect_error import ConnectErrorScreen

KEY = store_key(profile="test", url="unused")
NOTICE = ("The store adds text to its answers (a plugin prints into them); it was "
          "skipped.")


async def test_a_store_refusing_over_30_opens_at_30_and_keeps_it(
        make_sandbox, store_kind: str, tmp_path: Path) -> None:
    sandbox = make_sandbox(store=store_kind, refuse_perpage_over=30)
    state = StateFile(tmp_path / "state" / "state.toml")
    async with sandbox.app(state=state, store_key=KEY, perpage=50).run_test(
            size=(100, 30)) as pilot:
        await started(pilot)
        await settle(pilot)
        assert table(pilot.app).row_count == 30
        assert "30 rows" in status(pilot.app)
    kept = state.findings(KEY, sandbox.base_url)
    assert kept is not None and kept.perpage_cap == 30


async def test_text_printed_into_the_answers_is_said_once(make_sandbox, store_kind: str) -> None:
    sandbox = make_sandbox(store=store_kind, print_around_json="after")
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert "page 2" in status(pilot.app)
        assert notes(pilot.app).count(NOTICE) == 1


async def test_a_dropped_header_is_explained_with_the_fix(make_sandbox, store_kind: str) -> None:
    sandbox = make_sandbox(store=store_kind, drop_authorization=True)
    async with sandbox.app().run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ConnectErrorScreen)
        assert "drops the Authorization header before the store sees it" in screen.error.message
        assert "CGIPassAuth On" in screen.error.hint
        title = screen.query_one(".dialog-title", Label).render()
        assert str(title) == "The store refused the credentials, or never received them"
