"""Files: what an uploaded file really is, and the PDFs made here.

An upload is judged from its content rather than its name.

Accepted: PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt) and CSV. The content
decides the type; the file name's extension must then agree with it. Everything else is
refused with a message for the person uploading (:class:`UploadRefused`).

How each type is recognised:

* PDF: the file starts with ``%PDF-``.
* DOCX / XLSX: a ZIP archive whose directory lists ``word/document.xml`` or
  ``xl/workbook.xml``. Macro-enabled files (a ``vbaProject.bin`` part, or a macro-enabled
  content type) are refused.
* ODT: a ZIP archive whose ``mimetype`` entry is ``application/vnd.oasis.opendocument.text``.
* CSV: text in UTF-8 (with or without a byte order mark) or Windows-1252, without NUL bytes
  or other control characters, whose first lines (up to 10 records) all have the same number
  of fields, at least two, for one of the delimiters ``,`` ``;`` tab ``|``.

Every PDF made here (reports, council documents, schedules) comes from an HTML document
through :func:`render_pdf`, tagged (PDF/UA-1) so that screen readers can read it. Stored
files are written whole or not at all (:func:`atomic_write`); a person's own file name is
kept only as :func:`clean_filename` makes it.

Plain Python, no Django: the upload view passes the bytes or the file object.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePath
from typing import BinaryIO

__all__ = [
    "EMPTY_FILE",
    "FILE_TOO_BIG",
    "MACROS_REFUSED",
    "MAX_UPLOAD_BYTES",
    "MISSING_EXTENSION",
    "NOT_SUPPORTED",
    "OLD_OR_PROTECTED",
    "WRONG_EXTENSION",
    "DetectedType",
    "FileKind",
    "UploadRefused",
    "atomic_write",
    "clean_filename",
    "render_pdf",
    "sha256",
    "sniff_upload",
]

MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # 25 MiB
PDF_VARIANT = "pdf/ua-1"  # WeasyPrint: tagged PDF with the PDF/UA identification metadata

NOT_SUPPORTED = "This file is not a PDF, Word, Excel, OpenDocument text or CSV file."
EMPTY_FILE = "The file is empty."
FILE_TOO_BIG = "The file is too big. Files must be {limit} or smaller."
WRONG_EXTENSION = "The file is called .{extension} but it is {actual}."
MISSING_EXTENSION = (
    "The file name has no extension. It is {actual}, so it should end in .{expected}."
)
OLD_OR_PROTECTED = (
    "The file is in an old Office format (.doc or .xls) or is password-protected. "
    "Save it as .docx or .xlsx without a password and upload it again."
)
MACROS_REFUSED = (
    "The file contains macros, which are not accepted. Save it as .docx or .xlsx without "
    "macros and upload it again."
)


class FileKind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    ODT = "odt"
    CSV = "csv"

    @property
    def mime(self) -> str:
        return _MIME[self]

    @property
    def extension(self) -> str:
        return self.value

    @property
    def described(self) -> str:
        """The kind as in "it is a Word document"."""
        return _DESCRIBED[self]


_MIME: dict[FileKind, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
    FileKind.CSV: "text/csv",
}
_DESCRIBED: dict[FileKind, str] = {
    FileKind.PDF: "a PDF",
    FileKind.DOCX: "a Word document",
    FileKind.XLSX: "an Excel workbook",
    FileKind.ODT: "an OpenDocument text document",
    FileKind.CSV: "a CSV file",
}


@dataclass(frozen=True, slots=True)
class DetectedType:
    """What the content is; ``encoding`` is set for CSV ("utf-8", "utf-8-sig" or "cp1252")."""

    kind: FileKind
    mime: str
    encoding: str | None = None


class UploadRefused(ValueError):
    """The upload is not accepted; ``message`` says why, for the person uploading."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- reading the data -----------------------------------------------------------------------


def _read_all(data: bytes | BinaryIO, limit: int) -> bytes:
    """At most ``limit + 1`` bytes, leaving a file object where it was."""
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    start = data.tell()
    try:
        return data.read(limit + 1)
    finally:
        data.seek(start)


def _limit_text(limit: int) -> str:
    mib = limit / (1024 * 1024)
    if mib >= 1:
        return f"{mib:g} MB"
    return f"{limit} bytes"


def sha256(data: bytes | BinaryIO) -> str:
    """Hex SHA-256 of the bytes, or of a file object from its current position to the end.

    A file object is left where it was.
    """
    digest = hashlib.sha256()
    if isinstance(data, bytes | bytearray | memoryview):
        digest.update(data)
        return digest.hexdigest()
    start = data.tell()
    try:
        for chunk in iter(lambda: data.read(1024 * 1024), b""):
            digest.update(chunk)
    finally:
        data.seek(start)
    return digest.hexdigest()


# --- recognising content --------------------------------------------------------------------

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODT_MIME = b"application/vnd.oasis.opendocument.text"
_SMALL_PART = 1024 * 1024  # never decompress a part bigger than this to look inside it
_CSV_SAMPLE = 64 * 1024
_CSV_RECORDS = 10
_DELIMITERS = (",", ";", "\t", "|")
_ALLOWED_CONTROL = frozenset("\t\n\r\x0c")


def _zip_kind(content: bytes) -> FileKind:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRefused(NOT_SUPPORTED) from None
    with archive:
        infos = {info.filename: info for info in archive.infolist()}
        mimetype = infos.get("mimetype")
        if mimetype is not None:
            if mimetype.file_size <= 200 and _read_part(archive, "mimetype").strip() == _ODT_MIME:
                return FileKind.ODT
            raise UploadRefused(NOT_SUPPORTED)  # another OpenDocument type, e.g. a spreadsheet
        if any(name.casefold().endswith("vbaproject.bin") for name in infos):
            raise UploadRefused(MACROS_REFUSED)
        types = infos.get("[Content_Types].xml")
        if (
            types is not None
            and types.file_size <= _SMALL_PART
            and b"macroenabled" in _read_part(archive, types.filename).lower()
        ):
            raise UploadRefused(MACROS_REFUSED)
        if "word/document.xml" in infos:
            return FileKind.DOCX
        if "xl/workbook.xml" in infos:
            return FileKind.XLSX
    raise UploadRefused(NOT_SUPPORTED)


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        raise UploadRefused(NOT_SUPPORTED) from None


def _decode_text(sample: bytes) -> tuple[str, str] | None:
    if b"\x00" in sample:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(ch < " " and ch not in _ALLOWED_CONTROL for ch in text):
            return None
        if encoding == "utf-8-sig" and not sample.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8"
        return text, encoding
    return None


def _looks_like_csv(content: bytes) -> str | None:
    """The encoding when ``content`` reads as CSV, else None."""
    sample = content[:_CSV_SAMPLE]
    if len(content) > _CSV_SAMPLE and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]  # drop a partial last line
    decoded = _decode_text(sample)
    if decoded is None:
        return None
    text, encoding = decoded
    for delimiter in _DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        widths: list[int] = []
        try:
            for record in reader:
                if any(field.strip() for field in record):
                    widths.append(len(record))
                if len(widths) >= _CSV_RECORDS:
                    break
        except csv.Error:
            continue
        if widths and min(widths) >= 2 and len(set(widths)) == 1:
            return encoding
    return None


def _content_kind(content: bytes) -> tuple[FileKind, str | None]:
    if content.startswith(_PDF_MAGIC):
        return FileKind.PDF, None
    if content.startswith(_OLE_MAGIC):
        raise UploadRefused(OLD_OR_PROTECTED)
    if content.startswith(_ZIP_MAGIC):
        return _zip_kind(content), None
    encoding = _looks_like_csv(content)
    if encoding is not None:
        return FileKind.CSV, encoding
    raise UploadRefused(NOT_SUPPORTED)


def _extension(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".")
    return extension.casefold() if dot and stem else ""


def sniff_upload(
    data: bytes | BinaryIO, filename: str, *, max_bytes: int = MAX_UPLOAD_BYTES
) -> DetectedType:
    """The type of an upload, from its content; :class:`UploadRefused` when not accepted.

    ``data`` is the whole file, as bytes or a binary file object (read, then put back where
    it was). Checks, in order: size, emptiness, content, and that the name's extension
    matches the content.
    """
    content = _read_all(data, max_bytes)
    if len(content) > max_bytes:
        raise UploadRefused(FILE_TOO_BIG.format(limit=_limit_text(max_bytes)))
    if not content:
        raise UploadRefused(EMPTY_FILE)
    kind, encoding = _content_kind(content)
    extension = _extension(filename)
    if not extension:
        raise UploadRefused(
            MISSING_EXTENSION.format(actual=kind.described, expected=kind.extension)
        )
    if extension != kind.extension:
        raise UploadRefused(WRONG_EXTENSION.format(extension=extension, actual=kind.described))
    return DetectedType(kind=kind, mime=kind.mime, encoding=encoding)


# --- storing files --------------------------------------------------------------------------


def clean_filename(name: str) -> str:
    """The file's own name, as the person's computer called it, made safe to show and send."""
    base = PurePath(name.replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?/\\')
    base = base.strip(" .")
    return base[:255] or "file"


def atomic_write(path: Path, data: bytes | Iterable[bytes], *, mode: int | None = None) -> None:
    """Write the file whole or not at all: a temporary file in the same folder (created if
    need be), flushed to disk, then renamed into place; removed again on any failure.

    ``data`` is the bytes, or the chunks in order. ``mode`` sets the file's permissions;
    without it the file is readable by its owner only.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    chunks = (data,) if isinstance(data, bytes | bytearray | memoryview) else data
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- making PDFs ----------------------------------------------------------------------------


def render_pdf(html: str) -> bytes:
    """A self-contained HTML document (stylesheet inline, nothing fetched) as a tagged PDF:
    structure tree, language and title, for screen readers."""
    from weasyprint import HTML  # slow to import: only when a PDF is made

    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)
