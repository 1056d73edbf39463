"""The journal: every write to a store, kept on this machine so it can be undone.

A JSON-lines file in the data directory (0600 in 0700). Each write is one entry,
and an entry is two lines: the write as it is about to be sent, synced to disk
before the request goes (write-ahead), then its outcome once the store answers:

    {"entry", "group", "time", "store", "profile", "action", "effect",
     "download_id", "before", "after", "undoes"}
    {"mark": "done" | "failed", "entry", "time", "download_id"?, "after"?, "reason"?}

`effect` is what the write does to the store (create, update or delete), `action`
what the user asked for (those three, restore or undo). `before` and `after` are
whole records for a delete and a create, the changed fields for an update. An
entry without its mark was sent, or about to be, when the process stopped: its
outcome is unknown until the store is looked at (`tui.core.undo`, `tui.core.settle`).

Appends take a lock, start on a fresh line and are cut back to where they began
when they fail (a full disk), so a torn line never swallows the next one; the
reader skips what it cannot read and counts it. Entries are kept per store under
`ApiRoot.key()`, so every address of one store shares them. The delete-only
recovery log of earlier versions is read too, never written.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from tui.api.models import Download
from tui.api.root import ApiRoot
from tui.core.userdata import append_private, data_dir

JOURNAL_NAME = "journal.jsonl"
#: The recovery log of earlier versions: its deletions are read as entries.
OLD_LOG_NAME = "recovery.jsonl"

Action = Literal["create", "update", "delete", "restore", "undo"]
Effect = Literal["create", "update", "delete"]
State = Literal["pending", "done", "failed", "undone"]
Mark = Literal["done", "failed"]


class JournalError(Exception):
    """The journal cannot be written or read; the message says which file and why."""


def store_key(base_url: str) -> str:
    """The name the journal files a store's entries under (see `ApiRoot.key`)."""
    return ApiRoot.parse(base_url).key()


def new_id() -> str:
    """An entry's or a group's id: random, so that processes need not agree on one."""
    return uuid.uuid4().hex[:12]


class _Begun(BaseModel):
    """An entry's first line: the write about to be sent."""

    model_config = ConfigDict(extra="ignore")

    entry: str
    group: str | None = None
    time: datetime
    store: str
    profile: str | None = None
    action: Action
    effect: Effect
    download_id: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    undoes: str | None = None


class _Marked(BaseModel):
    """An entry's second line: how the store answered."""

    model_config = ConfigDict(extra="ignore")

    mark: Mark
    entry: str
    time: datetime
    download_id: str | None = None
    after: dict[str, Any] | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Entry:
    """One write, as the journal tells it (its state read from the lines after it)."""

    entry: str
    time: datetime
    store: str
    action: Action
    effect: Effect
    download_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    group: str | None = None
    profile: str | None = None
    undoes: str | None = None
    state: State = "pending"
    reason: str | None = None
    #: The entries that undid this one (newest last); an undone undo counts for nothing.
    undone_by: tuple[str, ...] = ()

    @property
    def action_id(self) -> str:
        """What `undo` takes back in one go: the group, or the entry alone."""
        return self.group or self.entry

    def as_json(self) -> dict[str, Any]:
        """The entry as `history --format json` gives it."""
        return {"entry": self.entry, "group": self.group, "time": self.time.isoformat(),
                "store": self.store, "profile": self.profile, "action": self.action,
                "download_id": self.download_id, "before": self.before,
                "after": self.after, "state": self.state, "undoes": self.undoes,
                "reason": self.reason}


def record_values(record: Download) -> dict[str, Any]:
    """A whole record as an entry keeps it."""
    return record.model_dump(mode="json")


@dataclass
class Reading:
    """What the journal holds, oldest first, and how many lines could not be read."""

    entries: list[Entry] = field(default_factory=list)
    unreadable: int = 0

    def newest_first(self, store: str | None = None) -> list[Entry]:
        return [entry for entry in reversed(self.entries)
                if store is None or entry.store == store]


class Journal:
    """The journal at `path`, and the old recovery log at `old_path` (read only);
    `Journal.default()` for the user's own."""

    def __init__(self, path: Path, old_path: Path | None = None) -> None:
        self.path = path
        self.old_path = old_path

    @classmethod
    def default(cls) -> Journal:
        directory = data_dir()
        return cls(directory / JOURNAL_NAME, directory / OLD_LOG_NAME)

    # -- writing ------------------------------------------------------------

    def begin(self, entry: Entry) -> Entry:
        """Write `entry` as about to be sent, synced to disk. Raises `JournalError`
        when it cannot be: then the write must not be sent."""
        line = _Begun(**{name: getattr(entry, name) for name in _Begun.model_fields})
        self._append(line.model_dump(mode="json"))
        return entry

    def mark(self, entry: Entry, mark: Mark, *, download_id: str | None = None,
             after: dict[str, Any] | None = None, reason: str | None = None) -> Entry:
        """Write the outcome of `entry`; `download_id` and `after` are what the store
        made of a create. Raises `JournalError` (the entry then stays pending)."""
        line = _Marked(mark=mark, entry=entry.entry, time=now(), download_id=download_id,
                       after=after, reason=reason)
        self._append(line.model_dump(mode="json", exclude_none=True))
        return _marked(entry, line)

    def _append(self, values: dict[str, Any]) -> None:
        # ASCII only, so reading the file in a terminal shows no raw control character.
        data = json.dumps(values, separators=(",", ":")).encode() + b"\n"
        try:
            append_private(self.path, data)
        except OSError as exc:
            raise JournalError(f"cannot write the journal {self.path}: "
                               f"{exc.strerror or exc}") from None

    # -- reading ------------------------------------------------------------

    def read(self) -> Reading:
        """Every entry, oldest first, with its state; the old log's deletions first."""
        reading = Reading()
        entries: dict[str, Entry] = {}
        if self.old_path is not None:
            for entry in _old_entries(self.old_path, reading):
                entries[entry.entry] = entry
        for values in _lines(self.path, reading):
            if "mark" in values:
                try:
                    marked = _Marked.model_validate(values)
                except ValidationError:
                    reading.unreadable += 1
                    continue
                if marked.entry in entries:
                    entries[marked.entry] = _marked(entries[marked.entry], marked)
                continue
            try:
                begun = _Begun.model_validate(values)
            except ValidationError:
                reading.unreadable += 1
                continue
            entries[begun.entry] = Entry(**begun.model_dump())
        reading.entries = _with_undone(list(entries.values()))
        return reading


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _lines(path: Path, reading: Reading) -> Iterator[dict[str, Any]]:
    """The JSON objects of `path`, one a line; what is no object is counted."""
    try:
        with path.open("rb") as stream:
            for raw in stream:
                if not raw.strip():
                    continue
                try:
                    values = json.loads(raw)
                except ValueError:
                    values = None
                if isinstance(values, dict):
                    yield values
                else:
                    reading.unreadable += 1
    except FileNotFoundError:
        return
    except OSError as exc:
        raise JournalError(f"cannot read the journal {path}: {exc.strerror or exc}") from None


def _marked(entry: Entry, line: _Marked) -> Entry:
    return replace(entry, state=line.mark, reason=line.reason,
                   download_id=line.download_id or entry.download_id,
                   after=line.after if line.after is not None else entry.after)


def _with_undone(entries: list[Entry]) -> list[Entry]:
    """Each entry's state once the undos are counted: an entry is undone while an
    undo of it is done and not undone itself. Undos come after what they undo, so
    the newest are settled first."""
    undone: dict[str, list[str]] = {}
    settled: list[Entry] = []
    for entry in reversed(entries):
        undoers = tuple(undone.get(entry.entry, ()))
        if undoers:
            entry = replace(entry, state="undone", undone_by=undoers)
        if entry.undoes is not None and entry.state == "done":
            undone.setdefault(entry.undoes, []).insert(0, entry.entry)
        settled.append(entry)
    return settled[::-1]


class _OldLine(BaseModel):
    """A line of the recovery log of earlier versions."""

    model_config = ConfigDict(extra="ignore")

    event: Literal["deleting", "deleted", "kept", "restored"]
    key: str
    when: datetime
    store: str | None = None
    profile: str | None = None
    record: Download | None = None
    new_id: str | None = None


def _old_entries(path: Path, reading: Reading) -> list[Entry]:
    """The old log's deletions and restores as entries, so none is lost."""
    found: dict[str, Entry] = {}
    for values in _lines(path, reading):
        try:
            line = _OldLine.model_validate(values)
        except ValidationError:
            reading.unreadable += 1
            continue
        entry = found.get(line.key)
        if line.event == "deleting" and line.record is not None:
            found[line.key] = Entry(
                entry=line.key[:12], time=line.when, store=store_key(line.store or ""),
                profile=line.profile, action="delete", effect="delete",
                download_id=line.record.download_id, before=record_values(line.record),
                after=None)
        elif entry is not None and line.event in ("deleted", "kept"):
            found[line.key] = replace(entry, state="done" if line.event == "deleted"
                                      else "failed")
        elif entry is not None and line.event == "restored" and line.new_id:
            restored = {**(entry.before or {}), "download_id": line.new_id}
            found[line.key + "r"] = Entry(
                entry=line.key[:11] + "r", time=line.when, store=entry.store,
                profile=entry.profile, action="restore", effect="create",
                download_id=line.new_id, before=None, after=restored,
                undoes=entry.entry, state="done")
    return sorted(found.values(), key=lambda entry: entry.time)
