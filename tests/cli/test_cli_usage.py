"""CLI commands for usage, the review queue, retiring, requests, exports and the audit trail.

Driven in-process through ``smkdesk.cli.run`` on a real library in tmp_path.
Exit codes: 0 success, 2 usage error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from smkdesk.cli import run
from smkdesk.core.library import Library


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    with Library.create(folder) as lib:
        for n, title in enumerate(("Zeppelin battlecard", "Airship case study", "Blimp FAQ")):
            lib.assets.add_link(f"https://example.com/{n}", title)
    return folder


def smk(library: Path, *args: object) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["--library", str(library), *map(str, args)])
    result = Result(code, out.getvalue(), err.getvalue())
    assert "Traceback" not in result.err and "Traceback" not in result.out
    return result


def usage_error(result: Result) -> None:
    assert result.code == 2, result
    assert result.err.startswith("smkdesk: ") and result.err.count("\n") == 1, result.err


def test_usage_log_list_and_outcome(library: Path) -> None:
    logged = smk(
        library,
        "usage",
        "log",
        1,
        "--action",
        "sent",
        "--account",
        "Acme",
        "--opportunity",
        "Renewal",
        "--stage",
        "Decision",
        "--user",
        "Sam Rep",
    )
    assert logged.code == 0 and "Logged 'sent' for #1" in logged.out
    rated = smk(
        library, "usage", "log", 2, "--action", "feedback", "--not-helpful", "--note", "old"
    )
    assert rated.code == 0
    events = smk(library, "usage", "list", "--json").json()
    assert [(e["asset_id"], e["action"], e["rating"]) for e in events] == [
        (2, "feedback", -1),
        (1, "sent", None),
    ]
    assert (events[1]["user_name"], events[1]["stage"], events[1]["opportunity"]) == (
        "Sam Rep",
        "Decision",
        "Renewal",
    )
    assert smk(library, "usage", "outcome", "Acme", "Renewal", "won").code == 0
    assert smk(library, "usage", "list", "--limit", 1, "--json").json()[0]["asset_id"] == 2
    text = smk(library, "usage", "list")
    assert text.code == 0 and "Sam Rep" in text.out and "2 event(s)." in text.out
    with Library.open(library) as lib:
        won, _ = lib.usage.influence()
        assert [(r.asset_id, r.deals) for r in won] == [(1, 1)]


def test_usage_errors_exit_2(library: Path) -> None:
    usage_error(smk(library, "usage", "log", 1, "--action", "feedback"))  # no rating
    usage_error(smk(library, "usage", "log", 99, "--action", "sent"))
    usage_error(smk(library, "usage", "log", 1, "--action", "sent", "--stage", "Negotiation"))
    usage_error(smk(library, "usage", "log", 1, "--action", "printed"))  # argparse
    usage_error(smk(library, "usage", "outcome", "Nobody", "Nothing", "won"))
    usage_error(smk(library, "usage", "list", "--since", "yesterday"))


def test_retire_restore_keep_and_audit(library: Path) -> None:
    usage_error(smk(library, "retire", 1))  # --reason is required by the parser
    usage_error(smk(library, "retire", 1, "--reason", "  "))  # and must say something
    retired = smk(library, "retire", 1, 2, "--reason", "Replaced", "--user", "Ana")
    assert retired.code == 0 and "Retired 2 asset(s)" in retired.out
    hits = smk(library, "search", "zeppelin", "--json").json()["hits"]
    assert hits == []
    again = smk(library, "retire", 1, "--reason", "x", "--user", "Ana")
    assert "1 already retired" in again.out
    assert smk(library, "restore", 1, "--user", "Ben").code == 0
    assert [h["id"] for h in smk(library, "search", "zeppelin", "--json").json()["hits"]] == [1]

    until = date.today() + timedelta(days=30)
    kept = smk(library, "keep", 3, "--until", until, "--reason", "Evergreen", "--user", "Ana")
    assert kept.code == 0 and str(until) in kept.out
    usage_error(smk(library, "keep", 3, "--until", date.today() - timedelta(days=2)))
    usage_error(smk(library, "keep", 3, "--until", "soon"))

    trail = smk(library, "audit", 1, "--json").json()
    assert [(r["action"], r["user_name"], r["detail"], r["reason"]) for r in trail] == [
        ("restore", "Ben", "retired → published", ""),
        ("retire", "Ana", "published → retired", "Replaced"),
    ]
    text = smk(library, "audit", 3)
    assert "keep" in text.out and "Evergreen" in text.out
    usage_error(smk(library, "audit", 99))
    usage_error(smk(library, "restore", 99))


def test_unused_lists_the_review_queue(library: Path) -> None:
    with Library.open(library) as lib:
        lib.assets.set_created(1, lib.assets.get(1).created - timedelta(days=200))
    items = smk(library, "unused", "--json").json()
    assert [(i["id"], [r["code"] for r in i["reasons"]]) for i in items] == [(1, ["never_used"])]
    assert smk(library, "unused", "--days", 300, "--json").json() == []
    text = smk(library, "unused")
    assert "Never used since it was added 200 days ago" in text.out
    assert "1 asset(s) to review." in text.out
    usage_error(smk(library, "unused", "--days", 0))


def test_search_logs_requests_that_can_be_planned_and_answered(library: Path) -> None:
    assert smk(library, "search", "hovercraft pricing").code == 0
    assert smk(library, "search", "zeppelin", "--json").code == 0  # found: no request
    requests = smk(library, "requests", "--json").json()
    assert [(r["text"], r["searches"], r["status"]) for r in requests] == [
        ("hovercraft pricing", 1, "open")
    ]
    rid = requests[0]["id"]
    assert smk(library, "requests", "plan", rid).code == 0
    assert smk(library, "requests", "--status", "open", "--json").json() == []
    assert smk(library, "requests", "answer", rid, 1).code == 0
    (answered,) = smk(library, "requests", "--status", "answered", "--json").json()
    assert (answered["answered_by"], answered["answered_title"]) == (1, "Zeppelin battlecard")
    assert "1 request(s)." in smk(library, "requests").out
    assert smk(library, "requests", "reopen", rid).code == 0
    usage_error(smk(library, "requests", "plan", 999))
    usage_error(smk(library, "requests", "answer", rid, 999))


def test_export_writes_csv_files(library: Path, tmp_path: Path) -> None:
    smk(library, "usage", "log", 1, "--action", "presented", "--account", "Café Müller")
    smk(library, "search", "hovercraft")
    for what in ("usage", "unused", "requests"):
        out = tmp_path / f"{what}.csv"
        result = smk(library, "export", what, "--out", out)
        assert result.code == 0 and "row(s)" in result.out
        with out.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        if what == "usage":
            assert [(r["asset_id"], r["account"]) for r in rows] == [("1", "Café Müller")]
        elif what == "requests":
            assert [r["text"] for r in rows] == ["hovercraft"]
    missing = smk(library, "export", "usage", "--out", tmp_path / "no" / "such" / "dir.csv")
    assert missing.code == 3 and missing.err.startswith("smkdesk: Cannot write")
    usage_error(smk(library, "export", "everything", "--out", tmp_path / "x.csv"))
