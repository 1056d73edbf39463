"""One record at a time: create, get, partial update, delete, and what bodies and ids
the store refuses, in both flavours."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.sandbox.support import (
    ONLY_PLAIN,
    SOME_ID,
    Site,
    all_records,
    assert_error,
    each_site,  # noqa: F401 (the `site` fixture)
    open_site,
    record_path,
    typed,
)

MAX_INT = 2**63 - 1
FULL = {
    "product_id": 4321,
    "order_id": 98765,
    "download_count": 3,
    "download_file_name": "ebook-rust-handbook.pdf",
    "is_amazon": True,
    "amazon_key": "products/ebooks/rust-handbook.pdf",
}
DEFAULTS = {
    "product_id": 0,
    "order_id": 0,
    "download_count": 0,
    "download_file_name": "",
    "is_amazon": False,
    "amazon_key": "",
}


@pytest.fixture
async def client(site: Site) -> AsyncIterator[httpx.AsyncClient]:
    async with open_site(site, records=30) as client:
        yield client


@pytest.fixture
async def record(client: httpx.AsyncClient) -> dict[str, Any]:
    return (await client.get("/downloads", params={"perpage": 1, "page": 7})).json()[0]


def assert_new_record(site: Site, record: dict[str, Any], fields: dict[str, Any]) -> None:
    """Made now, under an id made as a real store makes one, from the given fields."""
    assert list(record) == list(site.fields)
    assert re.fullmatch(r"[0-9a-f]{45}", record["download_id"])
    created = datetime.strptime(record["date_created"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=2)
    assert int(record["download_id"][32:40], 16) == created.timestamp()
    assert int(record["download_id"][40:], 16) < 1_000_000
    values = typed(record)
    assert {name: values[name] for name in DEFAULTS} == {**DEFAULTS, **fields}


def assert_typed_as_sent_by(site: Site, record: dict[str, Any]) -> None:
    """Plain types values as the reference does; WordPress sends every column as a
    string, the S3 flag as "0" or "1"."""
    if site.flavor == "wordpress":
        assert all(isinstance(value, str) for value in record.values()), record
        assert record["is_amazon_download"] in ("0", "1")
        assert all(re.fullmatch(r"-?[0-9]+", record[name])
                   for name in ("product_id", "order_id", "download_count"))
    else:
        assert isinstance(record["is_amazon"], bool)
        assert all(isinstance(record[name], int)
                   for name in ("product_id", "order_id", "download_count"))
        assert all(isinstance(record[name], str) for name in
                   ("download_id", "date_created", "download_file_name", "amazon_key"))


@pytest.mark.parametrize(
    "fields",
    [FULL, {}, {"product_id": 7}, {"is_amazon": True, "amazon_key": "k"}],
    ids=["all", "none", "one", "two"],
)
async def test_create_fills_missing_fields_with_defaults(
    client: httpx.AsyncClient, site: Site, fields: dict[str, Any]
) -> None:
    response = await client.post("/downloads", json=fields)
    assert response.status_code == 200
    created = response.json()
    assert_new_record(site, created, fields)
    fetched = await client.get(record_path(created["download_id"]))
    assert fetched.json() == created


async def test_created_records_get_unique_ids_and_join_the_list(client: httpx.AsyncClient) -> None:
    ids = {(await client.post("/downloads", json=FULL)).json()["download_id"] for _ in range(20)}
    assert len(ids) == 20
    listed = {record["download_id"] for record in await all_records(client)}
    assert ids <= listed and len(listed) == 50


async def test_get_answers_the_record(client: httpx.AsyncClient, record: dict[str, Any]) -> None:
    response = await client.get(record_path(record["download_id"]))
    assert response.status_code == 200 and response.json() == record


async def test_every_answer_types_its_values_as_the_flavour_does(
    client: httpx.AsyncClient, site: Site, record: dict[str, Any]
) -> None:
    path = record_path(record["download_id"])
    answers = [
        *(await client.get("/downloads")).json(),
        (await client.get(path)).json(),
        (await client.post("/downloads", json={"is_amazon": True})).json(),
        (await client.patch(path, json={"download_count": 4})).json(),
        (await client.delete(path)).json(),
    ]
    for answer in answers:
        assert list(answer) == list(site.fields)
        assert_typed_as_sent_by(site, answer)


@pytest.mark.parametrize(
    "change",
    [{"download_count": 0}, {"is_amazon": True, "amazon_key": "products/x.zip"}, FULL, {}],
    ids=["reset-count", "two", "all", "nothing"],
)
async def test_patch_changes_only_the_given_fields(
    client: httpx.AsyncClient, record: dict[str, Any], change: dict[str, Any]
) -> None:
    path = record_path(record["download_id"])
    response = await client.patch(path, json=change)
    assert response.status_code == 200
    assert typed(response.json()) == {**typed(record), **change}
    assert typed((await client.get(path)).json()) == {**typed(record), **change}


async def test_delete_answers_the_deleted_record_then_it_is_gone(
    client: httpx.AsyncClient, site: Site, record: dict[str, Any]
) -> None:
    path = record_path(record["download_id"])
    response = await client.delete(path)
    assert response.status_code == 200 and response.json() == record
    for method in ("GET", "PATCH", "DELETE"):
        again = await client.request(method, path, json={} if method == "PATCH" else None)
        assert again.status_code == 404 and again.json() == site.no_such_download
    assert record["download_id"] not in {r["download_id"] for r in await all_records(client)}


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
async def test_unknown_id_is_404(client: httpx.AsyncClient, site: Site, method: str) -> None:
    response = await client.request(
        method, record_path(SOME_ID), json={"download_count": 0} if method == "PATCH" else None
    )
    assert response.json() == site.no_such_download
    assert response.status_code == 404


@ONLY_PLAIN
@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
@pytest.mark.parametrize("bad_id", ["abc-def", "abc_def", "abc%20def", "%C3%BCber", "abc.def"])
async def test_plain_says_an_id_off_the_pattern_is_400_naming_download_id(
    client: httpx.AsyncClient, method: str, bad_id: str
) -> None:
    response = await client.request(
        method, f"/downloads/{bad_id}", json={} if method == "PATCH" else None
    )
    assert_error(response, 400, "rest_invalid_param", "download_id")


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/nope", "GET"),
        ("/downloads/abc/extra", "GET"),
        ("/downloads/abc", "PUT"),
        ("/downloads", "DELETE"),
        ("/authenticate/test", "GET"),
    ],
)
async def test_unknown_route_is_404_json(client: httpx.AsyncClient, path: str, method: str) -> None:
    response = await client.request(method, path)
    assert_error(response, 404, "rest_no_route")


async def test_a_trailing_slash_is_no_route_in_plain_and_dropped_in_wordpress(
    client: httpx.AsyncClient, site: Site
) -> None:
    response = await client.get("/downloads/", params={"perpage": 3})
    if site.flavor == "plain":
        assert_error(response, 404, "rest_no_route")
    else:
        assert response.json() == (await client.get("/downloads", params={"perpage": 3})).json()


LONGEST = "é" * 255
GOOD_VALUES = {
    "product_id": [0, MAX_INT],
    "order_id": [0, 12],
    "download_count": [0, 10],
    "is_amazon": [True, False],
    "download_file_name": ["", LONGEST, "naïve 文件.pdf"],
    "amazon_key": ["", LONGEST],
}
BAD_VALUES = {
    "product_id": [-1, MAX_INT + 1, 1.5, 5.0, "5", True, None, [1]],
    "order_id": [-3, "12", False],
    "download_count": [-1, 2.0, "0", None],
    "is_amazon": [1, 0, "true", "1", None],
    "download_file_name": [5, None, True, "x" * 256, ["a"]],
    "amazon_key": [0, None, "k" * 256, {"a": 1}],
}
GOOD_CASES = [(name, value) for name, values in GOOD_VALUES.items() for value in values]
BAD_CASES = [(name, value) for name, values in BAD_VALUES.items() for value in values]


async def write(
    client: httpx.AsyncClient, method: str, record_id: str, **kwargs: Any
) -> httpx.Response:
    path = "/downloads" if method == "POST" else record_path(record_id)
    return await client.request(method, path, **kwargs)


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize(("name", "value"), GOOD_CASES)
async def test_well_typed_values_are_stored(
    client: httpx.AsyncClient, record: dict[str, Any], method: str, name: str, value: Any
) -> None:
    response = await write(client, method, record["download_id"], json={name: value})
    assert response.status_code == 200, response.text
    assert typed(response.json())[name] == value


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize(("name", "value"), BAD_CASES)
async def test_badly_typed_values_are_400_naming_the_field(
    client: httpx.AsyncClient, record: dict[str, Any], method: str, name: str, value: Any
) -> None:
    response = await write(client, method, record["download_id"], json={name: value})
    assert_error(response, 400, "rest_invalid_param", name)
    assert (await client.get(record_path(record["download_id"]))).json() == record


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize("name", ["download_id", "date_created", "price", "Product_ID", ""])
async def test_read_only_and_unknown_fields_are_400_naming_them(
    client: httpx.AsyncClient, record: dict[str, Any], method: str, name: str
) -> None:
    response = await write(
        client, method, record["download_id"], json={name: "x", "download_count": 1}
    )
    assert_error(response, 400, "rest_invalid_param", name)


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b"not json",
        b"\xff\xfe{}",
        b"[" * 100_000,
        b'{"a": 1}' + b" " * 70_000,
        b"[]",
        b'"x"',
        b"1",
        b"null",
        b"true",
        b"[{}]",
    ],
    ids=[
        "empty",
        "truncated",
        "text",
        "bad-utf8",
        "deep",
        "too-large",
        "array",
        "string",
        "number",
        "null",
        "bool",
        "list-of-object",
    ],
)
async def test_a_body_that_is_not_a_json_object_is_400_naming_body(
    client: httpx.AsyncClient, record: dict[str, Any], method: str, content: bytes
) -> None:
    response = await write(
        client,
        method,
        record["download_id"],
        content=content,
        headers={"Content-Type": "application/json"},
    )
    assert_error(response, 400, "rest_invalid_param", "body")


@pytest.mark.parametrize("method", ["POST", "PATCH"])
async def test_lone_surrogates_are_refused(
    client: httpx.AsyncClient, record: dict[str, Any], method: str
) -> None:
    response = await write(
        client, method, record["download_id"], content=b'{"amazon_key": "\\ud800"}'
    )
    assert_error(response, 400, "rest_invalid_param", "amazon_key")


async def test_every_bad_field_is_named_at_once(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/downloads", json={"product_id": "1", "is_amazon": 1, "download_id": "a", "colour": "red"}
    )
    body = assert_error(
        response, 400, "rest_invalid_param", "product_id", "is_amazon", "download_id", "colour"
    )
    assert body["data"]["params"]["product_id"] == "product_id must be an integer"


async def test_invalid_create_adds_nothing(client: httpx.AsyncClient) -> None:
    before = await all_records(client)
    await client.post("/downloads", json={**FULL, "download_count": -1})
    assert await all_records(client) == before
