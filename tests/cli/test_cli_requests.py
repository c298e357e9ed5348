"""The requests command: grouped requests with their variants, dismiss and undismiss."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli_usage import library, smk, usage_error  # noqa: F401 (fixture)


def test_dismiss_and_undismiss_a_request(library: Path) -> None:  # noqa: F811
    for text in ("hovercraft pricing", "Pricing hovercrafts", "hovercraft pricng", "qwzx"):
        assert smk(library, "search", text).code == 0
    listed = smk(library, "requests", "--json").json()
    assert [(r["text"], r["searches"], r["people"]) for r in listed] == [
        ("hovercraft pricng", 3, 1),  # one request for the three spellings (the latest first)
        ("qwzx", 1, 1),
    ]
    assert listed[0]["variants"][1:] == ["Pricing hovercrafts", "hovercraft pricing"]
    out = smk(library, "requests").out
    assert "also: “Pricing hovercrafts”, “hovercraft pricing”" in out

    typo = listed[1]["id"]
    done = smk(library, "requests", "dismiss", typo, "--reason", "typo", "--user", "Hannah")
    assert done.code == 0
    assert f"Dismissed request #{typo} “qwzx” (Typo or misspelling)" in done.out
    assert f"smkdesk requests undismiss {typo}" in done.out
    shown = smk(library, "requests")
    assert "qwzx" not in shown.out and "1 dismissed not shown" in shown.out
    (dismissed,) = smk(library, "requests", "--status", "dismissed", "--json").json()
    assert (dismissed["dismiss_reason"], dismissed["status_by"]) == ("typo", "Hannah")
    assert len(smk(library, "requests", "--status", "all", "--json").json()) == 2

    back = smk(library, "requests", "undismiss", typo)
    assert back.code == 0 and "is open again" in back.out
    usage_error(smk(library, "requests", "undismiss", typo))  # not dismissed now
    usage_error(smk(library, "requests", "dismiss", typo, "--reason", "other"))  # needs a note
    assert smk(library, "requests", "dismiss", typo, "--reason", "other", "--note", "x").code == 0
    usage_error(smk(library, "requests", "dismiss", 999, "--reason", "typo"))
    usage_error(smk(library, "requests", "dismiss", typo, "--reason", "boring"))
