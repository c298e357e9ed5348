"""Nine months of believable activity for the demo library, so that the
dashboard, the review queue and the content requests have something to show.

Deterministic (one seeded generator) and relative to the day the demo is
built. Popular assets are used often, about a third are never used, a few were
used only long ago, two collect mostly "not helpful" feedback, deals are won
and lost, and reps searched for content the library does not have (the gaps
the demo sources leave on purpose: procurement and healthcare).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from smkdesk.core.catalogue.dto import AssetSummary
from smkdesk.core.changes import User
from smkdesk.core.errors import SmkError
from smkdesk.core.library import Library
from smkdesk.core.search.dto import SearchQuery
from smkdesk.core.usage.events import UsageContext
from smkdesk.core.util.timeutil import utcnow

SEED = 2026
DAYS = 270
REPS = (
    User("Priya Raman", "sales rep"),
    User("Tom Becker", "sales rep"),
    User("Lucía Ortega", "sales rep"),
    User("Kwame Mensah", "sales rep"),
)
MARKETER = User("Hannah Okafor", "marketer")
ACCOUNTS = (
    ("Harbour & Pine Foods", "Regional rollout"),
    ("Kessler Antriebstechnik", "Plant 2 expansion"),
    ("Maison Verlaine", "E-commerce relaunch"),
    ("Orrin Hydraulics", "Service contracts"),
    ("Fjord Mutual", "Broker portal"),
    ("Calder Retail Group", "Loyalty programme"),
    ("Beacon Freight", "Carrier onboarding"),
    ("Northgate Bank", "Wealth desk pilot"),
)
OUTCOMES = ("won", "won", "won", "lost", "lost", "open", "open", "open")
ACTIONS = ("sent", "sent", "sent", "presented", "opened", "opened", "copied")
ZERO_RESULT_SEARCHES = (
    ("procurement checklist", 6),
    ("security questionnaire answers", 4),
    ("hospital case study", 5),
    ("medical devices compliance", 3),
    ("reference customer germany", 2),
)
# how reps also typed them: one request each, listing these variants
VARIANTS = {
    "procurement checklist": ("Procurement checklists", "checklist procurement"),
    "hospital case study": ("hospital case studies", "Hospital casestudy"),
}
FOUND_SEARCHES = ("pricing", "case study retail", "battlecard", "roi calculator", "onboarding")
# typos the rep put right at once: not requests
CORRECTED_TYPOS = (("batlecard", "battlecard"), ("onbaording", "onboarding"))


def add_demo_usage(lib: Library, now: datetime | None = None) -> int:
    """Log the demo's usage, outcomes and searches; returns the number of events."""
    rng = random.Random(SEED)
    now = now or utcnow()
    assets = [a for a in lib.assets.list() if a.status == "published"]
    if not assets:
        return 0
    rng.shuffle(assets)
    third = len(assets) // 3
    popular, regular, stale = assets[:6], assets[6 : 6 + third], assets[6 + third : 9 + third]
    # the rest stays unused, so the review queue has something to show
    count = 0
    plan: list[tuple[AssetSummary, int, int | tuple[int, int]]] = [
        *((a, rng.randint(14, 30), DAYS) for a in popular),
        *((a, rng.randint(2, 9), DAYS) for a in regular),
        *((a, rng.randint(1, 3), (DAYS, 150)) for a in stale),
    ]
    for asset, uses, window in plan:
        count += _log_uses(lib, rng, asset, uses, window, now)
    for asset in popular[:2]:
        count += _feedback(lib, rng, asset, now, helpful=True)
    for asset in regular[:2]:
        count += _feedback(lib, rng, asset, now, helpful=False)
    for (account, opportunity), outcome in zip(ACCOUNTS, OUTCOMES, strict=True):
        if outcome != "open":
            closed = now - timedelta(days=rng.randint(5, 60))
            try:
                lib.usage.set_outcome(account, opportunity, outcome, closed)
            except SmkError:  # no use was logged for that deal
                continue
    _searches(lib, rng, now)
    return count


def _when(rng: random.Random, now: datetime, window: int | tuple[int, int]) -> datetime:
    oldest, newest = (window, 0) if isinstance(window, int) else window
    days = rng.randint(newest, oldest)
    return now - timedelta(days=days, hours=rng.randint(0, 9), minutes=rng.randint(0, 59))


def _log_uses(
    lib: Library,
    rng: random.Random,
    asset: AssetSummary,
    uses: int,
    window: int | tuple[int, int],
    now: datetime,
) -> int:
    logged = 0
    for _ in range(uses):
        when = _when(rng, now, window)
        if when <= asset.created:
            continue
        account, opportunity = rng.choice(ACCOUNTS)
        context = UsageContext(
            account=account,
            opportunity=opportunity,
            stage=_first(asset.stages),
            persona=_first(asset.personas),
            sector=_first(asset.sectors),
        )
        lib.usage.log(asset.id, rng.choice(ACTIONS), rng.choice(REPS), context, when)
        logged += 1
    return logged


def _feedback(
    lib: Library, rng: random.Random, asset: AssetSummary, now: datetime, helpful: bool
) -> int:
    notes = (
        ("Prospect loved the numbers", "Answered the CFO's questions")
        if helpful
        else ("Too generic for this buyer", "Out of date figures", "Prospect ignored it")
    )
    votes = (1, 1, 1, -1) if helpful else (-1, -1, -1, 1)
    for rating in votes:
        when = max(_when(rng, now, 120), asset.created + timedelta(hours=1))
        context = UsageContext(rating=rating, note=rng.choice(notes))
        lib.usage.log(asset.id, "feedback", rng.choice(REPS), context, when)
    return len(votes)


def _searches(lib: Library, rng: random.Random, now: datetime) -> None:
    for text, times in ZERO_RESULT_SEARCHES:
        spellings = (text, text, *VARIANTS.get(text, ()))
        for i in range(times):
            when = now - timedelta(days=rng.randint(1, 80), minutes=i)
            typed = spellings[i % len(spellings)]
            lib.requests.log_search(SearchQuery(text=typed), 0, rng.choice(REPS), when)
    for text in FOUND_SEARCHES:
        when = now - timedelta(days=rng.randint(1, 30))
        lib.requests.log_search(SearchQuery(text=text), 3, MARKETER, when)
    for typo, fixed in CORRECTED_TYPOS:
        rep, when = rng.choice(REPS), now - timedelta(days=rng.randint(1, 30))
        lib.requests.log_search(SearchQuery(text=typo), 0, rep, when)
        lib.requests.log_search(SearchQuery(text=fixed), 4, rep, when + timedelta(seconds=20))


def _first(values: Sequence[str]) -> str | None:
    return values[0] if values else None
