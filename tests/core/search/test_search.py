"""SearchIndex against a real Whoosh index in tmp_path (no mocks)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from whoosh import index as wh_index

from smkdesk.core.errors import Cancelled, IndexLockedError, SearchIndexError
from smkdesk.core.search.model import IndexDoc, IndexHealth, IndexResult, SearchFilters, Snippet
from smkdesk.core.search.whoosh import index as index_module
from smkdesk.core.search.whoosh.evaluate import PREFIX_EXPANSIONS
from smkdesk.core.search.whoosh.index import SearchIndex

T0 = datetime(2024, 1, 1, tzinfo=UTC)
RETAIL, GROCERIES, FASHION, FINANCE = 10, 11, 12, 20  # 11 and 12 are children of 10


def doc(asset_id: int, title: str, **kw: object) -> IndexDoc:
    kw.setdefault("created", T0 + timedelta(days=asset_id))
    kw.setdefault("updated", T0 + timedelta(days=asset_id))
    return IndexDoc(asset_id=asset_id, title=title, **kw)  # type: ignore[arg-type]


CORPUS = [
    doc(
        1,
        "Retail pricing case study",
        description="How a grocer fixed its pricing.",
        body="The buyer journey of a grocer. Dynamic pricing lifted margins by 4%.",
        keywords=("pricing", "grocery"),
        tag_text="Case study Decision CFO Retail Groceries",
        stage_ids=(3,),
        persona_ids=(2,),
        sector_ids=(RETAIL, GROCERIES),
        type_id=1,
        owner="Anna",
        abm_tier="one-to-one",
    ),
    doc(
        2,
        "Security whitepaper",
        description="Encryption and compliance for banks.",
        body="Security teams review encryption, compliance and audit trails. Prices vary.",
        stage_ids=(2,),
        persona_ids=(5,),
        sector_ids=(FINANCE,),
        type_id=3,
        owner="Ben",
    ),
    doc(
        3,
        "CFO ROI calculator",
        body="The roi calculator shows payback for the cfo.",
        stage_ids=(3,),
        persona_ids=(2,),
        type_id=5,
        owner="Anna",
        abm_tier="one-to-few",
    ),
    doc(
        4,
        "Café culture ebook",
        body="Coffee shops and the café experience in Zürich.",
        stage_ids=(1,),
        sector_ids=(RETAIL, FASHION),
        type_id=2,
        owner="Chloé",
    ),
    doc(
        5,
        "Journey mapping guide",
        body="The journey of the buyer is long; map every step.",
        stage_ids=(1, 2),
        persona_ids=(4,),
        type_id=2,
        owner="Ben",
    ),
    doc(
        6,
        "Old pricing deck",
        body="Legacy pricing slides.",
        status="retired",
        stage_ids=(3,),
        type_id=4,
        owner="Anna",
    ),
    doc(
        7,
        "Draft battlecard",
        body="Objection handling against competitor pricing.",
        status="draft",
        stage_ids=(2,),
        persona_ids=(3,),
        type_id=6,
        owner="Ben",
        abm_tier="one-to-many",
    ),
    doc(
        8,
        "Onboarding checklist",
        body="Welcome pack, training plan and kickoff agenda.",
        stage_ids=(3,),
        type_id=2,
        owner="Chloé",
    ),
    doc(
        9,
        "Adoption report",
        body="Adoption grew after onboarding. Onboarding matters and onboarding sessions help.",
        stage_ids=(3,),
        type_id=3,
        owner="Chloé",
    ),
]


def ids(result: IndexResult) -> set[int]:
    return {h.asset_id for h in result.hits}


def build(directory: Path, docs: list[IndexDoc] = CORPUS) -> SearchIndex:
    ix = SearchIndex.open(directory, lock_timeout=2.0)
    ix.rebuild(docs, len(docs))
    return ix


@pytest.fixture(scope="module")
def ro_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    """Shared read-only index over CORPUS."""
    ix = build(tmp_path_factory.mktemp("ro") / "index")
    yield ix
    ix.close()


@pytest.fixture
def index(tmp_path: Path) -> Iterator[SearchIndex]:
    ix = build(tmp_path / "index")
    yield ix
    ix.close()


def find(ix: SearchIndex, text: str, **kw: object) -> set[int]:
    kw.setdefault("prefix_last", False)
    return ids(ix.search(text, limit=100, **kw))  # type: ignore[arg-type]


# -- query language ------------------------------------------------------------------
def test_words_are_anded(ro_index: SearchIndex) -> None:
    assert find(ro_index, "retail pricing") == {1}
    assert find(ro_index, "security compliance") == {2}
    assert find(ro_index, "security grocer") == set()


def test_phrase_needs_adjacent_words(ro_index: SearchIndex) -> None:
    assert find(ro_index, '"buyer journey"') == {1}
    assert find(ro_index, "buyer journey") == {1, 5}
    assert find(ro_index, '"journey of the buyer"') == {5}  # stop words keep their place


def test_or(ro_index: SearchIndex) -> None:
    assert find(ro_index, "calculator OR encryption") == {2, 3}


def test_not_and_minus(ro_index: SearchIndex) -> None:
    assert 2 not in find(ro_index, "pricing NOT security")
    assert find(ro_index, "pricing NOT security") == find(ro_index, "pricing -security")
    assert find(ro_index, "-pricing onboarding") == {8, 9}
    assert 1 not in find(ro_index, "NOT pricing")


def test_last_word_is_a_prefix_while_typing(ro_index: SearchIndex) -> None:
    assert find(ro_index, "retail pric", prefix_last=True) == {1}
    assert find(ro_index, "calculat", prefix_last=True) == {3}
    assert find(ro_index, "calculat", prefix_last=False) == set()
    assert find(ro_index, "onboarding ", prefix_last=True) == {8, 9}  # finished word
    # the stem of "pricing" is "price": a half-typed "pricin" still finds it
    assert find(ro_index, "pricin", prefix_last=True) == {1, 2, 7}
    # one letter is not searched yet: the list stays as if nothing was typed
    assert find(ro_index, "p", prefix_last=True) == find(ro_index, "")
    assert find(ro_index, "retail p", prefix_last=True) == find(ro_index, "retail")


def test_prefix_scores_its_most_frequent_completions(tmp_path: Path) -> None:
    docs = [doc(i, f"note {i}", body=f"zzaa{i:02d} filler") for i in range(1, 31)]
    docs += [doc(i, f"note {i}", body="zzaacommon filler") for i in range(31, 36)]
    ix = build(tmp_path / "index", docs)
    try:
        res = ix.search("zzaa", limit=100)
        # every completion matches; only the most frequent ones are scored
        assert ids(res) == set(range(1, 36)) and res.incomplete_prefixes == ()
        scored = {h.asset_id for h in res.hits if h.score > 0}
        assert set(range(31, 36)) <= scored  # the most frequent term is always scored
        assert len(scored) == 5 + PREFIX_EXPANSIONS - 1
        assert find(ix, "zz", prefix_last=True) == set(range(1, 36))
        assert find(ix, "zzaa07", prefix_last=True) == {7}
    finally:
        ix.close()


def test_title_match_ranks_first(ro_index: SearchIndex) -> None:
    hits = ro_index.search("onboarding", prefix_last=False).hits
    assert [h.asset_id for h in hits] == [8, 9]
    assert hits[0].score > hits[1].score > 0


def test_stemming(ro_index: SearchIndex) -> None:
    assert {1, 2, 6, 7} - {6} == find(ro_index, "prices")
    assert 1 in find(ro_index, "priced")


def test_accent_folding(ro_index: SearchIndex) -> None:
    assert find(ro_index, "cafe") == {4}
    assert find(ro_index, "CAFÉ") == {4}
    assert find(ro_index, "zurich") == {4}


@pytest.mark.parametrize(
    "bad",
    [
        '"unclosed',
        "AND OR",
        "(((",
        "NOT",
        "-",
        '"',
        "a:b*c^2~",
        "OR pricing",
        "pricing AND",
        ")",
        "\x00\x1f",
        "x" * 2000,
    ],
)
def test_bad_syntax_never_raises(ro_index: SearchIndex, bad: str) -> None:
    for prefix_last in (True, False):
        ro_index.search(bad, prefix_last=prefix_last)
    assert find(ro_index, '"pricing') == find(ro_index, "pricing")


# -- filters and facets -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (SearchFilters(stage_ids=frozenset({1})), {4, 5}),
        (SearchFilters(stage_ids=frozenset({1, 2})), {2, 4, 5, 7}),
        (SearchFilters(persona_ids=frozenset({2})), {1, 3}),
        (SearchFilters(sector_ids=frozenset({RETAIL})), {1, 4}),  # parent finds children
        (SearchFilters(sector_ids=frozenset({GROCERIES})), {1}),
        (SearchFilters(type_ids=frozenset({2, 3})), {2, 4, 5, 8, 9}),
        (SearchFilters(owners=frozenset({"Chloé"})), {4, 8, 9}),
        (SearchFilters(abm_tiers=frozenset({"one-to-one", "one-to-many"})), {1, 7}),
        (SearchFilters(statuses=frozenset({"draft"})), {7}),
        (SearchFilters(stage_ids=frozenset({3}), owners=frozenset({"Anna"})), {1, 3}),
    ],
)
def test_filters(ro_index: SearchIndex, filters: SearchFilters, expected: set[int]) -> None:
    assert find(ro_index, "", filters=filters) == expected


def test_retired_hidden_unless_asked(ro_index: SearchIndex) -> None:
    assert 6 not in find(ro_index, "pricing")
    assert 6 in find(ro_index, "pricing", filters=SearchFilters(include_retired=True))
    only = SearchFilters(statuses=frozenset({"retired"}), include_retired=True)
    assert find(ro_index, "", filters=only) == {6}


def test_facet_counts_exact(ro_index: SearchIndex) -> None:
    res = ro_index.search("", limit=0)
    assert res.total == 8 and res.hits == ()
    assert res.facets == {
        "stage": {"1": 2, "2": 3, "3": 4},
        "persona": {"2": 2, "3": 1, "4": 1, "5": 1},
        "sector": {str(RETAIL): 2, str(GROCERIES): 1, str(FASHION): 1, str(FINANCE): 1},
        "type": {"1": 1, "2": 3, "3": 2, "5": 1, "6": 1},
        "status": {"published": 7, "draft": 1},
        "owner": {"Anna": 2, "Ben": 3, "Chloé": 3},
        "abm_tier": {"one-to-one": 1, "one-to-few": 1, "one-to-many": 1},
    }
    res = ro_index.search("pricing", SearchFilters(include_retired=True), prefix_last=False)
    assert res.facets["status"] == {"published": 2, "retired": 1, "draft": 1}
    assert res.facets["owner"] == {"Anna": 2, "Ben": 2}
    assert res.facets["stage"] == {"2": 2, "3": 2}


def test_facets_match_brute_force(ro_index: SearchIndex) -> None:
    filters = SearchFilters(stage_ids=frozenset({2, 3}))
    res = ro_index.search("", filters, limit=0)
    docs = [d for d in CORPUS if d.status != "retired" and {2, 3} & set(d.stage_ids)]
    assert res.total == len(docs)
    assert res.facets["type"] == dict(Counter(str(d.type_id) for d in docs))
    assert res.facets["sector"] == dict(Counter(str(s) for d in docs for s in d.sector_ids))


# -- snippets, suggestions, sorting --------------------------------------------------------
def _check_highlights(snippet: Snippet, stems: tuple[str, ...]) -> None:
    assert snippet.highlights
    for h in snippet.highlights:
        word = snippet.text[h.start : h.end].lower()
        assert word.startswith(stems), (word, snippet)


def test_snippet_highlights_point_at_terms(ro_index: SearchIndex) -> None:
    hit = ro_index.search("dynamic margins", prefix_last=False).hits[0]
    assert hit.asset_id == 1 and hit.snippet is not None
    _check_highlights(hit.snippet, ("dynamic", "margin"))
    hit = ro_index.search("zurich", prefix_last=False).hits[0]
    assert hit.snippet is not None
    assert [hit.snippet.text[h.start : h.end] for h in hit.snippet.highlights] == ["Zürich"]
    assert ro_index.search("pricing", with_snippets=False).hits[0].snippet is None


def test_snippets_are_plain_text_and_fall_back(tmp_path: Path) -> None:
    html = doc(
        1,
        "<b>Bold</b> <script>alert(1)</script>",
        description="Short <i>intro</i>.",
        body="Line one\n\n   with   <em>markup</em> &amp; pricing\ttext. " + "x " * 300,
    )
    ix = build(tmp_path / "index", [html, doc(2, "Pricing only in title", description="Desc.")])
    try:
        snips = ix.snippets("pricing", [1, 2, 99])
        assert set(snips) == {1, 2}
        assert "<em>markup</em> &amp; pricing text" in snips[1].text  # as is, never escaped
        assert "\n" not in snips[1].text and "  " not in snips[1].text
        _check_highlights(snips[1], ("pric",))
        assert snips[2] == Snippet("Desc.", ())  # no match: the description
    finally:
        ix.close()


def test_did_you_mean(ro_index: SearchIndex) -> None:
    res = ro_index.search("pricng")
    assert res.total == 0 and res.suggestion == "pricing"
    assert ro_index.search("retail pricng", prefix_last=False).suggestion == "retail pricing"
    assert ro_index.search("retail pricing").suggestion is None


def test_sort_newest_and_most_used(ro_index: SearchIndex) -> None:
    newest = ro_index.search("", sort="newest").hits
    assert [h.asset_id for h in newest] == [9, 8, 7, 5, 4, 3, 2, 1]
    # with nothing to rank by, published content comes first (7 is a draft)
    assert [h.asset_id for h in ro_index.search("").hits] == [9, 8, 5, 4, 3, 2, 1, 7]
    usage = {2: 5, 7: 9, 1: 5}
    used = ro_index.search("pricing", sort="most_used", usage=usage, prefix_last=False).hits
    assert [h.asset_id for h in used][:1] == [7]
    assert {h.asset_id for h in used[1:3]} == {1, 2}
    assert used[1].score >= used[2].score  # ties broken by relevance
    page = ro_index.search("", sort="newest", limit=3, offset=2)
    assert [h.asset_id for h in page.hits] == [7, 5, 4] and page.total == 8


# -- health, rebuild, locking, freshness ---------------------------------------------------
def test_missing_index(tmp_path: Path) -> None:
    ix = SearchIndex.open(tmp_path / "nothing")
    assert ix.health is IndexHealth.MISSING and ix.needs_rebuild()
    with pytest.raises(SearchIndexError):
        ix.search("pricing")
    ix.rebuild(CORPUS, len(CORPUS))
    assert not ix.needs_rebuild() and find(ix, "retail pricing") == {1}
    assert ix.doc_ids() == {d.asset_id for d in CORPUS} and ix.doc_count() == 9
    ix.close()


def test_outdated_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(tmp_path / "index").close()
    monkeypatch.setattr(index_module, "INDEX_VERSION", index_module.INDEX_VERSION + 1)
    ix = SearchIndex.open(tmp_path / "index")
    assert ix.health is IndexHealth.OUTDATED and "rebuilt" in ix.health_detail
    with pytest.raises(SearchIndexError):
        ix.search("pricing")
    ix.rebuild(CORPUS, len(CORPUS))
    assert not ix.needs_rebuild() and find(ix, "retail pricing") == {1}
    ix.close()


def _generation(directory: Path) -> Path:
    sentinel = json.loads((directory / "smkdesk-index.json").read_text())
    return directory / str(sentinel["generation"])


@pytest.mark.parametrize("damage", ["toc", "segment", "sentinel"])
def test_damaged_index(tmp_path: Path, damage: str) -> None:
    directory = tmp_path / "index"
    build(directory).close()
    gen = _generation(directory)
    if damage == "toc":
        for toc in gen.glob("*.toc"):
            toc.write_bytes(b"\x80garbage" * 10)
    elif damage == "segment":
        for seg in gen.glob("*.seg"):
            data = seg.read_bytes()
            seg.write_bytes(data[: len(data) // 3])
    else:
        (directory / "smkdesk-index.json").write_text("{not json")
    ix = SearchIndex.open(directory)
    assert ix.health is IndexHealth.DAMAGED and "damaged" in ix.health_detail
    with pytest.raises(SearchIndexError):
        ix.search("pricing")
    ix.rebuild(CORPUS, len(CORPUS))
    assert not ix.needs_rebuild() and find(ix, "retail pricing") == {1}
    ix.close()


def test_cancelled_rebuild_keeps_old_index(index: SearchIndex, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    new_docs = [doc(100 + i, f"replacement {i}") for i in range(30)]
    with pytest.raises(Cancelled):
        index.rebuild(
            new_docs,
            30,
            progress=lambda d, t: seen.append((d, t)),
            cancelled=lambda: len(seen) >= 2,
            batch_size=5,
        )
    assert seen == [(5, 30), (10, 30)]
    assert index.health is IndexHealth.OK and find(index, "retail pricing") == {1}
    assert find(index, "replacement") == set()
    leftovers = [p.name for p in (tmp_path / "index").iterdir() if p.name.endswith(".building")]
    assert leftovers == []
    index.rebuild(new_docs, 30)
    assert find(index, "replacement") == {100 + i for i in range(30)}


def test_lock_contention_then_success(index: SearchIndex) -> None:
    index.lock_timeout = 0.3
    other = wh_index.open_dir(str(_generation(index.directory))).writer()
    try:
        with pytest.raises(IndexLockedError, match="another smkdesk process"):
            index.update([doc(50, "Locked out")])
    finally:
        other.cancel()
    index.update([doc(50, "Locked out")])
    assert find(index, "locked") == {50}


def test_lock_left_by_crashed_process(index: SearchIndex) -> None:
    script = textwrap.dedent(f"""
        import os
        from whoosh import index
        index.open_dir({str(_generation(index.directory))!r}).writer()
        os._exit(1)  # die holding the writer lock
    """)
    subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    index.lock_timeout = 1.0
    index.update([doc(51, "After the crash")])
    assert find(index, "crash") == {51}


def test_next_search_sees_updates_and_deletes(index: SearchIndex) -> None:
    """Regression: Searcher.refresh() would keep serving replaced/deleted docs."""
    assert find(index, "pricing") == {1, 2, 7}  # a searcher is open now
    retired = CORPUS[0].__class__(**{**CORPUS[0].__dict__, "status": "retired"})
    index.update([retired])
    index.delete([2])
    assert find(index, "pricing") == {7}
    assert find(index, "grocer") == set()
    assert 2 not in index.doc_ids() and index.doc_count() == 8
    index.update([doc(3, "Renamed calculator", body="payback maths")])
    assert find(index, "cfo") == set() and find(index, "renamed") == {3}


def test_search_while_writing(index: SearchIndex) -> None:
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                index.search("pric", SearchFilters(include_retired=True))
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)
                return

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(15):
            index.update([doc(200 + i, f"Pricing note {i}")])
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert len(find(index, "pricing note")) == 15


def test_segment_files_are_read_in_place_not_copied(index: SearchIndex) -> None:
    """Reopening after a commit must not copy the mapped segment (a GUI stall)."""
    import mmap

    from smkdesk.core.search.whoosh.io import MappedFile

    index.update([doc(99, "Zero copy check", body="zxqv segment bytes")])
    ix = index._ix
    segment = ix._segments()[0]
    storage = segment.open_compound_file(ix.storage)
    try:
        name = storage.list()[0]
        f = storage.open_file(name)
        assert isinstance(f, MappedFile)
        assert isinstance(f._buf.obj, mmap.mmap)  # a view of the map, not a copy
        assert f.read(4) == f.get(0, 4)
        f.seek(0)
        assert f.subset(0, 4).read() == f.get(0, 4)
        f.close()
    finally:
        storage.close()
    assert find(index, "zxqv") == {99}


def test_incremental_writes_sort_in_memory_and_buffer_their_files(
    index: SearchIndex, monkeypatch
) -> None:
    """An incremental commit keeps its sorting runs in memory (no pickled run
    files, so the writer does not keep the GUI thread off the GIL) and writes
    its segment files through a 1 MiB buffer; the merged runs index right."""
    from whoosh import writing

    from smkdesk.core.search.whoosh import io as whoosh_io

    opened: list[tuple[str, str, int]] = []
    merged: list[int] = []
    real_open = open
    real_merge = writing.PostingPool._merge_runs

    def spy(file, mode="r", buffering=-1, *args, **kwargs):
        opened.append((str(file), mode, buffering))
        return real_open(file, mode, buffering, *args, **kwargs)

    def spy_merge(pool, runs):
        merged.append(len(runs))
        return real_merge(pool, runs)

    monkeypatch.setattr("builtins.open", spy)
    monkeypatch.setattr(writing.PostingPool, "_merge_runs", spy_merge)
    # a tiny pool limit forces several sorting runs, which are merged on commit
    monkeypatch.setattr(writing.PostingPool, "__init__", _small_pool(writing.PostingPool.__init__))
    index.update([doc(300 + i, f"Buffered run {i}", body=f"runword{i} " * 50) for i in range(40)])
    assert merged and merged[0] >= 2, "expected several sorting runs to merge"
    assert not [f for f, _m, _b in opened if f.endswith(".run")]
    writes = {b for _f, m, b in opened if m == "wb"}
    assert writes == {whoosh_io.RUN_BUFFER}
    assert find(index, "runword7") == {307}
    assert len(find(index, "buffered run")) == 40

    # past the cap (a commit that merges segments re-adds their postings),
    # later runs go to disk as before; everything still indexes
    monkeypatch.setattr(whoosh_io, "MEMORY_POOL_CAP", 8192)
    opened.clear()
    index.update([doc(400 + i, f"Spilled run {i}", body=f"spillword{i} " * 50) for i in range(40)])
    assert [f for f, _m, _b in opened if f.endswith(".run")]
    assert find(index, "spillword9") == {409}
    assert len(find(index, "spilled run")) == 40


def _small_pool(init):
    def small(self, tempstore, segment, limitmb=128, **kwargs):
        init(self, tempstore, segment, limitmb=limitmb, **kwargs)
        self.limit = 4096

    return small
