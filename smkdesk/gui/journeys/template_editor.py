"""The journey template editor: start from a template, add, remove, reword and
reorder its stages and questions, map each stage onto a library stage, set
its time box, and save the result as a new template. Workshops copy their
template when they are created, so nothing here changes a past workshop."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from smkdesk.core.catalogue.dto import STAGE, Term
from smkdesk.core.changes import Changes
from smkdesk.core.journeys.types import StageDraft, TemplateInfo
from smkdesk.gui.context import AppContext
from smkdesk.gui.widgets.fields import (
    ErrorLabel,
    buddy_label,
    confirm,
    hint_label,
    ok_cancel,
    with_error,
)

LIBRARY_STAGE = Qt.ItemDataRole.UserRole + 1
MINUTES = Qt.ItemDataRole.UserRole + 2
DESCRIPTION = Qt.ItemDataRole.UserRole + 3
NEW_QUESTION = "New question — type it here"


class TemplateEditor(QDialog):
    """Edits a copy of a template; Save writes a new one (``saved`` gives its id).

    The templates load in the background (``loaded``), starting from ``select``."""

    saved = Signal(int)
    loaded = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, select: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Journey templates")
        self.templates: dict[int, TemplateInfo] = {}
        self.is_loaded = False
        self.source = QComboBox()
        self.source.setToolTip("The template to start from; it is not changed")
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setToolTip("Delete this template (workshops keep their own copy)")
        self.delete_button.clicked.connect(self.delete_template)
        self.delete_button.setAutoDefault(False)  # Enter saves; it never deletes
        self.name = QLineEdit()
        self.name_error = ErrorLabel()
        self.description = QLineEdit()
        self.description.setPlaceholderText("What the template is for (optional)")

        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setEditTriggers(
            QTreeWidget.EditTrigger.DoubleClicked
            | QTreeWidget.EditTrigger.EditKeyPressed
            | QTreeWidget.EditTrigger.SelectedClicked
        )
        self.tree.setWordWrap(True)
        self.tree.setToolTip("Double-click or F2 to reword; Ctrl+↑/↓ to reorder; Del to remove")
        self.tree_error = ErrorLabel()

        buttons = QVBoxLayout()
        self.add_stage_button = self._button("Add &stage", "Ctrl+Shift+N", self.add_stage)
        self.add_question_button = self._button("Add &question", "Ctrl+N", self.add_question)
        self.remove_button = self._button("&Remove", QKeySequence.StandardKey.Delete, self.remove)
        self.up_button = self._button("Move &up", "Ctrl+Up", lambda: self.move_item(-1))
        self.down_button = self._button("Move do&wn", "Ctrl+Down", lambda: self.move_item(1))
        for b in (
            self.add_stage_button,
            self.add_question_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)

        # the selected stage's settings
        self.library_stage = QComboBox()
        self.library_stage.addItem("— none —", None)  # the library's stages come with the load
        self.library_stage.setToolTip(
            "The library stage whose content this stage's questions are answered with"
        )
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 600)
        self.minutes.setSuffix(" min")
        self.minutes.setToolTip("The stage's countdown in presentation mode")
        self.stage_description = QPlainTextEdit()
        self.stage_description.setPlaceholderText("What happens to the buyer at this stage")
        self.stage_description.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 10)
        self.stage_box = QWidget()
        stage_form = QFormLayout(self.stage_box)
        stage_form.setContentsMargins(0, 0, 0, 0)
        self.stage_heading = hint_label()
        stage_form.addRow(self.stage_heading)
        stage_form.addRow("Library stage:", self.library_stage)
        stage_form.addRow("Time box:", self.minutes)
        stage_form.addRow("Description:", self.stage_description)
        self.library_stage.currentIndexChanged.connect(lambda _i: self._stage_edited())
        self.minutes.valueChanged.connect(lambda _v: self._stage_edited())
        self.stage_description.textChanged.connect(self._stage_edited)

        top = QFormLayout()
        pick = QHBoxLayout()
        pick.addWidget(self.source, 1)
        pick.addWidget(self.delete_button)
        top.addRow(buddy_label("Start &from:", self.source), pick)
        top.addRow(buddy_label("&Name:", self.name), with_error(self.name, self.name_error))
        top.addRow("Descri&ption:", self.description)
        middle = QHBoxLayout()
        middle.addWidget(self.tree, 1)
        middle.addLayout(buttons)
        self.buttons, self.ok = ok_cancel("&Save as new template", self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(
            hint_label(
                "Stages in bold, their questions beneath. Workshops copy their template when "
                "they are created: saving here never changes a workshop already made."
            )
        )
        layout.addLayout(middle, 1)
        layout.addWidget(self.tree_error)
        layout.addWidget(self.stage_box)
        layout.addWidget(self.buttons)
        self.resize(760, 720)

        self.tree.currentItemChanged.connect(lambda _c, _p: self._selection_changed())
        self.tree.itemChanged.connect(lambda _i, _c: self._item_edited())
        self.name.textChanged.connect(lambda _t: self.name_error.show_message(""))
        self.source.currentIndexChanged.connect(lambda _i: self.load(self.source.currentData()))
        self.source.addItem("Loading the templates…")
        self.source.setEnabled(False)
        self.stage_box.setEnabled(False)
        self.reload_templates(select)
        self.name.setFocus()  # a new template first needs its own name

    def _button(self, text: str, keys: object, slot: object) -> QPushButton:
        button = QPushButton(text)
        shortcut = QKeySequence(keys)  # type: ignore[call-overload]
        button.setShortcut(shortcut)
        button.setAutoDefault(False)  # Enter saves the template, whichever button has focus
        button.setToolTip(f"{text.replace('&', '')} ({shortcut.toString()})")
        button.clicked.connect(slot)
        return button

    # -- loading ------------------------------------------------------------------------
    def reload_templates(self, select: int | None = None) -> None:
        """Read the templates (and the library's stages) in the background, then
        start from ``select`` (the first template when None or gone)."""
        lib = self.ctx.library

        def work(_t: object) -> tuple[tuple[TemplateInfo, ...], tuple[Term, ...]]:
            return tuple(lib.templates.all()), lib.taxonomy.list(STAGE, include_retired=False)

        self.ctx.tasks.latest(
            self,
            "Journey templates",
            work,
            lambda out: self._templates_loaded(out[0], out[1], select),
            lambda msg: self.tree_error.show_message(f"The templates cannot be read: {msg}"),
        )

    def _templates_loaded(
        self, templates: Sequence[TemplateInfo], stages: Sequence[Term], select: int | None
    ) -> None:
        if not self.is_loaded:
            self.library_stage.blockSignals(True)
            for term in stages:
                self.library_stage.addItem(term.name, term.name)
            self.library_stage.blockSignals(False)
        self.is_loaded = True
        self.templates = {t.id: t for t in templates}
        self.source.setEnabled(True)
        self.source.blockSignals(True)
        self.source.clear()
        for t in self.templates.values():
            self.source.addItem(f"{t.name} ({t.question_count} questions)", t.id)
        index = self.source.findData(select) if select is not None else 0
        self.source.setCurrentIndex(max(0, index))
        self.source.blockSignals(False)
        self.delete_button.setEnabled(len(self.templates) > 1)
        self.load(self.source.currentData())
        if self.focusWidget() is self.name:
            self.name.selectAll()  # typing replaces the suggested name
        self.loaded.emit()

    def load(self, template_id: int | None) -> None:
        template = self.templates.get(template_id) if template_id is not None else None
        self.tree.clear()
        if template is None:
            return
        names = {t.name for t in self.templates.values()}
        name, n = f"{template.name} (copy)", 2
        while name in names:
            name, n = f"{template.name} (copy {n})", n + 1
        self.name.setText(name)
        self.description.setText(template.description)
        self.description.setCursorPosition(0)
        for draft in template.stages:
            stage = self._stage_item(draft.name, draft.stage, draft.minutes, draft.description)
            for text in draft.questions:
                self._question_item(stage, text)
        self.tree.expandAll()
        self.tree.setCurrentItem(self.stage_items()[0])

    def _stage_item(
        self, name: str, library_stage: str | None, minutes: int, description: str, at: int = -1
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem([name])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setData(0, LIBRARY_STAGE, library_stage)
        item.setData(0, MINUTES, minutes)
        item.setData(0, DESCRIPTION, description)
        if at < 0:
            self.tree.addTopLevelItem(item)
        else:
            self.tree.insertTopLevelItem(at, item)
        return item

    def _question_item(self, stage: QTreeWidgetItem, text: str, at: int = -1) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setToolTip(0, text)
        if at < 0:
            stage.addChild(item)
        else:
            stage.insertChild(at, item)
        return item

    def _item_edited(self) -> None:
        self.tree_error.show_message("")
        stage = self._current_stage()
        if stage is not None:
            self.stage_heading.setText(f"Settings of the stage '{stage.text(0)}'")

    # -- the selected stage -------------------------------------------------------------
    def _current_stage(self) -> QTreeWidgetItem | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return item if item.parent() is None else item.parent()

    def _selection_changed(self) -> None:
        stage = self._current_stage()
        self.stage_box.setEnabled(stage is not None)
        self.add_question_button.setEnabled(stage is not None)
        has = self.tree.currentItem() is not None
        for b in (self.remove_button, self.up_button, self.down_button):
            b.setEnabled(has)
        if stage is None:
            return
        for w in (self.library_stage, self.minutes, self.stage_description):
            w.blockSignals(True)
        index = self.library_stage.findData(stage.data(0, LIBRARY_STAGE))
        self.library_stage.setCurrentIndex(max(0, index))
        self.minutes.setValue(int(stage.data(0, MINUTES) or 20))
        self.stage_description.setPlainText(str(stage.data(0, DESCRIPTION) or ""))
        for w in (self.library_stage, self.minutes, self.stage_description):
            w.blockSignals(False)
        self.stage_heading.setText(f"Settings of the stage '{stage.text(0)}'")

    def _stage_edited(self) -> None:
        stage = self._current_stage()
        if stage is None:
            return
        stage.setData(0, LIBRARY_STAGE, self.library_stage.currentData())
        stage.setData(0, MINUTES, self.minutes.value())
        stage.setData(0, DESCRIPTION, self.stage_description.toPlainText().strip())

    # -- editing ------------------------------------------------------------------------
    def add_stage(self) -> None:
        stage = self._current_stage()
        at = self.tree.indexOfTopLevelItem(stage) + 1 if stage is not None else -1
        item = self._stage_item("New stage", None, 20, "", at)
        self._question_item(item, NEW_QUESTION)
        self._edit(item, item)

    def add_question(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            stage, at = item, item.childCount()
        else:
            stage, at = parent, parent.indexOfChild(item) + 1
        self._edit(stage, self._question_item(stage, NEW_QUESTION, at))

    def _edit(self, stage: QTreeWidgetItem, item: QTreeWidgetItem) -> None:
        """Show a new item and start typing its text."""
        stage.setExpanded(True)
        self.tree.setCurrentItem(item)
        self.tree.editItem(item, 0)

    def remove(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        else:
            parent.removeChild(item)

    def move_item(self, step: int) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            i = self.tree.indexOfTopLevelItem(item)
            j = i + step
            if not 0 <= j < self.tree.topLevelItemCount():
                return
            expanded = item.isExpanded()
            self.tree.takeTopLevelItem(i)
            self.tree.insertTopLevelItem(j, item)
            item.setExpanded(expanded)
        else:
            i = parent.indexOfChild(item)
            j = i + step
            if 0 <= j < parent.childCount():
                parent.takeChild(i)
                parent.insertChild(j, item)
            else:
                # past the end of its stage: into the neighbouring stage
                k = self.tree.indexOfTopLevelItem(parent) + step
                if not 0 <= k < self.tree.topLevelItemCount():
                    return
                other = self.stage_items()[k]
                parent.takeChild(i)
                other.insertChild(other.childCount() if step < 0 else 0, item)
                other.setExpanded(True)
        self.tree.setCurrentItem(item)

    # -- saving -------------------------------------------------------------------------
    def stage_items(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def drafts(self) -> list[StageDraft]:
        out = []
        for stage in self.stage_items():
            children = (stage.child(j) for j in range(stage.childCount()))
            texts = (c.text(0).strip() for c in children if c is not None)
            out.append(
                StageDraft(
                    name=stage.text(0).strip(),
                    questions=tuple(t for t in texts if t),
                    stage=stage.data(0, LIBRARY_STAGE),
                    description=str(stage.data(0, DESCRIPTION) or ""),
                    minutes=int(stage.data(0, MINUTES) or 20),
                )
            )
        return out

    def problem(self) -> tuple[str, str]:
        """(field, message) of the first thing that stops saving, else ("", "")."""
        name = " ".join(self.name.text().split())
        if not name:
            return "name", "Give the new template a name."
        if name in {t.name for t in self.templates.values()}:
            return "name", f"A template called '{name}' exists already; choose another name."
        drafts = self.drafts()
        if not drafts:
            return "tree", "A template needs at least one stage: Add stage."
        for i, d in enumerate(drafts, 1):
            if not d.name:
                return "tree", f"Stage {i} needs a name."
            if not d.questions:
                return "tree", f"The stage '{d.name}' needs at least one question."
            if NEW_QUESTION in d.questions:
                return "tree", f"The stage '{d.name}' has a new question still to be written."
        return "", ""

    def save(self) -> None:
        if not self.is_loaded:  # a name is checked against the templates: wait for them
            self.tree_error.show_message("The templates are still loading: save again in a moment.")
            return
        where, message = self.problem()
        if where:
            (self.name_error if where == "name" else self.tree_error).show_message(message)
            (self.name if where == "name" else self.tree).setFocus()
            return
        name, description, drafts = self.name.text(), self.description.text(), self.drafts()
        result: dict[str, int] = {}

        def work(lib: object) -> Changes:
            from smkdesk.core.library import Library

            assert isinstance(lib, Library)
            result["id"] = lib.templates.save(name, drafts, description).id
            return Changes(journeys=True)

        def done(_c: Changes) -> None:
            if isValid(self):  # the write may finish after the dialog was closed
                self.saved.emit(result["id"])
                self.accept()

        self.ok.setEnabled(False)
        task = self.ctx.write("Save template", work, self.parentWidget(), on_done=done)
        task.failed.connect(lambda _m: self._when_open(lambda: self.ok.setEnabled(True)))

    def _when_open(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` unless the dialog was closed (and deleted) meanwhile."""
        if isValid(self):
            fn()

    def delete_template(self) -> None:
        template = self.templates.get(self.source.currentData())
        if template is None:
            return
        if not confirm(
            self,
            "Delete template",
            f"Delete the template '{template.name}'?\n\nWorkshops made from it keep their "
            "own questions and answers.",
        ):
            return
        self.ctx.write(
            "Delete template",
            lambda lib: lib.templates.delete(template.id),
            self.parentWidget(),
            on_done=lambda _c: self._when_open(lambda: self.reload_templates()),
        )


def open_template_editor(
    ctx: AppContext, parent: QWidget, select: int | None = None
) -> TemplateEditor:
    """The editor as a window-modal dialog that deletes itself when closed,
    starting from the template ``select`` (or the first)."""
    editor = TemplateEditor(ctx, parent, select)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.open()
    return editor
