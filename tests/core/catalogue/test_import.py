"""Importing files: text and titles per format, folders, hostile files, duplicates,
progress and cancelling. Every file gets exactly one outcome; a rejected file
leaves nothing behind."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from filebuilders import (
    make_corrupt_zip,
    make_docx,
    make_image_only_pdf,
    make_pdf,
    make_pptx,
    make_truncated_pdf,
    make_zip_bomb,
)

from smkdesk.core.catalogue.dto import ImportOptions, ImportOutcome, ImportReport
from smkdesk.core.errors import ValidationError
from smkdesk.core.library import Library
from smkdesk.core.util.json_values import to_json


@pytest.fixture(scope="module")
def mlib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """One library (and one set of extractor workers) shared by this module.

    Tests using it only make assertions about what *they* added (counts are
    compared before/after), and every file they build has unique content.
    """
    with Library.create(tmp_path_factory.mktemp("shared") / "lib") as library:
        yield library


def _by_name(report: ImportReport) -> dict[str, ImportOutcome]:
    names = [o.path.name for o in report.outcomes]
    assert len(names) == len(set(names)), names
    return {o.path.name: o for o in report.outcomes}


def _snapshot(lib: Library, h) -> tuple[int, list[Path]]:
    return lib.assets.count(), h.stored_files(lib)


# -- formats -------------------------------------------------------------------------------
def test_each_format_gives_text_and_title(mlib: Library, tmp_path: Path, h) -> None:
    d = tmp_path / "formats"
    d.mkdir()
    make_docx(
        d / "q3-report.docx",
        title="Quarterly Aardvark Review",
        paragraphs=["Aardvark revenue grew."],
    )
    make_docx(d / "untitled-memo.docx", paragraphs=["Bandicoot memo body text."])
    make_pptx(
        d / "pitch.pptx",
        slides=[("Capybara Sales Pitch", "Capybara value proposition", "Speaker note dugong")],
    )
    make_pdf(
        d / "sheet.pdf",
        pages=["Echidna product sheet page one.", "Page two."],
        title="Echidna Sheet",
    )
    make_pdf(d / "fennec_price-list.pdf", pages=["Fennec prices."])
    h.write_md(d / "notes.md", "Gecko Playbook", "Gecko **bold** words and [a link](https://x.y).")
    (d / "hedgehog_objection-handling.txt").write_text(
        "Hedgehog objections and answers.\n", "utf-8"
    )
    (d / "page.html").write_text(
        "<html><head><title>Ibex &amp; Co landing</title><style>.x{}</style></head>"
        "<body><h1>Welcome</h1><p>Ibex visible text</p><script>var hidden='jackal';</script>"
        "</body></html>",
        "utf-8",
    )

    report = mlib.assets.import_files([d])
    got = _by_name(report)
    assert len(got) == 8
    assert all(o.outcome == "imported" for o in got.values()), got
    expected = {
        "q3-report.docx": ("Quarterly Aardvark Review", "Aardvark revenue grew"),
        "pitch.pptx": ("Capybara Sales Pitch", "Capybara value proposition"),
        "sheet.pdf": ("Echidna Sheet", "Echidna product sheet"),
        "fennec_price-list.pdf": ("Fennec price list", "Fennec prices"),
        "notes.md": ("Gecko Playbook", "Gecko bold words and a link"),
        "hedgehog_objection-handling.txt": ("Hedgehog objection handling", "Hedgehog objections"),
        "page.html": ("Ibex & Co landing", "Ibex visible text"),
    }
    for name, (title, text) in expected.items():
        o = got[name]
        detail = mlib.assets.get(o.asset_id or 0)
        assert o.title == title == detail.title, name
        assert text in detail.text_preview, (name, detail.text_preview)
        assert detail.file_name == name and detail.kind == "file"
        assert detail.text_status == "text" and detail.no_text_reason is None
        assert detail.stored_path is not None and detail.stored_path.is_file()
        assert detail.file_ext == Path(name).suffix
    # a docx without a title property falls back to its heading or its file name
    memo = mlib.assets.get(got["untitled-memo.docx"].asset_id or 0)
    assert memo.title and "Bandicoot memo body text" in memo.text_preview
    assert "Speaker note dugong" in mlib.assets.get(got["pitch.pptx"].asset_id or 0).text_preview
    assert mlib.assets.get(got["sheet.pdf"].asset_id or 0).page_count == 2
    assert "jackal" not in mlib.assets.get(got["page.html"].asset_id or 0).text_preview
    # and the text is searchable
    assert h.hit_ids(mlib, "capybara") == {got["pitch.pptx"].asset_id}
    assert h.hit_ids(mlib, "dugong") == {got["pitch.pptx"].asset_id}
    assert h.hit_ids(mlib, "echidna") == {got["sheet.pdf"].asset_id}
    assert h.hit_ids(mlib, "hedgehog") == {got["hedgehog_objection-handling.txt"].asset_id}


def test_import_options_apply_to_every_file(mlib: Library, tmp_path: Path, h) -> None:
    a = h.write_md(tmp_path / "opt-a.md", "Koala one", "Koala options test a")
    b = h.write_md(tmp_path / "opt-b.md", "Koala two", "Koala options test b")
    report = mlib.assets.import_files(
        [a, b],
        ImportOptions(
            stages=("Decision",),
            sectors=("Retail/DIY",),
            asset_type="Battlecard",
            owner="Lee",
            keywords=("koalakw",),
            status="draft",
        ),
    )
    ids = {o.asset_id for o in report.outcomes}
    assert len(ids) == 2 and None not in ids
    for aid in ids:
        d = mlib.assets.get(aid or 0)
        assert (d.stages, d.sectors, d.type, d.owner, d.status) == (
            ("Decision",),
            ("Retail/DIY",),
            "Battlecard",
            "Lee",
            "draft",
        )
        assert d.keywords == ("koalakw",)
    assert h.hit_ids(mlib, "koalakw", sectors=("Retail",)) == ids
    # a title given in the options wins
    c = h.write_md(tmp_path / "opt-c.md", "Koala three", "Koala options test c")
    one = mlib.assets.import_file(c, ImportOptions(title="Given title"))
    assert one.title == "Given title" == mlib.assets.get(one.asset_id or 0).title


def test_folder_import_is_recursive_and_skips_hidden(mlib: Library, tmp_path: Path, h) -> None:
    root = tmp_path / "tree"
    h.write_md(root / "top.md", "Lemur top", "lemur top level")
    h.write_md(root / "a" / "mid.md", "Lemur mid", "lemur one level down")
    h.write_md(root / "a" / "b" / "c" / "deep.md", "Lemur deep", "lemur three levels down")
    (root / "a" / "b" / "deep.txt").write_text("lemur text deep down", "utf-8")
    h.write_md(root / ".hidden.md", "Hidden", "lemur hidden file")
    h.write_md(root / ".git" / "inside.md", "Hidden dir", "lemur inside hidden dir")
    h.write_md(root / "a" / ".cache" / "x.md", "Hidden dir 2", "lemur inside hidden dir two")

    report = mlib.assets.import_files([root])
    names = sorted(o.path.name for o in report.outcomes)
    assert names == ["deep.md", "deep.txt", "mid.md", "top.md"]
    assert report.total == 4 and not report.cancelled and report.not_reached == 0
    assert report.count("imported") == 4
    assert {o.path for o in report.outcomes} == {
        root / "top.md",
        root / "a" / "mid.md",
        root / "a" / "b" / "c" / "deep.md",
        root / "a" / "b" / "deep.txt",
    }
    # a hidden file named directly is imported: only the folder walk skips them
    direct = mlib.assets.import_file(root / ".hidden.md")
    assert direct.outcome == "imported"


def test_outcomes_are_json_able(mlib: Library, tmp_path: Path, h) -> None:
    good = h.write_md(tmp_path / "json-ok.md", "Marmot notes", "marmot json test")
    bad = tmp_path / "json-empty.txt"
    bad.write_bytes(b"")
    report = mlib.assets.import_files([good, bad])
    data = json.loads(json.dumps(to_json(report)))
    assert data["total"] == 2 and data["cancelled"] is False
    rows = {Path(o["path"]).name: o for o in data["outcomes"]}
    assert rows["json-ok.md"]["outcome"] == "imported"
    assert isinstance(rows["json-ok.md"]["asset_id"], int)
    assert rows["json-ok.md"]["title"] == "Marmot notes"
    assert rows["json-empty.txt"]["outcome"] == "rejected"
    assert "empty" in rows["json-empty.txt"]["reason"]
    assert rows["json-empty.txt"]["asset_id"] is None


# -- hostile files -------------------------------------------------------------------------------
def test_hostile_files_get_one_specific_outcome_each(mlib: Library, tmp_path: Path, h) -> None:
    d = tmp_path / "hostile"
    d.mkdir()
    make_corrupt_zip(d / "corrupt.docx")
    make_truncated_pdf(d / "truncated.pdf")
    make_pdf(
        d / "quarterly-narwhal-forecast.pdf",
        pages=["Secret narwhal text"],
        encrypt_password="s3cret",
    )
    make_image_only_pdf(d / "scanned-ocelot.pdf")
    make_zip_bomb(d / "bomb.docx")
    (d / "empty.md").write_bytes(b"")
    make_pdf(d / "pdf-named-docx.docx", pages=["Wrong name pangolin"])
    (d / "sheet.xlsx").write_bytes(b"PK\x03\x04not really a workbook")
    (d / "tool.exe").write_bytes(b"MZ\x90\x00\x03\x00\x00\x00")
    (d / "latin1.txt").write_bytes("Café crème à la quokka, naïve façade – 10 €\n".encode("cp1252"))
    h.write_md(d / "fine.md", "Fine file", "quetzal healthy text")

    before_count, before_files = _snapshot(mlib, h)
    report = mlib.assets.import_files([d])
    got = _by_name(report)
    files = sorted(p.name for p in d.iterdir())
    assert sorted(got) == files  # exactly one outcome per file
    assert report.total == len(files) == len(report.outcomes)

    def rejected(name: str, *words: str) -> None:
        o = got[name]
        assert o.outcome == "rejected", (name, o)
        assert o.asset_id is None
        assert o.reason and "\n" not in o.reason and "Traceback" not in o.reason
        for w in words:
            assert w in o.reason.lower(), (name, o.reason)

    rejected("corrupt.docx", "not a valid word document")
    rejected("truncated.pdf", "pdf")
    rejected("bomb.docx", "zip bomb")
    rejected("empty.md", "empty")
    rejected("pdf-named-docx.docx", "pdf", ".docx")
    rejected("sheet.xlsx", "unsupported", ".xlsx")
    rejected("tool.exe", "unsupported", ".exe")

    enc = got["quarterly-narwhal-forecast.pdf"]
    assert enc.outcome == "imported_no_text", enc
    assert enc.reason and ("encrypt" in enc.reason or "password" in enc.reason)
    scanned = got["scanned-ocelot.pdf"]
    assert scanned.outcome == "imported_no_text", scanned
    assert scanned.reason and "text" in scanned.reason
    assert mlib.assets.get(scanned.asset_id or 0).text_status == "no_text"

    latin = got["latin1.txt"]
    assert latin.outcome == "imported"
    assert (
        "Café crème à la quokka, naïve façade – 10 €"
        in mlib.assets.get(latin.asset_id or 0).text_preview
    )
    assert h.hit_ids(mlib, "creme") >= {latin.asset_id}  # accent-folded search
    assert got["fine.md"].outcome == "imported"

    # the encrypted PDF is still findable by its title (from its file name)
    enc_detail = mlib.assets.get(enc.asset_id or 0)
    assert enc_detail.text_status == "no_text" and enc_detail.no_text_reason == enc.reason
    assert "narwhal" in enc_detail.title.lower()
    assert h.hit_ids(mlib, "narwhal forecast") == {enc.asset_id}

    # only the four accepted files reached the store and the database
    accepted = [o for o in report.outcomes if o.outcome != "rejected"]
    assert len(accepted) == 4
    after_count, after_files = _snapshot(mlib, h)
    assert after_count - before_count == 4
    new_files = sorted(set(after_files) - set(before_files))
    assert new_files == sorted(mlib.assets.stored_path(o.asset_id or 0) for o in accepted)
    assert not any(p.name.endswith(".part") for p in after_files)


def test_rejected_files_leave_nothing_behind(mlib: Library, tmp_path: Path, h) -> None:
    d = tmp_path / "only-bad"
    d.mkdir()
    make_corrupt_zip(d / "broken.pptx")
    make_truncated_pdf(d / "cut.pdf")
    make_zip_bomb(d / "boom.docx")
    (d / "nothing.txt").write_bytes(b"")
    (d / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    before = _snapshot(mlib, h)
    index_before = mlib.index.doc_count()
    report = mlib.assets.import_files([d])
    assert report.count("rejected") == 5 == len(report.outcomes)
    assert _snapshot(mlib, h) == before
    assert mlib.index.doc_count() == index_before
    assert not (mlib.path / "orphans").exists()


def test_duplicates(mlib: Library, tmp_path: Path, h) -> None:
    first = h.write_md(tmp_path / "one" / "original.md", "Okapi handbook", "okapi duplicate test")
    out = mlib.assets.import_file(first)
    assert out.outcome == "imported"

    # the same bytes under another name, in a later import
    copy = tmp_path / "two" / "renamed copy.md"
    copy.parent.mkdir()
    shutil.copyfile(first, copy)
    # the same new bytes twice within one batch
    twin_a = h.write_md(tmp_path / "two" / "twin-a.md", "Okapi twin", "okapi twin body")
    twin_b = tmp_path / "two" / "twin-b.md"
    shutil.copyfile(twin_a, twin_b)

    before = _snapshot(mlib, h)
    report = mlib.assets.import_files([copy.parent])
    got = _by_name(report)
    assert got["renamed copy.md"].outcome == "rejected"
    assert f"already in the library as #{out.asset_id} 'Okapi handbook'" in (
        got["renamed copy.md"].reason or ""
    )
    assert got["twin-a.md"].outcome == "imported"
    assert got["twin-b.md"].outcome == "rejected"
    assert "twin-a.md" in (got["twin-b.md"].reason or "")
    assert "earlier in this import" in (got["twin-b.md"].reason or "")
    count, files = _snapshot(mlib, h)
    assert count == before[0] + 1 and len(files) == len(before[1]) + 1


def test_unknown_tag_fails_before_any_file_is_stored(mlib: Library, tmp_path: Path, h) -> None:
    a = h.write_md(tmp_path / "tag-a.md", "Panda", "panda unknown tag")
    before = _snapshot(mlib, h)
    with pytest.raises(ValidationError) as info:
        mlib.assets.import_files([a], ImportOptions(stages=("Awareness", "Stage Zero")))
    assert "Stage Zero" in str(info.value) and "Consideration" in str(info.value)
    with pytest.raises(ValidationError):
        mlib.assets.import_files([a], ImportOptions(sectors=("Retail/Nope",)))
    with pytest.raises(ValidationError):
        mlib.assets.import_files([a], ImportOptions(status="gone"))
    assert _snapshot(mlib, h) == before
    assert h.hit_ids(mlib, "panda") == set()


def test_progress_is_reported_once_per_file(mlib: Library, tmp_path: Path, h) -> None:
    d = tmp_path / "progress"
    paths = [h.write_md(d / f"p{i}.md", f"Puffin {i}", f"puffin progress {i}") for i in range(4)]
    (d / "zero.txt").write_bytes(b"")
    paths.append(d / "zero.txt")
    calls: list[tuple[int, int, str]] = []
    report = mlib.assets.import_files(
        [d], progress=lambda done, total, p: calls.append((done, total, p))
    )
    assert len(calls) == 5 == len(report.outcomes)
    assert [c[0] for c in calls] == [1, 2, 3, 4, 5]
    assert {c[1] for c in calls} == {5}
    assert sorted(c[2] for c in calls) == sorted(str(p) for p in paths)


def test_cancel_keeps_finished_work(tmp_path: Path, h) -> None:
    d = tmp_path / "many"
    for i in range(6):
        h.write_md(d / f"f{i}.md", f"Quail {i}", f"quail cancel body {i}")
    done: list[int] = []
    with Library.create(tmp_path / "lib") as lib:
        report = lib.assets.import_files(
            [d], progress=lambda n, total, p: done.append(n), cancelled=lambda: len(done) >= 2
        )
        assert report.cancelled
        assert len(report.outcomes) == 2
        assert all(o.outcome == "imported" for o in report.outcomes)
        assert report.total == 6 and report.not_reached == 4
        assert lib.assets.count() == 2
        assert len(h.stored_files(lib)) == 2
        kept = {o.asset_id for o in report.outcomes}
        assert h.hit_ids(lib, "quail") == kept
        assert lib.check().ok
        # the rest can be imported afterwards; the finished two are duplicates
        rest = lib.assets.import_files([d])
        assert rest.count("imported") == 4 and rest.count("rejected") == 2
        assert lib.assets.count() == 6


def test_cancel_before_the_first_file(mlib: Library, tmp_path: Path, h) -> None:
    d = tmp_path / "never"
    for i in range(3):
        h.write_md(d / f"n{i}.md", f"Rhea {i}", f"rhea never imported {i}")
    before = _snapshot(mlib, h)
    report = mlib.assets.import_files([d], cancelled=lambda: True)
    assert report.cancelled and report.outcomes == () and report.not_reached == 3
    assert _snapshot(mlib, h) == before


def test_importing_a_folder_twice(mlib: Library, tmp_path: Path, h) -> None:
    d = tmp_path / "twice"
    for i in range(3):
        h.write_md(d / f"t{i}.md", f"Raccoon {i}", f"raccoon twice body {i}")
    make_docx(d / "t.docx", title="Raccoon docx", paragraphs=["raccoon docx body"])
    first = mlib.assets.import_files([d])
    assert first.count("imported") == 4
    ids = {o.asset_id for o in first.outcomes}
    before = _snapshot(mlib, h)

    second = mlib.assets.import_files([d])
    assert second.count("rejected") == 4 == len(second.outcomes)
    for o in second.outcomes:
        assert "already in the library as #" in (o.reason or "")
    assert _snapshot(mlib, h) == before
    assert h.hit_ids(mlib, "raccoon") == ids
    for aid in ids:
        stored = mlib.assets.stored_path(aid or 0)
        assert stored is not None and stored.is_file()


def test_missing_path_is_rejected(mlib: Library, tmp_path: Path) -> None:
    report = mlib.assets.import_files([tmp_path / "does-not-exist.md"])
    assert [o.outcome for o in report.outcomes] == ["rejected"]
    assert report.outcomes[0].reason


def test_a_batch_keeps_the_file_whose_name_is_not_a_copy(mlib: Library, tmp_path: Path, h) -> None:
    from smkdesk.core.catalogue.importer import copy_rank

    d = tmp_path / "batch"
    d.mkdir()
    # the copy sorts first: "(copy)" comes before ".docx" in the folder listing
    original = d / "procurement-checklist.docx"
    copy = d / "procurement-checklist (copy).docx"
    make_docx(original, title="Procurement checklist", paragraphs=["Quokka procurement steps."])
    shutil.copyfile(original, copy)
    report = mlib.assets.import_files([copy, original])
    got = _by_name(report)
    assert got["procurement-checklist.docx"].outcome == "imported"
    assert got["procurement-checklist (copy).docx"].outcome == "rejected"
    assert "procurement-checklist.docx" in (got["procurement-checklist (copy).docx"].reason or "")
    assert "kept" in (got["procurement-checklist (copy).docx"].reason or "")
    assert report.outcomes[0].path.name == "procurement-checklist (copy).docx"
    assert mlib.assets.get(got["procurement-checklist.docx"].asset_id).file_name == (
        "procurement-checklist.docx"
    )
    names = ["x - Copy.docx", "x - Copy (2).docx", "x copy 2.docx", "x (1).docx", "Copy of x.docx"]
    assert all(copy_rank(Path(n)) >= 1 for n in names)
    assert [copy_rank(Path(n)) for n in ("x.docx", "Photocopy.docx", "copy.docx")] == [0, 0, 0]
    assert copy_rank(Path("x (copy) (1).docx")) > copy_rank(Path("x (copy).docx"))
