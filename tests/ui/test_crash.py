"""An unexpected error in the app: one plain line naming a private crash log, which
holds the details with the credentials scrubbed out."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.conftest import FIXED_NOW
from tests.ui.support import started
from tui.ui.app import app_for
from tui.config.connection import sandbox_connection


async def test_a_crash_writes_a_scrubbed_private_log(
    private_data_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    connection = sandbox_connection()
    token, secret = connection.token, connection.secret
    app = app_for(connection, clock=lambda: FIXED_NOW, cursor_blink=False)

    def explode() -> None:
        raise RuntimeError(f"boom while holding {secret} and {token}")

    with pytest.raises(RuntimeError):  # a test run hands the error back after the app ends
        async with app.run_test(size=(100, 30)) as pilot:
            await started(pilot)
            app.call_later(explode)
            await pilot.pause()
    printed = capfd.readouterr()
    said = " ".join((printed.out + printed.err).split())  # the line, unwrapped
    assert "stopped after an unexpected problem (RuntimeError)" in said
    logs = list((private_data_dir / "crashes").glob("crash-*.log"))
    assert logs == [app.crash_log]
    assert "The details are in the crash log named below." in said
    text = logs[0].read_text()
    assert "boom while holding *** and ***" in text and "Traceback" in text
    assert secret not in text and token not in text and secret not in said
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600
