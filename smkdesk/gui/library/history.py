"""The detail pane's history: who used the asset, in which deals and with what
outcome, and its lifecycle audit trail (who changed what, when and why).
Plain text, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from smkdesk.core.catalogue.audit import AuditRecord
from smkdesk.core.usage.events import UsageRecord
from smkdesk.core.util.timeutil import local_datetime
from smkdesk.gui.widgets.fields import plural

DID = {
    "opened": "opened it",
    "sent": "sent it to a prospect",
    "presented": "presented it",
    "copied": "copied it",
}
AUDIT = {
    "retire": "retired it",
    "restore": "restored it",
    "keep": "kept it",
    "status": "changed the status",
    "owner": "changed the owner",
    "review_by": "changed the review date",
    "title": "renamed it",
    "description": "edited the description",
    "type": "changed the type",
    "abm_tier": "changed the ABM tier",
    "language": "changed the language",
    "url": "changed the link",
    "stages": "changed the stages",
    "personas": "changed the personas",
    "sectors": "changed the sectors",
    "keywords": "changed the keywords",
}


def _day(when: datetime) -> str:
    """A stored instant in local time: '4 Dec 2026 10:15'."""
    return local_datetime(when)


def usage_summary(uses: Sequence[UsageRecord], total: int) -> str:
    """One line: how often, by how many people, in which deals."""
    if not total:
        return "Not used yet"
    people = {u.user_name for u in uses if u.user_name}
    deals = {(u.account, u.opportunity): u.outcome for u in uses if u.opportunity}
    won = sum(o == "won" for o in deals.values())
    lost = sum(o == "lost" for o in deals.values())
    parts = [f"Used {plural(total, 'time')}"]
    if people:
        parts.append(f"by {plural(len(people), 'person', 'people')}")
    text = " ".join(parts)
    if won or lost:
        outcomes = [f"{n} {what}" for n, what in ((won, "won"), (lost, "lost")) if n]
        text += f"; in {' and '.join(outcomes)} deal{'' if won + lost == 1 else 's'}"
    return text + (" (recent uses shown)" if len(uses) < total else "")


def history_lines(uses: Sequence[UsageRecord], audit: Sequence[AuditRecord]) -> list[str]:
    lines: list[tuple[datetime, str]] = []
    for u in uses:
        who = u.user_name or "Someone"
        if u.action == "feedback":
            what = "rated it helpful" if (u.rating or 0) > 0 else "rated it not helpful"
        else:
            what = DID.get(u.action, u.action)
        where = " / ".join(x for x in (u.account, u.opportunity) if x)
        if where:
            what += f" · {where}" + (f" ({u.outcome})" if u.outcome in ("won", "lost") else "")
        if u.note:
            what += f" · “{u.note}”"
        lines.append((u.occurred_at, f"{_day(u.occurred_at)}  {who} {what}"))
    for a in audit:
        who = a.user_name or "Someone"
        what = AUDIT.get(a.action, a.action)
        if a.action not in ("retire", "restore", "keep"):
            what += f": {a.detail}"
        elif a.action == "keep":
            what += f" ({a.detail})"
        if a.reason:
            what += f" — {a.reason}"
        lines.append((a.occurred_at, f"{_day(a.occurred_at)}  {who} {what}"))
    lines.sort(key=lambda pair: pair[0], reverse=True)
    return [text for _when, text in lines]
