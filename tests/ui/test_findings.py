"""The app and what it knows of its store: a sort the store ignores is shown as a
sort of the page on screen, the rows per page respect the store's cap, totals
are shown, and what it learns is kept in the state file across restarts."""

from __future__ import annotations

from pathlib import Path

from tests.ui.support import column, headers, notes, settle, started, status
from tui.core.findings.model import Findings, store_key
from tui.config.state import StateFile, with_remembered_view

KEY = store_key(profile="test", url="unused")


def _state(tmp_path: Path) -> StateFile:
    return StateFile(tmp_path / "state" / "state.toml")


def _ascending(values: list[str]) -> bool:
    return values == sorted(values, key=str.casefold)


async def test_an_ignored_sort_is_seen_and_shown_as_a_sort_of_the_page(
        make_sandbox, store_kind: str, tmp_path: Path) -> None:
    sandbox = make_sandbox(store=store_kind, unsorted=("download_file_name",))
    state = _state(tmp_path)
    async with sandbox.app(state=state, store_key=KEY).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await settle(pilot)
        await pilot.press("6")  # sort by file name
        await settle(pilot)
        assert "sort: file ▲ on this page only" in status(pilot.app)
        assert headers(pilot.app)[5] == "file △"
        assert _ascending(column(pilot.app, 5))
        assert any("This store does not sort by file name" in note for note in notes(pilot.app))
        await pilot.press("6")  # the other way
        await settle(pilot)
        assert headers(pilot.app)[5] == "file ▽"
        files = column(pilot.app, 5)
        assert files == sorted(files, key=str.casefold, reverse=True)
        assert sandbox.transport.list_params()[-1]["sortby"] == "download_file_name"
    kept = state.findings(KEY, sandbox.base_url)
    assert kept is not None and kept.sort_of("download_file_name") == "ignored"


async def test_a_sort_the_store_honours_is_not_marked(make_sandbox, store_kind: str,
                                                      tmp_path: Path) -> None:
    sandbox = make_sandbox(store=store_kind, unsorted=("amazon_key",))
    state = _state(tmp_path)
    async with sandbox.app(state=state, store_key=KEY).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert "sort: file ▲" in status(pilot.app)
        assert "on this page only" not in status(pilot.app)
        assert headers(pilot.app)[5] == "file ▲"
    kept = state.findings(KEY, sandbox.base_url)
    assert kept is not None and kept.sort_of("download_file_name") == "honoured"


async def test_first_meeting_examines_the_store_after_the_first_page(
        make_sandbox, store_kind: str, tmp_path: Path) -> None:
    sandbox = make_sandbox(records=200, store=store_kind, perpage_cap=30)
    state = _state(tmp_path)
    async with sandbox.app(state=state, store_key=KEY).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await settle(pilot)
        asked = sandbox.transport.list_params()
        assert asked[0] == {"page": "1", "perpage": "50"}  # the first page went first
        assert {"page": "1", "perpage": "100"} in asked[1:]
        await pilot.press("minus")  # 50 → 25
        await settle(pilot)
        await pilot.press("plus")  # 25 → the cap, not 50
        await settle(pilot)
        assert sandbox.transport.list_params()[-1]["perpage"] == "30"
        await pilot.press("plus")
        await settle(pilot)
        assert any("at most 30 rows per page" in note for note in notes(pilot.app))
    kept = state.findings(KEY, sandbox.base_url)
    assert kept is not None
    assert (kept.perpage_cap, kept.totals, kept.by) == (30, False, "app")


async def test_what_was_learned_is_used_at_the_next_start(make_sandbox, store_kind: str,
                                                          tmp_path: Path) -> None:
    sandbox = make_sandbox(store=store_kind, perpage_cap=30, unsorted=("order_id",))
    state = _state(tmp_path)
    state.save_findings(KEY, Findings(url=sandbox.base_url, perpage_cap=30,
                                      sorts={"order_id": "ignored"}))
    async with sandbox.app(state=state, store_key=KEY).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await settle(pilot)
        assert {"perpage": "100"} not in [
            {k: v for k, v in p.items() if k == "perpage"} for p in sandbox.transport.list_params()
        ]  # known: no examination
        await pilot.press("4")  # order: known to be ignored, said at once
        assert any("does not sort by order id" in note for note in notes(pilot.app))
        await settle(pilot)
        assert "sort: order ▲ on this page only" in status(pilot.app)
        orders = [int(value) for value in column(pilot.app, 3)]
        assert orders == sorted(orders)
        assert sandbox.transport.list_params()[-1]["perpage"] == "30"


async def test_findings_for_another_api_root_are_not_used(make_sandbox, tmp_path: Path) -> None:
    sandbox = make_sandbox()
    state = _state(tmp_path)
    state.save_findings(KEY, Findings(url="https://elsewhere.example/wp-json/x",
                                      sorts={"order_id": "ignored"}))
    async with sandbox.app(state=state, store_key=KEY).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert "on this page only" not in status(pilot.app)
    kept = state.findings(KEY, sandbox.base_url)
    assert kept is not None and kept.sort_of("order_id") == "honoured"


async def test_totals_from_the_store_are_shown(make_sandbox, store_kind: str,
                                               tmp_path: Path) -> None:
    sandbox = make_sandbox(records=120, store=store_kind, totals=True)
    async with sandbox.app(state=_state(tmp_path), store_key=KEY).run_test(
            size=(100, 30)) as pilot:
        await started(pilot)
        assert "page 1 of 3" in status(pilot.app)
        assert "50 of 120 rows" in status(pilot.app)


async def test_without_a_state_file_nothing_is_examined(make_sandbox, store_kind: str) -> None:
    sandbox = make_sandbox(store=store_kind)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert sandbox.transport.list_params() == [
            {"page": "1", "perpage": "50"},
            {"page": "1", "perpage": "50", "sortby": "download_file_name", "sortdir": "ASC"}]


async def test_learned_findings_survive_a_restart_in_the_state_file_not_the_config(
        tmp_path: Path) -> None:
    from tests.conftest import FIXED_NOW
    from tui.ui.app import app_for
    from tui.config import Flags
    from tui.config.connection import Profiles
    from tui.sandbox import create_app
    from tui.sandbox.server import running_server

    store = create_app(records=120, token="live-token", secret="live-secret",
                       flavor="wordpress", unsorted=("amazon_key",))
    with running_server(store) as site:
        config = tmp_path / "config.toml"
        config.write_text(f'default_profile = "live"\n# mine\n[profiles.live]\n'
                          f'base_url = "{site}/?rest_route=/wp-easycart/v1"\n'
                          f'token = "live-token"\nsecret = "live-secret"\n', encoding="utf-8")
        config.chmod(0o600)
        profiles = Profiles(Flags(config=str(config)), environ={})

        def start() -> object:
            """As the command line opens it: in the view remembered for the profile."""
            connection, memory = with_remembered_view(profiles.connect(), StateFile.default())
            return app_for(connection, profiles, view_memory=memory, clock=lambda: FIXED_NOW,
                           cursor_blink=False, cache_pages=0)

        async with start().run_test(size=(100, 30)) as pilot:  # type: ignore[attr-defined]
            await started(pilot)
            await pilot.press("8")  # the S3 key: the store ignores it, and it is seen
            await settle(pilot)
            assert "sort: key ▲ on this page only" in status(pilot.app)
        state = StateFile.default()
        assert state.path.stat().st_mode & 0o777 == 0o600
        kept = state.findings("profile:live", f"{site}/?rest_route=/wp-easycart/v1")
        assert kept is not None and kept.sort_of("amazon_key") == "ignored"
        assert kept.perpage_cap == 100
        assert "ignored" not in config.read_text(encoding="utf-8")
        async with start().run_test(size=(100, 30)) as pilot:  # type: ignore[attr-defined]
            await started(pilot)
            await settle(pilot)
            # Known from the last run: the remembered sort is marked from the start.
            assert "sort: key ▲ on this page only" in status(pilot.app)
            assert headers(pilot.app)[7] == "key △"


async def test_a_cap_the_store_shows_since_is_kept(make_sandbox, store_kind: str,
                                                   tmp_path: Path) -> None:
    """Found before: no cap. The store now serves at most 30 a page, and the app
    keeps that once paging has proved it."""
    sandbox = make_sandbox(records=200, store=store_kind, perpage_cap=30)
    state = _state(tmp_path)
    state.save_findings(KEY, Findings(url=sandbox.base_url, perpage_cap=100))
    async with sandbox.app(state=state, store_key=KEY).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert sandbox.transport.list_params()[-1] == {"page": "2", "perpage": "30"}
        assert "page 2" in status(pilot.app)
    kept = state.findings(KEY, sandbox.base_url)
    assert kept is not None and kept.perpage_cap == 30


async def test_the_search_box_says_what_the_store_searches(make_sandbox, tmp_path: Path) -> None:
    sandbox = make_sandbox()
    state = _state(tmp_path)
    state.save_findings(KEY, Findings(url=sandbox.base_url, search={
        "download_id": "yes", "order_id": "yes", "download_file_name": "yes",
        "amazon_key": "no", "date_created": "unknown"}))
    async with sandbox.app(state=state, store_key=KEY).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await settle(pilot)
        await pilot.press("slash")
        box = pilot.app.screen.search_input
        assert box.placeholder == "Search id, order id, file name · filter: product=14 · Esc clears"
