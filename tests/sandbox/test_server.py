"""The sandbox over real sockets (loopback only), its latency setting, and its
independence from the UI toolkit."""

from __future__ import annotations

import asyncio
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import httpx
import pytest

from tests.sandbox.support import BASIC, BEARER, assert_error, make_foreign_database, open_client
from tui.sandbox import create_app
from tui.sandbox.server import running_server, serve
from tui.sandbox.store import StoreError

LATENCY_MS = 120


async def test_latency_delays_every_answer_and_can_change_at_run_time() -> None:
    app = create_app(records=5)
    async with open_client(app) as client:
        app.state.latency_ms = LATENCY_MS
        for method, path, headers in (
            ("GET", "/downloads", {}),
            ("GET", "/downloads", {"Authorization": "Bearer nope"}),
            ("GET", "/no-such-route", {}),
        ):
            started = time.perf_counter()
            await asyncio.wait_for(client.request(method, path, headers=headers), 5)
            assert time.perf_counter() - started >= LATENCY_MS / 1000 * 0.95, path


async def test_latency_is_taken_at_construction() -> None:
    async with open_client(create_app(records=5, latency_ms=LATENCY_MS)) as client:
        started = time.perf_counter()
        await asyncio.wait_for(client.post("/authenticate/test"), 5)
        assert time.perf_counter() - started >= LATENCY_MS / 1000 * 0.95


def test_running_server_serves_over_loopback() -> None:
    app = create_app(records=40)
    with running_server(app) as base_url:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base_url)
        with httpx.Client(base_url=base_url, timeout=5, trust_env=False) as client:
            listed = client.get(
                "/downloads", params={"perpage": 10}, headers={"Authorization": BASIC}
            )
            assert listed.status_code == 200 and len(listed.json()) == 10
            created = client.post(
                "/downloads", json={"order_id": 5}, headers={"Authorization": BEARER}
            )
            assert created.status_code == 200 and created.json()["order_id"] == 5
            assert_error(
                client.post("/downloads", json={}, headers={"Authorization": BASIC}),
                400,
                "rest_forbidden",
            )
            assert_error(client.get("/missing"), 404, "rest_no_route")
    with pytest.raises(httpx.ConnectError), httpx.Client(timeout=2, trust_env=False) as client:
        client.get(f"{base_url}/downloads")
    assert not any(thread.name == "sandbox-server" for thread in threading.enumerate())


def read_lines(stream: IO[str], count: int, timeout: float) -> str:
    """Up to `count` lines from a child's output, waiting at most `timeout` seconds."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(stream.readline() for _ in range(count)))
    reader.start()
    reader.join(timeout)
    return "".join(lines)


def test_serve_prints_where_it_listens_and_stops_on_interrupt() -> None:
    code = "from tui.sandbox.server import serve; serve(port=0, records=25)"
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None and process.stderr is not None
            banner = read_lines(process.stdout, 5, timeout=20)
            match = re.search(r"http://127\.0\.0\.1:(\d+)", banner)
            assert match and match.group(1) != "0", banner
            assert "sandbox-token" in banner and "sandbox-secret" in banner
            assert "EASYCART_URL=http://127.0.0.1:" in banner and "easycart-tui list" in banner
            response = httpx.get(
                f"{match.group(0)}/downloads",
                headers={"Authorization": BEARER},
                timeout=5,
                trust_env=False,
            )
            assert response.status_code == 200 and len(response.json()) == 25
            process.send_signal(signal.SIGINT)
            assert process.wait(10) == 0
            assert "Traceback" not in process.stderr.read()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(5)


def test_serve_reports_a_busy_port_before_seeding() -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        out = io.StringIO()
        with pytest.raises(OSError):
            serve(port=busy.getsockname()[1], records=5, out=out)
    assert out.getvalue() == ""


def test_serve_refuses_a_foreign_database_before_listening(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    make_foreign_database(other)
    out = io.StringIO()
    with pytest.raises(StoreError):
        serve(port=0, db=str(other), out=out)
    assert out.getvalue() == ""


def test_the_sandbox_does_not_import_textual() -> None:
    code = (
        "import sys, tui.sandbox, tui.sandbox.server; "
        "sys.exit(1 if any(m.split('.')[0] == 'textual' for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=30, env=os.environ).returncode == 0
