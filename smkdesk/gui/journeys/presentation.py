"""Presentation mode for running a workshop: full screen, large type, one
stage at a time with its questions, the answers so far and the gaps, and a
countdown for the stage. Left/Right change stage, Space starts or pauses
the countdown, +/- give this run's clock a minute more or less (the
workshop's planned time box stays as it is: the board changes the plan),
R resets the clock to the plan, Esc leaves. Each stage keeps its own clock
for the run: leaving a stage pauses its clock where it was, coming back
shows the time left, and a stage's clock starts only when Space is pressed
(the progress line says so). What the team records on the
board while it is open appears here at once.

Type is sized from the window's height, so that a 1024×768 projector image
is readable from the back of a room: body text is about 1/26 of the height.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QPalette,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextEdit, QVBoxLayout, QWidget

from smkdesk.core.journeys.types import WorkshopDetail, question_counts
from smkdesk.gui.theme import is_dark

LINES_PER_SCREEN = 26  # body text: the window's height / this, in pixels
MIN_BODY_PX = 20
MIN_HINT_PX = 16  # the key hints shrink to fit the width, never below this
SCROLL_LINES = 3  # ↑ and ↓ move the body by this many whole lines
# orange for a gap, green for content: a darker pair on a light palette and a
# lighter pair on a dark one, each at least 4.5:1 against the window and base
GAP_ON_LIGHT, GAP_ON_DARK = "#A84800", "#FF8A3D"
COVERED_ON_LIGHT, COVERED_ON_DARK = "#00795A", "#40C79A"


def gap_colour(palette: QPalette | None = None) -> QColor:
    """The colour of a gap that reads on ``palette`` (the application's by default)."""
    dark = is_dark(palette if palette is not None else QGuiApplication.palette())
    return QColor(GAP_ON_DARK if dark else GAP_ON_LIGHT)


def covered_colour(palette: QPalette | None = None) -> QColor:
    """The colour of covered content that reads on ``palette``."""
    dark = is_dark(palette if palette is not None else QGuiApplication.palette())
    return QColor(COVERED_ON_DARK if dark else COVERED_ON_LIGHT)


def _label(bold: bool = False) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setBold(bold)
    label.setFont(font)
    return label


def _sized(widget: QWidget, pixels: float) -> None:
    font = QFont(widget.font())
    font.setPixelSize(max(1, round(pixels)))
    widget.setFont(font)


def fill_stage(
    doc: QTextDocument, w: WorkshopDetail, index: int, palette: QPalette | None = None
) -> None:
    """One stage's questions (bold), the answers so far (most votes first),
    the content that answers each question, and the gaps (in orange, in the
    shade that reads on ``palette``). Every text goes in as plain text:
    nothing typed by the team is interpreted."""
    doc.clear()
    cursor = QTextCursor(doc)
    font = doc.defaultFont()
    # a pixel-sized default font reports no point size; margins follow either
    size = font.pointSizeF() if font.pointSizeF() > 0 else font.pixelSize() * 0.75
    heading = QFont(font)
    heading.setBold(True)
    if font.pixelSize() > 0:
        heading.setPixelSize(round(font.pixelSize() * 1.1))
    else:
        heading.setPointSizeF(size * 1.1)
    question = QTextCharFormat()
    question.setFont(heading)
    label = QTextCharFormat()
    label.setFontWeight(QFont.Weight.DemiBold)
    plain = QTextCharFormat()
    covered = QTextCharFormat()
    covered.setForeground(covered_colour(palette))
    gap = QTextCharFormat()
    gap.setForeground(gap_colour(palette))
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
            cursor.insertText("; ".join(a.labelled_title for a in q.assets), covered)
        else:
            cursor.insertText("Content: none yet — a gap", gap)
        if q.content_needed:
            needed = "more content needed" if q.assets else "content needed"
            cursor.insertText(f"  · {needed} ● {q.gap_votes}", gap)


class PresentationWindow(QWidget):
    closed = Signal()

    def __init__(self, workshop: WorkshopDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.workshop = workshop
        self.index = 0
        self.remaining = 0
        self.extra: dict[int, int] = {}  # stage id -> minutes added this run (+/-)
        self.left: dict[int, int] = {}  # stage id -> seconds left, for stages left this run
        self._clock_set = False  # self.remaining is a stage's clock (not yet while building)
        self.setWindowTitle(f"{workshop.name} — presentation")
        self.heading = _label(bold=True)
        self.progress = _label()
        self.clock = _label(bold=True)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.description = _label()
        self.body = QTextEdit()
        self.body.setReadOnly(True)
        self.body.setFrameShape(QTextEdit.Shape.NoFrame)
        self.body.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys drive the show
        self.body.document().setDocumentMargin(18)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.hint = hint = _label()
        hint.setText(
            "← →  stage   ↑ ↓  scroll   Space  clock   "
            "+ −  a minute (this run)   R  reset   Esc  leave"
        )
        # the hints keep the palette's own text colour (never the pale disabled
        # one): they must be read from the back of the room, light or dark
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.clock)
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.description)
        layout.addWidget(self.body, 1)
        layout.addWidget(hint)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.resize(1024, 768)
        self.fit_type()
        self.show_stage(0)

    def body_pixels(self) -> int:
        """The body text's height in pixels for the window's current height."""
        return max(MIN_BODY_PX, round(self.height() / LINES_PER_SCREEN))

    def fit_type(self) -> None:
        """Size every text for the window (a projector at 1024×768 gets
        ~30 px body text, ~54 px stage name and clock, ~20 px key hints)."""
        px = self.body_pixels()
        _sized(self.heading, px * 1.8)
        _sized(self.clock, px * 1.8)
        _sized(self.progress, px * 0.8)
        _sized(self.description, px * 0.8)
        _sized(self.body, px)
        self.body.document().setDefaultFont(self.body.font())
        self.body.document().setDocumentMargin(px * 0.4)
        margin = round(px * 1.2)
        self._layout.setContentsMargins(margin, round(px * 0.8), margin, round(px * 0.6))
        self.fit_hint()
        if self.workshop.stages:
            self._show_text()

    def fit_hint(self) -> None:
        """The key hints on one line: their projector size, made smaller only
        as far as the window's width needs, never below MIN_HINT_PX."""
        margins = self._layout.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        pixels = max(MIN_HINT_PX, round(self.body_pixels() * 0.68))
        while pixels > MIN_HINT_PX:
            font = QFont(self.hint.font())
            font.setPixelSize(pixels)
            if QFontMetrics(font).horizontalAdvance(self.hint.text()) <= room:
                break
            pixels -= 1
        _sized(self.hint, pixels)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().height() != event.size().height():
            self.fit_type()
        elif event.oldSize().width() != event.size().width():
            self.fit_hint()

    def line_tops(self) -> list[int]:
        """Where each line of the body starts, in the scroll bar's pixels."""
        doc = self.body.document()
        tops: list[int] = []
        block = doc.begin()
        while block.isValid():
            text = block.layout()
            y = text.position().y()
            tops += [round(y + text.lineAt(i).y()) for i in range(text.lineCount())]
            block = block.next()
        return tops

    def _align_end(self) -> None:
        """Room below the last line (less than a line) so that scrolled to the
        end, the top line also starts at the top of the view."""
        doc = self.body.document()
        frame = doc.rootFrame()
        fmt = frame.frameFormat()
        fmt.setBottomMargin(doc.documentMargin())
        frame.setFrameFormat(fmt)
        end = self.body.verticalScrollBar().maximum()
        below = [t for t in self.line_tops() if t >= end]
        if end > 0 and below and below[0] > end:
            fmt.setBottomMargin(doc.documentMargin() + below[0] - end)
            frame.setFrameFormat(fmt)

    def scroll_lines(self, lines: int) -> None:
        """Scroll the body by whole lines, so that the top line always shows
        in full (never cut through the middle of its letters)."""
        self._align_end()
        bar = self.body.verticalScrollBar()
        at = bar.value()
        # the first line shows with the document's margin above it: call it 0
        tops = [0] + [t for t in self.line_tops()[1:] if t <= bar.maximum()]
        if lines > 0:
            after = [t for t in tops if t > at]
            target = after[min(lines, len(after)) - 1] if after else bar.maximum()
        else:
            before = [t for t in tops if t < at]
            target = before[max(0, len(before) + lines)] if before else 0
        bar.setValue(target)

    def show_stage(self, index: int) -> None:
        stages = self.workshop.stages
        if not stages:
            self.heading.setText("This workshop has no stages.")
            return
        if self._clock_set:  # the clock of the stage left keeps its time
            self.left[stages[self.index].id] = self.remaining
        self.timer.stop()
        self._clock_set = True
        self.index = max(0, min(index, len(stages) - 1))
        stage = stages[self.index]
        self.remaining = self.left.get(stage.id, self.run_minutes(stage.id, stage.minutes) * 60)
        self._show_text()
        self.body.verticalScrollBar().setValue(0)  # a new stage starts at its top
        self._show_clock()

    def reset_clock(self) -> None:
        """R: this stage's clock back to the plan, stopped."""
        if not self.workshop.stages:
            return
        stage = self.workshop.stages[self.index]
        self.timer.stop()
        self.extra.pop(stage.id, None)
        self.left.pop(stage.id, None)
        self.remaining = self.run_minutes(stage.id, stage.minutes) * 60
        self._show_text()
        self._show_clock()

    def run_minutes(self, stage_id: int, planned: int) -> int:
        """This run's time box for a stage: the plan with the +/- given here."""
        return max(1, planned + self.extra.get(stage_id, 0))

    def update_workshop(self, workshop: WorkshopDetail) -> None:
        """New answers, votes and links from the board; the clock keeps running."""
        if workshop.id != self.workshop.id or not workshop.stages:
            return
        self.workshop = workshop
        self.index = min(self.index, len(workshop.stages) - 1)
        self._show_text()

    def _show_text(self) -> None:
        stages = self.workshop.stages
        stage = stages[self.index]
        self.heading.setText(stage.name)
        self._show_progress()
        self.progress.setToolTip(
            "A gap: no content answers the question yet, or the team asked for more"
        )
        self.description.setText(stage.description)
        bar = self.body.verticalScrollBar()
        at = bar.value()
        fill_stage(self.body.document(), self.workshop, self.index, self.body.palette())
        cursor = self.body.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        self.body.setTextCursor(cursor)  # the view never follows a cursor left at the end
        bar.setValue(at)

    def adjust_minutes(self, step: int) -> None:
        """A minute more or less on this run's clock; the plan is not changed."""
        if not self.workshop.stages:
            return
        stage = self.workshop.stages[self.index]
        before = self.run_minutes(stage.id, stage.minutes)
        after = max(1, before + step)
        if after == before:
            return
        self.extra[stage.id] = after - stage.minutes
        self.remaining = max(0, self.remaining + 60 * (after - before))
        self._show_text()
        self._show_clock()

    def _show_progress(self) -> None:
        stages = self.workshop.stages
        stage = stages[self.index]
        counts = question_counts(stage.questions)
        extra = self.run_minutes(stage.id, stage.minutes) - stage.minutes
        run = f" ({extra:+d} this run)" if extra else ""
        self.progress.setText(
            f"Stage {self.index + 1} of {len(stages)} · {counts.text()} · "
            f"{stage.minutes} min planned{run}{self.clock_state()}"
        )

    def clock_state(self) -> str:
        """What the clock is doing, for the progress line ("" while it runs)."""
        if self.timer.isActive():
            return ""
        if self.remaining <= 0:
            return " · time is up"
        stage = self.workshop.stages[self.index]
        if self.remaining == self.run_minutes(stage.id, stage.minutes) * 60:
            return " · clock waits: Space starts it"
        return " · clock paused: Space goes on"

    def _show_clock(self) -> None:
        if self.workshop.stages:
            self._show_progress()
        minutes, seconds = divmod(max(0, self.remaining), 60)
        self.clock.setText(f"{minutes:02d}:{seconds:02d}")
        warn = gap_colour(self.palette()).name()
        self.clock.setStyleSheet(f"color: {warn};" if self.remaining <= 60 else "")

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.timer.stop()
        self._show_clock()

    def toggle_clock(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
        elif self.remaining > 0:
            self.timer.start()
        self._show_clock()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown):
            self.show_stage(self.index + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.show_stage(self.index - 1)
        elif key == Qt.Key.Key_Space:
            self.toggle_clock()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.scroll_lines(SCROLL_LINES if key == Qt.Key.Key_Down else -SCROLL_LINES)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.adjust_minutes(1)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.adjust_minutes(-1)
        elif key == Qt.Key.Key_R:
            self.reset_clock()
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        ready = hasattr(self, "timer")  # not while __init__ is still building the window
        if event.type() == QEvent.Type.PaletteChange and ready and self.workshop.stages:
            self._show_text()  # View → Theme: the colours follow
            self._show_clock()

    def closeEvent(self, event: object) -> None:
        self.timer.stop()
        self.closed.emit()
        super().closeEvent(event)  # type: ignore[arg-type]
