"""The scripting commands: `list`, `get`, `create`, `update`, `delete`, `restore`, `check`.

Plain output for pipes and scripts; no Textual anywhere on this path. Each
command is a coroutine taking the open client and the parsed arguments and
returning the exit code. Every deletion goes through the recovery log first.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import AsyncIterator
from typing import Any, TextIO

from tui.api.client import DownloadsClient
from tui.api.errors import ApiError, InputRejected
from tui.api.models import (
    WRITABLE_FIELDS,
    DownloadChanges,
    InvalidRecord,
    ListQuery,
    Page,
)
from tui.api.outgoing import record_path
from tui.connection import Connection
from tui.output import list_writer, write_deletions, write_record
from tui.recovery import RecoveryError, RecoveryLog
from tui.rules import Refused, change_problems, parse_value
from tui.text import visible

ALL_PAGES_PERPAGE = 100
WRITE_COMMANDS = frozenset({"create", "update", "delete", "restore"})


class UsageProblem(Exception):
    """The command line is wrong; the message says how (exit code 2)."""


class StoppedPartWay(Exception):
    """`list --all` failed after writing some pages, which stay written; the
    message says after which, then why (exit code 1)."""


def apply_connection(args: argparse.Namespace, connection: Connection) -> None:
    """What the profile says about this command: no writes when read-only, and
    its rows per page for `list` unless the command line says otherwise.
    `args.profile` becomes the profile in effect (for the recovery log), and
    `args.store_key` the store's key in the state file."""
    writes = args.command in WRITE_COMMANDS and not getattr(args, "list", False)
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
        field, sep, value = pair.partition("=")
        field = field.strip()
        if not sep:
            raise UsageProblem(f"--set takes FIELD=VALUE, got {visible(pair)!r}")
        if field not in WRITABLE_FIELDS:
            raise UsageProblem(
                f"cannot set {visible(field)!r}; writable fields: {', '.join(WRITABLE_FIELDS)}"
            )
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
    perpage = args.perpage or (ALL_PAGES_PERPAGE if args.all else None)
    query = ListQuery(
        page=args.page,
        sortby=args.sort,
        sortdir="DESC" if args.desc else "ASC",
        search=args.search or None,
        **({"perpage": perpage} if perpage else {}),
    )
    _use_findings(client, args)
    writer = list_writer(args.format, sys.stdout, terminal_width(sys.stdout))
    unreadable = written = 0
    last_page: int | None = None
    pages = client.iter_pages(query, args.concurrency) if args.all else _one(client, query)
    try:
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


def _use_findings(client: DownloadsClient, args: argparse.Namespace) -> None:
    """What `doctor` or the app found of this store: its cap, so pages are asked for
    at it from the first; a sort it ignores, said on stderr."""
    from tui.state import StateFile

    found = StateFile.default().findings(args.store_key, client.base_url)
    if found is None:
        return
    if found.perpage_cap is not None:
        client.page_sizes.know_cap(found.perpage_cap)
    if args.sort and found.sorts_on_screen(args.sort):
        print(f"warning: this store does not sort by {args.sort} (found {found.checked:%Y-%m-%d}"
              f"): the rows come in its own order", file=sys.stderr)


def terminal_width(out: TextIO) -> int | None:
    """The width a table must fit: the terminal's (or `COLUMNS`), and none for a
    pipe or a file, which nothing wraps."""
    if "COLUMNS" in os.environ or out.isatty():
        return shutil.get_terminal_size().columns
    return None


async def _one(client: DownloadsClient, query: ListQuery) -> AsyncIterator[Page]:
    yield await client.list(query)


def _check_id(download_id: str) -> None:
    """Refuse an id the client would not send as a command-line problem (exit 2),
    not as a failure of the store."""
    try:
        record_path(download_id)
    except InputRejected as refusal:
        raise UsageProblem(str(refusal)) from None


async def run_get(client: DownloadsClient, args: argparse.Namespace) -> int:
    _check_id(args.id)
    write_record(await client.get(args.id), args.format, sys.stdout)
    return 0


async def run_create(client: DownloadsClient, args: argparse.Namespace) -> int:
    changes = parse_assignments(args.set)
    _refuse(change_problems(changes, None, adding=True))
    write_record(await client.create(DownloadChanges(**changes)), args.format, sys.stdout)
    return 0


async def run_update(client: DownloadsClient, args: argparse.Namespace) -> int:
    _check_id(args.id)
    changes = parse_assignments(args.set)
    # Whether S3 is on, and its key, may be the record's: read it to judge.
    touches_s3 = not {"is_amazon", "amazon_key"}.isdisjoint(changes)
    _refuse(change_problems(changes, await client.get(args.id) if touches_s3 else None))
    write_record(await client.update(args.id, DownloadChanges(**changes)), args.format,
                 sys.stdout)
    return 0


async def run_delete(client: DownloadsClient, args: argparse.Namespace) -> int:
    """Fetch the record (the recovery log needs all of it), ask, log, delete."""
    if not args.yes and not sys.stdin.isatty():
        raise UsageProblem("refusing to delete without --yes when input is not a terminal")
    _check_id(args.id)
    record = await client.get(args.id)
    if not args.yes:
        answer = input(
            f"Delete download {visible(record.download_id)} "
            f"({visible(record.download_file_name)}, order {record.order_id})? [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            # The user's own choice, not a failure: exit 0, as `rm -i` does.
            print("Not deleted.", file=sys.stderr)
            return 0
    deletion = await RecoveryLog.default().delete(client, record, args.profile)
    write_record(deletion.record, args.format, sys.stdout)
    print(f"deleted; `easycart-tui restore {visible(record.download_id)}` re-creates it",
          file=sys.stderr)
    return 0


async def run_restore(client: DownloadsClient, args: argparse.Namespace) -> int:
    """Re-create a deleted record from the recovery log, or list what can be."""
    log = RecoveryLog.default()
    if args.list == bool(args.id):
        raise UsageProblem("give the ID of a deleted download, or --list (not both)")
    if args.list:
        entries = [entry for entry in log.entries(client.base_url) if entry.restorable]
        write_deletions(entries, args.format, sys.stdout)
        return 0
    entry = log.find(args.id, client.base_url)
    if entry is None:
        raise RecoveryError(
            f"the recovery log holds no deleted download {visible(args.id)} from "
            f"{client.base_url}; `easycart-tui restore --list` shows what it holds"
        )
    created = await log.restore(client, entry)
    write_record(created, args.format, sys.stdout)
    print(f"restored download {visible(entry.download_id)} as {visible(created.download_id)}",
          file=sys.stderr)
    return 0


async def run_check(client: DownloadsClient, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    reached = await client.test_auth()
    elapsed_ms = round((time.perf_counter() - started) * 1000)
    if args.format == "json":
        print(json.dumps({"store": client.base_url, "authenticated": True,
                          "reached": f"POST {reached}", "round_trip_ms": elapsed_ms}))
        return 0
    print(f"OK: authenticated to {client.base_url} in {elapsed_ms} ms")
    print(f"reached: POST {reached}")
    return 0


COMMANDS = {
    "list": run_list,
    "get": run_get,
    "create": run_create,
    "update": run_update,
    "delete": run_delete,
    "restore": run_restore,
    "check": run_check,
}
