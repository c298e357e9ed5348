"""Importing files: every file ends with exactly one outcome.

imported (with text) · imported_no_text (with the reason) · rejected (with
the reason). Cheap checks (size, type, zip bomb, duplicate) run here; parsing
runs in isolated worker processes with time and memory limits (see
``extract.ExtractorPool``). A rejected file leaves nothing behind.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from smkdesk.core.catalogue.dto import ImportOptions, ImportOutcome, ImportReport
from smkdesk.core.catalogue.duplicates import store_signature
from smkdesk.core.catalogue.follow import IndexFollower
from smkdesk.core.catalogue.models import Asset, AssetText
from smkdesk.core.catalogue.options import (
    apply_options,
    check_options,
    content_in_use,
    shorten_title,
)
from smkdesk.core.catalogue.walk import Skipped, walk
from smkdesk.core.errors import RejectedFile
from smkdesk.core.extract.model import Extraction, Limits, truncation_note
from smkdesk.core.extract.pool import ExtractorPool
from smkdesk.core.extract.safety import check_file
from smkdesk.core.store.files import FileStore, sha256_file
from smkdesk.core.util.gcpause import step_aside
from smkdesk.core.util.textclean import one_line, xml_safe

ImportProgress = Callable[[int, int, str], None]
#: Files per index commit when the import writes the index itself.
INDEX_EVERY = 50
#: From this many files on, the index's writer process commits the index
#: (search/writer_process.py) while the import goes on; below it, starting
#: that process costs more than it saves.
OFFLOAD_FROM = 20
#: With the writer process, a batch goes as soon as the previous one is
#: committed (group commit: batches grow when the index is the slower side),
#: once it holds OFFLOAD_MIN files; at OFFLOAD_MAX the import waits for it.
OFFLOAD_MIN = 50
OFFLOAD_MAX = 200
SHA_BATCH = 500  # contents looked up per duplicate query
BACKUP_FROM = 50  # an import of this many new files begins with a database backup

log = logging.getLogger(__name__)


@dataclass
class _Candidate:
    path: Path
    sha256: str
    size: int


@dataclass(frozen=True)
class _Stored:
    """An asset that holds a content already."""

    asset_id: int
    title: str
    ext: str


def log_outcome(outcome: ImportOutcome, size: int | None) -> None:
    """One line per file: its outcome, asset id, extension and size; never its
    text (a reason names a file or a title at most)."""
    parts = [f"asset {outcome.asset_id}"] if outcome.asset_id is not None else []
    parts.append(outcome.path.suffix.lower() or "(no extension)")
    if size is not None:
        parts.append(f"{size} bytes")
    if outcome.reason:
        parts.append(outcome.reason)
    log.info("import %s: %s", outcome.outcome, ", ".join(parts))


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _not_copied(path: Path, exc: OSError) -> ImportOutcome:
    return ImportOutcome(
        path=path,
        outcome="rejected",
        reason=f"could not be copied into the library ({_why(exc)})",
    )


def expand_paths(paths: Iterable[Path]) -> Iterator[Path | Skipped]:
    """Files named directly, and every non-hidden file below named folders;
    entries not taken (links, unreadable folders) come as :class:`Skipped`
    with the reason. How links are treated: ``catalogue/walk.py``."""
    return walk(paths)


#: How file managers and mail clients name a copy: "x (copy)", "x - Copy",
#: "x - Copy (2)", "x copy 2", "x_copy", "x (1)", "Copy of x".
_COPY_SUFFIX = re.compile(
    r"(?:[\s_-]*[(\[]?\s*(?<![^\W_])copy(?:\s*[(\[]?\s*\d+\s*[)\]]?)?\s*[)\]]?|\s*[(\[]\d+[)\]])$",
    re.IGNORECASE,
)
_COPY_PREFIX = re.compile(r"^copy\s+(?:\(\d+\)\s+)?of\s+", re.IGNORECASE)


def copy_rank(path: Path) -> int:
    """0 for a name that is not a copy; more for each copy marker in it
    ("report (copy) (1).docx" ranks below "report (copy).docx")."""
    stem, rank = path.stem.strip(), 0
    while True:
        shorter = _COPY_PREFIX.sub("", _COPY_SUFFIX.sub("", stem)).strip()
        if not shorter or shorter == stem:
            return rank
        stem, rank = shorter, rank + 1


def _twin_of(drop: Path, keep: Path) -> ImportOutcome:
    reason = f"same content as {keep.name}, earlier in this import"
    if copy_rank(drop) > copy_rank(keep):
        reason = f"a copy of {keep.name} (same content), which this import kept"
    return ImportOutcome(path=drop, outcome="rejected", reason=reason)


def title_from_filename(path: Path) -> str:
    stem = one_line(re.sub(r"[_\-.]+", " ", path.stem)) or one_line(path.name) or "Untitled"
    return stem[:1].upper() + stem[1:]


class Importer:
    def __init__(
        self,
        sync: IndexFollower,
        store: FileStore,
        limits: Limits,
        pool: Callable[[], ExtractorPool],
        before_bulk: Callable[[], object] | None = None,
    ) -> None:
        """``before_bulk`` runs before an import of BACKUP_FROM files or more
        (the library takes a rolling backup there)."""
        self._before_bulk = before_bulk
        self._sync = sync
        self._db = sync.db
        self._store = store
        self.limits = limits
        self._pool = pool

    def import_files(
        self,
        paths: Iterable[Path],
        options: ImportOptions = ImportOptions(),
        progress: ImportProgress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportReport:
        self._db.refuse_writes()  # a read-only or damaged library: before any file is copied
        with self._db.session() as s:
            check_options(s, options)  # a bad tag fails the batch before any file is touched
            s.rollback()
        entries = list(expand_paths(Path(p) for p in paths))
        files = [e for e in entries if isinstance(e, Path)]
        total = len(entries)
        outcomes: list[ImportOutcome] = []
        seen: dict[str, _Candidate] = {}
        candidates: list[_Candidate] = []
        sizes: dict[Path, int] = {}  # for the log
        done = 0

        def report(outcome: ImportOutcome) -> None:
            nonlocal done
            outcomes.append(outcome)
            log_outcome(outcome, sizes.get(outcome.path))
            done += 1
            if progress:
                progress(done, total, str(outcome.path))

        for e in entries:
            if isinstance(e, Skipped):
                report(ImportOutcome(path=e.path, outcome="rejected", reason=e.reason))
        for path in files:
            step_aside()  # each check is a burst of small reads (gcpause.step_aside)
            checked = self._precheck(path)
            if isinstance(checked, ImportOutcome):
                report(checked)
                continue
            sizes[path] = checked.size
            earlier = seen.get(checked.sha256)
            if earlier is None:
                seen[checked.sha256] = checked
                candidates.append(checked)
                continue
            # the same bytes twice in one batch: keep the file whose name is not a copy
            keep, drop = earlier, checked
            if copy_rank(checked.path) < copy_rank(earlier.path):
                keep, drop = checked, earlier
                candidates[candidates.index(earlier)] = checked
                seen[checked.sha256] = checked
            report(_twin_of(drop.path, keep.path))
        # one query for the whole batch: a query per file keeps handing the GIL
        # back and forth, which starves the GUI thread (see search/whoosh/io.py)
        existing = self._find_shas([c.sha256 for c in candidates])
        for c in [c for c in candidates if c.sha256 in existing]:
            report(self._already_stored(c, existing[c.sha256]))
        candidates = [c for c in candidates if c.sha256 not in existing]
        if len(candidates) >= BACKUP_FROM and self._before_bulk is not None:
            self._before_bulk()
        stopped = False
        since_flush = 0
        by_path = {c.path: c for c in candidates}
        offload = len(candidates) >= OFFLOAD_FROM
        if offload:
            self._sync.start_writers()
        if candidates and not (cancelled and cancelled()):
            results = self._pool().extract_many([c.path for c in candidates])
            try:
                for path, result in results:
                    step_aside()
                    outcome = self._store_one(by_path[path], result, options)
                    report(outcome)
                    since_flush += outcome.asset_id is not None
                    if self._flush_due(since_flush, offload):
                        self._sync.flush(offload=offload)
                        since_flush = 0
                    if cancelled and cancelled():
                        stopped = True
                        break
            finally:
                close = getattr(results, "close", None)
                if close:
                    close()
        else:
            stopped = bool(candidates)
        self._sync.flush(offload=offload)
        self._sync.settle()
        if offload:
            self._sync.merge_in_background()  # fewer, bigger segments; nobody waits for it
        order = {e if isinstance(e, Path) else e.path: i for i, e in enumerate(entries)}
        outcomes.sort(key=lambda o: order.get(o.path, 0))
        return ImportReport(tuple(outcomes), cancelled=stopped, total=total)

    def _flush_due(self, since_flush: int, offload: bool) -> bool:
        if not offload:
            return since_flush >= INDEX_EVERY
        if since_flush >= OFFLOAD_MAX:
            return True
        return since_flush >= OFFLOAD_MIN and self._sync.offload_ready()

    def _precheck(self, path: Path) -> _Candidate | ImportOutcome:
        def reject(reason: str) -> ImportOutcome:
            return ImportOutcome(path=path, outcome="rejected", reason=reason)

        if not path.exists():
            return reject("no such file or folder")
        try:
            check_file(path, self.limits)
            sha = sha256_file(path)
            size = path.stat().st_size
        except RejectedFile as exc:
            return reject(exc.reason)
        except OSError as exc:
            return reject(f"cannot be read ({exc.strerror or exc})")
        return _Candidate(path, sha, size)

    def _find_shas(self, shas: list[str]) -> dict[str, _Stored]:
        """The assets already holding any of these contents."""
        found: dict[str, _Stored] = {}
        with self._db.reader() as s:
            for start in range(0, len(shas), SHA_BATCH):
                rows = s.execute(
                    select(Asset.file_sha256, Asset.id, Asset.title, Asset.file_ext).where(
                        Asset.file_sha256.in_(shas[start : start + SHA_BATCH])
                    )
                )
                found.update({str(sha): _Stored(int(i), str(t), e or "") for sha, i, t, e in rows})
        return found

    def _already_stored(self, c: _Candidate, found: _Stored) -> ImportOutcome:
        """Content the library holds already: a duplicate, or the way to bring
        back an asset's stored file that went missing."""
        where = f"#{found.asset_id} '{found.title}'"
        stored = self._store.path_for(c.sha256, found.ext)
        if stored.exists() and stored.stat().st_size == c.size:
            return ImportOutcome(
                path=c.path, outcome="rejected", reason=f"already in the library as {where}"
            )
        staged = self._stage(c)
        if isinstance(staged, ImportOutcome):
            return staged
        try:
            with self._store.guard():
                self._store.publish(staged, c.sha256, found.ext, replace=True)
        except OSError as exc:
            return ImportOutcome(
                path=c.path,
                outcome="rejected",
                reason=f"the missing file of {where} could not be restored ({_why(exc)})",
            )
        return ImportOutcome(
            path=c.path,
            outcome="restored",
            reason=f"restored the missing file of {where}",
            asset_id=found.asset_id,
            title=found.title,
        )

    def _drop_unless_used(self, c: _Candidate, ext: str) -> None:
        self._store.discard(c.sha256, ext, lambda: content_in_use(self._db, c.sha256))

    def _store_one(
        self, c: _Candidate, result: Extraction | RejectedFile, options: ImportOptions
    ) -> ImportOutcome:
        if isinstance(result, RejectedFile):
            return ImportOutcome(path=c.path, outcome="rejected", reason=result.reason)
        staged = self._stage(c)
        if isinstance(staged, ImportOutcome):
            return staged
        with self._store.guard():  # publish and commit as one step (see store.py)
            return self._commit_one(c, staged, result, options)

    def _stage(self, c: _Candidate) -> Path | ImportOutcome:
        """Copy the file into the store's staging area, checking it is still
        the content that was looked up (a rejection otherwise)."""
        try:
            staged, sha = self._store.stage(c.path)
        except OSError as exc:
            return _not_copied(c.path, exc)
        if sha != c.sha256:
            staged.unlink(missing_ok=True)
            return ImportOutcome(
                path=c.path,
                outcome="rejected",
                reason="the file changed while it was being imported; import it again",
            )
        return staged

    def _commit_one(
        self, c: _Candidate, staged: Path, result: Extraction, options: ImportOptions
    ) -> ImportOutcome:
        ext = c.path.suffix.lower()
        try:
            _stored, is_new = self._store.publish(staged, c.sha256, ext)
        except OSError as exc:
            return _not_copied(c.path, exc)
        title = (
            one_line(options.title or "")
            or one_line(result.title or "")
            or title_from_filename(c.path)
        )
        title, title_note = shorten_title(title)
        try:
            with self._db.session() as s:
                asset = Asset(
                    kind="file",
                    title=title,
                    file_name=one_line(c.path.name),  # a name may hold any bytes
                    file_sha256=c.sha256,
                    file_size=c.size,
                    file_ext=ext,
                    source_path=xml_safe(str(c.path)),
                    page_count=result.pages,
                    text_status="text" if result.has_text else "no_text",
                    no_text_reason=result.no_text_reason,
                )
                apply_options(s, asset, options)
                if result.language and not asset.language:
                    asset.language = result.language
                asset.content = AssetText(body=result.text, truncated=result.truncated)
                s.add(asset)
                s.flush()
                asset_id = asset.id
                if result.has_text:
                    store_signature(s, asset_id, result.text)
                self._sync.queue(s, [asset_id])
        except IntegrityError:  # another import committed the same content first
            if is_new:
                self._drop_unless_used(c, ext)
            found = self._find_shas([c.sha256]).get(c.sha256)
            where = f" as #{found.asset_id} '{found.title}'" if found else ""
            return ImportOutcome(
                path=c.path, outcome="rejected", reason=f"already in the library{where}"
            )
        except BaseException:
            if is_new:
                self._drop_unless_used(c, ext)
            raise
        text_note = (
            truncation_note(result.pages, len(result.text), self.limits)
            if result.truncated
            else None
        )
        note = "; ".join(n for n in (text_note, title_note) if n) or None
        if result.has_text:
            return ImportOutcome(
                path=c.path, outcome="imported", asset_id=asset_id, title=asset.title, note=note
            )
        return ImportOutcome(
            path=c.path,
            outcome="imported_no_text",
            reason=result.no_text_reason,
            asset_id=asset_id,
            title=asset.title,
            note=note,
        )
