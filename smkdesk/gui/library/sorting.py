"""The results' order: the sort box and the column headers, kept in agreement.

The sort box holds the service's orders (Best match, Newest, Most used), which
rank every result, not only the loaded page. Clicking a header sorts by that
column: numbers and dates largest first on the first click, text A to Z, a
second click reverses. A column with an order of its own in the service (Uses,
largest first, is "Most used") switches the sort box to it; any other column
sorts the loaded rows and the sort box says so ("By title (A–Z)").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QHeaderView

from smkdesk.core.search.dto import SortOrder
from smkdesk.gui import settings as keys
from smkdesk.gui.library.results_model import COLUMNS, NUMERIC_COLUMNS
from smkdesk.gui.settings import Settings

SORTS = (("relevance", "Best match"), ("newest", "Newest"), ("most_used", "Most used"))
#: The sort box's entry while the loaded rows are sorted by a column header.
COLUMN_SORT = "column"
#: Header columns that have an order of their own in the service (largest first).
SERVICE_SORT_COLUMNS = {"use_count": "most_used"}
ASCENDING = Qt.SortOrder.AscendingOrder
DESCENDING = Qt.SortOrder.DescendingOrder
_KEYS = [key for key, _title in COLUMNS]


def column_sort_label(key: str, title: str, order: Qt.SortOrder) -> str:
    if key in NUMERIC_COLUMNS:
        return f"By {title.lower()} ({'largest' if order == DESCENDING else 'smallest'} first)"
    return f"By {title.lower()} ({'A–Z' if order == ASCENDING else 'Z–A'})"


class ResultsSort(QObject):
    """Drives ``box``, ``header`` and ``proxy``; ``search`` re-runs the search
    when the service's order changes."""

    def __init__(
        self,
        box: QComboBox,
        header: QHeaderView,
        proxy: QSortFilterProxyModel,
        settings: Settings,
        search: Callable[[], None],
    ) -> None:
        super().__init__(box)
        self.box, self.header, self.proxy = box, header, proxy
        self._settings = settings
        self._search = search
        #: (column, order) as the header shows it; the header flips its own
        #: indicator before it reports a click, so it cannot be asked.
        self._shown: tuple[int, Qt.SortOrder] | None = None
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for key, label in SORTS:
            box.addItem(label, key)
        box.setToolTip("Order of the results (or click a column header)")
        saved = settings.get(keys.SEARCH_SORT)
        box.setCurrentIndex(max(0, box.findData(saved)))
        box.currentIndexChanged.connect(self._box_changed)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.sectionClicked.connect(self.column_clicked)

    def service_sort(self) -> SortOrder:
        """The order to ask the service for."""
        key = self.box.currentData()
        if key == COLUMN_SORT:
            key = self._settings.get(keys.SEARCH_SORT)
        return cast(SortOrder, key) if key in dict(SORTS) else "relevance"

    def show_indicator(self) -> None:
        """The header shows the service's order where a column has one."""
        column = next(
            (c for c, s in SERVICE_SORT_COLUMNS.items() if s == self.service_sort()), None
        )
        self._set_indicator(None if column is None else (_KEYS.index(column), DESCENDING))

    def column_clicked(self, column: int) -> None:
        key, title = COLUMNS[column]
        if self._shown is not None and self._shown[0] == column:
            order = ASCENDING if self._shown[1] == DESCENDING else DESCENDING
        else:
            order = DESCENDING if key in NUMERIC_COLUMNS else ASCENDING
        service = SERVICE_SORT_COLUMNS.get(key)
        if service is not None and order == DESCENDING:
            if self.box.currentData() == service:
                self.show_indicator()
            else:
                self.box.setCurrentIndex(self.box.findData(service))  # searches
            return
        self.proxy.sort(column, order)
        self._set_indicator((column, order))
        label = column_sort_label(key, title, order)
        self.box.blockSignals(True)
        i = self.box.findData(COLUMN_SORT)
        if i < 0:
            self.box.addItem(label, COLUMN_SORT)
            i = self.box.count() - 1
        self.box.setItemText(i, label)
        self.box.setCurrentIndex(i)
        self.box.blockSignals(False)

    def _box_changed(self) -> None:
        key = self.box.currentData()
        if key == COLUMN_SORT:
            return  # only a header click chooses it
        i = self.box.findData(COLUMN_SORT)
        if i >= 0:
            self.box.blockSignals(True)
            self.box.removeItem(i)
            self.box.blockSignals(False)
        self._settings.set(keys.SEARCH_SORT, key)
        self.proxy.sort(-1)  # the service's order
        self.show_indicator()
        self._search()

    def _set_indicator(self, shown: tuple[int, Qt.SortOrder] | None) -> None:
        self._shown = shown
        self.header.blockSignals(True)
        self.header.setSortIndicator(*(shown or (-1, DESCENDING)))
        self.header.blockSignals(False)
