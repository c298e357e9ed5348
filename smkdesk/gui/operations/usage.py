"""Closing the loop on usage: Tools → Deals and outcomes (won or lost)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smkdesk.gui.operations.general import open_dialog

if TYPE_CHECKING:
    from smkdesk.gui.mainwindow import MainWindow


def show_deals(window: MainWindow) -> None:
    from smkdesk.gui.usage.deals_dialog import DealsDialog

    open_dialog(DealsDialog(window.ctx, window))
