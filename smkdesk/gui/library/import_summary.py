"""What an import did: counts, a filterable table of outcomes, a copyable report.

Reasons are shown whole: they wrap in the table (rows grow to fit, for
imports of up to WRAP_ROWS files), in a tooltip, and under the table for the
selected row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.catalogue.dto import ImportOutcome, ImportReport
from smkdesk.gui.widgets.fields import buddy_label, hint_label, plural, warning_color

OUTCOME_ROLE = Qt.ItemDataRole.UserRole + 1
WRAP_ROWS = 400  # beyond this, rows keep one line (measuring each would be slow)
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
HEADERS = ("File", "Outcome", "Reason or title")
LABELS = {
    "imported": "Imported",
    "imported_no_text": "Imported without text",
    "restored": "Restored",
    "rejected": "Rejected",
}
FILTERS: tuple[tuple[str, str | None], ...] = (
    ("All", None),
    ("Imported", "imported"),
    ("Without text", "imported_no_text"),
    ("Rejected", "rejected"),
)


def details(o: ImportOutcome) -> str:
    if o.outcome in ("rejected", "restored"):
        return o.reason or LABELS[o.outcome]
    note = f" — {o.note}" if o.note else ""
    if o.outcome == "imported_no_text" and o.reason:
        return f"{o.title or o.path.name}: no searchable text ({o.reason}){note}"
    return f"{o.title or o.path.name}{note}" if note else o.title or ""


def headline(report: ImportReport) -> str:
    if not report.outcomes and not report.cancelled:
        return "Nothing was imported: no files were found."
    parts = [f"{report.count('imported')} imported"]
    if n := report.count("imported_no_text"):
        parts.append(f"{n} imported without searchable text")
    if n := report.count("restored"):
        parts.append(f"{n} restored")
    if n := sum(1 for o in report.outcomes if o.note):
        parts.append(f"{n} shortened on the way in")
    if n := report.count("rejected"):
        parts.append(f"{n} rejected")
    return " · ".join(parts)


def cancel_note(report: ImportReport) -> str:
    if not report.cancelled:
        return ""
    return f"Cancelled: {plural(report.not_reached, 'file')} not imported; what finished stays."


def report_text(report: ImportReport) -> str:
    """The whole report as plain text (for the clipboard)."""
    lines = [headline(report)]
    if note := cancel_note(report):
        lines.append(note)
    for outcome in ("rejected", "restored", "imported_no_text", "imported"):
        rows = [o for o in report.outcomes if o.outcome == outcome]
        if rows:
            lines += ["", f"{LABELS[outcome]} ({len(rows)}):"]
            lines += [f"  {o.path} — {details(o)}" for o in rows]
    return "\n".join(lines) + "\n"


class ImportOutcomeModel(QAbstractTableModel):
    def __init__(self, outcomes: tuple[ImportOutcome, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = list(outcomes)

    def outcome(self, row: int) -> ImportOutcome:
        return self._rows[row]

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        o, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            label = LABELS.get(o.outcome, o.outcome) + (" (shortened)" if o.note else "")
            return (o.path.name, label, details(o))[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(o.path) if col == 0 else details(o)
        if role == Qt.ItemDataRole.ForegroundRole and o.outcome == "rejected":
            return warning_color(QApplication.palette())
        if role == OUTCOME_ROLE:
            return o.outcome
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None


class OutcomeFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._outcome: str | None = None

    def set_outcome(self, outcome: str | None) -> None:
        self.beginFilterChange()
        self._outcome = outcome
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        if self._outcome is None:
            return True
        index = self.sourceModel().index(row, 0, parent)
        return bool(index.data(OUTCOME_ROLE) == self._outcome)


class ImportSummaryDialog(QDialog):
    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Import finished" if not report.cancelled else "Import cancelled")
        self.headline = hint_label(headline(report))
        self.headline.setForegroundRole(self.headline.foregroundRole().WindowText)
        font = QFont(self.headline.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.headline.setFont(font)
        self.note = hint_label(cancel_note(report))
        self.note.setForegroundRole(self.note.foregroundRole().WindowText)
        self.note.setVisible(report.cancelled)

        self.model = ImportOutcomeModel(report.outcomes, self)
        self.proxy = OutcomeFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        wrap = len(report.outcomes) <= WRAP_ROWS
        self.table.setWordWrap(wrap)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # file names keep both ends
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, metrics.horizontalAdvance(LABELS["imported_no_text"]) + 24)
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(metrics.height() + 10)
        if wrap:  # a long reason takes the lines it needs, and re-wraps as the dialog resizes
            rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.detail = hint_label()
        self.detail.setForegroundRole(self.detail.foregroundRole().WindowText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)

        self.filter = QComboBox()
        self.filter.setToolTip("Show only some of the files")
        for label, outcome in FILTERS:
            n = len(report.outcomes) if outcome is None else report.count(outcome)  # type: ignore[arg-type]
            self.filter.addItem(f"{label} ({n})", outcome)
        self.filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_outcome(self.filter.currentData())
        )
        self.filter.setCurrentIndex(3 if report.rejected else 0)
        self.proxy.set_outcome(self.filter.currentData())
        self.filter.currentIndexChanged.connect(self._select_first)
        row = QHBoxLayout()
        row.addWidget(buddy_label("&Show:", self.filter))
        row.addWidget(self.filter)
        row.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("&Close")
        close.setDefault(True)
        copy = buttons.addButton("C&opy report", QDialogButtonBox.ButtonRole.ActionRole)
        copy.setToolTip("Copy the whole report as plain text, e.g. to send to a colleague")
        copy.setAutoDefault(False)
        copy.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.note)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(buttons)
        self.resize(760, 440)
        self.table.setFocus()  # arrows browse the files; Enter and Escape close
        if self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.setText("")
            return
        o = self.model.outcome(self.proxy.mapToSource(current).row())
        self.detail.setText(f"{o.path}\n{LABELS.get(o.outcome, o.outcome)}: {details(o)}")

    def _select_first(self) -> None:
        if self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        else:
            self.detail.setText("")

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(report_text(self.report))
