"""The recovery log: every deleted record, kept locally so it can be re-created.

A JSON-lines file in the data directory (0600). Before a DELETE is sent, the
whole record is appended and flushed to disk, so a crash or a lost connection in
between loses nothing; the outcome is appended after. Lines are only ever added:

    {"event": "deleting", "key", "when", "store", "profile", "record"}
    {"event": "deleted",  "key", "when", "record"}   the record the store returned
    {"event": "kept",     "key", "when"}             the store refused: nothing deleted
    {"event": "restored", "key", "when", "new_id"}

`store` is the API URL without credentials; no token or secret is ever written.
UI-free, so the app and the scripting commands share it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from tui.api.client import DownloadsClient
from tui.api.errors import AuthError, InputRejected, NotFound
from tui.api.models import (
    WRITABLE_FIELDS,
    Download,
    DownloadChanges,
    describe_validation_error,
)
from tui.api.root import display_url
from tui.text import visible
from tui.userdata import append_private, data_dir

LOG_NAME = "recovery.jsonl"
State = Literal["pending", "deleted", "restored"]


class RecoveryError(Exception):
    """The log cannot be written, or holds nothing to restore; the message says which."""


@dataclass(frozen=True)
class Deletion:
    """One deleted (or being deleted) record, as the log tells it.

    `pending` means the DELETE was sent but its outcome never logged (the
    process stopped, or the connection failed): the record may still exist.
    """

    key: str
    when: datetime
    store: str
    profile: str | None
    record: Download
    state: State = "pending"
    restored_as: str | None = None

    @property
    def download_id(self) -> str:
        return self.record.download_id

    @property
    def restorable(self) -> bool:
        return self.state != "restored"

    def changes(self) -> DownloadChanges:
        """The six writable fields: what a POST needs to re-create the record."""
        try:
            return DownloadChanges.model_validate(
                {field: getattr(self.record, field) for field in WRITABLE_FIELDS}
            )
        except ValidationError as exc:
            raise RecoveryError(
                f"download {visible(self.download_id)} cannot be sent back as it was "
                f"({describe_validation_error(exc)})"
            ) from None


class _Line(BaseModel):
    """One line of the log; lines that do not fit are skipped when reading."""

    model_config = ConfigDict(extra="ignore")

    event: Literal["deleting", "deleted", "kept", "restored"]
    key: str
    when: datetime
    store: str | None = None
    profile: str | None = None
    record: Download | None = None
    new_id: str | None = None


class RecoveryLog:
    """The recovery log at `path` (`RecoveryLog.default()` for the user's own)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def default(cls) -> RecoveryLog:
        return cls(data_dir() / LOG_NAME)

    # -- writing ----------------------------------------------------------

    def record_deletion(
        self, record: Download, store_url: str, profile: str | None = None
    ) -> Deletion:
        """Log `record` as about to be deleted, flushed to disk before returning.

        Raises `RecoveryError` when the log cannot be written: then nothing
        must be deleted.
        """
        entry = Deletion(
            key=uuid.uuid4().hex, when=_now(), store=display_url(store_url),
            profile=profile, record=record,
        )
        line = _Line(event="deleting", key=entry.key, when=entry.when, store=entry.store,
                     profile=profile, record=record)
        self._append(line, sync=True)
        return entry

    def confirm(self, entry: Deletion, deleted: Download) -> Deletion:
        """Log that the store deleted `entry` (answering with `deleted`)."""
        self._append(_Line(event="deleted", key=entry.key, when=_now(), record=deleted))
        return replace(entry, record=deleted, state="deleted")

    def kept(self, entry: Deletion) -> None:
        """Log that the store refused the delete: the record is still there."""
        self._append(_Line(event="kept", key=entry.key, when=_now()))

    async def delete(
        self, client: DownloadsClient, record: Download, profile: str | None = None
    ) -> Deletion:
        """Delete `record` from the store, logging it first and the outcome after.

        A refusal (bad credentials, a rejected id) is logged as kept; any other
        failure leaves the entry pending, since the store may have deleted it.
        """
        entry = self.record_deletion(record, client.base_url, profile)
        try:
            deleted = await client.delete(record.download_id)
        except (AuthError, InputRejected):
            with suppress(RecoveryError):  # unlogged, it stays pending: still safe
                self.kept(entry)
            raise
        try:
            return self.confirm(entry, deleted)
        except RecoveryError:
            # The record was deleted and the pending line holds it: still restorable.
            return replace(entry, record=deleted)

    async def restore(self, client: DownloadsClient, entry: Deletion) -> Download:
        """Re-create `entry`'s record (the store gives it a new id) and log that.

        Refuses when it was restored already or its id still exists in the store.
        """
        if entry.restored_as is not None:
            raise RecoveryError(
                f"download {visible(entry.download_id)} was already restored as "
                f"{visible(entry.restored_as)}"
            )
        changes = entry.changes()
        try:
            await client.get(entry.download_id)
        except NotFound:
            pass
        else:
            raise RecoveryError(
                f"download {visible(entry.download_id)} still exists in the store; nothing to "
                "restore"
            )
        created = await client.create(changes)
        try:
            self._append(_Line(event="restored", key=entry.key, when=_now(),
                               new_id=created.download_id))
        except RecoveryError as exc:
            raise RecoveryError(f"restored as {visible(created.download_id)}, but {exc}") from None
        return created

    # -- reading ----------------------------------------------------------

    def entries(self, store_url: str | None = None) -> list[Deletion]:
        """Every logged deletion, newest first; only `store_url`'s when given."""
        found: dict[str, Deletion] = {}
        for line in self._lines():
            entry = found.get(line.key)
            if line.event == "deleting" and line.record is not None:
                found[line.key] = Deletion(line.key, line.when, line.store or "", line.profile,
                                           line.record)
            elif entry is None:
                continue
            elif line.event == "deleted":
                found[line.key] = replace(entry, state="deleted",
                                          record=line.record or entry.record)
            elif line.event == "kept":
                del found[line.key]
            else:
                found[line.key] = replace(entry, state="restored", restored_as=line.new_id)
        wanted = display_url(store_url) if store_url is not None else None
        return [
            entry for entry in reversed(found.values())
            if wanted is None or entry.store == wanted
        ]

    def find(self, download_id: str, store_url: str | None = None) -> Deletion | None:
        """The newest deletion of `download_id` (in `store_url`'s store when given)."""
        return next(
            (entry for entry in self.entries(store_url) if entry.download_id == download_id),
            None,
        )

    def _lines(self) -> Iterator[_Line]:
        try:
            with self.path.open("rb") as stream:
                for raw in stream:
                    try:
                        yield _Line.model_validate_json(raw)
                    except ValidationError:
                        continue  # a line cut short by a crash, or not ours
        except FileNotFoundError:
            return
        except OSError as exc:
            raise RecoveryError(f"cannot read the recovery log {self.path}: "
                                f"{exc.strerror or exc}") from None

    def _append(self, line: _Line, *, sync: bool = False) -> None:
        # ASCII only, so reading the log in a terminal shows no raw control character.
        data = json.dumps(line.model_dump(mode="json", exclude_none=True)).encode() + b"\n"
        try:
            append_private(self.path, data, sync=sync)
        except OSError as exc:
            raise RecoveryError(f"cannot write the recovery log {self.path}: "
                                f"{exc.strerror or exc}") from None


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)
