"""Keys typed ahead in one burst, as they arrive over SSH, land in the field the
user tabbed to and nowhere else: the add form, the edit form, the one-field edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pty_support import app_on_terminal, sandbox_store

TAB, BACKSPACE, SAVE, DOWN = "\t", "\x7f", "\x13", "\x1b[B"


@pytest.mark.parametrize(("burst", "sent"), [
    # A Backspace before a Tab deletes in its own field, never in the next one.
    (f"1{TAB}2{TAB}{BACKSPACE}99{TAB}x.zip{SAVE}",
     {"product_id": 1, "order_id": 2, "download_count": 99, "download_file_name": "x.zip"}),
    (f"5{TAB}6{TAB}{BACKSPACE}3{TAB}abcdef{SAVE}",
     {"product_id": 5, "order_id": 6, "download_count": 3, "download_file_name": "abcdef"}),
    # Space switches S3 on, and the Tab right after it reaches the key's box.
    (f"5{TAB}6{TAB}{TAB}f.zip{TAB} {TAB}s3/f.zip{SAVE}",
     {"product_id": 5, "order_id": 6, "download_count": 0, "download_file_name": "f.zip",
      "is_amazon": True, "amazon_key": "s3/f.zip"}),
])
def test_a_burst_in_the_add_form_is_saved_as_typed(tmp_path: Path, burst: str,
                                                   sent: dict[str, object]) -> None:
    store = sandbox_store()
    with app_on_terminal(tmp_path, store) as terminal:
        terminal.type("a")
        terminal.wait_for("Add a download")
        terminal.type(burst)
        assert store.wait_for_write() == ("POST", {"is_amazon": False} | sent)


@pytest.mark.parametrize(("opens", "shown", "burst", "sent"), [
    # The edit form: each field selects its value as it gets the focus, typing replaces it.
    ("e", "Edit download", f"{TAB}{TAB}{BACKSPACE}7{TAB}new.zip{SAVE}",
     {"download_count": 7, "download_file_name": "new.zip"}),
    # The one-field edit: the field chosen takes the keys typed right after the choice.
    ("i", "Edit one field", f"{DOWN}{BACKSPACE}renamed.zip\r",
     {"download_file_name": "renamed.zip"}),
], ids=["edit form", "one-field edit"])
def test_a_burst_in_an_edit_changes_only_the_fields_chosen(
    tmp_path: Path, opens: str, shown: str, burst: str, sent: dict[str, object],
) -> None:
    store = sandbox_store()
    with app_on_terminal(tmp_path, store) as terminal:
        terminal.type(opens)
        terminal.wait_for(shown)
        terminal.type(burst)
        _, body = store.wait_for_write()
        assert body == sent
