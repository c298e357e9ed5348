"""A library in a folder nobody may write to opens read-only: reading works,
every change is refused with one clear reason, and nothing is called damaged.

The permission test runs the real command line in a process that cannot
override file permissions (as root, ``setpriv`` drops that capability)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from smkdesk.core.catalogue.dto import AssetUpdate, ImportOptions
from smkdesk.core.errors import LibraryError, ReadOnlyLibraryError
from smkdesk.core.library import Library
from smkdesk.core.search.dto import SearchQuery

NO_OVERRIDE = "-dac_override,-dac_read_search"


def _unprivileged() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    return [setpriv, "--bounding-set", NO_OVERRIDE, "--inh-caps", NO_OVERRIDE]


def _chmod_tree(root: Path, writable: bool) -> None:
    for path in [root, *root.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~0o222)


@pytest.fixture
def frozen(tmp_path: Path) -> Iterator[Path]:
    """A small library whose folder is then made read-only."""
    src = tmp_path / "okapi.txt"
    src.write_text("Okapi pricing battlecard for CFOs.\n", "utf-8")
    library = tmp_path / "lib"
    with Library.create(library) as lib:
        lib.assets.import_files([src], ImportOptions(stages=("Decision",)))
    _chmod_tree(library, writable=False)
    yield library
    _chmod_tree(library, writable=True)


def _cli(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_unprivileged(), sys.executable, "-m", "smkdesk", "--library", str(library), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_reading_works_and_changes_are_refused(frozen: Path, tmp_path: Path) -> None:
    refused = f"This library is read-only (no write permission on {frozen})."
    for args in (["list"], ["search", "okapi"], ["show", "1"], ["check"]):
        done = _cli(frozen, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert "damaged" not in done.stdout + done.stderr
    assert "Okapi" in _cli(frozen, "search", "okapi").stdout
    out = tmp_path / "usage.csv"
    assert _cli(frozen, "export", "usage", "--out", str(out)).returncode == 0
    assert out.is_file()

    new = tmp_path / "new.txt"
    new.write_text("Another file.\n", "utf-8")
    for args in (
        ["tag", "1", "--persona", "CFO"],
        ["usage", "log", "1", "--action", "sent"],
        ["import", str(new)],
        ["retire", "1", "--reason", "Superseded"],
        ["check", "--repair"],
    ):
        done = _cli(frozen, *args)
        assert done.returncode == 3, (args, done.stdout, done.stderr)
        assert done.stderr.strip() == f"smkdesk: {refused}", args
    assert not any((frozen / "files").glob("**/*new*"))


def test_a_library_opened_read_only_refuses_every_change(tmp_path: Path) -> None:
    src = tmp_path / "okapi.txt"
    src.write_text("Okapi pricing battlecard.\n", "utf-8")
    with Library.create(tmp_path / "lib") as lib:
        (o,) = lib.assets.import_files([src]).outcomes
    before = (tmp_path / "lib" / "library.sqlite").read_bytes()
    with Library.open(tmp_path / "lib", read_only=True) as lib:
        assert lib.writes_refused is not None and lib.damaged is None
        assert [h.id for h in lib.search(SearchQuery("okapi")).hits] == [o.asset_id]
        lib.requests.log_search(SearchQuery("okapi"), 1)  # not logged, not an error
        with pytest.raises(ReadOnlyLibraryError):
            lib.assets.update(o.asset_id or 0, AssetUpdate(title="Changed"))
        with pytest.raises(ReadOnlyLibraryError):
            lib.assets.add_link("https://example.com/x", "A link")
        with pytest.raises(ReadOnlyLibraryError):
            lib.usage.log(o.asset_id or 0, "sent")
        with pytest.raises(ReadOnlyLibraryError):
            lib.assets.import_files([src])
        assert lib.assets.get(o.asset_id or 0).title == "Okapi"
    assert (tmp_path / "lib" / "library.sqlite").read_bytes() == before


def test_an_outdated_read_only_library_says_it_needs_upgrading(frozen: Path) -> None:
    _chmod_tree(frozen, writable=True)
    import sqlite3

    con = sqlite3.connect(frozen / "library.sqlite")
    con.execute("UPDATE alembic_version SET version_num = '0004'")
    con.commit()
    con.close()
    _chmod_tree(frozen, writable=False)
    with pytest.raises(LibraryError, match="needs upgrading"):
        Library.open(frozen, read_only=True)


def test_opened_read_only_beside_a_writer_sees_its_changes(tmp_path: Path) -> None:
    """Read-only by choice in a writable folder: another process may write,
    so the file is never treated as immutable."""
    with Library.create(tmp_path / "lib") as writer:
        writer.assets.add_link("https://example.com/1", "First")
        with Library.open(tmp_path / "lib", read_only=True) as reader:
            assert reader.assets.count() == 1
            writer.assets.add_link("https://example.com/2", "Second")
            assert reader.assets.count() == 2
