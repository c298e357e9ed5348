"""One function per CLI command. Each returns the process exit code."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from smkdesk.cli import output
from smkdesk.cli.journey_commands import cmd_brief, cmd_journey
from smkdesk.cli.lifecycle_commands import LIFECYCLE_COMMANDS, default_user
from smkdesk.cli.output import clean
from smkdesk.cli.request_commands import cmd_requests
from smkdesk.core.catalogue.dto import AssetUpdate, ImportOptions, TagEdit
from smkdesk.core.catalogue.options import check_tier, clean_title, months_ahead
from smkdesk.core.library import Library
from smkdesk.core.search.dto import SearchQuery

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


def split(values: Sequence[str]) -> tuple[str, ...]:
    """'--stage A --stage B,C' -> ('A', 'B', 'C')."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def progress_printer(label: str) -> Callable[..., None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, *_: object) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{label} {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def _options(a: argparse.Namespace) -> ImportOptions:
    types = split(a.type)
    return ImportOptions(
        stages=split(a.stage),
        personas=split(a.persona),
        sectors=split(a.sector),
        asset_type=types[0] if types else None,
        owner=a.owner,
        abm_tier=a.abm_tier,
        keywords=split(a.keyword),
        status=getattr(a, "status", "published"),
        description=getattr(a, "description", None),
        review_by=getattr(a, "review_by", None)
        or months_ahead(getattr(a, "review_months", 0) or 0),
    )


def cmd_import(lib: Library, a: argparse.Namespace) -> int:
    cancel = {"flag": False}

    def on_interrupt(*_: object) -> None:
        if cancel["flag"]:
            raise KeyboardInterrupt
        cancel["flag"] = True
        output.err("cancelling after the current file… (Ctrl-C again to stop at once)")

    old = signal.signal(signal.SIGINT, on_interrupt)
    try:
        report = lib.assets.import_files(
            [Path(p) for p in a.paths],
            _options(a),
            progress=progress_printer("Importing"),
            cancelled=lambda: cancel["flag"],
        )
    finally:
        signal.signal(signal.SIGINT, old)
    if a.json:
        output.emit_json(
            [
                {
                    "path": str(o.path),
                    "outcome": o.outcome,
                    "reason": o.reason,
                    "asset_id": o.asset_id,
                    "title": o.title,
                    "note": o.note,
                }
                for o in report.outcomes
            ]
        )
    else:
        output.print_import(report)
    return EXIT_PARTIAL if report.rejected or report.cancelled else EXIT_OK


def cmd_search(lib: Library, a: argparse.Namespace) -> int:
    q = SearchQuery(
        text=a.query,
        stages=split(a.stage),
        personas=split(a.persona),
        sectors=split(a.sector),
        types=split(a.type),
        statuses=split(a.status),
        owners=split(a.owner),
        abm_tiers=split(a.abm_tier),
        include_retired=a.include_retired,
        sort=a.sort,
        limit=a.limit,
    )
    res = lib.search(q)
    lib.requests.log_search(q, res.total, default_user())  # zero results -> content request
    if a.json:
        output.emit_json(
            {
                "query": a.query,
                "total": res.total,
                "suggestion": res.suggestion,
                "incomplete_prefixes": list(res.incomplete_prefixes),
                "hits": [output.hit_json(h, h.score, h.snippet) for h in res.hits],
                "facets": {
                    f.dimension: {v.label: v.count for v in f.values if v.count} for f in res.facets
                },
            }
        )
        return EXIT_OK
    bold = sys.stdout.isatty()
    for h in res.hits:
        output.print_summary(h, h.snippet, bold)
    shown = len(res.hits)
    print(f"\n{shown} of {res.total} result{'s' if res.total != 1 else ''}.")
    if res.suggestion:
        print(f"Did you mean: {clean(res.suggestion)}?")
    if res.prefix_note:
        print(f"{clean(res.prefix_note)}.")
    if a.facets:
        for f in res.facets:
            counts = ", ".join(f"{clean(v.label)} {v.count}" for v in f.values if v.count)
            if counts:
                print(f"  {f.dimension}: {counts}")
    return EXIT_OK


def cmd_list(lib: Library, a: argparse.Namespace) -> int:
    items = lib.assets.list(include_retired=a.include_retired, limit=a.limit)
    if a.json:
        output.emit_json([output.hit_json(i) for i in items])
    else:
        for i in items:
            output.print_summary(i)
        print(f"\n{len(items)} asset(s).")
    return EXIT_OK


def cmd_show(lib: Library, a: argparse.Namespace) -> int:
    detail = lib.assets.get(a.id)
    if a.json:
        output.emit_json(detail)
    else:
        output.print_detail(detail, a.text)
    return EXIT_OK


def cmd_tag(lib: Library, a: argparse.Namespace) -> int:
    edit = TagEdit(
        add={d: split(getattr(a, d)) for d in ("stage", "persona", "sector") if getattr(a, d)},
        remove={
            d: split(getattr(a, f"remove_{d}"))
            for d in ("stage", "persona", "sector")
            if getattr(a, f"remove_{d}")
        },
        add_keywords=split(a.keyword),
        remove_keywords=split(a.remove_keyword),
    )
    update = AssetUpdate(
        title=a.title,
        description=a.description,
        asset_type=a.type,
        owner=a.owner,
        status=a.status,
        abm_tier=a.abm_tier,
    )
    if edit == TagEdit() and update == AssetUpdate():
        output.err("nothing to change; give tags to add/remove or fields to set (see --help)")
        return EXIT_USAGE
    # Two transactions: check the field values first so that a bad one cannot
    # leave the tags changed and the command failed.
    if a.title is not None:
        clean_title(a.title)
    if a.type:
        lib.taxonomy.find("type", a.type)
    check_tier(a.abm_tier)
    if edit != TagEdit():
        lib.assets.edit_tags(a.ids, edit, default_user())
    if update != AssetUpdate():
        lib.assets.update_many(a.ids, update, default_user())
    summaries = lib.assets.summaries(a.ids)
    if a.json:
        output.emit_json([output.hit_json(s) for s in summaries])
    else:
        for s in summaries:
            output.print_summary(s)
    return EXIT_OK


def cmd_add_link(lib: Library, a: argparse.Namespace) -> int:
    detail = lib.assets.add_link(a.url, a.title, _options(a))
    if a.json:
        output.emit_json(detail)
    else:
        print(f"Added #{detail.id} {clean(detail.title)}")
    return EXIT_OK


def cmd_taxonomy(lib: Library, a: argparse.Namespace) -> int:
    tax = lib.taxonomy
    if a.action == "list":
        dims = [a.dimension] if a.dimension else ["stage", "persona", "sector", "type"]
        if a.json:
            output.emit_json({d: tax.list(d) for d in dims})
        else:
            for d in dims:
                print(f"{d}:")
                output.print_terms(tuple(t for t in tax.list(d)))
        return EXIT_OK
    if a.action == "add":
        term = tax.add(a.dimension, a.name, a.parent)
        print(f"Added {a.dimension} '{clean(term.path)}'.")
        return EXIT_OK
    if a.action == "reparent":
        term = tax.find("sector", a.name)
        changes = tax.set_parent(term.id, a.parent)
        moved = tax.get(term.id).path
        print(
            f"Moved '{clean(term.path)}' to '{clean(moved)}'; "
            f"{len(changes.assets)} asset(s) re-indexed."
        )
        return EXIT_OK
    term = tax.find(a.dimension, a.name)
    if a.action == "rename":
        changes = tax.rename(term.id, a.new_name)
        print(
            f"Renamed '{clean(term.path)}' to '{clean(a.new_name)}'; "
            f"{len(changes.assets)} asset(s) updated."
        )
    elif a.action == "merge":
        target = tax.find(a.dimension, a.target)
        changes = tax.merge(term.id, target.id)
        print(
            f"Merged '{clean(term.path)}' into '{clean(target.path)}'; "
            f"{len(changes.assets)} asset(s) updated."
        )
    elif a.action == "move":
        tax.move(term.id, a.steps)
        print(f"Moved '{clean(term.path)}'.")
    elif a.action in ("retire", "restore"):
        tax.retire(term.id, a.action == "retire")
        if a.action == "retire":
            kept = term.asset_count
            print(
                f"Retired '{clean(term.path)}': hidden from pickers; {kept} asset(s) keep the tag."
            )
        else:
            print(f"Restored '{clean(term.path)}'.")
    return EXIT_OK


def cmd_reindex(lib: Library, a: argparse.Namespace) -> int:
    n = lib.reindex(progress=progress_printer("Indexing"))
    print(f"Indexed {n} asset(s).")
    return EXIT_OK


COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "import": cmd_import,
    "search": cmd_search,
    "list": cmd_list,
    "show": cmd_show,
    "tag": cmd_tag,
    "add-link": cmd_add_link,
    "taxonomy": cmd_taxonomy,
    "reindex": cmd_reindex,
    **LIFECYCLE_COMMANDS,
    "requests": cmd_requests,
    "journey": cmd_journey,
    "brief": cmd_brief,
}
