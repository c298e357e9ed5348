"""Dialogs and tag pickers, against a real library in tmp_path.

Writes go through the real writer thread; tests wait for the change bus.
Questions the taxonomy dialog asks are hooks that tests replace.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QWidget

from smkdesk.core.catalogue.dto import (
    PERSONA,
    SECTOR,
    STAGE,
    AssetUpdate,
    ImportOptions,
    ImportOutcome,
    ImportReport,
)
from smkdesk.core.library import Library
from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext
from smkdesk.gui.dialogs.profile import ProfileDialog
from smkdesk.gui.events import ChangeBus
from smkdesk.gui.library.bulk_edit import BulkEditDialog
from smkdesk.gui.library.edit_asset import EditAssetDialog
from smkdesk.gui.library.import_dialog import ImportDialog, ImportSummaryDialog
from smkdesk.gui.library.log_use import LogUseDialog
from smkdesk.gui.settings import Settings
from smkdesk.gui.tasks import TaskManager
from smkdesk.gui.taxonomy.dialog import TABS, TaxonomyDialog
from smkdesk.gui.widgets.tagpickers import CheckList, SectorTree

pytestmark = pytest.mark.gui
HTML_TITLE = "<b>Bold</b> & <i>x</i>"


@pytest.fixture
def ctx(tmp_path: Path, qapp: object) -> Iterator[AppContext]:
    library = Library.create(tmp_path / "lib")
    tasks = TaskManager()
    context = AppContext(
        library=library, tasks=tasks, bus=ChangeBus(), settings=Settings(tmp_path / "s.ini")
    )
    context.settings.set(keys.USER_NAME, "Dana Lee")
    context.settings.set(keys.USER_ROLE, "sales rep")
    yield context
    tasks.wait(5000)
    library.close()


_links = iter(range(1, 10_000))


def add(ctx: AppContext, title: str, **options: object) -> int:
    url = f"https://example.com/a/{next(_links)}"
    return ctx.library.assets.add_link(url, title, ImportOptions(**options)).id  # type: ignore[arg-type]


def plain_labels_only(widget: QWidget, text: str) -> None:
    """Every label showing ``text`` shows it literally (never as rich text)."""
    labels = [lab for lab in widget.findChildren(QLabel) if text in lab.text()]
    assert labels
    assert all(lab.textFormat() == Qt.TextFormat.PlainText for lab in labels)


# -- tag pickers -----------------------------------------------------------------------
def test_checklist_hides_retired_unless_checked(ctx: AppContext, qtbot, qtmodeltester) -> None:
    tax = ctx.library.taxonomy
    tax.retire(tax.find(PERSONA, "Procurement").id)
    picker = CheckList()
    qtbot.addWidget(picker)
    picker.set_terms(tax.list(PERSONA))
    shown = [picker.model().index(r, 0).data() for r in range(picker.model().rowCount())]
    assert "CFO" in shown and not any("Procurement" in s for s in shown)
    cfo = tax.find(PERSONA, "CFO").id
    picker.set_checked([cfo, "procurement"])
    shown = [picker.model().index(r, 0).data() for r in range(picker.model().rowCount())]
    assert "Procurement (retired)" in shown
    assert picker.checked_names() == ("CFO", "Procurement")
    assert picker.checked_ids()[0] == cfo
    with qtbot.waitSignal(picker.changed):
        picker.model().item(0).setCheckState(Qt.CheckState.Checked)  # C-level executive
    assert picker.checked_names()[0] == "C-level executive"
    qtmodeltester.check(picker.model())


def test_sector_tree_checks_parent_without_children(ctx: AppContext, qtbot, qtmodeltester) -> None:
    tree = SectorTree()
    qtbot.addWidget(tree)
    tree.set_terms(ctx.library.taxonomy.list(SECTOR))
    tree.set_checked(["Retail", "Technology/SaaS"])
    assert tree.checked_paths() == ("Retail", "Technology/SaaS")
    retail = tree.model().item(0)
    assert retail.rowCount() == 4 and retail.child(0).checkState() == Qt.CheckState.Unchecked
    retail.child(0).setCheckState(Qt.CheckState.Checked)
    assert tree.checked_paths() == ("Retail", "Retail/Fashion", "Technology/SaaS")
    assert tree.isExpanded(tree.model().index(0, 0))
    qtmodeltester.check(tree.model())


# -- edit one asset ----------------------------------------------------------------------
def test_edit_dialog_saves_title_and_tags(ctx: AppContext, qtbot) -> None:
    aid = add(ctx, "Old title", personas=("CFO",), owner="Dana Lee")
    dialog = EditAssetDialog(ctx, ctx.library.assets.get(aid))
    qtbot.addWidget(dialog)
    assert dialog.asset_update() == AssetUpdate()  # nothing changed yet
    dialog.title_edit.setText("Retail ROI case study")
    dialog.tags.personas.set_checked(["CFO", "IT manager"])
    dialog.tags.sectors.set_checked(["Retail/Fashion"])
    dialog.keywords.setText("pricing, ROI, pricing")
    dialog.no_review.setChecked(False)
    change = dialog.asset_update()
    assert change.title == "Retail ROI case study" and change.owner is None
    assert change.keywords == ("pricing", "ROI") and change.stages is None
    with qtbot.waitSignal(ctx.bus.changed, timeout=5000):
        dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    detail = ctx.library.assets.get(aid)
    assert detail.title == "Retail ROI case study"
    assert set(detail.personas) == {"CFO", "IT manager"}
    assert detail.sectors == ("Retail/Fashion",)
    assert detail.review_by is not None and detail.owner == "Dana Lee"


def test_edit_dialog_inline_validation(ctx: AppContext, qtbot) -> None:
    dialog = EditAssetDialog(ctx, ctx.library.assets.get(add(ctx, "A link")))
    qtbot.addWidget(dialog)
    assert dialog.ok.isEnabled() and dialog.title_error.isHidden()
    dialog.title_edit.setText("   ")
    assert not dialog.ok.isEnabled()
    assert not dialog.title_error.isHidden()
    assert dialog.title_error.text() == "The title cannot be empty."
    dialog.title_edit.setText("Back")
    dialog.url.setText("ftp://example.com/file")
    assert not dialog.ok.isEnabled() and "http://" in dialog.url_error.text()
    dialog.url.setText("https://example.com/new")
    assert dialog.ok.isEnabled() and dialog.url_error.isHidden()


def test_retiring_in_the_edit_dialog_needs_a_reason(ctx: AppContext, qtbot) -> None:
    aid = add(ctx, "Old pricing sheet")
    dialog = EditAssetDialog(ctx, ctx.library.assets.get(aid))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.reason.isVisible()
    dialog.status.setCurrentIndex(dialog.status.findData("retired"))
    assert dialog.reason.isVisible() and not dialog.ok.isEnabled()
    assert "Say why" in dialog.reason_error.text()
    dialog.reason.setText("Superseded by the 2026 price list")
    assert dialog.ok.isEnabled()
    with qtbot.waitSignal(ctx.bus.changed, timeout=5000):
        dialog.ok.click()
    trail = ctx.library.lifecycle.audit(aid)
    assert [(r.action, r.reason) for r in trail] == [
        ("retire", "Superseded by the 2026 price list")
    ]


def test_bulk_retire_needs_a_reason(ctx: AppContext, qtbot) -> None:
    ids = [add(ctx, f"Asset {i}") for i in range(2)]
    dialog = BulkEditDialog(ctx, ids)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitSignal(dialog.loaded, timeout=5000).wait()
    dialog.set_status.setChecked(True)
    dialog.status.setCurrentIndex(dialog.status.findData("retired"))
    assert dialog.reason.isVisible() and not dialog.ok.isEnabled()
    assert "Say why" in dialog.error.text()
    dialog.reason.setText("Off-brand")
    assert dialog.ok.isEnabled()
    with qtbot.waitSignal(ctx.bus.changed, timeout=5000):
        dialog.ok.click()
    assert {a.status for a in ctx.library.assets.summaries(ids)} == {"retired"}


# ctx.write shows the error in a message box; the offscreen platform warns when it opens.
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_edit_dialog_stays_open_on_core_error(ctx: AppContext, qtbot) -> None:
    aid = add(ctx, "Deck")
    dialog = EditAssetDialog(ctx, ctx.library.assets.get(aid))
    qtbot.addWidget(dialog)
    ctx.library.taxonomy.retire(ctx.library.taxonomy.find(PERSONA, "CFO").id)  # meanwhile
    dialog.title_edit.setText("Deck v2")
    dialog.tags.personas.set_checked(["CFO"])
    dialog.ok.click()
    assert not dialog.buttons.isEnabled()
    qtbot.waitUntil(dialog.buttons.isEnabled, timeout=5000)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.title_edit.text() == "Deck v2"
    boxes = dialog.findChildren(QMessageBox)
    assert boxes and "retired" in boxes[-1].text()
    assert ctx.library.assets.get(aid).title == "Deck"


def test_html_title_is_shown_literally(ctx: AppContext, qtbot) -> None:
    aid = add(ctx, HTML_TITLE, stages=("Decision",))
    dialog = EditAssetDialog(ctx, ctx.library.assets.get(aid))
    qtbot.addWidget(dialog)
    assert dialog.title_edit.text() == HTML_TITLE
    log = LogUseDialog(ctx, ctx.library.assets.get(aid))
    qtbot.addWidget(log)
    plain_labels_only(log, HTML_TITLE)
    report = ImportReport(
        (ImportOutcome(Path("x.md"), "imported", asset_id=aid, title=HTML_TITLE),)
    )
    summary = ImportSummaryDialog(report)
    qtbot.addWidget(summary)
    summary.filter.setCurrentIndex(0)
    assert summary.proxy.index(0, 2).data() == HTML_TITLE
    assert all(
        lab.textFormat() == Qt.TextFormat.PlainText
        for lab in summary.findChildren(QLabel)
        if lab.text() and not lab.buddy()
    )


# -- bulk edit -------------------------------------------------------------------------------
def test_bulk_edit_adds_persona_and_sets_owner(ctx: AppContext, qtbot) -> None:
    ids = [add(ctx, f"Asset {i}", personas=("CFO",) if i < 2 else ()) for i in range(3)]
    dialog = BulkEditDialog(ctx, ids)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit 3 assets"
    assert not dialog.ok.isEnabled()
    qtbot.waitSignal(dialog.loaded, timeout=5000).wait()
    removable = dialog.remove.pickers[PERSONA]
    assert removable.model().index(0, 0).data() == "CFO  (2 of 3)"
    dialog.add.pickers[PERSONA].set_checked(["CFO"])
    removable.set_checked(["CFO"])
    assert not dialog.ok.isEnabled() and "both added and removed" in dialog.error.text()
    removable.set_checked([])
    dialog.add.pickers[PERSONA].set_checked(["IT manager"])
    dialog.set_owner.setChecked(True)
    dialog.owner.setText("Sam Ortiz")
    assert (
        dialog.summary.text()
        == "This adds IT manager and sets the owner to “Sam Ortiz” on 3 assets."
    )
    with qtbot.waitSignal(ctx.bus.changed, timeout=5000) as blocker:
        dialog.ok.click()
    assert blocker.args[0].assets == frozenset(ids)
    for summary in ctx.library.assets.summaries(ids):
        assert "IT manager" in summary.personas and summary.owner == "Sam Ortiz"
    assert ctx.library.assets.summaries(ids[:1])[0].personas == ("CFO", "IT manager")


# -- taxonomy --------------------------------------------------------------------------------
def select(dialog: TaxonomyDialog, dimension: str, path: str) -> None:
    dialog.tabs.setCurrentIndex([d for d, _ in TABS].index(dimension))
    pane = dialog.panes[dimension]
    term = next(t for t in pane.model.terms() if t.path == path)
    pane.view.setCurrentIndex(pane.model.index_of(term.id))


def test_taxonomy_merge_updates_assets(ctx: AppContext, qtbot, qtmodeltester) -> None:
    tax = ctx.library.taxonomy
    tax.add(PERSONA, "Sales director")
    ids = [add(ctx, f"Deck {i}", personas=("VP Sales",)) for i in range(2)]
    dialog = TaxonomyDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitSignal(dialog.loaded, timeout=5000).wait()  # read in the background
    asked: list[str] = []
    dialog.confirm = lambda title, text: asked.append(text) or True
    dialog.ask_item = lambda title, label, items: "Sales director"
    select(dialog, PERSONA, "VP Sales")
    assert dialog.panes[PERSONA].model.index_of(tax.find(PERSONA, "VP Sales").id, 1).data() == (
        "2 assets"
    )
    with qtbot.waitSignal(dialog.loaded, timeout=5000):  # changed, then shown
        dialog.commands["merge"].trigger()
    assert asked == [
        "Merge 'VP Sales' into 'Sales director'? 2 assets get 'Sales director'; "
        "'VP Sales' is removed."
    ]
    assert all(s.personas == ("Sales director",) for s in ctx.library.assets.summaries(ids))
    names = [t.name for t in dialog.panes[PERSONA].model.terms()]
    assert "VP Sales" not in names and dialog.panes[PERSONA].current().name == "Sales director"
    qtmodeltester.check(dialog.panes[PERSONA].model)
    qtmodeltester.check(dialog.panes[SECTOR].model)


def test_taxonomy_rename_confirms_with_count(ctx: AppContext, qtbot) -> None:
    ids = [add(ctx, f"Sheet {i}", personas=("CFO",)) for i in range(2)]
    dialog = TaxonomyDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitSignal(dialog.loaded, timeout=5000).wait()  # read in the background
    asked: list[str] = []
    answers = iter([False, True])
    dialog.confirm = lambda title, text: asked.append(text) or next(answers)
    dialog.ask_text = lambda title, label, text="": "Finance director"
    select(dialog, PERSONA, "CFO")
    dialog.commands["rename"].trigger()  # declined: nothing changes
    assert ctx.library.taxonomy.find(PERSONA, "CFO")
    with qtbot.waitSignal(dialog.loaded, timeout=5000):  # changed, then shown
        dialog.commands["rename"].trigger()
    assert asked == ["Rename 'CFO' to 'Finance director' on 2 assets?"] * 2
    assert all(s.personas == ("Finance director",) for s in ctx.library.assets.summaries(ids))
    shortcuts = {k: a.shortcut() for k, a in dialog.commands.items()}
    assert shortcuts["rename"] == QKeySequence("F2") and shortcuts["add"] == QKeySequence("Ctrl+N")
    assert shortcuts["retire"] == QKeySequence("Del") and shortcuts["up"] == QKeySequence("Alt+Up")


def test_taxonomy_add_move_and_retire(ctx: AppContext, qtbot) -> None:
    dialog = TaxonomyDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitSignal(dialog.loaded, timeout=5000).wait()  # read in the background
    dialog.confirm = lambda title, text: True
    select(dialog, SECTOR, "Retail")
    dialog.ask_new = lambda label, parents=None, default=None: ("Footwear", default)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):  # changed, then shown
        dialog.commands["add"].trigger()
    footwear = ctx.library.taxonomy.find(SECTOR, "Retail/Footwear")
    assert dialog.panes[SECTOR].current() == footwear  # the new value is selected
    select(dialog, STAGE, "Decision")
    assert not dialog.panes[STAGE].buttons["down"].isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=5000):  # changed, then shown
        dialog.commands["up"].trigger()
    assert [t.name for t in ctx.library.taxonomy.list(STAGE)] == [
        "Awareness",
        "Decision",
        "Consideration",
    ]
    with qtbot.waitSignal(dialog.loaded, timeout=5000):  # changed, then shown
        dialog.commands["retire"].trigger()
    assert ctx.library.taxonomy.find(STAGE, "Decision").retired
    assert dialog.panes[STAGE].buttons["retire"].text() == "Res&tore"


# -- import ---------------------------------------------------------------------------------
def test_import_dialog_options(ctx: AppContext, qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "Case studies"
    folder.mkdir()
    files = [tmp_path / "a.md", tmp_path / "b.pdf"]
    for f in files:
        f.write_text("x")
    dialog = ImportDialog(ctx, [*files, folder])
    qtbot.addWidget(dialog)
    assert dialog.heading.text() == "Import 2 files and 1 folder"
    assert "a.md" in dialog.names.text() and "Case studies" in dialog.names.text()
    from smkdesk.core.catalogue.options import months_ahead

    assert dialog.options() == ImportOptions(owner="Dana Lee", review_by=months_ahead(12))
    dialog.tags.stages.set_checked(["Decision"])
    dialog.tags.personas.set_checked(["CFO", "VP Sales"])
    dialog.tags.sectors.set_checked(["Retail/Fashion"])
    dialog.type_combo.setCurrentText("Case study")
    dialog.status.setCurrentText("Draft")
    dialog.tier.setCurrentText("One-to-few")
    dialog.keywords.setText("pricing, roi")
    assert dialog.options() == ImportOptions(
        stages=("Decision",),
        personas=("CFO", "VP Sales"),
        sectors=("Retail/Fashion",),
        asset_type="Case study",
        owner="Dana Lee",
        abm_tier="one-to-few",
        keywords=("pricing", "roi"),
        status="draft",
        review_by=months_ahead(12),
    )


def test_import_summary_filter_and_copy(qtbot, qtmodeltester) -> None:
    reason = "<b>Not</b> a real PDF & the header is damaged; export it again from the source"
    report = ImportReport(
        (
            ImportOutcome(Path("one.md"), "imported", asset_id=1, title="One"),
            ImportOutcome(Path("scan.pdf"), "imported_no_text", reason="scanned", title="Scan"),
            ImportOutcome(Path("bad.pdf"), "rejected", reason=reason),
        ),
        cancelled=True,
        total=5,
    )
    dialog = ImportSummaryDialog(report)
    qtbot.addWidget(dialog)
    assert dialog.headline.text() == (
        "1 imported · 1 imported without searchable text · 1 rejected"
    )
    assert dialog.note.text() == "Cancelled: 2 files not imported; what finished stays."
    assert dialog.filter.currentText() == "Rejected (1)"  # rejected first
    assert dialog.proxy.rowCount() == 1
    assert dialog.proxy.index(0, 2).data() == reason
    assert dialog.proxy.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == reason
    assert dialog.proxy.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    dialog.filter.setCurrentText("All (3)")
    assert dialog.proxy.rowCount() == 3
    dialog.filter.setCurrentText("Without text (1)")
    assert dialog.proxy.index(0, 0).data() == "scan.pdf"
    dialog.copy_report()
    text = QGuiApplication.clipboard().text()
    assert reason in text and text.startswith("1 imported")
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(dialog.proxy)


# -- log use --------------------------------------------------------------------------------
def test_log_use_writes_event(ctx: AppContext, qtbot) -> None:
    aid = add(ctx, "Battlecard", stages=("Consideration", "Decision"))
    dialog = LogUseDialog(ctx, ctx.library.assets.summaries([aid])[0], action="presented")
    qtbot.addWidget(dialog)
    assert dialog.stage.currentText() == "Consideration"
    dialog.account.setText("Acme Retail")
    dialog.opportunity.setText("Acme renewal 2025")
    dialog.stage.setCurrentText("Decision")
    dialog.note.setPlainText("Went down well")
    with qtbot.waitSignal(ctx.bus.changed, timeout=5000):
        dialog.ok.click()
    event = ctx.library.usage.history(aid)[0]
    assert (event.action, event.account, event.stage) == ("presented", "Acme Retail", "Decision")
    assert (event.opportunity, event.user_name, event.note) == (
        "Acme renewal 2025",
        "Dana Lee",
        "Went down well",
    )


def test_log_feedback_needs_a_rating(ctx: AppContext, qtbot) -> None:
    aid = add(ctx, "FAQ")
    dialog = LogUseDialog(ctx, ctx.library.assets.summaries([aid])[0], action="feedback")
    qtbot.addWidget(dialog)
    dialog.ok.click()  # no rating yet: an inline message, nothing logged
    assert "Helpful" in dialog.rating_error.text() and ctx.library.usage.history(aid) == ()
    dialog.not_helpful.setChecked(True)
    assert dialog.ok.isEnabled()
    with qtbot.waitSignal(ctx.bus.changed, timeout=5000):
        dialog.ok.click()
    assert ctx.library.usage.history(aid)[0].rating == -1


# -- profile --------------------------------------------------------------------------------
def test_profile_requires_name_and_role(qtbot, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "profile.ini")
    dialog = ProfileDialog(settings, None, first_run=True)
    qtbot.addWidget(dialog)
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    assert cancel.isHidden() and not dialog.ok.isEnabled()
    dialog.name.setText("  Dana   Lee ")
    assert not dialog.ok.isEnabled()
    dialog.radios["marketer"].setChecked(True)
    assert dialog.ok.isEnabled()
    dialog.ok.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.get(keys.USER_NAME) == "Dana Lee"
    assert settings.get(keys.USER_ROLE) == "marketer"
    again = ProfileDialog(settings, None, first_run=False)
    qtbot.addWidget(again)
    assert again.name.text() == "Dana Lee" and again.radios["marketer"].isChecked()
    assert not again.buttons.button(again.buttons.StandardButton.Cancel).isHidden()


def test_import_summary_shows_truncated_and_restored_files(qtbot) -> None:
    report = ImportReport(
        (
            ImportOutcome(
                Path("atlas.pdf"),
                "imported",
                asset_id=1,
                title="Atlas",
                note="text truncated after 2,000 of 20,000 pages",
            ),
            ImportOutcome(
                Path("deck.pptx"),
                "restored",
                asset_id=2,
                title="Deck",
                reason="restored the missing file of #2 'Deck'",
            ),
        ),
        total=2,
    )
    dialog = ImportSummaryDialog(report)
    qtbot.addWidget(dialog)
    assert dialog.headline.text() == "1 imported · 1 restored · 1 shortened on the way in"
    assert dialog.proxy.index(0, 2).data() == "Atlas — text truncated after 2,000 of 20,000 pages"
    assert dialog.proxy.index(1, 1).data() == "Restored"
    assert dialog.proxy.index(1, 2).data() == "restored the missing file of #2 'Deck'"
