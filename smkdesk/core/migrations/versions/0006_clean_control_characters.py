"""Clean control characters out of stored text.

Earlier versions stored titles, names, accounts, searches and notes as given,
so a bell or an escape sequence (a file named ``ctrl<ESC>[31mred.txt``) could
sit in the database and make every Word report fail. Text is cleaned on its
way in now (``core/util/textclean.py``); this cleans what is stored the same way:
labels with ``one_line``, prose with ``multi_line``. Only values that hold
such a character are rewritten. The assets whose indexed text changed (their
fields, their keywords, or a tag or type whose name changed) are queued for
the search index.

Where cleaning makes two values equal that must stay apart:
- two keywords of one asset: one is kept;
- two deals of one account: they become one, with the uses of both (and a
  won or lost outcome, when the other was still open);
- two taxonomy values side by side, or two journey templates: the cleaned one
  is suffixed " (2)" (the next free number).

No schema change.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import sqlalchemy as sa
from alembic import op

from smkdesk.core.util.textclean import multi_line, one_line
from smkdesk.core.util.timeutil import utcnow

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: (table, column, one-line?) for the text columns without a uniqueness rule.
_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("assets", "title", True),
    ("assets", "description", False),
    ("assets", "owner", True),
    ("assets", "language", True),
    ("assets", "url", True),
    ("assets", "retired_reason", True),
    ("usage_events", "user_name", True),
    ("usage_events", "user_role", True),
    ("usage_events", "account", True),
    ("usage_events", "note", False),
    ("audit_events", "user_name", True),
    ("audit_events", "detail", True),
    ("audit_events", "reason", True),
    ("search_log", "user_name", True),
    ("search_log", "text", True),
    ("content_requests", "text", True),
    ("content_requests", "stage", True),
    ("content_requests", "persona", True),
    ("content_requests", "sector", True),
    ("journey_templates", "description", False),
    ("template_stages", "name", True),
    ("template_stages", "description", False),
    ("template_questions", "text", True),
    ("workshops", "name", True),
    ("workshops", "facilitator", True),
    ("workshops", "template_name", True),
    ("workshop_participants", "name", True),
    ("workshop_stages", "name", True),
    ("workshop_stages", "description", False),
    ("workshop_questions", "text", True),
    ("workshop_questions", "action_owner", True),
    ("workshop_answers", "text", False),
)
#: What cleaning removes or changes; a value without any is left as it is.
_DIRT = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


def _cleaned(value: object, single: bool) -> str | None:
    """The clean value, or None when ``value`` needs no change."""
    if not isinstance(value, str) or not _DIRT.search(value):
        return None
    new = one_line(value) if single else multi_line(value)
    return new if new != value else None


def _free_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… whichever is not taken (case-insensitive)."""
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{name} ({n})"
    return candidate


def _clean_column(conn: sa.Connection, table: str, column: str, single: bool) -> set[int]:
    """Rewrite one column; the ids of the rows it changed."""
    rows = conn.execute(sa.text(f"SELECT id, {column} FROM {table}"))
    changes = [(i, new) for i, v in rows if (new := _cleaned(v, single)) is not None]
    if column == "title":  # a title is never empty
        changes = [(i, new or "Untitled") for i, new in changes]
    if changes:
        conn.execute(
            sa.text(f"UPDATE {table} SET {column} = :v WHERE id = :id"),
            [{"id": i, "v": new} for i, new in changes],
        )
    return {int(i) for i, _new in changes}


def _clean_keywords(conn: sa.Connection) -> set[int]:
    rows = conn.execute(sa.text("SELECT asset_id, keyword FROM asset_keywords")).all()
    have: dict[int, set[str]] = {}
    for asset_id, keyword in rows:
        have.setdefault(int(asset_id), set()).add(keyword.lower())
    changed: set[int] = set()
    for asset_id, keyword in rows:
        new = _cleaned(keyword, True)
        if new is None:
            continue
        new = new[:100]
        key = {"a": asset_id, "k": keyword, "new": new}
        if not new or new.lower() in have[int(asset_id)]:
            conn.execute(
                sa.text("DELETE FROM asset_keywords WHERE asset_id = :a AND keyword = :k"), key
            )
        else:
            conn.execute(
                sa.text(
                    "UPDATE asset_keywords SET keyword = :new WHERE asset_id = :a AND keyword = :k"
                ),
                key,
            )
            have[int(asset_id)].add(new.lower())
        changed.add(int(asset_id))
    return changed


def _clean_terms(conn: sa.Connection) -> set[int]:
    """Clean taxonomy names (never two siblings with one name); the assets to re-index."""
    rows = conn.execute(sa.text("SELECT id, dimension, parent_id, name FROM terms")).all()
    names: dict[tuple[str, int | None], set[str]] = {}
    for _id, dim, parent, name in rows:
        names.setdefault((dim, parent), set()).add(name.lower())
    renamed: set[int] = set()
    for term_id, dim, parent, name in rows:
        new = _cleaned(name, True)
        if new is None:
            continue
        siblings = names[(dim, parent)]
        siblings.discard(name.lower())
        new = _free_name(new or "Unnamed", siblings)
        siblings.add(new.lower())
        conn.execute(
            sa.text("UPDATE terms SET name = :n WHERE id = :id"), {"n": new, "id": term_id}
        )
        renamed.add(int(term_id))
    # a sector's path names its parents: its sub-sectors' assets change too
    children: dict[int, list[int]] = {}
    for term_id, _dim, parent, _name in rows:
        if parent is not None:
            children.setdefault(int(parent), []).append(int(term_id))
    stack, affected = list(renamed), set(renamed)
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in affected:
                affected.add(child)
                stack.append(child)
    if not affected:
        return set()
    found: set[int] = set()
    for sql in (
        "SELECT asset_id FROM asset_terms WHERE term_id IN :ids",
        "SELECT id FROM assets WHERE type_id IN :ids",
    ):
        query = sa.text(sql).bindparams(sa.bindparam("ids", expanding=True))
        found |= {int(r[0]) for r in conn.execute(query, {"ids": sorted(affected)})}
    return found


def _clean_templates(conn: sa.Connection) -> None:
    rows = conn.execute(sa.text("SELECT id, name FROM journey_templates")).all()
    taken = {name.lower() for _id, name in rows}
    for template_id, name in rows:
        new = _cleaned(name, True)
        if new is None:
            continue
        taken.discard(name.lower())
        new = _free_name(new or "Template", taken)
        taken.add(new.lower())
        conn.execute(
            sa.text("UPDATE journey_templates SET name = :n WHERE id = :id"),
            {"n": new, "id": template_id},
        )


def _clean_opportunities(conn: sa.Connection) -> None:
    """Clean deal names; a deal that becomes another one's twin is merged into it."""
    rows = conn.execute(
        sa.text("SELECT id, account, name, outcome, closed_at FROM opportunities")
    ).all()
    by_key = {(row[1], row[2]): tuple(row) for row in rows}
    for opp_id, account, name, outcome, closed_at in rows:
        new_account, new_name = _cleaned(account, True), _cleaned(name, True)
        if new_account is None and new_name is None:
            continue
        key = (
            account if new_account is None else new_account,
            name if new_name is None else new_name,
        )
        twin = by_key.get(key)
        del by_key[(account, name)]
        if twin is None:
            conn.execute(
                sa.text("UPDATE opportunities SET account = :a, name = :n WHERE id = :id"),
                {"a": key[0], "n": key[1], "id": opp_id},
            )
            by_key[key] = (opp_id, key[0], key[1], outcome, closed_at)
            continue
        keep = twin[0]
        if twin[3] == "open" and outcome != "open":
            conn.execute(
                sa.text("UPDATE opportunities SET outcome = :o, closed_at = :c WHERE id = :id"),
                {"o": outcome, "c": closed_at, "id": keep},
            )
            by_key[key] = (keep, key[0], key[1], outcome, closed_at)
        both = {"old": opp_id, "keep": keep}
        conn.execute(
            sa.text("UPDATE usage_events SET opportunity_id = :keep WHERE opportunity_id = :old"),
            both,
        )
        conn.execute(
            sa.text("DELETE FROM asset_opportunities WHERE opportunity_id IN (:old, :keep)"), both
        )
        conn.execute(
            sa.text(
                "INSERT INTO asset_opportunities (opportunity_id, asset_id, uses) "
                "SELECT opportunity_id, asset_id, COUNT(*) FROM usage_events "
                "WHERE opportunity_id = :keep GROUP BY opportunity_id, asset_id"
            ),
            both,
        )
        conn.execute(sa.text("DELETE FROM opportunities WHERE id = :old"), both)


def _queue(conn: sa.Connection, asset_ids: Iterable[int]) -> None:
    queued = {int(r[0]) for r in conn.execute(sa.text("SELECT asset_id FROM index_pending"))}
    new = sorted(set(asset_ids) - queued)
    if new:
        now = utcnow()
        conn.execute(
            sa.text("INSERT INTO index_pending (asset_id, queued_at) VALUES (:id, :at)"),
            [{"id": i, "at": now} for i in new],
        )


def upgrade() -> None:
    conn = op.get_bind()
    reindex: set[int] = set()
    for table, column, single in _COLUMNS:
        changed = _clean_column(conn, table, column, single)
        if table == "assets":
            reindex |= changed
    reindex |= _clean_keywords(conn)
    reindex |= _clean_terms(conn)
    _clean_templates(conn)
    _clean_opportunities(conn)
    _queue(conn, reindex)


def downgrade() -> None:
    pass  # the removed characters are not kept anywhere; the schema is unchanged
