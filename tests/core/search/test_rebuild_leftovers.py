"""A rebuild killed half-way leaves its ``gen-*.building`` folder behind:
``check`` reports it, ``check --repair`` removes it, and a rebuild still
running in another process is neither reported nor touched.

The rebuild runs in a real subprocess (Library.reindex); its ``cancelled``
callback tells the test the build has begun and then blocks, so the test can
look at a live build and then kill it (SIGKILL) at a known point.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from smkdesk.cli import run
from smkdesk.core.library import Library
from smkdesk.core.search.whoosh import building
from smkdesk.core.search.whoosh.storage import WIP_SUFFIX

pytestmark = pytest.mark.skipif(os.name == "nt", reason="kills with SIGKILL")

LEFTOVER = "a half-built search index left by an interrupted rebuild"

REBUILDER = """
import sys
from pathlib import Path
from smkdesk.core.library import Library

marker = Path(sys.argv[2])

def cancelled():
    if not marker.exists():
        marker.write_text("building", "utf-8")
        sys.stdin.read()  # the build is under way: wait here until killed
    return False

with Library.open(Path(sys.argv[1])) as lib:
    lib.reindex(cancelled=cancelled)
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(30):
        (src / f"note-{i:03}.txt").write_text(f"Wombat pricing note number {i}.\n", "utf-8")
    with Library.create(tmp_path / "lib") as lib:
        report = lib.assets.import_files([src])
        assert report.count("imported") == 30
    return tmp_path / "lib"


@pytest.fixture
def rebuilder(library: Path, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A reindex in another process, stopped inside its build."""
    marker = tmp_path / "building.marker"
    proc = subprocess.Popen(
        [sys.executable, "-c", REBUILDER, str(library), str(marker)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120  # a guard against a hang, not a measurement
        while not marker.exists():
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
            assert time.monotonic() < deadline, "the rebuild never started"
            time.sleep(0.05)
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if proc.stdin:
            proc.stdin.close()
        if proc.stderr:
            proc.stderr.close()


def _building(library: Path) -> list[Path]:
    return sorted(p for p in (library / "index").iterdir() if p.name.endswith(WIP_SUFFIX))


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = run([str(a) for a in argv])
    return code, capsys.readouterr().out


def _search_works(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _cli(capsys, "--library", str(library), "search", "wombat", "--json")
    assert code == 0, out
    assert json.loads(out)["total"] == 30


def test_a_killed_rebuild_is_reported_and_repaired(
    library: Path, rebuilder: subprocess.Popen[bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    lib = str(library)
    (wip,) = _building(library)

    # alive: a rebuild in progress is nobody's leftover
    code, out = _cli(capsys, "--library", lib, "check")
    assert code == 0 and LEFTOVER not in out, out
    _search_works(library, capsys)
    with Library.open(library):
        pass
    assert _building(library) == [wip]

    rebuilder.send_signal(signal.SIGKILL)
    rebuilder.wait()
    assert _building(library) == [wip]
    _search_works(library, capsys)

    code, out = _cli(capsys, "--library", lib, "check")
    assert code == 1, out
    assert f"- index: {LEFTOVER}: {wip.name} (repairable with --repair)" in out

    code, out = _cli(capsys, "--library", lib, "check", "--repair")
    assert f"- index: {LEFTOVER}: {wip.name} (repaired)" in out
    assert code == 0, out
    assert _building(library) == []
    _search_works(library, capsys)

    code, out = _cli(capsys, "--library", lib, "check")
    assert code == 0 and "Everything is consistent." in out, out
    assert not [p for p in (library / "index").iterdir() if p.name.startswith(wip.name)]


def test_old_leftovers_are_removed_on_open(
    library: Path, rebuilder: subprocess.Popen[bytes]
) -> None:
    (wip,) = _building(library)
    rebuilder.kill()
    rebuilder.wait()
    with Library.open(library):
        pass
    assert _building(library) == [wip]  # recent: left for check to report
    hours_ago = time.time() - 7 * 3600
    os.utime(wip, (hours_ago, hours_ago))
    with Library.open(library) as lib:
        assert _building(library) == []
        assert lib.check().problems == ()
        lib.reindex()  # a rebuild that finishes leaves neither its folder nor its lock
    assert not [p for p in (library / "index").iterdir() if "building" in p.name]


def test_a_folder_from_an_older_version_is_judged_by_its_age(library: Path) -> None:
    """No lock file beside it (smkdesk before this change): only an old one is stale."""
    wip = library / "index" / f"gen-0-old{WIP_SUFFIX}"
    wip.mkdir()
    assert building.leftovers(library / "index") == []
    hours_ago = time.time() - 7 * 3600
    os.utime(wip, (hours_ago, hours_ago))
    assert building.leftovers(library / "index") == [wip]


def test_a_build_holding_its_lock_is_no_leftover_and_a_free_lock_stays_free(
    tmp_path: Path,
) -> None:
    """In one process too (a rebuild on one thread, check on another); once the
    builder is gone, every later look agrees the folder is a leftover."""
    wip = tmp_path / f"gen-1-live{WIP_SUFFIX}"
    with building.claim(wip):
        wip.mkdir()
        assert building.lock_path(wip).exists()
        assert building.leftovers(tmp_path) == []
        building.remove_stale(tmp_path)
        assert wip.is_dir()
    # the builder died without cleaning up: its lock file is there, nobody holds it
    building.lock_path(wip).touch()
    assert building.leftovers(tmp_path) == [wip]
    assert building.leftovers(tmp_path) == [wip]
    building.remove(wip)
    assert list(tmp_path.iterdir()) == []
