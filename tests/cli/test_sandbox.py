"""`easycart-tui sandbox` serves a store other commands can use, of either flavour;
`--sandbox --sandbox-flavor` chooses the flavour of the in-process one, which keeps
its changes between runs in the data directory until `--sandbox-reset`."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

import tui.sandbox
from tests.cli.support import run_process, store_env
from tests.hostile_support import COMMAND
from tests.sandbox.support import BEARER, serving_sandbox
from tui.api.models import WRITABLE_FIELDS
from tui.cli.main import main
from tui.config.connection import sandbox_connection
from tui.config.sandbox_file import sandbox_path
from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN

#: Every process these tests start is waited for at most this long.
WAIT = 60

def test_sandbox_command_serves_and_prints_credentials() -> None:
    with serving_sandbox("--records", "30", "--token", "tk1", "--secret", "sc1") as banner:
        match = re.search(r"http://127\.0\.0\.1:\d+", banner)
        assert match, banner
        assert "tk1" in banner and "sc1" in banner
        assert "permalinks" not in banner
        result = run_process(store_env(match.group(0), "tk1", "sc1"),
                             "list", "--all", "--format", "json")
        assert result.returncode == 0, result.stderr
        assert len(json.loads(result.stdout)) == 30


# The name the top level takes with --sandbox, and the command's older one.
@pytest.mark.parametrize("flag", ["--sandbox-flavor", "--flavor"])
def test_the_wordpress_flavour_serves_a_wordpress_site(flag: str) -> None:
    with serving_sandbox(flag, "wordpress", "--perpage-cap", "10",
                         "--records", "30") as banner:
        match = re.search(r"EASYCART_URL=(http://127\.0\.0\.1:\d+)/wp-json/wp-easycart/v1 ",
                          banner)
        assert match, banner
        site = match.group(1)
        api_root = f"{site}/wp-json/wp-easycart/v1"
        assert f"Sandbox store listening on {api_root}\n" in banner
        assert f"with plain permalinks: {site}/?rest_route=/wp-easycart/v1\n" in banner
        with httpx.Client(headers={"Authorization": BEARER}, timeout=5, trust_env=False) as http:
            records = http.get(f"{api_root}/downloads", params={"perpage": 100}).json()
            assert len(records) == 10  # the cap
            assert all(isinstance(value, str) for record in records for value in record.values())
            by_rest_route = http.get(
                f"{site}/", params={"rest_route": "/wp-easycart/v1/downloads", "perpage": 100}
            )
            assert by_rest_route.json() == records
            assert http.get(f"{site}/downloads").headers["content-type"].startswith("text/html")
            refused = http.get(f"{api_root}/downloads", headers={"Authorization": "Bearer no"})
            assert refused.status_code == 401
        result = run_process(store_env(api_root, DEFAULT_TOKEN, DEFAULT_SECRET),
                             "list", "--perpage", "5", "--format", "json")
        assert result.returncode == 0, result.stderr
        listed = [record["download_id"] for record in json.loads(result.stdout)]
        assert listed == [record["download_id"] for record in records[:5]]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["sandbox", "--perpage-cap", "0"], "--perpage-cap"),
        (["sandbox", "--perpage-cap", "-3"], "--perpage-cap"),
        (["--sandbox-flavor", "wordpress", "list"], "--sandbox"),
        (["list", "--sandbox-flavor", "wordpress"], "--sandbox"),
        (["--sandbox-flavor", "plain"], "--sandbox"),
        (["--sandbox-reset", "list"], "--sandbox"),
        (["list", "--sandbox-reset"], "--sandbox"),
    ],
)
def test_a_misused_sandbox_flag_is_a_one_line_error(args: list[str], named: str) -> None:
    result = run_process(store_env("https://shop.invalid", DEFAULT_TOKEN, DEFAULT_SECRET),
                         *args)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and named in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["sandbox", "--flavor", "shopify"],
                                  ["--sandbox", "--sandbox-flavor", "shopify", "list"]])
def test_an_unknown_flavour_is_a_usage_error(args: list[str]) -> None:
    result = run_process(None, *args)
    assert result.returncode == 2 and "invalid choice: 'shopify'" in result.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_sandbox_flavor_is_taken_before_or_after_the_command(where: str) -> None:
    flags = ["--sandbox", "--sandbox-flavor", "wordpress"]
    command = ["list", "--perpage", "3", "--format", "json"]
    args = [*flags, *command] if where == "before" else [*command, *flags]
    result = run_process(None, *args)
    assert result.returncode == 0, result.stderr
    assert [len(record["download_id"]) for record in json.loads(result.stdout)] == [45] * 3


def test_the_cli_names_every_flavour_the_sandbox_has() -> None:
    from tui.cli.parser import SANDBOX_FLAVORS

    assert set(SANDBOX_FLAVORS) == set(tui.sandbox.FLAVORS)


def test_the_sandbox_connection_points_at_the_flavours_api_root() -> None:
    plain = sandbox_connection()
    assert (plain.url, plain.sandbox, plain.sandbox_flavor) == (
        "http://sandbox.invalid", True, "plain"
    )
    wordpress = sandbox_connection("wordpress")
    assert (wordpress.url, wordpress.sandbox, wordpress.sandbox_flavor) == (
        "http://sandbox.invalid/wp-json/wp-easycart/v1", True, "wordpress"
    )


async def test_opening_the_sandbox_connection_serves_its_flavour(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[Any] = []
    real_create_app = tui.sandbox.create_app

    def create_app(**options: Any) -> Any:
        made.append(real_create_app(**options))
        return made[-1]

    monkeypatch.setattr(tui.sandbox, "create_app", create_app)
    for flavor in ("plain", "wordpress"):
        client = sandbox_connection(flavor).open(sandbox_records=3)  # type: ignore[arg-type]
        await client.aclose()
        assert made[-1].state.flavor.name == flavor
        await made[-1].state.store.close()


def _sandbox(flavor: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A command on the in-process sandbox of `flavor`, in a process of its own (a run)."""
    return run_process(None, "--sandbox", "--sandbox-flavor", flavor, *args)


def _count(flavor: str, *flags: str) -> int:
    result = _sandbox(flavor, *flags, "list", "--format", "count")
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def _first(flavor: str) -> dict[str, Any]:
    result = _sandbox(flavor, "list", "--perpage", "1", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)[0]


@pytest.mark.parametrize("flavor", ["plain", "wordpress"])
def test_a_change_in_one_run_is_there_in_the_next_and_undone_in_a_third(flavor: str) -> None:
    record = _first(flavor)
    deleted = _sandbox(flavor, "delete", record["download_id"], "--yes")
    assert deleted.returncode == 0, deleted.stderr
    assert _count(flavor) == 999
    assert _sandbox(flavor, "get", record["download_id"]).returncode != 0
    undone = _sandbox(flavor, "undo", "--yes", "--format", "json")
    assert undone.returncode == 0, undone.stderr
    assert _count(flavor) == 1000
    again = _sandbox(flavor, "list", "--all", "--format", "json")
    written = {field: record[field] for field in WRITABLE_FIELDS}  # re-created: a new id
    assert written in [{field: back[field] for field in WRITABLE_FIELDS}
                       for back in json.loads(again.stdout)]


def test_each_flavour_keeps_a_store_of_its_own(private_data_dir: Path) -> None:
    deleted = _sandbox("plain", "delete", _first("plain")["download_id"], "--yes")
    assert deleted.returncode == 0, deleted.stderr
    assert (_count("plain"), _count("wordpress")) == (999, 1000)
    assert {path.name for path in private_data_dir.glob("sandbox-*")} == {
        "sandbox-plain.sqlite3", "sandbox-wordpress.sqlite3"}  # closed whole: no log left


@pytest.mark.parametrize("flavor", ["plain", "wordpress"])
def test_sandbox_reset_starts_over_from_the_sample_data(flavor: str) -> None:
    record = _first(flavor)
    updated = _sandbox(flavor, "update", record["download_id"], "--set", "download_count=77")
    assert updated.returncode == 0, updated.stderr
    assert _sandbox(flavor, "delete", _first(flavor)["download_id"], "--yes").returncode == 0
    assert _count(flavor, "--sandbox-reset") == 1000
    assert _first(flavor) == record


def test_what_the_app_writes_is_what_the_commands_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def delete_the_first() -> None:
        # The app opens its store as every command does: `Connection.open`.
        async with sandbox_connection().open() as client:
            first = (await client.list(perpage=1)).records[0]
            await client.delete(first.download_id)

    asyncio.run(delete_the_first())
    assert main(["--sandbox", "list", "--format", "count"]) == 0
    assert capsys.readouterr().out.strip() == "999"


def test_several_runs_opening_a_new_sandbox_at_once_share_it() -> None:
    runs = [subprocess.Popen([COMMAND, "--sandbox", "list", "--format", "count"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    for run in runs:
        out, err = run.communicate(timeout=WAIT)
        assert (run.returncode, out, err) == (0, "1000\n", "")


def test_a_data_directory_that_cannot_hold_the_sandbox_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("EASYCART_TUI_DATA", str(blocker))
    result = run_process(None, "--sandbox", "list")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (f"easycart-tui: cannot keep the sandbox in {blocker} (not a "
                             f"directory): set EASYCART_TUI_DATA to a directory of yours\n")


def test_the_sandbox_file_is_in_the_data_directory(private_data_dir: Path) -> None:
    assert sandbox_path("wordpress") == private_data_dir / "sandbox-wordpress.sqlite3"
