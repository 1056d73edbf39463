"""What a sandbox store is made with, as one object: `create_app`, `serve` and the
`sandbox` command name each option once, here, and check it once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal, get_args

from tui.api.models import FIELDS
from tui.sandbox.auth import DEFAULT_SECRET, DEFAULT_TOKEN
from tui.sandbox.flavors import FLAVORS, FlavorName

#: Where the text a plugin prints goes: before the JSON, after it, or both.
PrintedText = Literal["before", "after", "both"]
PRINTED_TEXT: tuple[PrintedText, ...] = get_args(PrintedText)


@dataclass(frozen=True)
class SandboxOptions:
    """A sandbox store: `records` sample downloads, in memory or in the file `db`.

    With `totals`, list answers carry `X-WP-Total` and `X-WP-TotalPages`. A list page
    holds at most `perpage_cap` records (by default 100, as EasyCart's other routes
    allow). A sort by one of the `unsorted` fields is ignored without a word, as a
    plugin that does not know a sort term falls back to its default order.

    The rest is what real hosts do to the API (`tui.sandbox.hosts`): the web server
    drops the Authorization header (`drop_authorization`), the route refuses a page
    over `refuse_perpage_over` with WordPress's 400, a plugin prints text around every
    answer (`print_around_json`), PHP stops with a fatal error (`fatal_error`).
    """

    records: int = 1000
    db: str | None = None
    latency_ms: int = 0
    token: str = DEFAULT_TOKEN
    secret: str = DEFAULT_SECRET
    totals: bool = False
    flavor: FlavorName = "plain"
    perpage_cap: int | None = None
    unsorted: tuple[str, ...] = ()
    drop_authorization: bool = False
    refuse_perpage_over: int | None = None
    print_around_json: PrintedText | None = None
    fatal_error: bool = False

    def __post_init__(self) -> None:
        if self.flavor not in FLAVORS:
            raise ValueError(f"no sandbox flavour {self.flavor!r}: choose one of "
                             f"{', '.join(FLAVORS)}")
        for name in ("perpage_cap", "refuse_perpage_over"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"{name} must be at least 1, not {value}")
        if unknown := set(self.unsorted) - set(FIELDS):
            raise ValueError(f"cannot leave unsorted {', '.join(sorted(unknown))}: not a field")
        if self.print_around_json not in (None, *PRINTED_TEXT):
            raise ValueError(f"print_around_json is one of {', '.join(PRINTED_TEXT)}, not "
                             f"{self.print_around_json!r}")

    @classmethod
    def given(cls, options: SandboxOptions | None, fields: Mapping[str, Any]) -> SandboxOptions:
        """`options` with `fields` changed; the defaults with `fields` when none are given."""
        return cls(**fields) if options is None else replace(options, **fields)
