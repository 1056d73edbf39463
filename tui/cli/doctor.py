"""`easycart-tui doctor`: what a store really supports, found once and kept.

Runs the probes of `tui.core.findings.probes` (reads only; with `--write`, a probe
record is created, edited and deleted, each write in the journal), prints a line
per check, and keeps what it found in the state file, where the app and the
commands use it. Exit 0 when the store is usable, 1 when it is not. No Textual.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import TextIO

from tui.api.client import DownloadsClient
from tui.api.errors import ApiError
from tui.api.remarks import TEXT_AROUND
from tui.cli.commands import UsageProblem, terminal_width
from tui.config.connection import Connection
from tui.core.findings.model import Findings
from tui.core.findings.probes import READ_PROBES, Check, Examination
from tui.core.findings.reach import examine_reach
from tui.core.journal import Journal, JournalError
from tui.core.writes import Writes
from tui.config.state import StateFile
from tui.core.text import visible

#: What the probe record holds: nothing a customer could download.
PROBE_RECORD = {"product_id": 0, "order_id": 0, "download_count": 0,
                "download_file_name": "easycart-tui-doctor-probe.zip", "is_amazon": False}
MARKS = {"ok": "✓", "failed": "✗", "unknown": "?"}
#: Narrower than this, wrapping would leave too little room for the text.
_LEAST_WIDTH = 60


async def examine(client: DownloadsClient, connection: Connection, *, write: bool,
                  journal: Journal | None = None) -> Examination:
    """Every check, in order, stopping at the first that makes the store unusable;
    then what was noticed of its answers on the way."""
    exam = Examination(Findings(url=client.base_url, by="doctor"))
    await _probe(client, connection, exam, write=write, journal=journal)
    if TEXT_AROUND in client.remarks.said:
        exam.add("printed_text", "failed", "text in answers",
                 f"{TEXT_AROUND}: a plugin or theme prints into the API's answers "
                 f"(turning plugins off one by one finds it)", True)
    return exam


async def _probe(client: DownloadsClient, connection: Connection, exam: Examination, *,
                 write: bool, journal: Journal | None) -> None:
    if not await examine_reach(client, exam, verify_tls=connection.verify_tls,
                               in_process=connection.sandbox):
        return
    for probe in READ_PROBES:
        await probe(client, exam)
        if not exam.usable:
            return
    if write:
        await examine_writes(Writes(client, journal, connection.profile).grouped(), exam)


async def examine_writes(writes: Writes, exam: Examination) -> None:
    """Create a probe record, edit it, delete it: one action in the journal."""
    try:
        created = await writes.create(PROBE_RECORD)
    except (ApiError, JournalError) as problem:
        exam.add("writes", "failed", "writes", f"creating a download was refused: {problem}",
                 False)
        exam.learn(writes=False)
        return
    name = visible(created.download_id)
    try:
        record = await writes.update(created, {"download_count": 1})
        edited = record.download_count == 1
    except (ApiError, JournalError) as problem:
        record, edited = created, False
        exam.add("writes", "failed", "writes", f"editing the probe was refused: {problem}",
                 False)
    else:
        if not edited:
            exam.add("writes", "failed", "writes", "the store answered the edit of the probe "
                     "without making it", False)
    try:
        await writes.delete(record)
    except (ApiError, JournalError) as problem:
        if edited:  # else the edit's refusal is the "writes" line already
            exam.add("writes", "failed", "writes", "creating and editing allowed; deleting "
                     "the probe failed", False)
        exam.add("writes_cleanup", "failed", "probe left",
                 f"the probe download {name} could not be deleted ({problem}): "
                 f"`easycart-tui delete {name}` removes it")
        exam.learn(writes=False)
        return
    if edited:
        exam.add("writes", "ok", "writes", f"create, edit and delete allowed (probe {name}, "
                 f"deleted; the journal holds it)", True)
    exam.learn(writes=edited)


async def run_doctor(client: DownloadsClient, connection: Connection,
                     args: argparse.Namespace) -> int:
    if args.write and connection.read_only:
        raise UsageProblem(
            f"refusing --write: profile {connection.profile!r} is read-only; "
            f"doctor without --write only reads")
    exam = await examine(client, connection, write=args.write)
    if exam.usable:
        try:
            StateFile.default().save_findings(connection.store_key(), exam.findings)
        except OSError as problem:
            print(f"warning: the findings were not kept: {problem.strerror or problem}",
                  file=sys.stderr)
    write_report(client.base_url, exam, args.format, sys.stdout, terminal_width(sys.stdout))
    return 0 if exam.usable else 1


def write_report(store: str, exam: Examination, fmt: str, out: TextIO,
                 columns: int | None = None) -> None:
    """The checks as JSON, or a line each (wrapped to `columns`, when given)."""
    if fmt == "json":
        checks = {check.key: _as_json(check) for check in exam.checks}
        json.dump({"store": store, "usable": exam.usable, "checks": checks}, out, indent=2)
        out.write("\n")
        return
    out.write(f"{visible(store)}\n")
    width = max(len(check.title) for check in exam.checks)
    lines = textwrap.TextWrapper(width=max(columns or 0, _LEAST_WIDTH) if columns else 10**6,
                                 subsequent_indent=" " * (width + 4),
                                 break_on_hyphens=False, break_long_words=False)
    for check in exam.checks:
        out.write(lines.fill(f"{MARKS[check.status]} {check.title:<{width}}  "
                             f"{visible(check.text)}") + "\n")
    out.write("The store is usable.\n" if exam.usable else "The store is not usable.\n")


def _as_json(check: Check) -> dict[str, object]:
    return {"status": check.status, "title": check.title, "text": check.text,
            "value": check.value}

