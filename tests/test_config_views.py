"""Saved views in the config file: read strictly, a bad one only warned about, and
written back without losing anything else in the file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.config_support import write_config
from tui.config import ConfigError, ConfigLocation, load
from tui.config.model import View
from tui.config.views import ViewMemory

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
    for word in words:
        assert word in warning, warning


def test_a_view_that_is_not_a_table_is_a_warning(tmp_path: Path) -> None:
    path = write_config(tmp_path / "config.toml", "[sandbox]\nview = 3\n")
    (warning,) = _load(path).warnings
    assert "[sandbox.view] is not usable (it must be a table)" in warning


def test_saving_merges_into_the_file_and_keeps_the_rest(tmp_path: Path) -> None:
    path = write_config(tmp_path / "config.toml", PROFILE + '\n[keys]\n"app.help" = "f1"\n',
                        mode=0o644)
    memory = ViewMemory.for_profile(path, "live")
    memory.save({"perpage": 25}, 1)
    memory.save({"perpage": 25, "sortby": "order_id", "sortdir": "ASC"}, 2)
    memory.save({"perpage": 100}, 1)  # an older save that finished late is skipped
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    assert document["profiles"]["live"]["view"] == {
        "perpage": 25, "sortby": "order_id", "sortdir": "ASC"}
    assert document["profiles"]["live"]["secret_env"] == "LIVE_SECRET"
    assert document["keys"] == {"app.help": "f1"} and document["default_profile"] == "live"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert _load(path).config.profiles["live"].view == View(perpage=25, sortby="order_id",
                                                            sortdir="ASC")


def test_saving_replaces_a_bad_view_and_creates_a_missing_file(tmp_path: Path) -> None:
    path = write_config(tmp_path / "config.toml", '[sandbox.view]\nperpage = "x"\ncolour = 1\n')
    ViewMemory.for_sandbox(path).save({"theme": "nord"}, 1)
    assert tomllib.loads(path.read_text())["sandbox"] == {"view": {"theme": "nord"}}
    fresh = tmp_path / "new" / "config.toml"
    ViewMemory.for_sandbox(fresh).save({"perpage": 10}, 1)
    assert _load(fresh).config.sandbox.view == View(perpage=10)
    assert stat.S_IMODE(os.stat(fresh.parent).st_mode) == 0o700


def test_saving_into_a_file_that_is_not_toml_is_a_config_error(tmp_path: Path) -> None:
    path = write_config(tmp_path / "config.toml", "this is = = not toml\n")
    with pytest.raises(ConfigError, match="TOML syntax error"):
        ViewMemory.for_sandbox(path).save({"perpage": 10}, 1)
    assert path.read_text() == "this is = = not toml\n"


def test_writing_is_not_imported_until_a_view_is_saved() -> None:
    probe = ("import sys\nimport tui.cli, tui.app, tui.config.views, tui.screens.downloads\n"
             "print('tomli_w' in sys.modules, 'tui.keymap' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=False, timeout=60)
    assert result.stdout.split() == ["False", "False"], result.stderr
