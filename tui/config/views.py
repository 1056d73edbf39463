"""Remembering the list's view (columns, sort, rows per page, theme) in the config file.

One profile's view is `[profiles.NAME.view]`, the sandbox's `[sandbox.view]`. The
file is read again and rewritten whole for each save, so keys written by hand
elsewhere in it survive (its comments do not: TOML writers do not keep them).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tui.config.errors import ConfigError
from tui.config.model import View


class ViewMemory:
    """The one table in the config file where a view is kept.

    `save` blocks (it reads and writes the file), so the app calls it from a
    thread. Saves may overlap and finish out of order: each carries a number,
    and one older than the newest written is skipped, so the last change wins.
    """

    def __init__(self, path: Path, table: tuple[str, ...]) -> None:
        self.path = path
        self.table = table
        self._lock = threading.Lock()
        self._written = -1

    @classmethod
    def for_profile(cls, path: Path, profile: str) -> ViewMemory:
        return cls(path, ("profiles", profile, "view"))

    @classmethod
    def for_sandbox(cls, path: Path) -> ViewMemory:
        return cls(path, ("sandbox", "view"))

    @property
    def name(self) -> str:
        return f"[{'.'.join(self.table)}]"

    def save(self, changes: dict[str, Any], number: int) -> None:
        """Merge `changes` into the table (creating it); raises `ConfigError`."""
        from tui.config.write import read_document, write_document  # tomli-w only now

        with self._lock:
            if number <= self._written:
                return
            document = read_document(self.path)
            holder: Any = document
            for part in self.table[:-1]:
                holder = holder.setdefault(part, {})
                if not isinstance(holder, dict):
                    raise ConfigError(f"{self.path}: [{part}] is not a table; "
                                      f"the view was not saved")
            holder[self.table[-1]] = _usable(holder.get(self.table[-1])) | changes
            write_document(self.path, document)
            self._written = number


def _usable(saved: object) -> dict[str, Any]:
    """The saved view to add changes to; one that is not usable is started afresh
    (loading it said so, and used the defaults)."""
    if not isinstance(saved, dict):
        return {}
    try:
        View.model_validate(saved)
    except ValidationError:
        return {}
    return saved
