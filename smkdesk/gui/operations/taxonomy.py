"""Edit → Taxonomy: stages, personas, sectors and asset types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smkdesk.gui.operations.general import open_dialog

if TYPE_CHECKING:
    from smkdesk.gui.mainwindow import MainWindow


def edit_taxonomy(window: MainWindow) -> None:
    from smkdesk.gui.taxonomy.dialog import TaxonomyDialog

    open_dialog(TaxonomyDialog(window.ctx, window))
