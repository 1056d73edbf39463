"""One name per idea: the list's sort is `--sortby`/`--sortdir`, as the config file and
the API name it, and the sandbox's flavour is `--sandbox-flavor`, with `--sandbox` and
with the `sandbox` command alike. The older names keep working, out of the help."""

from __future__ import annotations

import json

import pytest

from tests.hostile_support import run_in_process


def _orders(*args: str) -> list[int]:
    result = run_in_process({}, "--sandbox", *args, "--perpage", "20", "--format", "json")
    assert result.returncode == 0, result.stderr
    return [record["order_id"] for record in json.loads(result.stdout)]


@pytest.mark.parametrize("flavor", ["plain", "wordpress"])
@pytest.mark.parametrize("where", [[], ["--where", "count>=0"]])
def test_sortby_and_sortdir_sort_as_the_older_sort_and_desc(flavor: str,
                                                            where: list[str]) -> None:
    flavored = ["--sandbox-flavor", flavor, "list", *where]
    newer = _orders(*flavored, "--sortby", "order_id", "--sortdir", "desc")
    assert newer == sorted(newer, reverse=True) and len(set(newer)) > 1
    assert _orders(*flavored, "--sort", "order_id", "--desc") == newer
    assert _orders(*flavored, "--sortby", "order", "--sortdir", "DESC") == newer
    ascending = _orders(*flavored, "--sortby", "order_id")
    assert ascending == sorted(ascending) and ascending != newer
    assert _orders(*flavored, "--sortby", "order_id", "--sortdir", "asc") == ascending


def test_a_wrong_sortdir_is_one_line_naming_the_choices() -> None:
    result = run_in_process({}, "--sandbox", "list", "--sortby", "order_id", "--sortdir", "up")
    assert result.returncode == 2
    assert "--sortdir: invalid choice: 'up' (choose from 'asc', 'desc')" in result.stderr


def test_the_help_shows_the_newer_names_only() -> None:
    listing = run_in_process({}, "list", "--help").stdout
    assert "--sortby FIELD" in listing and "--sortdir {asc,desc}" in listing
    assert "--sort " not in listing and "--desc" not in listing
    serving = run_in_process({}, "sandbox", "--help").stdout
    assert "--sandbox-flavor {plain,wordpress}" in serving and "--flavor" not in serving
