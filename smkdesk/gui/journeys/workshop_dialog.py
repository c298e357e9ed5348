"""The details of a workshop: a new one (name, date, facilitator, template,
participants, the personas and sector it maps) or an existing one's, with
the way to delete it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.catalogue.dto import PERSONA, SECTOR, Term
from smkdesk.core.journeys.types import Participant, TemplateInfo, WorkshopDetail
from smkdesk.gui.context import AppContext
from smkdesk.gui.widgets.fields import ErrorLabel, buddy_label, hint_label, ok_cancel, with_error
from smkdesk.gui.widgets.tagpickers import CheckList, SectorTree


class WorkshopDialog(QDialog):
    """A new workshop's details, or an existing one's (``workshop``)."""

    delete_requested = Signal()
    loaded = Signal()  # the personas, sectors (and templates) to choose from are in

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, workshop: WorkshopDetail | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Workshop details" if workshop else "New workshop")
        self.workshop = workshop
        self.is_loaded = False
        self._accept_when_loaded = False  # Enter came before the choices
        self.name = QLineEdit(workshop.name if workshop else "")
        self.name.setPlaceholderText("e.g. Retail CFOs – buyer's journey")
        day = workshop.held_on if workshop else date.today()
        self.held_on = QDateEdit(QDate(day.year, day.month, day.day))
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("d MMM yyyy")
        self.facilitator = QLineEdit(workshop.facilitator if workshop else ctx.user.name)
        self.template = QComboBox()
        self.personas = CheckList()  # filled by the load
        self.sectors = SectorTree()
        self.sales = QPlainTextEdit()
        self.sales.setPlaceholderText("One name per line")
        self.marketing = QPlainTextEdit()
        self.marketing.setPlaceholderText("One name per line")
        for box in (self.sales, self.marketing):
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 10)
            box.setTabChangesFocus(True)  # Tab moves on; Enter starts the next name
        self.name_error = ErrorLabel()
        self.name.textChanged.connect(lambda _t: self.name_error.show_message(""))
        form = QFormLayout()
        form.addRow(buddy_label("&Name:", self.name), with_error(self.name, self.name_error))
        form.addRow("&Date:", self.held_on)
        form.addRow("&Facilitator:", self.facilitator)
        if workshop is None:
            self.template.addItem("Loading the templates…")
            edit = QPushButton("&Edit templates…")
            edit.setAutoDefault(False)  # Enter creates the workshop
            edit.setToolTip("Add, reword and reorder stages and questions; save as a new template")
            edit.clicked.connect(self.edit_templates)
            row = QHBoxLayout()
            row.addWidget(self.template, 1)
            row.addWidget(edit)
            form.addRow(buddy_label("&Template:", self.template), row)
        else:
            form.addRow("Template:", hint_label(f"{workshop.template_name} (copied when created)"))
            for box, side in ((self.sales, "sales"), (self.marketing, "marketing")):
                box.setPlainText("\n".join(p.name for p in workshop.participants if p.side == side))
        form.addRow(buddy_label("Sales &participants:", self.sales), self.sales)
        form.addRow(buddy_label("&Marketing participants:", self.marketing), self.marketing)
        pickers = QHBoxLayout()
        pickers.addWidget(self.personas)
        pickers.addWidget(self.sectors)
        self.buttons, self.ok = ok_cancel("&Save" if workshop else "C&reate", self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        if workshop is not None:
            delete = QPushButton("De&lete workshop…")
            delete.setAutoDefault(False)
            delete.setToolTip("Delete this workshop with its answers and links (asks first)")
            delete.clicked.connect(self.delete_requested)
            bottom.addWidget(delete)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint_label("The personas and sector the workshop maps:"))
        layout.addLayout(pickers, 1)
        layout.addLayout(bottom)
        self.resize(640, 620)
        self.name.setFocus()
        self.name.selectAll()
        self._load_choices()

    def _load_choices(self) -> None:
        """The personas, sectors and templates, read in the background."""
        lib, new = self.ctx.library, self.workshop is None

        def work(_t: object) -> tuple[Sequence[Term], Sequence[Term], Sequence[TemplateInfo]]:
            # retired values show only where the workshop still maps them
            personas = lib.taxonomy.list(PERSONA, include_retired=True)
            sectors = lib.taxonomy.list(SECTOR, include_retired=True)
            return personas, sectors, tuple(lib.templates.all()) if new else ()

        self.ctx.tasks.latest(
            self, "Workshop choices", work, lambda out: self._choices(out[0], out[1], out[2])
        )

    def _choices(
        self, personas: Sequence[Term], sectors: Sequence[Term], templates: Sequence[TemplateInfo]
    ) -> None:
        self.personas.set_terms(personas)
        self.sectors.set_terms(sectors)
        if self.workshop is not None:
            self.personas.set_checked(self.workshop.personas)
            self.sectors.set_checked(self.workshop.sectors)
        else:
            self._show_templates(templates, None)
        self.is_loaded = True
        self.loaded.emit()
        if self._accept_when_loaded and self.isVisible():  # not closed meanwhile
            self.accept()

    def accept(self) -> None:
        """Enter or Create/Save: a workshop needs a name, asked for inline.
        Pressed before the choices are read, it is done once they are."""
        if not self.name.text().strip():
            self.name_error.show_message("Give the workshop a name.")
            self.name.setFocus()
            return
        if not self.is_loaded:
            self._accept_when_loaded = True  # a moment: the personas it keeps are not in yet
            return
        super().accept()

    def reload_templates(self, select: int | None = None) -> None:
        """Read the templates again (after the editor saved or deleted one)."""
        lib = self.ctx.library
        self.ctx.tasks.latest(
            self,
            "Templates",
            lambda _t: tuple(lib.templates.all()),
            lambda templates: self._show_templates(templates, select),
        )

    def _show_templates(self, templates: Sequence[TemplateInfo], select: int | None) -> None:
        self.template.clear()
        for t in templates:
            self.template.addItem(f"{t.name} ({t.question_count} questions)", t.id)
        if select is not None:
            self.template.setCurrentIndex(max(0, self.template.findData(select)))

    def edit_templates(self) -> None:
        from smkdesk.gui.journeys.template_editor import open_template_editor

        editor = open_template_editor(self.ctx, self, self.template.currentData())
        editor.saved.connect(self.reload_templates)
        # a template may also have been deleted: offer what is left
        editor.finished.connect(lambda _r: self.reload_templates(self.template.currentData()))

    def participants(self) -> list[Participant]:
        people = []
        for box, side in ((self.sales, "sales"), (self.marketing, "marketing")):
            people += [Participant(n.strip(), side) for n in box.toPlainText().splitlines()]
        return [p for p in people if p.name]

    def details(self) -> dict[str, Any]:
        """The fields as keyword arguments of create_workshop / update_workshop."""
        held_on = self.held_on.date().toPython()
        assert isinstance(held_on, date)
        return {
            "name": self.name.text(),
            "held_on": held_on,
            "facilitator": self.facilitator.text(),
            "personas": self.personas.checked_names(),
            "sectors": self.sectors.checked_paths(),
            "participants": self.participants(),
        }
