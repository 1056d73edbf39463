"""The app's state file: what it learns of each store, kept apart from the user's config.

The config file is the user's own and is written only when they ask. What the
app finds out by itself (how a store pages, sorts and searches) goes to
`state.toml` in the platform's state directory (`EASYCART_TUI_STATE` moves it),
one table per store. The file is private (0600) and replaced atomically; a lock
file keeps two processes saving at once from losing each other's stores. A
state file that cannot be read costs only what was learned: nothing here stops
the app or a command.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import ValidationError

from tui.findings.model import Findings
from tui.userdata import APP_NAME, private_dir, replace_private

ENV_STATE = "EASYCART_TUI_STATE"
FILE_NAME = "state.toml"


def state_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the state file lives (not created here)."""
    override = environ.get(ENV_STATE, "").strip()
    return Path(override).expanduser() if override else Path(platformdirs.user_state_dir(APP_NAME))


class StateFile:
    """The state file at `path`. Reads and saves block: the app calls them from a thread."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def default(cls, environ: Mapping[str, str] = os.environ) -> StateFile:
        return cls(state_dir(environ) / FILE_NAME)

    def findings(self, key: str, url: str) -> Findings | None:
        """What was found of the store `key`, unless it was found at another API root
        (the profile now names another store) or cannot be read."""
        stores = self._read().get("stores")
        entry = stores.get(key) if isinstance(stores, dict) else None
        table = entry.get("findings") if isinstance(entry, dict) else None
        try:
            found = Findings.model_validate(table) if isinstance(table, dict) else None
        except ValidationError:
            return None
        return found if found is not None and found.url == url else None

    def save_findings(self, key: str, findings: Findings) -> None:
        """Keep `findings` for the store `key` (replacing what was there); raises
        `OSError` when the file cannot be written."""
        with self._locked():
            document = self._read()
            stores = document.setdefault("stores", {})
            if not isinstance(stores, dict):
                document["stores"] = stores = {}
            entry = stores.setdefault(key, {})
            if not isinstance(entry, dict):
                stores[key] = entry = {}
            entry["findings"] = findings.model_dump(exclude_none=True)
            import tomli_w  # only a save needs it

            replace_private(self.path, tomli_w.dumps(document))

    def _read(self) -> dict[str, Any]:
        try:
            return tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return {}

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        private_dir(self.path.parent)
        lock = os.open(self.path.with_name(f".{self.path.name}.lock"), os.O_RDWR | os.O_CREAT,
                       0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield
        finally:
            os.close(lock)
