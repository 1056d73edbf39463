"""What loads what: the API layer and the scripting commands never load Textual,
nothing below the UI imports it (or the UI's own modules), and the config package
never loads the connection made from it."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

TUI = Path(__file__).resolve().parent.parent / "tui"
#: The interactive app: the only modules that may import Textual and one another.
#: Everything else under tui/ is below the UI. (`tui.launch` starts the UI by loading
#: `tui.app` by name, in a thread, once the first page has been asked for.)
UI = ("tui.app", "tui.screens", "tui.widgets", "tui.keymap", "tui.palette",
      "tui.clipboard", "tui.textual_private")
FORBIDDEN = ("textual", *UI)

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
    modules = {}
    for path in sorted(TUI.rglob("*.py")):
        parts = path.relative_to(TUI.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if not _within(name, UI):
            modules[name] = path
    return modules


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


def test_below_the_ui_is_found() -> None:
    modules = _below_the_ui()
    assert {"tui.api.client", "tui.sandbox.store", "tui.config", "tui.state", "tui.paging",
            "tui.cli", "tui.commands", "tui.doctor", "tui.launch"} <= set(modules)


def test_nothing_below_the_ui_imports_textual_or_the_ui() -> None:
    found = []
    for name, path in _below_the_ui().items():
        for line, named in _imports(name, path):
            wrong = next((module for module in named if _within(module, FORBIDDEN)), None)
            if wrong is not None:
                found.append(f"{path.relative_to(TUI.parent)}:{line} ({name}) imports {wrong}")
    assert not found, ("below the UI, nothing may import Textual or "
                       f"{', '.join(UI)}:\n" + "\n".join(found))


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
        "from tui.cli import main\n"
        "code = main(['--sandbox', 'list', '--perpage', '2', '--format', 'json'])\n"
        "assert code == 0, code\n"
        "main(['--sandbox', 'get', 'nosuchid'])\n"
    )
    assert _loaded_textual(body) == "none"


def test_doctor_and_the_state_file_load_no_textual() -> None:
    body = (
        "import tui.findings.probes, tui.state\n"
        "from tui.cli import main\n"
        "code = main(['--sandbox', 'doctor', '--format', 'json'])\n"
        "assert code == 0, code\n"
    )
    assert _loaded_textual(body) == "none"


def test_the_config_package_loads_no_connection() -> None:
    probe = ("import pkgutil, sys, importlib, tui.config\n"
             "for module in pkgutil.iter_modules(tui.config.__path__, 'tui.config.'):\n"
             "    importlib.import_module(module.name)\n"
             "print('tui.connection' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


#: The faces: the core is what they share, so it imports neither of them.
FACES = ("argparse", "tui.cli", "tui.commands", "tui.set_commands", "tui.config_commands",
         "tui.doctor", "tui.launch")


def test_the_core_imports_no_face_of_the_app() -> None:
    core = {name: path for name, path in _below_the_ui().items() if _within(name, ("tui.core",))}
    assert "tui.core.filters" in core
    found = [f"{path.relative_to(TUI.parent)}:{line} ({name}) imports {wrong}"
             for name, path in core.items() for line, named in _imports(name, path)
             if (wrong := next((m for m in named if _within(m, (*FORBIDDEN, *FACES))), None))]
    assert not found, "tui.core may not import Textual, argparse or a face:\n" + "\n".join(found)
