"""Headless command line over the core (``smkdesk COMMAND ...``).

Exit codes: 0 success, 1 partial (some files rejected, or check found
problems), 2 usage error (bad arguments, unknown tag or id), 3 the library
could not be opened or the operation failed. Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import os
import traceback
from collections.abc import Sequence
from pathlib import Path

from smkdesk.cli import output
from smkdesk.cli.commands import COMMANDS, EXIT_OK, EXIT_USAGE, progress_printer
from smkdesk.cli.parser import build_parser
from smkdesk.core.errors import NotFoundError, SmkError, ValidationError
from smkdesk.core.library import Library, default_library_path, is_library

EXIT_FAILED = 3
CREATES_LIBRARY = {"import", "add-link"}
NEEDS_NO_INDEX = {"check", "reindex"}


def demo_path(arg: str | None) -> Path:
    if arg:
        return Path(arg).expanduser()
    return default_library_path().parent / "demo"


def cmd_demo(a: argparse.Namespace) -> int:
    from smkdesk.demo import build_demo

    target = demo_path(a.dir)
    if is_library(target) and not a.force:
        print(f"The demo library is ready at {target}.")
    else:
        if a.force and is_library(target):
            import shutil

            shutil.rmtree(target)
        report = build_demo(target, progress=progress_printer("Building demo"))
        files = report.imported + report.imported_no_text
        problems = f"; {len(report.rejected)} rejected" if report.rejected else ""
        print(
            f"Built the demo library at {target}: {files} files and {report.links} links{problems}."
        )
    with Library.open(target) as lib:
        print("\nA rep preparing a Decision-stage call searches for 'case study':\n")
        args = build_parser().parse_args(
            ["search", "case study", "--stage", "Decision", "--facets"]
        )
        COMMANDS["search"](lib, args)
    print(f"\nNext: smkdesk --library {target} search WORDS   (or set SMKDESK_LIBRARY={target})")
    return EXIT_OK


def open_library(a: argparse.Namespace) -> Library:
    path = Path(a.library).expanduser() if a.library else default_library_path()
    lib = Library.open(path, create=a.command in CREATES_LIBRARY)
    if a.command not in NEEDS_NO_INDEX and lib.needs_rebuild():
        output.err(f"rebuilding the search index ({lib.index.health_detail})")
        lib.reindex(progress=progress_printer("Indexing"))
    return lib


def run(argv: Sequence[str] | None = None) -> int:
    try:
        a = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        if a.command is None:
            return launch_gui(a)
        if a.command == "demo":
            return cmd_demo(a)
        with open_library(a) as lib:
            return COMMANDS[a.command](lib, a)
    except (ValidationError, NotFoundError) as exc:
        output.err(str(exc))
        return EXIT_USAGE
    except SmkError as exc:
        output.err(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        output.err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # never a traceback in front of a user
        if os.environ.get("SMKDESK_DEBUG"):
            traceback.print_exc()
        output.err(
            f"unexpected error: {type(exc).__name__}: {exc} (set SMKDESK_DEBUG=1 for details)"
        )
        return EXIT_FAILED


def launch_gui(a: argparse.Namespace) -> int:
    """``smkdesk`` with no command (or ``--demo``) opens the desktop app."""
    try:
        from smkdesk.gui.app import run_gui
    except ImportError as exc:  # Qt or a system library it needs is missing
        output.err(
            f"the desktop app cannot start ({exc}). The command line still works: "
            "see 'smkdesk --help'."
        )
        return EXIT_FAILED
    return int(run_gui(a.library, demo=a.demo))
