"""Workshop actions keep their owner, and coverage follows one workshop."""

from __future__ import annotations

from datetime import date

from smkdesk.core.library import Library


def test_action_owner_is_saved_on_its_own_and_kept(lib: Library) -> None:
    w = lib.journeys.create_workshop("Retail", date(2026, 3, 4), personas=["CFO"])
    q = w.stages[2].questions[1]
    lib.journeys.set_content_needed(q.id, True)
    changes = lib.journeys.set_action_owner(q.id, "  Hannah Okafor ")
    assert changes.journeys
    assert lib.journeys.workshop(w.id).question(q.id).action_owner == "Hannah Okafor"
    assert lib.journeys.set_action_owner(q.id, "Hannah Okafor").empty  # nothing changed
    # ticking again without an owner, or taking the tick off, keeps the owner
    lib.journeys.set_content_needed(q.id, True)
    lib.journeys.set_content_needed(q.id, False)
    assert lib.journeys.workshop(w.id).question(q.id).action_owner == "Hannah Okafor"
    lib.journeys.set_content_needed(q.id, True, "Sam")
    got = lib.journeys.workshop(w.id).question(q.id)
    assert got.content_needed and got.action_owner == "Sam"


def test_answer_votes_can_be_taken_back(lib: Library) -> None:
    w = lib.journeys.create_workshop("Retail", date(2026, 3, 4))
    q = w.questions()[0]
    lib.journeys.add_answer(q.id, "sales", "Margins")
    answer = lib.journeys.workshop(w.id).question(q.id).answers[0]
    lib.journeys.vote_answer(answer.id)
    lib.journeys.vote_answer(answer.id, -1)
    lib.journeys.vote_answer(answer.id, -1)  # never below zero
    assert lib.journeys.workshop(w.id).question(q.id).answers[0].votes == 0


def test_coverage_of_one_workshop(lib: Library, h) -> None:
    guide = h.add_link(lib, "Evidence pack", stages=("Decision",))
    mine = lib.journeys.create_workshop("CFO", date(2026, 9, 1), personas=["CFO", "VP Sales"])
    other = lib.journeys.create_workshop("IT", date(2026, 9, 2), personas=["IT manager"])
    lib.journeys.link_asset(mine.stages[2].questions[0].id, guide)
    lib.journeys.link_asset(other.stages[0].questions[0].id, guide)

    cov = lib.journey_coverage.coverage(mine.id)
    assert cov.personas == ("CFO", "VP Sales") and not cov.all_personas
    assert cov.workshop == "CFO" and cov.mapped == ("CFO", "VP Sales")
    decision, awareness = cov.stages.index("Decision"), cov.stages.index("Awareness")
    assert cov.counts[decision] == (1, 1) and cov.counts[awareness] == (0, 0)  # not IT's link

    every = lib.journey_coverage.coverage(mine.id, all_personas=True)
    assert every.all_personas and every.workshop is None and len(every.personas) > 2
    assert every.counts[awareness][every.personas.index("IT manager")] == 1

    # a workshop that maps no persona: the whole library
    open_scope = lib.journeys.create_workshop("Any", date(2026, 9, 3))
    assert lib.journey_coverage.coverage(open_scope.id).all_personas
