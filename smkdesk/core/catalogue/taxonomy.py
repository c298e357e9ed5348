"""Taxonomies as data: stages, personas, sectors (a tree) and asset types.

Values can be added, renamed, merged, reordered, moved (sectors) and retired.
Every change that touches assets queues those assets for re-indexing, so the
index follows renames and merges.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from smkdesk.core.catalogue import dto
from smkdesk.core.catalogue.dto import ASSET_TYPE, DIMENSION_LABELS, DIMENSIONS, SECTOR
from smkdesk.core.catalogue.follow import IndexFollower, UsageFollower
from smkdesk.core.catalogue.models import Asset, AssetTerm, Term
from smkdesk.core.changes import Changes
from smkdesk.core.errors import DuplicateError, NotFoundError, ValidationError
from smkdesk.core.util.textclean import one_line
from smkdesk.resources import resource_path

MAX_NAME = 120


def _clean_name(name: str) -> str:
    cleaned = one_line(name)
    if not cleaned:
        raise ValidationError("A name cannot be empty.")
    if len(cleaned) > MAX_NAME:
        raise ValidationError(f"A name can have at most {MAX_NAME} characters.")
    if "/" in cleaned:
        raise ValidationError("A name cannot contain '/' (it separates sector levels).")
    return cleaned


def _check_dimension(dimension: str) -> None:
    if dimension not in DIMENSIONS:
        raise ValidationError(
            f"Unknown taxonomy {dimension!r}; use one of: {', '.join(DIMENSIONS)}."
        )


@dataclass
class TermTable:
    """All terms of one dimension, loaded once, with tree helpers."""

    rows: list[Term]

    def __post_init__(self) -> None:
        self.by_id = {t.id: t for t in self.rows}

    def path(self, term: Term) -> str:
        parts = [term.name]
        seen = {term.id}
        parent = self.by_id.get(term.parent_id) if term.parent_id else None
        while parent is not None and parent.id not in seen:
            parts.append(parent.name)
            seen.add(parent.id)
            parent = self.by_id.get(parent.parent_id) if parent.parent_id else None
        return "/".join(reversed(parts))

    def ancestors(self, term: Term) -> list[Term]:
        out: list[Term] = []
        parent = self.by_id.get(term.parent_id) if term.parent_id else None
        while parent is not None and parent not in out:
            out.append(parent)
            parent = self.by_id.get(parent.parent_id) if parent.parent_id else None
        return out

    def descendants(self, term: Term) -> list[Term]:
        out: list[Term] = []
        stack = [term.id]
        while stack:
            pid = stack.pop()
            for t in self.rows:
                if t.parent_id == pid and t not in out:
                    out.append(t)
                    stack.append(t.id)
        return out

    def ordered(self) -> list[tuple[Term, int]]:
        """Depth-first in position order, with each term's depth."""
        kids: dict[int | None, list[Term]] = {}
        for t in self.rows:
            kids.setdefault(t.parent_id if t.parent_id in self.by_id else None, []).append(t)
        for siblings in kids.values():
            siblings.sort(key=lambda t: (t.position, t.name.lower()))
        out: list[tuple[Term, int]] = []

        def walk(parent: int | None, depth: int) -> None:
            for t in kids.get(parent, []):
                out.append((t, depth))
                walk(t.id, depth + 1)

        walk(None, 0)
        return out

    def find(self, dimension: str, name: str) -> Term:
        """Resolve a name (or a sector path like 'Retail/Fashion'), case-insensitively."""
        wanted = "/".join(p.strip().lower() for p in name.split("/"))
        exact = [t for t in self.rows if self.path(t).lower() == wanted]
        if exact:
            return exact[0]
        by_name = [t for t in self.rows if t.name.lower() == wanted]
        if len(by_name) == 1:
            return by_name[0]
        label = DIMENSION_LABELS[dimension]
        if len(by_name) > 1:
            paths = ", ".join(self.path(t) for t in by_name)
            raise ValidationError(f"The {label} {name!r} is ambiguous; use one of: {paths}.")
        known = ", ".join(self.path(t) for t, _ in self.ordered() if not t.retired)
        raise ValidationError(
            f"Unknown {label} {name!r}. Known values: {known or 'none yet'}. "
            f"Add it with: smkdesk taxonomy add {dimension} {name!r}"
        )


def load_terms(session: Session, dimension: str) -> TermTable:
    rows = session.scalars(select(Term).where(Term.dimension == dimension)).all()
    return TermTable(list(rows))


def resolve(session: Session, dimension: str, names: Iterable[str | int]) -> list[Term]:
    """Terms for names or ids; unknown or retired values raise ValidationError."""
    table = load_terms(session, dimension)
    out: list[Term] = []
    for name in names:
        if isinstance(name, int):
            term = table.by_id.get(name)
            if term is None:
                raise ValidationError(f"No {DIMENSION_LABELS[dimension]} has id {name}.")
        else:
            term = table.find(dimension, name)
        if term not in out:
            out.append(term)
    return out


def seed_defaults(session: Session) -> None:
    """Fill an empty library with the default taxonomy from resources/."""
    data = json.loads(resource_path("taxonomy", "default.json").read_text("utf-8"))
    for dimension, key in (("stage", "stages"), ("persona", "personas"), ("type", "asset_types")):
        for pos, name in enumerate(data[key]):
            session.add(Term(dimension=dimension, name=name, position=pos))
    for pos, (parent_name, children) in enumerate(data["sectors"].items()):
        parent = Term(dimension=SECTOR, name=parent_name, position=pos)
        session.add(parent)
        session.flush()
        for cpos, child in enumerate(children):
            session.add(Term(dimension=SECTOR, name=child, parent_id=parent.id, position=cpos))


class TaxonomyService:
    def __init__(self, sync: IndexFollower, usage: UsageFollower) -> None:
        self._sync = sync
        self._usage = usage
        self._db = sync.db

    # -- reading -------------------------------------------------------------
    def list(self, dimension: str, include_retired: bool = True) -> tuple[dto.Term, ...]:
        _check_dimension(dimension)
        with self._db.reader() as s:
            table = load_terms(s, dimension)
            counts = self._usage_counts(s, dimension)
            return tuple(
                self._dto(table, t, depth, counts.get(t.id, 0))
                for t, depth in table.ordered()
                if include_retired or not t.retired
            )

    def get(self, term_id: int) -> dto.Term:
        with self._db.reader() as s:
            term = s.get(Term, term_id)
            if term is None:
                raise NotFoundError(f"No taxonomy value has id {term_id}.")
            table = load_terms(s, term.dimension)
            counts = self._usage_counts(s, term.dimension)
            depth = len(table.ancestors(term))
            return self._dto(table, term, depth, counts.get(term.id, 0))

    def find(self, dimension: str, name: str) -> dto.Term:
        _check_dimension(dimension)
        with self._db.reader() as s:
            term = load_terms(s, dimension).find(dimension, name)
        return self.get(term.id)

    @staticmethod
    def _usage_counts(s: Session, dimension: str) -> dict[int, int]:
        if dimension == ASSET_TYPE:
            q = select(Asset.type_id, func.count()).where(Asset.type_id.is_not(None))
            q = q.group_by(Asset.type_id)
        else:
            q = select(AssetTerm.term_id, func.count()).join(Term, Term.id == AssetTerm.term_id)
            q = q.where(Term.dimension == dimension).group_by(AssetTerm.term_id)
        return {int(k): int(v) for k, v in s.execute(q).all() if k is not None}

    @staticmethod
    def _dto(table: TermTable, t: Term, depth: int, count: int) -> dto.Term:
        return dto.Term(
            id=t.id,
            dimension=t.dimension,
            name=t.name,
            parent_id=t.parent_id,
            position=t.position,
            retired=t.retired,
            path=table.path(t),
            depth=depth,
            asset_count=count,
        )

    # -- changing ------------------------------------------------------------
    def add(self, dimension: str, name: str, parent: str | int | None = None) -> dto.Term:
        _check_dimension(dimension)
        name = _clean_name(name)
        with self._db.session() as s:
            table = load_terms(s, dimension)
            parent_term: Term | None = None
            if parent is not None and parent != "":
                if dimension != SECTOR:
                    raise ValidationError("Only sectors can have a parent.")
                parent_term = resolve(s, dimension, [parent])[0]
            pid = parent_term.id if parent_term else None
            self._check_unique(table, dimension, name, pid)
            siblings = [t.position for t in table.rows if t.parent_id == pid]
            term = Term(
                dimension=dimension,
                name=name,
                parent_id=pid,
                position=max(siblings, default=-1) + 1,
            )
            s.add(term)
            s.flush()
            new_id = term.id
        return self.get(new_id)

    def rename(self, term_id: int, new_name: str) -> Changes:
        new_name = _clean_name(new_name)
        with self._db.session() as s:
            term = self._term(s, term_id)
            table = load_terms(s, term.dimension)
            if term.name != new_name:
                self._check_unique(table, term.dimension, new_name, term.parent_id, term.id)
            term.name = new_name
            affected = self._affected(s, term, table)
            self._sync.queue(s, affected)
        self._sync.flush()
        return Changes(assets=frozenset(affected), taxonomy=True)

    def merge(self, source_id: int, target_id: int) -> Changes:
        """Move every tag from ``source`` to ``target``, then delete ``source``."""
        if source_id == target_id:
            raise ValidationError("A value cannot be merged into itself.")
        with self._db.session() as s:
            src, dst = self._term(s, source_id), self._term(s, target_id)
            if src.dimension != dst.dimension:
                raise ValidationError("Only values of the same taxonomy can be merged.")
            table = load_terms(s, src.dimension)
            if dst in table.descendants(src):
                raise ValidationError("A sector cannot be merged into one of its own sub-sectors.")
            dst_children = {t.name.lower() for t in table.rows if t.parent_id == dst.id}
            clash = [
                t.name
                for t in table.rows
                if t.parent_id == src.id and t.name.lower() in dst_children
            ]
            if clash:
                raise DuplicateError(
                    f"{table.path(dst)!r} already has a sub-sector named {clash[0]!r}; "
                    "merge or rename that one first."
                )
            affected = self._affected(s, src, table)
            if src.dimension == ASSET_TYPE:
                s.execute(update(Asset).where(Asset.type_id == src.id).values(type_id=dst.id))
            else:
                tagged_dst = set(
                    s.scalars(select(AssetTerm.asset_id).where(AssetTerm.term_id == dst.id))
                )
                for aid in s.scalars(select(AssetTerm.asset_id).where(AssetTerm.term_id == src.id)):
                    if aid not in tagged_dst:
                        s.add(AssetTerm(asset_id=aid, term_id=dst.id))
                s.execute(delete(AssetTerm).where(AssetTerm.term_id == src.id))
            s.execute(update(Term).where(Term.parent_id == src.id).values(parent_id=dst.id))
            self._usage.repoint_term(s, src.dimension, src.id, dst.id)
            s.flush()
            s.delete(src)
            self._sync.queue(s, affected)
        self._sync.flush()
        return Changes(assets=frozenset(affected), taxonomy=True)

    def set_order(self, dimension: str, term_ids: Sequence[int]) -> Changes:
        """Reorder siblings: ``term_ids`` lists them in their new order."""
        _check_dimension(dimension)
        with self._db.session() as s:
            terms = [self._term(s, tid) for tid in term_ids]
            if any(t.dimension != dimension for t in terms):
                raise ValidationError("All values to reorder must belong to one taxonomy.")
            if len({t.parent_id for t in terms}) > 1:
                raise ValidationError("Only values under the same parent can be reordered.")
            for pos, t in enumerate(terms):
                t.position = pos
        return Changes(taxonomy=True)

    def move(self, term_id: int, steps: int) -> Changes:
        """Move a value up (negative) or down (positive) among its siblings."""
        with self._db.reader() as s:
            term = self._term(s, term_id)
            table = load_terms(s, term.dimension)
            siblings = [t.id for t, _ in table.ordered() if t.parent_id == term.parent_id]
            dimension = term.dimension
        i = siblings.index(term_id)
        j = max(0, min(len(siblings) - 1, i + steps))
        siblings.insert(j, siblings.pop(i))
        return self.set_order(dimension, siblings)

    def set_parent(self, term_id: int, parent: str | int | None) -> Changes:
        """Move a sector under another one (or to the top with ``None``)."""
        with self._db.session() as s:
            term = self._term(s, term_id)
            if term.dimension != SECTOR:
                raise ValidationError("Only sectors can be moved in the tree.")
            table = load_terms(s, SECTOR)
            new_parent = resolve(s, SECTOR, [parent])[0] if parent not in (None, "") else None
            if new_parent is not None and (
                new_parent.id == term.id or new_parent in table.descendants(term)
            ):
                raise ValidationError("A sector cannot be moved under itself.")
            pid = new_parent.id if new_parent else None
            self._check_unique(table, SECTOR, term.name, pid, term.id)
            term.parent_id = pid
            affected = self._affected(s, term, table)
            self._sync.queue(s, affected)
        self._sync.flush()
        return Changes(assets=frozenset(affected), taxonomy=True)

    def retire(self, term_id: int, retired: bool = True) -> Changes:
        """Hide a value from pickers; assets keep the tag (and stay findable)."""
        with self._db.session() as s:
            self._term(s, term_id).retired = retired
        return Changes(taxonomy=True)

    # -- helpers -------------------------------------------------------------
    @staticmethod
    def _term(s: Session, term_id: int) -> Term:
        term = s.get(Term, term_id)
        if term is None:
            raise NotFoundError(f"No taxonomy value has id {term_id}.")
        return term

    @staticmethod
    def _check_unique(
        table: TermTable, dimension: str, name: str, parent_id: int | None, own_id: int = 0
    ) -> None:
        for t in table.rows:
            if t.id != own_id and t.parent_id == parent_id and t.name.lower() == name.lower():
                label = DIMENSION_LABELS[dimension]
                raise DuplicateError(f"The {label} {table.path(t)!r} already exists.")

    @staticmethod
    def _affected(s: Session, term: Term, table: TermTable) -> set[int]:
        """Assets whose index entry mentions ``term`` (or, for sectors, its subtree)."""
        if term.dimension == ASSET_TYPE:
            return set(s.scalars(select(Asset.id).where(Asset.type_id == term.id)))
        ids = [term.id] + [t.id for t in table.descendants(term)]
        return set(s.scalars(select(AssetTerm.asset_id).where(AssetTerm.term_id.in_(ids))))
