"""Cheap checks made before any parser sees a file.

Everything here reads at most the first kilobyte of the file and the zip
central directory, so it is safe to run in the GUI process: the file type is
verified by its content (not only its name), and zip containers are checked
for damage and for zip bombs from their declared sizes before decompressing a
single byte. Python's ``zipfile`` never returns more than a member's declared
size, so a lying directory cannot get past these limits either.
"""

from __future__ import annotations

import stat
import struct
import zipfile
from pathlib import Path
from typing import BinaryIO

from smkdesk.core.errors import RejectedFile
from smkdesk.core.extract.model import KIND_BY_EXTENSION, SUPPORTED_FOR_USERS, Limits
from smkdesk.core.extract.textutil import format_size

_HEAD_BYTES = 1024
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Other binary formats people drop by mistake. Short magics only count when the
# head also holds NUL bytes, so a text file starting "MZ..." is not misread.
_BINARY_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"\x1f\x8b", "a gzip archive"),
)
_DOC_NAMES = {
    "docx": "Word document",
    "pptx": "PowerPoint presentation",
    "xlsx": "Excel workbook",
    "pdf": "PDF",
}
_LEGACY_EXT = {"docx": ".doc", "pptx": ".ppt"}
_OFFICE_PREFIX = {"word/": "docx", "ppt/": "pptx", "xl/": "xlsx"}
# A central directory entry is 46 bytes plus the name; Office part names are
# short. A directory far bigger than the member limit allows is a bomb.
_MAX_DIRECTORY_BYTES_PER_MEMBER = 512


def detect_kind(path: Path) -> str:
    """The file's kind from its extension, verified against its content.

    Raises :class:`RejectedFile` when the extension is unsupported or the
    content is not what the name says.
    """
    return _inspect(Path(path), None)


def check_file(path: Path, limits: Limits) -> str:
    """All pre-parse checks (existence, size, type, zip safety); returns the kind."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise RejectedFile("the file does not exist (it may have been moved or deleted)") from None
    except PermissionError:
        raise RejectedFile("the file cannot be read (permission denied)") from None
    except OSError as exc:
        raise RejectedFile(f"the file cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise RejectedFile("it is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise RejectedFile("it is not a regular file")
    if info.st_size == 0:
        raise RejectedFile("the file is empty (0 bytes)")
    if info.st_size > limits.max_file_bytes:
        raise RejectedFile(
            f"over the size limit ({format_size(info.st_size)}; "
            f"the limit is {format_size(limits.max_file_bytes)})"
        )
    return _inspect(path, limits)


def _kind_for_extension(path: Path) -> str:
    ext = path.suffix.lower()
    kind = KIND_BY_EXTENSION.get(ext)
    if kind is not None:
        return kind
    if not ext:
        raise RejectedFile(f"the file name has no extension (supported: {SUPPORTED_FOR_USERS})")
    raise RejectedFile(f"unsupported file type '{ext}' (supported: {SUPPORTED_FOR_USERS})")


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as fp:
            return fp.read(_HEAD_BYTES)
    except FileNotFoundError:
        raise RejectedFile("the file does not exist (it may have been moved or deleted)") from None
    except PermissionError:
        raise RejectedFile("the file cannot be read (permission denied)") from None
    except IsADirectoryError:
        raise RejectedFile("it is a folder, not a file") from None
    except OSError as exc:
        raise RejectedFile(f"the file cannot be read ({exc.strerror or exc})") from None


def _binary_kind(head: bytes) -> str | None:
    """A description of a known non-document binary format, else None."""
    for magic, description in _BINARY_MAGICS:
        if head.startswith(magic) and (len(magic) > 2 or b"\x00" in head):
            return description
    return None


def _inspect(path: Path, limits: Limits | None) -> str:
    kind = _kind_for_extension(path)
    head = _read_head(path)
    if not head:
        raise RejectedFile("the file is empty (0 bytes)")
    ext = path.suffix.lower()
    is_zip = head.startswith(_ZIP_MAGICS)
    if kind in ("docx", "pptx") and is_zip:
        _check_zip(path, kind, limits)
        return kind
    if kind == "pdf" and not is_zip and _PDF_MAGIC in head:
        return kind
    # The content is not what the extension promises: say what it is.
    if is_zip:
        actual = _office_kind_of(path)
        what = f"a {_DOC_NAMES[actual]}" if actual else "a zip archive"
        raise RejectedFile(f"the file is {what} but is named {ext}")
    # In a text file "%PDF-" may just be quoted; only a leading header counts.
    is_text = kind in ("text", "markdown", "html")
    if head.lstrip().startswith(_PDF_MAGIC) or (not is_text and _PDF_MAGIC in head):
        raise RejectedFile(f"the file is a PDF but is named {ext}")
    if head.startswith(_OLE_MAGIC):
        if kind in _LEGACY_EXT:
            raise RejectedFile(
                f"not a valid {_DOC_NAMES[kind]} (it is password-protected or in the old "
                f"{_LEGACY_EXT[kind]} format; save it as an unprotected {ext})"
            )
        raise RejectedFile(f"the file is an old-format Office document but is named {ext}")
    binary = _binary_kind(head)
    if binary:
        raise RejectedFile(f"the file is {binary} but is named {ext}")
    if is_text:
        return kind
    if kind == "pdf":
        raise RejectedFile("not a valid PDF (the file does not start with a PDF header)")
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        raise RejectedFile(f"the file is a web page (HTML) but is named {ext}")
    raise RejectedFile(f"not a valid {_DOC_NAMES[kind]} (it is not a zip container)")


def _office_kind_of(path: Path) -> str | None:
    """'docx', 'pptx' or 'xlsx' for an Office zip, else None (never raises)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return _office_kind(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _office_kind(names: list[str]) -> str | None:
    if "[Content_Types].xml" not in names:
        return None
    for name in names:
        for prefix, kind in _OFFICE_PREFIX.items():
            if name.startswith(prefix):
                return kind
    return None


def _check_zip(path: Path, kind: str, limits: Limits | None) -> None:
    doc_name = _DOC_NAMES[kind]
    damaged = RejectedFile(f"not a valid {doc_name} (the zip container is damaged)")
    try:
        with path.open("rb") as fp:
            size = fp.seek(0, 2)
            directory = _read_end_record(fp, size)
            if directory is None:
                raise damaged
            if limits is not None:
                _check_directory(*directory, limits)
            with zipfile.ZipFile(fp) as zf:
                infos = zf.infolist()
    except RejectedFile:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise damaged from None
    except NotImplementedError:
        raise RejectedFile(f"not a valid {doc_name} (unsupported zip format)") from None
    actual = _office_kind([info.filename for info in infos])
    if actual is None:
        raise RejectedFile(
            f"not a valid {doc_name} (it is a zip archive without a {doc_name} inside)"
        )
    if actual != kind:
        raise RejectedFile(f"the file is a {_DOC_NAMES[actual]} but is named {path.suffix}")
    if any(info.flag_bits & 0x1 for info in infos):
        raise RejectedFile(f"not a valid {doc_name} (the zip container is encrypted)")
    if limits is not None:
        _check_members(infos, size, limits)


def _read_end_record(fp: BinaryIO, size: int) -> tuple[int, int] | None:
    """(member count, directory size) declared by the end-of-directory record."""
    tail_len = min(size, 22 + 0xFFFF)
    fp.seek(size - tail_len)
    tail = fp.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        return None
    count, dir_size = struct.unpack_from("<HI", tail, pos + 10)
    locator = pos - 20
    if (count == 0xFFFF or dir_size == 0xFFFFFFFF) and tail[locator : locator + 4] == (
        b"PK\x06\x07"
    ):
        (offset,) = struct.unpack_from("<Q", tail, locator + 8)
        if offset < size:
            fp.seek(offset)
            record = fp.read(56)
            if len(record) == 56 and record.startswith(b"PK\x06\x06"):
                count, dir_size = struct.unpack_from("<QQ", record, 32)
    return int(count), int(dir_size)


def _check_directory(count: int, dir_size: int, limits: Limits) -> None:
    if count > limits.max_zip_members:
        raise RejectedFile(
            f"possible zip bomb: {count:,} parts in the container "
            f"(the limit is {limits.max_zip_members:,})"
        )
    if dir_size > limits.max_zip_members * _MAX_DIRECTORY_BYTES_PER_MEMBER:
        raise RejectedFile(
            f"possible zip bomb: the zip directory is {format_size(dir_size)} "
            f"(far more than {limits.max_zip_members:,} parts need)"
        )


def _check_members(infos: list[zipfile.ZipInfo], size: int, limits: Limits) -> None:
    if len(infos) > limits.max_zip_members:
        raise RejectedFile(
            f"possible zip bomb: {len(infos):,} parts in the container "
            f"(the limit is {limits.max_zip_members:,})"
        )
    total = sum(info.file_size for info in infos)
    # Against the bytes on disk, not the declared compressed sizes, so that
    # members sharing (overlapping) compressed data are caught too.
    ratio = total / max(size, 1)
    if total > limits.ratio_floor_bytes and ratio > limits.max_compression_ratio:
        raise RejectedFile(
            f"possible zip bomb: {format_size(total)} uncompressed from "
            f"{format_size(size)} (ratio {ratio:.0f}:1)"
        )
    if total > limits.max_uncompressed_bytes:
        raise RejectedFile(
            f"possible zip bomb: {format_size(total)} uncompressed "
            f"(the limit is {format_size(limits.max_uncompressed_bytes)})"
        )
