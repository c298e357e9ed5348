"""Word documents (.docx), with python-docx.

python-docx opens the package (parts and relationships); the text is read from
the XML directly so that nothing is skipped: paragraphs and tables in document
order, nested tables, content controls, text boxes, every header and footer,
footnotes and endnotes. Deleted tracked changes and field codes are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from smkdesk.core.errors import RejectedFile
from smkdesk.core.extract.model import Extraction, Limits
from smkdesk.core.extract.textutil import TextBuilder, clean_title, finish, parse_failure

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _T = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "t"
_INLINE_TEXT = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
# Properties, deleted text and the XML of drawings hold no visible words.
_SKIP = frozenset(
    {
        _W + "pPr",
        _W + "rPr",
        _W + "tblPr",
        _W + "trPr",
        _W + "tcPr",
        _W + "sectPr",
        _W + "sdtPr",
        _W + "del",
        _W + "delText",
        _W + "instrText",
        _MC_FALLBACK,
    }
)
_TITLE_STYLES = frozenset({"title", "heading 1"})
_TITLE_SCAN_PARAGRAPHS = 300
_RT_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_BEFORE_BODY = ("header",)
_AFTER_BODY = ("footnotes", "endnotes", "footer")
_DOC_NAME = "Word document"


def extract_docx(path: Path, limits: Limits) -> Extraction:
    """Extract the text and the title of a .docx file."""
    import docx

    _parse_styles_on_demand()
    try:
        document = docx.Document(str(path))
        builder = TextBuilder(limits.max_text_chars)
        _add_parts(builder, document, _BEFORE_BODY)
        builder.add_break()
        for line in _block_lines(document.element.body):
            if not builder.add(line):
                break
        builder.add_break()
        _add_parts(builder, document, _AFTER_BODY)
        title = clean_title(document.core_properties.title) or _heading_title(document)
    except (RejectedFile, MemoryError):
        raise
    except Exception as exc:
        raise parse_failure(_DOC_NAME, exc) from None
    return finish(builder, kind="docx", title=title)


def _parse_styles_on_demand() -> None:
    """Have python-docx parse a styles part only when something reads it.

    Opening a package parses every XML part it knows. ``styles.xml`` is
    usually the biggest (Word's default one is about 350 KB, half of the time
    python-docx takes to open a short document), and extraction reads it only
    for a title from a heading when the document properties have none. The
    part's element becomes a property that parses the saved bytes on first
    use, so everything python-docx does with it still works.
    """
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.part import PartFactory
    from docx.oxml.parser import parse_xml
    from docx.parts.styles import StylesPart

    if PartFactory.part_type_for.get(CT.WML_STYLES) is not StylesPart:
        return  # done already (or another class registered on purpose)

    class OnDemandStylesPart(StylesPart):
        _raw: bytes | None = None
        _parsed: Any = None

        @classmethod
        def load(cls, partname: Any, content_type: str, blob: bytes, package: Any) -> Any:
            part = cls(partname, content_type, None, package)  # type: ignore[arg-type]
            part._raw = blob
            return part

        @property
        def _element(self) -> Any:
            if self._parsed is None and self._raw is not None:
                self._parsed, self._raw = parse_xml(self._raw), None
            return self._parsed

        @_element.setter
        def _element(self, element: Any) -> None:
            self._parsed = element

    PartFactory.part_type_for[CT.WML_STYLES] = OnDemandStylesPart


def _add_parts(builder: TextBuilder, document: Any, kinds: tuple[str, ...]) -> None:
    """Add the text of the related parts (headers, footers...), each line once."""
    seen: set[str] = set()
    for kind in kinds:
        parts = [
            rel.target_part
            for rel in document.part.rels.values()
            if rel.reltype == _RT_BASE + kind and not rel.is_external
        ]
        for part in sorted(parts, key=lambda part: str(part.partname)):
            for line in _block_lines(_part_element(part)):
                if line not in seen:
                    seen.add(line)
                    if not builder.add(line):
                        return


def _part_element(part: Any) -> Any:
    element = getattr(part, "element", None)
    if element is None:
        from docx.oxml.parser import parse_xml

        element = parse_xml(part.blob)
    return element


def _block_lines(container: Any) -> Iterator[str]:
    """One line per paragraph and per table row, in document order."""
    for child in container.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _P:
            yield _paragraph_text(child)
        elif tag == _TBL:
            yield from _table_lines(child)
        else:  # content controls, custom XML, inserted runs: look inside
            yield from _block_lines(child)


def _table_lines(table: Any) -> Iterator[str]:
    for row in table.iter(_TR):
        if _enclosing_table(row) is not table:
            continue  # a row of a nested table: emitted with its cell
        cells = []
        for cell in row.iterchildren(_TC):
            text = " ".join(line.strip() for line in _block_lines(cell) if line.strip())
            if text:
                cells.append(text)
        yield " | ".join(cells)


def _enclosing_table(row: Any) -> Any:
    parent = row.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


def _paragraph_text(paragraph: Any) -> str:
    out: list[str] = []
    _inline(paragraph, out)
    return "".join(out)


def _inline(element: Any, out: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _T:
            out.append(child.text or "")
        elif tag in _INLINE_TEXT:
            out.append(_INLINE_TEXT[tag])
        elif tag == _P:  # a paragraph inside a text box
            out.append("\n")
            _inline(child, out)
            out.append("\n")
        else:
            _inline(child, out)


def _heading_title(document: Any) -> str | None:
    """The text of the first paragraph styled Title or Heading 1."""
    names = _style_names(document)
    body = document.element.body
    for paragraph in islice(body.iter(_P), _TITLE_SCAN_PARAGRAPHS):
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        if style is None:
            continue
        style_id = style.get(_W + "val", "")
        name = names.get(style_id, style_id).lower()
        if name in _TITLE_STYLES or style_id in ("Title", "Heading1"):
            title = clean_title(_paragraph_text(paragraph))
            if title:
                return title
    return None


def _style_names(document: Any) -> dict[str, str]:
    """Style id -> built-in (English) name; ids are localised, names are not."""
    names: dict[str, str] = {}
    try:
        styles = document.styles.element
    except Exception:  # a document without a styles part
        return names
    for style in styles.iterchildren(_W + "style"):
        name = style.find(_W + "name")
        if name is not None:
            names[style.get(_W + "styleId", "")] = name.get(_W + "val", "")
    return names
