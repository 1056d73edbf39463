"""SQLite storage for the sandbox store's downloads.

One worker thread owns the connection and runs every statement: the event loop never
waits on the disk or on a long scan, and sqlite3 is only ever used from the thread
that opened it. Calls are queued in order, so each one sees the previous one's work.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from tui.api.models import FIELDS, WRITABLE_FIELDS
from tui.sandbox.ids import new_download_id
from tui.sandbox.seed import Row, sample_rows

Record = dict[str, Any]
Records = list[Record]
T = TypeVar("T")

#: Largest value an integer field can hold (SQLite's, and PHP's, signed 64 bits).
MAX_INTEGER = 2**63 - 1
#: Longest text a string field can hold (a VARCHAR(255) column in a real store).
MAX_TEXT_LENGTH = 255

_COLUMNS = ", ".join(FIELDS)
_DEFAULTS: Mapping[str, Any] = {
    "product_id": 0,
    "order_id": 0,
    "download_count": 0,
    "download_file_name": "",
    "is_amazon": False,
    "amazon_key": "",
}
_NEW_ID_ATTEMPTS = 8

_TABLES = (
    """CREATE TABLE downloads (
        download_id TEXT NOT NULL,
        date_created TEXT NOT NULL,
        product_id INTEGER NOT NULL,
        order_id INTEGER NOT NULL,
        download_count INTEGER NOT NULL,
        download_file_name TEXT NOT NULL,
        is_amazon INTEGER NOT NULL,
        amazon_key TEXT NOT NULL
    )""",
    "CREATE TABLE sandbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)
_INDEXES = [
    "CREATE UNIQUE INDEX downloads_by_download_id ON downloads (download_id)",
    *(
        f"CREATE INDEX downloads_by_{field} ON downloads ({field}, download_id)"
        for field in FIELDS[1:]
    ),
]


class StoreError(Exception):
    """The database cannot be used as a sandbox store."""


@dataclass(frozen=True)
class SearchRule:
    """What a search term matches: a case-insensitive substring of any of `substring_of`
    (numbers taken as their text), or, when it is a number, equal to any of `number_equals`."""

    substring_of: tuple[str, ...]
    number_equals: tuple[str, ...] = ()


#: The sandbox's own rule: text fields by substring, product and order ids exactly.
TEXT_AND_EXACT_IDS = SearchRule(
    substring_of=("download_id", "download_file_name", "amazon_key"),
    number_equals=("product_id", "order_id"),
)


def _record(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> Record:
    record = dict(zip(FIELDS, row, strict=True))
    record["is_amazon"] = bool(record["is_amazon"])
    return record


def _query_records(db: sqlite3.Connection, sql: str, params: list[Any]) -> sqlite3.Cursor:
    """Run a statement whose result rows are whole records."""
    cursor = db.cursor()
    cursor.row_factory = _record
    return cursor.execute(sql, params)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search_clause(search: str | None, rule: SearchRule) -> tuple[str, list[Any]]:
    """WHERE clause for `search` under `rule` (SQLite's LIKE compares a number as text).

    A term longer than any stored text cannot match, and is not handed to LIKE (whose
    pattern length SQLite limits).
    """
    if not search:
        return "", []
    if len(search) > MAX_TEXT_LENGTH:
        return " WHERE 0", []
    pattern = f"%{_escape_like(search)}%"
    conditions = [f"{field} LIKE ? ESCAPE '\\'" for field in rule.substring_of]
    params: list[Any] = [pattern] * len(conditions)
    if search.isascii() and search.isdigit() and int(search) <= MAX_INTEGER:
        conditions += [f"{field} = ?" for field in rule.number_equals]
        params += [int(search)] * len(rule.number_equals)
    return " WHERE " + " OR ".join(conditions), params


def _order_clause(sortby: str, sortdir: str) -> str:
    """ORDER BY the field, ties broken by download_id in the same direction."""
    if sortby not in FIELDS or sortdir not in ("ASC", "DESC"):
        raise ValueError(f"cannot sort by {sortby!r} {sortdir!r}")
    if sortby == "download_id":
        return f" ORDER BY download_id {sortdir}"
    return f" ORDER BY {sortby} {sortdir}, download_id {sortdir}"


def _check_writable(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(WRITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not writable: {sorted(unknown)}")


def _seeded(db: sqlite3.Connection, path: str) -> bool:
    """Whether the database holds a sandbox store (False: it is empty)."""
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and "sandbox_meta" not in tables:
        raise StoreError(f"{path} is a database, but not a sandbox store's")
    return bool(tables)


def _date_created(moment: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(moment))


class DownloadStore:
    """The downloads table, seeded with `records` sample rows when it is new.

    `path` is a file (kept between runs: an existing sandbox database is used as it
    is, never reseeded) or ":memory:". Opening and seeding start at once in the
    worker thread; every call waits its turn behind them. `search_rule` is what a
    list's search term matches.
    """

    def __init__(
        self,
        path: str = ":memory:",
        records: int = 1000,
        search_rule: SearchRule = TEXT_AND_EXACT_IDS,
    ) -> None:
        self._search_rule = search_rule
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sandbox-store")
        self._connection: sqlite3.Connection | None = None
        self._closed = False
        self._opened = self._executor.submit(self._open, path, records)

    async def ready(self) -> None:
        """Wait until the database is open and seeded; raises `StoreError` if it cannot be."""
        await asyncio.wrap_future(self._opened)

    async def list(
        self,
        page: int = 1,
        perpage: int = 50,
        sortby: str = "download_id",
        sortdir: str = "ASC",
        search: str | None = None,
    ) -> Records:
        """One page of records (pages start at 1)."""
        where, params = _search_clause(search, self._search_rule)
        offset = min((page - 1) * perpage, MAX_INTEGER)
        order = _order_clause(sortby, sortdir)
        sql = f"SELECT {_COLUMNS} FROM downloads{where}{order} LIMIT ? OFFSET ?"
        params += [perpage, offset]
        return await self._run(lambda db: _query_records(db, sql, params).fetchall())

    async def count(self, search: str | None = None) -> int:
        """How many records `list` pages through for this search."""
        where, params = _search_clause(search, self._search_rule)
        sql = f"SELECT count(*) FROM downloads{where}"
        return await self._run(lambda db: db.execute(sql, params).fetchone()[0])

    async def get(self, download_id: str) -> Record | None:
        return await self._run(lambda db: self._fetch(db, download_id))

    async def create(self, fields: Mapping[str, Any]) -> Record:
        """A new record: the given fields over the defaults, a fresh id, created now (UTC)."""
        _check_writable(fields)
        return await self._run(lambda db: self._insert(db, {**_DEFAULTS, **fields}))

    async def update(self, download_id: str, fields: Mapping[str, Any]) -> Record | None:
        """Change only the given fields; None if there is no such record."""
        _check_writable(fields)
        if not fields:
            return await self.get(download_id)
        assignments = ", ".join(f"{field} = ?" for field in fields)
        sql = f"UPDATE downloads SET {assignments} WHERE download_id = ? RETURNING {_COLUMNS}"
        params = [*fields.values(), download_id]
        return await self._run(lambda db: _query_records(db, sql, params).fetchone())

    async def delete(self, download_id: str) -> Record | None:
        """Remove a record and return it as it was; None if there is no such record."""
        sql = f"DELETE FROM downloads WHERE download_id = ? RETURNING {_COLUMNS}"
        return await self._run(lambda db: _query_records(db, sql, [download_id]).fetchone())

    async def close(self) -> None:
        """Close the connection and stop the worker thread; safe to call twice.

        Closing while still seeding cuts the seeding short (nothing of it is kept), so
        quitting early never waits for a million rows.
        """
        if self._closed:
            return
        self._closed = True
        if not self._opened.done() and self._connection is not None:
            self._connection.interrupt()
        await asyncio.get_running_loop().run_in_executor(self._executor, self._disconnect)
        self._executor.shutdown(wait=False)

    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._on_connection, work)

    def _on_connection(self, work: Callable[[sqlite3.Connection], T]) -> T:
        self._opened.result()  # already finished (same thread, earlier job); re-raises its failure
        assert self._connection is not None
        return work(self._connection)

    def _open(self, path: str, records: int) -> None:
        try:
            self._connection = db = sqlite3.connect(path, isolation_level=None)
            if path != ":memory:":  # a file other processes may use meanwhile;
                # refused only while another holds it, which asked for WAL as it opened
                with contextlib.suppress(sqlite3.OperationalError):
                    db.execute("PRAGMA journal_mode = WAL")
            if not _seeded(db, path):
                self._seed(db, path, records)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot use {path} as a sandbox store: {exc}") from exc

    def _seed(self, db: sqlite3.Connection, path: str, records: int) -> None:
        """Create, fill and only then index the table (faster than indexing row by row),
        all in one transaction: an interrupted seed leaves an empty database, which is
        seeded afresh next time. Another process opening the new file meanwhile waits
        for the transaction, then finds the file seeded."""
        db.execute("PRAGMA temp_store = MEMORY")
        db.execute("PRAGMA cache_size = -65536")
        db.execute("PRAGMA threads = 2")  # helper threads for the index sorts
        db.execute("BEGIN IMMEDIATE")
        try:
            if _seeded(db, path):  # by another process, since the look before
                db.execute("COMMIT")
                return
            for statement in _TABLES:
                db.execute(statement)
            db.executemany(
                f"INSERT INTO downloads ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                self._rows_until_closed(records),
            )
            for statement in _INDEXES:
                db.execute(statement)
            db.execute("INSERT INTO sandbox_meta VALUES ('seeded_records', ?)", [str(records)])
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def _rows_until_closed(self, records: int) -> Iterator[Row]:
        for row in sample_rows(records):
            if self._closed:
                raise StoreError("closed while seeding")
            yield row

    @staticmethod
    def _fetch(db: sqlite3.Connection, download_id: str) -> Record | None:
        sql = f"SELECT {_COLUMNS} FROM downloads WHERE download_id = ?"
        return _query_records(db, sql, [download_id]).fetchone()

    @staticmethod
    def _insert(db: sqlite3.Connection, fields: Mapping[str, Any]) -> Record:
        """Insert under a fresh id made now, drawing again on the (unlikely) clash."""
        columns = ", ".join(fields)
        marks = ", ".join("?" * len(fields))
        sql = (
            f"INSERT INTO downloads (download_id, date_created, {columns})"
            f" VALUES (?, ?, {marks}) RETURNING {_COLUMNS}"
        )
        for _ in range(_NEW_ID_ATTEMPTS):
            try:
                moment = time.time()
                params = [new_download_id(moment), _date_created(moment), *fields.values()]
                return _query_records(db, sql, params).fetchone()
            except sqlite3.IntegrityError:
                continue
        raise StoreError("could not find an unused download id")

    def _disconnect(self) -> None:
        if self._connection is not None:
            self._connection.close()
