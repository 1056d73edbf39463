"""Worker failures, passed up to the app so they are reported in one place.

Textual tells only the node that started a worker about its state, and that
message does not bubble; screens that run workers mix this in to re-post a
failure as a message that does.
"""

from __future__ import annotations

from typing import TypeVar

from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

ResultType = TypeVar("ResultType")


class WorkerFailed(Message):
    """A worker ended with an error; the app turns it into something readable."""

    def __init__(self, worker: Worker[object]) -> None:
        super().__init__()
        self.worker = worker


class ReportsWorkerErrors(Screen[ResultType]):
    """Base for screens whose workers' errors the app should report."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.post_message(WorkerFailed(event.worker))
