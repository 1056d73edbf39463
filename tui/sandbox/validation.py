"""What a request may ask for, checked before the store is touched.

Every problem is reported at once, each under the name of the parameter or field it
concerns, so a client can point at the exact input to correct.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from tui.api.models import (
    DEFAULT_PERPAGE,
    DOWNLOAD_ID_PATTERN,
    FIELDS,
    INTEGER_FIELDS,
    MAX_PERPAGE,
    WRITABLE_FIELDS,
)
from tui.sandbox.errors import invalid_params, out_of_bounds
from tui.sandbox.store import MAX_INTEGER, MAX_TEXT_LENGTH

#: No valid body comes near this (six fields, strings of at most 255 characters).
MAX_BODY_BYTES = 64 * 1024
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
_SORT_DIRECTIONS = ("ASC", "DESC")


@dataclass(frozen=True)
class ListParams:
    """The query of `GET /downloads`, checked and with the defaults filled in."""

    page: int = 1
    perpage: int = DEFAULT_PERPAGE
    sortby: str = "download_id"
    sortdir: str = "ASC"
    search: str | None = None


def parse_list_params(
    query: Mapping[str, str], *, strict: bool = True, perpage_cap: int = MAX_PERPAGE,
    perpage_max: int | None = None,
) -> ListParams:
    """Check the list query; unknown parameters are ignored, as WordPress does.

    A `perpage` above `perpage_cap` is served as the cap; one above `perpage_max` is
    refused, as WordPress refuses a number outside its route's range. `strict` is the
    reference's reading: a `perpage` over 100, an unknown sort term or direction is a
    400 naming it. Otherwise, as WordPress plugins do, an unknown sort term gives the default
    order (the primary key's, ascending) and an unknown direction ascending.
    """
    problems: dict[str, str] = {}
    page = _query_integer(query, "page", ListParams.page, 1, None, problems)
    high = MAX_PERPAGE if strict else None
    perpage = _query_integer(query, "perpage", ListParams.perpage, 1, high, problems)
    sortby = query.get("sortby", ListParams.sortby)
    sortdir = query.get("sortdir", ListParams.sortdir).upper()
    if strict:
        if sortby not in FIELDS:
            problems["sortby"] = f"sortby must be one of: {', '.join(FIELDS)}"
        if sortdir not in _SORT_DIRECTIONS:
            problems["sortdir"] = "sortdir must be ASC or DESC"
    elif sortby not in FIELDS:
        sortby, sortdir = ListParams.sortby, ListParams.sortdir
    elif sortdir not in _SORT_DIRECTIONS:
        sortdir = ListParams.sortdir
    if problems:
        raise invalid_params(problems)
    if perpage_max is not None and perpage > perpage_max:
        raise out_of_bounds("perpage", 1, perpage_max)
    perpage = min(perpage, perpage_cap)
    return ListParams(page, perpage, sortby, sortdir, query.get("search") or None)


def _query_integer(
    query: Mapping[str, str],
    name: str,
    default: int,
    low: int,
    high: int | None,
    problems: dict[str, str],
) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw) if _INTEGER_TEXT.fullmatch(raw) else None
    except ValueError:  # more digits than Python converts
        value = None
    if value is None:
        problems[name] = f"{name} must be an integer"
    elif high is None and value < low:
        problems[name] = f"{name} must be at least {low}"
    elif high is not None and not low <= value <= high:
        problems[name] = f"{name} must be between {low} and {high}"
    return default if value is None else value


def check_download_id(value: str) -> str:
    """The path's id, if it fits the reference's pattern `^[0-9a-zA-Z]+$`."""
    if not DOWNLOAD_ID_PATTERN.fullmatch(value):
        raise invalid_params({"download_id": "download_id must be letters and digits only"})
    return value


async def read_changes(request: Request) -> dict[str, Any]:
    """The body of a POST or PATCH: a JSON object of writable fields, each well typed."""
    body = await _read_json(request)
    if not isinstance(body, dict):
        raise invalid_params({"body": "body must be a JSON object"})
    problems = {
        name: problem
        for name, value in body.items()
        if (problem := _field_problem(name, value)) is not None
    }
    if problems:
        raise invalid_params(problems)
    return body


async def _read_json(request: Request) -> Any:
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_BODY_BYTES:
            raise invalid_params({"body": f"body must be at most {MAX_BODY_BYTES} bytes"})
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        raise invalid_params({"body": "body must be valid JSON"}) from None


def _field_problem(name: str, value: Any) -> str | None:
    """What is wrong with one body field, or None."""
    if name not in WRITABLE_FIELDS:
        if name in FIELDS:
            return f"{name} is assigned by the store and cannot be set"
        return f"{name} is not a field of a download"
    if name in INTEGER_FIELDS:
        if type(value) is not int:  # bool is an int subclass, and is not accepted
            return f"{name} must be an integer"
        if not 0 <= value <= MAX_INTEGER:
            return f"{name} must be between 0 and {MAX_INTEGER}"
        return None
    if name == "is_amazon":
        return None if isinstance(value, bool) else "is_amazon must be true or false"
    if not isinstance(value, str):
        return f"{name} must be a string"
    if len(value) > MAX_TEXT_LENGTH:
        return f"{name} must be at most {MAX_TEXT_LENGTH} characters"
    if not _is_encodable(value):
        return f"{name} must be valid Unicode text"
    return None


def _is_encodable(text: str) -> bool:
    """False for lone surrogates (JSON allows "\\ud800"; UTF-8, and so SQLite, does not)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
