"""Render the Word reports to PNG pages, to look at them as a client would.

    python bench/render_reports.py OUTDIR                  # builds the demo library
    python bench/render_reports.py OUTDIR --library PATH   # an existing library

Writes OUTDIR/content-audit.docx, workshop-pack.docx (the library's first
workshop) and pre-call-brief.docx (CFO, Retail/Groceries, Decision), converts
each to PDF with LibreOffice
(``soffice --headless --convert-to pdf``) and each page to PNG with pdftoppm.
Needs LibreOffice and poppler-utils (``.ci/run`` installs them).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from smkdesk.core.library import Library  # noqa: E402
from smkdesk.core.reports.audit import write_audit_report  # noqa: E402
from smkdesk.core.reports.brief import brief_data, write_brief  # noqa: E402
from smkdesk.core.reports.workshop_pack import write_workshop_pack  # noqa: E402


def to_pngs(docx: Path, out: Path, profile: Path) -> list[Path]:
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), str(docx)],
        check=True, timeout=300, capture_output=True,
    )  # fmt: skip
    pdf = out / (docx.stem + ".pdf")
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(out / docx.stem)], check=True)
    return sorted(out.glob(f"{docx.stem}-*.png"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--library", type=Path)
    a = ap.parse_args()
    missing = [tool for tool in ("soffice", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(f"missing: {', '.join(missing)} (install LibreOffice and poppler-utils)")
    a.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="smkdesk-reports-") as tmp:
        library = a.library
        if library is None:
            from smkdesk.demo import build_demo

            library = Path(tmp) / "demo"
            print("building the demo library…")
            build_demo(library)
        documents = [a.out / "content-audit.docx"]
        with Library.open(library) as lib:
            write_audit_report(lib, documents[0])
            workshops = lib.journeys.workshops()
            if workshops:
                documents.append(a.out / "workshop-pack.docx")
                write_workshop_pack(lib.journeys.workshop(workshops[0].id), documents[-1])
            documents.append(a.out / "pre-call-brief.docx")
            brief = brief_data(lib, "CFO", "Retail/Groceries", "Decision", "Harbour & Pine Foods")
            write_brief(brief, documents[-1])
        for docx in documents:
            for page in to_pngs(docx, a.out, Path(tmp) / "lo-profile"):
                print(f"  {page.name}")


if __name__ == "__main__":
    main()
