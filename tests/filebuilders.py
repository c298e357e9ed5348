"""Builders of real test files (docx, pptx, pdf, hostile zips) in a given path.

Every builder writes ``path`` and returns it. Nothing here is mocked: the files
are made with python-docx, python-pptx, fpdf2 and pypdf, or byte by byte for
the damaged ones.

The ``hook_extract`` target at the end is for ExtractorPool tests: a worker
process imports it by name (this module must be importable from ``tests/``).
"""

from __future__ import annotations

import os
import struct
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

# -- Office -----------------------------------------------------------------------------


def make_docx(
    path: Path,
    title: str | None = None,
    paragraphs: Sequence[str] = (),
    table: Sequence[Sequence[str]] | None = None,
    header: str | None = None,
    footer: str | None = None,
    *,
    heading: str | None = None,
    nested_table: Sequence[Sequence[str]] | None = None,
) -> Path:
    """A Word document. ``title`` goes into the core properties, ``heading`` is a
    Heading 1 paragraph before the body, ``nested_table`` sits in the first cell
    of ``table``."""
    import docx

    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    section = document.sections[0]
    if header is not None:
        section.header.paragraphs[0].text = header
    if footer is not None:
        section.footer.paragraphs[0].text = footer
    if heading is not None:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        columns = max(len(row) for row in table)
        grid = document.add_table(rows=len(table), cols=columns)
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
        if nested_table:
            cell = grid.cell(0, 0)
            inner = cell.add_table(rows=len(nested_table), cols=len(nested_table[0]))
            for r, row in enumerate(nested_table):
                for c, text in enumerate(row):
                    inner.cell(r, c).text = text
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def make_pptx(
    path: Path,
    slides: Sequence[tuple[str | None, str | None, str | None]] = (),
    *,
    title: str | None = None,
    table: Sequence[Sequence[str]] | None = None,
    group_texts: Sequence[str] = (),
) -> Path:
    """A presentation: one slide per ``(title, body, notes)``. ``title`` is the
    core-properties title; ``table`` and ``group_texts`` (text boxes inside a
    group shape) are added to the last slide (a blank slide when none)."""
    from pptx import Presentation
    from pptx.util import Inches

    presentation = Presentation()
    if title is not None:
        presentation.core_properties.title = title
    layout = presentation.slide_layouts[1]  # "Title and Content"
    for slide_title, body, notes in slides:
        slide = presentation.slides.add_slide(layout)
        if slide_title is not None:
            slide.shapes.title.text = slide_title
        if body is not None:
            slide.placeholders[1].text = body
        if notes is not None:
            slide.notes_slide.notes_text_frame.text = notes
    if table or group_texts:
        if len(presentation.slides) == 0:
            presentation.slides.add_slide(presentation.slide_layouts[6])
        slide = presentation.slides[len(presentation.slides) - 1]
        if table:
            shape = slide.shapes.add_table(
                len(table), len(table[0]), Inches(1), Inches(4), Inches(6), Inches(1)
            )
            for r, row in enumerate(table):
                for c, text in enumerate(row):
                    shape.table.cell(r, c).text = text
        if group_texts:
            group = slide.shapes.add_group_shape()
            for i, text in enumerate(group_texts):
                box = group.shapes.add_textbox(Inches(1 + i), Inches(6), Inches(1), Inches(0.5))
                box.text_frame.text = text
    path.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(str(path))
    return path


# -- PDF --------------------------------------------------------------------------------


def make_pdf(
    path: Path,
    pages: Sequence[str] = ("Hello",),
    title: str | None = None,
    encrypt_password: str | None = None,
    *,
    owner_password: str | None = None,
) -> Path:
    """A text PDF (Helvetica, so Latin-1 text only), one page per string.

    ``encrypt_password`` is the password needed to open it (RC4-128: pypdf can
    write that without a crypto library). ``owner_password`` alone makes a PDF
    that opens with the empty password but is "protected"."""
    from fpdf import FPDF

    pdf = FPDF()
    if title is not None:
        pdf.set_title(title)
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text=text, new_x="LMARGIN", new_y="NEXT")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    if encrypt_password is not None or owner_password is not None:
        _encrypt(path, encrypt_password or "", owner_password or encrypt_password or "")
    return path


def _encrypt(path: Path, user_password: str, owner_password: str) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(path)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    with path.open("wb") as fp:
        writer.write(fp)


def make_image_only_pdf(path: Path) -> Path:
    """A one-page PDF with a filled rectangle and no text at all."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(40, 90, 160)
    pdf.rect(20, 20, 120, 80, style="F")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def make_truncated_pdf(path: Path) -> Path:
    """The first half of a valid PDF (as after an interrupted download)."""
    make_pdf(path, pages=["This download was interrupted"] * 3, title="Broken")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


# -- hostile zips -------------------------------------------------------------------


def make_corrupt_zip(path: Path) -> Path:
    """A .docx whose zip directory is cut off: it starts like a zip, no more."""
    make_docx(path.with_name(path.name + ".tmp.docx"), paragraphs=["soon damaged"] * 50)
    source = path.with_name(path.name + ".tmp.docx")
    data = source.read_bytes()
    source.unlink()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def make_zip_bomb(path: Path, ext: str = ".docx", megabytes: int = 600) -> Path:
    """A zip declaring [Content_Types].xml and a ``megabytes`` MB main part of zeros
    (word/document.xml, or ppt/presentation.xml when ``ext`` is ".pptx"; ``ext``
    is added to ``path`` when it has no suffix).

    Built in milliseconds: one deflate block of 1 MB of zeros, ended by a full
    flush, is byte-identical every time, so it is simply repeated. About 1 KB
    on disk per MB declared (600 MB -> ~620 KB)."""
    part = "word/document.xml" if ext != ".pptx" else "ppt/presentation.xml"
    chunk = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    members = [
        (
            "[Content_Types].xml",
            zlib.crc32(_CONTENT_TYPES),
            len(_CONTENT_TYPES),
            0,
            [_CONTENT_TYPES],
        ),
        (part, crc, megabytes << 20, 8, [block] * megabytes + [tail]),
    ]
    if not path.suffix:
        path = path.with_suffix(ext)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fp:
        directory = b""
        for name, member_crc, size, method, data in members:
            offset = fp.tell()
            compressed = sum(len(piece) for piece in data)
            fields = (20, 0, method, 0, 0x21, member_crc, compressed, size, len(name), 0)
            fp.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name.encode())
            for piece in data:
                fp.write(piece)
            directory += (
                struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, offset)
                + name.encode()
            )
        start = fp.tell()
        fp.write(directory)
        fp.write(
            struct.pack(
                "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), start, 0
            )
        )
    return path


# -- ExtractorPool test hook ------------------------------------------------------------


def hook_extract(path: Path, limits: object) -> object:
    """A pool ``_target`` that misbehaves on request, by file name.

    ``*slow*`` sleeps for a minute, ``*crash*`` kills the worker process,
    ``*hungry*`` allocates 4 GB, ``*pid*`` returns the worker's pid as title;
    anything else is extracted normally.
    """
    from smkdesk.core.extract.dispatch import extract_file
    from smkdesk.core.extract.model import Extraction, Limits

    name = path.name
    if "slow" in name:
        time.sleep(60)
    if "crash" in name:
        os._exit(3)
    if "hungry" in name:
        hog = bytearray(4 * 1024**3)
        return Extraction(
            text=str(len(hog)), title=None, no_text_reason=None, kind="text", pages=None
        )
    if "pid" in name:
        return Extraction(
            text="pid", title=str(os.getpid()), no_text_reason=None, kind="text", pages=None
        )
    assert isinstance(limits, Limits)
    return extract_file(path, limits)


def nap_extract(path: Path, limits: object) -> object:
    """A pool ``_target`` that sleeps half a second (a minute for a file named
    ``slow*``), then extracts normally: a worker stays busy long enough for its
    parent to be killed mid-job."""
    from smkdesk.core.extract.dispatch import extract_file
    from smkdesk.core.extract.model import Limits

    time.sleep(60 if path.name.startswith("slow") else 0.5)
    assert isinstance(limits, Limits)
    return extract_file(path, limits)


# -- encrypted PDFs ---------------------------------------------------------------------


def make_encrypted_pdf(
    path: Path,
    pages: Sequence[str] = ("Hello",),
    title: str | None = None,
    *,
    user_password: str = "",
    owner_password: str = "owner-secret",
    algorithm: str = "AES-256",
) -> Path:
    """A text PDF encrypted by pypdf with ``algorithm`` ("AES-256", "AES-128",
    "RC4-128"...). An empty ``user_password`` makes a PDF anyone can open (only
    restricted by the owner password), as most "protected" PDFs are."""
    from pypdf import PdfReader, PdfWriter

    make_pdf(path, pages=pages, title=title)
    writer = PdfWriter(clone_from=PdfReader(str(path)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    with path.open("wb") as fp:
        writer.write(fp)
    return path


def make_pdf_with_foreign_encryption(path: Path, handler: bytes = b"/FooSec") -> Path:
    """An encrypted PDF whose /Encrypt dictionary names a security handler other
    than the standard one (as certificate-protected PDFs do): pypdf cannot open
    it at all. ``handler`` replaces ``/Standard`` byte for byte (padded with
    spaces), so every object offset stays right."""
    make_encrypted_pdf(path, pages=["foreign encryption"], algorithm="RC4-128")
    data = path.read_bytes()
    assert data.count(b"/Standard") == 1 and len(handler) <= len(b"/Standard")
    path.write_bytes(data.replace(b"/Standard", handler.ljust(len(b"/Standard"))))
    return path


# -- XML entity bombs ("billion laughs") ------------------------------------------------


def entity_bomb_dtd(root: str, levels: int = 10) -> str:
    """A DOCTYPE whose entity ``&lol{levels - 1};`` expands to 10**levels "lol"s."""
    entities = ['<!ENTITY lol0 "lol">']
    for level in range(1, levels):
        entities.append(f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">')
    return f"<!DOCTYPE {root} [{''.join(entities)}]>"


def make_entity_bomb_office(path: Path, levels: int = 10) -> Path:
    """A .docx or .pptx (by ``path``'s suffix) whose main text part defines the
    billion-laughs entities and uses the biggest one where its text was."""

    def bomb(text: str, marker: str) -> str:
        declaration, rest = text.split("?>", 1)
        root = rest.lstrip().split()[0].lstrip("<")
        text = declaration + "?>" + entity_bomb_dtd(root, levels) + rest
        return text.replace(marker, f"&lol{levels - 1};")

    return _edit_main_part(path, bomb)


def make_office_with_broken_xml(path: Path) -> Path:
    """A .docx or .pptx whose main text part has a tag that is never closed."""
    return _edit_main_part(path, lambda text, marker: text.replace(marker, "<w:unclosed>"))


def _edit_main_part(path: Path, edit: Callable[[str, str], str]) -> Path:
    """A one-text .docx or .pptx whose main part is ``edit(xml, marker)``, the
    marker being the document's only text."""
    import zipfile

    marker = "EDITMAINPARTMARKER"
    source = path.with_name(path.stem + ".source" + path.suffix)
    if path.suffix == ".pptx":
        make_pptx(source, slides=[(marker, "body", None)])
        part = "ppt/slides/slide1.xml"
    else:
        make_docx(source, paragraphs=[marker])
        part = "word/document.xml"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                data = edit(data.decode("utf-8"), marker).encode("utf-8")
            zout.writestr(info, data)
    source.unlink()
    return path


def make_entity_bomb_html(path: Path, levels: int = 10) -> Path:
    """An HTML page with the billion-laughs entities in its DOCTYPE."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"{entity_bomb_dtd('html', levels)}\n<html><head><title>Laughs</title></head>"
        f"<body><p>&lol{levels - 1};</p></body></html>\n",
        "utf-8",
    )
    return path
