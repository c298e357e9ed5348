"""The Workshops workspace: the list of workshops, the board of the chosen one
(a column per stage, a card per question showing its answers, content and
gaps) and the question panel where the team edits a card."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.changes import Changes
from smkdesk.core.journeys.types import WorkshopDetail, WorkshopSummary
from smkdesk.core.library import Library
from smkdesk.core.util.timeutil import day_text
from smkdesk.gui.context import AppContext, show_error
from smkdesk.gui.journeys.board import COLUMN_MIN_PX, ElidingComboBox, QuestionCard, stage_column
from smkdesk.gui.journeys.presentation import PresentationWindow
from smkdesk.gui.journeys.question_panel import QuestionPanel
from smkdesk.gui.journeys.workshop_dialog import WorkshopDialog
from smkdesk.gui.settings import Key
from smkdesk.gui.widgets.exports import WORD_FILTER, ExportNotice, announce_export, choose_save_path
from smkdesk.gui.widgets.fields import confirm, hint_label, page_title, plural
from smkdesk.gui.widgets.live_page import LivePage

PANEL_MIN_PX = 360  # with three columns of COLUMN_MIN_PX, fits 1024 pixels
MIN_CHOOSER_CHARS = 22
MAX_CHOOSER_PX = 560
LAST_WORKSHOP = Key("workshops/last", 0)  # the workshop on the board, reopened next time


class WorkshopsPage(LivePage, QWidget):
    asset_requested = Signal(int)
    loaded = Signal()
    #: (what was done, a callable that undoes it): the window's status bar offers it
    undo_offered = Signal(str, object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.workshop: WorkshopDetail | None = None
        self.selected_question: int | None = None
        self._wanted: int | None = None  # the workshop to show after the next load
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
        new.setToolTip("Copy a journey template's questions for a persona and sector")
        new.clicked.connect(self.new_workshop)
        self.present_button = QPushButton("&Present")
        self.present_button.setToolTip("Full screen, one stage at a time, with a countdown (F5)")
        self.present_button.setShortcut("F5")
        self.present_button.clicked.connect(self.present)
        self.export_button = QPushButton("E&xport pack…")
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
        coverage = QPushButton("Covera&ge…")
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
        self.panel.undo_offered.connect(self.undo_offered)
        self.panel.undo_listened = lambda: self.receivers(QuestionPanel.UNDO_SIGNATURE) > 0
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
        self.watch_changes(ctx.bus)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # loads the workshops if anything changed meanwhile
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

    def cares(self, changes: Changes) -> bool:
        return changes.journeys or bool(changes.assets or changes.deleted)

    def load(self) -> None:
        """Load the list of workshops and the board of the one chosen (kept
        across reloads; at first, the one shown when the app last closed)."""
        wanted, self._wanted = self._wanted, None
        if wanted is None:
            wanted = self.chooser.currentData()
        if wanted is None:
            wanted = self.ctx.settings.get(LAST_WORKSHOP)
        lib = self.ctx.library

        def work(_t: object) -> tuple[tuple[WorkshopSummary, ...], WorkshopDetail | None]:
            rows = lib.journeys.workshops()
            ids = [w.id for w in rows]
            wid = wanted if wanted in ids else ids[0] if ids else None
            return rows, lib.journeys.workshop(wid) if wid is not None else None

        self.ctx.tasks.latest(
            self,
            "Workshops",
            work,
            lambda out: self._loaded(*out),
            lambda msg: self.summary.setText(f"The workshops cannot be loaded: {msg}"),
        )

    def load_workshop(self) -> None:
        """Show the workshop chosen in the list (with the list reloaded)."""
        self.refresh()

    def _loaded(self, rows: tuple[WorkshopSummary, ...], w: WorkshopDetail | None) -> None:
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for row in rows:
            self.chooser.addItem(f"{row.name} — {day_text(row.held_on)}", row.id)
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(w.id if w else None)))
        self.chooser.blockSignals(False)
        self.empty.setVisible(not rows)
        if w is not None and w.id != self.ctx.settings.get(LAST_WORKSHOP):
            self.ctx.settings.set(LAST_WORKSHOP, w.id)
        self.show_workshop(w)
        if w is not None and isinstance(self.presentation, PresentationWindow):
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
        self.summary.setText(
            f"{w.facilitator or 'No facilitator'} · personas: {', '.join(w.personas) or 'any'} · "
            f"sectors: {', '.join(w.sectors) or 'any'} · {w.counts().text()}"
        )
        self.summary.setToolTip(
            "With content: at least one asset linked. A gap: no content yet, or the team "
            "ticked Content needed (it wants more)."
        )
        for stage in w.stages:
            column = stage_column(stage, self.select_question, self.edit_time_box, self.cards)
            self.columns.addWidget(column, 1)
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
        counts = workshop.counts()
        self.notice = announce_export(
            self.window(),
            path,
            "Workshop pack",
            f"{plural(counts.questions, 'question')}, {plural(counts.gaps, 'gap')}, "
            f"{plural(counts.content_needed, 'content action')}.",
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
            made: list[int] = []

            def work(lib: Library) -> Changes:
                made.append(lib.journeys.create_workshop(**details).id)
                return Changes(journeys=True).by(self)

            self.ctx.write("New workshop", work, self, on_done=lambda _c: self._created(made[0]))

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
                lambda lib: lib.journeys.update_workshop(workshop.id, **details).by(self),
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
            lambda lib: lib.journeys.delete_workshop(workshop.id).by(self),
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

    def _created(self, workshop_id: int) -> None:
        self._wanted = workshop_id  # the new workshop goes on the board
        self.refresh()
