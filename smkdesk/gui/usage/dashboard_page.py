"""The marketers' dashboard: headline figures, the stage × persona coverage
heat map, usage over time by stage, most and least used assets, usage by
sector and persona, and content used in won versus lost deals. Filtered by
period, sector and owner; refreshed in the background when data changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.catalogue.dto import Term
from smkdesk.core.search.dto import SearchQuery
from smkdesk.core.usage.dashboard_types import Dashboard, DashboardFilters
from smkdesk.core.util.numbers import percent_of
from smkdesk.gui.context import AppContext
from smkdesk.gui.tasks import Task
from smkdesk.gui.usage.charts import BarList, BarRow, StackedColumns
from smkdesk.gui.usage.heatmap import CoverageModel
from smkdesk.gui.widgets.csvexport import ask_csv_path, write_csv
from smkdesk.gui.widgets.fields import hint_label, page_title
from smkdesk.gui.widgets.live_page import LivePage

PERIODS = (("Last 30 days", 30), ("Last 90 days", 90), ("Last 12 months", 365), ("All time", 0))
NO_USE = "No usage logged in this period yet. Reps log use from the library (Ctrl+L)."


class FigureCard(QFrame):
    clicked = Signal()

    def __init__(self, caption: str, tip: str, clickable: bool = False) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(tip)
        self.value = QLabel("–")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = hint_label(caption)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self._clickable = clickable
        if clickable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._clickable and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


def card(title: str, body: QWidget, note: str = "") -> QFrame:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(frame)
    heading = QLabel(title)
    font = heading.font()
    font.setBold(True)
    heading.setFont(font)
    layout.addWidget(heading)
    if note:
        layout.addWidget(hint_label(note))
    fixed = body.sizePolicy().verticalPolicy() == QSizePolicy.Policy.Fixed
    layout.addWidget(body, 0 if fixed else 1)
    if fixed:
        layout.addStretch(1)  # keep short charts at the top of their card
    return frame


@dataclass(frozen=True)
class DashboardLoad:
    filters: DashboardFilters
    sectors: tuple[Term, ...]
    owners: tuple[str, ...]
    data: Dashboard


class DashboardPage(LivePage, QWidget):
    search_requested = Signal(object)  # SearchQuery for the library
    asset_requested = Signal(int)
    review_requested = Signal()
    requests_requested = Signal()
    loaded = Signal()
    live_delay_ms = 300  # a burst of changes (an import) reloads once

    def __init__(
        self, ctx: AppContext, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.data: Dashboard | None = None

        title = page_title("Dashboard")
        self.period = QComboBox()
        for label, days in PERIODS:
            self.period.addItem(label, days)
        self.period.setCurrentIndex(1)
        self.period.setToolTip("The period the usage figures and charts cover")
        self.sector = QComboBox()
        self.sector.setToolTip("Only assets tagged with this sector (or one of its sub-sectors)")
        self.owner = QComboBox()
        self.owner.setToolTip("Only assets this person owns")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        for label, combo in (
            ("Period:", self.period),
            ("Sector:", self.sector),
            ("Owner:", self.owner),
        ):
            top.addWidget(QLabel(label))
            top.addWidget(combo)
        export = QPushButton("Export usage CSV…")
        export.setToolTip("Every usage event of the chosen period, with its context, as CSV")
        export.clicked.connect(self.export_usage_csv)
        top.addWidget(export)

        self.cards = {
            "published": FigureCard("assets published", "Published assets in scope"),
            "used": FigureCard(
                "used in the last 90 days", "Share of published assets used at least once"
            ),
            "unused": FigureCard(
                "unused — review them",
                "Never used since added, or not used for 90 days. Click for the review queue.",
                clickable=True,
            ),
            "requests": FigureCard(
                "content requests open",
                "Searches that found nothing. Click to see them.",
                clickable=True,
            ),
            "past_review": FigureCard(
                "past their review date",
                "Assets whose review-by date has passed. Click for the review queue.",
                clickable=True,
            ),
        }
        self.cards["unused"].clicked.connect(self.review_requested)
        self.cards["past_review"].clicked.connect(self.review_requested)
        self.cards["requests"].clicked.connect(self.requests_requested)
        figures = QHBoxLayout()
        for c in self.cards.values():
            figures.addWidget(c)

        self.coverage = CoverageModel(self)
        self.heatmap = QTableView()
        self.heatmap.setModel(self.coverage)
        self.heatmap.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.heatmap.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.heatmap.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.heatmap.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.heatmap.setMinimumHeight(250)
        self.heatmap.clicked.connect(self.open_cell)
        self.heatmap.activated.connect(self.open_cell)
        self.over_time = StackedColumns()
        self.over_time.empty_text = NO_USE
        self.most = BarList(())
        self.least = BarList(())
        self.most.empty_text = NO_USE
        self.least.empty_text = "No published assets in scope."
        self.by_sector = BarList(())
        self.by_persona = BarList(())
        for chart in (self.by_sector, self.by_persona):
            chart.empty_text = NO_USE
        self.influence = BarList(("Won deals", "Lost deals"))
        self.influence.empty_text = (
            "No deal outcomes yet. Mark opportunities won or lost (Tools → Deals and outcomes) "
            "to see which content shows up in winning deals."
        )
        for chart in (self.most, self.least, self.influence):
            chart.activated.connect(self.asset_requested)

        grid = QGridLayout()
        grid.addWidget(
            card(
                "Coverage: published assets by stage and persona",
                self.heatmap,
                "A gap cell has no content for that buyer at that stage. Click a cell to open it.",
            ),
            0,
            0,
        )
        grid.addWidget(card("Usage over time, by stage", self.over_time), 0, 1)
        grid.addWidget(card("Most used", self.most, "Double-click to show an asset"), 1, 0)
        grid.addWidget(card("Least used", self.least, "Published, fewest uses first"), 1, 1)
        grid.addWidget(card("Usage by sector", self.by_sector), 2, 0)
        grid.addWidget(card("Usage by persona", self.by_persona), 2, 1)
        grid.addWidget(
            card(
                "Content influence: deals it was used in",
                self.influence,
                "Distinct won and lost opportunities each asset was used in",
            ),
            3,
            0,
            1,
            2,
        )
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        content = QWidget()
        body = QVBoxLayout(content)
        body.addLayout(top)
        body.addLayout(figures)
        body.addLayout(grid)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self._fill_filters((), ())  # the sectors and owners come with the first load
        for combo in (self.period, self.sector, self.owner):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.watch_changes(ctx.bus)

    # -- filters and loading -------------------------------------------------------------
    def _fill_filters(self, sectors: Sequence[Term], owners: Sequence[str]) -> None:
        self.sector.blockSignals(True)
        self.owner.blockSignals(True)
        current_sector, current_owner = self.sector.currentData(), self.owner.currentData()
        self.sector.clear()
        self.sector.addItem("All sectors", None)
        for term in sectors:
            self.sector.addItem("    " * term.depth + term.name, term.id)
        self.owner.clear()
        self.owner.addItem("All owners", None)
        for owner in owners:
            self.owner.addItem(owner, owner)
        self.sector.setCurrentIndex(max(0, self.sector.findData(current_sector)))
        self.owner.setCurrentIndex(max(0, self.owner.findData(current_owner)))
        self.sector.blockSignals(False)
        self.owner.blockSignals(False)

    def filters(self) -> DashboardFilters:
        days = int(self.period.currentData() or 0)
        today = self.today or date.today()
        return DashboardFilters(
            start=today - timedelta(days=days - 1) if days else None,
            end=today if days else None,
            sector=self.sector.currentData(),
            owner=self.owner.currentData(),
        )

    def export_usage_csv(self) -> None:
        path = ask_csv_path(
            self, "Export usage events", "usage-events.csv", settings=self.ctx.settings
        )
        if path:
            self.write_usage_csv(path)

    def write_usage_csv(self, path: Path) -> Task:
        f = self.filters()
        return write_csv(
            self, self.ctx, path, lambda lib, p: lib.export.export_usage(p, f.start, f.end)
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.data is not None:
            self.coverage.reset(self.data.coverage, self.palette())  # heat-map colours follow

    def load(self) -> None:
        """The figures for the filters on screen, with the sectors and owners
        the filters offer (any change reloads: every figure may move)."""
        filters, today, lib = self.filters(), self.today, self.ctx.library

        def work(_t: object) -> DashboardLoad:
            sectors = lib.taxonomy.list("sector", include_retired=False)
            owners = tuple(lib.assets.owners())
            return DashboardLoad(filters, sectors, owners, lib.dashboard.refresh(filters, today))

        self.ctx.tasks.latest(self, "Dashboard", work, self._loaded)

    def _loaded(self, out: DashboardLoad) -> None:
        self._fill_filters(out.sectors, out.owners)
        if self.filters() != out.filters:  # the chosen sector or owner is gone
            self.refresh()
            return
        self._show(out.data)

    # -- showing -------------------------------------------------------------------------
    def _show(self, data: Dashboard) -> None:
        self.data = data
        f = data.figures
        self.cards["published"].value.setText(str(f.published))
        self.cards["used"].value.setText(percent_of(f.used_recently, f.published))
        self.cards["unused"].value.setText(str(f.unused))
        self.cards["requests"].value.setText(str(f.open_requests))
        self.cards["past_review"].value.setText(str(f.past_review))
        self.coverage.reset(data.coverage, self.palette())
        t = data.over_time
        label = "%b %y" if t.bucket == "month" else "%d %b"
        self.over_time.set_data(
            [p.strftime(label) for p in t.periods], [(s.name, s.counts) for s in t.series]
        )
        self.most.set_rows(
            [BarRow(a.title, (a.uses,), a.title, a.asset_id) for a in data.most_used if a.uses]
        )
        self.least.set_rows(
            [BarRow(a.title, (a.uses,), a.title, a.asset_id) for a in data.least_used]
        )
        self.by_sector.set_rows([BarRow(u.name, (u.uses,)) for u in data.by_sector if u.uses])
        self.by_persona.set_rows([BarRow(u.name, (u.uses,)) for u in data.by_persona if u.uses])
        won = {r.asset_id: r for r in data.influence.won}
        lost = {r.asset_id: r for r in data.influence.lost}
        rows = []
        for asset_id in list(dict.fromkeys([*won, *lost])):
            title = (won.get(asset_id) or lost[asset_id]).title
            w, lo = won.get(asset_id), lost.get(asset_id)
            rows.append(
                BarRow(title, (w.deals if w else 0, lo.deals if lo else 0), title, asset_id)
            )
        self.influence.set_rows(rows)
        self.loaded.emit()

    def open_cell(self, index: QModelIndex) -> None:
        stage, persona = self.coverage.cell(index)
        query = SearchQuery(
            stages=(stage,) if stage is not None else (),
            personas=(persona,) if persona is not None else (),
            sectors=(self.sector.currentData(),) if self.sector.currentData() else (),
            owners=(self.owner.currentData(),) if self.owner.currentData() else (),
        )
        self.search_requested.emit(query)
