"""Every menu command of the main window, with its shortcut and tooltip."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

StdKey = QKeySequence.StandardKey


@dataclass(frozen=True)
class Spec:
    text: str
    shortcuts: tuple[str | StdKey, ...] = ()
    tip: str = ""


SPECS: dict[str, Spec] = {
    "import_files": Spec("&Import files…", ("Ctrl+I",), "Copy documents into the library"),
    "import_folder": Spec(
        "Import &folder…", ("Ctrl+Shift+I",), "Import every document in a folder"
    ),
    "add_link": Spec("Add &link…", ("Ctrl+Shift+L",), "Add a web page or video by its address"),
    "new_library": Spec("&New library…", (), "Create an empty library in a new folder"),
    "open_library": Spec("&Open library…", ("Ctrl+Shift+O",), "Open another library folder"),
    "open_demo": Spec("Open &demo library", (), "Open (or build) the demo library"),
    "quit": Spec("&Quit", (StdKey.Quit, "Ctrl+Q"), "Quit smkdesk"),
    "find": Spec("&Find", ("Ctrl+K", StdKey.Find), "Jump to the search box"),
    "clear_filters": Spec("&Clear filters", ("Ctrl+Shift+Backspace",), "Remove every filter"),
    "open_asset": Spec(
        "&Open",
        ("Ctrl+Return",),
        "Open a read-only copy under its own file name (counts as opened)",
    ),
    "reveal": Spec(
        "&Reveal", ("Ctrl+Shift+R",), "Show a copy under its own file name in a folder window"
    ),
    "save_copy": Spec(
        "&Save a copy as…", ("Ctrl+Shift+S",), "Save a copy of the file elsewhere (logs nothing)"
    ),
    "copy_link": Spec(
        "&Copy",
        ("Ctrl+Shift+C",),
        "Copy the file, to paste into an e-mail, or a link's web address (logs nothing)",
    ),
    "log_use": Spec(
        "&Log as used…",
        ("Ctrl+L",),
        "Record that you sent or presented this asset: account, stage, note",
    ),
    "log_sent": Spec(
        "Log: &sent to a prospect", ("Ctrl+Alt+S",), "Record in one step that you sent it"
    ),
    "log_presented": Spec(
        "Log: &presented", ("Ctrl+Alt+P",), "Record in one step that you presented it"
    ),
    "log_helpful": Spec(
        "Feedback: &helpful", ("Ctrl+Alt+Up",), "Tell marketing this asset helped with a buyer"
    ),
    "log_not_helpful": Spec(
        "Feedback: &not helpful",
        ("Ctrl+Alt+Down",),
        "Tell marketing this asset did not help (it counts towards its review)",
    ),
    "edit": Spec("&Edit…", ("Ctrl+E",), "Edit title, fields and tags"),
    "bulk_edit": Spec(
        "&Bulk edit…", ("Ctrl+Shift+E",), "Add or remove tags on the selected assets"
    ),
    "retire": Spec(
        "&Retire…",
        ("Ctrl+Shift+Del",),
        "Take the selected assets out of circulation, with a reason (undo, or restore on Review)",
    ),
    "delete": Spec("&Delete…", (StdKey.Delete,), "Remove the selected assets from the library"),
    "taxonomy": Spec("&Taxonomy…", ("Ctrl+T",), "Edit stages, personas, sectors and asset types"),
    "preferences": Spec("&Preferences…", (StdKey.Preferences, "Ctrl+,"), "Your name and role"),
    "deals": Spec("&Deals and outcomes…", ("Ctrl+Shift+D",), "Mark opportunities won or lost"),
    "brief": Spec(
        "Pre-call &brief…", ("Ctrl+B",), "A one-page Word brief for a persona, sector and stage"
    ),
    "report_audit": Spec(
        "Content &audit report…", (), "Write a Word report: coverage, unused content, requests"
    ),
    "reindex": Spec("&Rebuild search index", (), "Rebuild the search index from the database"),
    "check": Spec("&Check library", (), "Check database, index and stored files"),
    "shortcuts": Spec("&Keyboard shortcuts", ("F1",), "List every shortcut"),
    "copy_diagnostics": Spec(
        "Copy &diagnostics",
        (),
        "Copy versions, library size and the log's end, to paste into a bug report",
    ),
    "about": Spec("&About smkdesk", (), ""),
}


def make_actions(parent: QWidget) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}
    for name, spec in SPECS.items():
        action = QAction(spec.text, parent)
        keys: list[QKeySequence] = []
        for sc in spec.shortcuts:
            if isinstance(sc, QKeySequence.StandardKey):
                keys.extend(QKeySequence.keyBindings(sc))
            else:
                keys.append(QKeySequence(sc))
        unique = list(dict.fromkeys(k.toString() for k in keys if not k.isEmpty()))
        action.setShortcuts([QKeySequence(k) for k in unique])
        tip = spec.tip
        if unique:
            tip = f"{tip} ({unique[0]})" if tip else unique[0]
        action.setToolTip(tip)
        action.setStatusTip(spec.tip)
        actions[name] = action
    return actions


# -- what each action needs (the main window enables them by these) --------------
QUICK_LOG = ("log_sent", "log_presented", "log_helpful", "log_not_helpful")
#: Turned off in a library that takes no changes (read-only folder, damaged file).
WRITE_ACTIONS = (
    "import_files",
    "import_folder",
    "add_link",
    "log_use",
    *QUICK_LOG,
    "edit",
    "bulk_edit",
    "retire",
    "delete",
    "taxonomy",
    "deals",
    "reindex",
)
#: Need exactly one asset, loaded in the detail pane.
SINGLE_ACTIONS = ("open_asset", "log_use", "edit", "copy_link")
#: Need one stored file (not a link).
STORED_ACTIONS = ("reveal", "save_copy")
#: Need a selection of one or more assets.
SELECTION_ACTIONS = (*QUICK_LOG, "bulk_edit", "retire", "delete")
#: Act on the Library's selection: live only while the Library is on screen, so
#: that Ctrl+Alt+S or Delete on another page never touch assets out of sight.
LIBRARY_ACTIONS = tuple(dict.fromkeys((*SINGLE_ACTIONS, *STORED_ACTIONS, *SELECTION_ACTIONS)))
