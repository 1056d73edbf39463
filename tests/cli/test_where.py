"""`--where` in the commands, and `update`/`delete` on a set: exactly the matches,
on both kinds of store capped at 30 a page, shown before they are written and
confirmed, each read again before it is written."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from starlette.responses import JSONResponse

from tests.conftest import STORE_ROOTS, api_root
from tests.hostile_support import COMMAND, SECRET, TOKEN, isolated_env, run_in_process
from tui.api.client import encode_credentials
from tui.api.root import ApiRoot
from tui.cli.parser import build_parser
from tui.sandbox import create_app
from tui.sandbox.server import running_server

RECORDS = 90
CAP = 30
#: Downloads of product 14, and ones a substring search for "14" also finds.
FOURTEENS = [{"product_id": 14, "order_id": 20001 + n, "download_file_name": f"guide-{n}.pdf"}
             for n in range(5)]
DECOYS = [{"product_id": 140, "order_id": 20100, "download_file_name": "a.zip"},
          {"product_id": 214, "order_id": 20101, "download_file_name": "b.zip"},
          {"product_id": 1400, "order_id": 20102, "download_file_name": "c.zip"},
          {"product_id": 7, "order_id": 10414, "download_file_name": "d.zip"},
          {"product_id": 8, "order_id": 20103, "download_file_name": "file-0014.zip"}]
#: Called with each request's method and route before the store sees it; a response
#: it returns is sent instead.
Hook = Callable[[str, str], "JSONResponse | None"]


class Meddling:
    """An ASGI app in front of the store that lets a test step in before a request."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.hooks: list[Hook] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            query = parse_qs(scope["query_string"].decode())
            where = query.get("rest_route", [scope["path"]])[0]
            for hook in self.hooks:
                if (response := hook(scope["method"], where)) is not None:
                    return await response(scope, receive, send)
        await self.app(scope, receive, send)


class Store:
    """A live sandbox with product 14's downloads and its decoys, in a file; `reset`
    puts back every record as it was seeded, for the next test."""

    def __init__(self, url: str, db: Path, meddling: Meddling) -> None:
        self.url, self.db, self.meddling = url, db, meddling
        with self._http() as http:
            self.fourteens = [self._create(http, values) for values in FOURTEENS]
            self.decoys = [self._create(http, values) for values in DECOYS]
        with sqlite3.connect(self.db) as db_file:
            self._seeded = db_file.execute("SELECT * FROM downloads").fetchall()

    def reset(self) -> None:
        self.meddling.hooks.clear()
        with sqlite3.connect(self.db) as db_file:
            db_file.execute("DELETE FROM downloads")
            places = ", ".join("?" * len(self._seeded[0]))
            db_file.executemany(f"INSERT INTO downloads VALUES ({places})", self._seeded)

    def _http(self) -> httpx.Client:
        headers = {"Authorization": f"Bearer {encode_credentials(TOKEN, SECRET)}"}
        return httpx.Client(headers=headers, timeout=10)

    def _create(self, http: httpx.Client, values: dict[str, Any]) -> str:
        answer = http.post(ApiRoot.parse(self.url).url("downloads"), json=values)
        assert answer.status_code in (200, 201), answer.text
        return str(answer.json()["download_id"])

    def holds(self, download_id: str) -> dict[str, Any] | None:
        with self._http() as http:
            answer = http.get(ApiRoot.parse(self.url).url("downloads", download_id))
        return None if answer.status_code == 404 else answer.json()

    def count_of(self, download_id: str) -> int:
        record = self.holds(download_id)
        assert record is not None
        return int(record["download_count"])

    def change(self, download_id: str, **values: Any) -> None:
        """Change a record behind the commands' back, straight in the store's file."""
        with sqlite3.connect(self.db) as db:
            for field, value in values.items():
                db.execute(f"UPDATE downloads SET {field} = ? WHERE download_id = ?",
                           (value, download_id))


@pytest.fixture(scope="module", params=["plain", "wordpress-query"])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Store]:
    """The store of each kind, seeded once for the module."""
    kind = request.param
    db = tmp_path_factory.mktemp("store") / "store.sqlite"
    app = create_app(records=RECORDS, db=str(db), token=TOKEN, secret=SECRET,
                     flavor=STORE_ROOTS[kind][0], perpage_cap=CAP)
    meddling = Meddling(app)
    with running_server(meddling) as url:  # type: ignore[arg-type]
        yield Store(api_root(url, kind), db, meddling)


@pytest.fixture
def store(seeded: Store) -> Store:
    """The store as seeded, whatever the test before did to it."""
    seeded.reset()
    return seeded


@contextmanager
def nothing_written(store: Store) -> Iterator[None]:
    """The store refuses any write in the block, and the test fails if one is sent."""
    sent: list[str] = []

    def refuse(method: str, where: str) -> JSONResponse | None:
        if method in ("POST", "PUT", "PATCH", "DELETE"):
            sent.append(f"{method} {where}")
            return JSONResponse({"code": "no", "message": "no"}, status_code=500)
        return None

    store.meddling.hooks.append(refuse)
    yield
    store.meddling.hooks.remove(refuse)
    assert sent == []


def run(store: Store, tmp_path: Path, *args: str,
        stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_in_process(isolated_env(tmp_path, store.url), *args, stdin=stdin)


def test_where_lists_exactly_the_matches_where_the_search_finds_more(
        store: Store, tmp_path: Path) -> None:
    searched = run(store, tmp_path, "list", "--search", "14", "--all", "--format", "ids")
    found = run(store, tmp_path, "list", "--where", "product_id=14", "--format", "ids")
    assert found.returncode == 0, found.stderr
    assert sorted(found.stdout.split()) == sorted(store.fourteens)
    assert set(store.fourteens) <= set(searched.stdout.split())
    if "wordpress" in store.url:  # a substring search: the decoys too
        assert set(store.decoys) <= set(searched.stdout.split())


def test_where_terms_all_hold_and_each_format_gives_the_same_set(
        store: Store, tmp_path: Path) -> None:
    store.change(store.fourteens[1], download_count=9)
    store.change(store.fourteens[3], download_count=4)
    terms = ("--where", "product=14", "--where", "count > 3")
    ids = run(store, tmp_path, "list", *terms, "--format", "ids")
    count = run(store, tmp_path, "list", *terms, "--format", "count")
    as_json = run(store, tmp_path, "list", *terms, "--format", "json", "--sort", "count")
    table = run(store, tmp_path, "list", *terms)
    expected = [store.fourteens[3], store.fourteens[1]]
    assert sorted(ids.stdout.split()) == sorted(expected)
    assert count.stdout == "2\n"
    assert [record["download_id"] for record in json.loads(as_json.stdout)] == expected
    assert sum(download_id[:8] in table.stdout for download_id in expected) == 2
    none = run(store, tmp_path, "list", "--where", "product=14", "--where", "count>99",
               "--format", "count")
    assert (none.returncode, none.stdout) == (0, "0\n")


@pytest.mark.parametrize(("term", "said"), [
    ("colour=red", "“colour” is not a field to filter by"),
    ("s3>yes", "s3 is yes or no: use = or !="),
    ("count=lots", "takes digits only"),
    ("product_id=14 count>0", "give “count>0” a --where of its own"),
])
def test_a_refused_term_exits_2_before_anything_is_sent(tmp_path: Path, term: str,
                                                        said: str) -> None:
    closed = "http://127.0.0.1:9"  # nothing listens: anything sent would fail otherwise
    for args in (("list", "--where", term), ("update", "--where", term, "--set", "count=0",
                                             "--yes"), ("delete", "--where", term, "--yes")):
        result = run_in_process(isolated_env(tmp_path, closed), *args)
        assert result.returncode == 2, (args, result.stderr)
        assert said in result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_dry_run_shows_the_set_and_changes_nothing(store: Store, tmp_path: Path) -> None:
    with nothing_written(store):
        updating = run(store, tmp_path, "update", "--where", "product=14", "--set",
                       "download_count=7", "--dry-run")
        deleting = run(store, tmp_path, "delete", "--where", "product=14", "--dry-run")
    assert updating.returncode == deleting.returncode == 0, updating.stderr + deleting.stderr
    assert updating.stdout.startswith("5 downloads meeting product=14 would be updated:")
    assert deleting.stdout.startswith("5 downloads meeting product=14 would be deleted:")
    assert all(download_id[:8] in updating.stdout for download_id in store.fourteens)
    assert all(store.count_of(download_id) == 0 for download_id in store.fourteens)


def test_without_a_terminal_a_set_is_not_written_without_yes(store: Store,
                                                             tmp_path: Path) -> None:
    with nothing_written(store):
        result = run(store, tmp_path, "update", "--where", "product=14", "--set", "count=7")
        ids = run(store, tmp_path, "delete", "-", stdin="\n".join(store.fourteens))
    for refused in (result, ids):
        assert refused.returncode == 2
        assert "without --yes when input is not a terminal" in refused.stderr


def test_update_where_writes_exactly_the_matches(store: Store, tmp_path: Path) -> None:
    result = run(store, tmp_path, "update", "--where", "product=14", "--set",
                 "download_count=6", "--yes", "--format", "ids")
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == sorted(store.fourteens)
    assert result.stderr.splitlines()[-1] == "5 changed, 0 skipped, 0 failed"
    assert [store.count_of(i) for i in store.fourteens] == [6] * 5
    assert [store.count_of(i) for i in store.decoys] == [0] * 5


def test_delete_where_removes_exactly_the_matches_and_they_can_be_restored(
        store: Store, tmp_path: Path) -> None:
    result = run(store, tmp_path, "delete", "--where", "product=14", "--yes")
    assert result.returncode == 0, result.stderr
    assert "5 deleted, 0 skipped, 0 failed" in result.stderr.splitlines()[-1]
    assert all(store.holds(i) is None for i in store.fourteens)
    assert all(store.holds(i) is not None for i in store.decoys)
    listed = run(store, tmp_path, "restore", "--list")
    assert all(download_id in listed.stdout for download_id in store.fourteens)


def test_ids_on_standard_input_are_written_exactly(store: Store, tmp_path: Path) -> None:
    chosen = store.fourteens[:2] + store.decoys[:1]
    lines = f"# to reset\n{chosen[0]}\n\n  {chosen[1]}  \n{chosen[2]}\n{chosen[0]}\n"
    result = run(store, tmp_path, "update", "-", "--set", "count=3", "--yes", stdin=lines)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "3 changed, 0 skipped, 0 failed"
    assert [store.count_of(i) for i in chosen] == [3, 3, 3]
    assert store.count_of(store.fourteens[2]) == 0


def test_the_ids_of_a_list_pipe_into_an_update(store: Store, tmp_path: Path) -> None:
    env = isolated_env(tmp_path, store.url)
    pipeline = (f"{COMMAND} list --where product_id=14 --format ids | "
                f"{COMMAND} update - --set download_count=0 --set download_count=2 --yes")
    done = subprocess.run(["sh", "-c", pipeline], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert [store.count_of(i) for i in store.fourteens] == [2] * 5
    assert [store.count_of(i) for i in store.decoys] == [0] * 5


def test_a_malformed_id_on_standard_input_changes_nothing(store: Store,
                                                          tmp_path: Path) -> None:
    lines = f"{store.fourteens[0]}\nnot an id!\n{store.fourteens[1]}\n"
    with nothing_written(store):
        result = run(store, tmp_path, "update", "-", "--set", "count=3", "--yes", stdin=lines)
    assert result.returncode == 2
    assert "nothing was changed" in result.stderr and "line 2" in result.stderr


def test_a_record_changed_between_the_scan_and_the_write_is_skipped(
        store: Store, tmp_path: Path) -> None:
    moved = store.fourteens[2]

    def move_it_once(method: str, where: str) -> None:
        if method == "GET" and not where.endswith("/downloads"):
            store.change(moved, product_id=15)  # the scan is over: each is read again
            store.meddling.hooks.remove(move_it_once)

    store.meddling.hooks.append(move_it_once)
    result = run(store, tmp_path, "update", "--where", "product=14", "--set", "count=5",
                 "--yes", "--concurrency", "1")
    assert result.returncode == 0, result.stderr
    assert f"skipped: {moved}: no longer meets product=14" in result.stderr
    assert result.stderr.splitlines()[-1] == "4 changed, 1 skipped, 0 failed"
    assert store.count_of(moved) == 0
    assert [store.count_of(i) for i in store.fourteens if i != moved] == [5] * 4


def test_a_failure_part_way_is_counted_and_exits_1(store: Store, tmp_path: Path) -> None:
    failing = store.fourteens[1]

    def fail_one(method: str, where: str) -> JSONResponse | None:
        if method == "PATCH" and where.endswith("/downloads/" + failing):
            return JSONResponse({"code": "db_error", "message": "Could not update."},
                                status_code=500)
        return None

    store.meddling.hooks.append(fail_one)
    result = run(store, tmp_path, "update", "--where", "product=14", "--set", "count=5",
                 "--yes")
    assert result.returncode == 1
    assert f"failed: {failing}:" in result.stderr
    assert result.stderr.splitlines()[-1] == "4 changed, 0 skipped, 1 failed"
    assert [store.count_of(i) for i in store.fourteens if i != failing] == [5] * 4


def test_a_journal_that_cannot_be_written_stops_the_run_before_any_write(
        store: Store, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    before = [store.count_of(i) for i in store.fourteens]
    env = dict(isolated_env(tmp_path, store.url), EASYCART_TUI_DATA=str(blocker))
    result = run_in_process(env, "update", "--where", "product=14", "--set", "count=5",
                            "--yes")
    assert result.returncode == 1
    assert "cannot write the journal" in result.stderr
    assert "the change was not sent, nothing changed" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("0 changed, 0 skipped, ")
    assert "(stopped: cannot write the journal" in result.stderr.splitlines()[-1]
    assert [store.count_of(i) for i in store.fourteens] == before


def test_every_option_of_the_commands_has_help() -> None:
    parser = build_parser()
    commands = next(action for action in parser._actions if action.dest == "command")
    for name in ("list", "get", "create", "update", "delete"):
        command = commands.choices[name]  # type: ignore[index]
        unexplained = [action.option_strings or action.dest for action in command._actions
                       if not action.help]
        assert unexplained == [], name
    listing = commands.choices["list"].format_help()  # type: ignore[index]
    assert "--where" in listing.split("examples:")[-1]


def test_after_doctor_a_set_is_found_through_the_stores_search(store: Store,
                                                               tmp_path: Path) -> None:
    """With `doctor`'s findings kept, the scan is narrowed by the store's search."""
    asked: list[str] = []

    def note(method: str, where: str) -> None:
        if method == "GET" and where.endswith("/downloads"):
            asked.append(where)

    assert run(store, tmp_path, "doctor").returncode == 0
    store.meddling.hooks.append(note)
    for args in (("update", "--where", "product=14", "--set", "count=2", "--yes"),
                 ("delete", "--where", "product=14", "--dry-run"),
                 ("list", "--where", "product=14", "--format", "count")):
        done = run(store, tmp_path, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert done.stdout == "5\n"
    assert [store.count_of(i) for i in store.fourteens] == [2] * 5
    assert [store.count_of(i) for i in store.decoys] == [0] * 5
    # a search and the list's first page beside it, each time: not every page
    assert len(asked) <= 3 * 2
