"""The commands on the Library's selection: the Asset menu (open, log, copy,
reveal, save a copy) and Edit → Edit, Bulk edit, Retire, Delete.

Each takes the main window, reads what is selected on its Library page, and
hands over to ``assets`` or ``edit``. Single-asset commands act on the asset
whose details are loaded, never on one still loading."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smkdesk.core.catalogue.dto import AssetSummary
from smkdesk.gui.operations import assets, edit
from smkdesk.gui.operations.general import open_dialog

if TYPE_CHECKING:
    from smkdesk.gui.mainwindow import MainWindow


def _one(window: MainWindow) -> int | None:
    ids = window.page.selected_ids()
    return ids[0] if len(ids) == 1 else None


def _titles(window: MainWindow, ids: list[int]) -> list[str]:
    model = window.page.model
    return [model.asset(r).title if (r := model.row_of(i)) >= 0 else "" for i in ids]


def _say(window: MainWindow) -> assets.Say:
    return window.statusBar().showMessage


def open_asset(window: MainWindow) -> None:
    """Asset → Open (Ctrl+Return, a double click): counts as "opened"."""
    asset = window.page.current_asset()
    if asset is None or asset.id != _one(window):
        return
    window.page.search_log.flush()  # the search that found it counts now
    assets.open_detail(window.ctx, window, asset)


def reveal(window: MainWindow) -> None:
    if (asset := window.page.current_asset()) is not None:
        assets.reveal(window.ctx, window, asset)


def save_copy(window: MainWindow) -> None:
    if (asset := window.page.current_asset()) is not None:
        assets.save_copy(window.ctx, window, asset, _say(window))


def copy(window: MainWindow) -> None:
    if (asset := window.page.current_asset()) is not None:
        assets.copy_to_clipboard(window.ctx, window, asset, _say(window))


def log_use(window: MainWindow) -> None:
    """Asset → Log as used…: account, stage and note for the current asset."""
    from smkdesk.gui.library.log_use import LogUseDialog

    if (asset := window.page.current_asset()) is not None:
        open_dialog(LogUseDialog(window.ctx, asset, window, offer_undo=window.status.offer_undo))


def quick_log(window: MainWindow, action: str, rating: int | None = None) -> None:
    """Log quickly (Ctrl+Alt+S…): one use for every selected asset, with Undo.
    Off the Library it logs nothing and says why: never assets out of sight."""
    if window.workspaces.current() != "library":
        name = {"sent": "log_sent", "presented": "log_presented"}.get(action, "log_helpful")
        window.shortcut_hints.say_why(name if rating is None or rating > 0 else "log_not_helpful")
        return
    model, current = window.page.model, window.page.current_asset()
    chosen: list[AssetSummary] = []
    for asset_id in window.page.selected_ids():
        if current is not None and current.id == asset_id:
            chosen.append(current)  # with its description (why it is a draft)
        elif (row := model.row_of(asset_id)) >= 0:
            chosen.append(model.asset(row))
    assets.quick_log(
        window.ctx, window, chosen, action, rating, _say(window), window.status.offer_undo
    )


def edit_asset(window: MainWindow) -> None:
    edit.edit_asset(window.ctx, window, window.page.current_asset(), window.status.offer_undo)


def bulk_edit(window: MainWindow) -> None:
    edit.bulk_edit(window.ctx, window, window.page.selected_ids(), window.status.offer_undo)


def retire(window: MainWindow) -> None:
    """Retire the selection (the Review page's dialog and rule), with Undo."""
    if ids := window.page.selected_ids():
        assets.retire(window.ctx, window, ids, _titles(window, ids), window.status.offer_undo)


def delete(window: MainWindow) -> None:
    """Delete the selection after a confirmation that names the first five."""
    if ids := window.page.selected_ids():
        assets.delete(window.ctx, window, ids, _titles(window, ids[:5]))
