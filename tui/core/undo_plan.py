"""What an undo is worked out as, and how it ended: the plan (each step it writes,
each entry it skips, each conflict with the store, each pending entry settled)
and the outcome, and how each reads in a line.

Apart from `tui.core.undo`, which works a plan out and runs it, because settling
pending entries (`tui.core.settle`) adds to the same plan, and the journal's
lines (`tui.core.history`) use the same words for a value and a record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from tui.api.models import Download
from tui.core.fields import IN_TEXT
from tui.core.journal import Entry, Mark, record_values
from tui.core.text import visible

Send = Literal["create", "update", "delete"]


@dataclass(frozen=True)
class Conflict:
    """The store does not hold what `entry` left: `field`'s value is `held`, the
    entry left `expected` (a field of None: the record itself, as `why` says)."""

    download_id: str
    field: str | None
    held: Any = None
    expected: Any = None
    why: str = ""

    def __str__(self) -> str:
        if self.field is None:
            return f"download {visible(self.download_id)} {self.why}" if self.download_id \
                else self.why
        return (f"download {visible(self.download_id)}: its {IN_TEXT[self.field]} is "
                f"{shown_value(self.held)} in the store, but the change left "
                f"{shown_value(self.expected)}")


@dataclass(frozen=True)
class Step:
    """One write undo sends: `send` to `download_id` with `values` (an update's
    before values, a re-created record's fields), taking back `entry`."""

    entry: Entry
    send: Send
    download_id: str
    values: dict[str, Any]
    current: Download | None = None

    def __str__(self) -> str:
        target = visible(self.download_id)
        if self.send == "update":
            # An older change of a record this undo writes first: not read yet.
            held = record_values(self.current) if self.current is not None else {}
            said = ", ".join((f"{IN_TEXT[name]} {shown_value(held[name])} → " if name in held
                              else f"{IN_TEXT[name]} → ") + shown_value(value)
                             for name, value in self.values.items())
            return f"set download {target}: {said}"
        if self.send == "delete":
            return f"delete download {target} (made by entry {self.entry.entry})"
        return f"re-create download {target} ({record_text(self.values)}; it gets a new id)"


@dataclass(frozen=True)
class Settled:
    """A pending entry whose outcome the store showed, to be noted as `mark`."""

    entry: Entry
    mark: Mark
    download_id: str | None = None
    after: dict[str, Any] | None = None


@dataclass
class Plan:
    """What undoing `entries` (one action, newest first) would write, what it
    skips and why, and where the store disagrees with the journal."""

    entries: list[Entry]
    steps: list[Step] = field(default_factory=list)
    skipped: list[tuple[Entry, str]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    settled: list[Settled] = field(default_factory=list)

    @property
    def action_id(self) -> str:
        return self.entries[0].action_id


@dataclass
class Outcome:
    """How an undo ended: what was written, and what failed and why."""

    written: list[tuple[Step, Download]] = field(default_factory=list)
    failed: list[tuple[Step, str]] = field(default_factory=list)
    unmarked: int = 0
    #: The undo's own action (its group, or its one entry), to take it back in turn.
    taken_as: str | None = None


def shown_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "(empty)"
    return f"“{visible(str(value))}”" if isinstance(value, str) else str(value)


def record_text(values: dict[str, Any]) -> str:
    """A record as a line names it: its order, product and file."""
    file = visible(str(values.get("download_file_name") or "")) or "no file"
    return f"order {values.get('order_id')}, product {values.get('product_id')}, {file}"
