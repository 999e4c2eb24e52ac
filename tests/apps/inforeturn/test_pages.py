"""The team's and the council's pages, as rendered HTML."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ascassure.apps.inforeturn import services
from ascassure.apps.inforeturn.models import ExtensionRequest, IRItem, IRRequest, IRUpload
from ascassure.files import WRONG_EXTENSION
from builders import make_ir_request, make_ir_upload

from .conftest import SENT

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
TODAY = date(2026, 1, 26)  # a week after the early items were due, a week before the rest


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    return TODAY


def base(assessment) -> str:
    return f"/assessments/{assessment.pk}/information-return/"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def mark_complete(item: IRItem, by) -> None:
    make_ir_upload(item=item, by=by)
    item.refresh_from_db()
    services.ir_item_complete(
        item=item, status="submitted", note="", by=by, expected_version=item.version
    )


# --- the team -------------------------------------------------------------------------------


def test_the_overview_shows_completeness_in_words_and_as_a_progress_bar(
    client, ir, assessment, people, sign_in
):
    mark_complete(ir.items.get(key="contacts_and_structure"), people.editor)
    total = ir.items.count()
    sign_in(people.inspector)
    html = client.get(base(assessment)).content.decode()
    percent = 100 // total
    assert f"1 of {total} items complete" in text(html)
    assert f'<progress class="app-ir-progress__bar" max="100" value="{percent}"' in html
    assert 'aria-labelledby="ir-progress-label"' in html
    assert "1 overdue" in text(html)  # the case list, due 19 January
    assert "Information return" in html and 'aria-current="page"' in html


def test_overdue_items_are_highlighted_with_words_not_only_colour(
    client, ir, assessment, people, sign_in
):
    sign_in(people.lead)
    html = client.get(base(assessment)).content.decode()
    rows = re.findall(r'<tr class="govuk-table__row app-ir-row--overdue">(.*?)</tr>', html, re.S)
    titles = sorted(re.search(r'">([^<]+)</a>', row).group(1) for row in rows)
    assert titles == ["Case-tracking list", "Key contacts and structure chart"]
    assert all("Overdue</strong>" in row for row in rows)


def test_the_item_list_filters_by_quality_statement_and_status(
    client, ir, assessment, people, sign_in
):
    sign_in(people.lead)
    html = client.get(base(assessment), {"qs": "QS7"}).content.decode()
    shown = re.findall(r'href="/assessments/\d+/information-return/items/\d+/">([^<]+)<', html)
    assert sorted(shown) == [
        "Mental capacity and deprivation of liberty",
        "Safeguarding Adults Board reports",
        "Safeguarding data",
        "Self-assessment",
    ]
    html = client.get(base(assessment), {"status": "overdue"}).content.decode()
    shown = re.findall(r'href="/assessments/\d+/information-return/items/\d+/">([^<]+)<', html)
    assert len(shown) == 2
    assert f"2 of {ir.items.count()} items shown" in html


def test_the_overview_reads_the_request_once_unless_the_qs_filter_is_unknown(
    client, ir, assessment, people, sign_in, monkeypatch
):
    from ascassure.apps.inforeturn import selectors

    calls = []
    real = selectors.ir_overview

    def counted(**kwargs):
        calls.append(kwargs.get("qs", ""))
        return real(**kwargs)

    monkeypatch.setattr(selectors, "ir_overview", counted)
    sign_in(people.lead)
    assert client.get(base(assessment)).status_code == 200
    assert calls == [""]
    calls.clear()
    assert client.get(base(assessment), {"qs": "QS7"}).status_code == 200
    assert calls == ["QS7"]
    calls.clear()
    response = client.get(base(assessment), {"qs": "QS99"})
    assert calls == ["QS99", ""]  # no item informs QS99: the filter is dropped
    assert response.context["filter_qs"] == ""
    assert len(response.context["overview"].items) == ir.items.count()


def test_the_overview_needs_the_same_queries_for_5_items_as_for_all_of_them(
    client, assessment, people, sign_in
):
    keys = ("strategy", "case_list", "waiting_times", "workforce_data", "complaints")
    few = make_ir_request(assessment=assessment, by=people.lead, keys=keys)
    for item in few.items.all()[:2]:
        make_ir_upload(item=item, by=people.editor)
    sign_in(people.lead)
    with CaptureQueriesContext(connection) as small:
        assert client.get(base(assessment)).status_code == 200
    IRRequest.objects.all().delete()
    assessment.refresh_from_db()
    assessment.stage = "notified"
    assessment.save()
    many = make_ir_request(assessment=assessment, by=people.lead)
    for item in many.items.all()[:10]:
        make_ir_upload(item=item, by=people.editor)
    with CaptureQueriesContext(connection) as large:
        assert client.get(base(assessment)).status_code == 200
    assert many.items.count() > 20
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_lead_sends_the_request_from_the_template_leaving_out_unticked_items(
    client, assessment, people, sign_in
):
    sign_in(people.lead)
    page = client.get(base(assessment) + "send/").content.decode()
    assert "Send the information return request" in page
    assert "Due 16 Feb 2026." in page and "Due 2 Feb 2026." in page  # if sent TODAY
    response = client.post(
        base(assessment) + "send/",
        {"template": "default", "sent": "12/01/2026", "items": ["strategy", "case_list"]},
    )
    assert response.status_code == 302 and response["Location"] == base(assessment)
    request = IRRequest.objects.get()
    assert request.sent_on == SENT and request.issued_by == people.lead
    assert sorted(request.items.values_list("key", flat=True)) == ["case_list", "strategy"]
    assessment.refresh_from_db()
    assert assessment.stage == "ir_open"
    assert "Information return request sent: 2 items." in text(
        client.get(response["Location"]).content.decode()
    )


def test_sending_with_no_items_ticked_names_the_problem_in_the_error_summary(
    client, assessment, people, sign_in
):
    sign_in(people.lead)
    html = client.post(
        base(assessment) + "send/", {"template": "default", "sent": "12/01/2026"}
    ).content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_items_0">Choose at least one item</a>' in html
    assert "<title>Error: " in html
    assert not IRRequest.objects.exists()


def test_the_lead_moves_a_due_date_from_the_item_page(client, ir, assessment, people, sign_in):
    strategy = ir.items.get(key="strategy")
    sign_in(people.lead)
    response = client.post(
        base(assessment) + f"items/{strategy.pk}/due-date/",
        {"due-due_date": "09/02/2026", "due-reason": "Half term", "due-version": strategy.version},
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Monday 9 February 2026" in html and "First asked for by 2 February 2026" in html


def test_the_lead_grants_an_extension_from_its_page(client, ir, assessment, people, sign_in):
    workforce = ir.items.get(key="workforce_data")
    extension = services.ir_extension_request(
        item=workforce,
        requested_due=date(2026, 2, 16),
        reason="HR board on the 12th",
        by=people.editor,
        expected_version=workforce.version,
    )
    sign_in(people.lead)
    overview = client.get(base(assessment)).content.decode()
    assert "Extensions to decide" in overview and "HR board on the 12th" in overview
    page = base(assessment) + f"extensions/{extension.pk}/"
    html = client.post(page, {"decision": "refuse", "reason": ""}).content.decode()
    assert f'<a href="#id_reason">{services.domain.REFUSAL_NEEDS_REASON}</a>' in html
    response = client.post(page, {"decision": "grant", "new_due": "16/02/2026", "reason": ""})
    assert response.status_code == 302
    workforce.refresh_from_db()
    assert workforce.due_date == date(2026, 2, 16)
    html = client.post(page, {"decision": "refuse", "reason": "no"}).content.decode()
    assert services.EXTENSION_ALREADY_DECIDED in html


# --- the council ----------------------------------------------------------------------------


def test_the_council_sees_its_request_with_due_dates_and_statuses(
    client, ir, assessment, people, sign_in
):
    sign_in(people.editor)
    listing = client.get("/assessments/council/").content.decode()
    assert f'href="{base(assessment)}council/"' in listing
    html = client.get(base(assessment) + "council/").content.decode()
    assert "Case-tracking list" in html and "19 Jan 2026" in html
    assert text(html).count("Overdue") >= 3  # two rows and the summary


def test_an_editor_uploads_a_file_and_it_is_listed_for_download(
    client, ir, assessment, people, sign_in, django_capture_on_commit_callbacks
):
    strategy = ir.items.get(key="strategy")
    sign_in(people.editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            base(assessment) + f"council/items/{strategy.pk}/upload/",
            {
                "upload-version": strategy.version,
                "upload-file": SimpleUploadedFile("Strategy 2026.pdf", PDF),
            },
        )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Strategy 2026.pdf uploaded." in html
    upload = IRUpload.objects.get()
    assert f'href="{base(assessment)}files/{upload.pk}/"' in html
    download = client.get(base(assessment) + f"files/{upload.pk}/")
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="Strategy 2026.pdf"'
    assert b"".join(download.streaming_content) == PDF


def test_a_refused_upload_is_named_in_the_error_summary_and_nothing_is_kept(
    client, ir, assessment, people, sign_in, media_root
):
    strategy = ir.items.get(key="strategy")
    sign_in(people.editor)
    html = client.post(
        base(assessment) + f"council/items/{strategy.pk}/upload/",
        {"upload-version": strategy.version, "upload-file": SimpleUploadedFile("s.docx", PDF)},
    ).content.decode()
    message = WRONG_EXTENSION.format(extension="docx", actual="a PDF")
    assert "There is a problem" in html
    assert f'<a href="#id_upload-file">{message}</a>' in html
    assert 'class="govuk-file-upload govuk-file-upload--error"' in html
    assert not IRUpload.objects.exists()
    assert not [p for p in media_root.rglob("*") if p.is_file()]


def test_a_save_from_a_stale_page_is_refused_with_a_message_and_keeps_the_other_save(
    client, ir, assessment, people, sign_in
):
    strategy = ir.items.get(key="strategy")
    seen = strategy.version
    services.ir_item_answer(
        item=strategy,
        link="https://example.gov.uk/first",
        by=people.editor,
        expected_version=seen,
    )
    sign_in(people.editor)
    html = client.post(
        base(assessment) + f"council/items/{strategy.pk}/answer/",
        {"answer-version": seen, "answer-link": "https://example.gov.uk/second"},
    ).content.decode()
    assert services.ITEM_STALE in html
    strategy.refresh_from_db()
    assert strategy.link == "https://example.gov.uk/first"
    assert f'name="answer-version" value="{strategy.version}"' in html  # retry from the latest


def test_an_editor_asks_for_an_extension_and_errors_are_named(
    client, ir, assessment, people, sign_in
):
    workforce = ir.items.get(key="workforce_data")
    page = base(assessment) + f"council/items/{workforce.pk}/extension/"
    sign_in(people.editor)
    html = client.post(
        page, {"version": workforce.version, "requested_due": "30/01/2026", "reason": "x"}
    ).content.decode()
    assert f'<a href="#id_requested_due">{services.domain.EXTENSION_DATE_NOT_LATER}</a>' in html
    response = client.post(
        page,
        {"version": workforce.version, "requested_due": "16/02/2026", "reason": "HR board"},
    )
    assert response.status_code == 302
    extension = ExtensionRequest.objects.get()
    assert extension.status == "pending" and extension.requested_by == people.editor
    html = client.get(response["Location"]).content.decode()
    assert "The assessment team has not decided yet." in html


def test_marking_complete_without_sending_anything_is_refused_on_the_page(
    client, ir, assessment, people, sign_in
):
    strategy = ir.items.get(key="strategy")
    sign_in(people.editor)
    html = client.post(
        base(assessment) + f"council/items/{strategy.pk}/complete/",
        {"complete-version": strategy.version, "complete-status": "submitted"},
    ).content.decode()
    assert services.NOTHING_SENT in html and "There is a problem" in html
