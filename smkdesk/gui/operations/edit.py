"""Editing assets: the Edit dialog for one asset and Bulk edit for a selection.
Each change is recorded field by field in the audit trail with the user's name,
and ends with a status-bar message offering Undo, which puts back each asset's
previous values."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from smkdesk.core.catalogue.dto import AssetDetail
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.usage_log import OfferUndo
from smkdesk.gui.operations.general import open_dialog


def bulk_edit(
    ctx: AppContext, parent: QWidget, ids: Sequence[int], offer_undo: OfferUndo | None
) -> None:
    """Bulk edit… on the selected assets."""
    from smkdesk.gui.library.bulk_edit import BulkEditDialog

    if ids:
        open_dialog(BulkEditDialog(ctx, ids, parent, offer_undo=offer_undo))


def edit_asset(
    ctx: AppContext, parent: QWidget, asset: AssetDetail | None, offer_undo: OfferUndo | None
) -> None:
    """Edit… on the current asset."""
    from smkdesk.gui.library.edit_asset import EditAssetDialog

    if asset is not None:
        open_dialog(EditAssetDialog(ctx, asset, parent, offer_undo=offer_undo))
