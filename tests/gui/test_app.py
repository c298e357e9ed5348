"""Starting the app: the first-run profile, and the Controller opening,
switching and repairing libraries (what ``smkdesk`` with no subcommand runs)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

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
    assert window.windowTitle() == "team-library — smkdesk"  # no display name set here
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


def test_the_window_title_names_the_app_once(qtbot, controller: Controller, tmp_path: Path) -> None:
    app = QApplication.instance()
    before = app.applicationDisplayName()
    app.setApplicationDisplayName("smkdesk")  # as run_gui does: Qt appends " — smkdesk"
    try:
        assert controller.open(tmp_path / "demo")
        assert controller.window is not None and controller.window.windowTitle() == "demo"
    finally:
        app.setApplicationDisplayName(before)


# -- a library that is not where it was -----------------------------------------------------
def test_missing_library_dialog_says_which_and_offers_the_ways_on(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from smkdesk.gui.dialogs.missing_library import MissingLibraryDialog

    gone, moved = tmp_path / "gone" / "team", tmp_path / "moved"
    Library.create(moved).close()
    Library.create(tmp_path / "other").close()
    opened = datetime(2026, 3, 2, 9, 30)
    recent = [str(gone), str(tmp_path / "other"), str(tmp_path / "deleted-too")]
    dialog = MissingLibraryDialog(gone, opened, recent, tmp_path / "new")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    text = " ".join(lab.text() for lab in dialog.findChildren(QLabel))
    assert str(gone) in text and "Last opened 02 Mar 2026, 09:30" in text
    assert [dialog.recent.item(r).text() for r in range(dialog.recent.count())] == [
        str(tmp_path / "other")  # only recent libraries that are there
    ]
    assert dialog.focusWidget() is dialog.locate and dialog.locate.isDefault()
    picks = iter([str(tmp_path), str(moved)])
    dialog.pick_folder = lambda _title, _start: next(picks)
    qtbot.keyClick(dialog.locate, Qt.Key.Key_Return)  # Enter: Locate…
    assert dialog.isVisible() and "not a smkdesk library" in dialog.error.text()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(dialog.locate, Qt.Key.Key_Return)
    assert dialog.choice is not None and dialog.choice.path == moved and not dialog.choice.create

    again = MissingLibraryDialog(gone, None, recent, tmp_path / "new")
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    create = next(b for b in again.buttons.buttons() if b.text() == "Create &new")
    create.click()
    assert again.choice is not None and again.choice == again.choice.__class__(
        tmp_path / "new", create=True
    )

    third = MissingLibraryDialog(gone, None, recent, tmp_path / "new")
    qtbot.addWidget(third)
    third.show()
    qtbot.waitExposed(third)
    with qtbot.waitSignal(third.rejected, timeout=5000):
        qtbot.keyClick(third.locate, Qt.Key.Key_Escape)
    assert third.choice is None


def test_a_missing_recent_library_is_asked_about_not_recreated(
    qtbot, controller: Controller, tmp_path: Path
) -> None:
    from smkdesk.gui.dialogs.missing_library import MissingLibraryDialog

    assert controller.open(tmp_path / "first")
    gone = tmp_path / "gone"
    asked: list[str] = []

    def quit_dialog(tries: int = 0) -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, MissingLibraryDialog)]
        if not dialogs or not dialogs[0].isVisible():
            if tries < 250:
                QTimer.singleShot(20, lambda: quit_dialog(tries + 1))
            return
        asked.append(dialogs[0].missing.name)
        dialogs[0].reject()

    QTimer.singleShot(0, quit_dialog)
    controller.window.recent_requested.emit(gone)
    assert asked == ["gone"]
    assert not gone.exists()  # nothing was created in its place
    assert controller.ctx is not None and controller.ctx.library.path == tmp_path / "first"
