"""Render a demo source as a PowerPoint deck (python-pptx)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pptx import Presentation
from pptx.presentation import Presentation as PptxPresentation
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from smkdesk.demo.markup import COMPANY, ListBlock, Slide, Table, plain, runs, split_slides
from smkdesk.demo.sources import DemoSource

TITLE_LAYOUT, CONTENT_LAYOUT, TITLE_ONLY_LAYOUT = 0, 1, 5
MARGIN = Inches(0.5)


def _lines(slide: Slide) -> list[tuple[str, bool]]:
    """Text lines of a slide, each with whether it is a bullet."""
    lines: list[tuple[str, bool]] = []
    for block in slide.blocks:
        if isinstance(block, ListBlock):
            lines += [(item, True) for item in block.items]
        elif not isinstance(block, Table):
            lines.append((getattr(block, "text", ""), False))
    return lines


def _fill(frame: TextFrame, lines: list[tuple[str, bool]], size: int) -> None:
    frame.word_wrap = True
    for i, (text, _bullet) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()  # type: ignore[no-untyped-call]
        paragraph.space_after = Pt(6)
        for chunk, bold in runs(text):
            run = paragraph.add_run()
            run.text = chunk
            run.font.size = Pt(size)
            run.font.bold = bold or None


def _body_size(lines: list[tuple[str, bool]]) -> int:
    chars = sum(len(text) for text, _ in lines)
    return 24 if chars < 220 and len(lines) <= 5 else 20 if chars < 380 else 18


def _set_title(slide: PptxSlide, text: str, size: int = 32) -> None:
    title = slide.shapes.title
    if title is None:
        return
    title.text = plain(text)
    for paragraph in title.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = True


def _add_table(prs: PptxPresentation, slide: PptxSlide, table: Table, top: Emu) -> None:
    width = Emu(prs.slide_width - 2 * MARGIN)
    row_height = Inches(0.45)
    shape = slide.shapes.add_table(
        len(table.rows), table.columns, MARGIN, top, width, Emu(row_height * len(table.rows))
    )
    size = 14 if table.columns <= 3 else 12
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            frame = shape.table.cell(r, c).text_frame
            frame.word_wrap = True
            run = frame.paragraphs[0].add_run()
            run.text = plain(text)
            run.font.size = Pt(size)
            run.font.bold = True if (r == 0 and table.header) or text.startswith("**") else None


def _title_slide(prs: PptxPresentation, slide: Slide) -> None:
    page = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
    _set_title(page, slide.title, 40)
    subtitle = page.placeholders[1]
    lines = _lines(slide) or [(COMPANY, False)]
    _fill(subtitle.text_frame, lines, 20)
    _notes(page, slide.notes)


def _content_slide(prs: PptxPresentation, slide: Slide) -> None:
    lines = _lines(slide)
    tables = [b for b in slide.blocks if isinstance(b, Table)]
    if tables:
        page = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
        _set_title(page, slide.title)
        top = Emu(Inches(1.6))
        if lines:
            box: Shape = page.shapes.add_textbox(
                MARGIN, top, Emu(prs.slide_width - 2 * MARGIN), Inches(0.4 * len(lines))
            )
            _fill(box.text_frame, lines, 18)
            top = Emu(top + Inches(0.45 * len(lines)))
        for table in tables:
            _add_table(prs, page, table, top)
            top = Emu(top + Inches(0.5 * len(table.rows) + 0.3))
    else:
        page = prs.slides.add_slide(prs.slide_layouts[CONTENT_LAYOUT])
        _set_title(page, slide.title)
        _fill(page.placeholders[1].text_frame, lines, _body_size(lines))
    _notes(page, slide.notes)


def _notes(page: PptxSlide, notes: str) -> None:
    if notes:
        page.notes_slide.notes_text_frame.text = notes  # type: ignore[union-attr]


def render_pptx(source: DemoSource, path: Path) -> Path:
    """Write ``source`` as a .pptx at ``path`` and return the path."""
    prs = Presentation()
    props = prs.core_properties
    props.title = source.title
    props.subject = source.description
    props.author = source.owner or COMPANY
    props.keywords = ", ".join(source.keywords)
    props.category = source.type
    props.language = source.language
    if source.created is not None:
        stamp = datetime(source.created.year, source.created.month, source.created.day, 9, 0)
        props.created = stamp
        props.modified = stamp
    slides = split_slides(source.body)
    if not slides:
        raise ValueError(f"{source.file_stem}: a pptx source needs at least one slide.")
    _title_slide(prs, slides[0])
    for slide in slides[1:]:
        _content_slide(prs, slide)
    prs.save(str(path))
    return path
