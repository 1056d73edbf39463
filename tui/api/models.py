"""The Downloads resource as pydantic models.

Reading is tolerant, as a real store (WordPress, PHP, MySQL) answers: numbers and
booleans as strings, strings as null, the S3 flag under its column's name
`is_amazon_download`, ids of any characters. Writing is strict (only the six
writable fields, integers >= 0), so what leaves the app is always what the API
reference describes.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
)

#: The id pattern the API reference gives; ids the store sends are taken whatever they hold.
DOWNLOAD_ID_PATTERN = re.compile(r"^[0-9a-zA-Z]+$")
#: The longest id the store's column holds (`download_id` varchar(191)).
MAX_ID_LENGTH = 191

#: Every field of a record, in the order the API reference lists them.
FIELDS: tuple[str, ...] = (
    "download_id",
    "date_created",
    "product_id",
    "order_id",
    "download_count",
    "download_file_name",
    "is_amazon",
    "amazon_key",
)
#: The fields a client may send; `download_id` and `date_created` belong to the store.
WRITABLE_FIELDS: tuple[str, ...] = FIELDS[2:]
READ_ONLY_FIELDS: tuple[str, ...] = FIELDS[:2]
INTEGER_FIELDS: tuple[str, ...] = ("product_id", "order_id", "download_count")

SortField = Literal[
    "download_id",
    "date_created",
    "product_id",
    "order_id",
    "download_count",
    "download_file_name",
    "is_amazon",
    "amazon_key",
]
SortDir = Literal["ASC", "DESC"]

DEFAULT_PERPAGE = 50
MAX_PERPAGE = 100
#: The longest timeout, in seconds, a profile or `--timeout` may set.
MAX_TIMEOUT = 600.0


def _null_to_empty(value: Any) -> Any:
    return "" if value is None else value


def _lenient_bool(value: Any) -> Any:
    """PHP sends `"1"`, `"0"`, `1`, `0`, `""` or null for a boolean column."""
    if value is None or value == "":
        return False
    if isinstance(value, str):
        return value.strip().lower()
    return value


LenientStr = Annotated[str, BeforeValidator(_null_to_empty)]
LenientBool = Annotated[bool, BeforeValidator(_lenient_bool)]
#: The store keeps ids and counts in 64-bit columns; anything wider is not a record.
StoreInt = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
#: Any text the store's id column can hold.
StoreId = Annotated[str, Field(min_length=1, max_length=MAX_ID_LENGTH)]


class Download(BaseModel):
    """One Downloads record as the store returns it."""

    model_config = ConfigDict(frozen=True, coerce_numbers_to_str=True, extra="ignore")

    download_id: StoreId
    date_created: LenientStr = ""
    product_id: StoreInt
    order_id: StoreInt
    download_count: StoreInt
    download_file_name: LenientStr = ""
    # The store's column is `is_amazon_download`; the reference calls it `is_amazon`.
    is_amazon: LenientBool = Field(
        default=False, validation_alias=AliasChoices("is_amazon", "is_amazon_download"))
    amazon_key: LenientStr = ""


class InvalidRecord(BaseModel):
    """A list entry the store sent that is not a readable record.

    Kept (with its raw data) so one broken row does not take the page down.
    """

    model_config = ConfigDict(frozen=True)

    raw: Any
    problem: str

    @property
    def download_id(self) -> str | None:
        """The id, when the broken entry still carries a usable one."""
        if isinstance(self.raw, dict):
            value = self.raw.get("download_id")
            if isinstance(value, (str, int)) and 0 < len(str(value)) <= MAX_ID_LENGTH:
                return str(value)
        return None


#: The most a number field may be written as: the store's columns are signed 32-bit.
MAX_STORED_NUMBER = 2**31 - 1
NonNegativeInt = Annotated[int, Field(ge=0, le=MAX_STORED_NUMBER)]


class DownloadChanges(BaseModel):
    """Any subset of the six writable fields; only the fields set are ever sent."""

    model_config = ConfigDict(extra="forbid")

    product_id: NonNegativeInt | None = None
    order_id: NonNegativeInt | None = None
    download_count: NonNegativeInt | None = None
    download_file_name: str | None = None
    is_amazon: bool | None = None
    amazon_key: str | None = None

    def body(self) -> dict[str, Any]:
        """The JSON body: exactly the fields that were given."""
        return self.model_dump(mode="json", exclude_unset=True)


class ListQuery(BaseModel):
    """What `GET /downloads` is asked for."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    page: int = Field(default=1, ge=1)
    perpage: int = Field(default=DEFAULT_PERPAGE, ge=1, le=MAX_PERPAGE)
    sortby: SortField | None = None
    sortdir: SortDir = "ASC"
    search: str | None = None
    #: Exact filter terms (`tui.core.filters`), judged on the client: never sent,
    #: so a query holding them is refused by the client (`tui.core.matches` reads it).
    where: str | None = None

    def params(self) -> dict[str, str | int]:
        """Query parameters, leaving out what is not set."""
        params: dict[str, str | int] = {"page": self.page, "perpage": self.perpage}
        if self.sortby is not None:
            params["sortby"] = self.sortby
            params["sortdir"] = self.sortdir
        if self.search:
            params["search"] = self.search
        return params


class Page(BaseModel):
    """One page of `GET /downloads`, plus what is known about the pages around it."""

    model_config = ConfigDict(frozen=True)

    items: tuple[Download | InvalidRecord, ...]
    page: int
    perpage: int
    has_more: bool
    total: int | None = None
    total_pages: int | None = None

    @property
    def records(self) -> list[Download]:
        """The readable records of the page."""
        return [item for item in self.items if isinstance(item, Download)]


_DOWNLOAD_ADAPTER: TypeAdapter[Download] = TypeAdapter(Download)


def parse_download(raw: Any) -> Download:
    """Validate one record; raises `ValidationError`."""
    return _DOWNLOAD_ADAPTER.validate_python(raw)


def parse_list_item(raw: Any) -> Download | InvalidRecord:
    """Validate one list entry, turning a broken one into an `InvalidRecord`."""
    try:
        return _DOWNLOAD_ADAPTER.validate_python(raw)
    except ValidationError as exc:
        return InvalidRecord(raw=raw, problem=describe_validation_error(exc))


def parse_list_items(entries: list[Any]) -> tuple[Download | InvalidRecord, ...]:
    """Every entry of a list answer validated, all in one call when every one is a
    record (the usual case, and several times cheaper than one call each); else
    entry by entry, so only the broken ones become `InvalidRecord`s."""
    try:
        return tuple(_records_adapter().validate_python(entries))
    except ValidationError:
        return tuple(parse_list_item(raw) for raw in entries)


@cache
def _records_adapter() -> TypeAdapter[list[Download]]:
    return TypeAdapter(list[Download])


def dump_records(records: list[Download]) -> list[dict[str, Any]]:
    """Each record as `model_dump(mode="json")` gives it, all in one call (a page
    at a time, that is several times faster than record by record)."""
    return _records_adapter().dump_python(records, mode="json")


def describe_validation_error(exc: ValidationError) -> str:
    """A short human summary of the first problems pydantic found."""
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error["loc"]) or "value"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)
