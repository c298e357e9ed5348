"""The Qt binding itself: a release that drops references to Python's
singletons (PySide6 6.12.0 drops one to None on every item ``setData`` and
empty ``data``) makes the app abort at exit, or mid-session after enough
edits. pyproject excludes the known release; this catches the next one."""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeWidgetItem

pytestmark = pytest.mark.gui
ROLE = Qt.ItemDataRole.UserRole
CALLS = 500


def _drift(fn) -> int:
    """How far the reference counts of None, True and False move over CALLS calls."""
    gc.collect()
    before = [sys.getrefcount(x) for x in (None, True, False)]
    for _ in range(CALLS):
        fn()
    gc.collect()
    after = [sys.getrefcount(x) for x in (None, True, False)]
    return max(abs(a - b) for a, b in zip(after, before, strict=True))


@pytest.mark.skipif(
    sys.version_info >= (3, 12),
    reason="None, True and False are immortal from Python 3.12 (PEP 683): their counts "
    "move with the binding's stable-ABI calls, and a lost reference can no longer free them",
)
def test_item_data_keeps_reference_counts(qapp) -> None:
    model = QStandardItemModel()
    item = QStandardItem("x")
    model.appendRow(item)
    tree_item = QTreeWidgetItem(["x"])
    calls = {
        "QStandardItem.setData": lambda: item.setData("text", ROLE),
        "QStandardItem.data (empty)": lambda: item.data(ROLE + 7),
        "QStandardItemModel.data (empty)": lambda: model.data(model.index(0, 0), ROLE + 7),
        "QStandardItem.setData(True)": lambda: item.setData(True, ROLE),
        "QStandardItem.data (bool)": lambda: item.data(ROLE),
        "QTreeWidgetItem.setData(None)": lambda: tree_item.setData(0, ROLE, None),
        "QTreeWidgetItem.data (None)": lambda: tree_item.data(0, ROLE),
    }
    # a little slack for objects the calls create and free; a leak moves by CALLS
    drifting = {name: d for name, fn in calls.items() if (d := _drift(fn)) > CALLS // 10}
    assert not drifting, f"this PySide6 loses references: {drifting}"
