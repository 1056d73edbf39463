"""The two kinds of store the sandbox can be, and everything that differs between them.

"plain" follows the API reference to the letter (DESIGN §6). "wordpress" behaves as a
real store does (DESIGN §1, "What a real store sends"), so that a client meets, before
it meets a real store, what the reference leaves out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import unquote

from starlette.middleware import Middleware

from tui.sandbox.errors import ApiFailure
from tui.sandbox.store import TEXT_AND_EXACT_IDS, Record, SearchRule
from tui.sandbox.validation import check_download_id
from tui.sandbox.wordpress import REST_PREFIX, WP_NAMESPACE, WordPressSite, database_row

FlavorName = Literal["plain", "wordpress"]


class Flavor:
    """The store as the reference describes it: the API at the site's root, typed
    records, and a 400 for bad credentials and for whatever it does not know."""

    name: FlavorName = "plain"
    #: What places the API on the site (nothing: here the API is the site).
    middleware: tuple[Middleware, ...] = ()
    #: A 400 for a `perpage` over 100 or an unknown sort term or direction.
    strict_list_query = True
    search_rule: SearchRule = TEXT_AND_EXACT_IDS

    def api_roots(self, site: str) -> tuple[str, ...]:
        """Where the API root is on the site at `site`: the usual URL first."""
        return (site,)

    def refused(self, reason: str) -> ApiFailure:
        """The answer to credentials the store does not take; `reason` says why."""
        return ApiFailure(400, "rest_forbidden", reason)

    def read_id(self, segment: str) -> str:
        """The download id a path segment names."""
        return check_download_id(segment)

    def no_such_download(self) -> ApiFailure:
        return ApiFailure(404, "rest_not_found", "No download with that id.")

    def present(self, record: Record) -> Mapping[str, Any]:
        """A record as the store sends it."""
        return record


class WordPressFlavor(Flavor):
    """A real store: the API in a WordPress REST namespace, records as WordPress's
    database layer returns them, any id the `varchar(191)` column may hold, a 401 for
    bad credentials, and list queries taken as leniently as WordPress plugins take
    them (a `perpage` over the cap is the cap, an unknown sort term is ignored)."""

    name: FlavorName = "wordpress"
    middleware = (Middleware(WordPressSite),)
    strict_list_query = False
    #: The plugin's own admin search.
    search_rule = SearchRule(
        substring_of=("download_id", "order_id", "product_id", "download_file_name")
    )

    def api_roots(self, site: str) -> tuple[str, ...]:
        """Pretty permalinks, then the plain-permalink form that always works."""
        return (f"{site}{REST_PREFIX}{WP_NAMESPACE}", f"{site}/?rest_route={WP_NAMESPACE}")

    def refused(self, reason: str) -> ApiFailure:
        return ApiFailure(401, "rest_forbidden", "Sorry, you are not allowed to do that.")

    def read_id(self, segment: str) -> str:
        """The segment decoded once: `WordPressSite` hands the route on still encoded."""
        return unquote(segment)

    def no_such_download(self) -> ApiFailure:
        return ApiFailure(404, "rest_download_invalid_id", "Invalid download ID.")

    def present(self, record: Record) -> Mapping[str, Any]:
        return database_row(record)


FLAVORS: Mapping[str, Flavor] = {flavor.name: flavor for flavor in (Flavor(), WordPressFlavor())}
