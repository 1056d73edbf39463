"""Reading what a store answered: bodies within a size cap, JSON read
defensively (`tui.api.json_reading`), records, list pages.

A store is not trusted to answer sensibly, and a real one (WordPress and PHP)
does not answer as the API reference draws it: numbers come as text, a list may
be EasyCart's `{"results": [...], "pagination": {"more": ...}}` wrapper. What
can be read is read; what cannot becomes a `BadResponse` saying what came.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import httpx
from pydantic import ValidationError

from tui.api.errors import BadResponse
from tui.api.json_reading import MAX_INT_DIGITS, JsonRead, read_json
from tui.api.models import (
    Download,
    ListQuery,
    Page,
    describe_validation_error,
    parse_download,
    parse_list_items,
)
from tui.api.page_sizes import PageFacts


@dataclass(frozen=True)
class Answer:
    """What the store answered, read in full (within the size cap)."""

    status_code: int
    headers: httpx.Headers
    content: bytes

    @cached_property
    def read(self) -> JsonRead:
        """The body's JSON, read once however often it is asked for."""
        return read_json(self.content)


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


def json_of(answer: Answer) -> Any:
    """The answer's JSON (found within text around it, if need be): the client hands
    on only answers that hold some (an answer without is a `NotJson` there)."""
    return answer.read.value


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
