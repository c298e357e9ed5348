"""A review-date field that can also say "no review date", and the default
review date of new content (today plus the review period in Preferences)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCalendarWidget, QDateEdit

from smkdesk.core.catalogue.options import months_ahead

NO_DATE = QDate(2000, 1, 1)  # the field's minimum, shown as "No review date"
NO_DATE_TEXT = "No review date"
__all__ = ["NO_DATE", "ReviewDateEdit", "months_ahead"]


class _Calendar(QCalendarWidget):
    """Opens on this month when the field says "No review date", not on 2000."""

    def showEvent(self, event: QShowEvent) -> None:
        if self.selectedDate() <= NO_DATE:
            today = QDate.currentDate()
            self.setCurrentPage(today.year(), today.month())
        super().showEvent(event)


class ReviewDateEdit(QDateEdit):
    """A date with a calendar pop-up; its first value reads "No review date"."""

    def __init__(self, value: date | None = None) -> None:
        super().__init__()
        self.setCalendarPopup(True)
        self.setCalendarWidget(_Calendar(self))
        self.setDisplayFormat("d MMM yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(NO_DATE_TEXT)
        self.setToolTip(
            "When to check this content is still right; it joins the review queue then. "
            "Go to the earliest date (or press Home) for no review date."
        )
        self.set_value(value)

    def set_value(self, value: date | None) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)

    def value(self) -> date | None:
        picked = self.date()
        if picked <= NO_DATE:
            return None
        return date(picked.year(), picked.month(), picked.day())
