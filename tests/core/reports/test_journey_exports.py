"""The workshop pack and the pre-call brief, read back with python-docx (and
converted by LibreOffice where it is installed)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from smkdesk.cli import run
from smkdesk.core.changes import User
from smkdesk.core.journeys.types import Participant
from smkdesk.core.library import Library
from smkdesk.core.reports.brief import brief_data, write_brief
from smkdesk.core.reports.workshop_pack import write_workshop_pack
from smkdesk.core.usage.events import UsageContext


@pytest.fixture
def workshop(lib: Library, h) -> int:
    w = lib.journeys.create_workshop(
        "Retail CFO workshop",
        date(2026, 9, 17),
        "Claire Dubois",
        personas=["CFO"],
        sectors=["Retail"],
        participants=[
            Participant("Priya Raman", "sales"),
            Participant("Hannah Okafor", "marketing"),
        ],
    )
    evidence = w.stages[2].questions[0]
    trial = w.stages[2].questions[1]
    lib.journeys.add_answer(evidence.id, "sales", "Retail references with numbers")
    lib.journeys.add_answer(evidence.id, "marketing", "Case studies with a named customer")
    case = h.add_link(
        lib,
        "Harbour & Pine grows pipeline 38%",
        stages=("Decision",),
        personas=("CFO",),
        sectors=("Retail/Groceries",),
        description="A grocery wholesaler unified sales and marketing. It grew pipeline 38%.",
    )
    lib.journeys.link_asset(evidence.id, case)
    lib.journeys.set_content_needed(trial.id, True, "Hannah Okafor")
    lib.journeys.vote_gap(trial.id, 4)
    lib.usage.log(
        case, "sent", User("Priya"), UsageContext(account="Calder", opportunity="Loyalty")
    )
    lib.usage.set_outcome("Calder", "Loyalty", "won")
    return w.id


def body(path: Path) -> tuple[list[str], str]:
    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    text = "\n".join(p.text for p in doc.paragraphs)
    text += "\n" + "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    return headings, text


def test_workshop_pack(lib: Library, workshop: int, tmp_path: Path) -> None:
    out = tmp_path / "pack.docx"
    write_workshop_pack(lib.journeys.workshop(workshop), out)
    headings, text = body(out)
    assert headings[:3] == ["Outcomes at a glance", "Contents", "Awareness"]
    assert headings[-2:] == ["Gaps, by priority", "Action list"]
    assert "What type of evidence is the buyer looking for?" in headings
    assert "Retail references with numbers" in text and "Case studies with a named customer" in text
    assert "Harbour & Pine grows pipeline 38%" in text
    assert "Priya Raman" in text and "Sales" in text
    assert "Create content that answers: How can the buyer experience our solution" in text
    assert "Hannah Okafor" in text
    doc = Document(str(out))
    gaps = next(t for t in doc.tables if t.rows[0].cells[0].text == "Question")
    assert (
        gaps.rows[1].cells[0].text == "How can the buyer experience our solution before purchase?"
    )
    assert gaps.rows[1].cells[3].text == "4"  # most votes first
    # the contents: page numbers Word shows at once (no update-fields prompt)
    assert "PAGEREF" in doc.element.xml and "updateFields" not in doc.settings.element.xml


def test_brief_shortlists_won_content_with_a_summary(
    lib: Library, workshop: int, h, tmp_path: Path
) -> None:
    h.add_link(lib, "Generic awareness blog", stages=("Awareness",), sectors=("Retail",))
    brief = brief_data(lib, "CFO", "Retail/Groceries", "Decision", "Calder Retail")
    assert brief.questions[0].text == "What type of evidence is the buyer looking for?"
    assert brief.questions[0].sales == ("Retail references with numbers",)
    assert [a.title for a in brief.assets] == ["Harbour & Pine grows pipeline 38%"]
    assert brief.assets[0].won_deals == 1
    assert brief.assets[0].summary == "A grocery wholesaler unified sales and marketing."
    out = tmp_path / "brief.docx"
    write_brief(brief, out)
    headings, text = body(out)
    assert headings == ["What a CFO is likely asking now", "Content to have ready"]
    assert "Pre-call brief: Calder Retail" in text and "1 use, 1 won" in text

    fallback = brief_data(lib, "CFO", "Retail/Fashion", "Decision")
    assert fallback.nearest_sector == "Retail" and fallback.assets


def test_cli_export_and_brief(lib: Library, workshop: int, tmp_path: Path, capsys) -> None:
    base = ["--library", str(lib.path)]
    assert run([*base, "journey", "export", str(workshop), "--out", str(tmp_path / "p.docx")]) == 0
    argv = [*base, "brief", "--persona", "CFO", "--sector", "Retail", "--stage", "Decision"]
    assert run([*argv, "--out", str(tmp_path / "b.docx")]) == 0
    assert "Wrote the pre-call brief" in capsys.readouterr().out
    assert run([*argv[:-2], "--stage", "Nowhere", "--out", str(tmp_path / "x.docx")]) == 2
    assert run([*base, "journey", "export", "99", "--out", str(tmp_path / "y.docx")]) == 2
    assert not (tmp_path / "x.docx").exists() and not (tmp_path / "y.docx").exists()


def test_cli_brief_says_what_was_already_sent_to_the_account(
    lib: Library, workshop: int, tmp_path: Path, capsys
) -> None:
    from smkdesk.core.util.timeutil import local_date

    argv = ["--library", str(lib.path), "brief", "--persona", "CFO", "--sector", "Retail"]
    argv += ["--stage", "Decision", "--out", str(tmp_path / "b.docx")]
    assert run([*argv, "--account", "Calder"]) == 0
    line = capsys.readouterr().out.strip()
    sent = brief_data(lib, "CFO", "Retail", "Decision", "Calder").sent
    assert len(sent) == 1  # the case study, logged as sent in the fixture
    assert line.endswith(f"; 1 already sent to Calder (last on {local_date(sent[0].when)}).")
    assert run([*argv, "--account", "Acme"]) == 0
    assert capsys.readouterr().out.strip().endswith("; nothing logged as sent to Acme yet.")
    assert run(argv) == 0
    assert "sent" not in capsys.readouterr().out  # no account: nothing said about sending


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_pack_and_brief(lib: Library, workshop: int, tmp_path: Path) -> None:
    from pypdf import PdfReader

    write_workshop_pack(lib.journeys.workshop(workshop), tmp_path / "pack.docx")
    write_brief(brief_data(lib, "CFO", "Retail", "Decision"), tmp_path / "brief.docx")
    for name, most in (("pack", 12), ("brief", 2)):
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
             "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / f"{name}.docx")],
            check=True, timeout=180, capture_output=True,
        )  # fmt: skip
        pages = PdfReader(tmp_path / f"{name}.pdf").pages
        assert 1 <= len(pages) <= most
        assert "update" not in pages[0].extract_text().lower()  # the contents show headings
    # LibreOffice lays out the page numbers itself: they agree with those cached for Word
    pdf = PdfReader(tmp_path / "pack.pdf")
    shown = pdf.pages[1].extract_text()
    cached = _cached_contents(Document(str(tmp_path / "pack.docx")))
    for name, page in cached.items():
        line = next(ln for ln in shown.splitlines() if ln.startswith(name))
        assert line.rstrip().endswith(page), (line, page)
        assert name in pdf.pages[int(page) - 1].extract_text()


def _cached_contents(doc) -> dict[str, str]:
    """Each contents line's text and the page number Word shows (the cached result)."""
    start = next(i for i, p in enumerate(doc.paragraphs) if p.text == "Contents")
    out = {}
    for p in doc.paragraphs[start + 1 :]:
        if "\t" not in p.text:
            break
        name, page = p.text.split("\t")
        out[name] = page
    return out


def test_workshop_pack_cover_contents_and_layout(
    lib: Library, workshop: int, h, tmp_path: Path
) -> None:
    from docx.oxml.ns import qn

    from smkdesk.core.reports.docx_pages import estimate_pages

    w = lib.journeys.workshop(workshop)
    draft = h.add_link(lib, "Pilot plan draft", stages=("Decision",), status="draft")
    lib.journeys.link_asset(w.stages[2].questions[2].id, draft)
    out = tmp_path / "pack.docx"
    write_workshop_pack(lib.journeys.workshop(workshop), out)
    doc = Document(str(out))
    # a real cover: name, date, facilitator, both teams, scope, stages; then a
    # page with the outcomes at a glance and the contents (never almost empty)
    pages: list[list[str]] = [[]]
    for block in doc.element.body.iterchildren():
        if block.xpath("./w:pPr/w:pageBreakBefore"):
            break  # the first stage
        pages[-1].append("".join(t.text or "" for t in block.iter(qn("w:t"))))
        if block.tag == qn("w:p") and block.xpath(".//w:br[@w:type='page']"):
            pages.append([])
    assert len(pages) == 2
    cover_text, second = "\n".join(pages[0]), "\n".join(pages[1])
    assert "questions answered" not in cover_text
    for expected in (
        "Outcomes at a glance",
        "questions answered",
        "How can the buyer experience our solution before purchase? (Hannah Okafor, 4 votes)",
        "2 questions already have content that answers them (2 assets in all).",
        "Contents",
    ):
        assert expected in second, expected
    for expected in (
        "Retail CFO workshop",
        "17 September 2026",
        "Claire Dubois",
        "Priya Raman",
        "Hannah Okafor",
        "CFO",
        "Retail",
        "Awareness (25 min), Consideration (20 min), Decision (20 min)",
    ):
        assert expected in cover_text, expected
    # the contents list each section with a page number, cached for Word
    contents = _cached_contents(doc)
    assert list(contents) == [
        "Awareness",
        "Consideration",
        "Decision",
        "Gaps, by priority",
        "Action list",
    ]
    assert all(page.isdigit() and int(page) >= 3 for page in contents.values())
    assert contents["Awareness"] == "3"  # cover, contents, then the first stage
    estimated = estimate_pages(doc)
    assert contents["Decision"] == str(estimated["pack_stage_2"])
    # every stage and the gaps start a page; headings keep with what follows
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading"):
            own = p.paragraph_format.keep_with_next
            assert own or (own is None and p.style.paragraph_format.keep_with_next), p.text
    # a short question's answers stay with it, on one page
    i = next(i for i, p in enumerate(doc.paragraphs) if p.text == "Sales view: ")
    assert doc.paragraphs[i - 1].style.name == "Heading 2"
    assert all(p.paragraph_format.keep_with_next for p in doc.paragraphs[i - 1 : i + 2])
    starts = [p.text for p in doc.paragraphs if p.paragraph_format.page_break_before]
    assert starts == ["Awareness", "Consideration", "Decision", "Gaps, by priority"]
    # where to find the content: the link or the original file name, drafts marked
    links = next(t for t in doc.tables if t.rows[0].cells[0].text == "Content that answers it")
    assert links.rows[0].cells[2].text == "Where to find it"
    assert links.rows[1].cells[2].text.startswith("https://example.com/asset/")
    rows = [
        [c.text for c in r.cells]
        for t in doc.tables
        if t.rows[0].cells[0].text == "Content that answers it"
        for r in t.rows[1:]
    ]
    assert ["Pilot plan draft", "Draft", rows[-1][2]] in rows
    # the file is readable like any other the user makes (not 0600)
    import os
    import stat

    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


def test_pack_where_never_shows_a_stored_file_name(lib: Library, workshop: int) -> None:
    from smkdesk.core.journeys.types import LinkedAsset
    from smkdesk.core.reports.workshop_pack import _where

    stored = "a382" + "0" * 60 + ".pdf"
    # where the team finds it: its library, the asset's number, the original name
    assert _where(LinkedAsset(1, "Guide", None, stored, "published")) == (
        "Team library (smkdesk), asset #1"
    )
    assert _where(LinkedAsset(7, "Guide", None, "cfo-guide.pdf", "published")) == (
        "Team library (smkdesk), asset #7, file cfo-guide.pdf"
    )
