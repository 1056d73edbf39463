"""What loads what: each package of tui/ imports only the packages below it, so the
house reads top-down (the faces, `tui.cli` and `tui.ui`, on top; `tui.config` and
`tui.core` under them; the store's API, `tui.api`, and the sandbox at the ground);
only `tui.ui` imports Textual, only `tui.cli` argparse; and the scripting commands
never load Textual at run time either."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

TUI = Path(__file__).resolve().parent.parent / "tui"
#: Each package, and the others of tui/ it may import. A new module is held to its
#: package's line by being in it: nothing here names modules.
ALLOWED: dict[str, tuple[str, ...]] = {
    "tui.api": (),
    "tui.sandbox": ("tui.api",),
    "tui.core": ("tui.api",),
    "tui.config": ("tui.api", "tui.core", "tui.sandbox"),
    "tui.cli": ("tui.api", "tui.core", "tui.config", "tui.sandbox"),
    "tui.ui": ("tui.api", "tui.core", "tui.config"),
}
#: Libraries only one package may import: the app's toolkit, and the command line's
#: (with what writes its completion scripts).
ONLY_IN = {"textual": "tui.ui", "argparse": "tui.cli", "shtab": "tui.cli"}
#: The interactive app: what nothing else may load.
UI = ("tui.ui",)

PROBE = """
import sys
{body}
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(loaded) or "none")
"""


def _loaded_textual(body: str) -> str:
    result = subprocess.run([sys.executable, "-c", PROBE.format(body=body)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def _within(name: str, packages: Iterable[str]) -> bool:
    return any(name == package or name.startswith(f"{package}.") for package in packages)


def _below_the_ui() -> dict[str, Path]:
    """Each module under tui/ that is not part of the UI, by its name."""
    return {name: path for name, path in _modules().items() if not _within(name, UI)}


def _imports(name: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    """Each import statement of a module, anywhere in it (in a function, under
    TYPE_CHECKING): its line and the modules it may name (`from a import b` may
    import the module `a.b`), relative imports made absolute."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield node.lineno, [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0]
                base = f"{parent}.{base}".rstrip(".")
            yield node.lineno, [base, *(f"{base}.{alias.name}" for alias in node.names)]


def _modules() -> dict[str, Path]:
    """Each module under tui/, by its name."""
    modules = {}
    for path in sorted(TUI.rglob("*.py")):
        parts = path.relative_to(TUI.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _package(name: str) -> str | None:
    return next((package for package in ALLOWED if _within(name, (package,))), None)


def test_every_module_is_in_a_package_of_the_layout() -> None:
    outside = [name for name in _modules() if _package(name) is None]
    assert outside == ["tui", "tui.__main__"], outside


def _against_the_layout(modules: dict[str, Path]) -> list[str]:
    """Each import of `modules` (name -> file) that its package may not make."""
    found = []
    for name, path in modules.items():
        package = _package(name)
        if package is None:
            continue
        allowed = (package, *ALLOWED[package])
        for line, named in _imports(name, path):
            module = named[0]  # the module itself; `from a import b` names a.b too
            wrong_package = (_within(module, ("tui",)) and module != "tui"
                             and not _within(module, allowed))
            wrong_library = any(_within(module, (library,)) and package != owner
                                for library, owner in ONLY_IN.items())
            if wrong_package or wrong_library:
                where = path.relative_to(TUI.parent) if path.is_relative_to(TUI.parent) \
                    else path.name
                found.append(f"{where}:{line} ({package}) imports {module}")
    return found


def test_each_package_imports_only_what_is_below_it() -> None:
    found = _against_the_layout(_modules())
    assert not found, "imports against the layout:\n" + "\n".join(found)


def test_the_contract_catches_a_core_module_importing_textual_argparse_or_a_face(
        tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("import argparse\nfrom textual.app import App\n"
                     "from tui.config import load\nfrom tui.ui import app\n"
                     "from tui.api.models import Download\n")
    assert _against_the_layout({"tui.core.probe": probe}) == [
        "probe.py:1 (tui.core) imports argparse",
        "probe.py:2 (tui.core) imports textual.app",
        "probe.py:3 (tui.core) imports tui.config",
        "probe.py:4 (tui.core) imports tui.ui",
    ]


def test_no_module_below_the_ui_loads_textual() -> None:
    names = sorted(name for name in _below_the_ui() if name != "tui.__main__")  # runs the CLI
    body = (
        "import importlib\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "    if 'textual' in sys.modules:\n"
        "        raise SystemExit(f'importing {name} loads Textual')\n"
    )
    assert _loaded_textual(body) == "none"


def test_running_a_scripting_command_loads_no_textual() -> None:
    body = (
        "from tui.cli.main import main\n"
        "code = main(['--sandbox', 'list', '--perpage', '2', '--format', 'json'])\n"
        "assert code == 0, code\n"
        "main(['--sandbox', 'get', 'nosuchid'])\n"
    )
    assert _loaded_textual(body) == "none"


def test_doctor_and_the_state_file_load_no_textual() -> None:
    body = (
        "import tui.core.findings.probes, tui.config.state\n"
        "from tui.cli.main import main\n"
        "code = main(['--sandbox', 'doctor', '--format', 'json'])\n"
        "assert code == 0, code\n"
    )
    assert _loaded_textual(body) == "none"


def test_the_config_file_loads_no_connection() -> None:
    probe = ("import pkgutil, sys, importlib, tui.config\n"
             "for module in pkgutil.iter_modules(tui.config.__path__, 'tui.config.'):\n"
             "    if module.name != 'tui.config.connection':\n"
             "        importlib.import_module(module.name)\n"
             "print('tui.config.connection' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
