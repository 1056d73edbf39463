"""What `easycart-tui --help` and each command's `--help` say beyond one line a flag:
the filter syntax, the fields, the exit codes, the environment, and examples.

Apart from the grammar (`tui.cli.parser`) so that it reads as the help does; the
field lists come from the fields themselves, so the help cannot fall behind them.
"""

from __future__ import annotations

import textwrap

from tui.api.models import FIELDS, WRITABLE_FIELDS
from tui.cli.exit_codes import EXIT_CODES
from tui.core.filters import SHORT_NAMES
from tui.core.rules import NEEDED_TO_ADD

#: Each variable the program reads, and what it sets.
ENVIRONMENT: tuple[tuple[str, str], ...] = (
    ("EASYCART_URL", "the store's API root (over the profile's base_url)"),
    ("EASYCART_TOKEN", "the store token"),
    ("EASYCART_SECRET", "the secret key"),
    ("EASYCART_AUTH", "bearer or basic, for reads"),
    ("EASYCART_PROFILE", "the profile to use (over default_profile)"),
    ("EASYCART_TUI_CONFIG", "the config file"),
    ("EASYCART_TUI_STATE", "the folder of the state file (views, what doctor found)"),
    ("EASYCART_TUI_DATA", "the data folder (the journal of changes, crash logs)"),
)


def _table(rows: tuple[tuple[object, str], ...]) -> str:
    width = max(len(str(name)) for name, _ in rows) + 2
    return "\n".join(f"  {str(name):<{width}}{said}" for name, said in rows)


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines) + "\n"


def _names(fields: tuple[str, ...]) -> str:
    return ", ".join(fields)


def _paragraph(text: str) -> str:
    """`text` wrapped as argparse wraps the rest of the help."""
    return textwrap.fill(" ".join(text.split()), width=78)


MAIN = f"""\
exit codes:
{_table(EXIT_CODES)}

environment (a flag on the command line wins):
{_table(ENVIRONMENT)}

{_examples(
    "easycart-tui                      # the app, on the default profile",
    "easycart-tui --sandbox            # the app, on sample data",
    "easycart-tui list --where product=14 --format json",
    "easycart-tui get 00986daa         # an id's first characters will do",
    "easycart-tui COMMAND --help       # each command's options and examples",
)}"""

WHERE_SYNTAX = _paragraph(f"""
TERM is FIELD OP VALUE. FIELD: an API name ({_names(FIELDS)}) or the list's
header ({_names(tuple(SHORT_NAMES.values()))}). OP: = != < <= > >= and ~ (contains,
any case). Numbers compare as numbers, created as a date (2025, 2025-01,
2025-01-31, 2025-01-31T10:00), s3 as yes/no, text whole (any case) or in part
with ~. One term to each --where; quote it for the shell.""")

ID_HELP = ("the download's id, or its first characters (at least 4, as long as no "
           "other id starts with them)")

SET_HELP = (f"a field and its value (repeatable): {_names(WRITABLE_FIELDS)} "
            "(is_amazon takes yes/no), or the short names the list's header shows "
            f"({_names(tuple(SHORT_NAMES[field] for field in WRITABLE_FIELDS))})")

CREATE = _paragraph(f"""
Writable fields: {_names(WRITABLE_FIELDS)}. Needed to add a download:
{_names(NEEDED_TO_ADD)} (the count starts at 0, S3 off). download_id and
date_created are the store's.""") + "\n\n" + _examples(
    "easycart-tui create --set product_id=14 --set order_id=10604 "
    "--set download_file_name=ebook.pdf",
    "easycart-tui create --set product=14 --set order=10604 --set file=album.zip "
    "--format ids",
)

LIST = WHERE_SYNTAX + "\n\n" + _examples(
    "easycart-tui list --sortby download_count --sortdir desc --perpage 10",
    "easycart-tui list --where product_id=14",
    "easycart-tui list --where order=10604 --where 'count>0' --format json",
    "easycart-tui list --where 'created>=2025-01-01' --where 'file~spring sale' --format count",
    "easycart-tui list --where product=14 --format ids | easycart-tui update - "
    "--set download_count=0 --yes",
)

GET = _examples(
    "easycart-tui get 838dcd934c44f89d6b0f873cd0bcbfc168616703ab8e6",
    "easycart-tui get 838dcd93 --format json",
)

UPDATE = WHERE_SYNTAX + """

Each download is read again just before it is written, and one that no longer
meets the terms is skipped. The last line says: N changed, N skipped, N failed.

""" + _examples(
    "easycart-tui update 838dcd934c44f89d6b0f873cd0bcbfc168616703ab8e6 --set download_count=0",
    "easycart-tui update 838dcd93 --set count=0",
    "easycart-tui update --where order_id=10604 --set download_count=0 --dry-run",
    "easycart-tui update --where product=14 --set download_file_name=ebook-v2.pdf --yes",
    "easycart-tui list --where product=14 --format ids | easycart-tui update - "
    "--set download_count=0 --yes",
)

DELETE = WHERE_SYNTAX + """

Every deleted download goes to the journal first (`easycart-tui history`,
`easycart-tui undo`). The last line says: N deleted, N skipped, N failed.

""" + _examples(
    "easycart-tui delete 838dcd934c44f89d6b0f873cd0bcbfc168616703ab8e6",
    "easycart-tui delete 838dcd93 --yes",
    "easycart-tui delete --where order_id=10604 --dry-run",
    "easycart-tui list --where 'file~old-' --format ids > old.txt && "
    "easycart-tui delete - --yes < old.txt",
)

RESTORE = _examples(
    "easycart-tui restore --list",
    "easycart-tui restore 838dcd93",
)

HISTORY = """
A change whose answer never came (the connection broke, the process was
stopped) shows as "outcome unknown"; undo looks at the store before acting.

""" + _examples(
    "easycart-tui history --limit 10",
    "easycart-tui history 838dcd934c44f89d6b0f873cd0bcbfc168616703ab8e6",
    "easycart-tui history --all-stores --format json",
)

UNDO = """
Each download is read first; where the store holds other values than the
change left (someone changed it since), nothing is written unless --force.
Undo is itself a change, so `undo ENTRY` with the undo's id takes it back.

""" + _examples(
    "easycart-tui undo --dry-run",
    "easycart-tui undo",
    "easycart-tui undo 3f9a2c41 --yes",
)

CHECK = _examples(
    "easycart-tui check",
    "easycart-tui check --profile staging --format json",
)

DOCTOR = _examples(
    "easycart-tui doctor",
    "easycart-tui doctor --write --format json",
)

CONFIG = _examples(
    "easycart-tui config init",
    "easycart-tui config show --profile staging",
    "easycart-tui config path",
)

SANDBOX = _examples(
    "easycart-tui sandbox",
    "easycart-tui sandbox --port 8080 --records 100000 --db sandbox.db",
    "easycart-tui sandbox --sandbox-flavor wordpress --perpage-cap 30 --latency 150",
)

COMPLETION = """
Install the script where the shell looks for completions:

""" + _examples(
    "easycart-tui completion bash > ~/.local/share/bash-completion/completions/easycart-tui",
    "easycart-tui completion zsh > ~/.zfunc/_easycart-tui   "
    "# with fpath+=(~/.zfunc) before compinit",
    "easycart-tui completion fish > ~/.config/fish/completions/easycart-tui.fish",
)
