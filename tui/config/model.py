"""The shape of the config file, checked strictly so a typo is reported, not ignored.

TOML already has types, so no coercion: `timeout = "15"` is an error, not 15.
"""

from __future__ import annotations

import re
import shlex
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from tui.api.client import DEFAULT_TIMEOUT
from tui.api.models import DEFAULT_PERPAGE, MAX_PERPAGE

PROFILE_NAME_PATTERN = r"^[A-Za-z0-9_-]+$"
SECRET_KEYS = ("secret", "secret_env", "secret_cmd")


class Profile(BaseModel):
    """One store: where it is, how to authenticate, and how carefully to talk to it."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    base_url: str = Field(min_length=1)
    token: str = Field(min_length=1)
    secret: SecretStr | None = None
    secret_env: str | None = Field(default=None, min_length=1)
    secret_cmd: str | list[str] | None = None
    auth: Literal["bearer", "basic"] = "bearer"
    timeout: float = Field(default=DEFAULT_TIMEOUT, gt=0, le=600)
    perpage: int = Field(default=DEFAULT_PERPAGE, ge=1, le=MAX_PERPAGE)
    verify_tls: bool = True
    read_only: bool = False
    allow_insecure_http: bool = False

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


class ConfigFile(BaseModel):
    """The whole file: stores by name, and which one to use when none is named."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    default_profile: str | None = Field(default=None, pattern=PROFILE_NAME_PATTERN)
    profiles: dict[str, Profile] = Field(default_factory=dict)

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
