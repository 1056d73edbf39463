"""Reading what a store answered: JSON read defensively, records, list pages.

A store is not trusted to answer sensibly, and a real one (WordPress and PHP)
does not answer as the API reference draws it: numbers come as text, a list may
be EasyCart's `{"results": [...], "pagination": {"more": ...}}` wrapper. What
can be read is read; what cannot becomes a `BadResponse` saying what came.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import ValidationError

from tui.api.errors import BadResponse
from tui.api.models import Download, describe_validation_error, parse_download

#: Integers longer than this are kept as text (no store id or count is this wide,
#: and Python refuses to convert very long digit strings).
MAX_INT_DIGITS = 30
#: The most digits an integer read from JSON may have (Python's own limit, as
#: shipped): reading one is then quick, however hostile the answer.
_INT_DIGITS_READ = 4300


@dataclass(frozen=True)
class Answer:
    """What the store answered, read in full (within the size cap)."""

    status_code: int
    headers: httpx.Headers
    content: bytes


@dataclass(frozen=True)
class ListAnswer:
    """The entries of a list answer (not yet read into records), and whether the
    store said that more follow (None when it did not say)."""

    entries: list[Any]
    more: bool | None = None


def _finite_or_text(text: str) -> float | str:
    return value if math.isfinite(value := float(text)) else text


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
    return json.loads(
        content,
        parse_int=lambda text: int(text) if len(text) <= MAX_INT_DIGITS else text,
        parse_float=_finite_or_text,
        parse_constant=str,
    )


def json_of(answer: Answer) -> Any:
    if not answer.content.strip():
        raise BadResponse("The store sent an empty answer.")
    try:
        return parse_json(answer.content)
    except (ValueError, RecursionError):
        raise BadResponse(
            "The store's answer was not JSON; check that the URL points at its API."
        ) from None


def record_of(answer: Answer) -> Download:
    data = json_of(answer)
    if not isinstance(data, dict):
        raise BadResponse(f"The store's answer was {kind(data)}, not a download record.")
    try:
        return parse_download(data)
    except ValidationError as exc:
        raise BadResponse(
            f"The store sent a record this app cannot read ({describe_validation_error(exc)})."
        ) from None


def list_of(answer: Answer) -> ListAnswer:
    """The entries of a list answer: a bare array (the reference's), or EasyCart's
    wrapper, whose `pagination.more` says whether the list goes on."""
    data = json_of(answer)
    if isinstance(data, list):
        return ListAnswer(data)
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        pagination = data.get("pagination")
        more = pagination.get("more") if isinstance(pagination, dict) else None
        return ListAnswer(data["results"], more if isinstance(more, bool) else None)
    raise BadResponse(
        f"The store's answer to the list request was {kind(data)}, not a list of downloads."
    )


def int_header(answer: Answer, name: str) -> int | None:
    value = answer.headers.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) <= MAX_INT_DIGITS else None


def kind(data: Any) -> str:
    """What a piece of JSON is, in words, for messages."""
    if isinstance(data, bool):
        return "true or false"
    if isinstance(data, dict):
        return "an object"
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "a string"
    if data is None:
        return "null"
    return "a number" if isinstance(data, (int, float)) else "a value of another kind"
