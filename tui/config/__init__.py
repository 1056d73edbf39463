"""The config file: profiles (one per store), where secrets come from, and writing it.

Imports no Textual, so the scripting commands can use it.
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
