"""The Workshops workspace: the list of workshops, the board of the chosen one
(a column per stage, a card per question showing its answers, content and
gaps) and the question panel where the team edits a card."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import (
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.dto import PERSONA, SECTOR, Changes
from smkdesk.core.journey_types import Participant, Question, WorkshopDetail
from smkdesk.gui.context import AppContext, show_error
from smkdesk.gui.journeys.presentation import PresentationWindow, covered_colour, gap_colour
from smkdesk.gui.journeys.question_panel import QuestionPanel
from smkdesk.gui.widgets.exports import WORD_FILTER, ExportNotice, announce_export, choose_save_path
from smkdesk.gui.widgets.fields import (
    ErrorLabel,
    buddy_label,
    confirm,
    hint_label,
    ok_cancel,
    page_title,
    plural,
    with_error,
)
from smkdesk.gui.widgets.tagpickers import CheckList, SectorTree

# at 1024 pixels wide the three stage columns and the question panel fit side by side
COLUMN_MIN_PX = 190
PANEL_MIN_PX = 360
MIN_CHOOSER_CHARS = 22
MAX_CHOOSER_PX = 560
NBSP = "\u00a0"


class ElidingComboBox(QComboBox):
    """A combo box that ends a name too long for it with "…" rather than
    cutting it off mid-word."""

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        opt.currentText = self.fontMetrics().elidedText(
            opt.currentText, Qt.TextElideMode.ElideRight, field.width()
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)


def _stage_heading(name: str) -> QLabel:
    """A stage column's name: bold, a little larger than the cards, and
    wrapped rather than clipped when a column is at its narrowest."""
    head = QLabel(name)
    head.setTextFormat(Qt.TextFormat.PlainText)
    head.setWordWrap(True)
    font = head.font()
    font.setPointSizeF(font.pointSizeF() * 1.2)
    font.setBold(True)
    head.setFont(font)
    return head


class QuestionCard(QFrame):
    clicked = Signal(int)

    def __init__(self, q: Question) -> None:
        super().__init__()
        self.question_id = q.id
        self.selected = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        text = QLabel(q.text)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        font = text.font()
        font.setBold(True)
        text.setFont(font)
        sales = sum(a.side == "sales" for a in q.answers)
        marketing = len(q.answers) - sales
        content = f"{len(q.assets)} asset{'s' if len(q.assets) != 1 else ''}" if q.assets else "gap"
        needed = f" · content needed ● {q.gap_votes}" if q.content_needed else ""
        facts = f"Sales {sales} · Marketing {marketing} · {content}{needed}"
        # a narrow column wraps between the facts, never inside "1 asset"
        status = QLabel(facts.replace(" ", NBSP).replace(f"{NBSP}·{NBSP}", " · "))
        status.setTextFormat(Qt.TextFormat.PlainText)
        status.setWordWrap(True)
        self.status, self.is_gap = status, q.is_gap
        self._colour_status()
        self.setToolTip("\n".join(f"{a.side}: {a.text}" for a in q.answers) or "No answers yet")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(text)
        layout.addWidget(status)

    def _colour_status(self) -> None:
        """Orange for a gap, green for content, in shades that read on the palette."""
        colour = gap_colour(self.palette()) if self.is_gap else covered_colour(self.palette())
        palette = self.status.palette()
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.status.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._colour_status()  # View → Theme switched while the board shows

    def set_selected(self, on: bool) -> None:
        if on != self.selected:
            self.selected = on
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The frame, and for the selected card a border in the palette's
        highlight (painted, not a style sheet, so that it follows the theme)."""
        super().paintEvent(event)
        if self.selected:
            painter = QPainter(self)
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
            painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.question_id)
        super().mouseReleaseEvent(event)


class WorkshopDialog(QDialog):
    """A new workshop's details, or an existing one's (``workshop``)."""

    delete_requested = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, workshop: WorkshopDetail | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Workshop details" if workshop else "New workshop")
        lib = ctx.library
        self.name = QLineEdit(workshop.name if workshop else "")
        self.name.setPlaceholderText("e.g. Retail CFOs – buyer's journey")
        day = workshop.held_on if workshop else date.today()
        self.held_on = QDateEdit(QDate(day.year, day.month, day.day))
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("d MMM yyyy")
        self.facilitator = QLineEdit(workshop.facilitator if workshop else ctx.user.name)
        self.template = QComboBox()
        self.personas = CheckList()
        # retired values show only where the workshop still maps them
        self.personas.set_terms(lib.taxonomy.list(PERSONA, include_retired=True))
        self.sectors = SectorTree()
        self.sectors.set_terms(lib.taxonomy.list(SECTOR, include_retired=True))
        self.sales = QPlainTextEdit()
        self.sales.setPlaceholderText("One name per line")
        self.marketing = QPlainTextEdit()
        self.marketing.setPlaceholderText("One name per line")
        for box in (self.sales, self.marketing):
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 10)
            box.setTabChangesFocus(True)  # Tab moves on; Enter starts the next name
        self.name_error = ErrorLabel()
        self.name.textChanged.connect(lambda _t: self.name_error.show_message(""))
        form = QFormLayout()
        form.addRow(buddy_label("&Name:", self.name), with_error(self.name, self.name_error))
        form.addRow("&Date:", self.held_on)
        form.addRow("&Facilitator:", self.facilitator)
        if workshop is None:
            self.reload_templates()
            edit = QPushButton("&Edit templates…")
            edit.setAutoDefault(False)  # Enter creates the workshop
            edit.setToolTip("Add, reword and reorder stages and questions; save as a new template")
            edit.clicked.connect(self.edit_templates)
            row = QHBoxLayout()
            row.addWidget(self.template, 1)
            row.addWidget(edit)
            form.addRow(buddy_label("&Template:", self.template), row)
        else:
            form.addRow("Template:", hint_label(f"{workshop.template_name} (copied when created)"))
            self.personas.set_checked(workshop.personas)
            self.sectors.set_checked(workshop.sectors)
            for box, side in ((self.sales, "sales"), (self.marketing, "marketing")):
                box.setPlainText("\n".join(p.name for p in workshop.participants if p.side == side))
        form.addRow(buddy_label("Sales &participants:", self.sales), self.sales)
        form.addRow(buddy_label("&Marketing participants:", self.marketing), self.marketing)
        pickers = QHBoxLayout()
        pickers.addWidget(self.personas)
        pickers.addWidget(self.sectors)
        self.buttons, self.ok = ok_cancel("&Save" if workshop else "C&reate", self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        if workshop is not None:
            delete = QPushButton("De&lete workshop…")
            delete.setAutoDefault(False)
            delete.setToolTip("Delete this workshop with its answers and links (asks first)")
            delete.clicked.connect(self.delete_requested)
            bottom.addWidget(delete)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint_label("The personas and sector the workshop maps:"))
        layout.addLayout(pickers, 1)
        layout.addLayout(bottom)
        self.resize(640, 620)
        self.name.setFocus()
        self.name.selectAll()

    def accept(self) -> None:
        """Enter or Create/Save: a workshop needs a name, asked for inline."""
        if not self.name.text().strip():
            self.name_error.show_message("Give the workshop a name.")
            self.name.setFocus()
            return
        super().accept()

    def reload_templates(self, select: int | None = None) -> None:
        self.template.clear()
        for t in self.ctx.library.journeys.templates():
            self.template.addItem(f"{t.name} ({t.question_count} questions)", t.id)
        if select is not None:
            self.template.setCurrentIndex(max(0, self.template.findData(select)))

    def edit_templates(self) -> None:
        from smkdesk.gui.journeys.template_editor import open_template_editor

        editor = open_template_editor(self.ctx, self)
        editor.source.setCurrentIndex(max(0, editor.source.findData(self.template.currentData())))
        editor.saved.connect(self.reload_templates)
        # a template may also have been deleted: offer what is left
        editor.finished.connect(lambda _r: self.reload_templates(self.template.currentData()))

    def participants(self) -> list[Participant]:
        people = []
        for box, side in ((self.sales, "sales"), (self.marketing, "marketing")):
            people += [Participant(n.strip(), side) for n in box.toPlainText().splitlines()]
        return [p for p in people if p.name]

    def details(self) -> dict[str, Any]:
        """The fields as keyword arguments of create_workshop / update_workshop."""
        held_on = self.held_on.date().toPython()
        assert isinstance(held_on, date)
        return {
            "name": self.name.text(),
            "held_on": held_on,
            "facilitator": self.facilitator.text(),
            "personas": self.personas.checked_names(),
            "sectors": self.sectors.checked_paths(),
            "participants": self.participants(),
        }


class WorkshopsPage(QWidget):
    asset_requested = Signal(int)
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.workshop: WorkshopDetail | None = None
        self.selected_question: int | None = None
        self._dirty = True
        self._generation = 0
        self.cards: dict[int, QuestionCard] = {}
        self.chooser = ElidingComboBox()
        # sized by a name's first characters, not its whole length: a long name
        # is elided instead of pushing the buttons off a 1024-pixel screen
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.chooser.setMinimumContentsLength(MIN_CHOOSER_CHARS)
        self.chooser.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.chooser.setMaximumWidth(MAX_CHOOSER_PX)
        self.chooser.setToolTip("The workshop on the board")
        new = QPushButton("&New workshop…")
        new.clicked.connect(self.new_workshop)
        self.present_button = QPushButton("&Present")
        self.present_button.setToolTip("Full screen, one stage at a time, with a countdown (F5)")
        self.present_button.setShortcut("F5")
        self.present_button.clicked.connect(self.present)
        self.export_button = QPushButton("&Export pack…")
        self.export_button.setToolTip(
            "The workshop pack as a Word document, for the client's leads"
        )
        self.export_button.clicked.connect(self.export_pack)
        self.details_button = QPushButton("&Details…")
        self.details_button.setToolTip(
            "Name, date, facilitator, participants, personas and sector; or delete the workshop"
        )
        self.details_button.clicked.connect(self.edit_workshop)
        templates = QPushButton("Te&mplates…")
        templates.setToolTip("Edit the journey templates new workshops are made from")
        templates.clicked.connect(self.edit_templates)
        coverage = QPushButton("&Coverage…")
        coverage.setToolTip("Stages × personas covered by linked content, and orphan assets")
        coverage.clicked.connect(self.show_coverage)
        self.presentation: QWidget | None = None
        self.notice: ExportNotice | None = None  # the last "pack saved" message
        self.summary = hint_label()
        top = QHBoxLayout()
        top.addWidget(page_title("Workshops"))
        top.addSpacing(16)
        top.addWidget(self.chooser, 1)
        top.addWidget(new)
        top.addWidget(self.details_button)
        top.addWidget(templates)
        top.addStretch(0)  # only once the chooser is at its widest
        top.addWidget(self.present_button)
        top.addWidget(self.export_button)
        top.addWidget(coverage)

        self.board = QWidget()
        self.columns = QHBoxLayout(self.board)
        self.board_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.board)
        self.panel = QuestionPanel(ctx)
        self.panel.asset_requested.connect(self.asset_requested)
        self.split = split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        scroll.setMinimumWidth(3 * COLUMN_MIN_PX)
        self.panel.setMinimumWidth(PANEL_MIN_PX)
        split.setSizes([880, 500])
        self._fitted_stages = -1  # the board's width was last fitted for this many stages
        self.empty = hint_label(
            "No workshop yet. New workshop… copies the buyer's-journey questions for a persona "
            "and sector; the team answers them stage by stage and links the content."
        )
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        self.chooser.currentIndexChanged.connect(lambda _i: self.load_workshop())
        ctx.bus.changed.connect(self._on_changes)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()
        self.fit_board()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_board()

    def board_width_needed(self) -> int:
        """The scroll area's width that shows every stage column without a
        horizontal scroll bar (room kept for the vertical one)."""
        bar = self.board_scroll.verticalScrollBar().sizeHint().width()
        frame = 2 * self.board_scroll.frameWidth()
        return self.board.minimumSizeHint().width() + bar + frame

    def fit_board(self) -> None:
        """Give the board the width its columns need, taken from the question
        panel while the panel keeps its minimum; the split stays where the user
        put it whenever every column already shows."""
        sizes = self.split.sizes()
        if len(sizes) != 2 or sum(sizes) <= 0:
            return
        board, panel = sizes
        short = self.board_width_needed() - board
        if short <= 0:
            return
        give = min(short, panel - self.panel.minimumSizeHint().width(), panel - PANEL_MIN_PX)
        if give > 0:
            self.split.setSizes([board + give, panel - give])

    def _on_changes(self, changes: Changes) -> None:
        if changes.journeys or changes.assets or changes.deleted:
            self._dirty = True
            if self.isVisible():
                self.load_workshop()

    def refresh(self) -> None:
        """Reload the list of workshops, keeping the current one."""
        self._dirty = False
        current = self.chooser.currentData()
        rows = self.ctx.library.journeys.workshops()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for w in rows:
            self.chooser.addItem(f"{w.name} — {w.held_on:%d %b %Y}", w.id)
        index = self.chooser.findData(current)
        self.chooser.setCurrentIndex(index if index >= 0 else 0)
        self.chooser.blockSignals(False)
        self.empty.setVisible(not rows)
        self.load_workshop()

    def load_workshop(self) -> None:
        self._dirty = False
        wid = self.chooser.currentData()
        if wid is None:
            self.show_workshop(None)
            return
        self._generation += 1
        generation, lib = self._generation, self.ctx.library
        task = self.ctx.tasks.read("Workshop", lambda _t: lib.journeys.workshop(int(wid)))
        task.succeeded.connect(lambda w: self._loaded(generation, w))

    def _loaded(self, generation: int, w: WorkshopDetail) -> None:
        if generation == self._generation:
            self.show_workshop(w)
            if isinstance(self.presentation, PresentationWindow):
                self.presentation.update_workshop(w)

    def show_workshop(self, w: WorkshopDetail | None) -> None:
        self.workshop = w
        while self.columns.count():
            item = self.columns.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cards = {}
        for button in (self.details_button, self.present_button, self.export_button):
            button.setEnabled(w is not None)
        if w is None:
            self.summary.setText("")
            self.panel.show_question(0, None)
            self.loaded.emit()
            return
        questions = w.questions()
        gaps = sum(q.is_gap for q in questions)
        self.summary.setText(
            f"{w.facilitator or 'No facilitator'} · personas: {', '.join(w.personas) or 'any'} · "
            f"sectors: {', '.join(w.sectors) or 'any'} · {len(questions)} questions, "
            f"{len(questions) - gaps} with content, {gaps} gaps"
        )
        for stage in w.stages:
            column = QVBoxLayout()
            head = _stage_heading(stage.name)
            head.setToolTip(stage.description)
            plan = QToolButton()
            plan.setObjectName(f"plan-{stage.id}")
            plan.setText(f"{stage.minutes} min")
            plan.setToolTip(
                f"The time planned for {stage.name}: change it here. In presentation, "
                "+ and − change only that run's clock."
            )
            plan.setAutoRaise(True)
            plan.clicked.connect(lambda _c=False, st=stage: self.edit_time_box(st.id))
            head_row = QHBoxLayout()
            head_row.addWidget(head, 1)
            head_row.addWidget(plan)
            column.addLayout(head_row)
            for q in stage.questions:
                card = QuestionCard(q)
                card.clicked.connect(self.select_question)
                self.cards[q.id] = card
                column.addWidget(card)
            column.addStretch(1)
            holder = QWidget()
            holder.setLayout(column)
            holder.setMinimumWidth(COLUMN_MIN_PX)
            self.columns.addWidget(holder, 1)
        if self.selected_question not in self.cards:
            self.selected_question = questions[0].id if questions else None
        self.select_question(self.selected_question)
        self.chooser.setToolTip(f"The workshop on the board: {w.name}")
        if len(w.stages) != self._fitted_stages:  # a new shape: every column shows again
            self._fitted_stages = len(w.stages)
            self.board.adjustSize()
            self.fit_board()
        self.loaded.emit()

    def select_question(self, question_id: int | None) -> None:
        self.selected_question = question_id
        for qid, card in self.cards.items():
            card.set_selected(qid == question_id)
        if self.workshop is not None and question_id is not None:
            self.panel.show_question(self.workshop.id, self.workshop.question(question_id))

    def edit_time_box(self, stage_id: int) -> QInputDialog | None:
        """Change a stage's planned time box (the explicit way to change the plan)."""
        if self.workshop is None:
            return None
        stage = next((st for st in self.workshop.stages if st.id == stage_id), None)
        if stage is None:
            return None
        dialog = QInputDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle("Planned time")
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setLabelText(f"Minutes planned for {stage.name}:")
        dialog.setIntRange(1, 600)
        dialog.setIntValue(stage.minutes)
        dialog.setOkButtonText("&Save")

        def save(minutes: int) -> None:
            if minutes != stage.minutes:
                self.ctx.write(
                    "Planned time",
                    lambda lib: lib.journeys.set_stage_minutes(stage_id, minutes),
                    self,
                )

        dialog.intValueSelected.connect(save)
        dialog.open()
        return dialog

    def present(self) -> None:
        if self.workshop is None:
            return
        window = PresentationWindow(self.workshop)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.closed.connect(lambda: setattr(self, "presentation", None))
        self.presentation = window
        screen = self.screen()
        if screen is not None:  # where no window manager places it, fill the screen anyway
            window.setGeometry(screen.geometry())
        window.showFullScreen()

    def export_pack(self) -> None:
        """Ask where the pack goes (Documents, then the last export's folder)
        and write it in the background."""
        if self.workshop is None:
            return
        path = choose_save_path(
            self,
            self.ctx.settings,
            "Save the workshop pack",
            f"Workshop pack – {self.workshop.name}.docx",
            WORD_FILTER,
        )
        if path is not None:
            self.write_pack(path)

    def write_pack(self, path: Path) -> None:
        """Write the pack; a message then says where it went and offers Open
        and Show in folder (the board's summary line stays as it is)."""
        from smkdesk.core.reports.workshop_pack import write_workshop_pack

        assert self.workshop is not None
        workshop = self.workshop
        self.export_button.setEnabled(False)  # one pack at a time
        task = self.ctx.tasks.read(
            "Writing the pack", lambda _t: write_workshop_pack(workshop, path)
        )
        task.succeeded.connect(lambda _r: self._pack_written(workshop, path))
        task.failed.connect(lambda msg: self._pack_failed(msg))

    def _pack_written(self, workshop: WorkshopDetail, path: Path) -> None:
        self.export_button.setEnabled(self.workshop is not None)
        questions = workshop.questions()
        gaps = sum(q.is_gap for q in questions)
        actions = sum(q.content_needed for q in questions)
        self.notice = announce_export(
            self.window(),
            path,
            "Workshop pack",
            f"{plural(len(questions), 'question')}, {plural(gaps, 'gap')}, "
            f"{plural(actions, 'content action')}.",
        )

    def _pack_failed(self, message: str) -> None:
        self.export_button.setEnabled(self.workshop is not None)
        show_error(self, "Pack not written", message)

    def show_coverage(self) -> None:
        from smkdesk.gui.journeys.coverage import CoverageDialog

        wid = self.workshop.id if self.workshop is not None else None
        dialog = CoverageDialog(self.ctx, self, wid)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def new_workshop(self) -> None:
        dialog = WorkshopDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            details = dialog.details()
            details["template_id"] = dialog.template.currentData()
            name = details["name"]
            self.ctx.write(
                "New workshop",
                lambda lib: _created_changes(lib.journeys.create_workshop(**details)),
                self,
                on_done=lambda _c: self._created(name),
            )

        dialog.accepted.connect(accepted)
        dialog.open()

    def edit_workshop(self) -> None:
        if self.workshop is None:
            return
        workshop = self.workshop
        dialog = WorkshopDialog(self.ctx, self, workshop)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            details = dialog.details()
            self.ctx.write(
                "Workshop details",
                lambda lib: lib.journeys.update_workshop(workshop.id, **details),
                self,
                on_done=lambda _c: self.refresh(),
            )

        dialog.accepted.connect(accepted)
        dialog.delete_requested.connect(lambda: self.delete_workshop(dialog))
        dialog.open()

    def delete_workshop(self, parent: QWidget | None = None) -> None:
        if self.workshop is None:
            return
        workshop = self.workshop
        answers = sum(len(q.answers) for q in workshop.questions())
        links = sum(len(q.assets) for q in workshop.questions())
        if not confirm(
            parent or self,
            "Delete workshop",
            f"Delete the workshop '{workshop.name}' with its {plural(answers, 'answer')} and "
            f"{plural(links, 'linked asset')}?\n\nThe assets stay in the library. Export the "
            "pack first if you may need it. This cannot be undone.",
        ):
            return
        if isinstance(parent, QDialog):
            parent.reject()
        self.ctx.write(
            "Delete workshop",
            lambda lib: lib.journeys.delete_workshop(workshop.id),
            self,
            on_done=lambda _c: self.refresh(),
        )

    def edit_templates(self) -> None:
        from smkdesk.gui.journeys.template_editor import open_template_editor

        open_template_editor(self.ctx, self).saved.connect(lambda _id: self._template_saved())

    def _template_saved(self) -> None:
        """Said in the status bar: the board's summary line stays the workshop's."""
        message = "Template saved. New workshop… offers it; workshops already made keep theirs."
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 8000)
        else:
            self.setToolTip(message)

    def _created(self, name: str) -> None:
        self.refresh()
        index = self.chooser.findText(name, Qt.MatchFlag.MatchStartsWith)
        if index >= 0:
            self.chooser.setCurrentIndex(index)


def _created_changes(_w: WorkshopDetail) -> Changes:
    return Changes(journeys=True)
