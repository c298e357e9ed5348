"""Acting on assets from the library page: open, reveal, save a copy, copy it,
log a use in one step, delete. Each logs a use only where it says so: Open
counts as "opened" and the Log commands log; copying and saving do not.

A stored file is named by its hash (``files/a3/a382…c6.pdf``). Whatever leaves
the app (a viewer, the clipboard, a folder window) gets a read-only copy under
the file's original name instead, in one temporary folder per session.
"""

from __future__ import annotations

import atexit
import shutil
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from smkdesk.core.catalogue.dto import AssetDetail, AssetSummary
from smkdesk.core.changes import Changes
from smkdesk.core.library import Library
from smkdesk.core.store.files import NamedCopies
from smkdesk.core.usage.events import UsageContext
from smkdesk.core.util.timeutil import utcnow
from smkdesk.gui.context import AppContext, show_error
from smkdesk.gui.library.usage_log import (
    OfferUndo,
    QuickLog,
    Say,
    ask_unpublished,
    logged_text,
    offer_log_undo,
)
from smkdesk.gui.widgets.fields import plural

#: Uses that reach a buyer: logging them for unpublished content asks first.

_copies: NamedCopies | None = None


def session_copies() -> NamedCopies:
    """This session's folder of named copies (made on first use, removed at exit)."""
    global _copies
    if _copies is None:
        _copies = NamedCopies()
        atexit.register(close_copies)
    return _copies


def close_copies() -> None:
    global _copies
    if _copies is not None:
        _copies.close()
        _copies = None


def named_copy(asset: AssetDetail) -> Path:
    """A read-only copy of the stored file under its original name (worker thread)."""
    if asset.stored_path is None or not asset.stored_path.exists():
        raise FileNotFoundError("The stored file is missing; run Tools → Check library.")
    name = asset.file_name or f"{asset.title}{asset.file_ext or asset.stored_path.suffix}"
    return session_copies().copy(asset.stored_path, name, str(asset.id))


def _with_copy(
    ctx: AppContext, parent: QWidget, asset: AssetDetail, then: Callable[[Path], object]
) -> None:
    task = ctx.tasks.read("Preparing the file", lambda _t: named_copy(asset))
    task.succeeded.connect(then)
    task.failed.connect(lambda msg: show_error(parent, "Cannot use the file", msg))


def open_detail(ctx: AppContext, parent: QWidget, asset: AssetDetail) -> None:
    """Hand a named read-only copy (or the web address) to the system; log "opened"."""
    if asset.kind == "link":
        url = QUrl(asset.url or "")
        if url.scheme() not in ("http", "https"):
            show_error(parent, "Cannot open", "Only web addresses (http/https) are opened.")
            return
        _open_url(ctx, parent, asset, url)
        return
    _with_copy(ctx, parent, asset, lambda path: _open_url(ctx, parent, asset, _file_url(path)))


def _file_url(path: Path) -> QUrl:
    return QUrl.fromLocalFile(str(path))


def _open_url(ctx: AppContext, parent: QWidget, asset: AssetDetail, url: QUrl) -> None:
    if not QDesktopServices.openUrl(url):
        no_viewer(ctx, parent, asset)
        return
    _log(ctx, parent, asset.id, "opened")


def no_viewer(ctx: AppContext, parent: QWidget, asset: AssetDetail) -> None:
    """Nothing on this computer opens the file: offer the ways to use it anyway."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Cannot open",
        "No application is set up to open this kind of file.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setTextFormat(box.textFormat().PlainText)
    stored = asset.kind != "link" and asset.stored_path is not None
    save = show = None
    if stored:
        box.setInformativeText(
            f"Save a copy of “{asset.file_name or asset.title}” where another program can "
            "reach it, or show it in a folder window."
        )
        save = box.addButton("&Save a copy…", QMessageBox.ButtonRole.ActionRole)
        show = box.addButton("Show in &folder", QMessageBox.ButtonRole.ActionRole)
    close = box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(save or close)
    box.setEscapeButton(close)
    box.exec()
    clicked = box.clickedButton()
    if clicked is not None and clicked is save:
        say = getattr(parent.window(), "statusBar", None)
        save_copy(ctx, parent, asset, say().showMessage if callable(say) else _no_say)
    elif clicked is not None and clicked is show:
        reveal(ctx, parent, asset)


def _no_say(_text: str, _msecs: int) -> None:
    pass


def open_by_id(ctx: AppContext, parent: QWidget, asset_id: int) -> None:
    """Open an asset chosen elsewhere (review queue, dashboard, workshops)."""
    lib = ctx.library
    task = ctx.tasks.read("Loading", lambda _t: lib.assets.get(asset_id))
    task.succeeded.connect(lambda asset: open_detail(ctx, parent, asset))
    task.failed.connect(lambda msg: show_error(parent, "Cannot open", msg))


def reveal(ctx: AppContext, parent: QWidget, asset: AssetDetail) -> None:
    """Show the named copy in a folder window (not the store's hashed folder)."""
    if asset.kind != "link":
        _with_copy(ctx, parent, asset, lambda p: QDesktopServices.openUrl(_file_url(p.parent)))


def save_copy(ctx: AppContext, parent: QWidget, asset: AssetDetail, say: Say) -> None:
    """Save the file elsewhere under a name the user picks (logs nothing)."""
    if asset.stored_path is None:
        return
    target, _ = QFileDialog.getSaveFileName(parent, "Save a copy as", asset.file_name or "")
    if not target:
        return
    src = asset.stored_path
    task = ctx.tasks.read("Saving a copy", lambda _t: shutil.copyfile(src, target))
    task.succeeded.connect(lambda _r: say(f"Saved {target}", 5000))
    task.failed.connect(lambda msg: show_error(parent, "Could not save the copy", msg))


def clipboard_data(asset: AssetDetail, path: Path | None) -> QMimeData:
    """A file asset as a file (pasted into an e-mail it attaches), with its path
    as text; a link asset as its web address."""
    data = QMimeData()
    if asset.kind == "link" or path is None:
        data.setText(asset.url or "")
        if asset.url:
            data.setUrls([QUrl(asset.url)])
        return data
    url = _file_url(path)
    data.setUrls([url])
    data.setText(str(path))
    # file managers on Linux (GNOME, and others that follow it) paste files from this
    data.setData("x-special/gnome-copied-files", f"copy\n{url.toString()}".encode())
    return data


def copy_to_clipboard(ctx: AppContext, parent: QWidget, asset: AssetDetail, say: Say) -> None:
    """Copy the file (named as it was imported) or the web address; logs nothing."""
    hint = " Log it as sent with Ctrl+Alt+S once it has gone."

    def put(path: Path | None) -> None:
        QGuiApplication.clipboard().setMimeData(clipboard_data(asset, path))
        what = f"“{path.name}”" if path is not None else "the web address"
        say(f"Copied {what} to the clipboard.{hint}", 8000)

    if asset.kind == "link":
        put(None)
    else:
        _with_copy(ctx, parent, asset, put)


def quick_log(
    ctx: AppContext,
    parent: QWidget,
    assets: Sequence[AssetSummary],
    action: str,
    rating: int | None,
    say: Say,
    offer_undo: OfferUndo | None = None,
) -> bool:
    """Log one use (or feedback) for every selected asset, in one step, with an
    Undo on offer; sending a draft asks first. False if the user said no."""
    if not assets or not ask_unpublished(parent, assets, action):
        return False
    log = QuickLog(tuple(a.id for a in assets), action, rating)
    user, context = ctx.user, UsageContext(rating=rating)
    since = utcnow() - timedelta(microseconds=1)
    text = logged_text(log.what, [a.title for a in assets], len(log.ids))

    def work(lib: Library) -> Changes:
        changes = Changes()
        for asset_id in log.ids:
            changes |= lib.usage.log(asset_id, action, user, context)
        return changes

    def done(_c: Changes) -> None:
        offer_log_undo(ctx, parent, log, text, since, say, offer_undo)

    ctx.record("Log use", work, parent, on_done=done)
    return True


def retire(
    ctx: AppContext,
    parent: QWidget,
    ids: Sequence[int],
    titles: Sequence[str],
    offer_undo: OfferUndo,
) -> None:
    """Retire the selection with a reason (the Review page's dialog), with Undo."""
    from smkdesk.gui.usage.lifecycle_dialogs import RetireDialog

    chosen = list(ids)
    if not chosen:
        return
    dialog = RetireDialog(list(titles), parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    user = ctx.user

    def undo() -> None:
        ctx.write("Restore", lambda lib: lib.lifecycle.restore(chosen, user), parent)

    def accepted() -> None:
        reason = dialog.text()
        text = f"Retired {plural(len(chosen), 'asset')}: {reason}."
        ctx.write(
            "Retire",
            lambda lib: lib.lifecycle.retire(chosen, reason, user),
            parent,
            on_done=lambda _c: offer_undo(text, undo),
        )

    dialog.accepted.connect(accepted)
    dialog.open()


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
