"""The findings kept for one store, and the key they are kept under."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tui.api.models import FIELDS, MAX_PERPAGE

#: Whether the rows come back in the order asked for: "refused" is an error answer.
SortSupport = Literal["honoured", "ignored", "refused", "unknown"]
SearchMatch = Literal["yes", "no", "unknown"]


class Findings(BaseModel):
    """What is known of one store. A value left out (None) was not found out."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    #: The store's API root, as messages name it: findings for another root are stale.
    url: str
    #: When they were found, and by whom ("doctor", or "app" for its own checks).
    checked: datetime = Field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    by: Literal["doctor", "app"] = "app"
    #: The most rows the store serves per page (100 when it serves all that is asked).
    perpage_cap: int | None = Field(default=None, ge=1, le=MAX_PERPAGE)
    totals: bool | None = None
    list_shape: Literal["array", "results"] | None = None
    typing: Literal["numbers", "strings"] | None = None
    sorts: dict[str, SortSupport] = Field(default_factory=dict)
    search: dict[str, SearchMatch] = Field(default_factory=dict)
    basic_reads: bool | None = None
    writes: bool | None = None

    def sort_of(self, field: str) -> SortSupport:
        return self.sorts.get(field, "unknown")

    def sorts_on_screen(self, field: str) -> bool:
        """Whether a sort by `field` can only be a sort of the page on screen."""
        return self.sort_of(field) in ("ignored", "refused")

    def with_sort(self, field: str, support: SortSupport) -> Findings:
        """These findings after seeing how the store answers a sort by `field`."""
        assert field in FIELDS
        return self.model_copy(update={"sorts": self.sorts | {field: support}})


def store_key(*, profile: str | None, url: str, sandbox: str | None = None) -> str:
    """Which store findings belong to: the profile's, else the API root's; the
    built-in sandbox by its flavour."""
    if sandbox is not None:
        return f"sandbox:{sandbox}"
    return f"profile:{profile}" if profile else f"url:{url}"
