"""Search a rep trusts: "did you mean" only offers corrections that find
something with the filters on, prefers likely words, query words that name a
type or tag boost assets tagged with it, facets count disjunctively and an
empty search puts published content first."""

from __future__ import annotations

from smkdesk.core.library import Library
from smkdesk.core.search.dto import SearchQuery, SearchResults
from smkdesk.core.search.whoosh.spelling import FrequencyCorrector, edit_distance


def search(lib: Library, text: str = "", **kw: object) -> SearchResults:
    return lib.search(SearchQuery(text=text, limit=50, with_snippets=False, **kw))  # type: ignore[arg-type]


def counts(res: SearchResults, dim: str) -> dict[str, int]:
    facet = next(f for f in res.facets if f.dimension == dim)
    return {v.label: v.count for v in facet.values if v.count}


def test_a_transposition_is_one_edit() -> None:
    assert edit_distance("retial", "retail") == 1
    assert edit_distance("retial", "real") == 2
    assert edit_distance("pricng", "pricing") == 1
    assert edit_distance("abc", "abc") == 0
    corrector = FrequencyCorrector({"real": 50, "retail": 2, "detail": 40})
    # closest first even though "real" and "detail" are far more frequent
    assert corrector.candidates("retial")[0] == "retail"


def test_short_words_take_one_edit_only() -> None:
    corrector = FrequencyCorrector({"don": 90, "done": 3, "insurance": 5, "insurances": 1})
    assert corrector.candidates("drone") == ["done"]  # "don" is two edits away
    assert corrector.candidates("insruance") == ["insurance"]  # longer: a swap is fine


def test_frequent_words_win_among_equally_close_ones() -> None:
    corrector = FrequencyCorrector({"cases": 1, "caves": 30, "cazbah": 90})
    assert corrector.candidates("cazes") == ["caves", "cases"]


def test_retial_case_study_suggests_retail(h, lib: Library) -> None:
    for i in range(6):  # "real" is more frequent than "retail" in this library
        h.add_link(lib, f"Real results {i}", description="real case study of real buyers")
    h.add_link(lib, "Retail case study", description="a retail case study")
    res = search(lib, "retial case study")
    assert res.total == 0
    assert res.suggestion == "retail case study"
    assert search(lib, res.suggestion).total == 1


def test_no_suggestion_that_finds_nothing(h, lib: Library) -> None:
    """'drone insurance' must not chain to 'done insurance' (nothing has both)."""
    h.add_link(lib, "Done deals", description="what done looks like")
    h.add_link(lib, "Don't wait", description="don't wait for insurance renewals")
    h.add_link(lib, "Does it scale", description="does the platform scale")
    h.add_link(lib, "Insurance brokers", description="insurance for brokers")
    res = search(lib, "drone insurance")
    assert res.total == 0
    assert res.suggestion is None


def test_suggestion_respects_the_filters(h, lib: Library) -> None:
    h.add_link(lib, "Pricing guide", personas=("CFO",))
    h.add_link(lib, "Onboarding plan", personas=("IT manager",))
    assert search(lib, "pricng").suggestion == "pricing"
    # with the IT manager filter on, "pricing" would find nothing: not offered
    res = search(lib, "pricng", personas=("IT manager",))
    assert res.total == 0
    assert res.suggestion is None


def test_named_type_and_sector_rank_tagged_assets_first(h, lib: Library) -> None:
    deck = h.add_link(
        lib,
        "Retail case study pitch deck",
        description="case study retail case study retail: a deck about case studies in retail",
        asset_type="Presentation",
    )
    email = h.add_link(
        lib,
        "Case study follow-up e-mail for retail",
        description="send this case study to retail buyers; case study retail",
        asset_type="Email template",
    )
    grocer = h.add_link(
        lib,
        "Harbour & Pine",
        description="How a grocer cut waste: a case study in retail",
        asset_type="Case study",
        sectors=("Groceries",),  # a child of Retail
    )
    fashion = h.add_link(
        lib,
        "Northwind Fashion",
        description="A case study of a retail brand",
        asset_type="Case study",
        sectors=("Fashion",),
    )
    other = h.add_link(
        lib,
        "Case study: a bank",
        description="retail banking case study",
        asset_type="Case study",
        sectors=("Banking",),
    )
    ids = [hit.id for hit in search(lib, "case study retail").hits]
    assert set(ids[:2]) == {grocer, fashion}  # type and sector named: both match
    assert ids.index(other) < min(ids.index(deck), ids.index(email))  # the type matches


def test_facet_values_are_counted_without_their_own_filter(h, lib: Library) -> None:
    h.add_link(lib, "CFO brief", personas=("CFO",), stages=("Awareness",))
    h.add_link(lib, "CFO deck", personas=("CFO",), stages=("Decision",))
    h.add_link(lib, "IT checklist", personas=("IT manager",), stages=("Awareness",))
    h.add_link(lib, "Sales plan", personas=("VP Sales",), stages=("Decision",))
    res = search(lib, personas=("CFO",))
    assert res.total == 2
    # siblings stay on offer with the counts they would add
    assert counts(res, "persona") == {"CFO": 2, "IT manager": 1, "VP Sales": 1}
    # other facets are counted within the filter
    assert counts(res, "stage") == {"Awareness": 1, "Decision": 1}
    both = search(lib, personas=("CFO", "IT manager"))  # OR within a facet
    assert both.total == 3
    assert counts(both, "persona") == {"CFO": 2, "IT manager": 1, "VP Sales": 1}
    assert counts(both, "stage") == {"Awareness": 2, "Decision": 1}
    narrowed = search(lib, personas=("CFO", "IT manager"), stages=("Decision",))
    assert narrowed.total == 1
    assert counts(narrowed, "stage") == {"Awareness": 2, "Decision": 1}
    assert counts(narrowed, "persona") == {"CFO": 1, "VP Sales": 1}


def test_status_facet_counts_other_statuses_and_hides_retired(h, lib: Library) -> None:
    h.add_link(lib, "Live deck")
    h.add_link(lib, "Draft deck", status="draft")
    res = search(lib, statuses=("published",))
    assert res.total == 1
    assert counts(res, "status") == {"draft": 1, "published": 1}


def test_empty_search_puts_published_content_first(h, lib: Library) -> None:
    old = h.add_link(lib, "Published long ago")
    draft = h.add_link(lib, "Pending legal review", status="draft")
    assert [hit.id for hit in search(lib).hits] == [old, draft]
    assert [hit.id for hit in search(lib, sort="newest").hits] == [draft, old]


def test_an_empty_search_orders_published_then_used_then_newest_then_id(h, lib: Library) -> None:
    """Equal keys (a batch imported in the same second) never swap between runs:
    the id settles them; the use counts, when given, put proven content first."""
    ids = [h.add_link(lib, f"Batch asset {n}") for n in range(6)]
    draft = h.add_link(lib, "Draft asset", status="draft")
    first = [hit.id for hit in search(lib).hits]
    assert first[-1] == draft and sorted(first[:-1]) == sorted(ids)
    lib.reindex()  # the same order from an index built anew
    assert [hit.id for hit in search(lib).hits] == first
    # the index with use counts (what "Best match" on an empty search ranks by)
    used = {ids[0]: 5, ids[3]: 2, draft: 9}
    res = lib.index.search("", sort="relevance", usage=used, limit=10)
    order = [hit.asset_id for hit in res.hits]
    assert order[:2] == [ids[0], ids[3]] and order[-1] == draft  # drafts stay last
    rest = order[2:-1]
    assert rest == sorted(rest, key=lambda i: first.index(i))  # then as before
