"""Presentation mode for running a workshop: full screen, large type, one
stage at a time with its questions, the answers so far and the gaps, and a
countdown for the stage. Left/Right change stage, Space starts or pauses
the countdown, +/- give the stage a minute more or less (saved with the
workshop), R resets the clock, Esc leaves. What the team records on the
board while it is open appears here at once."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextEdit, QVBoxLayout, QWidget

from smkdesk.core.journey_types import WorkshopDetail

SCALE = 1.6
GAP = "#D55E00"  # orange and green that read on light and dark backgrounds
COVERED = "#009E73"


def _label(size: float, bold: bool = False) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * size)
    font.setBold(bold)
    label.setFont(font)
    return label


def fill_stage(doc: QTextDocument, w: WorkshopDetail, index: int) -> None:
    """One stage's questions (bold), the answers so far (most votes first),
    the content that answers each question, and the gaps (in orange). Every
    text goes in as plain text: nothing typed by the team is interpreted."""
    doc.clear()
    cursor = QTextCursor(doc)
    size = doc.defaultFont().pointSizeF()
    question = QTextCharFormat()
    question.setFontWeight(QFont.Weight.Bold)
    question.setFontPointSize(size * 1.12)
    label = QTextCharFormat()
    label.setFontWeight(QFont.Weight.DemiBold)
    plain = QTextCharFormat()
    covered = QTextCharFormat()
    covered.setForeground(QColor(COVERED))
    gap = QTextCharFormat()
    gap.setForeground(QColor(GAP))
    gap.setFontWeight(QFont.Weight.Bold)
    spaced = QTextBlockFormat()
    spaced.setTopMargin(size * 1.2)
    indented = QTextBlockFormat()
    indented.setLeftMargin(size * 2.2)
    for i, q in enumerate(w.stages[index].questions):
        if i:
            cursor.insertBlock(spaced)
        cursor.insertText(q.text, question)
        for a in sorted(q.answers, key=lambda a: -a.votes):
            cursor.insertBlock(indented)
            cursor.insertText(f"{a.side.capitalize()}: ", label)
            cursor.insertText(a.text + (f"  ● {a.votes}" if a.votes else ""), plain)
        cursor.insertBlock(indented)
        if q.assets:
            cursor.insertText("Content: ", label)
            cursor.insertText("; ".join(a.title for a in q.assets), covered)
        else:
            cursor.insertText("Content: none yet — a gap", gap)
        if q.content_needed:
            cursor.insertText(f"  · content needed ● {q.gap_votes}", gap)


class PresentationWindow(QWidget):
    closed = Signal()
    minutes_changed = Signal(int, int)  # workshop stage id, its new time box

    def __init__(self, workshop: WorkshopDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.workshop = workshop
        self.index = 0
        self.remaining = 0
        self._minutes: dict[int, int] = {}  # stage id -> time box set here
        self.setWindowTitle(f"{workshop.name} — presentation")
        self.heading = _label(2.6 * SCALE / 1.6, bold=True)
        self.progress = _label(SCALE)
        self.clock = _label(2.2, bold=True)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.description = _label(SCALE)
        self.body = QTextEdit()
        self.body.setReadOnly(True)
        self.body.setFrameShape(QTextEdit.Shape.NoFrame)
        self.body.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys drive the show
        self.body.document().setDocumentMargin(18)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        font = QFont(self.body.font())
        font.setPointSizeF(font.pointSizeF() * SCALE)
        self.body.setFont(font)
        hint = _label(0.9)
        hint.setText(
            "← → stage · ↑ ↓ scroll · Space start/pause the clock · "
            "+ − a minute more/less · R reset · Esc leave"
        )
        hint.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.clock)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 24)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.description)
        layout.addWidget(self.body, 1)
        layout.addWidget(hint)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.show_stage(0)

    def show_stage(self, index: int) -> None:
        stages = self.workshop.stages
        if not stages:
            self.heading.setText("This workshop has no stages.")
            return
        self.index = max(0, min(index, len(stages) - 1))
        stage = stages[self.index]
        self._show_text()
        self.timer.stop()
        self.remaining = stage.minutes * 60
        self._show_clock()

    def update_workshop(self, workshop: WorkshopDetail) -> None:
        """New answers, votes and links from the board; the clock keeps running."""
        if workshop.id != self.workshop.id or not workshop.stages:
            return
        self.workshop = self._with_pending_minutes(workshop)
        self.index = min(self.index, len(workshop.stages) - 1)
        self._show_text()

    def _with_pending_minutes(self, workshop: WorkshopDetail) -> WorkshopDetail:
        """``workshop`` with the time boxes set here whose save it does not
        show yet; those it shows are settled and forgotten."""
        stages = []
        for stage in workshop.stages:
            wanted = self._minutes.get(stage.id)
            if wanted == stage.minutes:
                del self._minutes[stage.id]
            elif wanted is not None:
                stage = replace(stage, minutes=wanted)
            stages.append(stage)
        return replace(workshop, stages=tuple(stages))

    def _show_text(self) -> None:
        stages = self.workshop.stages
        stage = stages[self.index]
        self.heading.setText(stage.name)
        gaps = sum(q.is_gap for q in stage.questions)
        self.progress.setText(
            f"Stage {self.index + 1} of {len(stages)} · {len(stage.questions)} questions · "
            f"{stage.minutes} min · {gaps} gap{'' if gaps == 1 else 's'} "
            "(no content, or more needed)"
        )
        self.description.setText(stage.description)
        bar = self.body.verticalScrollBar()
        at = bar.value()
        fill_stage(self.body.document(), self.workshop, self.index)
        bar.setValue(at)

    def adjust_minutes(self, step: int) -> None:
        if not self.workshop.stages:
            return
        stage = self.workshop.stages[self.index]
        minutes = max(1, stage.minutes + step)
        if minutes == stage.minutes:
            return
        self.remaining = max(0, self.remaining + 60 * (minutes - stage.minutes))
        self._minutes[stage.id] = minutes
        self.workshop = self._with_pending_minutes(self.workshop)
        self._show_text()
        self._show_clock()
        self.minutes_changed.emit(stage.id, minutes)

    def _show_clock(self) -> None:
        minutes, seconds = divmod(max(0, self.remaining), 60)
        self.clock.setText(f"{minutes:02d}:{seconds:02d}")
        self.clock.setStyleSheet(f"color: {GAP};" if self.remaining <= 60 else "")

    def _tick(self) -> None:
        self.remaining -= 1
        self._show_clock()
        if self.remaining <= 0:
            self.timer.stop()

    def toggle_clock(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
        elif self.remaining > 0:
            self.timer.start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown):
            self.show_stage(self.index + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.show_stage(self.index - 1)
        elif key == Qt.Key.Key_Space:
            self.toggle_clock()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            bar = self.body.verticalScrollBar()
            step = bar.singleStep() * 3
            bar.setValue(bar.value() + (step if key == Qt.Key.Key_Down else -step))
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.adjust_minutes(1)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.adjust_minutes(-1)
        elif key == Qt.Key.Key_R:
            self.show_stage(self.index)
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: object) -> None:
        self.timer.stop()
        self.closed.emit()
        super().closeEvent(event)  # type: ignore[arg-type]
