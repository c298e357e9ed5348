"""Render the main screens offscreen to PNG, to look at them as a user would.

    python bench/render_screens.py OUTDIR                   # builds the demo library
    python bench/render_screens.py OUTDIR --library PATH    # a copy of PATH is used

Screens: the library with results, the detail pane (a selected asset with a
snippet), the import dialog and the import summary (with rejected files), the
edit dialog, the taxonomy manager, the empty library and no results. A screen
whose dialog does not exist yet is skipped with a note. The library is always
a throw-away copy: rendering imports files into it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from smkdesk.core.dto import ImportOptions  # noqa: E402
from smkdesk.core.library import Library  # noqa: E402
from smkdesk.gui import settings as keys  # noqa: E402
from smkdesk.gui.context import AppContext  # noqa: E402
from smkdesk.gui.events import ChangeBus  # noqa: E402
from smkdesk.gui.mainwindow import MainWindow  # noqa: E402
from smkdesk.gui.settings import Settings  # noqa: E402
from smkdesk.gui.tasks import TaskManager  # noqa: E402

WINDOW_SIZE = (1420, 860)
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
    def __init__(self, out: Path, work: Path) -> None:
        self.out = out
        self.work = work
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
        window.resize(*WINDOW_SIZE)
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

    def close(self, window: MainWindow, ctx: AppContext) -> None:
        window.hide()
        self.tasks.cancel_all()
        self.tasks.wait()
        window.deleteLater()
        ctx.library.close()


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


def render_review(r: Renderer, window: MainWindow) -> None:
    from smkdesk.gui.usage.lifecycle_dialogs import RetireDialog

    page = window.workspaces.show("review")
    wait_until(lambda: not r.tasks.busy and page.queue_model.rowCount() > 0)
    settle(150)
    r.save(window, "10-review-queue")
    page.table.selectRow(0)
    page.table.selectRow(1) if page.proxy.rowCount() > 1 else None
    show_dialog(r, RetireDialog(["Old pricing sheet", "Spring webinar"], window), "11-retire")
    page.retired_button.click()
    settle()
    r.save(window, "12-retired")
    page.queue_button.click()
    from smkdesk.gui.usage.deals_dialog import DealsDialog

    deals = DealsDialog(window.ctx, window)
    wait_until(lambda: deals.model.rowCount() > 0)
    show_dialog(r, deals, "15-deals")
    window.workspaces.show("library")
    r.idle(window)


def render_dashboard(r: Renderer, window: MainWindow) -> None:
    from PySide6.QtGui import QColor, QPalette

    page = window.workspaces.show("dashboard")
    wait_until(lambda: not r.tasks.busy and getattr(page, "data", None) is not None)
    settle(200)
    r.save(window, "13-dashboard")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    dark = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1f1f1f"),
        (QPalette.ColorRole.AlternateBase, "#2a2a2a"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
        (QPalette.ColorRole.PlaceholderText, "#9a9a9a"),
        (QPalette.ColorRole.Mid, "#4a4a4a"),
    ):
        dark.setColor(role, QColor(color))
    app.setPalette(dark)
    page.refresh()  # the heat map picks its colours for the palette
    wait_until(lambda: not r.tasks.busy)
    settle(200)
    r.save(window, "14-dashboard-dark")
    app.setPalette(light)
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
    workshop = getattr(page, "workshop", None)
    if workshop is not None:
        from smkdesk.gui.journeys.coverage import CoverageDialog
        from smkdesk.gui.journeys.presentation import PresentationWindow

        show = PresentationWindow(workshop)
        show.resize(1420, 860)
        show.show_stage(2)
        show.show()
        settle(200)
        r.save(show, "17-presentation")
        show.close()
        coverage = CoverageDialog(window.ctx, window)
        wait_until(lambda: coverage.table.rowCount() > 0)
        show_dialog(r, coverage, "18-journey-coverage")
        from smkdesk.gui.journeys.page import WorkshopDialog
        from smkdesk.gui.journeys.template_editor import TemplateEditor

        show_dialog(r, WorkshopDialog(window.ctx, window, workshop), "19-workshop-details")
        editor = TemplateEditor(window.ctx, window)
        editor.tree.setCurrentItem(editor.stage_items()[1])
        show_dialog(r, editor, "20-template-editor")
    window.workspaces.show("library")
    r.idle(window)


def render(out: Path, source: Path | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="smkdesk-render-") as tmp:
        work = Path(tmp)
        library = work / "library"
        if source is not None:
            shutil.copytree(source, library, ignore=shutil.ignore_patterns("*.sqlite-*"))
        else:
            from smkdesk.demo import build_demo

            print("building the demo library…")
            build_demo(library)
        r = Renderer(out, work)
        window, ctx = r.window(library)
        print(f"rendering to {out}:")
        r.save(window, "01-library")

        type_query(r, window, DETAIL_QUERY)
        if window.page.model.rowCount():
            window.page.table.selectRow(0)
            wait_until(lambda: window.page.detail.asset is not None)
            r.idle(window)
            r.save(window, "02-detail")
        else:
            r.skip("02-detail", f"no results for {DETAIL_QUERY!r}")

        try:
            from smkdesk.gui.dialogs.edit_asset import EditAssetDialog

            asset = window.page.current_asset()
            if asset is None:
                r.skip("03-edit-dialog", "no asset selected")
            else:
                show_dialog(r, EditAssetDialog(ctx, asset, window), "03-edit-dialog")
        except ImportError as exc:
            r.skip("03-edit-dialog", f"not written yet: {exc}")

        try:
            from smkdesk.gui.dialogs.taxonomy import TaxonomyDialog

            show_dialog(r, TaxonomyDialog(ctx, window), "04-taxonomy")
        except ImportError as exc:
            r.skip("04-taxonomy", f"not written yet: {exc}")

        folder = hostile_folder(work / "incoming")
        try:
            from smkdesk.gui.dialogs.import_dialog import ImportDialog

            show_dialog(r, ImportDialog(ctx, [folder], window), "05-import-dialog")
            window.run_import([folder], ImportOptions(personas=("CFO",)))
            summary_shown = wait_until(
                lambda: (
                    window.last_import_summary is not None
                    and window.last_import_summary.isVisible()
                ),
                120,
            )
            if summary_shown and window.last_import_summary is not None:
                r.idle(window)
                r.save(window.last_import_summary, "06-import-summary")
                window.last_import_summary.close()
            else:
                r.skip("06-import-summary", "the summary did not appear")
        except ImportError as exc:
            r.skip("05/06-import", f"not written yet: {exc}")

        render_review(r, window)
        render_dashboard(r, window)
        render_workshops(r, window)

        type_query(r, window, TYPO_QUERY)
        r.save(window, "07-no-results-suggestion")
        type_query(r, window, NONSENSE_QUERY)
        r.save(window, "08-no-results")
        r.close(window, ctx)

        empty, empty_ctx = r.window(work / "empty-library")
        r.save(empty, "09-empty-library")
        r.close(empty, empty_ctx)
    print(f"{len(r.saved)} screens saved, {len(r.skipped)} skipped")
    return 0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("outdir", type=Path, help="folder for the PNG files")
    p.add_argument("--library", type=Path, help="render a copy of this library instead")
    a = p.parse_args()
    sys.exit(render(a.outdir.resolve(), a.library.resolve() if a.library else None))


if __name__ == "__main__":
    main()
