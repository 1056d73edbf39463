"""The journal as a database's log is tested: every write on disk before it is sent,
whole lines or none when the disk fills at any point of an append, lines cut short
by a crash skipped and counted, many processes appending at once, the old recovery
log read back, one store under every address it is reached by."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fakes import BASE, RECORD, ScriptedStore
from tui.api import AuthError, Download, DownloadsClient, ServerError, encode_credentials
from tui.core import userdata
from tui.core.journal import Entry, Journal, JournalError, new_id, now, store_key
from tui.core.writes import Writes
from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN, create_app
from tui.core.userdata import ENV_DATA

STORE = "http://sandbox.invalid"


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "data" / "journal.jsonl", tmp_path / "data" / "recovery.jsonl")


@pytest.fixture
async def sandbox_client():
    app = create_app(records=20)
    client = DownloadsClient(STORE, DEFAULT_TOKEN, DEFAULT_SECRET,
                             transport=httpx.ASGITransport(app=app), retries=0)
    try:
        yield client
    finally:
        await client.aclose()
        await app.state.store.close()


def entry_of(download_id: str = "abc1", **fields: Any) -> Entry:
    return Entry(entry=new_id(), time=now(), store=store_key(BASE), action="update",
                 effect="update", download_id=download_id, before={"download_count": 1},
                 after={"download_count": 0}, **fields)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_default_journal_lives_in_the_data_dir(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_DATA, str(tmp_path / "elsewhere"))
    default = Journal.default()
    assert default.path == tmp_path / "elsewhere" / "journal.jsonl"
    assert default.old_path == tmp_path / "elsewhere" / "recovery.jsonl"


async def test_each_write_is_one_entry_marked_done(journal: Journal, sandbox_client) -> None:
    writes = Writes(sandbox_client, journal, profile="shop")
    original = (await sandbox_client.list(perpage=1)).records[0]
    created = await writes.create({"product_id": 14, "order_id": 10604,
                                   "download_file_name": "new.zip"})
    updated = await writes.update(original, {"download_count": 9})
    await writes.delete(updated)
    made, changed, deleted = journal.read().entries
    assert [e.action for e in (made, changed, deleted)] == ["create", "update", "delete"]
    assert {e.state for e in (made, changed, deleted)} == {"done"}
    assert {e.profile for e in (made, changed, deleted)} == {"shop"}
    # A create's id and record are the store's; an update holds the changed field only.
    assert made.download_id == created.download_id
    assert made.after == created.model_dump(mode="json")
    assert (changed.before, changed.after) == ({"download_count": original.download_count},
                                               {"download_count": 9})
    assert deleted.before == updated.model_dump(mode="json") and deleted.after is None
    assert _mode(journal.path) == 0o600 and _mode(journal.path.parent) == 0o700
    text = journal.path.read_text()
    assert text.isascii() and text.count("\n") == 6  # two lines an entry, whole
    for secret in (DEFAULT_SECRET, DEFAULT_TOKEN,
                   encode_credentials(DEFAULT_TOKEN, DEFAULT_SECRET)):
        assert secret not in text


@pytest.mark.parametrize("method", ["POST", "PATCH", "DELETE"])
async def test_the_entry_is_on_disk_before_the_request_is_sent(journal: Journal,
                                                              method: str) -> None:
    on_disk: list[list[dict[str, Any]]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == method:
            on_disk.append([json.loads(line) for line in journal.path.read_text().splitlines()])
            return httpx.Response(503, text="down")
        return httpx.Response(200, json=RECORD)

    record = Download.model_validate(RECORD)
    async with ScriptedStore(answer).client(retries=0) as client:
        writes = Writes(client, journal)
        with pytest.raises(ServerError):
            if method == "POST":
                await writes.create({"product_id": 1, "order_id": 2, "download_file_name": "f"})
            elif method == "PATCH":
                await writes.update(record, {"download_count": 0})
            else:
                await writes.delete(record)
    [[line]] = on_disk
    assert line["action"] == {"POST": "create", "PATCH": "update", "DELETE": "delete"}[method]
    assert line["store"] == store_key(BASE)
    # No answer worth trusting: the outcome stays unknown, never marked failed.
    [entry] = journal.read().entries
    assert entry.state == "pending"


async def test_a_refusal_is_marked_failed(journal: Journal) -> None:
    store = ScriptedStore(lambda request: httpx.Response(401, json={"code": "no"}))
    async with store.client() as client:
        with pytest.raises(AuthError):
            await Writes(client, journal).delete(Download.model_validate(RECORD))
    [entry] = journal.read().entries
    assert entry.state == "failed" and "refused" in (entry.reason or "")


@pytest.mark.parametrize("write", ["create", "update", "delete"])
async def test_nothing_is_sent_when_the_journal_cannot_be_written(tmp_path: Path,
                                                                 write: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    store = ScriptedStore(lambda request: httpx.Response(200, json=RECORD))
    record = Download.model_validate(RECORD)
    async with store.client() as client:
        writes = Writes(client, Journal(blocker / "journal.jsonl"))
        with pytest.raises(JournalError) as raised:
            if write == "create":
                await writes.create({"product_id": 1, "order_id": 2, "download_file_name": "f"})
            elif write == "update":
                await writes.update(record, {"download_count": 0})
            else:
                await writes.delete(record)
    assert store.requests == []
    assert str(raised.value) == (f"cannot write the journal {blocker}/journal.jsonl: Not a "
                                 "directory: the change was not sent, nothing changed")


class FullDisk:
    """`os.write` and `os.fsync` as on a disk that fills: the `fail_at`-th call of
    `what` writes `keep` bytes (a write) and then fails with ENOSPC."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, what: str, keep: int = 0) -> None:
        self.what, self.keep = what, keep
        self.armed = self.full = False
        real = {"write": os.write, "fsync": os.fsync}
        self.real = real

        def write(fd: int, data: Any) -> int:
            if self.armed and what == "write":
                if keep and not self.full:  # the first bytes fit, then the disk is full
                    self.full = True
                    return real["write"](fd, bytes(data[:keep]))
                self.armed = False
                raise OSError(errno.ENOSPC, "No space left on device")
            return real["write"](fd, data)

        def fsync(fd: int) -> None:
            if self.armed and what in ("fsync", "write"):
                self.armed = False
                raise OSError(errno.ENOSPC, "No space left on device")
            real["fsync"](fd)

        monkeypatch.setattr(userdata.os, "write", write)
        monkeypatch.setattr(userdata.os, "fsync", fsync)


@pytest.mark.parametrize(("what", "keep"), [
    ("write", 0),    # nothing of the line written
    ("write", 17),   # part of it, then the disk is full for the rest
    ("fsync", 0),    # all of it written, but it cannot be made to last
])
def test_a_full_disk_at_any_point_of_an_append_leaves_whole_lines(
        journal: Journal, monkeypatch: pytest.MonkeyPatch, what: str, keep: int) -> None:
    first = journal.begin(entry_of("first1"))
    before = journal.path.read_bytes()
    disk = FullDisk(monkeypatch, what, keep)
    disk.armed = True
    with pytest.raises(JournalError, match="No space left on device"):
        journal.begin(entry_of("torn01"))
    assert journal.path.read_bytes() == before  # cut back to where the append began
    journal.mark(first, "done")
    reading = journal.read()
    assert [(e.download_id, e.state) for e in reading.entries] == [("first1", "done")]
    assert reading.unreadable == 0


def test_a_line_a_killed_process_cut_short_hides_nothing(journal: Journal) -> None:
    first = journal.begin(entry_of("first1"))
    with journal.path.open("ab") as stream:  # what a process killed mid-write leaves
        stream.write(b'{"entry": "cut", "time": "2026-01-01T00:00:00+00:00", "sto')
    second = journal.begin(entry_of("second"))
    journal.mark(first, "done")
    journal.mark(second, "failed")
    reading = journal.read()
    assert [(e.download_id, e.state) for e in reading.entries] == [
        ("first1", "done"), ("second", "failed")]
    assert reading.unreadable == 1


def test_lines_that_are_not_entries_are_skipped_and_counted(journal: Journal) -> None:
    journal.begin(entry_of("kept01"))
    with journal.path.open("a") as stream:
        stream.write('not json\n[1, 2]\n{"entry": "x"}\n{"mark": "done"}\n\n')
    reading = journal.read()
    assert [e.download_id for e in reading.entries] == ["kept01"]
    assert reading.unreadable == 4  # the blank line is no loss


def test_a_journal_that_cannot_be_read_says_so(journal: Journal) -> None:
    journal.path.parent.mkdir(parents=True)
    journal.path.mkdir()
    with pytest.raises(JournalError, match="cannot read the journal"):
        journal.read()


def test_every_address_of_one_store_is_one_store() -> None:
    forms = ["https://shop.example.com/wp-json/wp-easycart/v1",
             "https://shop.example.com/wp-json/wp-easycart/v1/",
             "https://SHOP.example.com:443/wp-json/wp-easycart/v1",
             "https://shop.example.com/?rest_route=/wp-easycart/v1",
             "https://shop.example.com/index.php?rest_route=/wp-easycart/v1/",
             "https://user:pw@shop.example.com/wp-json/wp-easycart/v1"]
    assert {store_key(form) for form in forms} == {
        "https://shop.example.com/wp-json/wp-easycart/v1"}
    assert store_key("http://shop.example.com/wp-json/wp-easycart/v1") != store_key(forms[0])
    assert store_key("https://shop.example.com:8443/wp-json/wp-easycart/v1") != store_key(
        forms[0])


def test_the_old_recovery_log_is_read_back(journal: Journal) -> None:
    record = {**RECORD, "download_id": "gone01"}
    lines = [
        {"event": "deleting", "key": "a" * 32, "when": "2026-01-01T10:00:00+00:00",
         "store": BASE + "/", "profile": "shop", "record": record},
        {"event": "deleted", "key": "a" * 32, "when": "2026-01-01T10:00:01+00:00",
         "record": record},
        {"event": "deleting", "key": "b" * 32, "when": "2026-01-02T10:00:00+00:00",
         "store": BASE, "record": {**RECORD, "download_id": "kept01"}},
        {"event": "kept", "key": "b" * 32, "when": "2026-01-02T10:00:01+00:00"},
        {"event": "deleting", "key": "c" * 32, "when": "2026-01-03T10:00:00+00:00",
         "store": BASE, "record": {**RECORD, "download_id": "maybe1"}},
        {"event": "restored", "key": "a" * 32, "when": "2026-01-04T10:00:00+00:00",
         "new_id": "back01"},
    ]
    assert journal.old_path is not None
    journal.old_path.parent.mkdir(parents=True)
    journal.old_path.write_text("\n".join(json.dumps(line) for line in lines) + "\n{cut")
    reading = journal.read()
    shown = [(e.action, e.download_id, e.state) for e in reading.entries]
    assert shown == [("delete", "gone01", "undone"), ("delete", "kept01", "failed"),
                     ("delete", "maybe1", "pending"), ("restore", "back01", "done")]
    assert {e.store for e in reading.entries} == {store_key(BASE)}
    assert reading.entries[0].before == Download.model_validate(record).model_dump(mode="json")
    assert reading.unreadable == 1


def test_concurrent_processes_append_whole_entries(journal: Journal) -> None:
    writers, each = 4, 150
    program = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from tui.core.journal import Entry, Journal, new_id, now
        journal = Journal(Path({str(journal.path)!r}))
        for n in range({each}):
            entry = journal.begin(Entry(entry=new_id(), time=now(), store="s",
                                        action="delete", effect="delete",
                                        download_id=f"{{sys.argv[1]}}-{{n}}",
                                        before={{"download_file_name": "x" * 3000}},
                                        after=None))
            journal.mark(entry, "done")
    """)
    processes = [subprocess.Popen([sys.executable, "-c", program, str(number)])
                 for number in range(writers)]
    for process in processes:
        assert process.wait(timeout=120) == 0
    reading = journal.read()
    assert reading.unreadable == 0
    assert len(reading.entries) == writers * each
    assert {e.state for e in reading.entries} == {"done"}


@pytest.fixture
def small_disk(tmp_path: Path) -> Any:
    """A 64 KiB tmpfs, where the tests run as root and may mount one."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real full disk needs root, to mount a small tmpfs")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                          capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True, timeout=30)


async def test_a_really_full_disk_loses_no_deleted_record(small_disk: Path,
                                                        sandbox_client) -> None:
    journal = Journal(small_disk / "data" / "journal.jsonl")
    writes = Writes(sandbox_client, journal)
    records = (await sandbox_client.list(perpage=20)).records
    padding = small_disk / "padding"
    padding.write_bytes(b"x" * (60 * 1024 - 4096))
    deleted, refused = [], 0
    for record in records:
        try:
            await writes.delete(record)
        except JournalError as problem:
            assert "No space left on device" in str(problem)
            refused += 1
            assert await sandbox_client.get(record.download_id) == record  # never sent
        else:
            deleted.append(record)
    assert refused and deleted  # the disk filled part-way
    reading = journal.read()
    assert reading.unreadable == 0
    kept = {e.download_id: Download.model_validate(e.before) for e in reading.entries}
    # Every record the store no longer has is whole in the journal.
    assert all(kept[record.download_id] == record for record in deleted)
