"""The one error the config layer raises: its message is shown to the user as is."""


class ConfigError(Exception):
    """The config file (or a secret it points to) is unusable; the message names
    the file, the line or key, and the fix. It never holds a secret."""
