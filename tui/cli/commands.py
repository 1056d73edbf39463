"""The scripting commands: `list`, `get`, `create`, `update`, `delete`, `check`.

Plain output for pipes and scripts; no Textual anywhere on this path. Each
command is a coroutine taking the open client and the parsed arguments and
returning the exit code. Every write goes through the journal first
(`tui.core.writes`); `history`, `undo` and `restore` are in `tui.cli.journal_commands`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import time
from collections.abc import AsyncGenerator, Iterator
from typing import Any, TextIO

from tui.api.client import DownloadsClient
from tui.api.errors import ApiError, InputRejected
from tui.api.models import (
    DEFAULT_PERPAGE,
    WRITABLE_FIELDS,
    Download,
    DownloadChanges,
    InvalidRecord,
    ListQuery,
    Page,
    SortDir,
)
from tui.api.outgoing import record_path
from tui.config.connection import Connection
from tui.core.filters import FIELD_NAMES, SHORT_NAMES, Filter, FilterError, parse_terms
from tui.core.matches import MatchScan
from tui.core.writes import Writes
from tui.core.findings.model import Findings
from tui.core.id_prefix import AmbiguousIdPrefix, IdPrefixTooShort, find_download
from tui.core.output import list_writer, write_record
from tui.core.rules import Refused, change_problems, parse_value
from tui.core.text import counted, visible

ALL_PAGES_PERPAGE = 100
WRITE_COMMANDS = frozenset({"create", "update", "delete", "restore", "undo"})


class UsageProblem(Exception):
    """The command line is wrong; the message says how (exit code 2)."""


class NotFoundProblem(Exception):
    """What the command was to act on is not there (a deletion the journal does not
    hold); the message says what (exit code 3, as for a download not found)."""


class StoppedPartWay(Exception):
    """`list --all` failed after writing some pages, which stay written; the
    message says after which, then why (exit code 1)."""


def apply_connection(args: argparse.Namespace, connection: Connection) -> None:
    """What the profile says about this command: no writes when read-only, and
    its rows per page for `list` unless the command line says otherwise.
    `args.profile` becomes the profile in effect (for the journal), and
    `args.store_key` the store's key in the state file."""
    writes = (args.command in WRITE_COMMANDS and not getattr(args, "list", False)
              and not getattr(args, "dry_run", False))
    if writes and connection.read_only:
        raise UsageProblem(
            f"refusing to {args.command}: profile {connection.profile!r} is read-only "
            f"(read_only = true in [profiles.{connection.profile}]); use another profile "
            f"to change records"
        )
    if args.command == "list" and args.perpage is None and not args.all:
        args.perpage = connection.perpage
    args.profile = connection.profile
    args.store_key = connection.store_key()


def parse_assignments(pairs: list[str]) -> dict[str, Any]:
    """`--set field=value` pairs as values to send, checked by the rules every
    place that writes a download follows."""
    values: dict[str, Any] = {}
    for pair in pairs:
        named, sep, value = pair.partition("=")
        field = FIELD_NAMES.get(named.strip().lower(), named.strip())
        if not sep:
            raise UsageProblem(f"--set takes FIELD=VALUE, got {visible(pair)!r}")
        if field not in WRITABLE_FIELDS:
            short = ", ".join(SHORT_NAMES[name] for name in WRITABLE_FIELDS)
            raise UsageProblem(f"cannot set {visible(named.strip())!r}; writable fields: "
                               f"{', '.join(WRITABLE_FIELDS)} (or {short})")
        try:
            values[field] = parse_value(field, value)
        except Refused as refusal:
            raise UsageProblem(f"{field}: {refusal}") from None
    if not values:
        raise UsageProblem("nothing to set: give at least one --set FIELD=VALUE")
    return values


def _refuse(problems: dict[str, str]) -> None:
    """Stop the command (exit 2) on the first rule a change breaks."""
    for field in WRITABLE_FIELDS:
        if field in problems:
            raise UsageProblem(f"{field}: {problems[field]}")


async def run_list(client: DownloadsClient, args: argparse.Namespace) -> int:
    # The command line's types have checked each value (argparse exits 2 otherwise).
    found = use_findings(client, args)
    if args.where or args.format in ("ids", "count"):
        return await _list_matches(client, args, where_of(args), found)
    perpage = args.perpage or (ALL_PAGES_PERPAGE if args.all else None)
    query = ListQuery(
        page=args.page or 1,
        sortby=args.sortby,
        sortdir=_sort_direction(args),
        search=args.search or None,
        **({"perpage": perpage} if perpage else {}),
    )
    writer = list_writer(args.format, sys.stdout, terminal_width(sys.stdout))
    unreadable = written = 0
    last_page: int | None = None
    pages = client.iter_pages(query, args.concurrency) if args.all else _one(client, query)
    try:
        # Closed here, whatever stops the loop (a failed write too): left open, the
        # pages would be closed at the loop's end, with Python's complaint.
        async with contextlib.aclosing(pages):
            async for page in pages:
                writer.write(page.items)
                unreadable += sum(isinstance(item, InvalidRecord) for item in page.items)
                written += len(page.items)
                last_page = page.page
    except ApiError as error:
        if last_page is None:
            raise
        raise StoppedPartWay(f"stopped after page {last_page} ({written} records written): "
                             f"{error} {error.hint}".strip()) from error
    writer.close()
    if unreadable:
        print(f"warning: {unreadable} record(s) could not be read", file=sys.stderr)
    return 0


def _sort_direction(args: argparse.Namespace) -> SortDir:
    """`--sortdir` (asc or desc, as the config file writes it) as the API takes it."""
    return "DESC" if args.sortdir == "desc" else "ASC"


def where_of(args: argparse.Namespace) -> Filter:
    """The `--where` terms (and `--search`), checked before anything is sent."""
    try:
        return parse_terms(args.where or (), getattr(args, "search", None))
    except FilterError as problem:
        raise UsageProblem(f"--where: {problem}") from None


async def _list_matches(client: DownloadsClient, args: argparse.Namespace, where: Filter,
                        found: Findings | None) -> int:
    """Every record that meets `where` (or page `--page` of them), streamed as the
    store's pages are read; `--format count` prints how many there are."""
    scan = MatchScan(client, where, sortby=args.sortby, sortdir=_sort_direction(args),
                     findings=found, concurrency=args.concurrency)
    counting = args.format == "count"
    writer = None if counting else list_writer(args.format, sys.stdout,
                                               terminal_width(sys.stdout))
    one_page = args.page is not None and args.format not in ("ids", "count")
    perpage = args.perpage or DEFAULT_PERPAGE
    skip, wanted = ((args.page - 1) * perpage, perpage) if one_page else (0, None)
    matched = unreadable = pages_read = 0
    try:
        async with contextlib.aclosing(scan.pages()) as pages:
            async for page in pages:
                pages_read += 1
                unreadable += page.unreadable
                records = page.records[skip:]
                skip = max(0, skip - len(page.records))
                if wanted is not None:
                    records = records[:wanted - matched]
                matched += len(records)
                if writer is not None and records:
                    writer.write(records)
                if wanted is not None and matched >= wanted:
                    break
    except ApiError as error:
        if not pages_read:
            raise
        raise StoppedPartWay(
            f"stopped after reading {counted(pages_read, 'page')} of the store "
            f"({counted(matched, 'match', 'matches')} so far): {error} {error.hint}".strip()
        ) from error
    if writer is None:
        print(matched)
    else:
        writer.close()
    if unreadable:
        print(f"warning: {counted(unreadable, 'entry', 'entries')} of the store could not be "
              "read, so could not be checked against the filter", file=sys.stderr)
    return 0


def use_findings(client: DownloadsClient, args: argparse.Namespace) -> Findings | None:
    """What `doctor` or the app found of this store: its cap, so pages are asked for
    at it from the first; a sort it ignores, said on stderr. Returned, for a filter
    to narrow its reads by the fields the store searches."""
    from tui.config.state import StateFile

    found = StateFile.default().findings(args.store_key, client.base_url)
    if found is None:
        return None
    if found.perpage_cap is not None:
        client.page_sizes.know_cap(found.perpage_cap)
    sort = getattr(args, "sortby", None)  # `update` and `delete` of a set do not sort
    if sort and found.sorts_on_screen(sort):
        print(f"warning: this store does not sort by {sort} (found {found.checked:%Y-%m-%d}"
              f"): the rows come in its own order", file=sys.stderr)
    return found


def terminal_width(out: TextIO) -> int | None:
    """The width a table must fit: the terminal's (or `COLUMNS`), and none for a
    pipe or a file, which nothing wraps."""
    if "COLUMNS" in os.environ or out.isatty():
        return shutil.get_terminal_size().columns
    return None


async def _one(client: DownloadsClient, query: ListQuery) -> AsyncGenerator[Page, None]:
    yield await client.list(query)


def check_id(download_id: str) -> None:
    """Refuse an id the client would not send as a command-line problem (exit 2),
    not as a failure of the store."""
    try:
        record_path(download_id)
    except InputRejected as refusal:
        raise UsageProblem(str(refusal)) from None


@contextlib.contextmanager
def id_prefix_problems() -> Iterator[None]:
    """A start of an id too short, or shared by several ids, as a command-line
    problem (exit 2); one that starts no id stays a `NotFound` (exit 3)."""
    try:
        yield
    except (IdPrefixTooShort, AmbiguousIdPrefix) as problem:
        raise UsageProblem(str(problem)) from None


async def named(client: DownloadsClient, text: str) -> Download:
    """The download `text` names, by all of its id or a unique start, as it is now."""
    check_id(text)
    with id_prefix_problems():
        return await find_download(client, text)


async def run_get(client: DownloadsClient, args: argparse.Namespace) -> int:
    write_record(await named(client, args.id), args.format, sys.stdout)
    return 0


async def run_create(client: DownloadsClient, args: argparse.Namespace) -> int:
    changes = parse_assignments(args.set)
    _refuse(change_problems(changes, None, adding=True))
    writes = Writes(client, profile=args.profile)
    write_record(await writes.create(DownloadChanges(**changes).body()), args.format, sys.stdout)
    _unmarked(writes)
    return 0


def _unmarked(writes: Writes) -> None:
    """Say when a write was made but its outcome could not be noted in the journal."""
    if writes.unmarked:
        print("warning: the store made the change, but the journal could not note it; "
              "`easycart-tui history` shows it as outcome unknown", file=sys.stderr)


def _acts_on_a_set(args: argparse.Namespace) -> bool:
    """Whether `update` or `delete` is given a set (`--where`, ids on stdin, a dry
    run) rather than one id; neither is a command-line problem."""
    if args.id is None and not args.where:
        raise UsageProblem(f"give the id of the download to {args.command}, - to read ids "
                           "from standard input, or --where TERM")
    return bool(args.where) or args.id == "-" or args.dry_run


async def _whole_id(client: DownloadsClient, args: argparse.Namespace) -> None:
    """The one id given to `update` or `delete` on a set (a dry run), made whole."""
    if args.id not in (None, "-") and not args.where:
        args.id = (await named(client, args.id)).download_id


async def run_update(client: DownloadsClient, args: argparse.Namespace) -> int:
    changes = parse_assignments(args.set)
    if _acts_on_a_set(args):
        await _whole_id(client, args)
        from tui.cli.set_commands import run_update_set  # it builds on this module

        return await run_update_set(client, args)
    # Read first: the journal keeps the values it had, and whether S3 is on, and
    # its key, may be the record's.
    current = await named(client, args.id)
    _refuse(change_problems(changes, current))
    writes = Writes(client, profile=args.profile)
    write_record(await writes.update(current, DownloadChanges(**changes).body()), args.format,
                 sys.stdout)
    _unmarked(writes)
    return 0


async def run_delete(client: DownloadsClient, args: argparse.Namespace) -> int:
    """Fetch the record (the journal keeps all of it), ask, journal, delete."""
    on_a_set = _acts_on_a_set(args)
    if not on_a_set and not args.yes and not sys.stdin.isatty():
        raise UsageProblem("refusing to delete without --yes when input is not a terminal")
    if on_a_set:
        await _whole_id(client, args)
        from tui.cli.set_commands import run_delete_set  # it builds on this module

        return await run_delete_set(client, args)
    record = await named(client, args.id)
    if not args.yes:
        answer = input(
            f"Delete download {visible(record.download_id)} "
            f"({visible(record.download_file_name)}, order {record.order_id})? [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            # The user's own choice, not a failure: exit 0, as `rm -i` does.
            print("Not deleted.", file=sys.stderr)
            return 0
    writes = Writes(client, profile=args.profile)
    write_record(await writes.delete(record), args.format, sys.stdout)
    _unmarked(writes)
    print(f"deleted; `easycart-tui undo` (or `easycart-tui restore "
          f"{visible(record.download_id)}`) re-creates it", file=sys.stderr)
    return 0


async def run_check(client: DownloadsClient, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    reached = await client.test_auth()
    elapsed_ms = round((time.perf_counter() - started) * 1000)
    proxy = client.route.shown_proxy
    if args.format == "json":
        print(json.dumps({"store": client.base_url, "authenticated": True,
                          "reached": f"POST {reached}", "round_trip_ms": elapsed_ms,
                          "proxy": proxy}))
        return 0
    print(f"OK: authenticated to {client.base_url} in {elapsed_ms} ms")
    print(f"reached: POST {reached}")
    if proxy is not None:
        print(f"proxy: {proxy} ({client.route.variable})")
    return 0


COMMANDS = {
    "list": run_list,
    "get": run_get,
    "create": run_create,
    "update": run_update,
    "delete": run_delete,
    "check": run_check,
}
