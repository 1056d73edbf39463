"""The downloads marked for a bulk action, kept by id with their records.

Keyed by id, not by row, so marks survive paging, sorting and searching; the
record is kept with its id so a bulk action can run on marked records that are
not on the page shown. UI-free, so its rules are plain to test.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tui.api.models import Download, InvalidRecord


class Marks:
    """Marked records in the order they were marked."""

    def __init__(self) -> None:
        self._records: dict[str, Download] = {}

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, download_id: object) -> bool:
        return download_id in self._records

    def __iter__(self) -> Iterator[Download]:
        return iter(list(self._records.values()))

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self._records)

    def toggle(self, record: Download) -> bool:
        """Mark `record`, or unmark it if it was marked; True when it is now marked."""
        if self._records.pop(record.download_id, None) is not None:
            return False
        self._records[record.download_id] = record
        return True

    def add(self, records: Iterable[Download]) -> None:
        for record in records:
            self._records[record.download_id] = record

    def discard(self, download_ids: Iterable[str]) -> None:
        for download_id in download_ids:
            self._records.pop(download_id, None)

    def clear(self) -> None:
        self._records.clear()

    def refresh(self, items: Iterable[Download | InvalidRecord]) -> None:
        """Keep the newest copy of each marked record found in `items` (a page just
        read), so a bulk action and its confirm see the store's current values."""
        for item in items:
            if isinstance(item, Download) and item.download_id in self._records:
                self._records[item.download_id] = item
