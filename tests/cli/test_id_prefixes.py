"""`get`, `update`, `delete` and `restore` take the first characters of an id, as git
takes a commit's, on both kinds of store: the one download they start is acted on; a
start shared by several is refused with the candidates (exit 2); one that starts no
id is not found (exit 3), told apart from a failure (exit 1)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import STORE_ROOTS, api_root
from tests.hostile_support import (
    SECRET,
    TOKEN,
    assert_one_line_failure,
    isolated_env,
    run_in_process,
    unused_port,
)
from tui.sandbox import create_app
from tui.sandbox.server import running_server

#: Two ids that share their first 8 characters, planted in the store.
TWINS = ("beefcafe0" + "1" * 36, "beefcafe1" + "2" * 36)


@dataclass
class Store:
    env: dict[str, str]
    ids: list[str]

    def run(self, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
        result = run_in_process(self.env, *args)
        assert result.returncode == code, result.stderr
        return result

    def record(self, download_id: str) -> dict[str, object]:
        return json.loads(self.run("get", download_id, "--format", "json").stdout)


@pytest.fixture(params=["plain", "wordpress-query"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A live store of each kind whose first two ids are `TWINS`; its other ids are
    the sample's own."""
    db = tmp_path / "store.db"
    app = create_app(records=12, token=TOKEN, secret=SECRET, db=str(db),
                     flavor=STORE_ROOTS[request.param][0])
    with running_server(app) as site:
        env = isolated_env(tmp_path, api_root(site, request.param))
        ids = run_in_process(env, "list", "--format", "ids").stdout.split()
        with sqlite3.connect(db) as table:
            for old, new in zip(ids, TWINS):
                table.execute("UPDATE downloads SET download_id = ? WHERE download_id = ?",
                              (new, old))
        listed = run_in_process(env, "list", "--format", "ids").stdout.split()
        yield Store(env, [i for i in listed if i not in TWINS])


def test_get_takes_a_unique_start_of_an_id(store: Store) -> None:
    wanted = store.ids[3]
    shown = json.loads(store.run("get", wanted[:4], "--format", "json").stdout)
    assert shown["download_id"] == wanted
    assert store.run("get", TWINS[1][:9], "--format", "ids").stdout == f"{TWINS[1]}\n"


def test_update_and_delete_act_on_the_whole_id(store: Store) -> None:
    wanted = store.ids[4]
    updated = json.loads(store.run("update", wanted[:6], "--set", "count=7",
                                   "--format", "json").stdout)
    assert (updated["download_id"], updated["download_count"]) == (wanted, 7)
    assert store.record(wanted)["download_count"] == 7
    dry = store.run("update", wanted[:6], "--set", "count=0", "--dry-run")
    assert wanted in dry.stdout and store.record(wanted)["download_count"] == 7
    deleted = store.run("delete", wanted[:6], "--yes", "--format", "ids")
    assert deleted.stdout == f"{wanted}\n"
    store.run("get", wanted, code=3)


def test_restore_takes_a_start_of_a_deleted_id(store: Store) -> None:
    wanted = store.ids[5]
    store.run("delete", wanted, "--yes")
    restored = store.run("restore", wanted[:5], "--format", "json")
    new = json.loads(restored.stdout)["download_id"]
    assert restored.stderr == f"restored download {wanted} as {new}\n"
    again = run_in_process(store.env, "restore", wanted[:5])
    assert_one_line_failure(again, f"download {wanted} was restored already, as {new}")


def test_restore_refuses_a_start_two_deleted_ids_share(store: Store) -> None:
    for twin in TWINS:
        store.run("delete", twin, "--yes")
    refused = run_in_process(store.env, "restore", "beefcafe")
    assert_one_line_failure(refused, f"beefcafe is the start of 2 downloads' ids: "
                            f"{TWINS[0]}, {TWINS[1]}; give more of it.", code=2)
    store.run("restore", "beefcafe1")


@pytest.mark.parametrize("command", [["get"], ["update", "--set", "count=0"],
                                     ["delete", "--yes"]])
def test_a_start_several_ids_share_is_refused_with_them(store: Store,
                                                        command: list[str]) -> None:
    before = [store.record(twin) for twin in TWINS]
    refused = run_in_process(store.env, command[0], "beefcafe", *command[1:])
    assert_one_line_failure(refused, f"beefcafe is the start of 2 downloads' ids: "
                            f"{TWINS[0]}, {TWINS[1]}; give more of it.", code=2)
    assert [store.record(twin) for twin in TWINS] == before  # neither touched


@pytest.mark.parametrize("command", [["get"], ["update", "--set", "count=0"],
                                     ["delete", "--yes"], ["restore"]])
def test_a_start_no_id_has_is_not_found(store: Store, command: list[str]) -> None:
    missing = run_in_process(store.env, command[0], "0000dead", *command[1:])
    words = ("holds no deleted download 0000dead" if command == ["restore"]
             else "No download's id starts with 0000dead.")
    assert_one_line_failure(missing, words, code=3)


@pytest.mark.parametrize("command", [["get"], ["update", "--set", "count=0"],
                                     ["delete", "--yes"], ["restore"]])
def test_fewer_than_4_characters_are_a_usage_error(store: Store, command: list[str]) -> None:
    refused = run_in_process(store.env, command[0], "bee", *command[1:])
    assert_one_line_failure(refused, "bee is too short to look a download up by: give at "
                            "least 4 characters of its id.", code=2)


def test_a_store_that_cannot_be_reached_still_exits_1(tmp_path: Path) -> None:
    env = isolated_env(tmp_path, f"http://127.0.0.1:{unused_port()}")
    assert_one_line_failure(run_in_process(env, "get", "beefcafe"), "Could not connect")
