"""Standard output that says, when it cannot be written, that the output failed.

A full disk (`> /dev/full`), a file over its size limit or a device error shows as an
`OSError` from whichever line was writing, deep in a writer, or only at the last
flush. Guarded, standard output turns it into `OutputFailed`, which the command line
reports in one line; a reader that went away (`| head`) stays a `BrokenPipeError`,
which ends a command quietly.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO, cast


class OutputFailed(Exception):
    """Standard output could not be written; the message says why."""

    def __init__(self, problem: OSError) -> None:
        super().__init__(problem.strerror or str(problem))


class _Guarded:
    """`inner`, whose failures to write are `OutputFailed` (but a closed pipe's)."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        with _as_output_failure():
            return self._inner.write(text)

    def writelines(self, lines: Any) -> None:
        with _as_output_failure():
            self._inner.writelines(lines)

    def flush(self) -> None:
        with _as_output_failure():
            self._inner.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@contextlib.contextmanager
def _as_output_failure() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as problem:
        raise OutputFailed(problem) from None


@contextlib.contextmanager
def guarded_stdout() -> Iterator[None]:
    """`sys.stdout` guarded while the block runs, and flushed at its end (the last
    lines may still be buffered: a full disk may show only then)."""
    inner = sys.stdout
    sys.stdout = cast(TextIO, _Guarded(inner))
    try:
        yield
        sys.stdout.flush()
    finally:
        sys.stdout = inner


def drop_stdout() -> None:
    """Send what is left of standard output to /dev/null, so that the flush at exit
    cannot fail again and print Python's "Exception ignored" lines."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
