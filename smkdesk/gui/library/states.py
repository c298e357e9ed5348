"""Empty states that say what to do next."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class Message(QWidget):
    """A centred heading, an explanation and up to three buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        for label in (self.heading, self.text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.heading)
        self.text.setMaximumWidth(560)  # a readable line length on wide windows
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.text, 100)
        centred.addStretch(1)
        layout.addLayout(centred)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addStretch(1)
        layout.addSpacing(12)
        layout.addLayout(self.buttons)
        layout.addStretch(3)

    def add_button(self, text: str, tooltip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tooltip)
        button.setMinimumWidth(140)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        return button


class EmptyLibrary(Message):
    import_files = Signal()
    import_folder = Signal()
    open_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading.setText("Your library is empty")
        self.text.setText(
            "Import the decks, case studies and ebooks your team uses — or drag files and "
            "folders onto this window. smkdesk copies them into the library and reads their "
            "text so reps can find them in seconds."
        )
        b = self.add_button("Import files…", "Choose .docx, .pptx, .pdf, .md, .txt or .html files")
        b.setDefault(True)
        b.clicked.connect(self.import_files)
        self.add_button("Import a folder…", "Import every document in a folder").clicked.connect(
            self.import_folder
        )
        self.add_button(
            "Open demo library", "Explore smkdesk with 46 sample assets"
        ).clicked.connect(self.open_demo)


class NoResults(Message):
    clear_filters = Signal()
    use_suggestion = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._suggestion = ""
        #: "2 filters active — clear", its "clear" a link that clears them
        self.filters_note = QLabel()
        self.filters_note.setTextFormat(Qt.TextFormat.RichText)
        self.filters_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.filters_note.setAccessibleName("Active filters")
        self.filters_note.linkActivated.connect(lambda _href: self.clear_filters.emit())
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.heading) + 1, self.filters_note)
        self.clear_button = self.add_button("Clear filters")
        self.clear_button.clicked.connect(self.clear_filters)
        self.suggest_button = self.add_button("")
        self.suggest_button.clicked.connect(lambda: self.use_suggestion.emit(self._suggestion))

    def show_for(
        self,
        text: str,
        filters: int,
        suggestion: str | None,
        problem: str = "",
        logged: bool = True,
        kept: str = "",
    ) -> None:
        """``filters``: how many filter values the user set (that clearing
        removes); ``kept``: the role's default filters, which clearing keeps
        (a rep's "Status: published"); ``logged``: the library records searches
        (not a read-only one)."""
        self._suggestion = suggestion or ""
        filters = int(filters)
        if problem:
            self.heading.setText("Search is not available yet")
            self.text.setText(problem)
        else:
            what = f"“{text}”" if text else "these filters"
            self.heading.setText(f"No assets match {what}")
            hints = []
            if suggestion:
                hints.append(f"Did you mean “{suggestion}”?")
            if logged and text:
                hints.append("Zero-result searches tell marketing what content is missing.")
            self.text.setText(" ".join(hints))
        noun = "filter" if filters == 1 else "filters"
        # the note counts what the chips show: the filters set by hand, and the
        # default that "clear" keeps, named apart
        plus = f" (plus your default: {html.escape(kept)})" if kept else ""
        if filters:
            note = f'{filters} {noun} active{plus} — <a href="clear">clear</a>'
        else:
            note = f"Only your default filter is on: {html.escape(kept)}" if kept else ""
        self.filters_note.setText(note)
        self.filters_note.setVisible(bool(note) and not problem)
        self.clear_button.setVisible(bool(filters) and not problem)
        self.clear_button.setText(f"Clear {filters} {noun}" if filters else "Clear filters")
        self.suggest_button.setVisible(bool(suggestion) and not problem)
        self.suggest_button.setText(f"Search “{suggestion}”" if suggestion else "")
        default = self.suggest_button if suggestion else self.clear_button
        for button in (self.suggest_button, self.clear_button):
            button.setDefault(button is default and button.isVisibleTo(self))

    def default_button(self) -> QPushButton | None:
        """The button drawn as the default: what Enter in the search box does."""
        for button in (self.suggest_button, self.clear_button):
            if button.isDefault() and button.isVisibleTo(self):
                return button
        return None
