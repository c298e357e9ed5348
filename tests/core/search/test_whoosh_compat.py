"""Only whoosh-reloaded 2.7.5 opens an index; anything else gets a message that says why.

The installed version is made to look different by replacing the one function
that reads it (``compat.installed_version``); the index and the library are real.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from smkdesk.cli import run
from smkdesk.core.library import Library
from smkdesk.core.search.whoosh import compat
from smkdesk.core.search.whoosh.compat import WhooshVersionError, check_whoosh_version
from smkdesk.core.search.whoosh.index import SearchIndex

EXPECTED = (
    "smkdesk needs Whoosh-Reloaded 2.7.5; found 2.7.4. "
    "Reinstall with: pip install 'whoosh-reloaded==2.7.5'"
)


@pytest.fixture
def other_whoosh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compat, "installed_version", lambda: "2.7.4")


def test_the_installed_whoosh_is_the_pinned_one() -> None:
    assert compat.installed_version() == compat.REQUIRED == "2.7.5"
    check_whoosh_version()  # no error


@pytest.mark.usefixtures("other_whoosh")
def test_another_release_is_refused_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(WhooshVersionError) as info:
        check_whoosh_version()
    assert str(info.value) == EXPECTED
    with pytest.raises(WhooshVersionError, match="Reinstall with"):
        SearchIndex.open(tmp_path / "index")
    assert not (tmp_path / "index").exists()  # refused before touching anything


# Library.__init__ opens the database before the index and does not dispose it when
# the index refuses to open: the engine is only closed by the garbage collector.
# Drop this mark once it does (the index open inside its try/except that disposes).
leaks_the_database = pytest.mark.filterwarnings(
    "ignore::pytest.PytestUnraisableExceptionWarning", "ignore::ResourceWarning"
)


@leaks_the_database
def test_a_library_with_its_index_refuses_another_whoosh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Library.create(tmp_path / "lib").close()
    monkeypatch.setattr(compat, "installed_version", lambda: "2.7.4")
    with pytest.raises(WhooshVersionError, match=r"found 2\.7\.4"):
        Library.open(tmp_path / "lib")
    gc.collect()  # the leaked connection closes here, not in a later test


@leaks_the_database
def test_the_cli_says_it_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    Library.create(tmp_path / "lib").close()
    monkeypatch.setattr(compat, "installed_version", lambda: "2.7.4")
    monkeypatch.delenv("SMKDESK_DEBUG", raising=False)
    code = run(["--library", str(tmp_path / "lib"), "list"])
    err = capsys.readouterr().err
    assert code != 0
    assert err == f"smkdesk: {EXPECTED}\n"
    gc.collect()


def test_the_original_whoosh_is_named_as_such(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise compat.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(compat.metadata, "version", missing)
    assert compat.installed_version() == "Whoosh 2.7.5, not from the whoosh-reloaded package"
    with pytest.raises(WhooshVersionError, match="not from the whoosh-reloaded package"):
        check_whoosh_version()


def test_a_release_without_the_whoosh_module_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """whoosh-reloaded 2.7.4 on PyPI installs a ``whoosh_reloaded`` module, no ``whoosh``."""
    monkeypatch.setattr(compat.metadata, "version", lambda name: "2.7.4")
    monkeypatch.setitem(sys.modules, "whoosh", None)  # import whoosh now fails
    assert compat.installed_version() == "whoosh-reloaded 2.7.4 without its whoosh module"
