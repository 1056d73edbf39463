"""A whole command session with a known secret: the secret, the token and the
Authorization value appear nowhere: not on screen, not in the journal, not
in a crash log. An unexpected error is one line naming a private crash log."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile_support import isolated_env, run_command
from tui.api.client import encode_credentials
from tui.sandbox import create_app
from tui.sandbox.server import running_server

pytestmark = pytest.mark.slow

TOKEN, SECRET = "tok-Q7v3LeakCheck", "sec-Z9w2LeakCheck-value"
CREDENTIALS = encode_credentials(TOKEN, SECRET)
FORBIDDEN = (TOKEN, SECRET, CREDENTIALS, f"Bearer {CREDENTIALS}", f"Basic {CREDENTIALS}")

#: Runs the command line with `list` replaced by a command that fails in a way no
#: one planned for, with every credential in its message.
CRASHING_LIST = """
import os, sys
import tui.cli.commands as commands
from tui.cli.main import main

async def broken(client, args):
    raise RuntimeError(f"broken {os.environ['EASYCART_SECRET']} {client._bearer} {client._read_auth}")

commands.COMMANDS["list"] = broken
sys.argv = ["easycart-tui", "list", "--token", os.environ["EASYCART_TOKEN"]]
sys.exit(main(sys.argv[1:]))
"""


def _crash(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CRASHING_LIST], capture_output=True, text=True,
                          env=env, input="", timeout=60)


def test_a_whole_session_leaks_no_credential(tmp_path: Path) -> None:
    with running_server(create_app(records=12, token=TOKEN, secret=SECRET)) as url:
        env = isolated_env(tmp_path, url, token=TOKEN, secret=SECRET)
        basic = {**env, "EASYCART_AUTH": "basic"}
        outputs = [run_command(env, "check")]
        listed = run_command(env, "list", "--format", "json")
        first = json.loads(listed.stdout)[0]["download_id"]
        outputs += [listed, run_command(basic, "list"), run_command(env, "list", "--format", "csv")]
        outputs.append(run_command(env, "get", first))
        created = run_command(env, "create", "--set", "product_id=5", "--set", "order_id=6",
                              "--set", "download_file_name=f.zip", "--format", "json")
        new_id = json.loads(created.stdout)["download_id"]
        outputs += [created, run_command(env, "update", new_id, "--set", "download_count=0")]
        outputs += [run_command(env, "delete", new_id, "--yes"),
                    run_command(env, "restore", "--list"), run_command(env, "restore", new_id)]
        failures = [run_command(env, "get", "nosuchid0"),
                    run_command(basic, "update", "nosuchid0", "--set", "order_id=1"),
                    run_command({**env, "EASYCART_URL": url + "/nowhere"}, "list"),
                    _crash(env)]
    assert all(r.returncode == 0 for r in outputs), [r.stderr for r in outputs]
    assert all(r.returncode != 0 for r in failures)
    assert all(r.stderr.count("\n") == 1 and "Traceback" not in r.stderr for r in failures)

    crash = failures[-1]
    assert crash.stderr.startswith("easycart-tui: unexpected error (RuntimeError); the details "
                                   "are in ")
    crash_log = Path(crash.stderr.rstrip().rsplit(" ", 1)[-1])
    assert crash_log.parent.parent == tmp_path / "data"
    assert stat.S_IMODE(crash_log.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700
    details = crash_log.read_text()
    assert "Traceback" in details and "RuntimeError: broken ***" in details

    written = [path.read_text() for path in (tmp_path / "data").rglob("*") if path.is_file()]
    assert len(written) == 2  # the journal and the crash log
    screen = [r.stdout + r.stderr for r in outputs + failures]
    for text in screen + written:
        for forbidden in FORBIDDEN:
            assert forbidden not in text
