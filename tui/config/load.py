"""Finding and reading the config file, with messages that point at the fix.

A missing file at the default location is normal (flags and the environment may
say everything); a missing file that was named explicitly is a mistake.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from tui.config.errors import ConfigError
from tui.config.model import ConfigFile, Profile, View

APP_NAME = "easycart-tui"
ENV_CONFIG = "EASYCART_TUI_CONFIG"
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


@dataclass(frozen=True)
class ConfigLocation:
    """Where the config file is, and why there."""

    path: Path
    origin: str
    explicit: bool


def default_config_path() -> Path:
    """The per-user location (`~/.config/easycart-tui/config.toml` on Linux)."""
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def locate(flag: str | None, environ: Mapping[str, str]) -> ConfigLocation:
    """`--config` wins over `EASYCART_TUI_CONFIG`, which wins over the default."""
    if flag:
        return ConfigLocation(Path(flag).expanduser(), "--config", explicit=True)
    if environ.get(ENV_CONFIG):
        return ConfigLocation(
            Path(environ[ENV_CONFIG]).expanduser(), f"env {ENV_CONFIG}", explicit=True
        )
    return ConfigLocation(default_config_path(), "default location", explicit=False)


@dataclass(frozen=True)
class LoadedConfig:
    """The validated file (empty when there is none) and what deserves a warning."""

    location: ConfigLocation
    exists: bool
    config: ConfigFile = field(default_factory=ConfigFile)
    warnings: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return self.location.path

    def profile(self, name: str) -> Profile | None:
        return self.config.profiles.get(name)


def load(location: ConfigLocation) -> LoadedConfig:
    """Read and validate the file at `location`; raise `ConfigError` when unusable."""
    path = location.path
    if not path.exists():
        if location.explicit:
            raise ConfigError(
                f"config file {path} (from {location.origin}) does not exist: fix the path, "
                f"or create it with `easycart-tui config init --config {path}`"
            )
        return LoadedConfig(location, exists=False)
    text = read_text(path)
    raw = parse_toml(path, text)
    view_warnings = _set_aside_bad_views(path, text, raw) + _set_aside_bad_keys(path, text, raw)
    try:
        config = ConfigFile.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(describe_invalid(path, text, exc.errors()[0])) from None
    return LoadedConfig(location, exists=True, config=config,
                        warnings=view_warnings + _warnings(path, config))


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from None


def parse_toml(path: Path, text: str) -> dict[str, Any]:
    """The TOML document as a dict; a syntax error names its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        where = f"line {position.group(1)}, column {position.group(2)}: " if position else ""
        reason = _TOML_POSITION.sub("", message)
        raise ConfigError(f"{path}: {where}TOML syntax error ({reason}); fix that line") from None


def _set_aside_bad_keys(path: Path, text: str, raw: dict[str, Any]) -> tuple[str, ...]:
    """Drop each `[keys]` entry that names no key from `raw`, with a warning for it.

    The keys are the app's alone: a typo in them must not stop a command (a cron
    job's included), and in the app that binding keeps its default key.
    """
    keys = raw.get("keys")
    if keys is None:
        return ()
    try:
        ConfigFile.model_validate({"keys": keys})
        return ()
    except ValidationError as exc:
        if not isinstance(keys, dict):
            del raw["keys"]
            return (_unused_keys(describe_invalid(path, text, exc.errors()[0]), "no key is"),)
    warnings = []
    for binding_id in list(keys):
        try:
            ConfigFile.model_validate({"keys": {binding_id: keys[binding_id]}})
        except ValidationError as exc:
            del keys[binding_id]
            warnings.append(_unused_keys(describe_invalid(path, text, exc.errors()[0]),
                                         "that key is not"))
    return tuple(warnings)


def _unused_keys(problem: str, which: str) -> str:
    return f"warning: {problem.rstrip('.')}; until then {which} remapped"


def _set_aside_bad_views(path: Path, text: str, raw: dict[str, Any]) -> tuple[str, ...]:
    """Drop each saved view that is not usable from `raw`, with a warning for it.

    Older versions wrote these tables themselves, so a bad one (theirs, or a hand
    edit gone wrong) should not keep the app from starting: it is left out, and
    the defaults apply until a change of view is remembered in the state file.
    """
    holders: list[tuple[str, dict[str, Any]]] = []
    profiles = raw.get("profiles")
    if isinstance(profiles, dict):
        holders += [(f"profiles.{name}", table) for name, table in profiles.items()
                    if isinstance(table, dict) and "view" in table]
    sandbox = raw.get("sandbox")
    if isinstance(sandbox, dict) and "view" in sandbox:
        holders.append(("sandbox", sandbox))
    warnings = []
    for place, holder in holders:
        try:
            View.model_validate(holder["view"])
        except ValidationError as exc:
            del holder["view"]
            warnings.append(_describe_bad_view(path, text, f"{place}.view", exc.errors()[0]))
    return tuple(warnings)


def _describe_bad_view(path: Path, text: str, table: str, error: ErrorDetails) -> str:
    key = "".join(str(part) for part in error["loc"][:1])
    line = _line_of(text, table, key) if key else _line_of(text, table, "")
    where = f"{path}: " + (f"line {line}: " if line else "")
    if error["type"] == "extra_forbidden":
        problem = f"unknown key {key!r} (known keys: {', '.join(View.model_fields)})"
    elif error["type"] == "model_type":
        problem = "it must be a table"
    else:
        problem = f"{key}: {error['msg'].removeprefix('Value error, ')}"
    return (f"warning: {where}the saved view [{table}] is not usable ({problem}), so it "
            f"is ignored; the app keeps the views it saves in its state file, so remove "
            f"the table from the config file")


def describe_invalid(path: Path, text: str, error: ErrorDetails) -> str:
    """One sentence for the first validation error: file, line, table, key, fix."""
    loc = [str(part) for part in error["loc"]]
    if len(loc) >= 2 and loc[0] == "profiles":
        table, key, known = f"profiles.{loc[1]}", "".join(loc[2:3]), Profile.model_fields
    elif len(loc) >= 2 and loc[0] in ("keys", "sandbox"):
        table, key, known = loc[0], loc[1], {"view": None}
    else:
        table, key, known = "", "".join(loc[:1]), ConfigFile.model_fields
    line = _line_of(text, table, key)
    where = f"{path}: " + (f"line {line}: " if line else "")
    place = f"[{table}]" if table else "the top level"
    kind, message = error["type"], error["msg"].removeprefix("Value error, ")
    if kind == "extra_forbidden":
        return (f"{where}unknown key {key!r} in {place}; remove or rename it "
                f"(known keys: {', '.join(known)})")
    if kind == "missing":
        return f"{where}{place} lacks {key!r}; add it (e.g. {key} = \"...\")"
    subject = f"{key} in {place}" if key else place
    if kind == "value_error":
        return f"{where}{subject}: {message}"
    if kind.endswith("_type"):
        expected = (_KEY_STRING if table == "keys"
                    else _EXPECTED.get(key, message.removeprefix("Input should be ")))
        # Only the kind of value found is named, never the value: it might be a secret.
        return f"{where}{subject} must be {expected}, not {_kind(error['input'])}; fix the value"
    return f"{where}{subject}: {message}; fix the value"


_TEXT, _SWITCH = "a string in quotes", "true or false"
_KEY_STRING = 'key names in quotes, separated by commas (e.g. "right,l")'
_EXPECTED = {
    "keys": 'a table of binding ids and keys ([keys], e.g. "downloads.next-page" = "right")',
    "sandbox": "a table ([sandbox.view])",
    "default_profile": "a profile name in quotes",
    "profiles": "a table per profile ([profiles.NAME])",
    "base_url": _TEXT, "token": _TEXT, "secret": _TEXT, "secret_env": _TEXT,
    "secret_cmd": "a string or a list of strings",
    "timeout": "a number of seconds", "perpage": "a whole number",
    "verify_tls": _SWITCH, "read_only": _SWITCH, "allow_insecure_http": _SWITCH,
}


def _kind(value: object) -> str:
    kinds = {bool: "true/false", int: "an integer", float: "a number", str: "a string",
             list: "an array", dict: "a table"}
    return next((name for cls, name in kinds.items() if isinstance(value, cls)), "a date/time")


def _line_of(text: str, table: str, key: str) -> int | None:
    """Best-effort line number of `key` inside `[table]` (or of the header itself)."""
    current = ""
    key_line = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=""") if key else None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header:
            current = re.sub(r"""\s*\.\s*|["']""", lambda m: "." if "." in m[0] else "",
                             header.group(1))
            if current == table and key_line is None:
                return number
        elif current == table and key_line is not None and key_line.match(line):
            return number
    return None


def _warnings(path: Path, config: ConfigFile) -> tuple[str, ...]:
    """A plain secret in a file others can read is worth saying out loud."""
    holds_secret = any(profile.secret is not None for profile in config.profiles.values())
    if os.name != "posix" or not holds_secret:
        return ()
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        return (
            f"warning: {path} holds a secret and other users can read it; "
            f"run: chmod 600 {path}",
        )
    return ()
