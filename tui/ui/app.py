"""The interactive app: one client, the list screen, and one place errors surface.

Every request runs in a worker that does not exit the app on error; when one
fails, `on_worker_failed` here hands the error to `tui.ui.failures`, which turns
it into a notification that says what failed and what to do, or, when the store
cannot be used at all before anything was shown, into a screen that offers a
retry.

Start-up is on the path to the first frame, so only what the list screen needs
is imported here; dialogs, the palette's providers, profile switching and the
reporting of failures are imported when first used.

How the list looks (columns, sort, rows per page, theme) is remembered per store
in the state file (`tui.ui.remembered_view`).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import events, work
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.screen import Screen
from textual.widgets import Input

from tui.api.client import credential_strings
from tui.api.models import DEFAULT_PERPAGE, FIELDS
from tui.core.dates import Clock, system_clock
from tui.core.findings.model import Findings
from tui.config.model import opening_query
from tui.core.paging import CACHE_PAGES, PageStore
from tui.ui.remembered_view import RemembersView
from tui.ui.screens.downloads import SEARCH_DEBOUNCE, DownloadsScreen
from tui.ui.screens.worker_errors import WorkerFailed
from tui.ui.textual_private import ReportsCrashes
from tui.ui.widgets.own_keys import UnglueEscape
from tui.ui.widgets.too_small import fit_to_terminal

if TYPE_CHECKING:
    from rich.text import Text

    from tui.api.client import DownloadsClient
    from tui.config.model import View
    from tui.config.connection import Connection, Profiles
    from tui.config.state import StateFile, ViewMemory


def _palette(provider: str) -> Callable[[], type[Provider]]:
    """A provider of the command palette's entries, imported once the palette opens."""
    def imported() -> type[Provider]:
        from tui.ui import palette

        return cast("type[Provider]", getattr(palette, provider))

    return imported


class EasyCartApp(UnglueEscape, ReportsCrashes[int], RemembersView[int]):
    """Browse and fix a store's downloads; owns (and closes) `client`."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "easycart-tui"
    COMMANDS = App.COMMANDS | {_palette(provider) for provider in (
        "ScreenActionsProvider", "ProfilesProvider", "GoToProvider", "ColumnsProvider")}
    BINDINGS = [
        # A priority binding, so dialogs (which stop the app's other keys) answer it
        # too; a focused text box still types `?`, and F1 opens the help from there.
        Binding("question_mark,f1", "help", "Help", id="app.help", priority=True),
        # ctrl+c quits as in any terminal program, in a text box too (where it would
        # copy, but a box selects its text as it gets the focus, so it would never quit).
        Binding("ctrl+c,ctrl+q", "quit", "Quit", tooltip="Quit (asks first while a form "
                "holds changes)", show=False, priority=True, id="app.quit"),
        Binding("ctrl+p", "command_palette", "palette", tooltip="Command palette: every "
                "action by name", show=False, priority=True, id="app.palette"),
        # Textual's raw terminal mode turns ctrl+z into a key: suspend as any program
        # does on it (`fg` resumes); a priority binding, so dialogs answer it too.
        Binding("ctrl+z", "suspend_process", "Suspend (fg resumes)", show=False,
                priority=True, id="app.suspend"),
    ]

    def __init__(
        self,
        client: DownloadsClient,
        store: str,
        *,
        perpage: int = DEFAULT_PERPAGE,
        read_only: bool = False,
        clock: Clock = system_clock,
        cursor_blink: bool = True,
        search_debounce: float = SEARCH_DEBOUNCE,
        profiles: Profiles | None = None,
        profile: str | None = None,
        cache_pages: int = CACHE_PAGES,
        secrets: Sequence[str] = (),
        notices: Sequence[str] = (),
        view: View | None = None,
        view_memory: ViewMemory | None = None,
        keymap: Mapping[str, str] | None = None,
        pages: PageStore | None = None,
        state: StateFile | None = None,
        store_key: str | None = None,
    ) -> None:
        """`view` is how the list looked last time; `view_memory` where changes to
        it are saved (None: nowhere); `keymap` maps binding ids to other keys;
        `pages`, the pages of `client` already being fetched (see `tui.cli.launch`);
        `state`, where what is learned of the store `store_key` is kept, and the
        view of a profile switched to (None: nowhere, and the app does not examine
        the store)."""
        super().__init__()
        #: Warnings to show once the app is up (e.g. a config file others can read).
        self.notices = tuple(notices)
        #: Credential strings scrubbed out of a crash log.
        self.secrets = tuple(secrets)
        #: Where the details of an unexpected error went, once there was one.
        self.crash_log: Path | None = None
        self.profile_name = profile
        self.cursor_blink = cursor_blink
        self.clock = clock
        self.search_debounce = search_debounce
        self.profiles = profiles
        self.cache_pages = cache_pages
        self.keymap = dict(keymap or {})
        #: The remaps of `keymap` in force (see `_apply_keymap`).
        self.remapped: dict[str, str] = {}
        self.view_memory = view_memory
        self.state = state
        self.store_key = store_key
        self._findings_save_failed = False
        self._use_store(client, store, perpage=perpage, read_only=read_only, view=view, pages=pages)

    def _use_store(self, client: DownloadsClient, store: str, *, perpage: int,
                read_only: bool, view: View | None, pages: PageStore | None = None) -> None:
        """Point the app at a store: its client, its pages (`pages`, when they are
        already being fetched), a fresh list screen in the view saved for it."""
        self.client = client
        self.store = store
        self.view = view
        if pages is None:
            pages = PageStore(client, opening_query(perpage, view), cache_pages=self.cache_pages)
        self.pages = pages
        self.downloads = DownloadsScreen(
            self.pages, store, self.clock, read_only=read_only,
            search_debounce=self.search_debounce, profile=self.profile_name,
            columns=tuple(view.columns) if view and view.columns else FIELDS,
        )

    def on_mount(self) -> None:
        problems = self._apply_keymap()
        self._apply_theme()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.screen_change_signal.subscribe(self, self._fit_new_screen)
        self.push_screen(self.downloads)
        self._read_findings(self.downloads)
        for notice in (*self.notices, *problems):
            self.notify(notice, severity="warning", markup=False, timeout=15)

    def on_resize(self, event: events.Resize) -> None:
        fit_to_terminal(self, event.size)

    def _fit_new_screen(self, screen: Screen[Any]) -> None:
        """A screen just shown is covered if the terminal is too small for it, once
        it is laid out."""
        self.call_after_refresh(lambda: fit_to_terminal(self, self.size))

    def _apply_keymap(self) -> tuple[str, ...]:
        """Remap keys from the config file; what could not be remapped, and why."""
        if not self.keymap:
            return ()
        from tui.ui.keymap import check_keymap

        checked = check_keymap(self.keymap, type(self))
        self.remapped = checked.applied
        self.set_keymap(checked.applied)
        return checked.problems

    # -- what is known of the store -------------------------------------

    @work(group="read-findings", exit_on_error=False,
          description="Reading what is known of the store")
    async def _read_findings(self, screen: DownloadsScreen) -> None:
        """Hand the list what was found of its store before, or have it find out."""
        if self.state is None or self.store_key is None:
            return
        url = screen.client.base_url
        found = await asyncio.to_thread(self.state.findings, self.store_key, url)
        screen.use_findings(found or Findings(url=url), examine=found is None)

    def on_downloads_screen_findings_learned(self, event: DownloadsScreen.FindingsLearned) -> None:
        if self.state is not None and self.store_key is not None:
            self._save_findings(self.state, self.store_key, event.findings)

    @work(group="save-findings", exit_on_error=False,
          description="Keeping what was learned of the store")
    async def _save_findings(self, state: StateFile, key: str, findings: Findings) -> None:
        try:
            await asyncio.to_thread(state.save_findings, key, findings)
        except OSError as problem:
            if not self._findings_save_failed:
                self._findings_save_failed = True
                self.notify(f"What was learned of the store is not kept: "
                            f"{problem.strerror or problem} ({state.path})",
                            severity="warning", markup=False, timeout=10)

    async def on_unmount(self) -> None:
        await self._flush_view()
        await self.client.aclose()

    @work(exclusive=True, group="switch-profile", exit_on_error=False,
          description="Switching profile")
    async def switch_profile(self, name: str) -> None:
        """Reconnect to the store of profile `name`, without restarting.

        The profile is resolved off the event loop: its secret may come from a
        command that takes a while.
        """
        from tui.config import ConfigError
        from tui.config.connection import ConnectionProblem

        assert self.profiles is not None
        try:
            connection = await asyncio.to_thread(self.profiles.switch, name)
        except (ConfigError, ConnectionProblem) as exc:
            self.notify(str(exc), title=f"Cannot switch to profile {name}",
                        severity="error", markup=False, timeout=10)
            return
        previous = self.client
        self.profile_name = connection.profile
        # Both stores' credentials may be in memory until the old client is gone.
        self.secrets += credential_strings(connection.token, connection.secret)
        await self._forget_view()  # first: switching back reads what it wrote
        if self.state is not None:
            from tui.config.state import with_remembered_view

            self.store_key = connection.store_key()
            connection, self.view_memory = await asyncio.to_thread(
                with_remembered_view, connection, self.state)
        self._use_store(connection.open(), store_label(connection), perpage=connection.perpage,
                     read_only=connection.read_only, view=connection.view)
        self._apply_theme()
        await self.switch_screen(self.downloads)
        self._read_findings(self.downloads)
        await previous.aclose()
        self.notify(f"Switched to profile {name}.", markup=False)

    def report_crash(self, error: Exception | None) -> Text:
        """An unexpected error ends the app with one plain line, and the details go to
        a private crash log (`run_app` prints its path)."""
        from tui.ui.failures import crash_report

        self.crash_log, said = crash_report(error, self.secrets)
        return said

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Of Textual's own palette entries, the theme and quitting: its key panel,
        maximising and screenshots are not what a store admin looks for here."""
        wanted = {"Theme", "Quit"}
        yield from (command for command in super().get_system_commands(screen)
                    if command.title in wanted)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Snapshots (and some terminals) want a cursor that does not blink."""
        if isinstance(event.widget, Input):
            event.widget.cursor_blink = self.cursor_blink

    async def action_quit(self) -> None:
        """Quit, but ask first while a form holds changes that were not saved."""
        from tui.ui.screens.confirm import ConfirmDialog
        from tui.ui.screens.form import FormScreen

        if not any(isinstance(s, FormScreen) and s.changed for s in self.screen_stack):
            self.exit()
            return
        if isinstance(self.screen, ConfirmDialog) and self.screen.question == _QUIT_QUESTION:
            return  # asked already: the answer is awaited

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(ConfirmDialog(_QUIT_QUESTION, "Quit"), answered)

    def action_choose_profile(self) -> None:
        from tui.ui.palette import choose_profile

        choose_profile(self)

    def action_suspend_process(self) -> None:
        """Suspend as any terminal program does, only when a shell can bring the app
        back (`fg`): run straight from `ssh -t host easycart-tui`, nothing could,
        and the session would hang."""
        if resumable():
            super().action_suspend_process()
        else:
            self.notify("Not suspended: no shell started this app, so none could bring it "
                        "back (fg). ctrl+q quits.", title="ctrl+z", markup=False, timeout=8)

    def action_help(self) -> None:
        from tui.ui.keys_in_force import in_force
        from tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            raise SkipAction()  # the help's own keys close it
        self.push_screen(HelpScreen(in_force(self.screen), self.screen.title or "",
                                    getattr(self.screen, "HELP_NOTES", ())))

    def on_worker_failed(self, event: WorkerFailed) -> None:
        from tui.ui.failures import report_worker_failure

        report_worker_failure(self, event.worker)


_QUIT_QUESTION = "Quit and lose the changes in the form?"


def store_label(connection: Connection) -> str:
    """The store as the status line names it, with what makes it unusual."""
    label = connection.label
    if not connection.verify_tls and not connection.sandbox:
        label += " (TLS not verified)"
    return label


def app_for(
    connection: Connection, profiles: Profiles | None = None, *,
    pages: PageStore | None = None, **options: Any,
) -> EasyCartApp:
    """The app on `connection`'s store, with its profile's settings and its view
    applied; changes to the view go to `view_memory`, when given (see
    `tui.config.state.with_remembered_view`). `pages` are the store's pages already being
    fetched, with the client they come through."""
    from tui.config.state import StateFile

    options.setdefault("state", StateFile.default())
    return EasyCartApp(
        pages.client if pages is not None else connection.open(),
        store_label(connection),
        perpage=connection.perpage,
        read_only=connection.read_only,
        profiles=profiles,
        profile=connection.profile,
        secrets=credential_strings(connection.token, connection.secret),
        view=connection.view,
        pages=pages,
        store_key=connection.store_key(),
        **options,
    )


def resumable() -> bool:
    """Whether this process runs as a job of a shell with job control, which can
    resume it once stopped: the shell is in our session, in a process group of its
    own. Otherwise our group is orphaned, and a stopped app would stay stopped."""
    try:
        parent = os.getppid()
        return os.getsid(parent) == os.getsid(0) and os.getpgid(parent) != os.getpgrp()
    except OSError:  # the parent has gone
        return False
