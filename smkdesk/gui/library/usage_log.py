"""Logging uses: the question before logging an unpublished asset, the message
that says what was logged, and its Undo. Shared by the Log use dialog and the
one-step logging commands (``gui/operations/assets.py``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import QMessageBox, QWidget

from smkdesk.core.catalogue.dto import AssetSummary
from smkdesk.gui.context import AppContext
from smkdesk.gui.widgets.fields import plural

#: Shows a passing message for some milliseconds (the window's status bar).
Say = Callable[[str, int], None]

#: The uses that reach a customer: logging them for a draft asks first.
EXTERNAL = ("sent", "presented")
ACTION_WORDS = {"sent": "sent", "presented": "presented"}


#: Offers to undo what was just done: (what was done, how to undo it).
OfferUndo = Callable[[str, Callable[[], object]], None]


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
