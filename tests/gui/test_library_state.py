"""The window shows a read-only or damaged library in its status bar, turns
editing off, and the detail pane says when a file's text was truncated."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from smkdesk.core.catalogue.dto import AssetDetail
from smkdesk.core.library import Library
from smkdesk.gui.actions import WRITE_ACTIONS
from smkdesk.gui.context import AppContext
from smkdesk.gui.events import ChangeBus
from smkdesk.gui.library.detail import DetailPane
from smkdesk.gui.mainwindow import MainWindow
from smkdesk.gui.operations import imports
from smkdesk.gui.tasks import TaskManager


def _window(qtbot, gh, library: Library, settings: Path) -> MainWindow:
    ctx = AppContext(library, TaskManager(), ChangeBus(), gh.make_settings(settings))
    win = MainWindow(ctx)
    win.workspaces.show("library")
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "okapi.txt"
    src.write_text("Okapi pricing battlecard.\n", "utf-8")
    with Library.create(tmp_path / "lib") as lib:
        lib.assets.import_files([src])
    return tmp_path / "lib"


@pytest.fixture
def opened(request, folder: Path, tmp_path: Path, qtbot, gh) -> Iterator[MainWindow]:
    library = Library.open(folder, read_only=request.param == "read-only")
    if request.param == "damaged":
        library.db.mark_damaged("database disk image is malformed")
    win = _window(qtbot, gh, library, tmp_path / "s.ini")
    yield win
    gh.dispose(qtbot, win.ctx, win)
    library.close()


@pytest.mark.parametrize("opened", ["read-only"], indirect=True)
def test_a_read_only_library_turns_editing_off(opened: MainWindow, qtbot) -> None:
    win = opened
    qtbot.waitUntil(lambda: win.status.state_label.isVisible())
    assert win.status.state_label.text() == "Read-only library: changes are off"
    assert "read-only" in win.status.state_label.toolTip()
    for name in WRITE_ACTIONS:
        assert not win.actions_[name].isEnabled(), name
    assert win.actions_["find"].isEnabled() and win.actions_["check"].isEnabled()
    assert not list((win.ctx.library.path / "backups").glob("*-auto-*"))


@pytest.mark.parametrize("opened", ["damaged"], indirect=True)
def test_a_damaged_library_says_how_to_repair(opened: MainWindow, qtbot) -> None:
    win = opened
    qtbot.waitUntil(lambda: win.status.state_label.isVisible())
    assert "Damaged database" in win.status.state_label.text()
    assert "check --repair" in win.status.state_label.toolTip()
    assert not win.actions_["import_files"].isEnabled()


def test_a_writable_library_shows_no_state_and_backs_up(window: MainWindow, qtbot, gh) -> None:
    gh.wait_idle(qtbot, window.ctx)
    assert not window.status.state_label.isVisible()
    assert window.actions_["import_files"].isEnabled()
    assert list((window.ctx.library.path / "backups").glob("*-auto-daily.sqlite"))


def test_detail_pane_says_the_text_was_truncated(app_ctx: AppContext, qtbot, tmp_path) -> None:
    src = tmp_path / "atlas.txt"
    src.write_text("Atlas " * 10, "utf-8")
    (o,) = app_ctx.library.assets.import_files([src]).outcomes
    detail = app_ctx.library.assets.get(o.asset_id or 0)
    pane = DetailPane([])
    qtbot.addWidget(pane)
    fields = {**detail.__dict__, "truncation": "text truncated after 2,000 of 20,000 pages"}
    pane.show_asset(AssetDetail(**fields))
    assert pane.fields["text"].text() == (
        "Searchable, but only in part: text truncated after 2,000 of 20,000 pages"
    )
    assert os.environ["QT_QPA_PLATFORM"].startswith("offscreen")


def test_the_window_finds_real_damage_on_open(tmp_path: Path, qtbot, gh) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(40):
        (docs / f"n{i}.txt").write_text(f"Note {i} okapi{i}. " + "filler words " * 400, "utf-8")
    with Library.create(tmp_path / "lib") as lib:
        lib.assets.import_files([docs])
    db = tmp_path / "lib" / "library.sqlite"
    size = db.stat().st_size
    with db.open("r+b") as fh:  # 8 KB of the file overwritten, as a failing disk would
        fh.seek(size // 2 - (size // 2) % 4096)
        fh.write(os.urandom(8192))
    library = Library.open(tmp_path / "lib")
    win = _window(qtbot, gh, library, tmp_path / "s.ini")
    try:
        qtbot.waitUntil(lambda: win.status.state_label.isVisible(), timeout=10_000)
        assert "Damaged database" in win.status.state_label.text()
        assert not win.actions_["import_files"].isEnabled()
    finally:
        gh.dispose(qtbot, win.ctx, win)
        library.close()


@pytest.mark.parametrize("opened", ["read-only"], indirect=True)
def test_files_dropped_on_a_read_only_library_are_refused_at_once(
    opened: MainWindow, qtbot, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    src = tmp_path / "dropped.txt"
    src.write_text("Dropped.\n", "utf-8")
    imports.start_import(opened, [src])
    box = next(w for w in opened.findChildren(QMessageBox) if w.isVisible())
    assert "read-only" in box.text()
    box.close()
    assert opened.ctx.library.assets.count() == 1
