"""Saved views: a `view` table in the config file is read strictly (a bad one only
warned about) and never written; the app remembers views in its state file, per
store, where the remembered one wins."""

from __future__ import annotations

import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.config.support import write_config
from tui.config import ConfigLocation, load
from tui.config.model import View
from tui.config.connection import Connection, sandbox_connection
from tui.config.state import FILE_NAME, StateFile, ViewMemory, with_remembered_view

PROFILE = """default_profile = "live"

[profiles.live]
base_url = "https://live.example.com/api"
token = "t"
secret_env = "LIVE_SECRET"
perpage = 10
"""


def _load(path: Path):
    return load(ConfigLocation(path, "--config", explicit=True))


def test_a_saved_view_is_read(tmp_path: Path) -> None:
    path = write_config(tmp_path / "config.toml", PROFILE + """
[profiles.live.view]
columns = ["amazon_key", "download_id"]
sortby = "order_id"
sortdir = "DESC"
perpage = 25
theme = "nord"

[sandbox.view]
perpage = 100
""")
    loaded = _load(path)
    assert loaded.config.profiles["live"].view == View(
        columns=["download_id", "amazon_key"], sortby="order_id", sortdir="DESC", perpage=25,
        theme="nord")
    assert loaded.config.sandbox.view == View(perpage=100)
    assert loaded.warnings == ()


@pytest.mark.parametrize(
    ("view", "words"),
    [
        ('columns = ["order_id"]', ["line 10", "must include 'download_id'"]),
        ('columns = ["download_id", "colour"]', ["line 10", "unknown column 'colour'"]),
        ("perpage = 0", ["line 10", "perpage"]),
        ('sortdir = "UP"', ["line 10", "sortdir"]),
        ('perpage = "25"', ["line 10", "perpage"]),
        ("zoom = 2", ["line 10", "unknown key 'zoom'"]),
    ],
    ids=["no-id", "unknown-column", "perpage-range", "sortdir", "perpage-type", "unknown-key"],
)
def test_a_bad_view_is_a_warning_and_the_defaults(tmp_path: Path, view: str,
                                                  words: list[str]) -> None:
    path = write_config(tmp_path / "config.toml", PROFILE + f"\n[profiles.live.view]\n{view}\n")
    loaded = _load(path)
    assert loaded.config.profiles["live"].view is None
    assert loaded.config.profiles["live"].perpage == 10
    (warning,) = loaded.warnings
    assert "the saved view [profiles.live.view] is not usable" in warning
    assert warning.endswith("so remove the table from the config file")
    for word in words:
        assert word in warning, warning


def test_a_view_that_is_not_a_table_is_a_warning(tmp_path: Path) -> None:
    path = write_config(tmp_path / "config.toml", "[sandbox]\nview = 3\n")
    (warning,) = _load(path).warnings
    assert "[sandbox.view] is not usable (it must be a table)" in warning


@pytest.fixture
def state(tmp_path: Path) -> StateFile:
    return StateFile(tmp_path / "state" / FILE_NAME)


def _saved(state: StateFile) -> dict[str, object]:
    """Each store's table, but for when it was last used (which test_state_file checks)."""
    stores = tomllib.loads(state.path.read_text(encoding="utf-8"))["stores"]
    return {key: {name: value for name, value in table.items() if name != "used"}
            for key, table in stores.items()}


def test_saving_merges_into_the_state_file_and_the_last_change_wins(state: StateFile) -> None:
    memory = ViewMemory(state, "profile:live")
    memory.save({"perpage": 25}, 1)
    memory.save({"perpage": 25, "sortby": "order_id", "sortdir": "ASC"}, 2)
    memory.save({"perpage": 100}, 1)  # an older save that finished late is skipped
    assert _saved(state) == {"profile:live": {"view": {
        "perpage": 25, "sortby": "order_id", "sortdir": "ASC"}}}
    assert stat.S_IMODE(state.path.stat().st_mode) == 0o600
    assert memory.view() == View(perpage=25, sortby="order_id", sortdir="ASC")


def test_the_first_change_is_saved_on_top_of_the_legacy_view(state: StateFile) -> None:
    legacy = View(columns=["download_id", "order_id"], perpage=25, theme="nord")
    memory = ViewMemory(state, "profile:live", legacy=legacy)
    assert memory.view() == legacy  # nothing remembered yet
    memory.save({"sortby": "order_id", "sortdir": "DESC", "perpage": 100}, 1)
    remembered = View(columns=["download_id", "order_id"], perpage=100, theme="nord",
                      sortby="order_id", sortdir="DESC")
    assert memory.view() == remembered
    # From now on the state file's view wins, whatever the legacy table says.
    assert ViewMemory(state, "profile:live", legacy=View(perpage=10)).view() == remembered


def test_views_and_findings_of_stores_are_kept_apart(state: StateFile) -> None:
    from tui.core.findings.model import Findings

    state.save_findings("profile:live", Findings(url="https://shop.example.com/api"))
    ViewMemory(state, "profile:live").save({"theme": "nord"}, 1)
    ViewMemory(state, "profile:other").save({"perpage": 10}, 1)
    ViewMemory(state, "sandbox:plain").save({"sortby": "order_id"}, 1)
    saved = _saved(state)
    assert saved["profile:live"]["view"] == {"theme": "nord"}  # type: ignore[index]
    assert "findings" in saved["profile:live"]  # type: ignore[operator]
    assert saved["profile:other"] == {"view": {"perpage": 10}}
    assert saved["sandbox:plain"] == {"view": {"sortby": "order_id"}}
    assert state.view("sandbox:wordpress") is None


@pytest.mark.parametrize("view", ["5", '{perpage = "x", colour = 1}', '{columns = ["order_id"]}'])
def test_a_bad_view_in_the_state_file_is_not_used_and_is_replaced(state: StateFile,
                                                                  view: str) -> None:
    state.path.parent.mkdir(mode=0o700)
    state.path.write_text(f"[stores.'profile:live']\nview = {view}\n", encoding="utf-8")
    memory = ViewMemory(state, "profile:live", legacy=View(theme="nord"))
    assert memory.view() == View(theme="nord")
    memory.save({"perpage": 10}, 1)
    assert _saved(state) == {"profile:live": {"view": {"theme": "nord", "perpage": 10}}}


def test_an_unwritable_state_file_raises_os_error(tmp_path: Path) -> None:
    (tmp_path / "not-a-dir").write_text("")
    memory = ViewMemory(StateFile(tmp_path / "not-a-dir" / FILE_NAME), "sandbox:plain")
    with pytest.raises(OSError):
        memory.save({"perpage": 10}, 1)


def test_the_view_remembered_for_a_connection(state: StateFile) -> None:
    legacy = View(perpage=25)
    flags_only = Connection("https://shop.example.com/api", "t", "s", view=legacy)
    assert with_remembered_view(flags_only, state) == (flags_only, None)  # not remembered
    named = Connection("https://shop.example.com/api", "t", "s", profile="live", view=legacy)
    ViewMemory(state, "profile:live").save({"theme": "nord"}, 1)
    connection, memory = with_remembered_view(named, state)
    assert memory is not None and memory.key == "profile:live" and memory.legacy == legacy
    assert connection.view == View(theme="nord") and connection.profile == "live"
    sandbox, memory = with_remembered_view(sandbox_connection("wordpress"), state)
    assert memory is not None and memory.key == "sandbox:wordpress" and sandbox.view is None


def test_writing_is_not_imported_until_a_view_is_saved() -> None:
    probe = ("import sys\n"
             "import tui.cli.main, tui.ui.app, tui.config.state, tui.ui.screens.downloads\n"
             "print('tomli_w' in sys.modules, 'tomlkit' in sys.modules, "
             "'tui.ui.keymap' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=False, timeout=60)
    assert result.stdout.split() == ["False", "False", "False"], result.stderr
