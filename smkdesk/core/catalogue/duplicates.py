"""The near-duplicate index: signatures, LSH band keys and similar pairs, in the database.

When an asset's text is signed (at import, or lazily for older assets) its 16
band keys are stored, the assets sharing a key are looked up through the index
(at most ``MAX_CANDIDATES``, so boilerplate shared by many texts cannot make an
import slow), and every pair at least ``FLOOR`` similar is stored both ways.
The review queue then only reads pairs: no comparison happens at query time.
Deleting an asset removes its rows through foreign keys. See ``similarity`` for
how similarity is estimated.
"""

from __future__ import annotations

from sqlalchemy import and_, delete, select
from sqlalchemy.orm import Session, aliased

from smkdesk.core.catalogue import similarity
from smkdesk.core.catalogue.models import Asset, AssetSignature, NearDuplicate, SignatureBand

FLOOR = 0.5  # pairs less similar are not kept (banding finds them unreliably anyway)
MAX_CANDIDATES = 200


def store_signature(s: Session, asset_id: int, text: str) -> bytes:
    """Sign ``text`` for the asset and record its near-duplicates (in ``s``'s transaction)."""
    sig = similarity.signature(text)
    for table in (AssetSignature, SignatureBand):
        s.execute(delete(table).where(table.asset_id == asset_id))
    s.execute(
        delete(NearDuplicate).where(
            (NearDuplicate.asset_id == asset_id) | (NearDuplicate.other_id == asset_id)
        )
    )
    s.add(AssetSignature(asset_id=asset_id, signature=sig))
    keys = sorted(set(similarity.band_keys(sig)))
    if not keys:
        return sig
    candidates = list(
        s.scalars(
            select(SignatureBand.asset_id)
            .where(SignatureBand.band_key.in_(keys), SignatureBand.asset_id != asset_id)
            .distinct()
            .limit(MAX_CANDIDATES)
        )
    )
    s.add_all(SignatureBand(band_key=k, asset_id=asset_id) for k in keys)
    if candidates:
        others = s.execute(
            select(AssetSignature.asset_id, AssetSignature.signature).where(
                AssetSignature.asset_id.in_(candidates)
            )
        ).all()
        for other, other_sig in others:
            sim = similarity.similarity(sig, bytes(other_sig))
            if sim >= FLOOR:
                s.add(NearDuplicate(asset_id=asset_id, other_id=other, similarity=sim))
                s.add(NearDuplicate(asset_id=other, other_id=asset_id, similarity=sim))
    s.flush()
    return sig


def near_duplicates(s: Session, threshold: float) -> dict[int, tuple[int, str, float]]:
    """Each asset's most similar partner (id, title, similarity) among assets not retired."""
    mine, theirs = aliased(Asset), aliased(Asset)
    nd = NearDuplicate
    rows = s.execute(
        select(nd.asset_id, nd.other_id, theirs.title, nd.similarity)
        .join(mine, and_(mine.id == nd.asset_id, mine.status != "retired"))
        .join(theirs, and_(theirs.id == nd.other_id, theirs.status != "retired"))
        .where(nd.similarity >= max(threshold, FLOOR))
        .order_by(nd.asset_id, nd.similarity.desc(), nd.other_id)
    ).all()
    best: dict[int, tuple[int, str, float]] = {}
    for asset_id, other_id, title, sim in rows:
        best.setdefault(int(asset_id), (int(other_id), str(title), float(sim)))
    return best
