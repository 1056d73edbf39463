"""Writing the config file (only `config init` does): in place, atomically, privately.

The file is the user's: it is edited with tomlkit, so every comment, blank line,
key order and key this version does not know stays as it was; only the keys
set change. It may hold a secret, so it never exists, not even for a moment,
with a wider mode than 0600: the new text goes to a private temporary file in
the same directory, which then replaces the old one.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.toml_document import TOMLDocument

from tui.config.errors import ConfigError
from tui.config.load import parse_toml, read_text
from tui.core.userdata import replace_private


def read_document(path: Path) -> dict[str, Any]:
    """The file as a plain dict (unknown keys included), or {} when there is none."""
    return parse_toml(path, read_text(path)) if path.exists() else {}


def save_profile(
    path: Path, name: str, values: Mapping[str, Any], *, replaces: Collection[str] = ()
) -> bool:
    """Set `values` in `[profiles.NAME]` of the file at `path` (creating both), and
    remove the keys of `replaces` that `values` does not set (e.g. the secret's
    other sources). The first profile becomes the default: whether this one did.

    The file is read again here, so an edit made while the store was asked is kept.
    """
    document = _edited_document(path)
    profiles = document.get("profiles")
    table = profiles.get(name) if isinstance(profiles, MutableMapping) else None
    if table is not None and not isinstance(table, MutableMapping):
        raise ConfigError(f"{path}: profiles.{name} must be a table; fix it first")
    try:
        if table is None:
            table = tomlkit.table()
            table.update(values)
            # A table of its own at the end of the file: no comment written for
            # another table ends up above it.
            holder = tomlkit.table(is_super_table=True)
            holder.add(name, table)
            document.append("profiles", holder)
        else:
            for key in set(replaces) - values.keys():
                table.pop(key, None)
            for key, value in values.items():
                if table.get(key) != value:  # an unchanged value keeps its spelling
                    table[key] = value
    except TOMLKitError as exc:
        raise ConfigError(f"{path}: cannot add [profiles.{name}] to this file ({exc}); "
                          f"add it by hand; nothing was written") from None
    made_default = not document.get("default_profile")
    if made_default:
        document["default_profile"] = name
    _write(path, document)
    return made_default


def _edited_document(path: Path) -> TOMLDocument:
    """The file as tomlkit reads it, comments and all (empty when there is none)."""
    if not path.exists():
        return tomlkit.document()
    text = read_text(path)
    parse_toml(path, text)  # its errors name the line
    try:
        return tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ConfigError(f"{path}: cannot be edited ({exc}); nothing was written") from None


def _write(path: Path, document: TOMLDocument) -> None:
    """Replace the file at `path` with `document`, creating its directory (0700).

    The text must read back as the document edited: a layout the edit could not
    follow is refused rather than written. A symlinked config (e.g. kept with
    other dotfiles) stays a symlink: its target is what gets replaced.
    """
    text = tomlkit.dumps(document)
    try:
        same = tomllib.loads(text) == document.unwrap()
    except tomllib.TOMLDecodeError:
        same = False
    if not same:
        raise ConfigError(f"{path}: this file's layout cannot take the change safely; "
                          f"edit it by hand; nothing was written")
    path = path.resolve()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        replace_private(path, text)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None
