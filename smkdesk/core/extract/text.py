"""Plain text (.txt) and Markdown (.md, .markdown).

Markdown keeps its words and line structure; the most common markup (heading
hashes, emphasis, link targets, fences) is removed so that previews and search
snippets read as prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from smkdesk.core.extract.decoding import decode_bytes, read_prefix
from smkdesk.core.extract.model import Extraction, Limits
from smkdesk.core.extract.textutil import TextBuilder, clean_title, finish

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_H1_RE = re.compile(r"^ {0,3}=+[ \t]*$")
_SETEXT_H2_RE = re.compile(r"^ {0,3}-+[ \t]*$")
_RULE_RE = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_QUOTE_RE = re.compile(r"^ {0,3}(> ?)+")
_FRONT_MATTER_TITLE_RE = re.compile(r"^title:\s*(.+?)\s*$", re.IGNORECASE)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_INLINE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> link text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *italic*
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),  # _italic_
    (re.compile(r"`([^`]+)`"), r"\1"),  # inline code
)


def extract_text(path: Path, limits: Limits, kind: str) -> Extraction:
    """Extract a .txt (``kind="text"``) or Markdown (``kind="markdown"``) file."""
    data, more = read_prefix(path, limits.max_text_chars)
    text = decode_bytes(data)
    builder = TextBuilder(limits.max_text_chars)
    title = None
    if kind == "markdown":
        title = markdown_title(text)
        text = strip_markdown(text)
    builder.add(text)
    return finish(builder, kind=kind, title=title, truncated=more)


def _lines_outside_fences(lines: list[str]) -> Iterator[tuple[int, str, bool]]:
    """(index, line, is_code) for every line; fence lines themselves are skipped."""
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE_RE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * 3
                continue
            if marker.startswith(fence):
                fence = None
                continue
        yield index, line, fence is not None


def _front_matter_title(lines: list[str]) -> str | None:
    if not lines or lines[0].strip() != "---":
        return None
    for line in lines[1:100]:
        if line.strip() in ("---", "..."):
            return None
        match = _FRONT_MATTER_TITLE_RE.match(line)
        if match:
            return clean_title(match.group(1).strip("'\""))
    return None


def _front_matter_end(lines: list[str]) -> int:
    if not lines or lines[0].strip() != "---":
        return 0
    for index, line in enumerate(lines[1:100], start=1):
        if line.strip() in ("---", "..."):
            return index + 1
    return 0


def markdown_title(text: str) -> str | None:
    """Front-matter ``title:``, else the first level-1 heading (ATX or setext)."""
    lines = text.splitlines()
    title = _front_matter_title(lines)
    if title:
        return title
    start = _front_matter_end(lines)
    previous = ""
    for index, line, is_code in _lines_outside_fences(lines):
        if is_code or index < start:
            previous = ""
            continue
        match = _ATX_RE.match(line)
        if match and len(match.group(1)) == 1 and match.group(2):
            return clean_title(strip_inline(match.group(2)))
        if _SETEXT_H1_RE.match(line) and previous.strip():
            return clean_title(strip_inline(previous))
        previous = line
    return None


def strip_inline(line: str) -> str:
    """Remove inline Markdown markup from one line."""
    for pattern, replacement in _INLINE_RULES:
        line = pattern.sub(replacement, line)
    return line


def strip_markdown(text: str) -> str:
    """The text of a Markdown document with its common markup removed."""
    text = _COMMENT_RE.sub("", text)
    lines = text.splitlines()
    start = _front_matter_end(lines)
    out: list[str] = []
    for index, line, is_code in _lines_outside_fences(lines):
        if index < start:
            continue
        if is_code:
            out.append(line)
            continue
        heading = _ATX_RE.match(line)
        if heading:
            out.append(strip_inline(heading.group(2) or ""))
            continue
        if _RULE_RE.match(line) or _SETEXT_H1_RE.match(line) or _SETEXT_H2_RE.match(line):
            out.append("")  # a rule or a setext underline
            continue
        out.append(strip_inline(_QUOTE_RE.sub("", line)))
    return "\n".join(out)
