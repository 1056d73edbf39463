"""The app's state file: what it learns of each store, kept apart from the user's config.

The config file is the user's own and is written only when they ask. What the
app finds out by itself (how a store pages, sorts and searches) and how the
user left the list (its view) go to `state.toml` in the platform's state
directory (`EASYCART_TUI_STATE` moves it), one table per store:
`stores."profile:NAME"`, `stores."url:API-ROOT"` or `stores."sandbox:FLAVOUR"`,
holding `findings`, `view` and when the store was last `used` (its findings or view
read or saved). Only the `MOST_STORES` stores used last keep their findings, so
stores given once by URL do not pile up; a view, which the user chose, is kept. The
file is private (0600) and replaced atomically; a lock file keeps two processes
saving at once from losing each other's stores. A state file that cannot be read
or written costs only what was learned: nothing here stops the app or a command.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from pydantic import ValidationError

from tui.config.model import View
from tui.core.findings.model import Findings
from tui.core.userdata import APP_NAME, private_dir, replace_private

if TYPE_CHECKING:
    from tui.config.connection import Connection

ENV_STATE = "EASYCART_TUI_STATE"
FILE_NAME = "state.toml"
#: How many stores keep their findings: those used last.
MOST_STORES = 20
#: A read notes the store as used again only once its last use is this old, so
#: that reading is not a write each time.
USE_NOTED_AFTER = timedelta(hours=1)
_NEVER = datetime.min.replace(tzinfo=UTC)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def state_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the state file lives (not created here)."""
    override = environ.get(ENV_STATE, "").strip()
    return Path(override).expanduser() if override else Path(platformdirs.user_state_dir(APP_NAME))


class StateFile:
    """The state file at `path`. Reads and saves block: the app calls them from a thread.
    `clock` tells the time a use is noted at."""

    def __init__(self, path: Path, clock: Callable[[], datetime] = _now) -> None:
        self.path = path
        self.clock = clock

    @classmethod
    def default(cls, environ: Mapping[str, str] = os.environ) -> StateFile:
        return cls(state_dir(environ) / FILE_NAME)

    def findings(self, key: str, url: str) -> Findings | None:
        """What was found of the store `key`, unless it was found at another API root
        (the profile now names another store) or cannot be read."""
        entry = self._entry(key)
        table = entry.get("findings")
        try:
            found = Findings.model_validate(table) if isinstance(table, dict) else None
        except ValidationError:
            return None
        if found is None or found.url != url:
            return None
        self._note_use(key, entry)
        return found

    def view(self, key: str) -> View | None:
        """The view remembered for the store `key` (None: none, or one not usable)."""
        entry = self._entry(key)
        view = _usable_view(entry.get("view"))
        if view is not None:
            self._note_use(key, entry)
        return view

    def save_findings(self, key: str, findings: Findings) -> None:
        """Keep `findings` for the store `key` (replacing what was there); raises
        `OSError` when the file cannot be written."""
        with self._changing(key) as entry:
            entry["findings"] = findings.model_dump(exclude_none=True)

    def save_view(self, key: str, changes: dict[str, Any], fallback: View | None = None) -> None:
        """Merge `changes` into the view remembered for the store `key`, or, when none
        is, into `fallback` (the view it opened with), so that changing the sort keeps
        the columns chosen before; raises `OSError` when the file cannot be written."""
        with self._changing(key) as entry:
            saved = _usable_view(entry.get("view"))
            base = saved if saved is not None else fallback
            entry["view"] = (base.changes() if base is not None else {}) | changes

    def _note_use(self, key: str, entry: dict[str, Any]) -> None:
        """Note that the store `key` was used now, unless it was lately; a file that
        cannot be written only leaves its last use as it was."""
        if _last_use(entry) > self.clock() - USE_NOTED_AFTER:
            return
        with contextlib.suppress(OSError), self._changing(key):
            pass

    def _entry(self, key: str) -> dict[str, Any]:
        stores = self._read().get("stores")
        entry = stores.get(key) if isinstance(stores, dict) else None
        return entry if isinstance(entry, dict) else {}

    def _read(self) -> dict[str, Any]:
        try:
            return tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return {}

    @contextlib.contextmanager
    def _changing(self, key: str) -> Iterator[dict[str, Any]]:
        """The table of the store `key` to change in place; the file is then replaced
        with the change, the store noted as used now and the findings of those used
        least forgotten, all under the lock, so no other store's save is lost."""
        with self._locked():
            document = self._read()
            stores = document.setdefault("stores", {})
            if not isinstance(stores, dict):
                document["stores"] = stores = {}
            entry = stores.setdefault(key, {})
            if not isinstance(entry, dict):
                stores[key] = entry = {}
            yield entry
            entry["used"] = self.clock()
            _forget_least_used(stores)
            import tomli_w  # only a save needs it

            replace_private(self.path, tomli_w.dumps(document))

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


def _last_use(entry: dict[str, Any]) -> datetime:
    used = entry.get("used")
    return used if isinstance(used, datetime) and used.tzinfo is not None else _NEVER


def _forget_least_used(stores: dict[str, Any]) -> None:
    """Drop the findings of all but the `MOST_STORES` stores used last; a store left
    with nothing else (no view) goes."""
    entries = [(key, entry) for key, entry in stores.items() if isinstance(entry, dict)]
    entries.sort(key=lambda item: _last_use(item[1]), reverse=True)
    for key, entry in entries[MOST_STORES:]:
        entry.pop("findings", None)
        if "view" not in entry:
            del stores[key]


def _usable_view(table: object) -> View | None:
    """A saved view, unless it is not one this version can use (it is then replaced
    at the next change, and the view it fell back to is used meanwhile)."""
    if not isinstance(table, dict):
        return None
    try:
        return View.model_validate(table)
    except ValidationError:
        return None


class ViewMemory:
    """Where the app remembers the view of one store: its table in the state file.

    `legacy` is the view in the config file (`[profiles.NAME.view]`,
    `[sandbox.view]`, as older versions wrote it, or as written by hand): it is
    used until the state file holds a view for the store, and never written.
    `save` blocks, so the app calls it from a thread. Saves may overlap and finish
    out of order: each carries a number, and one older than the newest written is
    skipped, so the last change wins.
    """

    def __init__(self, state: StateFile, key: str, legacy: View | None = None) -> None:
        self.state = state
        self.key = key
        self.legacy = legacy
        self._lock = threading.Lock()
        self._written = -1

    def view(self) -> View | None:
        """The view to open the store in: the remembered one, else the legacy one."""
        saved = self.state.view(self.key)
        return saved if saved is not None else self.legacy

    def save(self, changes: dict[str, Any], number: int) -> None:
        """Merge `changes` into the remembered view; raises `OSError`."""
        with self._lock:
            if number <= self._written:
                return
            self.state.save_view(self.key, changes, fallback=self.legacy)
            self._written = number


def with_remembered_view(
    connection: Connection, state: StateFile
) -> tuple[Connection, ViewMemory | None]:
    """`connection` in the view remembered for its store, and where changes to that
    view go. A profile's store and the sandbox (each flavour apart, as its findings
    are) are remembered; a store given only by flags or environment is not: nothing
    names it but a URL, often a one-off. Blocks: reads the state file."""
    if connection.profile is None and not connection.sandbox:
        return connection, None
    memory = ViewMemory(state, connection.store_key(), legacy=connection.view)
    return replace(connection, view=memory.view()), memory
