"""Engine, sessions and schema migrations.

Everything specific to SQLite lives here (pragmas, the online backup), so the
services stay portable to PostgreSQL.
"""

from __future__ import annotations

import errno
import json
import logging
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, ExceptionContext, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from smkdesk.core.errors import (
    DamagedLibraryError,
    DiskFullError,
    LibraryError,
    MigrationError,
    NewerLibraryError,
    ReadOnlyLibraryError,
)
from smkdesk.core.util.timeutil import utcnow

MIGRATIONS_DIR = Path(__file__).parents[1] / "migrations"


def _adapt_datetime(value: datetime) -> str:
    return value.isoformat(" ")


def _adapt_date(value: date) -> str:
    return value.isoformat()


# Python 3.12 deprecates sqlite3's default date and datetime adapters (raw SQL with
# such a parameter warns); these write the same text the defaults did.
sqlite3.register_adapter(datetime, _adapt_datetime)
sqlite3.register_adapter(date, _adapt_date)


def _set_sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _set_read_only_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA query_only=ON")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        read_only = "mode=ro" in url
        pragmas = _set_read_only_pragmas if read_only else _set_sqlite_pragmas
        event.listen(engine, "connect", pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def sqlite_url(path: Path, read_only: bool = False, frozen: bool = False) -> str:
    """``read_only`` opens the file for reading only; ``frozen`` says that its
    folder cannot be written by anyone either.

    A frozen file with no write-ahead log left beside it is opened as
    ``immutable``, which lets SQLite read a WAL database without creating its
    ``-shm`` file. Never otherwise: another process may be writing it, and a
    left-over log must be read too."""
    if not read_only:
        return f"sqlite:///{path}"
    wal = path.with_name(path.name + "-wal")
    flags = "mode=ro&immutable=1" if frozen and not wal.exists() else "mode=ro"
    return f"sqlite:///file:{quote(str(path))}?{flags}&uri=true"


# -- SQLite's result codes this module tells apart (the low byte of extended codes)
SQLITE_READONLY = 8
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


def sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_corruption(exc: BaseException) -> bool:
    """Whether a driver error says the database file is damaged."""
    if sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return True
    text = str(exc)
    return "malformed" in text or "file is not a database" in text


def damaged_message(detail: str) -> str:
    return (
        f"The library database is damaged ({detail}). Changes are stopped so that nothing "
        "more is lost; searching and reading still work where the file can be read. "
        "Run 'smkdesk check --repair' to restore the newest good backup or to salvage "
        "what can be read."
    )


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
        if exc.orig is not None and is_corruption(exc.orig):
            raise LibraryError(
                f"The library database is damaged and cannot be read ({exc.orig})."
            ) from exc
        raise LibraryError(  # a full disk, a lock, an I/O error: not damage
            f"The library database cannot be read just now ({exc.orig}); if the disk is "
            "full, free some space and try again."
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
    except (sqlite3.Error, OSError) as exc:
        target.unlink(missing_ok=True)  # a half-written backup must never count as one
        if sqlite_code(exc) == SQLITE_FULL or getattr(exc, "errno", None) == errno.ENOSPC:
            raise DiskFullError(
                "The disk holding the library is full: the backup was not written. "
                "Free some space and try again."
            ) from exc
        raise
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
    logging.getLogger(__name__).info(
        "migrating the database from %s to %s%s",
        current or "(empty)",
        head,
        f" (backup {backup.name})" if backup else "",
    )
    try:
        with _ddl_transaction(engine) as conn:
            cfg = alembic_config(engine)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:
        logging.getLogger(__name__).exception("migrating the database failed")
        where = f" A backup was made first: {backup.name}." if backup else ""
        detail = " ".join(str(getattr(exc, "orig", None) or exc).split())  # one line, no SQL dump
        raise MigrationError(f"Upgrading the library failed: {detail}.{where}") from exc
    return backup


def check_readable_schema(engine: Engine, read_only: str) -> None:
    """A read-only library opens only at this smkdesk's schema: it cannot be upgraded."""
    current = current_revision(engine)
    if current == head_revision():
        return
    if current is not None and current not in known_revisions():
        raise NewerLibraryError(
            "This library was written by a newer version of smkdesk "
            f"(schema {current}); update smkdesk to open it. The library was not changed."
        )
    raise LibraryError(
        f"{read_only.rstrip('.')}, and it needs upgrading to this version of smkdesk "
        "first: open it once where it can be written. Nothing was changed."
    )


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
    """Owns the engine and hands out sessions.

    It also guards writes. A library that is read-only, or whose file was
    found damaged, refuses every statement that would change it, with a
    message that says why (``ReadOnlyLibraryError``, ``DamagedLibraryError``).
    Damage found by any query marks the library damaged at once, and a marker
    file (``damage_marker``) keeps it so for other processes and later opens
    until ``check --repair`` mends it. A full disk becomes ``DiskFullError``.
    """

    def __init__(
        self,
        engine: Engine,
        read_only: str | None = None,
        damage_marker: Path | None = None,
    ) -> None:
        self.engine = engine
        self._factory = sessionmaker(engine, expire_on_commit=False)
        #: Why the library is read-only ("no write permission on …"), or None.
        self.read_only = read_only
        self._marker = damage_marker
        #: What damage was found, or None.
        self.damaged: str | None = read_damage_marker(damage_marker) if damage_marker else None
        event.listen(engine, "before_cursor_execute", self._gate)
        event.listen(engine, "handle_error", self._on_error)

    @property
    def writable(self) -> bool:
        return self.read_only is None and self.damaged is None

    def refuse_writes(self) -> None:
        """Raise the reason this library takes no changes, if there is one."""
        if self.read_only is not None:
            raise ReadOnlyLibraryError(self.read_only)
        if self.damaged is not None:
            raise DamagedLibraryError(damaged_message(self.damaged))

    def mark_damaged(self, detail: str) -> None:
        detail = " ".join(detail.split())[:200]
        if self.damaged is None:
            self.damaged = detail
        if self._marker is not None and self.read_only is None:
            with suppress(OSError):  # the in-memory flag still stops this process
                payload = {"detected": utcnow().isoformat(timespec="seconds"), "detail": detail}
                self._marker.write_text(json.dumps(payload), "utf-8")

    def clear_damage(self) -> None:
        self.damaged = None
        if self._marker is not None:
            self._marker.unlink(missing_ok=True)

    def _gate(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not self.writable and statement.lstrip()[:8].upper().startswith(_WRITES):
            self.refuse_writes()

    def _on_error(self, context: ExceptionContext) -> None:
        orig = context.original_exception
        if isinstance(orig, sqlite3.DatabaseError) and is_corruption(orig):
            self.mark_damaged(str(orig))
            raise DamagedLibraryError(damaged_message(str(orig))) from orig
        if sqlite_code(orig) == SQLITE_FULL:
            raise DiskFullError(
                "The disk holding the library is full: the change was not saved. "
                "Free some space and try again."
            ) from orig
        if sqlite_code(orig) == SQLITE_READONLY:
            raise ReadOnlyLibraryError(
                self.read_only or "The library database cannot be written (read-only file)."
            ) from orig

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


def read_damage_marker(marker: Path) -> str | None:
    """The damage a marker file records, or None when there is none."""
    try:
        data = json.loads(marker.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return "damage was found earlier"
    return str(data.get("detail") or "damage was found earlier")
