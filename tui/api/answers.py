"""Reading what a store answered: bodies within a size cap, JSON read
defensively, records, list pages.

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
from tui.api.models import (
    Download,
    ListQuery,
    Page,
    describe_validation_error,
    parse_download,
    parse_list_items,
)
from tui.api.page_sizes import PageFacts

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


async def read_capped(response: httpx.Response, limit: int) -> bytes | None:
    """The body, or None as soon as it proves longer than `limit` bytes."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and (len(declared) > MAX_INT_DIGITS or int(declared) > limit):
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


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


def page_of(query: ListQuery, facts: PageFacts, entries: list[Any]) -> Page:
    """The page of `query` made of a list answer's entries and what it said of its page."""
    # Made of records just validated: checking them all again would cost as much.
    return Page.model_construct(
        items=parse_list_items(entries), page=query.page, perpage=facts.perpage,
        has_more=facts.has_more, total=facts.total, total_pages=facts.total_pages,
    )


def confirms_auth(answer: Answer) -> bool:
    """Whether an answer to `POST /authenticate/test` says the credentials are good
    (stores write "yes" as true, 1, "1" or "true")."""
    data = json_of(answer)
    return isinstance(data, dict) and data.get("authenticated") in (True, 1, "1", "true")


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
