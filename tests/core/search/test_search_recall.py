"""Search recall: explicit ``word*`` prefixes, every completion of a prefix,
CJK words inside running text. Real Whoosh indexes in tmp_path (no mocks)."""

from __future__ import annotations

import string
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import product
from pathlib import Path

import pytest
from whoosh.analysis import CharsetFilter, StemmingAnalyzer, Token
from whoosh.support.charset import accent_map

from smkdesk.core.library import Library
from smkdesk.core.search.dto import SearchQuery
from smkdesk.core.search.model import IndexDoc, IndexResult
from smkdesk.core.search.whoosh import evaluate as evaluate_module
from smkdesk.core.search.whoosh.index import SearchIndex
from smkdesk.core.search.whoosh.schema import ANALYZER
from tests.filebuilders import make_docx

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def doc(asset_id: int, title: str, **kw: object) -> IndexDoc:
    kw.setdefault("created", T0 + timedelta(days=asset_id))
    kw.setdefault("updated", T0 + timedelta(days=asset_id))
    return IndexDoc(asset_id=asset_id, title=title, **kw)  # type: ignore[arg-type]


def build(directory: Path, docs: list[IndexDoc]) -> SearchIndex:
    ix = SearchIndex.open(directory, lock_timeout=2.0)
    ix.rebuild(docs, len(docs))
    return ix


def ids(result: IndexResult) -> set[int]:
    return {h.asset_id for h in result.hits}


def find(ix: SearchIndex, text: str, *, prefix_last: bool = False) -> set[int]:
    return ids(ix.search(text, limit=500, prefix_last=prefix_last))


#: 40 distinct words starting with "pri" whose stems keep that start
PRI_WORDS = ["pri" + a + b for a, b in product("bdfgkmnpqz", "aiou")]
OTHER = [
    doc(101, "Retail checklist", body="Retail pricing and a privacy checklist."),
    doc(102, "Onboarding", body="Kickoff agenda and training plan."),
    doc(103, "Principles", body="Our principles of pricing."),
]


# -- a. an explicit trailing * is a prefix, anywhere in the query ------------------------
@pytest.fixture(scope="module")
def pri_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    ix = build(tmp_path_factory.mktemp("pri") / "index", OTHER)
    yield ix
    ix.close()


def test_star_word_is_a_prefix(pri_index: SearchIndex) -> None:
    assert find(pri_index, "pri") == set()  # a finished word stays exact
    for prefix_last in (False, True):
        assert find(pri_index, "pri*", prefix_last=prefix_last) == {101, 103}
        assert find(pri_index, "pric*", prefix_last=prefix_last) == {101, 103}
        assert pri_index.search("pri*", prefix_last=prefix_last).suggestion is None


def test_star_prefix_in_any_position(pri_index: SearchIndex) -> None:
    for prefix_last in (False, True):
        assert find(pri_index, "princ* pricing", prefix_last=prefix_last) == {103}
        assert find(pri_index, "priv* retail", prefix_last=prefix_last) == {101}
        assert find(pri_index, "kick* OR princ*", prefix_last=prefix_last) == {102, 103}
        assert find(pri_index, "pri* NOT priv*", prefix_last=prefix_last) == {103}
    # plain words other than the last stay exact (stemmed)
    assert find(pri_index, "princ pricing", prefix_last=True) == set()
    assert find(pri_index, "principle pric", prefix_last=True) == {103}


# -- b. a prefix matches every completion --------------------------------------------------
def _pri_docs(
    first: int, words: list[str], copies: int = 1, *, body_only: bool = False
) -> list[IndexDoc]:
    out = []
    n = first
    for w in words:
        for _ in range(copies):
            # half the words in the title, half in the body: every field counts
            if n % 2 and not body_only:
                out.append(doc(n, f"Note {w}", body="filler text"))
            else:
                out.append(doc(n, f"Note {n}", body=f"some filler then {w} here"))
            n += 1
    return out


def test_prefix_matches_all_forty_completions(tmp_path: Path) -> None:
    assert len({t.text for w in PRI_WORDS for t in ANALYZER(w)}) == 40
    ix = build(tmp_path / "index", _pri_docs(1, PRI_WORDS) + OTHER)
    try:
        for text, prefix_last in (("pri", True), ("pri*", False), ("note pri", True)):
            res = ix.search(text, limit=500, prefix_last=prefix_last)
            expected = set(range(1, 41)) | ({101, 103} if text != "note pri" else set())
            assert ids(res) == expected, text
            assert res.total == len(expected)
            assert res.incomplete_prefixes == ()
        # a longer prefix narrows as before
        assert find(ix, "prib", prefix_last=True) == {1, 2, 3, 4}
    finally:
        ix.close()


def test_prefix_recall_across_segments(tmp_path: Path) -> None:
    ix = build(tmp_path / "index", _pri_docs(1, PRI_WORDS[:25]))
    try:
        ix.update(_pri_docs(26, PRI_WORDS[25:]))  # a second segment
        assert find(ix, "pri", prefix_last=True) == set(range(1, 41))
        ix.delete([3])
        assert find(ix, "pri", prefix_last=True) == set(range(1, 41)) - {3}
    finally:
        ix.close()


def test_prefix_over_the_budget_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # three documents per word: no completion is free to match
    ix = build(tmp_path / "index", _pri_docs(1, PRI_WORDS, copies=3, body_only=True))
    try:
        res = ix.search("pri", limit=500)
        assert res.total == 120 and res.incomplete_prefixes == ()
        monkeypatch.setattr(evaluate_module, "PREFIX_MATCH_READS", 5)
        res = ix.search("prim", limit=500)  # a prefix not cached yet
        assert res.total == 12 and res.incomplete_prefixes == ()
        for _ in range(2):  # the same again: still too many to read
            res = ix.search("pr", limit=500)
            assert res.total == 12  # the 4 scored completions of a 2-letter prefix
            assert res.incomplete_prefixes == ("pr",)
        monkeypatch.setattr(evaluate_module, "PREFIX_MATCH_READS", 40)
        res = ix.search("pr", limit=500)
        assert res.total == 120 and res.incomplete_prefixes == ()
    finally:
        ix.close()


# -- c. CJK words inside running text ------------------------------------------------------
CJK = [
    doc(201, "Tokyo deck", body="これは東京の営業資料です。"),
    doc(202, "Beijing deck", body="这是北京的销售资料，请查看。"),
    doc(203, "Seoul deck", body="서울에서 영업자료를 공유합니다."),
    doc(204, "Mixed", description="Tokyo東京オフィス update", body="pricing notes"),
    doc(205, "Single", body="東 と 西"),
    doc(206, "Latin only", body="Coffee shops and the café experience in Zürich; pricing."),
]


@pytest.fixture(scope="module")
def cjk_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    ix = build(tmp_path_factory.mktemp("cjk") / "index", CJK)
    yield ix
    ix.close()


@pytest.mark.parametrize(
    ("two", "four", "unrelated", "asset"),
    [
        ("東京", "営業資料", "大阪", 201),
        ("北京", "销售资料", "上海", 202),
        ("서울", "영업자료", "부산", 203),
    ],
)
def test_cjk_words_in_running_text(
    cjk_index: SearchIndex, two: str, four: str, unrelated: str, asset: int
) -> None:
    for prefix_last in (False, True):
        assert asset in find(cjk_index, two, prefix_last=prefix_last)
        assert find(cjk_index, four, prefix_last=prefix_last) == {asset}
        assert find(cjk_index, unrelated, prefix_last=prefix_last) == set()
        assert find(cjk_index, f"{four} {unrelated}", prefix_last=prefix_last) == set()
        assert find(cjk_index, f"{four} OR {unrelated}", prefix_last=prefix_last) == {asset}
        assert find(cjk_index, f'"{four}"', prefix_last=prefix_last) == {asset}


def test_cjk_phrase_needs_adjacent_characters(cjk_index: SearchIndex) -> None:
    assert find(cjk_index, "東京資料") == set()  # both bigram halves exist, not together
    assert find(cjk_index, "東京の営業") == {201}
    assert find(cjk_index, "東京") == {201, 204}


def test_cjk_mixed_with_latin_and_single_characters(cjk_index: SearchIndex) -> None:
    assert find(cjk_index, "tokyo") == {201, 204}
    assert find(cjk_index, "オフィス") == {204}
    assert find(cjk_index, "tokyo東京") == {204}
    assert find(cjk_index, "東") == {201, 204, 205}  # a single character: runs starting with it
    assert find(cjk_index, "西") == {205}


def test_cjk_snippet_highlights(cjk_index: SearchIndex) -> None:
    hit = cjk_index.search("営業資料", prefix_last=False).hits[0]
    assert hit.snippet is not None
    marked = [hit.snippet.text[h.start : h.end] for h in hit.snippet.highlights]
    assert marked == ["営業資料"]


def test_latin_search_unchanged(cjk_index: SearchIndex) -> None:
    assert find(cjk_index, "cafe") == {206}
    assert find(cjk_index, "zurich") == {206}
    assert find(cjk_index, "prices") == {204, 206}
    assert find(cjk_index, "shop") == {206}
    assert find(cjk_index, "pric", prefix_last=True) == {204, 206}


def _token(t: Token) -> tuple[object, ...]:
    return tuple(getattr(t, a, None) for a in ("text", "pos", "startchar", "endchar", "boost"))


def test_latin_analysis_is_exactly_as_before() -> None:
    before = StemmingAnalyzer() | CharsetFilter(accent_map)
    text = (
        "The buyer's journey: Pricing & café culture in Zürich, v2.0 roll-out, "
        "B2B e-mail 4% of the a I x. Ｆｕｌｌｗｉｄｔｈ ÉLAN naïve façade 2024-01-01 don't"
    )
    for kw in ({}, {"positions": True, "chars": True}, {"mode": "query"}):
        old = [_token(t) for t in before(text, **kw)]
        new = [_token(t) for t in ANALYZER(text, **kw)]
        assert new == old


def test_cjk_in_an_imported_document(tmp_path: Path) -> None:
    src = make_docx(
        tmp_path / "src" / "tokyo.docx",
        title="Tokyo sales kit",
        paragraphs=["これは東京の営業資料です。", "Pricing overview for Japan."],
    )
    with Library.create(tmp_path / "lib") as library:
        result = library.assets.import_files([src])
        assert result.count("imported") == 1
        for text in ("東京", "営業資料", "pricing"):
            hits = library.search(SearchQuery(text=text, with_snippets=False)).hits
            assert len(hits) == 1, text
        assert library.search(SearchQuery(text="大阪")).hits == ()


def test_string_letters_stay_latin() -> None:
    # sanity: every ASCII letter word analyses to itself (no CJK path taken)
    for word in ("alpha", string.ascii_lowercase):
        assert [t.text for t in ANALYZER(word)] == [word]


def test_prefix_matches_words_whose_stem_does_not_start_with_it(tmp_path: Path) -> None:
    # "zzqies" is indexed as "zzqi", which does not start with "zzqie"; 30 more
    # frequent words crowd it out of the scored completions (12, from the 24
    # most frequent spelled words), so only the unscored union can find it.
    crowd = [f"zzqie{a}{b}" for a, b in product("abcdef", "klmno")]
    docs = [doc(n, f"Note {n}", body=f"{w} filler") for n, w in enumerate(crowd * 3, start=1)]
    docs.append(doc(500, "Odd one", body="zzqies filler"))
    ix = build(tmp_path / "index", docs)
    try:
        res = ix.search("zzqie", limit=500)
        assert 500 in ids(res) and res.total == len(docs)
        assert res.incomplete_prefixes == ()
        assert find(ix, "zzqies") == {500}
    finally:
        ix.close()


def test_a_pasted_list_of_stars_expands_only_a_few_prefixes() -> None:
    from smkdesk.core.search.whoosh.querying import MAX_PREFIXES, QueryReader
    from smkdesk.core.search.whoosh.schema import build_schema

    reader = QueryReader(build_schema())
    pasted = reader.parse(" ".join(f"{c}{c}*" for c in string.ascii_lowercase))
    assert len(pasted.prefixes) == MAX_PREFIXES
    assert reader.parse("a* pricing ").prefixes == ()  # one letter is not a prefix
    assert [p.text for p in reader.parse("pri* roi ").prefixes] == ["pri"]
