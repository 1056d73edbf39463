"""`easycart-tui sandbox` serves a store other commands can use."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

COMMAND = str(Path(sys.executable).parent / "easycart-tui")


def _read_banner(process: subprocess.Popen[str], lines: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if "EASYCART_URL=" in line:
            return


def test_sandbox_command_serves_and_prints_credentials() -> None:
    process = subprocess.Popen(
        [COMMAND, "sandbox", "--port", "0", "--records", "30", "--token", "tk1",
         "--secret", "sc1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        lines: list[str] = []
        reader = threading.Thread(target=_read_banner, args=(process, lines), daemon=True)
        reader.start()
        reader.join(timeout=30)
        banner = "".join(lines)
        match = re.search(r"http://127\.0\.0\.1:\d+", banner)
        assert match, banner
        assert "tk1" in banner and "sc1" in banner
        env = {**os.environ, "EASYCART_URL": match.group(0), "EASYCART_TOKEN": "tk1",
               "EASYCART_SECRET": "sc1"}
        result = subprocess.run([COMMAND, "list", "--all", "--format", "json"],
                                capture_output=True, text=True, env=env, timeout=60, input="")
        assert result.returncode == 0, result.stderr
        assert len(json.loads(result.stdout)) == 30
    finally:
        process.terminate()
        process.wait(timeout=15)
