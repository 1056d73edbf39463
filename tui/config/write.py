"""Writing the config file: atomically and readable by its owner only.

The file may hold a secret, so it never exists, not even for a moment, with a
wider mode than 0600: the new text goes to a private temporary file in the same
directory, which then replaces the old one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

from tui.config.errors import ConfigError
from tui.config.load import parse_toml, read_text
from tui.userdata import replace_private


def read_document(path: Path) -> dict[str, Any]:
    """The file as a plain dict (unknown keys included), or {} when there is none."""
    return parse_toml(path, read_text(path)) if path.exists() else {}


def write_document(path: Path, document: dict[str, Any]) -> None:
    """Replace the file at `path` with `document`, creating its directory (0700).

    A symlinked config (e.g. kept with other dotfiles) stays a symlink: its target
    is what gets replaced.
    """
    path = path.resolve()
    text = tomli_w.dumps(document)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        replace_private(path, text)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None
