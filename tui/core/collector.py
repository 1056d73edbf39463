"""The garbage collector during start-up.

Start-up makes a great many objects that last as long as the program (modules,
classes, validators), and the cyclic garbage collector would walk all of them
again and again while they are made: a good part of the time to the first
frame. It stays off meanwhile; then they are frozen (set aside for good) so
that later collections skip them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collector() -> Iterator[None]:
    """No collection inside; what was made is frozen on the way out, and the
    collector is back on if it was on before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
