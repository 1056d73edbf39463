"""`easycart-tui config init|show|path`: set up, explain and find the config file."""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from tui.api.errors import ApiError
from tui.config.errors import ConfigError
from tui.config.example import write_example
from tui.config.load import locate
from tui.config.model import SECRET_KEYS, Profile, valid_profile_name
from tui.config.settings import Flags, Settings, Sourced, settings_for
from tui.config.write import read_document, save_profile
from tui.config.connection import Connection, check_url

MASK = "********"
_TTY_ATTEMPTS = 3


class NotSaved(Exception):
    """`config init` could not verify the credentials, so nothing was written."""


class Answers:
    """Answers to the `config init` questions.

    On a terminal each is asked for (the secret without echo); otherwise each is
    one line of standard input, in the order asked, so scripts can feed them.
    """

    def __init__(self, stdin: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.interactive = self.stdin.isatty()

    def ask(
        self, label: str, *, default: str | None = None, hidden: bool = False,
        shown_default: str | None = None,
    ) -> str:
        """One answer; Enter takes `default`, shown as `shown_default` when it is private."""
        shown = shown_default or default
        prompt = f"{label}{f' [{shown}]' if shown else ''}: "
        for _ in range(_TTY_ATTEMPTS if self.interactive else 1):
            answer = self._read(prompt, hidden).strip() or (default or "")
            if answer:
                return answer
        how = "" if self.interactive else " on standard input (one line per answer)"
        what = label[0].lower() + label[1:]
        raise ConfigError(f"config init: no {what} given{how}; nothing was written")

    def _read(self, prompt: str, hidden: bool) -> str:
        if not self.interactive:
            return self.stdin.readline()
        try:
            return getpass.getpass(prompt) if hidden else input(prompt)
        except EOFError:
            return ""


def run_path(flags: Flags, environ: Mapping[str, str]) -> int:
    print(locate(flags.config, environ).path)
    return 0


def run_show(flags: Flags, environ: Mapping[str, str]) -> int:
    """Each effective setting with its source; the token and secret masked."""
    settings = settings_for(flags, environ)
    for warning in settings.loaded.warnings:
        print(warning, file=sys.stderr)
    for name, value, source in show_rows(settings, environ):
        print(f"{name:<20} {value} ({source})")
    return 0


def show_rows(settings: Settings, environ: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(name, value, source) for each setting, the config file first."""
    loaded = settings.loaded
    file_note = loaded.location.origin + ("" if loaded.exists else "; the file does not exist")
    secret = Sourced(MASK if settings.secret_from else None, settings.secret_from or "not set")
    unset = _unset_secret_env(settings, environ)
    if unset is not None:
        secret = Sourced("(not set)", f"{settings.secret_from}; {unset} is not set or empty: "
                                      f"export it, or change secret_env")
    items: list[tuple[str, Sourced[Any]]] = [
        ("profile", settings.profile),
        ("base_url", settings.base_url),
        ("token", Sourced(mask_token(settings.token.value), settings.token.source)),
        ("secret", secret),
        ("auth", settings.auth),
        ("timeout", settings.timeout),
        ("perpage", settings.perpage),
        ("concurrency", settings.concurrency),
        ("verify_tls", settings.verify_tls),
        ("read_only", settings.read_only),
        ("allow_insecure_http", settings.allow_insecure_http),
    ]
    return [("config_file", str(loaded.path), file_note)] + [
        (name, _text(item.value), item.source) for name, item in items
    ]


def mask_token(token: str | None) -> str | None:
    """Enough of a token to tell which one it is, never the token itself: its last
    four characters, and only when it is long enough that they give nothing away."""
    if not token:
        return None
    return MASK + token[-4:] if len(token) >= 12 else MASK


def _unset_secret_env(settings: Settings, environ: Mapping[str, str]) -> str | None:
    """The variable a profile's `secret_env` names when it is the secret in effect and
    holds nothing: shown as such, so a missing export is found before a request fails."""
    profile = settings.loaded.config.profiles.get(str(settings.profile.value))
    variable = profile.secret_env if profile is not None else None
    if variable is None or not (settings.secret_from or "").endswith(f"secret_env={variable}"):
        return None
    return variable if not environ.get(variable, "") else None


def _text(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def run_example(flags: Flags, environ: Mapping[str, str], *, force: bool) -> int:
    """`config init --example`: the example config file, every key set and explained,
    written where the config file is looked for, for the user to make their own."""
    path = locate(flags.config, environ).path
    write_example(path, force=force)
    print(f"Wrote the example config file to {path}: replace its example stores with "
          f"yours (each key is explained in it), then `easycart-tui config show`")
    return 0


def run_init(flags: Flags, environ: Mapping[str, str], answers: Answers) -> int:
    """Ask for a store's URL, token and secret, verify them, then save the profile."""
    path = locate(flags.config, environ).path
    document = read_document(path)
    profiles = document.get("profiles", {})
    if not isinstance(profiles, dict):
        raise ConfigError(f"{path}: 'profiles' must be a table ([profiles.NAME]); fix it first")
    name = flags.profile or answers.ask("Profile name", default="default")
    if not valid_profile_name(name):
        raise ConfigError(
            f"config init: profile name {name!r} may hold only letters, digits, '-' and '_'"
        )
    existing = profiles.get(name, {})
    if not isinstance(existing, dict):
        raise ConfigError(f"{path}: profiles.{name} must be a table; fix it first")
    url = flags.url or answers.ask("Store API URL", default=existing.get("base_url"))
    known_token = existing.get("token")
    token = flags.token or answers.ask(
        "Token", default=known_token,
        shown_default=mask_token(known_token) if isinstance(known_token, str) else None,
    )
    secret = flags.secret or answers.ask("Secret key", hidden=True)
    changes: dict[str, Any] = {"base_url": url, "token": token, "secret": secret}
    if flags.auth:
        changes["auth"] = flags.auth
    if flags.timeout:
        changes["timeout"] = flags.timeout
    kept = {key: value for key, value in existing.items() if key not in SECRET_KEYS}
    profile = _checked(path, name, kept | changes)
    check_url(url, allow_insecure_http=profile.allow_insecure_http, profile=name)
    _verify(profile, name, path)
    made_default = save_profile(path, name, changes, replaces=SECRET_KEYS)
    print(f"Saved profile {name!r} to {path}" + (" as the default profile" if made_default else ""))
    return 0


def _checked(path: Path, name: str, values: dict[str, Any]) -> Profile:
    """The profile as it will be saved (keys unknown to this version left aside)."""
    known = {key: value for key, value in values.items() if key in Profile.model_fields}
    try:
        return Profile.model_validate(known)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or f"profiles.{name}"
        raise ConfigError(
            f"{path}: [profiles.{name}] {key}: {first['msg'].removeprefix('Value error, ')}; "
            f"nothing was written"
        ) from None


def _verify(profile: Profile, name: str, path: Path) -> None:
    """`POST /authenticate/test` with the new credentials; `NotSaved` when refused."""
    assert profile.secret is not None
    connection = Connection(
        profile.base_url, profile.token, profile.secret.get_secret_value(),
        auth=profile.auth, timeout=profile.timeout, profile=name,
        verify_tls=profile.verify_tls,
    )

    async def test() -> None:
        async with connection.open() as client:
            await client.test_auth()

    try:
        asyncio.run(test())
    except ApiError as exc:
        raise NotSaved(f"{exc} {exc.hint}".strip() + f" Nothing was written to {path}.") from None
