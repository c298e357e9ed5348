"""Turn one parsed demo source into a real file (.docx, .pptx, .pdf, .md or .html).

Link sources have no file: the library stores them by URL (see ``build_demo``).
PDFs are not written here but copied from ``resources/demo/pdf/``: writing them
needs fpdf2, which the app does not carry (``python -m smkdesk.demo.render_pdf``
writes them again after a PDF source changes; a test checks they are current).
"""

from __future__ import annotations

import re
import shutil
from html import escape
from pathlib import Path

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
    runs,
)
from smkdesk.demo.render_docx import render_docx
from smkdesk.demo.render_pptx import render_pptx
from smkdesk.demo.sources import DemoSource
from smkdesk.resources import resource_path

FILE_FORMATS: tuple[str, ...] = ("docx", "pptx", "pdf", "md", "html")
#: Where the demo's PDFs are shipped, under the bundled resources.
SHIPPED_PDFS: tuple[str, ...] = ("demo", "pdf")

_CSS = """
body { font-family: Georgia, 'Segoe UI', sans-serif; max-width: 46rem; margin: 2.5rem auto;
       padding: 0 1.25rem; line-height: 1.6; color: #1f2933; }
header { color: #5f636d; font: 600 0.8rem/1.4 system-ui, sans-serif; letter-spacing: .08em;
         text-transform: uppercase; }
h1, h2, h3 { font-family: system-ui, sans-serif; color: #1f4e79; line-height: 1.25; }
h1 { font-size: 2rem; margin-top: .4rem; }
blockquote { border-left: 4px solid #1f4e79; margin: 1.2rem 0; padding: .2rem 1rem;
             color: #4a5563; font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .95rem; }
th, td { border: 1px solid #c3c9d2; padding: .4rem .6rem; text-align: left; }
th { background: #1f4e79; color: #fff; }
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid #e1e5ea; color: #5f636d;
         font-size: .85rem; }
"""


def output_name(source: DemoSource) -> str:
    """File name for a rendered source: its stem without the ``NN-`` prefix."""
    stem = re.sub(r"^\d+-", "", source.file_stem) or source.file_stem
    return f"{stem}.{source.format}"


def _inline_html(text: str) -> str:
    return "".join(
        f"<strong>{escape(chunk)}</strong>" if bold else escape(chunk) for chunk, bold in runs(text)
    )


def _block_html(block: Block) -> str:
    if isinstance(block, Heading):
        level = min(block.level + 1, 3)  # the page's <h1> is the headline
        return f"<h{level}>{_inline_html(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{_inline_html(block.text)}</p>"
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{_inline_html(item)}</li>" for item in block.items)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, Quote):
        return f"<blockquote><p>{_inline_html(block.text)}</p></blockquote>"
    if not isinstance(block, Table):
        raise TypeError(f"Unknown block {block!r}.")
    rows = list(block.rows)
    head = ""
    if block.header:
        cells = "".join(f"<th>{_inline_html(cell)}</th>" for cell in rows.pop(0))
        head = f"<thead><tr>{cells}</tr></thead>"
    body = "".join(
        "<tr>" + "".join(f"<td>{_inline_html(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table>{head}<tbody>{body}</tbody></table>"


def render_html(source: DemoSource, path: Path) -> Path:
    """Write ``source`` as a small, self-contained HTML page."""
    headline, blocks = body_heading(parse_blocks(source.body))
    meta = {
        "description": source.description,
        "keywords": ", ".join(source.keywords),
        "author": source.owner or COMPANY,
    }
    if source.created is not None:
        meta["date"] = source.created.isoformat()
    meta_tags = "\n".join(
        f'<meta name="{name}" content="{escape(value)}">' for name, value in meta.items() if value
    )
    content = "\n".join(_block_html(b) for b in blocks)
    page = f"""<!DOCTYPE html>
<html lang="{escape(source.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(source.title)}</title>
{meta_tags}
<style>{_CSS}</style>
</head>
<body>
<header>{escape(COMPANY)} · {escape(source.type)}</header>
<article>
<h1>{escape(headline or source.title)}</h1>
{content}
</article>
<footer>© {escape(COMPANY)}. Shared for evaluation purposes.</footer>
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")
    return path


def render_markdown(source: DemoSource, path: Path) -> Path:
    """Write the markdown body (with a ``#`` title line if the body has none)."""
    headline, _ = body_heading(parse_blocks(source.body))
    text = source.body if headline else f"# {source.title}\n\n{source.body}"
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    return path


def copy_pdf(source: DemoSource, path: Path) -> Path:
    """Copy the PDF shipped for ``source``; ValueError (naming the fix) if there is none."""
    name = output_name(source)
    try:
        shipped = resource_path(*SHIPPED_PDFS, name)
    except FileNotFoundError:
        raise ValueError(
            f"{source.file_stem}: no PDF is shipped for it ({'/'.join(SHIPPED_PDFS)}/{name}); "
            "write it with: python -m smkdesk.demo.render_pdf"
        ) from None
    shutil.copyfile(shipped, path)
    return path


_RENDERERS = {
    "docx": render_docx,
    "pptx": render_pptx,
    "pdf": copy_pdf,
    "md": render_markdown,
    "html": render_html,
}


def render_source(source: DemoSource, out_dir: Path) -> Path:
    """Render ``source`` into ``out_dir`` and return the new file's path.

    Raises ValueError for link sources, which have no file.
    """
    renderer = _RENDERERS.get(source.format)
    if renderer is None:
        raise ValueError(f"{source.file_stem}: format {source.format!r} has no file to render.")
    out_dir.mkdir(parents=True, exist_ok=True)
    return renderer(source, out_dir / output_name(source))


__all__ = ["FILE_FORMATS", "SHIPPED_PDFS", "copy_pdf", "output_name", "render_source"]
