"""The core must never import Qt: it runs in the CLI, in workers and in tests.

``tests/test_layers.py`` runs the import-linter contracts too; this test also
catches ``__import__`` and ``importlib.import_module`` calls, which the linter
does not see.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import smkdesk.core

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "smkdesk.gui")


def _core_modules() -> list[tuple[str, Path]]:
    out = [("smkdesk.core", Path(smkdesk.core.__file__))]
    for info in pkgutil.walk_packages(smkdesk.core.__path__, prefix="smkdesk.core."):
        spec = info.module_finder.find_spec(info.name, None)  # type: ignore[call-arg]
        assert spec is not None and spec.origin is not None, info.name
        out.append((info.name, Path(spec.origin)))
    return out


def _imports(module: str, path: Path) -> set[str]:
    return _imports_in(module, path.name == "__init__.py", path.read_text("utf-8"))


def _imports_in(module: str, is_package: bool, source: str) -> set[str]:
    """Absolute names of everything ``source`` imports (relative imports resolved)."""
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
            if node.args and isinstance(node.args[0], ast.Constant):
                names.add(str(node.args[0].value))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(str(node.args[0].value))
    return names


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def test_walk_finds_the_core_modules() -> None:
    names = {name for name, _ in _core_modules()}
    # guard against a walk that silently finds nothing
    for expected in (
        "smkdesk.core.library",
        "smkdesk.core.catalogue.assets",
        "smkdesk.core.catalogue.importer",
        "smkdesk.core.extract.dispatch",
        "smkdesk.core.search.whoosh.index",
        "smkdesk.core.usage.events",
        "smkdesk.core.journeys.workshops",
    ):
        assert expected in names


def test_the_checker_sees_qt_imports() -> None:
    """The checker itself must be able to fail."""
    src = (
        "import PySide6\n"
        "from PySide6.QtCore import QObject\n"
        "from ..gui import window\n"
        "def f():\n"
        "    import shiboken6\n"
        "    return __import__('PyQt6')\n"
    )
    names = _imports_in("smkdesk.core.fake", False, src)
    assert {"PySide6", "PySide6.QtCore", "smkdesk.gui", "shiboken6", "PyQt6"} <= names
    assert all(_forbidden(n) for n in ("PySide6", "PySide6.QtCore.QObject", "smkdesk.gui.window"))
    assert not _forbidden("PySide6x") and not _forbidden("smkdesk.core.library")
    assert _imports_in("smkdesk.core.extract", True, "from .pool import X") >= {
        "smkdesk.core.extract.pool"
    }


def test_no_core_module_imports_qt() -> None:
    offenders = []
    for module, path in _core_modules():
        for name in _imports(module, path):
            if _forbidden(name):
                offenders.append(f"{module} imports {name}")
    assert offenders == []


def test_importing_the_core_loads_no_qt() -> None:
    code = (
        "import smkdesk.core.library, smkdesk.core.extract.pool, "
        "smkdesk.core.search.whoosh.index, smkdesk.core.reports.brief, sys; "
        "bad = sorted(m for m in sys.modules "
        "if m.startswith(('PySide6', 'shiboken6', 'smkdesk.gui'))); "
        "assert not bad, bad"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
