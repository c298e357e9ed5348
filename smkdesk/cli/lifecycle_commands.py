"""CLI commands for usage, the review queue, retiring, exports, audit (requests: request_commands).

Registered in ``commands.COMMANDS``. Each returns the process exit code; errors
from the core (bad id, missing reason...) become one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from smkdesk.cli import output
from smkdesk.cli.output import clean
from smkdesk.core.changes import User
from smkdesk.core.errors import ValidationError
from smkdesk.core.library import Library
from smkdesk.core.usage.events import UsageContext
from smkdesk.core.usage.review import ReviewItem, ReviewSettings
from smkdesk.core.util.timeutil import local_text

EXIT_OK, EXIT_USAGE = 0, 2  # the codes of smkdesk.cli.commands


def default_user() -> str:
    """Who the audit trail and the logs name when --user is not given: the login name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return ""


def _user(a: argparse.Namespace) -> str:
    return a.user if a.user is not None else default_user()


def _when(value: object) -> str:
    """A stored time in local time ('2026-12-04 10:15'); a plain date as it is."""
    if isinstance(value, datetime):
        return local_text(value)
    return value.isoformat() if isinstance(value, date) else ""


def cmd_usage(lib: Library, a: argparse.Namespace) -> int:
    if a.action == "log":
        if a.use == "feedback" and a.rating is None:
            output.err("feedback needs --helpful or --not-helpful")
            return EXIT_USAGE
        context = UsageContext(
            account=a.account,
            opportunity=a.opportunity,
            stage=a.stage,
            persona=a.persona,
            sector=a.sector,
            note=a.note,
            rating=a.rating,
        )
        lib.usage.log(a.id, a.use, User(_user(a), a.role), context)
        print(f"Logged '{a.use}' for #{a.id}.")
    elif a.action == "list":
        events = lib.usage.list_events(a.limit, a.since, a.until)
        if a.json:
            output.emit_json(events)
        else:
            for e in events:
                where = " · ".join(x for x in (e.account, e.opportunity, e.stage or "") if x)
                who = f"  {e.user_name}" if e.user_name else ""
                print(
                    f"{_when(e.occurred_at)}  #{e.asset_id:<5} {e.action:<9}"
                    f"{clean(who)}  {clean(where)}"
                )
            print(f"\n{len(events)} event(s).")
    else:  # outcome
        lib.usage.set_outcome(a.account, a.opportunity, a.outcome)
        print(f"{clean(a.account)} / {clean(a.opportunity)}: {a.outcome}.")
    return EXIT_OK


def _settings(a: argparse.Namespace) -> ReviewSettings:
    if a.days is None:
        return ReviewSettings()
    return ReviewSettings(unused_days=a.days, stale_days=a.days)


def _print_item(item: ReviewItem) -> None:
    print(f"#{item.id:<5} {clean(item.title)}")
    for reason in item.reasons:
        print(f"       - {clean(reason.text)}")


def cmd_unused(lib: Library, a: argparse.Namespace) -> int:
    items = lib.review.queue(_settings(a))
    if a.json:
        output.emit_json(items)
    else:
        for item in items:
            _print_item(item)
        print(f"\n{len(items)} asset(s) to review.")
    return EXIT_OK


def cmd_retire(lib: Library, a: argparse.Namespace) -> int:
    changes = lib.lifecycle.retire(a.ids, a.reason, _user(a))
    skipped = len(set(a.ids)) - len(changes.assets)
    note = f" ({skipped} already retired)" if skipped else ""
    print(f"Retired {len(changes.assets)} asset(s){note}; 'smkdesk restore ID' brings one back.")
    return EXIT_OK


def cmd_restore(lib: Library, a: argparse.Namespace) -> int:
    changes = lib.lifecycle.restore(a.ids, _user(a))
    skipped = len(set(a.ids)) - len(changes.assets)
    note = f" ({skipped} were not retired)" if skipped else ""
    print(f"Restored {len(changes.assets)} asset(s){note}.")
    return EXIT_OK


def cmd_keep(lib: Library, a: argparse.Namespace) -> int:
    changes = lib.lifecycle.keep(a.ids, a.until, _user(a), a.reason)
    print(f"Kept {len(changes.assets)} asset(s) out of the review queue until {a.until}.")
    return EXIT_OK


def cmd_export(lib: Library, a: argparse.Namespace) -> int:
    out = Path(a.out).expanduser()
    if a.what == "usage":
        n = lib.export.export_usage(out, a.since, a.until)
    elif a.what == "unused":
        n = lib.export.export_unused(out, _settings(a))
    else:
        n = lib.export.export_requests(out)
    print(f"Wrote {n} row(s) to {clean(out)}.")
    return EXIT_OK


def cmd_report(lib: Library, a: argparse.Namespace) -> int:
    from smkdesk.core.reports.audit import write_audit_report

    if a.days < 1:
        raise ValidationError("--days must be 1 or more.")
    out = Path(a.out).expanduser()
    if out.suffix.lower() != ".docx":
        raise ValidationError(f"The report is a Word document: give a .docx file, not {out.name}")
    summary = write_audit_report(lib, out, days=a.days)
    print(
        f"Wrote the content audit to {clean(out)}: {summary.published} published, "
        f"{summary.unused} unused, {summary.open_requests} open requests, "
        f"{summary.gaps} coverage gap(s), {summary.retired} retired."
    )
    return EXIT_OK


def cmd_audit(lib: Library, a: argparse.Namespace) -> int:
    trail = lib.lifecycle.audit(a.id)
    if a.json:
        output.emit_json(trail)
        return EXIT_OK
    for r in trail:
        why = f"  ({clean(r.reason)})" if r.reason else ""
        who = clean(r.user_name or "unknown")
        print(f"{_when(r.occurred_at)}  {who:<16} {r.action:<9} {clean(r.detail)}{why}")
    if not trail:
        print(f"No lifecycle changes recorded for #{a.id}.")
    return EXIT_OK


LIFECYCLE_COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "usage": cmd_usage,
    "unused": cmd_unused,
    "retire": cmd_retire,
    "restore": cmd_restore,
    "keep": cmd_keep,
    "export": cmd_export,
    "report": cmd_report,
    "audit": cmd_audit,
}
