"""Every write to a store, through the journal: the one way the app and the commands
create, update and delete.

The entry is on disk before the request is sent; when it cannot be written the
request is not sent (`JournalError`, nothing changed). A refusal by the store is
marked failed. A write whose outcome is unknown (the connection broke, the store
failed, the process was stopped) stays pending: it may have been made. A write
the store made but whose mark could not be written stays pending too, and is
listed in `unmarked` so the caller can say so; `undo` looks at the store first.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from typing import Any

from tui.api.client import DownloadsClient
from tui.api.errors import ApiError, AuthError, InputRejected, NotFound, WrongApiRoot
from tui.api.models import Download
from tui.api.outgoing import checked_changes
from tui.core.journal import (
    Action,
    Entry,
    Journal,
    JournalError,
    new_id,
    now,
    record_values,
    store_key,
)

#: Answers after which the store has certainly not made the write.
REFUSALS: tuple[type[ApiError], ...] = (AuthError, InputRejected, NotFound, WrongApiRoot)


class Writes:
    """Journaled writes to `client`'s store, by `profile`. `group` ties the entries
    of one bulk or filtered action together (None: each write is its own action)."""

    def __init__(self, client: DownloadsClient, journal: Journal | None = None,
                 profile: str | None = None, group: str | None = None) -> None:
        self.client = client
        self.journal = journal if journal is not None else Journal.default()
        self.profile = profile
        self.group = group
        self.store = store_key(client.base_url)
        #: Every entry begun, oldest first.
        self.begun: list[Entry] = []
        #: Writes the store made whose outcome could not be noted in the journal.
        self.unmarked: list[Entry] = []

    def grouped(self) -> Writes:
        """The same writes as one action: every entry carries a new group id."""
        return Writes(self.client, self.journal, self.profile, new_id())

    async def create(self, changes: Mapping[str, Any], *, action: Action = "create",
                     undoes: str | None = None) -> Download:
        body = checked_changes(changes).body()
        entry = self._begin(action, "create", None, None, body, undoes)
        created = await self._sent(entry, self.client.create(body))
        self._done(entry, download_id=created.download_id, after=record_values(created))
        return created

    async def update(self, current: Download, changes: Mapping[str, Any], *,
                     action: Action = "update", undoes: str | None = None) -> Download:
        """Change `changes` on `current` (the record as just read: its values are
        the entry's `before`)."""
        body = checked_changes(changes).body()
        held = record_values(current)
        entry = self._begin(action, "update", current.download_id,
                            {name: held[name] for name in body}, body, undoes)
        saved = await self._sent(entry, self.client.update(current.download_id, body))
        answered = record_values(saved)
        self._done(entry, after={name: answered.get(name, value) for name, value in body.items()})
        return saved

    async def delete(self, record: Download, *, action: Action = "delete",
                     undoes: str | None = None) -> Download:
        """Delete `record` (all of it is kept in the entry, to be re-created)."""
        entry = self._begin(action, "delete", record.download_id, record_values(record), None,
                            undoes)
        deleted = await self._sent(entry, self.client.delete(record.download_id))
        self._done(entry)
        return deleted

    def _begin(self, action: Action, effect: Any, download_id: str | None,
               before: dict[str, Any] | None, after: dict[str, Any] | None,
               undoes: str | None) -> Entry:
        entry = Entry(entry=new_id(), time=now(), store=self.store, action=action,
                      effect=effect, download_id=download_id, before=before, after=after,
                      group=self.group, profile=self.profile, undoes=undoes)
        try:
            self.journal.begin(entry)
        except JournalError as problem:
            raise JournalError(f"{problem}: the change was not sent, nothing changed") from None
        self.begun.append(entry)
        return entry

    async def _sent(self, entry: Entry, request: Any) -> Download:
        """The store's answer to `request`; a refusal is marked failed."""
        try:
            return await request
        except REFUSALS as refusal:
            with suppress(JournalError):  # unmarked, it stays pending: still safe
                self.journal.mark(entry, "failed", reason=str(refusal))
            raise

    def _done(self, entry: Entry, **outcome: Any) -> None:
        try:
            self.journal.mark(entry, "done", **outcome)
        except JournalError:
            self.unmarked.append(entry)
