"""Copying a download's id, or the whole record as JSON, to the clipboard.

Textual sends the text to the terminal as an OSC 52 sequence, which the
terminal puts on the local clipboard, so copying works over SSH as well.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from tui.api.models import Download
from tui.core.output import write_record
from tui.core.text import visible

if TYPE_CHECKING:
    from textual.app import App


def record_json_text(record: Download) -> str:
    """The record as `easycart-tui get ID --format json` prints it."""
    out = io.StringIO()
    write_record(record, "json", out)
    return out.getvalue().rstrip("\n")


def copy_id(app: App[object], record: Download) -> None:
    app.copy_to_clipboard(record.download_id)
    app.notify(f"Copied id {visible(record.download_id)}", markup=False)


def copy_json(app: App[object], record: Download) -> None:
    app.copy_to_clipboard(record_json_text(record))
    app.notify(f"Copied download {visible(record.download_id)} as JSON", markup=False)
