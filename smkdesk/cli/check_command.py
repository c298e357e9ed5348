"""``smkdesk check``: consistency, repairs, and the way out of a damaged database.

A damaged database may be too broken to open as a library at all, so this
command starts from the folder: it recovers first when asked to
(``--repair --from-backup`` or ``--repair --salvage``), then opens the
library, rebuilds the index if the database was replaced, and runs the
usual check.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from smkdesk.cli import output
from smkdesk.cli.commands import EXIT_OK, EXIT_PARTIAL, progress_printer
from smkdesk.core.errors import DamagedLibraryError, LibraryError
from smkdesk.core.library import DAMAGE_MARKER, DB_FILE, Library, default_library_path
from smkdesk.core.store import recovery
from smkdesk.core.store.db import read_damage_marker
from smkdesk.core.util.json_values import to_json


def cmd_check(a: argparse.Namespace, open_library: Callable[[argparse.Namespace], Library]) -> int:
    folder = Path(a.library).expanduser() if a.library else default_library_path()
    method = "backup" if a.from_backup else "salvage" if a.salvage else None
    if method and not a.repair:
        output.err("--from-backup and --salvage go with --repair")
        return 2
    done: recovery.Recovery | None = None
    if method and _is_damaged(folder):
        done = recovery.recover(folder, DB_FILE, method)
        (folder / DAMAGE_MARKER).unlink(missing_ok=True)
    elif method:
        output.err("the database is not damaged, so it was left as it is; checking the rest")
    try:
        lib = open_library(a)
    except LibraryError as exc:
        if not recovery.looks_damaged(exc) and not _is_damaged(folder):
            raise
        output.err(str(exc))
        output.err(f"the database cannot be opened; {recovery.ways_out(folder)}")
        return EXIT_PARTIAL
    with lib:
        if done is not None:
            lib.reindex(progress=progress_printer("Indexing"))
        try:
            report = lib.check(repair=a.repair and lib.damaged is None, deep=a.deep)
        except DamagedLibraryError as exc:  # found by the check's own reads
            output.err(str(exc).split(" Changes are stopped")[0])
            output.err(f"changes are stopped; {recovery.ways_out(folder)}")
            return EXIT_PARTIAL
        if a.json:
            extra = {"recovery": to_json(done)} if done else {}
            output.emit_json({**to_json(report), "ok": report.ok, **extra})
        else:
            if done is not None:
                _print_recovery(done)
            output.print_check(report)
            if lib.damaged is not None:
                way = recovery.ways_out(folder)
                print(f"\nThe database is damaged, so changes are stopped: {way}")
        return EXIT_OK if report.ok and lib.damaged is None else EXIT_PARTIAL


def _is_damaged(folder: Path) -> bool:
    if not (folder / DB_FILE).is_file():
        return False
    if read_damage_marker(folder / DAMAGE_MARKER) is not None:
        return True
    return recovery.quick_check(folder / DB_FILE) is not None


def _print_recovery(done: recovery.Recovery) -> None:
    how = (
        f"Restored the backup {done.source.name}"
        if done.source is not None
        else "Salvaged what could be read into a new database"
    )
    print(f"{how}. The damaged file is kept at damaged/{done.damaged_copy.name}.")
    print("Not in the new database:")
    for line in done.lost:
        print(f"  - {output.clean(line)}")
    print()
