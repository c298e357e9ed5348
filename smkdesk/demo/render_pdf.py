"""Write the demo's PDFs (fpdf2 with the built-in Helvetica font).

The demo ships these PDFs in ``resources/demo/pdf/`` and copies them (see
``render.copy_pdf``), so neither the app nor ``smkdesk demo`` needs fpdf2. After
changing a ``format: pdf`` source, write them again (fpdf2 is in the
``demo-build`` and ``test`` extras)::

    python -m smkdesk.demo.render_pdf        # rewrites resources/demo/pdf/

The output is deterministic (every PDF source has a ``created`` date), and
``tests/core/test_demo.py`` checks that the shipped files are current.

Core PDF fonts only cover latin-1, so text is transliterated first
("–" becomes "-", "€" becomes "EUR", and so on).
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from smkdesk.demo.markup import (
    COMPANY,
    Block,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    body_heading,
    parse_blocks,
    plain,
    runs,
)
from smkdesk.demo.sources import DemoSource, load_sources
from smkdesk.resources import resource_path

FONT = "helvetica"
LINE = 5.6  # mm, body line height
ACCENT = (31, 78, 121)
MUTED = (95, 99, 109)
_REPLACEMENTS = {
    "–": "-",
    "—": "-",
    "‑": "-",
    "‘": "'",
    "’": "'",
    "‚": ",",
    "“": '"',
    "”": '"',
    "„": '"',
    "…": "...",
    "€": "EUR ",
    "•": "-",
    "→": "->",
    "←": "<-",
    "≈": "~",
    "≥": ">=",
    "≤": "<=",
    "−": "-",
    "™": "(TM)",
    "\u2009": " ",
    "\u202f": " ",
}
_HEADING_SIZES = {1: 15.0, 2: 13.0, 3: 11.5}


def latin1(text: str) -> str:
    """Replace characters the core PDF fonts cannot show with close latin-1 equivalents."""
    out: list[str] = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
        elif ch in _REPLACEMENTS:
            out.append(_REPLACEMENTS[ch])
        else:
            folded = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(folded or "?")
    return "".join(out).replace("EUR  ", "EUR ")


class _DemoPDF(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self.footer_text = latin1(footer_text)
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=18)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "I", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, f"{self.footer_text}  |  page {self.page_no()}", align="C")


def _markdown(text: str) -> str:
    """Inline text as fpdf2 markdown: ``**bold**`` kept, every other marker escaped."""
    out: list[str] = []
    for chunk, bold in runs(text):
        safe = latin1(chunk).replace("\\", "\\\\")
        for marker in FPDF.MARKDOWN_MARKERS:
            safe = safe.replace(marker, "\\" + marker)
        out.append(f"**{safe}**" if bold else safe)
    return "".join(out)


def _write_runs(pdf: FPDF, text: str, size: float, style: str = "", indent: float = 0) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(
        pdf.epw - indent,
        LINE,
        _markdown(text),
        markdown=True,
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )


def _heading(pdf: FPDF, block: Heading) -> None:
    size = _HEADING_SIZES.get(block.level, 11.5)
    if pdf.get_y() > pdf.h - 45:  # keep a heading with the text that follows it
        pdf.add_page()
    pdf.ln(3 if block.level > 1 else 4)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, size * 0.5, latin1(plain(block.text)), align="L")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1.5)


def _bullets(pdf: FPDF, block: ListBlock) -> None:
    left = pdf.l_margin
    for number, item in enumerate(block.items, start=1):
        if pdf.get_y() > pdf.page_break_trigger - LINE:
            pdf.add_page()
        if block.ordered:
            pdf.set_font(FONT, "", 10.5)
            pdf.set_x(left + 2)
            pdf.cell(6, LINE, f"{number}.")
        else:
            pdf.set_fill_color(*ACCENT)
            pdf.ellipse(left + 3, pdf.get_y() + LINE / 2 - 0.8, 1.6, 1.6, style="F")
        _write_runs(pdf, item, 10.5, indent=8)
        pdf.ln(0.8)
    pdf.ln(1.5)


def _quote(pdf: FPDF, block: Quote) -> None:
    left = pdf.l_margin
    if pdf.get_y() > pdf.page_break_trigger - 3 * LINE:
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_text_color(*MUTED)
    _write_runs(pdf, block.text, 10.5, "I", indent=7)
    pdf.set_text_color(0, 0, 0)
    if pdf.get_y() > top:  # no bar when the quote crossed a page break
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.8)
        pdf.line(left + 2, top, left + 2, pdf.get_y())
    pdf.ln(2.5)


def _table(pdf: FPDF, block: Table) -> None:
    pdf.set_font(FONT, "", 9.5)
    pdf.set_draw_color(170, 176, 186)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_line_width(0.2)
    heading = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=ACCENT)
    with pdf.table(
        line_height=5,
        padding=1.5,
        text_align="LEFT",
        headings_style=heading,
        first_row_as_headings=block.header,
    ) as grid:
        for row in block.rows:
            cells = grid.row()
            for text in row:
                cells.cell(latin1(plain(text)))
    pdf.ln(3)


def _block(pdf: FPDF, block: Block) -> None:
    if isinstance(block, Heading):
        _heading(pdf, block)
    elif isinstance(block, Paragraph):
        _write_runs(pdf, block.text, 10.5)
        pdf.ln(2.2)
    elif isinstance(block, ListBlock):
        _bullets(pdf, block)
    elif isinstance(block, Quote):
        _quote(pdf, block)
    elif isinstance(block, Table):
        _table(pdf, block)


def render_pdf(source: DemoSource, path: Path) -> Path:
    """Write ``source`` as a .pdf at ``path`` and return the path."""
    pdf = _DemoPDF(f"{COMPANY} – {source.type}")
    pdf.set_title(source.title)
    pdf.set_subject(source.description)
    pdf.set_author(source.owner or COMPANY)
    pdf.set_keywords(", ".join(source.keywords))
    pdf.set_creator(COMPANY)
    pdf.set_lang(source.language)
    if source.created is not None:
        pdf.set_creation_date(
            datetime(source.created.year, source.created.month, source.created.day, tzinfo=UTC)
        )
    headline, blocks = body_heading(parse_blocks(source.body))
    pdf.add_page()
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*MUTED)
    kicker = latin1(f"{COMPANY.upper()}  |  {source.type.upper()}")
    pdf.cell(0, 5, kicker, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, "B", 20)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 9, latin1(headline or source.title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    for block in blocks:
        _block(pdf, block)
    pdf.output(str(path))
    return path


def write_shipped(out_dir: Path, sources: Sequence[DemoSource] | None = None) -> list[Path]:
    """Write every ``format: pdf`` source into ``out_dir``; remove PDFs no source makes."""
    from smkdesk.demo.render import output_name  # render imports nothing from here

    out_dir.mkdir(parents=True, exist_ok=True)
    items = [s for s in (load_sources() if sources is None else sources) if s.format == "pdf"]
    written = [render_pdf(source, out_dir / output_name(source)) for source in items]
    for stale in set(out_dir.glob("*.pdf")) - set(written):
        stale.unlink()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m smkdesk.demo.render_pdf [DIR]``: DIR defaults to the bundled folder."""
    from smkdesk.demo.render import SHIPPED_PDFS

    args = list(sys.argv[1:] if argv is None else argv)
    out_dir = Path(args[0]) if args else resource_path(SHIPPED_PDFS[0]) / SHIPPED_PDFS[1]
    written = write_shipped(out_dir)
    size = sum(path.stat().st_size for path in written)
    print(f"Wrote {len(written)} PDFs ({size / 1024:.0f} KB) to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
