"""The store's Downloads API: models, errors and the async client.

The ground floor: it imports nothing else of tui/ (no Textual, no config), so it can be
used as a library. `tests/test_imports.py` holds it to that.
"""

from tui.api.client import DownloadsClient, encode_credentials
from tui.api.errors import (
    ApiError,
    AuthError,
    BadResponse,
    InputRejected,
    NotFound,
    ServerError,
    TimedOut,
    Unreachable,
)
from tui.api.models import (
    FIELDS,
    WRITABLE_FIELDS,
    Download,
    DownloadChanges,
    InvalidRecord,
    ListQuery,
    Page,
)

__all__ = [
    "FIELDS",
    "WRITABLE_FIELDS",
    "ApiError",
    "AuthError",
    "BadResponse",
    "Download",
    "DownloadChanges",
    "DownloadsClient",
    "InputRejected",
    "InvalidRecord",
    "ListQuery",
    "NotFound",
    "Page",
    "ServerError",
    "TimedOut",
    "Unreachable",
    "encode_credentials",
]
