"""Journey templates and workshops on a real library."""

from __future__ import annotations

from datetime import date

import pytest

from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.journeys.types import Participant, StageDraft
from smkdesk.core.library import Library

SEED_QUESTIONS = {
    "Awareness": 5,
    "Consideration": 4,
    "Decision": 4,
}


def test_default_template_has_the_seed_questions(lib: Library) -> None:
    (template,) = lib.templates.all()
    assert {s.name: len(s.questions) for s in template.stages} == SEED_QUESTIONS
    assert template.question_count == 13
    assert [s.stage for s in template.stages] == ["Awareness", "Consideration", "Decision"]
    questions = [q for s in template.stages for q in s.questions]
    assert "How do buyers describe their goals or challenges?" in questions
    assert "Where is the buyer in their budget setting process?" in questions
    assert "What type of evidence is the buyer looking for?" in questions
    lib.templates.ensure_default()  # idempotent
    assert len(lib.templates.all()) == 1


def _workshop(lib: Library, template_id: int | None = None):
    return lib.journeys.create_workshop(
        "Retail IT leaders",
        date(2026, 3, 4),
        "Claire Dubois",
        template_id,
        personas=["IT manager", "CFO"],
        sectors=["Retail/Groceries"],
        participants=[Participant("Priya Raman", "sales"), Participant("Hannah", "marketing")],
    )


def test_workshop_copies_its_template(lib: Library) -> None:
    w = _workshop(lib)
    assert [s.name for s in w.stages] == ["Awareness", "Consideration", "Decision"]
    assert len(w.questions()) == 13
    assert set(w.personas) == {"CFO", "IT manager"}
    assert w.sectors == ("Retail/Groceries",)
    assert [(p.name, p.side) for p in w.participants] == [
        ("Priya Raman", "sales"),
        ("Hannah", "marketing"),
    ]
    # a new template from edited stages; the workshop keeps its own copy
    (default,) = lib.templates.all()
    edited = [
        StageDraft(s.name, (*s.questions[:1], "What did we learn last quarter?"), s.stage)
        for s in default.stages
    ]
    new = lib.templates.save("Short journey", edited)
    assert new.question_count == 6
    assert len(lib.journeys.workshop(w.id).questions()) == 13
    short = _workshop(lib, new.id)
    assert len(short.questions()) == 6
    with pytest.raises(ValidationError, match="exists already"):
        lib.templates.save("Short journey", edited)
    with pytest.raises(ValidationError, match="at least one question"):
        lib.templates.save("Empty", [StageDraft("Awareness", ())])


def test_answers_links_votes_and_gaps(lib: Library, h) -> None:
    w = _workshop(lib)
    q = w.questions()[0]
    lib.journeys.add_answer(q.id, "sales", "They say 'our reps waste hours looking for decks'")
    lib.journeys.add_answer(q.id, "marketing", "Search terms: content findability")
    with pytest.raises(ValidationError, match="sales or marketing"):
        lib.journeys.add_answer(q.id, "finance", "x")
    with pytest.raises(ValidationError, match="empty"):
        lib.journeys.add_answer(q.id, "sales", "  ")
    asset = h.add_link(lib, "Content graveyard blog")
    lib.journeys.link_asset(q.id, asset)
    lib.journeys.link_asset(q.id, asset)  # twice is once
    got = lib.journeys.workshop(w.id).question(q.id)
    assert [(a.side, a.votes) for a in got.answers] == [("sales", 0), ("marketing", 0)]
    assert [a.title for a in got.assets] == ["Content graveyard blog"]
    assert not got.is_gap
    lib.journeys.vote_answer(got.answers[0].id)
    lib.journeys.vote_answer(got.answers[0].id)
    lib.journeys.unlink_asset(q.id, asset)
    got = lib.journeys.workshop(w.id).question(q.id)
    assert got.answers[0].votes == 2 and got.assets == () and got.is_gap
    summary = lib.journeys.workshops()[0]
    assert (summary.questions, summary.answered, summary.covered) == (13, 1, 0)
    with pytest.raises(NotFoundError):
        lib.journeys.link_asset(q.id, 9999)


def test_content_needed_joins_the_content_requests(lib: Library) -> None:
    w = _workshop(lib)
    decision = w.stages[2].questions[0]
    lib.journeys.set_content_needed(decision.id, True, owner="Hannah")
    lib.journeys.vote_gap(decision.id, 3)
    (request,) = lib.requests.list_requests()
    assert request.text == "What type of evidence is the buyer looking for?"
    assert (request.stage, request.sector) == ("Decision", "Retail/Groceries")
    assert set(request.persona.split(", ")) == {"CFO", "IT manager"}
    got = lib.journeys.workshop(w.id).question(decision.id)
    assert got.content_needed and got.gap_votes == 3 and got.action_owner == "Hannah"
    lib.journeys.set_content_needed(decision.id, False)
    assert lib.requests.list_requests() == ()


def test_cli_journey_commands(lib: Library, capsys) -> None:
    import json

    from smkdesk.cli import run

    base = ["--library", str(lib.path)]
    assert run([*base, "journey", "templates", "--json"]) == 0
    (template,) = json.loads(capsys.readouterr().out)
    assert sum(len(s["questions"]) for s in template["stages"]) == 13
    argv = [*base, "journey", "new", "Retail IT leaders", "--date", "2026-03-04"]
    argv += ["--persona", "CFO", "--sector", "Retail", "--sales", "Priya", "--marketing", "Hana"]
    assert run(argv) == 0
    assert "with 13 questions" in capsys.readouterr().out
    assert run([*base, "journey", "workshops"]) == 0
    assert "Retail IT leaders" in capsys.readouterr().out
    assert run([*base, "journey", "show", "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["personas"] == ["CFO"] and len(shown["stages"]) == 3
    assert run([*base, "journey", "new", "X", "--persona", "Nobody"]) == 2
    assert "Unknown persona" in capsys.readouterr().err
    assert run([*base, "journey", "show", "99"]) == 2


def test_suggestions_rank_on_topic_content_first_and_say_why(lib: Library, h) -> None:
    w = _workshop(lib)
    budget_q = w.stages[1].questions[0]  # Where is the buyer in their budget setting process?
    lib.journeys.add_answer(budget_q.id, "sales", "CFOs set the budget in Q3 and want ROI proof")
    on_topic = h.add_link(
        lib,
        "Budget planning guide: ROI for the CFO",
        stages=("Consideration",),
        personas=("CFO",),
        sectors=("Retail",),
    )
    off_topic = h.add_link(lib, "Budget of a summer party playlist", stages=("Awareness",))
    h.add_link(lib, "Onboarding checklist", stages=("Consideration",))
    suggestions = lib.journey_coverage.suggest(w.id, budget_q.id)
    ids = [s.asset.id for s in suggestions]
    assert ids[0] == on_topic and off_topic in ids
    assert ids.index(on_topic) < ids.index(off_topic)
    why = suggestions[0].why
    assert "‘budget’" in why and "tagged Consideration" in why and "for CFO" in why
    assert "nearest match: Retail" in why  # the workshop maps Retail/Groceries
    groceries = h.add_link(
        lib,
        "Budget planning guide: ROI for the grocery CFO",
        stages=("Consideration",),
        personas=("CFO",),
        sectors=("Retail/Groceries",),
    )
    suggestions = lib.journey_coverage.suggest(w.id, budget_q.id)
    assert [s.asset.id for s in suggestions][:2] == [groceries, on_topic]
    assert suggestions[0].why.endswith("Retail/Groceries")
    lib.journeys.link_asset(budget_q.id, on_topic)
    assert on_topic not in [s.asset.id for s in lib.journey_coverage.suggest(w.id, budget_q.id)]


def test_coverage_matrix_and_orphans(lib: Library, h) -> None:
    w = _workshop(lib)
    guide = h.add_link(lib, "Evidence pack", stages=("Decision",))
    blog = h.add_link(lib, "Blog post nobody links")
    decision_q = w.stages[2].questions[0]
    cov = lib.journey_coverage.coverage()
    assert {a.id for a in cov.orphans} == {guide, blog}
    lib.journeys.link_asset(decision_q.id, guide)
    cov = lib.journey_coverage.coverage()
    row = cov.stages.index("Decision")
    counts = dict(zip(cov.personas, cov.counts[row], strict=True))
    assert counts["CFO"] == 1 and counts["IT manager"] == 1 and counts["VP Sales"] == 0
    assert [a.id for a in cov.orphans] == [blog]
    lib.journeys.unlink_asset(decision_q.id, guide)
    assert sum(map(sum, lib.journey_coverage.coverage().counts)) == 0


def test_sector_fallback_is_the_nearest_match(lib: Library, h) -> None:
    retail = h.add_link(lib, "Retail playbook", sectors=("Retail",))
    fashion = h.add_link(lib, "Fashion case study", sectors=("Retail/Fashion",))
    exact = lib.journey_coverage.nearest_assets("Retail/Fashion")
    assert [a.id for a in exact.assets] == [fashion] and not exact.nearest_match
    nearest = lib.journey_coverage.nearest_assets("Retail/Groceries")
    assert nearest.nearest_match and nearest.sector == "Retail"
    assert {a.id for a in nearest.assets} == {retail, fashion}
    assert lib.journey_coverage.nearest_assets("Healthcare/Hospitals").assets == ()


def test_workshop_details_change_and_its_requests_follow(lib: Library) -> None:
    w = _workshop(lib)
    gap = w.stages[2].questions[0]
    lib.journeys.add_answer(gap.id, "sales", "References with numbers")
    lib.journeys.set_content_needed(gap.id, True, owner="Hannah")
    lib.journeys.update_workshop(
        w.id,
        "  Retail   CFOs ",
        date(2026, 4, 1),
        "Priya",
        personas=["CFO"],
        sectors=["Retail"],
        participants=[Participant("Sam", "marketing"), Participant(" ", "sales")],
    )
    got = lib.journeys.workshop(w.id)
    assert (got.name, got.held_on, got.facilitator) == ("Retail CFOs", date(2026, 4, 1), "Priya")
    assert (got.personas, got.sectors) == (("CFO",), ("Retail",))
    assert got.participants == (Participant("Sam", "marketing"),)
    assert [a.text for a in got.question(gap.id).answers] == ["References with numbers"]
    (request,) = lib.requests.list_requests()
    assert (request.persona, request.sector) == ("CFO", "Retail")
    with pytest.raises(ValidationError, match="needs a name"):
        lib.journeys.update_workshop(w.id, " ", date(2026, 4, 1))
    with pytest.raises(ValidationError, match="Unknown persona"):
        lib.journeys.update_workshop(w.id, "X", date(2026, 4, 1), personas=["Nobody"])
    assert lib.journeys.workshop(w.id).name == "Retail CFOs"  # the failed edit changed nothing


def test_stage_time_box(lib: Library) -> None:
    w = _workshop(lib)
    stage = w.stages[1]
    lib.journeys.set_stage_minutes(stage.id, 35)
    assert lib.journeys.workshop(w.id).stages[1].minutes == 35
    lib.journeys.set_stage_minutes(stage.id, 0)
    assert lib.journeys.workshop(w.id).stages[1].minutes == 1
    with pytest.raises(NotFoundError):
        lib.journeys.set_stage_minutes(9999, 10)


def test_deleting_a_workshop_keeps_planned_requests_and_the_assets(lib: Library, h) -> None:
    w = _workshop(lib)
    asset = h.add_link(lib, "Evidence pack")
    first, second = w.stages[2].questions[:2]
    lib.journeys.link_asset(first.id, asset)
    lib.journeys.set_content_needed(first.id, True)
    lib.journeys.set_content_needed(second.id, True)
    planned = next(r for r in lib.requests.list_requests() if r.text == second.text)
    lib.requests.mark_planned(planned.id)
    lib.journeys.delete_workshop(w.id)
    assert lib.journeys.workshops() == ()
    assert [r.text for r in lib.requests.list_requests()] == [second.text]
    assert lib.assets.get(asset).title == "Evidence pack"
    with pytest.raises(NotFoundError):
        lib.journeys.workshop(w.id)
    with pytest.raises(NotFoundError):
        lib.journeys.delete_workshop(w.id)
    # a new workshop may get the deleted one's question ids: its gaps are new requests
    again = _workshop(lib)
    reused = again.stages[2].questions[1]
    lib.journeys.set_content_needed(reused.id, True)
    assert sorted((r.text, r.status) for r in lib.requests.list_requests()) == [
        (second.text, "open"),
        (second.text, "planned"),
    ]


def test_deleting_templates(lib: Library) -> None:
    (default,) = lib.templates.all()
    with pytest.raises(ValidationError, match="last template"):
        lib.templates.delete(default.id)
    short = lib.templates.save("Short", [StageDraft("Decision", ("Why us?",), "Decision")])
    w = _workshop(lib, short.id)
    lib.templates.delete(short.id)
    assert [t.name for t in lib.templates.all()] == [default.name]
    kept = lib.journeys.workshop(w.id)
    assert kept.template_name == "Short" and [q.text for q in kept.questions()] == ["Why us?"]


def test_template_json_round_trip_and_bad_files(lib: Library, tmp_path, capsys) -> None:
    import json

    from smkdesk.cli import run
    from smkdesk.core.journeys.templates import template_from_json, template_to_json

    (default,) = lib.templates.all()
    name, description, stages = template_from_json(template_to_json(default))
    assert (name, description, stages) == (default.name, default.description, default.stages)
    for bad, why in (
        ([], "expected an object"),
        ({"name": "x"}, "no stages"),
        ({"name": "x", "stages": [{"name": "A", "questions": "Why?"}]}, "list of questions"),
        ({"name": "x", "stages": [{"name": "A", "questions": [], "minutes": "5"}]}, "minutes"),
    ):
        with pytest.raises(ValidationError, match=why):
            template_from_json(bad)

    base = ["--library", str(lib.path), "journey"]
    out = tmp_path / "template.json"
    assert run([*base, "template-export", str(default.id), "--out", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    data["stages"][0]["questions"].append("Who else is in the room?")
    data["stages"][0]["minutes"] = 30
    out.write_text(json.dumps(data), "utf-8")
    assert run([*base, "template-import", str(out), "--name", "Longer"]) == 0
    assert "14 questions" in capsys.readouterr().out
    longer = lib.templates.all()[-1]
    assert longer.name == "Longer" and longer.stages[0].minutes == 30
    assert run([*base, "template-import", str(out), "--name", "Longer"]) == 2
    assert "exists already" in capsys.readouterr().err
    out.write_bytes(b"\xff\xfe{")
    assert run([*base, "template-import", str(out)]) == 2
    assert "not valid UTF-8 JSON" in capsys.readouterr().err
    assert run([*base, "template-import", str(tmp_path / "missing.json")]) == 2
    assert "Cannot read missing.json" in capsys.readouterr().err
    out.write_bytes(b" " * (2 * 1024 * 1024))
    assert run([*base, "template-import", str(out)]) == 2
    assert "too large for a journey template" in capsys.readouterr().err
