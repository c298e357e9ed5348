"""Export feedback: the save dialog starts in Documents, then in the last export
folder, and adds the extension; every export ends with a message offering
Open and Show in folder (Enter opens, Escape closes); exported files get
normal permissions. The pre-call brief dialog uses all of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication

from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext
from smkdesk.gui.widgets import exports
from smkdesk.gui.widgets.csvexport import ask_csv_path, write_csv
from smkdesk.gui.widgets.exports import (
    WORD_FILTER,
    ExportNotice,
    announce_export,
    choose_save_path,
    documents_folder,
)

pytestmark = pytest.mark.gui
WAIT = 10_000


class Desk:
    """Stands in for the save dialog and the desktop (which would start a file
    manager or a word processor): records what was asked and opened."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: Path | None) -> None:
        self.answer = answer
        self.starts: list[Path] = []
        self.opened: list[Path] = []
        monkeypatch.setattr(exports, "_ask", self.ask)
        monkeypatch.setattr(exports, "open_path", self.open)
        monkeypatch.setattr(exports, "show_in_folder", lambda p: self.open(p.parent))

    def ask(self, _parent, _caption: str, start: Path, _filter: str) -> str:
        self.starts.append(Path(start))
        return str(self.answer) if self.answer else ""

    def open(self, path: Path) -> bool:
        self.opened.append(path)
        return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_save_dialog_starts_in_documents_then_in_the_last_folder(
    app_ctx: AppContext, tmp_path: Path, monkeypatch
) -> None:
    settings = app_ctx.settings
    desk = Desk(monkeypatch, tmp_path / "out" / "Brief – Acme")
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    path = choose_save_path(None, settings, "Brief", "Brief – A/B Foods.docx", WORD_FILTER)
    assert path == tmp_path / "out" / "Brief – Acme.docx"  # the extension added
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert desk.starts[0].parent == documents_folder()
    assert desk.starts[0].parent in (Path(docs), Path.home())
    assert desk.starts[0].parent != Path.cwd()
    assert desk.starts[0].name == "Brief – A-B Foods.docx"  # no folder separator in a name
    assert settings.get(keys.EXPORT_FOLDER) == str(tmp_path / "out")

    desk.answer = None  # cancelled: nothing chosen, the folder stays remembered
    assert choose_save_path(None, settings, "Brief", "x.docx", WORD_FILTER) is None
    assert desk.starts[1].parent == tmp_path / "out"
    assert settings.get(keys.EXPORT_FOLDER) == str(tmp_path / "out")


def test_the_notice_opens_on_enter_and_closes_on_escape(qtbot, tmp_path: Path, monkeypatch):
    desk = Desk(monkeypatch, None)
    target = tmp_path / "Brief – Acme.docx"
    target.write_bytes(b"x")
    notice = announce_export(None, target, "Pre-call brief")
    qtbot.waitExposed(notice)
    assert isinstance(notice, ExportNotice)
    assert notice.text() == "Pre-call brief saved: Brief – Acme.docx"
    assert str(tmp_path) in notice.informativeText()
    assert notice.defaultButton() is notice.open_button
    assert [b.text() for b in notice.buttons()].count("Show in &folder") == 1
    with qtbot.waitSignal(notice.finished, timeout=WAIT):
        qtbot.keyClick(notice, Qt.Key.Key_Return)
    assert desk.opened == [target]

    again = announce_export(None, target, "Pre-call brief")
    qtbot.waitExposed(again)
    with qtbot.waitSignal(again.finished, timeout=WAIT):
        qtbot.keyClick(again, Qt.Key.Key_Escape)
    assert desk.opened == [target]  # Escape only closes

    third = announce_export(None, target, "Pre-call brief")
    qtbot.waitExposed(third)
    with qtbot.waitSignal(third.finished, timeout=WAIT):
        third.folder_button.click()
    assert desk.opened == [target, tmp_path]


def test_csv_export_asks_in_documents_and_announces_rows(
    qtbot, app_ctx: AppContext, tmp_path: Path, monkeypatch, gh
) -> None:
    from PySide6.QtWidgets import QWidget

    desk = Desk(monkeypatch, tmp_path / "requests")
    page = QWidget()
    page.ctx = app_ctx  # type: ignore[attr-defined]  # as every page has
    qtbot.addWidget(page)
    path = ask_csv_path(page, "Export content requests", "content-requests.csv")
    assert path == tmp_path / "requests.csv"
    assert desk.starts[0].parent == documents_folder()
    task = write_csv(page, app_ctx, path, lambda lib, p: lib.export.export_requests(p))
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), ExportNotice), timeout=WAIT
    )
    notice = QApplication.activeModalWidget()
    assert isinstance(notice, ExportNotice) and task is not None
    assert notice.text() == "CSV export saved: requests.csv"
    assert "0 rows written." in notice.informativeText()
    notice.close_button.click()
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()
    gh.wait_idle(qtbot, app_ctx)


def test_brief_dialog_focus_enter_and_escape(
    qtbot, app_ctx: AppContext, tmp_path: Path, monkeypatch, gh
) -> None:
    from smkdesk.gui.journeys.brief_dialog import BriefDialog

    gh.add_link(app_ctx.library, "CFO evidence pack", stages=("Decision",), personas=("CFO",))
    desk = Desk(monkeypatch, tmp_path / "Brief – Calder")
    dialog = BriefDialog(app_ctx)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.account  # typing never changes the persona
    assert dialog.ok.isDefault()
    before = dialog.persona.currentText()
    qtbot.keyClicks(dialog.focusWidget(), "Ca")
    assert dialog.persona.currentText() == before and dialog.account.text() == "Ca"
    dialog.account.clear()
    dialog.persona.setCurrentText("CFO")
    dialog.stage.setCurrentText("Decision")
    dialog.account.setFocus()
    qtbot.keyClicks(dialog.account, "Calder")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        qtbot.keyClick(dialog.account, Qt.Key.Key_Return)
    out = tmp_path / "Brief – Calder.docx"
    assert "Pre-call brief: Calder" in "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert desk.starts[0].name == "Brief – Calder.docx"
    assert dialog.notice is not None and dialog.notice.text() == (
        "Pre-call brief saved: Brief – Calder.docx"
    )
    # what it holds, and what the account already has
    assert "nothing logged as sent to Calder yet." in dialog.notice.informativeText()
    assert dialog.notice.informativeText().split(",")[0].endswith("questions")
    dialog.notice.close_button.click()

    cancelled = BriefDialog(app_ctx)
    cancelled.show()
    qtbot.waitExposed(cancelled)
    with qtbot.waitSignal(cancelled.rejected, timeout=WAIT):
        qtbot.keyClick(cancelled.persona, Qt.Key.Key_Escape)
    assert len(desk.starts) == 1
    gh.wait_idle(qtbot, app_ctx)


def test_workshop_pack_export_asks_in_documents_and_announces(
    qtbot, app_ctx: AppContext, tmp_path: Path, monkeypatch, gh
) -> None:
    from datetime import date

    from smkdesk.gui.journeys.page import WorkshopsPage

    app_ctx.library.journeys.create_workshop("Retail CFOs", date(2026, 9, 1), personas=["CFO"])
    desk = Desk(monkeypatch, tmp_path / "Retail pack")  # typed without the extension
    page = WorkshopsPage(app_ctx)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    summary = page.summary.text()
    page.export_button.click()
    qtbot.waitUntil(lambda: page.notice is not None, timeout=WAIT)
    assert desk.starts[0] == documents_folder() / "Workshop pack – Retail CFOs.docx"
    notice = page.notice
    assert notice is not None
    qtbot.waitExposed(notice)
    out = tmp_path / "Retail pack.docx"
    assert notice.text() == "Workshop pack saved: Retail pack.docx"
    assert str(tmp_path) in notice.informativeText()
    n = len(page.workshop.questions()) if page.workshop else 0
    assert notice.informativeText().startswith(f"{n} questions, {n} gaps, 0 content actions.")
    assert page.summary.text() == summary  # no small grey text in its place
    assert page.export_button.isEnabled()
    with qtbot.waitSignal(notice.finished, timeout=WAIT):
        qtbot.keyClick(notice, Qt.Key.Key_Return)  # Enter opens the pack
    assert desk.opened == [out]
    assert Document(str(out)).paragraphs[0].text == "Retail CFOs"
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()

    desk.answer = None  # cancelled: nothing written, nothing said
    page.notice = None
    page.export_button.click()
    assert len(desk.starts) == 2 and desk.starts[1].parent == tmp_path  # the last folder
    gh.wait_idle(qtbot, app_ctx)
    assert page.notice is None
    gh.dispose(qtbot, app_ctx, page)


def test_brief_dialog_opens_on_the_library_filters_then_the_last_brief(
    qtbot, app_ctx: AppContext, tmp_path: Path, monkeypatch, gh
) -> None:
    from smkdesk.core.catalogue.dto import PERSONA, SECTOR, STAGE
    from smkdesk.core.search.dto import SearchQuery
    from smkdesk.core.usage.events import UsageContext
    from smkdesk.gui.journeys.brief_dialog import BriefDialog

    lib = app_ctx.library
    aid = gh.add_link(lib, "Grocer case study", personas=("CFO",))
    lib.usage.log(aid, "sent", app_ctx.user, UsageContext(account="Calder Foods"))
    lib.usage.log(aid, "sent", app_ctx.user, UsageContext(account="Harbour & Pine"))
    tid = {d: {t.path: t.id for t in lib.taxonomy.list(d)} for d in (PERSONA, SECTOR, STAGE)}
    ticked = SearchQuery(
        personas=(tid[PERSONA]["CFO"],),
        sectors=(tid[SECTOR]["Retail/Groceries"],),
        stages=(tid[STAGE]["Decision"], tid[STAGE]["Awareness"]),  # two: not a single value
    )
    dialog = BriefDialog(app_ctx, filters=ticked)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.accounts_loaded, timeout=WAIT):
        dialog.show()
    assert (dialog.persona.currentText(), dialog.sector.currentText()) == (
        "CFO",
        "Retail/Groceries",
    )
    assert dialog.stage.currentIndex() == 0  # two stages ticked, no last brief: the first
    # the Account field completes every known account, as Log use does
    names = {dialog.accounts.item(r).text() for r in range(dialog.accounts.rowCount())}
    assert names == {"Calder Foods", "Harbour & Pine"}
    completer = dialog.account.completer()
    completer.setCompletionPrefix("pine")
    assert completer.currentCompletion() == "Harbour & Pine"

    dialog.stage.setCurrentText("Consideration")
    Desk(monkeypatch, tmp_path / "Brief")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        qtbot.keyClick(dialog.stage, Qt.Key.Key_Return)
    dialog.notice.close_button.click()

    # no filters ticked: the last brief's choices
    again = BriefDialog(app_ctx, filters=SearchQuery())
    qtbot.addWidget(again)
    assert (again.persona.currentText(), again.sector.currentText(), again.stage.currentText()) == (
        "CFO",
        "Retail/Groceries",
        "Consideration",
    )
    gh.wait_idle(qtbot, app_ctx)


def test_brief_from_the_window_uses_the_library_selection(
    qtbot, app_ctx: AppContext, gh, window
) -> None:
    from smkdesk.core.catalogue.dto import PERSONA
    from smkdesk.gui.journeys.brief_dialog import BriefDialog

    vp = next(t for t in app_ctx.library.taxonomy.list(PERSONA) if t.name == "VP Sales")
    window.page.selection = {"persona": {str(vp.id): "VP Sales"}}
    window.actions_["brief"].trigger()
    dialog = window.findChild(BriefDialog)
    assert dialog is not None and dialog.persona.currentText() == "VP Sales"
    dialog.reject()
    gh.wait_idle(qtbot, app_ctx)
