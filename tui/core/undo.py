"""Taking back a journaled action: looked at in the store first, then written.

An action is a group (a bulk action, an `update --where`) or one entry. Undo sends
the inverse of each entry, newest first: the before values of an update's changed
fields, a delete for a create, a re-create for a delete (as `restore`: the store
gives it a new id). Before anything is written every record is read again, and
where the store no longer holds what the entry left (someone changed it since),
the undo is refused field by field unless forced.

An entry left pending (its outcome never noted) is settled by the store: an
update whose values are there was made, one whose old values are there was not;
a delete whose record is still there was not made. A pending create or restore
is looked for by its values (`tui.core.settle`), so a restore killed part-way is
never made twice. What is learnt is noted in the journal when the undo runs. The
plan and the outcome are `tui.core.undo_plan`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Literal

from tui.api.client import DownloadsClient
from tui.api.errors import ApiError, AuthError, InputRejected, NotFound
from tui.api.models import WRITABLE_FIELDS, Download
from tui.core.journal import Entry, JournalError, Reading, record_values
from tui.core.settle import note_settled, now_known_as, settle_create, settle_restores
from tui.core.text import visible
from tui.core.undo_plan import Conflict, Outcome, Plan, Settled, Step
from tui.core.writes import Writes


class UndoRefused(Exception):
    """Nothing to undo, or no such entry; the message says which (exit 1)."""


def choose(reading: Reading, store: str, named: str | None = None) -> list[Entry]:
    """The entries of the action to undo, newest first: the newest action of
    `store` that is not an undo and not yet undone, or the one `named` (an entry's
    or a group's id, or enough of its start to tell it from the others)."""
    entries = reading.newest_first(store)
    if named is None:
        actions: dict[str, list[Entry]] = {}
        for entry in entries:
            actions.setdefault(entry.action_id, []).append(entry)
        for action in actions.values():
            if _undoable(action):
                return action
        raise UndoRefused("nothing to undo: every change to this store in the journal is "
                          "undone or failed (`easycart-tui history` lists them)")
    wanted = named.strip().lower()
    groups = {entry.group for entry in entries if entry.group and entry.group.startswith(wanted)}
    singles = {entry.entry for entry in entries if entry.entry.startswith(wanted)}
    if len(groups) + len(singles) > 1 and wanted not in groups | singles:
        raise UndoRefused(f"{visible(named)} is the start of more than one entry; give more "
                          "of it (`easycart-tui history` shows them)")
    if wanted in singles or (singles and not groups):
        return [entry for entry in entries if entry.entry in singles][:1]
    if groups:
        group = groups.pop()
        return [entry for entry in entries if entry.group == group]
    raise UndoRefused(f"the journal holds no entry {visible(named)} for this store; "
                      "`easycart-tui history` lists them")


async def plan(client: DownloadsClient, reading: Reading, entries: list[Entry]) -> Plan:
    """Read each record of `entries` again and work out what undoing them writes."""
    planned = Plan(entries)
    first_seen: set[str] = set()
    undone_in_action = _made_and_gone(entries)
    for entry in entries:
        key = entry.download_id or entry.entry
        if entry.state == "failed":
            planned.skipped.append((entry, "it never changed the store"))
        elif entry.state == "undone":
            planned.skipped.append((entry, "it is undone already"))
        elif key in undone_in_action:
            planned.skipped.append((entry, "the same action made it and deleted it"))
        elif key in first_seen:  # an older change of a record this undo writes already
            planned.steps.append(_inverse(entry, None))
        else:
            first_seen.add(key)
            await _look(client, reading, entry, planned)
    return planned


def _undoable(action: list[Entry]) -> bool:
    """Whether `undo` with no entry named takes `action` back: not an undo itself (so
    that undo after undo goes further back), something in it done or maybe done,
    and more than records it made and deleted again (as `doctor --write` does)."""
    gone = _made_and_gone(action)
    return action[0].action != "undo" and any(
        entry.state in ("done", "pending") and entry.download_id not in gone
        for entry in action)


def _made_and_gone(entries: list[Entry]) -> set[str]:
    """Ids an action both created and deleted: undoing it leaves them as they are."""
    made = {entry.download_id for entry in entries if entry.effect == "create"}
    return {entry.download_id for entry in entries
            if entry.effect == "delete" and entry.download_id in made} - {None}


async def _look(client: DownloadsClient, reading: Reading, entry: Entry, planned: Plan) -> None:
    """Compare the store with what `entry` left, and plan its inverse."""
    if entry.effect == "create" and entry.download_id is None:
        entry = await settle_create(client, entry, planned)
        if entry.download_id is None:
            return
    assert entry.download_id is not None
    if entry.effect != "delete" and (known_as := now_known_as(reading, entry)) is not None:
        entry = replace(entry, download_id=known_as)
    current = await _read(client, entry.download_id)
    if entry.effect == "delete":
        _look_deleted(entry, current, planned)
        if current is None:
            await settle_restores(client, reading, entry, planned)
        return
    if current is None:
        if entry.effect == "create":
            planned.skipped.append((entry, "the download it made is no longer in the store"))
        else:
            planned.conflicts.append(Conflict(entry.download_id, None,
                                              why="is no longer in the store"))
        return
    held = record_values(current)
    after = entry.after or {}
    fields = list(after) if entry.effect == "update" else list(WRITABLE_FIELDS)
    if entry.effect == "update" and entry.state == "pending":
        if all(held.get(name) == (entry.before or {}).get(name) for name in fields):
            planned.settled.append(Settled(entry, "failed"))
            planned.skipped.append((entry, "it never reached the store"))
            return
    drift = [Conflict(entry.download_id, name, held.get(name), after.get(name))
             for name in fields if held.get(name) != after.get(name)]
    if not drift and entry.state == "pending":
        planned.settled.append(Settled(entry, "done"))
    planned.conflicts.extend(drift)
    planned.steps.append(_inverse(entry, current))


def _look_deleted(entry: Entry, current: Download | None, planned: Plan) -> None:
    assert entry.download_id is not None
    if current is None:
        if entry.state == "pending":
            planned.settled.append(Settled(entry, "done"))
        planned.steps.append(_inverse(entry, None))
    elif entry.state == "pending":
        planned.settled.append(Settled(entry, "failed"))
        planned.skipped.append((entry, "the delete never reached the store: the download "
                                       "still exists"))
    else:
        planned.conflicts.append(Conflict(entry.download_id, None,
                                          why="is in the store again"))


def _inverse(entry: Entry, current: Download | None) -> Step:
    """The write that takes `entry` back."""
    assert entry.download_id is not None
    if entry.effect == "update":
        return Step(entry, "update", entry.download_id, dict(entry.before or {}), current)
    if entry.effect == "create":
        return Step(entry, "delete", entry.download_id, {}, current)
    before = entry.before or {}
    return Step(entry, "create", entry.download_id,
                {name: before[name] for name in WRITABLE_FIELDS if name in before}, current)


async def _read(client: DownloadsClient, download_id: str) -> Download | None:
    try:
        return await client.get(download_id)
    except (NotFound, InputRejected):
        return None


async def run(writes: Writes, planned: Plan, *, action: Literal["undo", "restore"] = "undo",
              told: Callable[[Step, Download | None, str], None] = lambda *_: None) -> Outcome:
    """Write `planned`'s steps, newest first, each as a journal entry that undoes
    its own. A record re-created by one step is the one later steps write to. A
    journal that cannot be written, or refused credentials, stops the run."""
    note_settled(writes.journal, planned)
    if len(planned.steps) > 1:
        writes = writes.grouped()
    outcome = Outcome()
    renamed: dict[str, str] = {}
    for step in planned.steps:
        target = renamed.get(step.download_id, step.download_id)
        try:
            written = await _send(writes, step, target, action)
        except JournalError:
            raise
        except ApiError as error:
            outcome.failed.append((step, f"{error} {getattr(error, 'hint', '') or ''}".strip()))
            told(step, None, str(error))
            if isinstance(error, AuthError):
                break
            continue
        if step.send == "create":
            renamed[step.download_id] = written.download_id
        outcome.written.append((step, written))
        told(step, written, "")
    outcome.unmarked = len(writes.unmarked)
    outcome.taken_as = writes.group or next((entry.entry for entry in writes.begun), None)
    return outcome


async def _send(writes: Writes, step: Step, target: str, action: Literal["undo", "restore"]
                ) -> Download:
    undoes = step.entry.entry
    if step.send == "create":
        return await writes.create(step.values, action=action, undoes=undoes)
    current = step.current
    if current is None or current.download_id != target:
        current = await writes.client.get(target)
    if step.send == "delete":
        return await writes.delete(current, action=action, undoes=undoes)
    return await writes.update(current, step.values, action=action, undoes=undoes)
