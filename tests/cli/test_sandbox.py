"""`easycart-tui sandbox` serves a store other commands can use, of either flavour;
`--sandbox --sandbox-flavor` chooses the flavour of the in-process one."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

import tui.sandbox
from tests.cli.support import run_process, store_env
from tests.sandbox.support import BEARER, serving_sandbox
from tui.config.connection import sandbox_connection
from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN

def test_sandbox_command_serves_and_prints_credentials() -> None:
    with serving_sandbox("--records", "30", "--token", "tk1", "--secret", "sc1") as banner:
        match = re.search(r"http://127\.0\.0\.1:\d+", banner)
        assert match, banner
        assert "tk1" in banner and "sc1" in banner
        assert "permalinks" not in banner
        result = run_process(store_env(match.group(0), "tk1", "sc1"),
                             "list", "--all", "--format", "json")
        assert result.returncode == 0, result.stderr
        assert len(json.loads(result.stdout)) == 30


def test_the_wordpress_flavour_serves_a_wordpress_site() -> None:
    with serving_sandbox("--flavor", "wordpress", "--perpage-cap", "10",
                         "--records", "30") as banner:
        match = re.search(r"EASYCART_URL=(http://127\.0\.0\.1:\d+)/wp-json/wp-easycart/v1 ",
                          banner)
        assert match, banner
        site = match.group(1)
        api_root = f"{site}/wp-json/wp-easycart/v1"
        assert f"Sandbox store listening on {api_root}\n" in banner
        assert f"with plain permalinks: {site}/?rest_route=/wp-easycart/v1\n" in banner
        with httpx.Client(headers={"Authorization": BEARER}, timeout=5, trust_env=False) as http:
            records = http.get(f"{api_root}/downloads", params={"perpage": 100}).json()
            assert len(records) == 10  # the cap
            assert all(isinstance(value, str) for record in records for value in record.values())
            by_rest_route = http.get(
                f"{site}/", params={"rest_route": "/wp-easycart/v1/downloads", "perpage": 100}
            )
            assert by_rest_route.json() == records
            assert http.get(f"{site}/downloads").headers["content-type"].startswith("text/html")
            refused = http.get(f"{api_root}/downloads", headers={"Authorization": "Bearer no"})
            assert refused.status_code == 401
        result = run_process(store_env(api_root, DEFAULT_TOKEN, DEFAULT_SECRET),
                             "list", "--perpage", "5", "--format", "json")
        assert result.returncode == 0, result.stderr
        listed = [record["download_id"] for record in json.loads(result.stdout)]
        assert listed == [record["download_id"] for record in records[:5]]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["sandbox", "--perpage-cap", "0"], "--perpage-cap"),
        (["sandbox", "--perpage-cap", "-3"], "--perpage-cap"),
        (["--sandbox-flavor", "wordpress", "list"], "--sandbox"),
        (["list", "--sandbox-flavor", "wordpress"], "--sandbox"),
        (["--sandbox-flavor", "plain"], "--sandbox"),
    ],
)
def test_a_misused_sandbox_flag_is_a_one_line_error(args: list[str], named: str) -> None:
    result = run_process(store_env("https://shop.invalid", DEFAULT_TOKEN, DEFAULT_SECRET),
                         *args)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and named in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["sandbox", "--flavor", "shopify"],
                                  ["--sandbox", "--sandbox-flavor", "shopify", "list"]])
def test_an_unknown_flavour_is_a_usage_error(args: list[str]) -> None:
    result = run_process(None, *args)
    assert result.returncode == 2 and "invalid choice: 'shopify'" in result.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_sandbox_flavor_is_taken_before_or_after_the_command(where: str) -> None:
    flags = ["--sandbox", "--sandbox-flavor", "wordpress"]
    command = ["list", "--perpage", "3", "--format", "json"]
    args = [*flags, *command] if where == "before" else [*command, *flags]
    result = run_process(None, *args)
    assert result.returncode == 0, result.stderr
    assert [len(record["download_id"]) for record in json.loads(result.stdout)] == [45] * 3


def test_the_cli_names_every_flavour_the_sandbox_has() -> None:
    from tui.cli.parser import SANDBOX_FLAVORS

    assert set(SANDBOX_FLAVORS) == set(tui.sandbox.FLAVORS)


def test_the_sandbox_connection_points_at_the_flavours_api_root() -> None:
    plain = sandbox_connection()
    assert (plain.url, plain.sandbox, plain.sandbox_flavor) == (
        "http://sandbox.invalid", True, "plain"
    )
    wordpress = sandbox_connection("wordpress")
    assert (wordpress.url, wordpress.sandbox, wordpress.sandbox_flavor) == (
        "http://sandbox.invalid/wp-json/wp-easycart/v1", True, "wordpress"
    )


async def test_opening_the_sandbox_connection_serves_its_flavour(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[Any] = []
    real_create_app = tui.sandbox.create_app

    def create_app(**options: Any) -> Any:
        made.append(real_create_app(**options))
        return made[-1]

    monkeypatch.setattr(tui.sandbox, "create_app", create_app)
    for flavor in ("plain", "wordpress"):
        client = sandbox_connection(flavor).open(sandbox_records=3)  # type: ignore[arg-type]
        await client.aclose()
        assert made[-1].state.flavor.name == flavor
        await made[-1].state.store.close()
