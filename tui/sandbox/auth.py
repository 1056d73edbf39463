"""The store's authorization rules (DESIGN §1).

`Authorization: Bearer base64(token:secret)` or `Basic base64(token:secret)`; reads
take either scheme, writes take Bearer only. How a refusal is answered is up to the
store's flavour (`tui.sandbox.flavors`).
"""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass

DEFAULT_TOKEN = "sandbox-token"
DEFAULT_SECRET = "sandbox-secret"


@dataclass(frozen=True)
class Credentials:
    """The one token and secret key this store accepts."""

    token: str
    secret: str

    def match(self, encoded: str) -> bool:
        """Whether `encoded` is base64 of `token:secret`, compared in constant time."""
        try:
            given = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            return False
        return hmac.compare_digest(given, f"{self.token}:{self.secret}".encode())


def refusal(header: str | None, credentials: Credentials, *, bearer_only: bool) -> str | None:
    """Why the Authorization header is not acceptable here, or None if it is."""
    scheme, _, encoded = (header or "").strip().partition(" ")
    scheme = scheme.lower()
    if scheme not in ("bearer", "basic"):
        return "Unauthorized"
    if bearer_only and scheme != "bearer":
        return "Unauthorized: writes need Bearer authorization, not Basic"
    if not credentials.match(encoded.strip()):
        return "Unauthorized"
    return None
