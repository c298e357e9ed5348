"""Light and dark looks: follow the system's colour scheme, or force one.

``apply_theme(app, mode)`` with mode ``system``, ``light`` or ``dark``:

- ``light`` / ``dark``: the Fusion style with a full light or dark palette
  (every role, disabled colours included), whatever the platform does;
- ``system``: the platform's own style and palette, following
  ``QStyleHints.colorScheme`` as it changes. Where the platform says "dark" but
  hands out a light palette (X11 without a desktop theme, for instance), the
  dark palette is used; where it says nothing (offscreen, a bare X server),
  System means light.

Fusion derives the outline of check boxes and radio buttons from the Window
colour, darkened. On a dark palette that outline is as dark as the Base colour
the box is filled with, so the facet check boxes in item views all but
vanished. ``ReadableIndicators`` draws those indicators with an outline that
contrasts with Base; every other widget keeps Fusion's drawing.

``theme_menu(settings, parent)`` builds View → Theme (System, Light, Dark), an
exclusive group whose checked item is the remembered choice.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QWidget,
)

from smkdesk.gui import settings as keys
from smkdesk.gui.settings import Settings

MODES = (("system", "&System"), ("light", "&Light"), ("dark", "&Dark"))
MODE_NAMES = tuple(m for m, _label in MODES)

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

DARK_COLORS: dict[QPalette.ColorRole, str] = {
    Role.Window: "#2d2d30",
    Role.WindowText: "#e8e8e8",
    Role.Base: "#1e1e1e",
    Role.AlternateBase: "#262629",
    Role.ToolTipBase: "#3a3a3d",
    Role.ToolTipText: "#f0f0f0",
    Role.PlaceholderText: "#9d9d9d",
    Role.Text: "#e8e8e8",
    Role.Button: "#3a3a3d",
    Role.ButtonText: "#e8e8e8",
    Role.BrightText: "#ff6b6b",
    Role.Light: "#505054",
    Role.Midlight: "#444448",
    Role.Mid: "#5a5a5e",
    Role.Dark: "#1a1a1c",
    Role.Shadow: "#000000",
    Role.Highlight: "#2f7fd1",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#6cb4ff",
    Role.LinkVisited: "#b99cff",
}
DARK_DISABLED: dict[QPalette.ColorRole, str] = {
    Role.WindowText: "#7c7c7c",
    Role.Text: "#7c7c7c",
    Role.ButtonText: "#7c7c7c",
    Role.Highlight: "#3f4a56",
    Role.HighlightedText: "#a0a0a0",
    Role.PlaceholderText: "#6a6a6a",
}
_INDICATORS = (
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
    QStyle.PrimitiveElement.PE_IndicatorRadioButton,
)
# Fusion draws the indicator outline as Window.darker(140).lighter(110); this
# Window gives an outline of about #8c8c8c, plain on a dark Base.
_OUTLINE_WINDOW = QColor("#b4b4b4")


def is_dark(palette: QPalette) -> bool:
    return (
        palette.color(Role.Base).lightness() < 128 or palette.color(Role.Window).lightness() < 128
    )


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in DARK_COLORS.items():
        palette.setColor(role, QColor(color))
    if hasattr(Role, "Accent"):  # Qt 6.6+
        palette.setColor(Role.Accent, QColor(DARK_COLORS[Role.Highlight]))
    for role, color in DARK_DISABLED.items():
        palette.setColor(Group.Disabled, role, QColor(color))
    return palette


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    palette = QPalette(style.standardPalette())
    style.deleteLater()
    return palette


class ReadableIndicators(QProxyStyle):
    """Fusion, with check box and radio outlines that show on a dark Base."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element in _INDICATORS and is_dark(option.palette):
            option = type(option)(option)  # a copy: the caller's option stays as it was
            palette = QPalette(option.palette)
            for group in (Group.Active, Group.Inactive):
                palette.setColor(group, Role.Window, _OUTLINE_WINDOW)
            palette.setColor(Group.Disabled, Role.Window, QColor("#707070"))
            option.palette = palette
        super().drawPrimitive(element, option, painter, widget)


class _ThemeState(QObject):
    """What the platform gave us before any change, and the mode in force."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.mode = "system"
        self.platform_style = app.style().name()
        self.platform_palette = QPalette(app.palette())
        app.styleHints().colorSchemeChanged.connect(self._scheme_changed)

    def _scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.mode == "system":
            _apply(self, "system")


def _state(app: QApplication) -> _ThemeState:
    state = app.findChild(_ThemeState)
    return state if isinstance(state, _ThemeState) else _ThemeState(app)


def system_is_dark(app: QGuiApplication | None = None) -> bool:
    """True only when the platform says its colour scheme is dark."""
    app = app or QGuiApplication.instance()  # type: ignore[assignment]
    return app is not None and app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def effective_mode(mode: str, app: QApplication | None = None) -> str:
    """``light`` or ``dark``: what ``mode`` shows now (System resolved)."""
    if mode in ("light", "dark"):
        return mode
    return "dark" if system_is_dark(app) else "light"


def apply_theme(app: QApplication, mode: str) -> str:
    """Apply ``mode`` (system | light | dark; anything else means system).

    Returns the look in force, ``light`` or ``dark``."""
    state = _state(app)
    return _apply(state, mode if mode in MODE_NAMES else "system")


def _apply(state: _ThemeState, mode: str) -> str:
    app = state.app
    forced_before = state.mode != "system"
    state.mode = mode
    hints = app.styleHints()
    if mode == "system":
        if forced_before and hasattr(hints, "unsetColorScheme"):  # Qt 6.8+
            hints.unsetColorScheme()  # back to what the platform says
        dark = system_is_dark(app)
        platform_dark = is_dark(state.platform_palette)
        if dark and not platform_dark:
            _use_fusion(app, dark_palette())  # the platform says dark but paints light
        elif state.platform_style.lower() == "fusion":
            _use_fusion(app, QPalette(state.platform_palette))
        else:
            app.setStyle(state.platform_style)  # a native style (Windows, macOS) as it was
            app.setPalette(QPalette(state.platform_palette))
        return "dark" if (dark or platform_dark) else "light"
    if hasattr(hints, "setColorScheme"):  # native dialogs and title bars follow, where they can
        hints.setColorScheme(Qt.ColorScheme.Dark if mode == "dark" else Qt.ColorScheme.Light)
    _use_fusion(app, dark_palette() if mode == "dark" else light_palette())
    return mode


def _use_fusion(app: QApplication, palette: QPalette) -> None:
    if not isinstance(app.style(), ReadableIndicators):
        app.setStyle(ReadableIndicators(QStyleFactory.create("Fusion")))
    app.setPalette(palette)


def current_mode(app: QApplication) -> str:
    state = app.findChild(_ThemeState)
    return state.mode if isinstance(state, _ThemeState) else "system"


def theme_menu(settings: Settings, parent: QWidget | None = None) -> QMenu:
    """View → Theme: System, Light, Dark (exclusive; remembered in the settings)."""
    menu = QMenu("&Theme", parent)
    menu.setToolTipsVisible(True)
    group = QActionGroup(menu)
    group.setExclusive(True)
    chosen = settings.get(keys.THEME)
    chosen = chosen if chosen in MODE_NAMES else "system"
    tips = {
        "system": "Follow the system's light or dark colour scheme",
        "light": "Always light",
        "dark": "Always dark",
    }
    for mode, label in MODES:
        action = QAction(label, menu)
        action.setCheckable(True)
        action.setChecked(mode == chosen)
        action.setData(mode)
        action.setToolTip(tips[mode])
        group.addAction(action)
        menu.addAction(action)

    def chose(action: QAction) -> None:
        mode = str(action.data())
        settings.set(keys.THEME, mode)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, mode)

    group.triggered.connect(chose)
    return menu


def theme_group(menu: QMenu) -> QActionGroup:
    group = menu.findChild(QActionGroup)
    assert isinstance(group, QActionGroup)
    return group
