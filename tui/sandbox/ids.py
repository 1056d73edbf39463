"""Download ids as a real store makes them at checkout: PHP's `uniqid(md5(rand()))`.

That is an md5 digest (32 hex characters) followed by `uniqid`'s 13: the moment of
creation as `sprintf("%08x%05x", seconds, microseconds)`. So an id is 45 lowercase hex
characters, and its last 13 tell when its download was made.
"""

from __future__ import annotations

import hashlib
import secrets

#: PHP's `getrandmax()`: `rand()` draws from 0 to this.
_RAND_MAX = 2**31 - 1


def download_id(md5_of: bytes, seconds: int, microseconds: int) -> str:
    """The id `uniqid(md5(x))` gives for `x` at Unix time `seconds` plus `microseconds`."""
    digest = hashlib.md5(md5_of, usedforsecurity=False).hexdigest()
    return f"{digest}{seconds:08x}{microseconds:05x}"


def new_download_id(moment: float) -> str:
    """An id for a download made at `moment` (Unix time), from a fresh `rand()`."""
    seconds = int(moment)
    microseconds = int((moment - seconds) * 1_000_000)
    return download_id(b"%d" % secrets.randbelow(_RAND_MAX + 1), seconds, microseconds)
