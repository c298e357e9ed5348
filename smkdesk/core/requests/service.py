"""Search log and content requests: what people looked for and did not find.

Every search the GUI (debounced) or the CLI runs is logged with its filters by
*name*, so the log reads the same after taxonomy edits. A search that found
nothing becomes (or counts towards) a content request keyed by its normalised
text and its stage, persona and sector filters; ``searches`` is the number of
zero-result searches logged with that key.

To keep type-as-you-go out of the log, a search that extends (or repeats) the
same user's search from the last 5 seconds, with the same filters, replaces it;
one that is a prefix of it (backspacing) is ignored.

To keep noise out of the requests (rules in ``matching.py``):
- near-identical searches (case, plurals, word order, a small typo) with the
  same filters count towards one request, which lists its variants;
- a zero-result search that the same user corrects within two minutes to one
  that finds something (other words, or the same words with other filters) is
  marked ``corrected_to`` and no longer counts (an open request left with no
  search goes away);
- only searches a person typed are requests: ``typed=False`` (a "did you mean"
  the app offered, a click) never makes one, though with results it still
  corrects the typed search before it;
- a marketer can dismiss a request with a reason (typo, not content, duplicate,
  other) and bring it back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from smkdesk.core.catalogue.dto import ASSET_TYPE, PERSONA, SECTOR, STAGE
from smkdesk.core.catalogue.models import Asset
from smkdesk.core.catalogue.taxonomy import load_terms
from smkdesk.core.changes import Changes, User, user_name
from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.journeys.models import Workshop, WorkshopQuestion, WorkshopStage
from smkdesk.core.requests.matching import corrects, same_request
from smkdesk.core.search.dto import SearchQuery
from smkdesk.core.store.db import Database
from smkdesk.core.usage.models import ContentRequest as RequestRow
from smkdesk.core.usage.models import SearchLog
from smkdesk.core.util.textclean import multi_line, one_line
from smkdesk.core.util.timeutil import naive_utc, utcnow

REQUEST_STATUSES: tuple[str, ...] = ("open", "planned", "answered", "dismissed")
#: why a request was dismissed: (code, label)
DISMISS_REASONS: tuple[tuple[str, str], ...] = (
    ("typo", "Typo or misspelling"),
    ("not content", "Not a content need"),
    ("duplicate", "Duplicate of another request"),
    ("other", "Other (say why)"),
)
REPLACE_WINDOW = timedelta(seconds=5)
CORRECT_WINDOW = timedelta(minutes=2)
WORKSHOP_PREFIX = "workshop:"  # requests a workshop's gaps made (core/journeys/workshops.py)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class RequestState:
    """What a status change overwrites, so that it can be put back (undo)."""

    id: int
    status: str
    answered_by: int | None = None
    dismiss_reason: str = ""
    dismiss_note: str = ""


@dataclass(frozen=True)
class ContentRequest:
    id: int
    text: str  # the variant searched most (the latest of equals), as last spelled
    stage: str  # names, comma-separated ("" = any)
    persona: str
    sector: str
    searches: int  # zero-result searches that count towards it
    last_searched: datetime | None
    status: str  # open | planned | answered | dismissed
    answered_by: int | None
    answered_title: str = ""
    people: int = 0  # different people who searched
    variants: tuple[str, ...] = ()  # the texts searched, most searched first
    dismiss_reason: str = ""  # a DISMISS_REASONS code
    dismiss_note: str = ""
    status_by: str = ""
    workshop: str = ""  # the workshop whose gap made it ("": a search made it)
    created: datetime | None = None  # when the request was made

    @property
    def source(self) -> str:
        """Where it came from: "Search" or "Workshop: <name>"."""
        return f"Workshop: {self.workshop}" if self.workshop else "Search"

    @property
    def state(self) -> RequestState:
        return RequestState(
            self.id, self.status, self.answered_by, self.dismiss_reason, self.dismiss_note
        )


def dismiss_label(code: str) -> str:
    return dict(DISMISS_REASONS).get(code, code)


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
        *,
        typed: bool = True,
    ) -> Changes:
        """Log a finished search; a zero-result one counts towards a content request.

        ``typed=False`` is for a search the app ran for the user (a "did you mean"
        suggestion): it is not logged, but when it found something it corrects the
        user's recent zero-result searches that it is close to.
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
            if not typed:
                found = result_count > 0 and self._correct(s, who, at, text, None, filters)
                return Changes(requests=True) if found else Changes()
            stage, persona, sector = (", ".join(f[k]) for k in ("stages", "personas", "sectors"))
            key = request_key(text, stage, persona, sector)
            typed_text = normalise(text)
            row = self._recent(s, who, at, filters)
            before = normalise(row.text) if row is not None else ""
            if row is not None and before != typed_text and before.startswith(typed_text):
                return Changes()  # a prefix of what was just searched (backspacing)
            if row is None or not typed_text.startswith(before):
                row = SearchLog(user_name=who, filters=filters)
                s.add(row)
            old_key = row.request_key if row.result_count == 0 else None
            req: RequestRow | None = None
            if result_count <= 0:
                req = s.scalar(select(RequestRow).where(RequestRow.request_key == key))
                if req is None:
                    req = _similar(s, text, stage, persona, sector)
                if req is None:
                    req = RequestRow(request_key=key, status="open", created_at=at)
                    req.text, req.stage, req.persona, req.sector = text, stage, persona, sector
                    s.add(req)
                elif req.request_key == key:
                    req.text = text  # the latest spelling of the same words
                req.updated_at = at
                key = req.request_key
            row.occurred_at, row.text, row.request_key = at, text, key
            row.result_count = max(0, int(result_count))
            row.corrected_to = ""
            s.flush()
            if old_key is not None and old_key != key:
                _drop_if_unsearched(s, old_key)
            if result_count > 0:
                self._correct(s, who, at, text, row.id, filters)
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

    @staticmethod
    def _correct(
        s: Session, who: str, at: datetime, text: str, row_id: int | None, filters: str
    ) -> bool:
        """Mark the user's recent zero-result searches that ``text`` (searched
        with ``filters``) corrects: other words that ``corrects`` accepts, or the
        same words with other filters (a rep who clears the filters a heat-map
        click set and then finds something was not asking for new content)."""
        q = select(SearchLog).where(
            SearchLog.user_name == who,
            SearchLog.result_count == 0,
            SearchLog.corrected_to == "",
            SearchLog.occurred_at >= at - CORRECT_WINDOW,
            SearchLog.occurred_at <= at,
        )
        if row_id is not None:
            q = q.where(SearchLog.id != row_id)
        keys: set[str] = set()
        same_words = normalise(text)
        for zero in s.scalars(q):
            refiltered = normalise(zero.text) == same_words and zero.filters != filters
            if refiltered or corrects(text, zero.text):
                zero.corrected_to = text
                keys.add(zero.request_key)
        s.flush()
        for key in keys:
            _drop_if_unsearched(s, key)
        return bool(keys)

    def list_requests(self, status: str | None = None) -> tuple[ContentRequest, ...]:
        """Requests, most searched first (``status=None``: all of them)."""
        if status is not None and status not in REQUEST_STATUSES:
            raise ValidationError(
                f"Unknown status {status!r}; use one of: {', '.join(REQUEST_STATUSES)}."
            )
        q = select(RequestRow, Asset.title).outerjoin(Asset, Asset.id == RequestRow.answered_by)
        if status is not None:
            q = q.where(RequestRow.status == status)
        with self._db.reader() as s:
            found = s.execute(q).all()
            stats = _search_stats(s, [r.request_key for r, _t in found])
            workshops = _workshop_names(s, [r.request_key for r, _t in found])
        out = [
            _request(r, title, stats.get(r.request_key), workshops.get(r.request_key, ""))
            for r, title in found
        ]
        out.sort(key=lambda r: r.id)
        out.sort(key=lambda r: (r.searches, r.last_searched or datetime.min), reverse=True)
        return tuple(out)

    def get(self, request_id: int) -> ContentRequest:
        with self._db.reader() as s:
            row = s.get(RequestRow, request_id)
            if row is None:
                raise NotFoundError(f"No content request has id {request_id}.")
            asset = s.get(Asset, row.answered_by) if row.answered_by is not None else None
            stats = _search_stats(s, [row.request_key]).get(row.request_key)
            workshop = _workshop_names(s, [row.request_key]).get(row.request_key, "")
            return _request(row, asset.title if asset is not None else None, stats, workshop)

    def open_count(self) -> int:
        with self._db.reader() as s:
            q = select(func.count()).select_from(RequestRow).where(RequestRow.status == "open")
            return int(s.scalar(q) or 0)

    def mark_planned(self, request_id: int, user: User | str = "") -> Changes:
        return self._set(RequestState(request_id, "planned"), user)

    def mark_answered(self, request_id: int, asset_id: int, user: User | str = "") -> Changes:
        return self._set(RequestState(request_id, "answered", asset_id), user)

    def reopen(self, request_id: int, user: User | str = "") -> Changes:
        return self._set(RequestState(request_id, "open"), user)

    def dismiss(
        self, request_id: int, reason: str, note: str = "", user: User | str = ""
    ) -> Changes:
        """Take a request off the open list as noise, saying why (it can come back)."""
        codes = [code for code, _label in DISMISS_REASONS]
        reason = " ".join(reason.casefold().replace("-", " ").replace("_", " ").split())
        if reason not in codes:
            raise ValidationError(f"Unknown reason {reason!r}; use one of: {', '.join(codes)}.")
        note = multi_line(note).strip()
        if reason == "other" and not note:
            raise ValidationError("Say why in a note when the reason is “other”.")
        return self._set(RequestState(request_id, "dismissed", None, reason, note), user)

    def undismiss(self, request_id: int, user: User | str = "") -> Changes:
        """Bring a dismissed request back to the open list."""
        with self._db.reader() as s:
            row = s.get(RequestRow, request_id)
            if row is None:
                raise NotFoundError(f"No content request has id {request_id}.")
            if row.status != "dismissed":
                raise ValidationError(
                    f"Request #{request_id} is not dismissed (it is {row.status})."
                )
        return self.reopen(request_id, user)

    def restore(self, states: Sequence[RequestState], user: User | str = "") -> Changes:
        """Put requests back as they were (undo); an answer since deleted is dropped."""
        with self._db.session() as s:
            for state in states:
                self._apply(s, state, user, strict=False)
        return Changes(requests=True)

    def _set(self, state: RequestState, user: User | str) -> Changes:
        with self._db.session() as s:
            self._apply(s, state, user, strict=True)
        return Changes(requests=True)

    @staticmethod
    def _apply(s: Session, state: RequestState, user: User | str, strict: bool) -> None:
        if state.status not in REQUEST_STATUSES:
            raise ValidationError(f"Unknown status {state.status!r}.")
        req = s.get(RequestRow, state.id)
        if req is None:
            raise NotFoundError(f"No content request has id {state.id}.")
        asset_id = state.answered_by
        if asset_id is not None and s.get(Asset, asset_id) is None:
            if strict:
                raise NotFoundError(f"No asset has id {asset_id}.")
            asset_id = None
        dismissed = state.status == "dismissed"
        req.status, req.answered_by, req.updated_at = state.status, asset_id, utcnow()
        req.dismiss_reason = state.dismiss_reason if dismissed else ""
        req.dismiss_note = state.dismiss_note if dismissed else ""
        req.status_by = user_name(user)


@dataclass
class _Variant:
    count: int
    last: datetime
    text: str  # its latest spelling


@dataclass
class _Stats:
    searches: int = 0
    last: datetime | None = None
    people: set[str] = field(default_factory=set)
    variants: dict[str, _Variant] = field(default_factory=dict)  # by normalised text


def _search_stats(s: Session, keys: Sequence[str]) -> dict[str, _Stats]:
    """Counts, people and variants of the searches that count towards each key."""
    wanted = [k for k in keys if not k.startswith(WORKSHOP_PREFIX)]
    out: dict[str, _Stats] = {}
    if not wanted:
        return out
    q = (
        select(SearchLog.request_key, SearchLog.text, SearchLog.user_name, SearchLog.occurred_at)
        .where(SearchLog.result_count == 0, SearchLog.corrected_to == "")
        .order_by(SearchLog.occurred_at, SearchLog.id)
    )
    if len(wanted) <= 500:
        q = q.where(SearchLog.request_key.in_(wanted))
    for key, text, who, at in s.execute(q):
        st = out.setdefault(key, _Stats())
        st.searches += 1
        st.last = at if st.last is None or at > st.last else st.last
        st.people.add(who.casefold())
        v = st.variants.setdefault(normalise(text), _Variant(0, at, text))
        v.count, v.last, v.text = v.count + 1, at, text
    return out


def _workshop_names(s: Session, keys: Sequence[str]) -> dict[str, str]:
    """The workshop each workshop-made request key comes from, by key."""
    ids = {int(k[len(WORKSHOP_PREFIX) :]): k for k in keys if k.startswith(WORKSHOP_PREFIX)
           and k[len(WORKSHOP_PREFIX) :].isdigit()}  # fmt: skip
    if not ids:
        return {}
    rows = s.execute(
        select(WorkshopQuestion.id, Workshop.name)
        .join(WorkshopStage, WorkshopStage.id == WorkshopQuestion.workshop_stage_id)
        .join(Workshop, Workshop.id == WorkshopStage.workshop_id)
        .where(WorkshopQuestion.id.in_(ids))
    ).all()
    return {ids[qid]: name or "(unnamed)" for qid, name in rows}


def _request(
    r: RequestRow, title: str | None, st: _Stats | None, workshop: str = ""
) -> ContentRequest:
    st = st or _Stats()
    ranked = sorted(st.variants.values(), key=lambda v: (v.count, v.last), reverse=True)
    variants = tuple(v.text for v in ranked)
    return ContentRequest(
        id=r.id,
        text=variants[0] if variants else r.text,
        stage=r.stage,
        persona=r.persona,
        sector=r.sector,
        searches=st.searches,
        last_searched=st.last,
        status=r.status,
        answered_by=r.answered_by,
        answered_title=title or "",
        people=len(st.people),
        variants=variants,
        dismiss_reason=r.dismiss_reason or "",
        dismiss_note=r.dismiss_note or "",
        status_by=r.status_by or "",
        workshop=workshop,
        created=r.created_at,
    )


def _similar(s: Session, text: str, stage: str, persona: str, sector: str) -> RequestRow | None:
    """The request (from searches, any status) whose text asks for the same as ``text``,
    with the same filters; the most recently searched one if several match."""
    if not normalise(text):
        return None
    scope = (stage.casefold(), persona.casefold(), sector.casefold())
    q = (
        select(RequestRow)
        .where(RequestRow.request_key.not_like(f"{WORKSHOP_PREFIX}%"))
        .order_by(RequestRow.updated_at.desc(), RequestRow.id.desc())
    )
    for req in s.scalars(q):
        here = (req.stage.casefold(), req.persona.casefold(), req.sector.casefold())
        if here == scope and same_request(text, req.text):
            return req
    return None


def _drop_if_unsearched(s: Session, key: str) -> None:
    """An open request left with no search that counts (one still being typed, or
    corrected) goes away."""
    if key.startswith(WORKSHOP_PREFIX):
        return
    left = s.scalar(
        select(func.count())
        .select_from(SearchLog)
        .where(
            SearchLog.request_key == key,
            SearchLog.result_count == 0,
            SearchLog.corrected_to == "",
        )
    )
    if not left:
        s.execute(
            delete(RequestRow).where(RequestRow.request_key == key, RequestRow.status == "open")
        )
