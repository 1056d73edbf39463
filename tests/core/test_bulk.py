"""Bulk runs and marks, without any UI: order, failures, stopping, and what is kept."""

from __future__ import annotations

import asyncio

import pytest

from tui.api.errors import AuthError, NotFound, ServerError
from tui.api.models import Download, InvalidRecord
from tui.core.bulk import BulkRun, Failure
from tui.core.marks import Marks


def record(download_id: str, count: int = 3) -> Download:
    return Download(download_id=download_id, product_id=1, order_id=2, download_count=count,
                    download_file_name=f"{download_id}.zip")


RECORDS = [record(f"r{n}") for n in range(1, 6)]


async def test_every_record_is_tried_once_in_order_and_failures_do_not_stop_the_run() -> None:
    tried: list[str] = []

    async def operation(item: Download) -> None:
        tried.append(item.download_id)
        if item.download_id == "r2":
            raise ServerError("The store had an internal error (500).", 500)
        if item.download_id == "r4":
            raise NotFound("Not found.")

    report = await BulkRun(RECORDS, operation).run()
    assert tried == ["r1", "r2", "r3", "r4", "r5"]
    assert [r.download_id for r in report.succeeded] == ["r1", "r3", "r5"]
    assert report.failed == (
        Failure(RECORDS[1], "The store had an internal error (500)."),
        Failure(RECORDS[3], "Not found."),
    )
    assert report.not_done == () and not report.stopped


async def test_progress_is_reported_as_each_record_starts_and_at_the_end() -> None:
    seen: list[tuple[int, str | None]] = []

    async def operation(item: Download) -> None:
        await asyncio.sleep(0)

    run = BulkRun(RECORDS[:3], operation)
    await run.run(lambda r: seen.append((r.finished, r.current and r.current.download_id)))
    assert seen == [(0, "r1"), (1, "r2"), (2, "r3"), (3, None)]
    assert run.total == 3


async def test_a_stop_finishes_the_record_in_flight_and_starts_no_other() -> None:
    in_flight = asyncio.Event()
    release = asyncio.Event()
    done: list[str] = []

    async def operation(item: Download) -> None:
        if item.download_id == "r2":
            in_flight.set()
            await release.wait()
        done.append(item.download_id)

    run = BulkRun(RECORDS, operation)
    task = asyncio.create_task(run.run())
    await asyncio.wait_for(in_flight.wait(), 2)
    run.stop()
    release.set()
    report = await asyncio.wait_for(task, 2)
    assert done == ["r1", "r2"]
    assert [r.download_id for r in report.succeeded] == ["r1", "r2"]
    assert [r.download_id for r in report.not_done] == ["r3", "r4", "r5"]
    assert report.stopped


async def test_an_unexpected_error_ends_the_run_and_the_rest_is_not_done() -> None:
    async def operation(item: Download) -> None:
        if item.download_id == "r3":
            raise RuntimeError("a bug")

    run = BulkRun(RECORDS, operation)
    with pytest.raises(RuntimeError):
        await run.run()
    report = run.report()
    assert [r.download_id for r in report.succeeded] == ["r1", "r2"]
    assert [r.download_id for r in report.not_done] == ["r3", "r4", "r5"]


async def test_other_kinds_of_refusal_can_be_counted_as_failures() -> None:
    async def operation(item: Download) -> None:
        raise OSError("disk full")

    report = await BulkRun(RECORDS[:2], operation, failures=(OSError,)).run()
    assert [f.reason for f in report.failed] == ["disk full", "disk full"]


async def test_a_refusal_not_about_the_record_stops_the_run() -> None:
    async def operation(item: Download) -> None:
        if item.download_id == "r2":
            raise AuthError("The store refused the token and secret key (401).")

    report = await BulkRun(RECORDS, operation).run()
    assert [r.download_id for r in report.succeeded] == ["r1"]
    assert [f.record.download_id for f in report.failed] == ["r2"]
    assert [r.download_id for r in report.not_done] == ["r3", "r4", "r5"]


def test_marks_toggle_keep_their_order_and_the_newest_copy() -> None:
    marks = Marks()
    assert marks.toggle(RECORDS[2]) and marks.toggle(RECORDS[0])
    assert not marks.toggle(RECORDS[2])
    marks.add(RECORDS[3:])
    assert [r.download_id for r in marks] == ["r1", "r4", "r5"]
    assert "r4" in marks and "r3" not in marks and len(marks) == 3

    fresher = record("r4", count=0)
    marks.refresh([fresher, record("r3", count=0), InvalidRecord(raw={}, problem="bad")])
    assert [r.download_count for r in marks] == [3, 0, 3]
    assert "r3" not in marks

    marks.discard(["r1", "r9"])
    assert marks.ids == frozenset({"r4", "r5"})
    marks.clear()
    assert len(marks) == 0
