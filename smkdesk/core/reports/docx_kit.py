"""Building blocks for smkdesk's Word documents (python-docx): real styles,
a cover block, tables with a repeated header row and shaded cells, figure
cards, fields (page numbers), a contents list whose page numbers show in
Word and LibreOffice without a prompt (see ``docx_pages``), and an atomic
save that leaves the file with the user's normal permissions.

Every report builds on these, so documents look alike and open cleanly in
Word and LibreOffice. Every text written to a document loses what XML cannot
hold (``textclean.xml_safe``), whether a report writes it through the kit or
through python-docx: a control character in a library written by an older
version or another tool never makes a report fail.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import register_element_cls
from docx.oxml.text.run import CT_R, CT_Text
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from smkdesk.core.errors import SmkError
from smkdesk.core.reports.docx_pages import fill_page_refs
from smkdesk.core.util.textclean import one_line, xml_safe

INK = RGBColor(0x1F, 0x2A, 0x37)
ACCENT = RGBColor(0x00, 0x5A, 0x9C)
MUTED = RGBColor(0x5F, 0x6B, 0x7A)
HEADER_FILL = "E8EEF5"
GAP_FILL = "F9D9C7"
BODY_FONT = "Calibri"


class _XmlSafeRun(CT_R):
    """``<w:r>``: python-docx puts every run's text (``add_run``, ``Run.text``,
    ``add_paragraph``, ``add_heading``, ``_Cell.text``) into ``<w:t>`` elements
    through ``add_t``."""

    def add_t(self, text: str) -> CT_Text:
        return super().add_t(xml_safe(text))


register_element_cls("w:r", _XmlSafeRun)


def months(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def new_report(title: str, subtitle: str, landscape: bool = False) -> Document:
    """A document with the house styles, margins, and a running footer."""
    doc = new_document()
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(6)
    for name, size, color in (
        ("Title", 26, INK),
        ("Subtitle", 13, MUTED),
        ("Heading 1", 16, ACCENT),
        ("Heading 2", 12.5, INK),
    ):
        style = styles[name]
        style.font.name = BODY_FONT
        style.font.size = Pt(size)
        style.font.color.rgb = color
        style.font.bold = name.startswith("Heading") or name == "Title"
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), BODY_FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)
    styles["Heading 1"].paragraph_format.space_before = Pt(18)
    styles["Heading 1"].paragraph_format.space_after = Pt(6)
    styles["Heading 2"].paragraph_format.space_before = Pt(12)
    doc.core_properties.title = one_line(title)
    doc.core_properties.subject = one_line(subtitle)
    doc.core_properties.author = "smkdesk"
    _footer(doc, title)
    return doc


def _footer(doc: Document, title: str) -> None:
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = footer.add_run(f"{title}  ·  page ")
    run.font.size, run.font.color.rgb = Pt(8.5), MUTED
    add_field(footer, "PAGE", "1", size=8.5)


def add_field(
    paragraph: Paragraph, code: str, placeholder: str | Sequence[str], size: float = 10.5
) -> None:
    """A Word field (PAGE, TOC…) that Word and LibreOffice fill in; until they do,
    the placeholder lines are shown (for a TOC: the headings, so a converted
    or printed copy never says "update this field")."""
    run = paragraph.add_run()
    run.font.size, run.font.color.rgb = Pt(size), MUTED
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate):
        run._r.append(element)
    lines = [placeholder] if isinstance(placeholder, str) else list(placeholder)
    for i, line in enumerate(lines):
        if i:
            run._r.append(OxmlElement("w:br"))
        text = OxmlElement("w:t")
        text.set(qn("xml:space"), "preserve")
        text.text = xml_safe(line)
        run._r.append(text)
    run._r.append(end)


def add_bookmark(paragraph: Paragraph, name: str) -> None:
    """A bookmark around the paragraph's text (a contents entry points at it)."""
    ids = [int(b.get(qn("w:id")) or 0) for b in paragraph.part.element.iter(qn("w:bookmarkStart"))]
    mark = str(max(ids, default=0) + 1)
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), mark)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), mark)
    p = paragraph._p
    p.insert(1 if p.pPr is not None else 0, start)
    p.append(end)


def heading(
    doc: Document, text: str, level: int, bookmark: str | None = None, new_page: bool = False
) -> Paragraph:
    """A heading (kept with what follows it), optionally bookmarked for the
    contents and starting a new page."""
    p: Paragraph = doc.add_heading(text, level=level)
    p.paragraph_format.keep_with_next = True
    if new_page:
        p.paragraph_format.page_break_before = True
    if bookmark:
        add_bookmark(p, bookmark)
    return p


def drop_trailing_spacer(doc: Document) -> None:
    """Remove the empty paragraph a table leaves after it, when a new page
    follows: at the foot of a full page it would push the next section one
    page further."""
    last = doc.element.body[-2] if len(doc.element.body) > 1 else None  # [-1]: sectPr
    if last is None or last.tag != qn("w:p") or list(last.iter(qn("w:br"))):
        return
    if not Paragraph(last, doc).text:
        doc.element.body.remove(last)


def _page_ref(paragraph: Paragraph, bookmark: str) -> None:
    """A PAGEREF field, in its own runs; ``save_atomically`` fills its result."""
    parts: list[tuple[str, str]] = [
        ("begin", ""),
        ("instr", f" PAGEREF {bookmark} \\h "),
        ("separate", ""),
        ("text", "?"),
        ("end", ""),
    ]
    for kind, value in parts:
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = value
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = value
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def add_toc(doc: Document, entries: Sequence[tuple[str, str]], title: str = "Contents") -> None:
    """The contents: one line per (text, bookmark) with a dotted leader and the
    page number, shown by Word and LibreOffice as soon as the file opens, with
    no "update fields" prompt (``docx_pages`` says how)."""
    doc.add_heading(title, level=1)
    if not entries:
        doc.add_paragraph("(no sections)")
        return
    section = doc.sections[0]
    width = (
        (section.page_width or Cm(21)) - (section.left_margin or 0) - (section.right_margin or 0)
    )
    for text, bookmark in entries:
        p = doc.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        p.paragraph_format.space_after = Pt(4)
        p.add_run(f"{text}\t")
        _page_ref(p, bookmark)


def cover(doc: Document, title: str, subtitle: str, lines: Sequence[str]) -> None:
    doc.add_paragraph(title, style="Title")
    doc.add_paragraph(subtitle, style="Subtitle")
    for line in lines:
        p = doc.add_paragraph(line)
        p.runs[0].font.color.rgb = MUTED


def shade(cell: _Cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    props.append(shd)


def set_text(
    cell: _Cell,
    text: str,
    bold: bool = False,
    color: RGBColor | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    size: float | None = None,
) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold
    if color is not None:
        run.font.color.rgb = color
    if size is not None:
        run.font.size = Pt(size)


def table(
    doc: Document,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_cm: Sequence[float],
    numeric: Sequence[int] = (),
) -> Table:
    """A table with a shaded header row that repeats on every page."""
    t: Table = doc.add_table(rows=1, cols=len(header))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    head = t.rows[0]
    trpr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    for i, text in enumerate(header):
        cell = head.cells[i]
        shade(cell, HEADER_FILL)
        align = WD_ALIGN_PARAGRAPH.RIGHT if i in numeric else None
        set_text(cell, text, bold=True, align=align, size=9.5)
    for values in rows:
        row = t.add_row()  # type: ignore[no-untyped-call]
        keep = OxmlElement("w:cantSplit")  # a row never breaks across pages
        keep.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(keep)
        cells = row.cells
        for i, text in enumerate(values):
            align = WD_ALIGN_PARAGRAPH.RIGHT if i in numeric else None
            set_text(cells[i], text, align=align, size=9.5)
    set_widths(t, widths_cm)
    doc.add_paragraph()
    return t


def facts_table(
    doc: Document, rows: Sequence[tuple[str, str]], widths_cm: Sequence[float]
) -> Table:
    """Label and value pairs, without a header row (a cover's details)."""
    t: Table = doc.add_table(rows=0, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    for label, value in rows:
        row = t.add_row()  # type: ignore[no-untyped-call]
        keep = OxmlElement("w:cantSplit")
        keep.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(keep)
        set_text(row.cells[0], label, bold=True, color=MUTED)
        set_text(row.cells[1], value)
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_after = Pt(4)
    set_widths(t, widths_cm)
    doc.add_paragraph()
    return t


def keep_together(elements: Sequence[object]) -> None:
    """Keep a short block on one page: every paragraph in it (table cells
    included) is kept with the next, except the block's last."""
    paragraphs = []
    for element in elements:
        if isinstance(element, Paragraph):
            paragraphs.append(element)
        elif isinstance(element, Table):
            for row in element.rows:
                paragraphs.extend(row.cells[0].paragraphs)
    for p in paragraphs[:-1]:
        p.paragraph_format.keep_with_next = True


def set_widths(t: Table, widths_cm: Sequence[float]) -> None:
    """Column widths in the table grid (LibreOffice reads these) and on every
    cell (Word reads those)."""
    for i, width in enumerate(widths_cm):
        t.columns[i].width = Cm(width)
    for row in t.rows:
        for i, width in enumerate(widths_cm):
            row.cells[i].width = Cm(width)


def figure_cards(doc: Document, figures: Sequence[tuple[str, str]], width_cm: float) -> None:
    """Big numbers with captions, side by side."""
    t = doc.add_table(rows=2, cols=len(figures))
    t.autofit = False
    for i, (value, caption) in enumerate(figures):
        top, bottom = t.rows[0].cells[i], t.rows[1].cells[i]
        for cell in (top, bottom):
            shade(cell, "F3F6FA")
        set_text(top, value, bold=True, color=ACCENT, size=20)
        set_text(bottom, caption, color=MUTED, size=9)
    set_widths(t, [width_cm / len(figures)] * len(figures))
    doc.add_paragraph()


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: the classic read-and-restore
    os.umask(mask)
    return mask


def save_atomically(doc: Document, path: Path) -> None:
    """Write to a temporary file beside ``path``, then replace: never half a file."""
    path = Path(path).expanduser()
    if not path.parent.is_dir():
        raise SmkError(f"Cannot write {path}: the folder {path.parent} does not exist.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".docx", dir=path.parent)
    except OSError as exc:
        raise SmkError(f"Cannot write {path}: {exc.strerror or exc}") from exc
    os.close(fd)
    try:
        fill_page_refs(doc)
        doc.save(tmp)
        # mkstemp makes the file private (0600): give it the permissions any
        # new file of the user gets, so a shared folder or a mail client can read it
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SmkError(f"Cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
