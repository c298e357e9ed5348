"""Page numbers for a document's contents, without a layout engine.

Why the contents are written this way: a TOC field that the reader's word
processor must update either shows no numbers or, with ``w:updateFields``
(or a field marked dirty), makes Word ask "This document contains fields
that may refer to other files. Update the fields?" on every opening, and
LibreOffice never updates a TOC field on opening at all. So the contents are
plain paragraphs (``docx_kit.add_toc``) whose page numbers are ``PAGEREF``
fields pointing at a bookmark on each heading:

- LibreOffice turns a PAGEREF into a live reference field and lays it out
  itself, so its numbers (on screen and in a PDF) are always exact;
- Word shows the field's cached result and never prompts; it recomputes
  bookmark references when it prints or saves as PDF, and on F9.

The cached result is the page this module estimates for each bookmark from
the document's own styles: line heights, wrapped lines at an average glyph
width, space before and after, tables row by row (rows never split), page
breaks, and chains of keep-with-next paragraphs. The reports help it stay
exact by starting their main sections on a new page, so an estimate can
only drift inside one section.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

GLYPH_EM = 0.43  # Calibri's (and Carlito's) average glyph width in ems, word wrap included
LINE_EM = 1.22  # its line height, in ems, at single spacing
CELL_PAD_PT = 5.4 * 2  # a table cell's left and right margins
LIST_INDENT_PT = 36.0
DEFAULT_SIZE_PT = 11.0
DEFAULT_LINE = 1.15  # python-docx's template: docDefaults spacing line=276


def _style_value(style: ParagraphStyle | None, get: str) -> object:
    """A paragraph or font property from the style or the first style it is based on."""
    while style is not None:
        owner = style.font if get in ("size", "bold") else style.paragraph_format
        value = getattr(owner, get)
        if value is not None:
            return value
        style = style.base_style
    return None


def _points(value: object, default: float) -> float:
    pt = getattr(value, "pt", None)
    return float(pt) if pt is not None else default


class _Flow:
    """Where the next line goes: the page number and the points used on it."""

    def __init__(self, doc: Document) -> None:
        section = doc.sections[0]
        height = _points(section.page_height, 842.0)
        width = _points(section.page_width, 595.0)
        top = _points(section.top_margin, 72.0)
        bottom = _points(section.bottom_margin, 72.0)
        left = _points(section.left_margin, 72.0)
        right = _points(section.right_margin, 72.0)
        self.page_height = height - top - bottom
        self.width = width - left - right
        self.page = 1
        self.used = 0.0
        self.hard_break = True  # the page began with a break asked for (or the document)

    def new_page(self, hard: bool = False) -> None:
        self.page += 1
        self.used = 0.0
        self.hard_break = hard

    @property
    def at_natural_top(self) -> bool:
        """At the top of a page the text flowed onto (space before is dropped there)."""
        return self.used == 0 and not self.hard_break

    def fits(self, height: float) -> bool:
        return self.used + height <= self.page_height or self.used == 0

    def place(self, height: float) -> None:
        if not self.fits(height):
            self.new_page()
        self.used += height
        self.hard_break = False
        while self.used > self.page_height:  # a block taller than a page runs on
            self.used -= self.page_height
            self.page += 1


def _lines(text: str, width_pt: float, size_pt: float) -> int:
    per_line = max(1, int(width_pt / (size_pt * GLYPH_EM)))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _paragraph_size(p: Paragraph) -> float:
    sizes = [r.font.size.pt for r in p.runs if r.font.size is not None]
    if sizes:
        return float(max(sizes))
    return _points(_style_value(p.style, "size"), DEFAULT_SIZE_PT)


def _paragraph_text(p: Paragraph) -> str:
    """The text as laid out: a line break is a new line; a field shows its result."""
    out: list[str] = []
    for node in p._p.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab"):
            out.append("    ")
        elif node.get(qn("w:type")) in (None, "textWrapping"):
            out.append("\n")
    return "".join(out)


def _paragraph_height(p: Paragraph, width: float, first_on_page: bool = False) -> float:
    size = _paragraph_size(p)
    fmt = p.paragraph_format
    before = _points(
        fmt.space_before if fmt.space_before is not None else _style_value(p.style, "space_before"),
        0.0,
    )
    after = _points(
        fmt.space_after if fmt.space_after is not None else _style_value(p.style, "space_after"),
        10.0,
    )
    spacing = fmt.line_spacing or _style_value(p.style, "line_spacing") or DEFAULT_LINE
    factor = float(spacing) if isinstance(spacing, (int, float)) else 1.0
    style_name = p.style.name if p.style is not None else ""
    if style_name.startswith("List"):
        width -= LIST_INDENT_PT
        after = 0.0  # contextual spacing between list items
    lines = _lines(_paragraph_text(p), width, size)
    return (0.0 if first_on_page else before) + lines * size * LINE_EM * factor + after


def _keep_with_next(p: Paragraph) -> bool:
    own = p.paragraph_format.keep_with_next
    return bool(own if own is not None else _style_value(p.style, "keep_with_next"))


def _page_break_before(p: Paragraph) -> bool:
    own = p.paragraph_format.page_break_before
    return bool(own if own is not None else _style_value(p.style, "page_break_before"))


def _breaks_after(p: Paragraph) -> int:
    return sum(1 for br in p._p.iter(qn("w:br")) if br.get(qn("w:type")) == "page")


def _table_rows(t: Table) -> list[float]:
    """Each row's height: its tallest cell, plus the cell borders."""
    widths = [_points(c.width, 72.0) for c in t.columns]
    heights = []
    for row in t.rows:
        tallest = 0.0
        for i, cell in enumerate(row.cells):
            width = max(20.0, (widths[i] if i < len(widths) else 72.0) - CELL_PAD_PT)
            tallest = max(tallest, sum(_paragraph_height(p, width) for p in cell.paragraphs))
        heights.append(tallest + 1.5)
    return heights


def _blocks(doc: Document) -> Iterator[Paragraph | Table]:
    for child in doc.element.body.iterchildren():
        if isinstance(child, CT_P):
            yield Paragraph(child, doc)
        elif child.tag == qn("w:tbl"):
            yield Table(child, doc)


def _bookmarks(element: BaseOxmlElement) -> list[str]:
    return [b.get(qn("w:name")) or "" for b in element.iter(qn("w:bookmarkStart"))]


def estimate_pages(doc: Document) -> dict[str, int]:
    """The page each bookmark is estimated to fall on."""
    return {name: page for name, (page, _y) in estimate_positions(doc).items()}


def estimate_positions(doc: Document) -> dict[str, tuple[int, float]]:
    """The page each bookmark is estimated to fall on, and how far down that
    page its block starts (points from the top margin)."""
    flow = _Flow(doc)
    found: dict[str, tuple[int, float]] = {}
    blocks = list(_blocks(doc))
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Table):
            rows = _table_rows(block)
            header = rows[0] if rows else 0.0
            for n, height in enumerate(rows):
                if n and not flow.fits(height):
                    flow.new_page()
                    flow.place(header)  # the header row repeats on the new page
                flow.place(height)
            for name in _bookmarks(block._tbl):
                found.setdefault(name, (flow.page, flow.used))
            i += 1
            continue
        if _page_break_before(block) and flow.used > 0:
            flow.new_page(hard=True)
        # a chain of keep-with-next paragraphs moves as one when it fits a page
        chain: list[Paragraph | Table] = [block]
        last: Paragraph = block
        j = i
        while _keep_with_next(last) and j + 1 < len(blocks):
            j += 1
            nxt = blocks[j]
            chain.append(nxt)
            if isinstance(nxt, Table):
                break  # kept with the table's first rows
            last = nxt
        chain_height = 0.0
        for item in chain:
            if isinstance(item, Table):
                rows = _table_rows(item)
                chain_height += sum(rows[:2])
            else:
                chain_height += _paragraph_height(item, flow.width)
        if len(chain) > 1 and not flow.fits(chain_height) and chain_height <= flow.page_height:
            flow.new_page()
        height = _paragraph_height(block, flow.width, first_on_page=flow.at_natural_top)
        if not flow.fits(height):
            flow.new_page()
            height = _paragraph_height(block, flow.width, first_on_page=True)
        for name in _bookmarks(block._p):
            found.setdefault(name, (flow.page, flow.used))
        flow.place(height)
        for _ in range(_breaks_after(block)):
            flow.new_page(hard=True)
        i += 1
    return found


def fill_page_refs(doc: Document) -> None:
    """Write the estimated page into every PAGEREF field's cached result."""
    pages = estimate_pages(doc)
    body = doc.element.body
    for instr in body.iter(qn("w:instrText")):
        code = (instr.text or "").split()
        if len(code) < 2 or code[0] != "PAGEREF" or code[1] not in pages:
            continue
        # the result is the text between this field's "separate" and "end"
        run = instr.getparent()
        node = run.getnext() if run is not None else None
        in_result = False
        while node is not None:
            chars = node.findall(qn("w:fldChar"))
            kinds = [c.get(qn("w:fldCharType")) for c in chars]
            if "end" in kinds:
                break
            if "separate" in kinds:
                in_result = True
            elif in_result:
                for text in node.iter(qn("w:t")):
                    text.text = str(pages[code[1]])
            node = node.getnext()
