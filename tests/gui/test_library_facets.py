"""Filters on the library page: multi-select facets (OR within a facet, counts
without the facet's own filter), chips the moment filters apply from outside,
the "N filters active — clear" empty state, and a rep's default of published
content with drafts badged for marketers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from smkdesk.core.search.dto import SearchQuery
from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.page import LibraryPage
from smkdesk.gui.library.results_model import BADGE_ROLE

pytestmark = pytest.mark.gui


def chips(page: LibraryPage) -> list[str]:
    return [
        b.text()
        for b in page.chips.findChildren(QToolButton)
        if b.accessibleName().startswith("Remove") and not b.isHidden()
    ]


def checked(page: LibraryPage, gh, dim: str, label: str) -> bool:
    index = gh.facet_index(page.facets.facet_model, dim, label)
    return index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value


@pytest.fixture
def rep_page(app_ctx: AppContext, qtbot, gh) -> Iterator[LibraryPage]:
    app_ctx.settings.set(keys.USER_ROLE, "sales rep")
    widget = LibraryPage(app_ctx, [])
    widget.resize(1200, 720)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    gh.dispose(qtbot, app_ctx, widget)


def test_ticking_a_value_keeps_its_siblings_and_ors_them(qtbot, gh, lib, page) -> None:
    gh.add_link(lib, "CFO brief", personas=("CFO",), stages=("Awareness",))
    gh.add_link(lib, "CFO deck", personas=("CFO",), stages=("Decision",))
    gh.add_link(lib, "IT checklist", personas=("IT manager",), stages=("Awareness",))
    gh.add_link(lib, "Sales plan", personas=("VP Sales",), stages=("Decision",))
    gh.search(qtbot, page)
    facets = page.facets.facet_model

    gh.click_facet(qtbot, page, "persona", "CFO")
    assert sorted(gh.result_titles(page)) == ["CFO brief", "CFO deck"]
    # the siblings are still offered, with the counts they would add
    assert gh.facet_count(facets, "persona", "IT manager") == 1
    assert gh.facet_count(facets, "persona", "VP Sales") == 1
    assert gh.facet_count(facets, "persona", "CFO") == 2
    assert gh.facet_count(facets, "stage", "Awareness") == 1  # other facets: within the filter

    gh.click_facet(qtbot, page, "persona", "IT manager")  # OR within the facet
    assert sorted(gh.result_titles(page)) == ["CFO brief", "CFO deck", "IT checklist"]
    assert checked(page, gh, "persona", "CFO") and checked(page, gh, "persona", "IT manager")
    assert chips(page) == ["Persona: CFO  ✕", "IT manager  ✕"]  # "or" between them
    assert gh.facet_count(facets, "stage", "Awareness") == 2

    gh.click_facet(qtbot, page, "stage", "Decision")  # AND across facets
    assert gh.result_titles(page) == ["CFO deck"]
    assert gh.facet_count(facets, "stage", "Awareness") == 2  # still offered
    assert gh.facet_count(facets, "persona", "VP Sales") == 1


def test_filters_from_outside_show_as_chips_at_once_and_clear_from_the_empty_state(
    qtbot, gh, lib, page
) -> None:
    gh.add_link(lib, "CFO deck", personas=("CFO",), stages=("Awareness",))
    gh.add_link(lib, "Onboarding guide", personas=("IT manager",))
    gh.search(qtbot, page)

    # a heat-map click on the dashboard: CFO · Decision has no content
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.show_query(SearchQuery(personas=("CFO",), stages=("Decision",)))
        # the terms are looked up in the background; the chips show before the results
        want = ["Persona: CFO  ✕", "Stage: Decision  ✕"]
        qtbot.waitUntil(lambda: sorted(chips(page)) == want, timeout=10_000)
        assert page.chips.isVisible()
    assert page.stack.currentWidget() is page.no_results
    note = page.no_results.filters_note
    assert note.isVisible()
    assert note.text() == '2 filters active — <a href="clear">clear</a>'
    assert page.no_results.clear_button.text() == "Clear 2 filters"
    assert page.no_results.clear_button.isDefault()

    # the next search keeps them (visibly) and still finds nothing
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClicks(page.search_box, "onboarding")
    assert page.stack.currentWidget() is page.no_results
    assert note.isVisible()

    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        note.linkActivated.emit("clear")  # the "clear" link
    assert page.selection == {}
    assert chips(page) == []
    assert gh.result_titles(page) == ["Onboarding guide"]


def test_a_rep_sees_published_content_by_default_and_can_change_it(
    qtbot, gh, lib, rep_page
) -> None:
    page = rep_page
    gh.add_link(lib, "Published deck")
    gh.add_link(lib, "Pending legal review", status="draft")
    gh.search(qtbot, page)
    assert gh.result_titles(page) == ["Published deck"]  # the newest, a draft, is not shown
    assert chips(page) == ["Status: published  ✕"]  # visible
    facets = page.facets.facet_model
    assert checked(page, gh, "status", "published")
    status_group = page.facets.facet_model.indexFromItem(page.facets.facet_model._dims["status"])
    assert page.facets.isExpanded(status_group)  # the group with a filter on is open
    assert gh.facet_count(facets, "status", "draft") == 1  # and changeable

    gh.click_facet(qtbot, page, "status", "draft")
    # published first even though the draft is newer
    assert gh.result_titles(page) == ["Published deck", "Pending legal review"]
    draft_row = page.model.row_of(page.model.ids()[1])
    assert page.model.index(draft_row, 0).data(BADGE_ROLE) == "Draft"

    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.clear_filters()  # back to the rep's default
    assert gh.result_titles(page) == ["Published deck"]
    assert chips(page) == ["Status: published  ✕"]

    # a link from another page keeps the default unless it names a status
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.show_query(SearchQuery(text="legal"))
    assert page.stack.currentWidget() is page.no_results
    assert page.filter_count() == 0  # the default is not a filter to clear
    assert not page.no_results.clear_button.isVisible()


def test_a_marketer_sees_drafts_with_a_badge(qtbot, gh, lib, page) -> None:
    gh.add_link(lib, "Published deck")
    draft = gh.add_link(lib, "Pending legal review", status="draft")
    gh.search(qtbot, page)
    assert sorted(gh.result_titles(page)) == ["Pending legal review", "Published deck"]
    index = page.model.index(page.model.row_of(draft), 0)
    assert index.data() == "Pending legal review"
    assert index.data(BADGE_ROLE) == "Draft"
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "Draft: Pending legal review"
    page.table.selectRow(page.proxy.mapFromSource(index).row())
    qtbot.waitUntil(lambda: page.detail.asset is not None, timeout=10_000)
    assert page.detail.badge.isVisible()
    assert page.detail.badge.text() == "Draft"
    # a published asset has no badge
    other = 1 - page.proxy.mapFromSource(index).row()
    page.table.selectRow(other)
    qtbot.waitUntil(lambda: page.detail.asset is not None and page.detail.asset.id != draft)
    assert not page.detail.badge.isVisible()


def test_role_defaults_are_kept_apart_from_filters_chosen_by_hand() -> None:
    from smkdesk.gui.library import filters

    rep = filters.role_defaults("sales rep")
    selection = {"status": {"published": "published"}, "persona": {"3": "CFO"}}
    assert filters.extra_count(selection, rep) == 1
    assert filters.kept_text(selection, rep) == "Status: published"
    assert filters.swap_defaults(selection, rep, filters.role_defaults("marketer"))
    assert selection == {"persona": {"3": "CFO"}}  # the hand-picked filter stays
    assert not filters.swap_defaults(selection, {}, {})
    assert filters.query_fields(selection)["personas"] == (3,)
