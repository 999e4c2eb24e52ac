"""Issuing, answering, and extending the information return through its services."""

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from ascassure.apps.assessments.facts import assessment_facts
from ascassure.apps.assessments.models import AssessmentEvent
from ascassure.apps.assessments.summary import summary_sections
from ascassure.apps.inforeturn import services
from ascassure.apps.inforeturn.models import (
    ExtensionRequest,
    IRItem,
    IRRequest,
    ItemKind,
    ItemStatus,
)
from ascassure.apps.inforeturn.selectors import ir_item_detail
from ascassure.domain import inforeturn as domain
from ascassure.domain.lifecycle import NO_IR_ITEMS
from builders import make_assessment, make_ir_request, make_ir_upload

from .conftest import SENT

pytestmark = pytest.mark.django_db


def item(ir, key: str) -> IRItem:
    return ir.items.get(key=key)


# --- issuing --------------------------------------------------------------------------------


def test_issuing_builds_the_items_of_the_template_with_their_due_dates(ir):
    items = {i.key: i for i in ir.items.all()}
    assert len(items) == len(domain.load_template("default").items)
    assert items["strategy"].due_date == date(2026, 2, 2)  # 3 weeks after Mon 12 Jan
    assert items["case_list"].due_date == date(2026, 1, 19)  # an early item: 1 week
    assert items["case_list"].original_due_date == date(2026, 1, 19)
    assert items["safeguarding_data"].qs_codes == ["QS7"]
    assert items["waiting_times"].kind == ItemKind.DATA
    assert items["self_assessment"].kind == ItemKind.SELF_ASSESSMENT
    assert all(i.status == ItemStatus.OUTSTANDING for i in items.values())


def test_issuing_at_the_notified_stage_opens_the_information_return_and_is_recorded(ir, assessment):
    assert assessment.stage == "ir_open"
    kinds = list(assessment.events.values_list("kind", flat=True))
    assert "ir_issued" in kinds and "open_ir" in kinds
    assert assessment_facts(assessment=assessment, today=SENT).ir_items_issued == ir.items.count()


def test_the_councils_editors_are_emailed_once_the_request_is_sent(
    assessment, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_ir_request(assessment=assessment, by=people.lead, sent=SENT)
    assert [m.to for m in mail.outbox] == [["eddie@trafford.example"]]  # editors, not viewers
    assert "Information return request: Trafford" in mail.outbox[0].subject
    assert "Monday 19 January 2026" in mail.outbox[0].body


def test_issuing_only_the_chosen_items(assessment, people):
    ir = make_ir_request(assessment=assessment, by=people.lead, keys=("strategy", "case_list"))
    assert sorted(ir.items.values_list("key", flat=True)) == ["case_list", "strategy"]


def test_issuing_with_no_items_is_refused_and_nothing_changes(assessment, people):
    with pytest.raises(services.ServiceRefusal) as refused:
        make_ir_request(assessment=assessment, by=people.lead, keys=())
    assert refused.value.reasons == (NO_IR_ITEMS,)
    assessment.refresh_from_db()
    assert assessment.stage == "notified"
    assert not IRRequest.objects.exists()


def test_issuing_before_the_council_is_notified_is_refused(trafford, people):
    planned = make_assessment(council=trafford)
    with pytest.raises(services.ServiceRefusal) as refused:
        make_ir_request(assessment=planned, by=people.lead)
    assert refused.value.reasons == (services.NOT_YET_NOTIFIED,)
    assert not IRRequest.objects.exists()


def test_a_request_is_issued_once(ir, assessment, people):
    with pytest.raises(services.ServiceRefusal) as refused:
        make_ir_request(assessment=assessment, by=people.lead)
    assert refused.value.reasons == (services.ALREADY_ISSUED,)
    assert IRRequest.objects.count() == 1


def test_the_summary_for_the_api_counts_complete_outstanding_and_overdue(
    ir, assessment, people, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 1, 26))
    contacts = item(ir, "contacts_and_structure")
    make_ir_upload(item=contacts, by=people.editor)
    contacts.refresh_from_db()
    services.ir_item_complete(
        item=contacts,
        status="submitted",
        note="",
        by=people.editor,
        expected_version=contacts.version,
    )
    summary = summary_sections(assessment)["information_return"]
    total = ir.items.count()
    assert summary["issued"] is True
    assert summary["total"] == total
    assert summary["complete"] == 1
    assert summary["outstanding"] == total - 1
    assert summary["overdue"] == 1  # the case list, due 19 January
    assert summary["next_due"] == "2026-01-19"
    assert summary["percent"] == 100 // total


def test_an_assessment_without_a_request_summarises_as_not_issued(assessment):
    summary = summary_sections(assessment)["information_return"]
    assert summary["issued"] is False and summary["total"] == 0


# --- the team edits items after issuing -----------------------------------------------------


def test_the_team_moves_a_due_date_with_a_reason_and_the_original_date_is_kept(ir, people):
    strategy = item(ir, "strategy")
    services.ir_item_due_date_set(
        item=strategy,
        due_date=date(2026, 2, 9),
        reason="Half-term week",
        by=people.lead,
        expected_version=strategy.version,
    )
    strategy.refresh_from_db()
    assert strategy.due_date == date(2026, 2, 9)
    assert strategy.original_due_date == date(2026, 2, 2)
    event = AssessmentEvent.objects.get(kind="ir_due_date")
    assert event.summary == (
        "Adult social care strategy: due date moved from 02 Feb 2026 to 09 Feb 2026"
    )
    assert event.reason == "Half-term week"


def test_moving_a_due_date_needs_a_reason(ir, people):
    strategy = item(ir, "strategy")
    with pytest.raises(services.ServiceRefusal) as refused:
        services.ir_item_due_date_set(
            item=strategy,
            due_date=date(2026, 2, 9),
            reason=" ",
            by=people.lead,
            expected_version=strategy.version,
        )
    assert refused.value.reasons == (services.DUE_CHANGE_NEEDS_REASON,)
    strategy.refresh_from_db()
    assert strategy.due_date == date(2026, 2, 2)


def test_the_team_adds_an_item_later_with_a_key_of_its_own(ir, people):
    first = services.ir_item_add(
        request=ir,
        title="Adult social care strategy",
        description="The 2026 refresh",
        kind="document",
        qs_codes=["qs8"],
        due_date=date(2026, 2, 16),
        by=people.lead,
    )
    assert first.key == "adult_social_care_strategy"
    assert first.qs_codes == ["QS8"]
    assert first.position == ir.items.count() - 1
    second = services.ir_item_add(
        request=ir,
        title="Adult social care strategy",
        description="",
        kind="document",
        qs_codes=["QS8"],
        due_date=date(2026, 2, 16),
        by=people.lead,
    )
    assert second.key == "adult_social_care_strategy_2"


def test_an_unanswered_item_can_be_removed_but_an_answered_one_cannot(ir, people):
    prevention = item(ir, "prevention")
    services.ir_item_remove(item=prevention, by=people.lead, expected_version=prevention.version)
    assert not ir.items.filter(key="prevention").exists()
    strategy = item(ir, "strategy")
    make_ir_upload(item=strategy, by=people.editor)
    strategy.refresh_from_db()
    with pytest.raises(services.ServiceRefusal) as refused:
        services.ir_item_remove(item=strategy, by=people.lead, expected_version=strategy.version)
    assert refused.value.reasons == (services.ITEM_ANSWERED,)
    assert ir.items.filter(key="strategy").exists()


# --- the council answers --------------------------------------------------------------------


def test_the_second_of_two_saves_from_the_same_version_is_refused_and_nothing_is_overwritten(
    ir, people
):
    first_view = item(ir, "strategy")
    second_view = item(ir, "strategy")  # two people opened the same item
    services.ir_item_answer(
        item=first_view,
        link="https://example.gov.uk/strategy",
        by=people.editor,
        expected_version=first_view.version,
    )
    with pytest.raises(services.ServiceRefusal) as refused:
        services.ir_item_answer(
            item=second_view,
            link="https://example.gov.uk/other",
            by=people.editor,
            expected_version=second_view.version,
        )
    assert refused.value.reasons == (services.ITEM_STALE,)
    saved = item(ir, "strategy")
    assert saved.link == "https://example.gov.uk/strategy"
    assert saved.version == first_view.version + 1


@pytest.mark.parametrize(
    "save",
    [
        lambda it, by, v: services.ir_item_complete(
            item=it, status="not_held", note="n/a", by=by, expected_version=v
        ),
        lambda it, by, v: services.ir_item_reopen(item=it, by=by, expected_version=v),
        lambda it, by, v: services.ir_extension_request(
            item=it, requested_due=date(2026, 3, 2), reason="r", by=by, expected_version=v
        ),
        lambda it, by, v: services.ir_item_due_date_set(
            item=it, due_date=date(2026, 3, 2), reason="r", by=by, expected_version=v
        ),
        lambda it, by, v: services.ir_item_remove(item=it, by=by, expected_version=v),
        lambda it, by, v: services.ir_upload_store(
            item=it, upload=SimpleUploadedFile("a.csv", b"a,b\n1,2\n"), by=by, expected_version=v
        ),
    ],
    ids=["complete", "reopen", "extension", "due date", "remove", "upload"],
)
def test_every_item_change_refuses_a_stale_version(ir, people, save):
    strategy = item(ir, "strategy")
    stale = strategy.version
    services.ir_item_answer(
        item=strategy, link="https://example.gov.uk/a", by=people.editor, expected_version=stale
    )
    with pytest.raises(services.ServiceRefusal) as refused:
        save(strategy, people.editor, stale)
    assert refused.value.reasons == (services.ITEM_STALE,)
    assert item(ir, "strategy").version == stale + 1


def test_a_timeline_summary_longer_than_the_field_is_cut_once_and_the_answer_kept(ir, people):
    sent = make_ir_upload(item=item(ir, "case_list"), by=people.editor, name="cases.csv")
    strategy = item(ir, "strategy")
    strategy.title = "T" * 200
    strategy.save(update_fields=["title"])
    section = "S" * 200
    answered = services.ir_item_answer(
        item=strategy,
        by=people.editor,
        expected_version=strategy.version,
        pointer_upload=sent,
        pointer_section=section,
    )
    assert answered.pointer_section == section
    event = AssessmentEvent.objects.filter(kind="ir_answer").get()
    whole = f"{'T' * 200}: a pointer to cases.csv, {section} given"
    assert event.summary == whole[:300]


def test_an_item_is_marked_complete_only_once_something_was_sent(ir, people):
    strategy = item(ir, "strategy")
    with pytest.raises(services.ServiceRefusal) as refused:
        services.ir_item_complete(
            item=strategy,
            status="submitted",
            note="",
            by=people.editor,
            expected_version=strategy.version,
        )
    assert refused.value.reasons == (services.NOTHING_SENT,)
    services.ir_item_answer(
        item=strategy,
        link="https://example.gov.uk/strategy",
        by=people.editor,
        expected_version=strategy.version,
    )
    strategy.refresh_from_db()
    services.ir_item_complete(
        item=strategy,
        status="submitted",
        note="",
        by=people.editor,
        expected_version=strategy.version,
    )
    strategy.refresh_from_db()
    assert strategy.status == "submitted" and strategy.completed_by == people.editor


def test_not_held_needs_a_note_saying_why(ir, people):
    data = item(ir, "mental_capacity")
    with pytest.raises(services.ServiceRefusal) as refused:
        services.ir_item_complete(
            item=data, status="not_held", note="", by=people.editor, expected_version=data.version
        )
    assert refused.value.reasons == (services.NOT_HELD_NEEDS_NOTE,)
    services.ir_item_complete(
        item=data,
        status="not_held",
        note="Held by the NHS trust",
        by=people.editor,
        expected_version=data.version,
    )
    data.refresh_from_db()
    assert data.status == "not_held" and data.council_note == "Held by the NHS trust"


def test_a_complete_item_cannot_change_until_it_is_marked_not_complete(ir, people):
    strategy = item(ir, "strategy")
    services.ir_item_answer(
        item=strategy,
        link="https://example.gov.uk/a",
        by=people.editor,
        expected_version=strategy.version,
    )
    strategy.refresh_from_db()
    services.ir_item_complete(
        item=strategy,
        status="submitted",
        note="",
        by=people.editor,
        expected_version=strategy.version,
    )
    strategy.refresh_from_db()
    with pytest.raises(services.ServiceRefusal) as refused:
        services.ir_item_answer(
            item=strategy, link="", by=people.editor, expected_version=strategy.version
        )
    assert refused.value.reasons == (services.ITEM_COMPLETE_READ_ONLY,)
    services.ir_item_reopen(item=strategy, by=people.editor, expected_version=strategy.version)
    strategy.refresh_from_db()
    services.ir_item_answer(
        item=strategy, link="", by=people.editor, expected_version=strategy.version
    )
    strategy.refresh_from_db()
    assert strategy.status == "outstanding" and strategy.link == ""


def test_a_pointer_names_a_document_of_another_item_and_a_section(ir, people):
    self_assessment = item(ir, "self_assessment")
    upload = make_ir_upload(item=self_assessment, by=people.editor)
    carers = item(ir, "carers_strategy")
    with pytest.raises(services.ServiceRefusal) as refused:
        services.ir_item_answer(
            item=carers,
            pointer_upload=upload,
            pointer_section="",
            by=people.editor,
            expected_version=carers.version,
        )
    assert refused.value.reasons == (services.POINTER_NEEDS_SECTION,)
    services.ir_item_answer(
        item=carers,
        pointer_upload=upload,
        pointer_section="Section 5",
        by=people.editor,
        expected_version=carers.version,
    )
    carers.refresh_from_db()
    assert carers.pointer_upload == upload and carers.pointer_section == "Section 5"
    self_assessment.refresh_from_db()
    with pytest.raises(services.ServiceRefusal) as refused:  # not to the item's own file
        services.ir_item_answer(
            item=self_assessment,
            pointer_upload=upload,
            pointer_section="1",
            by=people.editor,
            expected_version=self_assessment.version,
        )
    assert refused.value.reasons == (services.POINTER_NEEDS_DOCUMENT,)


def test_a_pointer_cannot_name_a_document_of_another_councils_request(ir, people, bury):
    other = make_assessment(council=bury, stage="notified")
    other_ir = make_ir_request(assessment=other, by=people.lead)
    foreign = make_ir_upload(item=other_ir.items.get(key="strategy"))
    carers = item(ir, "carers_strategy")
    with pytest.raises(services.ServiceRefusal):
        services.ir_item_answer(
            item=carers,
            pointer_upload=foreign,
            pointer_section="2",
            by=people.editor,
            expected_version=carers.version,
        )
    carers.refresh_from_db()
    assert carers.pointer_upload is None


def test_changes_are_refused_once_the_assessment_is_finished(ir, assessment, people):
    assessment.stage = "withdrawn"
    assessment.save()
    strategy = item(ir, "strategy")
    with pytest.raises(services.ServiceRefusal) as refused:
        services.ir_item_answer(
            item=strategy,
            link="https://example.gov.uk/a",
            by=people.editor,
            expected_version=strategy.version,
        )
    assert refused.value.reasons == (services.ASSESSMENT_FINISHED,)


# --- extensions -----------------------------------------------------------------------------


def ask(ir, people, key="workforce_data", due=date(2026, 2, 16), reason="HR board on the 12th"):
    it = item(ir, key)
    return services.ir_extension_request(
        item=it, requested_due=due, reason=reason, by=people.editor, expected_version=it.version
    )


def test_an_extension_needs_a_reason_and_a_later_date(ir, people):
    with pytest.raises(services.ServiceRefusal) as refused:
        ask(ir, people, due=date(2026, 1, 30), reason="")
    assert refused.value.reasons == (domain.EXTENSION_NEEDS_REASON, domain.EXTENSION_DATE_NOT_LATER)
    assert not ExtensionRequest.objects.exists()


def test_one_extension_request_waits_at_a_time(ir, people):
    ask(ir, people)
    with pytest.raises(services.ServiceRefusal) as refused:
        ask(ir, people, due=date(2026, 2, 23))
    assert refused.value.reasons == (services.EXTENSION_ALREADY_PENDING,)


def test_granting_moves_the_due_date_to_the_date_asked_for_and_tells_the_council(
    ir, people, django_capture_on_commit_callbacks
):
    extension = ask(ir, people)
    with django_capture_on_commit_callbacks(execute=True):
        services.ir_extension_decide(extension=extension, grant=True, reason="", by=people.lead)
    workforce = item(ir, "workforce_data")
    assert workforce.due_date == date(2026, 2, 16)
    assert workforce.original_due_date == date(2026, 2, 2)
    extension.refresh_from_db()
    assert extension.status == "granted" and extension.new_due == date(2026, 2, 16)
    assert extension.decided_by == people.lead
    assert mail.outbox[-1].subject == "Extension granted: Workforce data"
    assert mail.outbox[-1].to == ["eddie@trafford.example"]


def test_refusing_needs_a_reason_and_keeps_the_due_date(ir, people):
    extension = ask(ir, people)
    with pytest.raises(services.ServiceRefusal) as refused:
        services.ir_extension_decide(extension=extension, grant=False, reason="", by=people.lead)
    assert refused.value.reasons == (domain.REFUSAL_NEEDS_REASON,)
    services.ir_extension_decide(
        extension=extension, grant=False, reason="Draft figures are fine", by=people.lead
    )
    extension.refresh_from_db()
    assert extension.status == "refused" and extension.decision_reason == "Draft figures are fine"
    assert item(ir, "workforce_data").due_date == date(2026, 2, 2)


def test_an_extension_is_decided_once(ir, people):
    extension = ask(ir, people)
    same = ExtensionRequest.objects.get(pk=extension.pk)  # two people open the same request
    services.ir_extension_decide(extension=extension, grant=True, reason="", by=people.lead)
    with pytest.raises(services.ServiceRefusal) as refused:
        services.ir_extension_decide(extension=same, grant=False, reason="No", by=people.lead)
    assert refused.value.reasons == (services.EXTENSION_ALREADY_DECIDED,)
    same.refresh_from_db()
    assert same.status == "granted"


def test_a_granted_date_must_be_later_than_the_current_one(ir, people):
    extension = ask(ir, people)
    with pytest.raises(services.ServiceRefusal) as refused:
        services.ir_extension_decide(
            extension=extension, grant=True, new_due=date(2026, 2, 2), reason="", by=people.lead
        )
    assert refused.value.reasons == (domain.GRANTED_DATE_NOT_LATER,)


def test_the_item_detail_finds_the_waiting_extension_among_the_extensions_it_lists(
    ir, people, django_assert_num_queries
):
    refused = ask(ir, people)
    services.ir_extension_decide(extension=refused, grant=False, reason="No", by=people.lead)
    waiting = ask(ir, people, due=date(2026, 2, 23))
    workforce = item(ir, "workforce_data")
    with django_assert_num_queries(3):  # uploads, extensions, files to point to
        detail = ir_item_detail(item=workforce)
    assert [e.pk for e in detail["extensions"]] == [refused.pk, waiting.pk]
    assert detail["pending_extension"] == waiting
    services.ir_extension_decide(extension=waiting, grant=True, reason="", by=people.lead)
    assert ir_item_detail(item=item(ir, "workforce_data"))["pending_extension"] is None
