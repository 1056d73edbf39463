"""The commands against a real WordPress, through both forms of its API root: every
record read, written, searched and sorted as MariaDB itself holds them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.realwp.support import (
    COLUMNS,
    FIELD_COLUMNS,
    ROOTS,
    as_row,
    count,
    ids,
    quoted,
    row,
    run,
    sql,
)
from tui.api.models import FIELDS

pytestmark = pytest.mark.realwp


@pytest.fixture(params=sorted(ROOTS))
def root(request: pytest.FixtureRequest, site: None) -> str:
    return ROOTS[request.param]


def test_list_all_gives_every_row_of_the_table(root: str, tmp_path: Path) -> None:
    result = run(tmp_path, root, "list", "--all", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    table = [dict(zip(COLUMNS, found)) for found in
             sql("SELECT * FROM ec_download ORDER BY download_id")]
    assert [as_row(record) for record in records] == table
    assert {type(records[0][name]) for name in ("product_id", "order_id")} == {int}

    result = run(tmp_path, root, "list", "--all", "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = list(csv.reader(io.StringIO(result.stdout)))
    assert [line[0] for line in lines[1:]] == [record["download_id"] for record in table]


def test_get_shows_the_row(root: str, tmp_path: Path) -> None:
    download_id = ids()[123]
    result = run(tmp_path, root, "get", download_id, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert as_row(json.loads(result.stdout)) == row(download_id)


def test_create_then_update_one_field(root: str, tmp_path: Path) -> None:
    before = count()
    result = run(tmp_path, root, "create", "--set", "product_id=7", "--set", "order_id=8",
                 "--set", "download_file_name=realwp-new.zip", "--set", "is_amazon=yes",
                 "--set", "amazon_key=s3/realwp-new.zip", "--format", "ids")
    assert result.returncode == 0, result.stderr
    new_id = result.stdout.strip()
    assert len(new_id) == 45 and count() == before + 1
    made = row(new_id)
    assert made is not None
    assert (made["product_id"], made["order_id"], made["download_count"]) == ("7", "8", "0")
    assert (made["download_file_name"], made["is_amazon_download"], made["amazon_key"]) == (
        "realwp-new.zip", "1", "s3/realwp-new.zip")

    result = run(tmp_path, root, "update", new_id, "--set", "download_count=5")
    assert result.returncode == 0, result.stderr
    assert row(new_id) == made | {"download_count": "5"}


def test_delete_then_restore(root: str, tmp_path: Path) -> None:
    download_id = ids()[42]
    held = row(download_id)
    assert held is not None
    result = run(tmp_path, root, "delete", download_id, "--yes", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert as_row(json.loads(result.stdout)) == held
    assert row(download_id) is None

    result = run(tmp_path, root, "restore", download_id, "--format", "json")
    assert result.returncode == 0, result.stderr
    restored = json.loads(result.stdout)
    again = row(restored["download_id"])
    assert again is not None and restored["download_id"] != download_id
    kept = ("product_id", "order_id", "download_count", "download_file_name",
            "is_amazon_download", "amazon_key")
    assert {name: again[name] for name in kept} == {name: held[name] for name in kept}


@pytest.mark.parametrize("term", ["caf", "1008", "ñandú", "spanish-boot", "50%"])
def test_search_is_sql_like_over_id_order_product_and_file(root: str, term: str,
                                                           tmp_path: Path) -> None:
    like = quoted("%" + term.replace("%", "\\%") + "%")
    where = " OR ".join(f"{column} LIKE {like}" for column in
                        ("download_id", "order_id", "product_id", "download_file_name"))
    result = run(tmp_path, root, "list", "--all", "--search", term, "--format", "ids")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ids(where=f"WHERE {where}")


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("field", FIELDS)
def test_sort_by_each_field_both_ways(root: str, field: str, descending: bool,
                                      tmp_path: Path) -> None:
    column = FIELD_COLUMNS[field]
    way = "DESC" if descending else "ASC"
    result = run(tmp_path, root, "list", "--all", "--sortby", field, "--format", "ids",
                 *(["--sortdir", "desc"] if descending else []))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ids(f"{column} {way}, download_id {way}")


def test_check_and_doctor_find_the_store_usable(root: str, tmp_path: Path) -> None:
    result = run(tmp_path, root, "check", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["authenticated"] is True

    result = run(tmp_path, root, "doctor", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["usable"] is True
    checks = report["checks"]
    assert {checks[f"sort.{field}"]["status"] for field in FIELDS} == {"ok"}
    assert checks["search"]["text"].startswith("matches id, order id, product id, file name")
    assert checks["typing"]["value"] == "strings"


def test_a_trailing_slash_on_the_root(tmp_path: Path, site: None) -> None:
    result = run(tmp_path, ROOTS["pretty"] + "/", "list", "--format", "ids")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ids()
