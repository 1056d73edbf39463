"""The scripting face: the command line, its commands, `doctor`, and launching the app.

It may import the API (`tui.api`), what the faces share (`tui.core`), the config and
the connection (`tui.config`) and the sandbox it serves. It never imports Textual or
the app (`tui.ui`): `tui.cli.launch` loads the app by name, only to run it, so no
command but the app's own pays for Textual. `tests/test_imports.py` holds it to that.
"""
