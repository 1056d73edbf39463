"""`update` and `delete` on a set of downloads: `--where` terms, or ids on standard input (`-`).

The set is chosen first (every match of the terms, or the ids read), then shown and
confirmed: `--dry-run` prints how many and the first of them and stops; on a
terminal the user is asked, with the count; off a terminal only `--yes` goes on.
Then each download is read again and written (`tui.core.set_writes`), what was
written going to stdout in the chosen format and every skip or failure to stderr,
and one summary line ends the run. Exit 0 only when nothing failed.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TextIO

from tui.api.client import DownloadsClient
from tui.api.errors import InputRejected, NotFound
from tui.api.models import Download, DownloadChanges
from tui.cli.commands import UsageProblem, parse_assignments, terminal_width, use_findings, where_of
from tui.cli.exit_codes import EXIT_FAILED, EXIT_OK
from tui.core.filters import Filter
from tui.core.matches import MatchScan
from tui.core.set_writes import IdListProblem, Outcome, Tally, read_id_lines, write_each
from tui.core.writes import Writes
from tui.core.output import list_writer
from tui.core.rules import change_problems
from tui.core.text import counted, visible

#: Downloads shown by `--dry-run` and before the question.
SHOWN_FIRST = 10


@dataclass(frozen=True)
class Chosen:
    """The downloads a set command acts on: their ids, the first of them as read,
    and how they were chosen (said in the question and the summary)."""

    ids: list[str]
    first: list[Download]
    said: str


async def run_update_set(client: DownloadsClient, args: argparse.Namespace) -> int:
    changes = parse_assignments(args.set)
    where = _checked_where(args)
    setting = ", ".join(f"{field}={visible(str(value))}" for field, value in changes.items())

    def check(current: Download) -> str | None:
        if where is not None and not where.matches(current):
            return f"no longer meets {where.where}"
        if problems := change_problems(changes, current):
            return next(iter(problems.values()))
        if all(getattr(current, field) == value for field, value in changes.items()):
            return "already has those values"
        return None

    writes = Writes(client, profile=args.profile).grouped()

    def write(current: Download) -> Awaitable[Download]:
        return writes.update(current, DownloadChanges(**changes).body())

    return await _run(client, args, where, check, write, writes, verb="update",
                      done_word="changed", doing=f"set {setting}")


async def run_delete_set(client: DownloadsClient, args: argparse.Namespace) -> int:
    where = _checked_where(args)
    writes = Writes(client, profile=args.profile).grouped()

    def check(current: Download) -> str | None:
        if where is not None and not where.matches(current):
            return f"no longer meets {where.where}"
        return None

    return await _run(client, args, where, check, writes.delete, writes, verb="delete",
                      done_word="deleted", doing="a copy of each goes to the journal first")


def _checked_where(args: argparse.Namespace) -> Filter | None:
    """The terms, or None for ids on standard input; refused before anything is sent."""
    if args.where and args.id is not None:
        raise UsageProblem("give an ID, - (ids on standard input) or --where, not both")
    if not args.where:
        return None
    return where_of(args)


async def _run(client: DownloadsClient, args: argparse.Namespace, where: Filter | None,
               check: Callable[[Download], str | None],
               write: Callable[[Download], Awaitable[Download]], writes: Writes, *,
               verb: str, done_word: str, doing: str) -> int:
    """Choose, show, confirm, write; the summary says how to undo what was done."""
    if not args.dry_run and not args.yes and not sys.stdin.isatty():
        raise UsageProblem(f"refusing to {verb} without --yes when input is not a terminal")
    chosen = await (_matches(client, args, where) if where is not None
                    else _listed(client, args))
    if args.dry_run or not args.yes or not chosen.ids:
        _show_first(chosen, f"would be {verb}d" if args.dry_run else f"to {verb}",
                    sys.stdout if args.dry_run else sys.stderr)
    if args.dry_run or not chosen.ids:
        return EXIT_OK
    question = f"{verb.title()} {counted(len(chosen.ids), 'download')} {chosen.said} ({doing})?"
    if not args.yes and not _confirmed(f"{' '.join(question.split())} [y/N] "):
        print(f"Nothing was {verb}d.", file=sys.stderr)
        return EXIT_OK
    writer = list_writer(args.format, sys.stdout, terminal_width(sys.stdout))
    tally = Tally()
    try:
        tally = await write_each(
            client, chosen.ids, check=check, write=write,
            concurrency=args.concurrency or client.concurrency,
            told=lambda outcome: _tell(outcome, writer))
    finally:
        writer.close()
        if writes.unmarked:
            print(f"warning: {counted(len(writes.unmarked), 'change')} made but not noted in "
                  "the journal (`easycart-tui history` shows them as outcome unknown)",
                  file=sys.stderr)
        if tally.changed:
            print(f"`easycart-tui undo {writes.group}` takes "
                  f"{'it' if tally.changed == 1 else 'them'} back", file=sys.stderr)
        print(_summary(tally, done_word), file=sys.stderr)
    return EXIT_FAILED if tally.failed or tally.not_started else EXIT_OK


async def _matches(client: DownloadsClient, args: argparse.Namespace, where: Filter) -> Chosen:
    """Every match of `where`, read to the end before anything is written."""
    scan = MatchScan(client, where, findings=use_findings(client, args),
                     concurrency=args.concurrency)
    ids: list[str] = []
    first: list[Download] = []
    async with contextlib.aclosing(scan.pages()) as pages:
        async for page in pages:
            ids.extend(record.download_id for record in page.records)
            first.extend(page.records[:SHOWN_FIRST - len(first)])
    return Chosen(ids, first, f"meeting {where.where}")


async def _listed(client: DownloadsClient, args: argparse.Namespace) -> Chosen:
    """The ids read from standard input (`-`), or the one given; for a dry run the
    first of them are read to be shown."""
    if args.id == "-":
        try:
            ids = read_id_lines(sys.stdin)
        except IdListProblem as problem:
            raise UsageProblem(f"nothing was changed: {problem}") from None
        said = "read from standard input"
    else:
        ids, said = [args.id], ""
    first: list[Download] = []
    if args.dry_run:
        for download_id in ids[:SHOWN_FIRST]:
            with contextlib.suppress(NotFound, InputRejected):
                first.append(await client.get(download_id))
    return Chosen(ids, first, said)


def _show_first(chosen: Chosen, what: str, out: TextIO) -> None:
    """How many downloads, and the first of them, on `out` (a dry run's outcome;
    before a question, stderr, as stdout is for what was written)."""
    count = len(chosen.ids)
    if not count:
        print(" ".join(f"No download {chosen.said}: nothing to do.".split()), file=sys.stderr)
        return
    more = f"; the first {len(chosen.first)}:" if count > len(chosen.first) else ":"
    said = f"{counted(count, 'download')} {chosen.said} {what}"
    print(" ".join(said.split()) + (more if chosen.first else "."), file=out)
    if chosen.first:
        table = list_writer("table", out, terminal_width(out))
        table.write(chosen.first)
        table.close()


def _confirmed(question: str) -> bool:
    print(question, end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def _tell(outcome: Outcome, writer: Any) -> None:
    if outcome.record is not None:
        writer.write([outcome.record])
    elif outcome.result != "changed":
        print(f"{outcome.result}: {visible(outcome.download_id)}: {visible(outcome.reason)}",
              file=sys.stderr)


def _summary(tally: Tally, done_word: str) -> str:
    line = tally.summary(done_word)
    if tally.stopped_by is not None:
        line += f" (stopped: {visible(tally.stopped_by)})"
    return line
