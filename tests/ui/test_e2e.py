"""The real `easycart-tui` command in a pseudo-terminal, against a sandbox served
on a loopback port: find a download, fix its count, quit, and check the store."""

from __future__ import annotations

import asyncio
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pty_support import COMMAND, WAIT, Terminal
from tui.api.client import DownloadsClient
from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN

pytestmark = pytest.mark.slow


@pytest.fixture
def served_sandbox() -> Iterator[str]:
    """`easycart-tui sandbox` on a free port; its base URL."""
    process = subprocess.Popen(
        [COMMAND, "sandbox", "--port", "0", "--records", "120"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    found: list[str] = []

    def read_banner() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if match := re.search(r"http://127\.0\.0\.1:\d+", line):
                found.append(match.group(0))
                return

    reader = threading.Thread(target=read_banner, daemon=True)
    reader.start()
    reader.join(timeout=WAIT)
    try:
        assert found, "the sandbox did not print its URL"
        yield found[0]
    finally:
        process.terminate()
        process.wait(timeout=WAIT)


def test_find_fix_and_quit_in_a_real_terminal(served_sandbox: str, tmp_path: Path) -> None:
    terminal = Terminal([COMMAND, "--url", served_sandbox, "--token", DEFAULT_TOKEN,
                         "--secret", DEFAULT_SECRET], home=tmp_path)
    try:
        terminal.wait_for(r"page 1 .*50 rows")
        terminal.type("n")
        terminal.wait_for(r"page 2 .*50 rows")
        terminal.type("/seo")
        terminal.wait_for(r"page 1 of 1  │  \d+ rows  │  sort: store order  │  search: “seo” *\n")
        terminal.type("\r")  # apply now, back to the table
        terminal.wait_for(r"▁{20}", present=False)  # the search box has gone
        terminal.type("\r")  # open the record under the cursor
        title = terminal.wait_for(r"Download ([0-9a-z]+)\s")
        assert title is not None
        download_id = title.group(1)
        terminal.wait_for(r"Download count")
        terminal.type("e")
        terminal.wait_for(rf"Edit download {download_id}")
        terminal.type("\t\t77")  # to download_count, replacing its text
        terminal.wait_for(r"Download count\s+77")
        terminal.type("\x13")  # ctrl+s
        terminal.wait_for(rf"Saved download {download_id[:20]}")
        terminal.wait_for(r"Download count\s+77")  # back on the detail screen, as saved
        terminal.type("q")  # closes the detail screen
        terminal.wait_for(r"sort: store order")
        terminal.type("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()

    async def held() -> int:
        async with DownloadsClient(served_sandbox, DEFAULT_TOKEN, DEFAULT_SECRET) as client:
            return (await client.get(download_id)).download_count

    assert asyncio.run(held()) == 77
