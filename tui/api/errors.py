"""What can go wrong talking to a store, as one small hierarchy.

Every error carries a short message a store admin understands and can act on.
Messages are built here from facts we chose (status, field, host), never from
request headers, so no credential can end up in one.
"""

from __future__ import annotations

from collections.abc import Mapping


class ApiError(Exception):
    """Base class: `str(error)` is the message to show."""

    hint = ""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class AuthError(ApiError):
    """The store refused the token and secret (or their kind of authorization)."""

    hint = "Check the token and secret key in the store's admin."


class KeysRefused(AuthError):
    """A refusal of the keys themselves: the store was seen to read the Authorization
    header (it answers a request without one otherwise)."""

    hint = ("Check the token and secret key in the store's admin: they reach the store, "
            "and it refuses them.")


#: How a web server is made to hand PHP the Authorization header.
_PASS_THE_HEADER_ON = (
    "on Apache `CGIPassAuth On`, or the rewrite rule "
    "`RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]` (in the site's "
    ".htaccess); on nginx `fastcgi_param HTTP_AUTHORIZATION $http_authorization;`")


class HeaderOrCredentials(AuthError):
    """A refusal the store gives a request without credentials too: either they are
    wrong, or the web server drops the Authorization header before the store sees
    it (Apache does, unless told to pass it on), and from outside the two look alike."""

    hint = ("Check the token and secret key in the store's admin; if they are right, have "
            f"the web server pass the header on to PHP: {_PASS_THE_HEADER_ON}.")


class Forbidden(AuthError):
    """The store knows the credentials but does not allow this request (403)."""

    hint = ("The token may be limited to some requests (WP EasyCart admin → Settings → "
            "Third Party), or a security plugin or firewall blocks the API.")


class NotFound(ApiError):
    """No download with that id."""

    hint = "It may have been deleted (deleting an order deletes its downloads too)."


class WrongApiRoot(ApiError):
    """The URL is not the store's API root: WordPress found no such route there.

    Not a `NotFound`: no record is gone, and nothing may act as if one were.
    `hint` names the two forms the root could take on this site.
    """

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class InputRejected(ApiError):
    """The store (or the client, before sending) refused a value.

    `field` names the offending field or query parameter when it is known;
    `fields` holds what was said of each one, when the store named several.
    """

    hint = "Correct the value and try again."

    def __init__(self, message: str, field: str | None = None,
                 fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = dict(fields or ({field: message} if field is not None else {}))
        self.field = field if field is not None else next(iter(self.fields), None)


class ServerError(ApiError):
    """The store answered with a 5xx (or another status we cannot act on)."""

    hint = "The store had a problem; try again in a moment."

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class PhpFatalError(ServerError):
    """The store's PHP code stopped with a fatal error (WordPress's "critical error"):
    asking again cannot help, so reads are not retried."""

    hint = ("The error is in the store's PHP error log (with WP_DEBUG_LOG on, in "
            "wp-content/debug.log): the plugin or theme it names must be fixed or "
            "turned off.")


class Unreachable(ApiError):
    """No connection could be made (DNS, refused, TLS, reset)."""

    hint = "Check the store URL and your network."


class ProxyFailed(Unreachable):
    """The proxy the environment names for the store could not be used: the
    problem is the proxy's, so the hint is about the proxy, not the store."""

    hint = ("Check HTTPS_PROXY and ALL_PROXY (and HTTP_PROXY), or name the store's host "
            "in NO_PROXY to reach it directly.")

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class CertificateRefused(Unreachable):
    """The store's TLS certificate could not be verified. `hint` says what to do for
    this kind of problem. Trying again cannot help, so reads are not retried."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class TimedOut(ApiError):
    """The store did not answer within the timeout."""

    hint = "The store is slow or down; try again, or raise the timeout."


class BadResponse(ApiError):
    """The store answered, but not with something this API sends."""

    hint = "Check that the URL points at the store's API root."


class NotJson(BadResponse):
    """An answer that holds no JSON at all. The message says what to check, and
    blames the URL only while no answer has shown the API to be there."""

    hint = ""


class Redirected(BadResponse):
    """The store answered with a redirect, which is never followed (the credentials
    would go with it). The message names where it points and the URL to use."""

    hint = ""
