"""How the app says what went wrong, all in one place so that it is said alike: a
request that failed, as a notification that says what failed and what to do, or,
when the store cannot be used at all, as a screen that offers a retry; an
unexpected error, as one plain line with its details in a private crash log.

Imported when something fails, never on the way to the first frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from tui.api.errors import ApiError, AuthError, Forbidden
from tui.core.journal import JournalError

if TYPE_CHECKING:
    from textual.worker import Worker

    from tui.ui.app import EasyCartApp


def report_worker_failure(app: EasyCartApp, worker: Worker[object]) -> None:
    """Turn the error `worker` ended with into a notification, or into the
    connect-error screen when the store refused the credentials, or cannot be
    used at all before anything was shown."""
    error = worker.error
    what = f"{worker.description} failed"
    if isinstance(error, JournalError):
        app.notify(str(error), title=what, severity="error", markup=False, timeout=10)
        return
    if not isinstance(error, ApiError):
        app.log.error(what, repr(error))
        app.notify(
            f"Unexpected problem ({type(error).__name__}); the app is still usable.",
            title=what, severity="error", markup=False,
        )
        return
    from tui.ui.screens.connect_error import is_blocking

    first_load = app.pages.shown is None
    refused = isinstance(error, AuthError) and not isinstance(error, Forbidden)
    if (first_load and is_blocking(error)) or refused:
        _show_connect_error(app, error)
        return
    app.notify(f"{error.message} {error.hint}".strip(), title=what, severity="error",
               markup=False, timeout=8)


def _show_connect_error(app: EasyCartApp, error: ApiError) -> None:
    from tui.ui.screens.connect_error import ConnectErrorScreen

    if isinstance(app.screen, ConnectErrorScreen):
        return

    def answered(retry: bool | None) -> None:
        if retry:
            app.downloads.reload()

    app.push_screen(ConnectErrorScreen(error, app.store), answered)


def crash_report(error: Exception | None, secrets: Sequence[str]) -> tuple[Path | None, Text]:
    """Where the details of `error` went (a private crash log, `secrets` scrubbed;
    None: nowhere), and the one plain line to print instead of Textual's
    traceback, whose local variables could show store data or credentials."""
    from tui.core.crashlog import write_crash_log

    kind = type(error).__name__ if error else "error"
    crash_log = None
    try:
        crash_log = write_crash_log(error, secrets) if error else None
        details = " The details are in the crash log named below." if error else ""
    except OSError:
        details = " No crash log could be written."
    return crash_log, Text(f"easycart-tui stopped after an unexpected problem ({kind}). "
                           f"Changes saved before it are kept; please start it again."
                           f"{details}")
