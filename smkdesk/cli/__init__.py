"""Headless command line over the core (``smkdesk COMMAND ...``).

Exit codes: 0 success, 1 partial (some files rejected, or check found
problems), 2 usage error (bad arguments, unknown tag or id, a number out of
range, text that is not UTF-8), 3 the library could not be opened or the
operation failed (the disk is full...). Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import errno
import logging
import traceback
from collections.abc import Sequence
from pathlib import Path

from smkdesk.cli import check_command, output
from smkdesk.cli.commands import COMMANDS, EXIT_OK, EXIT_USAGE, progress_printer
from smkdesk.cli.parser import build_parser
from smkdesk.core.errors import NotFoundError, SmkError, ValidationError
from smkdesk.core.library import Library, default_library_path, is_library
from smkdesk.diagnostics import current_log, debug_requested

EXIT_FAILED = 3
CREATES_LIBRARY = {"import", "add-link"}
NEEDS_NO_INDEX = {"check", "reindex"}
READS_ONLY = {"search", "list", "show", "open", "check", "export", "report", "brief", "unused"}
# Arguments that name files or folders: any bytes the file system allows are fine.
PATH_ARGUMENTS = {"library", "paths", "out", "file", "dir"}
DISK_FULL = "the disk is full, so the command did not finish; free some space and try again"


def demo_path(arg: str | None, library: str | None = None) -> Path:
    """Where ``demo`` builds: its own argument, else ``--library``, else the user data folder."""
    if arg or library:
        return Path(arg or library or "").expanduser()
    return default_library_path().parent / "demo"


def cmd_demo(a: argparse.Namespace) -> int:
    from smkdesk.demo import build_demo

    target = demo_path(a.dir, a.library)
    if is_library(target) and not a.force:
        print(f"The demo library is ready at {output.clean(target)}.")
    else:
        if a.force and is_library(target):
            import shutil

            shutil.rmtree(target)
        report = build_demo(target, progress=progress_printer("Building demo"))
        files = report.imported + report.imported_no_text
        problems = f"; {len(report.rejected)} rejected" if report.rejected else ""
        print(
            f"Built the demo library at {output.clean(target)}: {files} files and "
            f"{report.links} links{problems}."
        )
    with Library.open(target) as lib:
        print("\nA rep preparing a Decision-stage call searches for 'case study':\n")
        args = parse(["search", "case study", "--stage", "Decision", "--facets"])
        COMMANDS["search"](lib, args)
    where = output.clean(target)
    print(f"\nNext: smkdesk --library {where} search WORDS   (or set SMKDESK_LIBRARY={where})")
    return EXIT_OK


def open_library(a: argparse.Namespace) -> Library:
    path = Path(a.library).expanduser() if a.library else default_library_path()
    lib = Library.open(path, create=a.command in CREATES_LIBRARY)
    try:
        if a.command not in NEEDS_NO_INDEX and lib.needs_rebuild():
            output.err(f"rebuilding the search index ({lib.index.health_detail})")
            lib.reindex(progress=progress_printer("Indexing"))
        if a.command not in READS_ONLY:
            lib.backup_if_due()  # the daily rolling backup, before the first change of the day
    except BaseException:  # a full disk during the backup: close what was opened
        lib.close()
        raise
    return lib


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line; a usage error exits (SystemExit) with one line."""
    parser = build_parser()
    a, extras = parser.parse_known_args(argv)
    if a.command == "search":
        # Query words after an option (search roi --stage Decision -pricing calc) are
        # left over, in order: the parser reads every -word as a word (dash_words).
        unknown = [x for x in extras if x.startswith("--")]
        if unknown:
            parser.error(
                f"unrecognized arguments: {' '.join(unknown)}; a query word that starts "
                f"with -- goes after --: smkdesk search -- {unknown[0]}"
            )
        a.query = " ".join(a.query + extras)
    elif extras:
        parser.error(f"unrecognized arguments: {' '.join(extras)}")
    for name, value in vars(a).items():
        if name in PATH_ARGUMENTS:
            continue
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and not _is_utf8(text):
                parser.error(
                    f"argument '{text}' is not valid UTF-8 text; "
                    "check the terminal's or the script's encoding"
                )
    return a


def _is_utf8(text: str) -> bool:
    """False for text holding bytes that were not UTF-8 (argv decodes them to surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _disk_full(exc: BaseException) -> bool:
    """Whether ``exc``, or an error it came from, says the disk is full.

    A change to the database or a backup that fails so is already the core's
    DiskFullError; this names what reaches the command line raw: a file write
    (ENOSPC, over quota).
    """
    current: BaseException | None = exc
    for _ in range(10):  # a chain of causes is short; never loop on a cycle
        if current is None:
            return False
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        current = current.__cause__ or current.__context__
    return False


def describe_failure(exc: BaseException) -> tuple[int, str]:
    """The exit code and the one-line message for an error the core did not name."""
    if _disk_full(exc):
        return EXIT_FAILED, DISK_FULL
    first_line = (str(exc).strip().splitlines() or [""])[0]
    logged = current_log()
    details = f"the details are in {logged}" if logged else "set SMKDESK_DEBUG=1 for details"
    return (
        EXIT_FAILED,
        output.clean(f"unexpected error: {type(exc).__name__}: {first_line} ({details})"),
    )


def run(argv: Sequence[str] | None = None) -> int:
    try:
        a = parse(argv)
    except SystemExit as exc:  # --help, --version or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        if a.command is None:
            return launch_gui(a)
        if a.command == "demo":
            return cmd_demo(a)
        if a.command == "check":  # may have to mend a database too damaged to open
            return check_command.cmd_check(a, open_library)
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
        logging.getLogger(__name__).exception("smkdesk %s failed", a.command or "(app)")
        if debug_requested(a.debug):
            traceback.print_exc()
        code, message = describe_failure(exc)
        output.err(message)
        return code


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
    return int(run_gui(a.library, demo=a.demo, debug=a.debug))
