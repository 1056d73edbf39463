"""easycart-tui: manage a WP EasyCart store's Downloads from the terminal."""

__version__ = "0.1.0"
