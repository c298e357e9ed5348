"""A file too long to index whole says so: in the import outcome, ``import
--json``, ``show`` and the asset's detail (the GUI shows the same values)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from filebuilders import make_pdf

from smkdesk.cli import run
from smkdesk.core.catalogue.dto import AssetUpdate, ImportOptions
from smkdesk.core.errors import ValidationError
from smkdesk.core.extract.model import Limits
from smkdesk.core.library import Library


def test_a_pdf_over_the_page_limit_says_where_the_text_stops(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "long.pdf", [f"Page {i} okapi{i}" for i in range(1, 8)])
    with Library.create(tmp_path / "lib", limits=Limits(max_pdf_pages=3)) as lib:
        (o,) = lib.assets.import_files([pdf]).outcomes
        assert o.outcome == "imported"
        assert o.note == "text truncated after 3 of 7 pages"
        detail = lib.assets.get(o.asset_id or 0)
        assert detail.truncation == "text truncated after 3 of 7 pages"
        assert "okapi3" in detail.text_preview and "okapi4" not in detail.text_preview


def test_whole_files_carry_no_note(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "short.pdf", ["One page"])
    with Library.create(tmp_path / "lib") as lib:
        (o,) = lib.assets.import_files([pdf]).outcomes
        assert o.note is None
        assert lib.assets.get(o.asset_id or 0).truncation is None


@pytest.mark.slow
def test_cli_reports_a_long_html_file_as_truncated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "huge.html"
    words = "<p>" + "pangolin logistics quarterly " * 20 + "</p>\n"
    page.write_text("<html><body>" + words * 9_500 + "</body></html>", "utf-8")
    assert page.stat().st_size > Limits().max_text_chars
    library = str(tmp_path / "lib")

    assert run(["--library", library, "import", str(page), "--json"]) == 0
    (line,) = json.loads(capsys.readouterr().out)
    assert line["outcome"] == "imported"
    assert line["note"] == "text truncated after 5,000,000 characters"

    assert run(["--library", library, "show", str(line["asset_id"])]) == 0
    out = capsys.readouterr().out
    assert "searchable (text truncated after 5,000,000 characters)" in out


def test_a_long_title_is_shortened_with_a_note_or_refused(tmp_path: Path) -> None:
    long = " ".join(f"word{i}" for i in range(150))  # about 1,000 characters
    md = tmp_path / "long-title.md"
    md.write_text("# Short\n\nBody text.\n", "utf-8")
    with Library.create(tmp_path / "lib") as lib:
        (o,) = lib.assets.import_files([md], ImportOptions(title=long)).outcomes
        assert o.note == "title shortened to 500 characters"
        title = lib.assets.get(o.asset_id or 0).title
        assert len(title) <= 500 and title.endswith("…") and long.startswith(title[:-1])
        with pytest.raises(ValidationError, match="at most 500"):
            lib.assets.update(o.asset_id or 0, AssetUpdate(title=long))
        assert lib.assets.get(o.asset_id or 0).title == title
