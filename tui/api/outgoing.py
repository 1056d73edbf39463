"""What the client sends, checked before it goes: a record's path, and the changes
to write. What no store could take is refused here as `InputRejected`, so a typo
costs no round trip and the message names the field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from tui.api.errors import InputRejected
from tui.api.models import MAX_ID_LENGTH, DownloadChanges, describe_validation_error


def record_path(download_id: str) -> tuple[str, str]:
    """The path of one record. Any id the store sends is used whole (it is escaped
    in the URL); only one no store column could hold is refused before sending."""
    if not 0 < len(download_id) <= MAX_ID_LENGTH:
        raise InputRejected(
            f"A download id is 1 to {MAX_ID_LENGTH} characters long, not {len(download_id)}.",
            field="download_id",
        )
    return ("downloads", download_id)


def checked_changes(changes: DownloadChanges | Mapping[str, Any]) -> DownloadChanges:
    """`changes` as a `DownloadChanges`, validated when given as a mapping."""
    if isinstance(changes, DownloadChanges):
        return changes
    try:
        return DownloadChanges.model_validate(dict(changes))
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else None
        raise InputRejected(describe_validation_error(exc), field=field) from None
