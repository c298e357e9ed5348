"""Changes: what a change touched, and who asked for it (the initiator)."""

from __future__ import annotations

from smkdesk.core.changes import Changes


def test_the_initiator_takes_no_part_in_equality() -> None:
    page = object()
    mine = Changes(journeys=True).by(page)
    assert mine.initiator is page and mine == Changes(journeys=True)
    assert hash(mine) == hash(Changes(journeys=True))
    assert Changes().by(page).empty
    assert "initiator" not in repr(mine)


def test_merged_changes_keep_the_initiator_only_when_both_agree() -> None:
    page, other = object(), object()
    both = Changes(assets=frozenset({1})).by(page) | Changes(usage=True).by(page)
    assert both == Changes(assets=frozenset({1}), usage=True) and both.initiator is page
    assert (Changes(usage=True).by(page) | Changes(taxonomy=True)).initiator is None
    assert (Changes(usage=True).by(page) | Changes(taxonomy=True).by(other)).initiator is None
