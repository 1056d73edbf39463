"""What the two faces (the app and the commands) share: the records' fields and
rules, the filter language, paging and the page cache, bulk runs, the journal of
writes and undo, export and the output writers, the findings about a store, dates,
text, and the app's own data directory (where the journal and crash logs live).

It may import the store's API (`tui.api`) and itself, never Textual, argparse, the
config (`tui.config`, which builds on it) or a face (`tui.cli`, `tui.ui`): a face
imports it, not the other way round. `tests/test_imports.py` holds it to that.
"""
