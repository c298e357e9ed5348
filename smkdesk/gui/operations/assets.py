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
from dataclasses import dataclass
from datetime import datetime, timedelta
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
from smkdesk.gui.widgets.fields import plural

#: Shows a passing message for some milliseconds (the window's status bar).
Say = Callable[[str, int], None]
#: Offers to undo what was just done: (what was done, how to undo it).
OfferUndo = Callable[[str, Callable[[], object]], None]
#: Uses that reach a buyer: logging them for unpublished content asks first.
EXTERNAL = ("sent", "presented")
ACTION_WORDS = {"sent": "sent", "presented": "presented"}

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


def unpublished_question(assets: Sequence[AssetSummary], action: str) -> str:
    """The question asked before logging a draft as sent (empty: nothing to ask)."""
    drafts = [a for a in assets if a.status != "published"]
    if action not in EXTERNAL or not drafts:
        return ""
    verb = ACTION_WORDS[action]
    if len(drafts) == 1:
        a = drafts[0]
        why = _why(a)
        return (
            f"“{a.title}” is {'a draft' if a.status == 'draft' else a.status}"
            f"{f' ({why})' if why else ''}: it is not published for use with buyers yet.\n\n"
            f"Log it as {verb} anyway?"
        )
    names = "\n".join(f"• {a.title} ({a.status})" for a in drafts[:5])
    more = f"\n…and {len(drafts) - 5} more" if len(drafts) > 5 else ""
    return (
        f"{plural(len(drafts), 'asset')} of these are not published for use with buyers yet:"
        f"\n{names}{more}\n\nLog them as {verb} anyway?"
    )


def _why(asset: AssetSummary) -> str:
    """A word on why it is a draft, from its description ("pending legal review")."""
    text = " ".join(getattr(asset, "description", "").split())
    for sentence in text.split(". "):
        words = sentence.strip().rstrip(".")
        if "draft" in words.lower() or "pending" in words.lower():
            if words.lower().startswith("draft"):
                words = words[5:].lstrip(" :,-—")
            return words[:1].lower() + words[1:90]
    return ""


def ask_unpublished(parent: QWidget, assets: Sequence[AssetSummary], action: str) -> bool:
    """True when there is nothing to ask, or the user chose to log anyway."""
    question = unpublished_question(assets, action)
    if not question:
        return True
    return confirm_unpublished(parent, question, action)


def confirm_unpublished(parent: QWidget, question: str, action: str) -> bool:
    """Ask before logging a draft as sent. "Don't log" is the default (Enter) and
    Escape: a draft reaches a buyer only when the user chooses it."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Not published yet",
        question,
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setTextFormat(box.textFormat().PlainText)
    yes = box.addButton(
        f"Log as {ACTION_WORDS.get(action, action)}", QMessageBox.ButtonRole.AcceptRole
    )
    no = box.addButton("&Don't log", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def logged_text(what: str, titles: Sequence[str], count: int, account: str = "") -> str:
    """'Logged “sent” for “Harbour & Pine case study” (Acme).' or '… for 3 assets.'"""
    target = f"“{titles[0]}”" if count == 1 and titles else plural(count, "asset")
    return f"Logged “{what}” for {target}{f' ({account})' if account else ''}."


def offer_log_undo(
    ctx: AppContext,
    parent: QWidget,
    log: QuickLog,
    text: str,
    since: datetime,
    say: Say,
    offer_undo: OfferUndo | None,
) -> None:
    """Say what was logged, with an Undo that takes those uses back."""
    user = ctx.user

    def undo() -> None:
        ctx.record(
            "Undo log use",
            lambda lib: lib.usage.withdraw(log.ids, log.action, user, since),
            parent,
            on_done=lambda _c: say(f"Took back “{log.what}”.", 5000),
        )

    if offer_undo is not None:
        offer_undo(text, undo)
    else:
        say(text, 5000)


@dataclass(frozen=True)
class QuickLog:
    ids: tuple[int, ...]
    action: str
    rating: int | None = None

    @property
    def what(self) -> str:
        return {1: "helpful", -1: "not helpful"}.get(self.rating or 0, self.action)


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
