"""The Library façade: one folder holding the database, stored files and index.

    lib = Library.open(path)          # or Library.create(path)
    lib.assets.import_files([...])    # catalogue
    lib.search(SearchQuery("pricing"))
    lib.close()

Services return plain dataclasses (``catalogue/dto.py``, ``search/dto.py``); mutating ones return
a ``Changes`` value the GUI broadcasts.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from platformdirs import user_data_dir
from sqlalchemy import select

from smkdesk import __version__
from smkdesk.core.catalogue.assets import AssetService
from smkdesk.core.catalogue.importer import Importer
from smkdesk.core.catalogue.lifecycle import LifecycleService
from smkdesk.core.catalogue.models import Term
from smkdesk.core.catalogue.taxonomy import TaxonomyService, seed_defaults
from smkdesk.core.check import CheckReport, run_check
from smkdesk.core.errors import DamagedLibraryError, LibraryError
from smkdesk.core.extract.model import Limits
from smkdesk.core.extract.pool import ExtractorPool
from smkdesk.core.journeys.coverage import JourneyCoverageService
from smkdesk.core.journeys.templates import TemplateService
from smkdesk.core.journeys.workshops import JourneyService
from smkdesk.core.reports.csv_export import ExportService
from smkdesk.core.requests.service import RequestService
from smkdesk.core.search.dto import SearchQuery, SearchResults
from smkdesk.core.search.model import IndexHealth, Snippet
from smkdesk.core.search.service import SearchService
from smkdesk.core.search.sync import IndexSync
from smkdesk.core.search.whoosh.index import SearchIndex
from smkdesk.core.store import recovery
from smkdesk.core.store.db import (
    Database,
    check_readable_schema,
    damaged_message,
    make_engine,
    migrate,
    sqlite_url,
)
from smkdesk.core.store.files import FileStore
from smkdesk.core.usage import rollup
from smkdesk.core.usage.dashboard import DashboardService
from smkdesk.core.usage.events import UsageService
from smkdesk.core.usage.review import ReviewService
from smkdesk.core.usage.rollup import ensure_rollups
from smkdesk.core.util.timeutil import utcnow

MARKER = "smkdesk-library.json"
DB_FILE = "library.sqlite"
#: Written when damage is found in the database; removed by ``check --repair``.
DAMAGE_MARKER = ".damaged.json"
LIBRARY_ENV = "SMKDESK_LIBRARY"


def default_library_path() -> Path:
    """``$SMKDESK_LIBRARY``, else the per-user data folder."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir("smkdesk", appauthor=False)) / "library"


def is_library(path: Path) -> bool:
    return (path / MARKER).is_file()


@dataclass(frozen=True)
class IndexStatus:
    health: str  # ok | missing | outdated | damaged
    detail: str
    pending: int
    documents: int
    last_error: str | None


def read_only_reason(path: Path) -> str | None:
    """Why changes to the library folder are impossible, or None if they are not."""
    db = path / DB_FILE
    if os.access(path, os.W_OK) and (not db.exists() or os.access(db, os.W_OK)):
        return None
    return f"This library is read-only (no write permission on {path})."


class Library:
    def __init__(self, path: Path, limits: Limits | None = None, read_only: bool = False) -> None:
        """Use :meth:`open` or :meth:`create`."""
        self.path = path
        self.limits = limits or Limits()
        db_path = path / DB_FILE
        reason = read_only_reason(path)
        self._frozen = reason is not None  # nobody can write the folder
        if read_only and reason is None:
            reason = "This library is open read-only; open it again normally to make changes."
        url = sqlite_url(db_path, read_only=reason is not None, frozen=self._frozen)
        self.db = Database(make_engine(url), read_only=reason, damage_marker=path / DAMAGE_MARKER)
        try:
            if reason is None:
                self.migration_backup = migrate(self.db.engine, db_path, path / "backups")
            else:
                self.migration_backup = None
                check_readable_schema(self.db.engine, reason)
            self.index = SearchIndex.open(path / "index")  # refuses another Whoosh
        except BaseException:
            self.db.dispose()
            raise
        self.store = FileStore(path / "files")
        self.sync = IndexSync(self.db, self.index)
        self._pool: ExtractorPool | None = None
        self._pool_lock = threading.Lock()
        self.importer = Importer(
            self.sync,
            self.store,
            self.limits,
            self._extractor,
            before_bulk=lambda: self.backup("before-import"),
        )
        self.taxonomy = TaxonomyService(self.sync, rollup)
        self.assets = AssetService(self.sync, rollup, self.store, self.importer)
        self.search_service = SearchService(self.sync)
        self.usage = UsageService(self.db)
        self.lifecycle = LifecycleService(self.sync)
        self.review = ReviewService(self.db)
        self.requests = RequestService(self.db)
        self.dashboard = DashboardService(self.db)
        self.templates = TemplateService(self.db)
        self.journeys = JourneyService(self.db, self.templates)
        self.journey_coverage = JourneyCoverageService(self.db, self.search_service, self.journeys)
        self.export = ExportService(self.usage, self.review, self.requests)
        if self.db.writable:
            with suppress(DamagedLibraryError):  # found now: it opens for reading only
                self._upkeep_on_open()

    def _upkeep_on_open(self) -> None:
        with self.db.session() as s:
            if s.scalar(select(Term.id).limit(1)) is None:
                seed_defaults(s)
        self.templates.ensure_default()  # seed 003's questions, once
        ensure_rollups(self.db)  # after an upgrade or a bulk load of usage events
        if self.index.health is IndexHealth.MISSING and self.assets.count() == 0:
            self.sync.rebuild()  # a new (empty) library starts with an empty, usable index
        if not self.index.needs_rebuild():
            self.sync.flush()  # changes a crash left queued

    # -- state ----------------------------------------------------------------------
    @property
    def writes_refused(self) -> str | None:
        """Why the library takes no changes (read-only folder or damaged file), or None."""
        if self.db.read_only is not None:
            return self.db.read_only
        if self.db.damaged is not None:
            return damaged_message(self.db.damaged)
        return None

    @property
    def damaged(self) -> str | None:
        return self.db.damaged

    # -- backups ----------------------------------------------------------------------
    def verify(self) -> str | None:
        """SQLite's quick check of the whole file; damage found stops changes."""
        problem = recovery.quick_check(self.path / DB_FILE, read_only_folder=self._frozen)
        if problem is not None:
            self.db.mark_damaged(problem)
        return problem

    def ways_out(self) -> str:
        """How to repair a damaged database (the commands, and the backup they would use)."""
        return recovery.ways_out(self.path)

    def backup(self, label: str) -> Path | None:
        """A rolling backup of the database now (none of a damaged or read-only one)."""
        if not self.db.writable:
            return None
        return recovery.rolling_backup(
            self.path / DB_FILE, self.path / "backups", label, self.db.mark_damaged
        )

    def backup_if_due(self) -> Path | None:
        """The daily rolling backup, when the newest one is more than a day old."""
        if not self.db.writable or not recovery.backup_due(self.path / "backups"):
            return None
        return self.backup("daily")

    # -- opening -------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, limits: Limits | None = None) -> Library:
        """Create a new library folder (or open it if it is already a library)."""
        path = Path(path).expanduser()
        if path.exists() and not path.is_dir():
            raise LibraryError(f"{path} is a file, not a folder.")
        if path.is_dir() and not is_library(path) and any(path.iterdir()):
            raise LibraryError(
                f"{path} is not empty and is not an smkdesk library; choose an empty folder."
            )
        try:
            path.mkdir(parents=True, exist_ok=True)
            if not is_library(path):
                marker = {
                    "app": "smkdesk",
                    "format": 1,
                    "created_by": __version__,
                    "created": utcnow().isoformat(timespec="seconds"),
                }
                (path / MARKER).write_text(json.dumps(marker, indent=2), "utf-8")
        except OSError as exc:
            raise LibraryError(
                f"Cannot create a library in {path}: {exc.strerror or exc}."
            ) from exc
        return cls(path, limits)

    @classmethod
    def open(
        cls,
        path: Path | str,
        create: bool = False,
        limits: Limits | None = None,
        read_only: bool = False,
    ) -> Library:
        path = Path(path).expanduser()
        if not is_library(path):
            if create:
                return cls.create(path, limits)
            if not path.exists():
                raise LibraryError(
                    f"No library at {path}; create one with 'smkdesk demo' or import files."
                )
            raise LibraryError(f"{path} is not an smkdesk library (no {MARKER} in it).")
        if not (path / DB_FILE).exists():
            backups = sorted((path / "backups").glob("*.sqlite"))
            hint = f" The latest backup is backups/{backups[-1].name}." if backups else ""
            raise LibraryError(
                f"The library database ({DB_FILE}) is missing from {path}; restore it from a "
                f"backup or copy.{hint} Nothing was changed."
            )
        return cls(path, limits, read_only=read_only)

    def close(self) -> None:
        with self._pool_lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
        self.index.close()
        self.db.dispose()

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def start_extractors(self) -> None:
        """Start the extraction worker processes now rather than at the first
        import, so that an import does not begin with their start-up."""
        self._extractor()

    def _extractor(self) -> ExtractorPool:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ExtractorPool(self.limits, workers=min(2, os.cpu_count() or 1))
            return self._pool

    # -- search ----------------------------------------------------------------------
    def search(self, query: SearchQuery | str) -> SearchResults:
        if isinstance(query, str):
            query = SearchQuery(text=query)
        return self.search_service.search(query)

    def snippets(self, text: str, asset_ids: Sequence[int]) -> dict[int, Snippet]:
        return self.search_service.snippets(text, asset_ids)

    # -- index upkeep --------------------------------------------------------------------
    def index_status(self) -> IndexStatus:
        ok = not self.index.needs_rebuild()
        return IndexStatus(
            health=self.index.health.value,
            detail=self.index.health_detail,
            pending=self.sync.pending_count(),
            documents=self.index.doc_count() if ok else 0,
            last_error=self.sync.last_error,
        )

    def batch_changes(self) -> AbstractContextManager[None]:
        """Group many changes: the index is written once when the block ends."""
        return self.sync.deferred()

    def needs_rebuild(self) -> bool:
        return self.index.needs_rebuild()

    def reindex(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Rebuild the index from the database in committed batches."""
        return self.sync.rebuild(progress, cancelled)

    def check(self, repair: bool = False, deep: bool = False) -> CheckReport:
        if repair and self.db.read_only is not None:
            self.db.refuse_writes()
        return run_check(self.sync, self.store, self.path / "orphans", repair=repair, deep=deep)
