"""The commands against stores that behave as real WordPress stores do: a page-size
cap, an API root in either form or a wrong one, a store that never answers, the
long ids real stores make. Run in this process, but for a silent store: that command
is a process of its own, so the time it takes to give up is the real one."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from collections.abc import Iterator

import pytest

from tests.conftest import STORE_ROOTS, api_root
from tests.cli.support import run_process, store_env
from tests.hostile_support import raw_server, run_in_process
from tui.sandbox import create_app
from tui.sandbox.server import running_server

TOKEN, SECRET = "real-token", "real-secret-Q7"


def run(url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The command, run in this process."""
    return run_in_process(store_env(url, TOKEN, SECRET, **env), *args)


@pytest.fixture(scope="module", params=["plain", "wordpress-query"])
def capped_store(request: pytest.FixtureRequest) -> Iterator[tuple[str, list[str]]]:
    """A live store of 240 records serving at most 30 a page, and its ids in order."""
    app = create_app(records=240, token=TOKEN, secret=SECRET, perpage_cap=30,
                     flavor=STORE_ROOTS[request.param][0])
    with running_server(app) as site:
        # Read from the store's database, not through the client under test.
        records = asyncio.run(app.state.store.list(1, 10_000))
        yield api_root(site, request.param), [record["download_id"] for record in records]


def test_list_all_reads_every_record_of_a_store_capping_at_30(capped_store) -> None:
    root, ids = capped_store
    assert len(ids) == len(set(ids)) == 240
    for fmt in ("json", "csv"):
        result = run(root, "list", "--all", "--format", fmt)
        assert result.returncode == 0, result.stderr
        if fmt == "json":
            assert [r["download_id"] for r in json.loads(result.stdout)] == ids
        else:
            assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == ids


def test_a_45_character_id_is_whole_in_the_table_at_100_columns(capped_store) -> None:
    root, ids = capped_store
    result = run(root, "list", "--perpage", "10", COLUMNS="100")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[1:]] == ids[:10]
    assert {len(download_id) for download_id in ids} == {45}
    assert max(len(line) for line in lines) <= 100
    assert lines[0].split()[:2] == ["id", "created"]


@pytest.mark.parametrize("timeout", ["0", "-1", "nan", "inf", "601", "soon"])
def test_a_timeout_that_is_no_number_of_seconds_is_refused(timeout: str) -> None:
    result = run("http://127.0.0.1:9", "list", "--timeout", timeout)
    assert result.returncode == 2
    assert (f"argument --timeout: {timeout!r} is not a number of seconds above 0 and at most "
            f"600") in result.stderr
    assert "Traceback" not in result.stderr


def test_a_wrong_api_root_says_so_and_what_to_try() -> None:
    app = create_app(records=5, token=TOKEN, secret=SECRET, flavor="wordpress")
    with running_server(app) as site:
        tries = {
            f"{site}/shop": f"Try {site}/shop/wp-json/wp-easycart/v1 (pretty permalinks) or "
                            f"{site}/shop/?rest_route=/wp-easycart/v1 (plain permalinks",
            f"{site}/wp-json/wp-easycart/v1/downloads": f"Try {site}/wp-json/wp-easycart/v1 ",
            f"{site}/wp-json/easycart/v2": f"open {site}/?rest_route=/ to see the namespaces",
        }
        for wrong, hint in tries.items():
            for command in ("list", "check"):
                result = run(wrong, command)
                assert result.returncode == 1
                assert result.stderr.count("\n") == 1
                assert f"There is no Downloads API at {wrong} (" in result.stderr
                assert hint in result.stderr
                assert "deleted" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(("command", "timeout"), [("list", 1.0), ("get", 2.5), ("check", 1.0)])
def test_a_silent_store_is_reported_within_the_timeout(command: str, timeout: float) -> None:
    args = [command] + (["a09f7a170b3388b17e7a6e0c0c8e1f7a56577f3e8a1c2"] if command == "get"
                        else [])
    with raw_server("silent") as (url, _):
        started = time.monotonic()
        result = run_process(store_env(url, TOKEN, SECRET), *args, "--timeout",
                             str(timeout))
        elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert f"did not answer within {timeout:g} s" in result.stderr
    assert elapsed < timeout * 1.5 + 1
