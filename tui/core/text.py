"""Store text made safe for a terminal.

Values come from the store and may hold escape sequences, control or
bidirectional-override characters; they are shown visibly escaped, never raw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: How many characters the escape table remembers; past that each new one is
#: worked out again, so a hostile string cannot grow the table without bound.
_TABLE_LIMIT = 4096


def _escape(code: int) -> str:
    ch = chr(code)
    if ch.isprintable():
        return ch
    if ch in _NAMED:
        return _NAMED[ch]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


class _EscapeTable(dict[int, str]):
    """A `str.translate` table filled on demand: each character is classified once,
    so a value of several megabytes is escaped at C speed."""

    def __missing__(self, code: int) -> str:
        escaped = _escape(code)
        if len(self) < _TABLE_LIMIT:
            self[code] = escaped
        return escaped


_TABLE = _EscapeTable()


def visible(text: str) -> str:
    """`text` with every non-printable character (controls, bidi overrides) spelled out."""
    if text.isprintable():
        return text
    return text.translate(_TABLE)


def shorten(text: str, width: int) -> str:
    """Cut `text` to `width` characters, marking the cut with an ellipsis."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`1 row`, `2 rows`: a count with its noun in the number it takes."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def first_lines(items: Sequence[T], room: int, line: Callable[[T], str] = str) -> list[str]:
    """The `line` of as many of `items` as `room` lines hold (at least one), the last
    saying how many more there are ("… and 27 more") when they do not all fit; only
    the lines shown are made (a filter's marks may be thousands)."""
    shown = len(items) if len(items) <= max(room, 1) else max(room - 1, 1)
    lines = [line(item) for item in items[:shown]]
    if shown < len(items):
        lines.append(f"… and {len(items) - shown:,} more")
    return lines
