"""The crash log: private, and scrubbed of every credential; and the modules that
write local files load no UI."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

from tests.fakes import SECRET, TOKEN
from tui.api import encode_credentials
from tui.core.crashlog import scrub, write_crash_log


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_crash_log_is_private_and_scrubbed(tmp_path: Path) -> None:
    encoded = encode_credentials(TOKEN, SECRET)
    try:
        raise RuntimeError(f"boom with {SECRET} and Bearer {encoded} and {TOKEN}")
    except RuntimeError as exc:
        path = write_crash_log(exc, [TOKEN, SECRET, encoded], tmp_path / "crashes")
    text = path.read_text()
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    assert "Traceback" in text and "RuntimeError: boom with ***" in text
    for secret in (TOKEN, SECRET, encoded):
        assert secret not in text


def test_scrub_replaces_the_longest_secret_first() -> None:
    assert scrub("key=abcdef", ["abc", "abcdef", ""]) == "key=***"


def test_the_journal_and_crash_modules_load_no_ui() -> None:
    probe = ("import sys, tui.core.journal, tui.core.undo, tui.core.writes, tui.core.crashlog\n"
             "assert not any(m.split('.')[0] == 'textual' for m in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
