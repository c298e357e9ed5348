"""Synthetic B2B sales & marketing corpus for the search benchmark.

Each document has a primary and a secondary *theme* (pricing, security, ROI,
buyer journey, ...). Its body mixes themed sentences, generic sales/marketing
sentences and long-tail sentences drawn with a Zipf distribution from ~40,000
made-up product, company and jargon words. So a few words are in nearly every
document ("customer", "team"), theme words are in a fraction of them, and the
vocabulary has a long tail, as in a real content library.

Everything is deterministic for a given seed.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

try:
    from smkdesk.core.search.model import IndexDoc
except ModuleNotFoundError:  # run as a script from a source checkout
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from smkdesk.core.search.model import IndexDoc

#: Bump when the generated text changes (the benchmark caches corpora by it).
CORPUS_VERSION = 2
_TAXONOMY_FILE = Path(__file__).resolve().parents[1] / "resources" / "taxonomy" / "default.json"

# theme -> (vocabulary, themed sentence templates); {t} is a theme word
THEMES: dict[str, tuple[str, list[str]]] = {
    "pricing": (
        "pricing price discount tier licence subscription quote packaging bundle "
        "margin invoice seat renewal uplift list price procurement contract",
        [
            "Our {t} model is simple: one {t} per {t2}, with a discount for annual terms.",
            "Transparent pricing removes friction when the {persona} reviews the {t}.",
            "Compare the {t} options before the {t2} goes to procurement.",
        ],
    ),
    "roi": (
        "roi payback tco savings business case calculator cost investment return "
        "efficiency headcount hours budget value benchmark",
        [
            "The ROI calculator shows a payback of {n} months and {pct}% lower {t}.",
            "Build the business case: {t} and {t2} improve within one quarter.",
            "{company} measured {pct}% {t} savings in the first year.",
        ],
    ),
    "security": (
        "security compliance gdpr soc2 iso audit encryption risk governance "
        "privacy access identity policy breach certification vendor assessment",
        [
            "Security teams review {t} and {t2} before any contract is signed.",
            "Our platform is certified for {t} and supports strict {t2} controls.",
            "Answer the {t} questionnaire early to shorten the sales cycle.",
        ],
    ),
    "journey": (
        "buyer journey awareness consideration decision content persona nurture "
        "funnel touchpoint engagement intent research stage",
        [
            "Map every asset to a stage of the buyer journey, from {t} to {t2}.",
            "Use this {asset} early in the buyer journey to build {t} with the {persona}.",
            "Personalised {t} keeps the buyer engaged through {t2}.",
        ],
    ),
    "enablement": (
        "battlecard playbook objection demo discovery pipeline quota forecast "
        "coaching competitor positioning talk track win rate deal",
        [
            "The battlecard covers the top {t} objections against {company}.",
            "Reps use the {t} playbook to move {t2} forward in the pipeline.",
            "Sales leaders track {t} and {t2} every week.",
        ],
    ),
    "success": (
        "onboarding adoption churn retention renewal health score nps expansion "
        "upsell training support customer success time to value",
        [
            "Fast {t} drives {t2} and reduces churn.",
            "{company} improved net revenue retention to {n}0% with better {t}.",
            "Customer success teams watch {t} signals to protect the renewal.",
        ],
    ),
    "abm": (
        "account abm target intent data one-to-one one-to-few tier personalisation "
        "orchestration buying committee stakeholders",
        [
            "Account-based marketing focuses {t} on the accounts that matter most.",
            "For one-to-one programmes, tailor the {t} for each buying committee.",
            "Intent data shows which {t} are researching {t2} right now.",
        ],
    ),
    "supply": (
        "supply chain inventory logistics warehouse visibility forecast demand "
        "supplier shipment fulfilment stock lead time",
        [
            "Real-time {t} visibility cuts stockouts by {pct}%.",
            "{company} connected {t} and {t2} data across {n} warehouses.",
            "Better demand {t} lowers working capital tied up in {t2}.",
        ],
    ),
    "analytics": (
        "analytics dashboard ai machine learning prediction insight data report "
        "model attribution metric kpi segmentation",
        [
            "The {t} dashboard turns raw {t2} into decisions.",
            "Machine learning predicts {t} so teams act before {t2} drops.",
            "Attribution reports show which {t} drive pipeline.",
        ],
    ),
    "integration": (
        "integration api cloud migration platform erp crm connector sso "
        "deployment architecture workflow automation",
        [
            "Native {t} with your {t2} takes days, not months.",
            "{company} finished the cloud {t} in {n} weeks.",
            "Open APIs connect {t} to every {t2} in the stack.",
        ],
    ),
    "finance": (
        "cfo finance cash flow working capital forecasting close reporting "
        "spend controls treasury budget planning",
        [
            "For the CFO, {t} and {t2} are the numbers that matter.",
            "Finance teams cut the monthly {t} from {n} days to two.",
            "Better {t} gives the board confidence in the plan.",
        ],
    ),
    "stories": (
        "case study customer story testimonial results outcome reference "
        "interview proof success story",
        [
            "In this case study, {company} explains how {product} improved {t2}.",
            "Read the {t} to see the results {company} achieved.",
            "A reference call with {company} is the best proof for the {persona}.",
        ],
    ),
}

GENERIC = [
    "Our customers use {product} to grow revenue and reduce cost.",
    "The team at {company} works with marketing and sales every day.",
    "Teams in {sector} need clear results they can share with the business.",
    "This {asset} helps the {persona} understand the value for the business.",
    "{company} chose {product} after a short pilot with the team.",
    "Customers in {city} rely on {product} for daily operations.",
    "The results were clear within {n} months of the rollout.",
    "Contact your account manager to learn more about {product}.",
    "Every customer gets a dedicated success manager and a clear plan.",
    "Leaders in {sector} want solutions that scale with the business.",
]

ACCENTED = [
    "café",
    "résumé",
    "naïve",
    "façade",
    "Zürich",
    "São",
    "Paulo",
    "Málaga",
    "Göteborg",
    "crème",
    "entrepôt",
    "Société",
    "Générale",
    "Düsseldorf",
    "Köln",
    "Montréal",
    "Québec",
]


def _made_up_words(rng: random.Random, count: int) -> list[str]:
    onsets = [
        "b",
        "br",
        "c",
        "cl",
        "d",
        "dr",
        "f",
        "fl",
        "g",
        "gr",
        "h",
        "k",
        "kr",
        "l",
        "m",
        "n",
        "p",
        "pl",
        "qu",
        "r",
        "s",
        "st",
        "sp",
        "t",
        "tr",
        "v",
        "w",
        "x",
        "z",
        "zh",
    ]
    nuclei = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y", "ae"]
    codas = ["", "", "n", "r", "s", "x", "l", "m", "nt", "rd", "sk", "th", "v", "q"]
    out: set[str] = set()
    while len(out) < count:
        n = rng.choice((2, 2, 3, 3, 4))
        out.add(
            "".join(rng.choice(onsets) + rng.choice(nuclei) for _ in range(n)) + rng.choice(codas)
        )
    return sorted(out)


@dataclass(frozen=True)
class Taxonomy:
    stages: dict[int, str]
    personas: dict[int, str]
    types: dict[int, str]
    sectors: dict[int, str]
    sector_parent: dict[int, int | None]
    abm_tiers: tuple[str, ...]


def load_taxonomy() -> Taxonomy:
    raw = json.loads(_TAXONOMY_FILE.read_text(encoding="utf-8"))
    sectors: dict[int, str] = {}
    parent: dict[int, int | None] = {}
    next_id = 1
    for top, children in raw["sectors"].items():
        top_id = next_id
        sectors[top_id], parent[top_id] = top, None
        next_id += 1
        for child in children:
            sectors[next_id], parent[next_id] = child, top_id
            next_id += 1
    return Taxonomy(
        dict(enumerate(raw["stages"], 1)),
        dict(enumerate(raw["personas"], 1)),
        dict(enumerate(raw["asset_types"], 1)),
        sectors,
        parent,
        tuple(raw["abm_tiers"]),
    )


class Generator:
    """Holds the vocabulary pools; ``doc(i)`` builds one document."""

    def __init__(self, seed: int = 0) -> None:
        rng = self.rng = random.Random(seed)
        self.tax = load_taxonomy()
        made_up = _made_up_words(rng, 42_000)
        rng.shuffle(made_up)
        self.companies = [
            w.capitalize() + rng.choice(["", " Inc", " Group", " Labs", " AG"])
            for w in made_up[:2000]
        ]
        self.products = [
            w.capitalize() + rng.choice(["", " Cloud", " 360", " Pro", " Hub"])
            for w in made_up[2000:3000]
        ]
        self.tail = made_up[3000:3200] + ACCENTED + made_up[3200:]
        self.tail_cum = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(self.tail))))
        self.themes = {k: (v.split(), tpl) for k, (v, tpl) in THEMES.items()}
        self.cities = [
            "London",
            "Paris",
            "Berlin",
            "Madrid",
            "Milan",
            "Zürich",
            "São Paulo",
            "Montréal",
            "Chicago",
            "Austin",
            "Singapore",
            "Sydney",
            "Málaga",
        ]
        self.owners = [
            f"{a} {b}"
            for a in (
                "Anna",
                "Ben",
                "Chloé",
                "David",
                "Emma",
                "Farid",
                "Grace",
                "Hugo",
                "Inès",
                "Jonas",
            )
            for b in ("Martin", "Lee", "Novak")
        ][:25]

    def _slots(self, theme: str, ctx: dict[str, str]) -> dict[str, object]:
        rng = self.rng
        words = self.themes[theme][0]
        return {
            **ctx,
            "t": rng.choice(words),
            "t2": rng.choice(words),
            "n": rng.randint(2, 18),
            "pct": rng.randint(5, 80),
            "city": rng.choice(self.cities),
            "product": rng.choice(self.products),
        }

    def sentence(self, themes: tuple[str, str], ctx: dict[str, str]) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.55:
            theme = themes[0] if rng.random() < 0.7 else themes[1]
            return rng.choice(self.themes[theme][1]).format(**self._slots(theme, ctx))
        if r < 0.8:
            return rng.choice(GENERIC).format(**self._slots(themes[0], ctx))
        words = rng.choices(self.tail, cum_weights=self.tail_cum, k=rng.randint(6, 14))
        return " ".join(words).capitalize() + "."

    def doc(self, asset_id: int) -> IndexDoc:
        rng, tax = self.rng, self.tax
        first, second = rng.sample(sorted(self.themes), 2)
        themes = (first, second)
        type_id = rng.choice(list(tax.types))
        leaves = rng.sample([s for s, p in tax.sector_parent.items() if p], rng.randint(0, 2))
        sector_ids = set(leaves) | {p for s in leaves if (p := tax.sector_parent[s])}
        stage_ids = tuple(sorted(rng.sample(list(tax.stages), rng.randint(1, 2))))
        persona_ids = tuple(sorted(rng.sample(list(tax.personas), rng.randint(0, 3))))
        ctx = {
            "company": rng.choice(self.companies),
            "persona": tax.personas[persona_ids[0]] if persona_ids else "buyer",
            "sector": tax.sectors[rng.choice(sorted(sector_ids))].lower() if leaves else "b2b",
            "asset": tax.types[type_id].lower(),
        }
        t0, t1 = (self.themes[t][0] for t in themes)
        title = rng.choice(
            [
                f"{ctx['company']} {ctx['asset']}: {rng.choice(t0)} and {rng.choice(t1)}",
                f"How {ctx['company']} uses {rng.choice(self.products)} for {rng.choice(t0)}",
                f"{ctx['sector'].capitalize()} {rng.choice(t0)} guide for the {ctx['persona']}",
            ]
        )
        pages = min(20, max(1, round(rng.lognormvariate(1.68, 0.6))))
        body = "\n\n".join(
            " ".join(self.sentence(themes, ctx) for _ in range(rng.randint(300, 500) // 11))
            for _ in range(pages)
        )
        created = datetime(2022, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 1_500_000))
        tags = [tax.types[type_id]] + [tax.stages[s] for s in stage_ids]
        tags += [tax.personas[p] for p in persona_ids] + [tax.sectors[s] for s in sector_ids]
        return IndexDoc(
            asset_id=asset_id,
            title=title,
            description=" ".join(self.sentence(themes, ctx) for _ in range(2)),
            keywords=tuple(dict.fromkeys(rng.sample(t0, 3) + rng.sample(t1, 1))),
            body=body,
            tag_text=" ".join(tags),
            stage_ids=stage_ids,
            persona_ids=persona_ids,
            sector_ids=tuple(sorted(sector_ids)),
            type_id=type_id,
            status=rng.choices(("published", "draft", "retired"), weights=(80, 12, 8))[0],
            owner=rng.choice(self.owners),
            abm_tier=rng.choice((None, None, *tax.abm_tiers)),
            language=rng.choices(("en", "de", "fr"), weights=(85, 10, 5))[0],
            created=created,
            updated=created + timedelta(days=rng.randint(0, 200)),
        )


def generate_docs(n: int, seed: int = 0) -> Iterator[IndexDoc]:
    """Yield ``n`` documents with asset ids 1..n (lazily: bodies are big)."""
    gen = Generator(seed)
    for asset_id in range(1, n + 1):
        yield gen.doc(asset_id)


def usage_counts(n: int, seed: int = 0) -> dict[int, int]:
    """Plausible "times used" per asset: most assets are never used."""
    rng = random.Random(seed + 1)
    return {i: int(rng.paretovariate(1.2)) for i in range(1, n + 1) if rng.random() < 0.3}


if __name__ == "__main__":
    import re
    import sys
    import time
    from collections import Counter

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    t0 = time.perf_counter()
    df: Counter[str] = Counter()
    words = 0
    for d in generate_docs(count):
        toks = re.findall(r"\w+", d.body.lower())
        words += len(toks)
        df.update(set(toks))
    dt = time.perf_counter() - t0
    print(f"{count} docs, avg {words / count:.0f} words, {len(df)} distinct, {dt:.1f}s")
    for w in ("customer", "pricing", "security", "roi", "journey", "cfo", "retail", "café"):
        print(f"  df({w}) = {df[w] / count:.0%}")
