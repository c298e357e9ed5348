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
from smkdesk.core.journey_types import Participant
from smkdesk.core.library import Library
from smkdesk.core.reports.brief import brief_data, write_brief
from smkdesk.core.reports.workshop_pack import write_workshop_pack
from smkdesk.core.usage import UsageContext, User


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
    assert headings[:3] == ["Contents", "Participants", "Awareness"]
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
    assert gaps.rows[1].cells[2].text == "4"  # most votes first
    assert "TOC" in doc.element.xml  # a real table-of-contents field


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
