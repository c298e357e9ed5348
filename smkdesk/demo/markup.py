"""A deliberately small markdown reader for the demo sources.

Supported: ``#``/``##``/``###`` headings, paragraphs, ``- `` bullets,
``1. `` numbered items, ``> `` quotes, pipe tables and ``**bold**`` inline.
Presentations split slides on a line holding only ``---slide---``; each
slide starts with ``# Title`` and may end with a ``Notes:`` paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COMPANY = "Northwind Signal"
SLIDE_BREAK = "---slide---"

_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\d+[.)]\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class ListBlock:
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Quote:
    text: str


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    header: bool = True  # the first row holds column headings

    @property
    def columns(self) -> int:
        return max(len(r) for r in self.rows)


Block = Heading | Paragraph | ListBlock | Quote | Table


@dataclass(frozen=True)
class Slide:
    title: str
    blocks: tuple[Block, ...]
    notes: str


def runs(text: str) -> list[tuple[str, bool]]:
    """Split inline text into (text, bold) runs on ``**bold**`` markers."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for match in _BOLD.finditer(text):
        if match.start() > pos:
            out.append((text[pos : match.start()], False))
        out.append((match.group(1), True))
        pos = match.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def plain(text: str) -> str:
    """Inline text without markup."""
    return _BOLD.sub(r"\1", text)


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return tuple(cell.strip() for cell in inner.split("|"))


def parse_blocks(text: str, join_lines: bool = True) -> list[Block]:
    """Parse markdown into blocks. With ``join_lines=False`` each text line is its own paragraph."""
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] = []
    ordered = False
    table: list[tuple[str, ...]] = []
    quote: list[str] = []

    def flush() -> None:
        nonlocal ordered
        if para:
            blocks.append(Paragraph(" ".join(para)))
            para.clear()
        if items:
            blocks.append(ListBlock(tuple(items), ordered))
            items.clear()
        if table:
            width = max(len(r) for r in table)
            rows = tuple(r + ("",) * (width - len(r)) for r in table)
            if any(rows[0]) or len(rows) == 1:
                blocks.append(Table(rows))
            else:  # "| | |" header: a table without headings
                blocks.append(Table(rows[1:], header=False))
            table.clear()
        if quote:
            blocks.append(Quote(" ".join(quote)))
            quote.clear()

    for raw in text.splitlines():
        line = raw.strip()
        heading, bullet, number = _HEADING.match(line), _BULLET.match(line), _NUMBERED.match(line)
        if not line:
            flush()
        elif heading:
            flush()
            blocks.append(Heading(len(heading.group(1)), heading.group(2).strip()))
        elif line.startswith("|"):
            if para or items or quote:
                flush()
            if not _TABLE_RULE.match(line):
                table.append(_cells(line))
        elif line.startswith(">"):
            if para or items or table:
                flush()
            quote.append(line.lstrip(">").strip())
        elif bullet or number:
            is_numbered = number is not None and bullet is None
            if para or table or quote or (items and ordered != is_numbered):
                flush()
            ordered = is_numbered
            items.append((bullet or number).group(1).strip())  # type: ignore[union-attr]
        else:
            if items or table or quote:
                flush()
            para.append(line)
            if not join_lines:
                flush()
    flush()
    return blocks


def split_slides(body: str) -> list[Slide]:
    """Split a presentation body into slides (title, content blocks, speaker notes)."""
    slides: list[Slide] = []
    for chunk in re.split(rf"(?m)^\s*{re.escape(SLIDE_BREAK)}\s*$", body):
        lines = chunk.strip().splitlines()
        if not lines:
            continue
        title = lines[0].strip()
        heading = _HEADING.match(title)
        title = heading.group(2).strip() if heading else plain(title)
        content, notes = lines[1:], ""
        for i, line in enumerate(content):
            if line.strip().lower().startswith("notes:"):
                first = line.strip()[len("notes:") :].strip()
                notes = " ".join(x for x in (first, *(y.strip() for y in content[i + 1 :])) if x)
                content = content[:i]
                break
        blocks = parse_blocks("\n".join(content), join_lines=False)
        slides.append(Slide(title, tuple(blocks), notes))
    return slides


def body_heading(blocks: list[Block]) -> tuple[str | None, list[Block]]:
    """Split off the body's leading ``#`` heading (the document's own headline).

    When there is one, the remaining headings move up a level, so ``##`` sections
    become level 1 (Heading 1 in Word) under the document title.
    """
    if not (blocks and isinstance(blocks[0], Heading) and blocks[0].level == 1):
        return None, blocks
    rest: list[Block] = [
        Heading(max(1, b.level - 1), b.text) if isinstance(b, Heading) else b for b in blocks[1:]
    ]
    return plain(blocks[0].text), rest
