"""The content audit report, read back with python-docx and rendered by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from smkdesk.cli import run
from smkdesk.core.changes import User
from smkdesk.core.errors import SmkError
from smkdesk.core.library import Library
from smkdesk.core.reports.audit import write_audit_report
from smkdesk.core.search.dto import SearchQuery
from smkdesk.core.usage.events import UsageContext

TODAY = date(2026, 6, 1)
REP = User("Sam Rep", "sales rep")


def at(d: date) -> datetime:
    return datetime.combine(d, datetime.min.time()) + timedelta(hours=9)


@pytest.fixture
def audited(lib: Library, h) -> Library:
    old = h.add_link(lib, "Old pricing sheet", stages=("Decision",), personas=("CFO",), owner="Ana")
    used = h.add_link(lib, "CFO business case", stages=("Decision",), personas=("CFO",))
    aware = h.add_link(lib, "Awareness blog", stages=("Awareness",), personas=("CFO",))
    gone = h.add_link(lib, "Spring webinar", stages=("Awareness",), personas=("CFO",))
    for aid in (old, used, aware, gone):
        lib.assets.set_created(aid, at(date(2025, 9, 1)))
    lib.usage.log(used, "sent", REP, UsageContext(account="Fjord"), when=at(date(2026, 5, 10)))
    lib.usage.log(aware, "sent", REP, when=at(date(2026, 5, 12)))
    lib.lifecycle.retire([gone], "Screens are out of date", "Hannah")
    for day in (3, 4, 5):
        lib.requests.log_search(
            SearchQuery(text="procurement checklist"), 0, REP, at(date(2026, 5, day))
        )
    return lib


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def cell_fill(cell) -> str | None:
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shd is None else shd.get(qn("w:fill"))


def test_report_has_its_sections_and_figures(audited: Library, tmp_path: Path) -> None:
    out = tmp_path / "audit.docx"
    summary = write_audit_report(audited, out, today=TODAY)
    assert (summary.published, summary.unused, summary.open_requests, summary.retired) == (
        3,
        1,
        1,
        1,
    )
    doc = Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "Summary",
        "Coverage by buyer-journey stage and persona",
        "Unused and stale content",
        "What sales looked for and did not find",
        "Retired in this period",
    ]
    assert doc.paragraphs[0].text == "Content audit" and doc.paragraphs[0].style.name == "Title"
    body = "\n".join(texts(doc))
    # 3 published, 2 used in the period: 67% (whole percents, core/numbers.py)
    assert "Of 3 published assets, 2 (67%) were used by sales in the last 90 days." in body
    cards = doc.tables[0]
    assert [c.text for c in cards.rows[0].cells] == ["3", "67%", "1", "1", "0"]

    coverage = doc.tables[1]
    header = [c.text for c in coverage.rows[0].cells]
    assert header == ["Persona \\ stage", "Awareness", "Consideration", "Decision"]
    rows = {r.cells[0].text: r for r in coverage.rows[1:]}
    cfo = rows["CFO"]
    assert [c.text for c in cfo.cells[1:]] == ["1", "gap", "2"]
    assert cell_fill(cfo.cells[2]) == "F9D9C7"  # the gap is coloured as one
    assert cell_fill(cfo.cells[3]) not in (None, "F9D9C7")

    queue = doc.tables[2]
    assert [c.text for c in queue.rows[0].cells] == ["Asset", "Type", "Owner", "Why", "Last used"]
    assert queue.rows[1].cells[0].text == "Old pricing sheet"
    assert "Never used since it was added" in queue.rows[1].cells[3].text
    requests = doc.tables[3]
    assert [c.text for c in requests.rows[1].cells][:5] == [
        "procurement checklist",
        "any",
        "any",
        "any",
        "3",
    ]
    retired = [c.text for c in doc.tables[4].rows[1].cells]
    assert (retired[0], retired[2], retired[3]) == (
        "Spring webinar",
        "Hannah",
        "Screens are out of date",
    )


def test_empty_sections_say_so(lib: Library, tmp_path: Path) -> None:
    out = tmp_path / "empty.docx"
    write_audit_report(lib, out, today=TODAY)
    body = "\n".join(texts(Document(str(out))))
    assert "No open content requests" in body
    assert "No content was retired in this period." in body
    assert "Nothing to review" in body


def test_unwritable_target_leaves_nothing(lib: Library, tmp_path: Path) -> None:
    with pytest.raises(SmkError, match="does not exist"):
        write_audit_report(lib, tmp_path / "missing" / "a.docx", today=TODAY)
    assert not (tmp_path / "missing").exists()
    assert list(tmp_path.glob("*.docx")) == []


def test_cli_report_audit(audited: Library, tmp_path: Path, capsys) -> None:
    out = tmp_path / "cli.docx"
    assert run(["--library", str(audited.path), "report", "audit", "--out", str(out)]) == 0
    assert "Wrote the content audit" in capsys.readouterr().out
    assert Document(str(out)).paragraphs[0].text == "Content audit"
    assert run(["--library", str(audited.path), "report", "audit", "--out", "x.pdf"]) == 2
    assert "give a .docx file" in capsys.readouterr().err


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_report(audited: Library, tmp_path: Path) -> None:
    out = tmp_path / "audit.docx"
    write_audit_report(audited, out, today=TODAY)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    from pypdf import PdfReader

    reader = PdfReader(tmp_path / "audit.pdf")
    assert 2 <= len(reader.pages) <= 6
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Content audit" in text and "procurement" in text
