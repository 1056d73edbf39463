"""Writing to a set of downloads: every match of a filter, or the ids of a list.

The set is chosen first, and written only then: writing while the pages are still
read would move records between pages, and some would be met twice or never. Each
record is read again just before its write and judged on what the store holds at
that moment, so one that no longer belongs to the set (changed or deleted meanwhile)
is skipped with the reason, never written. Up to `concurrency` records are worked on
at once, as `list --all` reads its pages; a failure that every other record would
meet too (refused credentials, a journal that cannot be written) stops the
run, and what was not started is counted as such.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, TextIO

from tui.api.client import DownloadsClient
from tui.api.errors import ApiError, AuthError, InputRejected, NotFound
from tui.api.models import MAX_ID_LENGTH, Download
from tui.core.journal import JournalError
from tui.core.text import counted, shorten, visible

#: Why the record as the store holds it now is not to be written, or None to write it.
Check = Callable[[Download], str | None]
#: The write to one record (as the store holds it now); the record as written.
Write = Callable[[Download], Awaitable[Download]]
Result = Literal["changed", "skipped", "failed"]
#: Failures after which every other record would fail alike: the run stops.
STOPPING: tuple[type[Exception], ...] = (AuthError, JournalError)


class IdListProblem(Exception):
    """Lines of an id list that are no ids; the message names each (nothing is written)."""


@dataclass(frozen=True)
class Outcome:
    """What became of one record: `record` is the one written when it changed."""

    download_id: str
    result: Result
    reason: str = ""
    record: Download | None = None


@dataclass
class Tally:
    """How a run ended, by count; `not_started` once it was stopped or interrupted."""

    changed: int = 0
    skipped: int = 0
    failed: int = 0
    not_started: int = 0
    #: Records being written when the run was interrupted: they may or may not be.
    in_flight: int = 0
    stopped_by: str | None = None

    def add(self, result: Result) -> None:
        if result == "changed":
            self.changed += 1
        elif result == "skipped":
            self.skipped += 1
        else:
            self.failed += 1

    def summary(self, changed: str = "changed") -> str:
        """`12 changed, 1 skipped, 0 failed`, and what was left undone."""
        line = f"{self.changed:,} {changed}, {self.skipped:,} skipped, {self.failed:,} failed"
        if self.in_flight:
            line += (f"; {counted(self.in_flight, 'download')} in flight when stopped "
                     f"(written or not: check with get)")
        if self.not_started:
            line += f"; {self.not_started:,} not started"
        return line


def read_id_lines(stream: TextIO) -> list[str]:
    """The ids of a list, one a line: blank lines and `#` comment lines left out, each
    id once. Raises `IdListProblem` naming every line that holds no id."""
    ids: dict[str, None] = {}
    problems = []
    for number, line in enumerate(stream, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if any(char.isspace() for char in text) or len(text) > MAX_ID_LENGTH:
            problems.append(f"line {number}: “{shorten(visible(text), 50)}” is no download id "
                            f"(1 to {MAX_ID_LENGTH} characters, no spaces)")
            continue
        ids[text] = None
    if problems:
        raise IdListProblem("; ".join(problems))
    return list(ids)


async def write_each(
    client: DownloadsClient, ids: Iterable[str], *, check: Check, write: Write,
    concurrency: int, told: Callable[[Outcome], None],
) -> Tally:
    """Read each of `ids` again, `check` it, `write` it; `told` hears of every
    outcome as it comes. On cancellation (Ctrl+C) the tally still holds what was
    done, and the records in flight are counted as such."""
    tally = Tally()
    pending: Iterator[str] = iter(ids)
    in_flight: set[str] = set()

    async def worker() -> None:
        for download_id in pending:
            if tally.stopped_by is not None:
                tally.not_started += 1
                continue
            in_flight.add(download_id)
            outcome = await _one(client, download_id, check, write, tally)
            in_flight.discard(download_id)
            tally.add(outcome.result)
            told(outcome)

    try:
        await asyncio.gather(*(worker() for _ in range(max(1, concurrency))))
    except asyncio.CancelledError:
        tally.in_flight = len(in_flight)
        tally.not_started += sum(1 for _ in pending)
        raise
    return tally


async def _one(client: DownloadsClient, download_id: str, check: Check, write: Write,
               tally: Tally) -> Outcome:
    try:
        current = await client.get(download_id)
    except (NotFound, InputRejected):
        return Outcome(download_id, "skipped", "not in the store (no such id, or deleted "
                                               "meanwhile)")
    except ApiError as error:
        return _failed(download_id, error, tally)
    reason = check(current)
    if reason is not None:
        return Outcome(download_id, "skipped", reason)
    try:
        return Outcome(download_id, "changed", record=await write(current))
    except NotFound:
        return Outcome(download_id, "skipped", "deleted while it was being written")
    except (ApiError, JournalError) as error:
        return _failed(download_id, error, tally)


def _failed(download_id: str, error: Exception, tally: Tally) -> Outcome:
    reason = f"{error} {getattr(error, 'hint', '')}".strip()
    if isinstance(error, STOPPING) and tally.stopped_by is None:
        tally.stopped_by = reason
    return Outcome(download_id, "failed", reason)
