"""The state file: findings kept per store, private, replaced whole, apart from the
config file; one that cannot be read costs only what was learned."""

from __future__ import annotations

import fcntl
import os
import stat
import threading
import tomllib
from pathlib import Path

import pytest

from tests.config.support import URL, found
from tui.config.connection import Connection, sandbox_connection
from tui.core.findings.model import store_key
from tui.config.state import ENV_STATE, FILE_NAME, StateFile, state_dir

OTHER_URL = "https://other.example.com/wp-json/wp-easycart/v1"
#: Every join in these tests waits at most this long.
JOIN_SECONDS = 10


@pytest.fixture
def state(tmp_path: Path) -> StateFile:
    return StateFile(tmp_path / "state" / FILE_NAME)


def test_a_missing_file_holds_no_findings_and_reading_creates_nothing(state: StateFile) -> None:
    assert state.findings("profile:shop", URL) is None
    assert not state.path.parent.exists()


def test_saved_findings_are_read_back(state: StateFile) -> None:
    state.save_findings("profile:shop", found())
    assert state.findings("profile:shop", URL) == found()
    back = state.findings("profile:shop", URL)
    assert back is not None
    assert back.sort_of("amazon_key") == "ignored" and back.sorts_on_screen("amazon_key")
    assert back.sort_of("download_count") == "unknown"
    assert not back.sorts_on_screen("order_id")


def test_what_was_not_found_out_is_left_out_of_the_file(state: StateFile) -> None:
    state.save_findings("profile:shop", found(perpage_cap=None, writes=None))
    table = tomllib.loads(state.path.read_text())["stores"]["profile:shop"]["findings"]
    assert "perpage_cap" not in table and "writes" not in table
    assert state.findings("profile:shop", URL) == found(perpage_cap=None)


def test_the_file_and_its_directory_are_private(state: StateFile) -> None:
    state.save_findings("profile:shop", found())
    assert stat.S_IMODE(state.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(state.path.parent.stat().st_mode) == 0o700
    state.path.chmod(0o644)
    state.save_findings("profile:shop", found(perpage_cap=20))  # replaced: private again
    assert stat.S_IMODE(state.path.stat().st_mode) == 0o600
    leftovers = {path.name for path in state.path.parent.iterdir()}
    assert leftovers == {FILE_NAME, f".{FILE_NAME}.lock"}  # no temporary file left


def test_the_lock_file_is_private(state: StateFile) -> None:
    state.save_findings("profile:shop", found())
    lock = state.path.with_name(f".{FILE_NAME}.lock")
    assert lock.exists()
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600


def test_the_file_is_replaced_while_the_lock_is_held(
    state: StateFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.config.state

    lock_path = state.path.with_name(f".{FILE_NAME}.lock")
    written: list[Path] = []
    replace = tui.config.state.replace_private

    def replace_under_lock(path: Path, text: str) -> None:
        other = os.open(lock_path, os.O_RDWR)
        try:  # another process would have to wait
            with pytest.raises(BlockingIOError):
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(other)
        written.append(path)
        replace(path, text)

    monkeypatch.setattr(tui.config.state, "replace_private", replace_under_lock)
    state.save_findings("profile:shop", found())
    assert written == [state.path]
    after = os.open(lock_path, os.O_RDWR)
    try:  # and released once saved
        fcntl.flock(after, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(after)


def test_saves_from_several_threads_at_once_lose_no_store(state: StateFile) -> None:
    keys = [f"profile:shop{number}" for number in range(8)]
    threads = [threading.Thread(target=state.save_findings, args=(key, found(perpage_cap=n + 1)))
               for n, key in enumerate(keys)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_SECONDS)
    assert not any(thread.is_alive() for thread in threads)
    for n, key in enumerate(keys):
        kept = state.findings(key, URL)
        assert kept is not None and kept.perpage_cap == n + 1


def test_two_stores_are_kept_side_by_side(state: StateFile) -> None:
    state.save_findings("profile:shop", found())
    state.save_findings(f"url:{OTHER_URL}", found(OTHER_URL, perpage_cap=100))
    assert state.findings("profile:shop", URL) == found()
    assert state.findings(f"url:{OTHER_URL}", OTHER_URL) == found(OTHER_URL, perpage_cap=100)
    assert set(tomllib.loads(state.path.read_text())["stores"]) == {"profile:shop",
                                                                    f"url:{OTHER_URL}"}


def test_a_save_replaces_that_stores_findings_whole(state: StateFile) -> None:
    state.save_findings("profile:shop", found())
    state.save_findings("profile:shop", found(sorts={"order_id": "ignored"}, search={}))
    kept = state.findings("profile:shop", URL)
    assert kept is not None
    assert kept.sorts == {"order_id": "ignored"} and kept.search == {}


def test_findings_made_at_another_api_root_are_not_given(state: StateFile) -> None:
    # The profile now names another store: what was found of the old one is stale.
    state.save_findings("profile:shop", found())
    assert state.findings("profile:shop", OTHER_URL) is None
    assert state.findings("profile:shop", URL) == found()
    assert state.findings("profile:other", URL) is None


@pytest.mark.parametrize("text", [
    "this is = not [ toml",
    "\xff\xfe binary",
    'stores = "a string"',
    "[stores]\n'profile:shop' = 5\n",
    "[stores.'profile:shop']\nfindings = 5\n",
    "[stores.'profile:shop'.findings]\nurl = 5\n",
    f"[stores.'profile:shop'.findings]\nurl = \"{URL}\"\nperpage_cap = 500\n",
    f"[stores.'profile:shop'.findings]\nurl = \"{URL}\"\nsorts = {{order_id = \"maybe\"}}\n",
])
def test_a_broken_file_holds_no_findings_and_a_save_replaces_it(
    state: StateFile, text: str
) -> None:
    state.path.parent.mkdir(mode=0o700)
    state.path.write_bytes(text.encode("latin-1"))
    assert state.findings("profile:shop", URL) is None
    state.save_findings("profile:shop", found())
    assert state.findings("profile:shop", URL) == found()


def test_a_broken_entry_does_not_cost_the_other_stores(state: StateFile) -> None:
    state.save_findings("profile:shop", found())
    with state.path.open("a", encoding="utf-8") as stream:
        stream.write("\n[stores.'profile:broken']\nfindings = 5\n")
    assert state.findings("profile:shop", URL) == found()
    assert state.findings("profile:broken", URL) is None
    state.save_findings("profile:broken", found())
    assert state.findings("profile:broken", URL) == found()
    assert state.findings("profile:shop", URL) == found()


def test_what_else_the_file_holds_is_kept(state: StateFile) -> None:
    state.path.parent.mkdir(mode=0o700)
    state.path.write_text("[stores.'profile:shop']\nnote = \"kept\"\n")
    state.save_findings("profile:shop", found())
    assert tomllib.loads(state.path.read_text())["stores"]["profile:shop"]["note"] == "kept"


def test_an_unwritable_place_raises_os_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(OSError):
        StateFile(blocker / FILE_NAME).save_findings("profile:shop", found())


def test_the_state_dir_follows_its_variable(tmp_path: Path) -> None:
    assert state_dir({ENV_STATE: str(tmp_path / "elsewhere")}) == tmp_path / "elsewhere"
    assert state_dir({ENV_STATE: "~/st"}) == Path("~/st").expanduser()
    default = state_dir({ENV_STATE: "   "})
    assert default == state_dir({}) and default.name == "easycart-tui"
    assert StateFile.default({ENV_STATE: str(tmp_path)}).path == tmp_path / FILE_NAME


def test_the_tests_state_file_is_not_the_users(private_data_dir: Path) -> None:
    assert StateFile.default().path == private_data_dir / "state" / FILE_NAME


def test_store_keys() -> None:
    assert store_key(profile="shop", url=URL) == "profile:shop"
    assert store_key(profile=None, url=URL) == f"url:{URL}"
    assert store_key(profile="shop", url=URL, sandbox="wordpress") == "sandbox:wordpress"


@pytest.mark.parametrize(("connection", "key"), [
    (Connection(URL + "/", "t", "s", profile="shop"), "profile:shop"),
    (Connection(URL + "/", "t", "s"), f"url:{URL}"),
    (Connection("https://shop.example.com/?rest_route=/wp-easycart/v1", "t", "s"),
     "url:https://shop.example.com/?rest_route=/wp-easycart/v1"),
    (sandbox_connection("plain"), "sandbox:plain"),
    (sandbox_connection("wordpress"), "sandbox:wordpress"),
])
def test_a_connections_store_key(connection: Connection, key: str) -> None:
    assert connection.store_key() == key


