"""Search benchmark: rebuild speed/memory and as-you-type query latency.

    python bench/bench_search.py --n 10000      # full run (index cached in bench/out)
    python bench/bench_search.py --quick        # 500 documents, sanity check
    python bench/bench_search.py --n 10000 --rebuild   # force a new build

The rebuild runs in a child process so that its peak RSS is its own. Query
latency is measured by "typing" realistic queries one character at a time,
each keystroke being a ``search(limit=20)`` with facets and snippets, on an
index opened fresh for the session (caches start empty).
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import CORPUS_VERSION, generate_docs, usage_counts

from smkdesk.core.search.model import IndexDoc, SearchFilters
from smkdesk.core.search.whoosh.index import INDEX_VERSION, SearchIndex

OUT = Path(__file__).resolve().parent / "out"
TARGET_P95_MS = 50.0
TARGET_RSS_MB = 600.0

QUERIES: list[str] = [
    "pricing",
    "security",
    "onboarding",
    "cfo",
    "retail",
    "case study retail pricing",
    "roi calculator",
    "supply chain visibility",
    "cloud security compliance",
    "churn renewal",
    "café",
    '"buyer journey"',
    '"case study" retail',
    '"net revenue retention"',
    '"supply chain"',
    "security NOT pricing",
    "cfo OR finance",
    "onboarding -webinar",
    "churn OR retention",
    "pricng",
    "securty audit",
]
CLASSES = ("single", "and", "phrase", "prefix", "not_or")


def classify(text: str, prefix_last: bool) -> str:
    stripped = text.rstrip()
    if prefix_last and stripped == text and text[-1:].isalnum() and text.count('"') % 2 == 0:
        return "prefix"
    if text.count('"') >= 2:
        return "phrase"
    if any(op in f" {text} " for op in (" OR ", " NOT ", " -")):
        return "not_or"
    return "and" if len(stripped.split()) > 1 else "single"


def typed_states(query: str) -> Iterator[tuple[str, bool]]:
    """Every keystroke (with the prefix rule), then the finished query."""
    for i in range(1, len(query) + 1):
        yield query[:i], True
    yield query, False


# -- corpus & index cache ------------------------------------------------------------
def corpus_file(n: int, seed: int) -> Path:
    return OUT / f"corpus-v{CORPUS_VERSION}-{n}-{seed}.pickle"


def ensure_corpus(n: int, seed: int) -> Path:
    path = corpus_file(n, seed)
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        t0 = time.perf_counter()
        with open(tmp, "wb") as fh:
            for doc in generate_docs(n, seed):
                pickle.dump(doc, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.rename(path)
        print(f"generated corpus of {n} documents in {time.perf_counter() - t0:.1f}s")
    return path


def read_corpus(path: Path) -> Iterator[IndexDoc]:
    with open(path, "rb") as fh:
        while True:
            try:
                yield pickle.load(fh)
            except EOFError:
                return


def _anon_mb() -> float:
    """Resident anonymous memory (heap) of this process; Linux only, else 0."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def build_child(corpus: Path, directory: Path, n: int) -> None:
    """Child process: rebuild and print one JSON line of measurements.

    ru_maxrss also counts pages of index files Whoosh reads through mmap
    (page cache); RssAnon, sampled every 50 ms, is the heap alone.
    """
    peak_anon = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak_anon[0] = max(peak_anon[0], _anon_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    ix = SearchIndex.open(directory)
    t0 = time.perf_counter()
    ix.rebuild(read_corpus(corpus), n)
    seconds = time.perf_counter() - t0
    ix.close()
    done.set()
    sampler.join()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "docs_per_s": n / seconds,
                "peak_rss_mb": rss_kb / 1024,
                "peak_heap_mb": peak_anon[0],
            }
        )
    )


def ensure_index(n: int, seed: int, force: bool) -> tuple[Path, dict[str, float]]:
    directory = OUT / f"index-v{CORPUS_VERSION}-{n}-{seed}"
    stamp = directory / "bench.json"
    if not force and stamp.exists():
        info = json.loads(stamp.read_text())
        if info.get("index_version") == INDEX_VERSION:
            return directory, {**info["build"], "cached": 1.0}
    corpus = ensure_corpus(n, seed)
    shutil.rmtree(directory, ignore_errors=True)
    print(f"rebuilding index of {n} documents in a child process...", flush=True)
    proc = subprocess.run(
        [sys.executable, __file__, "--build-child", str(corpus), str(directory), str(n)],
        check=True,
        capture_output=True,
        text=True,
    )
    build = json.loads(proc.stdout.strip().splitlines()[-1])
    stamp.write_text(json.dumps({"index_version": INDEX_VERSION, "build": build}))
    return directory, {**build, "cached": 0.0}


# -- query latency ------------------------------------------------------------------
def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


def run_session(
    ix: SearchIndex, usage: dict[int, int], slowest: list[tuple[float, str]] | None = None
) -> dict[str, list[float]]:
    lat: dict[str, list[float]] = {c: [] for c in CLASSES}
    for query in QUERIES:
        for text, prefix_last in typed_states(query):
            t0 = time.perf_counter()
            ix.search(text, limit=20, prefix_last=prefix_last)
            ms = (time.perf_counter() - t0) * 1000
            lat[classify(text, prefix_last)].append(ms)
            if slowest is not None:
                slowest.append((ms, text + ("" if prefix_last else " [enter]")))
    # filtered and sorted variants of finished queries
    filters = SearchFilters(stage_ids=frozenset({1, 2}), sector_ids=frozenset({1}))
    extra = lat.setdefault("filter_sort", [])
    for query in QUERIES[:8]:
        for sort in ("relevance", "newest", "most_used"):
            t0 = time.perf_counter()
            ix.search(query, filters, sort=sort, usage=usage, limit=20, prefix_last=False)
            extra.append((time.perf_counter() - t0) * 1000)
    # multi-select facets (two values in a dimension, counted disjunctively) and
    # the boost for query words that name a type or a tag
    multi = SearchFilters(persona_ids=frozenset({1, 2}), type_ids=frozenset({1, 3}))
    named = {"type": frozenset({"1"}), "sector": frozenset({"1"})}
    facets = lat.setdefault("multi_boost", [])
    for query in QUERIES[:8]:
        t0 = time.perf_counter()
        ix.search(query, multi, limit=20, prefix_last=False, boosts=named)
        facets.append((time.perf_counter() - t0) * 1000)
    return lat


def report(title: str, lat: dict[str, list[float]]) -> float:
    print(f"\n{title}\n{'class':<12}{'n':>5}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
    every: list[float] = []
    for name, values in lat.items():
        if values:
            every += values
            print(
                f"{name:<12}{len(values):>5}{statistics.median(values):>11.1f}"
                f"{percentile(values, 95):>9.1f}{max(values):>9.1f}"
            )
    p95 = percentile(every, 95)
    print(
        f"{'overall':<12}{len(every):>5}{statistics.median(every):>11.1f}{p95:>9.1f}"
        f"{max(every):>9.1f}"
    )
    return p95


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--quick", action="store_true", help="500 documents")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rebuild", action="store_true", help="ignore the cached index")
    ap.add_argument(
        "--build-child", nargs=3, metavar=("CORPUS", "DIR", "N"), help=argparse.SUPPRESS
    )
    args = ap.parse_args()
    if args.build_child:
        corpus, directory, n = args.build_child
        build_child(Path(corpus), Path(directory), int(n))
        return 0
    n = 500 if args.quick else args.n
    directory, build = ensure_index(n, args.seed, args.rebuild)
    cached = " (cached build)" if build.get("cached") else ""
    print(
        f"rebuild: {n} docs in {build['seconds']:.1f}s = {build['docs_per_s']:.1f} docs/s, "
        f"peak RSS {build['peak_rss_mb']:.0f} MB "
        f"(heap {build.get('peak_heap_mb', 0):.0f} MB){cached}"
    )
    t0 = time.perf_counter()
    ix = SearchIndex.open(directory)
    print(f"open: {(time.perf_counter() - t0) * 1000:.0f} ms, health {ix.health.value}")
    usage = usage_counts(n, args.seed)
    slowest: list[tuple[float, str]] = []
    p95 = report("cold session (fresh index, every keystroke)", run_session(ix, usage, slowest))
    print("slowest:", ", ".join(f"{t!r} {ms:.0f} ms" for ms, t in sorted(slowest)[-5:][::-1]))
    report("warm session (same queries again)", run_session(ix, usage))
    ix.close()
    ok = p95 <= TARGET_P95_MS and build["peak_rss_mb"] <= TARGET_RSS_MB
    print(
        f"\ntargets: p95 <= {TARGET_P95_MS:.0f} ms (cold: {p95:.1f}), "
        f"rebuild RSS <= {TARGET_RSS_MB:.0f} MB ({build['peak_rss_mb']:.0f}) -> "
        f"{'MET' if ok else 'NOT MET'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
