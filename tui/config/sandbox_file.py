"""Where `--sandbox` keeps its store between runs, and starting it over.

One SQLite file per flavour in the data directory (`EASYCART_TUI_DATA` moves it):
the app and the commands, in one run or the next, see the same records, so what was
changed in the app shows in `list --sandbox`, and `undo` finds what an earlier run
wrote. `--sandbox-reset` removes the file; the next open seeds it afresh with the
sample data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from tui.config.errors import ConfigError
from tui.core.userdata import ENV_DATA, data_dir, private_dir

if TYPE_CHECKING:
    from tui.sandbox import FlavorName

#: What SQLite keeps beside a database file: its write-ahead log, the log's index,
#: and the rollback journal of a write cut short.
_COMPANIONS = ("-wal", "-shm", "-journal")


def sandbox_path(flavor: FlavorName) -> Path:
    """The sandbox file of `flavor` (not created here)."""
    return data_dir() / f"sandbox-{flavor}.sqlite3"


def reset_sandbox(flavor: FlavorName) -> None:
    """Remove the sandbox file of `flavor`, and SQLite's files beside it."""
    path = sandbox_path(flavor)
    for leftover in (path, *(path.with_name(path.name + suffix) for suffix in _COMPANIONS)):
        try:
            leftover.unlink(missing_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot start the sandbox over: cannot remove {leftover} "
                              f"({exc.strerror or exc})") from None


class _SandboxTransport(httpx.ASGITransport):
    """The sandbox served in this process. Closing it (as closing the client does)
    closes the store, so its file is left whole, its log folded in."""

    async def aclose(self) -> None:
        await self.app.state.store.close()  # type: ignore[attr-defined]


def sandbox_transport(flavor: FlavorName, records: int = 1000) -> httpx.AsyncBaseTransport:
    """The sandbox of `flavor`, in its file (seeded with `records` sample downloads
    when new), served in this process."""
    from tui.sandbox import create_app

    path = sandbox_path(flavor)
    try:
        problem = None if private_dir(path.parent).is_dir() else "not a directory"
    except OSError as exc:
        problem = exc.strerror or str(exc)
    if problem is not None:
        raise ConfigError(f"cannot keep the sandbox in {path.parent} ({problem}): set "
                          f"{ENV_DATA} to a directory of yours")
    return _SandboxTransport(app=create_app(records=records, db=str(path), flavor=flavor))
