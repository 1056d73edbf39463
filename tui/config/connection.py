"""Which store to talk to and how: a `Connection`, made from the effective settings.

Shared by the app and the scripting commands so both connect the same way, and
so the same safety rules apply to both: no secret over plain http:// to anything
but this machine, unless the profile explicitly allows it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

from tui.api.client import DEFAULT_TIMEOUT, AuthScheme, DownloadsClient
from tui.api.models import DEFAULT_PERPAGE
from tui.api.proxies import is_loopback
from tui.api.read_ahead import DEFAULT_CONCURRENCY
from tui.api.root import ApiRoot
from tui.config.load import load, locate
from tui.config.model import View
from tui.config.settings import (
    ENV_SECRET,
    ENV_TOKEN,
    ENV_URL,
    STORE_ENV,
    Flags,
    Settings,
    settings_for,
)
from tui.core.findings.model import store_key

if TYPE_CHECKING:
    from tui.sandbox import FlavorName

SANDBOX_URL = "http://sandbox.invalid"


class ConnectionProblem(Exception):
    """The connection settings are incomplete or unsafe; the message says which."""


@dataclass(frozen=True)
class Connection:
    """Everything needed to open a client. `repr` never shows the secret."""

    url: str
    token: str
    secret: str
    auth: AuthScheme = "bearer"
    timeout: float = DEFAULT_TIMEOUT
    sandbox: bool = False
    profile: str | None = None
    read_only: bool = False
    verify_tls: bool = True
    perpage: int = DEFAULT_PERPAGE
    #: List requests in flight at once when following a list to its end.
    concurrency: int = DEFAULT_CONCURRENCY
    #: The list's view, applied at start: the config file's `[profiles.NAME.view]`
    #: (or `[sandbox.view]`) until `tui.config.state.with_remembered_view` gives the one
    #: remembered in the state file.
    view: View | None = None
    #: The kind of store the sandbox is (see `tui.sandbox.flavors`), with `sandbox`.
    sandbox_flavor: FlavorName = "plain"

    def __repr__(self) -> str:
        return (
            f"Connection(url={self.url!r}, profile={self.profile!r}, auth={self.auth!r}, "
            f"read_only={self.read_only}, verify_tls={self.verify_tls}, sandbox={self.sandbox})"
        )

    @property
    def label(self) -> str:
        """How the store is named on screen: the profile (when there is one) and host."""
        if self.sandbox:
            return "sandbox"
        host = httpx.URL(self.url).host or self.url
        return f"{self.profile} · {host}" if self.profile else host

    def unverified_tls_warning(self) -> str | None:
        """What the commands say once, on standard error, when the store's certificate
        goes unchecked (the app's status line says "TLS not verified" instead, and
        doctor reports it); None when it is checked, or there is no TLS."""
        url = httpx.URL(self.url)
        if self.verify_tls or url.scheme != "https":
            return None
        return (f"warning: the TLS certificate of {url.host} is not verified "
                f"(verify_tls = false): use this only for a test store")

    def store_key(self) -> str:
        """Which store the state file keeps findings and the view under."""
        return store_key(profile=self.profile, url=ApiRoot.parse(self.url).shown(),
                         sandbox=self.sandbox_flavor if self.sandbox else None)

    def open(self, *, sandbox_records: int = 1000) -> DownloadsClient:
        """A client for this store; for the sandbox, one served in-process from its
        file in the data directory (`tui.config.sandbox_file`), seeded with
        `sandbox_records` sample downloads when the file is new."""
        transport = None
        if self.sandbox:
            from tui.config.sandbox_file import sandbox_transport

            transport = sandbox_transport(self.sandbox_flavor, records=sandbox_records)
        return DownloadsClient(
            self.url,
            self.token,
            self.secret,
            auth=self.auth,
            timeout=self.timeout,
            verify=self.verify_tls,
            transport=transport,
            concurrency=self.concurrency,
        )


def sandbox_connection(flavor: FlavorName = "plain") -> Connection:
    """The in-process sandbox store of that flavour, at its usual API root, with its
    built-in credentials."""
    from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN, FLAVORS

    url = FLAVORS[flavor].api_roots(SANDBOX_URL)[0]
    return Connection(url, DEFAULT_TOKEN, DEFAULT_SECRET, sandbox=True, sandbox_flavor=flavor)


class Profiles:
    """How this run connects, kept so the app can list profiles and switch to another.

    Every call re-reads the config file, so edits made meanwhile are seen.
    """

    def __init__(self, flags: Flags, environ: Mapping[str, str] = os.environ) -> None:
        self.flags = flags
        self.environ = environ

    def settings(self) -> Settings:
        """The effective settings for this run (flags > environment > file > defaults)."""
        return settings_for(self.flags, self.environ)

    def names(self) -> list[str]:
        """The profile names in the config file, sorted."""
        return sorted(load(locate(self.flags.config, self.environ)).config.profiles)

    def connect(self) -> Connection:
        """The connection for this run; raises `ConnectionProblem` or `ConfigError`."""
        return connect(self.settings())

    def switch(self, name: str) -> Connection:
        """The connection for profile `name`, as if it had been named at start-up.

        Flags and variables that named one store (URL, token, secret) are left
        out: they belong to the store being left, and its secret must not follow.
        """
        settings = settings_for(self.flags.without_store(), self._without_store_env(), profile=name)
        return connect(settings)

    def _without_store_env(self) -> dict[str, str]:
        return {key: value for key, value in self.environ.items() if key not in STORE_ENV}


def connect(settings: Settings) -> Connection:
    """A `Connection` from `settings`, after the checks that keep a secret safe."""
    profile = settings.profile.value
    url, token = settings.base_url.value, settings.token.value
    if settings.store_mismatch and not (token and settings.secret_from):
        raise ConnectionProblem(
            f"the store URL ({settings.base_url.source}) differs from the base_url of "
            f"profile {profile!r}, whose credentials are only sent to its own store: "
            f"give --token and --secret for that URL too, or drop the URL"
        )
    missing = [
        name
        for name, given in (("--url", url), ("--token", token), ("--secret", settings.secret_from))
        if not given
    ]
    if missing:
        raise ConnectionProblem(_missing_message(settings, missing))
    assert url and token
    auth = settings.auth.value
    if auth not in ("bearer", "basic"):
        raise ConnectionProblem(
            f"auth must be 'bearer' or 'basic', not {auth!r} ({settings.auth.source})"
        )
    check_url(url, allow_insecure_http=settings.allow_insecure_http.value, profile=profile)
    secret = settings.secret()
    if not secret:
        raise ConnectionProblem(_missing_message(settings, ["--secret"]))
    return Connection(
        url,
        token,
        secret,
        auth="basic" if auth == "basic" else "bearer",
        timeout=settings.timeout.value,
        profile=profile,
        read_only=settings.read_only.value,
        verify_tls=settings.verify_tls.value,
        perpage=settings.perpage.value,
        concurrency=settings.concurrency.value,
        view=settings.view,
    )


def _missing_message(settings: Settings, missing: list[str]) -> str:
    profile = settings.profile.value
    if profile is not None:
        return (
            f"profile {profile!r} in {settings.loaded.path} gives no "
            f"{' or '.join(flag.removeprefix('--') for flag in missing)}: add it to "
            f"[profiles.{profile}] (for the secret: secret, secret_env or secret_cmd), "
            f"or pass {', '.join(missing)}"
        )
    return (
        f"no store given (missing {', '.join(missing)}): pass --url, --token and "
        f"--secret, set {ENV_URL}, {ENV_TOKEN} and {ENV_SECRET}, choose a profile with "
        f"--profile (see `easycart-tui config init`), or use --sandbox"
    )


def check_url(url: str, *, allow_insecure_http: bool, profile: str | None) -> None:
    """Refuse a URL that is malformed, or plain http:// to another machine."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        parsed = httpx.URL()
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ConnectionProblem(
            "the store URL must start with https:// and name a host "
            "(e.g. https://shop.example.com/wp-json/wp-easycart/v1)"
        )
    if parsed.scheme == "http" and not allow_insecure_http and not is_loopback(parsed.host):
        where = f"[profiles.{profile}]" if profile else "the store's profile"
        raise ConnectionProblem(
            f"refusing plain http:// to {parsed.host}: the token and secret would cross "
            f"the network unencrypted; use https://, or, on a network you trust, set "
            f"allow_insecure_http = true in {where}"
        )
