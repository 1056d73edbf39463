"""What the two faces (the app and the commands) share: the rules of the records
and the work done on sets of them.

It may import the store's API (`tui.api`) and the UI-free modules beside it, but
never Textual, argparse, or a face (`tui.cli`, `tui.commands`, the app's modules):
a face imports it, not the other way round. `tests/test_imports.py` holds it to that.
"""
