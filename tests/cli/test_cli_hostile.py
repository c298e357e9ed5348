"""The command line against hostile input: terminal escapes and bidi overrides in
names and titles, out-of-range numbers, non-UTF-8 argv, query words starting
with "-" and a full disk.

Everything runs the real CLI (``smkdesk.cli.run`` or the console entry in a
subprocess) on real libraries in tmp_path. Human-readable output shows control
and bidi characters as visible escapes (``\\x1b``, ``\\u202e``, ``\\n``); JSON
output keeps the exact text. Usage errors exit 2, a failed operation exits 3,
always with one line on stderr.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from smkdesk import cli as smkdesk_cli
from smkdesk.cli import output, run
from smkdesk.core.catalogue.dto import ImportOptions
from smkdesk.core.library import DB_FILE, Library
from smkdesk.core.search.model import Highlight, Snippet

BIG = "99999999999999999999999"  # beyond SQLite's 64-bit integers
ESC, RLO, LRI, LRM = "\x1b", "\u202e", "\u2066", "\u200e"
# Raw characters that must never reach a terminal from library or file-system text.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMKDESK_DEBUG", raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    def call(library: Path, *argv: object) -> Result:
        capsys.readouterr()
        code = run(["--library", str(library), *map(str, argv)])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err + captured.out
        return Result(code, captured.out, captured.err)

    return call


def one_line_error(result: Result, code: int) -> str:
    assert result.code == code, result
    assert result.err.startswith("smkdesk: "), result.err
    assert result.err.count("\n") == 1, result.err
    assert "unexpected error" not in result.err, result.err
    return result.err


def no_raw_controls(text: str) -> None:
    found = RAW.findall(text)
    assert not found, (found, text)


# -- escapes in human-readable output ---------------------------------------------------
# The core now cleans text on its way in, so hostile values are planted the way an
# older smkdesk (or another tool) could have left them: straight into the real
# SQLite file, then the index is rebuilt from it with ``reindex``.
EVIL = f"Evil {ESC}[31mred{ESC}[0m {RLO}fdp.exe {LRI}x"
EVIL_SHOWN = "Evil \\x1b[31mred\\x1b[0m \\u202efdp.exe \\u2066x"


@dataclass(frozen=True)
class Hostile:
    path: Path  # the library
    ids: tuple[int, ...]  # (the imported file, a link)
    import_out: str


def plant(library: Path, sql: str, *params: object) -> None:
    con = sqlite3.connect(str(library / DB_FILE))
    try:
        con.execute(sql, params)
        con.commit()
    finally:
        con.close()


@pytest.fixture
def hostile(tmp_path: Path, cli: Cli) -> Hostile:
    src = tmp_path / "src"
    src.mkdir()
    for name in (f"clear{ESC}[2J.md", f"order{RLO}txt.md", "two\nlines.md"):
        (src / name).write_text("# Pricing guide\n\nPricing for buyers.\n", "utf-8")
    library = tmp_path / "lib"
    imported = cli(library, "import", src)
    assert imported.code in (0, 1), imported  # the same content twice is a duplicate
    with Library.open(library) as lib:
        file_id = lib.assets.list()[0].id
        link_id = lib.assets.add_link("https://example.com/l", "Link", ImportOptions()).id
        persona = lib.taxonomy.find("persona", "CFO").id
    plant(library, "UPDATE assets SET title = ? || ' ' || id", EVIL)
    plant(library, "UPDATE assets SET file_name = ? WHERE id = ?", "two\nlines.md", file_id)
    plant(library, "UPDATE asset_text SET body = ?", f"Pricing for {LRM}buyers{ESC}[8m here.")
    plant(library, "UPDATE terms SET name = ? WHERE id = ?", f"C{ESC}[5mFO", persona)
    tagged = cli(library, "tag", file_id, link_id, "--persona", f"C{ESC}[5mFO")
    assert tagged.code == 0, tagged
    no_raw_controls(tagged.out)
    assert cli(library, "reindex").code == 0
    return Hostile(library, (file_id, link_id), imported.out)


def test_import_list_and_show_escape_controls_and_bidi(hostile: Hostile, cli: Cli) -> None:
    no_raw_controls(hostile.import_out)
    assert "clear\\x1b[2J.md" in hostile.import_out
    assert "order\\u202etxt.md" in hostile.import_out
    assert "two\\nlines.md" in hostile.import_out
    # one line per file, then the blank line and the totals: a newline in a name splits nothing
    assert len(hostile.import_out.splitlines()) == 3 + 2

    listed = cli(hostile.path, "list")
    no_raw_controls(listed.out)
    assert listed.out.count(EVIL_SHOWN) == 2
    assert "C\\x1b[5mFO" in listed.out  # tag names too

    file_id = hostile.ids[0]
    shown = cli(hostile.path, "show", file_id, "--text")
    assert shown.code == 0, shown
    no_raw_controls(shown.out)
    assert f"Title:       {EVIL_SHOWN} {file_id}" in shown.out
    assert "File:        two\\nlines.md" in shown.out
    assert "\\u200ebuyers\\x1b[8m here." in shown.out  # the extracted text too

    terms = cli(hostile.path, "taxonomy", "list", "persona")
    no_raw_controls(terms.out)
    assert "C\\x1b[5mFO" in terms.out


def test_json_output_keeps_the_exact_text(hostile: Hostile, cli: Cli) -> None:
    items = json.loads(cli(hostile.path, "list", "--json").out)
    assert {i["title"] for i in items} == {f"{EVIL} {i}" for i in hostile.ids}
    detail = json.loads(cli(hostile.path, "show", hostile.ids[0], "--json").out)
    assert detail["file_name"] == "two\nlines.md"


def test_search_unused_requests_usage_audit_escape(hostile: Hostile, cli: Cli) -> None:
    found = cli(hostile.path, "search", "pricing")
    assert found.code == 0, found
    no_raw_controls(found.out)
    assert EVIL_SHOWN in found.out
    assert "\\u200ebuyers\\x1b[8m here." in found.out  # the snippet is escaped, not dropped
    hits = json.loads(cli(hostile.path, "search", "pricing", "--json").out)["hits"]
    assert f"{LRM}buyers{ESC}[8m" in hits[0]["snippet"]

    file_id = hostile.ids[0]
    assert cli(hostile.path, "search", "zebra").code == 0  # no result: a content request
    plant(hostile.path, "UPDATE content_requests SET text = ?", f"zebra{ESC}[5m")
    plant(hostile.path, "UPDATE search_log SET text = ?", f"zebra{ESC}[5m")  # variants shown
    requests = cli(hostile.path, "requests")
    no_raw_controls(requests.out)
    assert "zebra\\x1b[5m" in requests.out

    assert cli(hostile.path, "usage", "log", file_id, "--action", "sent").code == 0
    plant(hostile.path, "UPDATE usage_events SET account = ?, user_name = ?", f"Acme{RLO}", "u\n")
    usage = cli(hostile.path, "usage", "list")
    no_raw_controls(usage.out)
    assert "Acme\\u202e" in usage.out and "u\\n" in usage.out
    assert len(usage.out.splitlines()) == 1 + 2

    plant(hostile.path, "UPDATE assets SET review_by = '2000-01-01'")  # due for review
    unused = cli(hostile.path, "unused")
    no_raw_controls(unused.out)
    assert EVIL_SHOWN in unused.out

    assert cli(hostile.path, "retire", file_id, "--reason", "old").code == 0
    plant(
        hostile.path, "UPDATE audit_events SET reason = ?, user_name = ?", f"o{ESC}[8m", "m\u200e"
    )
    audit = cli(hostile.path, "audit", file_id)
    no_raw_controls(audit.out)
    assert "o\\x1b[8m" in audit.out and "m\\u200e" in audit.out


def test_journey_show_and_workshops_escape(tmp_path: Path, cli: Cli) -> None:
    library = tmp_path / "lib"
    Library.create(library).close()
    assert cli(library, "journey", "new", "Retail CFOs").code == 0
    plant(library, "UPDATE workshops SET name = ?, facilitator = ?", f"Retail{ESC}[2J", f"A{RLO}")
    for argv in (("journey", "workshops"), ("journey", "show", 1)):
        shown = cli(library, *argv)
        assert shown.code == 0, shown
        no_raw_controls(shown.out)
        assert "Retail\\x1b[2J" in shown.out
    assert "A\\u202e" in shown.out


def test_errors_escape_what_the_user_gave(tmp_path: Path, cli: Cli) -> None:
    library = tmp_path / "lib"
    Library.create(library).close()
    bad_file = tmp_path / f"t{ESC}[2J\nnext{RLO}.json"
    bad_file.write_bytes(b"{not json")
    bad = cli(library, "journey", "template-import", bad_file)
    message = one_line_error(bad, 2)
    no_raw_controls(message)
    assert "t\\x1b[2J\\nnext\\u202e.json" in message


def test_search_highlights_stay_bold_around_escaped_text() -> None:
    snippet = Snippet(f"a {ESC}[31mprice{ESC}[0m {RLO}list", (Highlight(2, 16),))
    bold = output.marked(snippet, bold=True)
    assert bold == "a \x1b[1m\\x1b[31mprice\\x1b[0m\x1b[0m \\u202elist"
    assert output.marked(snippet, bold=False) == "a [\\x1b[31mprice\\x1b[0m] \\u202elist"


# -- ids, limits and days out of range --------------------------------------------------
@pytest.fixture
def small(tmp_path: Path) -> Path:
    library = tmp_path / "lib"
    with Library.create(library) as lib:
        lib.assets.add_link("https://example.com/roi", "ROI calculator", ImportOptions())
        lib.assets.add_link("https://example.com/price", "ROI pricing sheet", ImportOptions())
    return library


ID_COMMANDS = [
    ["show", "{id}"],
    ["tag", "1", "{id}", "--owner", "Ann"],
    ["retire", "{id}", "--reason", "old"],
    ["restore", "{id}"],
    ["keep", "{id}", "--until", "2030-01-01"],
    ["audit", "{id}"],
    ["usage", "log", "{id}", "--action", "sent"],
    ["requests", "plan", "{id}"],
    ["requests", "reopen", "{id}"],
    ["requests", "answer", "{id}", "1"],
    ["requests", "answer", "1", "{id}"],
    ["journey", "show", "{id}"],
    ["journey", "export", "{id}", "--out", "pack.docx"],
    ["journey", "template-export", "{id}", "--out", "t.json"],
    ["journey", "new", "W", "--template", "{id}"],
]


@pytest.mark.parametrize("argv", ID_COMMANDS, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize("value", [BIG, "0", "-3"])
def test_ids_out_of_range_are_usage_errors(
    small: Path, cli: Cli, argv: list[str], value: str
) -> None:
    result = cli(small, *[value if a == "{id}" else a for a in argv])
    message = one_line_error(result, 2)
    assert "id" in message and "9223372036854775807" in message


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--limit", "99999999999999999999"],
        ["list", "--limit", "-1"],
        ["list", "--limit", "0"],
        ["search", "roi", "--limit", "-1"],
        ["search", "roi", "--limit", "99999999999999999999"],
        ["usage", "list", "--limit", "0"],
        ["usage", "list", "--limit", "99999999999999999999"],
    ],
)
def test_limits_are_checked_alike(small: Path, cli: Cli, argv: list[str]) -> None:
    message = one_line_error(cli(small, *argv), 2)
    assert "--limit" in message and "a whole number from 1 to" in message


@pytest.mark.parametrize(
    "argv",
    [
        ["unused", "--days", "99999999999"],
        ["unused", "--days", "0"],
        ["export", "unused", "--out", "u.csv", "--days", "99999999999"],
        ["report", "audit", "--out", "a.docx", "--days", "99999999999"],
    ],
)
def test_days_are_range_checked(small: Path, cli: Cli, argv: list[str]) -> None:
    message = one_line_error(cli(small, *argv), 2)
    assert "--days" in message and "a whole number from 1 to 36500" in message


def test_help_states_the_limits_and_exit_codes(cli: Cli, tmp_path: Path) -> None:
    assert "at least 1" in cli(tmp_path, "list", "--help").out
    assert "at least 1" in cli(tmp_path, "search", "--help").out
    top = " ".join(cli(tmp_path, "--help").out.split())
    assert "Exit codes: 0 success" in top and "2 usage error" in top and "3 the library" in top


# -- non-UTF-8 argv ---------------------------------------------------------------------
def test_non_utf8_arguments_are_usage_errors(small: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SMKDESK_DEBUG"}
    env["PYTHONIOENCODING"] = "utf-8"
    base = [os.fsencode(sys.executable), b"-m", b"smkdesk", b"--library", os.fsencode(small)]
    for argv in ([b"search", b"caf\xe9"], [b"tag", b"1", b"--title", b"caf\xe9 menu"]):
        proc = subprocess.run(base + argv, capture_output=True, timeout=120, env=env, check=False)
        err = proc.stderr.decode("utf-8")
        assert proc.returncode == 2, proc
        assert err.startswith("smkdesk: ") and err.count("\n") == 1, err
        assert "not valid UTF-8" in err and "caf\\xe9" in err, err
    with Library.open(small) as lib:
        assert [a.title for a in lib.assets.list()] == ["ROI calculator", "ROI pricing sheet"]


def test_non_utf8_argument_in_process(small: Path, cli: Cli) -> None:
    message = one_line_error(cli(small, "search", "caf\udce9"), 2)
    assert "not valid UTF-8" in message


# -- query words starting with "-" ------------------------------------------------------
def _titles(result: Result) -> set[str]:
    assert result.code == 0, result
    return {hit["title"] for hit in json.loads(result.out)["hits"]}


def test_a_query_may_start_with_a_dash_word(small: Path, cli: Cli) -> None:
    assert _titles(cli(small, "search", "roi", "-pricing", "--json")) == {"ROI calculator"}
    assert _titles(cli(small, "search", "-pricing", "--json")) == {"ROI calculator"}
    assert _titles(cli(small, "search", "-pricing", "roi", "--json")) == {"ROI calculator"}
    assert _titles(cli(small, "search", "--json", "-pricing")) == {"ROI calculator"}
    # a dash word after an option, with query words before it: still the query, in order
    assert _titles(cli(small, "search", "roi", "--json", "-pricing")) == {"ROI calculator"}
    assert _titles(cli(small, "search", "roi", "--json", "-pricing", "calc")) == {"ROI calculator"}
    assert _titles(cli(small, "search", "-pricing", "--json", "ro")) == {"ROI calculator"}
    assert _titles(cli(small, "search", "roi", "pricing", "--json")) == {"ROI pricing sheet"}
    after = cli(small, "search", "--", "-pricing")  # all of it is query
    assert after.code == 0 and "ROI calculator" in after.out and "pricing sheet" not in after.out


def test_an_unknown_long_option_says_how_to_search_for_it(small: Path, cli: Cli) -> None:
    message = one_line_error(cli(small, "search", "roi", "--pricing"), 2)
    assert "smkdesk search -- --pricing" in message


# -- a full disk ------------------------------------------------------------------------
# A change the database cannot write, or a backup, is the core's DiskFullError; the CLI
# itself only names a full disk that reaches it raw (a file write).
def test_a_full_disk_reaching_the_cli_raw_is_one_clear_line() -> None:
    for error in (
        OSError(errno.ENOSPC, "No space left on device", "x.csv"),
        OSError(errno.EDQUOT, "Disk quota exceeded", "x.csv"),
    ):
        code, message = smkdesk_cli.describe_failure(error)
        assert code == 3
        assert "disk is full" in message and "free some space" in message
        assert "\n" not in message and "unexpected" not in message


def test_an_unexpected_error_is_still_one_line() -> None:
    code, message = smkdesk_cli.describe_failure(RuntimeError("first\nsecond\x1b[2J"))
    assert code == 3 and "\n" not in message and ESC not in message


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MB file system (tmpfs); needs the right to mount (root, as in CI)."""
    where = tmp_path / "disk"
    where.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command to make a small real file system")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        reason = " ".join(made.stderr.split()) or f"exit {made.returncode}"
        pytest.skip(f"cannot mount a 4 MB tmpfs (needs root): {reason}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def _fill(disk: Path, leave: int) -> Path:
    """Fill the file system, then give back about ``leave`` bytes."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise
    with filler.open("r+b") as f:
        f.truncate(max(0, filler.stat().st_size - leave))
    return filler


def _library_with_one_asset(library: Path, backed_up: bool) -> int:
    with Library.create(library) as lib:
        asset = lib.assets.add_link("https://example.com/a", "Battlecard", ImportOptions()).id
        if backed_up:
            assert lib.backup("daily") is not None  # so no daily backup is due
    return asset


def test_usage_log_on_a_full_disk(tiny_disk: Path, cli: Cli) -> None:
    library = tiny_disk / "lib"
    asset = _library_with_one_asset(library, backed_up=True)
    filler = _fill(tiny_disk, leave=96 * 1024)
    result = cli(library, "usage", "log", asset, "--action", "sent", "--note", "x" * 1_000_000)
    message = one_line_error(result, 3)
    assert "is full" in message and "the change was not saved" in message  # DiskFullError
    filler.unlink()
    assert cli(library, "usage", "list", "--json").out.strip() == "[]"


def test_the_daily_backup_on_a_full_disk(tiny_disk: Path, cli: Cli) -> None:
    library = tiny_disk / "lib"
    asset = _library_with_one_asset(library, backed_up=False)
    filler = _fill(tiny_disk, leave=96 * 1024)  # room to open the library, not to copy it
    result = cli(library, "usage", "log", asset, "--action", "sent")
    message = one_line_error(result, 3).lower()
    assert "disk holding the library is full" in message and "free some space" in message
    assert not list((library / "backups").glob("*-auto-daily.sqlite"))  # no half a backup
    filler.unlink()
    assert cli(library, "usage", "list", "--json").out.strip() == "[]"


def test_template_export_to_a_full_disk(tmp_path: Path, tiny_disk: Path, cli: Cli) -> None:
    library = tmp_path / "lib"
    Library.create(library).close()
    _fill(tiny_disk, leave=0)
    out = tiny_disk / "template.json"
    message = one_line_error(cli(library, "journey", "template-export", 1, "--out", out), 3)
    assert "Cannot write" in message and "template.json" in message, message
    assert "No space left" in message, message
