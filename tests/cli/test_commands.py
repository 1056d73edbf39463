"""The scripting commands against a live sandbox: run in this process, and the list
(as well as start-up without a store, with the in-process sandbox and as `python -m
tui`) by a command in a process of its own."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import STORE_ROOTS, api_root
from tests.cli.support import run_process, store_env
from tests.hostile_support import run_in_process
from tui.api.client import encode_credentials
from tui.api.models import FIELDS, Download
from tui.api.root import ApiRoot
from tui.sandbox import create_app
from tui.sandbox.server import running_server

TOKEN, SECRET = "cli-token", "cli-secret-value"
RECORDS = 120


@pytest.fixture(scope="module", params=list(STORE_ROOTS))
def store_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The API root of a live sandbox, of each kind and form of root in turn."""
    flavor = STORE_ROOTS[request.param][0]
    app = create_app(records=RECORDS, token=TOKEN, secret=SECRET, flavor=flavor)
    with running_server(app) as url:
        yield api_root(url, request.param)


def run(url: str, *args: str, secret: str = SECRET,
        stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The command, run in this process."""
    return run_in_process(store_env(url, TOKEN, secret), *args, stdin=stdin)


def api_get(url: str, download_id: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {encode_credentials(TOKEN, SECRET)}"}
    return httpx.get(ApiRoot.parse(url).url("downloads", download_id), headers=headers,
                     timeout=10)


def stored(url: str, download_id: str) -> dict[str, object]:
    """The record as the store holds it, in the commands' JSON shape (a WordPress
    store sends every column as text)."""
    return Download.model_validate(api_get(url, download_id).json()).model_dump(mode="json")


def first_ids(url: str, n: int = 3) -> list[str]:
    result = run(url, "list", "--perpage", str(n), "--format", "json")
    return [record["download_id"] for record in json.loads(result.stdout)]


def test_list_table_shows_one_page_with_header(store_url: str) -> None:
    result = run_process(store_env(store_url, TOKEN, SECRET), "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "created", "product", "order", "count", "file", "S3", "key"]
    assert len(lines) == 1 + 50


def test_list_json_sorted_and_paged(store_url: str) -> None:
    result = run(store_url, "list", "--sort", "order_id", "--desc", "--perpage", "10",
                 "--page", "2", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 10
    orders = [r["order_id"] for r in records]
    assert orders == sorted(orders, reverse=True)
    assert set(records[0]) == set(FIELDS)


def test_list_search(store_url: str) -> None:
    every = json.loads(run(store_url, "list", "--all", "--format", "json").stdout)
    term = every[5]["download_file_name"][:6].upper()
    result = run(store_url, "list", "--search", term, "--all", "--format", "json")
    found = json.loads(result.stdout)
    # The plain sandbox also looks in the S3 key; a WordPress store in ids and numbers.
    fields = ("download_file_name", "download_id",
              "amazon_key" if "wp-easycart" not in store_url else "order_id")
    expected = [r for r in every if any(term.lower() in str(r[f]).lower() for f in fields)]
    assert found and sorted(r["download_id"] for r in found) == sorted(
        r["download_id"] for r in expected)


def test_list_csv(store_url: str) -> None:
    result = run(store_url, "list", "--perpage", "5", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(FIELDS)
    assert len(rows) == 6
    assert rows[1][6] in ("true", "false")


def test_list_all_follows_every_page(store_url: str) -> None:
    result = run(store_url, "list", "--all", "--perpage", "50", "--format", "json")
    assert result.returncode == 0, result.stderr
    ids = [r["download_id"] for r in json.loads(result.stdout)]
    assert len(ids) == len(set(ids)) >= RECORDS - 5


def test_get_json_and_table(store_url: str) -> None:
    download_id = first_ids(store_url, 1)[0]
    as_json = json.loads(run(store_url, "get", download_id, "--format", "json").stdout)
    assert as_json["download_id"] == download_id
    table = run(store_url, "get", download_id).stdout.splitlines()
    assert [line.split()[0] for line in table] == list(FIELDS)


def test_get_unknown_id_exits_3(store_url: str) -> None:
    """Not found is told apart from a failure (exit 1), for a whole id and a start alike."""
    for unknown, said in (("d" * 45, "Not found"),
                          ("doesnotexist0", "No download's id starts with doesnotexist0.")):
        result = run(store_url, "get", unknown)
        assert result.returncode == 3, result.stderr
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and said in result.stderr
        assert "Traceback" not in result.stderr


def test_create_then_read_back(store_url: str) -> None:
    result = run(store_url, "create", "--set", "product_id=77", "--set", "order_id=9001",
                 "--set", "download_file_name=new-album.zip", "--set", "is_amazon=true",
                 "--set", "amazon_key=music/new-album.zip", "--format", "json")
    assert result.returncode == 0, result.stderr
    created = json.loads(result.stdout)
    record = stored(store_url, created["download_id"])
    assert record == created
    assert (record["product_id"], record["is_amazon"], record["download_count"]) == (77, True, 0)


def test_update_sends_only_the_change(store_url: str) -> None:
    download_id = first_ids(store_url)[1]
    before = stored(store_url, download_id)
    result = run(store_url, "update", download_id, "--set", "download_count=0",
                 "--format", "json")
    assert result.returncode == 0, result.stderr
    after = stored(store_url, download_id)
    assert after == {**before, "download_count": 0}


@pytest.mark.parametrize(
    ("assignment", "words"),
    [("download_count=-1", "download_count"), ("nope=1", "cannot set 'nope'"),
     ("download_id=x", "cannot set 'download_id'"), ("order_id", "FIELD=VALUE"),
     ("product_id=seven", "product_id")],
)
def test_update_with_bad_values_exits_2(store_url: str, assignment: str, words: str) -> None:
    download_id = first_ids(store_url)[0]
    result = run(store_url, "update", download_id, "--set", assignment)
    assert result.returncode == 2
    assert words in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(("assignments", "said"), [
    (["order_id=6"], "product_id: Product id is needed to add a download."),
    (["product_id=1", "order_id=6"], "download_file_name: File name is needed to add a download."),
    (["product_id=1", "order_id=6", "download_file_name= "],
     "download_file_name: A download needs a file name."),
    (["product_id=1", "order_id=6", "download_file_name=a.zip", "is_amazon=yes"],
     "amazon_key: A download on Amazon S3 needs its S3 key."),
    (["product_id=12a"], "product_id: Product id takes digits only: “12a” has “a” in it."),
    (["product_id=1", "order_id=99999999999"],
     "order_id: Order id is too large: the store holds at most 2,147,483,647."),
    (["is_amazon=maybe"], "is_amazon: On Amazon S3 takes yes or no, not “maybe”."),
])
def test_create_follows_the_form_s_rules(store_url: str, assignments: list[str],
                                         said: str) -> None:
    before = run(store_url, "list", "--all", "--format", "csv").stdout
    args = [arg for assignment in assignments for arg in ("--set", assignment)]
    result = run(store_url, "create", *args)
    assert (result.returncode, result.stderr) == (2, f"easycart-tui: {said}\n")
    assert run(store_url, "list", "--all", "--format", "csv").stdout == before


def test_update_judges_s3_on_the_record_as_it_is(store_url: str) -> None:
    records = json.loads(run(store_url, "list", "--all", "--format", "json").stdout)
    off_s3 = next(record["download_id"] for record in records
                  if not record["is_amazon"] and not record["amazon_key"])
    refused = run(store_url, "update", off_s3, "--set", "is_amazon=on")
    assert refused.returncode == 2
    assert "needs its S3 key" in refused.stderr and "Input should" not in refused.stderr
    assert not stored(store_url, off_s3)["is_amazon"]
    taken = run(store_url, "update", off_s3, "--set", "is_amazon=on",
                "--set", "amazon_key=files/k.zip")
    assert taken.returncode == 0, taken.stderr
    assert stored(store_url, off_s3)["is_amazon"]


def test_delete_refuses_without_yes_off_a_terminal(store_url: str) -> None:
    download_id = first_ids(store_url)[2]
    result = run(store_url, "delete", download_id, stdin="y\n")
    assert result.returncode == 2 and "--yes" in result.stderr
    assert api_get(store_url, download_id).status_code == 200


def test_delete_with_yes_prints_the_record_and_removes_it(store_url: str) -> None:
    download_id = first_ids(store_url)[2]
    result = run(store_url, "delete", download_id, "--yes", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["download_id"] == download_id
    assert api_get(store_url, download_id).status_code == 404


def test_check_reports_round_trip_and_the_url_it_reached(store_url: str) -> None:
    result = run(store_url, "check")
    assert result.returncode == 0
    verdict, reached = result.stdout.splitlines()
    assert verdict.startswith(f"OK: authenticated to {store_url} in ") and verdict.endswith(" ms")
    assert reached == f"reached: POST {store_url}/authenticate/test"


def test_wrong_secret_is_one_line_without_the_secret(store_url: str) -> None:
    result = run(store_url, "check", secret="wrong-secret-zz")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "token and secret" in result.stderr
    assert "wrong-secret-zz" not in result.stderr + result.stdout


def test_unreachable_store() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run(f"http://127.0.0.1:{port}", "list")
    assert result.returncode == 1
    assert "Could not connect" in result.stderr and result.stderr.count("\n") == 1


def test_no_store_given_exits_2() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EASYCART_")}
    result = run_process(env, "list")
    assert result.returncode == 2 and "--sandbox" in result.stderr


def test_in_process_sandbox_needs_no_server() -> None:
    result = run_process(None, "--sandbox", "list", "--perpage", "3", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3


def test_python_dash_m_is_the_same_command() -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "--sandbox", "check"],
                            capture_output=True, text=True, timeout=60, input="")
    assert result.returncode == 0 and result.stdout.startswith("OK: authenticated")


def test_version_is_printed_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    from tui.cli.main import main

    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"easycart-tui {version('easycart-tui')}\n"


@pytest.mark.parametrize(("option", "given", "span"), [
    ("--perpage", "0", "from 1 to 100"), ("--perpage", "-5", "from 1 to 100"),
    ("--perpage", "101", "from 1 to 100"), ("--perpage", "x", "from 1 to 100"),
    ("--page", "0", "of 1 or more"), ("--page", "2.5", "of 1 or more"),
])
def test_a_page_or_perpage_out_of_range_is_refused_alike(store_url: str, option: str,
                                                        given: str, span: str) -> None:
    result = run(store_url, "list", option, given)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == (
        f"easycart-tui list: error: argument {option}: {given!r} is not a whole number {span}")


@pytest.mark.parametrize("command", [("get",), ("update", "--set", "download_count=0"),
                                     ("delete", "--yes")])
@pytest.mark.parametrize("download_id", ["", "a" * 192])
def test_an_id_no_store_could_hold_is_a_command_line_problem(
        store_url: str, command: tuple[str, ...], download_id: str) -> None:
    result = run(store_url, command[0], download_id, *command[1:])
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"easycart-tui: A download id is 1 to 191 characters long, "
                             f"not {len(download_id)}.\n")


def test_check_speaks_json_for_scripts(store_url: str) -> None:
    result = run(store_url, "check", "--format", "json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["authenticated"] is True
    assert answer["reached"] == f"POST {answer['store']}/authenticate/test"
    assert isinstance(answer["round_trip_ms"], int) and answer["round_trip_ms"] >= 0
    assert SECRET not in result.stdout
