"""The example config file, which sets and explains every key, and writing it for
`config init --example`.

The wheel carries it as `tui/config/example.toml`, so an installed copy (with pip or
pipx) has it too; run from a checkout (an editable install), the copy at the top of
the checkout is the one.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from tui.config.errors import ConfigError
from tui.core.userdata import create_private, replace_private

SHIPPED_NAME = "example.toml"
CHECKOUT_FILE = Path(__file__).resolve().parents[2] / "config.example.toml"


def example_text() -> str:
    """The example config file's text."""
    shipped = resources.files(__package__).joinpath(SHIPPED_NAME)
    try:
        if shipped.is_file():
            return shipped.read_text(encoding="utf-8")
        return CHECKOUT_FILE.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"the example config file is missing from this installation "
                          f"({exc.strerror or exc}): reinstall easycart-tui") from None


def write_example(path: Path, *, force: bool = False) -> None:
    """Write the example to `path`, readable by its owner alone (0600, in 0700
    directories it creates); a file already there is replaced only with `force`.
    A symlinked config file stays a symlink: its target is what gets replaced."""
    text = example_text()
    try:
        if force and path.exists():
            replace_private(path.resolve(), text)
        else:
            create_private(path, text)
    except FileExistsError:
        raise ConfigError(f"config init --example: {path} already exists; nothing was "
                          f"written (--force replaces it with the example)") from None
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None
