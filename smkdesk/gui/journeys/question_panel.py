"""The side panel of the workshop board for one question: the team's answers
(add from sales or marketing, correct, vote, remove with Undo), the assets
linked to it (unlink, or link from suggestions or a library search), and
whether content is needed (with an owner and votes). Every change is saved
at once: the owner field as the typing pauses, when it loses focus, on
Enter, and before the panel moves to another question."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.changes import Changes
from smkdesk.core.journeys.types import Question
from smkdesk.core.library import Library
from smkdesk.core.search.dto import SearchHit, SearchQuery
from smkdesk.gui.context import AppContext
from smkdesk.gui.journeys.answer_dialog import AnswerDialog
from smkdesk.gui.widgets.asset_picker import AssetPicker
from smkdesk.gui.widgets.fields import (
    STATUS_LABELS,
    buddy_label,
    confirm,
    debounce,
    hint_label,
    plural,
)

ID_ROLE = Qt.ItemDataRole.UserRole
LINKED_ROLE = Qt.ItemDataRole.UserRole + 1  # a search hit already linked to the question
OWNER_PAUSE_MS = 700
MIN_LIST_LINES = 3  # each list keeps this many lines in a 700-pixel-high window


def status_note(status: str) -> str:
    """ "  ·  Draft" for content that is not published (reps should know), else ""."""
    return "" if status == "published" else f"  ·  {STATUS_LABELS.get(status, status)}"


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class QuestionPanel(QWidget):
    asset_requested = Signal(int)
    suggestions_loaded = Signal()
    #: (what was done, a callable that undoes it) for the window's status bar
    undo_offered = Signal(str, object)
    UNDO_SIGNATURE = "2undo_offered(QString,PyObject)"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.workshop_id = 0
        self.question: Question | None = None
        #: whether an Undo offer reaches a status bar (the page that holds the
        #: panel passes its own signal on); without one, Remove asks first
        self.undo_listened: Callable[[], bool] = lambda: self.receivers(self.UNDO_SIGNATURE) > 0
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)

        self.answers = QListWidget()
        self.answers.setWordWrap(True)
        self.answers.setAccessibleName("Answers")
        self.answers.currentItemChanged.connect(lambda *_a: self._update_answer_buttons())
        self.answers.itemDoubleClicked.connect(lambda _i: self.edit_answer())
        self.answers.installEventFilter(self)  # Delete removes, Enter edits
        add_sales = QPushButton("+ &Sales answer")
        add_marketing = QPushButton("+ Mar&keting answer")
        add_sales.clicked.connect(lambda: self.add_answer("sales"))
        add_marketing.clicked.connect(lambda: self.add_answer("marketing"))
        self.vote_button = QPushButton("V&ote")
        self.vote_button.setToolTip("One more vote for the selected answer (dot-voting)")
        self.vote_button.clicked.connect(lambda: self.vote_answer())
        self.unvote_button = QPushButton("Take &back")
        self.unvote_button.setToolTip("Take back one vote from the selected answer")
        self.unvote_button.clicked.connect(self.unvote_answer)
        self.edit_button = QPushButton("Ed&it…")
        self.edit_button.setToolTip("Correct the selected answer (or double-click it)")
        self.edit_button.clicked.connect(lambda: self.edit_answer())
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setToolTip("Remove the selected answer with its votes (Delete; Undo)")
        self.remove_button.clicked.connect(self.remove_answer)
        # adding sits beside the heading and voting under the list, so that no
        # button is clipped in a narrow panel and the lists keep their height
        answers_head = QHBoxLayout()
        answers_head.addWidget(_bold("Answers"))
        answers_head.addStretch(1)
        answers_head.addWidget(add_sales)
        answers_head.addWidget(add_marketing)
        vote_row = QHBoxLayout()
        for button in (self.vote_button, self.unvote_button, self.edit_button, self.remove_button):
            vote_row.addWidget(button)
        vote_row.addStretch(1)

        self.assets = QListWidget()
        self.assets.setAccessibleName("Linked assets")
        self.assets.setWordWrap(True)  # long titles wrap: no sideways scrolling
        self.assets.itemDoubleClicked.connect(
            lambda item: self.asset_requested.emit(int(item.data(ID_ROLE)))
        )
        unlink = QPushButton("&Unlink")
        unlink.clicked.connect(self.unlink)
        search = QPushButton("Link from librar&y…")
        search.clicked.connect(self.link_from_search)
        asset_buttons = QHBoxLayout()
        asset_buttons.addWidget(unlink)
        asset_buttons.addWidget(search)
        asset_buttons.addStretch(1)

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Search the library…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setToolTip(
            "Search the whole library here; clear it to see the suggestions again"
        )
        self._find_timer = debounce(self, 250, self.load_suggestions)
        self.search_box.textChanged.connect(lambda _t: self._find_timer.start())
        self.search_box.returnPressed.connect(self.load_suggestions)
        self.list_title = _bold("Suggested from the library")
        self.list_hint = hint_label("Ranked by the question and answers, weighted to the workshop.")
        self.suggestions = QListWidget()
        self.suggestions.setWordWrap(True)
        self.suggestions.setAccessibleName("Suggested assets")
        self.suggestions.itemDoubleClicked.connect(lambda _i: self.link_suggestion())
        link = QPushButton("&Link selected")
        link.setToolTip("Link the selected suggestion or search result to this question")
        link.clicked.connect(self.link_suggestion)
        for view in (self.answers, self.assets, self.suggestions):
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
            view.setMinimumHeight(view.fontMetrics().lineSpacing() * MIN_LIST_LINES + 8)

        self.needed = QCheckBox("&Content needed: add it to the content plan")
        self.needed.setToolTip("The question joins the content requests marketers work from")
        self.owner = QLineEdit()
        self.owner.setPlaceholderText("Who creates it")
        self.owner.setAccessibleName("Who creates it")
        self.owner.setToolTip("Saved as you type; the pack's action list names this owner")
        self._owner_dirty = False  # typed here and not yet sent to the library
        self._owner_timer = debounce(self, OWNER_PAUSE_MS, self.save_owner)
        self.owner.textEdited.connect(self._owner_edited)
        self.owner.editingFinished.connect(self.save_owner)
        self.gap_votes = QPushButton()
        self.gap_votes.setToolTip(
            "Dot-vote for content to answer this question: the votes set its priority in the "
            "pack, and a vote ticks Content needed"
        )
        self.gap_votes.clicked.connect(lambda: self.vote_gap())
        self.gap_unvote = QToolButton()
        self.gap_unvote.setText("−")
        self.gap_unvote.setAccessibleName("Take back a gap vote")
        self.gap_unvote.setToolTip("Take back one gap vote (Content needed stays ticked)")
        self.gap_unvote.clicked.connect(lambda: self.vote_gap(-1))
        self.needed.toggled.connect(self._needed_toggled)
        owner_row = QHBoxLayout()
        owner_row.addWidget(buddy_label("&Who creates it:", self.owner))
        owner_row.addWidget(self.owner, 1)
        owner_row.addWidget(self.gap_votes)
        owner_row.addWidget(self.gap_unvote)

        find_row = QHBoxLayout()
        find_row.addWidget(self.list_title)
        find_row.addWidget(self.search_box, 1)
        link_row = QHBoxLayout()
        link_row.addWidget(self.list_hint, 1)
        link_row.addWidget(link, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(answers_head)
        layout.addWidget(self.answers, 2)
        layout.addLayout(vote_row)
        layout.addWidget(_bold("Content that answers it"))
        layout.addWidget(self.assets, 1)
        layout.addLayout(asset_buttons)
        layout.addLayout(find_row)
        layout.addLayout(link_row)
        layout.addWidget(self.suggestions, 3)
        layout.addWidget(self.needed)
        layout.addLayout(owner_row)
        self.setEnabled(False)

    # -- showing -------------------------------------------------------------------------
    def show_question(self, workshop_id: int, question: Question | None) -> None:
        changed = question is None or self.question is None or question.id != self.question.id
        if changed:
            self.save_owner()  # an owner typed for the question on show goes with it
            # a search typed for one question is not the next one's: its suggestions show
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
            self._find_timer.stop()
        kept_answer = None if changed else self._selected(self.answers)
        kept_asset = None if changed else self._selected(self.assets)
        self.workshop_id, self.question = workshop_id, question
        self.setEnabled(question is not None)
        if question is None:
            self.title.setText("Select a question on the board.")
            for widget in (self.answers, self.assets, self.suggestions):
                widget.clear()
            return
        self.title.setText(question.text)
        self.answers.clear()
        for a in question.answers:
            votes = f"  ● {a.votes}" if a.votes else ""
            item = QListWidgetItem(f"{a.side.capitalize()}: {a.text}{votes}")
            item.setData(ID_ROLE, a.id)
            self.answers.addItem(item)
        self.assets.clear()
        for asset in question.assets:
            item = QListWidgetItem(
                f"{asset.title}  ·  {asset.type or 'asset'}{status_note(asset.status)}"
            )
            item.setData(ID_ROLE, asset.id)
            item.setToolTip(asset.location)
            self.assets.addItem(item)
        # a vote or a link reloads the question: the same rows stay selected,
        # so the next Vote counts for the same answer
        _reselect(self.answers, kept_answer)
        _reselect(self.assets, kept_asset)
        self._update_answer_buttons()
        self.needed.blockSignals(True)
        self.needed.setChecked(question.content_needed)
        self.needed.blockSignals(False)
        if changed or not self._owner_dirty:  # never overwrite what is being typed
            self.owner.setText(question.action_owner)
            self._owner_dirty = False
        self.gap_votes.setText(f"Vote gap ● {question.gap_votes}")
        self.gap_unvote.setEnabled(question.gap_votes > 0)
        self.load_suggestions()

    def load_suggestions(self) -> None:
        """Suggestions for the question, or library search results while the
        search box holds text (already linked assets left out of either)."""
        if self.question is None:
            return
        self._find_timer.stop()
        wid, qid = self.workshop_id, self.question.id
        linked = {a.id for a in self.question.assets}
        lib, text = self.ctx.library, self.search_box.text().strip()
        searching = bool(text)
        self.list_title.setText("Library search" if searching else "Suggested from the library")
        self.list_hint.setText(
            "Best matches first; double-click or Link selected to link one."
            if searching
            else "Ranked by the question and answers, weighted to the workshop."
        )

        def work(_t: object) -> list[tuple[int, str, bool]]:
            if not searching:
                return [
                    (
                        s.asset.id,
                        f"{s.asset.title}{status_note(s.asset.status)}\n    {s.why}",
                        False,
                    )
                    for s in lib.journey_coverage.suggest(wid, qid)
                    if s.asset.status != "retired"
                ]
            hits = lib.search(SearchQuery(text=text, limit=30, with_snippets=False)).hits
            return [_hit_row(h, h.id in linked) for h in hits if h.status != "retired"]

        self.ctx.tasks.latest(
            self,
            "Suggestions",
            work,
            lambda rows: self._show_suggestions(rows, searching),
            self._show_failure,
        )

    def _show_suggestions(self, rows: Sequence[tuple[int, str, bool]], searching: bool) -> None:
        self.suggestions.clear()
        for asset_id, text, is_linked in rows:
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, asset_id)
            item.setData(LINKED_ROLE, is_linked)
            if is_linked:
                item.setToolTip("Already linked to this question")
            self.suggestions.addItem(item)
        if not rows:
            self.suggestions.addItem(
                f"Nothing in the library matches ‘{self.search_box.text().strip()}’."
                if searching
                else "No suggestion: add answers, or search the library."
            )
        self.suggestions_loaded.emit()

    def _show_failure(self, message: str) -> None:
        self.suggestions.clear()
        self.suggestions.addItem(f"The library could not be searched: {message}")
        self.suggestions_loaded.emit()

    # -- editing -------------------------------------------------------------------------
    def _write(self, label: str, fn: Callable[[Library], Changes]) -> None:
        self.ctx.write(label, fn, self)

    def add_answer(self, side: str, text: str | None = None) -> AnswerDialog | None:
        """Ask for a new answer from ``side`` (or add ``text`` at once)."""
        if self.question is None:
            return None
        qid = self.question.id
        if text is not None:
            if text.strip():
                self._write("Answer", lambda lib: lib.journeys.add_answer(qid, side, text))
            return None
        dialog = AnswerDialog(side, self.question.text, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            typed = dialog.text()
            self._write("Answer", lambda lib: lib.journeys.add_answer(qid, side, typed))

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def edit_answer(self) -> AnswerDialog | None:
        """Correct the selected answer (its votes stay)."""
        answer_id = self._selected(self.answers)
        if answer_id is None or self.question is None:
            return None
        answer = next((a for a in self.question.answers if a.id == answer_id), None)
        if answer is None:
            return None
        dialog = AnswerDialog(answer.side, self.question.text, answer.text, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            typed = dialog.text()
            if typed != answer.text:
                self._write("Edit answer", lambda lib: lib.journeys.edit_answer(answer_id, typed))

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.answers
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.remove_answer()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
                self.edit_answer()
                return True
        return super().eventFilter(watched, event)

    def _selected(self, widget: QListWidget) -> int | None:
        item = widget.currentItem()
        data = item.data(ID_ROLE) if item is not None else None
        return int(data) if data is not None else None

    def _update_answer_buttons(self) -> None:
        answer = self._selected(self.answers)
        votes = 0
        if answer is not None and self.question is not None:
            votes = next((a.votes for a in self.question.answers if a.id == answer), 0)
        for button in (self.vote_button, self.edit_button, self.remove_button):
            button.setEnabled(answer is not None)
        self.unvote_button.setEnabled(votes > 0)
        hint = "" if answer is not None else " (select an answer first)"
        self.vote_button.setToolTip(f"One more vote for the selected answer (dot-voting){hint}")

    def vote_answer(self, delta: int = 1) -> None:
        answer = self._selected(self.answers)
        if answer is not None:
            label = "Vote" if delta > 0 else "Take back a vote"
            self._write(label, lambda lib: lib.journeys.vote_answer(answer, delta))

    def unvote_answer(self) -> None:
        self.vote_answer(-1)

    def remove_answer(self) -> None:
        """Remove the selected answer; the status bar offers Undo (which
        brings it back with its votes). Where no status bar listens, ask first."""
        answer_id = self._selected(self.answers)
        if answer_id is None or self.question is None:
            return
        answer = next((a for a in self.question.answers if a.id == answer_id), None)
        if answer is None:
            return
        qid = self.question.id
        short = answer.text if len(answer.text) <= 40 else answer.text[:39] + "…"
        votes = f" and its {plural(answer.votes, 'vote')}" if answer.votes else ""
        said = f"Removed the {answer.side} answer ‘{short}’{votes}"
        undoable = self.undo_listened()
        if not undoable and not confirm(
            self, "Remove answer", f"Remove the {answer.side} answer ‘{short}’{votes}?", "Remove"
        ):
            return

        def undo() -> None:
            side, text, n = answer.side, answer.text, answer.votes
            self._write(
                "Undo remove answer", lambda lib: lib.journeys.add_answer(qid, side, text, n)
            )

        self.ctx.write(
            "Remove answer",
            lambda lib: lib.journeys.delete_answer(answer_id),
            self,
            on_done=lambda _c: self.undo_offered.emit(said, undo) if undoable else None,
        )

    def unlink(self) -> None:
        asset = self._selected(self.assets)
        if asset is not None and self.question is not None:
            qid = self.question.id
            self._write("Unlink", lambda lib: lib.journeys.unlink_asset(qid, asset))

    def link_suggestion(self) -> None:
        item = self.suggestions.currentItem()
        if item is not None and item.data(LINKED_ROLE):
            return  # already linked: the list says so
        asset = self._selected(self.suggestions)
        if asset is not None and self.question is not None:
            qid = self.question.id
            self._write("Link asset", lambda lib: lib.journeys.link_asset(qid, asset))

    def link_from_search(self) -> None:
        if self.question is None:
            return
        picker = AssetPicker(self.ctx, "", self)
        picker.setWindowTitle("Link an asset to this question")
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        qid = self.question.id

        def accepted() -> None:
            asset = picker.asset_id()
            if asset is not None:
                self._write("Link asset", lambda lib: lib.journeys.link_asset(qid, asset))

        picker.accepted.connect(accepted)
        picker.open()

    def _needed_toggled(self, on: bool) -> None:
        if on:  # the next thing to say is who creates it
            self.owner.setFocus()
            self.owner.selectAll()
        if self.question is not None:
            qid, owner = self.question.id, self.owner.text()
            self._owner_timer.stop()
            self._owner_dirty = False
            self._write(
                "Content needed", lambda lib: lib.journeys.set_content_needed(qid, on, owner)
            )

    def _owner_edited(self, _text: str) -> None:
        self._owner_dirty = True
        self._owner_timer.start()

    def save_owner(self) -> None:
        """Send the owner typed for the question on show, if it changed."""
        self._owner_timer.stop()
        if not self._owner_dirty or self.question is None:
            return
        self._owner_dirty = False
        qid, owner = self.question.id, self.owner.text()
        self._write("Who creates it", lambda lib: lib.journeys.set_action_owner(qid, owner))

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_owner()
        super().hideEvent(event)

    def vote_gap(self, delta: int = 1) -> None:
        """A gap vote (it ticks Content needed), or ``delta`` -1 to take one back."""
        if self.question is None or (delta < 0 and self.question.gap_votes <= 0):
            return
        qid = self.question.id
        self.save_owner()
        label = "Vote gap" if delta > 0 else "Take back a gap vote"
        self._write(label, lambda lib: lib.journeys.vote_gap(qid, delta))


def _reselect(widget: QListWidget, item_id: int | None) -> None:
    for row in range(widget.count()):
        if item_id is not None and widget.item(row).data(ID_ROLE) == item_id:
            widget.setCurrentRow(row)
            return


def _hit_row(hit: SearchHit, linked: bool) -> tuple[int, str, bool]:
    """A search hit's row: its id, its two lines, and whether it is linked
    already (said, and kept in the list: never "nothing matches")."""
    facts = (["linked to this question"] if linked else []) + _facts(hit)
    mark = "✓ " if linked else ""
    return hit.id, f"{mark}{hit.title}{status_note(hit.status)}\n    {' · '.join(facts)}", linked


def _facts(hit: SearchHit) -> list[str]:
    """Type, stages and sectors of a search hit, for its second line."""
    facts = [hit.type or "asset"]
    if hit.stages:
        facts.append(", ".join(hit.stages))
    if hit.sectors:
        facts.append(", ".join(hit.sectors))
    return facts
