"""Broken and hostile answers while the app is in use: a short, specific message,
then the app carries on and the same action works once the store is well again."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.conftest import Sandbox
from tests.ui.support import notes, open_edit, replace, rows, settle, started, value
from tui.ui.screens.form import FormScreen

Answer = Callable[[httpx.Request], httpx.Response]


def _respond(status: int, **content: object) -> Answer:
    return lambda request: httpx.Response(status, **content)  # type: ignore[arg-type]


def _raise(exc: Exception) -> Answer:
    def answer(request: httpx.Request) -> httpx.Response:
        raise exc

    return answer


BROKEN: dict[str, tuple[Answer, str]] = {
    "html-500": (_respond(500, text="<html><h1>Internal Server Error</h1></html>"),
                 "internal error (500)"),
    "empty-body": (_respond(200, content=b""), "empty answer"),
    "invalid-json": (_respond(200, text="[{\"download_id\": "), "not JSON"),
    "object-not-list": (_respond(200, json={"download_id": "x"}), "an object"),
    "envelope": (_respond(200, json={"data": []}), "an object"),
    "string-not-list": (_respond(200, json="downloads"), "a string"),
    "reset": (_raise(httpx.ReadError("Connection reset by peer")), "connection reset"),
    "refused": (_raise(httpx.ConnectError("[Errno 111] Connection refused")),
                "connection refused"),
    "never-answers": (_raise(httpx.ReadTimeout("timed out")), "did not answer within 15 s"),
}


def _on_list(answer: Answer) -> Callable[[httpx.Request], httpx.Response | None]:
    def fault(request: httpx.Request) -> httpx.Response | None:
        if request.method == "GET" and request.url.path.endswith("/downloads"):
            return answer(request)
        return None

    return fault


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
async def test_a_broken_list_answer_is_reported_and_refresh_recovers(
    sandbox: Sandbox, case: str
) -> None:
    answer, words = BROKEN[case]
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        before = rows(pilot.app)
        sandbox.transport.faults.append(_on_list(answer))
        await pilot.press("ctrl+r")
        await settle(pilot, timeout=10)
        failures = [n for n in notes(pilot.app) if n.startswith("Loading downloads failed")]
        assert failures and words in failures[-1]
        assert "Traceback" not in failures[-1] and len(failures[-1]) < 300
        assert rows(pilot.app) == before  # what was on screen stays
        sandbox.transport.faults.clear()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert rows(pilot.app) == before
        await pilot.press("n")
        await settle(pilot)
        assert rows(pilot.app) != before


async def test_a_broken_answer_to_a_save_keeps_the_form(sandbox: Sandbox) -> None:
    def garbage(request: httpx.Request) -> httpx.Response | None:
        if request.method == "PATCH":
            return httpx.Response(200, text="<html>Error establishing a database connection")
        return None

    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await open_edit(pilot)
        sandbox.transport.faults.append(garbage)
        await replace(pilot, "download_count", "9")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FormScreen)
        assert value(pilot.app, "download_count") == "9"
        assert any("not JSON" in note for note in notes(pilot.app))


async def test_an_id_of_any_characters_is_shown_spelled_out_everywhere() -> None:
    """A store's id column takes any text: one holding escape sequences and a bidi
    override is shown visibly escaped in the table, the dialogs and the messages, and
    sent back whole, escaped only in the URL."""
    from tests.conftest import FIXED_NOW
    from tests.fakes import RECORD, ScriptedStore
    from tests.ui.support import screen_text
    from tui.ui.app import EasyCartApp
    from tui.ui.screens.confirm import DeleteDialog
    from tui.core.text import visible

    hostile = "\x1b[31mred\u202eexe"
    record = {**RECORD, "download_id": hostile}

    def answer(request: httpx.Request) -> httpx.Response:
        listing = request.method == "GET" and request.url.path.endswith("/downloads")
        return httpx.Response(200, json=[record] if listing else record)

    store = ScriptedStore(answer)
    app = EasyCartApp(store.client(), "hostile", clock=lambda: FIXED_NOW, cursor_blink=False,
                      cache_pages=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert rows(app)[0][0] == visible(hostile) == "\\x1b[31mred\\u202eexe"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DeleteDialog)
        assert f"Delete download {visible(hostile)}?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert f"Deleted download {visible(hostile)}. Press u to undo." in notes(app)
        deleting = [r for r in store.requests if r.method == "DELETE"]
        assert [r.url.raw_path.decode() for r in deleting] == [
            "/wp-json/easycart/v1/downloads/%1B%5B31mred%E2%80%AEexe"]
        assert not [ch for ch in screen_text(app) if ch in "\x1b\u202e"]
