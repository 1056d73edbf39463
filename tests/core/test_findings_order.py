"""Telling from the rows a store sends whether it sorted them: by any of the ways a
store's database compares text, in both directions, and "cannot tell" when every
row holds the same value."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fakes import RECORD
from tui.api.models import FIELDS, Download
from tui.core.findings.order import in_order, page_sort, says_little, sort_support, sort_value


def rows(field: str, values: list[Any]) -> list[Download]:
    """Records that differ only in `field` (and their ids, when `field` is another)."""
    made = []
    for number, value in enumerate(values):
        fields = {**RECORD, "download_id": f"id{number:03d}", field: value}
        made.append(Download.model_validate(fields))
    return made


@pytest.mark.parametrize(("values", "ascending", "descending"), [
    ([1, 2, 2, 10], True, False),
    ([10, 2, 2, 1], False, True),
    ([3, 1, 2], False, False),
    ([5, 5, 5], True, True),
    ([7], True, True),
    ([], True, True),
])
def test_numbers_in_order(values: list[int], ascending: bool, descending: bool) -> None:
    assert in_order(values, "ASC") is ascending
    assert in_order(values, "DESC") is descending


def test_numbers_compare_as_numbers_not_as_text() -> None:
    assert in_order([2, 10, 100], "ASC")
    assert not in_order([10, 100, 2], "ASC")


def test_text_in_order_ignoring_case_as_a_store_collation_does() -> None:
    # By code point "Banana" comes before "apple"; a case-insensitive collation puts
    # it between "apple" and "cherry".
    values = ["apple", "Banana", "cherry"]
    assert in_order(values, "ASC")
    assert in_order(list(reversed(values)), "DESC")
    assert not in_order(values, "DESC")


def test_text_in_order_ignoring_punctuation_as_a_store_collation_may() -> None:
    # By code point "a-c" < "ab" ("-" sorts before letters); a collation that
    # passes over punctuation reads "ab" < "ac" < "ad".
    values = ["ab", "a-c", "a_d", "ae.zip"]
    assert in_order(values, "ASC")
    assert in_order(list(reversed(values)), "DESC")


def test_text_in_python_order_still_counts() -> None:
    values = ["B", "_", "a"]  # code points 66 < 95 < 97; neither other way holds them
    assert in_order(values, "ASC")
    assert in_order(list(reversed(values)), "DESC")


def test_text_out_of_every_order() -> None:
    assert not in_order(["banana", "apple", "cherry"], "ASC")
    assert not in_order(["banana", "apple", "cherry"], "DESC")
    assert not in_order(["a.c", "A-B", "ad"], "ASC")  # "ac" > "ab": out however compared


def test_says_little_of_fewer_than_two_rows_or_one_value() -> None:
    assert says_little([])
    assert says_little(["x"])
    assert says_little([3, 3, 3])
    assert not says_little([3, 4])


def test_the_s3_flag_is_compared_as_a_number() -> None:
    records = rows("is_amazon", [False, True])
    assert [sort_value(record, "is_amazon") for record in records] == [0, 1]
    assert page_sort(records, "is_amazon", "ASC") == "honoured"
    assert page_sort(records, "is_amazon", "DESC") == "ignored"


def test_page_sort_of_a_page_in_the_asked_order() -> None:
    records = rows("order_id", [1, 5, 5, 9])
    assert page_sort(records, "order_id", "ASC") == "honoured"
    assert page_sort(list(reversed(records)), "order_id", "DESC") == "honoured"


def test_page_sort_of_a_page_out_of_the_asked_order() -> None:
    records = rows("order_id", [1, 5, 9])
    assert page_sort(records, "order_id", "DESC") == "ignored"
    assert page_sort(rows("order_id", [5, 1, 9]), "order_id", "ASC") == "ignored"


def test_page_sort_of_file_names_ignores_case() -> None:
    records = rows("download_file_name", ["alpha.zip", "Beta.pdf", "gamma.epub"])
    assert page_sort(records, "download_file_name", "ASC") == "honoured"


@pytest.mark.parametrize("values", [[4, 4, 4], [4], []])
def test_page_sort_cannot_tell_from_one_value(values: list[int]) -> None:
    assert page_sort(rows("download_count", values), "download_count", "ASC") == "unknown"
    assert page_sort(rows("download_count", values), "download_count", "DESC") == "unknown"


def test_sort_support_honoured_when_both_directions_are_in_order() -> None:
    ascending = rows("product_id", [1, 2, 3, 4])
    assert sort_support(ascending, list(reversed(ascending)), "product_id") == "honoured"


def test_sort_support_ignored_when_the_default_order_only_happens_to_be_ascending() -> None:
    # A store that ignores the sort answers both ways with its own order; here that
    # order is ascending by the field, so only the descending page gives it away.
    same = rows("product_id", [1, 2, 3, 4])
    assert page_sort(same, "product_id", "ASC") == "honoured"
    assert sort_support(same, same, "product_id") == "ignored"


def test_sort_support_ignored_when_neither_direction_is_in_order() -> None:
    shuffled = rows("order_id", [3, 1, 4, 2])
    assert sort_support(shuffled, shuffled, "order_id") == "ignored"


def test_sort_support_ignored_when_only_descending_is_wrong() -> None:
    ascending = rows("order_id", [1, 2, 3])
    assert sort_support(ascending, rows("order_id", [2, 3, 1]), "order_id") == "ignored"


def test_sort_support_unknown_when_every_value_is_the_same() -> None:
    alike = rows("download_count", [0, 0, 0, 0])
    assert sort_support(alike, alike, "download_count") == "unknown"
    assert sort_support([], [], "download_count") == "unknown"
    assert sort_support(alike[:1], alike[:1], "download_count") == "unknown"


def test_sort_support_from_pages_each_of_one_value_but_different_ones() -> None:
    # Ascending the smallest value, descending the largest: the store did sort.
    assert sort_support(rows("is_amazon", [False] * 3), rows("is_amazon", [True] * 3),
                        "is_amazon") == "honoured"


def test_sort_support_of_text_compared_as_a_collation_does() -> None:
    ascending = rows("amazon_key", ["a-key", "B_key", "c key"])
    assert sort_support(ascending, list(reversed(ascending)), "amazon_key") == "honoured"


@pytest.mark.parametrize("field", FIELDS)
def test_sort_support_reads_every_field(field: str) -> None:
    values: dict[str, list[Any]] = {
        "download_id": ["a1", "b2", "c3"], "date_created": ["2024-01-01 00:00:00",
                                                          "2024-06-01 12:00:00",
                                                          "2025-01-01 00:00:00"],
        "is_amazon": [False, True, True], "download_file_name": ["a", "b", "c"],
        "amazon_key": ["k1", "k2", "k3"],
    }
    ascending = rows(field, values.get(field, [1, 2, 3]))
    assert sort_support(ascending, list(reversed(ascending)), field) == "honoured"
    assert sort_support(ascending, ascending, field) == "ignored"
