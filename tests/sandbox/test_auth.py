"""The sandbox's authorization: Bearer or Basic for reads, Bearer only for writes,
checked before anything else; every refusal a JSON body, with the reference's 400
(plain) or WordPress's 401."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.sandbox.support import (
    BASIC,
    BEARER,
    Site,
    assert_error,
    credentials,
    each_site,  # noqa: F401 (the `site` fixture)
    open_site,
    record_path,
)

NEW_FIELDS = {"product_id": 1, "download_count": 2}


@pytest.fixture
async def client(site: Site) -> AsyncIterator[httpx.AsyncClient]:
    async with open_site(site, auth=None, records=20) as client:
        yield client


async def a_record_id(client: httpx.AsyncClient) -> str:
    response = await client.get(
        "/downloads", params={"perpage": 1}, headers={"Authorization": BEARER}
    )
    return response.json()[0]["download_id"]


async def send(
    client: httpx.AsyncClient, operation: str, auth: str | bytes | None
) -> httpx.Response:
    """One request of each kind the store has, with the given Authorization header."""
    headers = {"Authorization": auth} if auth is not None else {}
    record_id = await a_record_id(client)
    requests: dict[str, tuple[str, str, Any]] = {
        "list": ("GET", "/downloads", None),
        "get": ("GET", record_path(record_id), None),
        "create": ("POST", "/downloads", NEW_FIELDS),
        "update": ("PATCH", record_path(record_id), NEW_FIELDS),
        "delete": ("DELETE", record_path(record_id), None),
        "test": ("POST", "/authenticate/test", None),
    }
    method, path, body = requests[operation]
    return await client.request(method, path, json=body, headers=headers)


OPERATIONS = ["list", "get", "create", "update", "delete", "test"]
READS = ["list", "get", "test"]
WRITES = ["create", "update", "delete"]
BAD_AUTH = {
    "missing": None,
    "empty": "",
    "scheme only": "Bearer",
    "unknown scheme": f"Token {credentials()}",
    "not base64": "Bearer !!!not-base64!!!",
    "non-ascii": "Bearer ÿÿÿÿ".encode("latin-1"),
    "no colon": f"Bearer {base64.b64encode(b'sandbox-token').decode()}",
    "wrong secret": f"Bearer {credentials(secret='guess')}",
    "wrong token": f"Bearer {credentials(token='guess')}",
    "raw, not encoded": "Bearer sandbox-token:sandbox-secret",
    "basic wrong secret": f"Basic {credentials(secret='guess')}",
}


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("auth", BAD_AUTH.values(), ids=BAD_AUTH.keys())
async def test_bad_credentials_are_refused_with_json(
    client: httpx.AsyncClient, site: Site, operation: str, auth: str | bytes | None
) -> None:
    response = await send(client, operation, auth)
    assert_error(response, site.refusal["data"]["status"], "rest_forbidden")


async def test_unauthorized_body_is_wordpress_shaped(
    client: httpx.AsyncClient, site: Site
) -> None:
    response = await client.get("/downloads")
    assert response.json() == site.refusal
    assert response.status_code == site.refusal["data"]["status"]


@pytest.mark.parametrize("operation", OPERATIONS)
async def test_bearer_is_accepted_everywhere(client: httpx.AsyncClient, operation: str) -> None:
    response = await send(client, operation, BEARER)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("operation", READS)
async def test_basic_is_accepted_for_reads(client: httpx.AsyncClient, operation: str) -> None:
    response = await send(client, operation, BASIC)
    assert response.status_code == 200, response.text


async def test_authenticate_test_answers_authenticated(client: httpx.AsyncClient) -> None:
    for auth in (BEARER, BASIC):
        response = await send(client, "test", auth)
        assert response.json() == {"authenticated": True}


@pytest.mark.parametrize("operation", WRITES)
async def test_basic_is_refused_for_writes_and_changes_nothing(
    client: httpx.AsyncClient, site: Site, operation: str
) -> None:
    before = (
        await client.get("/downloads", params={"perpage": 100}, headers={"Authorization": BEARER})
    ).json()
    response = await send(client, operation, BASIC)
    body = assert_error(response, site.refusal["data"]["status"], "rest_forbidden")
    if site.flavor == "plain":
        assert "Bearer" in body["message"]
    else:
        assert body == site.refusal
    after = (
        await client.get("/downloads", params={"perpage": 100}, headers={"Authorization": BEARER})
    ).json()
    assert after == before


async def test_scheme_name_is_case_insensitive(client: httpx.AsyncClient) -> None:
    response = await send(client, "create", f"bearer {credentials()}")
    assert response.status_code == 200


async def test_auth_is_checked_before_the_parameters(
    client: httpx.AsyncClient, site: Site
) -> None:
    response = await client.get("/downloads", params={"perpage": 0, "page": "x"})
    assert response.json() == site.refusal
    response = await client.patch(
        "/downloads/bad-id!", content=b"{not json", headers={"Authorization": BASIC}
    )
    assert_error(response, site.refusal["data"]["status"], "rest_forbidden")


async def test_the_store_takes_its_own_token_and_secret(site: Site) -> None:
    async with open_site(
        site, auth=None, records=5, token="shop-42", secret="k3y:with:colons"
    ) as client:
        default = await client.get("/downloads", headers={"Authorization": BEARER})
        assert default.json() == site.refusal
        own = await client.get(
            "/downloads",
            headers={"Authorization": f"Bearer {credentials('shop-42', 'k3y:with:colons')}"},
        )
        assert own.status_code == 200
