"""Two small chart widgets drawn with QPainter, readable in light and dark
palettes: text, axes and grid take their colours from the widget's palette,
series use the Okabe-Ito colour-blind-safe palette.

``BarList``: labelled horizontal bars, one or more values per row (most and
least used assets, usage by sector/persona, won vs lost deals).
``StackedColumns``: one stacked column per period (usage over time by stage).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

SERIES = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")


#: Between a label and its bar; and slack for fractional glyph widths.
LABEL_GAP = 8
LABEL_SLACK = 4


def series_color(i: int) -> QColor:
    return QColor(SERIES[i % len(SERIES)])


@dataclass(frozen=True)
class BarRow:
    label: str
    values: tuple[int, ...]
    tip: str = ""
    key: int | None = None  # e.g. an asset id, sent on double-click


class BarList(QWidget):
    activated = Signal(int)  # the row's key

    ROW = 22
    MIN_BAR = 120  # bars keep at least this much width to compare by

    def __init__(self, names: Sequence[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = tuple(names)  # one per value, for the legend and tooltips
        self.rows: list[BarRow] = []
        self.empty_text = "No data yet."
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: Sequence[BarRow]) -> None:
        self.rows = list(rows)
        self.updateGeometry()
        self.update()

    def _top(self) -> int:
        return self.ROW if len(self.names) > 1 else 0

    def sizeHint(self) -> QSize:
        return QSize(360, self._top() + max(3, len(self.rows)) * self.ROW + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, self.sizeHint().height())

    def label_width(self, fm: QFontMetrics, width: int, number_w: int) -> int:
        """Room for the longest label (with a few pixels' slack, so that a label
        that fits is never elided by rounding), up to 60% of the width while
        the bars keep ``MIN_BAR`` pixels; long asset titles elide past that."""
        longest = max((fm.horizontalAdvance(r.label) for r in self.rows), default=0)
        cap = max(int(width * 0.45), min(int(width * 0.6), width - number_w - self.MIN_BAR))
        return min(cap, longest + LABEL_GAP + LABEL_SLACK)

    def _row_at(self, y: float) -> int:
        i = int((y - self._top() - 4) // self.ROW)
        return i if 0 <= i < len(self.rows) else -1

    def event(self, e: object) -> bool:
        if isinstance(e, QHelpEvent):
            i = self._row_at(e.position().y() if hasattr(e, "position") else e.pos().y())
            if i >= 0:
                row = self.rows[i]
                values = ", ".join(
                    f"{name}: {v}" for name, v in zip(self.names, row.values, strict=False)
                )
                QToolTip.showText(
                    e.globalPos(), "\n".join(t for t in (row.tip or row.label, values) if t), self
                )
            else:
                QToolTip.hideText()
            return True
        return super().event(e)  # type: ignore[arg-type]

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        i = self._row_at(event.position().y())
        if i >= 0 and self.rows[i].key is not None:
            self.activated.emit(self.rows[i].key)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(pal.ColorRole.WindowText)
        muted = pal.color(pal.ColorRole.PlaceholderText)
        fm = QFontMetrics(self.font())
        w = self.width()
        if not self.rows:
            p.setPen(muted)
            p.drawText(
                QRectF(0, 0, w, self.height()),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
            return
        top = self._top()
        if top:  # legend
            x = 0.0
            for i, name in enumerate(self.names):
                p.fillRect(QRectF(x, 6, 10, 10), series_color(i))
                p.setPen(text)
                p.drawText(QPointF(x + 14, 15), name)
                x += 14 + fm.horizontalAdvance(name) + 16
        number_w = fm.horizontalAdvance("00000") + 6
        label_w = self.label_width(fm, w, number_w)
        bar_w = max(10, w - label_w - number_w)
        most = max((max(r.values) for r in self.rows if r.values), default=0) or 1
        n = max(1, len(self.names) or 1)
        for i, row in enumerate(self.rows):
            y = top + 4 + i * self.ROW
            p.setPen(text)
            label = fm.elidedText(row.label, Qt.TextElideMode.ElideRight, label_w - LABEL_GAP)
            p.drawText(
                QRectF(0, y, label_w - LABEL_GAP, self.ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                label,
            )
            h = (self.ROW - 8) / n
            for j, value in enumerate(row.values):
                length = bar_w * value / most
                p.fillRect(QRectF(label_w, y + 4 + j * h, max(length, 1.5), h - 1), series_color(j))
            p.setPen(muted)
            shown = " / ".join(str(v) for v in row.values)
            p.drawText(
                QRectF(
                    label_w + bar_w * max(row.values, default=0) / most + 4,
                    y,
                    number_w + 40,
                    self.ROW,
                ),
                Qt.AlignmentFlag.AlignVCenter,
                shown,
            )


class StackedColumns(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.periods: list[str] = []
        self.series: list[tuple[str, tuple[int, ...]]] = []
        self.empty_text = "No data yet."
        self.setMinimumHeight(220)
        self.setMouseTracking(True)

    def set_data(self, periods: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> None:
        self.periods = list(periods)
        self.series = [(name, tuple(counts)) for name, counts in series]
        self.update()

    def _totals(self) -> list[int]:
        return [sum(c[i] for _n, c in self.series) for i in range(len(self.periods))]

    def sizeHint(self) -> QSize:
        return QSize(480, 240)

    def _geometry(self) -> tuple[QRectF, float]:
        fm = QFontMetrics(self.font())
        left = fm.horizontalAdvance("0000") + 8
        plot = QRectF(left, 26, self.width() - left - 6, self.height() - 26 - fm.height() - 8)
        step = plot.width() / max(1, len(self.periods))
        return plot, step

    def event(self, e: object) -> bool:
        if isinstance(e, QHelpEvent) and self.periods:
            plot, step = self._geometry()
            i = int((e.pos().x() - plot.left()) // step)
            if 0 <= i < len(self.periods):
                lines = [f"{self.periods[i]}: {self._totals()[i]} uses"]
                lines += [f"  {name}: {counts[i]}" for name, counts in self.series if counts[i]]
                QToolTip.showText(e.globalPos(), "\n".join(lines), self)
                return True
        return super().event(e)  # type: ignore[arg-type]

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        text = pal.color(pal.ColorRole.WindowText)
        muted = pal.color(pal.ColorRole.PlaceholderText)
        grid = pal.color(pal.ColorRole.Mid)
        fm = QFontMetrics(self.font())
        totals = self._totals()
        if not self.periods or not any(totals):
            p.setPen(muted)
            p.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
            return
        x = 0.0
        for i, (name, _c) in enumerate(self.series):  # legend
            p.fillRect(QRectF(x, 6, 10, 10), series_color(i))
            p.setPen(text)
            p.drawText(QPointF(x + 14, 15), name)
            x += 14 + fm.horizontalAdvance(name) + 16
        plot, step = self._geometry()
        top = _nice(max(totals))
        for k in range(5):
            value = top * k / 4
            y = plot.bottom() - plot.height() * k / 4
            p.setPen(grid)
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(muted)
            p.drawText(
                QRectF(0, y - 8, plot.left() - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{value:g}",
            )
        every = max(1, int(fm.horizontalAdvance("Mar 26") * 1.4 // step) + 1)
        for i, period in enumerate(self.periods):
            x0 = plot.left() + i * step + step * 0.15
            width = step * 0.7
            y = plot.bottom()
            for j, (_name, counts) in enumerate(self.series):
                h = plot.height() * counts[i] / top
                p.fillRect(QRectF(x0, y - h, width, h), series_color(j))
                y -= h
            if i % every == 0:
                p.setPen(muted)
                p.drawText(
                    QRectF(x0 - step, plot.bottom() + 4, width + 2 * step, fm.height()),
                    Qt.AlignmentFlag.AlignHCenter,
                    period,
                )


def _nice(n: int) -> float:
    """A round axis maximum at or above ``n``."""
    for step in (4, 8, 20, 40, 80, 100, 200, 400, 800, 1000, 2000, 4000, 10000):
        if n <= step:
            return float(step)
    return float(n)
