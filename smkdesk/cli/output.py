"""Printing for the CLI: JSON for scripts, compact text for people."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from smkdesk.core import dto
from smkdesk.core.dto import to_json
from smkdesk.core.search import Snippet


def emit_json(value: Any, out: TextIO | None = None) -> None:
    json.dump(to_json(value), out or sys.stdout, indent=2, ensure_ascii=False)
    (out or sys.stdout).write("\n")


def err(message: str) -> None:
    """One clear line on stderr."""
    print(f"smkdesk: {message}", file=sys.stderr)


def marked(snippet: Snippet | None, bold: bool) -> str:
    """Snippet text with its highlights shown as ANSI bold or [brackets]."""
    if snippet is None:
        return ""
    on, off = ("\033[1m", "\033[0m") if bold else ("[", "]")
    out, pos = [], 0
    for h in snippet.highlights:
        out += [snippet.text[pos : h.start], on, snippet.text[h.start : h.end], off]
        pos = h.end
    out.append(snippet.text[pos:])
    return " ".join("".join(out).split())


def hit_json(
    hit: dto.AssetSummary, score: float = 0.0, snippet: Snippet | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = to_json(hit)
    data.pop("snippet", None)
    data["score"] = round(score, 4)
    data["snippet"] = snippet.text if snippet else ""
    data["snippet_highlights"] = [[h.start, h.end] for h in snippet.highlights] if snippet else []
    return data


def tags_line(a: dto.AssetSummary) -> str:
    parts = [a.type or "untyped", ", ".join(a.stages), ", ".join(a.personas), ", ".join(a.sectors)]
    if a.status != "published":
        parts.append(a.status.upper())
    return " · ".join(p for p in parts if p)


def print_summary(a: dto.AssetSummary, snippet: Snippet | None = None, bold: bool = False) -> None:
    print(f"#{a.id:<5} {a.title}")
    print(f"       {tags_line(a)}")
    text = marked(snippet, bold)
    if text:
        print(f"       {text}")


def print_detail(a: dto.AssetDetail, with_text: bool) -> None:
    rows = [
        ("Title", a.title),
        ("Type", a.type or ""),
        ("Status", a.status),
        ("Owner", a.owner),
        ("Stages", ", ".join(a.stages)),
        ("Personas", ", ".join(a.personas)),
        ("Sectors", ", ".join(a.sectors)),
        ("ABM tier", a.abm_tier or ""),
        ("Keywords", ", ".join(a.keywords)),
        ("Description", a.description),
        ("File", a.file_name or ""),
        ("Link", a.url or ""),
        ("Stored at", str(a.stored_path) if a.stored_path else ""),
        ("Text", "searchable" if a.text_status == "text" else (a.no_text_reason or "none")),
        ("Created", a.created.strftime("%Y-%m-%d")),
        ("Review by", str(a.review_by or "")),
        ("Times used", str(a.use_count)),
    ]
    print(f"#{a.id}")
    for label, value in rows:
        if value:
            print(f"  {label + ':':<13}{value}")
    if with_text and a.text_preview:
        print()
        print(a.text_preview)


OUTCOME_LABELS = {
    "imported": "imported",
    "imported_no_text": "imported without searchable text",
    "rejected": "rejected",
}


def print_import(report: dto.ImportReport) -> None:
    for o in report.outcomes:
        label = OUTCOME_LABELS[o.outcome]
        ident = f" as #{o.asset_id}" if o.asset_id else ""
        reason = f": {o.reason}" if o.reason else ""
        print(f"{label}{ident}  {o.path}{reason}")
    counts = ", ".join(
        f"{report.count(k)} {OUTCOME_LABELS[k]}"  # type: ignore[arg-type]
        for k in OUTCOME_LABELS
        if report.count(k)  # type: ignore[arg-type]
    )
    print(f"\n{counts or 'No files found'}.")
    if report.cancelled:
        print(f"Cancelled: {report.not_reached} file(s) not imported; what finished stays.")


def print_terms(terms: tuple[dto.Term, ...]) -> None:
    for t in terms:
        flag = "  (retired)" if t.retired else ""
        print(f"{'  ' * t.depth}{t.name}  [{t.asset_count}]{flag}")


def print_check(report: dto.CheckReport) -> None:
    print(f"{report.assets} assets, {report.indexed} indexed, {report.files} stored files.")
    if not report.problems:
        print("Everything is consistent.")
    for p in report.problems:
        state = (
            "repaired"
            if p.repaired
            else ("repairable with --repair" if p.repairable else "needs attention")
        )
        print(f"- {p.area}: {p.message} ({state})")
