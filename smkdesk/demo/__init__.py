"""Build a demo library from the bundled sources in ``resources/demo/assets``.

    report = build_demo(Path("~/smkdesk-demo").expanduser())

Every source is rendered into a real .docx/.pptx/.pdf/.md/.html file in a
temporary folder and imported through the core API with its tags, exactly as
a user's import would be; link sources are added as links.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from smkdesk.core.catalogue.dto import ImportOptions, ImportOutcome
from smkdesk.core.errors import LibraryError, SmkError
from smkdesk.core.library import Library, is_library
from smkdesk.demo.render import render_source
from smkdesk.demo.sources import DemoSource, load_sources
from smkdesk.demo.usage import MARKETER, add_demo_usage
from smkdesk.demo.workshop import add_demo_workshop

Progress = Callable[[int, int, str], None]

__all__ = ["DemoReport", "DemoSource", "build_demo", "load_sources"]


@dataclass(frozen=True)
class DemoReport:
    """What ``build_demo`` did."""

    target: Path
    sources: int
    imported: int  # files imported with searchable text
    imported_no_text: int  # files imported without text
    links: int  # link assets added
    skipped: int  # already present in the library (same kind and title)
    rejected: tuple[tuple[str, str], ...]  # (source file, reason)

    @property
    def added(self) -> int:
        return self.imported + self.imported_no_text + self.links


def options_for(source: DemoSource) -> ImportOptions:
    """The core import options carrying a source's tags and fields."""
    return ImportOptions(
        stages=source.stages,
        personas=source.personas,
        sectors=source.sectors,
        asset_type=source.type,
        owner=source.owner,
        abm_tier=source.abm_tier,
        keywords=source.keywords,
        status="published" if source.retired_reason else source.status,
        description=source.description,
        title=source.title,
        review_by=source.review_by,
        language=source.language,
    )


def check_target(target: Path) -> None:
    """Refuse a target that is a file, or a non-empty folder that is not a library."""
    if target.exists() and not target.is_dir():
        raise LibraryError(f"{target} is a file; choose a folder for the demo library.")
    if target.is_dir() and not is_library(target) and any(target.iterdir()):
        raise LibraryError(
            f"{target} is not empty and is not an smkdesk library; "
            "choose an empty or new folder for the demo library."
        )


def _created(source: DemoSource) -> datetime | None:
    if source.created is None:
        return None
    return datetime(source.created.year, source.created.month, source.created.day, 9, 30)


def _add(lib: Library, source: DemoSource, tmp: Path) -> int | ImportOutcome:
    """Add one source: a link's new asset id, or a rendered file's import outcome."""
    opts = options_for(source)
    if source.is_link:
        return lib.assets.add_link(source.url or "", title=source.title, options=opts).id
    return lib.assets.import_file(render_source(source, tmp), opts)


def build_demo(
    target: Path,
    progress: Progress | None = None,
    sources: Sequence[DemoSource] | None = None,
) -> DemoReport:
    """Create (or fill) the library at ``target`` with the demo content.

    ``progress(done, total, message)`` is called before each source and once at
    the end. Sources already in the library (same kind and title) are skipped,
    so running it twice does not duplicate anything.
    """
    target = Path(target).expanduser()
    check_target(target)
    items = list(sources) if sources is not None else load_sources()
    total = len(items)
    report = progress or (lambda done, total, message: None)
    imported = no_text = links = skipped = 0
    rejected: list[tuple[str, str]] = []

    with tempfile.TemporaryDirectory(prefix="smkdesk-demo-") as tmp, Library.create(target) as lib:
        present = {(a.kind, a.title) for a in lib.assets.list(include_retired=True)}
        with lib.batch_changes():  # one index commit for the whole demo
            for done, source in enumerate(items):
                name = f"{source.file_stem}.md"
                report(done, total, f"Adding {source.title}")
                kind = "link" if source.is_link else "file"
                if (kind, source.title) in present:
                    skipped += 1
                    continue
                try:
                    added = _add(lib, source, Path(tmp))
                except (SmkError, ValueError, OSError) as exc:
                    rejected.append((name, str(exc)))
                    continue
                if isinstance(added, int):
                    asset_id, links = added, links + 1
                elif added.outcome == "rejected" or added.asset_id is None:
                    rejected.append((name, added.reason or "rejected"))
                    continue
                else:
                    asset_id = added.asset_id
                    imported += added.outcome == "imported"
                    no_text += added.outcome == "imported_no_text"
                when = _created(source)
                if when is not None:
                    lib.assets.set_created(asset_id, when)
                if source.retired_reason:  # retired the way a marketer would: with a reason
                    lib.lifecycle.retire([asset_id], source.retired_reason, MARKETER)
        if imported + no_text + links and not skipped:  # a new demo, not a refill
            report(total, total, "Adding nine months of usage")
            add_demo_usage(lib)
            report(total, total, "Adding a worked buyer's-journey workshop")
            add_demo_workshop(lib)
        if lib.needs_rebuild():  # a new library may start without a built index
            report(total, total, "Building the search index")
            lib.reindex()
        report(total, total, "Demo library ready")
    return DemoReport(
        target=target,
        sources=total,
        imported=imported,
        imported_no_text=no_text,
        links=links,
        skipped=skipped,
        rejected=tuple(rejected),
    )
