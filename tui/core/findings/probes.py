"""Probing a store: what `easycart-tui doctor` asks after its first request
(`tui.core.findings.reach`), and the cheap part the app asks.

Reads only. Each probe adds `Check`s (one line of the report each, with a stable
key) and what it found to the `Examination`. A probe that cannot tell says so
("unknown") instead of guessing.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from tui.api.answers import Answer, json_of, list_of
from tui.api.client import DownloadsClient
from tui.api.errors import ApiError, AuthError, InputRejected, ServerError
from tui.api.models import FIELDS, MAX_PERPAGE, Download, ListQuery, Page, SortDir
from tui.core.columns import HEADERS
from tui.core.fields import IN_TEXT
from tui.core.findings.model import Findings, SearchMatch, SortSupport
from tui.core.findings.order import sort_support, sort_value

Status = Literal["ok", "failed", "unknown"]
#: The round trip is the median of this many small reads.
ROUND_TRIPS = 5
#: Probes sent at once: a store's rate limits are unknown, so a few at most.
_IN_FLIGHT = 3
#: The fields a search term is tried in (a flag or a count says nothing of search).
SEARCHED_FIELDS = ("download_id", "order_id", "product_id", "download_file_name",
                   "amazon_key", "date_created")
_HEX = re.compile(r"[0-9a-f]+")
_ALPHANUMERIC = re.compile(r"[0-9A-Za-z]+")


@dataclass(frozen=True)
class Check:
    """One line of the report: a stable key, a mark, and what it means for the user."""

    key: str
    status: Status
    title: str
    text: str
    #: The finding itself, for `--format json` (None when the text is all there is).
    value: Any = None


@dataclass
class Examination:
    """The checks made so far, what they found, and whether the store is usable."""

    findings: Findings
    checks: list[Check] = field(default_factory=list)
    usable: bool = True
    #: Every record the probes saw, for the search probe to choose terms from.
    seen: dict[str, Download] = field(default_factory=dict)

    def add(self, key: str, status: Status, title: str, text: str, value: Any = None) -> None:
        self.checks.append(Check(key, status, title, text, value))

    def learn(self, **found: Any) -> None:
        self.findings = self.findings.model_copy(update=found)

    def saw(self, page: Page) -> None:
        self.seen.update((item.download_id, item) for item in page.items
                         if isinstance(item, Download))

    def failed(self, key: str, title: str, problem: ApiError) -> None:
        """A probe the store refused or failed: the store is not usable."""
        self.add(key, "failed", title, f"{problem} {problem.hint}".strip())
        self.usable = False


async def examine_round_trip(client: DownloadsClient, exam: Examination) -> None:
    """The median time of a few one-row reads."""
    times: list[float] = []
    try:
        for _ in range(ROUND_TRIPS):
            started = time.perf_counter()
            await client.list(ListQuery(perpage=1))
            times.append((time.perf_counter() - started) * 1000)
    except ApiError as problem:
        exam.failed("round_trip", "round trip", problem)
        return
    median = round(statistics.median(times))
    exam.add("round_trip", "ok", "round trip",
             f"{median} ms (median of {ROUND_TRIPS} one-row reads)", median)


async def examine_basic_reads(client: DownloadsClient, exam: Examination) -> None:
    """Whether reads go with Basic authorization too (writes never do)."""
    try:
        await client.reading_with("basic").list(ListQuery(perpage=1))
    except AuthError:
        exam.add("auth_basic_reads", "failed", "Basic for reads",
                 "refused: keep auth = \"bearer\" (the default)", False)
        exam.learn(basic_reads=False)
        return
    except ApiError as problem:
        exam.add("auth_basic_reads", "unknown", "Basic for reads", f"could not tell: {problem}")
        return
    exam.add("auth_basic_reads", "ok", "Basic for reads",
             "accepted (auth = \"basic\" may be used for reads)", True)
    exam.learn(basic_reads=True)


async def examine_list(client: DownloadsClient, exam: Examination) -> None:
    """The list's shape and typing, the ids, the totals and the page-size cap."""
    try:
        await read_list(client, exam)
    except ApiError as problem:
        exam.failed("list", "the list", problem)


async def read_list(client: DownloadsClient, exam: Examination) -> None:
    """`examine_list`, from the first page asked at 100 rows (and the next one, when
    fewer came); raises `ApiError`."""
    first, answer = await client.list_answered(ListQuery(perpage=MAX_PERPAGE))
    exam.saw(first)
    _shape(answer, exam)
    _typing(answer, exam)
    _ids(first, exam)
    _totals(answer, exam)
    await _cap(client, first, exam, said=first.total_pages is not None
               or list_of(answer).more is not None)


def _shape(answer: Answer, exam: Examination) -> None:
    if isinstance(json_of(answer), dict):
        exam.add("list_shape", "ok", "list shape", "EasyCart's {\"results\", \"pagination\"} "
                 "wrapper: its \"more\" says where the list ends", "results")
        exam.learn(list_shape="results")
    else:
        exam.add("list_shape", "ok", "list shape",
                 "a bare JSON array, as the API reference shows", "array")
        exam.learn(list_shape="array")


def _typing(answer: Answer, exam: Examination) -> None:
    counts = [entry.get("download_count") for entry in list_of(answer).entries
              if isinstance(entry, dict)]
    if not counts:
        exam.add("typing", "unknown", "typing", "no record to tell from")
    elif any(isinstance(count, str) for count in counts):
        exam.add("typing", "ok", "typing",
                 "numbers sent as text (\"12\"), as WordPress does: read as numbers", "strings")
        exam.learn(typing="strings")
    else:
        exam.add("typing", "ok", "typing", "numbers sent as numbers", "numbers")
        exam.learn(typing="numbers")


def _ids(page: Page, exam: Examination) -> None:
    ids = [item.download_id for item in page.items if isinstance(item, Download)]
    if not ids:
        exam.add("ids", "unknown", "ids", "no record to tell from")
        return
    lengths = sorted({len(download_id) for download_id in ids})
    length = (f"{lengths[0]} characters" if len(lengths) == 1
              else f"{lengths[0]}–{lengths[-1]} characters")
    if all(_HEX.fullmatch(download_id) for download_id in ids):
        kind = "lowercase hex"
    elif all(_ALPHANUMERIC.fullmatch(download_id) for download_id in ids):
        kind = "letters and digits"
    else:
        kind = "other characters too (escaped in URLs, spelled out on screen)"
    exam.add("ids", "ok", "ids", f"{length}, {kind}",
             {"shortest": lengths[0], "longest": lengths[-1], "characters": kind.split(" (")[0]})


def _totals(answer: Answer, exam: Examination) -> None:
    sent = [name for name in ("X-WP-Total", "X-WP-TotalPages") if name in answer.headers]
    if sent:
        exam.add("totals", "ok", "totals", f"{' and '.join(sent)} sent: the app shows "
                 "\"page N of M\" from the first page", True)
    else:
        exam.add("totals", "failed", "totals", "no X-WP-Total headers: the app finds the "
                 "last page as it pages", False)
    exam.learn(totals=bool(sent))


async def _cap(client: DownloadsClient, first: Page, exam: Examination, *, said: bool) -> None:
    """A store that refused the first page at 100 rows named its maximum. Otherwise
    a first page shorter than asked is a cap or the whole list: what the store
    said of more pages (`said`: its totals or its "more"), or else the next page
    asked at the short page's size, tells. (Without `said`, `first.has_more` is only
    the client's guess that a short page may not be the end.)"""
    rows = len(first.items)
    if (most := client.page_sizes.refused_over) is not None:
        exam.add("perpage_cap", "failed", "rows per page",
                 f"at most {most} per page: the store refuses more with an error (400), so "
                 f"the app asks for {most} and offers no more", most)
        exam.learn(perpage_cap=most)
    elif rows == 0:
        exam.add("perpage_cap", "unknown", "rows per page",
                 "the list is empty: nothing to tell a cap from")
    elif rows >= MAX_PERPAGE:
        exam.add("perpage_cap", "ok", "rows per page",
                 f"serves {MAX_PERPAGE} when asked for {MAX_PERPAGE}", MAX_PERPAGE)
        exam.learn(perpage_cap=MAX_PERPAGE)
    elif first.has_more if said else await _more_after(client, rows, exam):
        exam.add("perpage_cap", "failed", "rows per page",
                 f"at most {rows} per page, whatever is asked: the app asks for {rows} "
                 f"and offers no more", rows)
        exam.learn(perpage_cap=rows)
    else:
        exam.add("perpage_cap", "unknown", "rows per page",
                 f"the store holds only {rows} downloads: a cap, if any, is above that")


async def _more_after(client: DownloadsClient, rows: int, exam: Examination) -> bool:
    second = await client.list(ListQuery(page=2, perpage=rows))
    exam.saw(second)
    return bool(second.items)


async def examine_sorts(client: DownloadsClient, exam: Examination) -> None:
    """For each field, the first page sorted both ways: in that order, or not."""
    perpage = exam.findings.perpage_cap or MAX_PERPAGE
    limit = asyncio.Semaphore(_IN_FLIGHT)

    async def page(field_name: str, direction: SortDir) -> Page:
        async with limit:
            return await client.list(ListQuery(perpage=perpage, sortby=field_name,
                                               sortdir=direction))

    async def support(field_name: str) -> tuple[SortSupport, str | None]:
        """How the store sorts by `field_name`, and why it cannot be told, if so."""
        try:
            ascending, descending = await asyncio.gather(page(field_name, "ASC"),
                                                         page(field_name, "DESC"))
        except (InputRejected, ServerError) as problem:
            if isinstance(problem, ServerError) and problem.status >= 500:
                return "unknown", f"cannot tell: {problem}"
            return "refused", None
        except ApiError as problem:
            return "unknown", f"cannot tell: {problem}"
        exam.saw(ascending)
        exam.saw(descending)
        return sort_support(_records(ascending), _records(descending), field_name), None

    supports = dict(zip(FIELDS, await asyncio.gather(*map(support, FIELDS)), strict=True))
    found = {name: verdict for name, (verdict, _) in supports.items()}
    for name, (verdict, why) in supports.items():
        status, text = _SORT_LINES[verdict]
        exam.add(f"sort.{name}", status, f"sort by {HEADERS[name]}", why or text, verdict)
    exam.learn(sorts=found)


_SORT_LINES: dict[SortSupport, tuple[Status, str]] = {
    "honoured": ("ok", "honoured, both ways"),
    "ignored": ("failed", "ignored: rows come in the store's own order; the app sorts "
                          "only the page on screen"),
    "refused": ("failed", "refused with an error: the app sorts only the page on screen"),
    "unknown": ("unknown", "cannot tell: every row probed has the same value"),
}


def _records(page: Page) -> list[Download]:
    return [item for item in page.items if isinstance(item, Download)]


async def examine_search(client: DownloadsClient, exam: Examination) -> None:
    """Which fields `search` looks in: a value of one record's field, found in none of
    its other fields, is searched for; the record coming back means it matched."""
    perpage = exam.findings.perpage_cap or MAX_PERPAGE
    limit = asyncio.Semaphore(_IN_FLIGHT)

    async def matches(field_name: str) -> SearchMatch:
        chosen = _search_term(exam.seen.values(), field_name)
        if chosen is None:
            return "unknown"
        record, term = chosen
        async with limit:
            found = await client.list(ListQuery(perpage=perpage, search=term))
        if record.download_id in {item.download_id for item in found.items}:
            return "yes"
        return "no" if len(found.items) < found.perpage else "unknown"

    try:
        verdicts = await asyncio.gather(*map(matches, SEARCHED_FIELDS))
    except ApiError as problem:
        exam.add("search", "failed", "search", f"refused: {problem}")
        return
    found = dict(zip(SEARCHED_FIELDS, verdicts, strict=True))
    exam.learn(search=found)
    named = {verdict: [IN_TEXT[name] for name, said in found.items() if said == verdict]
             for verdict in ("yes", "no", "unknown")}
    parts = [f"matches {', '.join(named['yes']) or 'nothing probed'}"]
    if named["no"]:
        parts.append(f"not {', '.join(named['no'])}")
    if named["unknown"]:
        parts.append(f"cannot tell for {', '.join(named['unknown'])}")
    exam.add("search", "ok" if named["yes"] else "failed", "search", "; ".join(parts), found)


def _search_term(records: Iterable[Download], field_name: str) -> tuple[Download, str] | None:
    """A record and the text of its `field_name` that appears in none of its other
    searchable fields (so only that field can make it match), rarest first."""
    candidates: list[tuple[Download, str]] = []
    for record in records:
        term = str(sort_value(record, field_name))
        others = [str(sort_value(record, name)).casefold() for name in SEARCHED_FIELDS
                  if name != field_name]
        if term and not any(term.casefold() in other for other in others):
            candidates.append((record, term))
    if not candidates:
        return None
    counts = Counter(term for _, term in candidates)
    return min(candidates, key=lambda pair: (counts[pair[1]], pair[0].download_id))


async def examine_cheaply(client: DownloadsClient, known: Findings) -> Findings:
    """What the app finds out by itself on first meeting a store: `read_list`'s
    findings over `known`. Raises `ApiError`."""
    exam = Examination(known.model_copy(update={"by": "app"}))
    await read_list(client, exam)
    return exam.findings


#: The read-only probes of `doctor` after the first request, in the order they run.
READ_PROBES: tuple[Callable[[DownloadsClient, Examination], Awaitable[None]], ...] = (
    examine_round_trip, examine_basic_reads, examine_list, examine_sorts, examine_search,
)
