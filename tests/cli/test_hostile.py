"""The scripting commands against broken stores, over a real loopback socket:
exit 1, nothing on stdout, one clean line on stderr; reads retried, writes not.
Run in this process, but for a store that never answers: that command is a process
of its own, so its exit code and output are the real ones."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.hostile_support import (
    HostileStore,
    assert_one_line_failure,
    isolated_env,
    raw_server,
    run_in_process,
    unused_port,
)
from tui.api.client import encode_credentials
from tui.sandbox import create_app
from tui.sandbox.server import running_server

#: An id as long as a checkout's: read at once, with no search for what it starts.
WHOLE_ID = "abc123" + "0" * 39
NASTY = "\x1b]0;pwned\x07\x1b[2J\u202eevil\u2066\x9b1m\rover\x00.zip"


@pytest.fixture(scope="module")
def hostile() -> Iterator[tuple[str, HostileStore]]:
    store = HostileStore()
    with running_server(store.app) as url:
        yield url, store


@pytest.mark.parametrize(
    ("scenario", "args", "words"),
    [
        ("html500", ["list"], "internal error (500)"),
        ("html500", ["check"], "internal error (500)"),
        ("empty", ["list"], "empty answer"),
        ("invalid", ["get", WHOLE_ID], "not JSON"),
        ("envelope", ["list"], "was an object, not a list"),
        ("string", ["list", "--format", "json"], "was a string, not a list"),
        ("null", ["get", WHOLE_ID], "was null, not a download record"),
        ("huge", ["list", "--format", "csv"], "too large"),
        ("missing", ["get", WHOLE_ID], "cannot read"),
        ("types", ["get", WHOLE_ID, "--format", "json"], "cannot read"),
        ("nan", ["get", WHOLE_ID], "cannot read (product_id"),
        ("evil", ["list"], "bad"),
    ],
)
def test_a_broken_answer_is_one_line(tmp_path: Path, hostile, scenario: str, args: list[str],
                                     words: str) -> None:
    url, _ = hostile
    result = run_in_process(isolated_env(tmp_path, f"{url}/{scenario}"), *args)
    assert_one_line_failure(result, words)
    assert result.stderr[:-1].isprintable()


def test_a_failing_read_is_retried_twice(tmp_path: Path, hostile) -> None:
    url, store = hostile
    started = time.monotonic()
    result = run_in_process(isolated_env(tmp_path, f"{url}/unavailable"), "get", WHOLE_ID)
    assert_one_line_failure(result, "Maintenance")
    assert store.count("unavailable", "GET") == 3
    assert time.monotonic() - started < 30


@pytest.mark.parametrize(
    ("args", "sent"),
    [(["create", "--set", "product_id=1", "--set", "order_id=2", "--set",
      "download_file_name=a.zip"], ["POST"]),
     # The record is read first (the journal keeps what it held), then written once.
     (["update", WHOLE_ID, "--set", "order_id=2"], ["GET", "PATCH"]),
     (["delete", WHOLE_ID, "--yes"], ["GET", "DELETE"]),
     (["check"], ["POST"])],
)
def test_a_failing_write_is_sent_once(tmp_path: Path, args: list[str], sent: list[str]) -> None:
    store = HostileStore()
    with running_server(store.app) as url:
        result = run_in_process(isolated_env(tmp_path, f"{url}/unavailable-writes"), *args)
    assert_one_line_failure(result, "(503)")
    assert store.seen == [("unavailable-writes", method) for method in sent]


def test_a_server_that_never_answers(tmp_path: Path) -> None:
    with raw_server("silent") as (url, accepted):
        started = time.monotonic()
        # In this process, so that the time measured is the command's, not a start-up's.
        result = run_in_process(isolated_env(tmp_path, url), "list", "--timeout", "0.3")
        elapsed = time.monotonic() - started
    assert_one_line_failure(result, "did not answer within 0.3 s")
    # The timeout bounds the whole read: the first try used all of it.
    assert len(accepted) == 1 and elapsed < 0.3 * 1.5 + 1


def test_a_connection_reset(tmp_path: Path) -> None:
    with raw_server("reset") as (url, _):
        result = run_in_process(isolated_env(tmp_path, url), "get", WHOLE_ID)
    assert_one_line_failure(result, "Could not connect")


def test_a_refused_connection(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{unused_port()}"
    result = run_in_process(isolated_env(tmp_path, url), "list", "--format", "json")
    assert_one_line_failure(result, "connection refused")


@pytest.fixture(scope="module")
def nasty_store() -> Iterator[tuple[str, str]]:
    """A live sandbox holding one record whose text is full of escapes."""
    token, secret = "nasty-token", "nasty-secret"
    with running_server(create_app(records=3, token=token, secret=secret)) as url:
        response = httpx.post(
            f"{url}/downloads", timeout=10,
            headers={"Authorization": f"Bearer {encode_credentials(token, secret)}"},
            json={"product_id": 1, "order_id": 2, "download_file_name": NASTY,
                  "is_amazon": True, "amazon_key": NASTY[::-1]},
        )
        response.raise_for_status()
        yield url, response.json()["download_id"]


def _nasty_run(tmp_path: Path, nasty_store, *args: str):
    url, _ = nasty_store
    env = isolated_env(tmp_path, url, token="nasty-token", secret="nasty-secret")
    result = run_in_process(env, *args)
    assert result.returncode == 0, result.stderr
    return result


def _raw_characters(text: str) -> set[str]:
    return {ch for ch in text if not ch.isprintable() and ch != "\n"}


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_store_text_is_escaped_in_table_and_csv(tmp_path: Path, nasty_store, fmt: str) -> None:
    _, download_id = nasty_store
    listed = _nasty_run(tmp_path, nasty_store, "list", "--format", fmt)
    shown = _nasty_run(tmp_path, nasty_store, "get", download_id, "--format", fmt)
    for result in (listed, shown):
        assert not _raw_characters(result.stdout + result.stderr)
        assert "\\x1b]0;pwned\\x07" in result.stdout and "\\u202e" in result.stdout
    if fmt == "csv":
        (row,) = [r for r in csv.reader(io.StringIO(shown.stdout)) if r[0] == download_id]
        assert row[5] == "\\x1b]0;pwned\\x07\\x1b[2J\\u202eevil\\u2066\\x9b1m\\rover\\x00.zip"


def test_store_text_stays_exact_but_escaped_in_json(tmp_path: Path, nasty_store) -> None:
    _, download_id = nasty_store
    listed = _nasty_run(tmp_path, nasty_store, "list", "--format", "json")
    shown = _nasty_run(tmp_path, nasty_store, "get", download_id, "--format", "json")
    assert listed.stdout.isascii() and shown.stdout.isascii()
    assert json.loads(shown.stdout)["download_file_name"] == NASTY
    (found,) = [r for r in json.loads(listed.stdout) if r["download_id"] == download_id]
    assert found["amazon_key"] == NASTY[::-1]


def test_a_long_value_is_cut_in_the_table(tmp_path: Path, nasty_store) -> None:
    listed = _nasty_run(tmp_path, nasty_store, "list")
    assert all(len(line) < 200 for line in listed.stdout.splitlines())
    assert "…" in listed.stdout
