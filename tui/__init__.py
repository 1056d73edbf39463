"""easycart-tui: manage a WP EasyCart store's Downloads from the terminal."""

import sys
from types import ModuleType

__version__ = "0.1.0"

# `import httpx` also imports httpx's own command-line tool (`httpx._main`, with
# click, pygments and much of rich) whenever those are installed, and here they
# always are: uvicorn brings click, Textual brings rich. That is some 30 ms of
# every start-up spent on a tool this program never runs. An empty stand-in
# lacks its `main`, so httpx takes the path it has for when they are missing.
# Only done when httpx is not loaded yet (then nothing can have used the real one).
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", ModuleType("httpx._main"))
