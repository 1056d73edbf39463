"""`config.example.toml` is a valid config file that sets and explains every key."""

from __future__ import annotations

import re

from tests.conftest import EXAMPLE_CONFIG
from tui.config import ConfigFile, ConfigLocation, Profile, load
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
