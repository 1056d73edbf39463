"""JSON as a store writes it: numbers no record could hold kept as text, and the one
JSON value of an answer found within text a plugin printed around it.

WordPress turns PHP's notices off for requests that accept JSON, but a plugin that
prints (an HTML comment, a warning's markup, a cache plugin's `<!-- … -->` after
the body) still writes into every answer, and the status stays 200: what the
store meant to send is still there, and is read.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass
from typing import Any

#: Integers longer than this are kept as text (no store id or count is this wide,
#: and Python refuses to convert very long digit strings).
MAX_INT_DIGITS = 30
#: The most digits an integer read from JSON may have (Python's own limit, as
#: shipped): reading one is then quick, however hostile the answer.
_INT_DIGITS_READ = 4300
#: A web page, not an answer printed into: the JSON in it is the page's own (a
#: theme's JSON-LD, a script's settings), never the API's answer.
_PAGE = r"<(?:!doctype|html|script)\b"
#: Where a JSON object or array may start in text around it. (Both compiled on first
#: use, by `re`'s cache: start-up needs neither.)
_VALUE_START = r"[\[{]"
#: Starts tried at most: a hostile answer must not make each of its brackets a parse.
_MOST_TRIES = 16
#: A value right after one of these, or right before one of the others, is a part of
#: a larger one that did not parse (a cut-off answer), not the answer itself.
_INSIDE_AFTER, _INSIDE_BEFORE = ("[", ",", ":"), (",", "]", "}", ":")


def _finite_or_text(text: str) -> float | str:
    return value if math.isfinite(value := float(text)) else text


def _int_or_text(text: str) -> int | str:
    return int(text) if len(text) <= MAX_INT_DIGITS else text


_DECODER = json.JSONDecoder(parse_int=_int_or_text, parse_float=_finite_or_text,
                            parse_constant=str)


def parse_json(content: bytes) -> Any:
    """JSON as Python data. Numbers no record could hold stay text, so they fail
    validation as one broken record instead of breaking the whole answer, and
    never reach JSON output as NaN: floats too large to be finite, the NaN and
    Infinity some encoders write, and integers longer than Python reads (4,300
    digits; such an answer is read again with every integer over 30 digits kept
    as text). Where that limit has been lifted, every integer is checked."""
    if 0 < sys.get_int_max_str_digits() <= _INT_DIGITS_READ:
        try:
            return json.loads(content, parse_float=_finite_or_text, parse_constant=str)
        except ValueError:
            pass
    return json.loads(content, parse_int=_int_or_text, parse_float=_finite_or_text,
                      parse_constant=str)


@dataclass(frozen=True)
class JsonRead:
    """What an answer's body holds: its JSON `value` when `found`, and whether text
    around that value was `skipped` to find it."""

    value: Any = None
    found: bool = False
    skipped: bool = False


def read_json(content: bytes) -> JsonRead:
    """The body as JSON; else, unless it is a web page, the longest JSON object or
    array within it that stands on its own (text before and after it, not a piece
    of a larger value)."""
    try:
        return JsonRead(parse_json(content), found=True)
    except (ValueError, RecursionError):
        pass
    text = content.decode("utf-8-sig", errors="replace")
    if re.search(_PAGE, text, re.IGNORECASE):
        return JsonRead()
    best: tuple[int, Any] | None = None
    read_up_to = tries = 0
    for start in (match.start() for match in re.finditer(_VALUE_START, text)):
        if start < read_up_to:
            continue  # within a value already read
        if tries == _MOST_TRIES:
            break
        tries += 1
        try:
            value, end = _DECODER.raw_decode(text, start)
        except (ValueError, RecursionError):
            continue
        read_up_to = end
        stands_alone = (not text[:start].rstrip().endswith(_INSIDE_AFTER)
                        and not text[end:].lstrip().startswith(_INSIDE_BEFORE))
        if stands_alone and (best is None or end - start > best[0]):
            best = (end - start, value)
    if best is None:
        return JsonRead()
    return JsonRead(best[1], found=True, skipped=True)
