"""Uploads are recognised from their content, and refused in plain words when not accepted."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import BinaryIO

import docx
import openpyxl  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascassure.files import (
    EMPTY_FILE,
    MACROS_REFUSED,
    MAX_UPLOAD_BYTES,
    NOT_SUPPORTED,
    OLD_OR_PROTECTED,
    DetectedType,
    FileKind,
    UploadRefused,
    sha256,
    sniff_upload,
)

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
CSV = b"case_id,age_band,reablement\r\nC1,18-64,yes\r\nC2,85+,no\r\n"


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Our self-assessment.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["case_id", "age_band"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return out.getvalue()


def make_odf(mimetype: bytes) -> bytes:
    return make_zip(
        {
            "mimetype": mimetype,
            "content.xml": b'<?xml version="1.0"?><office:document-content/>',
            "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest:manifest/>',
        }
    )


ODT = make_odf(b"application/vnd.oasis.opendocument.text")
DOCX = make_docx()
XLSX = make_xlsx()


def refusal(data: bytes | BinaryIO, filename: str, **kwargs: int) -> str:
    with pytest.raises(UploadRefused) as refused:
        sniff_upload(data, filename, **kwargs)
    assert str(refused.value) == refused.value.message
    return refused.value.message


# --- accepted types -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "kind", "mime"),
    [
        (PDF, "report.pdf", FileKind.PDF, "application/pdf"),
        (
            DOCX,
            "self-assessment.docx",
            FileKind.DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            XLSX,
            "cases.xlsx",
            FileKind.XLSX,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (ODT, "strategy.odt", FileKind.ODT, "application/vnd.oasis.opendocument.text"),
        (CSV, "cases.csv", FileKind.CSV, "text/csv"),
    ],
)
def test_each_accepted_type_is_recognised_from_its_content(
    data: bytes, filename: str, kind: FileKind, mime: str
) -> None:
    detected = sniff_upload(data, filename)
    assert (detected.kind, detected.mime) == (kind, mime)
    assert detected.kind == kind.value  # kinds compare equal to their plain names
    assert sniff_upload(io.BytesIO(data), filename) == detected


def test_the_extension_is_compared_ignoring_case_and_folders() -> None:
    assert sniff_upload(PDF, "C:\\Users\\me\\Report.PDF").kind is FileKind.PDF
    assert sniff_upload(DOCX, "uploads/2026/plan.v2.Docx").kind is FileKind.DOCX


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (CSV, "utf-8"),
        (b"\xef\xbb\xbf" + CSV, "utf-8-sig"),
        ("name,cost\nCarer\u2019s break,\u00a3120\n".encode("cp1252"), "cp1252"),
        ("name,cost\nCarer\u2019s break,\u00a3120\n".encode(), "utf-8"),
    ],
)
def test_csv_text_is_accepted_in_utf8_with_or_without_a_bom_or_windows_1252(
    data: bytes, encoding: str
) -> None:
    assert sniff_upload(data, "list.csv") == DetectedType(FileKind.CSV, "text/csv", encoding)


@pytest.mark.parametrize(
    "data",
    [
        b"a;b;c\n1;2;3\n",
        b"a\tb\n1\t2\n",
        b"a|b\n1|2\n",
        b'id,note\n1,"one, two"\n2,"a line\nbreak, inside"\n',  # quoted commas and newlines
        b"id,note\n\n1,x\n\n",  # blank lines
        b"only,a,header\n",
    ],
)
def test_csv_with_any_usual_delimiter_and_quoting_is_accepted(data: bytes) -> None:
    assert sniff_upload(data, "x.csv").kind is FileKind.CSV


def test_a_large_csv_is_judged_from_its_first_lines() -> None:
    data = b"id,value\n" + b"".join(b"%d,%d\n" % (i, i * 7) for i in range(20000))
    assert len(data) > 64 * 1024
    assert sniff_upload(data, "big.csv").kind is FileKind.CSV


# --- refused content ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),  # an image
        b"MZ\x90\x00\x03\x00\x00\x00",  # a Windows program
        b"Just one line of prose without any separators\n",
        b"a,b,c\n1,2\n3,4,5\n",  # inconsistent field counts
        b"a,b\n1,2\x00\n",  # a NUL byte
        b"a,b\n1,\x07\n",  # a control character
        b"\x81\x8d\x8f\x90\x9d,\x81\n\x81,\x81\n",  # neither UTF-8 nor Windows-1252
        b"PK\x03\x04 broken zip",
        make_zip({"hello.txt": b"hello"}),  # an ordinary zip
        make_zip({"ppt/presentation.xml": b"<p/>", "[Content_Types].xml": b"<Types/>"}),
        make_odf(b"application/vnd.oasis.opendocument.spreadsheet"),
        DOCX[: len(DOCX) // 2],  # a truncated Word document
    ],
)
def test_content_that_is_none_of_the_accepted_types_is_refused(data: bytes) -> None:
    assert refusal(data, "upload.csv") == NOT_SUPPORTED
    assert NOT_SUPPORTED == "This file is not a PDF, Word, Excel, OpenDocument text or CSV file."


def test_old_office_files_and_password_protected_ones_are_refused_with_advice() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert refusal(ole, "old.doc") == OLD_OR_PROTECTED


@pytest.mark.parametrize(
    "parts",
    [
        {"word/document.xml": b"<w/>", "word/vbaProject.bin": b"\x00\x01"},
        {
            "[Content_Types].xml": b'<Types><Override ContentType="application/'
            b'vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
            "xl/workbook.xml": b"<workbook/>",
        },
    ],
)
def test_macro_enabled_office_files_are_refused(parts: dict[str, bytes]) -> None:
    assert refusal(make_zip(parts), "book.xlsx") == MACROS_REFUSED


def test_a_hand_made_word_zip_is_recognised_by_its_document_part() -> None:
    data = make_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    assert sniff_upload(data, "x.docx").kind is FileKind.DOCX


# --- names that contradict the content ------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (DOCX, "report.pdf", "The file is called .pdf but it is a Word document."),
        (PDF, "report.docx", "The file is called .docx but it is a PDF."),
        (XLSX, "cases.csv", "The file is called .csv but it is an Excel workbook."),
        (DOCX, "cases.xlsx", "The file is called .xlsx but it is a Word document."),
        (ODT, "plan.docx", "The file is called .docx but it is an OpenDocument text document."),
        (CSV, "cases.txt", "The file is called .txt but it is a CSV file."),
        (PDF, "scan.exe", "The file is called .exe but it is a PDF."),
        (
            PDF,
            "report",
            "The file name has no extension. It is a PDF, so it should end in .pdf.",
        ),
    ],
)
def test_an_extension_that_contradicts_the_content_is_refused(
    data: bytes, filename: str, message: str
) -> None:
    assert refusal(data, filename) == message


@given(
    choice=st.sampled_from([PDF, DOCX, XLSX, ODT, CSV]),
    extension=st.sampled_from(["pdf", "docx", "xlsx", "odt", "csv", "txt", "PDF"]),
)
def test_the_name_never_changes_what_the_content_is_taken_to_be(
    choice: bytes, extension: str
) -> None:
    truth = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", ODT: "odt", CSV: "csv"}[choice]
    if extension.casefold() == truth:
        assert sniff_upload(choice, f"file.{extension}").kind == truth
    else:
        message = refusal(choice, f"file.{extension}")
        assert message.startswith(f"The file is called .{extension.casefold()} but it is ")


@given(st.binary(max_size=400))
def test_any_bytes_are_either_recognised_or_refused_never_an_error(data: bytes) -> None:
    try:
        detected = sniff_upload(data, "anything.csv")
    except UploadRefused as refused:
        assert refused.message.endswith(".")
    else:
        assert detected.kind is FileKind.CSV


# --- size -----------------------------------------------------------------------------------


def test_the_default_limit_is_25_mib() -> None:
    assert MAX_UPLOAD_BYTES == 25 * 1024 * 1024


def test_a_file_over_the_limit_is_refused_and_one_at_the_limit_is_not() -> None:
    at_limit = PDF + bytes(MAX_UPLOAD_BYTES - len(PDF))
    assert sniff_upload(at_limit, "big.pdf").kind is FileKind.PDF
    assert refusal(at_limit + b"\n", "big.pdf") == (
        "The file is too big. Files must be 25 MB or smaller."
    )
    stream = io.BytesIO(at_limit + b"\n")
    with pytest.raises(UploadRefused, match="too big"):
        sniff_upload(stream, "big.pdf")
    assert stream.tell() == 0


def test_a_smaller_limit_can_be_set() -> None:
    assert refusal(PDF, "a.pdf", max_bytes=20) == (
        "The file is too big. Files must be 20 bytes or smaller."
    )
    assert sniff_upload(PDF, "a.pdf", max_bytes=len(PDF)).kind is FileKind.PDF


def test_an_empty_file_is_refused() -> None:
    assert refusal(b"", "empty.pdf") == EMPTY_FILE
    assert refusal(io.BytesIO(), "empty.pdf") == EMPTY_FILE


# --- file objects and hashes ----------------------------------------------------------------


def test_a_file_object_is_left_where_it_was(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(PDF)
    with path.open("rb") as handle:
        assert sniff_upload(handle, "report.pdf").kind is FileKind.PDF
        assert handle.tell() == 0
        assert handle.read() == PDF


def test_sha256_gives_the_standard_digest_for_bytes_and_file_objects() -> None:
    expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert sha256(b"abc") == expected
    stream = io.BytesIO(b"abc")
    assert sha256(stream) == expected
    assert stream.tell() == 0


def test_sha256_of_a_large_file_object_matches_the_bytes() -> None:
    data = bytes(range(256)) * 20000  # over one read chunk
    assert sha256(io.BytesIO(data)) == sha256(data)
    assert sha256(data) != sha256(data + b"\x00")
