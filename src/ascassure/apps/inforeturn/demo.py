"""Demonstration data: an information return, made through the services.

``demo_load(assessment, council_editor, team_member, today)`` sends the default request on the
assessment's notification date (or 16 days before ``today`` when there is none, or when it is
too recent for anything to be late) and answers it as the council would:

* while the return is open (stage "Council notified" or "Information return open"): files
  (PDF, CSV, Excel), a link, a pointer to a section of a document already sent, some items
  complete, one early item left overdue, and one extension waiting for the team's decision;
* once it has closed (any later stage): every item answered and complete (one "not held"),
  after an extension the team granted.

Times are spread between the day the request was sent and today, so the timeline reads as it
happened. The assessment must already be notified; running it again changes nothing.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment, AssessmentEvent
from ascassure.apps.inforeturn import services
from ascassure.apps.inforeturn.models import (
    ExtensionRequest,
    IRItem,
    IRRequest,
    IRUpload,
    ItemKind,
)
from ascassure.domain.calendar import ENGLAND_AND_WALES
from ascassure.domain.lifecycle import Stage

SENT_DAYS_AGO = 16  # early items (1 week) are overdue; the rest are due within the week
OPEN_STAGES = (Stage.NOTIFIED.value, Stage.IR_OPEN.value)


# --- small, valid files ---------------------------------------------------------------------


def _pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF with a title and a few lines of text."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    rows = [f"BT /F1 18 Tf 72 760 Td ({escape(title)}) Tj ET"]
    rows += [
        f"BT /F1 11 Tf 72 {730 - 18 * n} Td ({escape(line)}) Tj ET" for n, line in enumerate(lines)
    ]
    stream = "\n".join(rows).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _xlsx(rows: list[tuple]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _self_assessment_pdf(council: str) -> bytes:
    return _pdf(
        f"{council}: adult social care self-assessment",
        [
            "1. Working with people: assessing needs, healthier lives, equity",
            "2. Providing support: care provision, partnerships and communities",
            "3. Ensuring safety: safe systems and transitions, safeguarding",
            "4. Leadership: governance, learning and improvement",
            "5. Unpaid carers: what we do and what we are improving",
        ],
    )


CONTACTS_CSV = (
    b"Role,Name,Email\n"
    b"Director of Adult Social Services,Alex Morgan,dass@example.gov.uk\n"
    b"Principal Social Worker,Sam Patel,psw@example.gov.uk\n"
    b"Lead member for adult social care,Cllr Jo Evans,cllr.evans@example.gov.uk\n"
    b"Head of safeguarding,Chris Lee,safeguarding@example.gov.uk\n"
)
WAITING_ROWS = [
    ("Waiting for", "People waiting", "Median days"),
    ("Care Act assessment", 212, 34),
    ("Review", 388, 61),
    ("Carer's assessment", 57, 28),
    ("Occupational therapy", 143, 45),
]


# --- answering through the services ---------------------------------------------------------


def _fresh(item: IRItem) -> IRItem:
    item.refresh_from_db()
    return item


def _upload(item: IRItem, by: User, name: str, content: bytes) -> IRUpload:
    item = _fresh(item)
    return services.ir_upload_store(
        item=item, upload=SimpleUploadedFile(name, content), by=by, expected_version=item.version
    )


def _link(item: IRItem, by: User, url: str) -> None:
    item = _fresh(item)
    services.ir_item_answer(item=item, link=url, by=by, expected_version=item.version)


def _point(item: IRItem, by: User, upload: IRUpload, section: str) -> None:
    item = _fresh(item)
    services.ir_item_answer(
        item=item,
        pointer_upload=upload,
        pointer_section=section,
        by=by,
        expected_version=item.version,
    )


def _complete(item: IRItem, by: User, note: str = "", status: str = "submitted") -> None:
    item = _fresh(item)
    services.ir_item_complete(
        item=item, status=status, note=note, by=by, expected_version=item.version
    )


def _ask_more_time(item: IRItem, by: User) -> ExtensionRequest:
    item = _fresh(item)
    return services.ir_extension_request(
        item=item,
        requested_due=item.due_date + timedelta(days=14),
        reason="Our workforce figures are signed off at the HR board on the 20th; we would "
        "rather send the agreed figures than a draft.",
        by=by,
        expected_version=item.version,
    )


def _web(council: str, path: str) -> str:
    slug = "".join(ch for ch in council.lower() if ch.isalnum())
    return f"https://www.{slug}.gov.uk/{path}"


def _answer_open(items: dict[str, IRItem], council: str, editor: User) -> None:
    """Part-way through: some answers, the case list overdue, an extension waiting."""
    contacts = items["contacts_and_structure"]
    _upload(contacts, editor, "ASC structure and contacts.csv", CONTACTS_CSV)
    _complete(contacts, editor)
    self_assessment = items["self_assessment"]
    report = _upload(
        self_assessment,
        editor,
        f"{council} self-assessment 2026.pdf",
        _self_assessment_pdf(council),
    )
    _complete(self_assessment, editor)
    _link(items["strategy"], editor, _web(council, "adult-social-care/strategy-2025-2030"))
    _complete(items["strategy"], editor)
    carers = items["carers_strategy"]
    _point(carers, editor, report, "Section 5, Unpaid carers")
    _complete(carers, editor, note="Our joint carers strategy is being refreshed this spring.")
    _upload(items["waiting_times"], editor, "Waiting times Q3.xlsx", _xlsx(WAITING_ROWS))
    _ask_more_time(items["workforce_data"], editor)


def _answer_closed(items: dict[str, IRItem], council: str, editor: User, team_member: User) -> None:
    """Everything answered, after an extension granted on the workforce data."""
    extension = _ask_more_time(items["workforce_data"], editor)
    services.ir_extension_decide(
        extension=extension,
        grant=True,
        reason="Agreed: the signed-off figures are worth the wait.",
        by=team_member,
    )
    report = _upload(
        items["self_assessment"],
        editor,
        f"{council} self-assessment.pdf",
        _self_assessment_pdf(council),
    )
    _upload(items["contacts_and_structure"], editor, "Contacts.csv", CONTACTS_CSV)
    _upload(items["waiting_times"], editor, "Waiting times.xlsx", _xlsx(WAITING_ROWS))
    for key, item in items.items():
        if key == "mental_capacity":
            _complete(
                item,
                editor,
                status="not_held",
                note="DoLS data is held by the joint team; the NHS trust sends it.",
            )
            continue
        if key == "carers_strategy":
            _point(item, editor, report, "Section 5, Unpaid carers")
        elif key not in ("self_assessment", "contacts_and_structure", "waiting_times"):
            kind = "data" if item.kind == ItemKind.DATA else "documents"
            _link(item, editor, _web(council, f"adult-social-care/{kind}/{key.replace('_', '-')}"))
        _complete(item, editor)


# --- times that read as they happened -------------------------------------------------------


def _spread_times(request: IRRequest, *, start: datetime, end: datetime, since: int) -> None:
    """Move the demo's timestamps, in their order, evenly between ``start`` and ``end``."""
    stamps: list[tuple[datetime, int, object, str]] = [(request.issued_at, 0, request, "issued_at")]
    rows: list[tuple[object, str]] = []
    for upload in IRUpload.objects.filter(item__request=request):
        rows.append((upload, "uploaded_at"))
    for item in request.items.exclude(completed_at=None):
        rows.append((item, "completed_at"))
    for extension in ExtensionRequest.objects.filter(item__request=request):
        rows.append((extension, "requested_at"))
        if extension.decided_at:
            rows.append((extension, "decided_at"))
    for event in AssessmentEvent.objects.filter(
        assessment=request.assessment, pk__gt=since, kind__startswith="ir_"
    ):
        rows.append((event, "at"))
    stamps += [(getattr(row, field), n + 1, row, field) for n, (row, field) in enumerate(rows)]
    stamps.sort(key=lambda s: (s[0], s[1]))
    step = (end - start) / (len(stamps) + 1)
    changed: dict[int, tuple[object, list[str]]] = {}
    for n, (_, _, row, field) in enumerate(stamps):
        setattr(row, field, start + step * n)
        changed.setdefault(id(row), (row, []))[1].append(field)
    for row, fields in changed.values():
        type(row).objects.filter(pk=row.pk).update(**{f: getattr(row, f) for f in fields})


def demo_load(
    assessment: Assessment, council_editor: User, team_member: User, today: date
) -> IRRequest:
    existing = IRRequest.objects.filter(assessment=assessment).first()
    if existing is not None:
        return existing
    still_open = assessment.stage in OPEN_STAGES
    sent = assessment.notification_date
    if sent is None or sent > today or (still_open and (today - sent).days < 8):
        sent = ENGLAND_AND_WALES.previous_working_day(today - timedelta(days=SENT_DAYS_AGO))
    last_event = AssessmentEvent.objects.filter(assessment=assessment).order_by("-pk").first()
    request = services.ir_request_issue(
        assessment=assessment, template="default", sent=sent, by=team_member, today=today
    )
    items = {item.key: item for item in request.items.all()}
    council = assessment.council.name
    if still_open:
        _answer_open(items, council, council_editor)
        end = timezone.now() - timedelta(hours=2)
    else:
        _answer_closed(items, council, council_editor, team_member)
        last_due = max(item.due_date for item in request.items.all())
        end = timezone.make_aware(datetime.combine(min(last_due, today), time(16)))
    start = timezone.make_aware(datetime.combine(sent, time(9, 30)))
    _spread_times(
        request, start=start, end=max(end, start), since=last_event.pk if last_event else 0
    )
    request.refresh_from_db()
    return request
