"""Asset actions in the main window: Open and Copy hand out a read-only copy
named as the file was imported (never the store's hashed name) and log only
where they say so; sending a draft asks first; a disabled shortcut says why."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from smkdesk.core.dto import ImportOptions
from smkdesk.core.store import COPIES_PREFIX, NamedCopies
from smkdesk.gui.context import AppContext
from smkdesk.gui.mainwindow import MainWindow
from smkdesk.gui.operations import assets as ops

pytestmark = pytest.mark.gui
WAIT = 10_000


# -- the named copies themselves (no Qt) ---------------------------------------------------
def test_named_copies_are_read_only_under_the_original_name(tmp_path: Path) -> None:
    stored = tmp_path / "files" / "a3" / ("a3" + "0" * 62 + ".pdf")
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF-1.4 pricing")
    copies = NamedCopies(tmp_path / "tmp")
    copy = copies.copy(stored, "Pricing guide 2026.pdf", "7")
    assert copy.name == "Pricing guide 2026.pdf" and copy.read_bytes() == stored.read_bytes()
    assert not copy.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert copies.copy(stored, "Pricing guide 2026.pdf", "7") == copy  # reused
    other = copies.copy(stored, "../../etc/Pricing guide 2026.pdf", "8")  # another asset
    assert other != copy and other.parent.parent == copies.root
    copies.close()
    assert not copies.root.exists()


def test_sweep_removes_only_the_folders_of_ended_sessions(tmp_path: Path) -> None:
    base = tmp_path / "tmp"
    mine = NamedCopies(base)
    dead = base / f"{COPIES_PREFIX}999999999-x"
    (dead / "1").mkdir(parents=True)
    (dead / "1" / "deck.pptx").write_bytes(b"x")
    os.chmod(dead / "1" / "deck.pptx", 0o444)
    assert NamedCopies.sweep(base) == 1
    assert not dead.exists() and mine.root.exists()
    mine.close()


# -- in the window -----------------------------------------------------------------------------
class Opened(QObject):
    """Stands in for the desktop's file viewer: Qt hands it every file URL opened."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def viewer(qapp) -> Opened:
    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "handle")
    yield opened
    QDesktopServices.unsetUrlHandler("file")


def import_md(gh, lib, tmp_path: Path, name: str, **options: object) -> int:
    src = gh.write_md(tmp_path / "in" / name, "Pricing guide", "What it costs and why.")
    (outcome,) = lib.assets.import_files([src], ImportOptions(**options)).outcomes  # type: ignore[arg-type]
    assert outcome.asset_id is not None
    return outcome.asset_id


def select_only(qtbot, gh, window: MainWindow, asset_id: int) -> None:
    gh.search(qtbot, window.page)
    window.page.table.selectRow(window.page.model.row_of(asset_id))
    qtbot.waitUntil(lambda: window.actions_["open_asset"].isEnabled(), timeout=WAIT)


def test_copy_puts_the_named_file_on_the_clipboard_and_logs_nothing(
    qtbot, gh, lib, app_ctx: AppContext, window: MainWindow, tmp_path: Path
) -> None:
    aid = import_md(gh, lib, tmp_path, "pricing-guide.md")
    select_only(qtbot, gh, window, aid)
    assert window.actions_["copy_link"].text() == "&Copy"
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    window.actions_["copy_link"].trigger()
    qtbot.waitUntil(
        lambda: clipboard.mimeData() is not None and clipboard.mimeData().hasUrls(), timeout=WAIT
    )
    (url,) = clipboard.mimeData().urls()
    path = Path(url.toLocalFile())
    assert path.name == "pricing-guide.md" and "files" not in path.parts
    assert not path.stat().st_mode & stat.S_IWUSR
    assert clipboard.mimeData().text() == str(path)
    assert "pricing-guide.md" in window.statusBar().currentMessage()
    gh.wait_idle(qtbot, app_ctx)
    assert lib.usage.history(aid) == ()  # copying is not a use


def test_copy_on_a_link_copies_its_address(qtbot, gh, lib, window: MainWindow) -> None:
    aid = gh.add_link(lib, "Customer video")
    select_only(qtbot, gh, window, aid)
    window.actions_["copy_link"].trigger()
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == lib.assets.get(aid).url
    assert lib.usage.history(aid) == ()


def test_open_hands_the_viewer_the_named_copy_and_logs_opened(
    qtbot, gh, lib, app_ctx: AppContext, window: MainWindow, tmp_path: Path, viewer: Opened
) -> None:
    aid = import_md(gh, lib, tmp_path, "Lead SLA whitepaper.md")
    select_only(qtbot, gh, window, aid)
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=WAIT):
        window.actions_["open_asset"].trigger()
    (url,) = viewer.urls
    assert Path(url.toLocalFile()).name == "Lead SLA whitepaper.md"
    assert [e.action for e in lib.usage.history(aid)] == ["opened"]
    ops.close_copies()
    assert not Path(url.toLocalFile()).exists()  # the session's folder goes at exit


def answer_next_box(qtbot, key: Qt.Key, seen: list[str]) -> None:
    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, press)


def test_quick_sent_for_a_draft_asks_first(
    qtbot, gh, lib, app_ctx: AppContext, window: MainWindow
) -> None:
    draft = gh.add_link(lib, "Lead SLA whitepaper", status="draft")
    lib.assets.update(draft, description_update("Draft pending legal review."))
    select_only(qtbot, gh, window, draft)
    qtbot.waitUntil(lambda: "legal" in getattr(window.page.current_asset(), "description", ""))
    seen: list[str] = []
    answer_next_box(qtbot, Qt.Key.Key_Escape, seen)
    window.actions_["log_sent"].trigger()
    assert "is a draft (pending legal review)" in seen[0] and "as sent anyway?" in seen[0]
    gh.wait_idle(qtbot, app_ctx)
    assert lib.usage.history(draft) == ()  # Escape: nothing logged
    answer_next_box(qtbot, Qt.Key.Key_Return, seen)
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=WAIT):
        window.actions_["log_sent"].trigger()
    assert [e.action for e in lib.usage.history(draft)] == ["sent"]
    # feedback on a draft is no send: it is not asked about
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=WAIT):
        window.actions_["log_helpful"].trigger()
    assert len(seen) == 2


def description_update(text: str):
    from smkdesk.core.dto import AssetUpdate

    return AssetUpdate(description=text)


def test_a_disabled_shortcut_says_why(qtbot, gh, lib, window: MainWindow) -> None:
    gh.add_link(lib, "Battlecard")
    gh.search(qtbot, window.page)
    assert not window.actions_["edit"].isEnabled()  # nothing selected
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "select one or more assets" in window.statusBar().currentMessage()
    window.page.table.selectRow(0)
    qtbot.waitUntil(lambda: window.actions_["edit"].isEnabled(), timeout=WAIT)
    assert not window._shortcut_hints["edit"].isEnabled()  # the action has the key again
    window.workspaces.show("review")
    review = window.workspaces.page("review")
    taken = {k.toString() for a in review.findChildren(QAction) for k in a.shortcuts()}
    live = [h for h in window._shortcut_hints.values() if h.isEnabled()]
    # off the Library the hints explain themselves, but never on a key the page uses
    assert live and all(not taken & {k.toString() for k in h.keys()} for h in live)  # noqa: SIM118 (QShortcut.keys)
