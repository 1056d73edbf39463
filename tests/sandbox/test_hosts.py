"""What real hosts do to the API, as the sandbox's switches: a web server that drops
the Authorization header, a route that refuses a page over its maximum, a plugin
printing around every answer, PHP's fatal error. Each on either flavour, in-process
and through `easycart-tui sandbox` on a loopback port."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.sandbox.support import (
    BEARER,
    PRETTY_ROOT,
    SOME_ID,
    Site,
    credentials,
    each_site,  # noqa: F401 (the `site` fixture)
    listening_url,
    open_site,
    serving_sandbox,
)
from tui.sandbox import SandboxOptions, create_app
from tui.sandbox.hosts import CACHE_COMMENT, FATAL_JSON, FATAL_MESSAGE, NOTICE

#: WordPress's answer to `per_page` over a route's maximum, word for word (with
#: this API's parameter name).
REFUSED_OVER_30 = {
    "code": "rest_invalid_param",
    "message": "Invalid parameter(s): perpage",
    "data": {
        "status": 400,
        "params": {"perpage": "perpage must be between 1 (inclusive) and 30 (inclusive)"},
        "details": {"perpage": {
            "code": "rest_out_of_bounds",
            "message": "perpage must be between 1 (inclusive) and 30 (inclusive)",
            "data": None}},
    },
}


async def test_a_dropped_header_is_answered_as_no_credentials_and_as_wrong_ones(
    site: Site,
) -> None:
    async with open_site(site, records=5, drop_authorization=True) as dropping:
        right = await dropping.get("/downloads")
        none = await dropping.get("/downloads", headers={"Authorization": ""})
    async with open_site(site, auth=f"Bearer {credentials(secret='wrong')}", records=5) as store:
        wrong = await store.get("/downloads")
    assert right.status_code == site.refusal["data"]["status"]
    assert right.json() == none.json() == wrong.json() == site.refusal


async def test_without_the_switch_the_header_is_read(site: Site) -> None:
    async with open_site(site, records=5) as store:
        assert (await store.get("/downloads")).status_code == 200


async def test_a_page_over_the_maximum_is_refused_with_wordpress_words(site: Site) -> None:
    async with open_site(site, records=80, refuse_perpage_over=30) as store:
        refused = await store.get("/downloads", params={"perpage": 31})
        served = await store.get("/downloads", params={"perpage": 30, "page": 2})
    assert refused.status_code == 400
    assert refused.json() == REFUSED_OVER_30
    assert served.status_code == 200 and len(served.json()) == 30


@pytest.mark.parametrize("where", ["before", "after", "both"])
async def test_a_plugin_prints_around_every_answer(site: Site, where: str) -> None:
    before = NOTICE if where in ("before", "both") else ""
    after = CACHE_COMMENT if where in ("after", "both") else ""
    async with open_site(site, records=5, print_around_json=where) as printing:
        listed = await printing.get("/downloads")
        missing = await printing.get(f"/downloads/{SOME_ID}")
        created = await printing.post("/downloads", json={"order_id": 7})
    for answer, status in ((listed, 200), (missing, 404), (created, 200)):
        assert answer.status_code == status
        assert answer.text.startswith(before) and answer.text.endswith(after)
        assert int(answer.headers["content-length"]) == len(answer.content)
        json.loads(answer.text.removeprefix(before).removesuffix(after))
    assert len(json.loads(listed.text.removeprefix(before).removesuffix(after))) == 5


async def test_a_fatal_error_is_wordpress_critical_error(site: Site) -> None:
    async with open_site(site, records=5, fatal_error=True) as failing:
        as_json = await failing.get("/downloads", headers={"Accept": "application/json"})
        as_page = await failing.get("/downloads", headers={"Accept": "text/html"})
    assert as_json.status_code == as_page.status_code == 500
    assert as_json.json() == FATAL_JSON
    assert as_page.headers["content-type"].startswith("text/html")
    assert FATAL_MESSAGE in as_page.text
    assert "<title>WordPress &rsaquo; Error</title>" in as_page.text


def test_the_options_are_one_object_and_fields_change_it() -> None:
    options = SandboxOptions(records=3, flavor="wordpress", refuse_perpage_over=30)
    app = create_app(options, totals=True)
    assert app.state.flavor.name == "wordpress"
    assert (app.state.refuse_perpage_over, app.state.totals) == (30, True)
    assert SandboxOptions.given(None, {"records": 3}) == SandboxOptions(records=3)


@pytest.mark.parametrize(("fields", "words"), [
    ({"refuse_perpage_over": 0}, "refuse_perpage_over must be at least 1"),
    ({"perpage_cap": 0}, "perpage_cap must be at least 1"),
    ({"print_around_json": "inside"}, "print_around_json is one of before, after, both"),
    ({"unsorted": ("price",)}, "cannot leave unsorted price"),
    ({"flavor": "shopify"}, "no sandbox flavour 'shopify'"),
])
def test_an_option_no_store_can_have_is_refused(fields: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        SandboxOptions(**fields)  # type: ignore[arg-type]


def test_the_sandbox_command_takes_the_switches() -> None:
    with serving_sandbox("--sandbox-flavor", "wordpress", "--records", "40", "--drop-authorization",
                         "--refuse-perpage-over", "30", "--print-around-json", "both") as banner:
        root = listening_url(banner)
        assert root.endswith(PRETTY_ROOT)
        with httpx.Client(timeout=10, headers={"Authorization": BEARER}) as http:
            dropped = http.get(f"{root}/downloads")
    assert dropped.status_code == 401
    assert dropped.text.startswith(NOTICE) and dropped.text.endswith(CACHE_COMMENT)
    with serving_sandbox("--sandbox-flavor", "wordpress", "--records", "40",
                         "--refuse-perpage-over", "30") as banner:
        with httpx.Client(timeout=10, headers={"Authorization": BEARER}) as http:
            refused = http.get(f"{listening_url(banner)}/downloads", params={"perpage": 40})
    assert refused.json() == REFUSED_OVER_30


def test_the_sandbox_command_fails_as_php_does() -> None:
    with serving_sandbox("--sandbox-flavor", "wordpress", "--records", "3", "--fatal-error") as banner:
        with httpx.Client(timeout=10, headers={"Accept": "application/json"}) as http:
            failed = http.get(f"{listening_url(banner)}/downloads")
    assert (failed.status_code, failed.json()) == (500, FATAL_JSON)
