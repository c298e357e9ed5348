"""The workspaces of the main window (Library, Review, Requests, Dashboard,
Workshops): a toolbar of exclusive buttons over a stack of pages.

Pages other than the first are built the first time they are shown, so the
window opens as fast as the library page allows. The user's role picks the
workspace the window opens with (``ROLE_HOME``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QStackedWidget, QToolBar, QWidget

#: The workspace each role starts in (roles from ``smkdesk.core.usage.ROLES``).
ROLE_HOME = {
    "sales rep": "library",
    "marketer": "dashboard",
    "workshop facilitator": "workshops",
}


@dataclass(frozen=True)
class Workspace:
    key: str
    title: str
    tip: str
    factory: Callable[[], QWidget]


class Workspaces(QObject):
    """Owns the toolbar and the page stack; the window places both."""

    shown = Signal(str)  # key of the workspace now on screen

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.stack = QStackedWidget(parent)
        self.toolbar = QToolBar("Workspaces", parent)
        self.toolbar.setObjectName("workspaces")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self._specs: dict[str, Workspace] = {}
        self._pages: dict[str, QWidget] = {}
        self.actions: dict[str, QAction] = {}

    def add(self, workspace: Workspace) -> QAction:
        number = len(self._specs) + 1
        action = QAction(workspace.title, self)
        action.setCheckable(True)
        action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.setToolTip(f"{workspace.tip} (Ctrl+{number})")
        action.setStatusTip(workspace.tip)
        action.triggered.connect(lambda _=False, k=workspace.key: self.show(k))
        self.group.addAction(action)
        self.toolbar.addAction(action)
        self._specs[workspace.key] = workspace
        self.actions[workspace.key] = action
        return action

    def keys(self) -> list[str]:
        return list(self._specs)

    def page(self, key: str) -> QWidget:
        """The page of ``key``, built now if it has not been shown yet."""
        page = self._pages.get(key)
        if page is None:
            page = self._specs[key].factory()
            self._pages[key] = page
            self.stack.addWidget(page)
        return page

    def built(self) -> list[QWidget]:
        return list(self._pages.values())

    def current(self) -> str:
        for key, page in self._pages.items():
            if page is self.stack.currentWidget():
                return key
        return ""

    def show(self, key: str) -> QWidget:
        if key not in self._specs:
            key = next(iter(self._specs))
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        self.actions[key].setChecked(True)
        self.shown.emit(key)
        return page

    def home_for(self, role: str) -> str:
        key = ROLE_HOME.get(role, "library")
        return key if key in self._specs else next(iter(self._specs))
