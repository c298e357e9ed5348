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
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from smkdesk.core.catalogue.dto import ImportOptions
from smkdesk.core.store.files import COPIES_PREFIX, NamedCopies
from smkdesk.gui.context import AppContext
from smkdesk.gui.library import usage_log
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
    window.actions_["log_sent"].trigger()
    gh.wait_idle(qtbot, app_ctx)
    assert lib.usage.history(draft) == ()  # Enter: the default is "Don't log"
    click_in_next_box(qtbot, "Log as sent", seen)
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=WAIT):
        window.actions_["log_sent"].trigger()
    assert [e.action for e in lib.usage.history(draft)] == ["sent"]
    # feedback on a draft is no send: it is not asked about
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=WAIT):
        window.actions_["log_helpful"].trigger()
    assert len(seen) == 3


def click_in_next_box(qtbot, text: str, seen: list[str]) -> None:
    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        (button,) = [b for b in box.buttons() if b.text().replace("&", "") == text]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)


def test_the_draft_question_defaults_to_dont_log(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    defaults: list[str] = []

    def press(key: Qt.Key) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        defaults.append(box.defaultButton().text().replace("&", ""))
        qtbot.keyClick(box, key)

    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        QTimer.singleShot(0, lambda k=key: press(k))
        assert not usage_log.confirm_unpublished(parent, "Log it as sent anyway?", "sent")
    assert defaults == ["Don't log", "Don't log"]


def test_the_log_use_dialog_names_what_it_logged_and_offers_undo(
    qtbot, gh, lib, app_ctx: AppContext, window: MainWindow
) -> None:
    aid = gh.add_link(lib, "Harbour & Pine case study")
    select_only(qtbot, gh, window, aid)
    window.actions_["log_use"].trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog), timeout=WAIT)
    dialog = QApplication.activeModalWidget()
    qtbot.keyClicks(dialog.focusWidget(), "Acme Retail")
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=WAIT):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    status = window.status
    qtbot.waitUntil(lambda: bool(status.undo_offered), timeout=WAIT)
    assert status.undo_offered == "Logged “sent” for “Harbour & Pine case study” (Acme Retail)."
    assert [e.account for e in lib.usage.history(aid)] == ["Acme Retail"]
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=WAIT):
        qtbot.mouseClick(status.undo_button, Qt.MouseButton.LeftButton)
    assert lib.usage.history(aid) == ()
    qtbot.waitUntil(lambda: "Took back" in window.statusBar().currentMessage(), timeout=WAIT)


def test_quick_log_of_one_asset_names_it(
    qtbot, gh, lib, app_ctx: AppContext, window: MainWindow
) -> None:
    aid = gh.add_link(lib, "Harbour & Pine case study")
    select_only(qtbot, gh, window, aid)
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=WAIT):
        window.actions_["log_sent"].trigger()
    qtbot.waitUntil(lambda: bool(window.status.undo_offered), timeout=WAIT)
    assert window.status.undo_offered == "Logged “sent” for “Harbour & Pine case study”."


def test_retire_from_the_library_asks_a_reason_and_offers_undo(
    qtbot, gh, lib, app_ctx: AppContext, window: MainWindow
) -> None:
    ids = [gh.add_link(lib, t) for t in ("Old deck", "Old sheet")]
    gh.search(qtbot, window.page)
    window.page.table.selectAll()
    many = window.page.detail.many
    qtbot.waitUntil(many.isVisible, timeout=WAIT)
    retire = next(b for b in many.buttons if b.defaultAction() is window.actions_["retire"])
    assert retire.isEnabled()
    qtbot.mouseClick(retire, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog), timeout=WAIT)
    dialog = QApplication.activeModalWidget()
    assert dialog.windowTitle() == "Retire 2 assets"
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # no reason: asked inline
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.focusWidget(), "No longer sold")
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=WAIT):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert {lib.assets.get(i).status for i in ids} == {"retired"}
    status = window.status
    qtbot.waitUntil(
        lambda: status.undo_offered == "Retired 2 assets: No longer sold.", timeout=WAIT
    )
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=WAIT):
        qtbot.mouseClick(status.undo_button, Qt.MouseButton.LeftButton)
    assert {lib.assets.get(i).status for i in ids} == {"published"}


def test_log_as_used_is_a_dialog_item_and_log_quickly_a_submenu(window: MainWindow) -> None:
    assert window.actions_["log_use"].menu() is None
    asset = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Asset")
    subs = [a.menu().title() for a in asset.actions() if a.menu() is not None]
    assert subs == ["Log &quickly"]


def test_no_viewer_offers_save_a_copy_and_show_in_folder(
    qtbot, gh, lib, window: MainWindow, tmp_path: Path
) -> None:
    aid = import_md(gh, lib, tmp_path, "pricing-guide.md")
    asset = lib.assets.get(aid)
    seen: list[list[str]] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        seen.append([b.text().replace("&", "") for b in box.buttons()])
        seen.append([box.defaultButton().text().replace("&", "")])
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(0, look)
    ops.no_viewer(window.ctx, window, asset)
    assert set(seen[0]) == {"Save a copy…", "Show in folder", "Close"}
    assert seen[1] == ["Save a copy…"]
    assert lib.usage.history(aid) == ()  # nothing opened: nothing logged


def description_update(text: str):
    from smkdesk.core.catalogue.dto import AssetUpdate

    return AssetUpdate(description=text)


def test_a_disabled_shortcut_says_why(qtbot, gh, lib, window: MainWindow) -> None:
    gh.add_link(lib, "Battlecard")
    gh.search(qtbot, window.page)
    assert not window.actions_["edit"].isEnabled()  # nothing selected
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "select one or more assets" in window.statusBar().currentMessage()
    window.page.table.selectRow(0)
    qtbot.waitUntil(lambda: window.actions_["edit"].isEnabled(), timeout=WAIT)
    assert not window.shortcut_hints.hints["edit"].isEnabled()  # the action has the key again
    window.workspaces.show("review")
    review = window.workspaces.page("review")
    taken = {k.toString() for a in review.findChildren(QAction) for k in a.shortcuts()}
    live = [h for h in window.shortcut_hints.hints.values() if h.isEnabled()]
    # off the Library the hints explain themselves, but never on a key the page uses
    assert live and all(not taken & {k.toString() for k in h.keys()} for h in live)  # noqa: SIM118 (QShortcut.keys)
