"""The filter language: what a term means, what is refused and how it is said, and
what is sent to narrow on the store."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.fakes import RECORD
from tui.api.models import Download
from tui.core.filters import FilterError, parse_box, parse_term, parse_terms, parse_where


def record(**values: object) -> Download:
    return Download.model_validate({**RECORD, **values})


def matching(text: str, *records: Download) -> list[Download]:
    found = parse_box(text)
    return [item for item in records if found.matches(item)]


@pytest.mark.parametrize("text", ["product=14", "product_id=14", "PRODUCT = 14", "Product_ID=014"])
def test_a_field_goes_by_its_header_or_its_api_name_in_any_case(text: str) -> None:
    fourteen, other = record(product_id=14), record(product_id=140)
    assert matching(text, fourteen, other) == [fourteen]


def test_numbers_compare_as_numbers_though_a_wordpress_store_sends_text() -> None:
    nine, twelve = record(download_count="9"), record(download_count="12")
    assert matching("count>10", nine, twelve) == [twelve]
    assert matching("count<=9", nine, twelve) == [nine]
    assert matching("count!=12", nine, twelve) == [nine]


def test_a_date_names_its_whole_span() -> None:
    december = record(date_created="2024-12-31 23:59:59")
    new_year = record(date_created="2025-01-01 00:00:00")
    later = record(date_created="2025-02-03 10:20:30")
    assert matching("created>=2025-01-01", december, new_year, later) == [new_year, later]
    assert matching("created=2025-01", december, new_year, later) == [new_year]
    assert matching("created<2025", december, new_year, later) == [december]
    assert matching("created>2025-01", december, new_year, later) == [later]
    assert matching("created=2025-02-03T10:20", december, new_year, later) == [later]


def test_an_unreadable_date_meets_no_date_term_but_not_equal() -> None:
    odd = record(date_created="soon")
    assert matching("created<2100", odd) == []
    assert matching("created!=2025", odd) == [odd]


def test_flags_are_yes_or_no() -> None:
    s3, local = record(is_amazon=True), record(is_amazon=False)
    assert matching("s3=yes", s3, local) == [s3]
    assert matching("is_amazon=no", s3, local) == [local]
    assert matching("s3!=yes", s3, local) == [local]


def test_text_matches_whole_or_in_part_regardless_of_case() -> None:
    sale = record(download_file_name="Spring Sale Pack.zip")
    other = record(download_file_name="album.zip")
    assert matching('file~"spring sale"', sale, other) == [sale]
    assert matching("file~ALBUM", sale, other) == [other]
    assert matching("file=album.ZIP", sale, other) == [other]
    assert matching("file=album", sale, other) == []


def test_terms_all_hold_and_plain_words_stay_the_stores_search() -> None:
    found = parse_box("order=10604 count>0 sale")
    assert [str(term) for term in found.terms] == ["order=10604", "count>0"]
    assert found.search == "sale"
    both = record(order_id=10604, download_count=2)
    unused = record(order_id=10604, download_count=0)
    assert [item for item in (both, unused) if found.matches(item)] == [both]


def test_text_without_a_term_is_the_search_as_typed() -> None:
    assert parse_box("spring sale").search == "spring sale"
    assert not parse_box("spring sale")
    assert parse_box('"count>0"').search == "count>0"  # quoted: searched for, not a term


def test_the_where_text_reads_back_to_the_same_terms() -> None:
    found = parse_box('file~"spring sale"  s3 = no  created>=2025-01')
    again = parse_where(found.where or "")
    assert again.terms == found.terms
    assert found.where == 'file~"spring sale" s3=no created>=2025-01'


@pytest.mark.parametrize(("text", "said"), [
    ("colour=red", "“colour” is not a field to filter by: use id, created, product, order"),
    ("s3>yes", "s3 is yes or no: use = or != (e.g. s3=yes), not >."),
    ("count~5", "count compares as a number: use = != < <= > >= (e.g. count=14, count>0), not ~."),
    ("file<a", "file is text, matched whole or in part (~): use = != ~"),
    ("count=abc", "takes digits only"),
    ("count=-1", "cannot be negative"),
    ("product=", "“product=” needs a value after = (e.g. product=14, product>0)."),
    ("created>=last week", "created takes a date such as 2025-01-31"),
    ("s3=maybe", "takes yes or no, not “maybe”"),
])
def test_a_bad_term_is_refused_in_one_sentence_saying_what_would_do(text: str, said: str) -> None:
    with pytest.raises(FilterError) as refused:
        parse_box(text)
    assert said in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_where_term_takes_the_rest_of_its_text_as_its_value() -> None:
    assert parse_term("file=spring sale.zip").value == "spring sale.zip"
    assert parse_term('file = "x y"').value == "x y"
    with pytest.raises(FilterError, match="give “count>0” a --where of its own"):
        parse_term("product_id=14 count>0")
    with pytest.raises(FilterError, match="is not a term: write FIELD OP VALUE"):
        parse_term("14")


def test_a_where_text_with_plain_words_is_refused() -> None:
    with pytest.raises(FilterError, match="not a FIELD OP VALUE term"):
        parse_where("product=14 fourteen")


SEARCHED = {"download_id": "yes", "order_id": "yes", "product_id": "yes",
            "download_file_name": "yes", "amazon_key": "no"}


@pytest.mark.parametrize(("text", "sent"), [
    ("product=14 order=10604", "10604"),  # the longest value searched: the fewest results
    ("product=14 count>0", "14"),
    ("product>14", None),                 # no exact value: every page is read
    ("count=3", None),                    # a field the store's search does not cover
    ("key=abc", None),
    ("file=Album.zip", None),             # letters: the search's case rules are unknown
    ("file=2024-01.7", "2024-01.7"),
    ("product=14 sale", "sale"),          # plain words are the search, as typed
])
def test_the_stores_search_narrows_only_to_a_set_holding_every_match(text: str,
                                                                    sent: str | None) -> None:
    assert parse_box(text).narrowing(SEARCHED) == sent


def test_without_findings_nothing_narrows() -> None:
    assert parse_box("product=14").narrowing({}) is None


def test_an_id_term_names_one_record() -> None:
    assert parse_terms(["id=abc123", "count>0"]).exact_id == "abc123"
    assert parse_terms(["id~abc"]).exact_id is None


def test_minutes_and_seconds_are_spans_too() -> None:
    span = parse_term("created=2025-01-02 03:04").value
    assert span.start == datetime(2025, 1, 2, 3, 4)  # type: ignore[union-attr]
    assert span.end == datetime(2025, 1, 2, 3, 5)  # type: ignore[union-attr]


def test_a_date_in_the_box_may_be_followed_by_its_time_unquoted() -> None:
    found = parse_box("created=2025-01-02 03:04 count>0")
    assert [str(term) for term in found.terms] == ['created="2025-01-02 03:04"', "count>0"]
    assert found.search is None
    assert parse_box("file=a 03:04").search == "03:04"  # only a date takes a time


def test_an_id_is_matched_exactly_as_the_store_keys_it() -> None:
    lower = record(download_id="abc123")
    assert matching("id=abc123", lower) == [lower]
    assert matching("id=ABC123", lower) == []
    assert matching("id~BC1", lower) == [lower]
