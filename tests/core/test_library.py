"""Creating, opening and locating a library; the seeded default taxonomy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smkdesk.core.errors import LibraryError
from smkdesk.core.library import (
    DB_FILE,
    LIBRARY_ENV,
    MARKER,
    Library,
    default_library_path,
    is_library,
)


def _assert_readable(exc: BaseException) -> str:
    msg = str(exc)
    assert msg.strip(), "an error must say something"
    assert "\n" not in msg.strip(), f"one line expected: {msg!r}"
    assert "Traceback" not in msg
    return msg


def test_create_makes_a_library_folder(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "lib"
    with Library.create(path) as lib:
        assert lib.path == path
        assert is_library(path)
        assert (path / DB_FILE).is_file()
        marker = json.loads((path / MARKER).read_text("utf-8"))
        assert marker["app"] == "smkdesk"
        assert lib.assets.count() == 0
        assert lib.index_status().health == "ok"


def test_reopen_keeps_assets_and_does_not_reseed(tmp_path: Path, h) -> None:
    path = tmp_path / "lib"
    with Library.create(path) as lib:
        aid = h.add_link(lib, "Pricing calculator", stages=("Decision",))
    with Library.open(path) as lib:
        detail = lib.assets.get(aid)
        assert detail.title == "Pricing calculator"
        assert detail.stages == ("Decision",)
        assert [t.name for t in lib.taxonomy.list("stage")] == [
            "Awareness",
            "Consideration",
            "Decision",
        ]
        assert h.hit_ids(lib, "calculator") == {aid}
    # create() on an existing library opens it rather than failing or wiping it
    with Library.create(path) as lib:
        assert lib.assets.count() == 1


def test_open_on_a_folder_that_is_not_a_library(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(LibraryError) as info:
        Library.open(folder)
    msg = _assert_readable(info.value)
    assert "not an smkdesk library" in msg
    assert str(folder) in msg
    # nothing was written into the user's folder
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_open_on_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LibraryError) as info:
        Library.open(tmp_path)
    assert "not an smkdesk library" in _assert_readable(info.value)
    assert list(tmp_path.iterdir()) == []


def test_open_on_a_missing_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(LibraryError) as info:
        Library.open(missing)
    msg = _assert_readable(info.value)
    assert "No library at" in msg and str(missing) in msg
    assert not missing.exists()


def test_open_with_create_makes_one(tmp_path: Path) -> None:
    with Library.open(tmp_path / "new", create=True) as lib:
        assert is_library(lib.path)


def test_create_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "stuff"
    folder.mkdir()
    (folder / "keep.docx").write_bytes(b"not mine to touch")
    with pytest.raises(LibraryError) as info:
        Library.create(folder)
    msg = _assert_readable(info.value)
    assert "not empty" in msg
    assert sorted(p.name for p in folder.iterdir()) == ["keep.docx"]
    assert (folder / "keep.docx").read_bytes() == b"not mine to touch"


def test_create_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "library"
    target.write_text("x", "utf-8")
    with pytest.raises(LibraryError) as info:
        Library.create(target)
    assert "not a folder" in _assert_readable(info.value)
    assert target.read_text("utf-8") == "x"


def test_create_in_an_existing_empty_folder(tmp_path: Path) -> None:
    with Library.create(tmp_path) as lib:
        assert is_library(tmp_path)
        assert lib.assets.count() == 0


def test_default_path_honours_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(LIBRARY_ENV, str(tmp_path / "team-lib"))
    assert default_library_path() == tmp_path / "team-lib"
    monkeypatch.setenv(LIBRARY_ENV, "~/smk-lib")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_library_path() == tmp_path / "smk-lib"
    monkeypatch.delenv(LIBRARY_ENV)
    fallback = default_library_path()
    assert fallback.name == "library"
    assert "smkdesk" in fallback.parts
    assert tmp_path / "team-lib" != fallback


def test_default_taxonomy_is_seeded(lib: Library) -> None:
    stages = lib.taxonomy.list("stage")
    assert [t.name for t in stages] == ["Awareness", "Consideration", "Decision"]
    assert [t.position for t in stages] == [0, 1, 2]
    assert all(t.parent_id is None and not t.retired for t in stages)

    sectors = lib.taxonomy.list("sector")
    retail = next(t for t in sectors if t.name == "Retail")
    assert retail.parent_id is None and retail.depth == 0
    children = [t for t in sectors if t.parent_id == retail.id]
    assert [t.name for t in children] == ["Fashion", "Groceries", "DIY", "Homeware"]
    assert [t.path for t in children] == [
        "Retail/Fashion",
        "Retail/Groceries",
        "Retail/DIY",
        "Retail/Homeware",
    ]
    assert all(t.depth == 1 for t in children)
    # depth-first order: the children follow their parent directly
    i = [t.id for t in sectors].index(retail.id)
    assert [t.name for t in sectors[i + 1 : i + 5]] == ["Fashion", "Groceries", "DIY", "Homeware"]

    assert "CFO" in [t.name for t in lib.taxonomy.list("persona")]
    assert "Case study" in [t.name for t in lib.taxonomy.list("type")]
    assert lib.taxonomy.find("sector", "retail/fashion").name == "Fashion"


def test_close_is_idempotent(tmp_path: Path) -> None:
    lib = Library.create(tmp_path / "lib")
    lib.close()
    lib.close()
    with Library.open(tmp_path / "lib") as again:
        assert again.assets.count() == 0


def test_missing_database_is_refused_not_recreated(tmp_path: Path) -> None:
    with Library.create(tmp_path / "lib"):
        pass
    (tmp_path / "lib" / "library.sqlite").unlink()
    with pytest.raises(LibraryError, match=r"database .* is missing"):
        Library.open(tmp_path / "lib")
    assert not (tmp_path / "lib" / "library.sqlite").exists()
