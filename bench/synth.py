"""Synthetic B2B sales & marketing corpus for the search benchmark.

Documents are built from sentence templates filled with marketing / sales
vocabulary plus a large pool of made-up company, product and jargon words
sampled with a Zipf distribution, so the index sees a realistic long-tail
vocabulary (tens of thousands of distinct words) and a few very common terms.

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
    from smkdesk.core.search import IndexDoc
except ModuleNotFoundError:  # run as a script from a source checkout
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from smkdesk.core.search import IndexDoc

_TAXONOMY_FILE = Path(__file__).resolve().parents[1] / "resources" / "taxonomy" / "default.json"

NOUNS = """
pipeline revenue quota forecast deal opportunity lead prospect account buyer customer
journey funnel conversion churn retention renewal expansion upsell adoption onboarding
pricing price discount budget cost savings margin payback investment return value
roi tco benchmark metric kpi dashboard report analytics insight data platform solution
integration workflow automation process compliance security governance risk audit
strategy roadmap initiative campaign content asset playbook battlecard messaging
positioning persona segment sector market territory region partner channel reseller
demo trial proof pilot evaluation shortlist proposal contract negotiation procurement
stakeholder champion sponsor executive board committee team department function
case study whitepaper ebook webinar brochure datasheet presentation deck calculator
implementation migration deployment rollout support service success outcome result
growth efficiency productivity visibility agility scalability resilience reliability
inventory supply chain logistics store shelf checkout basket loyalty shopper omnichannel
claims underwriting premium portfolio ledger payment transaction fraud treasury lending
factory plant line throughput downtime maintenance quality yield supplier component
patient clinician ward trial formulary device regulation diagnosis outcome pathway
subscription tenant uptime latency bandwidth network spectrum cloud infrastructure
engagement matter billing audit advisory practice client firm consultant partner
""".split()

ADJECTIVES = """
strategic measurable scalable secure seamless proven trusted flexible modular intelligent
automated unified real-time predictive actionable data-driven customer-centric digital
cost-effective enterprise mid-market global regional competitive differentiated compelling
frictionless transparent compliant resilient agile lean robust integrated cloud-native
faster smarter simpler leaner stronger better higher lower quarterly annual monthly
""".split()

VERBS = """
accelerate reduce increase improve streamline automate unlock drive deliver enable
simplify optimise optimize transform modernise consolidate standardise centralise
protect grow scale capture convert retain expand measure track forecast prioritise
align engage nurture qualify close win renew shorten lower raise boost cut
""".split()

METRICS = """
win rate|sales cycle|deal size|cost per lead|customer lifetime value|net revenue retention|
time to value|pipeline coverage|conversion rate|average order value|gross margin|
first call resolution|days sales outstanding|inventory turnover|overall equipment effectiveness|
net promoter score|customer acquisition cost|payback period|churn rate|forecast accuracy
""".replace("\n", "").split("|")

FILLER = """
the a an and or of to in for with on by from at as that this these those our your their its
is are was were be been will can could should may might must not only also more most very
across within between through over under into about after before during while when where
which who whom whose how why what all each every both many several few other such same
new key core critical essential significant substantial typical leading modern
""".split()

ACCENTED = """
café résumé naïve façade coöperation São Paulo Zürich Málaga Göteborg crème déjà vu
entrepôt Société Générale Ørsted Düsseldorf Köln Montréal Québec piñata señor
""".split()

TEMPLATES = [
    "{company} used {product} to {verb} {metric} by {pct}% in {months} months.",
    "For the {persona}, the {adj} {noun} is the fastest way to {verb} the {noun2}.",
    "Our {noun} helps {sector} teams {verb} {noun2} and {verb2} {noun3} at scale.",
    "In this case study, {company} explains how a {adj} {noun} improved the buyer journey.",
    "The ROI calculator shows a payback of {months} months and {pct}% lower {metric}.",
    "{persona} buyers in {sector} expect {adj} {noun} and clear pricing from day one.",
    "Across the pipeline, {noun} and {noun2} are the levers that {verb} {metric}.",
    "With {product}, {company} reached {pct}% {metric} within {months} months of rollout.",
    "Security and compliance teams review every {noun} before the {noun2} is signed.",
    "A {adj} {noun} lets sales {verb} the {noun2} without waiting for {noun3}.",
    "Marketing and sales agreed on one {noun} to {verb} {metric} in {sector}.",
    "{company} compared {product} with {product2} and chose the {adj} option.",
    "Use this {asset} early in the buyer journey to {verb} {noun} with the {persona}.",
    "{word} {word2} {word3} {noun} {word4} {adj} {word5} {noun2} {word6}.",
    "The {noun} {filler} {word} {filler2} {noun2} {filler3} {word2} {word3} {noun3}.",
    "Our {word} {noun} gives the {persona} {adj} visibility of {metric} and {noun2}.",
    "{company} ({sector}) cut {noun} costs by {pct}% and freed {months} weeks per quarter.",
    "Customers in {city} rely on {product} for {adj} {noun} and {noun2}.",
    "The {persona} signs off the {noun} once the {metric} target of {pct}% is proven.",
    "Pricing is per {noun} per month, with {pct}% discount for annual {noun2} contracts.",
]


def _syllable_words(rng: random.Random, count: int) -> list[str]:
    onsets = ["b", "br", "c", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "k", "kr", "l", "m",
              "n", "p", "pl", "qu", "r", "s", "st", "sp", "t", "tr", "v", "w", "x", "z", "zh"]
    nuclei = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y", "ae"]
    codas = ["", "", "n", "r", "s", "x", "l", "m", "nt", "rd", "sk", "th", "v", "q"]
    out: set[str] = set()
    while len(out) < count:
        n = rng.choice((2, 2, 3, 3, 4))
        w = "".join(rng.choice(onsets) + rng.choice(nuclei) for _ in range(n)) + rng.choice(codas)
        out.add(w)
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
        stages=dict(enumerate(raw["stages"], 1)),
        personas=dict(enumerate(raw["personas"], 1)),
        types=dict(enumerate(raw["asset_types"], 1)),
        sectors=sectors,
        sector_parent=parent,
        abm_tiers=tuple(raw["abm_tiers"]),
    )


class Generator:
    """Builds documents; one instance holds the vocabulary pools."""

    def __init__(self, seed: int = 0) -> None:
        rng = random.Random(seed)
        self.rng = rng
        self.tax = load_taxonomy()
        made_up = _syllable_words(rng, 40_000)
        rng.shuffle(made_up)
        self.companies = [w.capitalize() + rng.choice(["", " Inc", " Group", " Labs", " AG"])
                          for w in made_up[:1500]]
        self.products = [w.capitalize() + rng.choice(["", " Cloud", " 360", " Pro", " Hub"])
                         for w in made_up[1500:2300]]
        # the long tail: real vocabulary first (frequent), then jargon words
        pool = NOUNS + VERBS + ADJECTIVES + made_up[2300:] + ACCENTED
        self.words = pool
        self.word_cum = list(itertools.accumulate(1.0 / (r + 1) ** 1.05 for r in range(len(pool))))
        self.company_cum = list(itertools.accumulate(1.0 / (r + 1) for r in range(1500)))
        self.cities = ["London", "Paris", "Berlin", "Madrid", "Milan", "Zürich", "São Paulo",
                       "Montréal", "Chicago", "Austin", "Singapore", "Sydney", "Málaga"]
        self.owners = [f"{a} {b}" for a in ("Anna", "Ben", "Chloé", "David", "Emma", "Farid",
                                            "Grace", "Hugo", "Inès", "Jonas")
                       for b in ("Martin", "Lee", "Novak")][:25]

    # -- text -----------------------------------------------------------
    def _w(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.word_cum, k=k)

    def sentence(self) -> str:
        rng = self.rng
        ws = self._w(6)
        tax = self.tax
        return rng.choice(TEMPLATES).format(
            company=rng.choices(self.companies, cum_weights=self.company_cum)[0],
            product=rng.choice(self.products), product2=rng.choice(self.products),
            verb=rng.choice(VERBS), verb2=rng.choice(VERBS),
            noun=rng.choice(NOUNS), noun2=rng.choice(NOUNS), noun3=rng.choice(NOUNS),
            adj=rng.choice(ADJECTIVES), metric=rng.choice(METRICS),
            persona=rng.choice(list(tax.personas.values())),
            sector=rng.choice(list(tax.sectors.values())).lower(),
            asset=rng.choice(list(tax.types.values())).lower(),
            city=rng.choice(self.cities), pct=rng.randint(5, 80), months=rng.randint(2, 18),
            word=ws[0], word2=ws[1], word3=ws[2], word4=ws[3], word5=ws[4], word6=ws[5],
            filler=rng.choice(FILLER), filler2=rng.choice(FILLER), filler3=rng.choice(FILLER),
        )

    def page(self, words: int) -> str:
        parts: list[str] = []
        count = 0
        while count < words:
            s = self.sentence()
            parts.append(s)
            count += s.count(" ") + 1
        return " ".join(parts)

    # -- documents --------------------------------------------------------
    def doc(self, asset_id: int) -> IndexDoc:
        rng, tax = self.rng, self.tax
        type_id = rng.choice(list(tax.types))
        leaf_sectors = rng.sample([s for s, p in tax.sector_parent.items() if p], rng.randint(0, 2))
        sector_ids = set(leaf_sectors)
        for s in leaf_sectors:
            parent = tax.sector_parent[s]
            if parent is not None:
                sector_ids.add(parent)
        if rng.random() < 0.1:
            sector_ids.add(rng.choice([s for s, p in tax.sector_parent.items() if p is None]))
        stage_ids = tuple(sorted(rng.sample(list(tax.stages), rng.randint(1, 2))))
        persona_ids = tuple(sorted(rng.sample(list(tax.personas), rng.randint(0, 3))))
        company = rng.choices(self.companies, cum_weights=self.company_cum)[0]
        sector_name = tax.sectors[leaf_sectors[0]] if leaf_sectors else "B2B"
        title = rng.choice([
            f"{company} {tax.types[type_id].lower()}: {rng.choice(VERBS)} {rng.choice(METRICS)}",
            f"How {company} uses {rng.choice(self.products)} in {sector_name}",
            f"{sector_name} {rng.choice(NOUNS)} {rng.choice(NOUNS)} guide",
            f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} for the "
            f"{tax.personas[persona_ids[0]] if persona_ids else 'buyer'}",
        ])
        pages = min(20, max(1, round(rng.lognormvariate(1.55, 0.6))))
        body = "\n\n".join(self.page(rng.randint(300, 500)) for _ in range(pages))
        created = datetime(2022, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 1_500_000))
        status = rng.choices(("published", "draft", "retired"), weights=(80, 12, 8))[0]
        tags = [tax.types[type_id]] + [tax.stages[s] for s in stage_ids]
        tags += [tax.personas[p] for p in persona_ids] + [tax.sectors[s] for s in sector_ids]
        return IndexDoc(
            asset_id=asset_id,
            title=title,
            description=" ".join(self.sentence() for _ in range(rng.randint(1, 2))),
            keywords=tuple(dict.fromkeys(rng.sample(NOUNS, 3) + self._w(2))),
            body=body,
            tag_text=" ".join(tags),
            stage_ids=stage_ids,
            persona_ids=persona_ids,
            sector_ids=tuple(sorted(sector_ids)),
            type_id=type_id,
            status=status,
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
    import sys
    import time

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    t0 = time.perf_counter()
    vocab: set[str] = set()
    words = 0
    for d in generate_docs(count):
        toks = d.body.lower().split()
        words += len(toks)
        vocab.update(toks)
    dt = time.perf_counter() - t0
    print(f"{count} docs, avg {words / count:.0f} words, {len(vocab)} distinct, {dt:.1f}s")
