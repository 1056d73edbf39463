"""Exporting downloads to a CSV or JSON file, page by page.

The pages are written as they arrive with the writers `list --all` uses, so an
export and `easycart-tui list --all --format csv|json` give the same file for
the same query, and memory does not grow with the number of records. The file
holds customer order data: it is created private (0600), written under a
temporary name next to the target, and renamed into place only once complete,
so a cancelled or failed export leaves no partial file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from tui.api.models import InvalidRecord, Page
from tui.core.output import list_writer

ExportFormat = Literal["csv", "json"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "json")

#: Called after each page with the records written so far and, when the store
#: says, how many there are in all.
Progress = Callable[[int, int | None], None]


class ExportPathProblem(Exception):
    """The file cannot be written where asked; the message says why."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    #: Readable records written.
    records: int
    #: Entries the store sent that are not readable records; the writer handles
    #: them as `list --all` does (JSON keeps them raw, CSV leaves them out).
    unreadable: int


def default_file_name(now: datetime, fmt: ExportFormat) -> str:
    """`downloads-20261127-0931.csv`: sorts by time, and says what it holds."""
    return f"downloads-{now:%Y%m%d-%H%M}.{fmt}"


def resolve_target(typed: str, cwd: Path) -> Path:
    """The absolute path for what was typed (relative to `cwd`; `~` expanded)."""
    path = Path(typed.strip()).expanduser()
    return path if path.is_absolute() else cwd / path


def check_target(path: Path) -> None:
    """Raise `ExportPathProblem` when `path` cannot be (re)written.

    Writing is tried (a temporary file, removed at once): permissions alone do
    not tell, e.g. on a read-only file system or for the superuser."""
    folder = path.parent
    if path.is_dir():
        raise ExportPathProblem(f"{path} is a folder; give a file name.")
    if not folder.exists():
        raise ExportPathProblem(f"The folder {folder} does not exist.")
    if not folder.is_dir():
        raise ExportPathProblem(f"{folder} is not a folder.")
    try:
        with tempfile.NamedTemporaryFile(prefix=".easycart-export-", dir=folder):
            pass
    except OSError as problem:
        raise ExportPathProblem(_cannot_write(folder, problem)) from None


def _cannot_write(folder: Path, problem: OSError) -> str:
    return f"Cannot write in the folder {folder}: {problem.strerror or problem}."


async def write_export(
    pages: AsyncGenerator[Page, None],
    path: Path,
    fmt: ExportFormat,
    progress: Progress | None = None,
) -> ExportResult:
    """Write every page of `pages` to `path` in `fmt`.

    Raises `ExportPathProblem` when the file cannot be created; any error from
    `pages` (or a cancellation) propagates after the temporary file is removed,
    and `path` is left as it was. `pages` is closed in any case, so a request
    it has in flight is cancelled.
    """
    async with contextlib.aclosing(pages):
        return await _write(pages, path, fmt, progress)


async def _write(
    pages: AsyncGenerator[Page, None], path: Path, fmt: ExportFormat, progress: Progress | None
) -> ExportResult:
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )  # mkstemp creates the file with mode 0600
    except OSError as problem:
        raise ExportPathProblem(_cannot_write(path.parent, problem)) from None
    written = unreadable = 0
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
            writer = list_writer(fmt, out)
            async for page in pages:
                writer.write(page.items)
                written += len(page.items)
                unreadable += sum(isinstance(item, InvalidRecord) for item in page.items)
                if progress is not None:
                    progress(written, page.total)
            writer.close()
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return ExportResult(path, written - unreadable, unreadable)
