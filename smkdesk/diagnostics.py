"""The log file, crash reports and the diagnostics a user can copy (no Qt).

``setup_logging`` sends stdlib logging to a rotating file in the per-user log
folder (``$SMKDESK_LOG_DIR`` overrides it), INFO by default and DEBUG with
``--debug`` or ``$SMKDESK_DEBUG``. Uncaught exceptions (in any thread) land
in it, and ``faulthandler`` writes a hard crash (a segfault in a C library)
to a crash file, which the next start finds with ``previous_crash``.

What is written never holds a password (a URL's, or ``password=...``): the
formatter masks them. Log calls name assets by id (a title at most), never
their text.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import platform
import re
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from platformdirs import user_log_path

if TYPE_CHECKING:
    from smkdesk.core.library import Library

LOG_DIR_ENV = "SMKDESK_LOG_DIR"
DEBUG_ENV = "SMKDESK_DEBUG"
LOG_NAME = "smkdesk.log"
MAX_BYTES = 2_000_000
BACKUPS = 3
TAIL_LINES = 100
#: A message longer than this is cut: a log line is never a place for a document.
MAX_MESSAGE = 2_000
#: Crash reports kept once they have been offered.
KEEP_CRASHES = 10
FORMAT = "%(asctime)s %(levelname)-7s [%(threadName)s] %(name)s: %(message)s"
#: Libraries that log more than anyone needs (SQLAlchemy's INFO is every
#: statement with its parameters, which would be document text).
QUIET = {
    "sqlalchemy": logging.WARNING,
    "PIL": logging.INFO,
    "fontTools": logging.WARNING,
    "asyncio": logging.INFO,
    "alembic": logging.WARNING,  # two lines per open; migrations are logged by store/db.py
}

log = logging.getLogger("smkdesk")

_URL_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://[^\s:/@?#]*:)[^\s@]+@")
_KEY_PASSWORD = re.compile(
    r"(?i)(password|passwd|pwd|secret|token|api[_-]?key)(['\"]?\s*[=:]\s*)"
    r"(\"[^\"]*\"|'[^']*'|[^\s,;&'\"}]+)"
)


def mask_secrets(text: str) -> str:
    """``text`` with every password replaced by ``***``.

    ``postgresql://sam:secret@db/lib`` reads ``postgresql://sam:***@db/lib``;
    ``password=secret`` (a libpq string, an option) reads ``password=***``.
    """
    text = _URL_PASSWORD.sub(r"\1***@", text)
    return _KEY_PASSWORD.sub(r"\1\2***", text)


class SafeFormatter(logging.Formatter):
    """Masks passwords in the whole record (message and traceback) and cuts
    over-long messages."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        message = record.message
        if len(message) > MAX_MESSAGE:
            record.message = (
                f"{message[:MAX_MESSAGE]}… ({len(message) - MAX_MESSAGE} more characters)"
            )
        try:
            return super().formatMessage(record)
        finally:
            record.message = message

    def format(self, record: logging.LogRecord) -> str:
        return mask_secrets(super().format(record))


def log_dir() -> Path:
    """The per-user log folder (``$SMKDESK_LOG_DIR`` if set)."""
    env = os.environ.get(LOG_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return user_log_path("smkdesk", appauthor=False)


def log_path() -> Path:
    return log_dir() / LOG_NAME


def crash_dir() -> Path:
    return log_dir() / "crashes"


def debug_requested(flag: bool = False) -> bool:
    """``--debug`` or ``$SMKDESK_DEBUG`` (any value but empty and 0)."""
    return flag or os.environ.get(DEBUG_ENV, "").strip() not in ("", "0")


@dataclass
class _State:
    handler: RotatingFileHandler | None = None
    crash_file: IO[str] | None = None
    crash_path: Path | None = None
    excepthook: Callable[..., Any] | None = None
    threading_hook: Callable[..., Any] | None = None
    fault_was_on: bool = False


_state = _State()


def setup_logging(debug: bool = False, crash_file: bool = True) -> Path:
    """Log to the rotating file (again: a second call only lowers the level
    for ``debug``); route uncaught exceptions to it, and hard crashes to a
    crash file. Returns the log file's path."""
    path = log_path()
    root = logging.getLogger()
    level = logging.DEBUG if debug_requested(debug) else logging.INFO
    handler = _state.handler
    if handler is None or Path(handler.baseFilename) != path.absolute():
        path.parent.mkdir(parents=True, exist_ok=True)
        if handler is not None:
            root.removeHandler(handler)
            handler.close()
        else:
            _state.excepthook, sys.excepthook = sys.excepthook, _excepthook
            _state.threading_hook, threading.excepthook = threading.excepthook, _thread_hook
        handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        handler.setFormatter(SafeFormatter(FORMAT))
        root.addHandler(handler)
        _state.handler = handler
        root.setLevel(level)
        for name, quiet in QUIET.items():
            logging.getLogger(name).setLevel(quiet)
        logging.captureWarnings(True)
        if crash_file:
            _enable_crash_file()
        log.info(
            "smkdesk %s started (Python %s, %s), pid %d",
            _version("smkdesk"),
            platform.python_version(),
            platform.platform(terse=True),
            os.getpid(),
        )
    elif level < root.level:
        root.setLevel(level)
    return path


def current_log() -> Path | None:
    """The file ``setup_logging`` writes to, if it was called."""
    return Path(_state.handler.baseFilename) if _state.handler is not None else None


def stop_logging() -> None:
    """Undo ``setup_logging`` (tests; the app just exits)."""
    handler = _state.handler
    if handler is None:
        return
    logging.getLogger().removeHandler(handler)
    handler.close()
    logging.captureWarnings(False)
    if sys.excepthook is _excepthook and _state.excepthook is not None:
        sys.excepthook = _state.excepthook
    if threading.excepthook is _thread_hook and _state.threading_hook is not None:
        threading.excepthook = _state.threading_hook
    _close_crash_file()
    _state.handler = None


def log_exception(
    what: str,
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
) -> None:
    log.error("%s: %s", what, exc_type.__name__, exc_info=(exc_type, exc, tb))


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if not issubclass(exc_type, KeyboardInterrupt):
        log_exception("uncaught exception", exc_type, exc, tb)
    (_state.excepthook or sys.__excepthook__)(exc_type, exc, tb)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if not issubclass(args.exc_type, SystemExit) and args.exc_value is not None:
        name = args.thread.name if args.thread is not None else "a thread"
        log_exception(
            f"uncaught exception in thread {name}",
            args.exc_type,
            args.exc_value,
            args.exc_traceback,
        )
    (_state.threading_hook or threading.__excepthook__)(args)


def error_line(exc_type: type[BaseException], exc: BaseException, limit: int = 200) -> str:
    """``RuntimeError: its first line``, cut at ``limit`` (passwords masked)."""
    first = (str(exc).strip().splitlines() or [""])[0]
    line = mask_secrets(f"{exc_type.__name__}: {first}" if first else exc_type.__name__)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def format_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """A traceback as the log writes it (passwords masked)."""
    return mask_secrets("".join(traceback.format_exception(exc_type, exc, tb)))


# -- hard crashes -------------------------------------------------------------------------
@dataclass(frozen=True)
class CrashReport:
    """What ``faulthandler`` wrote when an earlier run crashed, and where it is kept."""

    text: str
    path: Path
    when: datetime


def _enable_crash_file() -> None:
    """Each process writes its own crash file, removed on the next start if empty."""
    if _state.crash_file is not None:
        return
    folder = crash_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for ended, _pid in _ended_runs(folder):  # runs that ended without a crash
        with suppress(OSError):
            if ended.stat().st_size == 0:
                ended.unlink()
    path = folder / f"running-{os.getpid()}.txt"
    stream = open(path, "w", encoding="utf-8")  # noqa: SIM115 (open while the process lives)
    _state.fault_was_on = faulthandler.is_enabled()
    faulthandler.enable(file=stream, all_threads=True)
    _state.crash_file, _state.crash_path = stream, path


def _close_crash_file() -> None:
    stream, path = _state.crash_file, _state.crash_path
    if stream is None or path is None:
        return
    faulthandler.disable()
    if _state.fault_was_on and sys.__stderr__ is not None:
        faulthandler.enable(file=sys.__stderr__)
    stream.close()
    with suppress(OSError):
        if path.stat().st_size == 0:
            path.unlink()
    _state.crash_file = _state.crash_path = None


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (POSIX). On Windows a live process's
    crash file cannot be moved anyway (it is open), so "no" is safe there."""
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _ended_runs(folder: Path) -> Iterator[tuple[Path, int]]:
    """The crash files of processes that no longer run."""
    for path in sorted(folder.glob("running-*.txt")):
        try:
            pid = int(path.stem.removeprefix("running-"))
        except ValueError:
            continue
        if not _alive(pid):
            yield path, pid


def previous_crash() -> CrashReport | None:
    """The newest hard-crash report an earlier run left, or None.

    Each report is returned once: it is moved into the archive (the last
    KEEP_CRASHES are kept). Empty files of runs that ended are removed.
    """
    folder = crash_dir()
    found: list[CrashReport] = []
    for path, pid in _ended_runs(folder):
        try:
            text = path.read_text("utf-8", errors="replace")
            when = datetime.fromtimestamp(path.stat().st_mtime)
        except OSError:
            continue
        if not text.strip():
            with suppress(OSError):
                path.unlink()
            continue
        kept = folder / f"crash-{when:%Y%m%d-%H%M%S}-{pid}.txt"
        try:
            path.replace(kept)
        except OSError:  # still open (Windows): offered next time
            continue
        found.append(CrashReport(text, kept, when))
    archived = sorted(folder.glob("crash-*.txt"))
    for old in archived[:-KEEP_CRASHES]:
        with suppress(OSError):
            old.unlink()
    return max(found, key=lambda r: r.when) if found else None


# -- diagnostics ----------------------------------------------------------------------------
def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def versions() -> dict[str, str]:
    """smkdesk's and its main parts' versions (the ones installed)."""
    found = {
        "smkdesk": _version("smkdesk") or _smkdesk_version(),
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
    }
    pyside = _version("PySide6") or _version("PySide6-Essentials")
    if pyside:
        found["PySide6"] = pyside
    qt = sys.modules.get("PySide6.QtCore")
    if qt is not None:
        found["Qt"] = str(qt.qVersion())
    for label, dist in (
        ("SQLAlchemy", "SQLAlchemy"),
        ("Alembic", "alembic"),
        ("Whoosh", "whoosh-reloaded"),
        ("python-docx", "python-docx"),
        ("python-pptx", "python-pptx"),
        ("pypdf", "pypdf"),
    ):
        version = _version(dist)
        if version:
            found[label] = version
    return found


def _smkdesk_version() -> str:
    from smkdesk import __version__

    return __version__


def log_tail(lines: int = TAIL_LINES, path: Path | None = None) -> list[str]:
    """The last ``lines`` lines of the log (fewer, or none, if it is new)."""
    path = path or log_path()
    try:
        with path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 200 * lines))
            data = f.read()
    except OSError:
        return []
    text = data.decode("utf-8", errors="replace").splitlines()
    if len(data) < size and text:
        text = text[1:]  # the first line is cut
    return text[-lines:]


def _folder_size(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            with suppress(OSError):
                total += os.stat(os.path.join(root, name)).st_size
    return total


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def library_lines(library: Library) -> list[str]:
    """The library's size: assets, database and index on disk (a few queries)."""
    from sqlalchemy import func, select

    from smkdesk.core.catalogue.models import Asset
    from smkdesk.core.library import DB_FILE

    lines = [f"Library: {library.path}"]
    with library.db.reader() as s:
        count = s.scalar(select(func.count()).select_from(Asset)) or 0
    lines.append(f"Assets: {count}")
    db_file = library.path / DB_FILE
    with suppress(OSError):
        lines.append(f"Database: {_megabytes(db_file.stat().st_size)}")
    lines.append(f"Search index: {_megabytes(_folder_size(library.path / 'index'))} on disk")
    state = library.writes_refused
    if state:
        lines.append(f"Changes refused: {state}")
    return lines


def diagnostics_text(library: Library | None = None) -> str:
    """What a bug report needs: versions, the platform, the library's size and
    the log's last lines. Reads the database: call it off the GUI thread."""
    lines = ["smkdesk diagnostics", f"Written: {datetime.now().astimezone():%Y-%m-%d %H:%M %z}", ""]
    lines += [f"{name}: {version}" for name, version in versions().items()]
    lines += [
        f"Platform: {platform.platform()} ({platform.machine()})",
        f"Log file: {log_path()}",
        "",
    ]
    if library is not None:
        try:
            lines += library_lines(library)
        except Exception as exc:  # a damaged library still gets its diagnostics
            lines.append(f"Library: could not be measured ({type(exc).__name__}: {exc})")
        lines.append("")
    tail = log_tail()
    lines.append(f"Last {len(tail)} lines of the log:" if tail else "The log is empty.")
    lines += tail
    return mask_secrets("\n".join(lines)) + "\n"
