"""Edit the taxonomies: stages, personas, sectors (a tree) and asset types.

Every change that touches assets is confirmed first, naming how many assets
it affects. Changes run on the writer thread through ``ctx.write``; the
values are read in the background, after the dialog's own changes and when
the change bus reports others'.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.catalogue.dto import ASSET_TYPE, PERSONA, SECTOR, STAGE, Term
from smkdesk.core.changes import Changes
from smkdesk.core.library import Library
from smkdesk.gui.context import AppContext
from smkdesk.gui.taxonomy import prompts
from smkdesk.gui.taxonomy.pane import BUTTONS, TermPane
from smkdesk.gui.widgets.fields import hint_label, plural
from smkdesk.gui.widgets.live_page import LivePage

TABS = (
    (STAGE, "&Stages"),
    (PERSONA, "&Personas"),
    (SECTOR, "S&ectors"),
    (ASSET_TYPE, "Asset t&ypes"),
)


class TaxonomyDialog(LivePage, QDialog):
    loaded = Signal()  # the values are on screen

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._select: tuple[str, int | None] | None = None  # (dimension, term) after a load
        self.setWindowTitle("Edit taxonomy")
        # Hooks (tests replace them): questions asked before a change.
        self.confirm: Callable[[str, str], bool] = partial(prompts.confirm, self)
        self.ask_text: Callable[..., str | None] = partial(prompts.ask_text, self)
        self.ask_item: Callable[..., str | None] = partial(prompts.ask_item, self)
        self.ask_new: Callable[..., tuple[str, str | None] | None] = partial(prompts.ask_new, self)

        self.commands: dict[str, QAction] = {}
        handlers = {
            "add": self.add,
            "rename": self.rename,
            "merge": self.merge,
            "up": lambda: self.move_by(-1),
            "down": lambda: self.move_by(1),
            "retire": self.toggle_retired,
            "under": self.move_under,
        }
        for key, text, shortcut, _tip in BUTTONS:
            action = QAction(text.replace("&", ""), self)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(handlers[key])
            self.addAction(action)
            self.commands[key] = action

        self.tabs = QTabWidget()
        self.panes: dict[str, TermPane] = {}
        for dim, title in TABS:
            pane = TermPane(dim, self.commands)
            self.panes[dim] = pane
            self.tabs.addTab(pane, title)
            pane.view.selectionModel().currentChanged.connect(pane.update_buttons)
        intro = hint_label(
            "Values are shared by the whole library. Renaming or merging updates every asset "
            "tagged with them; retiring hides a value from pickers but keeps it on assets."
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("&Close")
        close.setAutoDefault(False)  # Enter on a value must not close the dialog
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.watch_changes(ctx.bus)
        self.refresh()
        self.resize(620, 540)

    # -- refreshing --------------------------------------------------------------------
    def cares(self, changes: Changes) -> bool:
        return changes.taxonomy or bool(changes.assets or changes.deleted)  # the counts

    def load(self) -> None:
        select, self._select = self._select, None
        lib, dims = self.ctx.library, list(self.panes)

        def work(_t: object) -> dict[str, list[Term]]:
            return {dim: list(lib.taxonomy.list(dim)) for dim in dims}

        self.ctx.tasks.latest(self, "Taxonomy", work, lambda terms: self._loaded(terms, select))

    def _loaded(self, terms: dict[str, list[Term]], select: tuple[str, int | None] | None) -> None:
        for dim, pane in self.panes.items():
            pane.reload(terms[dim], select[1] if select and select[0] == dim else None)
        self.loaded.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # reloads if the library changed while it was hidden
        self.pane.view.setFocus()  # arrows walk the values; Ctrl+N adds, F2 renames

    @property
    def pane(self) -> TermPane:
        return self.panes[TABS[self.tabs.currentIndex()][0]]

    def _write(
        self, label: str, fn: Callable[[Library], Changes], select: int | None = None
    ) -> None:
        pane = self.pane
        self.ctx.write(
            label,
            lambda lib: fn(lib).by(self),
            parent=self,
            on_done=lambda _c: self._after(pane, select),
        )

    def _after(self, pane: TermPane, select: int | None) -> None:
        """After the dialog's own change (which the bus does not reload it for)."""
        self._select = (pane.dimension, select)
        self.refresh()

    # -- actions -----------------------------------------------------------------------
    def add(self) -> None:
        pane = self.pane
        term = pane.current()
        if pane.dimension == SECTOR:
            paths = [t.path for t in pane.model.terms() if not t.retired]
            answer = self.ask_new(pane.label, paths, term.path if term else None)
        else:
            answer = self.ask_new(pane.label)
        if answer is None:
            return
        name, under = answer
        dim, created = pane.dimension, []

        def work(lib: Library) -> Changes:
            created.append(lib.taxonomy.add(dim, name, under).id)  # read after success only
            return Changes(taxonomy=True).by(self)

        self.ctx.write(
            f"Add {pane.label}",
            work,
            parent=self,
            on_done=lambda _c: self._after(pane, created[0] if created else None),
        )

    def rename(self) -> None:
        term = self.pane.current()
        if term is None:
            return
        new = self.ask_text(f"Rename {self.pane.label}", f"New name for “{term.name}”:", term.name)
        if not new or new == term.name:
            return
        n = term.asset_count
        if n and not self.confirm(
            "Rename", f"Rename '{term.name}' to '{new}' on {plural(n, 'asset')}?"
        ):
            return
        self._write("Rename", lambda lib: lib.taxonomy.rename(term.id, new), term.id)

    def merge(self) -> None:
        pane, term = self.pane, self.pane.current()
        if term is None:
            return
        inside = {t.id for t in pane.subtree(term)} | {term.id}
        targets = {t.path: t for t in pane.model.terms() if t.id not in inside}
        choice = self.ask_item(f"Merge {pane.label}", f"Merge “{term.path}” into:", list(targets))
        if choice is None:
            return
        target = targets[choice]
        n = term.asset_count
        text = (
            f"Merge '{term.name}' into '{target.name}'? "
            f"{plural(n, 'asset')} {'gets' if n == 1 else 'get'} '{target.name}'; "
            f"'{term.name}' is removed."
        )
        if pane.subtree(term):
            text += f" Its sub-sectors move under '{target.name}'."
        if self.confirm("Merge", text):
            self._write("Merge", lambda lib: lib.taxonomy.merge(term.id, target.id), target.id)

    def move_by(self, steps: int) -> None:
        term = self.pane.current()
        if term is not None:
            self._write("Reorder", lambda lib: lib.taxonomy.move(term.id, steps), term.id)

    def toggle_retired(self) -> None:
        term = self.pane.current()
        if term is None:
            return
        retire = not term.retired
        n = term.asset_count
        if (
            retire
            and n
            and not self.confirm(
                "Retire",
                f"Retire '{term.name}'? It is no longer offered for new tags; "
                f"the {plural(n, 'asset')} tagged with it keep the tag.",
            )
        ):
            return
        label = "Retire" if retire else "Restore"
        self._write(label, lambda lib: lib.taxonomy.retire(term.id, retire), term.id)

    def move_under(self) -> None:
        pane, term = self.pane, self.pane.current()
        if term is None or pane.dimension != SECTOR:
            return
        inside = {t.id for t in pane.subtree(term)} | {term.id, term.parent_id}
        options = [t.path for t in pane.model.terms() if t.id not in inside]
        if term.parent_id is not None:
            options.insert(0, prompts.TOP_LEVEL)
        choice = self.ask_item("Move sector", f"Move “{term.path}” under:", options)
        if choice is None:
            return
        parent = None if choice == prompts.TOP_LEVEL else choice
        new_path = f"{parent}/{term.name}" if parent else term.name
        n = term.asset_count + sum(t.asset_count for t in pane.subtree(term))
        if n and not self.confirm(
            "Move sector",
            f"Move '{term.path}' to '{new_path}'? Its tags on {plural(n, 'asset')} follow.",
        ):
            return
        self._write("Move sector", lambda lib: lib.taxonomy.set_parent(term.id, parent), term.id)
