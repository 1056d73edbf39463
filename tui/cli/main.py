"""The `easycart-tui` command line: the app, the scripting commands, the sandbox.

Nothing heavy is imported before the arguments are read; then only what the
chosen command needs. Textual is imported only when the interactive app is
opened, so the scripting commands start fast and work where no terminal UI is
wanted. Whatever goes wrong ends in one line on stderr: an unexpected error's
details go to a crash log (credentials scrubbed), never to the screen.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from tui.core.collector import paused_collector
from tui.core.text import visible

if TYPE_CHECKING:
    from tui.config import Flags, LoadedConfig
    from tui.config.connection import Connection, Profiles
    from tui.sandbox import FlavorName

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
#: The commands of `tui.cli.journal_commands`, which reads and takes back the journal.
JOURNAL_COMMAND_NAMES = ("history", "undo", "restore")
#: `tui.sandbox.FLAVORS`, named here so reading the arguments loads no server code.
SANDBOX_FLAVORS = ("plain", "wordpress")


def _seconds(text: str) -> float:
    """A `--timeout`: a number of seconds above 0, at most a profile's longest."""
    from tui.api.models import MAX_TIMEOUT

    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= MAX_TIMEOUT:  # NaN fails this too
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds above 0 and at most {MAX_TIMEOUT:g}")
    return seconds


def _whole(text: str, lowest: int, highest: int | None = None) -> int:
    """`text` as a whole number from `lowest` (up to `highest`), for argparse."""
    try:
        number = int(text)
    except ValueError:
        number = lowest - 1
    if number < lowest or (highest is not None and number > highest):
        span = f"from {lowest} to {highest}" if highest is not None else f"of {lowest} or more"
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number {span}")
    return number


def _page(text: str) -> int:
    """A `--page` or a `--limit`: counts from 1."""
    return _whole(text, 1)


def _perpage(text: str) -> int:
    """A `--perpage` or `--perpage-cap`: rows a page, 1 up to what a store serves."""
    from tui.api.models import MAX_PERPAGE

    return _whole(text, 1, MAX_PERPAGE)


def _concurrency(text: str) -> int:
    """A `--concurrency`: a whole number of requests, 1 up to a profile's most."""
    from tui.api.read_ahead import MAX_CONCURRENCY

    return _whole(text, 1, MAX_CONCURRENCY)


def _version() -> str:
    """This program's version, as installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("easycart-tui")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def _connection_flags(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    """Connection flags, accepted before or after the command name."""
    default = None if top_level else argparse.SUPPRESS
    group = parser.add_argument_group("connection")
    group.add_argument("--url", default=default, help="the store's API root (env EASYCART_URL)")
    group.add_argument("--token", default=default, help="store token (env EASYCART_TOKEN)")
    group.add_argument("--secret", default=default, help="secret key (env EASYCART_SECRET)")
    group.add_argument(
        "--auth", choices=("bearer", "basic"), default=default,
        help="authorization for reads (env EASYCART_AUTH); writes always use bearer",
    )
    group.add_argument(
        "--timeout", type=_seconds, default=default, metavar="SEC",
        help="the most a request may take, a read's retries included (default 15)"
    )
    group.add_argument(
        "--profile", default=default, metavar="NAME",
        help="the store's profile in the config file (env EASYCART_PROFILE)",
    )
    group.add_argument(
        "--config", default=default, metavar="PATH",
        help="config file to use (env EASYCART_TUI_CONFIG; `config path` shows the default)",
    )
    group.add_argument(
        "--sandbox", action="store_true", default=False if top_level else argparse.SUPPRESS,
        help="use a built-in sandbox store with sample data (no profile; the app still "
        "reads [keys], and remembers its view in the state file)",
    )
    group.add_argument(
        "--sandbox-flavor", choices=SANDBOX_FLAVORS, default=default,
        help="with --sandbox: a store as the API reference describes it (plain, the "
        "default) or as a real WordPress site serves it",
    )


class _Parser(argparse.ArgumentParser):
    """Says what is wrong with a command line in one line, as every other problem
    is said (argparse would print the whole usage first); `--help` shows it."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _format_flag(parser: argparse.ArgumentParser, *, formats: tuple[str, ...] | None = None,
                 help_text: str = "how to print the records (default table)") -> None:
    from tui.core.output import FORMATS

    parser.add_argument("--format", choices=formats or FORMATS, default="table",
                        help=help_text)


def _where_flag(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--where", action="append", default=[], metavar="TERM",
                        help=help_text)


def _concurrency_flag(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--concurrency", type=_concurrency, default=None, metavar="N",
                        help=f"{what}, 1-16 (default: the profile's concurrency, else 3; "
                        f"1: one at a time)")


def _set_flags(parser: argparse.ArgumentParser, verb: str) -> None:
    """What `update` and `delete` take to act on a set of downloads."""
    from tui.core.output import SET_FORMATS

    _where_flag(parser, f"{verb} every download that meets TERM (FIELD OP VALUE, as list "
                "--where takes it; repeatable: all must hold), instead of an id")
    parser.add_argument("--dry-run", action="store_true",
                        help=f"show how many downloads would be {verb}d, and the first of "
                        "them; change nothing")
    parser.add_argument("--yes", action="store_true",
                        help="do not ask (needed when input is not a terminal)")
    _concurrency_flag(parser, "with - or --where: downloads worked on at once")
    _format_flag(parser, formats=SET_FORMATS,
                 help_text=f"how to print the downloads {verb}d (default table; ids: one "
                 "id a line)")


#: What `get` and `create` may print: the record, or its id alone.
_RECORD_FORMATS = ("table", "json", "csv", "ids")
_RECORD_FORMAT_HELP = "how to print the download (default table; ids: its id alone)"
_SET_HELP = ("a field and its value (repeatable): product_id, order_id, download_count, "
             "download_file_name, is_amazon (yes/no), amazon_key, or the short names "
             "the list's header shows (product, order, count, file, s3, key)")
_WHERE_SYNTAX = """\
TERM is FIELD OP VALUE. FIELD: an API name (product_id, order_id, download_count,
date_created, download_file_name, is_amazon, amazon_key, download_id) or the
list's header (product, order, count, created, file, s3, key, id). OP: = != < <=
> >= and ~ (contains, any case). Numbers compare as numbers, created as a date
(2025, 2025-01, 2025-01-31, 2025-01-31T10:00), s3 as yes/no, text whole (any
case) or in part with ~. One term to each --where; quote it for the shell."""
_LIST_EXAMPLES = _WHERE_SYNTAX + """

examples:
  easycart-tui list --where product_id=14
  easycart-tui list --where order=10604 --where 'count>0' --format json
  easycart-tui list --where 'created>=2025-01-01' --where 'file~spring sale' --format count
  easycart-tui list --where product=14 --format ids | easycart-tui update - --set download_count=0 --yes
"""
_UPDATE_EXAMPLES = _WHERE_SYNTAX + """

Each download is read again just before it is written, and one that no longer
meets the terms is skipped. The last line says: N changed, N skipped, N failed.

examples:
  easycart-tui update 838dcd934c44f89d6b0f873cd0bcbfc168616703ab8e6 --set download_count=0
  easycart-tui update --where order_id=10604 --set download_count=0 --dry-run
  easycart-tui update --where product=14 --set download_file_name=ebook-v2.pdf --yes
  easycart-tui list --where product=14 --format ids | easycart-tui update - --set download_count=0 --yes
"""
_DELETE_EXAMPLES = _WHERE_SYNTAX + """

Every deleted download goes to the journal first (`easycart-tui history`,
`easycart-tui undo`). The last line says: N deleted, N skipped, N failed.

examples:
  easycart-tui delete 838dcd934c44f89d6b0f873cd0bcbfc168616703ab8e6
  easycart-tui delete --where order_id=10604 --dry-run
  easycart-tui list --where 'file~old-' --format ids > old.txt && easycart-tui delete - --yes < old.txt
"""


_HISTORY_EXAMPLES = """
A change whose answer never came (the connection broke, the process was
stopped) shows as "outcome unknown"; undo looks at the store before acting.

examples:
  easycart-tui history --limit 10
  easycart-tui history 838dcd934c44f89d6b0f873cd0bcbfc168616703ab8e6
  easycart-tui history --all-stores --format json
"""
_UNDO_EXAMPLES = """
Each download is read first; where the store holds other values than the
change left (someone changed it since), nothing is written unless --force.
Undo is itself a change, so `undo ENTRY` with the undo's id takes it back.

examples:
  easycart-tui undo --dry-run
  easycart-tui undo
  easycart-tui undo 3f9a2c41 --yes
"""


def build_parser() -> argparse.ArgumentParser:
    from tui.api.models import FIELDS
    from tui.core.filters import FIELD_NAMES, SHORT_NAMES

    parser = _Parser(
        prog="easycart-tui",
        description="Manage the Downloads of a WP EasyCart store. "
        "With no command, opens the interactive app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    _connection_flags(parser, top_level=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str, epilog: str | None = None) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text, epilog=epilog,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        _connection_flags(cmd, top_level=False)
        return cmd

    listing = command("list", "list downloads (one page, --all, or every --where match)",
                      epilog=_LIST_EXAMPLES)
    listing.add_argument("--page", type=_page, default=None, metavar="N",
                         help="the page to show, from 1 (default 1); with --where, page N "
                         "of the matches, --perpage a page")
    listing.add_argument("--perpage", type=_perpage, default=None, metavar="N",
                         help="rows per page, 1-100 (default 50; 100 with --all)")
    listing.add_argument("--sort", choices=FIELDS, default=None, metavar="FIELD",
                         type=lambda name: FIELD_NAMES.get(name.lower(), name),
                         help=f"sort by one of: {', '.join(FIELDS)} (or the header's "
                         f"short name: {', '.join(SHORT_NAMES.values())})")
    listing.add_argument("--desc", action="store_true", help="sort descending")
    listing.add_argument("--search", default=None, metavar="TERM",
                         help="the store's own search: on most stores a substring of the id, "
                         "order, product or file name (use --where for exact values)")
    _where_flag(listing, "only the downloads that meet TERM, e.g. product_id=14, count>0, "
                "created>=2025-01-01, file~sale (repeatable: all must hold); lists every "
                "match unless --page is given")
    listing.add_argument("--all", action="store_true",
                         help="follow the pages to the end, streaming the output")
    _concurrency_flag(listing, "with --all or --where: list requests in flight at once")
    _format_flag(listing, formats=("table", "json", "csv", "ids", "count"),
                 help_text="table, json or csv; ids: one id a line (every match, for "
                 "`update -`); count: how many there are")

    get = command("get", "show one download")
    get.add_argument("id", help="the download's id (all of it, as `list` shows it)")
    _format_flag(get, formats=_RECORD_FORMATS, help_text=_RECORD_FORMAT_HELP)

    create = command("create", "add a download")
    create.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        required=True, help=_SET_HELP + "; product_id, order_id and "
                        "download_file_name are needed")
    _format_flag(create, formats=_RECORD_FORMATS, help_text=_RECORD_FORMAT_HELP)

    update = command("update", "change fields of a download, of each id read from "
                     "standard input (-), or of every --where match; only the fields given "
                     "are sent", epilog=_UPDATE_EXAMPLES)
    update.add_argument("id", nargs="?", default=None,
                        help="the download's id; - reads ids from standard input, one a "
                        "line (blank lines and # comments left out)")
    update.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        required=True, help=_SET_HELP)
    _set_flags(update, "update")

    delete = command(
        "delete", "delete a download, each id read from standard input (-), or every "
        "--where match (asks first unless --yes; a copy goes to the journal)",
        epilog=_DELETE_EXAMPLES,
    )
    delete.add_argument("id", nargs="?", default=None,
                        help="the download's id; - reads ids from standard input, one a line")
    _set_flags(delete, "delete")

    restore = command(
        "restore", "re-create a deleted download from the journal (it gets a new id)"
    )
    restore.add_argument("id", nargs="?", default=None,
                         help="the id the download had when it was deleted")
    restore.add_argument("--list", action="store_true",
                         help="list the deleted downloads that can be restored, newest first")
    _format_flag(restore)

    history = command("history", "list the changes made to this store from this machine, "
                      "newest first (each create, update, delete, restore and undo)",
                      epilog=_HISTORY_EXAMPLES)
    history.add_argument("id", nargs="?", default=None,
                         help="only the changes of the download with this id")
    history.add_argument("--limit", type=_page, default=None, metavar="N",
                         help="only the newest N changes")
    history.add_argument("--all-stores", action="store_true",
                         help="the changes of every store, not only this one")
    _format_flag(history, formats=("table", "json", "csv"),
                 help_text="table (default), json (every field of each entry) or csv")

    undo = command("undo", "take back a change: the newest not yet undone, or ENTRY "
                   "(a whole bulk or --where action at once)", epilog=_UNDO_EXAMPLES)
    undo.add_argument("entry", nargs="?", default=None, metavar="ENTRY",
                      help="an entry or group id from `history` (its first characters "
                      "will do)")
    undo.add_argument("--force", action="store_true",
                      help="undo even where the download was changed since")
    undo.add_argument("--dry-run", action="store_true",
                      help="show what would be written; change nothing")
    undo.add_argument("--yes", action="store_true",
                      help="do not ask (needed when input is not a terminal)")
    _format_flag(undo, help_text="how to print the downloads written (default table)")

    check = command("check", "verify the token and secret and show the round-trip time")
    check.add_argument("--format", choices=("table", "json"), default="table")

    doctor = command("doctor", "find out what the store supports (paging, sorting, search, "
                     "auth) and keep it for the app and the commands")
    doctor.add_argument("--write", action="store_true",
                        help="also create, edit and delete a probe download (each write in "
                        "the journal) to see whether writes are allowed")
    doctor.add_argument("--format", choices=("table", "json"), default="table")

    config = sub.add_parser(
        "config", help="set up and inspect the config file",
        description="Set up and inspect the config file (one profile per store).",
    )
    config_sub = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    for name, help_text in (
        ("init", "ask for a store's URL, token and secret, verify them, save a profile"),
        ("show", "print the effective settings and where each comes from"),
        ("path", "print where the config file is"),
    ):
        _connection_flags(
            config_sub.add_parser(name, help=help_text, description=help_text), top_level=False
        )

    sandbox = sub.add_parser(
        "sandbox", help="serve a sandbox store over HTTP",
        description="Serve a sandbox store (same API as a real one) on a local port.",
    )
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8765)
    sandbox.add_argument("--records", type=int, default=1000, metavar="N")
    sandbox.add_argument("--db", default=None, metavar="PATH", help="SQLite file to keep data in")
    sandbox.add_argument("--latency", type=int, default=0, metavar="MS",
                         help="delay every answer by MS milliseconds")
    sandbox.add_argument("--token", dest="sandbox_token", default=None, metavar="T")
    sandbox.add_argument("--secret", dest="sandbox_secret", default=None, metavar="S")
    sandbox.add_argument("--totals", action="store_true",
                         help="send X-WP-Total / X-WP-TotalPages headers")
    sandbox.add_argument("--flavor", choices=SANDBOX_FLAVORS, default="plain",
                         help="a store as the API reference describes it, or as a real "
                         "WordPress site serves it (default: plain)")
    sandbox.add_argument("--perpage-cap", type=_perpage, default=None, metavar="N",
                         help="serve at most N records per page, whatever is asked "
                         "(default 100)")
    sandbox.add_argument("--ignore-sort", action="append", default=[], choices=FIELDS,
                         metavar="FIELD",
                         help="answer a sort by FIELD in the default order, without a "
                         "word, as some stores do (repeatable)")
    return parser


def _modules_for(command: str | None) -> tuple[str, ...]:
    """What a command needs, loaded during start-up. Only the sandbox needs its
    server; the app's UI (Textual) is loaded by `tui.cli.launch` once the first page
    has been asked for, and no other command needs it."""
    if command is None:
        return ("tui.config.connection", "tui.cli.launch")
    if command == "sandbox":
        return ("tui.sandbox.server",)
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
    _without_httpx_command_line()
    try:
        with paused_collector():
            args = build_parser().parse_args(argv)
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
    if args.sandbox_flavor is not None and not args.sandbox:
        return _fail("--sandbox-flavor goes with --sandbox (the sandbox command takes "
                     "--flavor)", EXIT_USAGE)
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
    try:
        return config_commands.run_init(flags, os.environ, config_commands.Answers())
    except config_commands.NotSaved as exc:
        return _fail(str(exc), EXIT_FAILED)


async def _run_command(connection: Connection, args: argparse.Namespace) -> int:
    from tui.api.errors import ApiError
    from tui.cli.commands import COMMANDS, StoppedPartWay, UsageProblem, apply_connection
    from tui.core.journal import JournalError
    from tui.core.undo import UndoRefused

    try:
        apply_connection(args, connection)
        async with connection.open() as client:
            if args.command == "doctor":
                from tui.cli.doctor import run_doctor

                return await run_doctor(client, connection, args)
            if args.command in COMMANDS:
                return await COMMANDS[args.command](client, args)
            from tui.cli.journal_commands import JOURNAL_COMMANDS

            return await JOURNAL_COMMANDS[args.command](client, args)
    except UsageProblem as exc:
        return _fail(str(exc), EXIT_USAGE)
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
            flavor=args.flavor,
            perpage_cap=args.perpage_cap,
            unsorted=tuple(args.ignore_sort),
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
