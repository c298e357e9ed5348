"""Themes: System / Light / Dark, the View → Theme menu, and check boxes that
show on a dark palette (the facet panel's all but vanished under Fusion)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from smkdesk.core.search.dto import Facet, FacetValue
from smkdesk.gui import settings as keys
from smkdesk.gui import theme
from smkdesk.gui.library.facets import FacetPanel
from smkdesk.gui.settings import Settings

pytestmark = pytest.mark.gui
Role = QPalette.ColorRole


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The application, put back to the System theme after the test."""
    yield qapp
    theme.apply_theme(qapp, "system")


def window_color(app: QApplication) -> QColor:
    return app.palette().color(Role.Window)


def test_forced_modes_set_fusion_with_a_full_palette(app: QApplication) -> None:
    assert theme.apply_theme(app, "dark") == "dark"
    assert isinstance(app.style(), theme.ReadableIndicators)
    palette = app.palette()
    assert theme.is_dark(palette) and window_color(app).lightness() < 80
    assert palette.color(Role.Text).lightness() > 200
    assert palette.color(Role.PlaceholderText).lightness() > 120  # hints stay readable
    disabled = palette.color(QPalette.ColorGroup.Disabled, Role.Text)
    assert disabled != palette.color(Role.Text)  # greyed-out items look greyed out
    assert theme.current_mode(app) == "dark"

    assert theme.apply_theme(app, "light") == "light"
    assert not theme.is_dark(app.palette()) and window_color(app).lightness() > 200
    assert theme.current_mode(app) == "light"


def test_system_is_light_when_the_platform_says_nothing(app: QApplication) -> None:
    theme.apply_theme(app, "dark")
    assert app.styleHints().colorScheme() != Qt.ColorScheme.Dark  # offscreen: no scheme
    assert theme.apply_theme(app, "system") == "light"
    assert not theme.is_dark(app.palette())
    assert theme.apply_theme(app, "no such mode") == "light"  # unknown means System


def test_system_follows_the_platform_scheme_as_it_changes(app: QApplication, monkeypatch) -> None:
    theme.apply_theme(app, "system")
    monkeypatch.setattr(theme, "system_is_dark", lambda _app=None: True)
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.is_dark(app.palette())
    monkeypatch.setattr(theme, "system_is_dark", lambda _app=None: False)
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not theme.is_dark(app.palette())

    theme.apply_theme(app, "light")  # a forced mode ignores the platform
    monkeypatch.setattr(theme, "system_is_dark", lambda _app=None: True)
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not theme.is_dark(app.palette())


def test_theme_menu_is_exclusive_remembered_and_applies(app: QApplication, tmp_path) -> None:
    settings = Settings(tmp_path / "settings.ini")
    assert settings.get(keys.THEME) == "system"
    menu = theme.theme_menu(settings)
    assert menu.title() == "&Theme"
    actions = menu.actions()
    assert [a.text() for a in actions] == ["&System", "&Light", "&Dark"]
    group = theme.theme_group(menu)
    assert group.isExclusive() and group.checkedAction() is actions[0]

    actions[2].trigger()
    assert settings.get(keys.THEME) == "dark"
    assert theme.is_dark(app.palette())
    assert [a.isChecked() for a in actions] == [False, False, True]
    settings.sync()
    again = theme.theme_menu(Settings(tmp_path / "settings.ini"))  # next start-up
    assert theme.theme_group(again).checkedAction().data() == "dark"

    actions[1].trigger()
    assert settings.get(keys.THEME) == "light" and not theme.is_dark(app.palette())
    menu.deleteLater()
    again.deleteLater()


def _facets() -> tuple[Facet, ...]:
    values = (FacetValue("1", "CFO", 4), FacetValue("2", "IT manager", 2))
    return (Facet("persona", values),)


def _indicator_contrast(image: QImage, base: QColor, width: int) -> int:
    """The largest lightness difference from Base in the left part of the tree."""
    most = 0
    for y in range(image.height()):
        for x in range(min(width, image.width())):
            most = max(most, abs(image.pixelColor(x, y).lightness() - base.lightness()))
    return most


def test_facet_check_boxes_show_on_a_dark_palette(app: QApplication, qtbot) -> None:
    theme.apply_theme(app, "dark")
    panel = FacetPanel()
    qtbot.addWidget(panel)
    panel.facet_model.update(_facets(), {})
    panel.resize(260, 200)
    panel.expandAll()
    panel.show()
    qtbot.waitExposed(panel)
    base = panel.palette().color(Role.Base)
    rows = [panel.facet_model.index(0, 0, panel.facet_model.index(1, 0))]  # CFO under Persona
    rect = panel.visualRect(rows[0])
    assert rect.isValid()
    strip = panel.viewport().grab(rect.adjusted(0, 0, -rect.width() + 18, 0)).toImage()
    assert _indicator_contrast(strip, base, 18) > 60  # the box's outline is plain to see

    plain = QStyleFactory.create("Fusion")  # the root cause, for the record
    panel.setStyle(plain)
    panel.update()
    strip = panel.viewport().grab(rect.adjusted(0, 0, -rect.width() + 18, 0)).toImage()
    assert _indicator_contrast(strip, base, 18) < 30  # Fusion alone: nearly invisible


def test_the_view_menu_offers_the_theme(window, app: QApplication) -> None:
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    themes = next(a.menu() for a in view.actions() if a.menu() and a.text() == "&Theme")
    group = theme.theme_group(themes)
    assert group.checkedAction().data() == window.ctx.settings.get(keys.THEME) == "system"
    themes.actions()[2].trigger()
    assert window.ctx.settings.get(keys.THEME) == "dark" and theme.is_dark(app.palette())
