"""Store dates shown to people: parsed leniently, told relative to a clock.

The clock is passed in so that screens (and their snapshots) can be pinned to a
fixed moment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

Clock = Callable[[], datetime]

_UNITS: tuple[tuple[str, int], ...] = (
    ("year", 365 * 86400),
    ("month", 30 * 86400),
    ("day", 86400),
    ("hour", 3600),
    ("minute", 60),
)


def system_clock() -> datetime:
    """Now, in the local time zone (stores usually send local time)."""
    return datetime.now().astimezone()


def parse_store_date(text: str) -> datetime | None:
    """A store date (`2024-03-05 10:22:11`, ISO 8601, …) or None when unreadable."""
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def relative(text: str, now: datetime) -> str:
    """`text` as "3 days ago" / "in 2 hours", or "" when it is not a date."""
    when = parse_store_date(text)
    if when is None:
        return ""
    if (when.tzinfo is None) != (now.tzinfo is None):
        # A naive store date is taken to be in the clock's zone.
        when, now = when.replace(tzinfo=None), now.replace(tzinfo=None)
    seconds = int((now - when).total_seconds())
    if abs(seconds) < 60:
        return "just now"
    for unit, size in _UNITS:
        count = abs(seconds) // size
        if count:
            amount = f"{count} {unit}{'' if count == 1 else 's'}"
            return f"{amount} ago" if seconds > 0 else f"in {amount}"
    return "just now"


