"""What a release holds and needs: the sdist only the project's own files, whatever
lies in the checkout; the wheel the package and its example config; metadata that
declares every library imported, each bounded below and above, and the lowest
versions allowed installing and running together."""

from __future__ import annotations

import ast
import email
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CONFIG, PROJECT

PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
#: What the checkout holds besides the project's files, and git ignores.
UNTRACKED = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.pyc", ".pytest_cache",
                                   ".hypothesis", "*.egg-info", "build", "dist", "*.log",
                                   "snapshot_report.html")
#: Every build or install here is waited for at most this long.
WAIT = 300
#: A requirement: its name, and its lower bound.
REQUIREMENT = re.compile(r"^([A-Za-z0-9_.-]+)>=([0-9][^,;]*)")


def _project_files(root: Path) -> set[str]:
    """Each file of the project under `root`, as a path relative to it."""
    files: set[str] = set()
    for directory, names, filenames in os.walk(root):
        ignored = UNTRACKED(directory, names + filenames)
        names[:] = [name for name in names if name not in ignored]
        files |= {str(Path(directory, name).relative_to(root))
                  for name in filenames if name not in ignored}
    return files


def _build(root: Path, hook: str, out: Path) -> Path:
    """Run hatchling's PEP 517 hook `hook` in `root`: the artifact it built in `out`."""
    code = f"import hatchling.build as b; print(b.{hook}({str(out)!r}))"
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                            text=True, timeout=WAIT, check=False)
    assert result.returncode == 0, result.stderr
    return out / result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The sdist built from a copy of the checkout holding stray files, and the wheel
    built from that sdist (as pip builds one)."""
    tree = tmp_path_factory.mktemp("checkout") / "easycart-tui"
    shutil.copytree(PROJECT, tree, ignore=UNTRACKED)
    (tree / "downloads-2026-03-01-1200.csv").write_text("download_id\nabc\n")
    (tree / "venv-py312" / "lib").mkdir(parents=True)
    (tree / "venv-py312" / "lib" / "site.py").write_text("")
    (tree / "notes.txt").write_text("a draft\n")
    out = tmp_path_factory.mktemp("dist")
    sdist = _build(tree, "build_sdist", out)
    unpacked = tmp_path_factory.mktemp("sdist")
    with tarfile.open(sdist) as archive:
        archive.extractall(unpacked, filter="data")
    wheel = _build(next(unpacked.iterdir()), "build_wheel", out)
    yield sdist, wheel


def test_the_sdist_holds_the_projects_own_files_only(built: tuple[Path, Path]) -> None:
    sdist, _ = built
    with tarfile.open(sdist) as archive:
        members = {name.partition("/")[2] for name in archive.getnames()}
    expected = {name for name in _project_files(PROJECT)
                if name.split("/")[0] in ("tui", "tests", ".ci")}
    expected |= {"README.md", "LICENSE", "config.example.toml", "pyproject.toml",
                 ".gitignore", "PKG-INFO"}
    assert members - {""} == expected


def test_the_wheel_holds_the_package_and_the_example_config(built: tuple[Path, Path]) -> None:
    _, wheel = built
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        example = archive.read("tui/config/example.toml").decode("utf-8")
        licence = next(name for name in names if name.endswith(".dist-info/licenses/LICENSE"))
        assert "MIT License" in archive.read(licence).decode("utf-8")
    modules = {name for name in _project_files(PROJECT / "tui") if name.endswith(".py")}
    assert {f"tui/{name}" for name in modules} <= names
    assert example == EXAMPLE_CONFIG.read_text(encoding="utf-8")
    assert not any(name.startswith("tests/") or name.endswith(".csv") for name in names)


def test_the_metadata_names_the_licence_and_where_it_runs(built: tuple[Path, Path]) -> None:
    _, wheel = built
    with zipfile.ZipFile(wheel) as archive:
        metadata_name = next(name for name in archive.namelist()
                             if name.endswith(".dist-info/METADATA"))
        metadata = email.message_from_bytes(archive.read(metadata_name))
    assert metadata["License-Expression"] == "MIT"
    classifiers = set(metadata.get_all("Classifier") or [])
    assert {"Operating System :: POSIX", "Environment :: Console",
            "Programming Language :: Python :: 3.11", "Programming Language :: Python :: 3.12",
            "Programming Language :: Python :: 3.13"} <= classifiers


def _imported_libraries() -> set[str]:
    """The top-level name of each library a module of tui/ imports."""
    names: set[str] = set()
    for path in (PROJECT / "tui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"tui", "__future__"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_library_imported_is_a_declared_dependency() -> None:
    declared = {_name(requirement) for requirement in PYPROJECT["project"]["dependencies"]}
    distributions = importlib.metadata.packages_distributions()
    for library in _imported_libraries():
        names = {_name(name) for name in distributions.get(library, [library])}
        assert names & declared, f"{library} is imported but not declared"


def _requirements() -> list[str]:
    project = PYPROJECT["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["test"]]


def test_every_requirement_has_a_lower_and_an_upper_bound() -> None:
    for requirement in _requirements():
        assert REQUIREMENT.match(requirement) and "<" in requirement, requirement


def test_on_a_system_without_posix_file_locks_it_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from tui.cli.main import main

    monkeypatch.setattr(os, "name", "nt")
    assert main(["--sandbox", "list"]) == 1
    assert capsys.readouterr().err == (
        "easycart-tui: easycart-tui runs only on POSIX systems (Linux, macOS, BSD)\n")


@pytest.mark.slow
def test_the_lowest_versions_allowed_install_and_run_together(
    built: tuple[Path, Path], tmp_path: Path,
) -> None:
    """Every requirement at its lower bound, from the index pip uses here, in a fresh
    virtualenv, with the wheel built above: every module imports, and the commands run."""
    _, wheel = built
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=WAIT)
    python, pip = venv / "bin" / "python", [str(venv / "bin" / "python"), "-m", "pip"]
    pinned = []
    for requirement in _requirements():
        match = REQUIREMENT.match(requirement)
        assert match, requirement
        pinned.append(f"{match[1]}=={match[2]}")
    for args in ([*pinned], ["--no-deps", str(wheel)]):
        installed = subprocess.run([*pip, "install", "--quiet", *args], capture_output=True,
                                   text=True, timeout=WAIT, check=False)
        assert installed.returncode == 0, installed.stderr
    every_module = ("import importlib, pkgutil, tui\n"
                    "for m in pkgutil.walk_packages(tui.__path__, 'tui.'):\n"
                    "    if m.name != 'tui.__main__': importlib.import_module(m.name)\n")
    command = str(venv / "bin" / "easycart-tui")
    env = os.environ | {"EASYCART_TUI_DATA": str(tmp_path / "data")}
    config = tmp_path / "config.toml"
    for args, shown in (([str(python), "-c", every_module], ""),
                        ([command, "--version"], "easycart-tui 0.1.0\n"),
                        ([command, "list", "--sandbox", "--format", "count"], "1000\n"),
                        ([command, "config", "init", "--example", "--config", str(config)],
                         f"Wrote the example config file to {config}")):
        result = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, env=env,
                                timeout=WAIT, check=False)
        assert result.returncode == 0 and result.stdout.startswith(shown), result.stderr
    assert config.read_text(encoding="utf-8") == EXAMPLE_CONFIG.read_text(encoding="utf-8")
