"""Asset catalogue: read, edit, tag, add links, delete."""

from __future__ import annotations

import builtins
import calendar
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from smkdesk.core import asset_snapshot, dto, usage_rollup
from smkdesk.core.asset_snapshot import AssetSnapshot
from smkdesk.core.audit import asset_fields, edit_rows
from smkdesk.core.db import Database
from smkdesk.core.dto import (
    ABM_TIERS,
    ASSET_TYPE,
    PERSONA,
    SECTOR,
    STAGE,
    STATUSES,
    AssetUpdate,
    Changes,
    ImportOptions,
    TagEdit,
)
from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.extract.model import truncation_note
from smkdesk.core.indexing import IndexSync
from smkdesk.core.models import Asset, AssetKeyword, AssetText, Term
from smkdesk.core.models_derived import AssetUsage
from smkdesk.core.store import FileStore
from smkdesk.core.taxonomy import load_terms, resolve
from smkdesk.core.textclean import multi_line, one_line
from smkdesk.core.timeutil import utcnow
from smkdesk.core.usage import User

if TYPE_CHECKING:
    from smkdesk.core.importer import Importer, ImportProgress

PREVIEW_CHARS = 20_000
TAG_DIMENSIONS = (STAGE, PERSONA, SECTOR)


def content_in_use(db: Database, sha256: str) -> bool:
    """Whether a committed asset refers to this stored content."""
    with db.reader() as s:
        return s.scalar(select(Asset.id).where(Asset.file_sha256 == sha256).limit(1)) is not None


# -- validation --------------------------------------------------------------
MAX_TITLE = 500  # characters (the column's size)


def clean_title(title: str) -> str:
    """A title someone typed: refused when too long rather than cut unseen."""
    cleaned = one_line(title)
    if not cleaned:
        raise ValidationError("The title cannot be empty.")
    if len(cleaned) > MAX_TITLE:
        raise ValidationError(
            f"The title is {len(cleaned):,} characters long; a title can have at most "
            f"{MAX_TITLE}. Put the rest in the description."
        )
    return cleaned


def shorten_title(title: str) -> tuple[str, str | None]:
    """A title read from a document, cut at a word to fit, and a note if it was."""
    if len(title) <= MAX_TITLE:
        return title, None
    cut = title[: MAX_TITLE - 1].rsplit(" ", 1)[0].rstrip(" ,;:-") or title[: MAX_TITLE - 1]
    return f"{cut}…", f"title shortened to {MAX_TITLE} characters"


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise ValidationError(f"Unknown status {status!r}; use one of: {', '.join(STATUSES)}.")
    return status


def months_ahead(months: int, today: date | None = None) -> date | None:
    """A review date ``months`` after ``today`` (the 31st becomes the month's
    last day); None for 0 months (no review date)."""
    if months <= 0:
        return None
    day = today or datetime.now(UTC).astimezone().date()
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def check_tier(tier: str | None) -> str | None:
    if tier in (None, ""):
        return None
    normalised = str(tier).strip().lower().replace(" ", "-").replace("1", "one")
    if normalised not in ABM_TIERS:
        raise ValidationError(f"Unknown ABM tier {tier!r}; use one of: {', '.join(ABM_TIERS)}.")
    return normalised


def check_url(url: str) -> str:
    url = one_line(url)
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError(
            f"{url!r} is not a web address (it must start with http:// or https://)."
        )
    return url


def clean_keywords(words: Iterable[str]) -> list[str]:
    out: dict[str, str] = {}
    for w in words:
        for part in w.split(","):
            k = one_line(part)[:100]
            if k and k.lower() not in out:
                out[k.lower()] = k
    return list(out.values())


# -- ORM -> DTO ----------------------------------------------------------------
def usage_stats(s: Session, ids: Sequence[int]) -> dict[int, tuple[int, datetime | None]]:
    if not ids:
        return {}
    rows = s.execute(
        select(AssetUsage.asset_id, AssetUsage.uses, AssetUsage.last_used).where(
            AssetUsage.asset_id.in_(ids)
        )
    ).all()
    return {int(a): (int(n), last) for a, n, last in rows}


def load_assets(s: Session, ids: Sequence[int]) -> list[Asset]:
    rows = s.scalars(
        select(Asset)
        .where(Asset.id.in_(ids))
        .options(
            selectinload(Asset.terms), selectinload(Asset.keywords), selectinload(Asset.asset_type)
        )
    ).all()
    order = {aid: i for i, aid in enumerate(ids)}
    return sorted(rows, key=lambda a: order[a.id])


def summary_fields(s: Session, assets: Sequence[Asset]) -> list[dict[str, object]]:
    """The AssetSummary fields of each asset, in order (shared by list and search)."""
    sector_table = load_terms(s, SECTOR)
    stats = usage_stats(s, [a.id for a in assets])
    out: list[dict[str, object]] = []
    for a in assets:
        by_dim: dict[str, list[str]] = {STAGE: [], PERSONA: [], SECTOR: []}
        for t in a.terms:
            name = sector_table.path(t) if t.dimension == SECTOR else t.name
            by_dim.setdefault(t.dimension, []).append(name)
        count, last = stats.get(a.id, (0, None))
        out.append(
            dict(
                id=a.id,
                kind=a.kind,
                title=a.title,
                file_name=a.file_name,
                type=a.asset_type.name if a.asset_type else None,
                status=a.status,
                owner=a.owner,
                stages=tuple(by_dim[STAGE]),
                personas=tuple(by_dim[PERSONA]),
                sectors=tuple(by_dim[SECTOR]),
                abm_tier=a.abm_tier,
                keywords=tuple(k.keyword for k in a.keywords),
                created=a.created_at,
                updated=a.updated_at,
                text_status=a.text_status,
                use_count=count,
                last_used=last,
            )
        )
    return out


class AssetService:
    def __init__(self, sync: IndexSync, store: FileStore, importer: Importer) -> None:
        self._sync = sync
        self._db = sync.db
        self._store = store
        self._importer = importer

    # -- importing -------------------------------------------------------------
    def import_files(
        self,
        paths: Iterable[Path],
        options: ImportOptions = ImportOptions(),
        progress: ImportProgress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> dto.ImportReport:
        """Import files and folders (recursively); one outcome per file."""
        return self._importer.import_files(paths, options, progress, cancelled)

    def import_file(
        self, path: Path, options: ImportOptions = ImportOptions()
    ) -> dto.ImportOutcome:
        report = self._importer.import_files([path], options)
        return report.outcomes[0]

    # -- reading ---------------------------------------------------------------
    def get(self, asset_id: int) -> dto.AssetDetail:
        with self._db.reader() as s:
            assets = load_assets(s, [asset_id])
            if not assets:
                raise NotFoundError(f"No asset has id {asset_id}.")
            a = assets[0]
            fields = summary_fields(s, assets)[0]
            text = s.execute(
                select(AssetText.body, AssetText.truncated).where(AssetText.asset_id == asset_id)
            ).first()
            body = (text[0] if text else "") or ""
            truncation = (
                truncation_note(a.page_count, len(body), self._importer.limits)
                if text and text[1]
                else None
            )
            stored = (
                self._store.path_for(a.file_sha256, a.file_ext or "")
                if a.kind == "file" and a.file_sha256
                else None
            )
            return dto.AssetDetail(
                **fields,  # type: ignore[arg-type]
                description=a.description,
                review_by=a.review_by,
                url=a.url,
                language=a.language,
                file_size=a.file_size,
                file_ext=a.file_ext,
                sha256=a.file_sha256,
                no_text_reason=a.no_text_reason,
                page_count=a.page_count,
                stored_path=stored,
                text_preview=body[:PREVIEW_CHARS],
                truncation=truncation,
            )

    def summaries(self, ids: Sequence[int]) -> builtins.list[dto.AssetSummary]:
        with self._db.reader() as s:
            return [dto.AssetSummary(**f) for f in summary_fields(s, load_assets(s, ids))]  # type: ignore[arg-type]

    def list(
        self, include_retired: bool = False, limit: int | None = None, offset: int = 0
    ) -> builtins.list[dto.AssetSummary]:
        with self._db.reader() as s:
            q = select(Asset.id).order_by(Asset.id)
            if not include_retired:
                q = q.where(Asset.status != "retired")
            ids = list(s.scalars(q.offset(offset).limit(limit)))
        return self.summaries(ids)

    def count(self, include_retired: bool = True) -> int:
        with self._db.reader() as s:
            q = select(func.count()).select_from(Asset)
            if not include_retired:
                q = q.where(Asset.status != "retired")
            return int(s.scalar(q) or 0)

    def owners(self) -> builtins.list[str]:
        """Every owner name in use, sorted (for completers and filters)."""
        with self._db.reader() as s:
            rows = s.scalars(select(Asset.owner).where(Asset.owner != "").distinct())
            return sorted(rows, key=str.lower)

    def find_by_sha(self, sha256: str) -> tuple[int, str] | None:
        with self._db.reader() as s:
            row = s.execute(
                select(Asset.id, Asset.title).where(Asset.file_sha256 == sha256)
            ).first()
            return (int(row[0]), str(row[1])) if row else None

    # -- changing --------------------------------------------------------------
    def add_link(
        self, url: str, title: str, options: ImportOptions = ImportOptions()
    ) -> dto.AssetDetail:
        url = check_url(url)
        with self._db.session() as s:
            asset = Asset(kind="link", title=clean_title(title), url=url, text_status="none")
            apply_options(s, asset, options)
            s.add(asset)
            s.flush()
            self._sync.queue(s, [asset.id])
            new_id = asset.id
        self._sync.flush()
        return self.get(new_id)

    def update(self, asset_id: int, change: AssetUpdate, user: User | str = "") -> Changes:
        return self.update_many([asset_id], change, user)

    def update_many(
        self, ids: Sequence[int], change: AssetUpdate, user: User | str = ""
    ) -> Changes:
        """Change fields; every changed field goes to the audit trail with who and why."""
        reason = one_line(change.reason)
        with self._db.session() as s:
            assets = self._require(s, ids)
            retiring = change.status == "retired" and any(a.status != "retired" for a in assets)
            if retiring and not reason:
                raise ValidationError("A reason is required to retire content.")
            for a in assets:
                before = asset_fields(a)
                apply_update(s, a, change)
                a.updated_at = utcnow()
                s.add_all(edit_rows(a.id, user, before, asset_fields(a), reason))
                if a.status == "retired" and before["status"] != "retired":
                    a.retired_reason = reason
                if a.status != "retired":
                    a.retired_reason = None
            self._sync.queue(s, ids)
        self._sync.flush()
        return Changes(assets=frozenset(ids))

    def snapshot(self, ids: Sequence[int]) -> tuple[AssetSnapshot, ...]:
        """Each asset's editable values now (to undo an edit with ``restore_snapshot``)."""
        with self._db.reader() as s:
            return asset_snapshot.take(self._require(s, ids))

    def restore_snapshot(
        self, snapshots: Sequence[AssetSnapshot], user: User | str = ""
    ) -> Changes:
        """Put back the values an edit changed (undo); the audit trail records it.
        Assets deleted since are skipped."""
        ids = [snap.id for snap in snapshots]
        with self._db.session() as s:
            assets = load_assets(s, ids)
            present = {a.id for a in assets}
            kept = [snap for snap in snapshots if snap.id in present]
            changed = asset_snapshot.put_back(s, assets, kept, user)
            self._sync.queue(s, changed)
        if changed:
            self._sync.flush()
        return Changes(assets=frozenset(changed))

    def edit_tags(self, ids: Sequence[int], edit: TagEdit, user: User | str = "") -> Changes:
        """Add and remove tags on several assets at once (bulk edit), each change
        in the audit trail."""
        with self._db.session() as s:
            assets = self._require(s, ids)
            adds = {d: resolve(s, d, names) for d, names in edit.add.items() if d in TAG_DIMENSIONS}
            removes = {d: resolve(s, d, n) for d, n in edit.remove.items() if d in TAG_DIMENSIONS}
            for dim in list(edit.add) + list(edit.remove):
                if dim not in TAG_DIMENSIONS:
                    raise ValidationError(
                        f"{dim!r} is not a tag dimension; use stage, persona or sector."
                    )
            add_kw = clean_keywords(edit.add_keywords)
            drop_kw = {k.lower() for k in clean_keywords(edit.remove_keywords)}
            for a in assets:
                before = asset_fields(a)
                current = list(a.terms)
                new = [t for terms in adds.values() for t in terms if t not in current]
                retired = [t.name for t in new if t.retired]
                if retired:
                    raise ValidationError(
                        f"{', '.join(retired)} is retired and cannot be used for new tags."
                    )
                for terms in adds.values():
                    current += [t for t in terms if t not in current]
                for terms in removes.values():
                    current = [t for t in current if t not in terms]
                a.terms = current
                kws = [k.keyword for k in a.keywords if k.keyword.lower() not in drop_kw]
                set_keywords(a, kws + add_kw)
                a.updated_at = utcnow()
                s.add_all(edit_rows(a.id, user, before, asset_fields(a)))
            self._sync.queue(s, ids)
        self._sync.flush()
        return Changes(assets=frozenset(ids))

    def set_created(self, asset_id: int, when: datetime) -> Changes:
        if when.tzinfo is not None:  # stored datetimes are naive UTC
            when = when.astimezone(UTC).replace(tzinfo=None)
        with self._db.session() as s:
            self._require(s, [asset_id])[0].created_at = when
            self._sync.queue(s, [asset_id])
        self._sync.flush()
        return Changes(assets=frozenset({asset_id}))

    def delete(self, ids: Sequence[int]) -> Changes:
        """Remove assets and their stored files (usage history goes with them)."""
        with self._db.session() as s:
            assets = self._require(s, ids)
            files = [(a.file_sha256, a.file_ext or "") for a in assets if a.file_sha256]
            usage_rollup.forget_assets(s, [a.id for a in assets])
            s.execute(delete(Asset).where(Asset.id.in_(ids)))
            self._sync.queue(s, ids)
        for sha, ext in files:  # unless an import elsewhere just stored the same content
            self._store.discard(sha, ext, partial(content_in_use, self._db, sha))
        self._sync.flush()
        return Changes(deleted=frozenset(ids))

    def stored_path(self, asset_id: int) -> Path | None:
        detail = self.get(asset_id)
        return detail.stored_path

    @staticmethod
    def _require(s: Session, ids: Sequence[int]) -> builtins.list[Asset]:
        if not ids:
            raise ValidationError("No assets were selected.")
        assets = load_assets(s, list(dict.fromkeys(ids)))
        missing = sorted(set(ids) - {a.id for a in assets})
        if missing:
            raise NotFoundError(f"No asset has id {', '.join(map(str, missing))}.")
        return assets


# -- shared by import, links and edits ------------------------------------------
def set_keywords(asset: Asset, words: Iterable[str]) -> None:
    asset.keywords = [AssetKeyword(keyword=k) for k in clean_keywords(words)]


def set_terms(s: Session, asset: Asset, dimension: str, names: Iterable[str | int]) -> None:
    terms = resolve(s, dimension, names)
    retired = [t.name for t in terms if t.retired and t not in asset.terms]
    if retired:
        raise ValidationError(f"{', '.join(retired)} is retired and cannot be used for new tags.")
    asset.terms = [t for t in asset.terms if t.dimension != dimension] + terms


def set_type(s: Session, asset: Asset, name: str | None) -> None:
    if not name:
        asset.type_id = None
        asset.asset_type = None
        return
    term: Term = resolve(s, ASSET_TYPE, [name])[0]
    if term.retired and asset.type_id != term.id:
        raise ValidationError(f"{term.name} is retired and cannot be used for new tags.")
    asset.asset_type = term


def apply_options(s: Session, asset: Asset, o: ImportOptions) -> None:
    """Apply import-dialog options to a new asset (validating every value)."""
    asset.status = check_status(o.status)
    asset.abm_tier = check_tier(o.abm_tier)
    asset.owner = one_line(o.owner or "")
    asset.language = one_line(o.language or "") or None
    asset.review_by = o.review_by
    if o.description:
        asset.description = multi_line(o.description)
    asset.terms = []
    for dim, names in ((STAGE, o.stages), (PERSONA, o.personas), (SECTOR, o.sectors)):
        set_terms(s, asset, dim, names)
    set_type(s, asset, o.asset_type)
    set_keywords(asset, o.keywords)


def check_options(s: Session, o: ImportOptions) -> None:
    """Validate options once before a batch, so a typo rejects nothing half-way."""
    apply_options(s, Asset(kind="file", title="check"), o)
    s.expunge_all()


def apply_update(s: Session, a: Asset, c: AssetUpdate) -> None:
    if c.title is not None:
        a.title = clean_title(c.title)
    if c.description is not None:
        a.description = multi_line(c.description)
    if c.asset_type is not None:
        set_type(s, a, c.asset_type)
    if c.owner is not None:
        a.owner = one_line(c.owner)
    if c.status is not None:
        a.status = check_status(c.status)
    if c.abm_tier is not None:
        a.abm_tier = check_tier(c.abm_tier)
    if c.review_by is not None:
        a.review_by = None if c.review_by == "" else c.review_by
    if c.language is not None:
        a.language = one_line(c.language) or None
    if c.url is not None:
        if a.kind != "link":
            raise ValidationError("Only link assets have a web address.")
        a.url = check_url(c.url)
    for dim, names in ((STAGE, c.stages), (PERSONA, c.personas), (SECTOR, c.sectors)):
        if names is not None:
            set_terms(s, a, dim, names)
    if c.keywords is not None:
        set_keywords(a, c.keywords)
