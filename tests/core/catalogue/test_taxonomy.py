"""Taxonomy editing: add, rename, merge, reorder, move, retire - and the index follows."""

from __future__ import annotations

import pytest

from smkdesk.core.catalogue.dto import AssetUpdate, ImportOptions, TagEdit
from smkdesk.core.errors import DuplicateError, NotFoundError, ValidationError
from smkdesk.core.library import Library


def _id(lib: Library, dimension: str, name: str) -> int:
    return lib.taxonomy.find(dimension, name).id


def _names(lib: Library, dimension: str, include_retired: bool = True) -> list[str]:
    return [t.name for t in lib.taxonomy.list(dimension, include_retired=include_retired)]


# -- add ------------------------------------------------------------------------------
def test_add_values(lib: Library) -> None:
    stage = lib.taxonomy.add("stage", "  Retention  ")
    assert stage.name == "Retention" and stage.dimension == "stage"
    assert _names(lib, "stage") == ["Awareness", "Consideration", "Decision", "Retention"]

    pets = lib.taxonomy.add("sector", "Pet supplies", parent="Retail")
    retail = lib.taxonomy.find("sector", "Retail")
    assert pets.parent_id == retail.id
    assert pets.path == "Retail/Pet supplies" and pets.depth == 1
    # a sub-sector of a sub-sector, the parent given by id and by path
    cats = lib.taxonomy.add("sector", "Cat food", parent=pets.id)
    assert cats.path == "Retail/Pet supplies/Cat food" and cats.depth == 2
    dogs = lib.taxonomy.add("sector", "Dog food", parent="retail/pet supplies")
    assert dogs.parent_id == pets.id

    # a new value can be used for tagging straight away
    asset = lib.assets.add_link(
        "https://example.com/x", "Kibble guide", ImportOptions(sectors=("Cat food",))
    )
    assert asset.sectors == ("Retail/Pet supplies/Cat food",)


def test_add_refuses_bad_input(lib: Library) -> None:
    with pytest.raises(ValidationError):
        lib.taxonomy.add("stage", "   ")
    with pytest.raises(ValidationError, match="/"):
        lib.taxonomy.add("sector", "Retail/Shoes")
    with pytest.raises(ValidationError, match="Only sectors"):
        lib.taxonomy.add("stage", "Late", parent="Decision")
    with pytest.raises(ValidationError, match="Unknown taxonomy"):
        lib.taxonomy.add("colour", "Blue")
    with pytest.raises(ValidationError, match="Unknown sector"):
        lib.taxonomy.add("sector", "Shoes", parent="Nowhere")
    assert _names(lib, "stage") == ["Awareness", "Consideration", "Decision"]


def test_duplicate_names_are_refused(lib: Library) -> None:
    with pytest.raises(DuplicateError, match="Awareness"):
        lib.taxonomy.add("stage", "awareness")
    with pytest.raises(DuplicateError):
        lib.taxonomy.add("sector", "FASHION", parent="Retail")
    assert _names(lib, "stage") == ["Awareness", "Consideration", "Decision"]
    # the same name in another dimension or under another parent is fine
    lib.taxonomy.add("persona", "Decision")
    lib.taxonomy.add("sector", "Fashion", parent="Manufacturing")
    # ...but then the bare name is ambiguous and a path is needed
    with pytest.raises(ValidationError, match="ambiguous"):
        lib.assets.add_link(
            "https://example.com/a", "Lookbook", ImportOptions(sectors=("Fashion",))
        )
    ok = lib.assets.add_link(
        "https://example.com/b", "Lookbook", ImportOptions(sectors=("Manufacturing/Fashion",))
    )
    assert ok.sectors == ("Manufacturing/Fashion",)


# -- rename -----------------------------------------------------------------------------
def test_rename_keeps_tags_and_reindexes(lib: Library, h) -> None:
    tagged = h.add_link(lib, "Supplier onboarding checklist", personas=("Procurement",))
    other = h.add_link(lib, "Board briefing", personas=("CFO",))
    assert h.hit_ids(lib, "procurement") == {tagged}  # tag_text is searchable

    changes = lib.taxonomy.rename(_id(lib, "persona", "Procurement"), "Purchasing desk")
    assert changes.taxonomy and changes.assets == frozenset({tagged})

    assert lib.assets.get(tagged).personas == ("Purchasing desk",)
    assert lib.assets.get(other).personas == ("CFO",)
    assert h.hit_ids(lib, "purchasing") == {tagged}
    assert h.hit_ids(lib, "procurement") == set()
    assert h.hit_ids(lib, personas=("Purchasing desk",)) == {tagged}
    assert lib.taxonomy.find("persona", "purchasing desk").asset_count == 1


def test_rename_parent_sector_reindexes_children(lib: Library, h) -> None:
    aid = h.add_link(lib, "Seasonal lookbook", sectors=("Retail/Fashion",))
    assert h.hit_ids(lib, "retail") == {aid}  # ancestors are in tag_text too
    lib.taxonomy.rename(_id(lib, "sector", "Retail"), "Shops")
    assert lib.assets.get(aid).sectors == ("Shops/Fashion",)
    assert h.hit_ids(lib, "shops") == {aid}
    assert h.hit_ids(lib, "retail") == set()


def test_rename_asset_type_reindexes(lib: Library, h) -> None:
    aid = h.add_link(lib, "Zero trust explained", asset_type="Whitepaper")
    lib.taxonomy.rename(_id(lib, "type", "Whitepaper"), "Research report")
    assert lib.assets.get(aid).type == "Research report"
    assert h.hit_ids(lib, "research") == {aid}


def test_rename_to_a_taken_name_is_refused(lib: Library) -> None:
    with pytest.raises(DuplicateError):
        lib.taxonomy.rename(_id(lib, "stage", "Awareness"), "decision")
    assert _names(lib, "stage") == ["Awareness", "Consideration", "Decision"]
    # changing only the case of its own name is allowed
    lib.taxonomy.rename(_id(lib, "stage", "Awareness"), "AWARENESS")
    assert _names(lib, "stage")[0] == "AWARENESS"
    with pytest.raises(NotFoundError):
        lib.taxonomy.rename(987654, "Whatever")


# -- merge ------------------------------------------------------------------------------
def test_merge_moves_tags_once(lib: Library, h) -> None:
    evaluation = lib.taxonomy.add("stage", "Evaluation")
    consideration = lib.taxonomy.find("stage", "Consideration")
    only_src = h.add_link(lib, "Vendor comparison grid", stages=("Evaluation",))
    both = h.add_link(
        lib, "Proof of concept plan", stages=("Evaluation", "Consideration", "Decision")
    )
    only_dst = h.add_link(lib, "Webinar replay", stages=("Consideration",))
    untouched = h.add_link(lib, "Brand video", stages=("Awareness",))

    changes = lib.taxonomy.merge(evaluation.id, consideration.id)
    assert changes.taxonomy
    assert {only_src, both} <= changes.assets

    assert lib.assets.get(only_src).stages == ("Consideration",)
    assert lib.assets.get(both).stages == ("Consideration", "Decision")
    assert lib.assets.get(only_dst).stages == ("Consideration",)
    assert lib.assets.get(untouched).stages == ("Awareness",)
    assert "Evaluation" not in _names(lib, "stage")
    with pytest.raises(NotFoundError):
        lib.taxonomy.get(evaluation.id)
    assert lib.taxonomy.get(consideration.id).asset_count == 3
    # the index follows: filter and tag text
    assert h.hit_ids(lib, stages=("Consideration",)) == {only_src, both, only_dst}
    assert h.hit_ids(lib, "evaluation") == set()


def test_merge_sector_moves_sub_sectors(lib: Library, h) -> None:
    fashion_asset = h.add_link(lib, "Runway trends", sectors=("Retail/Fashion",))
    retail_asset = h.add_link(lib, "Store footfall study", sectors=("Retail",))
    retail = lib.taxonomy.find("sector", "Retail")
    manufacturing = lib.taxonomy.find("sector", "Manufacturing")

    lib.taxonomy.merge(retail.id, manufacturing.id)

    fashion = lib.taxonomy.find("sector", "Fashion")
    assert fashion.parent_id == manufacturing.id and fashion.path == "Manufacturing/Fashion"
    kids = [t.name for t in lib.taxonomy.list("sector") if t.parent_id == manufacturing.id]
    assert {"Fashion", "Groceries", "DIY", "Homeware", "Automotive"} <= set(kids)
    assert lib.assets.get(fashion_asset).sectors == ("Manufacturing/Fashion",)
    assert lib.assets.get(retail_asset).sectors == ("Manufacturing",)
    assert h.hit_ids(lib, sectors=("Manufacturing",)) == {fashion_asset, retail_asset}
    assert h.hit_ids(lib, "retail") == set()


def test_merge_sector_with_clashing_sub_sector_names(lib: Library) -> None:
    """Merging must never leave two siblings with the same name (paths would clash)."""
    lib.taxonomy.add("sector", "Automotive", parent="Retail")
    retail = lib.taxonomy.find("sector", "Retail")
    manufacturing = lib.taxonomy.find("sector", "Manufacturing")
    try:
        lib.taxonomy.merge(retail.id, manufacturing.id)
    except ValidationError:
        assert lib.taxonomy.find("sector", "Retail").id == retail.id  # refused: nothing changed
    kids = [t.name.lower() for t in lib.taxonomy.list("sector") if t.parent_id == manufacturing.id]
    assert len(kids) == len(set(kids)), kids


def test_merge_asset_types(lib: Library, h) -> None:
    ebook = h.add_link(lib, "Guide to tapir logistics", asset_type="Ebook")
    paper = h.add_link(lib, "Tapir whitepaper", asset_type="Whitepaper")
    changes = lib.taxonomy.merge(_id(lib, "type", "Ebook"), _id(lib, "type", "Whitepaper"))
    assert ebook in changes.assets
    assert lib.assets.get(ebook).type == "Whitepaper" == lib.assets.get(paper).type
    assert "Ebook" not in _names(lib, "type")
    assert lib.taxonomy.find("type", "Whitepaper").asset_count == 2
    assert h.hit_ids(lib, types=("Whitepaper",)) == {ebook, paper}
    assert h.hit_ids(lib, "ebook") == set()


def test_merge_refusals(lib: Library) -> None:
    stage = _id(lib, "stage", "Awareness")
    persona = _id(lib, "persona", "CFO")
    with pytest.raises(ValidationError, match="same taxonomy"):
        lib.taxonomy.merge(stage, persona)
    with pytest.raises(ValidationError):
        lib.taxonomy.merge(stage, stage)
    with pytest.raises(ValidationError, match="sub-sector"):
        lib.taxonomy.merge(_id(lib, "sector", "Retail"), _id(lib, "sector", "Retail/Fashion"))
    with pytest.raises(NotFoundError):
        lib.taxonomy.merge(stage, 987654)
    assert _names(lib, "stage") == ["Awareness", "Consideration", "Decision"]
    assert "CFO" in _names(lib, "persona")
    assert lib.taxonomy.find("sector", "Retail/Fashion").parent_id == _id(lib, "sector", "Retail")


# -- order and tree -------------------------------------------------------------------
def test_reorder_and_move(lib: Library) -> None:
    a, c, d = (_id(lib, "stage", n) for n in ("Awareness", "Consideration", "Decision"))
    lib.taxonomy.set_order("stage", [d, a, c])
    assert _names(lib, "stage") == ["Decision", "Awareness", "Consideration"]
    lib.taxonomy.move(c, -1)
    assert _names(lib, "stage") == ["Decision", "Consideration", "Awareness"]
    lib.taxonomy.move(d, +10)  # clamps at the end
    assert _names(lib, "stage") == ["Consideration", "Awareness", "Decision"]
    lib.taxonomy.move(d, -10)  # clamps at the start
    assert _names(lib, "stage") == ["Decision", "Consideration", "Awareness"]

    # siblings only
    fashion, diy = _id(lib, "sector", "Fashion"), _id(lib, "sector", "DIY")
    lib.taxonomy.move(diy, -2)
    retail = _id(lib, "sector", "Retail")
    kids = [t.name for t in lib.taxonomy.list("sector") if t.parent_id == retail]
    assert kids == ["DIY", "Fashion", "Groceries", "Homeware"]
    with pytest.raises(ValidationError):
        lib.taxonomy.set_order("sector", [fashion, _id(lib, "sector", "Banking")])
    with pytest.raises(ValidationError):
        lib.taxonomy.set_order("stage", [a, _id(lib, "persona", "CFO")])


def test_set_parent_moves_a_sector_and_the_filter_follows(lib: Library, h) -> None:
    aid = h.add_link(lib, "Runway trends", sectors=("Retail/Fashion",))
    untagged = h.add_link(lib, "Generic overview")
    assert h.hit_ids(lib, sectors=("Retail",)) == {aid}  # parent filter finds the child's asset
    assert h.hit_ids(lib, sectors=("Retail/Fashion",)) == {aid}
    assert h.hit_ids(lib, sectors=("Manufacturing",)) == set()
    assert untagged not in h.hit_ids(lib, sectors=("Retail",))

    changes = lib.taxonomy.set_parent(_id(lib, "sector", "Fashion"), "Manufacturing")
    assert changes.assets == frozenset({aid})
    assert lib.assets.get(aid).sectors == ("Manufacturing/Fashion",)
    assert h.hit_ids(lib, sectors=("Manufacturing",)) == {aid}
    assert h.hit_ids(lib, sectors=("Retail",)) == set()

    # to the top level
    lib.taxonomy.set_parent(_id(lib, "sector", "Fashion"), None)
    fashion = lib.taxonomy.find("sector", "Fashion")
    assert fashion.parent_id is None and fashion.depth == 0
    assert h.hit_ids(lib, sectors=("Manufacturing",)) == set()
    assert h.hit_ids(lib, sectors=("Fashion",)) == {aid}


def test_set_parent_refuses_cycles(lib: Library) -> None:
    retail = _id(lib, "sector", "Retail")
    lib.taxonomy.add("sector", "Luxury", parent="Retail/Fashion")
    with pytest.raises(ValidationError):
        lib.taxonomy.set_parent(retail, retail)
    with pytest.raises(ValidationError):
        lib.taxonomy.set_parent(retail, "Retail/Fashion")
    with pytest.raises(ValidationError):
        lib.taxonomy.set_parent(retail, "Retail/Fashion/Luxury")
    with pytest.raises(ValidationError, match="Only sectors"):
        lib.taxonomy.set_parent(_id(lib, "stage", "Decision"), "Retail")
    # a sibling with the same name under the new parent is refused too
    lib.taxonomy.add("sector", "Fashion", parent="Manufacturing")
    with pytest.raises(DuplicateError):
        lib.taxonomy.set_parent(_id(lib, "sector", "Retail/Fashion"), "Manufacturing")
    assert lib.taxonomy.get(retail).parent_id is None
    assert lib.taxonomy.find("sector", "Retail/Fashion/Luxury").depth == 2


# -- retire ----------------------------------------------------------------------------
def test_retire_hides_and_refuses_new_tags(lib: Library, h) -> None:
    old = h.add_link(lib, "Legacy brochure", stages=("Awareness",))
    other = h.add_link(lib, "Fresh brochure", stages=("Decision",))
    aw = _id(lib, "stage", "Awareness")
    lib.taxonomy.retire(aw)

    assert _names(lib, "stage", include_retired=False) == ["Consideration", "Decision"]
    assert lib.taxonomy.get(aw).retired
    assert "Awareness" in _names(lib, "stage")

    with pytest.raises(ValidationError, match="retired"):
        lib.assets.add_link(
            "https://example.com/n", "New one", ImportOptions(stages=("Awareness",))
        )
    with pytest.raises(ValidationError, match="retired"):
        lib.assets.update(other, AssetUpdate(stages=("Awareness", "Decision")))
    with pytest.raises(ValidationError, match="retired"):
        lib.assets.edit_tags([other], TagEdit(add={"stage": ("Awareness",)}))
    assert lib.assets.get(other).stages == ("Decision",)

    # assets that had it keep it, can still be edited, and stay findable
    lib.assets.update(
        old, AssetUpdate(stages=("Awareness", "Decision"), title="Legacy brochure v2")
    )
    assert lib.assets.get(old).stages == ("Awareness", "Decision")
    assert h.hit_ids(lib, stages=("Awareness",)) == {old}
    # unknown-value messages offer only values still in use
    with pytest.raises(ValidationError) as info:
        lib.assets.update(other, AssetUpdate(stages=("Nope",)))
    assert "Awareness" not in str(info.value) and "Decision" in str(info.value)

    lib.taxonomy.retire(aw, retired=False)
    lib.assets.update(other, AssetUpdate(stages=("Awareness",)))
    assert lib.assets.get(other).stages == ("Awareness",)
