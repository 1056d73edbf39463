"""The interactive face: the Textual app, its screens, widgets, styles and keys.

The only package that imports Textual. It may import the API (`tui.api`), what the
faces share (`tui.core`) and the config and connection (`tui.config`), never the
command line (`tui.cli`). `tests/test_imports.py` holds it to that.
"""
