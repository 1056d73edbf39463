"""What can go wrong talking to a store, as one small hierarchy.

Every error carries a short message a store admin understands and can act on.
Messages are built here from facts we chose (status, field, host), never from
request headers, so no credential can end up in one.
"""

from __future__ import annotations


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


class NotFound(ApiError):
    """No download with that id (or the base URL does not point at the API)."""

    hint = "It may have been deleted; refresh the list."


class InputRejected(ApiError):
    """The store (or the client, before sending) refused a value.

    `field` names the offending field or query parameter when it is known.
    """

    hint = "Correct the value and try again."

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ServerError(ApiError):
    """The store answered with a 5xx (or another status we cannot act on)."""

    hint = "The store had a problem; try again in a moment."

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class Unreachable(ApiError):
    """No connection could be made (DNS, refused, TLS, reset)."""

    hint = "Check the store URL and your network."


class TimedOut(ApiError):
    """The store did not answer within the timeout."""

    hint = "The store is slow or down; try again, or raise the timeout."


class BadResponse(ApiError):
    """The store answered, but not with something this API sends."""

    hint = "Check that the URL points at the store's API root."
