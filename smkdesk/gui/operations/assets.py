"""Acting on assets from the library page: open, reveal, save a copy, copy its
link, log a use in one step, delete. Each logs a use only where it says so."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from smkdesk.core.dto import AssetDetail, Changes
from smkdesk.core.library import Library
from smkdesk.core.usage import UsageContext
from smkdesk.gui.context import AppContext, show_error

#: Shows a passing message for some milliseconds (the window's status bar).
Say = Callable[[str, int], None]


def open_detail(ctx: AppContext, parent: QWidget, asset: AssetDetail) -> None:
    """Hand the stored copy (or the web address) to the system; log "opened"."""
    if asset.kind == "link":
        url = QUrl(asset.url or "")
        if url.scheme() not in ("http", "https"):
            show_error(parent, "Cannot open", "Only web addresses (http/https) are opened.")
            return
    else:
        if asset.stored_path is None or not asset.stored_path.exists():
            show_error(
                parent, "Cannot open", "The stored file is missing; run Tools → Check library."
            )
            return
        url = QUrl.fromLocalFile(str(asset.stored_path))
    if not QDesktopServices.openUrl(url):
        show_error(parent, "Cannot open", "No application is set up to open this kind of file.")
        return
    _log(ctx, parent, asset.id, "opened")


def reveal(asset: AssetDetail) -> None:
    if asset.stored_path is not None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(asset.stored_path.parent)))


def save_copy(ctx: AppContext, parent: QWidget, asset: AssetDetail, say: Say) -> None:
    if asset.stored_path is None:
        return
    target, _ = QFileDialog.getSaveFileName(parent, "Save a copy as", asset.file_name or "")
    if not target:
        return
    src = asset.stored_path
    task = ctx.tasks.read("Saving a copy", lambda _t: shutil.copyfile(src, target))
    task.succeeded.connect(lambda _r: say(f"Saved {target}", 5000))
    task.failed.connect(lambda msg: show_error(parent, "Could not save the copy", msg))
    _log(ctx, parent, asset.id, "copied")


def copy_link(ctx: AppContext, parent: QWidget, asset: AssetDetail, say: Say) -> None:
    text = asset.url if asset.kind == "link" else str(asset.stored_path or "")
    QGuiApplication.clipboard().setText(text or "")
    say("Copied to the clipboard", 3000)
    _log(ctx, parent, asset.id, "copied", UsageContext(note="copied link"))


def quick_log(
    ctx: AppContext,
    parent: QWidget,
    ids: Sequence[int],
    action: str,
    rating: int | None,
    say: Say,
) -> None:
    """Log one use (or feedback) for every selected asset, in one step."""
    user, context = ctx.user, UsageContext(rating=rating)
    what = {1: "helpful", -1: "not helpful"}.get(rating or 0, action)

    def work(lib: Library) -> Changes:
        changes = Changes()
        for asset_id in ids:
            changes |= lib.usage.log(asset_id, action, user, context)
        return changes

    def done(_c: Changes) -> None:
        n = len(ids)
        say(f"Logged “{what}” for {n} asset{'s' if n != 1 else ''}.", 5000)

    ctx.record("Log use", work, parent, on_done=done)


def delete(ctx: AppContext, parent: QWidget, ids: Sequence[int], titles: Sequence[str]) -> None:
    """Delete after a confirmation that names what goes (Cancel is the default)."""
    more = f"\n…and {len(ids) - len(titles)} more" if len(ids) > len(titles) else ""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Delete assets",
        f"Delete {len(ids)} asset(s) and their stored files? Their usage history goes too.\n\n"
        + "\n".join(titles)
        + more
        + "\n\nTo take content out of circulation but keep its history, set its status "
        "to Retired instead.",
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setTextFormat(box.textFormat().PlainText)
    button = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is button:
        chosen = list(ids)
        ctx.write("Delete assets", lambda lib: lib.assets.delete(chosen), parent)


def _log(
    ctx: AppContext,
    parent: QWidget,
    asset_id: int,
    action: str,
    context: UsageContext | None = None,
) -> None:
    user, ctx_ = ctx.user, context or UsageContext()
    ctx.record("Log use", lambda lib: lib.usage.log(asset_id, action, user, ctx_), parent)
