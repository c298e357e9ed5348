"""Starting the app: the first-run profile, and the Controller opening,
switching and repairing libraries (what ``smkdesk`` with no subcommand runs)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from smkdesk.core.library import Library
from smkdesk.gui import settings as keys
from smkdesk.gui.app import Controller, first_run
from smkdesk.gui.dialogs.profile import ProfileDialog
from smkdesk.gui.settings import Settings

pytestmark = pytest.mark.gui


def profile_dialogs() -> list[ProfileDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ProfileDialog)]


@pytest.fixture
def controller(qtbot, gh, settings_path: Path) -> Iterator[Controller]:
    ctl = Controller(gh.make_settings(settings_path))
    yield ctl
    if ctl.window is not None:
        ctl.window.page.stop_timers()
    qtbot.waitUntil(lambda: not ctl.tasks.busy, timeout=20_000)
    ctl.shutdown()


def test_first_run_does_nothing_once_there_is_a_profile(qtbot, gh, tmp_path: Path) -> None:
    settings = gh.make_settings(tmp_path / "s.ini")
    assert settings.has_profile
    first_run(settings)  # would block in exec() if it showed the dialog
    assert profile_dialogs() == []


def test_first_run_asks_for_name_and_role(qtbot, gh, tmp_path: Path) -> None:
    settings = gh.make_settings(tmp_path / "s.ini", profile=False)
    assert not settings.has_profile
    seen: list[ProfileDialog] = []

    def answer(tries: int = 0) -> None:
        """Runs inside the dialog's own event loop, as a user would."""
        dialogs = profile_dialogs()
        if not dialogs or not dialogs[0].isVisible():
            if tries < 250:
                QTimer.singleShot(20, lambda: answer(tries + 1))
            return
        dialog = dialogs[0]
        seen.append(dialog)
        assert not dialog.ok.isEnabled()  # a name and a role are both required
        dialog.name.setText("  Sam   Rivera ")
        dialog.radios["sales rep"].setChecked(True)
        assert dialog.ok.isEnabled()
        dialog.ok.click()

    QTimer.singleShot(0, answer)
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: [d.reject() for d in profile_dialogs()])
    watchdog.start(10_000)  # fail rather than hang if the dialog never answers
    first_run(settings)
    watchdog.stop()

    assert len(seen) == 1 and seen[0].windowTitle() == "Welcome to smkdesk"
    reread = Settings(tmp_path / "s.ini")
    assert reread.has_profile
    assert reread.get(keys.USER_NAME) == "Sam Rivera"
    assert reread.get(keys.USER_ROLE) == "sales rep"
    for dialog in seen:
        dialog.deleteLater()


def test_controller_opens_a_new_library_in_a_window(
    qtbot, controller: Controller, tmp_path: Path
) -> None:
    target = tmp_path / "team-library"
    assert controller.open(target)
    window = controller.window
    assert window is not None and window.isVisible()
    assert window.windowTitle() == "smkdesk — team-library"
    assert (target / "smkdesk-library.json").is_file()
    qtbot.waitUntil(lambda: window.page.stack.currentWidget() is window.page.empty, timeout=10_000)
    assert controller.settings.get(keys.LAST_LIBRARY) == str(target)


def test_controller_switches_libraries(qtbot, gh, controller: Controller, tmp_path: Path) -> None:
    with Library.create(tmp_path / "second") as other:
        gh.add_link(other, "Only in the second library")
    assert controller.open(tmp_path / "first")
    first = controller.window
    controller.switch(tmp_path / "second")
    window = controller.window
    assert window is not first and window is not None
    assert controller.ctx is not None and controller.ctx.library.path == tmp_path / "second"
    qtbot.waitUntil(
        lambda: gh.result_titles(window.page) == ["Only in the second library"], timeout=10_000
    )
    assert controller.settings.get(keys.RECENT_LIBRARIES)[:2] == [
        str(tmp_path / "second"),
        str(tmp_path / "first"),
    ]


def test_controller_rebuilds_a_deleted_index_in_the_background(
    qtbot, gh, controller: Controller, tmp_path: Path
) -> None:
    path = tmp_path / "lib"
    with Library.create(path) as lib:
        for title in ("Pricing playbook", "Onboarding guide", "Security FAQ"):
            gh.add_link(lib, title)
    shutil.rmtree(path / "index")

    assert controller.open(path)
    window = controller.window
    assert window is not None
    page = window.page
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=20_000)
    assert page.stack.currentWidget() is page.table
    assert controller.ctx is not None and not controller.ctx.library.needs_rebuild()
    qtbot.waitUntil(lambda: window.status.index_label.text() == "Index: OK", timeout=10_000)

    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClicks(page.search_box, "onboarding")
    assert gh.result_titles(page) == ["Onboarding guide"]
