"""`config.example.toml` is a valid config file that sets and explains every key;
`config init --example` writes it, from the installed package or the checkout."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CONFIG
from tests.config.support import default_config, isolate, one_line_error, run_main, write_config
from tui.config import ConfigError, ConfigFile, ConfigLocation, Profile, example, load
from tui.config.example import SHIPPED_NAME, example_text
from tui.config.model import View



def test_the_example_loads() -> None:
    loaded = load(ConfigLocation(EXAMPLE_CONFIG, "--config", explicit=True))
    assert loaded.config.default_profile in loaded.config.profiles
    assert len(loaded.config.profiles) >= 2


def test_every_key_is_set_and_explained() -> None:
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    comments = " ".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    tables = {"profiles": r"^\[profiles\.", "keys": r"^\[keys\]", "sandbox": r"^\[sandbox\.",
              "view": r"^\[profiles\.\w+\.view\]"}
    for key in [*ConfigFile.model_fields, *Profile.model_fields, *View.model_fields]:
        setting = tables.get(key, rf"^{key}\s*=")
        assert re.search(setting, text, re.MULTILINE), f"{key} is not set in the example"
        assert re.search(rf"\b{key}\b", comments), f"{key} is not explained in a comment"


def test_config_init_example_writes_it_privately(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    isolate(monkeypatch, tmp_path)
    result = run_main(capsys, "config", "init", "--example")
    assert result.returncode == 0, result.stderr
    path = default_config(tmp_path)
    assert path.read_text(encoding="utf-8") == EXAMPLE_CONFIG.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert result.stdout.startswith(f"Wrote the example config file to {path}: ")


def test_an_existing_config_file_is_replaced_only_with_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    isolate(monkeypatch, tmp_path)
    path = write_config(tmp_path / "mine.toml", "# my own\n", mode=0o644)
    refused = run_main(capsys, "config", "init", "--example", "--config", str(path))
    assert one_line_error(refused) == (
        f"easycart-tui: config init --example: {path} already exists; nothing was written "
        f"(--force replaces it with the example)\n")
    assert path.read_text(encoding="utf-8") == "# my own\n"
    forced = run_main(capsys, "config", "init", "--example", "--force", "--config", str(path))
    assert forced.returncode == 0, forced.stderr
    assert path.read_text(encoding="utf-8") == EXAMPLE_CONFIG.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_force_alone_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    isolate(monkeypatch, tmp_path)
    result = run_main(capsys, "config", "init", "--force")
    assert "--force goes with --example" in one_line_error(result)
    assert not default_config(tmp_path).exists()


def test_the_copy_in_the_package_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / SHIPPED_NAME).write_text("# as shipped\n", encoding="utf-8")
    monkeypatch.setattr(example.resources, "files", lambda package: tmp_path)
    assert example_text() == "# as shipped\n"


def test_without_either_copy_it_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(example.resources, "files", lambda package: tmp_path)
    monkeypatch.setattr(example, "CHECKOUT_FILE", tmp_path / "config.example.toml")
    with pytest.raises(ConfigError, match="^the example config file is missing from this "
                       r"installation \(No such file or directory\): reinstall easycart-tui$"):
        example_text()
