"""`easycart-tui doctor`: what a store really supports, reported a line (or a JSON
key) per check, kept in the state file, never in the config file.

Mostly in-process: `examine` and `run_doctor` on sandbox stores behind an
in-process transport, and `tui.cli.main.main` against a live sandbox on 127.0.0.1.
One test runs the real commands in subprocesses."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.config.support import isolate, run_main, write_config
from tests.conftest import SANDBOX_BASE, STORE_ROOTS, Sandbox, api_root, route
from tests.fakes import BASE, PagedStore
from tests.hostile_support import COMMAND, unused_port
from tests.sandbox.support import listening_url, serving_sandbox
from tui.api.client import DownloadsClient, encode_credentials
from tui.api.models import FIELDS
from tui.api.root import ApiRoot
from tui.cli.parser import build_parser
from tui.config import Flags
from tui.config.connection import Connection, Profiles, sandbox_connection
from tui.cli.doctor import MARKS, PROBE_RECORD, examine, run_doctor, write_report
from tui.core.findings.model import Findings
from tui.core.findings.probes import Examination, read_list
from tui.core.findings.reach import examine_reach
from tui.core.journal import Journal, store_key
from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN, create_app
from tui.sandbox.server import running_server
from tui.config.state import FILE_NAME, StateFile

TOKEN, SECRET = "doctor-token-Hq4", "doctor-secret-Vb9-value"
WRONG_SECRET = "wrong-secret-Kx2"
FORBIDDEN = (TOKEN, SECRET, encode_credentials(TOKEN, SECRET), WRONG_SECRET,
             encode_credentials(TOKEN, WRONG_SECRET))
UNSORTED = ("amazon_key", "download_count")
#: The checks of a usable store, in the order they are made and reported.
READ_CHECKS = ["reachable", "tls", "url_form", "auth_bearer", "round_trip", "auth_basic_reads",
               "list_shape", "typing", "ids", "totals", "perpage_cap",
               *(f"sort.{field}" for field in FIELDS), "search"]
CHECK_FIELDS = ["status", "title", "text", "value"]
#: What `search` matches in each kind of sandbox (DESIGN §1: the plugin's admin search
#: is a substring match over id, order, product and file name).
PLAIN_SEARCH = {"download_id": "yes", "order_id": "yes", "product_id": "yes",
                "download_file_name": "yes", "amazon_key": "yes", "date_created": "no"}
WORDPRESS_SEARCH = PLAIN_SEARCH | {"amazon_key": "no"}


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No store named by the outer environment, no user config, no terminal width:
    only what each test gives. The state file and the journal are already the
    test's own (`private_data_dir`)."""
    isolate(monkeypatch, tmp_path)
    monkeypatch.delenv("COLUMNS", raising=False)


def flavor_of(store: str) -> Any:
    return STORE_ROOTS[store][0]


def connection_to(sandbox: Sandbox, store: str, **options: Any) -> Connection:
    return Connection(sandbox.base_url, DEFAULT_TOKEN, DEFAULT_SECRET, sandbox=True,
                      sandbox_flavor=flavor_of(store), **options)


async def doctor(sandbox: Sandbox, store: str = "plain", *, write: bool = False) -> Examination:
    async with sandbox.client(backoff=0) as client:
        return await examine(client, connection_to(sandbox, store), write=write)


def checks(exam: Examination) -> dict[str, tuple[str, Any]]:
    """Each check's status and value, by key."""
    return {check.key: (check.status, check.value) for check in exam.checks}


def expected_sorts(ignored: tuple[str, ...] = ()) -> dict[str, str]:
    return {field: "ignored" if field in ignored else "honoured" for field in FIELDS}


async def held(sandbox: Sandbox) -> list[dict[str, Any]]:
    """Every record, read from the sandbox's own database, not through the client."""
    return await sandbox.asgi.state.store.list(1, 10_000)


def answer(status: int, code: str, message: str) -> httpx.Response:
    return httpx.Response(status, json={"code": code, "message": message,
                                        "data": {"status": status}})


def refusing(method: str) -> Callable[[httpx.Request], httpx.Response | None]:
    """A fault: every `method` request refused as WordPress refuses it."""
    def fault(request: httpx.Request) -> httpx.Response | None:
        if request.method == method:
            return answer(403, "rest_forbidden", "Sorry, you are not allowed to do that.")
        return None
    return fault


def namespace(*, write: bool = False, fmt: str = "json") -> argparse.Namespace:
    return argparse.Namespace(write=write, format=fmt)


def assert_no_credentials(*texts: str) -> None:
    for text in texts:
        for secret in FORBIDDEN:
            assert secret not in text


# -- what is found, in-process ------------------------------------------------


@pytest.mark.parametrize("store", list(STORE_ROOTS))
async def test_a_store_capping_at_30_and_ignoring_two_sorts(
    make_sandbox: Callable[..., Sandbox], store: str
) -> None:
    sandbox = make_sandbox(records=120, store=store, perpage_cap=30, unsorted=UNSORTED)
    exam = await doctor(sandbox, store)
    assert exam.usable
    assert exam.findings.sorts == expected_sorts(UNSORTED)
    assert exam.findings.perpage_cap == 30
    found = checks(exam)
    assert list(found) == READ_CHECKS
    assert found["perpage_cap"][1] == 30
    for field in FIELDS:
        assert found[f"sort.{field}"] == (("failed", "ignored") if field in UNSORTED
                                          else ("ok", "honoured"))
    assert found["url_form"] == ("ok", "rest_route" if store == "wordpress-query" else "path")
    assert found["typing"] == ("ok", "numbers" if store == "plain" else "strings")
    assert found["list_shape"] == ("ok", "array")
    assert found["ids"][1] == {"shortest": 45, "longest": 45, "characters": "lowercase hex"}
    assert found["totals"] == ("failed", False)
    assert exam.findings.search == (PLAIN_SEARCH if store == "plain" else WORDPRESS_SEARCH)
    asked = sandbox.transport.list_params()
    # The short first page was followed by the next one at its size: more came, a cap.
    assert {"page": "2", "perpage": "30"} in asked
    sorted_by = [params for params in asked if "sortby" in params]
    assert sorted((p["sortby"], p["sortdir"]) for p in sorted_by) == sorted(
        (field, direction) for field in FIELDS for direction in ("ASC", "DESC"))
    assert {p["perpage"] for p in sorted_by} == {"30"}
    assert {p["page"] for p in sorted_by} == {"1"}


async def test_a_store_serving_all_that_is_asked_for_caps_at_100(
    both_sandboxes: Sandbox, store_kind: str
) -> None:
    exam = await doctor(both_sandboxes, store_kind)
    assert exam.usable
    assert checks(exam)["perpage_cap"] == ("ok", 100)
    assert exam.findings.perpage_cap == 100
    assert exam.findings.sorts == expected_sorts()
    asked = both_sandboxes.transport.list_params()
    assert {params["page"] for params in asked} == {"1"}  # no need for a second page
    assert any(params == {"page": "1", "perpage": "100"} for params in asked)


async def test_a_store_of_12_records_has_no_cap_to_tell(
    make_sandbox: Callable[..., Sandbox], store_kind: str
) -> None:
    sandbox = make_sandbox(records=12, store=store_kind)
    exam = await doctor(sandbox, store_kind)
    assert exam.usable
    status, value = checks(exam)["perpage_cap"]
    assert (status, value) == ("unknown", None)
    assert exam.findings.perpage_cap is None
    assert "only 12 downloads" in next(c.text for c in exam.checks if c.key == "perpage_cap")
    # Twelve rows when 100 were asked: the next page, at 12, came back empty.
    assert {"page": "2", "perpage": "12"} in sandbox.transport.list_params()
    assert exam.findings.sorts == expected_sorts()


async def test_an_empty_store_tells_no_cap_and_no_sort(
    make_sandbox: Callable[..., Sandbox]
) -> None:
    exam = await doctor(make_sandbox(records=0))
    assert exam.usable
    found = checks(exam)
    assert found["perpage_cap"] == ("unknown", None)
    assert found["typing"][0] == found["ids"][0] == "unknown"
    assert exam.findings.perpage_cap is None and exam.findings.typing is None
    assert exam.findings.sorts == dict.fromkeys(FIELDS, "unknown")
    assert set(exam.findings.search.values()) == {"unknown"}


async def test_totals_headers_are_found_and_tell_the_cap_without_a_second_page(
    make_sandbox: Callable[..., Sandbox], store_kind: str
) -> None:
    sandbox = make_sandbox(records=120, store=store_kind, totals=True, perpage_cap=30)
    exam = await doctor(sandbox, store_kind)
    assert checks(exam)["totals"] == ("ok", True)
    assert exam.findings.totals is True
    assert exam.findings.perpage_cap == 30
    assert {params["page"] for params in sandbox.transport.list_params()} == {"1"}


async def test_totals_tell_a_short_store_from_a_cap(
    make_sandbox: Callable[..., Sandbox], store_kind: str
) -> None:
    sandbox = make_sandbox(records=12, store=store_kind, totals=True)
    exam = await doctor(sandbox, store_kind)
    assert checks(exam)["totals"] == ("ok", True)
    assert checks(exam)["perpage_cap"] == ("unknown", None)
    assert {params["page"] for params in sandbox.transport.list_params()} == {"1"}


@pytest.mark.parametrize(("rows", "cap", "wrapped", "offsets", "asked", "found"), [
    (120, 30, True, "capped", [(1, 100)], 30),
    (12, 100, True, "capped", [(1, 100)], None),
    (120, 30, False, "capped", [(1, 100), (2, 30)], 30),
    (120, 30, False, "asked", [(1, 100), (2, 30)], 30),
    (12, 100, False, "capped", [(1, 100), (2, 12)], None),
    (100, 100, False, "capped", [(1, 100)], 100),
])
async def test_the_cap_from_the_list_answer(
    rows: int, cap: int, wrapped: bool, offsets: str, asked: list[tuple[int, int]],
    found: int | None,
) -> None:
    """EasyCart's wrapper says whether more follow; a bare array needs the next page."""
    store = PagedStore(rows, cap, wrapped=wrapped, offsets=offsets)
    exam = Examination(Findings(url=BASE))
    async with store.client(backoff=0) as client:
        await read_list(client, exam)
    assert store.asked() == asked
    assert exam.findings.perpage_cap == found
    assert checks(exam)["list_shape"] == ("ok", "results" if wrapped else "array")
    assert checks(exam)["perpage_cap"][0] == {None: "unknown", 100: "ok"}.get(found, "failed")


async def test_every_row_alike_says_nothing_of_that_sort(
    make_sandbox: Callable[..., Sandbox], store_kind: str
) -> None:
    sandbox = make_sandbox(records=30, store=store_kind)
    store = sandbox.asgi.state.store
    for record in await held(sandbox):
        await store.update(record["download_id"], {"download_count": 7})
    exam = await doctor(sandbox, store_kind)
    assert checks(exam)["sort.download_count"] == ("unknown", "unknown")
    assert exam.findings.sorts == expected_sorts() | {"download_count": "unknown"}
    out = _report(exam, "table")
    assert "? sort by count" in out.splitlines()[READ_CHECKS.index("sort.download_count") + 1]


async def test_a_sort_refused_with_an_error(make_sandbox: Callable[..., Sandbox]) -> None:
    sandbox = make_sandbox()

    def no_key_sort(request: httpx.Request) -> httpx.Response | None:
        if request.url.params.get("sortby") == "amazon_key":
            return answer(400, "rest_invalid_param", "Invalid parameter(s): sortby")
        return None

    sandbox.transport.faults.append(no_key_sort)
    exam = await doctor(sandbox)
    assert exam.usable
    assert checks(exam)["sort.amazon_key"] == ("failed", "refused")
    assert exam.findings.sorts == expected_sorts() | {"amazon_key": "refused"}
    assert exam.findings.sorts_on_screen("amazon_key")


async def test_a_store_refusing_basic_for_reads(make_sandbox: Callable[..., Sandbox]) -> None:
    sandbox = make_sandbox()

    def bearer_only(request: httpx.Request) -> httpx.Response | None:
        if request.headers.get("authorization", "").startswith("Basic "):
            return answer(401, "rest_forbidden", "Sorry, you are not allowed to do that.")
        return None

    sandbox.transport.faults.append(bearer_only)
    exam = await doctor(sandbox)
    assert exam.usable
    assert checks(exam)["auth_basic_reads"] == ("failed", False)
    assert exam.findings.basic_reads is False


async def test_basic_reads_are_tried_with_basic_and_everything_else_with_bearer(
    make_sandbox: Callable[..., Sandbox]
) -> None:
    sandbox = make_sandbox()
    exam = await doctor(sandbox)
    assert checks(exam)["auth_basic_reads"] == ("ok", True)
    schemes = [request.headers["authorization"].split()[0] for request in
               sandbox.transport.requests]
    assert schemes.count("Basic") == 1
    assert set(schemes) == {"Basic", "Bearer"}


async def test_which_fields_search_matches(
    make_sandbox: Callable[..., Sandbox], store_kind: str
) -> None:
    exam = await doctor(make_sandbox(store=store_kind), store_kind)
    expected = PLAIN_SEARCH if store_kind == "plain" else WORDPRESS_SEARCH
    assert exam.findings.search == expected
    assert checks(exam)["search"] == ("ok", expected)


async def test_the_round_trip_is_the_median_of_five_reads(
    make_sandbox: Callable[..., Sandbox]
) -> None:
    sandbox = make_sandbox()
    exam = await doctor(sandbox)
    status, value = checks(exam)["round_trip"]
    assert status == "ok" and isinstance(value, int) and value >= 0
    assert sum(params == {"page": "1", "perpage": "1"}
               for params in sandbox.transport.list_params()) >= 5


@pytest.mark.parametrize(("url", "verify", "in_process", "expected"), [
    ("https://shop.example.test", True, False, ("ok", "verified")),
    ("https://shop.example.test", False, False, ("failed", "unverified")),
    ("http://shop.example.test", True, False, ("failed", "none")),
    ("http://127.0.0.1:1", True, False, ("ok", "none")),
    ("http://sandbox.invalid", True, True, ("ok", "none")),
])
async def test_tls(url: str, verify: bool, in_process: bool, expected: tuple[str, str]) -> None:
    transport = httpx.ASGITransport(app=create_app(records=1))
    exam = Examination(Findings(url=url))
    async with DownloadsClient(url, DEFAULT_TOKEN, DEFAULT_SECRET, transport=transport,
                               backoff=0) as client:
        assert await examine_reach(client, exam, verify_tls=verify, in_process=in_process)
    assert checks(exam)["tls"] == expected


# -- writes --------------------------------------------------------------------


async def test_write_creates_edits_and_deletes_a_probe_leaving_the_store_as_it_was(
    both_sandboxes: Sandbox, store_kind: str, private_data_dir: Path
) -> None:
    before = await held(both_sandboxes)
    exam = await doctor(both_sandboxes, store_kind, write=True)
    assert await held(both_sandboxes) == before
    assert exam.usable
    assert list(checks(exam)) == [*READ_CHECKS, "writes"]
    assert checks(exam)["writes"] == ("ok", True)
    assert exam.findings.writes is True
    transport = both_sandboxes.transport
    assert (transport.count("PATCH"), transport.count("DELETE")) == (1, 1)
    assert transport.bodies("PATCH") == [{"download_count": 1}]
    created = [json.loads(request.content) for request in transport.requests
               if request.method == "POST" and route(request).endswith("/downloads")]
    assert created == [PROBE_RECORD]
    journal = Journal.default()
    assert journal.path.is_relative_to(private_data_dir)
    # One action: the probe made, edited and deleted, each write done.
    made, edited, entry = journal.read().entries
    assert [e.action for e in (made, edited, entry)] == ["create", "update", "delete"]
    assert {e.state for e in (made, edited, entry)} == {"done"}
    assert made.group == edited.group == entry.group is not None
    assert edited.before == {"download_count": 0} and edited.after == {"download_count": 1}
    assert entry.before is not None
    assert entry.before["download_file_name"] == PROBE_RECORD["download_file_name"]
    assert entry.before["download_count"] == 1
    assert entry.store == store_key(both_sandboxes.base_url)
    assert entry.download_id in next(c.text for c in exam.checks if c.key == "writes")
    assert not any(record["download_id"] == entry.download_id for record in before)


@pytest.mark.parametrize("refused", ["POST", "PATCH", "DELETE"])
async def test_a_store_refusing_writes_is_still_usable(
    make_sandbox: Callable[..., Sandbox], refused: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox = make_sandbox(records=30, store="wordpress-query")
    before = await held(sandbox)

    def refuse(request: httpx.Request) -> httpx.Response | None:
        # The credentials check (a POST too) goes through; the writes do not.
        return None if route(request).endswith("/authenticate/test") else (
            refusing(refused)(request))

    sandbox.transport.faults.append(refuse)
    async with sandbox.client(backoff=0) as client:
        code = await run_doctor(client, connection_to(sandbox, "wordpress-query"),
                                namespace(write=True))
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["usable"] is True
    assert report["checks"]["writes"]["status"] == "failed"
    assert report["checks"]["writes"]["value"] is False
    kept = StateFile.default().findings("sandbox:wordpress", sandbox.base_url)
    assert kept is not None and kept.writes is False
    after = await held(sandbox)
    if refused == "DELETE":
        # The probe could not be deleted: the report names it and how to remove it.
        [probe] = [record for record in after if record not in before]
        assert probe["download_file_name"] == PROBE_RECORD["download_file_name"]
        cleanup = report["checks"]["writes_cleanup"]
        assert cleanup["status"] == "failed"
        assert f"easycart-tui delete {probe['download_id']}" in cleanup["text"]
        # The delete is marked failed: nothing to restore.
        assert [(e.action, e.state) for e in Journal.default().read().entries][-1] == (
            "delete", "failed")
    else:
        assert after == before
        assert "writes_cleanup" not in report["checks"]
    assert list(report["checks"])[:len(READ_CHECKS)] == READ_CHECKS


async def test_an_edit_answered_but_not_made_is_a_failed_write(
    make_sandbox: Callable[..., Sandbox]
) -> None:
    sandbox = make_sandbox(records=5)

    def unchanged(request: httpx.Request) -> httpx.Response | None:
        if request.method != "PATCH":
            return None
        download_id = route(request).rsplit("/", 1)[1]
        return httpx.Response(200, json={**PROBE_RECORD, "download_id": download_id,
                                         "date_created": "2025-01-01 00:00:00",
                                         "amazon_key": ""})

    sandbox.transport.faults.append(unchanged)
    before = await held(sandbox)
    exam = await doctor(sandbox, write=True)
    assert checks(exam)["writes"] == ("failed", False)
    assert exam.findings.writes is False
    assert await held(sandbox) == before  # the probe was deleted all the same


# -- the report ------------------------------------------------------------------


def _report(exam: Examination, fmt: str, columns: int | None = None) -> str:
    out = io.StringIO()
    write_report("http://store.example/api", exam, fmt, out, columns)
    return out.getvalue()


async def test_the_table_has_a_line_per_check_with_its_mark(
    make_sandbox: Callable[..., Sandbox]
) -> None:
    exam = await doctor(make_sandbox(perpage_cap=30, unsorted=UNSORTED), write=True)
    lines = _report(exam, "table").splitlines()
    assert lines[0] == "http://store.example/api"
    assert lines[-1] == "The store is usable."
    assert len(lines) == len(exam.checks) + 2
    for check, line in zip(exam.checks, lines[1:-1], strict=True):
        assert line.startswith(f"{MARKS[check.status]} {check.title}")
        assert check.text in line
    marks = [line[0] for line in lines[1:-1]]
    assert marks.count("✗") == 4  # totals, the cap, the two ignored sorts
    assert set(marks) == {"✓", "✗"}


async def test_the_table_wraps_to_the_width_given(make_sandbox: Callable[..., Sandbox]) -> None:
    exam = await doctor(make_sandbox())
    lines = _report(exam, "table", columns=72).splitlines()
    assert max(len(line) for line in lines) <= 72
    assert len(lines) > len(exam.checks) + 2
    indent = max(len(check.title) for check in exam.checks) + 4
    continued = [line for line in lines[1:-1] if line[0] not in MARKS.values()]
    assert continued and all(line.startswith(" " * indent) for line in continued)


async def test_json_gives_every_check_with_its_stable_key(
    make_sandbox: Callable[..., Sandbox]
) -> None:
    exam = await doctor(make_sandbox(perpage_cap=30, unsorted=UNSORTED), write=True)
    report = json.loads(_report(exam, "json"))
    assert list(report) == ["store", "usable", "checks"]
    assert list(report["checks"]) == [*READ_CHECKS, "writes"]
    for check in report["checks"].values():
        assert list(check) == CHECK_FIELDS
        assert check["status"] in ("ok", "failed", "unknown")
    assert report["checks"]["perpage_cap"]["value"] == 30
    assert {field: report["checks"][f"sort.{field}"]["value"] for field in FIELDS} == (
        expected_sorts(UNSORTED))


@pytest.mark.parametrize("flavor", ["plain", "wordpress"])
@pytest.mark.parametrize("write", [False, True])
def test_json_keys_of_doctor_on_the_built_in_sandbox(
    capsys: pytest.CaptureFixture[str], flavor: str, write: bool
) -> None:
    args = ["--sandbox", "--sandbox-flavor", flavor, "doctor", "--format", "json"]
    result = run_main(capsys, *args, *(["--write"] if write else []))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    url = ApiRoot.parse(sandbox_connection(flavor).url).shown()
    assert report["store"] == url and report["usable"] is True
    assert list(report) == ["store", "usable", "checks"]
    assert list(report["checks"]) == READ_CHECKS + (["writes"] if write else [])
    assert all(list(check) == CHECK_FIELDS for check in report["checks"].values())
    kept = StateFile.default().findings(f"sandbox:{flavor}", url)
    assert kept is not None and kept.by == "doctor" and kept.perpage_cap == 100
    assert kept.sorts == expected_sorts()
    assert kept.writes is (True if write else None)


# -- failing stores, bad settings ------------------------------------------------------


def test_an_unreachable_store(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{unused_port()}"
    table = run_main(capsys, "doctor", "--url", url, "--token", TOKEN, "--secret", SECRET)
    assert table.returncode == 1
    assert table.stderr == ""
    lines = table.stdout.splitlines()
    assert lines[0] == url and lines[-1] == "The store is not usable."
    [failure] = lines[1:-1]
    assert failure.startswith("✗ reachable  Could not connect to the store at ")
    assert "connection refused" in failure
    as_json = run_main(capsys, "doctor", "--url", url, "--token", TOKEN, "--secret", SECRET,
                       "--format", "json")
    assert as_json.returncode == 1
    report = json.loads(as_json.stdout)
    assert report["usable"] is False and list(report["checks"]) == ["reachable"]
    assert report["checks"]["reachable"]["status"] == "failed"
    assert not StateFile.default().path.exists()
    assert_no_credentials(table.stdout, table.stderr, as_json.stdout, as_json.stderr)


@pytest.mark.parametrize("root", ["", "/?rest_route=/", "/wp-json/easycart/v2"])
async def test_a_wrong_api_root(root: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = SANDBOX_BASE + root
    transport = httpx.ASGITransport(app=create_app(records=5, flavor="wordpress"))
    async with DownloadsClient(url, DEFAULT_TOKEN, DEFAULT_SECRET, transport=transport,
                               backoff=0) as client:
        code = await run_doctor(client, Connection(url, DEFAULT_TOKEN, DEFAULT_SECRET),
                                namespace(fmt="table"))
    assert code == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "The store is not usable."
    assert [line[0] for line in lines[1:-1]] == ["✓", "✗"]
    assert lines[2].startswith("✗ API root   There is no Downloads API at ")
    assert f"{SANDBOX_BASE}/?rest_route=/" in lines[2]  # what to try instead
    assert not StateFile.default().path.exists()


@pytest.mark.parametrize(("store", "status"), [("plain", "400"), ("wordpress-query", "401")])
async def test_bad_credentials(
    make_sandbox: Callable[..., Sandbox], store: str, status: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sandbox = make_sandbox(records=5, store=store)
    connection = Connection(sandbox.base_url, DEFAULT_TOKEN, WRONG_SECRET)
    async with DownloadsClient(sandbox.base_url, DEFAULT_TOKEN, WRONG_SECRET, backoff=0,
                               transport=sandbox.transport) as client:
        code = await run_doctor(client, connection, namespace())
    assert code == 1
    out = capsys.readouterr().out
    report = json.loads(out)
    assert report["usable"] is False
    assert list(report["checks"]) == ["reachable", "auth_bearer", "auth_header"]
    refused = report["checks"]["auth_bearer"]
    assert refused["status"] == "failed"
    assert refused["text"].startswith(f"The store refused the token and secret key ({status}")
    # The sandbox answers no keys as it answers wrong ones, as WordPress does.
    assert report["checks"]["auth_header"]["value"] == "unknown"
    # Nothing probed after the refusal but the same request without the credentials.
    assert [(r.method, "authorization" in r.headers) for r in sandbox.transport.requests] == [
        ("POST", True), ("POST", False)]
    assert not StateFile.default().path.exists()
    assert_no_credentials(out)


async def test_a_store_failing_its_reads_is_not_usable_and_nothing_is_kept(
    make_sandbox: Callable[..., Sandbox], capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox = make_sandbox()
    sandbox.transport.faults.append(lambda request: httpx.Response(
        500, text="<html>Fatal error</html>") if request.method == "GET" else None)
    async with sandbox.client(backoff=0) as client:
        code = await run_doctor(client, connection_to(sandbox, "plain"), namespace())
    assert code == 1
    report = json.loads(capsys.readouterr().out)
    assert report["usable"] is False
    assert list(report["checks"])[-1] == "round_trip"
    assert report["checks"]["round_trip"]["status"] == "failed"
    assert not StateFile.default().path.exists()


def test_no_store_given_is_bad_settings(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(capsys, "doctor")
    assert result.returncode == 2
    assert result.stderr.startswith("easycart-tui: no store given")
    assert result.stdout == ""


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["doctor", "--format", "csv"])
    assert stopped.value.code == 2


def test_findings_that_cannot_be_kept_cost_a_warning_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("EASYCART_TUI_STATE", str(blocker / "state"))
    result = run_main(capsys, "--sandbox", "doctor")
    assert result.returncode == 0
    assert result.stderr.startswith("warning: the findings were not kept: ")
    assert result.stdout.splitlines()[-1] == "The store is usable."


# -- a live store, a profile, the state file ---------------------------------------


class LiveStore:
    def __init__(self, app: Any, url: str) -> None:
        self.app, self.url = app, url
        self.shown = ApiRoot.parse(url).shown()

    def records(self) -> list[dict[str, Any]]:
        """Read from the store's database, not through the client under test."""
        return asyncio.run(self.app.state.store.list(1, 10_000))


@pytest.fixture(scope="module", params=["plain", "wordpress-query"])
def live_store(request: pytest.FixtureRequest) -> Iterator[LiveStore]:
    """A store on 127.0.0.1 of 120 records, capping at 30, ignoring two sorts."""
    app = create_app(records=120, token=TOKEN, secret=SECRET, perpage_cap=30,
                     unsorted=UNSORTED, flavor=flavor_of(request.param))
    with running_server(app) as site:
        yield LiveStore(app, api_root(site, request.param))


def profile_config(tmp_path: Path, url: str, extra: str = "") -> Path:
    return write_config(tmp_path / "config" / "config.toml",
                        f'[profiles.shop]\nbase_url = "{url}"\ntoken = "{TOKEN}"\n'
                        f'secret = "{SECRET}"\n{extra}')


def test_findings_are_kept_per_profile_in_the_state_file_not_the_config(
    live_store: LiveStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = profile_config(tmp_path, live_store.url)
    before = config.read_bytes()
    outputs = []
    for fmt in ("table", "json"):
        result = run_main(capsys, "doctor", "--config", str(config), "--profile", "shop",
                          "--format", fmt)
        assert result.returncode == 0, result.stderr
        outputs += [result.stdout, result.stderr]
    assert config.read_bytes() == before
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    state = StateFile.default()
    assert stat.S_IMODE(state.path.stat().st_mode) == 0o600
    kept = state.findings("profile:shop", live_store.shown)
    assert kept is not None
    assert kept.url == live_store.shown and kept.by == "doctor"
    assert kept.sorts == expected_sorts(UNSORTED)
    assert kept.perpage_cap == 30
    report = json.loads(outputs[2])
    assert report["checks"]["tls"]["value"] == "none"
    assert report["checks"]["perpage_cap"]["value"] == 30
    assert_no_credentials(*outputs, state.path.read_text())
    # The profile now names another store: what was found of this one is not given.
    config.write_text(config.read_text().replace(
        live_store.url, "https://elsewhere.example.com/wp-json/wp-easycart/v1"))
    connection = Profiles(Flags(profile="shop", config=str(config))).connect()
    assert connection.store_key() == "profile:shop"
    assert state.findings(connection.store_key(), ApiRoot.parse(connection.url).shown()) is None
    assert state.findings("profile:shop", live_store.shown) is not None


def test_list_uses_what_doctor_found(live_store: LiveStore, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    config = profile_config(tmp_path, live_store.url)
    common = ("--config", str(config), "--profile", "shop")
    before = run_main(capsys, "list", *common, "--sort", "amazon_key", "--format", "json")
    assert before.returncode == 0 and before.stderr == ""
    assert run_main(capsys, "doctor", *common).returncode == 0
    ignored = run_main(capsys, "list", *common, "--sort", "amazon_key", "--format", "json")
    assert ignored.returncode == 0
    assert ignored.stderr.startswith("warning: this store does not sort by amazon_key (found ")
    assert ignored.stdout == before.stdout
    honoured = run_main(capsys, "list", *common, "--sort", "order_id", "--format", "json")
    assert honoured.stderr == ""


def test_findings_without_a_profile_are_kept_by_api_root_beside_a_profiles(
    live_store: LiveStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = profile_config(tmp_path, live_store.url)
    assert run_main(capsys, "doctor", "--config", str(config), "--profile", "shop",
                    "--format", "json").returncode == 0
    result = run_main(capsys, "doctor", "--url", live_store.url, "--token", TOKEN,
                      "--secret", SECRET, "--format", "json")
    assert result.returncode == 0, result.stderr
    state = StateFile.default()
    by_url = state.findings(f"url:{live_store.shown}", live_store.shown)
    by_profile = state.findings("profile:shop", live_store.shown)
    assert by_url is not None and by_profile is not None
    assert by_url.perpage_cap == by_profile.perpage_cap == 30


def test_write_on_a_live_store_leaks_no_credential_and_leaves_it_as_it_was(
    live_store: LiveStore, capsys: pytest.CaptureFixture[str]
) -> None:
    before = live_store.records()
    flags = ["--url", live_store.url, "--token", TOKEN, "--secret", SECRET]
    result = run_main(capsys, "doctor", *flags, "--write")
    assert result.returncode == 0, result.stderr
    assert live_store.records() == before
    assert any(line.startswith("✓ writes") for line in result.stdout.splitlines())
    refused = run_main(capsys, "doctor", "--url", live_store.url, "--token", TOKEN,
                       "--secret", WRONG_SECRET, "--format", "json")
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["checks"]["auth_bearer"]["status"] == "failed"
    state = StateFile.default()
    kept = state.findings(f"url:{live_store.shown}", live_store.shown)
    assert kept is not None and kept.writes is True  # the refused run changed nothing
    assert_no_credentials(result.stdout, result.stderr, refused.stdout, refused.stderr,
                          state.path.read_text(), Journal.default().path.read_text())


def test_a_read_only_profile_refuses_write_but_reads(
    live_store: LiveStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = profile_config(tmp_path, live_store.url, "read_only = true\n")
    before = live_store.records()
    refused = run_main(capsys, "doctor", "--config", str(config), "--profile", "shop",
                       "--write")
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr == ("easycart-tui: refusing --write: profile 'shop' is read-only; "
                              "doctor without --write only reads\n")
    assert not StateFile.default().path.exists()
    assert not Journal.default().path.exists()
    reads = run_main(capsys, "doctor", "--config", str(config), "--profile", "shop")
    assert reads.returncode == 0, reads.stderr
    assert live_store.records() == before
    assert StateFile.default().findings("profile:shop", live_store.shown) is not None


# -- the sandbox's --ignore-sort, and the real commands -------------------------------


def test_the_sandbox_command_takes_fields_to_ignore_in_sorts(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.cli.main
    import tui.sandbox.server

    args = build_parser().parse_args(["sandbox", "--ignore-sort", "amazon_key",
                                      "--ignore-sort", "download_count"])
    assert args.ignore_sort == list(UNSORTED)
    served: dict[str, Any] = {}
    monkeypatch.setattr(tui.sandbox.server, "serve", lambda **options: served.update(options))
    assert tui.cli.main._serve_sandbox(args) == 0
    assert served["unsorted"] == UNSORTED
    with pytest.raises(SystemExit):
        build_parser().parse_args(["sandbox", "--ignore-sort", "price"])
    with pytest.raises(ValueError, match="price"):
        create_app(records=1, unsorted=("price",))


def test_the_real_commands(tmp_path: Path) -> None:
    with serving_sandbox("--records", "90", "--perpage-cap", "30", "--ignore-sort",
                         "amazon_key", "--ignore-sort", "download_count", "--token", TOKEN,
                         "--secret", SECRET) as banner:
        url = listening_url(banner)
        env = {**os.environ, "EASYCART_URL": url, "EASYCART_TOKEN": TOKEN,
               "EASYCART_SECRET": SECRET}
        as_json = subprocess.run([COMMAND, "doctor", "--format", "json"], env=env, input="",
                                 capture_output=True, text=True, timeout=60)
        table = subprocess.run([COMMAND, "doctor"], env=env, input="", capture_output=True,
                               text=True, timeout=60)
    assert as_json.returncode == 0, as_json.stderr
    report = json.loads(as_json.stdout)
    assert list(report["checks"]) == READ_CHECKS
    assert report["checks"]["perpage_cap"]["value"] == 30
    assert {field: report["checks"][f"sort.{field}"]["value"] for field in FIELDS} == (
        expected_sorts(UNSORTED))
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0] == url and lines[-1] == "The store is usable."
    assert [line[0] for line in lines[1:-1]] == [
        MARKS[report["checks"][key]["status"]] for key in READ_CHECKS]
    state = StateFile.default()
    assert state.path.parent == Path(os.environ["EASYCART_TUI_STATE"])
    assert state.path.name == FILE_NAME
    kept = state.findings(f"url:{url}", url)
    assert kept is not None and kept.sorts == expected_sorts(UNSORTED)
    assert_no_credentials(as_json.stdout, as_json.stderr, table.stdout, table.stderr,
                          state.path.read_text())


# -- what real hosts do: doctor, and the commands beside it ------------------------


async def test_a_host_dropping_the_header_is_named_with_the_fix(
    make_sandbox: Callable[..., Sandbox], store_kind: str
) -> None:
    exam = await doctor(make_sandbox(records=5, store=store_kind, drop_authorization=True),
                        store_kind)
    assert not exam.usable
    assert list(checks(exam)) == ["reachable", "auth_bearer", "auth_header"]
    refused = next(check for check in exam.checks if check.key == "auth_bearer")
    assert "drops the Authorization header before the store sees it" in refused.text
    assert "CGIPassAuth On" in refused.text and "fastcgi_param HTTP_AUTHORIZATION" in refused.text
    assert checks(exam)["auth_header"] == ("unknown", "unknown")


async def test_a_maximum_the_store_refuses_over_is_found_and_kept(
    make_sandbox: Callable[..., Sandbox], store_kind: str
) -> None:
    exam = await doctor(make_sandbox(records=120, store=store_kind, refuse_perpage_over=30),
                        store_kind)
    assert exam.usable
    assert list(checks(exam)) == READ_CHECKS
    cap = next(check for check in exam.checks if check.key == "perpage_cap")
    assert (cap.status, cap.value) == ("failed", 30)
    assert cap.text.startswith("at most 30 per page: the store refuses more with an error (400)")
    assert exam.findings.perpage_cap == 30
    assert exam.findings.sorts == expected_sorts()


async def test_text_printed_into_the_answers_is_reported(
    make_sandbox: Callable[..., Sandbox], store_kind: str
) -> None:
    exam = await doctor(make_sandbox(store=store_kind, print_around_json="both"), store_kind)
    assert exam.usable
    assert list(checks(exam)) == [*READ_CHECKS, "printed_text"]
    printed = exam.checks[-1]
    assert (printed.status, printed.value) == ("failed", True)
    assert printed.text.startswith("the store adds text to its answers (a plugin prints into "
                                   "them); it was skipped")


async def test_a_php_fatal_error_is_named_with_where_to_look(
    make_sandbox: Callable[..., Sandbox], store_kind: str
) -> None:
    exam = await doctor(make_sandbox(records=5, store=store_kind, fatal_error=True), store_kind)
    assert not exam.usable
    failed = exam.checks[-1]
    assert failed.key == "reachable" and failed.status == "failed"
    assert failed.text.startswith("The store's PHP code stopped with a fatal error (500): There "
                                  "has been a critical error on this website.")
    assert "error log" in failed.text and "try again" not in failed.text.lower()


@pytest.fixture(scope="module")
def real_hosts() -> Iterator[dict[str, tuple[Any, str]]]:
    """WordPress-like stores on 127.0.0.1, each doing what one real host did."""
    apps = {
        "dropped": create_app(records=5, token=TOKEN, secret=SECRET, flavor="wordpress",
                              drop_authorization=True),
        "maximum": create_app(records=70, token=TOKEN, secret=SECRET, flavor="wordpress",
                              refuse_perpage_over=30),
        "printed": create_app(records=20, token=TOKEN, secret=SECRET, flavor="wordpress",
                              print_around_json="both"),
    }
    with (running_server(apps["dropped"]) as dropped, running_server(apps["maximum"]) as most,
          running_server(apps["printed"]) as printed):
        sites = {"dropped": dropped, "maximum": most, "printed": printed}
        yield {name: (apps[name], api_root(sites[name], "wordpress-query")) for name in apps}


def _command(capsys: pytest.CaptureFixture[str], root: str, *args: str) -> Any:
    return run_main(capsys, *args, "--url", root, "--token", TOKEN, "--secret", SECRET)


def test_every_command_says_the_header_may_be_dropped_and_how_to_fix_it(
    real_hosts: dict[str, tuple[Any, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    root = real_hosts["dropped"][1]
    for args in (["check"], ["list"], ["get", "abc123"], ["doctor"]):
        result = _command(capsys, root, *args)
        assert result.returncode == 1, args
        said = result.stdout if args == ["doctor"] else result.stderr
        assert "drops the Authorization header before the store sees it" in said, args
        assert "CGIPassAuth On" in said and "$http_authorization;" in said, args
        assert "Traceback" not in result.stderr
        if args != ["doctor"]:
            assert result.stderr.count("\n") == 1, args
    assert_no_credentials(result.stdout, result.stderr)


def test_a_store_refusing_over_30_works_from_the_first_command(
    real_hosts: dict[str, tuple[Any, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    app, root = real_hosts["maximum"]
    ids = [record["download_id"] for record in asyncio.run(app.state.store.list(1, 100))]
    page = _command(capsys, root, "list", "--perpage", "50", "--format", "json")
    assert page.returncode == 0, page.stderr
    assert [record["download_id"] for record in json.loads(page.stdout)] == ids[:30]
    every = _command(capsys, root, "list", "--all", "--format", "json")
    assert every.returncode == 0, every.stderr
    assert [record["download_id"] for record in json.loads(every.stdout)] == ids
    assert page.stderr == every.stderr == ""
    report = _command(capsys, root, "doctor", "--format", "json")
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["checks"]["perpage_cap"]["value"] == 30
    kept = StateFile.default().findings(f"url:{ApiRoot.parse(root).shown()}",
                                        ApiRoot.parse(root).shown())
    assert kept is not None and kept.perpage_cap == 30


def test_text_printed_around_the_json_costs_one_warning(
    real_hosts: dict[str, tuple[Any, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    app, root = real_hosts["printed"]
    warning = ("warning: the store adds text to its answers (a plugin prints into them); it "
               "was skipped\n")
    listed = _command(capsys, root, "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 20 and listed.stderr == warning
    chosen = json.loads(listed.stdout)[3]["download_id"]
    edited = _command(capsys, root, "update", chosen, "--set", "download_count=9")
    assert edited.returncode == 0, edited.stderr
    assert edited.stderr == warning
    held = asyncio.run(app.state.store.get(chosen))
    assert held is not None and held["download_count"] == 9
    report = _command(capsys, root, "doctor")
    assert report.returncode == 0, report.stderr
    assert "✗ text in answers" in report.stdout and report.stderr == warning
