"""The config file (profiles, one per store; where secrets come from; writing it; the
example of it, example.py), the state file the app and `doctor` keep (state.py), and
the connection made from them (connection.py), the sandbox's in its file of the data
directory (sandbox_file.py).

It may import the store's API (`tui.api`), what the faces share (`tui.core`) and the
sandbox (for `--sandbox`), never Textual or a face (`tui.cli`, `tui.ui`).
`tests/test_imports.py` holds it to that.
"""

from tui.config.errors import ConfigError
from tui.config.load import ENV_CONFIG, ConfigLocation, LoadedConfig, load, locate
from tui.config.model import ConfigFile, Profile
from tui.config.settings import Flags, Settings, Sourced, settings_for

__all__ = [
    "ENV_CONFIG",
    "ConfigError",
    "ConfigFile",
    "ConfigLocation",
    "Flags",
    "LoadedConfig",
    "Profile",
    "Settings",
    "Sourced",
    "load",
    "locate",
    "settings_for",
]
