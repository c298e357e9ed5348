"""The workshop board as a facilitator uses it in the room: the owner of a
content action is never lost, votes keep the selection and can be taken
back, drafts are labelled in suggestions, coverage follows the workshop, and
the New workshop dialog answers Enter and Escape as it should."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from smkdesk.core.journeys.types import Participant
from smkdesk.gui.context import AppContext
from smkdesk.gui.journeys.page import WorkshopsPage
from smkdesk.gui.journeys.workshop_dialog import WorkshopDialog

pytestmark = pytest.mark.gui
WAIT = 10_000


def _page(qtbot, app_ctx: AppContext) -> WorkshopsPage:
    page = WorkshopsPage(app_ctx)
    page.resize(1400, 800)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=WAIT)  # keyboard focus needs it
    return page


def test_owner_typed_after_ticking_content_needed_is_saved(
    qtbot, gh, lib, app_ctx: AppContext, tmp_path: Path
) -> None:
    from smkdesk.core.reports.workshop_pack import write_workshop_pack

    w = lib.journeys.create_workshop("Retail CFOs", date(2026, 9, 17), personas=["CFO"])
    trial, other, third = w.stages[2].questions[1], w.stages[2].questions[2], w.questions()[0]
    page = _page(qtbot, app_ctx)
    panel = page.panel
    page.select_question(trial.id)
    # tick first, as a facilitator does, then type the owner
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.mouseClick(panel.needed, Qt.MouseButton.LeftButton)
    assert lib.journeys.workshop(w.id).question(trial.id).content_needed
    panel.owner.setFocus()
    qtbot.keyClicks(panel.owner, "Hannah Okafor")
    # leave at once by clicking another card (a card takes no focus)
    page.select_question(other.id)
    gh.wait_idle(qtbot, app_ctx)
    assert lib.journeys.workshop(w.id).question(trial.id).action_owner == "Hannah Okafor"
    assert panel.owner.text() == ""  # the other question has no owner

    # type, then just pause: saved too, and a reload never overwrites typing
    page.select_question(trial.id)
    assert panel.owner.text() == "Hannah Okafor"
    panel.owner.setFocus()
    panel.owner.selectAll()
    qtbot.keyClicks(panel.owner, "Sam")
    qtbot.waitUntil(
        lambda: lib.journeys.workshop(w.id).question(trial.id).action_owner == "Sam",
        timeout=WAIT,
    )
    qtbot.keyClicks(panel.owner, " Lee")
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.panel.add_answer("sales", "They ask for a pilot")  # a reload mid-typing
    assert panel.owner.text() == "Sam Lee"
    qtbot.keyClick(panel.owner, Qt.Key.Key_Return)  # Enter saves now
    gh.wait_idle(qtbot, app_ctx)
    assert lib.journeys.workshop(w.id).question(trial.id).action_owner == "Sam Lee"

    # unticking keeps the owner; ticking again brings the action back with it
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        panel.needed.setChecked(False)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        panel.needed.setChecked(True)
    assert lib.journeys.workshop(w.id).question(trial.id).action_owner == "Sam Lee"

    # typed, then the workshop page is left before the pause ends
    page.select_question(third.id)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        panel.needed.setChecked(True)
    panel.owner.setFocus()
    qtbot.keyClicks(panel.owner, "Priya")
    page.hide()
    gh.wait_idle(qtbot, app_ctx)
    got = lib.journeys.workshop(w.id)
    assert got.question(third.id).action_owner == "Priya"

    # the reloaded workshop, and its pack, name the owners
    out = tmp_path / "pack.docx"
    write_workshop_pack(got, out)
    actions = Document(str(out)).tables[-1]
    owners = {r.cells[0].text: r.cells[2].text for r in actions.rows[1:]}
    assert owners[f"Create content that answers: {trial.text}"] == "Sam Lee"
    assert owners[f"Create content that answers: {third.text}"] == "Priya"
    assert "to be assigned" not in owners.values()
    gh.dispose(qtbot, app_ctx, page)


def test_votes_keep_the_selection_and_can_be_taken_back(
    qtbot, gh, lib, app_ctx: AppContext
) -> None:
    w = lib.journeys.create_workshop("Retail CFOs", date(2026, 9, 17))
    q = w.questions()[0]
    lib.journeys.add_answer(q.id, "sales", "Shrinking margins")
    lib.journeys.add_answer(q.id, "marketing", "Stock-outs")
    page = _page(qtbot, app_ctx)
    panel = page.panel
    page.select_question(q.id)
    assert not panel.vote_button.isEnabled()  # nothing selected: says so, not silent
    panel.answers.setCurrentRow(1)
    assert panel.vote_button.isEnabled() and not panel.unvote_button.isEnabled()
    for _ in range(3):
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            qtbot.mouseClick(panel.vote_button, Qt.MouseButton.LeftButton)
        assert panel.answers.currentRow() == 1  # still selected: the next vote counts
    votes = {a.text: a.votes for a in lib.journeys.workshop(w.id).question(q.id).answers}
    assert votes == {"Shrinking margins": 0, "Stock-outs": 3}
    assert panel.unvote_button.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.mouseClick(panel.unvote_button, Qt.MouseButton.LeftButton)
    assert lib.journeys.workshop(w.id).question(q.id).answers[1].votes == 2
    assert panel.answers.currentItem().text() == "Marketing: Stock-outs  ● 2"
    gh.dispose(qtbot, app_ctx, page)


def test_suggestions_label_drafts_and_leave_out_retired(
    qtbot, gh, lib, app_ctx: AppContext
) -> None:
    draft = gh.add_link(lib, "Budget planning draft", stages=("Consideration",), status="draft")
    gh.add_link(lib, "Budget planning guide", stages=("Consideration",))
    old = gh.add_link(lib, "Budget planning 2019", stages=("Consideration",))
    lib.lifecycle.retire([old], "Out of date")
    w = lib.journeys.create_workshop("Retail CFOs", date(2026, 9, 17))
    q = w.stages[1].questions[0]  # budget setting process
    lib.journeys.add_answer(q.id, "sales", "Budget planning happens in Q3")
    lib.journeys.link_asset(q.id, draft)
    page = _page(qtbot, app_ctx)
    panel = page.panel
    page.select_question(q.id)
    assert panel.assets.item(0).text() == "Budget planning draft  ·  asset  ·  Draft"

    def rows() -> list[str]:
        return [panel.suggestions.item(i).text() for i in range(panel.suggestions.count())]

    lib.journeys.unlink_asset(q.id, draft)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.load_workshop()
    qtbot.waitUntil(lambda: any("Budget planning" in r for r in rows()), timeout=WAIT)
    titles = [r.split("\n")[0] for r in rows()]
    assert "Budget planning draft  ·  Draft" in titles
    assert "Budget planning guide" in titles
    assert not any("2019" in t for t in titles)
    panel.search_box.setText("budget planning")
    qtbot.waitUntil(lambda: panel.list_title.text() == "Library search", timeout=WAIT)
    qtbot.waitUntil(lambda: any("Draft" in r for r in rows()), timeout=WAIT)
    titles = [r.split("\n")[0] for r in rows()]
    assert "Budget planning draft  ·  Draft" in titles and not any("2019" in t for t in titles)
    gh.dispose(qtbot, app_ctx, page)


def test_coverage_defaults_to_the_workshops_personas(qtbot, gh, lib, app_ctx: AppContext) -> None:
    from smkdesk.gui.journeys.coverage import CoverageDialog

    guide = gh.add_link(lib, "Evidence pack", stages=("Decision",))
    w = lib.journeys.create_workshop("CFO", date(2026, 9, 1), personas=["CFO", "VP Sales"])
    other = lib.journeys.create_workshop("IT", date(2026, 9, 2), personas=["IT manager"])
    lib.journeys.link_asset(w.stages[2].questions[0].id, guide)
    lib.journeys.link_asset(other.stages[0].questions[0].id, guide)
    page = _page(qtbot, app_ctx)
    page.chooser.setCurrentIndex(page.chooser.findData(w.id))
    qtbot.waitUntil(lambda: page.workshop is not None and page.workshop.id == w.id)
    page.show_coverage()
    dialog = page.findChild(CoverageDialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=WAIT)

    def grid() -> dict[tuple[str, str], str]:
        t = dialog.table
        return {
            (t.verticalHeaderItem(r).text(), t.horizontalHeaderItem(c).text()): t.item(r, c).text()
            for r in range(t.rowCount())
            for c in range(t.columnCount())
        }

    cells = grid()
    assert {p for p, _s in cells} == {"CFO", "VP Sales"}
    assert cells[("CFO", "Decision")] == "1" and cells[("CFO", "Awareness")] == "gap"
    assert "‘CFO’" in dialog.scope.text() and "CFO, VP Sales" in dialog.scope.text()
    dialog.show_all.setChecked(True)  # every persona, every workshop
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 2, timeout=WAIT)
    cells = grid()
    assert cells[("IT manager", "Awareness")] == "1" and ("Procurement", "Decision") in cells
    dialog.reject()
    gh.dispose(qtbot, app_ctx, page)


def test_new_workshop_dialog_keys_focus_and_labels(qtbot, gh, lib, app_ctx: AppContext) -> None:
    dialog = WorkshopDialog(app_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    # no literal ampersand: every mnemonic label has its buddy
    for label in dialog.findChildren(QLabel):
        if "&" in label.text() and label.isVisible():
            assert label.buddy() is not None, label.text()
    assert "&Template:" in labels
    assert dialog.focusWidget() is dialog.name
    dialog.name.clear()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # no name: an inline message
    assert dialog.isVisible() and dialog.name_error.isVisible()
    assert "name" in dialog.name_error.text()
    qtbot.keyClicks(dialog.name, "Retail CFOs")
    assert not dialog.name_error.isVisible()
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.details()["name"] == "Retail CFOs"

    again = WorkshopDialog(app_ctx)
    qtbot.addWidget(again)
    again.show()
    with qtbot.waitSignal(again.rejected, timeout=WAIT):
        qtbot.keyClick(again.name, Qt.Key.Key_Escape)

    w = lib.journeys.create_workshop(
        "Retail CFOs", date(2026, 9, 17), participants=[Participant("Priya", "sales")]
    )
    edit = WorkshopDialog(app_ctx, None, lib.journeys.workshop(w.id))
    qtbot.addWidget(edit)
    edit.show()
    assert edit.focusWidget() is edit.name
    edit.facilitator.setFocus()
    with qtbot.waitSignal(edit.accepted, timeout=WAIT):
        qtbot.keyClick(edit.facilitator, Qt.Key.Key_Return)
    for field in edit.findChildren(QLineEdit):
        assert "&" not in field.placeholderText()


def test_template_editor_keys_and_focus(qtbot, gh, lib, app_ctx: AppContext) -> None:
    from PySide6.QtWidgets import QPushButton

    from smkdesk.gui.journeys.template_editor import TemplateEditor

    editor = TemplateEditor(app_ctx)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.loaded, timeout=WAIT):  # read in the background
        editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=WAIT)
    assert editor.focusWidget() is editor.name and editor.name.selectedText()
    for label in editor.findChildren(QLabel):
        if "&" in label.text():
            assert label.buddy() is not None, label.text()
    # only the Save button answers Enter, whichever button has focus
    for button in editor.findChildren(QPushButton):
        assert button is editor.ok or not button.autoDefault(), button.text()
    editor.name.clear()
    qtbot.keyClick(editor.name, Qt.Key.Key_Return)  # no name: said inline
    assert editor.isVisible() and editor.name_error.isVisible()
    with qtbot.waitSignal(editor.rejected, timeout=WAIT):
        qtbot.keyClick(editor.name, Qt.Key.Key_Escape)
    gh.wait_idle(qtbot, app_ctx)
