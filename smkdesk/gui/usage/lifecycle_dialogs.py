"""Small dialogs of the review queue: retire (with a reason), keep until a
date, change the owner, set the review-by date, and the queue's thresholds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.usage.review import ReviewSettings
from smkdesk.gui.widgets.fields import (
    ErrorLabel,
    buddy_label,
    hint_label,
    ok_cancel,
    plural,
    with_error,
)

COMMON_REASONS = (
    "Outdated",
    "Superseded by newer content",
    "Off-brand",
    "Duplicate of another asset",
    "Not helpful to reps",
)


class RetireDialog(QDialog):
    """Retiring needs a reason. The reason field has focus; Enter retires once
    there is one, and asks for it inline (never a silent no-op) while there is not."""

    def __init__(self, titles: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        n = len(titles)
        self.setWindowTitle("Retire " + (plural(n, "asset") if n > 1 else "asset"))
        what = f"“{titles[0]}”" if n == 1 else plural(n, "asset")
        intro = hint_label(
            f"Retire {what}? Retired content leaves reps' searches and the review queue; "
            "files and usage history are kept, and it can be restored at any time."
        )
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # Enter is for the dialog
        self.reason.addItems(COMMON_REASONS)
        self.reason.setCurrentIndex(-1)
        line = self.reason.lineEdit()
        assert line is not None
        line.setPlaceholderText("Why? Pick one or type your own (required)")
        self.reason.setToolTip("Kept in each asset's audit trail")
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(buddy_label("&Reason:", self.reason), with_error(self.reason, self.error))
        self.buttons, self.ok = ok_cancel("&Retire", self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reason.editTextChanged.connect(self._typed)
        self.reason.setFocus()
        self.resize(460, self.sizeHint().height())

    def text(self) -> str:
        return " ".join(self.reason.currentText().split())

    def _typed(self, *_args: object) -> None:
        if self.text():
            self.error.show_message("")

    def accept(self) -> None:
        if not self.text():
            self.error.show_message(
                "Give a reason to retire: pick one from the list or type your own."
            )
            self.reason.setFocus()
            return
        super().accept()


class DateDialog(QDialog):
    """One date: "Keep until…" and "Review by…"."""

    def __init__(
        self, title: str, label: str, explain: str, initial: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.date_edit = QDateEdit(QDate(initial.year, initial.month, initial.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setMinimumDate(QDate.currentDate())
        form = QFormLayout()
        form.addRow(label, self.date_edit)
        buttons, _ok = ok_cancel("&OK", self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(explain))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.date_edit.setFocus()
        self.resize(420, self.sizeHint().height())

    def value(self) -> date:
        value = self.date_edit.date().toPython()
        assert isinstance(value, date)
        return value


def keep_dialog(n: int, parent: QWidget | None = None) -> DateDialog:
    return DateDialog(
        "Keep " + plural(n, "asset"),
        "&Keep until:",
        "Keep it: the queue leaves it alone until this date, then checks it again.",
        date.today() + timedelta(days=90),
        parent,
    )


def review_by_dialog(n: int, parent: QWidget | None = None) -> DateDialog:
    return DateDialog(
        "Review date for " + plural(n, "asset"),
        "&Review by:",
        "When should the owner check this content again?",
        date.today() + timedelta(days=180),
        parent,
    )


class OwnerDialog(QDialog):
    def __init__(self, owners: Sequence[str], n: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Owner of " + plural(n, "asset"))
        self.owner = QComboBox()
        self.owner.setEditable(True)
        self.owner.addItems(list(owners))
        self.owner.setCurrentIndex(-1)
        line = self.owner.lineEdit()
        assert line is not None
        line.setPlaceholderText("Who keeps this content up to date")
        self.owner.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(buddy_label("&Owner:", self.owner), with_error(self.owner, self.error))
        self.buttons, self.ok = ok_cancel("&Set owner", self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.owner.editTextChanged.connect(self._typed)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.owner.setFocus()
        self.resize(400, self.sizeHint().height())

    def value(self) -> str:
        return " ".join(self.owner.currentText().split())

    def _typed(self, *_args: object) -> None:
        if self.value():
            self.error.show_message("")

    def accept(self) -> None:
        if not self.value():
            self.error.show_message("Name the new owner, or pick one from the list.")
            self.owner.setFocus()
            return
        super().accept()


class ReviewSettingsDialog(QDialog):
    """The queue's thresholds (kept in the app's settings)."""

    def __init__(self, current: ReviewSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review rules")
        self.unused = self._days(current.unused_days, "Flag content never used once it is older")
        self.stale = self._days(current.stale_days, "Flag content not used for this long")
        self.min_feedback = QSpinBox()
        self.min_feedback.setRange(1, 100)
        self.min_feedback.setValue(current.min_feedback)
        self.min_feedback.setSuffix(" ratings")
        self.ratio = QDoubleSpinBox()
        self.ratio.setRange(10, 100)
        self.ratio.setDecimals(0)
        self.ratio.setSuffix(" % not helpful")
        self.ratio.setValue(round(current.not_helpful_ratio * 100))
        self.similar = QDoubleSpinBox()
        self.similar.setRange(50, 100)
        self.similar.setDecimals(0)
        self.similar.setSuffix(" % similar")
        self.similar.setValue(round(current.duplicate_threshold * 100))
        self.similar.setToolTip(
            "Estimated share of five-word phrases two documents have in common (MinHash)"
        )
        form = QFormLayout()
        form.addRow("Never used, and added more than:", self.unused)
        form.addRow("Not used in the last:", self.stale)
        form.addRow("Feedback counts after at least:", self.min_feedback)
        form.addRow("Flag as not helpful from:", self.ratio)
        form.addRow("Near-duplicates from:", self.similar)
        buttons, _ok = ok_cancel("&Apply", self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.unused.setFocus()

    @staticmethod
    def _days(value: int, tip: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(7, 3650)
        box.setValue(value)
        box.setSuffix(" days")
        box.setToolTip(tip)
        return box

    def value(self) -> ReviewSettings:
        return ReviewSettings(
            unused_days=self.unused.value(),
            stale_days=self.stale.value(),
            min_feedback=self.min_feedback.value(),
            not_helpful_ratio=self.ratio.value() / 100,
            duplicate_threshold=self.similar.value() / 100,
        )
