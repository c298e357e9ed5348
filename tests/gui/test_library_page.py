"""The library page against a real library: search as you type, facets and
chips, empty states, the detail pane, retired assets and the change bus."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QToolButton

from smkdesk.core.catalogue.dto import AssetUpdate
from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.page import LibraryPage
from smkdesk.gui.library.results_model import BADGE_ROLE

pytestmark = pytest.mark.gui
HTML_TITLE = "<b>Bold</b> <img src=x> & Co"


def chip_buttons(page: LibraryPage) -> list[QToolButton]:
    return [
        b for b in page.chips.findChildren(QToolButton) if b.accessibleName().startswith("Remove")
    ]


def button(widget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


def test_typing_searches_without_blocking_and_updates_facets(qtbot, gh, lib, page) -> None:
    gh.add_link(lib, "Pricing playbook", stages=("Awareness",), personas=("CFO",))
    gh.add_link(lib, "Pricing calculator", stages=("Decision",), personas=("CFO",))
    gh.add_link(lib, "Onboarding guide", stages=("Awareness",), personas=("IT manager",))
    gh.search(qtbot, page)
    facets = page.facets.facet_model
    assert page.model.rowCount() == 3
    assert gh.facet_count(facets, "stage", "Awareness") == 2
    assert gh.facet_count(facets, "persona", "IT manager") == 1

    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClicks(page.search_box, "pricing")
        # the keystrokes are in the box at once; the search waits for the debounce
        assert page.search_box.text() == "pricing"
        assert page._timer.isActive()
        assert page.model.rowCount() == 3

    assert sorted(gh.result_titles(page)) == ["Pricing calculator", "Pricing playbook"]
    assert page.count_label.text() == "2 results"
    assert gh.facet_count(facets, "stage", "Awareness") == 1
    assert gh.facet_count(facets, "stage", "Decision") == 1
    assert gh.facet_count(facets, "persona", "CFO") == 2
    assert gh.facet_count(facets, "persona", "IT manager") == -1  # no longer offered


def test_facet_click_filters_shows_chip_and_clear_restores(qtbot, gh, lib, page) -> None:
    gh.add_link(lib, "CFO brief", personas=("CFO",))
    gh.add_link(lib, "CFO deck", personas=("CFO",), stages=("Decision",))
    gh.add_link(lib, "IT checklist", personas=("IT manager",))
    gh.search(qtbot, page)
    assert page.model.rowCount() == 3
    assert page.chips.isHidden()

    gh.click_facet(qtbot, page, "persona", "CFO")
    assert sorted(gh.result_titles(page)) == ["CFO brief", "CFO deck"]
    index = gh.facet_index(page.facets.facet_model, "persona", "CFO")
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value
    chips = chip_buttons(page)
    assert [c.text() for c in chips] == ["Persona: CFO  ✕"]
    assert page.chips.isVisible()

    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.mouseClick(chips[0], Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 3
    assert page.chips.isHidden()
    index = gh.facet_index(page.facets.facet_model, "persona", "CFO")
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked.value

    # two filters (AND across dimensions), then "Clear all"
    gh.click_facet(qtbot, page, "persona", "CFO")
    gh.click_facet(qtbot, page, "stage", "Decision")
    assert gh.result_titles(page) == ["CFO deck"]
    assert len(chip_buttons(page)) == 2
    clear = next(b for b in page.chips.findChildren(QToolButton) if b.text() == "Clear all")
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 3
    assert page.selection == {}
    assert page.chips.isHidden()


def test_parent_sector_includes_its_sub_sectors(qtbot, gh, lib, page) -> None:
    gh.add_link(lib, "Fashion lookbook", sectors=("Retail/Fashion",))
    gh.add_link(lib, "Retail overview", sectors=("Retail",))
    gh.add_link(lib, "Banking deck", sectors=("Financial services/Banking",))
    gh.search(qtbot, page)

    gh.click_facet(qtbot, page, "sector", "Retail")
    assert sorted(gh.result_titles(page)) == ["Fashion lookbook", "Retail overview"]
    assert [c.text() for c in chip_buttons(page)] == ["Sector: Retail  ✕"]


def test_no_results_offers_did_you_mean_that_searches_again(qtbot, gh, lib, page) -> None:
    gh.add_link(lib, "Pricing playbook")
    gh.add_link(lib, "Onboarding guide")
    gh.search(qtbot, page)

    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClicks(page.search_box, "pricng")
    assert page.stack.currentWidget() is page.no_results
    assert page.no_results.heading.text() == "No assets match “pricng”"
    suggest = page.no_results.suggest_button
    assert suggest.isVisible() and suggest.text() == "Search “pricing”"
    assert not page.no_results.clear_button.isVisible()  # no filters are on
    assert page.detail.placeholder.text() == ""  # no "select an asset" with nothing to select

    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.mouseClick(suggest, Qt.MouseButton.LeftButton)
    assert page.search_box.text() == "pricing"
    assert page.stack.currentWidget() is page.table
    assert gh.result_titles(page) == ["Pricing playbook"]


def test_no_results_with_filters_offers_to_clear_them(qtbot, gh, lib, page) -> None:
    gh.add_link(lib, "CFO brief", personas=("CFO",))
    gh.add_link(lib, "Onboarding guide", personas=("IT manager",))
    gh.search(qtbot, page)
    gh.click_facet(qtbot, page, "persona", "CFO")
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClicks(page.search_box, "onboarding")
    assert page.stack.currentWidget() is page.no_results
    clear = page.no_results.clear_button
    assert clear.isVisible()
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert gh.result_titles(page) == ["Onboarding guide"]
    assert page.stack.currentWidget() is page.table


def test_empty_library_state_and_its_buttons(qtbot, gh, page) -> None:
    gh.search(qtbot, page)
    assert page.stack.currentWidget() is page.empty
    assert page.empty.isVisible()
    assert page.empty.heading.text() == "Your library is empty"
    assert not page.facets.isVisible()  # nothing to filter or select yet
    assert not page.detail.isVisible()
    for text, signal in (
        ("Import files…", page.import_files_requested),
        ("Import a folder…", page.import_folder_requested),
        ("Open demo library", page.demo_requested),
    ):
        b = button(page.empty, text)
        assert b.isVisible()
        with qtbot.waitSignal(signal, timeout=1000):
            qtbot.mouseClick(b, Qt.MouseButton.LeftButton)


def test_selecting_a_row_loads_details_with_highlighted_snippet(
    qtbot, gh, lib, page, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    gh.write_md(src / "a.md", "Retail pricing study", "How a fashion chain changed its pricing.")
    gh.write_md(src / "b.md", "Onboarding guide", "First steps for new customers.")
    report = lib.assets.import_files([src])
    assert report.count("imported") == 2
    gh.search(qtbot, page)
    assert page.detail.placeholder.isVisible()

    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClicks(page.search_box, "pricing")
    assert gh.result_titles(page) == ["Retail pricing study"]
    page.table.selectRow(0)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.asset is not None and detail.snippet.isVisible(), timeout=10_000)
    assert detail.title.text() == "Retail pricing study"
    assert not detail.placeholder.isVisible()
    assert "pricing" in detail.snippet.toPlainText().lower()
    marks = detail.snippet.extraSelections()
    assert marks
    assert {m.cursor.selectedText().lower() for m in marks} == {"pricing"}
    assert "fashion chain" in detail.preview.toPlainText()
    assert page.selected_ids() == [detail.asset.id]

    page.table.clearSelection()
    qtbot.waitUntil(lambda: detail.asset is None)
    assert detail.placeholder.isVisible()


def test_html_looking_title_is_shown_literally(qtbot, gh, lib, page) -> None:
    asset_id = gh.add_link(lib, HTML_TITLE)
    gh.search(qtbot, page)
    assert page.model.index(0, 0).data() == HTML_TITLE
    assert page.proxy.index(0, 0).data() == HTML_TITLE

    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.asset is not None, timeout=10_000)
    assert page.detail.asset.id == asset_id
    assert page.detail.title.textFormat() == Qt.TextFormat.PlainText
    assert page.detail.title.text() == HTML_TITLE


def test_retired_assets_hidden_unless_show_retired(qtbot, gh, app_ctx, lib, page) -> None:
    gh.add_link(lib, "Current deck")
    old = gh.add_link(lib, "Old deck")
    lib.assets.update(old, AssetUpdate(status="retired", reason="Superseded"))
    gh.search(qtbot, page)
    assert gh.result_titles(page) == ["Current deck"]

    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.retired_box.setChecked(True)
    assert sorted(gh.result_titles(page)) == ["Current deck", "Old deck"]
    row = page.model.row_of(old)
    index = page.model.index(row, 0)
    assert index.data() == "Old deck"
    assert index.data(BADGE_ROLE) == "Retired"  # painted as a badge before the title
    grey = QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert index.data(Qt.ItemDataRole.ForegroundRole) == grey
    assert app_ctx.settings.get(keys.SHOW_RETIRED) is True

    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.retired_box.setChecked(False)
    assert gh.result_titles(page) == ["Current deck"]


def test_changes_on_the_bus_refresh_rows_and_details(qtbot, gh, app_ctx: AppContext, lib, page):
    asset_id = gh.add_link(lib, "Draft title", personas=("CFO",))
    gh.add_link(lib, "Another asset")
    gh.search(qtbot, page)
    page.table.selectRow(
        page.proxy.mapFromSource(page.model.index(page.model.row_of(asset_id), 0)).row()
    )
    qtbot.waitUntil(lambda: page.detail.asset is not None, timeout=10_000)

    app_ctx.write(
        "Edit", lambda lib_: lib_.assets.update(asset_id, AssetUpdate(title="Final title"))
    )
    qtbot.waitUntil(lambda: "Final title" in gh.result_titles(page), timeout=10_000)
    qtbot.waitUntil(lambda: page.detail.title.text() == "Final title", timeout=10_000)
    assert "Draft title" not in gh.result_titles(page)
    assert page.selected_ids() == [asset_id]  # the selection survives the refresh


def test_results_and_facet_models_pass_the_model_tester(qtbot, qtmodeltester, gh, lib, page):
    for i in range(5):
        gh.add_link(lib, f"Asset {i}", stages=("Awareness",), sectors=("Retail/Fashion",))
    gh.search(qtbot, page)
    assert page.model.rowCount() == 5
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)

    gh.click_facet(qtbot, page, "sector", "Retail")  # facet model updated after a query
    qtmodeltester.check(page.facets.facet_model)


def test_settled_searches_are_logged_and_zero_results_become_requests(
    qtbot, gh, lib, app_ctx, page
) -> None:
    gh.add_link(lib, "Retail pricing guide")
    for ch in "zebr":
        qtbot.keyClick(page.search_box, ch)
    gh.search(qtbot, page)  # typing: nothing is logged yet
    gh.wait_idle(qtbot, app_ctx, page)
    assert lib.requests.list_requests() == ()
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000):
        page.search_log.flush()  # what Enter, opening a result or a pause of 1.5 s do
    gh.wait_idle(qtbot, app_ctx, page)
    requests = lib.requests.list_requests()
    assert [(r.text, r.status) for r in requests] == [("zebr", "open")]
    page.search_log.flush()  # nothing pending: no second entry
    gh.wait_idle(qtbot, app_ctx, page)
    assert len(lib.requests.list_requests()) == 1


def test_the_log_timer_logs_a_search_left_on_screen(qtbot, gh, lib, app_ctx, page) -> None:
    gh.add_link(lib, "Retail pricing guide")
    page.search_log.after_ms = 50
    qtbot.keyClicks(page.search_box, "nothing matches this")
    gh.search(qtbot, page)
    qtbot.waitUntil(lambda: len(lib.requests.list_requests()) == 1, timeout=10_000)
    gh.wait_idle(qtbot, app_ctx, page)


@pytest.fixture
def tokyo() -> Iterator[None]:
    """The process in Tokyo's time zone (UTC+9) for one test."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_detail_shows_usage_deals_and_audit_trail(qtbot, gh, lib, app_ctx, page, tokyo) -> None:
    """History in local time: 22:00 UTC on 9 March is already 10 March in Tokyo."""
    from datetime import datetime

    from smkdesk.core.changes import User
    from smkdesk.core.usage.events import UsageContext

    aid = gh.add_link(lib, "ROI one-pager")
    rep = User("Priya Raman", "sales rep")
    deal = UsageContext(account="Fjord Mutual", opportunity="Broker portal")
    lib.usage.log(aid, "sent", rep, deal, when=datetime(2026, 3, 2, 10))
    lib.usage.log(aid, "presented", User("Tom Becker"), when=datetime(2026, 3, 9, 22))
    lib.usage.set_outcome("Fjord Mutual", "Broker portal", "won")
    lib.lifecycle.set_owner([aid], "Hannah Okafor", "Dana Lee")
    gh.search(qtbot, page)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.asset is not None, timeout=10_000)
    detail = page.detail
    assert detail.fields["usage"].text() == "Used 2 times by 2 people; in 1 won deal"
    lines = detail.history.toPlainText().splitlines()
    assert lines[0].endswith("Dana Lee changed the owner: none → Hannah Okafor")
    assert "10 Mar 2026 07:00  Tom Becker presented it" in lines
    assert (
        "2 Mar 2026 19:00  Priya Raman sent it to a prospect · Fjord Mutual / Broker portal (won)"
        in lines
    )


def test_dates_in_the_results_and_detail_are_local_days(tokyo) -> None:
    """Stored in UTC, shown as the local day: 22:30 UTC on 4 Dec is 5 Dec in Tokyo."""
    from datetime import datetime

    from smkdesk.gui.library.results_model import short_date

    assert short_date(datetime(2026, 12, 4, 22, 30)) == "5 Dec 2026"
    assert short_date(None) == "never"


def test_search_highlights_are_readable_in_the_dark_theme(qtbot, qapp) -> None:
    """Dark text on the highlight yellow, whatever the palette's text colour."""
    from smkdesk.core.search.model import Highlight, Snippet
    from smkdesk.gui import theme
    from smkdesk.gui.library.detail import DetailPane

    pane = DetailPane([])
    qtbot.addWidget(pane)
    try:
        theme.apply_theme(qapp, "dark")
        pane.show_snippet(Snippet("plans and prices per seat", (Highlight(10, 16),)))
        (selection,) = pane.snippet.extraSelections()
        foreground = selection.format.foreground().color()
        background = selection.format.background().color()
        assert foreground.lightness() < 60 < background.lightness()
        assert qapp.palette().color(QPalette.ColorRole.Text).lightness() > 150  # light text
    finally:
        theme.apply_theme(qapp, "system")


def test_clearing_the_filters_that_hid_a_typed_search_corrects_it(
    qtbot, gh, lib, app_ctx, page
) -> None:
    """A gap click set the filters; the typed search found nothing; the rep
    cleared them and found it: no content request is left open."""
    from smkdesk.core.search.dto import SearchQuery

    gh.add_link(lib, "Security review checklist", stages=("Consideration",))
    decision = lib.taxonomy.find("stage", "Decision")
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.show_query(SearchQuery(stages=(decision.id,)))  # the heat-map gap
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClicks(page.search_box, "security review")
    assert page.stack.currentWidget() is page.no_results
    page.search_log.flush()  # Enter, or a pause: the zero-result search is logged
    gh.wait_idle(qtbot, app_ctx, page)
    assert [r.text for r in lib.requests.list_requests()] == ["security review"]
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.clear_filters()
    assert gh.result_titles(page) == ["Security review checklist"]
    qtbot.waitUntil(lambda: lib.requests.list_requests() == (), timeout=10_000)


def test_the_empty_state_counts_the_defaults_and_enter_does_what_it_draws(
    qtbot, gh, lib, app_ctx, page
) -> None:
    app_ctx.settings.set(keys.USER_ROLE, "sales rep")
    page.role_changed("")
    gh.add_link(lib, "CFO brief", personas=("CFO",))
    gh.add_link(lib, "Onboarding guide", personas=("IT manager",))
    gh.add_link(lib, "VP deck", personas=("VP Sales",))
    gh.search(qtbot, page)
    gh.click_facet(qtbot, page, "persona", "CFO")
    gh.click_facet(qtbot, page, "persona", "VP Sales")
    # one facet's values are combined with OR, and their chips say so
    assert [c.text() for c in chip_buttons(page)] == [
        "Status: published  ✕", "Persona: CFO  ✕", "VP Sales  ✕"
    ]  # fmt: skip
    ors = [w for w in page.chips.findChildren(QLabel) if w.text() == "or"]
    assert len(ors) == 1 and ors[0].isVisible()
    page.search_box.setFocus()
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClicks(page.search_box, "onboarding")
    note = page.no_results.filters_note.text()
    assert note.startswith("2 filters active (plus your default: Status: published)")
    assert page.no_results.default_button() is page.no_results.clear_button
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClick(page.search_box, Qt.Key.Key_Return)  # presses "Clear 2 filters"
    assert gh.result_titles(page) == ["Onboarding guide"]
    assert list(page.selection) == ["status"]  # the rep's default stays

    # Escape clears the box; a second Escape clears the filters
    gh.click_facet(qtbot, page, "persona", "IT manager")
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClick(page.search_box, Qt.Key.Key_Escape)
    assert page.search_box.text() == "" and "persona" in page.selection
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClick(page.search_box, Qt.Key.Key_Escape)
    assert list(page.selection) == ["status"]
    assert "Esc" in page.search_box.toolTip()


def test_enter_takes_the_did_you_mean_it_draws_as_default(qtbot, gh, lib, page) -> None:
    gh.add_link(lib, "Pricing playbook")
    gh.search(qtbot, page)
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClicks(page.search_box, "pricng")
    assert page.no_results.default_button() is page.no_results.suggest_button
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClick(page.search_box, Qt.Key.Key_Return)
    assert page.search_box.text() == "pricing"
    assert gh.result_titles(page) == ["Pricing playbook"]


def test_the_sector_tree_keeps_ticked_sub_sectors_in_view(qtbot, gh, lib, page) -> None:
    gh.add_link(lib, "Grocer deck", sectors=("Retail/Groceries",), personas=("CFO",))
    gh.add_link(lib, "Fashion deck", sectors=("Retail/Fashion",), personas=("IT manager",))
    gh.add_link(lib, "Bank deck", sectors=("Financial services/Banking",), personas=("CFO",))
    gh.search(qtbot, page)
    facets = page.facets
    retail = gh.facet_index(facets.facet_model, "sector", "Retail")
    facets.expand(retail)
    gh.click_facet(qtbot, page, "sector", "Groceries")
    gh.click_facet(qtbot, page, "persona", "CFO")  # the sector counts change shape
    retail = gh.facet_index(facets.facet_model, "sector", "Retail")
    assert facets.isExpanded(retail)
    groceries = gh.facet_index(facets.facet_model, "sector", "Groceries")
    assert facets.visualRect(groceries).isValid()
    assert groceries.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value


def test_chips_follow_the_dark_palette(qtbot, gh, lib, page) -> None:
    from smkdesk.gui.theme import dark_palette

    gh.add_link(lib, "CFO brief", personas=("CFO",))
    gh.search(qtbot, page)
    gh.click_facet(qtbot, page, "persona", "CFO")
    page.chips.setPalette(dark_palette())  # as a live theme switch does
    (chip,) = chip_buttons(page)
    image = chip.grab().toImage()
    centre = image.pixelColor(image.width() // 2, 3)
    assert centre.lightness() < 100, centre.name()  # not a white pill
