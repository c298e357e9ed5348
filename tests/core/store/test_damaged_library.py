"""A damaged database stops taking changes, and ``check --repair`` offers the
way out: the newest good backup, or what can be read salvaged into a new
file. Either way the damaged file is kept aside and what was lost is listed.

The damage is real: bytes in the middle of a real library file are
overwritten, as a failing disk or a bad copy would."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from smkdesk.cli import run
from smkdesk.core.catalogue.dto import AssetUpdate, ImportOptions
from smkdesk.core.errors import DamagedLibraryError
from smkdesk.core.library import DAMAGE_MARKER, Library
from smkdesk.core.store import recovery
from smkdesk.core.usage.models import UsageEvent


def _notes(folder: Path, n: int, prefix: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = f"{prefix} note {i} about okapi{i} pricing. " + "filler text " * 400
        (folder / f"{prefix}-{i:02}.txt").write_text(body, "utf-8")
    return folder


def _damage(db: Path) -> None:
    """Overwrite 8 KB in the middle of the file, on page boundaries."""
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.seek(size // 2 - (size // 2) % 4096)
        fh.write(os.urandom(8192))


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A library with a good backup of 50 assets, then 5 more and 10 uses, then damage."""
    library = tmp_path / "lib"
    with Library.create(library) as lib:
        lib.assets.import_files([_notes(tmp_path / "first", 50, "first")])  # backup before it
        assert len(recovery.backups(library / "backups")) == 1
        lib.assets.import_files([_notes(tmp_path / "late", 5, "late")])
        for asset_id in range(1, 11):
            lib.usage.log(asset_id, "sent")
        lib.backup("daily")  # the newest good backup: 55 assets, 10 uses
        lib.assets.import_files([_notes(tmp_path / "last", 3, "last")])
    _damage(library / "library.sqlite")
    return library


def test_damage_stops_changes_for_every_process(damaged: Path) -> None:
    with Library.open(damaged) as lib:
        report = lib.check()
        assert any(p.area == "database" for p in report.problems)
        assert lib.damaged is not None
        with pytest.raises(DamagedLibraryError, match="check --repair"):
            lib.assets.update(1, AssetUpdate(title="Changed"))
        with pytest.raises(DamagedLibraryError):
            lib.usage.log(2, "sent")
        with pytest.raises(DamagedLibraryError):
            lib.assets.add_link("https://example.com/a", "A link")
    assert (damaged / DAMAGE_MARKER).is_file()
    with Library.open(damaged) as again:  # another process, later: still stopped
        assert again.damaged is not None
        with pytest.raises(DamagedLibraryError):
            again.assets.add_link("https://example.com/b", "B link")
        assert again.backup("daily") is None  # a damaged file never pushes good backups out


def test_repair_from_backup_keeps_the_damaged_file_and_lists_what_was_lost(
    damaged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--library", str(damaged), "check"]) == 1
    said = capsys.readouterr()
    text = said.out + said.err
    assert "damaged" in text and "--from-backup" in text and "--salvage" in text
    assert run(["--library", str(damaged), "check", "--repair"]) == 1  # says which way
    assert "--from-backup" in "".join(capsys.readouterr())

    assert run(["--library", str(damaged), "check", "--repair", "--from-backup"]) == 0
    out = capsys.readouterr().out
    assert "Restored the backup library-" in out
    assert "3 asset(s) added since the backup: #56 'Last 00'" in out
    assert "their 3 stored file(s) are in recovered/" in out
    (aside,) = (damaged / "damaged").glob("*.sqlite")
    assert aside.stat().st_size > 0
    assert sorted(p.name for p in (damaged / "recovered").iterdir()) == [
        "last-00.txt",
        "last-01.txt",
        "last-02.txt",
    ]
    assert not (damaged / DAMAGE_MARKER).exists()
    assert not list(damaged.glob("library.sqlite.new*"))
    with Library.open(damaged) as lib:
        assert lib.damaged is None and lib.assets.count() == 55
        with lib.db.reader() as s:
            assert len(list(s.scalars(select(UsageEvent.id)))) == 10
        assert lib.check().ok
        lib.assets.add_link("https://example.com/c", "Works again", ImportOptions())
        # what was lost comes back by importing the recovered folder
        outcomes = lib.assets.import_files([damaged / "recovered"]).outcomes
        assert [o.outcome for o in outcomes] == ["imported"] * 3


def test_salvage_copies_what_can_be_read(damaged: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["--library", str(damaged), "check", "--repair", "--salvage"])
    out = capsys.readouterr().out
    assert code in (0, 1), out
    assert "Salvaged what could be read into a new database" in out
    assert list((damaged / "damaged").glob("*.sqlite"))
    with Library.open(damaged) as lib:
        assert lib.damaged is None
        assert lib.check().problems == () or all(p.area != "database" for p in lib.check().problems)
        assert 40 <= lib.assets.count() <= 58
        lib.assets.add_link("https://example.com/d", "Works again")
