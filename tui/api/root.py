"""A store's API root, and how a resource path becomes a request URL.

WordPress serves its REST API in two forms. With pretty permalinks the root is a
path (`https://shop.example.com/wp-json/wp-easycart/v1`) and a resource is added
to it. With plain permalinks it is a query (`https://shop.example.com/?rest_route=
/wp-easycart/v1`): the resource goes into `rest_route`, and a request's own
parameters are added beside it, never in place of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import httpx

ROUTE_PARAM = "rest_route"
#: Where WordPress serves the REST API with pretty permalinks.
_PRETTY_PREFIX = "/wp-json"
#: The namespace shown in suggestions when the URL names none.
_EXAMPLE_NAMESPACE = "/wp-easycart/v1"


def _segment(text: str) -> str:
    """One path segment, every reserved character escaped: an id may hold any."""
    return quote(text, safe="")


@dataclass(frozen=True)
class ApiRoot:
    """The API root as given: `site` is the URL without `rest_route`, and `route`
    the namespace route in it (None for the path form)."""

    site: httpx.URL
    route: str | None = None

    @classmethod
    def parse(cls, base_url: str) -> ApiRoot:
        url = httpx.URL(base_url).copy_with(username=None, password=None, fragment=None)
        route = url.params.get(ROUTE_PARAM)
        if route is None:
            return cls(url.copy_with(path=url.path.rstrip("/")))
        route = "/" + route.strip("/")
        return cls(url.copy_remove_param(ROUTE_PARAM), route.rstrip("/") or "/")

    def url(self, *segments: str, params: Mapping[str, str | int] | None = None) -> httpx.URL:
        """The URL of the resource `segments` (e.g. "downloads", an id), with `params`."""
        resource = "/".join(_segment(part) for part in segments)
        if self.route is None:
            url = self.site.copy_with(path=f"{self.site.path.rstrip('/')}/{resource}")
        else:
            url = self.site.copy_merge_params({ROUTE_PARAM: f"{self.route.rstrip('/')}/{resource}"})
        return url.copy_merge_params(dict(params)) if params else url

    def shown(self, *segments: str) -> str:
        """The root (or a resource under it) as people write it, `rest_route` unescaped."""
        if self.route is None:
            return str(self.url(*segments)) if segments else str(self.site)
        route = "/".join([self.route.rstrip("/"), *map(_segment, segments)])
        others = urlencode([(key, value) for key, value in self.site.params.multi_items()])
        base = str(self.site.copy_with(query=None))
        return f"{base}?{ROUTE_PARAM}={route}" + (f"&{others}" if others else "")

    def key(self) -> str:
        """One name for the store however its root is written: the pretty form of a
        `rest_route` root, no trailing slash, no default port (httpx drops it), no
        query but the route. Local records of the store (the journal) go by it."""
        if self.route is None:
            return str(self.site.copy_with(query=None)).rstrip("/")
        path = self.site.path.removesuffix("/index.php").rstrip("/")
        site = str(self.site.copy_with(path=path or "/", query=None)).rstrip("/")
        return f"{site}{_PRETTY_PREFIX}{self.route.rstrip('/')}"

    def suggestions(self) -> tuple[str, str]:
        """The two forms of this site's API root, for when this one is wrong: pretty
        permalinks first, then plain permalinks (which always work)."""
        path, route = self.site.path, self.route or ""
        if self.route is None:
            before, found, after = path.partition(_PRETTY_PREFIX + "/")
            path, route = (before, after) if found else (path, "")
        path = path.removesuffix("/index.php")
        # A namespace is "vendor/version"; more is a resource given by mistake.
        parts = [part for part in route.split("/") if part]
        namespace = "/" + "/".join(parts[:2]) if len(parts) >= 2 else _EXAMPLE_NAMESPACE
        site = str(self.site.copy_with(path=path.rstrip("/") or "/", query=None)).rstrip("/")
        return f"{site}{_PRETTY_PREFIX}{namespace}", f"{site}/?{ROUTE_PARAM}={namespace}"


def display_url(url: str | httpx.URL) -> str:
    """An API root (or URL) as messages show it: no user:password, `rest_route` kept."""
    return ApiRoot.parse(str(url)).shown()
