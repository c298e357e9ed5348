"""Shared fixtures for the GUI tests: a real library, settings file and task
helper in tmp_path, and the library page or main window built over them.

Teardown order matters: widgets stop their timers, every background task
(including ones queued but not yet started) finishes, widgets close, and only
then is the library closed. Tests wait with ``qtbot.waitUntil``/``waitSignal``, never sleeps.
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QWidget

from smkdesk.core.catalogue.dto import ImportOptions
from smkdesk.core.library import Library
from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext
from smkdesk.gui.events import ChangeBus
from smkdesk.gui.library.facets import DIM_ROLE, KEY_ROLE, FacetModel
from smkdesk.gui.library.page import LibraryPage
from smkdesk.gui.mainwindow import MainWindow
from smkdesk.gui.settings import Settings
from smkdesk.gui.tasks import TaskManager

WAIT_MS = 10_000
HERE = Path(__file__).parent
# Noise from the offscreen platform plugin whenever a top-level window is shown.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def _desktop_sized_screen() -> None:
    """The offscreen plugin's screen is 800×800, smaller than the main window's
    minimum size, so ``restoreGeometry`` would clamp every window to it. Give the
    GUI tests a 1920×1080 virtual screen, before the QApplication exists."""
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen" or QApplication.instance() is not None:
        return
    folder = tempfile.mkdtemp(prefix="smkdesk-screen-")
    atexit.register(shutil.rmtree, folder, True)
    config = Path(folder) / "screen.json"
    screen = {"name": "desktop", "x": 0, "y": 0, "width": 1920, "height": 1080}
    config.write_text(json.dumps({"screens": [screen]}), "utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


_desktop_sized_screen()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


class Helpers:
    """Small helpers for GUI tests, handed out by the ``gh`` fixture (no conftest imports)."""

    _links = itertools.count(1)

    @staticmethod
    def make_settings(path: Path, profile: bool = True) -> Settings:
        settings = Settings(path)
        if profile:
            settings.set(keys.USER_NAME, "Dana Lee")
            settings.set(keys.USER_ROLE, "marketer")
        return settings

    @staticmethod
    def add_link(lib: Library, title: str, **options: object) -> int:
        """Add a link asset (no extractor process needed) and return its id."""
        url = f"https://example.com/asset/{next(Helpers._links)}"
        return lib.assets.add_link(url, title, ImportOptions(**options)).id  # type: ignore[arg-type]

    @staticmethod
    def write_md(path: Path, title: str, body: str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {title}\n\n{body}\n", "utf-8")
        return path

    @staticmethod
    def wait_idle(qtbot, ctx: AppContext, page: LibraryPage | None = None) -> None:
        """Until the debounce timer is quiet and no task is queued or running."""

        def idle() -> bool:
            return not ctx.tasks.busy and (page is None or not page._timer.isActive())

        qtbot.waitUntil(idle, timeout=WAIT_MS)
        ctx.tasks.wait()

    @staticmethod
    def dispose(qtbot, ctx: AppContext, widget: QWidget) -> None:
        """Close a page or window once its searches and tasks are done.

        Not ``qtbot.addWidget``: pytest-qt would delete the widget before the
        fixtures' teardown, while its background tasks may still report back.
        """
        for page in [widget, *widget.findChildren(LibraryPage)]:
            if isinstance(page, LibraryPage):
                page.stop_timers()
        Helpers.wait_idle(qtbot, ctx)
        widget.close()
        widget.deleteLater()

    @staticmethod
    def search(qtbot, page: LibraryPage) -> None:
        """Run the page's search now and wait until its results are shown."""
        with qtbot.waitSignal(page.results_shown, timeout=WAIT_MS):
            page.run_search()

    @staticmethod
    def result_titles(page: LibraryPage) -> list[str]:
        model = page.model
        return [model.asset(row).title for row in range(model.rowCount())]

    @staticmethod
    def facet_index(model: FacetModel, dim: str, label: str) -> QModelIndex:
        """The index of a facet value by dimension and label (anywhere in the tree)."""
        hits = model.match(
            model.index(0, 0),
            Qt.ItemDataRole.DisplayRole,
            label,
            -1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        for index in hits:
            if index.data(DIM_ROLE) == dim and index.data(KEY_ROLE) is not None:
                return index
        raise LookupError(f"no facet value {dim}:{label}")

    @staticmethod
    def click_facet(qtbot, page: LibraryPage, dim: str, label: str) -> None:
        """Click a facet value where a user would (its row in the tree), wait for results."""
        index = Helpers.facet_index(page.facets.facet_model, dim, label)
        page.facets.scrollTo(index)
        rect = page.facets.visualRect(index)
        assert rect.isValid(), f"{label} is not visible in the facet tree"
        with qtbot.waitSignal(page.results_shown, timeout=10_000):
            qtbot.mouseClick(page.facets.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    @staticmethod
    def facet_count(model: FacetModel, dim: str, label: str) -> int:
        """The count shown beside a facet value ("–" reads as 0); -1 when not listed."""
        try:
            index = Helpers.facet_index(model, dim, label)
        except LookupError:
            return -1
        text = index.siblingAtColumn(1).data()
        return int(text) if text and text.isdigit() else 0


@pytest.fixture(scope="session")
def gh() -> type[Helpers]:
    return Helpers


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "s.ini"


@pytest.fixture
def app_ctx(tmp_path: Path, settings_path: Path, qtbot) -> Iterator[AppContext]:
    """A new library (default taxonomy) with its task helper, bus and settings."""
    library = Library.create(tmp_path / "lib")
    tasks = TaskManager()
    ctx = AppContext(library, tasks, ChangeBus(), Helpers.make_settings(settings_path))
    yield ctx
    Helpers.wait_idle(qtbot, ctx)
    library.close()


@pytest.fixture
def lib(app_ctx: AppContext) -> Library:
    return app_ctx.library


@pytest.fixture
def page(app_ctx: AppContext, qtbot) -> Iterator[LibraryPage]:
    """A shown library page; tests add assets, then call ``gh.search(qtbot, page)``."""
    widget = LibraryPage(app_ctx, [])
    widget.resize(1200, 720)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    Helpers.dispose(qtbot, app_ctx, widget)


@pytest.fixture
def window(app_ctx: AppContext, qtbot) -> Iterator[MainWindow]:
    win = MainWindow(app_ctx)
    win.workspaces.show("library")  # the profile's role (marketer) would open the dashboard
    win.show()
    qtbot.waitExposed(win)
    yield win
    Helpers.dispose(qtbot, app_ctx, win)
