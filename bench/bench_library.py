"""Benchmark the whole library: import throughput and full rebuild memory.

    python bench/bench_library.py --import-files 200      # .docx import throughput
    python bench/bench_library.py --rebuild 10000         # rebuild of N assets: time + peak RSS

The rebuild runs in a child process so its peak resident memory (ru_maxrss)
is its own. Synthetic documents come from bench/synth.py (realistic
marketing text, 1-20 pages each). Prints medians; never used by the tests.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from docx import Document  # noqa: E402
from synth import Generator  # noqa: E402

from smkdesk.core.catalogue.dto import ImportOptions  # noqa: E402
from smkdesk.core.library import Library  # noqa: E402


def write_docx_files(folder: Path, n: int, seed: int = 7) -> list[Path]:
    gen = Generator(seed)
    paths = []
    for i in range(n):
        doc = gen.doc(i + 1)
        d = Document()
        d.core_properties.title = doc.title
        d.add_heading(doc.title, 1)
        for para in doc.body.split("\n\n")[:4]:  # 1-4 pages: a typical case study / one-pager
            d.add_paragraph(para)
        path = folder / f"asset-{i:05d}.docx"
        d.save(str(path))
        paths.append(path)
    return paths


def bench_import(n: int, runs: int) -> dict[str, float]:
    rates = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        files = write_docx_files(src, n)
        opts = ImportOptions(stages=("Awareness",), personas=("CFO",), sectors=("Retail",))
        for run in range(runs):
            lib_dir = Path(tmp) / f"lib{run}"
            with Library.create(lib_dir) as lib:
                lib.assets.import_files(files[:2], opts)  # warm the worker processes
                lib.assets.delete([a.id for a in lib.assets.list()])
                t0 = time.perf_counter()
                report = lib.assets.import_files(files, opts)
                dt = time.perf_counter() - t0
                assert report.count("imported") == n, report.rejected[:3]
            rates.append(n / dt)
            shutil.rmtree(lib_dir)
    return {"files": n, "median_docs_per_s": statistics.median(rates), "runs": runs}


def _child_rebuild(lib_dir: str) -> None:
    with Library.open(Path(lib_dir)) as lib:
        t0 = time.perf_counter()
        n = lib.reindex()
        dt = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"assets": n, "seconds": dt, "docs_per_s": n / dt, "peak_rss_mb": peak_mb}))


def populate(lib_dir: Path, n: int) -> None:
    """Write N synthetic assets straight into the database (import is benched separately)."""
    from smkdesk.core.catalogue.models import Asset, AssetText

    gen = Generator(11)
    with Library.create(lib_dir) as lib, lib.db.session() as s:
        for i in range(n):
            doc = gen.doc(i + 1)
            s.add(
                Asset(
                    kind="file",
                    title=doc.title,
                    description=doc.description,
                    status=doc.status,
                    owner=doc.owner,
                    text_status="text",
                    created_at=doc.created.replace(tzinfo=None),
                    updated_at=doc.updated.replace(tzinfo=None),
                    content=AssetText(body=doc.body, truncated=False),
                )
            )
            if i % 1000 == 999:
                s.flush()
                s.expunge_all()


def bench_rebuild(n: int) -> dict[str, float]:
    cache = HERE / "out" / f"library-{n}"
    if not (cache / "library.sqlite").exists():
        shutil.rmtree(cache, ignore_errors=True)
        print(
            f"generating a library of {n} assets (cached in {cache.relative_to(HERE.parent)})…",
            file=sys.stderr,
        )
        populate(cache, n)
    out = subprocess.run(
        [sys.executable, __file__, "--child-rebuild", str(cache)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--import-files", type=int, default=0, metavar="N")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--rebuild", type=int, default=0, metavar="N")
    p.add_argument("--child-rebuild", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child_rebuild:
        _child_rebuild(a.child_rebuild)
        return
    if a.import_files:
        r = bench_import(a.import_files, a.runs)
        print(
            f"import: {r['files']} .docx files, median {r['median_docs_per_s']:.1f} docs/s "
            f"over {r['runs']} runs (target >= 20)"
        )
    if a.rebuild:
        r = bench_rebuild(a.rebuild)
        print(
            f"rebuild: {r['assets']:.0f} assets in {r['seconds']:.1f} s "
            f"({r['docs_per_s']:.0f} docs/s), peak RSS {r['peak_rss_mb']:.0f} MB (target <= 600)"
        )


if __name__ == "__main__":
    main()
