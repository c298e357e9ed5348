"""No page or dialog reads the library on the GUI thread while it opens or
refreshes: every read goes through ``ctx.tasks`` (``latest``/``read``).

The library's real database answers every query; a SQLAlchemy engine hook only
notes each statement run on the main thread (with who ran it) while a test
watches. Setting up data in the test itself is not watched.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from sqlalchemy import event

from smkdesk.core.changes import Changes
from smkdesk.core.library import Library
from smkdesk.core.search.dto import SearchQuery
from smkdesk.gui.context import AppContext

pytestmark = pytest.mark.gui
WAIT = 10_000
TODAY = date(2026, 6, 1)
EVERYTHING = Changes(assets=frozenset({1}), taxonomy=True, usage=True, requests=True, journeys=True)


class MainThreadReads:
    """Statements the main thread sent to the database while ``watching``."""

    def __init__(self, lib: Library) -> None:
        self.engine = lib.db.engine
        self.found: list[str] = []
        self._on = False
        event.listen(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self._on and threading.current_thread() is threading.main_thread():
            stack = "".join(traceback.format_stack(limit=14)[:-1])
            self.found.append(f"{statement.split()[0]} …\n{stack}")

    @contextmanager
    def watching(self) -> Iterator[None]:
        self._on = True
        try:
            yield
        finally:
            self._on = False
        assert not self.found, "read on the GUI thread:\n" + "\n".join(self.found[:2])

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


@pytest.fixture
def reads(lib: Library) -> Iterator[MainThreadReads]:
    watcher = MainThreadReads(lib)
    yield watcher
    watcher.close()


@pytest.fixture
def content(gh, lib: Library) -> dict[str, int]:
    """A few assets, a use, a workshop and a content request."""
    from smkdesk.core.changes import User
    from smkdesk.core.usage.events import UsageContext

    deck = gh.add_link(lib, "CFO decision guide", stages=("Decision",), personas=("CFO",))
    gh.add_link(lib, "Awareness deck", stages=("Awareness",), owner="Ana")
    rep = User("Sam Rep", "sales rep")
    lib.usage.log(deck, "sent", rep, UsageContext(account="Fjord Mutual", opportunity="Portal"))
    w = lib.journeys.create_workshop("Retail CFOs", date(2026, 5, 17), personas=["CFO"])
    lib.journeys.link_asset(w.questions()[0].id, deck)
    lib.requests.log_search(SearchQuery(text="drone insurance"), 0, rep)
    return {"deck": deck, "workshop": w.id}


def open_page(qtbot, gh, ctx: AppContext, page: QWidget, loaded: Any) -> None:
    """Show ``page`` until loaded, then have it reload for a change."""
    page.resize(1200, 760)
    with qtbot.waitSignal(loaded, timeout=WAIT):
        page.show()
    with qtbot.waitSignal(loaded, timeout=WAIT):
        ctx.bus.publish(EVERYTHING)
    gh.wait_idle(qtbot, ctx)


def test_workspace_pages_read_in_the_background(qtbot, gh, app_ctx, content, reads) -> None:
    from smkdesk.gui.journeys.page import WorkshopsPage
    from smkdesk.gui.usage.dashboard_page import DashboardPage
    from smkdesk.gui.usage.requests_page import RequestsPage
    from smkdesk.gui.usage.review_page import ReviewPage

    makers: list[Callable[[], Any]] = [
        lambda: DashboardPage(app_ctx, today=TODAY),
        lambda: ReviewPage(app_ctx, today=TODAY),
        lambda: RequestsPage(app_ctx),
        lambda: WorkshopsPage(app_ctx),
    ]
    for make in makers:
        with reads.watching():
            page = make()
            open_page(qtbot, gh, app_ctx, page, page.loaded)
        assert page.stale is False
        gh.dispose(qtbot, app_ctx, page)


def test_the_library_page_reads_in_the_background(qtbot, gh, page, content, reads) -> None:
    ctx = page.ctx
    with reads.watching():
        gh.search(qtbot, page)
        with qtbot.waitSignal(page.detail_loaded, timeout=WAIT):
            page.table.selectRow(0)
        with qtbot.waitSignal(page.results_shown, timeout=WAIT):
            page.show_query(SearchQuery(personas=("CFO",), stages=("Decision",)))
        with qtbot.waitSignal(page.results_shown, timeout=WAIT):
            ctx.bus.publish(Changes(assets=frozenset({content["deck"]})))
        gh.wait_idle(qtbot, ctx, page)
    assert gh.result_titles(page) == ["CFO decision guide"]


def open_dialog(qtbot, gh, ctx: AppContext, dialog: QDialog, loaded: Any = None) -> None:
    qtbot.addWidget(dialog)
    if loaded is not None:
        with qtbot.waitSignal(loaded, timeout=WAIT):
            dialog.show()
    else:
        dialog.show()
    gh.wait_idle(qtbot, ctx)


def test_dialogs_read_in_the_background(qtbot, gh, app_ctx, lib, content, reads) -> None:
    from smkdesk.gui.journeys.coverage import CoverageDialog
    from smkdesk.gui.journeys.template_editor import TemplateEditor
    from smkdesk.gui.journeys.workshop_dialog import WorkshopDialog
    from smkdesk.gui.library.log_use import LogUseDialog
    from smkdesk.gui.taxonomy.dialog import TaxonomyDialog
    from smkdesk.gui.usage.deals_dialog import DealsDialog
    from smkdesk.gui.widgets.asset_picker import AssetPicker

    asset = lib.assets.summaries([content["deck"]])[0]
    workshop = lib.journeys.workshop(content["workshop"])
    with reads.watching():
        editor = TemplateEditor(app_ctx)
        open_dialog(qtbot, gh, app_ctx, editor, editor.loaded)
        assert editor.source.count() >= 1 and editor.library_stage.findData("Decision") > 0

        log = LogUseDialog(app_ctx, asset)
        open_dialog(qtbot, gh, app_ctx, log, log.loaded)
        assert log.stage.currentText() == "Decision" and log.accounts.rowCount() == 1

        taxonomy = TaxonomyDialog(app_ctx)
        open_dialog(qtbot, gh, app_ctx, taxonomy, taxonomy.loaded)
        with qtbot.waitSignal(taxonomy.loaded, timeout=WAIT):
            app_ctx.bus.publish(Changes(taxonomy=True))  # someone else's change

        new = WorkshopDialog(app_ctx)
        open_dialog(qtbot, gh, app_ctx, new, new.loaded)
        assert new.template.findText("questions", Qt.MatchFlag.MatchContains) >= 0
        assert new.personas.term_count() > 0
        details = WorkshopDialog(app_ctx, None, workshop)
        open_dialog(qtbot, gh, app_ctx, details, details.loaded)
        assert details.personas.checked_names() == ("CFO",)

        for dialog in (
            DealsDialog(app_ctx),
            CoverageDialog(app_ctx, None, workshop.id),
            AssetPicker(app_ctx, "decision"),
        ):
            open_dialog(qtbot, gh, app_ctx, dialog)


def test_the_watch_sees_a_read_on_the_gui_thread(lib: Library, reads: MainThreadReads) -> None:
    with pytest.raises(AssertionError, match="read on the GUI thread"), reads.watching():
        lib.taxonomy.list("stage")
