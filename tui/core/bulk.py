"""Doing one thing to many downloads: one at a time, past failures, until done or stopped.

UI-free, so its rules are plain to test. Records are tried once each, in order,
never two at a time (a store is not asked for more than one write at once). A
record the store refuses is noted with the reason and the run goes on, unless
the refusal is not about the record (bad credentials: every other record would
fail the same way), which stops it. A stop takes effect after the record in
flight, so each record is either done or not started, never left half-way, and
what was done stays done.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from tui.api.errors import ApiError, AuthError
from tui.api.models import Download

#: What is done to one record; its result is not used.
Operation = Callable[[Download], Awaitable[object]]


@dataclass(frozen=True)
class Failure:
    """A record the operation failed on, and why (the error's message)."""

    record: Download
    reason: str


@dataclass(frozen=True)
class BulkReport:
    """How a run ended: each record is in exactly one of the three."""

    succeeded: tuple[Download, ...]
    failed: tuple[Failure, ...]
    #: Records never started because the run was stopped.
    not_done: tuple[Download, ...]

    @property
    def stopped(self) -> bool:
        return bool(self.not_done)


class BulkRun:
    """`operation` applied to each of `records`; errors of the kinds in `failures`
    count against their record, and those also in `stop_on` stop the run as well.
    Anything else ends the run at once (it is a bug, not a refusal)."""

    def __init__(
        self,
        records: Iterable[Download],
        operation: Operation,
        *,
        failures: tuple[type[Exception], ...] = (ApiError,),
        stop_on: tuple[type[Exception], ...] = (AuthError,),
    ) -> None:
        self.records = tuple(records)
        self.operation = operation
        self.failures = failures
        self.stop_on = stop_on
        #: How many records have been tried so far.
        self.finished = 0
        #: The record in flight, if any.
        self.current: Download | None = None
        self.stop_requested = False
        self._succeeded: list[Download] = []
        self._failed: list[Failure] = []

    @property
    def total(self) -> int:
        return len(self.records)

    def stop(self) -> None:
        """Start no further record; the one in flight is finished."""
        self.stop_requested = True

    async def run(self, on_progress: Callable[[BulkRun], None] | None = None) -> BulkReport:
        """Work through the records; `on_progress` is called as each one starts and
        once at the end."""
        for record in self.records[self.finished:]:
            if self.stop_requested:
                break
            self.current = record
            if on_progress is not None:
                on_progress(self)
            try:
                await self.operation(record)
            except self.failures as error:
                self._failed.append(Failure(record, str(error)))
                if isinstance(error, self.stop_on):
                    self.stop()
            else:
                self._succeeded.append(record)
            self.finished += 1
        self.current = None
        if on_progress is not None:
            on_progress(self)
        return self.report()

    def report(self) -> BulkReport:
        """The outcome so far (final once `run` has returned)."""
        return BulkReport(
            succeeded=tuple(self._succeeded),
            failed=tuple(self._failed),
            not_done=self.records[self.finished:],
        )
