"""The shape of the config file, checked strictly so a typo is reported, not ignored.

TOML already has types, so no coercion: `timeout = "15"` is an error, not 15.
"""

from __future__ import annotations

import re
import shlex
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)

from tui.api.client import DEFAULT_TIMEOUT
from tui.api.models import (
    DEFAULT_PERPAGE,
    FIELDS,
    MAX_PERPAGE,
    MAX_TIMEOUT,
    ListQuery,
    SortDir,
    SortField,
)
from tui.api.read_ahead import DEFAULT_CONCURRENCY, MAX_CONCURRENCY
from tui.core.fields import ALWAYS_SHOWN

PROFILE_NAME_PATTERN = r"^[A-Za-z0-9_-]+$"
SECRET_KEYS = ("secret", "secret_env", "secret_cmd")
#: A key's own name ("l", "pagedown", "question_mark"), after any modifiers.
_KEY_NAME = re.compile(r"[A-Za-z0-9_-]+")
#: The modifiers a terminal can report, as Textual names them.
_MODIFIERS = frozenset({"shift", "alt", "ctrl", "super", "hyper", "meta"})


class View(BaseModel):
    """How the list looked when the user last changed it: remembered by the app in
    its state file (`tui.config.state`), and read back at the next start for the same
    profile (or the sandbox). A `view` table in the config file, as older versions
    wrote it or as written by hand, is used until the state file has one.

    Only what the user changed is saved, so a key left out keeps following the
    profile (e.g. its `perpage`) or the built-in default.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    columns: list[str] | None = None
    sortby: SortField | None = None
    sortdir: SortDir | None = None
    perpage: int | None = Field(default=None, ge=1, le=MAX_PERPAGE)
    theme: str | None = Field(default=None, min_length=1)

    @field_validator("columns")
    @classmethod
    def _known_columns(cls, columns: list[str] | None) -> list[str] | None:
        if columns is None:
            return None
        unknown = [name for name in columns if name not in FIELDS]
        if unknown:
            raise ValueError(f"unknown column {unknown[0]!r} (columns: {', '.join(FIELDS)})")
        if ALWAYS_SHOWN not in columns:
            raise ValueError(f"must include {ALWAYS_SHOWN!r} (the id column is always shown)")
        return [name for name in FIELDS if name in columns]

    def changes(self) -> dict[str, object]:
        """The keys that are set, as they are saved."""
        return self.model_dump(exclude_none=True)


def opening_query(perpage: int, view: View | None) -> ListQuery:
    """The list as it opens: in the saved view's sort, and its rows per page when
    it has them (else `perpage`)."""
    return ListQuery(perpage=view and view.perpage or perpage,
                     sortby=view and view.sortby, sortdir=view and view.sortdir or "ASC")


class SandboxSection(BaseModel):
    """`[sandbox]`: the view the built-in sandbox store opens in, until the app
    remembers one in its state file."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    view: View | None = None


def _is_key(key: str) -> bool:
    """One printable character, or a key name after known modifiers ("ctrl+n"):
    "ctrl+" or "crtl+n" would bind a key no terminal sends."""
    if len(key) == 1:
        return not key.isspace() and key != ","
    *modifiers, name = key.split("+")
    return bool(_KEY_NAME.fullmatch(name)) and _MODIFIERS.issuperset(modifiers)


def _check_key_list(value: str) -> str:
    """A Textual key string: key names separated by commas (`"right,l"`)."""
    keys = [key.strip() for key in value.split(",")]
    bad = next((key for key in keys if not _is_key(key)), None)
    if bad is not None:
        shown = repr(bad) if bad else "an empty key"
        raise ValueError(
            f"{shown} is not a key name; give key names separated by commas, "
            f'e.g. "right,l" or "ctrl+n"'
        )
    return ",".join(keys)


class Profile(BaseModel):
    """One store: where it is, how to authenticate, and how carefully to talk to it."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    base_url: str = Field(min_length=1)
    token: str = Field(min_length=1)
    secret: SecretStr | None = None
    secret_env: str | None = Field(default=None, min_length=1)
    secret_cmd: str | list[str] | None = None
    auth: Literal["bearer", "basic"] = "bearer"
    timeout: float = Field(default=DEFAULT_TIMEOUT, gt=0, le=MAX_TIMEOUT)
    perpage: int = Field(default=DEFAULT_PERPAGE, ge=1, le=MAX_PERPAGE)
    concurrency: int = Field(default=DEFAULT_CONCURRENCY, ge=1, le=MAX_CONCURRENCY)
    verify_tls: bool = True
    read_only: bool = False
    allow_insecure_http: bool = False
    view: View | None = None

    @model_validator(mode="after")
    def _one_secret_source(self) -> Profile:
        given = [key for key in SECRET_KEYS if getattr(self, key) is not None]
        if len(given) > 1:
            raise ValueError(
                f"give only one of {', '.join(SECRET_KEYS)} (found {' and '.join(given)})"
            )
        if self.secret_cmd is not None:
            self.command_line()
        return self

    def command_line(self) -> list[str]:
        """`secret_cmd` as the argument list it is run with (never through a shell)."""
        cmd = self.secret_cmd
        try:
            argv = shlex.split(cmd) if isinstance(cmd, str) else list(cmd or ())
        except ValueError as exc:
            raise ValueError(f"secret_cmd cannot be split into words: {exc}") from None
        if not argv or not all(argv):
            raise ValueError("secret_cmd must name a command (a string or a list of strings)")
        return argv


KeyList = Annotated[str, AfterValidator(_check_key_list)]


class ConfigFile(BaseModel):
    """The whole file: stores by name, and which one to use when none is named."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    default_profile: str | None = Field(default=None, pattern=PROFILE_NAME_PATTERN)
    profiles: dict[str, Profile] = Field(default_factory=dict)
    #: Binding id ("downloads.next-page") -> Textual key string ("right,l").
    keys: dict[str, KeyList] = Field(default_factory=dict)
    sandbox: SandboxSection = Field(default_factory=SandboxSection)

    @model_validator(mode="after")
    def _names(self) -> ConfigFile:
        bad = [name for name in self.profiles if not valid_profile_name(name)]
        if bad:
            raise ValueError(
                f"profile name {bad[0]!r} may hold only letters, digits, '-' and '_'"
            )
        return self


def valid_profile_name(name: str) -> bool:
    """Whether `name` can be a profile name (a bare TOML key, easy to type)."""
    return re.fullmatch(PROFILE_NAME_PATTERN, name) is not None
