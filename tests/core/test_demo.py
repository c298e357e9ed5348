"""Demo content: source parsing, coverage of the bundled assets, rendering, build_demo."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from docx import Document
from pptx import Presentation
from pypdf import PdfReader

from smkdesk.core.errors import LibraryError
from smkdesk.core.library import Library
from smkdesk.demo import build_demo
from smkdesk.demo.markup import (
    COMPANY,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    body_heading,
    parse_blocks,
    plain,
    split_slides,
)
from smkdesk.demo.render import SHIPPED_PDFS, output_name, render_source
from smkdesk.demo.render_pdf import latin1
from smkdesk.demo.sources import DemoSource, load_sources, parse_source, parse_text
from smkdesk.resources import resource_path

if TYPE_CHECKING:
    from conftest import BuiltDemo

GOOD = """---
title: Harbour & Pine – a test case study
type: Case study       # one of the asset types
format: pdf
stages: Decision, Consideration
personas: CFO, Operations manager
sectors: Retail/Groceries, Retail
abm_tier: one-to-many
owner: Priya Raman
status: published
keywords: stock-outs, forecasting,  demand planning
description: A short description for reps.
review_by: 2026-03-31
created: 2025-06-12
language: en
---
# Heading

Body text with **bold** and a café.
"""


@pytest.fixture(scope="module")
def sources() -> list[DemoSource]:
    return load_sources()


@pytest.fixture(scope="module")
def taxonomy() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resource_path("taxonomy", "default.json").read_text("utf-8"))
    return data


def _first(sources: list[DemoSource], fmt: str) -> DemoSource:
    return next(s for s in sources if s.format == fmt and s.status == "published")


# -- parser -----------------------------------------------------------------------------
def test_parse_good_front_matter() -> None:
    s = parse_text(GOOD, "07-test.md")
    assert s.title == "Harbour & Pine – a test case study"
    assert s.type == "Case study"  # the trailing comment is stripped
    assert s.stages == ("Decision", "Consideration")
    assert s.sectors == ("Retail/Groceries", "Retail")
    assert s.keywords == ("stock-outs", "forecasting", "demand planning")
    assert s.review_by == date(2026, 3, 31) and s.created == date(2025, 6, 12)
    assert s.abm_tier == "one-to-many" and s.url is None and s.file_stem == "07-test"
    assert s.body.startswith("# Heading") and "café" in s.body


def test_parse_optional_fields_default() -> None:
    text = GOOD
    for key in ("sectors", "abm_tier", "owner", "keywords", "review_by", "created", "language"):
        text = re.sub(rf"(?m)^{key}:.*\n", "", text)
    s = parse_text(text, "x.md")
    assert s.sectors == () and s.abm_tier is None and s.owner is None
    assert s.review_by is None and s.created is None and s.language == "en"


def test_parse_link_needs_url() -> None:
    link = GOOD.replace("format: pdf", "format: link")
    with pytest.raises(ValueError, match="needs a url"):
        parse_text(link, "x.md")
    with_url = link.replace("language: en", "language: en\nurl: https://example.com/v")
    assert parse_text(with_url, "x.md").is_link


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("---\n", "", 1), "must start"),
        (lambda t: t.replace("---\n# Heading", "# Heading"), "not closed"),
        (lambda t: re.sub(r"(?m)^title:.*\n", "", t), "missing .*title"),
        (lambda t: t.replace("owner:", "ownr:"), "unknown key 'ownr'"),
        (lambda t: t.replace("owner: Priya", "owner: Priya\nowner: Again\nx: Priya"), "twice"),
        (lambda t: t.replace("2026-03-31", "31/03/2026"), "not an ISO date"),
        (lambda t: t.replace("format: pdf", "format: odt"), "format 'odt'"),
        (lambda t: t.replace("status: published", "status: live"), "status 'live'"),
        (lambda t: t.replace("abm_tier: one-to-many", "abm_tier: some"), "abm_tier"),
        (lambda t: t.replace("language: en", "language: en\nurl: https://e.org"), "only 'link'"),
        (lambda t: t.replace("stages: Decision, Consideration", "stages: ,"), "stages"),
        (lambda t: t.replace("owner: Priya Raman", "just text"), "expected 'key: value'"),
        (lambda t: t.split("# Heading")[0], "body .* is empty"),
    ],
)
def test_parse_bad_front_matter_names_the_file(change: Callable[[str], str], message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        parse_text(change(GOOD), "42-broken.md")
    assert "42-broken.md" in str(info.value)


def test_parse_source_rejects_bad_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(GOOD.encode("utf-8").replace("café".encode(), b"caf\xe9"))
    with pytest.raises(ValueError, match=r"bad\.md: not valid UTF-8"):
        parse_source(path)


# -- markup -----------------------------------------------------------------------------
def test_parse_blocks() -> None:
    text = (
        "# T\n\nA para\nwrapped.\n\n- one\n- **two**\n1. first\n\n> quote\n\n"
        "| a | b |\n| --- | --- |\n| 1 | 2 |"
    )
    blocks = parse_blocks(text)
    assert blocks == [
        Heading(1, "T"),
        Paragraph("A para wrapped."),
        ListBlock(("one", "**two**")),
        ListBlock(("first",), ordered=True),
        Quote("quote"),
        Table((("a", "b"), ("1", "2"))),
    ]
    headline, rest = body_heading([*blocks, Heading(2, "Sub")])
    assert headline == "T" and rest[-1] == Heading(1, "Sub")
    assert plain("x **y** z") == "x y z"


def test_split_slides_keeps_notes_out_of_the_body() -> None:
    body = "# One\nSub\n---slide---\n# Two\n- a\n- b\nNotes: say this\nand that\n"
    one, two = split_slides(body)
    assert (one.title, one.notes) == ("One", "")
    assert two.title == "Two" and two.blocks == (ListBlock(("a", "b")),)
    assert two.notes == "say this and that"


def test_latin1_transliterates_for_core_fonts() -> None:
    assert latin1("Q3 – €1.9M → café ≈ “ok” ň") == 'Q3 - EUR 1.9M -> café ~ "ok" n'
    latin1("every char  ✓ 漢").encode("latin-1")  # never raises


# -- the bundled sources ----------------------------------------------------------------
def test_bundled_sources_cover_the_taxonomy(
    sources: list[DemoSource], taxonomy: dict[str, Any]
) -> None:
    assert len(sources) >= 40
    tree: dict[str, list[str]] = taxonomy["sectors"]
    valid_sectors = set(tree) | {f"{p}/{c}" for p, kids in tree.items() for c in kids}
    for s in sources:
        where = s.file_stem
        assert re.fullmatch(r"\d\d-[a-z0-9-]+", where), where
        assert set(s.stages) <= set(taxonomy["stages"]), where
        assert set(s.personas) <= set(taxonomy["personas"]), where
        assert set(s.sectors) <= valid_sectors, where
        assert s.type in taxonomy["asset_types"], where
        assert 250 <= len(s.body.split()) <= 900, where
    stages = {x for s in sources for x in s.stages}
    personas = {x for s in sources for x in s.personas}
    sectors = {x for s in sources for x in s.sectors}
    assert stages == {"Awareness", "Consideration", "Decision"}
    assert len(personas) >= 5
    assert any("/" in x for x in sectors) and any("/" not in x for x in sectors)
    assert len({s.title for s in sources}) == len(sources)
    formats = Counter(s.format for s in sources)
    assert set(formats) == {"docx", "pptx", "pdf", "md", "html", "link"}
    assert formats["link"] >= 4
    statuses = Counter(s.status for s in sources)
    assert statuses["published"] > len(sources) * 0.8 and 2 <= statuses["retired"] <= 3
    assert any(s.review_by and s.review_by < date(2026, 1, 1) for s in sources)


def test_bundled_sources_keep_deliberate_gaps(sources: list[DemoSource]) -> None:
    """The coverage reports need something to show: these gaps are on purpose."""
    assert not [s for s in sources if "Procurement" in s.personas and "Decision" in s.stages]
    assert any("Procurement" in s.personas for s in sources)
    assert not [s for s in sources if "Healthcare/Medical devices" in s.sectors]


# -- rendering --------------------------------------------------------------------------
def test_render_docx(sources: list[DemoSource], tmp_path: Path) -> None:
    source = _first(sources, "docx")
    path = render_source(source, tmp_path)
    assert path.name == output_name(source) and path.suffix == ".docx"
    doc = Document(str(path))
    assert doc.core_properties.title == source.title
    styles = {p.style.name for p in doc.paragraphs if p.style is not None}
    assert {"Title", "Heading 1", "List Bullet"} <= styles
    text = "\n".join(p.text for p in doc.paragraphs)
    first_para = next(b for b in parse_blocks(source.body) if isinstance(b, Paragraph))
    assert plain(first_para.text) in text
    if "|" in source.body:
        style = doc.tables[0].style if doc.tables else None
        assert style is not None and style.name == "Table Grid"
    assert COMPANY in doc.sections[0].footer.paragraphs[0].text


def test_render_pptx(sources: list[DemoSource], tmp_path: Path) -> None:
    source = next(s for s in sources if s.format == "pptx" and "| ---" in s.body)
    path = render_source(source, tmp_path)
    prs = Presentation(str(path))
    assert prs.core_properties.title == source.title
    slides = split_slides(source.body)
    assert len(prs.slides) == len(slides)
    for page, slide in zip(prs.slides, slides, strict=True):
        assert page.shapes.title is not None and page.shapes.title.text == plain(slide.title)
        if slide.notes:
            assert page.notes_slide.notes_text_frame.text == slide.notes
    assert any(shape.has_table for page in prs.slides for shape in page.shapes)
    all_text = " ".join(
        shape.text_frame.text
        for page in prs.slides
        for shape in page.shapes
        if shape.has_text_frame
    )
    bullet = next(b for sl in slides[1:] for b in sl.blocks if isinstance(b, ListBlock))
    assert plain(bullet.items[0]) in all_text


def test_render_pdf(sources: list[DemoSource], tmp_path: Path) -> None:
    source = _first(sources, "pdf")
    reader = PdfReader(str(render_source(source, tmp_path)))
    assert reader.metadata is not None and reader.metadata.title == source.title
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    words = " ".join(text.split())
    headline, blocks = body_heading(parse_blocks(source.body))
    assert latin1(headline or source.title) in words
    first_para = next(b for b in blocks if isinstance(b, Paragraph))
    assert " ".join(latin1(plain(first_para.text)).split()[:8]) in words


def test_render_markdown_and_html(sources: list[DemoSource], tmp_path: Path) -> None:
    md = _first(sources, "md")
    assert render_source(md, tmp_path).read_text("utf-8") == md.body.rstrip("\n") + "\n"
    page = _first(sources, "html")
    html = render_source(page, tmp_path).read_text("utf-8")
    title = page.title.replace("&", "&amp;").replace('"', "&quot;")
    assert f"<title>{title}</title>" in html and '<html lang="en">' in html
    first_para = next(b for b in parse_blocks(page.body) if isinstance(b, Paragraph))
    assert plain(first_para.text) in unescape(html)


def test_render_refuses_links(sources: list[DemoSource], tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no file to render"):
        render_source(_first(sources, "link"), tmp_path)


# -- the shipped PDFs: the demo builds without fpdf2 -----------------------------------
def test_the_shipped_pdfs_are_what_the_sources_make(
    sources: list[DemoSource], tmp_path: Path
) -> None:
    """Change a ``format: pdf`` source, then run ``python -m smkdesk.demo.render_pdf``."""
    from smkdesk.demo.render_pdf import write_shipped

    shipped = resource_path(*SHIPPED_PDFS)
    written = write_shipped(tmp_path / "fresh", sources)
    assert sorted(p.name for p in shipped.glob("*.pdf")) == sorted(p.name for p in written)
    stale = [p.name for p in written if p.read_bytes() != (shipped / p.name).read_bytes()]
    assert stale == [], "run: python -m smkdesk.demo.render_pdf"
    assert sum(p.stat().st_size for p in written) < 300_000  # they stay small


def test_a_pdf_source_without_a_shipped_pdf_is_refused(tmp_path: Path) -> None:
    source = parse_text(GOOD.replace("Harbour & Pine", "Unshipped"), "99-unshipped.md")
    with pytest.raises(ValueError, match=r"no PDF is shipped .*render_pdf"):
        render_source(source, tmp_path)


def test_the_demo_renders_every_file_without_fpdf2(tmp_path: Path) -> None:
    """As after ``pip install smkdesk``: fpdf2 cannot be imported at all."""
    script = (
        "import sys; sys.modules['fpdf'] = None\n"  # every 'import fpdf' now fails
        "from pathlib import Path\n"
        "import smkdesk.cli, smkdesk.demo\n"
        "from smkdesk.demo.render import render_source\n"
        "from smkdesk.demo.sources import load_sources\n"
        "out = Path(sys.argv[1])\n"
        "for s in load_sources():\n"
        "    if not s.is_link: render_source(s, out)\n"
        "print(len(list(out.iterdir())))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) == len([s for s in load_sources() if not s.is_link])
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert pdfs and all(PdfReader(str(p)).metadata is not None for p in pdfs)


# -- build_demo -------------------------------------------------------------------------
def test_build_demo_refuses_a_folder_in_use(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(LibraryError, match="not empty"):
        build_demo(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_build_demo_creates_a_tagged_library(
    sources: list[DemoSource], built_demo: BuiltDemo, demo_library: Path
) -> None:
    """The session's demo (tests/conftest.py), checked on a copy of its folder."""
    report, calls, target = built_demo.report, built_demo.progress, demo_library
    assert report.rejected == ()
    files = [s for s in sources if not s.is_link]
    assert report.imported + report.imported_no_text == len(files)
    assert report.links == len(sources) - len(files) and report.added == len(sources)
    assert calls[-1] == (len(sources), len(sources))

    with Library.open(target) as lib:  # a copied folder opens with its index intact
        assert not lib.needs_rebuild()
        assert [a.title for a in lib.search("Quotaline").hits] == [
            next(s.title for s in sources if s.file_stem == "09-battlecard-vs-quotaline")
        ]
        assets = {a.title: a for a in lib.assets.list(include_retired=True)}
        assets_by_id = {a.id: a for a in assets.values()}
        assert set(assets) == {s.title for s in sources}
        for source in sources:
            asset = assets[source.title]
            assert asset.kind == ("link" if source.is_link else "file")
            assert set(asset.stages) == set(source.stages)
            assert set(asset.personas) == set(source.personas)
            assert set(asset.sectors) == set(source.sectors)
            assert (asset.type, asset.status, asset.abm_tier) == (
                source.type,
                source.status,
                source.abm_tier,
            )
            if source.created is not None:
                assert asset.created.date() == source.created
        # nine months of activity, so the dashboard and the review queue have data
        events = lib.usage.list_events(limit=None)
        assert len(events) > 100
        assert all(e.occurred_at > assets_by_id[e.asset_id].created for e in events)
        assert {o.outcome for o in lib.usage.list_opportunities()} >= {"won", "lost", "open"}
        assert {r.text for r in lib.requests.list_requests()} >= {"procurement checklist"}
        queue = lib.review.queue()
        assert 5 < len(queue) < len(assets)
        assert any(i.has("not_helpful") for i in queue)
        again_events = len(events)

    again = build_demo(target)  # idempotent: everything is already there
    assert again.skipped == len(sources) and again.added == 0
    with Library.open(target) as lib:
        assert len(lib.usage.list_events(limit=None)) == again_events  # no second helping


def test_the_demo_command_builds_where_it_is_told(tmp_path: Path) -> None:
    from smkdesk.cli import demo_path
    from smkdesk.cli.parser import build_parser

    parse = build_parser().parse_args
    a = parse(["--library", str(tmp_path / "lib"), "demo"])
    assert demo_path(a.dir, a.library) == tmp_path / "lib"
    a = parse(["--library", str(tmp_path / "lib"), "demo", str(tmp_path / "here")])
    assert demo_path(a.dir, a.library) == tmp_path / "here"
