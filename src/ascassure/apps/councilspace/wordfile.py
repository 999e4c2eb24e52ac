"""Small helpers for Word documents (python-docx): headings and text in the product's style, a
language, tables with a header row that repeats and is read as headers, a page-number footer."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor


def new_document(*, title: str, author: str) -> DocxDocument:
    word = Document()
    word.core_properties.title = title
    word.core_properties.author = author
    word.core_properties.language = "en-GB"
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    r_pr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    r_pr.append(lang)
    for level in (0, 1, 2, 3):
        style = word.styles["Title" if level == 0 else f"Heading {level}"]
        style.font.name = "Arial"
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    return word


def para(word: DocxDocument, text: str, *, bold=False, italic=False, size: int | None = None):
    paragraph = word.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return paragraph


def plain_text(word: DocxDocument, text: str) -> None:
    """Plain text as paragraphs; lines starting with "-", "*" or "•" as bullets."""
    if not text.strip():
        para(word, "Not written yet.", italic=True)
        return
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped[:2] in {"- ", "* ", "• "}:
            word.add_paragraph(stripped[2:].strip(), style="List Bullet")
        else:
            word.add_paragraph(stripped)


def table(word: DocxDocument, headers: list[str], rows: list[list[str]]) -> None:
    table = word.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # a header row: repeated on each page, read as headers
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = str(text)
    word.add_paragraph()


def footer(word: DocxDocument, text: str) -> None:
    paragraph = word.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(9)
    for kind, value in (("begin", None), (None, "PAGE"), ("end", None)):
        field_run = paragraph.add_run()
        field_run.font.size = Pt(9)
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = value
        field_run._r.append(element)


def save(word: DocxDocument) -> bytes:
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
