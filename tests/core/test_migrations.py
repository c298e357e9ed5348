"""Schema upgrades: old libraries are upgraded (with a backup), newer or damaged ones refused."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from smkdesk.core.errors import LibraryError, MigrationError, NewerLibraryError
from smkdesk.core.library import DB_FILE, MARKER, Library
from smkdesk.core.search.whoosh.index import SearchIndex
from smkdesk.core.store.db import alembic_config, head_revision, make_engine, sqlite_url


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _marker(folder: Path) -> None:
    marker = {
        "app": "smkdesk",
        "format": 1,
        "created_by": "0.0.1",
        "created": "2025-01-01T00:00:00",
    }
    (folder / MARKER).write_text(json.dumps(marker), "utf-8")


def _revision(db_path: Path) -> str:
    con = sqlite3.connect(str(db_path))
    try:
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        con.close()


def _make_0001_library(folder: Path) -> None:
    """A library as smkdesk wrote it at schema 0001, with one asset in it."""
    folder.mkdir(parents=True)
    engine = make_engine(sqlite_url(folder / DB_FILE))
    try:
        with engine.begin() as conn:
            cfg = alembic_config(engine)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
        with engine.begin() as conn:
            now = datetime(2025, 3, 4, 5, 6, 7)
            conn.execute(
                text(
                    "INSERT INTO terms (id, dimension, name, parent_id, position, retired, "
                    "created_at) VALUES (1, 'stage', 'Awareness', NULL, 0, 0, :now)"
                ),
                {"now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO assets (id, kind, title, description, owner, status, created_at, "
                    "updated_at, url, text_status) VALUES (7, 'link', 'Zeppelin onboarding guide', "
                    "'Legacy asset', 'Ana', 'published', :now, :now, 'https://example.com/z', "
                    "'none')"
                ),
                {"now": now},
            )
            conn.execute(text("INSERT INTO asset_terms (asset_id, term_id) VALUES (7, 1)"))
            conn.execute(
                text("INSERT INTO asset_keywords (asset_id, keyword) VALUES (7, 'airship')")
            )
    finally:
        engine.dispose()
    # That smkdesk had a (valid, current-format) index; leave it empty so that only
    # the 0002 index queue can bring the old asset into it.
    index = SearchIndex.open(folder / "index")
    index.rebuild([], 0)
    assert not index.needs_rebuild() and index.doc_count() == 0
    index.close()
    _marker(folder)


def test_old_library_is_upgraded_with_a_backup(tmp_path: Path, h) -> None:
    folder = tmp_path / "old-lib"
    _make_0001_library(folder)
    assert _revision(folder / DB_FILE) == "0001"

    with Library.open(folder) as lib:
        assert _revision(folder / DB_FILE) == head_revision()
        backups = sorted((folder / "backups").glob("*.sqlite"))
        assert len(backups) == 1
        assert lib.migration_backup == backups[0]
        assert _revision(backups[0]) == "0001"  # the backup is the untouched old database

        detail = lib.assets.get(7)
        assert detail.title == "Zeppelin onboarding guide"
        assert detail.stages == ("Awareness",)
        assert detail.keywords == ("airship",)
        # 0002 queued every old asset, so it reaches the index without a manual rebuild
        assert h.hit_ids(lib, "zeppelin") == {7}
        assert h.hit_ids(lib, "airship") == {7}
        assert lib.index_status().pending == 0
        # the library is fully usable after the upgrade
        new = h.add_link(lib, "Zeppelin pricing")
        assert h.hit_ids(lib, "zeppelin") == {7, new}
        # the old taxonomy is kept: no default seeding on top of existing terms
        assert [t.name for t in lib.taxonomy.list("stage")] == ["Awareness"]

    # opening again does not migrate or back up again
    with Library.open(folder) as lib:
        assert lib.migration_backup is None
        assert len(list((folder / "backups").glob("*.sqlite"))) == 1
        assert lib.assets.count() == 2


def test_failed_upgrade_names_the_backup_and_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "old-lib"
    _make_0001_library(folder)
    con = sqlite3.connect(str(folder / DB_FILE))
    try:  # something 0002 cannot create over
        con.execute("CREATE TABLE index_pending (x INTEGER)")
        con.commit()
    finally:
        con.close()

    with pytest.raises(MigrationError) as info:
        Library.open(folder)
    backups = list((folder / "backups").glob("*.sqlite"))
    assert len(backups) == 1
    msg = str(info.value)
    assert backups[0].name in msg and "\n" not in msg
    assert _revision(folder / DB_FILE) == "0001"  # rolled back, not half-upgraded
    con = sqlite3.connect(str(folder / DB_FILE))
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "usage_events" not in tables
        assert con.execute("SELECT title FROM assets").fetchall() == [
            ("Zeppelin onboarding guide",)
        ]
    finally:
        con.close()


def test_newer_library_is_refused_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.create(folder):
        pass
    db = folder / DB_FILE
    con = sqlite3.connect(str(db))
    try:
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
        con.commit()
    finally:
        con.close()
    before = _sha(db)
    listing = sorted(p.name for p in folder.iterdir())

    with pytest.raises(NewerLibraryError) as info:
        Library.open(folder)
    msg = str(info.value)
    assert "newer version" in msg and "9999_future" in msg
    assert "\n" not in msg and "Traceback" not in msg

    assert _sha(db) == before
    assert _revision(db) == "9999_future"
    assert sorted(p.name for p in folder.iterdir()) == listing  # no backup, no new index
    assert not (folder / "backups").exists()


def test_damaged_database_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    _marker(folder)
    db = folder / DB_FILE
    db.write_bytes(b"\x00\x13garbage, certainly not SQLite \xff\xfe" * 200)
    before = _sha(db)

    with pytest.raises(LibraryError) as info:
        Library.open(folder)
    msg = str(info.value)
    assert "damaged" in msg
    assert "\n" not in msg and "Traceback" not in msg and "sqlalchemy" not in msg.lower()
    assert _sha(db) == before
    # and create() on the same folder does not overwrite it either
    with pytest.raises(LibraryError):
        Library.create(folder)
    assert _sha(db) == before


def test_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    """The head schema and the ORM models agree (nothing left for autogenerate)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from smkdesk.core.schema import Base

    with Library.create(tmp_path / "lib") as lib, lib.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_0007_cleans_the_noise_out_of_old_content_requests(tmp_path: Path) -> None:
    """A 0006 library's search log is cleaned by the request rules on upgrade."""
    T0 = datetime(2026, 5, 4, 9, 0)
    folder = tmp_path / "lib"
    with Library.create(folder):
        pass
    db = folder / DB_FILE
    engine = make_engine(sqlite_url(db))
    try:
        with engine.begin() as conn:
            cfg = alembic_config(engine)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0006")
        with engine.begin() as conn:
            searches = [  # (id, user, text, results, seconds, request key)
                (1, "Sam", "retial case study", 0, 0, "retial case study|||"),
                (2, "Sam", "retail case study", 4, 30, "retail case study|||"),
                (3, "Ana", "drone insurance", 0, 100, "drone insurance|||"),
                (4, "Sam", "drone insurances", 0, 200, "drone insurances|||"),
                (5, "Lee", "insurance drone", 0, 300, "insurance drone|||"),
                (6, "Sam", "hospital case study", 0, 400, "hospital case study|||"),
                (7, "Sam", "case study", 9, 410, "case study|||"),
            ]
            for row_id, who, said, found, at, key in searches:
                conn.execute(
                    text(
                        "INSERT INTO search_log (id, occurred_at, user_name, text, filters, "
                        "result_count, request_key) VALUES (:i, :at, :u, :t, '{}', :n, :k)"
                    ),
                    {"i": row_id, "at": T0 + timedelta(seconds=at), "u": who, "t": said,
                     "n": found, "k": key},
                )  # fmt: skip
            requests = [  # (id, key, text, status)
                (1, "retial case study|||", "retial case study", "open"),
                (2, "drone insurance|||", "drone insurance", "open"),
                (3, "drone insurances|||", "drone insurances", "open"),
                (4, "insurance drone|||", "insurance drone", "planned"),  # never merged
                (5, "hospital case study|||", "hospital case study", "open"),
                (6, "workshop:9", "Why do buyers churn?", "open"),  # no searches, kept
            ]
            for req_id, key, said, status in requests:
                conn.execute(
                    text(
                        "INSERT INTO content_requests (id, request_key, text, stage, persona, "
                        "sector, status, created_at, updated_at) "
                        "VALUES (:i, :k, :t, '', '', '', :s, :at, :at)"
                    ),
                    {"i": req_id, "k": key, "t": said, "s": status, "at": datetime(2026, 5, 4)},
                )
    finally:
        engine.dispose()
    assert _revision(db) == "0006"

    with Library.open(folder) as lib:
        assert _revision(db) == head_revision()
        got = {r.id: (r.text, r.status, r.searches) for r in lib.requests.list_requests()}
    assert got == {
        2: ("drone insurances", "open", 2),  # with 3's search; the typo (1) is gone
        4: ("insurance drone", "planned", 1),
        5: ("hospital case study", "open", 1),
        6: ("Why do buyers churn?", "open", 0),
    }
    con = sqlite3.connect(str(db))
    try:
        corrected = con.execute("SELECT id, corrected_to FROM search_log WHERE corrected_to != ''")
        assert corrected.fetchall() == [(1, "retail case study")]
    finally:
        con.close()
