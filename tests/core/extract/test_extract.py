"""Text extraction: real files built in tmp_path, real worker processes."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from filebuilders import (
    hook_extract,
    make_corrupt_zip,
    make_docx,
    make_image_only_pdf,
    make_pdf,
    make_pptx,
    make_truncated_pdf,
    make_zip_bomb,
)

from smkdesk.core.errors import RejectedFile
from smkdesk.core.extract.dispatch import extract_file
from smkdesk.core.extract.model import SUPPORTED_EXTENSIONS, Extraction, Limits
from smkdesk.core.extract.pool import ExtractorPool
from smkdesk.core.extract.safety import check_file, detect_kind


def rejected(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(RejectedFile) as info:
        extract_file(path, limits or Limits())
    return info.value.reason


# -- docx -------------------------------------------------------------------------------


def test_docx_text_in_order_with_tables_header_footer_and_title(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "brief.docx",
        title="Competitive Brief",
        paragraphs=["Why we win against Acme.", "Pricing starts at 10 seats."],
        table=[["Feature", "Us", "Acme"], ["SSO", "yes", "no"]],
        header="Confidential header",
        footer="Page footer text",
        nested_table=[["inner cell", "deep value"]],
    )
    result = extract_file(path)
    assert result.kind == "docx"
    assert result.title == "Competitive Brief"
    assert result.has_text and result.no_text_reason is None
    text = result.text
    for expected in ("Why we win against Acme.", "SSO | yes | no", "inner cell", "deep value"):
        assert expected in text
    assert text.index("Confidential header") < text.index("Why we win") < text.index("SSO")
    assert text.index("SSO") < text.index("Page footer text")
    assert "\n\n\n" not in text


def test_docx_title_falls_back_to_heading_1(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "a.docx", paragraphs=["Body."], heading="Battlecard: Acme")
    assert extract_file(path).title == "Battlecard: Acme"
    assert extract_file(make_docx(tmp_path / "b.docx", paragraphs=["Only body"])).title is None


def test_empty_docx_has_a_no_text_reason(tmp_path: Path) -> None:
    result = extract_file(make_docx(tmp_path / "empty.docx"))
    assert not result.has_text
    assert result.no_text_reason == "the document contains no text"


# -- pptx -------------------------------------------------------------------------------


def test_pptx_slides_table_group_notes_and_title(tmp_path: Path) -> None:
    path = make_pptx(
        tmp_path / "deck.pptx",
        slides=[
            ("Q3 Launch Plan", "Goals\nPipeline targets", "Speaker: mention the ROI"),
            ("Next steps", "Book the demo", None),
        ],
        table=[["Region", "Quota"], ["EMEA", "1.2M"]],
        group_texts=["grouped one", "grouped two"],
    )
    result = extract_file(path)
    assert result.kind == "pptx"
    assert result.pages == 2
    assert result.title == "Q3 Launch Plan"
    for expected in (
        "Pipeline targets",
        "Speaker: mention the ROI",
        "Book the demo",
        "EMEA | 1.2M",
        "grouped one",
        "grouped two",
    ):
        assert expected in result.text
    assert result.text.index("Q3 Launch Plan") < result.text.index("Next steps")


def test_pptx_core_title_wins(tmp_path: Path) -> None:
    path = make_pptx(tmp_path / "d.pptx", slides=[("Slide title", None, None)], title="Deck")
    assert extract_file(path).title == "Deck"


# -- pdf --------------------------------------------------------------------------------


def test_pdf_text_pages_and_title(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "case.pdf",
        pages=["Customer story one", "Results: 40% faster"],
        title="Case Study: Globex",
    )
    result = extract_file(path)
    assert (result.kind, result.pages, result.title) == ("pdf", 2, "Case Study: Globex")
    assert "Customer story one" in result.text and "40% faster" in result.text


def test_encrypted_pdf_is_accepted_without_text(tmp_path: Path) -> None:
    result = extract_file(
        make_pdf(tmp_path / "locked.pdf", pages=["secret"], encrypt_password="s3cret")
    )
    assert result.kind == "pdf"
    assert not result.has_text
    assert result.no_text_reason is not None and "encrypted" in result.no_text_reason


def test_pdf_protected_only_by_owner_password_is_read(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "p.pdf", pages=["Readable text"], title="T1", owner_password="o")
    result = extract_file(path)
    assert "Readable text" in result.text and result.title == "T1"


def test_image_only_pdf_has_a_no_text_reason(tmp_path: Path) -> None:
    result = extract_file(make_image_only_pdf(tmp_path / "scan.pdf"))
    assert (result.has_text, result.pages) == (False, 1)
    assert result.no_text_reason is not None and "scanned images" in result.no_text_reason


def test_truncated_pdf_is_rejected(tmp_path: Path) -> None:
    assert rejected(make_truncated_pdf(tmp_path / "cut.pdf")).startswith("not a valid PDF")


def test_pdf_page_limit_truncates(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "long.pdf", pages=["first page", "second page", "third page"])
    result = extract_file(path, Limits(max_pdf_pages=2))
    assert result.truncated and result.pages == 3
    assert "second page" in result.text and "third page" not in result.text


# -- rejected before parsing --------------------------------------------------------


def test_corrupt_zip_named_docx_is_rejected(tmp_path: Path) -> None:
    reason = rejected(make_corrupt_zip(tmp_path / "broken.docx"))
    assert reason == "not a valid Word document (the zip container is damaged)"


def test_zip_bomb_is_rejected_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx

    def must_not_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the parser was reached")

    monkeypatch.setattr(docx, "Document", must_not_parse)
    path = make_zip_bomb(tmp_path / "bomb.docx")
    assert path.stat().st_size < 1024 * 1024
    reason = rejected(path)
    assert reason.startswith("possible zip bomb: 600 MB uncompressed from")
    assert "ratio" in reason
    # Below the ratio floor the total size limit still applies.
    small = Limits(max_uncompressed_bytes=5 * 1024 * 1024, ratio_floor_bytes=1 << 40)
    assert "limit is 5 MB" in rejected(make_zip_bomb(tmp_path / "b2.docx", megabytes=6), small)


def test_too_many_zip_members_is_rejected(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "ok.docx", paragraphs=["x"])
    reason = rejected(path, Limits(max_zip_members=3))
    assert reason.startswith("possible zip bomb:") and "parts" in reason


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    for name in ("empty.docx", "empty.txt", "empty.pdf"):
        (tmp_path / name).write_bytes(b"")
        assert rejected(tmp_path / name) == "the file is empty (0 bytes)"


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 3000)
    reason = rejected(path, Limits(max_file_bytes=2048))
    assert reason == "over the size limit (3 KB; the limit is 2 KB)"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "does not exist" in rejected(tmp_path / "gone.pdf")
    (tmp_path / "dir.txt").mkdir()
    assert rejected(tmp_path / "dir.txt") == "it is a folder, not a file"


def test_wrong_or_unsupported_extension(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "real.pdf", pages=["x"])
    named_docx = tmp_path / "report.docx"
    named_docx.write_bytes(pdf.read_bytes())
    assert rejected(named_docx) == "the file is a PDF but is named .docx"

    exe = tmp_path / "setup.exe"
    exe.write_bytes(b"MZ\x90\x00" + bytes(100))
    assert rejected(exe) == (
        "unsupported file type '.exe' (supported: .docx, .pptx, .pdf, .md, .txt, .html)"
    )
    docx_as_pptx = tmp_path / "deck.pptx"
    docx_as_pptx.write_bytes(make_docx(tmp_path / "w.docx", paragraphs=["x"]).read_bytes())
    assert rejected(docx_as_pptx) == "the file is a Word document but is named .pptx"

    png_as_txt = tmp_path / "notes.txt"
    png_as_txt.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert rejected(png_as_txt) == "the file is a PNG image but is named .txt"

    ole = tmp_path / "old.docx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert "old .doc format" in rejected(ole)


def test_detect_kind_verifies_content(tmp_path: Path) -> None:
    expected = {".docx", ".pptx", ".pdf", ".md", ".txt", ".html", ".htm", ".markdown"}
    assert expected == SUPPORTED_EXTENSIONS
    junk_then_pdf = tmp_path / "j.pdf"
    junk_then_pdf.write_bytes(b"\r\n" * 100 + make_pdf(tmp_path / "x.pdf").read_bytes())
    assert detect_kind(junk_then_pdf) == "pdf"
    assert detect_kind(make_pptx(tmp_path / "d.PPTX", slides=[("t", None, None)])) == "pptx"
    (tmp_path / "n.markdown").write_text("# hi", "utf-8")
    assert detect_kind(tmp_path / "n.markdown") == "markdown"
    assert check_file(tmp_path / "n.markdown", Limits()) == "markdown"
    not_pdf = tmp_path / "fake.pdf"
    not_pdf.write_text("hello", "utf-8")
    with pytest.raises(RejectedFile, match="does not start with a PDF header"):
        detect_kind(not_pdf)


# -- text, markdown, html -------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("café – naïve".encode("cp1252"), "café – naïve"),
        ("Grüße aus München, schöne Äpfel".encode("latin-1"), "Grüße aus München, schöne Äpfel"),
        ("\ufeffcafé – naïve ✓".encode("utf-16-le"), "café – naïve ✓"),
        ("café – naïve ✓".encode("utf-16-be"), "café – naïve ✓"),
        ("\ufeffcafé ✓".encode(), "café ✓"),
        ("Привет, мир! Это тестовый документ.".encode("cp1251"), "Привет"),
        (b"nul\x00bytes\x00gone", "nulbytesgone"),
    ],
)
def test_text_decoding_gives_the_right_characters(
    tmp_path: Path, data: bytes, expected: str
) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    result = extract_file(path)
    assert result.kind == "text" and result.title is None
    assert expected in result.text
    assert "\ufeff" not in result.text and "\x00" not in result.text


def test_binary_junk_text_never_fails(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(1, 256)) * 20)
    result = extract_file(path)
    result.text.encode("utf-8")  # valid Unicode


def test_text_truncation_is_noted(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 10_000, "utf-8")
    result = extract_file(path, Limits(max_text_chars=1000))
    assert result.truncated and len(result.text) <= 1000


def test_markdown_title_and_markup(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_text(
        "Intro line\n\n# Pricing **FAQ**\n\nSee [the deck](https://x.example/d) and `code`.\n\n"
        "```\n# not a heading\n```\n\n\n\n\nEnd",
        "utf-8",
    )
    result = extract_file(path)
    assert result.kind == "markdown" and result.title == "Pricing FAQ"
    assert "See the deck and code." in result.text
    assert "https://x.example" not in result.text and "\n\n\n" not in result.text
    setext = tmp_path / "s.markdown"
    setext.write_text("Release Notes\n=============\n\nBody", "utf-8")
    assert extract_file(setext).title == "Release Notes"
    front = tmp_path / "f.md"
    front.write_text('---\ntitle: "From front matter"\n---\n# Heading\n', "utf-8")
    assert extract_file(front).title == "From front matter"


def test_html_visible_text_and_title(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_bytes(
        b"<html><head><title>Landing &amp; Page</title><style>.x{color:red}</style>"
        b"<script>var hidden = 'SCRIPT';</script></head><body><h1>Welcome</h1>"
        b"<p>Visible   text</p><ul><li>one</li><li>two</li></ul></body></html>"
    )
    result = extract_file(path)
    assert result.kind == "html" and result.title == "Landing & Page"
    assert result.text == "Welcome\nVisible text\none\ntwo"
    h1_only = tmp_path / "h.htm"
    h1_only.write_bytes('<meta charset="windows-1252"><h1>Café</h1>'.encode("cp1252"))
    assert extract_file(h1_only).title == "Café"


# -- ExtractorPool --------------------------------------------------------------------


@pytest.fixture(scope="module")
def pool() -> Iterator[ExtractorPool]:
    with ExtractorPool(workers=2) as extractor_pool:
        yield extractor_pool


@pytest.fixture(scope="module")
def hook_pool() -> Iterator[ExtractorPool]:
    limits = Limits(timeout_seconds=2.0)
    with ExtractorPool(limits, workers=1, _target=hook_extract) as extractor_pool:
        yield extractor_pool


def test_pool_extracts_in_a_worker(pool: ExtractorPool, tmp_path: Path) -> None:
    path = make_docx(tmp_path / "w.docx", title="Via worker", paragraphs=["isolated text"])
    result = pool.extract(path)
    assert isinstance(result, Extraction)
    assert (result.title, result.text) == ("Via worker", "isolated text")
    with pytest.raises(RejectedFile, match="zip bomb"):
        pool.extract(make_zip_bomb(tmp_path / "bomb.docx"))


def test_extract_many_keeps_order(pool: ExtractorPool, tmp_path: Path) -> None:
    """Results come back in the order given, a rejected file in its place.
    (How fast: bench/bench_extract.py; no timings in tests.)"""
    paths = [make_docx(tmp_path / f"d{i}.docx", paragraphs=[f"document {i}"]) for i in range(40)]
    paths.insert(3, make_corrupt_zip(tmp_path / "bad.docx"))
    results = list(pool.extract_many(paths))
    assert [path for path, _ in results] == paths
    assert isinstance(results[3][1], RejectedFile)
    texts = [r.text for _, r in results if isinstance(r, Extraction)]
    assert texts == [f"document {i}" for i in range(40)]


def test_pool_timeout_kills_the_worker_and_recovers(
    hook_pool: ExtractorPool, tmp_path: Path
) -> None:
    (tmp_path / "pid.txt").write_text("x", "utf-8")
    first_pid = hook_pool.extract(tmp_path / "pid.txt").title
    assert hook_pool.extract(tmp_path / "pid.txt").title == first_pid  # a long-lived worker
    (tmp_path / "slow.txt").write_text("x", "utf-8")
    started = time.monotonic()
    with pytest.raises(RejectedFile) as info:
        hook_pool.extract(tmp_path / "slow.txt")
    assert time.monotonic() - started < 10
    assert info.value.reason == "extraction took longer than 2 s; the file may be malformed"
    assert hook_pool.extract(tmp_path / "pid.txt").title != first_pid  # a new worker
    path = make_docx(tmp_path / "after.docx", paragraphs=["still works"])
    assert hook_pool.extract(path).text == "still works"


def test_pool_survives_a_crashing_worker(hook_pool: ExtractorPool, tmp_path: Path) -> None:
    (tmp_path / "crash.txt").write_text("x", "utf-8")
    (tmp_path / "fine.txt").write_text("fine text", "utf-8")
    results = dict(hook_pool.extract_many([tmp_path / "crash.txt", tmp_path / "fine.txt"]))
    crashed = results[tmp_path / "crash.txt"]
    assert isinstance(crashed, RejectedFile)
    assert crashed.reason == "the extractor crashed on this file"
    fine = results[tmp_path / "fine.txt"]
    assert isinstance(fine, Extraction) and fine.text == "fine text"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_pool_memory_limit(hook_pool: ExtractorPool, tmp_path: Path) -> None:
    (tmp_path / "hungry.txt").write_text("x", "utf-8")
    with pytest.raises(RejectedFile) as info:
        hook_pool.extract(tmp_path / "hungry.txt")
    assert info.value.reason == "extraction ran out of memory (limit 1 GB)"
    (tmp_path / "ok.md").write_text("# Fine\n", "utf-8")
    assert hook_pool.extract(tmp_path / "ok.md").title == "Fine"


def test_in_process_pool(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("alpha", "utf-8")
    (tmp_path / "b.exe").write_bytes(b"x")
    with ExtractorPool(workers=0) as inline:
        results = list(inline.extract_many([tmp_path / "a.txt", tmp_path / "b.exe"]))
        assert isinstance(results[0][1], Extraction) and results[0][1].text == "alpha"
        assert isinstance(results[1][1], RejectedFile)
        with pytest.raises(RejectedFile, match="unsupported file type"):
            inline.extract(tmp_path / "b.exe")
