"""Engine, sessions and schema migrations.

Everything specific to SQLite lives here (pragmas, the online backup), so the
services stay portable to PostgreSQL.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from smkdesk.core.errors import LibraryError, MigrationError, NewerLibraryError
from smkdesk.core.timeutil import utcnow

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _set_sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def head_revision() -> str:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except DatabaseError as exc:
        raise LibraryError(
            f"The library database is damaged and cannot be read ({exc.orig})."
        ) from exc


def known_revisions() -> set[str]:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return {rev.revision for rev in script.walk_revisions()}


def backup_sqlite(db_path: Path, backup_dir: Path, label: str) -> Path:
    """Copy a live SQLite database consistently (online backup API)."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"{db_path.stem}-{stamp}-{label}.sqlite"
    src = sqlite3.connect(str(db_path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


@contextmanager
def _ddl_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that also covers DDL.

    pysqlite only opens a transaction before INSERT/UPDATE/DELETE, so CREATE and
    ALTER would commit one by one and a failed upgrade would leave the schema
    half-changed. Here the transaction is begun explicitly instead.
    """
    with engine.connect() as conn:
        raw: Any = conn.connection.dbapi_connection
        sqlite = engine.dialect.name == "sqlite"
        saved = raw.isolation_level if sqlite else None
        if sqlite:
            raw.isolation_level = None  # no implicit BEGIN/COMMIT by the driver
        try:
            with conn.begin():
                if sqlite:
                    conn.exec_driver_sql("BEGIN")
                yield conn
        finally:
            if sqlite:
                raw.isolation_level = saved


def migrate(engine: Engine, db_path: Path | None, backup_dir: Path | None) -> Path | None:
    """Bring the schema to head. Returns the backup made first, if any.

    A database whose revision this smkdesk does not know was written by a newer
    version: it is refused and not touched.
    """
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise NewerLibraryError(
            "This library was written by a newer version of smkdesk "
            f"(schema {current}); update smkdesk to open it. The library was not changed."
        )
    backup: Path | None = None
    if current is not None and db_path is not None and backup_dir is not None:
        backup = backup_sqlite(db_path, backup_dir, f"before-{head}")
    try:
        with _ddl_transaction(engine) as conn:
            cfg = alembic_config(engine)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:
        where = f" A backup was made first: {backup.name}." if backup else ""
        detail = " ".join(str(getattr(exc, "orig", None) or exc).split())  # one line, no SQL dump
        raise MigrationError(f"Upgrading the library failed: {detail}.{where}") from exc
    return backup


def integrity_problems(engine: Engine) -> list[str]:
    """SQLite's own integrity check; empty when the file is sound."""
    if engine.dialect.name != "sqlite":
        return []
    try:
        with engine.connect() as conn:
            rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
    except (DatabaseError, OperationalError) as exc:
        return [f"database cannot be read: {exc.orig}"]
    return [] if rows == ["ok"] else rows


def copy_file_atomic(src: Path, dst: Path) -> None:
    tmp = dst.with_name(dst.name + ".part")
    shutil.copyfile(src, tmp)
    tmp.replace(dst)


class Database:
    """Owns the engine and hands out sessions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error."""
        with self._factory() as s, s.begin():
            yield s

    @contextmanager
    def reader(self) -> Iterator[Session]:
        with self._factory() as s:
            yield s

    def dispose(self) -> None:
        self.engine.dispose()
