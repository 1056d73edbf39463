"""The `easycart-tui` command line: the app, the scripting commands, the sandbox.

Nothing heavy is imported before the arguments are read; then only what the
chosen command needs. Textual is imported only when the interactive app is
opened, so the scripting commands start fast and work where no terminal UI is
wanted. Whatever goes wrong ends in one line on stderr: an unexpected error's
details go to a crash log (credentials scrubbed), never to the screen. What the
command line accepts, and its help, is `tui.cli.parser`'s.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.cli.exit_codes import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
)
from tui.cli.parser import build_parser
from tui.core.collector import paused_collector
from tui.core.text import visible

if TYPE_CHECKING:
    from tui.config import Flags, LoadedConfig
    from tui.config.connection import Connection, Profiles
    from tui.sandbox import FlavorName

#: The commands of `tui.cli.journal_commands`, which reads and takes back the journal.
JOURNAL_COMMAND_NAMES = ("history", "undo", "restore")


def _modules_for(command: str | None) -> tuple[str, ...]:
    """What a command needs, loaded during start-up. Only the sandbox needs its
    server; the app's UI (Textual) is loaded by `tui.cli.launch` once the first page
    has been asked for, and no other command needs it."""
    if command is None:
        return ("tui.config.connection", "tui.cli.launch")
    if command == "sandbox":
        return ("tui.sandbox.server",)
    if command == "completion":
        return ("tui.cli.completion",)
    if command in JOURNAL_COMMAND_NAMES:
        return ("tui.config.connection", "tui.cli.journal_commands")
    commands = "tui.cli.config_commands" if command == "config" else "tui.cli.commands"
    return ("tui.config.connection", commands)


def _without_httpx_command_line() -> None:
    """httpx loads its own command-line client (click, pygments, rich.progress)
    whenever click is installed (the sandbox's server needs it): tens of
    milliseconds of every start, spent on code this program never runs. Marking that
    module absent makes httpx take the fallback it has for a missing click.
    Done here, in this program's own process, so `tui.api` used as a library
    leaves httpx as it is."""
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    if os.name != "posix":  # fcntl's file locks keep the journal and the state file whole
        return _fail("easycart-tui runs only on POSIX systems (Linux, macOS, BSD)", EXIT_FAILED)
    _without_httpx_command_line()
    try:
        with paused_collector():
            parser = build_parser()
            args = parser.parse_args(argv)
            for module in _modules_for(args.command):
                importlib.import_module(module)
    except KeyboardInterrupt:  # Ctrl+C while it loads
        return _fail("interrupted", EXIT_INTERRUPTED)
    from tui.config import ConfigError
    from tui.config.connection import ConnectionProblem
    from tui.cli.standard_output import OutputFailed, drop_stdout, guarded_stdout

    secrets = _given_secrets(args)
    try:
        if args.command is None:  # the app: the terminal is Textual's
            return _run(args, secrets)
        with guarded_stdout():
            if args.command == "completion":
                from tui.cli.completion import print_script

                return print_script(parser, args.shell)
            return _run(args, secrets)
    except (ConnectionProblem, ConfigError) as exc:
        return _fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, like other Unix tools.
        drop_stdout()
        return EXIT_OK
    except OutputFailed as exc:
        drop_stdout()
        return _fail(f"cannot write the output: {exc}", EXIT_FAILED)
    except Exception as exc:  # the last line of defence: no traceback on screen
        return _crashed(exc, secrets)


def _run(args: argparse.Namespace, secrets: list[str]) -> int:
    """Dispatch; `secrets` learns the credentials in use as soon as they are known."""
    if args.sandbox_flavor is not None and not args.sandbox and args.command != "sandbox":
        return _fail("--sandbox-flavor goes with --sandbox or the sandbox command",
                     EXIT_USAGE)
    if args.sandbox_reset and not args.sandbox:
        return _fail("--sandbox-reset goes with --sandbox", EXIT_USAGE)
    if args.command == "sandbox":
        return _serve_sandbox(args)
    from tui.api.client import credential_strings
    from tui.config import Flags
    from tui.config.connection import Profiles, sandbox_connection

    flags = Flags(
        url=args.url, token=args.token, secret=args.secret, auth=args.auth,
        timeout=args.timeout, profile=args.profile, config=args.config,
    )
    if args.command == "config":
        return _run_config(args, flags)
    if args.sandbox_reset:
        from tui.config.sandbox_file import reset_sandbox

        reset_sandbox(_sandbox_flavor(args))
    if args.command is None:
        return _run_app(args, flags, secrets)
    connection = (
        sandbox_connection(_sandbox_flavor(args)) if args.sandbox else _connect(Profiles(flags))[0]
    )
    secrets.extend(credential_strings(connection.token, connection.secret))
    if (warning := connection.unverified_tls_warning()) is not None:
        print(warning, file=sys.stderr)  # once: a command opens one connection
    import asyncio

    return asyncio.run(_run_command(connection, args))


def _run_app(args: argparse.Namespace, flags: Flags, secrets: list[str]) -> int:
    """The interactive app, with the keys from the config file, in the view
    remembered for the store (read before the first page is asked for)."""
    from tui.api.client import credential_strings
    from tui.config.connection import Profiles
    from tui.cli.launch import run_app
    from tui.config.state import StateFile, with_remembered_view

    profiles = None if args.sandbox else Profiles(flags)
    if profiles is None:
        connection, loaded, warnings = _sandbox_app_connection(flags, _sandbox_flavor(args))
    else:
        connection, loaded, warnings = _connect(profiles)
    state = StateFile.default()
    connection, memory = with_remembered_view(connection, state)
    secrets.extend(credential_strings(connection.token, connection.secret))
    keymap = loaded.config.keys if loaded else {}
    return run_app(connection, profiles, notices=warnings, keymap=keymap, state=state,
                   view_memory=memory)


def _sandbox_flavor(args: argparse.Namespace) -> FlavorName:
    return args.sandbox_flavor or "plain"


def _sandbox_app_connection(
    flags: Flags, flavor: FlavorName
) -> tuple[Connection, LoadedConfig | None, tuple[str, ...]]:
    """The sandbox, with the view of `[sandbox.view]` (read for older files); an
    unusable config file only costs that and the keys."""
    from dataclasses import replace

    from tui.config import ConfigError, load, locate
    from tui.config.connection import sandbox_connection

    try:
        loaded = load(locate(flags.config, os.environ))
    except ConfigError as problem:
        warning = f"warning: {problem}; the sandbox opens without the config file's keys"
        print(warning, file=sys.stderr)
        return sandbox_connection(flavor), None, (warning,)
    for warning in loaded.warnings:
        print(warning, file=sys.stderr)
    view = loaded.config.sandbox.view
    return replace(sandbox_connection(flavor), view=view), loaded, loaded.warnings


def _given_secrets(args: argparse.Namespace) -> list[str]:
    """The credentials named on the command line or in the environment."""
    from tui.config.settings import ENV_SECRET, ENV_TOKEN

    given = [getattr(args, name, None) for name in ("token", "secret", "sandbox_token",
                                                     "sandbox_secret")]
    given += [os.environ.get(ENV_TOKEN), os.environ.get(ENV_SECRET)]
    return [value for value in given if value]


def _crashed(exc: BaseException, secrets: list[str]) -> int:
    """One line for the user; the details, scrubbed, in a private crash log."""
    from tui.core.crashlog import write_crash_log

    what = f"unexpected error ({type(exc).__name__})"
    try:
        path = write_crash_log(exc, secrets)
    except OSError as problem:
        return _fail(f"{what}; no crash log could be written: {problem.strerror or problem}",
                     EXIT_FAILED)
    return _fail(f"{what}; the details are in {path}", EXIT_FAILED)


def _connect(profiles: Profiles) -> tuple[Connection, LoadedConfig, tuple[str, ...]]:
    """The connection, the config file, and its warnings (already printed on stderr)."""
    from tui.config.connection import connect

    settings = profiles.settings()
    for warning in settings.loaded.warnings:
        print(warning, file=sys.stderr)
    return connect(settings), settings.loaded, settings.loaded.warnings


def _run_config(args: argparse.Namespace, flags: Flags) -> int:
    from tui.cli import config_commands

    if args.sandbox:
        return _fail("the sandbox uses no config file; drop --sandbox", EXIT_USAGE)
    if args.config_command == "path":
        return config_commands.run_path(flags, os.environ)
    if args.config_command == "show":
        return config_commands.run_show(flags, os.environ)
    if args.config_command == "init" and (args.example or args.force):
        if not args.example:
            return _fail("--force goes with --example (config init edits a file in place)",
                         EXIT_USAGE)
        return config_commands.run_example(flags, os.environ, force=args.force)
    try:
        return config_commands.run_init(flags, os.environ, config_commands.Answers())
    except config_commands.NotSaved as exc:
        return _fail(str(exc), EXIT_FAILED)


async def _run_command(connection: Connection, args: argparse.Namespace) -> int:
    from tui.api.errors import ApiError, NotFound
    from tui.cli.commands import (
        COMMANDS,
        NotFoundProblem,
        StoppedPartWay,
        UsageProblem,
        apply_connection,
    )
    from tui.core.journal import JournalError
    from tui.core.undo import UndoRefused

    try:
        apply_connection(args, connection)
        async with connection.open() as client:
            client.remarks.listen(lambda remark: print(f"warning: {remark}", file=sys.stderr))
            if args.command == "doctor":
                from tui.cli.doctor import run_doctor

                return await run_doctor(client, connection, args)
            if args.command in COMMANDS:
                return await COMMANDS[args.command](client, args)
            from tui.cli.journal_commands import JOURNAL_COMMANDS

            return await JOURNAL_COMMANDS[args.command](client, args)
    except UsageProblem as exc:
        return _fail(str(exc), EXIT_USAGE)
    except NotFoundProblem as exc:
        return _fail(str(exc), EXIT_NOT_FOUND)
    except NotFound as exc:  # a download, never the API root (that is `WrongApiRoot`)
        return _fail(f"{exc} {exc.hint}".strip(), EXIT_NOT_FOUND)
    except ApiError as exc:
        return _fail(f"{exc} {exc.hint}".strip(), EXIT_FAILED)
    except (JournalError, UndoRefused, StoppedPartWay) as exc:
        return _fail(str(exc), EXIT_FAILED)


def _serve_sandbox(args: argparse.Namespace) -> int:
    from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN
    from tui.sandbox.server import serve
    from tui.sandbox.store import StoreError

    if args.records < 0 or args.latency < 0 or not 0 <= args.port <= 65535:
        return _fail("--records and --latency must be >= 0 and --port 0-65535", EXIT_USAGE)
    try:
        serve(
            host=args.host,
            port=args.port,
            records=args.records,
            db=args.db,
            latency_ms=args.latency,
            token=args.sandbox_token or DEFAULT_TOKEN,
            secret=args.sandbox_secret or DEFAULT_SECRET,
            totals=args.totals,
            flavor=args.flavor or _sandbox_flavor(args),
            perpage_cap=args.perpage_cap,
            unsorted=tuple(args.ignore_sort),
            drop_authorization=args.drop_authorization,
            refuse_perpage_over=args.refuse_perpage_over,
            print_around_json=args.print_around_json,
            fatal_error=args.fatal_error,
        )
    except StoreError as exc:
        return _fail(str(exc), EXIT_FAILED)
    except OSError as exc:
        return _fail(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}", EXIT_FAILED)
    return EXIT_OK


def _fail(message: str, code: int) -> int:
    """The one line of an error: escaped, so it is one line and holds no raw control."""
    print(f"easycart-tui: {visible(message)}", file=sys.stderr)
    return code
