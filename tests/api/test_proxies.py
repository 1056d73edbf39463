"""Proxies: the token and secret never reach a proxy in clear text; a store on this
machine or over plain http is reached directly; an https store goes through the
environment's proxy, which then sees only a tunnel; `check` and `doctor` say which
way the requests go; a proxy that fails is named as the problem, not the store.

Every proxy and store is on 127.0.0.1; a far store's name (`shop.invalid`) is only
ever handed to a proxy on 127.0.0.1, and name look-ups in this process answer for
this machine alone (`only_loopback`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.hostile_support import (
    assert_one_line_failure,
    isolated_env,
    run_in_process,
    unused_port,
)
from tests.network_support import (
    FAR_STORE_HOST,
    make_certificates,
    only_loopback,  # noqa: F401 (a fixture)
    recording_proxy,
    tls_store,
)
from tui.api.client import DownloadsClient, credential_strings
from tui.api.errors import ProxyFailed, Unreachable
from tui.api.models import ListQuery
from tui.api.proxies import route_to, without_credentials
from tui.sandbox import create_app
from tui.sandbox.server import running_server

TOKEN, SECRET = "proxy-token-Rt5", "proxy-secret-Wd2-value"
FAR_STORE = f"https://{FAR_STORE_HOST}/wp-json/wp-easycart/v1"
pytestmark = pytest.mark.usefixtures("only_loopback")


@pytest.fixture(scope="module")
def local_store() -> Iterator[str]:
    """A sandbox store served on 127.0.0.1, over plain http."""
    with running_server(create_app(records=30, token=TOKEN, secret=SECRET)) as url:
        yield url


@pytest.fixture
def far_store(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A TLS store for `shop.invalid`, really on 127.0.0.1, and the CA bundle that
    signs its certificate (for SSL_CERT_FILE)."""
    certificates = make_certificates(tmp_path / "certs", "good", FAR_STORE_HOST)
    with tls_store(certificates) as store:
        yield store.url, str(certificates.ca_file)


def assert_no_credentials(sent: bytes) -> None:
    for secret in credential_strings(TOKEN, SECRET):
        assert secret.encode() not in sent


# -- which way: directly, or through the proxy ------------------------------------


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "ALL_PROXY", "http_proxy"])
def test_a_store_on_this_machine_is_reached_directly_whatever_proxy_is_set(
    local_store: str, tmp_path: Path, variable: str
) -> None:
    with recording_proxy() as proxy:
        env = isolated_env(tmp_path, local_store, SECRET, TOKEN) | {variable: proxy.url}
        result = run_in_process(env, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 30
    assert proxy.received == []


@pytest.mark.parametrize("host", ["127.0.0.1", "127.3.4.5", "localhost", "[::1]"])
def test_loopback_stores_take_no_proxy(monkeypatch: pytest.MonkeyPatch, host: str) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:3128")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    for scheme in ("http", "https"):
        route = route_to(httpx.URL(f"{scheme}://{host}:8080/wp-json/wp-easycart/v1"))
        assert route.proxy is None
        assert route.describe() == ("direct: the store is on this machine, so the proxy at "
                                    f"http://127.0.0.1:3128 ({scheme.upper()}_PROXY) is not used")


def test_plain_http_to_another_machine_never_goes_through_a_proxy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(allow_insecure_http): the proxy would read the Authorization header."""
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:3128")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:3128")
    route = route_to(httpx.URL("http://192.168.1.20/wp-json/wp-easycart/v1"))
    assert route.proxy is None
    assert route.describe() is not None
    assert route.describe().startswith("direct: plain http:// is never sent through a proxy")


async def test_a_plain_http_store_elsewhere_sends_nothing_to_the_proxy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with recording_proxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("ALL_PROXY", proxy.url)
        async with DownloadsClient(f"http://{FAR_STORE_HOST}/api", TOKEN, SECRET,
                                   retries=0, timeout=5) as client:
            with pytest.raises(Unreachable) as caught:
                await client.list(ListQuery(perpage=1))
    assert proxy.received == []
    assert not isinstance(caught.value, ProxyFailed)
    assert f"Could not connect to the store at http://{FAR_STORE_HOST}/api" in str(caught.value)


def test_https_follows_the_environment_and_no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    site = httpx.URL(FAR_STORE)
    monkeypatch.setenv("ALL_PROXY", "127.0.0.1:1080")
    assert route_to(site).proxy == "http://127.0.0.1:1080"
    assert route_to(site).variable == "ALL_PROXY"
    monkeypatch.setenv("HTTPS_PROXY", "http://user:pass@127.0.0.1:3128")
    assert (route_to(site).proxy, route_to(site).variable) == (
        "http://user:pass@127.0.0.1:3128", "HTTPS_PROXY")
    assert route_to(site).shown_proxy == "http://127.0.0.1:3128"
    monkeypatch.setenv("NO_PROXY", "example.org,.invalid")
    assert route_to(site).proxy is None
    assert "NO_PROXY" in (route_to(site).describe() or "")


def test_no_proxy_named_means_no_word_of_one(monkeypatch: pytest.MonkeyPatch) -> None:
    route = route_to(httpx.URL(FAR_STORE))
    assert (route.proxy, route.describe()) == (None, None)


@pytest.mark.parametrize(("url", "shown"), [
    ("http://alice:s3cret@127.0.0.1:3128", "http://127.0.0.1:3128"),
    ("http://alice:s3cret@[::1]:3128/path?key=s3cret", "http://[::1]:3128"),
    ("https://proxy.example:8443/", "https://proxy.example:8443"),
])
def test_a_proxy_is_shown_without_its_credentials(url: str, shown: str) -> None:
    assert without_credentials(url) == shown


# -- through the proxy: a tunnel, never the requests --------------------------------


def test_check_through_a_proxy_names_it_and_the_proxy_sees_only_a_tunnel(
    far_store: tuple[str, str], tmp_path: Path
) -> None:
    store_url, ca_file = far_store
    store_port = int(store_url.rsplit(":", 1)[1])
    with recording_proxy(tunnel_to=store_port) as proxy:
        with_login = proxy.url.replace("http://", "http://puser:ppass-Zz9@")
        env = isolated_env(tmp_path, FAR_STORE, SECRET, TOKEN) | {
            "HTTPS_PROXY": with_login, "SSL_CERT_FILE": ca_file}
        result = run_in_process(env, "check")
        as_json = run_in_process(env, "check", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"proxy: {proxy.url} (HTTPS_PROXY)"
    assert json.loads(as_json.stdout)["proxy"] == proxy.url
    assert "ppass-Zz9" not in result.stdout + result.stderr + as_json.stdout
    assert proxy.received[0].startswith(f"CONNECT {FAR_STORE_HOST}:443 ".encode())
    assert_no_credentials(proxy.everything)


def test_doctor_says_which_way_the_requests_go(
    far_store: tuple[str, str], local_store: str, tmp_path: Path
) -> None:
    store_url, ca_file = far_store
    with recording_proxy(tunnel_to=int(store_url.rsplit(":", 1)[1])) as proxy:
        env = isolated_env(tmp_path, FAR_STORE, SECRET, TOKEN) | {
            "HTTPS_PROXY": proxy.url, "SSL_CERT_FILE": ca_file}
        far = run_in_process(env, "doctor", "--format", "json")
        env = isolated_env(tmp_path, local_store, SECRET, TOKEN) | {"HTTP_PROXY": proxy.url}
        near = run_in_process(env, "doctor")
    checks = json.loads(far.stdout)["checks"]
    assert list(checks)[:3] == ["proxy", "reachable", "tls"]
    assert checks["proxy"]["value"] == proxy.url
    assert checks["proxy"]["text"].startswith(f"through the proxy at {proxy.url} (HTTPS_PROXY)")
    assert near.returncode == 0, near.stderr
    lines = near.stdout.splitlines()
    assert lines[1].split(None, 2)[1:] == [
        "proxy", (f"direct: the store is on this machine, so the proxy at {proxy.url} "
                  "(HTTP_PROXY) is not used")]
    assert "plain http:// to this machine: nothing crosses the network" in near.stdout
    assert_no_credentials(proxy.everything)


# -- a proxy that fails is the proxy's problem -----------------------------------


def test_a_proxy_refusing_connections_is_named(tmp_path: Path) -> None:
    port = unused_port()
    env = isolated_env(tmp_path, FAR_STORE, SECRET, TOKEN) | {
        "HTTPS_PROXY": f"http://puser:ppass-Zz9@127.0.0.1:{port}"}
    result = run_in_process(env, "check")
    assert_one_line_failure(
        result, f"Could not connect through the proxy at http://127.0.0.1:{port} "
                f"(connection refused). Check HTTPS_PROXY and ALL_PROXY (and HTTP_PROXY), "
                f"or name the store's host in NO_PROXY to reach it directly.")
    assert "ppass-Zz9" not in result.stderr and "store at" not in result.stderr


@pytest.mark.parametrize(("status", "words"), [
    (502, "refused to open a connection to the store (502). Check HTTPS_PROXY"),
    (403, "refused to open a connection to the store (403). Check HTTPS_PROXY"),
    (407, ("asks for a user and password (407). Give them in the proxy's URL "
           "(http://USER:PASSWORD@HOST:PORT in HTTPS_PROXY or ALL_PROXY)")),
])
def test_a_proxy_refusing_the_tunnel_is_named(tmp_path: Path, status: int, words: str) -> None:
    with recording_proxy(status=status) as proxy:
        env = isolated_env(tmp_path, FAR_STORE, SECRET, TOKEN) | {"HTTPS_PROXY": proxy.url}
        result = run_in_process(env, "check")
    assert_one_line_failure(result, f"The proxy at {proxy.url} {words}")
    assert proxy.received and all(item.startswith(b"CONNECT ") for item in proxy.received)
    assert_no_credentials(proxy.everything)


async def test_the_client_reports_a_refused_proxy_as_a_proxy_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = unused_port()
    monkeypatch.setenv("ALL_PROXY", f"127.0.0.1:{port}")
    async with DownloadsClient(FAR_STORE, TOKEN, SECRET, retries=0, timeout=5) as client:
        assert client.route.shown_proxy == f"http://127.0.0.1:{port}"
        with pytest.raises(ProxyFailed, match="connection refused"):
            await client.get("abc123")
