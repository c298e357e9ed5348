"""Symbolic links met while importing: every entry the user can see gets one
outcome line, and nothing outside the folder being imported is ever copied in.

The rule (``smkdesk/core/walk.py``): inside an imported folder a link is
followed only when it leads to a file inside that same folder which the
import would not take anyway; links to folders, links leading outside,
loops and broken links are rejected with their reason. A path named
directly is the user's own choice and is followed. Real links in tmp_path.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from smkdesk.cli import run
from smkdesk.core.library import Library

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")

SECRET = b"Wombat ledger secret: root:x:0:0:do-not-leak\n"


def _tree(base: Path) -> tuple[Path, Path]:
    """``src/`` to import, full of links, and ``outside/secret.txt`` beside it."""
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(SECRET)
    src = base / "src"
    (src / "docs").mkdir(parents=True)
    (src / ".versions").mkdir()
    (src / "alpha.txt").write_text("Alpha pricing battlecard for wombats.\n", "utf-8")
    (src / "docs" / "beta.md").write_text("# Beta\n\nBeta logistics case study.\n", "utf-8")
    (src / ".versions" / "plan-v3.txt").write_text("Third plan for the numbat rollout.\n", "utf-8")
    (src / ".hidden.txt").write_text("Hidden note, never imported.\n", "utf-8")
    (src / "folder-out").symlink_to(outside, target_is_directory=True)
    (src / "folder-in").symlink_to(src / "docs", target_is_directory=True)
    (src / "loop-a").symlink_to(src / "loop-b")
    (src / "loop-b").symlink_to(src / "loop-a")
    (src / "self.txt").symlink_to(src / "self.txt")
    (src / "leak.txt").symlink_to(outside / "secret.txt")
    (src / "chain.txt").symlink_to("leak.txt")  # inside, but leads outside through leak.txt
    (src / "broken.txt").symlink_to(src / "gone.txt")
    (src / "again.md").symlink_to(Path("docs") / "beta.md")  # the import takes beta.md itself
    (src / "latest.txt").symlink_to(Path(".versions") / "plan-v3.txt")  # followed
    return src, outside


EXPECTED = {
    "alpha.txt": ("imported", None),
    "again.md": ("rejected", "a link to another file in this import (docs/beta.md)"),
    "broken.txt": ("rejected", "a broken link (its target does not exist)"),
    "chain.txt": ("rejected", "a link whose target lies outside the folder being imported"),
    "folder-in": (
        "rejected",
        "a link to a folder (links inside an imported folder are not followed)",
    ),
    "folder-out": (
        "rejected",
        "a link to a folder (links inside an imported folder are not followed)",
    ),
    "latest.txt": ("imported", None),
    "leak.txt": ("rejected", "a link whose target lies outside the folder being imported"),
    "loop-a": ("rejected", "a link loop"),
    "loop-b": ("rejected", "a link loop"),
    "self.txt": ("rejected", "a link loop"),
    "beta.md": ("imported", None),
}


def _no_secret_stored(library: Path) -> None:
    for path in (library / "files").rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_bytes(), path


def test_every_link_gets_one_outcome_and_nothing_leaks(tmp_path: Path) -> None:
    src, _outside = _tree(tmp_path)
    with Library.create(tmp_path / "lib") as lib:
        report = lib.assets.import_files([src])
        got = {o.path.name: (o.outcome, o.reason) for o in report.outcomes}
        assert len(report.outcomes) == len(EXPECTED) == report.total
        assert got == EXPECTED
        names = [o.path.relative_to(src).as_posix() for o in report.outcomes]
        # a folder's own entries in name order, then its subfolders
        assert names == [*sorted(n for n in EXPECTED if n != "beta.md"), "docs/beta.md"]
        latest = next(o for o in report.outcomes if o.path.name == "latest.txt")
        assert latest.path == src / "latest.txt"  # the entry the user sees, not its target
        _no_secret_stored(lib.path)
        again = lib.assets.import_files([src / "latest.txt"]).outcomes[0].reason or ""
        assert again.startswith("already in the library")


def test_a_path_named_directly_is_followed(tmp_path: Path) -> None:
    src, outside = _tree(tmp_path)
    named = tmp_path / "named-secret.txt"
    named.symlink_to(outside / "secret.txt")
    folder = tmp_path / "named-folder"
    folder.symlink_to(src / "docs", target_is_directory=True)
    with Library.create(tmp_path / "lib") as lib:
        report = lib.assets.import_files([named, folder])
        assert [(o.path, o.outcome) for o in report.outcomes] == [
            (named, "imported"),
            (folder / "beta.md", "imported"),
        ]


def test_named_loops_and_broken_links_say_so(tmp_path: Path) -> None:
    src, _outside = _tree(tmp_path)
    missing = tmp_path / "never-there.txt"
    with Library.create(tmp_path / "lib") as lib:
        report = lib.assets.import_files(
            [src / "loop-a", src / "self.txt", src / "broken.txt", missing]
        )
        assert [(o.path.name, o.reason) for o in report.outcomes] == [
            ("loop-a", "a link loop"),
            ("self.txt", "a link loop"),
            ("broken.txt", "a broken link (its target does not exist)"),
            ("never-there.txt", "no such file or folder"),
        ]


def test_cli_prints_one_line_per_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, _outside = _tree(tmp_path)
    library = tmp_path / "lib"
    code = run(["--library", str(library), "import", str(src)])
    out = capsys.readouterr().out
    assert code == 1  # some entries were rejected
    lines = [line for line in out.splitlines() if str(src) in line]
    assert len(lines) == len(EXPECTED), out
    for name, (outcome, reason) in EXPECTED.items():
        (line,) = [ln for ln in lines if Path(ln.split("  ", 1)[1].split(":")[0]).name == name]
        assert line.startswith(outcome), line
        if reason:
            assert line.endswith(f": {reason}"), line
    assert "hidden" not in out
    assert "3 imported, 9 rejected." in out

    code = run(["--library", str(library), "import", str(src), "--json"])
    entries = json.loads(capsys.readouterr().out)
    assert len(entries) == len(EXPECTED)
    _no_secret_stored(library)
    assert run(["--library", str(library), "search", "ledger", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"] == []


def test_a_file_name_that_is_not_utf8_imports_with_a_readable_name(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9-\x1bnotes.txt"
    with open(raw, "wb") as fh:
        fh.write(b"Notes from the cafe visit.\n")
    with Library.create(tmp_path / "lib") as lib:
        (o,) = lib.assets.import_files([folder]).outcomes
        assert o.outcome == "imported", o.reason
        name = lib.assets.get(o.asset_id or 0).file_name or ""
        assert name.startswith("caf\ufffd") and "\x1b" not in name
