"""The pieces of the workshop board: a stage column (its name, its planned
time and a card per question) and the card, which shows a question's answers,
its content (drafts said) and whether it is a gap. Cards follow the palette
as the theme changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.journeys.types import Question, Stage
from smkdesk.gui.journeys.presentation import covered_colour, gap_colour
from smkdesk.gui.widgets.fields import plural

COLUMN_MIN_PX = 190  # at 1024 pixels wide three columns and the question panel fit
NBSP = "\u00a0"
#: what a change of theme sends a widget (View → Theme, or the system's scheme)
RESTYLE_EVENTS = (
    QEvent.Type.PaletteChange,
    QEvent.Type.ApplicationPaletteChange,
    QEvent.Type.StyleChange,
)


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


def stage_heading(name: str) -> QLabel:
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


def card_facts(q: Question) -> str:
    """ "Sales 2 · Marketing 1 · 2 assets (1 draft) · more needed ● 3"."""
    sales = sum(a.side == "sales" for a in q.answers)
    marketing = len(q.answers) - sales
    drafts = sum(a.status != "published" for a in q.assets)
    if q.assets:
        content = plural(len(q.assets), "asset")
        if drafts == len(q.assets):
            content += " (draft)" if drafts == 1 else " (all drafts)"
        elif drafts:
            content += f" ({plural(drafts, 'draft')})"
    else:
        content = "no content: a gap"
    needed = ""
    if q.content_needed:
        needed = f" · {'more needed' if q.assets else 'content needed'} ● {q.gap_votes}"
    return f"Sales {sales} · Marketing {marketing} · {content}{needed}"


class QuestionCard(QFrame):
    clicked = Signal(int)

    def __init__(self, q: Question) -> None:
        super().__init__()
        self.question_id = q.id
        self.selected = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = text = QLabel(q.text)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        font = text.font()
        font.setBold(True)
        text.setFont(font)
        # a narrow column wraps between the facts, never inside "1 asset"
        facts = card_facts(q)
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
        palette = QPalette(self.palette())
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.status.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in RESTYLE_EVENTS and hasattr(self, "title"):
            self._colour_status()  # View → Theme switched while the board shows
            self.update()

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


def stage_column(
    stage: Stage,
    on_card: Callable[[int], object],
    on_plan: Callable[[int], object],
    cards: dict[int, QuestionCard],
) -> QWidget:
    """A stage's column: its name, a button with its planned time (which
    changes the plan), and its cards (added to ``cards`` by question id)."""
    column = QVBoxLayout()
    head = stage_heading(stage.name)
    head.setToolTip(stage.description)
    plan = QToolButton()
    plan.setObjectName(f"plan-{stage.id}")
    plan.setText(f"{stage.minutes} min planned…")
    plan.setAccessibleName(f"Planned time for {stage.name}")
    plan.setToolTip(
        f"{stage.minutes} minutes planned for {stage.name}: click to change the plan. "
        "In presentation, + and − change only that run's clock."
    )
    plan.setCursor(Qt.CursorShape.PointingHandCursor)
    plan.clicked.connect(lambda _c=False, sid=stage.id: on_plan(sid))
    # the time under the name: a long stage name keeps the column's whole width
    plan_row = QHBoxLayout()
    plan_row.addWidget(plan)
    plan_row.addStretch(1)
    column.addWidget(head)
    column.addLayout(plan_row)
    for q in stage.questions:
        card = QuestionCard(q)
        card.clicked.connect(on_card)
        cards[q.id] = card
        column.addWidget(card)
    column.addStretch(1)
    holder = QWidget()
    holder.setLayout(column)
    holder.setMinimumWidth(COLUMN_MIN_PX)
    return holder
