"""Render a demo source as a Word document (python-docx)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

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
from smkdesk.demo.sources import DemoSource

MUTED = RGBColor(0x55, 0x5F, 0x6D)


def _add_runs(paragraph: DocxParagraph, text: str) -> None:
    for chunk, bold in runs(text):
        paragraph.add_run(chunk).bold = bold or None


def _add_table(doc: DocxDocument, table: Table) -> None:
    grid = doc.add_table(rows=len(table.rows), cols=table.columns)
    grid.style = "Table Grid"
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            cell = grid.cell(r, c)
            paragraph = cell.paragraphs[0]
            if r == 0 and table.header:
                paragraph.add_run(plain(text)).bold = True
            else:
                _add_runs(paragraph, text)
    doc.add_paragraph()


def _add_block(doc: DocxDocument, block: Block) -> None:
    if isinstance(block, Heading):
        doc.add_heading(plain(block.text), level=min(block.level, 3))
    elif isinstance(block, Paragraph):
        _add_runs(doc.add_paragraph(), block.text)
    elif isinstance(block, ListBlock):
        style = "List Number" if block.ordered else "List Bullet"
        for item in block.items:
            _add_runs(doc.add_paragraph(style=style), item)
    elif isinstance(block, Quote):
        _add_runs(doc.add_paragraph(style="Quote"), block.text)
    elif isinstance(block, Table):
        _add_table(doc, block)


def _set_properties(doc: DocxDocument, source: DemoSource) -> None:
    props = doc.core_properties
    props.title = source.title
    props.subject = source.description
    props.author = source.owner or COMPANY
    props.last_modified_by = source.owner or COMPANY
    props.keywords = ", ".join(source.keywords)
    props.category = source.type
    props.language = source.language
    props.comments = f"{COMPANY} – {source.type}"
    if source.created is not None:
        stamp = datetime(source.created.year, source.created.month, source.created.day, 9, 0)
        props.created = stamp
        props.modified = stamp


def render_docx(source: DemoSource, path: Path) -> Path:
    """Write ``source`` as a .docx at ``path`` and return the path."""
    doc = Document()
    _set_properties(doc, source)
    headline, blocks = body_heading(parse_blocks(source.body))
    doc.add_paragraph(headline or source.title, style="Title")
    intro = doc.add_paragraph(style="Subtitle")
    intro.add_run(f"{COMPANY} · {source.type}").font.color.rgb = MUTED
    for block in blocks:
        _add_block(doc, block)

    section = doc.sections[0]
    footer = section.footer.paragraphs[0]
    footer.text = f"{COMPANY} – {source.type}"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = MUTED
    doc.save(str(path))
    return path
