"""One record at a time: create, get, partial update, delete, and what bodies and ids
the store refuses."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.sandbox_support import SOME_ID, all_records, assert_error, open_client
from tui.api.models import FIELDS
from tui.sandbox import create_app

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
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with open_client(create_app(records=30)) as client:
        yield client


@pytest.fixture
async def record(client: httpx.AsyncClient) -> dict[str, Any]:
    return (await client.get("/downloads", params={"perpage": 1, "page": 7})).json()[0]


def assert_new_record(record: dict[str, Any], fields: dict[str, Any]) -> None:
    assert list(record) == list(FIELDS)
    assert re.fullmatch(r"[0-9a-z]{12}", record["download_id"])
    created = datetime.strptime(record["date_created"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=2)
    assert {name: record[name] for name in DEFAULTS} == {**DEFAULTS, **fields}


@pytest.mark.parametrize(
    "fields",
    [FULL, {}, {"product_id": 7}, {"is_amazon": True, "amazon_key": "k"}],
    ids=["all", "none", "one", "two"],
)
async def test_create_fills_missing_fields_with_defaults(
    client: httpx.AsyncClient, fields: dict[str, Any]
) -> None:
    response = await client.post("/downloads", json=fields)
    assert response.status_code == 200
    created = response.json()
    assert_new_record(created, fields)
    fetched = await client.get(f"/downloads/{created['download_id']}")
    assert fetched.json() == created


async def test_created_records_get_unique_ids_and_join_the_list(client: httpx.AsyncClient) -> None:
    ids = {(await client.post("/downloads", json=FULL)).json()["download_id"] for _ in range(20)}
    assert len(ids) == 20
    listed = {record["download_id"] for record in await all_records(client)}
    assert ids <= listed and len(listed) == 50


async def test_get_answers_the_record(client: httpx.AsyncClient, record: dict[str, Any]) -> None:
    response = await client.get(f"/downloads/{record['download_id']}")
    assert response.status_code == 200 and response.json() == record
    assert isinstance(record["is_amazon"], bool)
    assert all(
        isinstance(record[name], int) for name in ("product_id", "order_id", "download_count")
    )


@pytest.mark.parametrize(
    "change",
    [{"download_count": 0}, {"is_amazon": True, "amazon_key": "products/x.zip"}, FULL, {}],
    ids=["reset-count", "two", "all", "nothing"],
)
async def test_patch_changes_only_the_given_fields(
    client: httpx.AsyncClient, record: dict[str, Any], change: dict[str, Any]
) -> None:
    record_id = record["download_id"]
    response = await client.patch(f"/downloads/{record_id}", json=change)
    assert response.status_code == 200
    assert response.json() == {**record, **change}
    assert (await client.get(f"/downloads/{record_id}")).json() == {**record, **change}


async def test_delete_answers_the_deleted_record_then_it_is_gone(
    client: httpx.AsyncClient, record: dict[str, Any]
) -> None:
    record_id = record["download_id"]
    response = await client.delete(f"/downloads/{record_id}")
    assert response.status_code == 200 and response.json() == record
    for method in ("GET", "PATCH", "DELETE"):
        again = await client.request(
            method, f"/downloads/{record_id}", json={} if method == "PATCH" else None
        )
        assert_error(again, 404, "rest_not_found")
    assert record_id not in {r["download_id"] for r in await all_records(client)}


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
async def test_unknown_id_is_404(client: httpx.AsyncClient, method: str) -> None:
    response = await client.request(
        method, f"/downloads/{SOME_ID}", json={"download_count": 0} if method == "PATCH" else None
    )
    assert response.json() == {
        "code": "rest_not_found",
        "message": "No download with that id.",
        "data": {"status": 404},
    }
    assert response.status_code == 404


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
@pytest.mark.parametrize("bad_id", ["abc-def", "abc_def", "abc%20def", "%C3%BCber", "abc.def"])
async def test_id_off_the_pattern_is_400_naming_download_id(
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
        ("/downloads/", "GET"),
        ("/downloads/abc/extra", "GET"),
        ("/downloads/abc", "PUT"),
        ("/downloads", "DELETE"),
        ("/authenticate/test", "GET"),
    ],
)
async def test_unknown_route_is_404_json(client: httpx.AsyncClient, path: str, method: str) -> None:
    response = await client.request(method, path)
    assert_error(response, 404, "rest_no_route")


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
    path = "/downloads" if method == "POST" else f"/downloads/{record_id}"
    return await client.request(method, path, **kwargs)


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize(("name", "value"), GOOD_CASES)
async def test_well_typed_values_are_stored(
    client: httpx.AsyncClient, record: dict[str, Any], method: str, name: str, value: Any
) -> None:
    response = await write(client, method, record["download_id"], json={name: value})
    assert response.status_code == 200, response.text
    assert response.json()[name] == value


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize(("name", "value"), BAD_CASES)
async def test_badly_typed_values_are_400_naming_the_field(
    client: httpx.AsyncClient, record: dict[str, Any], method: str, name: str, value: Any
) -> None:
    response = await write(client, method, record["download_id"], json={name: value})
    assert_error(response, 400, "rest_invalid_param", name)
    assert (await client.get(f"/downloads/{record['download_id']}")).json() == record


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
