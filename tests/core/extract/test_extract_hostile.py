"""Hostile and awkward inputs to the extractor: encrypted PDFs, XML entity bombs,
and worker processes whose parent is killed. Real files, real processes."""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import sys
import time
from multiprocessing import get_context
from pathlib import Path

import pytest
from filebuilders import (
    make_docx,
    make_encrypted_pdf,
    make_entity_bomb_html,
    make_entity_bomb_office,
    make_office_with_broken_xml,
    make_pdf_with_foreign_encryption,
)

from smkdesk.core.errors import RejectedFile
from smkdesk.core.extract.dispatch import extract_file
from smkdesk.core.library import Library

TESTS_DIR = Path(__file__).resolve().parents[3] / "tests"


def rejected(path: Path) -> str:
    with pytest.raises(RejectedFile) as info:
        extract_file(path)
    return info.value.reason


def assert_plain(reason: str | None) -> None:
    """A reason a user can read: one line, no exception class or parser jargon."""
    assert reason and "\n" not in reason
    for jargon in ("Error", "Exception", "Traceback", "NotImplemented", "xmlCtxt", "libxml"):
        assert jargon not in reason, reason


# -- encrypted PDFs -----------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128", "RC4-128"])
def test_pdf_that_opens_without_a_password_is_decrypted(tmp_path: Path, algorithm: str) -> None:
    path = make_encrypted_pdf(
        tmp_path / "restricted.pdf",
        pages=["Wombat pricing sheet", "Second page of terms"],
        title="Price list",
        user_password="",
        owner_password="only-the-owner-knows",
        algorithm=algorithm,
    )
    result = extract_file(path)
    assert (result.kind, result.pages, result.title) == ("pdf", 2, "Price list")
    assert result.no_text_reason is None
    assert "Wombat pricing sheet" in result.text and "Second page of terms" in result.text


@pytest.mark.parametrize("algorithm", ["AES-256", "RC4-128"])
def test_pdf_with_a_user_password_is_accepted_without_text(tmp_path: Path, algorithm: str) -> None:
    path = make_encrypted_pdf(
        tmp_path / "locked.pdf", pages=["hidden words"], user_password="s3cret", algorithm=algorithm
    )
    result = extract_file(path)
    assert (result.kind, result.text) == ("pdf", "")
    assert result.no_text_reason is not None
    assert "encrypted" in result.no_text_reason and "password" in result.no_text_reason
    assert_plain(result.no_text_reason)


def test_pdf_with_an_unsupported_security_handler_gets_a_specific_reason(tmp_path: Path) -> None:
    result = extract_file(make_pdf_with_foreign_encryption(tmp_path / "certificate.pdf"))
    assert (result.kind, result.text) == ("pdf", "")
    assert result.no_text_reason is not None and "encrypted" in result.no_text_reason
    assert "smkdesk cannot decrypt" in result.no_text_reason
    assert_plain(result.no_text_reason)


def test_pdf_with_a_damaged_encryption_dictionary_gets_a_specific_reason(
    tmp_path: Path,
) -> None:
    path = make_encrypted_pdf(tmp_path / "damaged.pdf", pages=["x"], algorithm="RC4-128")
    data = path.read_bytes()
    assert data.count(b"\n/O <") == 1
    path.write_bytes(data.replace(b"\n/O <", b"\n/Q <"))  # the owner key entry is gone
    result = extract_file(path)
    assert result.no_text_reason is not None
    assert "encryption settings are damaged" in result.no_text_reason
    assert_plain(result.no_text_reason)


def test_aes_pdf_without_the_crypto_package_is_still_accepted(tmp_path: Path) -> None:
    """Where ``cryptography`` is missing (a stripped install), an AES PDF is
    imported without text, saying why, instead of being rejected."""
    path = make_encrypted_pdf(tmp_path / "aes.pdf", pages=["x"], user_password="")
    script = (
        "import sys; sys.modules['cryptography'] = None\n"  # makes `import cryptography` fail
        "from pathlib import Path\n"
        "from smkdesk.core.extract.dispatch import extract_file\n"
        "result = extract_file(Path(sys.argv[1]))\n"
        "print(result.no_text_reason)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    reason = done.stdout.strip()
    assert "encrypted with AES" in reason and "cannot decrypt" in reason
    assert_plain(reason)


# -- XML entity bombs ---------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".docx", ".pptx"])
def test_office_entity_bomb_is_rejected_with_a_plain_reason(tmp_path: Path, suffix: str) -> None:
    reason = rejected(make_entity_bomb_office(tmp_path / f"laughs{suffix}"))
    assert '"XML bomb"' in reason and "nested" in reason
    assert_plain(reason)


@pytest.mark.parametrize("suffix", [".docx", ".pptx"])
def test_other_xml_damage_gets_a_plain_reason_too(tmp_path: Path, suffix: str) -> None:
    reason = rejected(make_office_with_broken_xml(tmp_path / f"broken{suffix}"))
    assert "XML is damaged" in reason and "bomb" not in reason
    assert_plain(reason)


def test_html_entity_bomb_is_rejected_with_a_plain_reason(tmp_path: Path) -> None:
    reason = rejected(make_entity_bomb_html(tmp_path / "laughs.html"))
    assert '"XML bomb"' in reason and "nested" in reason
    assert_plain(reason)


def test_html_with_a_harmless_internal_subset_keeps_only_its_visible_text(
    tmp_path: Path,
) -> None:
    path = tmp_path / "xhtml.html"
    path.write_text(
        '<!DOCTYPE html [<!ENTITY brand "Numbat">]>\n'
        "<html><head><title>Numbat page</title></head><body><p>Plain words</p></body></html>",
        "utf-8",
    )
    result = extract_file(path)
    assert (result.title, result.text) == ("Numbat page", "Plain words")


def test_import_outcomes_for_encrypted_pdfs_and_bombs(lib: Library, tmp_path: Path, h) -> None:
    d = tmp_path / "in"
    make_encrypted_pdf(d / "open-aes.pdf", pages=["Axolotl onboarding guide"], user_password="")
    make_encrypted_pdf(d / "locked-aes.pdf", pages=["Hidden capybara"], user_password="pw")
    make_entity_bomb_office(d / "laughs.docx")
    make_entity_bomb_html(d / "laughs.html")
    report = lib.assets.import_files([d])
    got = {o.path.name: o for o in report.outcomes}
    assert got["open-aes.pdf"].outcome == "imported", got["open-aes.pdf"]
    assert h.hit_ids(lib, "axolotl") == {got["open-aes.pdf"].asset_id}
    locked = got["locked-aes.pdf"]
    assert locked.outcome == "imported_no_text", locked
    assert locked.reason and "password" in locked.reason
    for name in ("laughs.docx", "laughs.html"):
        assert got[name].outcome == "rejected", got[name]
        assert '"XML bomb"' in (got[name].reason or "")


# -- worker processes whose parent is killed ----------------------------------------------

_PARENT = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from filebuilders import nap_extract
from smkdesk.core.extract.pool import ExtractorPool

mode, paths = sys.argv[2], [Path(p) for p in sys.argv[3:]]
pool = ExtractorPool(workers=2, _target=nap_extract)
print(" ".join(str(w.process.pid) for w in pool._workers), flush=True)
if mode == "starting":
    print("go", flush=True)
    time.sleep(60)
for _path, _result in pool.extract_many(paths):
    print("go", flush=True)  # the other jobs are in flight now
    time.sleep(60)
"""


def _read_line(proc: subprocess.Popen[bytes], timeout: float) -> str:
    assert proc.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            proc.kill()
            pytest.fail(f"the parent process printed nothing in {timeout:.0f} s")
    return proc.stdout.readline().decode()


def _gone(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    if Path("/proc/self/stat").exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
        except (FileNotFoundError, ProcessLookupError):
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and pipes to a killed parent")
def test_workers_exit_quietly_when_their_parent_is_killed(tmp_path: Path) -> None:
    paths = []
    for i in range(6):  # the second takes a minute: its worker is busy when the parent dies
        path = tmp_path / (f"slow{i}.txt" if i == 1 else f"note{i}.txt")
        path.write_text(f"note {i}", "utf-8")
        paths.append(str(path))
    for mode in ("starting", "busy", "busy"):
        proc = subprocess.Popen(
            [sys.executable, "-c", _PARENT, str(TESTS_DIR), mode, *paths],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,  # unbuffered: the selector below sees every line
        )
        worker_pids = [int(pid) for pid in _read_line(proc, 60).split()]
        assert _read_line(proc, 60).strip() == "go"
        os.kill(proc.pid, signal.SIGKILL)
        # The workers inherited the parent's stderr: it reaches its end once they exit.
        try:
            _out, stderr = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            for pid in worker_pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"{mode}: the workers outlived their parent by 20 s")
        err = stderr.decode(errors="replace")
        assert err == "", f"{mode}: the workers wrote to stderr:\n{err}"
        deadline = time.monotonic() + 5
        while not all(_gone(pid) for pid in worker_pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(_gone(pid) for pid in worker_pids), mode


def test_child_helpers_see_a_gone_parent_as_the_end() -> None:
    from smkdesk.core.util import childproc

    ours, theirs = get_context("spawn").Pipe(duplex=True)
    theirs.send("job")
    assert childproc.receive(ours) == "job"
    theirs.send(None)
    assert childproc.receive(ours) is None  # asked to exit
    theirs.close()
    assert childproc.receive(ours) is None  # the other end is gone (EOF)
    assert childproc.reply(ours, ("reply", "payload")) is False  # broken pipe, no exception
    ours.close()
    assert childproc.reply(ours, "after close") is False


def test_a_docx_still_extracts(tmp_path: Path) -> None:
    """The bomb checks leave ordinary documents alone."""
    path = make_docx(tmp_path / "plain.docx", title="Plain", paragraphs=["Ordinary body & text"])
    assert extract_file(path).text == "Ordinary body & text"
