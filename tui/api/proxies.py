"""Which way a client's requests take to its store: straight, or through the proxy
the environment names (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, less `NO_PROXY`).

httpx would pick a proxy from the environment by itself. The client picks instead,
by the rules below, so that the token and secret never reach a proxy in clear text,
and so that `doctor` and `check` can say which way the requests go:

- A store on this machine (localhost, 127.0.0.0/8, ::1) is reached directly. Through
  a proxy its address would name the proxy's machine, and its plain-http credentials
  would cross the network that doctor says they never cross.
- A store over plain http:// on another machine (allowed only with
  `allow_insecure_http`, on a network the user trusts) is reached directly too. An
  http proxy reads every request it forwards, Authorization header and all, and it
  stands outside the network the user chose to trust. Refusing such a store instead
  would make it unusable wherever a proxy is set for the web at large; reached
  directly, the worst case is a store that cannot be reached, and nothing is sent.
- An https:// store goes through the proxy, as every other tool's requests do: the
  proxy only opens a tunnel (`CONNECT host:port`) and TLS runs through it end to end,
  so the proxy learns the store's host name and nothing of the requests.
"""

from __future__ import annotations

import ipaddress
import urllib.request
from dataclasses import dataclass

import httpx


def is_loopback(host: str) -> bool:
    """`localhost`, 127.0.0.0/8 or ::1: this machine, where plain http is harmless."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Route:
    """How the requests reach the store. `proxy` is the URL to hand to httpx (it may
    hold the proxy's own user and password); `variable` is the environment variable
    that named a proxy; `direct_because` says why a proxy it named is not used."""

    proxy: str | None = None
    variable: str | None = None
    direct_because: str | None = None

    @property
    def shown_proxy(self) -> str | None:
        """The proxy as messages name it: scheme, host and port, never its credentials."""
        return None if self.proxy is None else without_credentials(self.proxy)

    def describe(self) -> str | None:
        """One line on the way requests take, when the environment names a proxy."""
        if self.proxy is not None:
            return (f"through the proxy at {self.shown_proxy} ({self.variable}); over https "
                    f"it sees the store's host name, never the requests")
        return self.direct_because


def route_to(site: httpx.URL) -> Route:
    """The way to the store at `site`, from the environment, by the rules above."""
    proxies = urllib.request.getproxies()
    key = next((name for name in (site.scheme, "all") if proxies.get(name)), None)
    if key is None:
        return Route()
    named = proxies[key] if "://" in proxies[key] else f"http://{proxies[key]}"
    variable = f"{key.upper()}_PROXY"
    passed_over = f"the proxy at {without_credentials(named)} ({variable}) is not used"
    if is_loopback(site.host):
        return Route(variable=variable,
                     direct_because=f"direct: the store is on this machine, so {passed_over}")
    if site.scheme != "https":
        return Route(variable=variable, direct_because=(
            f"direct: plain http:// is never sent through a proxy (it would read the token "
            f"and secret), so {passed_over}"))
    if urllib.request.proxy_bypass(site.host):
        return Route(variable=variable,
                     direct_because=f"direct: NO_PROXY names the store's host, so {passed_over}")
    return Route(proxy=named, variable=variable)


def without_credentials(url: str) -> str:
    """`url` as scheme://host:port: no user, password, path or query."""
    try:
        parsed = httpx.URL(url)
        return str(parsed.copy_with(username=None, password=None, path="", query=None,
                                    fragment=None))
    except (httpx.InvalidURL, TypeError, ValueError):
        return "(an unreadable proxy URL)"
