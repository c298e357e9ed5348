"""The main window over a real library: importing (hostile files included),
drag and drop, status bar, taxonomy changes and remembered geometry."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from filebuilders import make_corrupt_zip, make_docx
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QHeaderView, QMessageBox

from smkdesk.core.catalogue.dto import ImportOptions
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.import_dialog import ImportDialog
from smkdesk.gui.library.results_model import COLUMNS
from smkdesk.gui.mainwindow import MainWindow
from smkdesk.gui.operations import imports, reports, selection
from smkdesk.gui.settings import Settings

pytestmark = pytest.mark.gui


def summary_rows(dialog) -> list[tuple[str, str, str]]:
    model = dialog.model
    return [
        tuple(model.index(r, c).data() for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def test_import_with_hostile_files_reports_rejections(
    qtbot, gh, app_ctx: AppContext, window: MainWindow, tmp_path: Path
) -> None:
    gh.search(qtbot, window.page)
    qtbot.waitUntil(lambda: window.status.count_label.text() == "0 assets", timeout=10_000)
    assert window.page.stack.currentWidget() is window.page.empty
    assert not window.page.facets.isVisible() and not window.page.detail.isVisible()
    src = tmp_path / "incoming"
    make_docx(
        src / "pricing.docx", title="Retail pricing guide", paragraphs=["Pricing for retail."]
    )
    make_docx(src / "onboarding.docx", title="Onboarding plan", paragraphs=["First 90 days."])
    make_corrupt_zip(src / "broken.docx")
    (src / "empty.txt").write_bytes(b"")

    window.warm_up()  # the extraction workers start in the background, before the import
    qtbot.waitUntil(lambda: app_ctx.library._pool is not None, timeout=30_000)
    task = imports.run_import(window, [src], ImportOptions(personas=("CFO",)))
    qtbot.waitUntil(
        lambda: window.last_import_summary is not None and window.last_import_summary.isVisible(),
        timeout=30_000,
    )
    summary = window.last_import_summary
    assert task is not None
    rows = summary_rows(summary)
    reasons = {name: reason for name, outcome, reason in rows if outcome == "Rejected"}
    assert set(reasons) == {"broken.docx", "empty.txt"}
    assert "damaged" in reasons["broken.docx"]
    assert "empty" in reasons["empty.txt"]
    assert summary.report.count("imported") == 2

    # the window stays usable: results, status bar and search all follow the import
    qtbot.waitUntil(lambda: window.page.model.rowCount() == 2, timeout=10_000)
    assert window.page.facets.isVisible() and window.page.detail.isVisible()
    qtbot.waitUntil(lambda: window.status.count_label.text() == "2 assets", timeout=10_000)
    assert window.status.index_label.text() == "Index: OK"
    summary.close()
    with qtbot.waitSignal(window.page.results_shown, timeout=10_000):
        qtbot.keyClicks(window.page.search_box, "pricing")
    assert gh.result_titles(window.page) == ["Retail pricing guide"]
    assert window.page.model.asset(0).personas == ("CFO",)


def test_dropping_files_opens_the_import_dialog_then_imports(
    qtbot, gh, window: MainWindow, tmp_path: Path
) -> None:
    doc = make_docx(tmp_path / "deck.docx", title="Dropped deck", paragraphs=["Hello."])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(doc))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    dialogs = window.findChildren(ImportDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    assert dialogs[0].paths == [doc]
    dialogs[0].accept()
    qtbot.waitUntil(lambda: window.last_import_summary is not None, timeout=30_000)
    qtbot.waitUntil(lambda: gh.result_titles(window.page) == ["Dropped deck"], timeout=10_000)
    qtbot.waitUntil(lambda: window.status.count_label.text() == "1 asset", timeout=10_000)


def test_selection_enables_asset_actions(qtbot, gh, lib, window: MainWindow) -> None:
    gh.add_link(lib, "Product video")
    gh.add_link(lib, "Battlecard")
    gh.search(qtbot, window.page)
    actions = window.actions_
    assert not actions["edit"].isEnabled() and not actions["delete"].isEnabled()

    window.page.table.selectRow(0)
    qtbot.waitUntil(lambda: window.page.current_asset() is not None, timeout=10_000)
    assert actions["edit"].isEnabled() and actions["log_use"].isEnabled()
    assert not actions["reveal"].isEnabled()  # a link has no stored file

    # until the next asset's details arrive, no action may act on the previous one
    window.page.table.selectRow(1)
    assert not actions["edit"].isEnabled()
    second = window.page.selected_ids()[0]
    qtbot.waitUntil(lambda: window.page.current_asset().id == second, timeout=10_000)
    assert actions["edit"].isEnabled()

    window.page.table.selectAll()
    assert actions["bulk_edit"].isEnabled() and actions["delete"].isEnabled()
    assert not actions["edit"].isEnabled()


def test_taxonomy_merge_updates_results_and_facets(
    qtbot, gh, app_ctx: AppContext, lib, window: MainWindow
) -> None:
    gh.add_link(lib, "VP pitch", personas=("VP Sales",))
    gh.add_link(lib, "VP one-pager", personas=("VP Sales",))
    gh.add_link(lib, "CFO brief", personas=("CFO",))
    page = window.page
    gh.search(qtbot, page)
    facets = page.facets.facet_model
    assert gh.facet_count(facets, "persona", "VP Sales") == 2
    assert gh.facet_count(facets, "persona", "CFO") == 1

    source = lib.taxonomy.find("persona", "VP Sales").id
    target = lib.taxonomy.find("persona", "CFO").id
    app_ctx.write("Merge", lambda lib_: lib_.taxonomy.merge(source, target))
    qtbot.waitUntil(lambda: gh.facet_count(facets, "persona", "CFO") == 3, timeout=10_000)
    assert gh.facet_count(facets, "persona", "VP Sales") == -1
    assert {page.model.asset(r).personas for r in range(page.model.rowCount())} == {("CFO",)}
    column = [key for key, _ in COLUMNS].index("personas")
    assert {page.model.index(r, column).data() for r in range(page.model.rowCount())} == {"CFO"}


def test_geometry_and_columns_are_remembered(
    qtbot, gh, app_ctx: AppContext, settings_path: Path
) -> None:
    first = MainWindow(app_ctx)
    first.workspaces.show("library")
    first.show()
    qtbot.waitExposed(first)
    first.resize(1111, 777)
    first.page.table.setColumnWidth(2, 333)
    header = first.page.table.horizontalHeader()
    header.setSectionHidden(4, True)
    header.moveSection(1, 2)
    first.page.splitter.setSizes([200, 600, 300])
    sizes = first.page.splitter.sizes()
    gh.wait_idle(qtbot, app_ctx, first.page)
    first.close()  # closeEvent saves geometry, header and splitter
    first.deleteLater()

    ctx = AppContext(app_ctx.library, app_ctx.tasks, app_ctx.bus, Settings(settings_path))
    second = MainWindow(ctx)
    second.workspaces.show("library")
    second.show()
    qtbot.waitExposed(second)
    try:
        assert (second.width(), second.height()) == (1111, 777)
        header2: QHeaderView = second.page.table.horizontalHeader()
        assert second.page.table.columnWidth(2) == 333
        assert header2.isSectionHidden(4)
        assert header2.visualIndex(1) == 2
        assert second.page.splitter.sizes() == sizes
    finally:
        gh.dispose(qtbot, ctx, second)


def test_closing_asks_only_while_a_write_is_running(qtbot, gh, app_ctx: AppContext, lib, window):
    gh.add_link(lib, "Deck")
    asked: list[str] = []

    def dismiss() -> None:  # answers "No" to any question box
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.reject()

    watchdog = QTimer()
    watchdog.timeout.connect(dismiss)
    watchdog.start(20)
    window.page.run_search()  # only a read is queued: quitting need not wait for it
    assert app_ctx.tasks.busy and not app_ctx.tasks.writing
    assert window.close()
    assert asked == []

    window.show()
    release = threading.Event()
    app_ctx.tasks.write("Slow job", lambda _t: release.wait(10))
    assert app_ctx.tasks.writing
    assert not window.close()  # asked, answered "No": the window stays
    release.set()
    watchdog.stop()
    assert len(asked) == 1 and "still running" in asked[0]
    assert window.isVisible()


def test_role_picks_the_workspace_and_dashboard_queries_open_the_library(
    qtbot, gh, lib, app_ctx: AppContext, window: MainWindow
) -> None:
    from smkdesk.core.search.dto import SearchQuery
    from smkdesk.gui import settings as keys

    assert app_ctx.settings.get(keys.USER_ROLE) == "marketer"
    assert window.workspaces.home_for("marketer") == "dashboard"
    assert window.workspaces.home_for("sales rep") == "library"
    assert window.workspaces.home_for("nobody") == "library"
    gh.add_link(lib, "Decision guide for CFOs", stages=("Decision",), personas=("CFO",))
    gh.add_link(lib, "Awareness blog", stages=("Awareness",))
    cfo = lib.taxonomy.find("persona", "CFO").id
    with qtbot.waitSignal(window.page.results_shown, timeout=10_000):
        window.show_library(SearchQuery(stages=("Decision",), personas=(cfo,)))
    assert window.workspaces.current() == "library"
    assert gh.result_titles(window.page) == ["Decision guide for CFOs"]
    assert window.page.chips.isVisible()
    assert set(window.page.selection) == {"stage", "persona"}
    assert window.page.selection["persona"] == {str(cfo): "CFO"}


def test_one_step_logging_for_the_selection(
    qtbot, gh, lib, app_ctx: AppContext, window: MainWindow
) -> None:
    first = gh.add_link(lib, "Product video")
    second = gh.add_link(lib, "Battlecard")
    gh.search(qtbot, window.page)
    actions = window.actions_
    assert not actions["log_sent"].isEnabled()
    window.page.table.selectAll()
    assert actions["log_sent"].isEnabled() and actions["log_not_helpful"].isEnabled()
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000) as blocker:
        actions["log_sent"].trigger()
    assert blocker.args[0].usage
    # the status bar offers Undo, and Undo takes both uses back
    status = window.status
    qtbot.waitUntil(lambda: "Logged “sent” for 2 assets" in status.undo_offered)
    assert status.undo_box.isVisible() and status.undo_button.isVisible()
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000):
        qtbot.mouseClick(status.undo_button, Qt.MouseButton.LeftButton)
    assert not status.undo_offered and status.undo_box.isHidden()
    assert lib.usage.history(first) == () and lib.usage.history(second) == ()
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000):
        actions["log_sent"].trigger()
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000):
        actions["log_not_helpful"].trigger()
    qtbot.waitUntil(lambda: "Logged “not helpful”" in status.undo_offered)  # replaces the last
    for asset_id in (first, second):
        history = lib.usage.history(asset_id)
        assert sorted((r.action, r.rating) for r in history) == [
            ("feedback", -1),
            ("sent", None),
        ]
        assert {r.user_name for r in history} == {"Dana Lee"}
    gh.wait_idle(qtbot, app_ctx, window.page)
    # the results list shows the new counts
    qtbot.waitUntil(
        lambda: all(window.page.model.asset(r).use_count > 0 for r in range(2)), timeout=10_000
    )


def test_a_logged_use_reaches_the_database_while_an_import_holds_the_writer(
    qtbot, gh, lib, app_ctx: AppContext, window: MainWindow
) -> None:
    import threading

    asset = gh.add_link(lib, "Product video")
    gh.search(qtbot, window.page)
    window.page.table.selectRow(0)
    release = threading.Event()
    busy = app_ctx.tasks.write("Importing", lambda _t: release.wait(20))
    qtbot.waitUntil(lambda: app_ctx.tasks.writing, timeout=5_000)
    try:
        window.actions_["log_presented"].trigger()
        # committed at once, on its own thread, although the writer is still busy
        qtbot.waitUntil(lambda: len(lib.usage.history(asset)) == 1, timeout=10_000)
        assert not busy.token() and app_ctx.tasks.writing
    finally:
        release.set()
    gh.wait_idle(qtbot, app_ctx, window.page)


def test_content_audit_report_from_the_tools_menu(
    qtbot, gh, lib, app_ctx: AppContext, window: MainWindow, tmp_path: Path
) -> None:
    from docx import Document

    gh.add_link(lib, "Pricing one-pager")
    out = tmp_path / "audit.docx"
    task = reports.write_audit_report(window, out)
    with qtbot.waitSignal(task.succeeded, timeout=10_000):
        pass
    assert Document(str(out)).paragraphs[0].text == "Content audit"
    assert "Content audit written to" in window.statusBar().currentMessage()


def test_quick_log_keys_act_only_on_the_library_page(
    qtbot, gh, lib, app_ctx: AppContext, window: MainWindow
) -> None:
    """Ctrl+Alt+S on the Review page never logs the Library's (unseen) selection;
    the status bar says why, and the key works again on the Library."""
    asset = gh.add_link(lib, "Product video")
    gh.search(qtbot, window.page)
    window.page.table.selectAll()
    assert window.actions_["log_sent"].isEnabled()
    window.workspaces.show("review")
    assert not window.actions_["log_sent"].isEnabled()
    assert not window.actions_["delete"].isEnabled()  # Delete on another page deletes nothing
    window.activateWindow()
    qtbot.keyClick(
        window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    gh.wait_idle(qtbot, app_ctx)
    assert lib.usage.history(asset) == ()
    message = window.statusBar().currentMessage()
    assert "selected in the Library" in message and "Ctrl+1" in message
    selection.quick_log(window, "sent")  # even called directly, off the Library it logs nothing
    gh.wait_idle(qtbot, app_ctx)
    assert lib.usage.history(asset) == ()
    window.workspaces.show("library")
    assert window.actions_["log_sent"].isEnabled()
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000):
        qtbot.keyClick(
            window.page.table,
            Qt.Key.Key_S,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        )
    assert [r.action for r in lib.usage.history(asset)] == ["sent"]
    gh.wait_idle(qtbot, app_ctx, window.page)


def test_several_selected_offer_the_windows_bulk_actions(
    qtbot, gh, lib, window: MainWindow
) -> None:
    gh.add_link(lib, "Product video")
    gh.add_link(lib, "Battlecard")
    gh.search(qtbot, window.page)
    window.page.table.selectAll()
    many = window.page.detail.many
    assert many.isVisible() and many.heading.text() == "2 assets selected"
    a = window.actions_
    wanted = [a["bulk_edit"], a["log_sent"], a["log_presented"], a["retire"], a["delete"]]
    assert [b.defaultAction() for b in many.buttons] == wanted


def test_a_new_role_applies_its_default_filters_at_once(
    qtbot, gh, lib, app_ctx: AppContext, window: MainWindow
) -> None:
    """Preferences → sales rep: the Library shows published content at once
    (not from the next start); back to marketer: drafts show again."""
    from smkdesk.gui.dialogs.profile import ProfileDialog

    gh.add_link(lib, "Published deck")
    gh.add_link(lib, "Draft deck", status="draft")
    gh.search(qtbot, window.page)
    assert sorted(gh.result_titles(window.page)) == ["Draft deck", "Published deck"]

    def choose(role: str) -> None:
        window.actions_["preferences"].trigger()
        dialog = window.findChild(ProfileDialog)
        assert dialog is not None
        dialog.radios[role].setChecked(True)
        with qtbot.waitSignal(window.page.results_shown, timeout=10_000):
            qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter saves
        qtbot.waitUntil(lambda: window.findChild(ProfileDialog) is None, timeout=10_000)

    choose("sales rep")
    assert gh.result_titles(window.page) == ["Published deck"]
    assert window.page.selection.get("status") == {"published": "published"}
    window.workspaces.show("library")
    choose("marketer")
    assert sorted(gh.result_titles(window.page)) == ["Draft deck", "Published deck"]
    assert "status" not in window.page.selection
    gh.wait_idle(qtbot, app_ctx, window.page)


def test_off_the_library_hints_never_take_a_pages_own_keys(
    qtbot, gh, lib, window: MainWindow
) -> None:
    """On the Review page, the Library's actions say where they work, except on
    keys the page uses itself (its Restore is Ctrl+Shift+R, its Open Ctrl+Return)."""
    from PySide6.QtGui import QAction

    gh.add_link(lib, "Battlecard")
    gh.search(qtbot, window.page)
    window.page.table.selectRow(0)
    qtbot.waitUntil(lambda: window.actions_["edit"].isEnabled(), timeout=10_000)
    window.workspaces.show("review")
    review = window.workspaces.page("review")
    taken = {k.toString() for a in review.findChildren(QAction) for k in a.shortcuts()}
    live = {n for n, h in window.shortcut_hints.hints.items() if h.isEnabled()}
    assert {"log_sent", "edit", "delete"} <= live
    assert not {"reveal", "open_asset"} & live
    for name in live:
        assert not taken & {k.toString() for k in window.shortcut_hints.hints[name].keys()}  # noqa: SIM118
    window.workspaces.show("library")
    assert not window.shortcut_hints.hints["edit"].isEnabled()  # the action has its key again
