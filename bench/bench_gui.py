"""GUI responsiveness benchmark: how long the event loop is blocked at 10,000 assets.

    python bench/bench_gui.py                   # typing, then importing 200 .docx files
    python bench/bench_gui.py --phase typing --runs 5
    python bench/bench_gui.py --profile         # also cProfile the GUI thread

A real MainWindow (offscreen) over a real library. A QTimer heartbeat ticks
every 5 ms on the GUI thread; a late tick means the event loop was blocked,
and ``stall = gap between ticks - 5 ms``. Printed per phase: median, p95 and
max stall, and the five longest stalls with what happened around them.
Target: no stall over 50 ms.

(a) typing: a 12-character query, one key at a time, 80-120 ms apart (a fast
    typist), until the results for the final text are shown.
(b) import: 200 .docx files through ``operations.imports.run_import`` until the import
    summary appears (then until every follow-up search is done).

The library is ``bench/out/library-10000`` (bench_library.py --rebuild 10000)
copied once to ``bench/out/gui-library-10000`` with stages, personas, sectors
and types added, so the facet panel has real work; if the source is not ready
(missing, or still being built) the copy is populated and indexed here. The
import phase works on a throw-away copy. Prints medians; never used by tests.
"""

from __future__ import annotations

import argparse
import cProfile
import faulthandler
import io
import json
import os
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from smkdesk.core.catalogue.dto import ImportOptions  # noqa: E402
from smkdesk.core.library import Library  # noqa: E402
from smkdesk.gui import settings as keys  # noqa: E402
from smkdesk.gui.context import AppContext  # noqa: E402
from smkdesk.gui.events import ChangeBus  # noqa: E402
from smkdesk.gui.mainwindow import MainWindow  # noqa: E402
from smkdesk.gui.operations import imports  # noqa: E402
from smkdesk.gui.settings import Settings  # noqa: E402
from smkdesk.gui.tasks import TaskManager  # noqa: E402

OUT = HERE / "out"
TICK_MS = 5
TARGET_MS = 50.0
QUERIES = ("supply chain", "cloud securi", "case study r", "retail prici", "onboarding p")
TAG_MARKER = ".gui-bench-tags"


# -- the library ---------------------------------------------------------------------------
def index_ready(path: Path) -> bool:
    """Built and indexed, judged from its files only: opening the library could
    migrate it, and it belongs to bench_library.py."""
    sentinel = path / "index" / "smkdesk-index.json"
    if not (path / "library.sqlite").is_file() or not sentinel.is_file():
        return False
    if any(p.name.endswith(".building") for p in sentinel.parent.iterdir()):
        return False  # another process is still building it
    generation = json.loads(sentinel.read_text("utf-8")).get("generation", "")
    return bool(generation) and (sentinel.parent / generation).is_dir()


def add_tags(lib: Library, seed: int = 5) -> None:
    """One stage, one or two personas, a sector (often a sub-sector) and a type
    per asset, written straight into the database (the index is rebuilt next)."""
    from sqlalchemy import select, update

    from smkdesk.core.catalogue.models import Asset, AssetTerm, Term

    rng = random.Random(seed)
    with lib.db.session() as s:
        terms: dict[str, list[int]] = {}
        for term in s.scalars(select(Term).where(Term.retired.is_(False))):
            terms.setdefault(term.dimension, []).append(term.id)
        ids = list(s.scalars(select(Asset.id)))
        rows = []
        for asset_id in ids:
            picked = {rng.choice(terms["stage"]), rng.choice(terms["sector"])}
            picked.update(rng.sample(terms["persona"], rng.choice((1, 1, 2))))
            rows += [{"asset_id": asset_id, "term_id": t} for t in picked]
        s.execute(AssetTerm.__table__.insert(), rows)
        s.execute(
            update(Asset),
            [{"id": i, "type_id": rng.choice(terms["type"])} for i in ids],
        )


def bench_library(n: int) -> Path:
    """The tagged library of ``n`` assets, built once and cached in bench/out."""
    target = OUT / f"gui-library-{n}"
    if (target / TAG_MARKER).is_file():
        return target
    shutil.rmtree(target, ignore_errors=True)
    source = OUT / f"library-{n}"
    if index_ready(source):
        print(f"copying {source.name} to {target.name}…", file=sys.stderr)
        skip = shutil.ignore_patterns("*.sqlite-*", "backups", "index")  # re-indexed below
        shutil.copytree(source, target, ignore=skip)
    else:
        from bench_library import populate

        print(f"{source.name} is not ready; generating {target.name}…", file=sys.stderr)
        populate(target, n)
    t0 = time.perf_counter()
    with Library.open(target) as lib:
        add_tags(lib)
        print(f"tagging and indexing {lib.assets.count()} assets…", file=sys.stderr)
        lib.reindex()
    print(f"  done in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    (target / TAG_MARKER).write_text("stages, personas, sectors and types added\n", "utf-8")
    return target


WATCHDOG = None  # a file: --watchdog writes late-tick stack dumps there
WATCHDOG_S = 0.045


# -- measuring -----------------------------------------------------------------------------
@dataclass
class Recorder:
    """The heartbeat, plus a log of what happened when (to explain stalls)."""

    ticks: list[float] = field(default_factory=list)
    events: list[tuple[float, str]] = field(default_factory=list)
    timer: QTimer = field(default_factory=QTimer)

    def __post_init__(self) -> None:
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.ticks.append(time.perf_counter())
        if WATCHDOG:
            # a C thread dumps every Python thread's stack if the next tick is late
            faulthandler.dump_traceback_later(WATCHDOG_S, file=WATCHDOG)

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self.events = []
        self.timer.start()
        if WATCHDOG:
            faulthandler.dump_traceback_later(WATCHDOG_S, file=WATCHDOG)

    def stop(self) -> None:
        self.timer.stop()
        if WATCHDOG:
            faulthandler.cancel_dump_traceback_later()
        self.ticks.append(time.perf_counter())

    def note(self, what: str) -> None:
        self.events.append((time.perf_counter(), what))

    def stalls(self) -> list[tuple[float, float]]:
        """(start, stall ms) for every gap between ticks."""
        return [
            (a, max(0.0, (b - a) * 1000 - TICK_MS))
            for a, b in zip(self.ticks, self.ticks[1:], strict=False)
        ]

    def explain(self, start: float, stall_ms: float) -> str:
        end = start + (stall_ms + TICK_MS) / 1000
        before = [w for t, w in self.events if t <= start][-1:]
        during = [w for t, w in self.events if start < t <= end]
        parts = [f"after {before[0]}" if before else "at start"]
        if during:
            parts.append("then " + ", ".join(during[:3]))
        return "; ".join(parts)


@dataclass
class Phase:
    name: str
    stalls: list[float] = field(default_factory=list)
    worst: list[tuple[float, str]] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, rec: Recorder, duration: float) -> None:
        stalls = rec.stalls()
        self.stalls += [s for _, s in stalls]
        self.durations.append(duration)
        t0 = rec.ticks[0]
        for start, ms in sorted(stalls, key=lambda x: -x[1])[:5]:
            self.worst.append((ms, f"+{(start - t0) * 1000:6.0f} ms  {rec.explain(start, ms)}"))

    def report(self) -> bool:
        s = sorted(self.stalls)
        p95 = s[int(0.95 * (len(s) - 1))]
        worst = max(s)
        print(f"\n{self.name}: {len(self.durations)} run(s), {len(s)} heartbeats")
        for note in self.notes:
            print(f"  {note}")
        print(
            f"  stall ms: median {statistics.median(s):.1f}  p95 {p95:.1f}  max {worst:.1f}"
            f"  (target: none over {TARGET_MS:.0f})  -> {'OK' if worst <= TARGET_MS else 'SLOW'}"
        )
        print("  top 5 stalls:")
        for ms, where in sorted(self.worst, key=lambda x: -x[0])[:5]:
            print(f"    {ms:6.1f} ms {where}")
        return worst <= TARGET_MS


def wait_until(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(2)
    poll.timeout.connect(lambda: loop.quit() if condition() else None)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    poll.start()
    deadline.start(int(timeout_s * 1000))
    if not condition():
        loop.exec()
    poll.stop()
    if not condition():
        raise SystemExit(f"timed out after {timeout_s:.0f} s waiting for {what}")


def open_window(path: Path, settings_file: Path) -> tuple[MainWindow, AppContext]:
    settings = Settings(settings_file)  # never the user's own settings
    settings.set(keys.USER_NAME, "Bench")
    settings.set(keys.USER_ROLE, "marketer")
    ctx = AppContext(Library.open(path), TaskManager(), ChangeBus(), settings)
    window = MainWindow(ctx)
    window.show()
    window.page.run_search()
    window.warm_up()  # as the app does once its window is up
    wait_until(lambda: not ctx.tasks.busy and window.page.model.rowCount() > 0, 60, "results")
    # let the first paint of the window (its home workspace) finish before measuring
    settle = QEventLoop()
    QTimer.singleShot(500, settle.quit)
    settle.exec()
    return window, ctx


def close_window(window: MainWindow, ctx: AppContext) -> None:
    ctx.tasks.cancel_all()
    ctx.tasks.wait()
    window.hide()
    window.deleteLater()
    ctx.library.close()


def idle(ctx: AppContext, window: MainWindow) -> bool:
    return not ctx.tasks.busy and not window.page._timer.isActive()


# -- (a) typing ----------------------------------------------------------------------------
def type_query(
    window: MainWindow, rec: Recorder, text: str, rng: random.Random
) -> tuple[float, float]:
    """Type ``text``; return (seconds from the first key, from the last key) to its results."""
    page = window.page
    box = page.search_box
    shown: list[str] = []

    def on_results(_shown: int, total: int) -> None:
        rec.note(f"results ({total})")
        shown.append(page._last_query.text)

    page.results_shown.connect(on_results)
    keys_left = list(text)
    last_key: list[float] = []

    def press() -> None:
        ch = keys_left.pop(0)
        rec.note(f"key {ch!r}")
        QTest.keyClick(box, ch)
        if keys_left:
            QTimer.singleShot(rng.randint(80, 120), press)
        else:
            last_key.append(time.perf_counter())

    rec.start()
    t0 = time.perf_counter()
    QTimer.singleShot(TICK_MS * 2, press)
    wait_until(lambda: text.strip() in shown, 30, f"results for {text!r}")
    done = time.perf_counter()
    rec.stop()
    page.results_shown.disconnect(on_results)
    return done - t0, done - last_key[0]


def bench_typing(path: Path, runs: int, profile: cProfile.Profile | None) -> Phase:
    phase = Phase("(a) typing a 12-character query")
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        window, ctx = open_window(path, Path(tmp) / "settings.ini")
        total = window.page.model.total
        phase.notes.append(f"library: {ctx.library.assets.count()} assets ({total} shown)")
        rec = Recorder()
        for run in range(runs):
            text = QUERIES[run % len(QUERIES)]
            window.page.search_box.clear()
            wait_until(lambda: idle(ctx, window), 30, "the cleared search")
            if profile:
                profile.enable()
            elapsed, after_last = type_query(window, rec, text, rng)
            if profile:
                profile.disable()
            phase.add(rec, elapsed)
            phase.notes.append(
                f"{text!r}: final results {elapsed * 1000:.0f} ms after the first key, "
                f"{after_last * 1000:.0f} ms after the last ({window.page.model.total} hits)"
            )
            wait_until(lambda: idle(ctx, window), 30, "idle")
        close_window(window, ctx)
    return phase


# -- (b) import ----------------------------------------------------------------------------
def bench_import(path: Path, files: int, profile: cProfile.Profile | None) -> Phase:
    from bench_library import write_docx_files

    phase = Phase(f"(b) importing {files} .docx files")
    work = OUT / "gui-import-work"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(path, work, ignore=shutil.ignore_patterns("*.sqlite-*", "backups"))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "incoming"
            src.mkdir()
            write_docx_files(src, files, seed=99)
            window, ctx = open_window(work, Path(tmp) / "settings.ini")
            rec = Recorder()
            ctx.tasks.task_started.connect(lambda t: rec.note(f"task {t.label!r} starts"))
            window.page.results_shown.connect(lambda _s, n: rec.note(f"results ({n})"))
            progress: list[int] = []

            def track(done: int, total: int, _label: str) -> None:
                if done * 10 // max(total, 1) > len(progress):
                    progress.append(done)
                    rec.note(f"{done}/{total} files")

            if profile:
                profile.enable()
            rec.start()
            t0 = time.perf_counter()
            task = imports.run_import(
                window,
                [src],
                ImportOptions(stages=("Awareness",), personas=("CFO",), sectors=("Retail",)),
            )
            task.progress.connect(track)

            def summary_shown() -> bool:
                dialog = window.last_import_summary
                return dialog is not None and dialog.isVisible()

            wait_until(summary_shown, 600, "the import summary")
            rec.note("summary shown")
            t_summary = time.perf_counter() - t0
            wait_until(lambda: idle(ctx, window), 60, "the searches after the import")
            t_idle = time.perf_counter() - t0
            rec.stop()
            if profile:
                profile.disable()
            report = window.last_import_summary.report  # type: ignore[union-attr]
            phase.add(rec, t_summary)
            phase.notes.append(
                f"summary after {t_summary:.1f} s ({report.count('imported')} imported, "
                f"{len(report.rejected)} rejected); all follow-up work done after {t_idle:.1f} s"
            )
            phase.notes.append(f"status bar: {window.status.count_label.text()}")
            close_window(window, ctx)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return phase


def print_profile(profile: cProfile.Profile) -> None:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(30)
    print("\nGUI-thread profile (cumulative, top 30):")
    print(out.getvalue())


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--n", type=int, default=10_000, help="assets in the library (10000)")
    p.add_argument("--phase", choices=("all", "typing", "import"), default="all")
    p.add_argument("--runs", type=int, default=3, help="typing runs, one query each (3)")
    p.add_argument("--files", type=int, default=200, help=".docx files to import (200)")
    p.add_argument("--library", type=Path, help="use this library instead (not modified)")
    p.add_argument("--profile", action="store_true", help="cProfile the GUI thread")
    p.add_argument(
        "--watchdog",
        type=Path,
        metavar="FILE",
        help="write every thread's stack to FILE whenever a tick is 45 ms late",
    )
    a = p.parse_args()
    if a.watchdog:
        global WATCHDOG
        WATCHDOG = a.watchdog.open("w")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    path = a.library.resolve() if a.library else bench_library(a.n)
    profile = cProfile.Profile() if a.profile else None
    phases = []
    if a.phase in ("all", "typing"):
        phases.append(bench_typing(path, a.runs, profile))
    if a.phase in ("all", "import"):
        phases.append(bench_import(path, a.files, profile))
    ok = all([phase.report() for phase in phases])
    if profile:
        print_profile(profile)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
