"""Documents: the self-assessment as Word and PDF, the lead member's briefing pack, and the
spreadsheet import (one row per QS) with its errors."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from ascassure.apps.councilspace import documents, services
from ascassure.apps.councilspace.models import QsRevision
from ascassure.domain.framework import load_framework
from builders import (
    FULL_ENTRY_TEXT,
    PASSWORD,
    make_assessment,
    make_evidence_item,
    make_improvement_action,
    make_self_assessment,
    make_user,
)

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def editor_client(client, trafford):
    editor = make_user(council=trafford, full_name="Dana Director")
    client.login(username=editor.username, password=PASSWORD)
    client.user = editor
    return client


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pdf_text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def test_the_self_assessment_in_word_has_every_qs_its_entry_and_its_evidence(
    editor_client, trafford
):
    make_self_assessment(council=trafford, scores={"QS1": 3, "QS4": 2})
    make_evidence_item(council=trafford, title="Carers' survey 2025", qs_codes=("QS4",))
    response = editor_client.get(f"/workspace/{trafford.slug}/2026/self-assessment.docx")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment;" in response["Content-Disposition"]
    text = docx_text(response.content)
    assert "Adult social care self-assessment 2026" in text and "Trafford" in text
    for qs in load_framework().statements:
        assert f"{qs.code} {qs.title}" in text
    assert "Self-score: 2: Some shortfalls. Confidence: Medium. Status: Draft." in text
    assert "We assess people's needs with them, at home where they prefer." in text
    assert "Carers' survey 2025 (data extract, January 2026, Performance team)" in text
    assert "Working draft" in text
    headings = [
        p.text
        for p in Document(io.BytesIO(response.content)).paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert "Theme 2: Providing support" in headings


def test_a_saved_version_exports_as_it_was_not_as_it_is_now(editor_client, trafford):
    sa = make_self_assessment(council=trafford, scores={"QS1": 2})
    services.self_assessment_version_create(self_assessment=sa, note="", by=None)
    entry = QsRevision.objects.get().entry
    services.qs_entry_save(
        self_assessment=sa,
        qs_code="QS1",
        entry=entry.__class__(
            **{**{f: getattr(entry, f) for f in entry.__slots__}, "self_score": 4}
        ),
        by=None,
        base_number=1,
    )
    url = f"/workspace/{trafford.slug}/2026/self-assessment.docx"
    old = docx_text(editor_client.get(url + "?version=1").content)
    new = docx_text(editor_client.get(url).content)
    assert "Self-score: 2: Some shortfalls" in old and "Version 1," in old
    assert "Self-score: 4: Exceptional standard" in new
    assert editor_client.get(url + "?version=9").status_code == 404


def test_the_self_assessment_pdf_is_tagged_and_reads_as_the_word_version_does(
    editor_client, trafford
):
    make_self_assessment(council=trafford, scores={"QS7": 3})
    response = editor_client.get(f"/workspace/{trafford.slug}/2026/self-assessment.pdf")
    assert response["Content-Type"] == "application/pdf"
    text, reader = pdf_text(response.content)
    assert "Adult social care self-assessment 2026" in text
    assert "QS7 Safeguarding" in text
    assert "Self-score: 3: Good standard" in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).lower().startswith("en")
    assert reader.metadata.title == "Trafford: Adult social care self-assessment 2026"


def test_the_briefing_pack_has_the_position_key_data_dates_and_questions(editor_client, trafford):
    sa = make_self_assessment(council=trafford, scores={f"QS{n}": 3 for n in range(1, 10)})
    make_improvement_action(council=trafford, title="Late one", due_date=date(2020, 1, 1))
    make_assessment(council=trafford, stage="notified", notification_date=date(2026, 1, 12))
    url = f"/workspace/{trafford.slug}/2026/"
    html = editor_client.get(url + "briefing/").content.decode()
    assert "Our self-scores give Good at 75%" in html
    no_data = "No published data (such as ASCOF measures) has been imported for Trafford yet."
    assert "<h2>Key data</h2>" in html and no_data in html
    assert "Information return due" in html and "Monday 2 February 2026" in html
    assert "Questions you are likely to be asked" in html
    assert "Questions to ask your leadership team" in html
    assert "1 action open, 1 overdue." in html
    pack = documents.briefing(self_assessment=sa, today=date(2026, 1, 20))
    word = docx_text(documents.briefing_docx(pack))
    pdf, _ = pdf_text(editor_client.get(url + "lead-member-briefing.pdf").content)
    for text in (word, pdf):
        assert "Key data" in text and " ".join(no_data.split()) in " ".join(text.split())
        assert "Information return due" in text
        assert "Which quality statements are we least confident about, and why?" in text
        assert "Late one" in text


def test_without_a_notified_assessment_the_briefing_says_when_dates_will_appear(
    editor_client, trafford
):
    make_self_assessment(council=trafford)
    make_assessment(council=trafford, stage="planned")  # not yet known to the council
    html = editor_client.get(f"/workspace/{trafford.slug}/2026/briefing/").content.decode()
    assert "No assessment of the council has been notified yet." in html
    assert "No quality statement has a self-score yet." in html


def test_the_questions_file_covers_every_theme_and_a_bad_one_is_refused():
    questions = documents.briefing_questions("2025")
    headings = [g.heading for g in questions.asked]
    assert headings[0] == "General" and len(headings) == 5
    assert all(group.questions for group in questions.to_ask)
    with pytest.raises(documents.QuestionsFileError, match="unknown theme 'T9'"):
        documents.parse_questions('[[asked]]\ntheme = "T9"\ntext = "x"\n', load_framework())


def _sheet(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("self-assessment.xlsx", out.getvalue(), content_type=XLSX)


def test_the_spreadsheet_goes_out_and_comes_back_in_with_changes_saved_as_new_versions(
    editor_client, trafford
):
    make_self_assessment(council=trafford, scores={"QS1": 2})
    base = f"/workspace/{trafford.slug}/2026"
    exported = editor_client.get(f"{base}/self-assessment.xlsx").content
    book = load_workbook(io.BytesIO(exported))
    sheet = book["Self-assessment"]
    assert [c.value for c in sheet[1]][:3] == ["Quality statement", "Title", "What we do"]
    assert sheet["A2"].value == "QS1" and sheet["I2"].value == 2
    sheet["C5"] = "Care is joined up with the NHS."  # QS4
    sheet["I5"] = 3
    out = io.BytesIO()
    book.save(out)
    page = editor_client.get(f"{base}/import/").content.decode()
    stamp = page.split('name="stamp" value="')[1].split('"')[0]
    upload = SimpleUploadedFile("back.xlsx", out.getvalue(), content_type=XLSX)
    response = editor_client.post(f"{base}/import/", {"file": upload, "stamp": stamp})
    assert response.status_code == 302
    qs4 = QsRevision.objects.get(qs_code="QS4")
    assert (qs4.what_we_do, qs4.self_score, qs4.note) == (
        "Care is joined up with the NHS.",
        3,
        "Imported from back.xlsx",
    )
    assert QsRevision.objects.filter(qs_code="QS1").count() == 1  # unchanged: no new version


FORMULA_LIKE = {
    "what_we_do": '=HYPERLINK("https://example.com","Our offer")',
    "how_we_know": "=1+1",
    "next_steps": "+ more reviews",
    "strengths": "- Quick reviews",
    "areas_for_development": "@ carers",
}


def test_text_that_looks_like_a_formula_goes_out_as_text_and_comes_back_unchanged(
    editor_client, trafford
):
    from ascassure.domain.selfassessment import Confidence, Entry, EntryStatus

    self_assessment = make_self_assessment(council=trafford, scores={"QS1": 2})
    services.qs_entry_save(
        self_assessment=self_assessment,
        qs_code="QS2",
        entry=Entry(
            **FULL_ENTRY_TEXT | FORMULA_LIKE,
            self_score=3,
            confidence=Confidence.HIGH,
            status=EntryStatus.DRAFT,
        ),
        by=None,
        base_number=0,
    )
    base = f"/workspace/{trafford.slug}/2026"
    exported = editor_client.get(f"{base}/self-assessment.xlsx").content
    sheet = load_workbook(io.BytesIO(exported))["Self-assessment"]
    qs2 = {cell.column_letter: cell for cell in sheet[3]}
    assert qs2["A"].value == "QS2"
    assert [(qs2[c].value, qs2[c].data_type) for c in "CDEFG"] == [
        (text, "s") for text in FORMULA_LIKE.values()
    ]
    page = editor_client.get(f"{base}/import/").content.decode()
    stamp = page.split('name="stamp" value="')[1].split('"')[0]
    upload = SimpleUploadedFile("back.xlsx", exported, content_type=XLSX)
    response = editor_client.post(f"{base}/import/", {"file": upload, "stamp": stamp})
    assert response.status_code == 302
    [qs2_revision] = QsRevision.objects.filter(qs_code="QS2")  # read back the same: no new one
    assert qs2_revision.what_we_do == FORMULA_LIKE["what_we_do"]


def test_a_plan_action_that_looks_like_a_formula_is_written_as_text(editor_client, trafford):
    make_improvement_action(council=trafford, title="=SUM(1,2)", owner="=Head of service")
    response = editor_client.get(f"/workspace/{trafford.slug}/plan/improvement-plan.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = {cell.column_letter: cell for cell in sheet[2]}
    assert (row["B"].value, row["B"].data_type) == ("=SUM(1,2)", "s")
    assert (row["D"].value, row["D"].data_type) == ("=Head of service", "s")
    values = next(
        load_workbook(io.BytesIO(response.content), data_only=True).active.iter_rows(
            min_row=2, values_only=True
        )
    )
    assert values[1] == "=SUM(1,2)" and values[3] == "=Head of service"


def test_a_failed_import_lists_each_problem_by_row_and_column_and_changes_nothing(
    editor_client, trafford
):
    make_self_assessment(council=trafford, scores={"QS1": 2})
    before = list(QsRevision.objects.values_list("pk", flat=True))
    header = [
        "Quality statement",
        "What we do",
        "How we know",
        "What we will do next",
        "Strengths",
        "Areas for development",
        "I statements covered",
        "Self-score",
        "Confidence",
        "Status",
    ]
    rows = [
        header,
        ["QS2", "Fine", "", "", "", "", "", 3, "High", "Draft"],
        ["QS3", "Bad", "", "", "", "", "", "three", "Sure", "Draft"],
    ]
    base = f"/workspace/{trafford.slug}/2026"
    html = editor_client.post(
        f"{base}/import/", {"file": _sheet(rows), "stamp": "0"}
    ).content.decode()
    assert "Nothing was imported" in html
    assert (
        "Row 3, column H (Self-score): &quot;three&quot; is not a score: use 1, 2, 3 or 4" in html
    )
    assert "Row 3, column I (Confidence): &quot;Sure&quot; is not low, medium or high" in html
    assert list(QsRevision.objects.values_list("pk", flat=True)) == before


def test_a_file_that_is_not_a_spreadsheet_is_refused_plainly(editor_client, trafford):
    make_self_assessment(council=trafford)
    base = f"/workspace/{trafford.slug}/2026"
    fake = SimpleUploadedFile("self-assessment.xlsx", b"PK\x03\x04 broken zip")
    html = editor_client.post(f"{base}/import/", {"file": fake, "stamp": "0"}).content.decode()
    assert "could not be read as an Excel spreadsheet" in html
    csv = SimpleUploadedFile("self-assessment.csv", b"a,b\n1,2\n")
    html = editor_client.post(f"{base}/import/", {"file": csv, "stamp": "0"}).content.decode()
    assert "The file must be an Excel spreadsheet (XLSX)" in html
