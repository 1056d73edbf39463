"""The first probe of `doctor`: the way to the store, reachable, TLS, the URL form,
and the token (`POST /authenticate/test`); for a refused token, whether the
Authorization header reaches the store at all (`tui.api.authorization`)."""

from __future__ import annotations

from tui.api.client import DownloadsClient
from tui.api.errors import (
    ApiError,
    AuthError,
    HeaderOrCredentials,
    KeysRefused,
    WrongApiRoot,
)
from tui.api.proxies import is_loopback
from tui.core.findings.probes import Examination


async def examine_reach(client: DownloadsClient, exam: Examination, *, verify_tls: bool,
                        in_process: bool = False) -> bool:
    """The way to the store (when the environment names a proxy), reachable, TLS,
    the URL form and the token with Bearer (`POST /authenticate/test`)."""
    if (way := client.route.describe()) is not None:
        exam.add("proxy", "ok", "proxy", way, client.route.shown_proxy)
    try:
        reached = await client.test_auth()
    except WrongApiRoot as problem:
        exam.add("reachable", "ok", "reachable", f"{client.root.site.host} answered")
        exam.failed("api_root", "API root", problem)
        return False
    except AuthError as problem:
        exam.add("reachable", "ok", "reachable", f"{client.root.site.host} answered")
        exam.failed("auth_bearer", "token (Bearer)", problem)
        _header(problem, exam)
        return False
    except ApiError as problem:
        exam.failed("reachable", "reachable", problem)
        return False
    exam.add("reachable", "ok", "reachable", "the store answered POST /authenticate/test",
             reached)
    _tls(client, exam, verify_tls, in_process)
    form = "path" if client.root.route is None else "rest_route"
    exam.add("url_form", "ok", "URL form",
             "?rest_route=… (plain permalinks): each request's resource goes into rest_route"
             if form == "rest_route" else "path (…/wp-json/…, pretty permalinks)", form)
    exam.add("auth_bearer", "ok", "token (Bearer)",
             "accepted with Bearer: reads and writes can be sent", True)
    return True


def _tls(client: DownloadsClient, exam: Examination, verify_tls: bool, in_process: bool) -> None:
    if in_process:
        exam.add("tls", "ok", "TLS", "none needed: the sandbox runs inside this program", "none")
    elif client.root.site.scheme == "http" and is_loopback(client.root.site.host):
        exam.add("tls", "ok", "TLS", "plain http:// to this machine: nothing crosses the "
                 "network", "none")
    elif client.root.site.scheme == "http":
        exam.add("tls", "failed", "TLS", "plain http://: nothing is encrypted (fine only on "
                 "this machine or a network you trust)", "none")
    elif verify_tls:
        exam.add("tls", "ok", "TLS", "the certificate was verified", "verified")
    else:
        exam.add("tls", "failed", "TLS", "the certificate is not verified (verify_tls = false): "
                 "anyone on the way could pose as the store", "unverified")


def _header(refused: AuthError, exam: Examination) -> None:
    """Whether the Authorization header reached the store that refused the token."""
    if isinstance(refused, HeaderOrCredentials):
        exam.add("auth_header", "unknown", "Authorization header",
                 "cannot tell whether it reaches the store: it answers a request without "
                 "the header exactly alike; if the token and secret key are right, the web "
                 "server drops the header (Apache does unless told to pass it on)", "unknown")
    elif isinstance(refused, KeysRefused):
        exam.add("auth_header", "ok", "Authorization header",
                 "reaches the store (it answers a request without it otherwise): the token "
                 "and secret key themselves are refused", "reaches")
