"""The app's own data directory, and files in it that only their owner can read.

The journal holds whole records and a crash log may hold store data, so both
live in a 0700 directory, as 0600 files. `EASYCART_TUI_DATA` moves the
directory (for tests, or to keep it on another disk).
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "easycart-tui"
ENV_DATA = "EASYCART_TUI_DATA"


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the app keeps its data (not created here)."""
    override = environ.get(ENV_DATA, "").strip()
    return Path(override).expanduser() if override else Path(platformdirs.user_data_dir(APP_NAME))


def private_dir(path: Path) -> Path:
    """`path` as a directory; each directory created on the way is 0700."""
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        directory.mkdir(mode=0o700, exist_ok=True)
        directory.chmod(0o700)
    return path


def append_private(path: Path, data: bytes) -> None:
    """Append `data` (whole lines) to `path` (0600 in a 0700 directory, created when
    missing), synced to disk, or not at all.

    A lock keeps other processes' appends apart; the data starts on a new line even
    after a line a killed process left cut short; a failed write or sync (a full
    disk) is cut back to where it began, so no part of it is glued to the next."""
    private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        start = os.lseek(fd, 0, os.SEEK_END)
        if start and os.pread(fd, 1, start - 1) != b"\n":
            data = b"\n" + data
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        except OSError:
            os.ftruncate(fd, start)
            raise
    finally:
        os.close(fd)  # the lock goes with it


def create_private(path: Path, text: str) -> Path:
    """Write `text` to a new file `path` (0600); fails if it already exists."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write(text)
    return path


def replace_private(path: Path, text: str) -> None:
    """Replace the file at `path` with `text`, atomically: the text goes to a private
    (0600) temporary file in the same directory, which then takes the file's place,
    so the file is never seen half written nor, for a moment, readable by others."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
