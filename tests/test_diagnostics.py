"""The log file, crash reports and diagnostics (smkdesk/diagnostics.py): real
files in tmp_path, a real library, and a real hard crash in a child process."""

from __future__ import annotations

import faulthandler
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from smkdesk import diagnostics
from smkdesk.app import main
from smkdesk.core.library import Library
from smkdesk.core.store.db import head_revision, migrate

log = logging.getLogger("smkdesk.tests")


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Logging set up in a folder of tmp_path; undone afterwards."""
    folder = tmp_path / "logs"
    monkeypatch.setenv(diagnostics.LOG_DIR_ENV, str(folder))
    monkeypatch.delenv(diagnostics.DEBUG_ENV, raising=False)
    # the hooks setup_logging passes errors on to: pytest's own would fail the test
    monkeypatch.setattr(threading, "excepthook", lambda _args: None)
    monkeypatch.setattr(sys, "excepthook", lambda *_exc: None)
    yield folder
    diagnostics.stop_logging()


def _log_text(folder: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return (folder / diagnostics.LOG_NAME).read_text("utf-8")


def test_the_log_file_appears_after_setup(log_dir: Path) -> None:
    path = diagnostics.setup_logging()
    assert path == log_dir / "smkdesk.log" and path.is_file()
    log.info("an info line")
    log.debug("a debug line")
    text = _log_text(log_dir)
    assert "smkdesk 0.1.0 started" in text and "an info line" in text
    assert "a debug line" not in text  # INFO unless asked
    assert diagnostics.setup_logging() == path  # a second call changes nothing
    assert sum(isinstance(h, RotatingFileHandler) for h in logging.getLogger().handlers) == 1


def test_debug_comes_from_the_flag_or_smkdesk_debug(
    log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not diagnostics.debug_requested()
    assert diagnostics.debug_requested(True)
    monkeypatch.setenv("SMKDESK_DEBUG", "1")
    assert diagnostics.debug_requested()
    diagnostics.setup_logging()
    log.debug("a debug line")
    assert "a debug line" in _log_text(log_dir)
    monkeypatch.setenv("SMKDESK_DEBUG", "0")
    assert not diagnostics.debug_requested()


def test_the_command_line_logs_and_takes_debug(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``smkdesk --debug COMMAND`` (the console script's main) writes the log at DEBUG."""
    code = main(["--debug", "--library", str(tmp_path / "lib"), "add-link",
                 "https://example.com/pricing", "--title", "Pricing page"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    text = _log_text(log_dir)
    assert "smkdesk 0.1.0 started" in text
    assert logging.getLogger().isEnabledFor(logging.DEBUG)
    assert "migrating the database from (empty) to " + head_revision() in text


@pytest.mark.parametrize(
    ("secret", "shown"),
    [
        ("postgresql://sam:s3cret-pw@db.example.com:5432/lib",
         "postgresql://sam:***@db.example.com:5432/lib"),
        ("postgresql+psycopg://sam:s3cret-pw@db/lib?sslmode=require",
         "postgresql+psycopg://sam:***@db/lib?sslmode=require"),
        ("host=db user=sam password=s3cret-pw dbname=lib",
         "host=db user=sam password=*** dbname=lib"),
        ("{'user': 'sam', 'password': 's3cret-pw'}", "{'user': 'sam', 'password': ***}"),
        ("PGPASSWORD=s3cret-pw", "PGPASSWORD=***"),
    ],
)  # fmt: skip
def test_passwords_are_masked(secret: str, shown: str) -> None:
    assert diagnostics.mask_secrets(secret) == shown


def test_a_password_in_a_url_never_reaches_the_log(log_dir: Path) -> None:
    diagnostics.setup_logging()
    log.info("connecting to %s", "postgresql://sam:s3cret-pw@db.example.com/lib")
    try:
        raise ConnectionError("could not reach postgresql://sam:s3cret-pw@db.example.com/lib")
    except ConnectionError:
        log.exception("opening the team library failed")
    text = _log_text(log_dir)
    assert "s3cret-pw" not in text
    assert text.count("postgresql://sam:***@db.example.com/lib") == 3  # message, traceback x2


def test_sql_and_document_text_never_reach_the_log(log_dir: Path, tmp_path: Path) -> None:
    """SQLAlchemy's statement log would hold every parameter, so the text of each
    document; the import logs one line per file without it."""
    diagnostics.setup_logging(debug=True)
    doc = tmp_path / "docs" / "battlecard.md"
    doc.parent.mkdir()
    doc.write_text("# Battlecard\n\nZanzibarquux objection handling for the CFO.\n", "utf-8")
    with Library.create(tmp_path / "lib") as lib:
        report = lib.assets.import_files([doc, tmp_path / "docs" / "missing.pdf"])
        asset_id = report.outcomes[0].asset_id
    text = _log_text(log_dir)
    assert "Zanzibarquux" not in text
    assert "SELECT" not in text and "INSERT" not in text
    assert f"import imported: asset {asset_id}, .md, {doc.stat().st_size} bytes" in text
    assert "import rejected: .pdf" in text


def test_rebuilding_the_index_is_logged(log_dir: Path, tmp_path: Path) -> None:
    diagnostics.setup_logging()
    with Library.create(tmp_path / "lib") as lib:
        lib.assets.add_link("https://example.com/roi", "ROI calculator")
        assert lib.reindex() == 1
    text = _log_text(log_dir)
    assert "rebuilding the search index: 1 assets" in text
    assert "search index rebuilt: 1 assets in " in text


def test_a_migration_is_logged_with_both_revisions(log_dir: Path, tmp_path: Path) -> None:
    diagnostics.setup_logging()
    engine = create_engine(f"sqlite:///{tmp_path / 'lib.sqlite'}")
    try:
        migrate(engine, None, None)
    finally:
        engine.dispose()
    assert f"migrating the database from (empty) to {head_revision()}" in _log_text(log_dir)


def test_uncaught_exceptions_are_logged(log_dir: Path) -> None:
    diagnostics.setup_logging()

    def boom() -> None:
        raise RuntimeError("thread failed on purpose")

    worker = threading.Thread(target=boom, name="demo-worker")
    worker.start()
    worker.join()
    try:
        raise ValueError("main failed on purpose")
    except ValueError:
        sys.excepthook(*sys.exc_info())  # what Python calls for an uncaught one
    text = _log_text(log_dir)
    assert "uncaught exception in thread demo-worker: RuntimeError" in text
    assert "RuntimeError: thread failed on purpose" in text
    assert "uncaught exception: ValueError" in text and "Traceback" in text


def test_stop_logging_puts_the_hooks_back(log_dir: Path) -> None:
    hooks = (sys.excepthook, threading.excepthook)
    diagnostics.setup_logging()
    assert sys.excepthook is not hooks[0] and threading.excepthook is not hooks[1]
    assert faulthandler.is_enabled()
    diagnostics.stop_logging()
    assert (sys.excepthook, threading.excepthook) == hooks
    assert not any(isinstance(h, RotatingFileHandler) for h in logging.getLogger().handlers)


def test_diagnostics_hold_versions_library_size_and_the_log_tail(
    log_dir: Path, tmp_path: Path
) -> None:
    diagnostics.setup_logging()
    with Library.create(tmp_path / "lib") as lib:
        lib.assets.add_link("https://example.com/a", "Case study")
        lib.assets.add_link("https://example.com/b", "Webinar")
        for n in range(150):
            log.info("line %03d of the test", n)
        text = diagnostics.diagnostics_text(lib)
    expected = [
        "smkdesk: 0.1.0",
        "Python: 3.",
        "SQLAlchemy: 2.",
        "Whoosh: 2.7.5",
        "Platform: ",
        f"Log file: {log_dir / 'smkdesk.log'}",
        "Assets: 2",
        "Search index: ",
        "Last 100 lines of the log:",
        "line 149 of the test",
    ]
    assert [line for line in expected if line not in text] == []
    assert "line 049 of the test" not in text  # only the tail
    assert "line 050 of the test" in text


def _run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.skipif(os.name == "nt", reason="a segfault on purpose is POSIX-only here")
def test_a_hard_crash_is_reported_once_then_archived(log_dir: Path) -> None:
    env = {**os.environ, diagnostics.LOG_DIR_ENV: str(log_dir)}
    start = "from smkdesk.diagnostics import setup_logging; setup_logging()"
    crashed = _run_python(f"{start}; import faulthandler; faulthandler._sigsegv()", env)
    assert crashed.returncode != 0
    ended = _run_python(start, env)  # a run that ended normally leaves an empty file...
    assert ended.returncode == 0, ended.stderr
    assert len(list((log_dir / "crashes").glob("running-*.txt"))) == 2
    again = _run_python(start, env)  # ...which the next start removes
    assert again.returncode == 0, again.stderr
    assert len(list((log_dir / "crashes").glob("running-*.txt"))) == 2  # the crash, the last

    report = diagnostics.previous_crash()
    assert report is not None
    assert "Segmentation fault" in report.text and "Current thread" in report.text
    assert report.path.parent == log_dir / "crashes" and report.path.name.startswith("crash-")
    assert report.path.read_text("utf-8") == report.text
    assert list((log_dir / "crashes").glob("running-*.txt")) == []
    assert diagnostics.previous_crash() is None  # offered once
