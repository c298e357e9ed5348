"""Demo content sources: markdown files with a small front-matter block.

The format is deliberately tiny (no YAML): ``key: value`` lines between two
``---`` lines, comma-separated lists, ISO dates, and ``  # comments``::

    ---
    title: Harbour & Pine grows foodservice pipeline 38%
    type: Case study
    format: pdf            # docx | pptx | pdf | md | html | link
    stages: Decision
    ...
    ---
    # Body in markdown
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

FORMATS: tuple[str, ...] = ("docx", "pptx", "pdf", "md", "html", "link")
STATUSES: tuple[str, ...] = ("published", "draft", "retired")
ABM_TIERS: tuple[str, ...] = ("one-to-one", "one-to-few", "one-to-many")
LIST_KEYS: frozenset[str] = frozenset({"stages", "personas", "sectors", "keywords"})
DATE_KEYS: frozenset[str] = frozenset({"review_by", "created"})
REQUIRED: tuple[str, ...] = (
    "title",
    "type",
    "format",
    "stages",
    "personas",
    "status",
    "description",
)
OPTIONAL: tuple[str, ...] = (
    "sectors",
    "abm_tier",
    "owner",
    "keywords",
    "url",
    "review_by",
    "created",
    "language",
    "retired_reason",
)
KNOWN: frozenset[str] = frozenset(REQUIRED + OPTIONAL)
_COMMENT = re.compile(r"\s+#\s.*$")
_KEY = re.compile(r"^([a-z_]+)\s*:(.*)$")


@dataclass(frozen=True)
class DemoSource:
    """One parsed demo asset: its tags and its markdown body."""

    title: str
    type: str
    format: str
    stages: tuple[str, ...]
    personas: tuple[str, ...]
    sectors: tuple[str, ...]
    abm_tier: str | None
    owner: str | None
    status: str
    keywords: tuple[str, ...]
    description: str
    url: str | None
    review_by: date | None
    created: date | None
    language: str
    body: str
    file_stem: str
    retired_reason: str = ""

    @property
    def is_link(self) -> bool:
        return self.format == "link"


def _split(text: str, name: str) -> tuple[list[str], str]:
    """Return (front-matter lines, body) or raise ValueError naming the file."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise ValueError(f"{name}: the file must start with a '---' front-matter line.")
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            body = "\n".join(lines[end + 1 :]).strip("\n")
            return lines[1:end], body
    raise ValueError(f"{name}: the front matter is not closed by a second '---' line.")


def _fields(lines: list[str], name: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for number, raw in enumerate(lines, start=2):
        line = _COMMENT.sub("", raw).strip()
        if not line or line.startswith("#"):
            continue
        match = _KEY.match(line)
        if match is None:
            raise ValueError(f"{name}, line {number}: expected 'key: value', got {raw.strip()!r}.")
        key, value = match.group(1), match.group(2).strip()
        if key not in KNOWN:
            raise ValueError(f"{name}, line {number}: unknown key {key!r}.")
        if key in fields:
            raise ValueError(f"{name}, line {number}: {key!r} is given twice.")
        fields[key] = value
    return fields


def _list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _date(fields: dict[str, str], key: str, name: str) -> date | None:
    value = fields.get(key, "")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: {key} {value!r} is not an ISO date (YYYY-MM-DD).") from None


def _choice(value: str, allowed: tuple[str, ...], key: str, name: str) -> str:
    if value not in allowed:
        raise ValueError(f"{name}: {key} {value!r} is not one of: {', '.join(allowed)}.")
    return value


def parse_text(text: str, name: str) -> DemoSource:
    """Parse one source. ``name`` is the file name, used in error messages and as stem."""
    lines, body = _split(text, name)
    fields = _fields(lines, name)
    missing = [key for key in REQUIRED if not fields.get(key)]
    if missing:
        raise ValueError(f"{name}: missing front-matter field(s): {', '.join(missing)}.")
    fmt = _choice(fields["format"], FORMATS, "format", name)
    url = fields.get("url") or None
    if fmt == "link" and not url:
        raise ValueError(f"{name}: a 'link' source needs a url.")
    if fmt != "link" and url:
        raise ValueError(f"{name}: only 'link' sources may have a url.")
    if not _list(fields["stages"]):
        raise ValueError(f"{name}: stages must name at least one stage.")
    if not body.strip():
        raise ValueError(f"{name}: the body after the front matter is empty.")
    tier = fields.get("abm_tier") or None
    return DemoSource(
        title=fields["title"],
        type=fields["type"],
        format=fmt,
        stages=_list(fields["stages"]),
        personas=_list(fields["personas"]),
        sectors=_list(fields.get("sectors", "")),
        abm_tier=_choice(tier, ABM_TIERS, "abm_tier", name) if tier else None,
        owner=fields.get("owner") or None,
        status=_choice(fields["status"], STATUSES, "status", name),
        keywords=_list(fields.get("keywords", "")),
        description=fields["description"],
        url=url,
        review_by=_date(fields, "review_by", name),
        created=_date(fields, "created", name),
        language=fields.get("language") or "en",
        body=body,
        file_stem=Path(name).stem,
        retired_reason=fields.get("retired_reason", ""),
    )


def parse_source(path: Path) -> DemoSource:
    """Parse one source file (UTF-8)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path.name}: not valid UTF-8 ({exc.reason}).") from exc
    return parse_text(text, path.name)


def default_assets_dir() -> Path:
    from smkdesk.resources import resource_path

    return resource_path("demo", "assets")


def load_sources(folder: Path | None = None) -> list[DemoSource]:
    """Every ``*.md`` source in ``folder`` (default: the bundled demo assets), by name."""
    folder = folder if folder is not None else default_assets_dir()
    return [parse_source(p) for p in sorted(folder.glob("*.md"))]
