"""Every write of the commands goes to the journal first; `history` lists it, `undo`
takes it back (refusing over a change made meanwhile), `restore` re-creates a
deletion. Run in this process against a live sandbox on a loopback port, of both
kinds."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import STORE_ROOTS
from tests.hostile_support import assert_one_line_failure, isolated_env, run_in_process
from tui.core.journal import Entry, Journal, new_id, now
from tui.sandbox import create_app
from tui.sandbox.server import running_server

TOKEN, SECRET = "journal-token", "journal-secret-8f2"


@dataclass
class Watched:
    """A live sandbox that notes the journal's lines at each write it gets, and can be
    told to fail DELETEs (503) after noting them."""

    url: str
    env: dict[str, str]
    journal: Path
    at_write: list[list[dict[str, Any]]] = field(default_factory=list)
    fail_deletes: bool = False

    def run(self, *args: str, code: int = 0, env: dict[str, str] | None = None):
        result = run_in_process(env or self.env, *args)
        assert result.returncode == code, result.stderr
        return result

    def ids(self, count: int = 1) -> list[str]:
        listed = json.loads(self.run("list", "--perpage", str(count), "--format", "json").stdout)
        return [record["download_id"] for record in listed]

    def record(self, download_id: str) -> dict[str, Any]:
        return json.loads(self.run("get", download_id, "--format", "json").stdout)

    def meddle(self, download_id: str, **changes: Any) -> None:
        """A change made by someone else (not through this machine's journal)."""
        with httpx.Client(headers={"Authorization": self.env["AUTH_FOR_TESTS"]}) as other:
            url = self.url + STORE_ROOTS[self.kind][1]
            if "rest_route" in url:
                answer = other.patch(url.replace("/v1", f"/v1/downloads/{download_id}"),
                                     json=changes)
            else:
                answer = other.patch(f"{url}/downloads/{download_id}", json=changes)
            assert answer.status_code == 200, answer.text

    kind: str = "plain"

    def history(self, *args: str) -> list[dict[str, Any]]:
        return json.loads(self.run("history", "--format", "json", *args).stdout)


@pytest.fixture(params=["plain", "wordpress-query"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Watched]:
    from tui.api.client import encode_credentials

    kind = request.param
    sandbox = create_app(records=10, token=TOKEN, secret=SECRET,
                         flavor=STORE_ROOTS[kind][0])
    watched = Watched("", {}, tmp_path / "data" / "journal.jsonl", kind=kind)

    async def app(scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] in ("POST", "PATCH", "DELETE") \
                and b"authenticate" not in scope.get("query_string", b"") + scope["path"].encode():
            lines = watched.journal.read_text().splitlines() if watched.journal.exists() else []
            watched.at_write.append([json.loads(line) for line in lines])
            if watched.fail_deletes and scope["method"] == "DELETE":
                await send({"type": "http.response.start", "status": 503,
                            "headers": [(b"content-type", b"text/html")]})
                await send({"type": "http.response.body", "body": b"<h1>down</h1>"})
                return
        await sandbox(scope, receive, send)

    with running_server(app) as url:
        watched.url = url
        watched.env = isolated_env(tmp_path, url + STORE_ROOTS[kind][1], token=TOKEN,
                                   secret=SECRET)
        watched.env["AUTH_FOR_TESTS"] = f"Bearer {encode_credentials(TOKEN, SECRET)}"
        yield watched


def test_delete_then_restore(store: Watched) -> None:
    [download_id] = store.ids()
    original = store.record(download_id)

    deleted = store.run("delete", download_id, "--yes", "--format", "json")
    assert json.loads(deleted.stdout) == original
    assert f"easycart-tui restore {download_id}" in deleted.stderr

    # The whole record was on disk before the DELETE reached the store.
    (before,) = store.at_write
    assert [(line["action"], line["before"]) for line in before] == [("delete", original)]
    lines = [json.loads(line) for line in store.journal.read_text().splitlines()]
    assert [line.get("mark") for line in lines] == [None, "done"]
    assert stat.S_IMODE(store.journal.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.journal.parent.stat().st_mode) == 0o700
    store.run("get", download_id, code=3)  # not found

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
    assert store.record(new["download_id"]) == new

    assert store.run("restore", "--list", "--format", "json").stdout == "[]\n"
    again = run_in_process(store.env, "restore", download_id)
    assert_one_line_failure(again, f"restored already, as {new['download_id']}")
    [restore, delete] = store.history()[:2]
    assert (restore["action"], restore["undoes"], delete["state"]) == (
        "restore", delete["entry"], "undone")


def test_a_delete_whose_outcome_is_unknown_stays_restorable(store: Watched) -> None:
    [download_id] = store.ids()
    store.fail_deletes = True
    failed = run_in_process(store.env, "delete", download_id, "--yes")
    assert_one_line_failure(failed, "(503)")
    assert len(store.at_write) == 1  # a write is never retried
    (entry,) = json.loads(store.run("restore", "--list", "--format", "json").stdout)
    assert (entry["download_id"], entry["state"]) == (download_id, "unconfirmed")
    table = store.run("history").stdout.splitlines()
    assert "outcome unknown" in table[1]
    # It was not deleted after all: restore sees that and leaves the store alone.
    refused = run_in_process(store.env, "restore", download_id)
    assert_one_line_failure(refused, "the delete never reached the store: the download "
                                     "still exists")
    assert store.history()[0]["state"] == "failed"  # what the store showed is noted


def test_restore_of_an_unknown_id_exits_3(store: Watched) -> None:
    result = run_in_process(store.env, "restore", "neverdeleted1")
    assert_one_line_failure(result, "holds no deleted download neverdeleted1", code=3)


@pytest.mark.parametrize("args", [["restore"], ["restore", "abc", "--list"]])
def test_restore_needs_an_id_or_list(store: Watched, args: list[str]) -> None:
    assert_one_line_failure(run_in_process(store.env, *args), "--list", code=2)


def _read_only_env(store: Watched, tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text(
        f'default_profile = "live"\n[profiles.live]\nbase_url = "{store.env["EASYCART_URL"]}"\n'
        f'token = "{TOKEN}"\nsecret = "{SECRET}"\nread_only = true\n'
    )
    config.chmod(0o600)
    env = {k: v for k, v in store.env.items()
           if k not in ("EASYCART_URL", "EASYCART_TOKEN", "EASYCART_SECRET")}
    env["EASYCART_TUI_CONFIG"] = str(config)
    return env


def test_a_read_only_profile_lists_but_does_not_restore_or_undo(store: Watched,
                                                                tmp_path: Path) -> None:
    env = _read_only_env(store, tmp_path)
    refused = run_in_process(env, "restore", "abc123")
    assert_one_line_failure(refused, "refusing to restore: profile 'live' is read-only", code=2)
    refused = run_in_process(env, "undo", "--yes")
    assert_one_line_failure(refused, "refusing to undo: profile 'live' is read-only", code=2)
    listed = run_in_process(env, "restore", "--list")
    assert listed.returncode == 0 and listed.stdout == "(nothing to restore)\n"
    shown = run_in_process(env, "history")
    assert shown.returncode == 0 and shown.stdout == "(no changes in the journal)\n"


def test_history_lists_every_write_newest_first(store: Watched) -> None:
    first, second = store.ids(2)
    count = store.record(first)["download_count"]
    made = json.loads(store.run("create", "--set", "product=14", "--set", "order=10604",
                                "--set", "file=made.zip", "--format", "json").stdout)
    store.run("update", first, "--set", "count=9")
    store.run("update", "--where", "order=10604", "--set", "count=2", "--yes")
    store.run("delete", second, "--yes")
    entries = store.history()
    assert [(e["action"], e["download_id"]) for e in entries] == [
        ("delete", second), ("update", made["download_id"]), ("update", first),
        ("create", made["download_id"])]
    assert {"entry", "group", "time", "action", "download_id", "before", "after",
            "state"} <= set(entries[0])
    delete, grouped, single, create = entries
    assert delete["before"]["download_id"] == second and delete["after"] is None
    assert grouped["group"] and single["group"] is None
    assert (single["before"], single["after"]) == ({"download_count": count},
                                                   {"download_count": 9})
    assert create["before"] is None and create["after"]["download_file_name"] == "made.zip"
    assert {e["state"] for e in entries} == {"done"}

    assert [e["action"] for e in store.history("--limit", "2")] == ["delete", "update"]
    assert [e["action"] for e in store.history(made["download_id"])] == ["update", "create"]
    table = store.run("history").stdout.splitlines()
    assert table[0].split() == ["entry", "group", "time", "action", "download", "state",
                                "change"]
    assert table[3].endswith(f"done   download count {count} → 9")


def test_on_a_terminal_the_history_fits_and_ids_are_shortened(store: Watched) -> None:
    [download_id] = store.ids()
    store.run("update", download_id, "--set", "count=4", "--set", "file=renamed.zip")
    shown = store.run("history", env=dict(store.env, COLUMNS="100")).stdout.splitlines()
    assert all(len(line) <= 100 for line in shown), shown
    # As the app's list shows it: as much as tells the ids apart, at least 8 characters.
    assert f"  {download_id[:8]}…  " in shown[1] and "file name" in shown[1]
    piped = store.run("history").stdout.splitlines()  # no terminal: every id whole
    assert download_id in piped[1]


def test_every_address_of_the_store_shares_its_history(store: Watched) -> None:
    [download_id] = store.ids()
    store.run("update", download_id, "--set", "count=4")
    other = dict(store.env, EASYCART_URL=store.env["EASYCART_URL"] + "/")
    if store.kind == "plain":
        other["EASYCART_URL"] = store.url + "/"
    assert [e["download_id"] for e in json.loads(
        store.run("history", "--format", "json", env=other).stdout)] == [download_id]


def test_all_stores_shows_the_others_too(store: Watched) -> None:
    [download_id] = store.ids()
    store.run("update", download_id, "--set", "count=4")
    elsewhere = Journal(store.journal)
    elsewhere.begin(Entry(entry=new_id(), time=now(), store="https://other.example/wp-json/x",
                          action="delete", effect="delete", download_id="far01",
                          before={"download_id": "far01"}, after=None))
    assert [e["download_id"] for e in store.history()] == [download_id]
    assert [e["download_id"] for e in store.history("--all-stores")] == ["far01", download_id]


def test_undo_takes_back_the_newest_change_and_names_its_own(store: Watched) -> None:
    [download_id] = store.ids()
    before = store.record(download_id)
    store.run("update", download_id, "--set", "count=9", "--set", "file=new.zip")

    dry = store.run("undo", "--dry-run")
    assert "would write" in dry.stdout
    assert (f"set download {download_id}: download count 9 → {before['download_count']}, "
            f"file name “new.zip” → “{before['download_file_name']}”") in dry.stdout
    assert store.record(download_id)["download_count"] == 9  # a dry run writes nothing

    refused = run_in_process(store.env, "undo")  # standard input is not a terminal
    assert_one_line_failure(refused, "refusing to undo without --yes", code=2)

    done = store.run("undo", "--yes", "--format", "json")
    assert json.loads(done.stdout) == [before]
    assert store.record(download_id) == before
    assert "1 written, 0 failed" in done.stderr
    taken = store.history()[0]
    assert f"`easycart-tui undo {taken['entry']}` takes this undo back" in done.stderr
    store.run("undo", taken["entry"], "--yes")  # the undo, undone: the change again
    assert store.record(download_id)["download_count"] == 9


def test_undo_refuses_over_a_change_made_meanwhile_unless_forced(store: Watched) -> None:
    [download_id] = store.ids()
    before = store.record(download_id)
    store.run("update", download_id, "--set", "count=9")
    store.meddle(download_id, download_count=5)
    refused = run_in_process(store.env, "undo", "--yes")
    assert refused.returncode == 1
    assert (f"changed since: download {download_id}: its download count is 5 in the store, "
            "but the change left 9") in refused.stderr
    assert "nothing was undone" in refused.stderr and "--force" in refused.stderr
    assert store.record(download_id)["download_count"] == 5
    forced = store.run("undo", "--yes", "--force")
    assert "changed since: download" in forced.stderr  # said even when forced
    assert store.record(download_id)["download_count"] == before["download_count"]


def test_a_filtered_update_is_undone_as_one_action(store: Watched) -> None:
    ids = store.ids(3)
    before = {download_id: store.record(download_id) for download_id in ids}
    for download_id in ids:
        store.run("update", download_id, "--set", "order=10604")
    changed = store.run("update", "--where", "order=10604", "--set", "file=grouped.zip",
                        "--yes")
    group = store.history()[0]["group"]
    assert f"`easycart-tui undo {group}` takes them back" in changed.stderr
    undone = store.run("undo", "--yes")
    assert f"Undid group {group} (3 changes: update): 3 written, 0 failed" in undone.stderr
    assert [store.record(i)["download_file_name"] for i in ids] == [
        before[i]["download_file_name"] for i in ids]
    assert {store.record(i)["order_id"] for i in ids} == {10604}  # only the group


@pytest.mark.parametrize("command", [
    ["delete", "ID", "--yes"], ["update", "ID", "--set", "count=3"],
    ["create", "--set", "product=1", "--set", "order=2", "--set", "file=f.zip"],
])
def test_no_write_is_sent_when_the_journal_cannot_be_written(store: Watched, tmp_path: Path,
                                                             command: list[str]) -> None:
    [download_id] = store.ids()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    env = dict(store.env, EASYCART_TUI_DATA=str(blocker))
    result = run_in_process(env, *[download_id if word == "ID" else word for word in command])
    assert_one_line_failure(result, "cannot write the journal")
    assert "the change was not sent, nothing changed" in result.stderr
    assert store.at_write == []
    assert len(store.ids(100)) == 10


def test_an_old_recovery_log_is_restored_from(store: Watched) -> None:
    [download_id] = store.ids()
    record = store.record(download_id)
    store.run("delete", download_id, "--yes")
    store.journal.rename(store.journal.with_name("recovery.jsonl.new"))
    old = store.journal.with_name("recovery.jsonl")
    old.write_text(json.dumps({"event": "deleting", "key": "f" * 32,
                               "when": "2026-01-01T00:00:00+00:00",
                               "store": store.env["EASYCART_URL"], "record": record}) + "\n"
                   + json.dumps({"event": "deleted", "key": "f" * 32,
                                 "when": "2026-01-01T00:00:01+00:00"}) + "\n")
    store.journal.with_name("recovery.jsonl.new").unlink()
    (entry,) = json.loads(store.run("restore", "--list", "--format", "json").stdout)
    assert entry["download_id"] == download_id
    restored = json.loads(store.run("restore", download_id, "--format", "json").stdout)
    assert restored["download_file_name"] == record["download_file_name"]


def test_unreadable_lines_are_said(store: Watched) -> None:
    [download_id] = store.ids()
    store.run("update", download_id, "--set", "count=4")
    with store.journal.open("a") as stream:
        stream.write('{"entry": "cut sho')
    result = store.run("history")
    assert "1 line of the journal" in result.stderr and "could not be read" in result.stderr
    assert download_id in result.stdout


def test_start_up_loads_the_journal_commands_for_each_of_them() -> None:
    from tui.cli.main import JOURNAL_COMMAND_NAMES
    from tui.cli.journal_commands import JOURNAL_COMMANDS

    assert set(JOURNAL_COMMAND_NAMES) == set(JOURNAL_COMMANDS)
