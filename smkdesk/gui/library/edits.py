"""Saving an asset's edits (one asset, or a bulk edit of a selection).

Each change is recorded field by field in the audit trail with the user's name,
and ends with a status-bar message offering Undo, which puts back each asset's
previous values. The Edit and Bulk edit dialogs save through these; the menu
commands that open them are in ``gui/operations/edit.py``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

from smkdesk.core.catalogue.dto import DIMENSION_LABELS, AssetDetail, AssetUpdate, TagEdit
from smkdesk.core.catalogue.snapshot import AssetSnapshot
from smkdesk.core.changes import Changes
from smkdesk.core.library import Library
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.usage_log import OfferUndo
from smkdesk.gui.tasks import Task
from smkdesk.gui.widgets.fields import plural

#: The words for each field an edit sets, in the order a message lists them.
FIELD_WORDS = (
    ("title", "title"),
    ("description", "description"),
    ("asset_type", "type"),
    ("owner", "owner"),
    ("status", "status"),
    ("abm_tier", "ABM tier"),
    ("review_by", "review date"),
    ("language", "language"),
    ("url", "web address"),
    ("stages", "stages"),
    ("personas", "personas"),
    ("sectors", "sectors"),
    ("keywords", "keywords"),
)


def describe(update: AssetUpdate, tags: TagEdit | None = None) -> str:
    """'type, ABM tier, review date, +stage Decision' (what an edit sets)."""
    tags = tags or TagEdit()
    parts = [word for name, word in FIELD_WORDS if getattr(update, name) is not None]
    for sign, picked in (("+", tags.add), ("−", tags.remove)):
        for dim, names in picked.items():
            label = DIMENSION_LABELS.get(dim, dim).lower()
            parts += [f"{sign}{label} {n}" for n in names]
    parts += [f"+keyword {k}" for k in tags.add_keywords]
    parts += [f"−keyword {k}" for k in tags.remove_keywords]
    if len(parts) > 6:
        parts = [*parts[:6], f"{len(parts) - 6} more"]
    return ", ".join(parts)


def _run(
    ctx: AppContext,
    parent: QWidget,
    ids: Sequence[int],
    change: Callable[[Library], Changes],
    text: str,
    offer_undo: OfferUndo | None,
    on_done: Callable[[], Any] | None,
) -> Task:
    """Take a snapshot, run ``change`` on the writer thread, then offer Undo."""
    chosen, user = list(ids), ctx.user
    before: list[AssetSnapshot] = []
    home = parent.parentWidget() if isinstance(parent, QDialog) else parent  # outlives a dialog

    def work(lib: Library) -> Changes:
        before[:] = lib.assets.snapshot(chosen)
        return change(lib)

    def undo() -> None:
        snapshot = tuple(before)
        ctx.write(
            "Undo edit",
            lambda lib: lib.assets.restore_snapshot(snapshot, user),
            home,
            on_done=lambda _c: _say(home, f"Undone: {text}"),
        )

    def done(_c: Changes) -> None:
        if offer_undo is not None:
            offer_undo(text, undo)
        if on_done is not None:
            on_done()

    return ctx.write(text.split(":")[0], work, parent, on_done=done)


def apply_bulk_edit(
    ctx: AppContext,
    parent: QWidget,
    ids: Sequence[int],
    update: AssetUpdate,
    tags: TagEdit,
    offer_undo: OfferUndo | None = None,
    on_done: Callable[[], Any] | None = None,
) -> Task:
    """Set fields and add/remove tags on several assets, with Undo on offer."""
    user = ctx.user
    chosen = list(dict.fromkeys(ids))
    tags_changed, fields_changed = tags != TagEdit(), update != AssetUpdate()

    def change(lib: Library) -> Changes:
        changes = Changes()
        if fields_changed:
            changes |= lib.assets.update_many(chosen, update, user)
        if tags_changed:
            changes |= lib.assets.edit_tags(chosen, tags, user)
        return changes

    text = f"Updated {plural(len(chosen), 'asset')}: {describe(update, tags)}"
    return _run(ctx, parent, chosen, change, text, offer_undo, on_done)


def save_asset(
    ctx: AppContext,
    parent: QWidget,
    asset: AssetDetail,
    update: AssetUpdate,
    offer_undo: OfferUndo | None = None,
    on_done: Callable[[], Any] | None = None,
) -> Task:
    """Save the Edit dialog's changes to one asset, with Undo on offer."""
    user, asset_id = ctx.user, asset.id
    text = f"Saved “{asset.title}”: {describe(update)}"
    change = lambda lib: lib.assets.update(asset_id, update, user)  # noqa: E731
    return _run(ctx, parent, [asset_id], change, text, offer_undo, on_done)


def _say(widget: QWidget | None, text: str) -> None:
    """A passing message in the window's status bar, if there is one."""
    window = widget.window() if widget is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 5000)
