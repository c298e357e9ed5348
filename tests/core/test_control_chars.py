"""Control characters never reach the database, and never break a report.

A title, account, search or note with a control character (a bell, an escape
sequence in a file name) used to make every Word report fail with lxml's
"All strings must be XML compatible" until someone found and edited the item.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from alembic import command
from docx import Document
from sqlalchemy import text

from smkdesk.cli import run
from smkdesk.core.catalogue.dto import AssetUpdate
from smkdesk.core.changes import User
from smkdesk.core.journeys.types import Participant
from smkdesk.core.library import DB_FILE, MARKER, Library
from smkdesk.core.reports.audit import write_audit_report
from smkdesk.core.reports.brief import brief_data, write_brief
from smkdesk.core.reports.workshop_pack import write_workshop_pack
from smkdesk.core.search.dto import SearchQuery
from smkdesk.core.search.whoosh.index import SearchIndex
from smkdesk.core.store.db import alembic_config, make_engine, sqlite_url
from smkdesk.core.usage.events import UsageContext
from smkdesk.core.util.textclean import multi_line, one_line, xml_safe

# What XML 1.0 cannot hold, plus DEL and the C1 controls.
BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
REP = User("Sam\x07 Rep", "sales rep")


def docx_text(path: Path) -> str:
    doc = Document(str(path))  # opens: the package is well-formed
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def assert_clean_package(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                assert not BAD.search(z.read(name).decode("utf-8")), name


# -- the cleaning rules -----------------------------------------------------------
def test_one_line_removes_controls_and_folds_whitespace() -> None:
    assert one_line("ctrl\x1b[31mred") == "ctrl[31mred"
    assert one_line("  Pricing\x01\tsheet\r\n v2\x7f\x85\x9f ") == "Pricing sheet v2"
    assert one_line("caf\udce9 menu") == "caf\ufffd menu"  # as the extractors do
    assert one_line("no\ufffe\uffffnchar") == "nonchar"
    # explicit bidi overrides and isolates only disguise a label; marks stay
    assert one_line("invoice\u202efdp.exe\u2066x\u2069") == "invoicefdp.exex"
    assert one_line("\u05e9\u05dc\u05d5\u05dd\u200f!") == "\u05e9\u05dc\u05d5\u05dd\u200f!"
    assert one_line("\x01\x02") == ""


def test_multi_line_keeps_lines_and_tabs() -> None:
    assert multi_line(" one\x07\r\ntwo\rthree\n\tfour\x0c\x00 ") == "one\ntwo\nthree\n\tfour"
    assert multi_line("right\u202eto left") == "right\u202eto left"
    assert xml_safe(" a\x1b\r\n\tb ") == " a\r\n\tb "


# -- on the way in ------------------------------------------------------------------
@pytest.fixture
def dirty(lib: Library, h, tmp_path: Path) -> Library:
    """A library fed text with control characters through every service."""
    src = tmp_path / "in" / "ctrl\x1b[31mred.txt"
    src.parent.mkdir()
    src.write_text("Quarterly pricing notes for the retail team.\n", "utf-8")
    outcome = lib.assets.import_file(src)
    assert outcome.outcome == "imported", outcome.reason
    link = h.add_link(
        lib,
        "Pricing\x01 sheet",
        stages=("Decision",),
        personas=("CFO",),
        sectors=("Retail",),
        owner="Ana\x1b",
        description="Ready\x02 for the CFO.\r\nSecond line.",
        keywords=("roi\x03calc",),
    )
    lib.assets.update(link, AssetUpdate(owner="Ana\x08 Lee", language="en\x00"))
    lib.usage.log(
        link,
        "sent",
        REP,
        UsageContext(account="Fjord\x07 Mutual", opportunity="Broker\x1b portal", note="n\x01ote"),
    )
    lib.usage.set_outcome("Fjord\x07 Mutual", "Broker\x1b portal", "won")
    lib.requests.log_search(SearchQuery(text="procurement\x1b checklist"), 0, REP)
    lib.taxonomy.add("persona", "Head\x1f of\x07 Ops")
    retired = h.add_link(lib, "Spring\x7f webinar", stages=("Awareness",))
    lib.lifecycle.retire([retired], "Out\x9b of date", "Hannah\x01")
    w = lib.journeys.create_workshop(
        "Retail\x01 CFOs",
        date(2026, 9, 17),
        "Claire\x1b",
        personas=["CFO"],
        sectors=["Retail"],
        participants=[Participant("Priya\x07", "sales")],
    )
    question = w.stages[2].questions[0]
    lib.journeys.add_answer(question.id, "sales", "Numbers\x1b[0m first\r\nthen names")
    lib.journeys.link_asset(question.id, link)
    lib.journeys.set_content_needed(w.stages[2].questions[1].id, True, "Hannah\x02")
    for a in lib.assets.list(include_retired=True):  # old enough to count as unused
        lib.assets.set_created(a.id, datetime(2025, 9, 1))
    return lib


def _all_text(library: Library) -> list[str]:
    """Every text value in the library's database (except extracted bodies and paths)."""
    con = sqlite3.connect(str(library.path / DB_FILE))
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out: list[str] = []
        for t in tables:
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({t})")]
            for row in con.execute(f"SELECT * FROM {t}"):
                for col, value in zip(cols, row, strict=True):
                    if isinstance(value, str) and col not in ("file_name", "source_path", "body"):
                        out.append(value)
        return out
    finally:
        con.close()


def test_services_store_clean_text(dirty: Library) -> None:
    dirt = [v for v in _all_text(dirty) if BAD.search(v)]
    assert dirt == []
    titles = {a.title for a in dirty.assets.list(include_retired=True)}
    assert {"Ctrl[31mred", "Pricing sheet", "Spring webinar"} <= titles
    link = next(a for a in dirty.assets.list() if a.title == "Pricing sheet")
    detail = dirty.assets.get(link.id)
    assert detail.description == "Ready for the CFO.\nSecond line."
    assert (detail.owner, detail.language, detail.keywords) == ("Ana Lee", "en", ("roicalc",))
    event = dirty.usage.list_events()[0]
    assert (event.account, event.opportunity, event.user_name) == (
        "Fjord Mutual",
        "Broker portal",
        "Sam Rep",
    )
    assert event.note == "note" and event.outcome == "won"
    assert dirty.requests.list_requests()[0].text == "procurement checklist"
    assert "Head of Ops" in [t.name for t in dirty.taxonomy.list("persona")]
    w = dirty.journeys.workshop(dirty.journeys.workshops()[0].id)
    assert (w.name, w.facilitator) == ("Retail CFOs", "Claire")
    answer = w.stages[2].questions[0].answers[0]
    assert answer.text == "Numbers[0m first\nthen names"


def test_reports_succeed_through_the_cli(dirty: Library, tmp_path: Path, capsys) -> None:
    base = ["--library", str(dirty.path)]
    audit = tmp_path / "a.docx"
    assert run([*base, "report", "audit", "--out", str(audit)]) == 0, capsys.readouterr().err
    assert_clean_package(audit)
    body = docx_text(audit)
    assert "Ctrl[31mred" in body  # unused
    assert "procurement checklist" in body and "Out of date" in body

    brief = tmp_path / "b.docx"
    argv = ["brief", "--persona", "CFO", "--sector", "Retail", "--stage", "Decision"]
    assert run([*base, *argv, "--account", "Fjord\x07 Mutual", "--out", str(brief)]) == 0, (
        capsys.readouterr().err
    )
    assert_clean_package(brief)
    body = docx_text(brief)
    assert "Pre-call brief: Fjord Mutual" in body
    assert "Pricing sheet" in body and "Ready for the CFO." in body
    assert "Sales: Numbers[0m first" in body

    pack = tmp_path / "p.docx"
    workshop = dirty.journeys.workshops()[0].id
    assert run([*base, "journey", "export", str(workshop), "--out", str(pack)]) == 0
    assert_clean_package(pack)
    assert "Priya" in docx_text(pack)


# -- defence in depth: text written by older versions or other tools -------------------
def test_reports_never_fail_on_stored_text(dirty: Library, tmp_path: Path) -> None:
    # lone surrogates cannot be stored by Python's sqlite3; control characters can
    con = sqlite3.connect(str(dirty.path / DB_FILE))
    con.execute("UPDATE assets SET title = title || ' \x1b[31m\x01', owner = 'Ana\x07'")
    con.execute("UPDATE assets SET description = 'Ready\x02 now. Really.'")
    con.execute("UPDATE content_requests SET text = 'dirty\x1c request'")
    con.execute("UPDATE workshop_answers SET text = 'dirty\x1b answer'")
    con.execute("UPDATE workshop_questions SET text = text || '\x08'")
    con.execute("UPDATE workshop_participants SET name = 'Priya\x7f'")
    con.commit()
    con.close()

    audit = tmp_path / "a.docx"
    write_audit_report(dirty, audit, today=date.today())
    assert_clean_package(audit)
    assert "dirty request" in docx_text(audit)

    brief = tmp_path / "b.docx"
    write_brief(brief_data(dirty, "CFO", "Retail", "Decision", "Acme\x01\ud800"), brief)
    assert_clean_package(brief)
    assert "Pre-call brief: Acme" in docx_text(brief)
    assert "dirty answer" in docx_text(brief)

    pack = tmp_path / "p.docx"
    write_workshop_pack(dirty.journeys.workshop(dirty.journeys.workshops()[0].id), pack)
    assert_clean_package(pack)
    assert "Priya" in docx_text(pack)


# -- existing libraries: migration 0006 ---------------------------------------------
def _make_0005_library(folder: Path) -> None:
    """A library as smkdesk wrote it at schema 0005, with dirty text in it."""
    folder.mkdir(parents=True)
    engine = make_engine(sqlite_url(folder / DB_FILE))
    now = datetime(2025, 3, 4, 5, 6, 7)
    try:
        with engine.begin() as conn:
            cfg = alembic_config(engine)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0005")
        with engine.begin() as conn:
            run_sql = conn.execute
            run_sql(
                text(
                    "INSERT INTO terms (id, dimension, name, parent_id, position, retired, "
                    "created_at) VALUES (1, 'stage', 'Decision', NULL, 0, 0, :now), "
                    "(2, 'persona', 'CFO\x07', NULL, 0, 0, :now), "
                    "(3, 'persona', 'CFO', NULL, 1, 0, :now)"
                ),
                {"now": now},
            )
            for aid, title, desc in (
                (7, "Zeppelin\x1b[31m guide", "Line\x02 one\r\nline two"),
                (8, "Clean title", "Clean"),
                (9, "Other", "Clean"),
                (10, "Untouched", "Clean"),
            ):
                run_sql(
                    text(
                        "INSERT INTO assets (id, kind, title, description, owner, status, "
                        "created_at, updated_at, url, text_status) VALUES (:id, 'link', :t, "
                        ":d, 'Ana', 'published', :now, :now, 'https://example.com/z', 'none')"
                    ),
                    {"id": aid, "t": title, "d": desc, "now": now},
                )
            run_sql(text("INSERT INTO asset_terms (asset_id, term_id) VALUES (9, 2), (10, 1)"))
            run_sql(
                text(
                    "INSERT INTO asset_keywords (asset_id, keyword) VALUES "
                    "(8, 'air\x01ship'), (8, 'airship'), (8, 'roi\x07')"
                )
            )
            run_sql(
                text(
                    "INSERT INTO opportunities (id, account, name, outcome) VALUES "
                    "(1, 'Fjord\x07', 'Portal', 'won'), (2, 'Fjord', 'Portal', 'open')"
                )
            )
            for eid, opp in ((1, 1), (2, 2)):
                run_sql(
                    text(
                        "INSERT INTO usage_events (id, asset_id, action, occurred_at, "
                        "occurred_on, user_name, user_role, account, note, opportunity_id) "
                        "VALUES (:id, 8, 'sent', :now, :day, 'Sam\x07', '', 'Fjord\x07', "
                        "'a\x01note', :opp)"
                    ),
                    {"id": eid, "now": now, "day": now.date(), "opp": opp},
                )
                run_sql(
                    text(
                        "INSERT INTO asset_opportunities (opportunity_id, asset_id, uses) "
                        "VALUES (:opp, 8, 1)"
                    ),
                    {"opp": opp},
                )
            run_sql(
                text(
                    "INSERT INTO search_log (id, occurred_at, user_name, text, filters, "
                    "result_count, request_key) VALUES (1, :now, 'Sam', 'pro\x1bcurement', "
                    "'{}', 0, 'pro curement|||')"
                ),
                {"now": now},
            )
            run_sql(
                text(
                    "INSERT INTO content_requests (id, request_key, text, stage, persona, "
                    "sector, status, created_at, updated_at) VALUES (1, 'pro curement|||', "
                    "'pro\x1bcurement', '', '', '', 'open', :now, :now)"
                ),
                {"now": now},
            )
            run_sql(
                text(
                    "INSERT INTO audit_events (id, asset_id, occurred_at, user_name, action, "
                    "detail, reason) VALUES (1, 7, :now, 'Hannah\x01', 'owner', "
                    "'none → Ana\x07', 'why\x02')"
                ),
                {"now": now},
            )
            run_sql(
                text(
                    "INSERT INTO journey_templates (id, name, description, created_at) VALUES "
                    "(1, 'Default\x01', 'Desc\x02', :now), (2, 'Default', '', :now)"
                ),
                {"now": now},
            )
            run_sql(
                text(
                    "INSERT INTO workshops (id, name, held_on, facilitator, template_id, "
                    "template_name, created_at, updated_at) VALUES (1, 'Retail\x01', :day, "
                    "'Claire\x1b', 1, 'Default\x01', :now, :now)"
                ),
                {"now": now, "day": now.date()},
            )
            run_sql(
                text(
                    "INSERT INTO workshop_stages (id, workshop_id, position, name, description, "
                    "minutes) VALUES (1, 1, 0, 'Decision\x01', 'd\x02', 20)"
                )
            )
            run_sql(
                text(
                    "INSERT INTO workshop_questions (id, workshop_stage_id, position, text, "
                    "content_needed, gap_votes, action_owner) VALUES (1, 1, 0, 'Why\x07?', 0, "
                    "0, 'Hannah\x1b')"
                )
            )
            run_sql(
                text(
                    "INSERT INTO workshop_answers (id, question_id, side, text, votes, "
                    "created_at) VALUES (1, 1, 'sales', 'Num\x1bbers\r\nfirst', 0, :now)"
                ),
                {"now": now},
            )
    finally:
        engine.dispose()
    index = SearchIndex.open(folder / "index")  # current, and empty: only the queue fills it
    index.rebuild([], 0)
    index.close()
    marker = {"app": "smkdesk", "format": 1, "created_by": "0.0.5", "created": "2026-01-01"}
    (folder / MARKER).write_text(json.dumps(marker), "utf-8")


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(str(db))
    try:
        return [tuple(r) for r in con.execute(sql)]
    finally:
        con.close()


def test_migration_0006_cleans_old_text_and_requeues_assets(tmp_path: Path) -> None:
    folder = tmp_path / "old-lib"
    _make_0005_library(folder)
    db = folder / DB_FILE
    engine = make_engine(sqlite_url(db))
    try:
        with engine.begin() as conn:
            cfg = alembic_config(engine)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0006")
    finally:
        engine.dispose()

    assert _rows(db, "SELECT id, title, description FROM assets ORDER BY id") == [
        (7, "Zeppelin[31m guide", "Line one\nline two"),
        (8, "Clean title", "Clean"),
        (9, "Other", "Clean"),
        (10, "Untouched", "Clean"),
    ]
    # 7 changed, 8 lost keywords, 9 is tagged with a renamed term; nothing else queued
    assert {r[0] for r in _rows(db, "SELECT asset_id FROM index_pending")} == {7, 8, 9}
    assert _rows(db, "SELECT keyword FROM asset_keywords ORDER BY keyword") == [
        ("airship",),
        ("roi",),
    ]
    names = [r[0] for r in _rows(db, "SELECT name FROM terms ORDER BY id")]
    assert names == ["Decision", "CFO (2)", "CFO"]  # never two values with one name
    # the two "Fjord" deals are one now, with every use and the won outcome kept
    assert _rows(db, "SELECT id, account, name, outcome FROM opportunities") == [
        (2, "Fjord", "Portal", "won")
    ]
    assert _rows(
        db, "SELECT DISTINCT opportunity_id, account, user_name, note FROM usage_events"
    ) == [(2, "Fjord", "Sam", "anote")]
    assert _rows(db, "SELECT opportunity_id, asset_id, uses FROM asset_opportunities") == [
        (2, 8, 2)
    ]
    assert _rows(db, "SELECT text, request_key FROM search_log") == [
        ("procurement", "pro curement|||")
    ]
    assert _rows(db, "SELECT text FROM content_requests") == [("procurement",)]
    assert _rows(db, "SELECT user_name, detail, reason FROM audit_events") == [
        ("Hannah", "none → Ana", "why")
    ]
    assert _rows(db, "SELECT name, description FROM journey_templates ORDER BY id") == [
        ("Default (2)", "Desc"),
        ("Default", ""),
    ]
    assert _rows(db, "SELECT name, facilitator, template_name FROM workshops") == [
        ("Retail", "Claire", "Default")
    ]
    assert _rows(db, "SELECT name, description FROM workshop_stages") == [("Decision", "d")]
    assert _rows(db, "SELECT text, action_owner FROM workshop_questions") == [("Why?", "Hannah")]
    assert _rows(db, "SELECT text FROM workshop_answers") == [("Numbers\nfirst",)]


def test_old_library_opens_and_reports_after_0006(tmp_path: Path, h) -> None:
    folder = tmp_path / "old-lib"
    _make_0005_library(folder)
    with Library.open(folder) as lib:
        assert lib.migration_backup is not None
        assert h.hit_ids(lib, "zeppelin") == {7}
        assert lib.assets.get(7).title == "Zeppelin[31m guide"
        out = tmp_path / "a.docx"
        write_audit_report(lib, out, today=date(2026, 6, 1))
        assert_clean_package(out)
        assert "Zeppelin[31m guide" in docx_text(out)
