"""Exporting to a file, without any UI: the same bytes as `list --all`, a private
file that appears only when complete, progress, cancellation, bad paths."""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import stat
from pathlib import Path

import httpx
import pytest

from tests.conftest import Sandbox
from tui.api.errors import ApiError, ServerError
from tui.api.models import FIELDS, ListQuery
from tui.cli.commands import run_list
from tui.core.export import (
    ExportPathProblem,
    check_target,
    default_file_name,
    resolve_target,
    write_export,
)

#: In a 600-record sandbox, "ebook" matches 117 records: 3 pages of 50.
TERM, MATCHES = "ebook", 117


def list_all_args(fmt: str, **options: object) -> argparse.Namespace:
    values = {"page": 1, "perpage": None, "sortby": None, "sortdir": "asc", "search": None,
              "all": True, "concurrency": None, "format": fmt, "where": [],
              "store_key": "url:test"} | options
    return argparse.Namespace(**values)


async def list_all_output(sandbox: Sandbox, capsys: pytest.CaptureFixture[str],
                          args: argparse.Namespace) -> str:
    capsys.readouterr()
    async with sandbox.client(recorded=False) as client:
        assert await run_list(client, args) == 0
    return capsys.readouterr().out


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize("fmt", ["csv", "json"])
async def test_an_export_is_the_same_file_as_list_all(
    make_sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    sandbox = make_sandbox(records=600)
    query = ListQuery(search=TERM, sortby="order_id", sortdir="DESC", perpage=50)
    target = tmp_path / f"out.{fmt}"
    seen: list[tuple[int, int | None]] = []
    async with sandbox.client() as client:
        result = await write_export(client.iter_pages(query), target, fmt,
                                    lambda n, total: seen.append((n, total)))
    assert (result.path, result.records, result.unreadable) == (target, MATCHES, 0)
    assert seen == [(50, None), (100, None), (117, None)]
    assert [p["page"] for p in sandbox.transport.list_params()] == ["1", "2", "3"]
    expected = await list_all_output(
        sandbox, capsys, list_all_args(fmt, search=TERM, sortby="order_id", sortdir="desc"))
    assert target.read_text(encoding="utf-8") == expected
    text = target.read_text(encoding="utf-8")
    if fmt == "json":
        records = json.loads(text)
    else:
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == list(FIELDS)
        records = [dict(zip(FIELDS, row, strict=True)) for row in rows[1:]]
    assert len(records) == MATCHES
    orders = [int(record["order_id"]) for record in records]
    assert orders == sorted(orders, reverse=True)
    assert all(TERM in (r["download_file_name"] + r["amazon_key"]).lower() for r in records)


async def test_the_file_is_private_and_replaces_an_existing_one(sandbox, tmp_path: Path) -> None:
    target = tmp_path / "downloads.json"
    target.write_text("old")
    target.chmod(0o644)
    async with sandbox.client() as client:
        await write_export(client.iter_pages(ListQuery(perpage=100)), target, "json")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(json.loads(target.read_text())) == 120
    assert leftovers(tmp_path) == ["downloads.json"]


async def test_progress_carries_the_total_when_the_store_sends_it(make_sandbox,
                                                                  tmp_path: Path) -> None:
    sandbox = make_sandbox(records=120, totals=True)
    seen: list[tuple[int, int | None]] = []
    async with sandbox.client() as client:
        await write_export(client.iter_pages(ListQuery(perpage=50)), tmp_path / "a.csv", "csv",
                           lambda n, total: seen.append((n, total)))
    assert seen == [(50, 120), (100, 120), (120, 120)]


async def test_a_failure_half_way_leaves_no_file_and_the_old_one_untouched(
    sandbox, tmp_path: Path
) -> None:
    target = tmp_path / "downloads.csv"
    target.write_text("before")
    sandbox.transport.faults.append(
        lambda r: httpx.Response(500, text="boom") if r.url.params.get("page") == "2" else None)
    async with sandbox.client() as client:
        with pytest.raises(ApiError):
            await write_export(client.iter_pages(ListQuery(perpage=50)), target, "csv")
    assert target.read_text() == "before"
    assert leftovers(tmp_path) == ["downloads.csv"]


@pytest.mark.parametrize("concurrency", [1, 3])
async def test_a_failure_with_pages_read_ahead_leaves_no_file_and_nothing_in_flight(
    make_sandbox, tmp_path: Path, concurrency: int
) -> None:
    sandbox = make_sandbox(records=600)
    sandbox.transport.delays.append((lambda r: True, 0.01))  # requests sent together overlap
    sandbox.transport.faults.append(
        lambda r: httpx.Response(500, text="boom") if r.url.params.get("page") == "5" else None)
    target = tmp_path / "downloads.csv"
    target.write_text("before")
    written: list[int] = []
    async with sandbox.client(backoff=0) as client:
        with pytest.raises(ServerError):
            await write_export(client.iter_pages(ListQuery(perpage=50), concurrency), target,
                               "csv", lambda n, total: written.append(n))
        assert sandbox.transport.in_flight == 0
    assert written == [50, 100, 150, 200]
    assert sandbox.transport.most_in_flight == concurrency
    assert target.read_text() == "before"
    assert leftovers(tmp_path) == ["downloads.csv"]


async def test_an_export_read_ahead_is_the_file_of_one_page_at_a_time(
    make_sandbox, store_kind: str, tmp_path: Path
) -> None:
    sandbox = make_sandbox(records=250, store=store_kind, perpage_cap=30)
    query = ListQuery(perpage=100, sortby="download_count", sortdir="DESC")
    for concurrency in (1, 3):
        async with sandbox.client() as client:
            await write_export(client.iter_pages(query, concurrency),
                               tmp_path / f"{concurrency}.json", "json")
    assert (tmp_path / "3.json").read_bytes() == (tmp_path / "1.json").read_bytes()
    assert len(json.loads((tmp_path / "3.json").read_text())) == 250


async def test_cancelling_leaves_no_file_and_cancels_the_request(sandbox, tmp_path: Path) -> None:
    target = tmp_path / "downloads.csv"
    sandbox.transport.delays.append((lambda r: r.url.params.get("page") == "2", 10.0))
    seen: list[int] = []
    async with sandbox.client() as client:
        export = asyncio.create_task(write_export(
            client.iter_pages(ListQuery(perpage=50)), target, "csv",
            lambda n, total: seen.append(n)))
        await asyncio.wait_for(_until(lambda: seen == [50] and sandbox.transport.in_flight), 5)
        export.cancel()
        with pytest.raises(asyncio.CancelledError):
            await export
    assert leftovers(tmp_path) == []
    assert sandbox.transport.cancelled == 1


async def _until(condition) -> None:
    while not condition():
        await asyncio.sleep(0.01)


async def test_unreadable_records_are_written_as_list_all_writes_them(
    sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with sandbox.client(recorded=False) as client:
        good = (await client.list(perpage=2)).items[0]
    broken = {"download_id": "bad1", "order_id": "not a number"}
    body = [good.model_dump(mode="json"), broken]
    sandbox.transport.faults.append(
        lambda r: httpx.Response(200, json=body if r.url.params["page"] == "1" else []))
    for fmt in ("csv", "json"):
        target = tmp_path / f"out.{fmt}"
        async with sandbox.client() as client:
            result = await write_export(client.iter_pages(ListQuery(perpage=50)), target, fmt)
        assert (result.records, result.unreadable) == (1, 1)
        capsys.readouterr()
        async with sandbox.client() as client:
            assert await run_list(client, list_all_args(fmt, perpage=50)) == 0
        assert target.read_text() == capsys.readouterr().out
    assert json.loads((tmp_path / "out.json").read_text())[1] == broken
    assert "bad1" not in (tmp_path / "out.csv").read_text()


def test_paths_that_cannot_be_written_are_refused_before_anything_is_fetched(
    tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    problems = {
        tmp_path / "missing" / "out.csv": "does not exist",
        tmp_path / "a-file" / "out.csv": "is not a folder",
        tmp_path: "is a folder",
        Path("/sys/downloads.csv"): "Cannot write in the folder /sys",
    }
    for path, message in problems.items():
        with pytest.raises(ExportPathProblem, match=message):
            check_target(path)
    check_target(tmp_path / "fine.csv")
    assert leftovers(tmp_path) == ["a-file"]


def test_names_and_relative_paths(tmp_path: Path) -> None:
    from datetime import datetime

    assert default_file_name(datetime(2026, 11, 27, 9, 31), "csv") == "downloads-20261127-0931.csv"
    assert resolve_target(" out.json ", tmp_path) == tmp_path / "out.json"
    assert resolve_target("/x/y.csv", tmp_path) == Path("/x/y.csv")
    assert resolve_target("~/y.csv", tmp_path) == Path.home() / "y.csv"
