"""Stages, personas and sectors pickers stacked in one column."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from smkdesk.core.catalogue.dto import PERSONA, SECTOR, STAGE
from smkdesk.core.library import Library
from smkdesk.gui.widgets.fields import buddy_label
from smkdesk.gui.widgets.tagpickers import CheckList, SectorTree

EMPTY_HINT = "None yet: add values with Library ▸ Edit taxonomy."


class TagPanel(QWidget):
    """The three tag dimensions of an asset, read from the taxonomy."""

    changed = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tax = library.taxonomy
        self.stages = CheckList(placeholder=EMPTY_HINT, rows=4)
        self.stages.set_terms(tax.list(STAGE))
        self.stages.setToolTip("Buyer-journey stages this content serves")
        self.personas = CheckList(placeholder=EMPTY_HINT, rows=8)
        self.personas.set_terms(tax.list(PERSONA))
        self.personas.setToolTip("Buyer roles this content speaks to")
        self.sectors = SectorTree(placeholder=EMPTY_HINT, rows=8)
        self.sectors.set_terms(tax.list(SECTOR))
        self.sectors.setToolTip(
            "Industries this content fits. Checking a sector does not check its "
            "sub-sectors: a search for a sector finds content tagged with its sub-sectors."
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for text, picker, stretch in (
            ("Sta&ges", self.stages, 0),
            ("&Personas", self.personas, 0),
            ("S&ectors", self.sectors, 1),
        ):
            if picker is not self.stages:
                layout.addSpacing(6)
            layout.addWidget(buddy_label(text, picker))
            layout.addWidget(picker, stretch)
            picker.changed.connect(self.changed)
            if stretch == 0:  # flat lists stay compact; the tree takes the spare height
                picker.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)

    def set_values(
        self, stages: Sequence[str], personas: Sequence[str], sectors: Sequence[str]
    ) -> None:
        self.stages.set_checked(stages)
        self.personas.set_checked(personas)
        self.sectors.set_checked(sectors)
