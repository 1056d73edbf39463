"""Where the store is and how to authenticate, from flags and the environment.

Shared by the app and the scripting commands so both connect the same way.
Flags win over the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from tui.api.client import DEFAULT_TIMEOUT, AuthScheme, DownloadsClient

SANDBOX_URL = "http://sandbox.invalid"
ENV_URL, ENV_TOKEN, ENV_SECRET, ENV_AUTH = (
    "EASYCART_URL",
    "EASYCART_TOKEN",
    "EASYCART_SECRET",
    "EASYCART_AUTH",
)


class ConnectionProblem(Exception):
    """The connection settings are incomplete or invalid; the message says which."""


@dataclass(frozen=True)
class Connection:
    """Everything needed to open a client. `repr` never shows the secret."""

    url: str
    token: str
    secret: str
    auth: AuthScheme = "bearer"
    timeout: float = DEFAULT_TIMEOUT
    sandbox: bool = False

    def __repr__(self) -> str:
        return f"Connection(url={self.url!r}, auth={self.auth!r}, sandbox={self.sandbox})"

    @property
    def label(self) -> str:
        """How the store is named on screen."""
        return "sandbox" if self.sandbox else httpx.URL(self.url).host or self.url

    def open(self, *, sandbox_records: int = 1000) -> DownloadsClient:
        """A client for this store; for the sandbox, one served in-process."""
        transport = None
        if self.sandbox:
            from tui.sandbox import create_app

            transport = httpx.ASGITransport(app=create_app(records=sandbox_records))
        return DownloadsClient(
            self.url,
            self.token,
            self.secret,
            auth=self.auth,
            timeout=self.timeout,
            transport=transport,
        )


def sandbox_connection() -> Connection:
    """The in-process sandbox store, with its built-in credentials."""
    from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN

    return Connection(SANDBOX_URL, DEFAULT_TOKEN, DEFAULT_SECRET, sandbox=True)


def resolve(
    *,
    url: str | None = None,
    token: str | None = None,
    secret: str | None = None,
    auth: str | None = None,
    timeout: float | None = None,
    sandbox: bool = False,
    environ: Mapping[str, str] = os.environ,
) -> Connection:
    """Combine flags (given here) with the environment; raise `ConnectionProblem`."""
    if sandbox:
        return sandbox_connection()
    url = url or environ.get(ENV_URL)
    token = token or environ.get(ENV_TOKEN)
    secret = secret or environ.get(ENV_SECRET)
    scheme = (auth or environ.get(ENV_AUTH) or "bearer").lower()
    missing = [
        name
        for name, value in (("--url", url), ("--token", token), ("--secret", secret))
        if not value
    ]
    if missing:
        raise ConnectionProblem(
            f"no store given (missing {', '.join(missing)}): pass --url, --token and "
            f"--secret, set {ENV_URL}, {ENV_TOKEN} and {ENV_SECRET}, or use --sandbox"
        )
    if scheme not in ("bearer", "basic"):
        raise ConnectionProblem(f"auth must be 'bearer' or 'basic', not {scheme!r}")
    assert url and token and secret
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        parsed = httpx.URL()
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ConnectionProblem(
            "the store URL must start with https:// and name a host "
            "(e.g. https://shop.example.com/wp-json/...)"
        )
    return Connection(
        url,
        token,
        secret,
        auth="basic" if scheme == "basic" else "bearer",
        timeout=timeout or DEFAULT_TIMEOUT,
    )
