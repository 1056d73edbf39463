"""The command line's grammar: every command and option of `easycart-tui` and their
help (the longer texts and examples are `tui.cli.help_texts`', the checks of a
flag's value `tui.cli.flag_values`').

Kept apart from running them (`tui.cli.main`), which imports this module at every
start: so it loads argparse alone, and what a flag is held to (the store's limits,
the fields and their short names) is imported when the parser is built or a value
is read.
"""

from __future__ import annotations

import argparse
from typing import NoReturn

from tui.cli.exit_codes import EXIT_USAGE
from tui.cli.flag_values import page_number, request_count, rows_per_page, timeout_seconds

#: `tui.sandbox.FLAVORS`, named here so reading the arguments loads no server code.
SANDBOX_FLAVORS = ("plain", "wordpress")


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
        "--timeout", type=timeout_seconds, default=default, metavar="SEC",
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
        "--sandbox-reset", action="store_true", default=False if top_level else argparse.SUPPRESS,
        help="with --sandbox: start over from the sample data (its changes are otherwise "
        "kept between runs, in the data directory)")
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
    parser.add_argument("--concurrency", type=request_count, default=None, metavar="N",
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
_REPORT_FORMAT_HELP = "how to print the outcome (default table)"
#: The sort directions, as the config file's `sortdir` and the API name them.
SORT_DIRECTIONS = ("asc", "desc")


def _sort_flags(parser: argparse.ArgumentParser) -> None:
    """`--sortby FIELD --sortdir asc|desc`, named as in the config file and the API;
    the older `--sort FIELD` and `--desc` still work, left out of the help."""
    from tui.api.models import FIELDS
    from tui.core.filters import FIELD_NAMES, SHORT_NAMES

    def field(name: str) -> str:
        return FIELD_NAMES.get(name.lower(), name)

    parser.add_argument("--sortby", choices=FIELDS, type=field, default=None, metavar="FIELD",
                        help=f"sort by one of: {', '.join(FIELDS)} (or the header's short "
                        f"name: {', '.join(SHORT_NAMES.values())}); default: the store's order")
    parser.add_argument("--sort", dest="sortby", choices=FIELDS, type=field,
                        help=argparse.SUPPRESS)
    parser.add_argument("--sortdir", choices=SORT_DIRECTIONS, type=str.lower, default="asc",
                        help="with --sortby: asc (the default) or desc")
    parser.add_argument("--desc", dest="sortdir", action="store_const", const="desc",
                        help=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    from tui.api.models import FIELDS
    from tui.cli import help_texts as said

    parser = _Parser(
        prog="easycart-tui",
        description="Manage the Downloads of a WP EasyCart store. "
        "With no command, opens the interactive app.",
        epilog=said.MAIN, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}",
                        help="print the version and exit")
    _connection_flags(parser, top_level=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                help="what to do (with none, the app opens)")

    def command(name: str, help_text: str, epilog: str, *,
                connects: bool = True) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text, epilog=epilog,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        if connects:
            _connection_flags(cmd, top_level=False)
        return cmd

    listing = command("list", "list downloads (one page, --all, or every --where match)",
                      said.LIST)
    listing.add_argument("--page", type=page_number, default=None, metavar="N",
                         help="the page to show, from 1 (default 1); with --where, page N "
                         "of the matches, --perpage a page")
    listing.add_argument("--perpage", type=rows_per_page, default=None, metavar="N",
                         help="rows per page, 1-100 (default 50; 100 with --all)")
    _sort_flags(listing)
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

    get = command("get", "show one download", said.GET)
    get.add_argument("id", help=said.ID_HELP)
    _format_flag(get, formats=_RECORD_FORMATS, help_text=_RECORD_FORMAT_HELP)

    create = command("create", "add a download", said.CREATE)
    create.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        required=True, help=said.SET_HELP)
    _format_flag(create, formats=_RECORD_FORMATS, help_text=_RECORD_FORMAT_HELP)

    update = command("update", "change fields of a download, of each id read from "
                     "standard input (-), or of every --where match; only the fields given "
                     "are sent", said.UPDATE)
    update.add_argument("id", nargs="?", default=None,
                        help=said.ID_HELP + "; - reads whole ids from standard input, one a "
                        "line (blank lines and # comments left out)")
    update.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        required=True, help=said.SET_HELP)
    _set_flags(update, "update")

    delete = command(
        "delete", "delete a download, each id read from standard input (-), or every "
        "--where match (asks first unless --yes; a copy goes to the journal)", said.DELETE)
    delete.add_argument("id", nargs="?", default=None,
                        help=said.ID_HELP + "; - reads whole ids from standard input, one a "
                        "line")
    _set_flags(delete, "delete")

    restore = command(
        "restore", "re-create a deleted download from the journal (it gets a new id)",
        said.RESTORE)
    restore.add_argument("id", nargs="?", default=None,
                         help="the id the download had when it was deleted, or its first "
                         "characters (at least 4)")
    restore.add_argument("--list", action="store_true",
                         help="list the deleted downloads that can be restored, newest first")
    _format_flag(restore)

    history = command("history", "list the changes made to this store from this machine, "
                      "newest first (each create, update, delete, restore and undo)",
                      said.HISTORY)
    history.add_argument("id", nargs="?", default=None,
                         help="only the changes of the download with this (whole) id")
    history.add_argument("--limit", type=page_number, default=None, metavar="N",
                         help="only the newest N changes")
    history.add_argument("--all-stores", action="store_true",
                         help="the changes of every store, not only this one")
    _format_flag(history, formats=("table", "json", "csv"),
                 help_text="table (default), json (every field of each entry) or csv")

    undo = command("undo", "take back a change: the newest not yet undone, or ENTRY "
                   "(a whole bulk or --where action at once)", said.UNDO)
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

    check = command("check", "verify the token and secret and show the round-trip time",
                    said.CHECK)
    _format_flag(check, formats=("table", "json"), help_text=_REPORT_FORMAT_HELP)

    doctor = command("doctor", "find out what the store supports (paging, sorting, search, "
                     "auth) and keep it for the app and the commands", said.DOCTOR)
    doctor.add_argument("--write", action="store_true",
                        help="also create, edit and delete a probe download (each write in "
                        "the journal) to see whether writes are allowed")
    _format_flag(doctor, formats=("table", "json"), help_text=_REPORT_FORMAT_HELP)

    config = command("config", "set up and inspect the config file (one profile per store)",
                     said.CONFIG, connects=False)
    config_sub = config.add_subparsers(dest="config_command", metavar="ACTION", required=True,
                                       help="what to do with the config file")
    for name, help_text in (
        ("init", "ask for a store's URL, token and secret, verify them, save a profile"),
        ("show", "print the effective settings and where each comes from"),
        ("path", "print where the config file is"),
    ):
        _connection_flags(
            config_sub.add_parser(name, help=help_text, description=help_text,
                                  epilog=said.CONFIG,
                                  formatter_class=argparse.RawDescriptionHelpFormatter),
            top_level=False)
    init = config_sub.choices["init"]
    init.add_argument("--example", action="store_true", help="write the example config "
                      "file instead (every key set and explained), to make your own")
    init.add_argument("--force", action="store_true",
                      help="with --example: replace the config file if there is one")

    sandbox = command("sandbox", "serve a sandbox store (the same API as a real one) on a "
                      "local port; it prints the URL, token and secret to use", said.SANDBOX,
                      connects=False)
    _sandbox_flags(sandbox, FIELDS)

    completion = command("completion", "print a shell completion script for easycart-tui",
                         said.COMPLETION, connects=False)
    completion.add_argument("shell", choices=COMPLETION_SHELLS, metavar="SHELL",
                            help="the shell: " + ", ".join(COMPLETION_SHELLS))
    return parser


#: The shells `completion` writes a script for.
COMPLETION_SHELLS = ("bash", "zsh", "fish")


def _sandbox_flags(sandbox: argparse.ArgumentParser, fields: tuple[str, ...]) -> None:
    sandbox.add_argument("--host", default="127.0.0.1",
                         help="the address to listen on (default 127.0.0.1, this machine only)")
    sandbox.add_argument("--port", type=int, default=8765,
                         help="the port to listen on (default 8765)")
    sandbox.add_argument("--records", type=int, default=1000, metavar="N",
                         help="sample downloads to start with (default 1000; the same every "
                         "time; ignored for a --db that holds a store already)")
    sandbox.add_argument("--db", default=None, metavar="PATH",
                         help="SQLite file to keep data in (default: in memory, gone at exit)")
    sandbox.add_argument("--latency", type=int, default=0, metavar="MS",
                         help="delay every answer by MS milliseconds")
    sandbox.add_argument("--token", dest="sandbox_token", default=None, metavar="T",
                         help="the token the store accepts (default sandbox-token)")
    sandbox.add_argument("--secret", dest="sandbox_secret", default=None, metavar="S",
                         help="the secret key the store accepts (default sandbox-secret)")
    sandbox.add_argument("--totals", action="store_true",
                         help="send X-WP-Total / X-WP-TotalPages headers")
    flavor_help = ("a store as the API reference describes it, or as a real WordPress site "
                   "serves it (default: plain)")
    sandbox.add_argument("--sandbox-flavor", dest="flavor", choices=SANDBOX_FLAVORS,
                         default=None, help=flavor_help)
    sandbox.add_argument("--flavor", dest="flavor", choices=SANDBOX_FLAVORS,
                         help=argparse.SUPPRESS)
    sandbox.add_argument("--perpage-cap", type=rows_per_page, default=None, metavar="N",
                         help="serve at most N records per page, whatever is asked "
                         "(default 100)")
    sandbox.add_argument("--ignore-sort", action="append", default=[], choices=fields,
                         metavar="FIELD",
                         help="answer a sort by FIELD in the default order, without a "
                         "word, as some stores do (repeatable)")
    sandbox.add_argument("--drop-authorization", action="store_true",
                         help="lose the Authorization header before the store sees it, as "
                         "Apache does without CGIPassAuth")
    sandbox.add_argument("--refuse-perpage-over", type=rows_per_page, default=None, metavar="N",
                         help="refuse a page of more than N records with WordPress's 400 "
                         "rest_invalid_param")
    sandbox.add_argument("--print-around-json", choices=("before", "after", "both"),
                         default=None,
                         help="print a PHP warning before every answer, a cache comment "
                         "after it, or both, as plugins do")
    sandbox.add_argument("--fatal-error", action="store_true",
                         help="answer every request with WordPress's critical error (a PHP "
                         "fatal error, HTTP 500)")
