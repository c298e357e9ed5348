"""CLI command for content requests: list them, plan, answer, dismiss, bring back."""

from __future__ import annotations

import argparse

from smkdesk.cli import output
from smkdesk.cli.lifecycle_commands import default_user
from smkdesk.cli.output import clean
from smkdesk.core.library import Library
from smkdesk.core.requests.service import ContentRequest, dismiss_label

EXIT_OK = 0  # the code of smkdesk.cli.commands


def _user(a: argparse.Namespace) -> str:
    return getattr(a, "user", None) or default_user()


def _quoted(r: ContentRequest) -> str:
    return f"“{clean(r.text)}”" if r.text else "(filters only)"


def _line(r: ContentRequest) -> str:
    scope = clean(" · ".join(x for x in (r.stage, r.persona, r.sector) if x))
    who = f"{r.people} {'person' if r.people == 1 else 'people'}" if r.people else ""
    if r.status == "answered" and r.answered_by:
        scope += f"  -> #{r.answered_by}"
    elif r.status == "dismissed":
        why = dismiss_label(r.dismiss_reason) + (f": {r.dismiss_note}" if r.dismiss_note else "")
        scope += f"  ({clean(why)})"
    line = f"#{r.id:<4} {r.status:<9} {r.searches:>4}x {who:<9} {_quoted(r)}  {scope}".rstrip()
    others = [f"“{clean(v)}”" for v in r.variants[1:]]
    return line + (f"\n{'':<16}also: {', '.join(others)}" if others else "")


def cmd_requests(lib: Library, a: argparse.Namespace) -> int:
    req, who = lib.requests, _user(a)
    if a.action == "plan":
        req.mark_planned(a.id, who)
        print(f"Request #{a.id} {_quoted(req.get(a.id))} is planned.")
    elif a.action == "answer":
        req.mark_answered(a.id, a.asset_id, who)
        print(f"Request #{a.id} {_quoted(req.get(a.id))} is answered by #{a.asset_id}.")
    elif a.action == "reopen":
        req.reopen(a.id, who)
        print(f"Request #{a.id} {_quoted(req.get(a.id))} is open again.")
    elif a.action == "dismiss":
        req.dismiss(a.id, a.reason.replace("-", " "), a.note, who)
        r = req.get(a.id)
        print(
            f"Dismissed request #{a.id} {_quoted(r)} ({dismiss_label(r.dismiss_reason)}); "
            f"'smkdesk requests undismiss {a.id}' brings it back."
        )
    elif a.action == "undismiss":
        req.undismiss(a.id, who)
        print(f"Request #{a.id} {_quoted(req.get(a.id))} is open again.")
    else:
        status = None if a.status in (None, "all") else a.status
        found = req.list_requests(status)
        hidden = 0
        if a.status is None:
            hidden = sum(r.status == "dismissed" for r in found)
            found = tuple(r for r in found if r.status != "dismissed")
        if a.json:
            output.emit_json(found)
            return EXIT_OK
        for r in found:
            print(_line(r))
        note = f" ({hidden} dismissed not shown: --status dismissed)" if hidden else ""
        print(f"\n{len(found)} request(s).{note}")
    return EXIT_OK
