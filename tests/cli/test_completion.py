"""`easycart-tui completion bash|zsh|fish`: a script made from the parser, which a real
bash loads and completes with (commands, choices, profiles of the config file, the
writable fields); zsh and fish get theirs, checked by the shell where it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.support import run_process
from tests.hostile_support import COMMAND
from tui.api.models import FIELDS, WRITABLE_FIELDS

#: `COMP_WORDS` as bash fills it before calling the completion function; prints what
#: it offers, one a line.
COMPLETE = """\
source "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
_shtab_easycart_tui
printf '%s\\n' "${COMPREPLY[@]}"
"""


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    result = run_process(None, "completion", "bash")
    assert result.returncode == 0, result.stderr
    script = tmp_path_factory.mktemp("completion") / "easycart-tui.bash"
    script.write_text(result.stdout)
    return script


def _bash(script: Path, *words: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash offers for the line `words` (the last one being typed)."""
    environment = {**os.environ, "PATH": f"{Path(COMMAND).parent}:{os.environ['PATH']}",
                   **(env or {})}
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c", COMPLETE, "bash",
                             str(script), "easycart-tui", *words],
                            capture_output=True, text=True, env=environment, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_bash_loads_the_script_as_the_completion_of_easycart_tui(bash_script: Path) -> None:
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c",
                             f'source "{bash_script}" && complete -p easycart-tui'],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "complete -o bashdefault -F _shtab_easycart_tui easycart-tui"


def test_bash_completes_commands_and_options_from_the_parser(bash_script: Path) -> None:
    assert _bash(bash_script, "li") == ["list"]
    assert _bash(bash_script, "completion", "") == ["bash", "zsh", "fish"]
    assert _bash(bash_script, "list", "--sort") == ["--sortby", "--sortdir"]  # not the old
    assert _bash(bash_script, "list", "--sortby", "") == list(FIELDS)
    assert _bash(bash_script, "sandbox", "--sandbox-flavor", "") == ["plain", "wordpress"]


def test_bash_completes_profiles_of_the_config_file_and_fields(bash_script: Path,
                                                               tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('default_profile = "live"\n[profiles.live]\nbase_url = "https://a.b"\n'
                      '[profiles.live.view]\nsortby = "order_id"\n'
                      '[profiles.staging]\nbase_url = "https://c.d"\n')
    env = {"EASYCART_TUI_CONFIG": str(config)}
    assert _bash(bash_script, "--profile", "", env=env) == ["live", "staging"]
    assert _bash(bash_script, "list", "--profile", "st", env=env) == ["staging"]
    assert _bash(bash_script, "update", "00986daa", "--set", "",
                 env=env) == [f"{field}=" for field in WRITABLE_FIELDS]
    assert _bash(bash_script, "create", "--set", "down", env=env) == [
        "download_count=", "download_file_name="]


@pytest.mark.parametrize(("shell", "check"), [("zsh", ["zsh", "-n"]),
                                              ("fish", ["fish", "--no-execute"])])
def test_zsh_and_fish_get_scripts_naming_every_command(shell: str, check: list[str],
                                                       tmp_path: Path) -> None:
    result = run_process(None, "completion", shell)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\n")
    for command in ("list", "get", "update", "delete", "restore", "completion", "sandbox"):
        assert command in result.stdout
    assert "_easycart_tui_profiles" in result.stdout
    if shutil.which(check[0]) is None:
        pytest.skip(f"{shell} is not installed, so the script's syntax is not checked")
    script = tmp_path / f"easycart-tui.{shell}"
    script.write_text(result.stdout)
    checked = subprocess.run([*check, str(script)], capture_output=True, text=True,
                             timeout=60)
    assert checked.returncode == 0, checked.stderr


def test_an_unknown_shell_is_a_usage_error() -> None:
    result = run_process(None, "completion", "tcsh")
    assert result.returncode == 2
    assert "invalid choice: 'tcsh' (choose from 'bash', 'zsh', 'fish')" in result.stderr
