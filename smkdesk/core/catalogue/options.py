"""Checking and applying the values a person gives an asset, shared by editing and importing."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from sqlalchemy import select
from sqlalchemy.orm import Session

from smkdesk.core.catalogue.dto import (
    ABM_TIERS,
    ASSET_TYPE,
    PERSONA,
    SECTOR,
    STAGE,
    STATUSES,
    AssetUpdate,
    ImportOptions,
)
from smkdesk.core.catalogue.models import Asset, AssetKeyword, Term
from smkdesk.core.catalogue.taxonomy import resolve
from smkdesk.core.errors import ValidationError
from smkdesk.core.store.db import Database
from smkdesk.core.util.textclean import multi_line, one_line

if TYPE_CHECKING:
    pass

# -- validation --------------------------------------------------------------
MAX_TITLE = 500  # characters (the column's size)


def content_in_use(db: Database, sha256: str) -> bool:
    """Whether a committed asset refers to this stored content."""
    with db.reader() as s:
        return s.scalar(select(Asset.id).where(Asset.file_sha256 == sha256).limit(1)) is not None


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
