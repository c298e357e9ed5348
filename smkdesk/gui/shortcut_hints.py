"""Disabled actions explain themselves: a disabled action's shortcut does
nothing in Qt, so a shadow shortcut on the same keys says why in the status bar.

Each hint is live only while its action is off, on the Library or for an
action on the Library's selection, and never on a key the page on screen uses
itself, so it clashes neither with the action nor with a page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from smkdesk.gui.actions import (
    LIBRARY_ACTIONS,
    SELECTION_ACTIONS,
    SPECS,
    STORED_ACTIONS,
    WRITE_ACTIONS,
)

if TYPE_CHECKING:
    from smkdesk.gui.mainwindow import MainWindow

MESSAGE_MS = 6000


def key_texts(keys: Iterable[QKeySequence]) -> set[str]:
    return {k.toString() for k in keys}


def page_keys(page: QWidget) -> set[str]:
    """The shortcuts a page has of its own (e.g. the review queue's Ctrl+Return)."""
    found = [k for a in page.findChildren(QAction) for k in a.shortcuts()]
    found += [k for sc in page.findChildren(QShortcut) for k in sc.keys()]  # noqa: SIM118
    return key_texts(found)


class ShortcutHints(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.hints: dict[str, QShortcut] = {}
        for name, action in window.actions_.items():
            if action.shortcuts():
                hint = QShortcut(window)
                hint.setKeys(action.shortcuts())
                hint.setContext(Qt.ShortcutContext.WindowShortcut)
                hint.activated.connect(lambda n=name: self.say_why(n))
                action.changed.connect(self.follow)
                self.hints[name] = hint
        window.workspaces.shown.connect(self.follow)
        self.follow()

    def follow(self, *_args: object) -> None:
        spaces, actions = self.window.workspaces, self.window.actions_
        current = spaces.current()
        library = current == "library"
        taken = page_keys(spaces.page(current)) if current and not library else set()
        for name, hint in self.hints.items():
            relevant = library or name in LIBRARY_ACTIONS
            free = not taken & key_texts(hint.keys())
            hint.setEnabled(relevant and free and not actions[name].isEnabled())

    def why(self, name: str) -> str:
        """Why the action ``name`` is off right now, in a sentence."""
        w = self.window
        label = SPECS[name].text.replace("&", "").rstrip("…")
        refused = w.ctx.library.writes_refused
        if name in WRITE_ACTIONS and refused is not None:
            return f"{label} is off: {refused}"
        if name in LIBRARY_ACTIONS and w.workspaces.current() != "library":
            keys_ = (
                w.workspaces.actions["library"]
                .shortcut()
                .toString(QKeySequence.SequenceFormat.NativeText)
            )
            return f"{label} works on assets selected in the Library: go there first ({keys_})."
        n = len(w.page.selected_ids())
        if name in SELECTION_ACTIONS or n == 0:
            return f"{label}: select one or more assets in the list first."
        if n > 1:
            return f"{label} works on one asset at a time: select just one."
        asset = w.page.current_asset()
        if name in STORED_ACTIONS and asset is not None and asset.kind == "link":
            return f"{label} is for stored files; this asset is a web link."
        return f"{label}: the asset is still loading; try again in a moment."

    def say_why(self, name: str) -> None:
        self.window.statusBar().showMessage(self.why(name), MESSAGE_MS)
