"""`delete` keeps every record in the recovery log first; `restore` puts it back.
Run in this process against a live sandbox on a loopback port."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.hostile_support import assert_one_line_failure, isolated_env, run_in_process
from tui.sandbox import create_app
from tui.sandbox.server import running_server

TOKEN, SECRET = "recovery-token", "recovery-secret-8f2"


@dataclass
class Watched:
    """A live sandbox that notes the recovery log's lines at each DELETE it gets,
    and can be told to fail DELETEs (503) after noting them."""

    url: str
    env: dict[str, str]
    log: Path
    at_delete: list[list[dict[str, Any]]] = field(default_factory=list)
    fail_deletes: bool = False

    def run(self, *args: str, code: int = 0):
        result = run_in_process(self.env, *args)
        assert result.returncode == code, result.stderr
        return result

    def first_id(self) -> str:
        return json.loads(self.run("list", "--perpage", "1", "--format", "json").stdout)[0][
            "download_id"]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Watched]:
    sandbox = create_app(records=10, token=TOKEN, secret=SECRET)
    watched = Watched("", {}, tmp_path / "data" / "recovery.jsonl")

    async def app(scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] == "DELETE":
            lines = watched.log.read_text().splitlines() if watched.log.exists() else []
            watched.at_delete.append([json.loads(line) for line in lines])
            if watched.fail_deletes:
                await send({"type": "http.response.start", "status": 503,
                            "headers": [(b"content-type", b"text/html")]})
                await send({"type": "http.response.body", "body": b"<h1>down</h1>"})
                return
        await sandbox(scope, receive, send)

    with running_server(app) as url:
        watched.url = url
        watched.env = isolated_env(tmp_path, url, token=TOKEN, secret=SECRET)
        yield watched


def test_delete_then_restore(store: Watched) -> None:
    download_id = store.first_id()
    original = json.loads(store.run("get", download_id, "--format", "json").stdout)

    deleted = store.run("delete", download_id, "--yes", "--format", "json")
    assert json.loads(deleted.stdout) == original
    assert f"easycart-tui restore {download_id}" in deleted.stderr

    # The whole record was on disk before the DELETE reached the store.
    (before,) = store.at_delete
    assert [line["event"] for line in before] == ["deleting"]
    assert before[0]["record"] == original and before[0]["store"] == store.url
    lines = [json.loads(line) for line in store.log.read_text().splitlines()]
    assert [line["event"] for line in lines] == ["deleting", "deleted"]
    assert stat.S_IMODE(store.log.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.log.parent.stat().st_mode) == 0o700
    store.run("get", download_id, code=1)

    listed = store.run("restore", "--list").stdout.splitlines()
    assert listed[0].split() == ["id", "file", "deleted", "state"]
    assert listed[1].split()[:2] == [download_id, original["download_file_name"]]
    assert listed[1].split()[-1] == "deleted"

    restored = store.run("restore", download_id, "--format", "json")
    new = json.loads(restored.stdout)
    assert new["download_id"] != download_id
    assert restored.stderr == f"restored download {download_id} as {new['download_id']}\n"
    assert {k: v for k, v in new.items() if k not in ("download_id", "date_created")} == {
        k: v for k, v in original.items() if k not in ("download_id", "date_created")}
    assert json.loads(store.run("get", new["download_id"], "--format", "json").stdout) == new

    assert store.run("restore", "--list", "--format", "json").stdout == "[]\n"
    again = run_in_process(store.env, "restore", download_id)
    assert_one_line_failure(again, f"already restored as {new['download_id']}")


def test_a_delete_whose_outcome_is_unknown_stays_restorable(store: Watched) -> None:
    download_id = store.first_id()
    store.fail_deletes = True
    failed = run_in_process(store.env, "delete", download_id, "--yes")
    assert_one_line_failure(failed, "(503)")
    assert len(store.at_delete) == 1  # a write is never retried
    (entry,) = json.loads(store.run("restore", "--list", "--format", "json").stdout)
    assert (entry["download_id"], entry["state"]) == (download_id, "unconfirmed")
    # It was not deleted after all: restore sees that and leaves the store alone.
    refused = run_in_process(store.env, "restore", download_id)
    assert_one_line_failure(refused, "still exists")


def test_restore_of_an_unknown_id(store: Watched) -> None:
    result = run_in_process(store.env, "restore", "neverdeleted1")
    assert_one_line_failure(result, "holds no deleted download neverdeleted1")


@pytest.mark.parametrize("args", [["restore"], ["restore", "abc", "--list"]])
def test_restore_needs_an_id_or_list(store: Watched, args: list[str]) -> None:
    assert_one_line_failure(run_in_process(store.env, *args), "--list", code=2)


def test_a_read_only_profile_lists_but_does_not_restore(store: Watched, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'default_profile = "live"\n[profiles.live]\nbase_url = "{store.url}"\n'
        f'token = "{TOKEN}"\nsecret = "{SECRET}"\nread_only = true\n'
    )
    config.chmod(0o600)
    env = {k: v for k, v in store.env.items()
           if k not in ("EASYCART_URL", "EASYCART_TOKEN", "EASYCART_SECRET")}
    env["EASYCART_TUI_CONFIG"] = str(config)
    refused = run_in_process(env, "restore", "abc123")
    assert_one_line_failure(refused, "refusing to restore: profile 'live' is read-only", code=2)
    listed = run_in_process(env, "restore", "--list")
    assert listed.returncode == 0 and listed.stdout == "(nothing to restore)\n"
