"""Asset catalogue: read, edit, tag, add links, delete."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from smkdesk.core.catalogue import dto
from smkdesk.core.catalogue import snapshot as asset_snapshot
from smkdesk.core.catalogue.audit import asset_fields, edit_rows
from smkdesk.core.catalogue.dto import (
    PERSONA,
    SECTOR,
    STAGE,
    AssetUpdate,
    ImportOptions,
    TagEdit,
)
from smkdesk.core.catalogue.follow import IndexFollower, UsageFollower
from smkdesk.core.catalogue.importer import Importer, ImportProgress
from smkdesk.core.catalogue.models import Asset, AssetText, AssetUsage
from smkdesk.core.catalogue.options import (
    apply_options,
    apply_update,
    check_url,
    clean_keywords,
    clean_title,
    content_in_use,
    set_keywords,
)
from smkdesk.core.catalogue.snapshot import AssetSnapshot
from smkdesk.core.catalogue.taxonomy import load_terms, resolve
from smkdesk.core.changes import Changes, User
from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.extract.model import truncation_note
from smkdesk.core.store.files import FileStore
from smkdesk.core.util.textclean import one_line
from smkdesk.core.util.timeutil import utcnow

PREVIEW_CHARS = 20_000
TAG_DIMENSIONS = (STAGE, PERSONA, SECTOR)


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
    def __init__(
        self, sync: IndexFollower, usage: UsageFollower, store: FileStore, importer: Importer
    ) -> None:
        self._sync = sync
        self._usage = usage
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
            self._usage.forget_assets(s, [a.id for a in assets])
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
