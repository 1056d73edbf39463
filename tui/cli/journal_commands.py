"""`history`, `undo` and `restore`: the journal of writes, read and taken back.

`history` lists the store's entries newest first. `undo` takes back the newest
action not yet undone (a whole group at once), or the one named; each record is
read first and a change made meanwhile refuses the undo, naming the download,
the field and both values, unless `--force`. `restore` is the undo of one
deletion, named by the download's id. All three say when the journal holds lines
they could not read.
"""

from __future__ import annotations

import argparse
import sys

from tui.api.client import DownloadsClient
from tui.api.models import Download
from tui.cli.commands import (
    NotFoundProblem,
    UsageProblem,
    check_id,
    id_prefix_problems,
    terminal_width,
)
from tui.cli.exit_codes import EXIT_FAILED, EXIT_OK
from tui.core.history import change_text, write_history
from tui.core.id_prefix import AmbiguousIdPrefix, IdPrefixNotFound, pick_by_prefix
from tui.core.journal import Entry, Journal, Reading, store_key
from tui.core.settle import note_settled
from tui.core.undo import UndoRefused, choose, plan, run
from tui.core.undo_plan import Outcome, Plan, Step
from tui.core.writes import Writes
from tui.core.output import RecordWriter, list_writer, write_deletions, write_record
from tui.core.text import counted, visible


def read_journal(journal: Journal) -> Reading:
    """The journal, and a word on stderr for each line of it that could not be read."""
    reading = journal.read()
    if reading.unreadable:
        print(f"warning: {counted(reading.unreadable, 'line')} of the journal "
              f"{journal.path} could not be read (cut short by a crash or a full disk?) "
              f"and {'was' if reading.unreadable == 1 else 'were'} left out", file=sys.stderr)
    return reading


async def run_history(client: DownloadsClient, args: argparse.Namespace) -> int:
    reading = read_journal(Journal.default())
    entries = reading.newest_first(None if args.all_stores else store_key(client.base_url))
    if args.id is not None:
        entries = [entry for entry in entries if entry.download_id == args.id]
    write_history(entries[:args.limit] if args.limit else entries, args.format, sys.stdout,
                  terminal_width(sys.stdout))
    return EXIT_OK


async def run_undo(client: DownloadsClient, args: argparse.Namespace) -> int:
    if not args.dry_run and not args.yes and not sys.stdin.isatty():
        raise UsageProblem("refusing to undo without --yes when input is not a terminal "
                           "(--dry-run shows what would be written)")
    journal = Journal.default()
    reading = read_journal(journal)
    entries = choose(reading, store_key(client.base_url), args.entry)
    planned = await plan(client, reading, entries)
    if not args.dry_run:
        note_settled(journal, planned)
    said = action_text(entries)
    for entry, why in planned.skipped:
        print(f"skipped: entry {entry.entry}: {why}", file=sys.stderr)
    for conflict in planned.conflicts:
        print(f"changed since: {conflict}", file=sys.stderr)
    if planned.conflicts and not args.force:
        raise UndoRefused(f"nothing was undone: the store no longer holds what {said} left "
                          f"(see above); --force undoes it anyway")
    if not planned.steps:
        print(f"Nothing to write to undo {said}.", file=sys.stderr)
        return EXIT_OK
    if args.dry_run:
        print(f"Undoing {said} would write:")
        for step in planned.steps:
            print(f"  {step}")
        return EXIT_OK
    if not args.yes and not _confirmed(planned, said):
        print("Nothing was undone.", file=sys.stderr)
        return EXIT_OK
    writes = Writes(client, journal, args.profile)
    writer = list_writer(args.format, sys.stdout, terminal_width(sys.stdout))
    try:
        outcome = await run(writes, planned,
                            told=lambda step, record, why: _tell(step, record, why, writer))
    finally:
        writer.close()
    _summary(outcome, said)
    return EXIT_FAILED if outcome.failed else EXIT_OK


async def run_restore(client: DownloadsClient, args: argparse.Namespace) -> int:
    """Re-create a journaled deletion by the download's id, or list what can be."""
    if args.list == bool(args.id):
        raise UsageProblem("give the ID of a deleted download, or --list (not both)")
    journal = Journal.default()
    reading = read_journal(journal)
    deletions = [entry for entry in reading.newest_first(store_key(client.base_url))
                 if entry.effect == "delete" and entry.state in ("done", "pending")]
    if args.list:
        write_deletions(deletions, args.format, sys.stdout)
        return EXIT_OK
    entry = _deletion_named(reading, deletions, client.base_url, args.id)
    planned = await plan(client, reading, [entry])
    note_settled(journal, planned)
    if planned.conflicts:
        raise UndoRefused(f"download {visible(entry.download_id or '')} still exists in the "
                          "store; nothing to restore")
    if not planned.steps:
        raise UndoRefused(f"nothing to restore: {planned.skipped[0][1]}")
    outcome = await run(Writes(client, journal, args.profile), planned, action="restore")
    if outcome.failed:
        raise UndoRefused(f"not restored: {outcome.failed[0][1]}")
    [(_, created)] = outcome.written
    write_record(created, args.format, sys.stdout)
    print(f"restored download {visible(entry.download_id or '')} as "
          f"{visible(created.download_id)}", file=sys.stderr)
    return EXIT_OK


def _deletion_named(reading: Reading, deletions: list[Entry], base_url: str,
                    text: str) -> Entry:
    """The deletion of the download whose id is `text`, or starts with it; a second
    restore is refused, naming what the download was restored as."""
    check_id(text)
    with id_prefix_problems():
        try:
            download_id = pick_by_prefix(text, [entry.download_id for entry in deletions
                                                if entry.download_id])
        except IdPrefixNotFound:
            _refuse_if_restored(reading, store_key(base_url), text)
            raise NotFoundProblem(
                f"the journal holds no deleted download {visible(text)} from {base_url} that "
                "is not restored already; `easycart-tui restore --list` shows what it holds"
            ) from None
    return next(entry for entry in deletions if entry.download_id == download_id)


def _refuse_if_restored(reading: Reading, store: str, text: str) -> None:
    """Refuse a second restore of the download `text` names (all of its id, or the
    start of only one restored download's), naming what it was restored as."""
    restored = [entry for entry in reading.newest_first(store)
                if entry.effect == "delete" and entry.download_id and entry.undone_by]
    try:
        download_id = pick_by_prefix(text, [entry.download_id or "" for entry in restored])
    except (IdPrefixNotFound, AmbiguousIdPrefix):  # none, or several: none to name
        return
    entry = next(entry for entry in restored if entry.download_id == download_id)
    made = next((other for other in reading.entries if other.entry == entry.undone_by[-1]),
                None)
    again = made.download_id if made is not None and made.download_id else "?"
    raise UndoRefused(f"download {visible(download_id)} was restored already, as "
                      f"{visible(again)}")


def action_text(entries: list[Entry]) -> str:
    """An action as the messages name it: its entry (or group) and what it did."""
    first = entries[0]
    if first.group is None or len(entries) == 1:
        return (f"entry {first.entry} ({first.action} of download "
                f"{visible(first.download_id or '(not known)')}: {change_text(first)})")
    actions = sorted({entry.action for entry in entries})
    return f"group {first.group} ({counted(len(entries), 'change')}: {', '.join(actions)})"


def _confirmed(planned: Plan, said: str) -> bool:
    question = f"Undo {said}: {counted(len(planned.steps), 'write')}? [y/N] "
    print(" ".join(question.split()) + " ", end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def _tell(step: Step, record: Download | None, why: str, writer: RecordWriter) -> None:
    if record is None:
        print(f"failed: {step}: {visible(why)}", file=sys.stderr)
    else:
        writer.write([record])


def _summary(outcome: Outcome, said: str) -> None:
    done = len(outcome.written)
    line = f"Undid {said}: {done:,} written, {len(outcome.failed):,} failed"
    if outcome.unmarked:
        line += (f"; {counted(outcome.unmarked, 'write')} made but not noted in the journal "
                 "(history shows them as outcome unknown)")
    print(line, file=sys.stderr)
    if outcome.taken_as is not None:
        print(f"`easycart-tui undo {outcome.taken_as}` takes this undo back", file=sys.stderr)


JOURNAL_COMMANDS = {"history": run_history, "undo": run_undo, "restore": run_restore}
