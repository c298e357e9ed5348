"""The import contracts in pyproject.toml (import-linter) hold, and can fail.

They fix the core's layers (library > reports > requests > journeys > usage >
search > catalogue > extract > store > changes > util > errors), keep Qt and
the GUI out of the core and Whoosh inside ``search/whoosh/``, and forbid import
cycles anywhere in the package.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = (
    "import sys; from importlinter.cli import lint_imports; "
    "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))"
)


def _lint(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN, str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_hold() -> None:
    result = _lint(ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_a_broken_layer_is_reported(tmp_path: Path) -> None:
    """The same linter, told that the store sits above the catalogue, objects."""
    config = tmp_path / "inverted.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "smkdesk"\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "inverted"\ntype = "layers"\n'
        'layers = ["smkdesk.core.store", "smkdesk.core.catalogue"]\n',
        "utf-8",
    )
    result = _lint(config)
    assert result.returncode != 0
    assert "smkdesk.core.catalogue" in result.stdout and "BROKEN" in result.stdout
