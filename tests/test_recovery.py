"""The recovery log: written before a DELETE leaves, readable after a crash,
private, and able to put a deleted record back."""

from __future__ import annotations

import io
import json
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.fakes import BASE, RECORD, SECRET, TOKEN, ScriptedStore
from tui.api import AuthError, Download, DownloadsClient, ServerError, encode_credentials
from tui.crashlog import scrub, write_crash_log
from tui.output import write_deletions
from tui.recovery import RecoveryError, RecoveryLog
from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN, create_app
from tui.userdata import ENV_DATA, data_dir

STORE = "http://sandbox.invalid"


@pytest.fixture
def log(tmp_path: Path) -> RecoveryLog:
    return RecoveryLog(tmp_path / "data" / "recovery.jsonl")


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


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_default_log_lives_in_the_data_dir(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_DATA, str(tmp_path / "elsewhere"))
    assert RecoveryLog.default().path == tmp_path / "elsewhere" / "recovery.jsonl"
    monkeypatch.delenv(ENV_DATA)
    assert data_dir().name == "easycart-tui"


async def test_delete_then_restore_round_trip(log: RecoveryLog, sandbox_client) -> None:
    page = await sandbox_client.list(perpage=1)
    original = page.records[0]
    entry = await log.delete(sandbox_client, original, profile="shop")
    assert entry.state == "deleted" and entry.record == original
    assert [e.download_id for e in log.entries(STORE)] == [original.download_id]
    assert log.entries("https://other.example/api") == []

    restored = await log.restore(sandbox_client, log.find(original.download_id, STORE))
    assert restored.download_id != original.download_id
    fields = ("product_id", "order_id", "download_count", "download_file_name", "is_amazon",
              "amazon_key")
    assert [getattr(restored, f) for f in fields] == [getattr(original, f) for f in fields]
    again = log.find(original.download_id)
    assert again is not None and again.restored_as == restored.download_id
    assert not again.restorable
    with pytest.raises(RecoveryError, match="already restored as"):
        await log.restore(sandbox_client, again)


async def test_the_log_is_private(log: RecoveryLog, sandbox_client) -> None:
    record = (await sandbox_client.list(perpage=1)).records[0]
    await log.delete(sandbox_client, record)
    assert _mode(log.path) == 0o600
    assert _mode(log.path.parent) == 0o700
    text = log.path.read_text()
    for secret in (DEFAULT_SECRET, DEFAULT_TOKEN, encode_credentials(DEFAULT_TOKEN, DEFAULT_SECRET)):
        assert secret not in text


async def test_the_entry_is_on_disk_before_the_delete_is_sent(log: RecoveryLog) -> None:
    on_disk_when_deleting: list[list[dict]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "DELETE":
            lines = log.path.read_text().splitlines()
            on_disk_when_deleting.append([json.loads(line) for line in lines])
            return httpx.Response(503, text="down")
        return httpx.Response(200, json=RECORD)

    client = ScriptedStore(answer).client(retries=0)
    async with client:
        with pytest.raises(ServerError):
            await log.delete(client, Download.model_validate(RECORD))
    (lines,) = on_disk_when_deleting
    assert [line["event"] for line in lines] == ["deleting"]
    assert lines[0]["record"] == RECORD and lines[0]["store"] == BASE
    # The outcome is unknown: the entry stays, unconfirmed, and can be restored.
    (entry,) = log.entries(BASE)
    assert entry.state == "pending" and entry.restorable


async def test_a_refused_delete_is_not_offered_for_restore(log: RecoveryLog) -> None:
    store = ScriptedStore(lambda request: httpx.Response(401, json={"code": "no"}))
    async with store.client() as client:
        with pytest.raises(AuthError):
            await log.delete(client, Download.model_validate(RECORD))
    assert log.entries() == []


async def test_restore_refuses_when_the_record_still_exists(log: RecoveryLog,
                                                            sandbox_client) -> None:
    record = (await sandbox_client.list(perpage=1)).records[0]
    entry = log.record_deletion(record, STORE)  # logged, but never deleted
    with pytest.raises(RecoveryError, match="still exists"):
        await log.restore(sandbox_client, entry)


async def test_nothing_is_deleted_when_the_log_cannot_be_written(tmp_path: Path,
                                                                  sandbox_client) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    log = RecoveryLog(blocker / "recovery.jsonl")
    record = (await sandbox_client.list(perpage=1)).records[0]
    with pytest.raises(RecoveryError, match="cannot write the recovery log"):
        await log.delete(sandbox_client, record)
    assert await sandbox_client.get(record.download_id) == record


def test_torn_and_foreign_lines_are_skipped(log: RecoveryLog) -> None:
    entry = log.record_deletion(Download.model_validate(RECORD), BASE)
    with log.path.open("a") as stream:
        stream.write('not json\n{"event": "deleted", "key": "unknown", "when": "2025-01-01"}\n')
        stream.write('{"event": "deleted", "key": "' + entry.key)  # cut short by a crash
    (found,) = log.entries()
    assert found.key == entry.key and found.state == "pending"


def test_entries_are_newest_first_and_store_text_is_ascii(log: RecoveryLog) -> None:
    names = ["first.zip", "\x1b]0;pwn\x07\u202e.zip"]
    for n, name in enumerate(names):
        log.record_deletion(Download.model_validate(
            {**RECORD, "download_id": f"id{n}", "download_file_name": name}), BASE)
    assert [e.download_id for e in log.entries()] == ["id1", "id0"]
    assert log.path.read_bytes().isascii()
    assert log.find("id1").record.download_file_name == names[1]


def test_a_missing_log_has_no_entries(log: RecoveryLog) -> None:
    assert log.entries() == [] and log.find("abc") is None


def test_crash_log_is_private_and_scrubbed(tmp_path: Path) -> None:
    encoded = encode_credentials(TOKEN, SECRET)
    try:
        raise RuntimeError(f"boom with {SECRET} and Bearer {encoded} and {TOKEN}")
    except RuntimeError as exc:
        path = write_crash_log(exc, [TOKEN, SECRET, encoded], tmp_path / "crashes")
    text = path.read_text()
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    assert "Traceback" in text and "RuntimeError: boom with ***" in text
    for secret in (TOKEN, SECRET, encoded):
        assert secret not in text


def test_scrub_replaces_the_longest_secret_first() -> None:
    assert scrub("key=abcdef", ["abc", "abcdef", ""]) == "key=***"


def test_the_recovery_and_crash_modules_load_no_ui() -> None:
    probe = ("import sys, tui.recovery, tui.crashlog\n"
             "assert not any(m.split('.')[0] == 'textual' for m in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr


async def test_a_logged_record_the_store_cannot_take_back_is_refused(log: RecoveryLog) -> None:
    store = ScriptedStore(lambda request: httpx.Response(404, json={"code": "gone"}))
    entry = log.record_deletion(Download.model_validate({**RECORD, "download_count": -1}), BASE)
    async with store.client() as client:
        with pytest.raises(RecoveryError, match="cannot be sent back"):
            await log.restore(client, entry)
    assert store.requests == []


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_restore_list_output_is_terminal_safe(log: RecoveryLog, fmt: str) -> None:
    nasty = "\x1b]0;pwn\x07\u202egnp.zip\r\n"
    log.record_deletion(Download.model_validate({**RECORD, "download_file_name": nasty}), BASE)
    out = io.StringIO()
    write_deletions(log.entries(), fmt, out)
    text = out.getvalue()
    assert all(ch.isprintable() or ch == "\n" for ch in text)
    if fmt == "json":
        (row,) = json.loads(text)
        assert row["download_file_name"] == nasty and row["state"] == "unconfirmed"
    else:
        assert "\\x1b]0;pwn\\x07\\u202egnp.zip\\r\\n" in text
