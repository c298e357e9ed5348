"""Content requests without the noise.

- search_log: ``corrected_to``, the later search with results that corrected a
  zero-result one ("" = not corrected); a corrected search no longer counts;
- content_requests: ``dismiss_reason`` and ``dismiss_note`` (a marketer took
  the request off the open list as noise) and ``status_by`` (who set the status).

The search log already kept is cleaned by the same rules as new searches
(``core/requests/matching.py``): a zero-result search its user corrected within two
minutes is marked; open requests from searches that ask for the same thing
with the same filters become one (the most searched keeps its id); an open
request left with no search that counts is removed. Planned, answered and
workshop requests are never merged or removed.

Revision ID: 0007
Revises: 0006
Create Date: 2027-01-10
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import op

from smkdesk.core.requests.matching import corrects, same_request

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

CORRECT_WINDOW = timedelta(minutes=2)  # as in core/requests/service.py
WORKSHOP_PREFIX = "workshop:"


def _when(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _mark_corrected(conn: sa.Connection) -> None:
    rows = conn.execute(
        sa.text(
            "SELECT id, user_name, text, result_count, occurred_at FROM search_log "
            "ORDER BY user_name, occurred_at, id"
        )
    ).all()
    by_user: dict[str, list[tuple[int, str, int, datetime]]] = defaultdict(list)
    for row_id, who, text, count, at in rows:
        by_user[who].append((row_id, text, count, _when(at)))
    for searches in by_user.values():
        for i, (row_id, text, count, at) in enumerate(searches):
            if count != 0:
                continue
            for _later_id, later, later_count, later_at in searches[i + 1 :]:
                if later_at - at > CORRECT_WINDOW:
                    break
                if later_count > 0 and corrects(later, text):
                    conn.execute(
                        sa.text("UPDATE search_log SET corrected_to = :t WHERE id = :i"),
                        {"t": later, "i": row_id},
                    )
                    break


def _counts(conn: sa.Connection) -> dict[str, int]:
    rows = conn.execute(
        sa.text(
            "SELECT request_key, COUNT(*) FROM search_log "
            "WHERE result_count = 0 AND corrected_to = '' GROUP BY request_key"
        )
    ).all()
    return {key: int(n) for key, n in rows}


def _merge_open(conn: sa.Connection) -> None:
    counts = _counts(conn)
    rows = conn.execute(
        sa.text(
            "SELECT id, request_key, text, stage, persona, sector FROM content_requests "
            "WHERE status = 'open' ORDER BY id"
        )
    ).all()
    groups: dict[tuple[str, str, str], list[tuple[int, str, str]]] = defaultdict(list)
    for req_id, key, text, stage, persona, sector in rows:
        if not key.startswith(WORKSHOP_PREFIX):
            scope = (stage.casefold(), persona.casefold(), sector.casefold())
            groups[scope].append((req_id, key, text))
    for members in groups.values():
        members.sort(key=lambda m: (-counts.get(m[1], 0), m[0]))  # most searched first
        kept: list[tuple[int, str, str]] = []
        for req_id, key, text in members:
            into = next((k for k in kept if text.strip() and same_request(text, k[2])), None)
            if into is None:
                kept.append((req_id, key, text))
                continue
            conn.execute(
                sa.text("UPDATE search_log SET request_key = :into WHERE request_key = :key"),
                {"into": into[1], "key": key},
            )
            conn.execute(sa.text("DELETE FROM content_requests WHERE id = :i"), {"i": req_id})


def _drop_unsearched(conn: sa.Connection) -> None:
    counts = _counts(conn)
    rows = conn.execute(
        sa.text("SELECT id, request_key FROM content_requests WHERE status = 'open'")
    ).all()
    for req_id, key in rows:
        if not key.startswith(WORKSHOP_PREFIX) and not counts.get(key):
            conn.execute(sa.text("DELETE FROM content_requests WHERE id = :i"), {"i": req_id})


def upgrade() -> None:
    with op.batch_alter_table("search_log") as batch:
        batch.add_column(sa.Column("corrected_to", sa.Text, nullable=False, server_default=""))
    with op.batch_alter_table("content_requests") as batch:
        batch.add_column(
            sa.Column("dismiss_reason", sa.String(40), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("dismiss_note", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("status_by", sa.String(200), nullable=False, server_default=""))
    conn = op.get_bind()
    _mark_corrected(conn)
    _merge_open(conn)
    _drop_unsearched(conn)


def downgrade() -> None:
    with op.batch_alter_table("content_requests") as batch:
        batch.drop_column("status_by")
        batch.drop_column("dismiss_note")
        batch.drop_column("dismiss_reason")
    op.execute("UPDATE content_requests SET status = 'open' WHERE status = 'dismissed'")
    with op.batch_alter_table("search_log") as batch:
        batch.drop_column("corrected_to")
