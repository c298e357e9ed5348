"""Printing for the CLI: JSON for scripts, compact text for people."""

from __future__ import annotations

import json
import re
import sys
from typing import Any, TextIO

from smkdesk.core.catalogue import dto
from smkdesk.core.check import CheckReport
from smkdesk.core.search.model import Snippet
from smkdesk.core.util.json_values import to_json
from smkdesk.core.util.timeutil import local_day

# Characters that would act on a terminal instead of showing: C0/C1 controls (ESC
# sequences, newlines), DEL, the bidi controls (U+061C, U+200E/F, U+202A-U+202E,
# U+2066-U+2069), line/paragraph separators and lone surrogates (bytes that were
# not UTF-8, as Python decodes them from argv and file names).
_WIDE_UNSAFE = r"\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_RE = re.compile(rf"[\x00-\x1f\x7f-\x9f{_WIDE_UNSAFE}]")
_UNSAFE_BUT_TAB_RE = re.compile(rf"[\x00-\x08\x0a-\x1f\x7f-\x9f{_WIDE_UNSAFE}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_WHITESPACE = re.compile(r"\s+")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def clean(value: object) -> str:
    """``value`` as text that is safe to print on a terminal (human output only).

    Control and bidi characters become visible Python-style escapes: ESC is
    ``\\x1b``, a newline ``\\n``, U+202E ``\\u202e``, a non-UTF-8 byte ``\\xe9``.
    Everything else, backslashes included, is printed as it is. JSON output never
    goes through this: it stays exact.
    """
    return _UNSAFE_RE.sub(_escaped, value if isinstance(value, str) else str(value))


def clean_block(text: str) -> str:
    """Several lines of text (an extract): each line cleaned, newlines and tabs kept."""
    return "\n".join(_UNSAFE_BUT_TAB_RE.sub(_escaped, line) for line in text.split("\n"))


def emit_json(value: Any, out: TextIO | None = None) -> None:
    json.dump(to_json(value), out or sys.stdout, indent=2, ensure_ascii=False)
    (out or sys.stdout).write("\n")


def err(message: str) -> None:
    """One clear line on stderr (whatever the message holds, it stays one line)."""
    print(f"smkdesk: {clean(message)}", file=sys.stderr)


def marked(snippet: Snippet | None, bold: bool) -> str:
    """Snippet text with its highlights shown as ANSI bold or [brackets].

    The text itself is cleaned (runs of whitespace become one space, then
    :func:`clean`); only the bold codes added here reach the terminal raw.
    """
    if snippet is None:
        return ""
    on, off = ("\033[1m", "\033[0m") if bold else ("[", "]")

    def piece(start: int, end: int | None = None) -> str:
        return clean(_WHITESPACE.sub(" ", snippet.text[start:end]))

    out, pos = [], 0
    for h in snippet.highlights:
        out += [piece(pos, h.start), on, piece(h.start, h.end), off]
        pos = h.end
    out.append(piece(pos))
    return "".join(out).strip()


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
    return clean(" · ".join(p for p in parts if p))


def print_summary(a: dto.AssetSummary, snippet: Snippet | None = None, bold: bool = False) -> None:
    print(f"#{a.id:<5} {clean(a.title)}")
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
        ("Text", _text_state(a)),
        ("Created", local_day(a.created).isoformat()),
        ("Review by", str(a.review_by or "")),
        ("Times used", str(a.use_count)),
    ]
    print(f"#{a.id}")
    for label, value in rows:
        if value:
            print(f"  {label + ':':<13}{clean(value)}")
    if with_text and a.text_preview:
        print()
        print(clean_block(a.text_preview))


def _text_state(a: dto.AssetDetail) -> str:
    state = "searchable" if a.text_status == "text" else (a.no_text_reason or "none")
    return f"{state} ({a.truncation})" if a.truncation else state


OUTCOME_LABELS = {
    "imported": "imported",
    "imported_no_text": "imported without searchable text",
    "restored": "restored",
    "rejected": "rejected",
}


def print_import(report: dto.ImportReport) -> None:
    for o in report.outcomes:
        label = OUTCOME_LABELS[o.outcome]
        ident = f" as #{o.asset_id}" if o.asset_id else ""
        reason = "; ".join(r for r in (o.reason, o.note) if r)
        print(f"{label}{ident}  {clean(o.path)}{': ' + clean(reason) if reason else ''}")
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
        print(f"{'  ' * t.depth}{clean(t.name)}  [{t.asset_count}]{flag}")


def print_check(report: CheckReport) -> None:
    print(f"{report.assets} assets, {report.indexed} indexed, {report.files} stored files.")
    if not report.problems:
        print("Everything is consistent.")
    for p in report.problems:
        state = (
            "repaired"
            if p.repaired
            else ("repairable with --repair" if p.repairable else "needs attention")
        )
        print(f"- {p.area}: {clean(p.message)} ({state})")
