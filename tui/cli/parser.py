"""The command line's grammar: every command and option of `easycart-tui`, their help
and examples, and the checks of a flag's value.

Kept apart from running them (`tui.cli.main`), which imports this module at every
start: so it loads argparse alone, and what a flag is held to (the store's limits,
the fields and their short names) is imported when the parser is built or a value
is read.
"""

from __future__ import annotations

import argparse
from typing import NoReturn

from tui.cli.exit_codes import EXIT_USAGE

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
