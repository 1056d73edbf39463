"""The journal as people read it: each entry in a line, and `history`'s output.

One wording for the commands and the app: what an entry changed ("download count
3 → 0"), and its state, where a pending entry reads "outcome unknown" (the write
was sent, or about to be, and its answer never noted).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from tui.core.columns import unique_prefix_length
from tui.core.journal import Entry
from tui.core.undo_plan import record_text, shown_value
from tui.core.fields import IN_TEXT
from tui.core.output import write_rows
from tui.core.text import counted

STATE_TEXT = {"pending": "outcome unknown", "done": "done", "failed": "failed",
              "undone": "undone"}
#: `history`'s table: (header, width cap; None: never shortened).
HISTORY_COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("entry", None), ("group", None), ("time", 16), ("action", 7), ("download", None),
    ("state", 15), ("change", 70),
)


def change_text(entry: Entry) -> str:
    """What `entry` changed, in a few words."""
    if entry.effect == "update":
        before, after = entry.before or {}, entry.after or {}
        return ", ".join(f"{IN_TEXT.get(name, name)} {shown_value(before.get(name))} → "
                         f"{shown_value(value)}" for name, value in after.items())
    if entry.effect == "delete":
        return "deleted: " + record_text(entry.before or {})
    said = "re-created: " if entry.undoes else "created: "
    return said + record_text(entry.after or {})


def local_time(entry: Entry) -> str:
    return entry.time.astimezone().strftime("%Y-%m-%d %H:%M")


def history_row(entry: Entry) -> dict[str, str]:
    return {"entry": entry.entry, "group": entry.group or "", "time": local_time(entry),
            "action": entry.action, "download": entry.download_id or "(not known yet)",
            "state": STATE_TEXT[entry.state], "change": change_text(entry)}


def write_history(entries: Sequence[Entry], fmt: str, out: TextIO,
                  width: int | None = None) -> None:
    """Entries, newest first: JSON as `Entry.as_json`, CSV, or a table within `width`."""
    if fmt == "json":
        rows: list[dict[str, Any]] = [entry.as_json() for entry in entries]
        out.write(json.dumps(rows, indent=2) + "\n")
        return
    # On a terminal a download id is shortened as the app's list shows it (as much as
    # tells them apart, and "…"), so the change has room; piped or saved, ids are whole.
    shown = unique_prefix_length(entry.download_id for entry in entries
                                 if entry.download_id) + 1
    columns = HISTORY_COLUMNS if width is None else tuple(
        (name, shown if name == "download" else cap) for name, cap in HISTORY_COLUMNS)
    write_rows([history_row(entry) for entry in entries], columns, fmt, out,
               empty="(no changes in the journal)", width=width)


@dataclass(frozen=True)
class Line:
    """One action as the app's history lists it: a group folded into one line."""

    entries: tuple[Entry, ...]

    @property
    def newest(self) -> Entry:
        return self.entries[0]

    @property
    def action(self) -> str:
        count = len(self.entries)
        return self.newest.action + (f" ×{count}" if count > 1 else "")

    @property
    def downloads(self) -> str:
        ids = {entry.download_id for entry in self.entries}
        if len(ids) == 1:
            return self.newest.download_id or "(not known yet)"
        return counted(len(ids), "download")

    @property
    def change(self) -> str:
        """The change; for a group that set the same values on each, those values."""
        more = len(self.entries) - 1
        if more and self.newest.effect == "update" and all(
                entry.effect == "update" and entry.after == self.newest.after
                for entry in self.entries):
            return ", ".join(f"{IN_TEXT.get(name, name)} → {shown_value(value)}"
                             for name, value in (self.newest.after or {}).items()) + " on each"
        return change_text(self.newest) + (f" (and {more} more)" if more else "")

    @property
    def state(self) -> str:
        states = Counter(entry.state for entry in self.entries)
        if len(states) == 1:
            return STATE_TEXT[self.newest.state]
        return ", ".join(f"{count} {STATE_TEXT[state]}" for state, count in states.most_common())


def fold(entries: Iterable[Entry]) -> list[Line]:
    """Entries (newest first) as lines, the entries of a group in one line."""
    lines: dict[str, list[Entry]] = {}
    for entry in entries:
        lines.setdefault(entry.action_id, []).append(entry)
    return [Line(tuple(group)) for group in lines.values()]
