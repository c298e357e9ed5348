"""The dashboard's coverage heat map: gaps in the workshops' gap colour for the
palette in use, recoloured when the palette changes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from smkdesk.core.usage.dashboard_types import Axis, Coverage
from smkdesk.gui.journeys.presentation import gap_colour
from smkdesk.gui.theme import dark_palette, light_palette
from smkdesk.gui.usage.heatmap import CoverageModel


def _coverage() -> Coverage:
    stages = (Axis(1, "Awareness"), Axis(2, "Decision"))
    personas = (Axis(10, "CFO"), Axis(11, "VP Sales"))
    return Coverage(stages, personas, ((3, 0), (0, 1)))


def test_gaps_follow_the_palette(qtbot, qtmodeltester) -> None:
    model = CoverageModel()
    light, dark = light_palette(), dark_palette()
    model.reset(_coverage(), light)
    qtmodeltester.check(model)
    gap = model.index(1, 0)  # CFO × Decision: nothing
    assert gap.data() == "gap"
    fg = Qt.ItemDataRole.ForegroundRole
    bg = Qt.ItemDataRole.BackgroundRole
    assert gap.data(fg).rgb() == gap_colour(light).rgb()
    assert gap.data(bg).rgb() == gap_colour(light).rgb() and gap.data(bg).alpha() < 255
    with qtbot.waitSignal(model.dataChanged):
        model.set_palette(dark)  # a live theme switch: no reload
    assert gap.data(fg).rgb() == gap_colour(dark).rgb() != gap_colour(light).rgb()
    assert gap.data(bg).rgb() == gap_colour(dark).rgb()
    assert model.index(0, 0).data() == "3"
