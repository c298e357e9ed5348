"""The side panel of the workshop board for one question: the team's answers
(add from sales or marketing, vote, remove), the assets linked to it (unlink,
or link from suggestions or a library search), and whether content is needed
(with an owner and votes). Every change is saved at once: the owner field
as the typing pauses, when it loses focus, on Enter, and before the panel
moves to another question."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.dto import Changes, SearchHit, SearchQuery
from smkdesk.core.journey_types import Question
from smkdesk.core.library import Library
from smkdesk.gui.context import AppContext
from smkdesk.gui.usage.requests_page import AssetPicker
from smkdesk.gui.widgets.fields import STATUS_LABELS, buddy_label, debounce, hint_label

ID_ROLE = Qt.ItemDataRole.UserRole
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

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.workshop_id = 0
        self.question: Question | None = None
        self._generation = 0
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
        add_sales = QPushButton("+ &Sales answer")
        add_marketing = QPushButton("+ &Marketing answer")
        add_sales.clicked.connect(lambda: self.add_answer("sales"))
        add_marketing.clicked.connect(lambda: self.add_answer("marketing"))
        self.vote_button = QPushButton("&Vote")
        self.vote_button.setToolTip("One more vote for the selected answer (dot-voting)")
        self.vote_button.clicked.connect(lambda: self.vote_answer())
        self.unvote_button = QPushButton("Take &back")
        self.unvote_button.setToolTip("Take back one vote from the selected answer")
        self.unvote_button.clicked.connect(self.unvote_answer)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected answer")
        self.remove_button.clicked.connect(self.remove_answer)
        # adding sits beside the heading and voting under the list, so that no
        # button is clipped in a narrow panel and the lists keep their height
        answers_head = QHBoxLayout()
        answers_head.addWidget(_bold("Answers"))
        answers_head.addStretch(1)
        answers_head.addWidget(add_sales)
        answers_head.addWidget(add_marketing)
        vote_row = QHBoxLayout()
        for button in (self.vote_button, self.unvote_button, self.remove_button):
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
        search = QPushButton("Link from &library…")
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

        self.needed = QCheckBox("Content &needed: add it to the content plan")
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
        self.gap_votes.setToolTip("Dot-vote this gap to set its priority")
        self.gap_votes.clicked.connect(self.vote_gap)
        self.needed.toggled.connect(self._needed_toggled)
        owner_row = QHBoxLayout()
        owner_row.addWidget(buddy_label("&Who creates it:", self.owner))
        owner_row.addWidget(self.owner, 1)
        owner_row.addWidget(self.gap_votes)

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
        self.load_suggestions()

    def load_suggestions(self) -> None:
        """Suggestions for the question, or library search results while the
        search box holds text (already linked assets left out of either)."""
        if self.question is None:
            return
        self._find_timer.stop()
        self._generation += 1
        generation, wid, qid = self._generation, self.workshop_id, self.question.id
        linked = {a.id for a in self.question.assets}
        lib, text = self.ctx.library, self.search_box.text().strip()
        searching = bool(text)
        self.list_title.setText("Library search" if searching else "Suggested from the library")
        self.list_hint.setText(
            "Best matches first; double-click or Link selected to link one."
            if searching
            else "Ranked by the question and answers, weighted to the workshop."
        )

        def work(_t: object) -> list[tuple[int, str]]:
            if not searching:
                return [
                    (s.asset.id, f"{s.asset.title}{status_note(s.asset.status)}\n    {s.why}")
                    for s in lib.journey_coverage.suggest(wid, qid)
                    if s.asset.status != "retired"
                ]
            hits = lib.finder.search(SearchQuery(text=text, limit=30, with_snippets=False)).hits
            return [
                (h.id, f"{h.title}{status_note(h.status)}\n    {' · '.join(_facts(h))}")
                for h in hits
                if h.id not in linked and h.status != "retired"
            ]

        task = self.ctx.tasks.read("Suggestions", work)
        task.succeeded.connect(lambda rows: self._show_suggestions(generation, rows, searching))
        task.failed.connect(lambda msg: self._show_failure(generation, msg))

    def _show_suggestions(
        self, generation: int, rows: Sequence[tuple[int, str]], searching: bool
    ) -> None:
        if generation != self._generation:
            return
        self.suggestions.clear()
        for asset_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, asset_id)
            self.suggestions.addItem(item)
        if not rows:
            self.suggestions.addItem(
                f"Nothing in the library matches ‘{self.search_box.text().strip()}’."
                if searching
                else "No suggestion: add answers, or search the library."
            )
        self.suggestions_loaded.emit()

    def _show_failure(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.suggestions.clear()
            self.suggestions.addItem(f"The library could not be searched: {message}")
            self.suggestions_loaded.emit()

    # -- editing -------------------------------------------------------------------------
    def _write(self, label: str, fn: Callable[[Library], Changes]) -> None:
        self.ctx.write(label, fn, self)

    def add_answer(self, side: str, text: str | None = None) -> None:
        if self.question is None:
            return
        if text is None:
            text, ok = QInputDialog.getMultiLineText(
                self, f"{side.capitalize()} answer", self.question.text
            )
            if not ok:
                return
        if text.strip():
            qid = self.question.id
            self._write("Answer", lambda lib: lib.journeys.add_answer(qid, side, text))

    def _selected(self, widget: QListWidget) -> int | None:
        item = widget.currentItem()
        data = item.data(ID_ROLE) if item is not None else None
        return int(data) if data is not None else None

    def _update_answer_buttons(self) -> None:
        answer = self._selected(self.answers)
        votes = 0
        if answer is not None and self.question is not None:
            votes = next((a.votes for a in self.question.answers if a.id == answer), 0)
        for button in (self.vote_button, self.remove_button):
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
        answer = self._selected(self.answers)
        if answer is not None:
            self._write("Remove answer", lambda lib: lib.journeys.delete_answer(answer))

    def unlink(self) -> None:
        asset = self._selected(self.assets)
        if asset is not None and self.question is not None:
            qid = self.question.id
            self._write("Unlink", lambda lib: lib.journeys.unlink_asset(qid, asset))

    def link_suggestion(self) -> None:
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

    def vote_gap(self) -> None:
        if self.question is not None:
            qid = self.question.id
            self._write("Vote", lambda lib: lib.journeys.vote_gap(qid))


def _reselect(widget: QListWidget, item_id: int | None) -> None:
    for row in range(widget.count()):
        if item_id is not None and widget.item(row).data(ID_ROLE) == item_id:
            widget.setCurrentRow(row)
            return


def _facts(hit: SearchHit) -> list[str]:
    """Type, stages and sectors of a search hit, for its second line."""
    facts = [hit.type or "asset"]
    if hit.stages:
        facts.append(", ".join(hit.stages))
    if hit.sectors:
        facts.append(", ".join(hit.sectors))
    return facts
