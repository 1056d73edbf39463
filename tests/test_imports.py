"""The API layer and the scripting commands never load Textual."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
{body}
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(loaded) or "none")
"""


def _loaded_textual(body: str) -> str:
    result = subprocess.run([sys.executable, "-c", PROBE.format(body=body)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_importing_the_api_loads_no_textual() -> None:
    assert _loaded_textual("import tui.api, tui.api.client, tui.sandbox") == "none"


def test_what_opens_the_app_loads_no_textual_before_the_first_page_is_asked_for() -> None:
    assert _loaded_textual("import tui.launch, tui.paging, tui.connection") == "none"


def test_running_a_scripting_command_loads_no_textual() -> None:
    body = (
        "from tui.cli import main\n"
        "code = main(['--sandbox', 'list', '--perpage', '2', '--format', 'json'])\n"
        "assert code == 0, code\n"
        "main(['--sandbox', 'get', 'nosuchid'])\n"
    )
    assert _loaded_textual(body) == "none"


def test_doctor_and_the_state_file_load_no_textual() -> None:
    body = (
        "import tui.findings.probes, tui.state\n"
        "from tui.cli import main\n"
        "code = main(['--sandbox', 'doctor', '--format', 'json'])\n"
        "assert code == 0, code\n"
    )
    assert _loaded_textual(body) == "none"
