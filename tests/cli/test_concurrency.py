"""`list --all --concurrency N` and the profile's `concurrency`: checked, used, the
same output at any N, and a failure part-way says where it stopped."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from starlette.responses import JSONResponse

from tests.config.support import default_config, isolate, one_line_error, run_main, write_config
from tests.core.test_export import list_all_args, list_all_output
from tui.api.errors import Forbidden
from tui.cli.main import main
from tui.config.connection import sandbox_connection
from tui.sandbox import create_app
from tui.sandbox.server import running_server

TOKEN, SECRET = "cli-token", "cli-secret-value"
#: Each list request is held this long by the store, so that those sent together overlap.
PAUSE = 0.02


class Watching:
    """An ASGI app in front of a sandbox store: holds each request `PAUSE`, counts
    the most held at once, and refuses page `failing` with WordPress's 403."""

    def __init__(self, app: Any, failing: int | None = None) -> None:
        self.app = app
        self.failing = failing
        self.in_flight = self.most_in_flight = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        page = parse_qs(scope["query_string"].decode()).get("page", ["1"])[0]
        self.in_flight += 1  # until the pause is over: the answer is not sent before
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(PAUSE)
        finally:
            self.in_flight -= 1
        if page == str(self.failing):
            refusal = {"code": "rest_forbidden", "message": "Sorry, you are not allowed "
                       "to do that.", "data": {"status": 403}}
            return await JSONResponse(refusal, status_code=403)(scope, receive, send)
        return await self.app(scope, receive, send)


@pytest.fixture
def serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """`serve(watching, env=True)`: the store on a loopback port, and its URL; with
    `env`, this process's environment points at it. No one's config file is read."""
    isolate(monkeypatch, tmp_path)

    def start(watching: Watching, env: bool = True) -> str:
        url = stack.enter_context(running_server(watching))
        if env:
            for name, value in (("URL", url), ("TOKEN", TOKEN), ("SECRET", SECRET)):
                monkeypatch.setenv(f"EASYCART_{name}", value)
        return url

    with ExitStack() as stack:
        yield start


def store(records: int = 1000) -> Any:
    return create_app(records=records, token=TOKEN, secret=SECRET)


@pytest.mark.parametrize("given", ["0", "17", "x", "2.5", "-1", ""])
def test_a_concurrency_outside_1_to_16_is_a_usage_error(
    given: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["list", "--all", "--sandbox", "--concurrency", given])
    assert exit_.value.code == 2
    error = capsys.readouterr().err.splitlines()[-1]
    assert error == (f"easycart-tui list: error: argument --concurrency: {given!r} is not a "
                     f"whole number from 1 to 16")


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("sort", [None, "order_id"])
async def test_the_output_is_byte_for_byte_that_of_one_page_at_a_time(
    make_sandbox, store_kind: str, capsys: pytest.CaptureFixture[str], fmt: str,
    sort: str | None,
) -> None:
    sandbox = make_sandbox(records=250, store=store_kind, perpage_cap=30)
    one_at_a_time = await list_all_output(
        sandbox, capsys, list_all_args(fmt, concurrency=1, sortby=sort, sortdir="desc"))
    for concurrency in (2, 3, 16):
        assert one_at_a_time == await list_all_output(
            sandbox, capsys,
            list_all_args(fmt, concurrency=concurrency, sortby=sort, sortdir="desc"))
    assert one_at_a_time.count("\n") > 250


def test_the_profile_s_concurrency_is_used_and_the_flag_wins(
    serve, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def profile_at(watching: Watching) -> None:
        """A fresh store for each run: a request the first run sent past the end and
        cancelled may still reach its store later, and must not count for the second."""
        write_config(default_config(tmp_path), f"""default_profile = "local"

[profiles.local]
base_url = "{serve(watching, env=False)}"
token = "{TOKEN}"
secret = "{SECRET}"
concurrency = 2
""")

    profile_at(first := Watching(store()))
    by_profile = run_main(capsys, "list", "--all", "--format", "csv")
    assert by_profile.returncode == 0, by_profile.stderr
    assert first.most_in_flight == 2
    profile_at(second := Watching(store()))
    by_flag = run_main(capsys, "list", "--all", "--format", "csv", "--concurrency", "1")
    assert second.most_in_flight == 1
    assert by_flag.stdout == by_profile.stdout
    assert len(by_flag.stdout.splitlines()) == 1001
    shown = run_main(capsys, "config", "show").stdout
    assert "concurrency          2 (file [profiles.local])" in shown


async def test_a_connection_opens_its_client_with_its_concurrency() -> None:
    assert sandbox_connection().concurrency == 3
    async with replace(sandbox_connection(), concurrency=5).open() as client:
        assert client.concurrency == 5


def test_by_default_three_requests_are_in_flight(serve, capsys: pytest.CaptureFixture[str]) -> None:
    watching = Watching(store())
    serve(watching)
    result = run_main(capsys, "list", "--all", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert watching.most_in_flight == 3


@pytest.mark.parametrize("concurrency", ["1", "3"])
def test_a_failure_part_way_keeps_what_was_written_and_says_where_it_stopped(
    serve, capsys: pytest.CaptureFixture[str], concurrency: str
) -> None:
    serve(Watching(store(), failing=8))
    result = run_main(capsys, "list", "--all", "--format", "csv", "--concurrency", concurrency)
    error = one_line_error(result, 1)
    assert error == (
        "easycart-tui: stopped after page 7 (700 records written): The store does not allow "
        f"this request with this token (403): Sorry, you are not allowed to do that. "
        f"{Forbidden.hint}\n")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) == 1 + 700
    ids = [row[0] for row in rows[1:]]  # the store's order: by id
    assert ids == sorted(set(ids))


def test_a_failure_on_the_first_page_is_reported_as_any_other(
    serve, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(Watching(store(), failing=1))
    result = run_main(capsys, "list", "--all", "--format", "csv")
    error = one_line_error(result, 1)
    assert "stopped" not in error
    assert error.startswith("easycart-tui: The store does not allow this request")
    assert result.stdout == ""


@pytest.mark.parametrize("value", ["0", "17", '"3"'])
def test_a_profile_concurrency_outside_1_to_16_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    value: str,
) -> None:
    isolate(monkeypatch, tmp_path)
    write_config(default_config(tmp_path), f"""default_profile = "local"

[profiles.local]
base_url = "http://127.0.0.1:9"
token = "t"
secret = "s"
concurrency = {value}
""")
    message = one_line_error(run_main(capsys, "list", "--all"))
    assert "concurrency" in message and "line 7" in message
