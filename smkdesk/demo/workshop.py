"""One worked buyer's-journey workshop for the demo library: answers from
sales and marketing on most questions, linked assets, votes, and two
questions marked "content needed" (they show up as content requests)."""

from __future__ import annotations

from datetime import date

from smkdesk.core.journeys.types import Participant
from smkdesk.core.library import Library

NAME = "Retail leadership team – buyer's journey workshop"
PEOPLE = (
    Participant("Priya Raman", "sales"),
    Participant("Tom Becker", "sales"),
    Participant("Hannah Okafor", "marketing"),
    Participant("Jonas Lindqvist", "marketing"),
)
# question number (1-13, template order) -> (sales notes, marketing notes, linked titles, votes)
BOARD: dict[int, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    1: (
        ("“Our reps can't find the right deck before a call.”",
         "CFOs talk about pipeline that stalls after the first meeting."),
        ("Search data: 'content findability', 'sales enablement cost'.",),
        ("The content graveyard – finding the assets your reps actually use",),
    ),
    2: (
        ("Peers at trade events; analyst notes forwarded by the CFO.",),
        ("Webinars and benchmark reports; LinkedIn posts from retail COOs.",),
        ("Webinar recording – From MQL to revenue, rebuilding the handoff",),
    ),
    3: (
        ("Margin pressure: lost wholesale accounts to faster competitors.",),
        ("Wasted content budget: 60–70% of assets never used.",),
        ("Naïve attribution is costing you budget – and credibility with your CFO",),
    ),
    4: (
        ("“It's a CRM problem” – they expect a tool alone to fix it.",),
        ("They think alignment means more meetings.",),
        (),
    ),
    5: (
        ("A board question about sales productivity usually starts it.",),
        (),
        (),
    ),
    6: (
        ("Budgets are set in Q3; the CFO wants ROI proof before then.",),
        ("Retail budgets are split between sales ops and marketing.",),
        ("ROI of Northwind Signal – the CFO view on one page",),
    ),
    7: (
        ("Urgent before peak season (October).",),
        ("Campaign calendar drives urgency for marketing.",),
        (),
    ),
    8: (
        ("Go-live within eight weeks, before the holiday trading freeze.",),
        (),
        ("Implementation plan – eight weeks to go-live",),
    ),
    9: (
        ("Give them a business case they can forward internally.",),
        ("Pre-built ROI calculator with their own figures.",),
        ("Business case and pricing walkthrough",),
    ),
    10: (
        ("Retail references in groceries, with numbers.",),
        ("Case studies with a named customer and a metric.",),
        ("Harbour & Pine grows foodservice pipeline 38% with one shared account view",
         "Maison Verlaine halves lead response time across 14 wholesale markets"),
    ),
    11: (
        ("They ask for a pilot with one region.",),
        ("A guided trial with their own content would help.",),
        (),
    ),
    12: (
        ("Security review and data residency come up every time.",),
        ("Procurement wants a standard contract pack.",),
        ("Security and data architecture of Northwind Signal",),
    ),
    13: (
        ("Harbour & Pine's sales director agreed to take reference calls.",),
        (),
        ("Customer video – Brightwater Foods wins national retailer listings with one account plan",),  # noqa: E501
    ),
}  # fmt: skip
NEEDED = {11: ("Hannah Okafor", 5), 12: ("Jonas Lindqvist", 3), 4: ("Hannah Okafor", 2)}
ANSWER_VOTES = {1: 3, 6: 4, 10: 2}


def add_demo_workshop(lib: Library) -> int:
    """Create the demo workshop (if the library has none yet); returns its id or 0."""
    if lib.journeys.workshops():
        return 0
    titles = {a.title: a.id for a in lib.assets.list(include_retired=True)}
    w = lib.journeys.create_workshop(
        NAME,
        date(2026, 9, 17),
        "Claire Dubois",
        personas=["CFO", "VP Sales"],
        sectors=["Retail"],
        participants=PEOPLE,
    )
    questions = w.questions()
    for number, (sales, marketing, linked) in BOARD.items():
        q = questions[number - 1]
        for text in sales:
            lib.journeys.add_answer(q.id, "sales", text)
        for text in marketing:
            lib.journeys.add_answer(q.id, "marketing", text)
        for title in linked:
            if title in titles:
                lib.journeys.link_asset(q.id, titles[title])
    for number, votes in ANSWER_VOTES.items():
        first = lib.journeys.workshop(w.id).questions()[number - 1].answers[0]
        lib.journeys.vote_answer(first.id, votes)
    for number, (owner, votes) in NEEDED.items():
        q = questions[number - 1]
        lib.journeys.set_content_needed(q.id, True, owner)
        lib.journeys.vote_gap(q.id, votes)
    return w.id
