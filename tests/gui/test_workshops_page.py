"""The workshop board: cards per question, the question panel saves at once."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QSpinBox, QToolButton

from smkdesk.core.journeys.types import Participant
from smkdesk.gui.context import AppContext
from smkdesk.gui.journeys.page import WorkshopsPage

pytestmark = pytest.mark.gui
WAIT = 10_000


def test_board_answers_links_and_gaps(qtbot, gh, lib, app_ctx: AppContext) -> None:
    budget = gh.add_link(
        lib, "Budget planning guide for CFOs", stages=("Consideration",), personas=("CFO",)
    )
    w = lib.journeys.create_workshop(
        "Retail CFOs",
        date(2026, 9, 17),
        "Claire",
        personas=["CFO"],
        sectors=["Retail"],
        participants=[Participant("Priya", "sales")],
    )
    page = WorkshopsPage(app_ctx)
    page.resize(1400, 800)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    assert len(page.cards) == 13
    assert "13 questions: 0 with content, 13 gaps" in page.summary.text()
    question = w.stages[1].questions[0]  # budget setting process
    page.select_question(question.id)
    panel = page.panel
    assert panel.title.text() == "Where is the buyer in their budget setting process?"

    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        panel.add_answer("sales", "Budgets are set in Q3")
    assert [a.text for a in lib.journeys.workshop(w.id).question(question.id).answers] == [
        "Budgets are set in Q3"
    ]
    assert panel.answers.item(0).text() == "Sales: Budgets are set in Q3"

    qtbot.waitUntil(lambda: panel.suggestions.count() > 0, timeout=WAIT)
    qtbot.waitUntil(
        lambda: panel.suggestions.item(0).text().startswith("Budget planning guide"), timeout=WAIT
    )
    panel.suggestions.setCurrentRow(0)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        panel.link_suggestion()
    assert [a.id for a in lib.journeys.workshop(w.id).question(question.id).assets] == [budget]
    assert "12 gaps" in page.summary.text()

    decision = w.stages[2].questions[1]
    page.select_question(decision.id)
    panel.owner.setText("Hannah")
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        panel.needed.setChecked(True)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        panel.vote_gap()
    got = lib.journeys.workshop(w.id).question(decision.id)
    assert got.content_needed and got.gap_votes == 1 and got.action_owner == "Hannah"
    assert [r.text for r in lib.requests.list_requests()] == [decision.text]
    page.grab()
    gh.dispose(qtbot, app_ctx, page)


def test_empty_state(qtbot, gh, app_ctx: AppContext) -> None:
    page = WorkshopsPage(app_ctx)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    assert page.empty.isVisible() and "New workshop" in page.empty.text()
    gh.dispose(qtbot, app_ctx, page)


def test_presentation_mode_and_coverage(qtbot, gh, lib, app_ctx: AppContext) -> None:
    from PySide6.QtCore import Qt

    from smkdesk.gui.journeys.coverage import CoverageDialog
    from smkdesk.gui.journeys.presentation import (
        PresentationWindow,
        covered_colour,
        gap_colour,
    )

    guide = gh.add_link(lib, "Evidence pack", stages=("Decision",))
    orphan = gh.add_link(lib, "Unlinked blog")
    w = lib.journeys.create_workshop("CFO", date(2026, 9, 1), personas=["CFO"])
    evidence = w.stages[2].questions[0]
    lib.journeys.add_answer(evidence.id, "sales", "References with numbers")
    lib.journeys.link_asset(evidence.id, guide)
    w = lib.journeys.workshop(w.id)

    show = PresentationWindow(w)
    qtbot.addWidget(show)
    assert show.heading.text() == "Awareness" and show.clock.text() == "25:00"
    qtbot.keyClick(show, Qt.Key.Key_Right)
    qtbot.keyClick(show, Qt.Key.Key_Right)
    assert show.heading.text() == "Decision" and show.clock.text() == "20:00"
    text = show.body.toPlainText()
    assert "Sales: References with numbers" in text and "Content: Evidence pack" in text
    assert "Content: none yet — a gap" in text
    fragments = []  # (text, bold, colour) of each run of text on the stage
    block = show.body.document().firstBlock()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            f = it.fragment()
            fmt = f.charFormat()
            fragments.append((f.text(), fmt.fontWeight() >= 700, fmt.foreground().color().name()))
            it += 1
        block = block.next()
    assert (evidence.text, True) == fragments[0][:2]  # questions in bold
    # gaps in orange, content in green, in the shades that read on the palette
    gap, covered = gap_colour(show.palette()).name(), covered_colour(show.palette()).name()
    assert ("Content: none yet — a gap", True, gap) in fragments
    assert ("Evidence pack", False, covered) in fragments
    qtbot.keyClick(show, Qt.Key.Key_Space)
    assert show.timer.isActive()
    show._tick()
    assert show.clock.text() == "19:59"
    qtbot.keyClick(show, Qt.Key.Key_R)
    assert show.clock.text() == "20:00" and not show.timer.isActive()
    qtbot.keyClick(show, Qt.Key.Key_Right)  # past the last stage: stays
    assert show.heading.text() == "Decision"

    dialog = CoverageDialog(app_ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=WAIT)
    stages = [
        dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())
    ]
    personas = [dialog.table.verticalHeaderItem(r).text() for r in range(dialog.table.rowCount())]
    cell = dialog.table.item(personas.index("CFO"), stages.index("Decision"))
    assert cell.text() == "1"
    assert dialog.table.item(personas.index("CFO"), stages.index("Awareness")).text() == "gap"
    assert dialog.orphans.count() == 1 and "Unlinked blog" in dialog.orphans.item(0).text()
    assert orphan
    gh.wait_idle(qtbot, app_ctx)


def test_pack_and_brief_from_the_app(qtbot, gh, lib, app_ctx: AppContext, tmp_path) -> None:
    from docx import Document

    from smkdesk.gui.journeys.brief_dialog import BriefDialog

    gh.add_link(lib, "CFO evidence pack", stages=("Decision",), personas=("CFO",))
    lib.journeys.create_workshop("Retail CFOs", date(2026, 9, 1), personas=["CFO"])
    page = WorkshopsPage(app_ctx)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    summary = page.summary.text()
    page.write_pack(tmp_path / "pack.docx")
    qtbot.waitUntil(lambda: page.notice is not None, timeout=WAIT)
    assert page.notice.text() == "Workshop pack saved: pack.docx"
    assert page.summary.text() == summary  # the board's summary is not replaced
    page.notice.close_button.click()
    assert Document(str(tmp_path / "pack.docx")).paragraphs[0].text == "Retail CFOs"

    dialog = BriefDialog(app_ctx)
    dialog.persona.setCurrentText("CFO")
    dialog.stage.setCurrentText("Decision")
    dialog.sector.setCurrentText("Retail")
    dialog.account.setText("Calder")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        dialog.write(tmp_path / "brief.docx")
    text = "\n".join(p.text for p in Document(str(tmp_path / "brief.docx")).paragraphs)
    assert "Pre-call brief: Calder" in text
    gh.dispose(qtbot, app_ctx, page)


def test_template_editor_saves_a_new_template(qtbot, gh, lib, app_ctx: AppContext) -> None:
    from PySide6.QtCore import Qt

    from smkdesk.gui.journeys.template_editor import NEW_QUESTION, TemplateEditor

    before = lib.journeys.create_workshop("Before", date(2026, 9, 1))
    editor = TemplateEditor(app_ctx)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.loaded, timeout=WAIT):  # read in the background
        editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=WAIT)  # shortcuts need an active window
    default = lib.templates.all()[0]
    assert editor.name.text() == f"{default.name} (copy)"
    assert [d.questions for d in editor.drafts()] == [s.questions for s in default.stages]

    awareness = editor.stage_items()[0]
    # reword, reorder and remove questions of the first stage
    awareness.child(0).setText(0, "In their words, what are the buyer's goals?")
    editor.tree.setCurrentItem(awareness.child(1))
    qtbot.keyClick(editor.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    # a button's shortcut clicks it after a short animation
    qtbot.waitUntil(lambda: awareness.child(0).text(0).startswith("How do buyers educate"))
    editor.tree.setCurrentItem(awareness.child(4))
    editor.remove()
    assert awareness.childCount() == 4
    # a question moved past the end of its stage joins the next one
    editor.tree.setCurrentItem(awareness.child(3))
    editor.move_item(1)
    assert editor.stage_items()[1].child(0).text(0).startswith("Are there common")

    # a new stage: unwritten question and a name clash are caught inline
    editor.tree.setCurrentItem(editor.stage_items()[2])
    editor.add_stage()
    stage = editor.stage_items()[3]
    stage.setText(0, "Onboarding")
    editor.library_stage.setCurrentIndex(editor.library_stage.findData("Decision"))
    editor.minutes.setValue(15)
    editor.name.setText(default.name)
    editor.save()
    assert editor.name_error.isVisible() and "exists already" in editor.name_error.text()
    editor.name.setText("Workshop with onboarding")
    editor.save()
    assert editor.tree_error.isVisible() and "still to be written" in editor.tree_error.text()
    stage.child(0).setText(0, "What does the first 90 days look like?")
    editor.tree.setCurrentItem(stage)
    editor.add_question()
    assert stage.child(1).text(0) == NEW_QUESTION
    editor.remove()
    with qtbot.waitSignal(editor.saved, timeout=WAIT) as saved:
        editor.save()
    new = lib.templates.get(saved.args[0])
    assert new.name == "Workshop with onboarding"
    assert [s.name for s in new.stages] == ["Awareness", "Consideration", "Decision", "Onboarding"]
    assert new.stages[0].questions[0].startswith("How do buyers educate themselves")
    assert len(new.stages[0].questions) == 3 and len(new.stages[1].questions) == 5
    assert (new.stages[3].stage, new.stages[3].minutes) == ("Decision", 15)
    # the workshop made before keeps its questions
    assert len(lib.journeys.workshop(before.id).questions()) == 13
    gh.wait_idle(qtbot, app_ctx)


def test_workshop_details_edit_and_delete(qtbot, gh, lib, app_ctx: AppContext, monkeypatch) -> None:
    from smkdesk.gui.journeys.workshop_dialog import WorkshopDialog

    w = lib.journeys.create_workshop(
        "Retail CFOs",
        date(2026, 9, 17),
        "Claire",
        personas=["CFO"],
        participants=[Participant("Priya", "sales")],
    )
    lib.journeys.add_answer(w.questions()[0].id, "sales", "Shrinking margins")
    page = WorkshopsPage(app_ctx)
    page.resize(1400, 800)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    page.edit_workshop()
    dialog = page.findChild(WorkshopDialog)
    qtbot.waitSignal(dialog.loaded, timeout=WAIT).wait()  # its choices are read in the background
    assert dialog.name.text() == "Retail CFOs" and dialog.sales.toPlainText() == "Priya"
    assert dialog.personas.checked_names() == ("CFO",)
    # a retired persona the workshop maps is kept, and offered only here
    procurement = next(t for t in lib.taxonomy.list("persona") if t.name == "Procurement")
    lib.taxonomy.retire(procurement.id)
    assert "Procurement" not in [t.name for t in dialog.personas.checked_terms()]
    dialog.name.setText("Retail CFOs and IT")
    dialog.marketing.setPlainText("Hannah\n\n  Sam ")
    dialog.personas.set_checked(["CFO", "IT manager"])
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        dialog.accept()
    got = lib.journeys.workshop(w.id)
    assert got.name == "Retail CFOs and IT" and set(got.personas) == {"CFO", "IT manager"}
    assert [p.name for p in got.participants] == ["Priya", "Hannah", "Sam"]
    assert page.chooser.currentText().startswith("Retail CFOs and IT")
    assert "IT manager" in page.summary.text()

    lib.journeys.update_workshop(w.id, got.name, got.held_on, personas=["CFO", "Procurement"])
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.load_workshop()
    page.edit_workshop()
    again = [d for d in page.findChildren(WorkshopDialog) if d.isVisible()][-1]
    qtbot.waitSignal(again.loaded, timeout=WAIT).wait()
    assert again.personas.checked_names() == ("CFO", "Procurement")
    again.reject()

    # delete: asked first; Cancel keeps it
    asked: list[str] = []

    def answer(yes: bool):
        def ask(_parent, _title, text, _action=None) -> bool:
            asked.append(text)
            return yes

        return ask

    monkeypatch.setattr("smkdesk.gui.journeys.page.confirm", answer(False))
    page.delete_workshop()
    assert "1 answer" in asked[0] and lib.journeys.workshops()
    monkeypatch.setattr("smkdesk.gui.journeys.page.confirm", answer(True))
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.delete_workshop()
    assert lib.journeys.workshops() == ()
    assert page.empty.isVisible() and not page.details_button.isEnabled()
    gh.dispose(qtbot, app_ctx, page)


def test_presentation_follows_the_board_and_leaves_the_plan_alone(
    qtbot, gh, lib, app_ctx: AppContext
) -> None:
    from PySide6.QtCore import Qt

    w = lib.journeys.create_workshop("CFO", date(2026, 9, 1), personas=["CFO"])
    page = WorkshopsPage(app_ctx)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    page.present()
    show = page.presentation
    assert show is not None and show.clock.text() == "25:00"
    # + and − change this run's clock only: the planned time box stays
    qtbot.keyClick(show, Qt.Key.Key_Plus)
    assert show.clock.text() == "26:00" and "25 min planned (+1 this run)" in show.progress.text()
    gh.wait_idle(qtbot, app_ctx)
    assert lib.journeys.workshop(w.id).stages[0].minutes == 25
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.panel.add_answer("marketing", "They search for 'content findability'")
    assert "Marketing: They search for 'content findability'" in show.body.toPlainText()
    assert show.clock.text() == "26:00"  # the reload leaves the clock alone
    qtbot.keyClick(show, Qt.Key.Key_Plus)
    qtbot.keyClick(show, Qt.Key.Key_Minus)
    qtbot.keyClick(show, Qt.Key.Key_Minus)
    qtbot.keyClick(show, Qt.Key.Key_Minus)
    assert show.clock.text() == "24:00" and "(-1 this run)" in show.progress.text()
    qtbot.keyClick(show, Qt.Key.Key_Right)
    qtbot.keyClick(show, Qt.Key.Key_Left)  # back to Awareness: this run's clock
    assert show.clock.text() == "24:00"
    qtbot.keyClick(show, Qt.Key.Key_R)  # reset: the plan again
    assert show.clock.text() == "25:00" and "(" not in show.progress.text().split("·")[2]
    gh.wait_idle(qtbot, app_ctx)
    assert [st.minutes for st in lib.journeys.workshop(w.id).stages] == [25, 20, 20]
    show.close()
    assert page.presentation is None

    # the plan changes on the board, explicitly
    awareness = w.stages[0]
    dialog = page.edit_time_box(awareness.id)
    assert dialog is not None and dialog.intValue() == 25
    dialog.setIntValue(30)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(dialog.findChild(QSpinBox), Qt.Key.Key_Return)
    assert lib.journeys.workshop(w.id).stages[0].minutes == 30
    name = f"plan-{awareness.id}"
    qtbot.waitUntil(lambda: len(page.findChildren(QToolButton, name)) == 1)  # old board gone
    assert page.findChild(QToolButton, name).text() == "30 min planned…"
    # Escape leaves it as it was
    dialog = page.edit_time_box(awareness.id)
    dialog.setIntValue(5)
    qtbot.keyClick(dialog.findChild(QSpinBox), Qt.Key.Key_Escape)
    gh.wait_idle(qtbot, app_ctx)
    assert lib.journeys.workshop(w.id).stages[0].minutes == 30
    gh.dispose(qtbot, app_ctx, page)


def test_presentation_type_is_sized_for_a_projector(qtbot, lib) -> None:
    from PySide6.QtGui import QColor, QPalette

    from smkdesk.gui.journeys.presentation import PresentationWindow

    w = lib.journeys.create_workshop("CFO", date(2026, 9, 1), personas=["CFO"])
    show = PresentationWindow(w)
    qtbot.addWidget(show)
    show.resize(1024, 768)
    show.show()
    qtbot.waitExposed(show)

    def px(widget) -> float:
        return widget.fontInfo().pixelSize()

    # the body about 1/26 of a 768-pixel screen; headings bigger; hints not tiny
    assert px(show.body) >= 28 and px(show.heading) >= 48 and px(show.clock) >= 48
    assert px(show.hint) >= 20 and show.hint.isEnabled()
    assert show.body.document().defaultFont().pixelSize() == px(show.body)
    # the hint has the text's own colour, on light and on dark palettes
    for window, text in (("#ffffff", "#000000"), ("#202124", "#e8eaed")):
        pal = QPalette()
        pal.setColor(QPalette.ColorRole.Window, QColor(window))
        pal.setColor(QPalette.ColorRole.WindowText, QColor(text))
        show.setPalette(pal)
        hint = show.hint.palette().color(QPalette.ColorRole.WindowText)
        assert hint == QColor(text)
    show.resize(1920, 1080)
    qtbot.waitUntil(lambda: px(show.body) >= 40)
    show.grab()
    show.close()


def test_search_the_library_in_the_card(qtbot, gh, lib, app_ctx: AppContext) -> None:
    pricing = gh.add_link(lib, "Pricing sheet for procurement", stages=("Decision",))
    linked = gh.add_link(lib, "Pricing FAQ", stages=("Decision",))
    w = lib.journeys.create_workshop("Procurement", date(2026, 9, 1))
    question = w.stages[2].questions[0]
    lib.journeys.link_asset(question.id, linked)
    page = WorkshopsPage(app_ctx)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    page.select_question(question.id)
    panel = page.panel

    def rows() -> list[str]:
        return [panel.suggestions.item(i).text() for i in range(panel.suggestions.count())]

    qtbot.waitUntil(lambda: panel.suggestions.count() > 0, timeout=WAIT)  # the suggestions
    panel.search_box.setText("pricing")
    qtbot.waitUntil(lambda: "Pricing sheet for procurement\n    asset · Decision" in rows())
    assert panel.list_title.text() == "Library search"
    # the asset already linked is said as linked, not left out
    assert "✓ Pricing FAQ\n    linked to this question · asset · Decision" in rows()
    panel.suggestions.setCurrentRow(
        rows().index("✓ Pricing FAQ\n    linked to this question · asset · Decision")
    )
    panel.link_suggestion()  # linking it again does nothing
    panel.suggestions.setCurrentRow(
        rows().index("Pricing sheet for procurement\n    asset · Decision")
    )
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        panel.link_suggestion()
    assert {a.id for a in lib.journeys.workshop(w.id).question(question.id).assets} == {
        linked,
        pricing,
    }
    # after linking, the search still finds what it found: now both linked
    qtbot.waitUntil(lambda: sum(r.startswith("✓ ") for r in rows()) == 2, timeout=WAIT)
    assert panel.search_box.text() == "pricing"
    # another question: the search box is cleared and that question's suggestions show
    page.select_question(w.stages[0].questions[0].id)
    assert panel.search_box.text() == ""
    assert panel.list_title.text() == "Suggested from the library"
    page.select_question(question.id)
    panel.search_box.setText("zzzz nothing")
    qtbot.waitUntil(lambda: rows() == ["Nothing in the library matches ‘zzzz nothing’."])
    panel.search_box.clear()
    qtbot.waitUntil(lambda: panel.list_title.text() == "Suggested from the library")
    gh.dispose(qtbot, app_ctx, page)
