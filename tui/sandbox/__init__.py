"""A local stand-in for a WP EasyCart store's Downloads API, over SQLite.

It follows the vendor's reference (and DESIGN §1) so the app, its commands and its
tests can run against something real without a store of one's own; its `wordpress`
flavour behaves as a store on a real WordPress site does. Beside the API at the ground
floor, it imports only the API's models (`tui.api`).
"""

from tui.sandbox.app import create_app
from tui.sandbox.auth import DEFAULT_SECRET, DEFAULT_TOKEN
from tui.sandbox.flavors import FLAVORS, FlavorName
from tui.sandbox.options import SandboxOptions
from tui.sandbox.wordpress import WP_NAMESPACE

__all__ = ["DEFAULT_SECRET", "DEFAULT_TOKEN", "FLAVORS", "WP_NAMESPACE", "FlavorName",
           "SandboxOptions", "create_app"]
