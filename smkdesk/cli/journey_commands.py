"""CLI commands for journey templates and workshops (registered in ``commands``)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from smkdesk.cli import output
from smkdesk.cli.output import clean
from smkdesk.core.errors import ExportError, ValidationError
from smkdesk.core.journeys.types import Participant, WorkshopDetail
from smkdesk.core.library import Library
from smkdesk.core.util.timeutil import day_text, local_date

if TYPE_CHECKING:  # python-docx loads only for the commands that write documents
    from smkdesk.core.reports.brief import BriefSent

EXIT_OK = 0
TEMPLATE_MAX_BYTES = 1024 * 1024  # a template is a few KB; refuse anything absurd


def cmd_journey(lib: Library, a: argparse.Namespace) -> int:
    return ACTIONS[a.action](lib, a)


def _templates(lib: Library, a: argparse.Namespace) -> int:
    templates = lib.templates.all()
    if a.json:
        output.emit_json(templates)
        return EXIT_OK
    for t in templates:
        print(f"#{t.id:<4} {clean(t.name)}  ({len(t.stages)} stages, {t.question_count} questions)")
        for stage in t.stages:
            print(
                f"      {clean(stage.name)}: {len(stage.questions)} questions, {stage.minutes} min"
            )
    return EXIT_OK


def _template_export(lib: Library, a: argparse.Namespace) -> int:
    from smkdesk.core.journeys.templates import template_to_json

    out = Path(a.out).expanduser()
    template = lib.templates.get(a.id)
    try:
        out.write_text(
            json.dumps(template_to_json(template), indent=2, ensure_ascii=False), "utf-8"
        )
    except OSError as exc:  # as the core's exports say it
        raise ExportError(f"Cannot write {out}: {exc.strerror or exc}.") from exc
    print(f"Wrote template #{template.id} '{clean(template.name)}' to {clean(out)}; edit it, then:")
    print(f"  smkdesk journey template-import {clean(out)}")
    return EXIT_OK


def _template_import(lib: Library, a: argparse.Namespace) -> int:
    from smkdesk.core.journeys.templates import template_from_json

    path = Path(a.file).expanduser()
    try:
        if path.stat().st_size > TEMPLATE_MAX_BYTES:
            raise ValidationError(
                f"{path.name} is too large for a journey template "
                f"(over {TEMPLATE_MAX_BYTES // 1024} KB)."
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Cannot read {path.name}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"{path.name} is not valid UTF-8 JSON: {exc}") from exc
    name, description, stages = template_from_json(data)
    saved = lib.templates.save(a.name or name, stages, description)
    print(
        f"Saved template #{saved.id} '{clean(saved.name)}': {len(saved.stages)} stages, "
        f"{saved.question_count} questions."
    )
    return EXIT_OK


def _workshops(lib: Library, a: argparse.Namespace) -> int:
    rows = lib.journeys.workshops()
    if a.json:
        output.emit_json(rows)
        return EXIT_OK
    for w in rows:
        print(
            f"#{w.id:<4} {day_text(w.held_on):<11}  {clean(w.name)}  — "
            f"{w.answered}/{w.questions} answered, "
            f"{w.covered} with content"
        )
    if not rows:
        print("No workshops yet: smkdesk journey new NAME --persona P --sector S")
    return EXIT_OK


def _new(lib: Library, a: argparse.Namespace) -> int:
    people = [Participant(n, "sales") for n in a.sales]
    people += [Participant(n, "marketing") for n in a.marketing]
    w = lib.journeys.create_workshop(
        a.name, a.date or date.today(), a.facilitator, a.template, a.persona, a.sector, people
    )
    print(f"Created workshop #{w.id} '{clean(w.name)}' with {len(w.questions())} questions.")
    return EXIT_OK


def _show(lib: Library, a: argparse.Namespace) -> int:
    w = lib.journeys.workshop(a.id)
    if a.json:
        output.emit_json(w)
        return EXIT_OK
    print_workshop(w)
    return EXIT_OK


def _docx(path: str) -> Path:
    out = Path(path).expanduser()
    if out.suffix.lower() != ".docx":
        raise ValidationError(f"Give a .docx file for the Word document, not {out.name}")
    return out


def _export(lib: Library, a: argparse.Namespace) -> int:
    from smkdesk.core.reports.workshop_pack import write_workshop_pack

    out = _docx(a.out)
    workshop = lib.journeys.workshop(a.id)
    write_workshop_pack(workshop, out)
    print(f"Wrote the workshop pack for '{clean(workshop.name)}' to {clean(out)}.")
    return EXIT_OK


def cmd_brief(lib: Library, a: argparse.Namespace) -> int:
    from smkdesk.core.reports.brief import brief_data, write_brief

    out = _docx(a.out)
    brief = brief_data(lib, a.persona, a.sector, a.stage, a.account)
    write_brief(brief, out)
    print(
        f"Wrote the pre-call brief to {clean(out)}: {len(brief.questions)} questions, "
        f"{len(brief.assets)} assets{_sent_summary(brief.account, brief.sent)}."
    )
    return EXIT_OK


def _sent_summary(account: str, sent: Sequence[BriefSent]) -> str:
    """The summary line's end with an account: "; 2 already sent to Calder
    (last on 3 Mar 2026)", or "; nothing logged as sent to Calder yet"."""
    if not account.strip():
        return ""
    who = clean(account.strip())
    if not sent:
        return f"; nothing logged as sent to {who} yet"
    n = len(sent)
    last = max(e.when for e in sent)
    return f"; {n} already sent to {who} (last on {local_date(last)})"


def print_workshop(w: WorkshopDetail) -> None:
    who = clean(w.facilitator or "nobody yet")
    print(f"{clean(w.name)} — {day_text(w.held_on)}, facilitated by {who}")
    personas, sectors = clean(", ".join(w.personas) or "any"), clean(", ".join(w.sectors) or "any")
    print(f"Personas: {personas} · Sectors: {sectors}")
    print(w.counts().text())
    for stage in w.stages:
        print(f"\n{clean(stage.name.upper())}")
        for q in stage.questions:
            print(f"  Q{q.id}. {clean(q.text)}")
            for ans in q.answers:
                votes = f"  (+{ans.votes})" if ans.votes else ""
                print(f"      {clean(ans.side):<9} {clean(ans.text)}{votes}")
            for asset in q.assets:
                print(f"      asset #{asset.id} {clean(asset.labelled_title)}")
            if not q.assets:
                print("      gap: no content yet")
            if q.content_needed:
                owner = clean(q.action_owner) or "owner to be assigned"
                votes = (
                    f", {q.gap_votes} vote{'s' if q.gap_votes != 1 else ''}" if q.gap_votes else ""
                )
                more = "more content needed" if q.assets else "content needed"
                print(f"      {more}: {owner}{votes}")


ACTIONS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "templates": _templates,
    "template-export": _template_export,
    "template-import": _template_import,
    "workshops": _workshops,
    "new": _new,
    "show": _show,
    "export": _export,
}
