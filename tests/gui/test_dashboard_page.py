"""The dashboard page over a real library: figures, coverage gaps, charts, refresh."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt

from smkdesk.core.changes import User
from smkdesk.core.usage.dashboard_types import DashboardFilters
from smkdesk.core.usage.events import UsageContext
from smkdesk.core.util.numbers import percent_of
from smkdesk.gui.context import AppContext
from smkdesk.gui.usage.dashboard_page import DashboardPage

pytestmark = pytest.mark.gui
WAIT = 10_000
TODAY = date(2026, 6, 1)
REP = User("Sam Rep", "sales rep")


@pytest.fixture
def dashboard(app_ctx: AppContext, qtbot, gh) -> Iterator[DashboardPage]:
    page = DashboardPage(app_ctx, today=TODAY)
    page.resize(1300, 900)
    yield page
    page._reload.stop()
    gh.dispose(qtbot, app_ctx, page)


def show(page: DashboardPage, qtbot) -> None:
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()


def test_empty_library_shows_empty_states(dashboard: DashboardPage, qtbot) -> None:
    show(dashboard, qtbot)
    assert dashboard.cards["published"].value.text() == "0"
    assert dashboard.most.rows == [] and "No usage" in dashboard.most.empty_text
    dashboard.grab()  # paints the empty charts without errors


def test_figures_coverage_and_charts(
    dashboard: DashboardPage, app_ctx: AppContext, gh, lib, qtbot, qtmodeltester
) -> None:
    cfo = gh.add_link(lib, "CFO decision guide", stages=("Decision",), personas=("CFO",))
    deck = gh.add_link(lib, "Awareness deck", stages=("Awareness",), personas=("CFO",))
    gh.add_link(lib, "Old flyer", stages=("Awareness",), personas=("IT manager",))
    for aid in (cfo, deck):
        lib.assets.set_created(aid, datetime(2026, 1, 5, 9))
    deal = UsageContext(account="Fjord Mutual", opportunity="Broker portal")
    lib.usage.log(cfo, "sent", REP, deal, when=datetime(2026, 5, 20, 10))
    lib.usage.log(cfo, "presented", REP, deal, when=datetime(2026, 5, 21, 10))
    lib.usage.set_outcome("Fjord Mutual", "Broker portal", "won", datetime(2026, 5, 25, 12))
    show(dashboard, qtbot)

    expected = lib.dashboard.figures(dashboard.filters(), TODAY)
    assert dashboard.cards["published"].value.text() == str(expected.published) == "3"
    assert dashboard.cards["unused"].value.text() == str(expected.unused)
    used = percent_of(expected.used_recently, expected.published)
    assert dashboard.cards["used"].value.text() == used == "33%"  # whole percent, one rule

    model = dashboard.coverage
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    personas = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert headers == ["Awareness", "Consideration", "Decision"]
    cfo_row, decision = personas.index("CFO"), headers.index("Decision")
    assert model.index(cfo_row, decision).data() == "1"
    it_row = personas.index("IT manager")
    gap = model.index(it_row, decision)
    assert gap.data() == "gap" and "Gap: no published Decision content" in gap.data(
        Qt.ItemDataRole.ToolTipRole
    )

    with qtbot.waitSignal(dashboard.search_requested, timeout=WAIT) as blocker:
        dashboard.heatmap.clicked.emit(gap)
    query = blocker.args[0]
    assert query.stages == (lib.taxonomy.find("stage", "Decision").id,)
    assert query.personas == (lib.taxonomy.find("persona", "IT manager").id,)

    assert [(r.label, r.values) for r in dashboard.most.rows] == [("CFO decision guide", (2,))]
    assert [(r.label, r.values) for r in dashboard.influence.rows] == [
        ("CFO decision guide", (1, 0))
    ]
    assert sum(sum(c) for _n, c in dashboard.over_time.series) == 2
    dashboard.grab()


def test_filters_and_changes_refresh(
    dashboard: DashboardPage, app_ctx: AppContext, gh, lib, qtbot
) -> None:
    from smkdesk.core.catalogue.dto import AssetUpdate

    show(dashboard, qtbot)
    assert dashboard.cards["published"].value.text() == "0"
    aid = gh.add_link(lib, "New one-pager", owner="Ana")
    with qtbot.waitSignal(dashboard.loaded, timeout=WAIT):
        app_ctx.bus.publish(lib.assets.update(aid, AssetUpdate(description="Refreshed")))
    assert dashboard.cards["published"].value.text() == "1"
    assert dashboard.owner.findData("Ana") > 0  # the owner list follows the change
    with qtbot.waitSignal(dashboard.loaded, timeout=WAIT):
        dashboard.owner.setCurrentIndex(dashboard.owner.findData("Ana"))
    assert dashboard.filters().owner == "Ana"
    with qtbot.waitSignal(dashboard.loaded, timeout=WAIT):
        dashboard.period.setCurrentIndex(dashboard.period.findData(0))  # all time
    assert dashboard.filters() == DashboardFilters(owner="Ana")


def test_export_usage_of_the_period(
    dashboard: DashboardPage, gh, lib, qtbot, tmp_path, monkeypatch
) -> None:
    import csv

    from smkdesk.gui.widgets.exports import ExportNotice

    guide = gh.add_link(lib, "CFO decision guide", stages=("Decision",))
    lib.usage.log(guide, "sent", REP, UsageContext(account="Fjord"), when=datetime(2026, 5, 20))
    lib.usage.log(guide, "opened", REP, when=datetime(2025, 1, 2))  # before the period
    show(dashboard, qtbot)
    out = tmp_path / "usage.csv"
    dashboard.write_usage_csv(out)  # the default period: the last 90 days
    qtbot.waitUntil(lambda: dashboard.findChild(ExportNotice) is not None, timeout=WAIT)
    notice = dashboard.findChild(ExportNotice)
    assert notice.text().endswith("usage.csv") and "1 row written." in notice.informativeText()
    notice.close()
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 2 and "CFO decision guide" in rows[1] and "Fjord" in rows[1]


def test_heat_map_colours_follow_the_theme(dashboard: DashboardPage, gh, lib, qtbot, qapp) -> None:
    from smkdesk.gui import theme

    gh.add_link(lib, "CFO decision guide", stages=("Decision",), personas=("CFO",))
    show(dashboard, qtbot)
    try:
        theme.apply_theme(qapp, "dark")
        qtbot.waitUntil(lambda: dashboard.coverage.dark, timeout=WAIT)  # no reload needed
        gap = dashboard.coverage.index(0, 0)
        text = dashboard.coverage.data(gap, Qt.ItemDataRole.ForegroundRole)
        assert text.lightness() > 128  # light text on the dark palette
        theme.apply_theme(qapp, "light")
        qtbot.waitUntil(lambda: not dashboard.coverage.dark, timeout=WAIT)
        dashboard.grab()
    finally:
        theme.apply_theme(qapp, "system")
