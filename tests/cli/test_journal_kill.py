"""kill -9 at each point of a write, in real processes: between the journal and the
request, and between the store's change and its mark. Nothing the store no longer
has is lost, `history` says the outcome is unknown, and undo and restore look at the
store first, so a restore killed part-way is never made twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.hostile_support import COMMAND, isolated_env, run_in_process
from tui.sandbox import create_app
from tui.sandbox.server import running_server

pytestmark = pytest.mark.slow

TOKEN, SECRET = "kill-token", "kill-secret-55"


@dataclass
class Killing:
    """A live sandbox that kills the command writing to it: `when` is "before" (the
    store never acts on the request) or "after" (it acts, and the answer never
    leaves); `method` the writes it does it to. `made` counts what the store did."""

    env: dict[str, str] = field(default_factory=dict)
    method: str | None = None
    when: str = "before"
    victim: subprocess.Popen[str] | None = None
    made: dict[str, int] = field(default_factory=dict)

    def kill(self) -> None:
        assert self.victim is not None
        os.kill(self.victim.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # dead: a zombie, or reaped already
            try:
                with open(f"/proc/{self.victim.pid}/stat") as stat:
                    if stat.read().split(") ", 1)[1].startswith("Z"):
                        return
            except FileNotFoundError:
                return
            time.sleep(0.01)
        raise AssertionError("the command did not die")

    def killed(self, *args: str) -> None:
        """Run the command in a process of its own, to be killed at the write."""
        self.victim = subprocess.Popen([COMMAND, *args], env=self.env, text=True,
                                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE)
        self.victim.communicate(timeout=60)
        assert self.victim.returncode == -signal.SIGKILL
        self.method = None

    def run(self, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
        result = run_in_process(self.env, *args)
        assert result.returncode == code, result.stderr
        return result

    def history(self) -> list[dict[str, Any]]:
        return json.loads(self.run("history", "--format", "json").stdout)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Killing]:
    sandbox = create_app(records=5, token=TOKEN, secret=SECRET)
    killing = Killing()

    async def app(scope, receive, send) -> None:
        method = scope.get("method")
        if scope["type"] != "http" or method != killing.method:
            await sandbox(scope, receive, send)
            return
        if killing.when == "before":
            killing.kill()
            await send({"type": "http.response.start", "status": 503, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        held: list[dict[str, Any]] = []

        async def hold(message: dict[str, Any]) -> None:
            held.append(message)

        await sandbox(scope, receive, hold)
        killing.made[method] = killing.made.get(method, 0) + 1
        killing.kill()
        for message in held:
            await send(message)

    with running_server(app) as url:
        killing.env = isolated_env(tmp_path, url, token=TOKEN, secret=SECRET)
        yield killing


def first(store: Killing) -> dict[str, Any]:
    return json.loads(store.run("list", "--perpage", "1", "--format", "json").stdout)[0]


def test_killed_between_the_journal_and_the_request(store: Killing) -> None:
    record = first(store)
    store.method, store.when = "DELETE", "before"
    store.killed("delete", record["download_id"], "--yes")
    [entry] = store.history()
    assert (entry["action"], entry["state"], entry["before"]) == ("delete", "pending", record)
    assert "outcome unknown" in store.run("history").stdout
    # The store still has it: restore sees that and changes nothing.
    refused = run_in_process(store.env, "restore", record["download_id"])
    assert refused.returncode == 1 and "the download still exists" in refused.stderr
    assert store.history()[0]["state"] == "failed"
    assert json.loads(store.run("get", record["download_id"], "--format", "json").stdout) == \
        record


def test_killed_after_the_delete_before_its_mark_then_restore_killed_too(
        store: Killing) -> None:
    record = first(store)
    store.method, store.when = "DELETE", "after"
    store.killed("delete", record["download_id"], "--yes")
    assert store.made == {"DELETE": 1}
    [entry] = store.history()
    assert (entry["state"], entry["before"]) == ("pending", record)  # nothing lost

    # The restore is killed too, after the store made the record again.
    store.method, store.when = "POST", "after"
    store.killed("restore", record["download_id"])
    assert store.made == {"DELETE": 1, "POST": 1}
    # The restore looked first: the delete was made (now noted); the restore's outcome
    # is what is unknown.
    assert [e["state"] for e in store.history()] == ["pending", "done"]

    # Asked again, it finds the record it made: never made twice.
    again = run_in_process(store.env, "restore", record["download_id"])
    assert again.returncode == 1 and "re-created already, as" in again.stderr
    assert store.made == {"DELETE": 1, "POST": 1}
    restore, delete = store.history()
    assert (restore["state"], delete["state"]) == ("done", "undone")
    listed = json.loads(store.run("list", "--format", "json").stdout)
    same = [r for r in listed if r["download_file_name"] == record["download_file_name"]
            and r["order_id"] == record["order_id"]]
    assert len(same) == 1 and same[0]["download_id"] == restore["download_id"]


def test_killed_after_an_update_before_its_mark_is_undone_after_a_look(store: Killing) -> None:
    record = first(store)
    store.method, store.when = "PATCH", "after"
    store.killed("update", record["download_id"], "--set", "count=77")
    [entry] = store.history()
    assert entry["state"] == "pending" and entry["after"] == {"download_count": 77}
    undone = store.run("undo", "--yes")
    assert "1 written, 0 failed" in undone.stderr
    got = json.loads(store.run("get", record["download_id"], "--format", "json").stdout)
    assert got == record
    assert [e["state"] for e in store.history()] == ["done", "undone"]
