"""Settings and shared fixtures for the whole test suite: real libraries in
tmp_path, real files.

Every Library a test opens is closed again (a library may own extractor worker
processes). Nothing here mocks the database or the index. ``tests/gui/conftest.py``
overrides ``lib`` with the library of a running app.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The app and the CLI log here, not in the per-user log folder (subprocesses too).
os.environ.setdefault("SMKDESK_LOG_DIR", tempfile.mkdtemp(prefix="smkdesk-test-logs-"))


import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from smkdesk.core.catalogue.dto import ImportOptions
from smkdesk.core.library import Library
from smkdesk.core.search.dto import SearchQuery
from smkdesk.demo import DemoReport, build_demo


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    """A fresh, empty library (default taxonomy) for one test."""
    with Library.create(tmp_path / "lib") as library:
        yield library


class Helpers:
    """Small helpers, handed to tests through the ``h`` fixture (no conftest imports)."""

    @staticmethod
    def stored_files(library: Library) -> list[Path]:
        """Every file under the library's file store (including stray temp files)."""
        root = library.path / "files"
        if not root.exists():
            return []
        return sorted(p for p in root.rglob("*") if p.is_file())

    @staticmethod
    def hit_ids(library: Library, text: str = "", **filters: object) -> set[int]:
        """Asset ids a search returns (a generous limit, no snippets)."""
        query = SearchQuery(text=text, limit=500, with_snippets=False, **filters)  # type: ignore[arg-type]
        return {hit.id for hit in library.search(query).hits}

    @staticmethod
    def add_link(library: Library, title: str, **options: object) -> int:
        """Add a link asset (no extractor process needed) and return its id."""
        Helpers._links += 1
        url = f"https://example.com/asset/{Helpers._links}"
        return library.assets.add_link(url, title, ImportOptions(**options)).id  # type: ignore[arg-type]

    _links = 0

    @staticmethod
    def write_md(path: Path, title: str, body: str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {title}\n\n{body}\n", "utf-8")
        return path


@pytest.fixture(scope="session")
def h() -> type[Helpers]:
    return Helpers


@dataclass(frozen=True)
class BuiltDemo:
    """The demo library built once for the whole run, and what building it said."""

    path: Path  # never open it: a test takes its own copy (``demo_library``)
    report: DemoReport
    progress: tuple[tuple[int, int], ...]  # (done, total) of each progress call


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> BuiltDemo:
    """``build_demo`` run once per session (it takes half a minute); closed when it returns."""
    target = tmp_path_factory.mktemp("demo-build") / "demo"
    calls: list[tuple[int, int]] = []
    report = build_demo(target, progress=lambda done, total, _msg: calls.append((done, total)))
    return BuiltDemo(target, report, tuple(calls))


@pytest.fixture
def demo_library(built_demo: BuiltDemo, tmp_path: Path) -> Path:
    """A copy of the session's demo library (database, index, files) for one test."""
    return Path(shutil.copytree(built_demo.path, tmp_path / "demo"))
