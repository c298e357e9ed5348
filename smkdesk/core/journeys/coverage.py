"""What the library offers each workshop question: suggested assets (with why),
coverage of stages × personas by linked content, orphan assets that answer
no question, and the nearest match when a sub-sector has no content.

Suggestions: the question and its answers become an OR query of their
meaningful words (stop words dropped, the most frequent first); full-text
relevance (BM25, title boosted) is normalised to 0–1 and weighted towards the
workshop: +0.5 when the asset is tagged with the question's stage, +0.3 for
one of the workshop's personas, +0.3 for its sector (or a sector above or
below it). Linked and retired assets are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from smkdesk.core.catalogue.dto import PERSONA, SECTOR, STAGE, AssetSummary
from smkdesk.core.catalogue.models import Asset
from smkdesk.core.catalogue.taxonomy import load_terms
from smkdesk.core.journeys.models import (
    QuestionAsset,
    WorkshopQuestion,
    WorkshopStage,
    WorkshopTerm,
)
from smkdesk.core.journeys.types import WorkshopDetail
from smkdesk.core.journeys.workshops import JourneyService
from smkdesk.core.search.dto import SearchQuery
from smkdesk.core.search.service import SearchService
from smkdesk.core.store.db import Database

STAGE_WEIGHT, PERSONA_WEIGHT, SECTOR_WEIGHT = 0.5, 0.3, 0.3
MAX_TERMS = 12
STOP_WORDS = (
    "a about after all also an and any are as at be because been before being but by can "
    "could do does doing for from had has have how if in into is it its may more most must "
    "no not of on or our out over own should so some such than that the their them then "
    "there these they this those through to too under up very was we were what when where "
    "whether which while who whom why will with would you your buyer buyers buyer's solution "
    "between each every other same just only like get make made want wants need needs"
)
STOP = frozenset(STOP_WORDS.split(" "))
WORD = re.compile(r"[^\W\d_][\w'’-]{2,}", re.UNICODE)


@dataclass(frozen=True)
class Suggestion:
    asset: AssetSummary
    score: float
    why: str


@dataclass(frozen=True)
class JourneyCoverage:
    stages: tuple[str, ...]
    personas: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]  # distinct linked assets [stage][persona]
    orphans: tuple[AssetSummary, ...]  # published, linked to no question
    workshop: str | None = None  # the workshop counted, or None: every workshop
    mapped: tuple[str, ...] = ()  # the personas that workshop maps (all: none)
    all_personas: bool = True  # False: the rows are only the mapped personas
    unmapped: tuple[str, ...] = ()  # personas no workshop maps: "not mapped", not a gap


@dataclass(frozen=True)
class NearestAssets:
    assets: tuple[AssetSummary, ...]
    sector: str  # the sector the assets are tagged with
    nearest_match: bool  # True: none for the asked sector, these are from a parent


def keywords(texts: Sequence[str], limit: int = MAX_TERMS) -> list[str]:
    words = Counter(
        w.lower().strip("'’-")
        for text in texts
        for w in WORD.findall(text)
        if w.lower() not in STOP
    )
    return [w for w, _n in words.most_common(limit) if len(w) > 2]


class JourneyCoverageService:
    def __init__(self, db: Database, search: SearchService, journeys: JourneyService) -> None:
        self._db = db
        self._search = search
        self._journeys = journeys

    def suggest(self, workshop_id: int, question_id: int, limit: int = 8) -> tuple[Suggestion, ...]:
        w = self._journeys.workshop(workshop_id)
        stage = next(s for s in w.stages if any(q.id == question_id for q in s.questions))
        q = w.question(question_id)
        terms = keywords([q.text, *(a.text for a in q.answers)])
        if not terms:
            return ()
        results = self._search.search(
            SearchQuery(text=" OR ".join(terms), limit=60, with_snippets=False)
        )
        linked = {a.id for a in q.assets}
        top = max((h.score for h in results.hits), default=0) or 1.0
        sectors, parents = self._related_sectors(w)
        out = []
        for hit in results.hits:
            if hit.id in linked or hit.status == "retired":
                continue
            reasons = []
            score = hit.score / top
            text = " ".join((hit.title, *hit.keywords)).lower()
            matched = [t for t in terms if t in text][:3]
            reasons.append(
                "matches " + ", ".join(f"‘{m}’" for m in matched) if matched else "text matches"
            )
            if stage.name in hit.stages:
                score += STAGE_WEIGHT
                reasons.append(f"tagged {stage.name}")
            personas = [p for p in hit.personas if p in w.personas]
            if personas:
                score += PERSONA_WEIGHT
                reasons.append("for " + ", ".join(personas))
            in_sector = [s for s in hit.sectors if s in sectors]
            in_parent = [s for s in hit.sectors if s in parents]
            if in_sector:
                score += SECTOR_WEIGHT
                reasons.append(in_sector[0])
            elif in_parent:  # the sector's own content ranks first
                score += SECTOR_WEIGHT / 2
                reasons.append(f"nearest match: {in_parent[0]}")
            out.append(Suggestion(hit, round(score, 3), "; ".join(reasons)))
        out.sort(key=lambda s: (-s.score, s.asset.title))
        return tuple(out[:limit])

    def _related_sectors(self, w: WorkshopDetail) -> tuple[set[str], set[str]]:
        """The workshop's sectors with their descendants, and their ancestors
        (the nearest match when a sub-sector has no content of its own)."""
        related: set[str] = set(w.sectors)
        parents: set[str] = set()
        for path in w.sectors:
            parts = path.split("/")
            parents.update("/".join(parts[:i]) for i in range(1, len(parts)))
        with self._db.reader() as s:
            table = load_terms(s, SECTOR)
            for term in table.rows:
                path = table.path(term)
                if any(path.startswith(p + "/") for p in w.sectors):
                    related.add(path)
        return related, parents - related

    def coverage(
        self, workshop_id: int | None = None, all_personas: bool = False
    ) -> JourneyCoverage:
        """Stages × personas: distinct published assets linked to a question of a
        workshop stage mapped to that stage, in workshops mapping that persona.

        With ``workshop_id`` (of a workshop that maps personas), only that
        workshop's links count and the rows are the personas it maps: a persona
        it never set out to cover is not one of its gaps. ``all_personas`` (or a
        workshop that maps none) gives the whole library: every persona, every
        workshop."""
        name: str | None = None
        mapped: tuple[str, ...] = ()
        if workshop_id is not None:
            w = self._journeys.workshop(workshop_id)
            name, mapped = w.name, w.personas
        scoped = bool(mapped) and not all_personas
        with self._db.reader() as s:
            stages = [t for t in load_terms(s, STAGE).rows if not t.retired]
            personas = [
                t
                for t in load_terms(s, PERSONA).rows
                if (t.name in mapped if scoped else not t.retired)
            ]
            stages.sort(key=lambda t: t.position)
            personas.sort(key=lambda t: t.position)
            q = (
                select(WorkshopStage.stage_id, WorkshopTerm.term_id, func.count(distinct(Asset.id)))
                .select_from(QuestionAsset)
                .join(WorkshopQuestion, WorkshopQuestion.id == QuestionAsset.question_id)
                .join(WorkshopStage, WorkshopStage.id == WorkshopQuestion.workshop_stage_id)
                .join(WorkshopTerm, WorkshopTerm.workshop_id == WorkshopStage.workshop_id)
                .join(Asset, Asset.id == QuestionAsset.asset_id)
                .where(Asset.status == "published")
                .group_by(WorkshopStage.stage_id, WorkshopTerm.term_id)
            )
            if scoped:
                q = q.where(WorkshopStage.workshop_id == workshop_id)
            cells = {(a, b): int(n) for a, b, n in s.execute(q)}
            mapped_ids = set(s.scalars(select(WorkshopTerm.term_id).distinct()))
            linked = select(QuestionAsset.asset_id)
            orphan_ids = list(
                s.scalars(
                    select(Asset.id)
                    .where(Asset.status == "published", Asset.id.not_in(linked))
                    .order_by(Asset.title)
                )
            )
        counts = tuple(tuple(cells.get((st.id, p.id), 0) for p in personas) for st in stages)
        orphans = self._summaries(orphan_ids)
        return JourneyCoverage(
            tuple(t.name for t in stages),
            tuple(p.name for p in personas),
            counts,
            orphans,
            workshop=name if scoped else None,
            mapped=mapped,
            all_personas=not scoped,
            unmapped=tuple(p.name for p in personas if p.id not in mapped_ids),
        )

    def _summaries(self, ids: Sequence[int]) -> tuple[AssetSummary, ...]:
        from smkdesk.core.catalogue.assets import load_assets, summary_fields

        with self._db.reader() as s:
            rows = [AssetSummary(**f) for f in summary_fields(s, load_assets(s, ids))]  # type: ignore[arg-type]
        order = {aid: i for i, aid in enumerate(ids)}
        return tuple(sorted(rows, key=lambda a: order[a.id]))

    def nearest_assets(
        self, sector: str, stage: str | None = None, persona: str | None = None, limit: int = 20
    ) -> NearestAssets:
        """Published assets for a sector (with its sub-sectors); when it has none,
        those of the closest parent sector, flagged as the nearest match."""
        parts = sector.strip("/").split("/")
        for depth in range(len(parts), 0, -1):
            path = "/".join(parts[:depth])
            query = SearchQuery(
                sectors=(path,),
                stages=(stage,) if stage else (),
                personas=(persona,) if persona else (),
                statuses=("published",),
                limit=limit,
                with_snippets=False,
            )
            hits = self._search.search(query).hits
            if hits:
                return NearestAssets(tuple(hits), path, depth < len(parts))
        return NearestAssets((), sector, False)
