"""What can be done to one download from any screen that shows it.

`e` and `a` open the form to edit or add; `z` resets the download count to 0,
the most common fix (a customer used up their downloads), after a confirm
naming the record and the count it had; `i` changes one field in a small
dialog; `d` deletes (the record is read again and shown as it is now first);
`y` and `Y` copy. Every write goes through the journal (`tui.core.writes`), so
`u` on the list can take it back. The list and the detail screen each hold one `RecordActions`
and say, through its callbacks, what follows on their side. Requests run as
workers of the screen, so its worker-error reporting applies; a read-only
profile gets the same answer to every write, and its screens do not offer the
writes (`HidesWritesWhenReadOnly`).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.binding import ActiveBinding
from textual.screen import Screen

from tui.api.errors import NotFound
from tui.api.models import Download
from tui.ui.clipboard import copy_id, copy_json
from tui.core.journal import JournalError
from tui.core.writes import Writes
from tui.core.dates import Clock
from tui.core.fields import named
from tui.core.text import visible

if TYPE_CHECKING:
    from tui.ui.screens.conflict import Edited

#: Called with the record as the store now has it, and what to say about it.
Saved = Callable[[Download, str], None]
WRITE_GROUP = "write"
ResultType = TypeVar("ResultType")


class HidesWritesWhenReadOnly(Screen[ResultType]):
    """A screen that, on a read-only profile, leaves its `WRITES` out of the footer,
    the help and the palette (all read `active_bindings`), so it offers nothing it
    cannot do. Their keys still run the action, which says why nothing happens: a
    `check_action` refusal would hide them too, but would also swallow the key
    without a word."""

    #: The actions of this screen that change the store.
    WRITES: ClassVar[frozenset[str]] = frozenset()
    read_only: bool = False

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        bindings = super().active_bindings
        if not self.read_only:
            return bindings
        return {key: active for key, active in bindings.items()
                if active.node is not self or active.binding.action not in self.WRITES}


class RecordActions:
    """One screen's actions on single downloads. `saved` shows a record changed by
    an action; `wrote` runs after any write was sent, answered or not (it may have
    reached the store); `gone` shows the store afresh when a download shown is no
    longer in it."""

    def __init__(self, screen: Screen[Any], writes: Writes, *, saved: Saved,
                 gone: Callable[[Download], None], wrote: Callable[[], None] = lambda: None,
                 read_only: bool = False) -> None:
        self.screen = screen
        #: The journaled writes to the store (`writes.client` reads it).
        self.writes = writes
        self.client = writes.client
        self.read_only = read_only
        self._saved = saved
        self._gone = gone
        self._wrote = wrote

    def writable(self) -> bool:
        """Whether this profile may write; when not, says so."""
        if self.read_only:
            self.screen.notify("This profile is read-only: nothing can be added, changed or "
                               "deleted.", severity="warning")
        return not self.read_only

    def _run(self, work: Coroutine[Any, Any, None], description: str) -> None:
        self.screen.run_worker(work, group=WRITE_GROUP, exit_on_error=False,
                               description=description)

    # -- copy -------------------------------------------------------------

    def copy_id(self, record: Download) -> None:
        copy_id(self.screen.app, record)

    def copy_json(self, record: Download) -> None:
        copy_json(self.screen.app, record)

    # -- the form: edit, add ---------------------------------------------------

    def edit(self, record: Download) -> None:
        """Edit `record` in the form; what the store saved is shown through `saved`."""
        self._open_form(record, lambda edited: self._saved(edited.record, edited.said))

    def add(self, added: Callable[[Edited], None]) -> None:
        """Add a download in the form; `added` is told what the store made."""
        self._open_form(None, added)

    def _open_form(self, record: Download | None, then: Callable[[Edited], None]) -> None:
        if not self.writable():
            return
        from tui.ui.screens.form import FormScreen  # not needed for the first frame

        def saved(result: Edited | None) -> None:
            if result is not None:
                self._wrote()
                then(result)

        self.screen.app.push_screen(FormScreen(self.writes, record), saved)

    # -- reset the count, change one field -----------------------------------

    def reset_count(self, record: Download) -> None:
        """Read `record` again (the count shown may be old), ask, then set its
        download count to 0."""
        if self.writable():
            self.screen.run_worker(self._reread_and_ask(record), group=WRITE_GROUP,
                                   exit_on_error=False, description="Reading the download")

    async def _reread_and_ask(self, shown: Download) -> None:
        try:
            record = await self.client.get(shown.download_id)
        except NotFound:
            self._not_reset(shown)
            return
        if record.download_count == 0:
            self.screen.notify(f"The download count of {named(record)} is already 0.",
                               markup=False)
            return
        from tui.ui.screens.confirm import ConfirmDialog  # not needed for the first frame

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._run(self._reset_count(record), "Resetting the download count")

        question = (f"Reset the download count of {named(record)} "
                    f"from {record.download_count} to 0?")
        self.screen.app.push_screen(ConfirmDialog(question, "Reset"), answered)

    async def _reset_count(self, record: Download) -> None:
        try:
            saved = await self.writes.update(record, {"download_count": 0})
        except NotFound:
            self._not_reset(record)
            return
        finally:
            self._wrote()
        self._saved(saved, f"Reset the download count of {named(saved)} to 0.")

    def _not_reset(self, record: Download) -> None:
        """`record` has gone from the store: say so, and show the store as it is."""
        self.screen.notify(f"Download {visible(record.download_id)} is no longer in the "
                           "store (deleted meanwhile?); nothing was reset.",
                           title="Not reset", severity="error", markup=False, timeout=8)
        self._gone(record)

    def edit_field(self, record: Download) -> None:
        """Change one field of `record` in a small dialog."""
        if not self.writable():
            return
        from tui.ui.screens.field_edit import FieldEditDialog  # not needed at start-up

        def saved(result: Edited | None) -> None:
            if result is not None:
                self._wrote()
                self._saved(result.record, result.said)

        self.screen.app.push_screen(FieldEditDialog(self.writes, record), saved)

    # -- delete ---------------------------------------------------------------

    def delete(self, shown: Download, clock: Clock, deleted: Callable[[], None]) -> None:
        """Read `shown` again, ask with the record as the store holds it now, then
        delete it (the journal keeps it first); `deleted` follows."""
        if self.writable():
            self.screen.run_worker(self._reread_and_ask_delete(shown, clock, deleted),
                                   group=WRITE_GROUP, exit_on_error=False,
                                   description="Reading the download")

    async def _reread_and_ask_delete(self, shown: Download, clock: Clock,
                                     deleted: Callable[[], None]) -> None:
        try:
            record = await self.client.get(shown.download_id)
        except NotFound:
            self.screen.notify(f"Download {visible(shown.download_id)} is no longer in the "
                               "store (deleted meanwhile?); nothing was deleted.",
                               title="Not deleted", severity="error", markup=False, timeout=8)
            self._gone(shown)
            return
        from tui.ui.screens.confirm import DeleteDialog  # not needed for the first frame

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._run(self._delete(record, deleted), "Deleting the download")

        self.screen.app.push_screen(DeleteDialog(record, clock()), answered)

    async def _delete(self, record: Download, deleted: Callable[[], None]) -> None:
        """The record is in the journal before the DELETE is sent."""
        try:
            await self.writes.delete(record)
        except JournalError as problem:
            self.screen.notify(f"Not deleted: {problem}", severity="error", markup=False)
            return
        finally:  # even a failed delete may have reached the store
            self._wrote()
        self.screen.notify(f"Deleted download {visible(record.download_id)}. Press u to "
                           f"undo.", markup=False)
        deleted()
