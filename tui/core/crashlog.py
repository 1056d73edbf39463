"""Crash logs: the details of an unexpected error, kept off the screen.

The user sees one line naming the file; the file (0600, in the data directory)
holds the traceback for whoever fixes the bug. Credentials are scrubbed out of
the text first, so a crash log can be attached to a bug report as it is.
"""

from __future__ import annotations

import os
import platform
import sys
import traceback
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path

from tui import __version__
from tui.core.userdata import create_private, data_dir

SCRUBBED = "***"


def scrub(text: str, secrets: Iterable[str]) -> str:
    """`text` with every known secret string replaced by `***` (longest first, so
    a credential that contains another is replaced whole)."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, SCRUBBED)
    return text


def crash_dir(environ: Mapping[str, str] = os.environ) -> Path:
    return data_dir(environ) / "crashes"


def write_crash_log(
    exc: BaseException, secrets: Iterable[str], directory: Path | None = None
) -> Path:
    """Write `exc` with its traceback to a new private file; returns its path.

    Raises `OSError` when no file can be written (the caller then says so).
    """
    now = datetime.now(timezone.utc)
    details = "".join(traceback.format_exception(exc))
    text = (
        f"easycart-tui {__version__} crashed at {now.isoformat(timespec='seconds')}\n"
        f"Python {platform.python_version()} on {platform.platform()}\n"
        f"command: {' '.join(sys.argv)}\n\n{details}"
    )
    name = f"crash-{now:%Y%m%d-%H%M%S-%f}-{os.getpid()}.log"
    return create_private((directory or crash_dir()) / name, scrub(text, secrets))
