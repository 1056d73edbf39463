"""Start-up of the command: the garbage collector is paused while it loads and
back afterwards, whatever the command does; only what the command needs is loaded."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import gc, json, sys
from tui.cli.main import main
{before}
try:
    code = main({argv!r})
except SystemExit as exc:
    code = exc.code
loaded = sorted(name.split(".")[0] for name in sys.modules)
print(json.dumps({{"code": code, "gc": gc.isenabled(), "frozen": gc.get_freeze_count(),
                   "loaded": sorted(set(loaded))}}))
"""


def _probe(argv: list[str], before: str = "") -> dict:
    result = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv, before=before)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    "argv",
    [["--sandbox", "list", "--perpage", "2", "--format", "json"],
     ["--sandbox", "get", "nosuchid"],
     ["list", "--no-such-flag"],
     ["--help"]],
    ids=["list", "failing-get", "bad-flag", "help"],
)
def test_the_collector_is_back_on_after_start_up(argv: list[str]) -> None:
    seen = _probe(argv)
    assert seen["gc"] is True
    assert seen["frozen"] > 0  # what start-up made is set aside, not collected again


def test_a_collector_the_caller_turned_off_stays_off() -> None:
    seen = _probe(["--sandbox", "list", "--perpage", "1"], before="gc.disable()")
    assert seen["code"] == 0
    assert seen["gc"] is False


def test_a_scripting_command_loads_no_tool_it_does_not_use() -> None:
    seen = _probe(["--sandbox", "list", "--perpage", "2", "--format", "csv"])
    assert seen["code"] == 0
    # Textual is the app's alone; the sandbox's server is not needed to host it in-process;
    # shtab writes the completion scripts, and nothing else needs it.
    assert not {"textual", "uvicorn", "shtab"} & set(seen["loaded"])


def test_only_the_completion_command_loads_shtab() -> None:
    assert "shtab" not in _probe(["--help"])["loaded"]
    seen = _probe(["completion", "bash"])
    assert seen["code"] == 0
    assert "shtab" in seen["loaded"] and "textual" not in seen["loaded"]


def test_the_command_does_not_load_the_httpx_command_line_client() -> None:
    seen = _probe(["--sandbox", "list", "--perpage", "2", "--format", "csv"])
    assert seen["code"] == 0
    assert not {"click", "pygments"} & set(seen["loaded"])


def test_the_api_used_as_a_library_leaves_httpx_as_it_is() -> None:
    probe = "import sys, tui.api.client; print(sys.modules.get('httpx._main') is not None)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "True"  # click is installed here (the sandbox's server)


def test_ctrl_c_while_the_command_loads_is_one_line_and_code_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from tui.cli import main as cli

    def interrupted(command: str | None) -> tuple[str, ...]:
        raise KeyboardInterrupt  # as if Ctrl+C came while the command's modules load

    monkeypatch.setattr(cli, "_modules_for", interrupted)
    assert cli.main(["--sandbox", "list"]) == 130
    assert capsys.readouterr().err == "easycart-tui: interrupted\n"
