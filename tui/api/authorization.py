"""Telling a refusal of the credentials from an Authorization header the web server
dropped.

Apache hands PHP no Authorization header unless `CGIPassAuth On` or WordPress's
rewrite rule passes it on, and WordPress then refuses the request exactly as it
refuses wrong keys (401 `rest_forbidden`). What can be found out from outside is
how the store answers the same request without credentials: otherwise than with
them, and the header reached it, so it refused the keys themselves; exactly alike,
and either may be true (a WordPress route answers no keys and wrong keys alike),
so the message names both, and how to pass the header on.
"""

from __future__ import annotations

from tui.api.answers import Answer
from tui.api.errors import AuthError, HeaderOrCredentials, KeysRefused
from tui.api.failures import ServerWords, ending


def probe_method(method: str, path: tuple[str, ...], auth_test: tuple[str, ...]) -> str:
    """The method of the twin without credentials of a `method` request for `path`:
    the same for a read (and for the credentials test, which changes nothing), and
    for a write a read of the same resource, so that no write is ever sent twice."""
    return method if method == "GET" or path == auth_test else "GET"


def told_apart(refused: AuthError, answer: Answer, without: Answer | None) -> AuthError:
    """What the refusal `answer` means, now that the store has answered the same
    request without credentials (`without`; None when that answer did not come)."""
    if without is not None and without.status_code >= 500:
        without = None  # a store failing for a moment tells nothing of the header
    if without is not None and _gist(without) != _gist(answer):
        return KeysRefused(refused.message)
    words = ServerWords(answer)
    alike = " exactly as it refuses a request without them" if without is not None else ""
    return HeaderOrCredentials(
        f"The store refused the token and secret key "
        f"({answer.status_code}{ending(words.message)}){alike}: "
        f"either they are wrong, or the web server drops the Authorization header before "
        f"the store sees it.")


def _gist(answer: Answer) -> tuple[int, str, str] | tuple[int, bytes]:
    """What an answer says, without what changes from one answer to the next (a
    WordPress error's `code` and `message`, else the whole body)."""
    words = ServerWords(answer)
    if words.is_json_object:
        return answer.status_code, words.code, words.message
    return answer.status_code, answer.content
