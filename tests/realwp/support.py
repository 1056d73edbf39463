"""The real WordPress site the realwp tests run against (made by setup.sh): where it
is, how to switch how it behaves, what its database holds, and its access log."""

from __future__ import annotations

import fcntl
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.hostile_support import isolated_env, run_command
from tui.api.models import FIELDS

HERE = Path(__file__).resolve().parent
PORT = int(os.environ.get("REALWP_PORT", "8089"))
SITE = f"http://127.0.0.1:{PORT}"
#: The API root in each form: pretty permalinks, and the form that always works.
ROOTS = {
    "pretty": f"{SITE}/wp-json/wp-easycart/v1",
    "plain": f"{SITE}/?rest_route=/wp-easycart/v1",
}
TOKEN, SECRET = "realwp-token", "realwp-secret-7Hq2"
STATE = Path("/var/lib/easycart-realwp")
ACCESS_LOG = STATE / "apache-access.log"
DATABASE = "easycart_realwp"
#: The table's columns, in order, and the API's name of each.
COLUMNS = ("download_id", "date_created", "product_id", "order_id", "download_count",
           "download_file_name", "is_amazon_download", "amazon_key")
FIELD_COLUMNS = dict(zip(FIELDS, COLUMNS))
#: setup.sh can take minutes (Debian's packages); each switch, a few seconds.
SETUP_SECONDS, SWITCH_SECONDS, SQL_SECONDS = 1500, 60, 30
#: One test at a time uses the site, whichever pytest worker runs it.
LOCK = Path(tempfile.gettempdir()) / f"easycart-realwp-{os.getuid()}.lock"
LOCK_SECONDS = 1800
#: What the commands and the app say once when a plugin prints around the JSON.
PRINTED_TEXT = ("the store adds text to its answers (a plugin prints into them); "
                "it was skipped")
#: setup.sh's exit code when the packages cannot be had here.
CANNOT_INSTALL = 77


@contextmanager
def site_lock() -> Iterator[None]:
    """The site to this process alone, waiting at most `LOCK_SECONDS` for it."""
    with LOCK.open("a") as handle:
        deadline = time.monotonic() + LOCK_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the realwp site stayed busy for {LOCK_SECONDS} s")
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run(tmp_path: Path, url: str, *args: str,
        secret: str = SECRET) -> subprocess.CompletedProcess[str]:
    """`easycart-tui ARGS` in a process of its own against the store at `url`, with its
    config, data and state in `tmp_path`."""
    return run_command(isolated_env(tmp_path, url, secret, TOKEN), *args)


def setup() -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(HERE / "setup.sh")], capture_output=True, text=True,
                          timeout=SETUP_SECONDS, check=False)


def switch(**switches: str | int) -> None:
    """Set the site's switches (see switch.sh); every one not given takes its default."""
    given = [f"{name}={value}" for name, value in switches.items()]
    result = subprocess.run(["bash", str(HERE / "switch.sh"), *given], capture_output=True,
                            text=True, timeout=SWITCH_SECONDS, check=False)
    assert result.returncode == 0, result.stderr


def sql(query: str) -> list[list[str]]:
    """The rows MariaDB itself gives for `query`, each a list of its columns as text."""
    result = subprocess.run(["mysql", "--batch", "--skip-column-names", DATABASE, "-e", query],
                            capture_output=True, text=True, timeout=SQL_SECONDS, check=True)
    return [line.split("\t") for line in result.stdout.splitlines()]


def quoted(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def row(download_id: str) -> dict[str, str] | None:
    """The table's row for `download_id`, column by column; None when there is none."""
    found = sql(f"SELECT * FROM ec_download WHERE download_id = {quoted(download_id)}")
    return dict(zip(COLUMNS, found[0])) if found else None


def ids(order: str = "download_id ASC", where: str = "") -> list[str]:
    """Every id in the table, in `order`."""
    return [found[0] for found in
            sql(f"SELECT download_id FROM ec_download {where} ORDER BY {order}")]


def count() -> int:
    return int(sql("SELECT COUNT(*) FROM ec_download")[0][0])


def as_row(record: dict[str, Any]) -> dict[str, str]:
    """A record as the commands print it in JSON, as the table's row would hold it."""
    shown = {}
    for field, value in record.items():
        if isinstance(value, bool):
            value = int(value)
        shown[FIELD_COLUMNS[field]] = "" if value is None else str(value)
    return shown


class AccessLog:
    """The requests Apache logs from now on."""

    def __init__(self) -> None:
        self.start = ACCESS_LOG.stat().st_size if ACCESS_LOG.exists() else 0

    def requests(self, words: str = "") -> list[str]:
        """Each request line logged since, holding `words`."""
        with ACCESS_LOG.open(encoding="utf-8", errors="replace") as log:
            log.seek(self.start)
            return [line for line in log.read().splitlines() if words in line]
