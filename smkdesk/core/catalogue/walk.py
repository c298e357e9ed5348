"""What an import takes from the paths it is given, and why it skips the rest.

The rule for symbolic links:

- A path named directly (on the command line, in the file dialog, dropped on
  the window) is the user's own choice and is followed, to a file or a folder.
  A named link that loops or leads nowhere is reported as such.
- Inside an imported folder, a link is followed only when it leads to a file
  that lies (after resolving every link on the way) inside that same folder
  and that the import would not take anyway (say ``latest.pdf`` pointing into
  a hidden ``.versions/`` folder). Every other link is skipped with its
  reason: a link to a folder (never followed, so no loops and no escapes), a
  link leading outside the folder (it could expose any file on the machine),
  a link to a file the import takes from where it lies (it would only be a
  duplicate), a link loop, a broken link.

Hidden files and folders (names starting with ".") inside a folder are left
out without a word, as before: they are the system's and tools' files
(``.DS_Store``, ``.git/``), not documents the user picked, and reporting each
would bury the real outcomes and turn every folder import into a partial one.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

LINK_TO_FOLDER = "a link to a folder (links inside an imported folder are not followed)"
LINK_OUTSIDE = "a link whose target lies outside the folder being imported"
LINK_LOOP = "a link loop"
LINK_BROKEN = "a broken link (its target does not exist)"


@dataclass(frozen=True)
class Skipped:
    """An entry the import does not read, with the reason shown to the user."""

    path: Path
    reason: str


@dataclass
class _Link:
    path: Path
    inside: Path  # where it leads, relative to the imported folder


def walk(paths: Iterable[Path]) -> Iterator[Path | Skipped]:
    """Files to import and skipped entries, in the order the user sees them:
    each named path in turn; in a folder its own entries in name order, then
    its subfolders, depth first."""
    for path in paths:
        yield from _named(Path(path))


def _named(path: Path) -> Iterator[Path | Skipped]:
    if path.is_symlink():
        target = _follow(path)
        if isinstance(target, str):
            yield Skipped(path, target)
            return
    if path.is_dir():
        yield from _folder(path)
    else:
        yield path  # a missing path is the importer's to report


def _follow(link: Path) -> os.stat_result | str:
    """What ``link`` leads to, or why following it fails."""
    try:
        return os.stat(link)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return LINK_LOOP
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return LINK_BROKEN
        return _unreadable(exc)


def _unreadable(exc: OSError) -> str:
    return f"cannot be read ({exc.strerror or exc})"


def _folder(top: Path) -> Iterator[Path | Skipped]:
    root = top.resolve()
    entries: list[Path | Skipped | _Link] = []
    taken: set[Path] = set()  # the regular entries (no folder on the way is a link)
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                listed = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            entries.append(Skipped(folder, _unreadable(exc)))
            continue
        subfolders: list[Path] = []
        for entry in listed:  # the entry's type comes with the listing: no call per file
            path = Path(entry.path)
            if entry.is_symlink():
                entries.append(_link(path, root))
            elif entry.is_dir(follow_symlinks=False):
                subfolders.append(path)
            else:
                entries.append(path)
                taken.add(path)
        stack.extend(reversed(subfolders))
    for item in entries:
        if not isinstance(item, _Link):
            yield item
        elif top / item.inside in taken:
            reason = f"a link to another file in this import ({item.inside.as_posix()})"
            yield Skipped(item.path, reason)
        else:
            yield item.path


def _link(path: Path, root: Path) -> Skipped | _Link:
    target = _follow(path)
    if isinstance(target, str):
        return Skipped(path, target)
    if stat.S_ISDIR(target.st_mode):
        return Skipped(path, LINK_TO_FOLDER)
    try:
        resolved = path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a loop this way
        return Skipped(path, LINK_LOOP)
    except OSError as exc:  # changed under our feet
        return Skipped(path, _unreadable(exc))
    if not resolved.is_relative_to(root):
        return Skipped(path, LINK_OUTSIDE)
    return _Link(path, resolved.relative_to(root))
