"""The effective connection settings: flags > environment > config file > defaults.

Each value remembers where it came from, so `config show` can explain it and
error messages can point at the right place. The secret itself is only read when
a connection is made (running `secret_cmd` is not free, and `config show` must
never need it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from tui.api.client import DEFAULT_TIMEOUT
from tui.api.models import DEFAULT_PERPAGE
from tui.api.read_ahead import DEFAULT_CONCURRENCY
from tui.config.errors import ConfigError
from tui.config.load import LoadedConfig, load, locate
from tui.config.model import Profile, View
from tui.config.secrets import describe_secret, read_secret

ENV_URL, ENV_TOKEN, ENV_SECRET, ENV_AUTH, ENV_PROFILE = (
    "EASYCART_URL", "EASYCART_TOKEN", "EASYCART_SECRET", "EASYCART_AUTH", "EASYCART_PROFILE",
)
STORE_ENV = (ENV_URL, ENV_TOKEN, ENV_SECRET)
DEFAULT = "default"

T = TypeVar("T")


@dataclass(frozen=True)
class Flags:
    """Connection settings given on the command line; None means not given."""

    url: str | None = None
    token: str | None = None
    secret: str | None = field(default=None, repr=False)
    auth: str | None = None
    timeout: float | None = None
    profile: str | None = None
    config: str | None = None

    def without_store(self) -> Flags:
        """These flags minus those that name one particular store."""
        return replace(self, url=None, token=None, secret=None)


@dataclass(frozen=True)
class Sourced(Generic[T]):
    """A setting's value and where it came from (`flag --url`, `env ...`, `file [...]`)."""

    value: T
    source: str


def _first(*candidates: tuple[T | None, str]) -> Sourced[T | None]:
    for value, source in candidates:
        if value is not None and value != "":
            return Sourced(value, source)
    return Sourced(None, "not set")


@dataclass(frozen=True)
class Settings:
    """Everything a connection is made from, each value with its source."""

    loaded: LoadedConfig
    profile: Sourced[str | None]
    base_url: Sourced[str | None]
    token: Sourced[str | None]
    secret_from: str | None
    auth: Sourced[str]
    timeout: Sourced[float]
    perpage: Sourced[int]
    concurrency: Sourced[int]
    verify_tls: Sourced[bool]
    read_only: Sourced[bool]
    allow_insecure_http: Sourced[bool]
    store_mismatch: bool = False
    #: The profile's `[profiles.NAME.view]` (None: none, or no profile); the view
    #: remembered in the state file wins over it.
    view: View | None = None
    _read_secret: Callable[[], str | None] = field(default=lambda: None, repr=False)

    def secret(self) -> str | None:
        """The secret key, read now from its source (may run `secret_cmd`)."""
        return self._read_secret()


def settings_for(
    flags: Flags,
    environ: Mapping[str, str] = os.environ,
    *,
    profile: str | None = None,
) -> Settings:
    """Combine the sources for `profile` (or the one flags/env/file select)."""
    loaded = load(locate(flags.config, environ))
    # A URL given without a profile names a store of its own: the default profile
    # (another store, maybe read-only or with other credentials) stays out of it.
    url_given = bool(flags.url or environ.get(ENV_URL))
    chosen = (
        Sourced(profile, "chosen in the app")
        if profile is not None
        else _first(
            (flags.profile, "flag --profile"),
            (environ.get(ENV_PROFILE), f"env {ENV_PROFILE}"),
            (None if url_given else loaded.config.default_profile, "file default_profile"),
        )
    )
    found = _find_profile(loaded, chosen)
    name = chosen.value
    in_file = f"file [profiles.{name}]"

    def in_profile(key: str, holder: Profile | None) -> Any:
        """What the profile itself sets for `key` (None when it leaves it to the default)."""
        return getattr(holder, key) if holder and key in holder.model_fields_set else None

    def from_file(key: str, default: T, holder: Profile | None) -> Sourced[T]:
        value = in_profile(key, holder)
        return Sourced(default, DEFAULT) if value is None else Sourced(value, in_file)

    base_url = _first(
        (flags.url, "flag --url"),
        (environ.get(ENV_URL), f"env {ENV_URL}"),
        (found.base_url if found else None, in_file),
    )
    # A profile's credentials are only ever sent to that profile's own store.
    mismatch = found is not None and base_url.value != found.base_url
    own = found if found is not None and not mismatch else None
    token = _first(
        (flags.token, "flag --token"),
        (environ.get(ENV_TOKEN), f"env {ENV_TOKEN}"),
        (own.token if own else None, in_file),
    )
    secret_from, read = _secret(flags, environ, loaded, name, own)
    auth = _first(
        (flags.auth, "flag --auth"),
        (environ.get(ENV_AUTH), f"env {ENV_AUTH}"),
        (in_profile("auth", found), in_file),
        ("bearer", DEFAULT),
    )
    timeout = _first(
        (flags.timeout, "flag --timeout"),
        (in_profile("timeout", found), in_file),
        (DEFAULT_TIMEOUT, DEFAULT),
    )
    return Settings(
        loaded=loaded,
        profile=chosen,
        base_url=base_url,
        token=token,
        secret_from=secret_from,
        auth=Sourced(str(auth.value).lower(), auth.source),
        timeout=Sourced(float(timeout.value or DEFAULT_TIMEOUT), timeout.source),
        perpage=from_file("perpage", DEFAULT_PERPAGE, found),
        concurrency=from_file("concurrency", DEFAULT_CONCURRENCY, found),
        read_only=from_file("read_only", False, found),
        # What loosens the safety rules is about the profile's own store only.
        verify_tls=from_file("verify_tls", True, own),
        allow_insecure_http=from_file("allow_insecure_http", False, own),
        store_mismatch=mismatch,
        view=found.view if found else None,
        _read_secret=read,
    )


def _find_profile(loaded: LoadedConfig, chosen: Sourced[str | None]) -> Profile | None:
    name = chosen.value
    if name is None:
        return None
    found = loaded.profile(name)
    if found is not None:
        return found
    create = f"`easycart-tui config init --profile {name}`"
    if not loaded.exists:
        raise ConfigError(
            f"no profile {name!r} (from {chosen.source}): the config file {loaded.path} "
            f"does not exist; create it with {create}"
        )
    known = ", ".join(sorted(loaded.config.profiles)) or "none"
    raise ConfigError(
        f"{loaded.path}: no profile {name!r} (from {chosen.source}); profiles there: "
        f"{known}. Fix the name, or add the profile with {create}"
    )


def _secret(
    flags: Flags,
    environ: Mapping[str, str],
    loaded: LoadedConfig,
    name: str | None,
    own: Profile | None,
) -> tuple[str | None, Callable[[], str | None]]:
    """Where the secret comes from, and how to read it when it is needed."""
    if flags.secret:
        given = flags.secret
        return "flag --secret", lambda: given
    if environ.get(ENV_SECRET):
        from_env = environ[ENV_SECRET]
        return f"env {ENV_SECRET}", lambda: from_env
    described = describe_secret(own) if own is not None else None
    if own is None or name is None or described is None:
        return None, lambda: None
    profile, profile_name = own, name
    return (
        f"file [profiles.{name}] {described}",
        lambda: read_secret(profile_name, profile, loaded.path, environ),
    )
