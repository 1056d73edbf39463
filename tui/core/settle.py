"""What the journal does not say, learnt from the store: whether a create or a
restore whose outcome was lost was made (looked for by its values, so a restore
killed part-way is never made twice), and which id a download has now when it was
re-created since; and noting in the journal what was learnt.

Apart from the undo itself (`tui.core.undo`), which reads the one record an entry
names, because these read further: every download that may be a record's twin,
and the journal's later entries.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import Any

from tui.api.client import DownloadsClient
from tui.api.models import Download
from tui.core.filters import Filter, make_term
from tui.core.journal import Entry, Journal, JournalError, Reading, record_values
from tui.core.matches import MatchScan
from tui.core.text import visible
from tui.core.undo_plan import Conflict, Plan, Settled

#: Fields compared to know a re-created record again (its count may have moved since).
_TWIN_FIELDS = ("product_id", "order_id", "download_file_name", "is_amazon", "amazon_key")


def now_known_as(reading: Reading, entry: Entry) -> str | None:
    """The id `entry`'s download has now, when it was deleted later and re-created
    (restored, or its delete undone), so that the change is undone where it is."""
    download_id, found = entry.download_id, None
    order = [other.entry for other in reading.entries]
    later = reading.entries[order.index(entry.entry) + 1:] if entry.entry in order else []
    for other in later:
        if other.effect == "delete" and other.download_id == download_id and other.state in (
                "done", "undone"):
            made = next((again for again in later if again.undoes == other.entry
                         and again.effect == "create" and again.state == "done"), None)
            if made is not None and made.download_id is not None:
                download_id = found = made.download_id
    return found


async def settle_restores(client: DownloadsClient, reading: Reading, entry: Entry,
                          planned: Plan) -> None:
    """A re-creation of `entry`'s record whose outcome is unknown: when the store
    holds its twin, it was made, and is not made again."""
    for pending in reading.entries:
        if pending.undoes != entry.entry or pending.state != "pending":
            continue
        settled = await settle_create(client, pending, planned)
        if settled.download_id is not None:
            planned.steps = [step for step in planned.steps if step.entry is not entry]
            planned.skipped.append((entry, f"it was re-created already, as "
                                           f"{visible(settled.download_id)}"))
            return


async def settle_create(client: DownloadsClient, entry: Entry, planned: Plan) -> Entry:
    """A create whose outcome is unknown, settled by looking for its record."""
    twins = await find_twins(client, entry.after or {})
    if len(twins) == 1:
        made = twins[0]
        planned.settled.append(Settled(entry, "done", made.download_id, record_values(made)))
        return replace(entry, download_id=made.download_id, after=record_values(made),
                       state="done")
    if twins:
        ids = ", ".join(visible(twin.download_id) for twin in twins[:5])
        planned.conflicts.append(Conflict("", None, why=(
            f"entry {entry.entry} was creating a download when its outcome was lost, and "
            f"several downloads hold its values ({ids}): delete the one it made with "
            f"`easycart-tui delete`")))
    else:
        planned.settled.append(Settled(entry, "failed"))
        planned.skipped.append((entry, "it never reached the store"))
    return entry


async def find_twins(client: DownloadsClient, values: dict[str, Any]) -> list[Download]:
    """The downloads in the store holding `values` in every field that tells a
    record again (every page is read unless the store narrows by file name)."""
    terms = tuple(make_term(name, "=", str(values.get(name) or 0))
                  for name in ("product_id", "order_id"))
    found: list[Download] = []
    scan = MatchScan(client, Filter(terms))
    async with contextlib.aclosing(scan.pages()) as pages:
        async for page in pages:
            found.extend(record for record in page.records
                         if all(record_values(record).get(name) == values.get(name)
                                 for name in _TWIN_FIELDS if name in values))
    return found


def note_settled(journal: Journal, planned: Plan) -> None:
    """Note in the journal the outcomes the store showed (at most once each)."""
    for settled in planned.settled:
        with contextlib.suppress(JournalError):
            journal.mark(settled.entry, settled.mark, download_id=settled.download_id,
                         after=settled.after, reason="settled by reading the store")
    planned.settled.clear()
