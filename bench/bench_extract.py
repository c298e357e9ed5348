"""Extraction benchmark: ``ExtractorPool.extract_many`` over small .docx files.

    python bench/bench_extract.py                 # 40 files, 2 workers, 5 runs
    python bench/bench_extract.py --files 200 --workers 4 --runs 3

The same work as ``tests/core/extract/test_extract.py::test_extract_many_keeps_order``
(which checks only the order): real .docx files built with python-docx, one
corrupt file among them, through warm worker processes. Prints the wall time and
documents per second of each run and their median. Target: well above 20 files/s
with 2 workers (the test once asserted 40 files in under 4 s). Never used by tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the file builders
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from filebuilders import make_corrupt_zip, make_docx

from smkdesk.core.errors import RejectedFile
from smkdesk.core.extract.model import Extraction
from smkdesk.core.extract.pool import ExtractorPool

TARGET_DOCS_PER_S = 20.0


def build_files(folder: Path, count: int) -> list[Path]:
    """``count`` one-paragraph .docx files, and a corrupt one in fourth place."""
    paths = [make_docx(folder / f"d{i}.docx", paragraphs=[f"document {i}"]) for i in range(count)]
    paths.insert(3, make_corrupt_zip(folder / "bad.docx"))
    return paths


def one_run(pool: ExtractorPool, paths: list[Path]) -> float:
    """Seconds to extract ``paths``; checks the results, as the test does."""
    started = time.perf_counter()
    results = list(pool.extract_many(paths))
    elapsed = time.perf_counter() - started
    if [path for path, _ in results] != paths:
        raise SystemExit("extract_many returned the files out of order")
    if not isinstance(results[3][1], RejectedFile):
        raise SystemExit("the corrupt file was not rejected")
    if sum(isinstance(r, Extraction) for _, r in results) != len(paths) - 1:
        raise SystemExit("a good file was not extracted")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=40, help="good .docx files (default 40)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        paths = build_files(Path(tmp), args.files)
        with ExtractorPool(workers=args.workers) as pool:
            pool.extract(paths[0])  # workers are warm
            times = []
            for run in range(1, args.runs + 1):
                elapsed = one_run(pool, paths)
                times.append(elapsed)
                print(
                    f"run {run}: {len(paths)} files in {elapsed:.2f} s, "
                    f"{len(paths) / elapsed:.1f} docs/s"
                )
    median = statistics.median(times)
    rate = len(paths) / median
    verdict = (
        "ok" if rate >= TARGET_DOCS_PER_S else f"BELOW the {TARGET_DOCS_PER_S:.0f} docs/s target"
    )
    print(f"median: {median:.2f} s wall, {rate:.1f} docs/s with {args.workers} workers ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
