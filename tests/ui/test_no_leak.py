"""A whole session of the real app with known credentials: the secret, the token and
the Authorization header value appear nowhere — not in anything drawn on the
terminal, and not in any file the app leaves behind."""

from __future__ import annotations

import base64
from pathlib import Path

from tests.pty_support import COMMAND, Terminal
from tui.sandbox import create_app
from tui.sandbox.server import running_server

TOKEN = "tok-Zq81xLk3"
SECRET = "sec-Hy7Wp2Rd9"
WRONG = "sec-Wr0ngPa55"


def _forms(token: str, secret: str) -> list[bytes]:
    encoded = base64.b64encode(f"{token}:{secret}".encode())
    return [token.encode(), secret.encode(), encoded]


def _leaks(data: bytes, needles: list[bytes]) -> list[bytes]:
    return [needle for needle in needles if needle in data]


def test_a_session_shows_and_writes_no_credential(tmp_path: Path) -> None:
    needles = _forms(TOKEN, SECRET) + _forms(TOKEN, WRONG)
    store = create_app(records=60, token=TOKEN, secret=SECRET)
    with running_server(store) as url:
        refused = Terminal([COMMAND, "--url", url, "--token", TOKEN, "--secret", WRONG],
                           home=tmp_path)
        try:
            refused.wait_for(r"refused the credentials")
            refused.type("q")
            assert refused.wait_exit() == 0
        finally:
            refused.close()

        session = Terminal([COMMAND, "--url", url, "--token", TOKEN, "--secret", SECRET],
                           home=tmp_path)
        try:
            session.wait_for(r"page 1 .*50 rows")
            session.type("/pdf\r")
            # the results themselves, not just the request for them
            session.wait_for(
                r"page 1 of 1  │  \d+ rows  │  sort: store order  │  search: “pdf” *\n")
            session.type("\r")
            title = session.wait_for(r"Download ([0-9a-z]+)\s")
            assert title is not None
            download_id = title.group(1)
            session.type("e")
            session.wait_for(rf"Edit download {download_id}")
            session.type("\t\t42")  # to download_count (at most 10 in the sample), replacing it
            session.wait_for(r"Download count\s+42\s")
            session.type("\x13")  # ctrl+s
            session.wait_for(rf"Saved download {download_id[:20]}")
            session.type("d")
            session.wait_for(rf"Delete download {download_id}\w*\?")
            session.type("y")
            session.wait_for(rf"Deleted download {download_id[:20]}")
            session.type("q")
            assert session.wait_exit() == 0
        finally:
            session.close()

    assert _leaks(bytes(refused.raw) + bytes(session.raw), needles) == []
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert "journal.jsonl" in {path.name for path in written}  # the delete was journaled
    for path in written:
        assert _leaks(path.read_bytes(), needles) == [], path
