"""The demonstration data: a return under way, or one finished, made through the services."""

from datetime import date, datetime

import pytest
from django.test import TestCase
from django.utils import timezone

from ascassure.apps.assessments.models import Assessment
from ascassure.apps.inforeturn.demo import demo_load
from ascassure.apps.inforeturn.models import ExtensionRequest, IRRequest, IRUpload
from ascassure.apps.inforeturn.selectors import ir_overview
from ascassure.files import sniff_upload

from .conftest import SENT

pytestmark = pytest.mark.django_db


def load(assessment, people, today):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return demo_load(assessment, people.editor, people.lead, today)


def test_an_open_return_has_answers_one_overdue_item_and_one_extension_waiting(assessment, people):
    today = date(2026, 1, 26)  # two weeks after the notification: early items were due on the 19th
    request = load(assessment, people, today)
    assert request.sent_on == SENT
    overview = ir_overview(assessment=assessment, today=today)
    assert overview.progress.complete == 4
    assert overview.progress.overdue_keys == ("case_list",)
    [waiting] = overview.pending_extensions
    assert waiting.item.key == "workforce_data"
    carers = request.items.get(key="carers_strategy")
    assert carers.pointer_upload.item.key == "self_assessment"
    for upload in IRUpload.objects.all():
        assert sniff_upload(upload.path.read_bytes(), upload.original_name).kind == upload.file_kind
    assessment.refresh_from_db()
    assert assessment.stage == "ir_open"


def test_a_closed_return_is_complete_after_a_granted_extension_with_times_in_order(
    assessment, people
):
    Assessment.objects.filter(pk=assessment.pk).update(stage="evidence_gathering")
    assessment.refresh_from_db()
    request = load(assessment, people, date(2026, 6, 1))
    overview = ir_overview(assessment=assessment, today=date(2026, 6, 1))
    assert overview.progress.outstanding == 0
    assert request.items.filter(status="not_held").count() == 1
    assert ExtensionRequest.objects.get().status == "granted"
    start = timezone.make_aware(datetime(2026, 1, 12, 9, 30))
    stamps = [request.issued_at, *IRUpload.objects.values_list("uploaded_at", flat=True)]
    stamps += list(request.items.values_list("completed_at", flat=True))
    assert all(start <= stamp <= timezone.make_aware(datetime(2026, 6, 1, 16)) for stamp in stamps)
    events = assessment.events.filter(kind__startswith="ir_").order_by("at", "pk")
    assert events.first().kind == "ir_issued"


def test_loading_the_demo_twice_changes_nothing(assessment, people):
    load(assessment, people, date(2026, 1, 26))
    load(assessment, people, date(2026, 1, 26))
    assert IRRequest.objects.count() == 1
    assert ExtensionRequest.objects.count() == 1
    assert IRUpload.objects.count() == 3
