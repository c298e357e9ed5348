"""Two processes importing the same files at once never lose a stored file,
and importing a file again brings back an asset's stored file that went missing.

Real processes, a real library: the store lock is what keeps a content-addressed
file that a committed asset refers to from being deleted by the import that lost
the race (store.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from smkdesk.cli import run
from smkdesk.core.catalogue.models import Asset
from smkdesk.core.library import Library

FILES = 120
RUNS = 3


def _cli(*args: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-m", "smkdesk", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )


def _folder(root: Path, n: int) -> Path:
    docs = root / "docs"
    docs.mkdir()
    for i in range(n):
        (docs / f"note-{i:03}.txt").write_text(f"Race note {i} about pricing wombat{i}.\n", "utf-8")
    return docs


@pytest.mark.slow
@pytest.mark.parametrize("attempt", range(RUNS))
def test_two_imports_of_one_folder_keep_every_stored_file(tmp_path: Path, attempt: int) -> None:
    docs = _folder(tmp_path, FILES)
    library = tmp_path / "lib"
    Library.create(library).close()
    procs = [_cli("--library", str(library), "import", str(docs)) for _ in range(2)]
    errors = [p.communicate(timeout=240)[1].decode() for p in procs]
    for p, stderr in zip(procs, errors, strict=True):
        assert p.returncode in (0, 1), stderr  # 1: the other import got some files first
        assert "unexpected error" not in stderr
    with Library.open(library) as lib:
        assert lib.assets.count() == FILES
        report = lib.check()
        assert [p.message for p in report.problems if p.area == "files"] == []
        with lib.db.reader() as s:
            ids = list(s.scalars(select(Asset.id)))
        for asset_id in ids:
            stored = lib.assets.stored_path(asset_id)
            assert stored is not None and stored.is_file(), asset_id


def test_import_again_restores_a_missing_stored_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "case-study.txt"
    src.write_text("Harbour and Pine cut stock-outs by a third.\n", "utf-8")
    library = tmp_path / "lib"
    with Library.create(library) as lib:
        (asset_id,) = [o.asset_id for o in lib.assets.import_files([src]).outcomes]
        stored = lib.assets.stored_path(asset_id)
        assert stored is not None
        stored.unlink()
        problem = next(p for p in lib.check().problems if p.area == "files")
        assert "missing" in problem.message and "import" in problem.message
    capsys.readouterr()

    assert run(["--library", str(library), "import", str(src), "--json"]) == 0
    (line,) = json.loads(capsys.readouterr().out)
    assert line["outcome"] == "restored"
    assert line["asset_id"] == asset_id
    assert f"restored the missing file of #{asset_id}" in line["reason"]
    with Library.open(library) as lib:
        assert lib.assets.count() == 1
        assert stored.read_bytes() == src.read_bytes()
        assert lib.check().problems == ()

    # once it is back, the same file is a plain duplicate again
    assert run(["--library", str(library), "import", str(src)]) == 1
    assert "already in the library" in capsys.readouterr().out


def test_check_repair_restores_from_the_original_file(tmp_path: Path) -> None:
    src = tmp_path / "deck.txt"
    src.write_text("Pipeline review deck.\n", "utf-8")
    with Library.create(tmp_path / "lib") as lib:
        (asset_id,) = [o.asset_id for o in lib.assets.import_files([src]).outcomes]
        stored = lib.assets.stored_path(asset_id)
        assert stored is not None
        stored.unlink()
        (problem,) = lib.check().problems
        assert problem.repairable and str(src) in problem.message
        repaired = lib.check(repair=True)
        assert all(p.repaired for p in repaired.problems)
        assert stored.read_bytes() == src.read_bytes()
        assert lib.check().problems == ()
        # a changed original is not taken for the stored file
        stored.unlink()
        src.write_text("Something else now.\n", "utf-8")
        (problem,) = lib.check(repair=True).problems
        assert not problem.repaired and "import" in problem.message
