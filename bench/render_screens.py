"""Render every screen offscreen to PNG, to look at them as a user would.

    python bench/render_screens.py OUTDIR                   # builds the demo library
    python bench/render_screens.py OUTDIR --library PATH    # a copy of PATH is used
    python bench/render_screens.py OUTDIR --size 1024x700 --theme dark

By default every combination of the two window sizes (1024x700, the smallest
supported, and 1600x1000, a maximised window) and the two themes (light, dark)
is rendered, each into its own subfolder: OUTDIR/1024x700-light/ and so on.
``--size`` and ``--theme`` may be repeated to pick some of them.

Screens: the library with results, the detail pane, several assets selected,
the import dialog and summary (with rejected files), the edit and bulk-edit
dialogs, the taxonomy manager, log use, preferences, the review queue, retire,
retired assets, deals, the dashboard, content requests, the workshop board with
its question panel, the presentation, journey coverage, workshop details, the
template editor, the pre-call brief, no results (with and without a
suggestion) and the empty library. A screen whose dialog does not exist yet,
or whose constructor has changed, is skipped with a note. The library is
always a throw-away copy: rendering imports files into it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
SIZES = ((1024, 700), (1600, 1000))
THEMES = ("light", "dark")


def _offscreen_desktop() -> None:
    """The offscreen plugin's screen is 800×800: give it a desktop-sized one, so that
    windows keep the size asked for (set before the QApplication exists)."""
    if "QT_QPA_PLATFORM" in os.environ:
        return
    import json

    folder = Path(tempfile.mkdtemp(prefix="smkdesk-screen-"))
    config = folder / "screen.json"
    screen = {"name": "desktop", "x": 0, "y": 0, "width": 1920, "height": 1200}
    config.write_text(json.dumps({"screens": [screen]}), "utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


_offscreen_desktop()


def _quiet_offscreen_noise() -> None:
    """The offscreen plugin warns each time a window is shown; keep other messages."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: object, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from smkdesk.core.catalogue.dto import ImportOptions  # noqa: E402
from smkdesk.core.library import Library  # noqa: E402
from smkdesk.gui import settings as keys  # noqa: E402
from smkdesk.gui.context import AppContext  # noqa: E402
from smkdesk.gui.events import ChangeBus  # noqa: E402
from smkdesk.gui.mainwindow import MainWindow  # noqa: E402
from smkdesk.gui.operations import imports  # noqa: E402
from smkdesk.gui.settings import Settings  # noqa: E402
from smkdesk.gui.tasks import TaskManager  # noqa: E402
from smkdesk.gui.theme import apply_theme  # noqa: E402

DETAIL_QUERY = "pricing"
TYPO_QUERY = "pricng"
NONSENSE_QUERY = "zebra quantum"


def wait_until(condition: Callable[[], bool], timeout_s: float = 30) -> bool:
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: loop.quit() if condition() else None)
    poll.start(10)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    if not condition():
        loop.exec()
    poll.stop()
    return condition()


def settle(ms: int = 80) -> None:
    """Let layouts, fonts and deferred paints finish before grabbing."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class Renderer:
    def __init__(self, out: Path, work: Path, size: tuple[int, int]) -> None:
        self.out = out
        self.work = work
        self.size = size
        self.saved: list[str] = []
        self.skipped: list[str] = []
        settings = Settings(work / "settings.ini")  # never the user's own settings
        settings.set(keys.USER_NAME, "Dana Lee")
        settings.set(keys.USER_ROLE, "marketer")
        self.settings = settings
        self.tasks = TaskManager()
        self.bus = ChangeBus()

    def window(self, library: Path) -> tuple[MainWindow, AppContext]:
        ctx = AppContext(Library.open(library, create=True), self.tasks, self.bus, self.settings)
        window = MainWindow(ctx)
        window.resize(*self.size)
        window.show()
        window.workspaces.show("library")  # the role would open another workspace
        window.page.run_search()
        self.idle(window)
        return window, ctx

    def idle(self, window: MainWindow) -> None:
        wait_until(lambda: not self.tasks.busy and not window.page._timer.isActive())
        settle()

    def save(self, widget: QWidget, name: str) -> None:
        settle()
        path = self.out / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise SystemExit(f"could not write {path}")
        self.saved.append(path.name)
        print(f"  {path.name}  ({widget.width()}×{widget.height()})")

    def skip(self, name: str, why: str) -> None:
        self.skipped.append(name)
        print(f"  {name}: skipped ({why})")

    @contextmanager
    def screen(self, name: str) -> Iterator[None]:
        """Render one screen; a dialog that is missing or has changed is skipped."""
        try:
            yield
        except (ImportError, AttributeError, TypeError, LookupError) as exc:
            self.skip(name, f"{type(exc).__name__}: {exc}")
        finally:
            close_dialogs()

    def close(self, window: MainWindow, ctx: AppContext) -> None:
        window.hide()
        self.tasks.cancel_all()
        self.tasks.wait()
        window.deleteLater()
        ctx.library.close()


def close_dialogs() -> None:
    """Close every dialog left open (a screen that failed half-way)."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()


def type_query(r: Renderer, window: MainWindow, text: str) -> None:
    window.page.search_box.setText(text)
    r.idle(window)


def show_dialog(r: Renderer, dialog: QDialog, name: str) -> None:
    dialog.show()
    settle(150)
    r.save(dialog, name)
    dialog.reject()


def hostile_folder(root: Path) -> Path:
    """Two readable documents, a damaged .docx and an empty file."""
    from docx import Document

    folder = root / "Q3 campaign"
    folder.mkdir(parents=True)
    for name, title in (("pricing-faq.docx", "Pricing FAQ"), ("launch-brief.docx", "Launch brief")):
        doc = Document()
        doc.core_properties.title = title
        doc.add_paragraph(f"{title}: what sales needs to know about the autumn launch.")
        doc.save(str(folder / name))
    good = (folder / "pricing-faq.docx").read_bytes()
    (folder / "contract-draft.docx").write_bytes(good[: len(good) // 2])  # cut-off zip
    (folder / "notes.txt").write_bytes(b"")
    return folder


def render_library(r: Renderer, window: MainWindow, ctx: AppContext) -> None:
    r.save(window, "01-library")
    type_query(r, window, DETAIL_QUERY)
    if window.page.model.rowCount():
        window.page.table.selectRow(0)
        wait_until(lambda: window.page.detail.asset is not None)
        r.idle(window)
        r.save(window, "02-detail")
    else:
        r.skip("02-detail", f"no results for {DETAIL_QUERY!r}")

    asset = window.page.current_asset()
    with r.screen("03-edit-dialog"):
        from smkdesk.gui.library.edit_asset import EditAssetDialog

        if asset is None:
            r.skip("03-edit-dialog", "no asset selected")
        else:
            show_dialog(r, EditAssetDialog(ctx, asset, window), "03-edit-dialog")
    with r.screen("21-log-use"):
        from smkdesk.gui.library.log_use import LogUseDialog

        if asset is None:
            r.skip("21-log-use", "no asset selected")
        else:
            show_dialog(r, LogUseDialog(ctx, asset, window), "21-log-use")

    with r.screen("22-multi-select"):
        type_query(r, window, "")
        table = window.page.table
        rows = min(3, window.page.model.rowCount())
        if rows < 2:
            raise LookupError("fewer than two results")
        table.selectRow(0)
        selection = table.selectionModel()
        for row in range(1, rows):
            index = table.model().index(row, 0)
            selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        r.idle(window)
        r.save(window, "22-multi-select")
        with r.screen("23-bulk-edit"):
            from smkdesk.gui.library.bulk_edit import BulkEditDialog

            ids = window.page.selected_ids()
            show_dialog(r, BulkEditDialog(ctx, ids, window), "23-bulk-edit")
        table.clearSelection()

    with r.screen("04-taxonomy"):
        from smkdesk.gui.taxonomy.dialog import TaxonomyDialog

        show_dialog(r, TaxonomyDialog(ctx, window), "04-taxonomy")
    with r.screen("24-preferences"):
        from smkdesk.gui.dialogs.profile import ProfileDialog

        show_dialog(r, ProfileDialog(ctx.settings, window, first_run=False), "24-preferences")
    with r.screen("28-add-link"):
        from smkdesk.gui.library.add_link import AddLinkDialog

        show_dialog(r, AddLinkDialog(window), "28-add-link")


def render_import(r: Renderer, window: MainWindow, ctx: AppContext) -> None:
    folder = hostile_folder(r.work / "incoming")
    with r.screen("05/06-import"):
        from smkdesk.gui.library.import_dialog import ImportDialog

        show_dialog(r, ImportDialog(ctx, [folder], window), "05-import-dialog")
        imports.run_import(window, [folder], ImportOptions(personas=("CFO",)))
        summary_shown = wait_until(
            lambda: (
                window.last_import_summary is not None and window.last_import_summary.isVisible()
            ),
            120,
        )
        if summary_shown and window.last_import_summary is not None:
            r.idle(window)
            r.save(window.last_import_summary, "06-import-summary")
            window.last_import_summary.close()
        else:
            r.skip("06-import-summary", "the summary did not appear")


def render_review(r: Renderer, window: MainWindow) -> None:
    page = window.workspaces.show("review")
    wait_until(lambda: not r.tasks.busy and page.queue_model.rowCount() > 0)
    settle(150)
    r.save(window, "10-review-queue")
    page.table.selectRow(0)
    with r.screen("11-retire"):
        from smkdesk.gui.usage.lifecycle_dialogs import RetireDialog

        show_dialog(r, RetireDialog(["Old pricing sheet", "Spring webinar"], window), "11-retire")
    page.retired_button.click()
    settle()
    r.save(window, "12-retired")
    page.queue_button.click()
    with r.screen("15-deals"):
        from smkdesk.gui.usage.deals_dialog import DealsDialog

        deals = DealsDialog(window.ctx, window)
        wait_until(lambda: deals.model.rowCount() > 0)
        show_dialog(r, deals, "15-deals")
    window.workspaces.show("library")
    r.idle(window)


def render_dashboard(r: Renderer, window: MainWindow) -> None:
    page = window.workspaces.show("dashboard")
    wait_until(lambda: not r.tasks.busy and getattr(page, "data", None) is not None)
    settle(200)
    r.save(window, "13-dashboard")
    window.workspaces.show("library")
    r.idle(window)


def render_requests(r: Renderer, window: MainWindow) -> None:
    with r.screen("25-requests"):
        page = window.workspaces.show("requests")
        wait_until(lambda: not r.tasks.busy and page.model.rowCount() > 0, 10)
        settle(150)
        r.save(window, "25-requests")
    window.workspaces.show("library")
    r.idle(window)


def render_workshops(r: Renderer, window: MainWindow) -> None:
    page = window.workspaces.show("workshops")
    wait_until(lambda: not r.tasks.busy and getattr(page, "workshop", None) is not None)
    cards = list(getattr(page, "cards", {}))
    if len(cards) > 5:
        page.select_question(cards[5])
        wait_until(lambda: not r.tasks.busy)
    settle(200)
    r.save(window, "16-workshop-board")
    with r.screen("26-question-panel"):
        r.save(page.panel, "26-question-panel")
    workshop = getattr(page, "workshop", None)
    if workshop is not None:
        with r.screen("17-presentation"):
            from smkdesk.gui.journeys.presentation import PresentationWindow

            show = PresentationWindow(workshop)
            show.resize(*r.size)
            show.show_stage(2)
            show.show()
            settle(200)
            r.save(show, "17-presentation")
            show.close()
        with r.screen("18-journey-coverage"):
            from smkdesk.gui.journeys.coverage import CoverageDialog

            coverage = CoverageDialog(window.ctx, window, workshop.id)  # as the board opens it
            wait_until(lambda: coverage.table.rowCount() > 0)
            show_dialog(r, coverage, "18-journey-coverage")
        with r.screen("19-workshop-details"):
            from smkdesk.gui.journeys.workshop_dialog import WorkshopDialog

            details = WorkshopDialog(window.ctx, window, workshop)
            wait_until(lambda: details.is_loaded)
            show_dialog(r, details, "19-workshop-details")
        with r.screen("20-template-editor"):
            from smkdesk.gui.journeys.template_editor import TemplateEditor

            editor = TemplateEditor(window.ctx, window)
            wait_until(lambda: editor.is_loaded)
            editor.tree.setCurrentItem(editor.stage_items()[1])
            show_dialog(r, editor, "20-template-editor")
    with r.screen("27-brief"):
        from smkdesk.gui.journeys.brief_dialog import BriefDialog

        brief = BriefDialog(window.ctx, window)
        wait_until(lambda: not r.tasks.busy, 10)
        show_dialog(r, brief, "27-brief")
    window.workspaces.show("library")
    r.idle(window)


def render_pass(out: Path, template: Path, size: tuple[int, int], theme: str) -> Renderer:
    """One size and theme: a fresh copy of the library, every screen."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="smkdesk-render-pass-"))
    try:
        library = work / "library"
        shutil.copytree(template, library, ignore=shutil.ignore_patterns("*.sqlite-*"))
        r = Renderer(out, work, size)
        window, ctx = r.window(library)
        print(f"rendering {size[0]}x{size[1]} {theme} to {out}:")
        render_library(r, window, ctx)
        render_import(r, window, ctx)
        render_review(r, window)
        render_dashboard(r, window)
        render_requests(r, window)
        render_workshops(r, window)

        type_query(r, window, TYPO_QUERY)
        r.save(window, "07-no-results-suggestion")
        type_query(r, window, NONSENSE_QUERY)
        r.save(window, "08-no-results")
        r.close(window, ctx)

        empty, empty_ctx = r.window(work / "empty-library")
        r.save(empty, "09-empty-library")
        r.close(empty, empty_ctx)
        return r
    finally:
        shutil.rmtree(work, ignore_errors=True)


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(n) for n in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size like 1024x700: {text!r}") from None
    return w, h


def render(
    out: Path,
    source: Path | None,
    sizes: Sequence[tuple[int, int]] = SIZES,
    themes: Sequence[str] = THEMES,
) -> int:
    _quiet_offscreen_noise()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="smkdesk-render-") as tmp:
        template = Path(tmp) / "library"
        if source is not None:
            shutil.copytree(source, template, ignore=shutil.ignore_patterns("*.sqlite-*"))
        else:
            from smkdesk.demo import build_demo

            print("building the demo library…")
            build_demo(template)
        combos = [(size, theme) for size in sizes for theme in themes]
        saved = skipped = 0
        for size, theme in combos:
            folder = out if len(combos) == 1 else out / f"{size[0]}x{size[1]}-{theme}"
            r = render_pass(folder, template, size, theme)
            saved, skipped = saved + len(r.saved), skipped + len(r.skipped)
        apply_theme(app, "system")
    print(f"{saved} screens saved, {skipped} skipped, in {len(combos)} size/theme pass(es)")
    return 0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("outdir", type=Path, help="folder for the PNG files")
    p.add_argument("--library", type=Path, help="render a copy of this library instead")
    p.add_argument(
        "--size",
        type=parse_size,
        action="append",
        help="window size, e.g. 1024x700 (repeatable; default: 1024x700 and 1600x1000)",
    )
    p.add_argument(
        "--theme",
        choices=THEMES,
        action="append",
        help="light or dark (repeatable; default: both)",
    )
    a = p.parse_args()
    sys.exit(
        render(
            a.outdir.resolve(),
            a.library.resolve() if a.library else None,
            a.size or SIZES,
            a.theme or THEMES,
        )
    )


if __name__ == "__main__":
    main()
