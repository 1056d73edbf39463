"""The rules a download's writable fields must meet, wherever a value is typed:
the form, the one-field edit, bulk set, and the `create` / `update` commands.

One set, so a value refused in one place is refused in all of them, in the same
plain sentence naming the field. Values arrive as the user typed them (text);
what comes out is what may be sent. No UI imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui.api.models import INTEGER_FIELDS, MAX_STORED_NUMBER, Download
from tui.core.fields import LABELS
from tui.core.text import shorten, visible

#: What a command line may say for "On Amazon S3".
YES = frozenset({"yes", "y", "true", "1", "on"})
NO = frozenset({"no", "n", "false", "0", "off"})
#: Fields a new download cannot do without (the count starts at 0, S3 off).
NEEDED_TO_ADD: tuple[str, ...] = ("product_id", "order_id", "download_file_name")


class Refused(ValueError):
    """A value breaks a rule; `str()` is the sentence to show, `field` where."""

    def __init__(self, field: str, sentence: str) -> None:
        super().__init__(sentence)
        self.field = field


def parse_value(field: str, text: str) -> int | str | bool:
    """The value to send for `field` when the user typed `text`; raises `Refused`."""
    if field in INTEGER_FIELDS:
        return _number(field, text)
    if field == "is_amazon":
        answer = text.strip().lower()
        if answer not in YES | NO:
            raise Refused(field, f"{LABELS[field]} takes yes or no, not "
                                 f"“{shorten(visible(text), 20)}”.")
        return answer in YES
    return text


def _number(field: str, text: str) -> int:
    digits, label = text.strip(), LABELS[field]
    if not digits:
        raise Refused(field, f"{label} is needed: a whole number, 0 or more.")
    if digits.startswith("-") and _all_digits(digits[1:]):
        raise Refused(field, f"{label} cannot be negative.")
    if not _all_digits(digits):
        odd = next(char for char in digits if not _all_digits(char))
        raise Refused(field, f"{label} takes digits only: “{shorten(visible(digits), 20)}” "
                             f"has “{visible(odd)}” in it.")
    if len(digits.lstrip("0")) > len(f"{MAX_STORED_NUMBER}") or int(digits) > MAX_STORED_NUMBER:
        raise Refused(field, f"{label} is too large: the store holds at most "
                             f"{MAX_STORED_NUMBER:,}.")
    return int(digits)


def _all_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def change_problems(changes: Mapping[str, Any], before: Download | None, *,
                    adding: bool = False) -> dict[str, str]:
    """What is wrong with writing `changes` (parsed values), by field: to a new
    download when `adding`, else over the record `before` (which may be None when
    the change touches neither S3 field). Only what the change touches is judged:
    an old record without a file name can still have its count reset."""
    problems: dict[str, str] = {}
    if adding:
        for field in NEEDED_TO_ADD:
            if field not in changes:
                problems[field] = f"{LABELS[field]} is needed to add a download."
    name = changes.get("download_file_name")
    if name is not None and not str(name).strip():
        problems["download_file_name"] = "A download needs a file name."
    if {"is_amazon", "amazon_key"} & set(changes):
        on_s3 = changes.get("is_amazon", before.is_amazon if before else False)
        key = changes.get("amazon_key", before.amazon_key if before else "")
        if on_s3 and not str(key).strip():
            problems["amazon_key"] = "A download on Amazon S3 needs its S3 key."
    return problems
