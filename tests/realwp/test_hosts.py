"""What real hosts and plugins do to the API, each switched on in the real site: the
Authorization header passed on or dropped (mod_php and php-fpm, pretty and plain
permalinks), a page-size maximum clamped or refused with 400, a plugin printing
around the JSON, a PHP fatal error in a route."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.realwp.support import (
    PRINTED_TEXT,
    ROOTS,
    AccessLog,
    count,
    ids,
    row,
    run,
    switch,
)

pytestmark = pytest.mark.realwp

#: The downloads' routes, as Apache logs a request for one in either form of the root.
DOWNLOADS_ROUTE = "/wp-easycart/v1/downloads"


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line on stderr of a command that failed, with nothing on stdout."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr


@pytest.mark.parametrize("php", ["mod_php", "fpm"])
@pytest.mark.parametrize("auth_header", ["rewrite", "cgipassauth", "setenvif"])
def test_a_header_passed_on_reaches_the_plugin(site: None, php: str, auth_header: str,
                                              tmp_path: Path) -> None:
    switch(php=php, auth_header=auth_header)
    for root in ROOTS.values():
        assert run(tmp_path, root, "check").returncode == 0
        result = run(tmp_path, root, "list", "--auth", "basic", "--format", "ids")
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ids()


def test_plain_permalinks_with_the_rule_in_the_server_config(site: None,
                                                             tmp_path: Path) -> None:
    switch(permalinks="plain", auth_header="rewrite")
    result = run(tmp_path, ROOTS["plain"], "list", "--all", "--format", "ids")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ids()


@pytest.mark.parametrize("php", ["mod_php", "fpm"])
@pytest.mark.parametrize("permalinks", ["pretty", "plain"])
def test_a_dropped_header_is_told_with_its_fix(site: None, php: str, permalinks: str,
                                               tmp_path: Path) -> None:
    """Pretty permalinks here have an .htaccess from before WordPress 5.6 (no rule for
    the header); plain permalinks have none at all."""
    switch(php=php, permalinks=permalinks, auth_header="dropped")
    root = ROOTS[permalinks]
    for args in (["check"], ["list"], ["get", ids()[0]]):
        said = one_line(run(tmp_path, root, *args))
        assert "CGIPassAuth On" in said, said
        assert "HTTP_AUTHORIZATION" in said, said
    result = run(tmp_path, root, "doctor")
    assert result.returncode == 1, result.stdout
    assert "CGIPassAuth On" in result.stdout, result.stdout


def test_wrong_keys_through_a_passed_header_still_name_the_keys(site: None,
                                                                tmp_path: Path) -> None:
    said = one_line(run(tmp_path, ROOTS["pretty"], "check", secret="not-the-secret"))
    assert "token and secret key" in said, said


@pytest.mark.parametrize("perpage", ["clamp", "refuse"])
def test_a_page_size_maximum_of_30_needs_no_setting(site: None, perpage: str,
                                                   tmp_path: Path) -> None:
    switch(perpage=perpage, perpage_max=30)
    root = ROOTS["pretty"]
    result = run(tmp_path, root, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [record["download_id"] for record in json.loads(result.stdout)] == ids()[:30]

    result = run(tmp_path, root, "list", "--all", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == ids()

    result = run(tmp_path, root, "doctor", "--format", "json")
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["usable"] is True
    assert report["checks"]["perpage_cap"]["value"] == 30


@pytest.mark.parametrize("printed", ["before", "after"])
def test_text_printed_around_the_json_costs_only_a_warning(site: None, printed: str,
                                                          tmp_path: Path) -> None:
    switch(print=printed)
    root = ROOTS["pretty"]
    result = run(tmp_path, root, "list", "--all", "--format", "ids")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ids()
    assert result.stderr.count(PRINTED_TEXT) == 1, result.stderr

    before = count()
    result = run(tmp_path, root, "create", "--set", "product_id=3", "--set", "order_id=4",
                 "--set", "download_file_name=printed.zip", "--format", "ids")
    assert result.returncode == 0, result.stderr
    assert count() == before + 1
    new_id = result.stdout.strip()
    result = run(tmp_path, root, "update", new_id, "--set", "download_count=9")
    assert result.returncode == 0, result.stderr
    held = row(new_id)
    assert held is not None and held["download_count"] == "9"

    result = run(tmp_path, root, "doctor")
    assert result.returncode == 0, result.stdout
    assert "adds text to its answers" in result.stdout + result.stderr, result.stdout


def test_blank_lines_before_the_json_are_read(site: None, tmp_path: Path) -> None:
    switch(print="whitespace")
    result = run(tmp_path, ROOTS["plain"], "list", "--all", "--format", "ids")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ids()


@pytest.mark.parametrize(("route", "args"), [
    ("list", ("list",)),
    ("get", ("get", "{id}")),
    ("create", ("create", "--set", "product_id=1", "--set", "order_id=2",
                "--set", "download_file_name=fatal.zip")),
])
def test_a_php_fatal_error_is_named_and_not_retried(site: None, route: str,
                                                    args: tuple[str, ...],
                                                    tmp_path: Path) -> None:
    switch(fatal=route)
    before = count()
    log = AccessLog()
    said = one_line(run(tmp_path, ROOTS["pretty"], *(arg.format(id=ids()[0]) for arg in args)))
    assert "PHP" in said and "fatal error" in said and "error log" in said, said
    assert "<" not in said and "try again" not in said, said
    assert len(log.requests(DOWNLOADS_ROUTE)) == 1, log.requests()
    assert count() == before
