"""Backups of the database, and the way out when its file is damaged.

Rolling backups (``backups/auto-…``) are taken with SQLite's online backup
API, at most once a day and before big imports; the newest few are kept.
A backup is only taken of a file that passes SQLite's quick check, so a
damaged file never pushes the good backups out.

When the file is damaged, :func:`recover` offers two ways out, both of which
keep the damaged file aside (``damaged/``) and say what was lost:

* ``backup``: put the newest good backup in its place; what was added since
  then (assets by title, usage events, searches…) is listed as lost;
* ``salvage``: copy every row that can still be read into a new file at
  this smkdesk's schema; the rows that could not be read are listed.

Recovery works on a closed library (the folder only); open it afterwards,
and rebuild its search index.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine

from smkdesk.core.errors import LibraryError
from smkdesk.core.store.db import backup_sqlite, is_corruption, migrate, sqlite_url
from smkdesk.core.util.timeutil import local_text, utcnow

AUTO = "auto-"  # in the names of rolling backups (the others come before migrations)
KEEP_AUTO = 5
DAILY = timedelta(hours=24)
#: Tables whose lost rows are worth naming to a user, with their label.
LABELS = {
    "assets": "assets",
    "usage_events": "usage events",
    "search_log": "logged searches",
    "content_requests": "content requests",
    "workshops": "workshops",
    "workshop_answers": "workshop answers",
    "opportunities": "deals",
    "audit_log": "audit entries",
}
CHUNK = 500
RESCUED = "recovered"  # stored files of assets a restored backup lacks


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime  # naive UTC, from the file's time


@dataclass(frozen=True)
class Recovery:
    method: str  # backup | salvage
    damaged_copy: Path
    source: Path | None  # the backup restored from
    lost: tuple[str, ...]  # one line each: what is not in the new file


# -- backups ------------------------------------------------------------------------
def quick_check(db_path: Path, read_only_folder: bool = False) -> str | None:
    """None when SQLite finds the file sound, else what it found (on one line).

    In a folder nobody may write to, the file is opened as immutable (SQLite
    could not create the WAL's index file there)."""
    flags = "mode=ro&immutable=1" if read_only_folder else "mode=ro"
    try:
        with closing(sqlite3.connect(f"file:{db_path}?{flags}", uri=True)) as con:
            rows = [r[0] for r in con.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if rows == ["ok"] else " ".join("; ".join(rows[:3]).split())


def backups(backup_dir: Path) -> list[Backup]:
    """Every backup in the folder, newest first."""
    if not backup_dir.is_dir():
        return []
    found = [
        Backup(p, datetime.fromtimestamp(p.stat().st_mtime, UTC).replace(tzinfo=None))
        for p in backup_dir.glob("*.sqlite")
    ]
    return sorted(found, key=lambda b: b.taken, reverse=True)


def newest_good_backup(library: Path) -> Backup | None:
    """The newest backup that passes SQLite's quick check (older ones are not read)."""
    return next((b for b in backups(library / "backups") if quick_check(b.path) is None), None)


def rolling_backup(
    db_path: Path, backup_dir: Path, label: str, on_damage: Callable[[str], None]
) -> Path | None:
    """Back the database up unless it is damaged (then ``on_damage`` is told)."""
    problem = quick_check(db_path)
    if problem is not None:
        on_damage(problem)
        return None
    made = backup_sqlite(db_path, backup_dir, f"{AUTO}{label}")
    for old in _autos(backup_dir)[KEEP_AUTO:]:
        old.path.unlink(missing_ok=True)
    return made


def _autos(backup_dir: Path) -> list[Backup]:
    return [b for b in backups(backup_dir) if f"-{AUTO}" in b.path.name]


def backup_due(backup_dir: Path) -> bool:
    autos = _autos(backup_dir)
    return not autos or utcnow() - autos[0].taken > DAILY


# -- reading what can be read ------------------------------------------------------------
@contextmanager
def _read_only(db_path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as con:
        yield con


def _tables(con: sqlite3.Connection) -> list[str]:
    rows = con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    )
    return [str(r[0]) for r in rows]


def _names(columns: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _max_rowid(con: sqlite3.Connection, table: str) -> int | None:
    try:
        value = con.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    return int(value) if value is not None else 0


def _readable_rows(
    con: sqlite3.Connection, table: str, top: int
) -> tuple[list[str], list[tuple[object, ...]], list[int]]:
    """Columns, the rows that can be read (rowid first) and the rowids that
    could not. Unreadable ranges are halved down to single rows."""
    cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
    select = f'SELECT rowid, {_names(cols)} FROM "{table}"'
    rows: list[tuple[object, ...]] = []
    lost: list[int] = []
    spans = [(lo, min(lo + CHUNK - 1, top)) for lo in range(1, top + 1, CHUNK)]
    while spans:
        lo, hi = spans.pop(0)
        try:
            rows += con.execute(f"{select} WHERE rowid BETWEEN ? AND ?", (lo, hi)).fetchall()
        except sqlite3.DatabaseError:
            if lo == hi:
                lost.append(lo)
            else:
                mid = (lo + hi) // 2
                spans[:0] = [(lo, mid), (mid + 1, hi)]
    return cols, rows, lost


# -- the ways out -------------------------------------------------------------------
def recover(library: Path, db_file: str, method: str) -> Recovery:
    """Replace a damaged database by the newest good backup or by what can be read."""
    db_path = library / db_file
    if method not in ("backup", "salvage"):
        raise ValueError(method)
    new = db_path.with_name(db_path.name + ".new")
    new.unlink(missing_ok=True)
    source: Path | None = None
    if method == "backup":
        good = newest_good_backup(library)
        if good is None:
            raise LibraryError(
                "There is no good backup of this library; use --salvage to keep what can be read."
            )
        source = good.path
        shutil.copyfile(source, new)
        _migrate(new)  # a backup made before an upgrade has the older schema
        lost = _added_since(db_path, new, library)
    else:
        lost = _salvage(db_path, new)
    _settle(new)
    aside = _set_aside(db_path, library / "damaged")
    new.replace(db_path)
    return Recovery(method, aside, source, tuple(lost))


def _migrate(path: Path) -> None:
    engine = create_engine(sqlite_url(path))
    try:
        migrate(engine, None, None)
    finally:
        engine.dispose()


def _added_since(damaged: Path, restored: Path, library: Path) -> list[str]:
    """What the damaged file holds (as far as it can be read) that the backup lacks."""
    lines: list[str] = []
    with _read_only(damaged) as bad, _read_only(restored) as good:
        have = set(_tables(good))
        for table in _tables(bad):
            top = _max_rowid(bad, table)
            if top is None:
                if table in LABELS:
                    lines.append(f"{LABELS[table]}: unknown (the table cannot be read)")
                continue
            known = _max_rowid(good, table) if table in have else 0
            newer = max(0, top - (known or 0))
            if not newer or table not in LABELS:
                continue
            if table == "assets":
                titles = _asset_titles(bad, (known or 0) + 1, top)
                lines.append(f"{newer} asset(s) added since the backup: {titles}")
                kept = _rescue_files(bad, (known or 0) + 1, top, library)
                if kept:
                    lines.append(
                        f"their {kept} stored file(s) are in {RESCUED}/ under their own "
                        f"names: import that folder to add them back (their tags are lost)"
                    )
            else:
                lines.append(f"{newer} {LABELS[table]} added since the backup")
    return lines or ["nothing: the backup holds everything that could be read"]


def _asset_titles(con: sqlite3.Connection, lo: int, hi: int) -> str:
    try:
        rows = con.execute(
            "SELECT id, title FROM assets WHERE id BETWEEN ? AND ? ORDER BY id LIMIT 20", (lo, hi)
        ).fetchall()
    except sqlite3.DatabaseError:
        return "(their titles cannot be read)"
    shown = ", ".join(f"#{i} '{t}'" for i, t in rows)
    return shown + (" …" if hi - lo + 1 > len(rows) else "")


def _rescue_files(con: sqlite3.Connection, lo: int, hi: int, library: Path) -> int:
    """Copy the stored files of assets the backup lacks to ``recovered/``, named
    as they were imported, so that they can be imported again."""
    try:
        rows = con.execute(
            "SELECT file_name, file_sha256, file_ext FROM assets "
            "WHERE id BETWEEN ? AND ? AND file_sha256 IS NOT NULL",
            (lo, hi),
        ).fetchall()
    except sqlite3.DatabaseError:
        return 0
    target = library / RESCUED
    kept = 0
    for name, sha, ext in rows:
        stored = library / "files" / sha[:2] / f"{sha}{(ext or '').lower()}"
        if not stored.is_file():
            continue
        target.mkdir(exist_ok=True)
        dst = target / Path(str(name or stored.name)).name
        n = 1
        while dst.exists():
            n += 1
            dst = dst.with_name(f"{Path(name).stem} ({n}){Path(name).suffix}")
        shutil.copy2(stored, dst)
        kept += 1
    return kept


def _salvage(damaged: Path, new: Path) -> list[str]:
    """Copy each readable row into a new file at this smkdesk's schema."""
    _migrate(new)
    lines: list[str] = []
    with _read_only(damaged) as bad, closing(sqlite3.connect(new)) as out:
        out.execute("PRAGMA foreign_keys=OFF")
        wanted = {t: [r[1] for r in out.execute(f'PRAGMA table_info("{t}")')] for t in _tables(out)}
        try:
            tables = _tables(bad)
        except sqlite3.DatabaseError as exc:
            raise LibraryError(
                f"Nothing can be salvaged: the list of tables cannot be read ({exc}). "
                "Restore a backup instead."
            ) from exc
        for table in tables:
            if table not in wanted or table == "alembic_version":
                continue
            top = _max_rowid(bad, table)
            if top is None:
                lines.append(f"{LABELS.get(table, table)}: the whole table could not be read")
                continue
            cols, rows, lost = _readable_rows(bad, table, top)
            keep = [c for c in cols if c in wanted[table]]
            idx = [cols.index(c) + 1 for c in keep]
            out.execute(f'DELETE FROM "{table}"')  # rows the new schema seeds itself
            out.executemany(
                f'INSERT OR IGNORE INTO "{table}" ({_names(keep)})'
                f" VALUES ({', '.join('?' for _ in keep)})",
                ([r[i] for i in idx] for r in rows),
            )
            if lost:
                lines.append(_unreadable(table, lost))
        out.commit()
    return lines or ["nothing: every row could be read"]


def _settle(path: Path) -> None:
    """Fold the new file's write-ahead log into it, so it moves as one file."""
    with closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _unreadable(table: str, rowids: list[int]) -> str:
    """One line naming the rows salvage could not read (assets by their id)."""
    shown = ", ".join(f"#{i}" for i in rowids[:12]) + (" …" if len(rowids) > 12 else "")
    if table == "assets":
        return f"{len(rowids)} asset(s) could not be read: {shown}"
    label = LABELS.get(table, table.replace("_", " "))
    return f"{label}: {len(rowids)} row(s) could not be read (row ids {shown})"


def _set_aside(db_path: Path, folder: Path) -> Path:
    """Move the damaged file (and its WAL) out of the way; never delete it."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db_path.stem}-{stamp}.sqlite"
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            side.replace(folder / (target.name + suffix))
    db_path.replace(target)
    return target


def ways_out(folder: Path) -> str:
    """What to run next for a damaged database, naming the backup it would use."""
    newest = newest_good_backup(folder)
    if newest is not None:
        backup = (
            f"'smkdesk check --repair --from-backup' puts the newest good backup in its "
            f"place ({newest.path.name}, taken {local_text(newest.taken)}) and lists "
            "what was added since; "
        )
    else:
        backup = "there is no good backup to restore; "
    return (
        f"{backup}'smkdesk check --repair --salvage' copies everything that can still be "
        "read into a new file and lists what could not. Either way the damaged file is "
        "kept in damaged/."
    )


def looks_damaged(exc: BaseException) -> bool:
    """Whether an error opening a library comes from a damaged file."""
    while exc is not None:
        if is_corruption(exc):
            return True
        exc = exc.__cause__  # type: ignore[assignment]
    return False
