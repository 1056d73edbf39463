"""Download ids as git takes commit hashes: the whole id, or any unique start of it.

A checkout id is 45 characters (`uniqid(md5(rand()))`), too long to type or read
back. A start of at least `MIN_PREFIX_LENGTH` characters is looked up through the
store's search, which matches a substring of the id (and of other fields), so only
the results whose id starts with it count; one that is the whole id wins outright.
Where the search finds none, the text is asked for as a whole id before it is
called unknown: a store whose search leaves ids out still finds a whole one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from tui.api.client import DownloadsClient
from tui.api.errors import InputRejected, NotFound
from tui.api.models import MAX_PERPAGE, Download, ListQuery
from tui.api.outgoing import record_path

#: The shortest start of an id that is looked up (as git's shortest abbreviation).
MIN_PREFIX_LENGTH = 4
#: The length of a checkout id: text this long or longer is an id, never a start of one.
WHOLE_ID_LENGTH = 45
#: Pages of search results read at most, so a very common start cannot read the store.
MAX_SEARCH_PAGES = 20
#: Candidates named in a message; the rest are counted.
SHOWN_CANDIDATES = 5


class IdPrefixTooShort(InputRejected):
    """Too few characters to be looked up: they would match a good part of the store.
    The message says what to do, so there is no hint beside it."""

    hint = ""

    def __init__(self, text: str) -> None:
        super().__init__(f"{text} is too short to look a download up by: give at least "
                         f"{MIN_PREFIX_LENGTH} characters of its id.", field="download_id")
        self.text = text


class IdPrefixNotFound(NotFound):
    """No download's id is, or starts with, the text."""

    def __init__(self, text: str) -> None:
        super().__init__(f"No download's id starts with {text}.")
        self.text = text


class AmbiguousIdPrefix(InputRejected):
    """The text starts several downloads' ids; `candidates` are those found, sorted.
    `complete` is False when the search had more results than were read. The message
    says what to do, so there is no hint beside it."""

    hint = ""

    def __init__(self, text: str, candidates: tuple[str, ...], complete: bool = True) -> None:
        self.text = text
        self.candidates = candidates
        self.complete = complete
        super().__init__(_ambiguity(text, candidates, complete), field="download_id")


def _ambiguity(text: str, candidates: tuple[str, ...], complete: bool) -> str:
    if len(candidates) < 2:  # only when the search was cut short
        return (f"The store's search for {text} has more results than are looked through; "
                "give more of the id.")
    count = f"{len(candidates):,}" if complete else f"at least {len(candidates):,}"
    shown = ", ".join(candidates[:SHOWN_CANDIDATES])
    more = len(candidates) - SHOWN_CANDIDATES
    if more > 0:
        shown += f" and {more:,} more"
    return f"{text} is the start of {count} downloads' ids: {shown}; give more of it."


def _checked(text: str) -> str:
    """`text` with the checks every id gets; a start too short is refused."""
    record_path(text)  # InputRejected for what no store's id column holds
    if len(text) < MIN_PREFIX_LENGTH:
        raise IdPrefixTooShort(text)
    return text


def pick_by_prefix(text: str, ids: Iterable[str], complete: bool = True) -> str:
    """The one of `ids` that is `text` or starts with it (any case); raises
    `IdPrefixNotFound` or `AmbiguousIdPrefix`. Also for ids the store is not asked
    about, such as the journal's deleted downloads."""
    _checked(text)
    start = text.casefold()
    candidates = sorted({download_id for download_id in ids
                         if download_id.casefold().startswith(start)})
    if text in candidates:
        return text
    if len(candidates) == 1 and complete:
        return candidates[0]
    if not candidates and complete:
        raise IdPrefixNotFound(text)
    raise AmbiguousIdPrefix(text, tuple(candidates), complete)


async def find_download(client: DownloadsClient, text: str) -> Download:
    """The download `text` stands for, as the store has it now: read by its id when
    `text` is as long as a checkout id, else the one the store's search finds whose
    id starts with it (the search's answer is the record: it is not read again)."""
    if len(_checked(text)) >= WHOLE_ID_LENGTH:
        return await client.get(text)
    found, complete = await _search(client, text)
    try:
        return found[pick_by_prefix(text, found, complete)]
    except (IdPrefixNotFound, AmbiguousIdPrefix) as problem:
        if isinstance(problem, AmbiguousIdPrefix) and problem.complete:
            raise
        with contextlib.suppress(NotFound):  # a whole id the search did not show
            return await client.get(text)
        raise


async def _search(client: DownloadsClient, text: str) -> tuple[dict[str, Download], bool]:
    """The store's search results for `text` by id, and whether they were read to
    the end (at most `MAX_SEARCH_PAGES` pages are)."""
    found: dict[str, Download] = {}
    pages = client.iter_pages(ListQuery(perpage=MAX_PERPAGE, search=text), concurrency=1,
                              few=True)
    async with contextlib.aclosing(pages):
        async for page in pages:
            found |= {item.download_id: item for item in page.items if item.download_id}
            if page.page >= MAX_SEARCH_PAGES and page.has_more:
                return found, False
    return found, True
