"""The command line, driven in-process through ``smkdesk.cli.run`` on real
libraries in tmp_path, plus one run of the real console entry in a subprocess.

Every command gets ``--library`` so that no test ever touches the user's own
library. Exit codes: 0 success, 1 partial, 2 usage error, 3 library cannot be
opened; errors are one line on stderr starting "smkdesk: " and never a traceback.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from filebuilders import make_docx, make_pdf, make_pptx

from smkdesk.cli import run
from smkdesk.core.library import DB_FILE

HIT_FIELDS = {
    "id",
    "title",
    "file_name",
    "type",
    "stages",
    "personas",
    "sectors",
    "score",
    "snippet",
}


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def _checked(code: int, out: str, err: str) -> Result:
    assert "Traceback" not in err and "Traceback" not in out
    return Result(code, out, err)


def smk(library: Path, *args: str | int) -> Result:
    """Run the CLI on ``library`` with its output captured (usable in any fixture)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["--library", str(library), *map(str, args)])
    return _checked(code, out.getvalue(), err.getvalue())


Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tracebacks only ever appear with SMKDESK_DEBUG set; make sure it is not."""
    monkeypatch.delenv("SMKDESK_DEBUG", raising=False)
    yield


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """``cli(*argv)`` runs ``smkdesk.cli.run(argv)`` and returns code, stdout, stderr."""

    def call(*argv: str | int | Path) -> Result:
        capsys.readouterr()
        code = run([str(a) for a in argv])
        captured = capsys.readouterr()
        return _checked(code, captured.out, captured.err)

    return call


def assert_one_line_error(result: Result, code: int) -> None:
    assert result.code == code, result
    assert result.err.startswith("smkdesk: "), result.err
    assert result.err.count("\n") == 1, result.err


def asset_ids(library: Path) -> list[int]:
    result = smk(library, "list", "--include-retired", "--json")
    assert result.code == 0, result
    return [item["id"] for item in result.json()]


def show(library: Path, asset_id: int) -> dict[str, Any]:
    result = smk(library, "show", str(asset_id), "--json")
    assert result.code == 0, result
    data: dict[str, Any] = result.json()
    return data


def search_ids(library: Path, *args: str) -> set[int]:
    result = smk(library, "search", *args, "--limit", "100", "--json")
    assert result.code == 0, result
    return {hit["id"] for hit in result.json()["hits"]}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- one populated library, read (never changed) by the tests below ----------------------
@dataclass(frozen=True)
class Shared:
    path: Path
    sources: Path  # the imported files
    import_result: Result
    ids: dict[str, int]  # file name (or "link") -> asset id


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Shared:
    src = tmp_path_factory.mktemp("cli-src")
    library = tmp_path_factory.mktemp("cli-shared") / "lib"
    case = make_docx(
        src / "harbour-case.docx",
        title="Harbour Grocers case study",
        paragraphs=["Harbour Grocers cut stock-outs with demand forecasting across 40 stores."],
    )
    roi = make_pdf(
        src / "roi-guide.pdf",
        pages=["A return on investment calculator that finance teams trust."],
        title="ROI calculator guide",
    )
    deck = make_pptx(
        src / "pipeline.pptx",
        slides=[("Pipeline acceleration", "Aligning marketing and sales teams", None)],
        title="Pipeline acceleration deck",
    )
    imported = smk(
        library,
        "import",
        str(case),
        str(roi),
        str(deck),
        "--stage",
        "Decision",
        "--persona",
        "CFO",
        "--sector",
        "Retail/Groceries",
        "--type",
        "Case study",
        "--owner",
        "Priya",
        "--json",
    )
    assert imported.code == 0, imported
    deck_id = imported.json()[2]["asset_id"]
    retagged = smk(
        library,
        "tag",
        deck_id,
        "--stage",
        "Awareness,Consideration",
        "--remove-stage",
        "Decision",
        "--persona",
        "VP Sales",
        "--remove-persona",
        "CFO",
        "--sector",
        "Technology/SaaS",
        "--remove-sector",
        "Retail/Groceries",
        "--type",
        "Presentation",
        "--owner",
        "Sam",
    )
    assert retagged.code == 0, retagged
    link = smk(
        library,
        "add-link",
        "https://example.com/webinar",
        "--title",
        "Pipeline webinar",
        "--type",
        "Webinar",
        "--stage",
        "Awareness",
        "--json",
    )
    assert link.code == 0, link
    ids = {
        item["file_name"] or "link": item["id"] for item in smk(library, "list", "--json").json()
    }
    return Shared(library, src, imported, ids)


def test_import_json_gives_one_entry_per_file(shared: Shared) -> None:
    entries = shared.import_result.json()
    assert [Path(e["path"]).name for e in entries] == [
        "harbour-case.docx",
        "roi-guide.pdf",
        "pipeline.pptx",
    ]
    for e in entries:
        assert {"path", "outcome", "reason"} <= e.keys()
        assert e["outcome"] == "imported" and e["reason"] is None
        assert e["asset_id"] == shared.ids[Path(e["path"]).name]


def test_import_applies_tags_and_owner(shared: Shared) -> None:
    detail = show(shared.path, shared.ids["harbour-case.docx"])
    assert detail["title"] == "Harbour Grocers case study"
    assert detail["stages"] == ["Decision"] and detail["personas"] == ["CFO"]
    assert detail["sectors"] == ["Retail/Groceries"]
    assert detail["type"] == "Case study" and detail["owner"] == "Priya"
    deck = show(shared.path, shared.ids["pipeline.pptx"])
    assert set(deck["stages"]) == {"Awareness", "Consideration"}


def test_search_json_hits_carry_the_contract_fields(shared: Shared, cli: Cli) -> None:
    result = cli("--library", shared.path, "search", "forecasting", "--stage", "Decision", "--json")
    assert result.code == 0, result
    data = result.json()
    assert data["total"] == 1
    (hit,) = data["hits"]
    assert hit.keys() >= HIT_FIELDS
    assert hit["id"] == shared.ids["harbour-case.docx"]
    assert hit["file_name"] == "harbour-case.docx" and hit["type"] == "Case study"
    assert "Decision" in hit["stages"] and "CFO" in hit["personas"]
    assert hit["sectors"] == ["Retail/Groceries"]
    assert isinstance(hit["score"], float) and hit["score"] > 0
    assert "forecasting" in hit["snippet"]


def test_search_filters_combine(shared: Shared) -> None:
    ids = shared.ids
    decision = {ids["harbour-case.docx"], ids["roi-guide.pdf"]}
    assert search_ids(shared.path, "", "--stage", "Decision") == decision
    assert search_ids(shared.path, "", "--sector", "Retail") == decision  # includes sub-sectors
    assert search_ids(shared.path, "", "--persona", "VP Sales") == {ids["pipeline.pptx"]}
    assert search_ids(shared.path, "pipeline", "--stage", "Awareness") == {
        ids["pipeline.pptx"],
        ids["link"],
    }
    assert search_ids(shared.path, "", "--owner", "Sam", "--type", "Presentation") == {
        ids["pipeline.pptx"]
    }
    assert search_ids(shared.path, "calculator", "--stage", "Awareness") == set()
    for hit in smk(shared.path, "search", "", "--stage", "Decision", "--json").json()["hits"]:
        assert hit.keys() >= HIT_FIELDS


def test_search_with_a_typo_suggests_a_correction(shared: Shared, cli: Cli) -> None:
    result = cli("--library", shared.path, "search", "forcasting")
    assert result.code == 0, result
    assert "Did you mean" in result.out and "forecasting" in result.out
    data = cli("--library", shared.path, "search", "forcasting", "--json").json()
    assert data["suggestion"] == "forecasting"


def test_search_facets_show_counts(shared: Shared, cli: Cli) -> None:
    result = cli("--library", shared.path, "search", "--facets")
    assert result.code == 0, result
    assert "4 of 4 results" in result.out
    assert "stage: Awareness 2, Consideration 1, Decision 2" in result.out
    assert "Case study 2" in result.out
    facets = cli("--library", shared.path, "search", "--json").json()["facets"]
    assert facets["persona"] == {"CFO": 2, "VP Sales": 1}
    assert facets["owner"] == {"Priya": 2, "Sam": 1}


def test_list_json(shared: Shared, cli: Cli) -> None:
    result = cli("--library", shared.path, "list", "--json")
    assert result.code == 0, result
    items = result.json()
    assert sorted(i["id"] for i in items) == sorted(shared.ids.values())
    for item in items:
        assert {"id", "title", "kind", "file_name", "type", "stages", "status"} <= item.keys()
    text = cli("--library", shared.path, "list")
    assert text.code == 0 and "4 asset(s)." in text.out and "Pipeline webinar" in text.out


def test_show_json_and_text(shared: Shared, cli: Cli) -> None:
    asset_id = shared.ids["roi-guide.pdf"]
    detail = cli("--library", shared.path, "show", asset_id, "--json").json()
    assert detail["id"] == asset_id and detail["file_ext"] == ".pdf"
    assert Path(detail["stored_path"]).is_file()
    assert "return on investment" in detail["text_preview"]
    text = cli("--library", shared.path, "show", asset_id, "--text")
    assert text.code == 0, text
    assert "ROI calculator guide" in text.out and "roi-guide.pdf" in text.out
    assert "return on investment calculator" in text.out  # the extracted text
    brief = cli("--library", shared.path, "show", asset_id)
    assert "return on investment calculator" not in brief.out


def test_show_unknown_id_is_a_usage_error(shared: Shared, cli: Cli) -> None:
    result = cli("--library", shared.path, "show", "9999")
    assert_one_line_error(result, 2)
    assert "9999" in result.err and result.out == ""


def test_check_passes_on_a_clean_library(shared: Shared, cli: Cli) -> None:
    result = cli("--library", shared.path, "check")
    assert result.code == 0, result
    report = cli("--library", shared.path, "check", "--deep", "--json").json()
    assert report["ok"] is True and report["problems"] == []
    assert report["assets"] == report["indexed"] == 4 and report["files"] == 3


def test_library_from_the_environment(
    shared: Shared, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMKDESK_LIBRARY", str(shared.path))
    result = cli("list", "--json")
    assert result.code == 0, result
    assert len(result.json()) == 4


# -- importing --------------------------------------------------------------------------
def test_import_with_rejections_exits_1(shared: Shared, tmp_path: Path, cli: Cli) -> None:
    copy = tmp_path / "copy-of-case.docx"
    shutil.copyfile(shared.sources / "harbour-case.docx", copy)
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    before = asset_ids(shared.path)

    result = cli("--library", shared.path, "import", copy, empty, "--json")
    assert result.code == 1, result
    entries = {Path(e["path"]).name: e for e in result.json()}
    assert set(entries) == {"copy-of-case.docx", "empty.docx"}
    for e in entries.values():
        assert {"path", "outcome", "reason"} <= e.keys()
        assert e["outcome"] == "rejected" and e["asset_id"] is None
    assert "already in the library" in entries["copy-of-case.docx"]["reason"]
    assert "empty" in entries["empty.docx"]["reason"]

    text = cli("--library", shared.path, "import", copy)
    assert text.code == 1, text
    assert "rejected" in text.out and "already in the library" in text.out
    assert asset_ids(shared.path) == before


def test_import_with_an_unknown_tag_stores_nothing(tmp_path: Path, cli: Cli) -> None:
    library = tmp_path / "lib"
    doc = make_docx(tmp_path / "f.docx", paragraphs=["Pricing sheet"])
    result = cli("--library", library, "import", doc, "--persona", "Nobody")
    assert_one_line_error(result, 2)
    assert "Nobody" in result.err and "CFO" in result.err  # names the known values
    assert not (library / "files").exists() or not any((library / "files").rglob("*.*"))
    assert asset_ids(library) == []


# -- editing ----------------------------------------------------------------------------
@pytest.fixture
def links(tmp_path: Path) -> tuple[Path, int, int]:
    """A fresh library with two tagged links (no extraction needed)."""
    library = tmp_path / "lib"
    for n, title in enumerate(("Churn playbook", "Onboarding webinar")):
        added = smk(
            library,
            "add-link",
            f"https://example.com/{n}",
            "--title",
            title,
            "--stage",
            "Awareness,Decision",
            "--persona",
            "CFO",
            "--sector",
            "Retail/Groceries",
            "--type",
            "Webinar",
            "--owner",
            "Priya",
        )
        assert added.code == 0, added
    first, second = asset_ids(library)
    return library, first, second


def test_tag_adds_and_removes(links: tuple[Path, int, int], cli: Cli) -> None:
    library, first, second = links
    result = cli(
        "--library", library, "tag", first, "--persona", "IT manager", "--remove-stage", "Awareness"
    )
    assert result.code == 0, result
    assert "Churn playbook" in result.out
    detail = show(library, first)
    assert set(detail["personas"]) == {"CFO", "IT manager"}
    assert detail["stages"] == ["Decision"]
    assert show(library, second)["stages"] == ["Awareness", "Decision"]  # untouched
    assert search_ids(library, "", "--persona", "IT manager") == {first}  # index follows
    assert search_ids(library, "", "--stage", "Awareness") == {second}


def test_bulk_tag_sets_owner(links: tuple[Path, int, int], cli: Cli) -> None:
    library, first, second = links
    result = cli("--library", library, "tag", first, second, "--owner", "Olu", "--json")
    assert result.code == 0, result
    assert [s["owner"] for s in result.json()] == ["Olu", "Olu"]
    assert search_ids(library, "", "--owner", "Olu") == {first, second}


def test_failed_tag_changes_nothing(links: tuple[Path, int, int], cli: Cli) -> None:
    library, first, second = links
    before = [show(library, i) for i in (first, second)]
    attempts = [
        ("tag", first, "--owner", "Zed", "--persona", "Nobody"),
        ("tag", first, "--persona", "IT manager", "--type", "Nonsense"),
        ("tag", first, "--persona", "IT manager", "--abm-tier", "one-to-all"),
        ("tag", first, "--stage", "Consideration", "--title", "  "),
        ("tag", first, 9999, "--owner", "Zed"),
        ("tag", first),  # nothing to change
    ]
    for argv in attempts:
        assert_one_line_error(cli("--library", library, *argv), 2)
    assert [show(library, i) for i in (first, second)] == before


def test_add_link(tmp_path: Path, cli: Cli) -> None:
    library = tmp_path / "lib"
    result = cli(
        "--library",
        library,
        "add-link",
        "https://example.com/webinar",
        "--title",
        "Pipeline webinar",
        "--type",
        "Webinar",
        "--stage",
        "Awareness",
    )
    assert result.code == 0, result
    assert "Pipeline webinar" in result.out
    (asset_id,) = asset_ids(library)
    detail = show(library, asset_id)
    assert detail["kind"] == "link" and detail["url"] == "https://example.com/webinar"
    assert detail["type"] == "Webinar" and detail["stages"] == ["Awareness"]
    assert search_ids(library, "webinar") == {asset_id}

    for url in ("not a url", "ftp://example.com/file"):
        bad = cli("--library", library, "add-link", url, "--title", "Broken")
        assert_one_line_error(bad, 2)
        assert "http" in bad.err
    missing_title = cli("--library", library, "add-link", "https://example.com/x")
    assert_one_line_error(missing_title, 2)
    assert asset_ids(library) == [asset_id]


# -- taxonomy ---------------------------------------------------------------------------
def _terms(library: Path, dimension: str) -> list[dict[str, Any]]:
    result = smk(library, "taxonomy", "list", dimension, "--json")
    assert result.code == 0, result
    terms: list[dict[str, Any]] = result.json()[dimension]
    return terms


def test_taxonomy_list_and_add(links: tuple[Path, int, int], cli: Cli) -> None:
    library, _, _ = links
    result = cli("--library", library, "taxonomy", "list", "sector", "--json")
    assert result.code == 0, result
    sectors = {t["path"]: t for t in result.json()["sector"]}
    assert sectors["Retail/Groceries"]["asset_count"] == 2
    assert sectors["Retail/Groceries"]["depth"] == 1
    everything = cli("--library", library, "taxonomy", "list", "--json").json()
    assert set(everything) == {"stage", "persona", "sector", "type"}
    text = cli("--library", library, "taxonomy", "list", "stage")
    assert text.code == 0 and "Awareness  [2]" in text.out

    added = cli(
        "--library", library, "taxonomy", "add", "sector", "E-commerce", "--parent", "Retail"
    )
    assert added.code == 0, added
    assert "Retail/E-commerce" in {t["path"] for t in _terms(library, "sector")}
    assert_one_line_error(
        cli("--library", library, "taxonomy", "add", "sector", "e-commerce", "--parent", "Retail"),
        2,
    )
    assert_one_line_error(
        cli("--library", library, "taxonomy", "add", "persona", "X", "--parent", "Retail"), 2
    )
    assert_one_line_error(cli("--library", library, "taxonomy", "add", "colour", "Red"), 2)


def test_taxonomy_rename_and_merge_follow_into_search(
    links: tuple[Path, int, int], cli: Cli
) -> None:
    library, first, second = links
    assert smk(library, "tag", first, "--persona", "VP Sales").code == 0

    renamed = cli("--library", library, "taxonomy", "rename", "persona", "CFO", "Finance director")
    assert renamed.code == 0, renamed
    assert show(library, second)["personas"] == ["Finance director"]
    assert search_ids(library, "", "--persona", "Finance director") == {first, second}
    assert_one_line_error(cli("--library", library, "search", "--persona", "CFO"), 2)

    merged = cli(
        "--library", library, "taxonomy", "merge", "persona", "VP Sales", "Finance director"
    )
    assert merged.code == 0, merged
    assert "VP Sales" not in {t["name"] for t in _terms(library, "persona")}
    assert show(library, first)["personas"] == ["Finance director"]
    assert_one_line_error(
        cli("--library", library, "taxonomy", "merge", "persona", "Nobody", "Procurement"), 2
    )


def test_taxonomy_move_retire_restore(links: tuple[Path, int, int], cli: Cli) -> None:
    library, first, _ = links
    moved = cli("--library", library, "taxonomy", "move", "stage", "Decision", "-1")
    assert moved.code == 0, moved
    assert [t["name"] for t in _terms(library, "stage")] == [
        "Awareness",
        "Decision",
        "Consideration",
    ]

    retired = cli("--library", library, "taxonomy", "retire", "stage", "Consideration")
    assert retired.code == 0, retired
    assert {t["name"]: t["retired"] for t in _terms(library, "stage")}["Consideration"] is True
    refused = cli("--library", library, "tag", first, "--stage", "Consideration")
    assert_one_line_error(refused, 2)
    assert "retired" in refused.err
    restored = cli("--library", library, "taxonomy", "restore", "stage", "Consideration")
    assert restored.code == 0, restored
    assert {t["name"]: t["retired"] for t in _terms(library, "stage")}["Consideration"] is False
    assert cli("--library", library, "tag", first, "--stage", "Consideration").code == 0
    assert "Consideration" in show(library, first)["stages"]

    assert cli("--library", library, "taxonomy", "retire", "type", "Webinar").code == 0
    assert {t["name"]: t["retired"] for t in _terms(library, "type")}["Webinar"] is True
    assert show(library, first)["type"] == "Webinar"  # assets keep a retired value
    assert search_ids(library, "", "--type", "Webinar") == {first, links[2]}


def test_taxonomy_reparent(links: tuple[Path, int, int], cli: Cli) -> None:
    library, first, second = links
    assert smk(library, "taxonomy", "add", "sector", "E-commerce").code == 0
    result = cli(
        "--library", library, "taxonomy", "reparent", "Groceries", "--parent", "E-commerce"
    )
    assert result.code == 0, result
    assert "E-commerce/Groceries" in result.out
    assert show(library, first)["sectors"] == ["E-commerce/Groceries"]
    assert search_ids(library, "", "--sector", "E-commerce") == {first, second}
    assert search_ids(library, "", "--sector", "Retail") == set()

    top = cli("--library", library, "taxonomy", "reparent", "Groceries")
    assert top.code == 0, top
    assert show(library, first)["sectors"] == ["Groceries"]
    assert_one_line_error(
        cli("--library", library, "taxonomy", "reparent", "Retail", "--parent", "Retail/Fashion"),
        2,
    )


# -- index upkeep -----------------------------------------------------------------------
def test_reindex_check_and_repair(links: tuple[Path, int, int], cli: Cli) -> None:
    library, first, _ = links
    result = cli("--library", library, "reindex")
    assert result.code == 0 and "2 asset" in result.out, result

    shutil.rmtree(library / "index")
    broken = cli("--library", library, "check")
    assert broken.code == 1, broken
    assert "index" in broken.out

    repaired = cli("--library", library, "check", "--repair")
    assert repaired.code == 0, repaired
    assert cli("--library", library, "check").code == 0
    found = cli("--library", library, "search", "playbook", "--json")
    assert found.code == 0 and found.err == ""  # no rebuild needed any more
    assert [h["id"] for h in found.json()["hits"]] == [first]


def test_search_rebuilds_a_missing_index_by_itself(links: tuple[Path, int, int], cli: Cli) -> None:
    library, first, _ = links
    shutil.rmtree(library / "index")
    result = cli("--library", library, "search", "playbook", "--json")
    assert result.code == 0, result
    assert result.err.startswith("smkdesk: rebuilding the search index")
    assert [h["id"] for h in result.json()["hits"]] == [first]


# -- exit codes -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["bogus"],
        ["import"],
        ["show", "abc"],
        ["search", "--sort", "oldest"],
        ["taxonomy"],
        ["taxonomy", "merge", "persona", "CFO"],
        ["taxonomy", "list", "colour"],
        ["tag", "1", "--status", "gone"],
        ["import", "x.docx", "--abm-tier", "many"],
    ],
)
def test_bad_arguments_exit_2(tmp_path: Path, cli: Cli, argv: list[str]) -> None:
    result = cli("--library", tmp_path / "lib", *argv)
    assert_one_line_error(result, 2)
    assert "--help" in result.err
    assert not (tmp_path / "lib").exists()


def test_usage_errors_after_opening_exit_2(shared: Shared, cli: Cli) -> None:
    assert_one_line_error(cli("--library", shared.path, "search", "x", "--limit", "0"), 2)
    assert_one_line_error(cli("--library", shared.path, "search", "--stage", "Someday"), 2)


def test_help_and_version_exit_0(cli: Cli) -> None:
    version = cli("--version")
    assert version.code == 0 and version.out.startswith("smkdesk ")
    assert cli("search", "--help").code == 0


def test_a_folder_that_is_not_a_library_exits_3(tmp_path: Path, cli: Cli) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", "utf-8")
    doc = make_docx(tmp_path / "f.docx", paragraphs=["Text"])

    for argv in (
        ("list",),
        ("check",),
        ("import", str(doc)),
        ("add-link", "https://x.io", "--title", "X"),
    ):
        result = cli("--library", folder, *argv)
        assert_one_line_error(result, 3)
        assert str(folder) in result.err
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]

    missing = cli("--library", tmp_path / "nowhere", "list")
    assert_one_line_error(missing, 3)
    assert not (tmp_path / "nowhere").exists()
    a_file = cli("--library", folder / "notes.txt", "search", "x")
    assert_one_line_error(a_file, 3)


def test_a_newer_library_is_refused_untouched(links: tuple[Path, int, int], cli: Cli) -> None:
    library, _, _ = links
    con = sqlite3.connect(str(library / DB_FILE))
    try:
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
        con.commit()
    finally:
        con.close()
    before = sha(library / DB_FILE)
    backups = sorted((library / "backups").glob("*"))  # the daily backup, if one was taken
    for argv in (("list",), ("check", "--repair"), ("add-link", "https://x.io", "--title", "X")):
        result = cli("--library", library, *argv)
        assert_one_line_error(result, 3)
        assert "newer version of smkdesk" in result.err
    assert sha(library / DB_FILE) == before
    assert sorted((library / "backups").glob("*")) == backups  # no backup of a newer file


def test_demo_into_a_folder_in_use_exits_3(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "mine.txt").write_text("keep me", "utf-8")
    result = cli("demo", tmp_path)
    assert_one_line_error(result, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]


def test_console_entry_bad_library_exits_3_without_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "not-a-library"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SMKDESK_DEBUG"}
    proc = subprocess.run(
        [sys.executable, "-m", "smkdesk", "--library", str(folder), "search", "pricing"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert proc.returncode == 3, proc
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("smkdesk: ") and proc.stderr.count("\n") == 1
    assert "not an smkdesk library" in proc.stderr
    assert proc.stdout == ""


# -- demo -------------------------------------------------------------------------------
def test_demo_reuses_a_built_demo(demo_library: Path, cli: Cli) -> None:
    """A copy of the session's demo (tests/conftest.py): nothing is built again."""
    ids = asset_ids(demo_library)
    assert len(ids) >= 40
    again = cli("demo", demo_library)
    assert again.code == 0, again
    assert "ready" in again.out and "Built" not in again.out
    assert str(demo_library) in again.out and "case study" in again.out.lower()
    assert asset_ids(demo_library) == ids


def test_demo_builds_where_it_is_told(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The building path, over one link source (the whole demo: tests/core/test_demo.py)."""
    import smkdesk.demo

    link = next(s for s in smkdesk.demo.load_sources() if s.is_link)
    monkeypatch.setattr(smkdesk.demo, "load_sources", lambda: [link])
    target = tmp_path / "demo"
    first = cli("demo", target)
    assert first.code == 0, first
    assert f"Built the demo library at {target}: 0 files and 1 links." in first.out
    assert len(asset_ids(target)) == 1
