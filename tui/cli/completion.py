"""`easycart-tui completion bash|zsh|fish`: a completion script made from the parser
itself (by shtab), so it knows every command and option the help shows.

Beyond the parser's own choices, it completes the profile names of the config file
(`--profile`), the writable fields (`--set`), and paths (`--config`, `--db`). The
profiles are read when the user presses Tab, by a small shell function: the config
file's `[profiles.NAME]` tables, where `easycart-tui config path` says it is.
"""

from __future__ import annotations

import argparse
import sys

from tui.api.models import WRITABLE_FIELDS

#: What reads the profile names out of the config file, and the `--set` words.
_PROFILE_NAMES = r"sed -n 's/^[[:space:]]*\[profiles\.\([^].]*\)\].*/\1/p'"
_FIELD_WORDS = " ".join(f"{field}=" for field in WRITABLE_FIELDS)
#: The shell functions each script holds, named in `_COMPLETERS`.
_PREAMBLES = {
    "bash": f"""\
_easycart_tui_profiles() {{
  local file
  file=$(easycart-tui config path 2>/dev/null) || return 0
  compgen -W "$({_PROFILE_NAMES} "$file" \\
    2>/dev/null)" -- "$1"
}}
_easycart_tui_fields() {{
  compgen -W "{_FIELD_WORDS}" -- "$1"
}}""",
    "zsh": f"""\
_easycart_tui_profiles() {{
  local file
  file=$(easycart-tui config path 2>/dev/null) || return 1
  compadd -- ${{(f)"$({_PROFILE_NAMES} \\
    "$file" 2>/dev/null)"}}
}}
_easycart_tui_fields() {{
  compadd -S '' -- {_FIELD_WORDS}
}}""",
    "fish": f"""\
function _easycart_tui_profiles
  set -l file (easycart-tui config path 2>/dev/null); or return
  {_PROFILE_NAMES} $file 2>/dev/null
end""",
}


def _completers(shtab_file: dict[str, str]) -> dict[str, dict[str, str]]:
    """What each option's value completes to, by its destination, in each shell."""
    return {
        "profile": {"bash": "_easycart_tui_profiles", "zsh": "_easycart_tui_profiles",
                    "fish": "(_easycart_tui_profiles)"},
        "set": {"bash": "_easycart_tui_fields", "zsh": "_easycart_tui_fields",
                "fish": _FIELD_WORDS},
        "config": shtab_file,
        "db": shtab_file,
    }


def _mark(parser: argparse.ArgumentParser, completers: dict[str, dict[str, str]]) -> None:
    """Give every action of `parser` and its commands the completion of its kind."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                _mark(command, completers)
        elif action.option_strings and action.dest in completers:
            setattr(action, "complete", completers[action.dest])  # read by shtab


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The script for `shell`, from `parser`."""
    import shtab  # only this command needs it: no other start pays for loading it

    _mark(parser, _completers(shtab.FILE))
    return shtab.complete(parser, shell, preamble=_PREAMBLES[shell])


def print_script(parser: argparse.ArgumentParser, shell: str) -> int:
    """The script on standard output, ending its last line (shtab's does not)."""
    sys.stdout.write(completion_script(parser, shell).rstrip("\n") + "\n")
    return 0
