"""Search log and content requests: what people looked for and did not find.

Every search the GUI (debounced) or the CLI runs is logged with its filters by
*name*, so the log reads the same after taxonomy edits. A search that found
nothing becomes (or counts towards) a content request keyed by its normalised
text and its stage, persona and sector filters; ``searches`` is the number of
zero-result searches logged with that key.

To keep type-as-you-go out of the log, a search that extends (or repeats) the
same user's search from the last 5 seconds, with the same filters, replaces it;
one that is a prefix of it (backspacing) is ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from smkdesk.core.db import Database
from smkdesk.core.dto import ASSET_TYPE, PERSONA, SECTOR, STAGE, Changes, SearchQuery
from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.models import Asset, SearchLog
from smkdesk.core.models import ContentRequest as RequestRow
from smkdesk.core.taxonomy import load_terms
from smkdesk.core.textclean import one_line
from smkdesk.core.timeutil import naive_utc, utcnow
from smkdesk.core.usage import User, user_name

REQUEST_STATUSES: tuple[str, ...] = ("open", "planned", "answered")
REPLACE_WINDOW = timedelta(seconds=5)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ContentRequest:
    id: int
    text: str
    stage: str  # names, comma-separated ("" = any)
    persona: str
    sector: str
    searches: int  # zero-result searches with this text and these filters
    last_searched: datetime | None
    status: str  # open | planned | answered
    answered_by: int | None
    answered_title: str = ""


def normalise(text: str) -> str:
    """'  Pricing, CFO! ' -> 'pricing cfo' (the text part of a request key)."""
    return " ".join(_WORD.findall(text.casefold()))


def request_key(text: str, stage: str, persona: str, sector: str) -> str:
    return "|".join((normalise(text), stage.casefold(), persona.casefold(), sector.casefold()))


def _names(s: Session, dimension: str, values: Sequence[str | int]) -> list[str]:
    """Names (sector paths) for filter values given as names or ids."""
    if not values:
        return []
    table = load_terms(s, dimension)
    out: list[str] = []
    for v in values:
        term = table.by_id.get(v) if isinstance(v, int) else None
        if term is None and isinstance(v, str):
            try:
                term = table.find(dimension, v)
            except ValidationError:
                term = None
        name = table.path(term) if term is not None else one_line(str(v))
        if name not in out:
            out.append(name)
    return out


class RequestService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def log_search(
        self,
        query: SearchQuery,
        result_count: int,
        user: User | str = "",
        when: datetime | None = None,
    ) -> Changes:
        """Log a finished search; a zero-result one counts towards a content request.

        A library that takes no changes (read-only, damaged) simply does not log.
        """
        if not self._db.writable:
            return Changes()
        text = one_line(query.text)
        who = user_name(user)
        at = naive_utc(when) if when else utcnow()
        with self._db.session() as s:
            f = {
                "stages": _names(s, STAGE, query.stages),
                "personas": _names(s, PERSONA, query.personas),
                "sectors": _names(s, SECTOR, query.sectors),
                "types": _names(s, ASSET_TYPE, query.types),
                "statuses": list(query.statuses),
                "owners": [one_line(o) for o in query.owners],
                "abm_tiers": list(query.abm_tiers),
            }
            if not normalise(text) and not (f["stages"] or f["personas"] or f["sectors"]):
                return Changes()  # browsing, not a search for something
            filters = json.dumps(f, sort_keys=True, ensure_ascii=False)
            stage, persona, sector = (", ".join(f[k]) for k in ("stages", "personas", "sectors"))
            key = request_key(text, stage, persona, sector)
            typed = normalise(text)
            row = self._recent(s, who, at, filters)
            before = normalise(row.text) if row is not None else ""
            if row is not None and before != typed and before.startswith(typed):
                return Changes()  # a prefix of what was just searched (backspacing)
            if row is None or not typed.startswith(before):
                row = SearchLog(user_name=who, filters=filters)
                s.add(row)
            old_key = row.request_key if row.result_count == 0 else None
            row.occurred_at, row.text, row.request_key = at, text, key
            row.result_count = max(0, int(result_count))
            s.flush()
            if old_key is not None and old_key != key:
                _drop_if_unsearched(s, old_key)
            if result_count <= 0:
                req = s.scalar(select(RequestRow).where(RequestRow.request_key == key))
                if req is None:
                    req = RequestRow(request_key=key, status="open", created_at=at)
                    s.add(req)
                req.text, req.stage, req.persona, req.sector = text, stage, persona, sector
                req.updated_at = at
        return Changes(requests=True)

    @staticmethod
    def _recent(s: Session, who: str, at: datetime, filters: str) -> SearchLog | None:
        row = s.scalar(
            select(SearchLog)
            .where(
                SearchLog.user_name == who,
                SearchLog.occurred_at >= at - REPLACE_WINDOW,
                SearchLog.occurred_at <= at,
            )
            .order_by(SearchLog.occurred_at.desc(), SearchLog.id.desc())
            .limit(1)
        )
        return row if row is not None and row.filters == filters else None

    def list_requests(self, status: str | None = None) -> tuple[ContentRequest, ...]:
        """Requests, most searched first."""
        if status is not None and status not in REQUEST_STATUSES:
            raise ValidationError(
                f"Unknown status {status!r}; use one of: {', '.join(REQUEST_STATUSES)}."
            )
        counts = (
            select(
                SearchLog.request_key.label("key"),
                func.count().label("n"),
                func.max(SearchLog.occurred_at).label("last"),
            )
            .where(SearchLog.result_count == 0)
            .group_by(SearchLog.request_key)
            .subquery()
        )
        n = func.coalesce(counts.c.n, 0)
        q = (
            select(RequestRow, n, counts.c.last, Asset.title)
            .outerjoin(counts, counts.c.key == RequestRow.request_key)
            .outerjoin(Asset, Asset.id == RequestRow.answered_by)
            .order_by(n.desc(), counts.c.last.desc(), RequestRow.id)
        )
        if status is not None:
            q = q.where(RequestRow.status == status)
        with self._db.reader() as s:
            return tuple(
                ContentRequest(
                    id=r.id,
                    text=r.text,
                    stage=r.stage,
                    persona=r.persona,
                    sector=r.sector,
                    searches=int(searches),
                    last_searched=last,
                    status=r.status,
                    answered_by=r.answered_by,
                    answered_title=title or "",
                )
                for r, searches, last, title in s.execute(q)
            )

    def open_count(self) -> int:
        with self._db.reader() as s:
            q = select(func.count()).select_from(RequestRow).where(RequestRow.status == "open")
            return int(s.scalar(q) or 0)

    def mark_planned(self, request_id: int) -> Changes:
        return self._set(request_id, "planned", None)

    def mark_answered(self, request_id: int, asset_id: int) -> Changes:
        return self._set(request_id, "answered", asset_id)

    def reopen(self, request_id: int) -> Changes:
        return self._set(request_id, "open", None)

    def _set(self, request_id: int, status: str, asset_id: int | None) -> Changes:
        with self._db.session() as s:
            req = s.get(RequestRow, request_id)
            if req is None:
                raise NotFoundError(f"No content request has id {request_id}.")
            if asset_id is not None and s.get(Asset, asset_id) is None:
                raise NotFoundError(f"No asset has id {asset_id}.")
            req.status, req.answered_by, req.updated_at = status, asset_id, utcnow()
        return Changes(requests=True)


def _drop_if_unsearched(s: Session, key: str) -> None:
    """An open request whose only search was replaced (still being typed) goes away."""
    left = s.scalar(
        select(func.count())
        .select_from(SearchLog)
        .where(SearchLog.request_key == key, SearchLog.result_count == 0)
    )
    if not left:
        s.execute(
            delete(RequestRow).where(RequestRow.request_key == key, RequestRow.status == "open")
        )
