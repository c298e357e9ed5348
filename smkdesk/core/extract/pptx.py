"""PowerPoint presentations (.pptx), with python-pptx.

Per slide: the title first, then every shape's text (grouped shapes included,
recursively), tables row by row, chart titles, and the speaker notes. Slides
are separated by a blank line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from smkdesk.core.errors import RejectedFile
from smkdesk.core.extract.model import Extraction, Limits
from smkdesk.core.extract.textutil import TextBuilder, clean_title, finish, parse_failure

_DOC_NAME = "PowerPoint presentation"


def extract_pptx(path: Path, limits: Limits) -> Extraction:
    """Extract the text and the title of a .pptx file."""
    from pptx import Presentation

    try:
        presentation = Presentation(str(path))
        slides = list(presentation.slides)
        builder = TextBuilder(limits.max_text_chars)
        for slide in slides:
            if not _add_slide(builder, slide):
                break
            builder.add_break()
        title = clean_title(presentation.core_properties.title) or _slide_title(slides)
    except (RejectedFile, MemoryError):
        raise
    except Exception as exc:
        raise parse_failure(_DOC_NAME, exc) from None
    return finish(builder, kind="pptx", title=title, pages=len(slides))


def _add_slide(builder: TextBuilder, slide: Any) -> bool:
    """Add one slide's text; False once the builder is full."""
    title_shape = slide.shapes.title
    lines: list[str] = []
    if title_shape is not None:
        lines.extend(_shape_lines([title_shape]))
    title_id = title_shape.shape_id if title_shape is not None else None
    others = [shape for shape in slide.shapes if shape.shape_id != title_id]
    lines.extend(_shape_lines(others))
    if slide.has_notes_slide:
        notes = slide.notes_slide.notes_text_frame
        if notes is not None:
            lines.append(notes.text)
    return all(builder.add(line) for line in lines)


def _shape_lines(shapes: Iterable[Any]) -> Iterator[str]:
    from pptx.shapes.graphfrm import GraphicFrame
    from pptx.shapes.group import GroupShape

    for shape in shapes:
        if isinstance(shape, GroupShape):
            yield from _shape_lines(shape.shapes)
            continue
        if getattr(shape, "has_text_frame", False):
            yield shape.text_frame.text
        if isinstance(shape, GraphicFrame):
            yield from _frame_lines(shape)


def _frame_lines(frame: Any) -> Iterator[str]:
    if frame.has_table:
        for row in frame.table.rows:
            cells = (cell.text.replace("\n", " ").strip() for cell in row.cells)
            yield " | ".join(text for text in cells if text)
    elif frame.has_chart:
        chart = frame.chart
        if chart.has_title and chart.chart_title.has_text_frame:
            yield chart.chart_title.text_frame.text


def _slide_title(slides: list[Any]) -> str | None:
    """The first slide title found, starting with the first slide."""
    for slide in slides:
        shape = slide.shapes.title
        if shape is not None and shape.has_text_frame:
            title = clean_title(shape.text_frame.text)
            if title:
                return title
    return None
