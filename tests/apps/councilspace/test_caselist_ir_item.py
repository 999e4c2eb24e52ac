"""Submitting the case list from the builder answers the information return's case list item
too: the same CSV becomes the item's file (checksummed, moved into place on commit) and the item
is marked complete. Both writes commit together or not at all; an item already complete is left
as it was; without a request (or without the item) the list is submitted as before."""

import hashlib
from types import SimpleNamespace
from unittest import mock

import pytest
from django.db import DatabaseError, connection

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import AssessmentEvent, TeamRole
from ascassure.apps.casetracking import services as casetracking
from ascassure.apps.casetracking.models import Case, CaseList
from ascassure.apps.councilspace import caselist_services as services
from ascassure.apps.councilspace.models import CaseListDraft
from ascassure.apps.councilspace.views.caselist import IR_ITEM_ALREADY_COMPLETE, IR_ITEM_ANSWERED
from ascassure.apps.inforeturn import services as ir_services
from ascassure.apps.inforeturn import workspace_services
from ascassure.apps.inforeturn.models import IRItem, IRUpload
from ascassure.apps.inforeturn.selectors import ir_item_detail
from ascassure.apps.inforeturn.services import _common as ir_common
from ascassure.apps.inforeturn.storage import INCOMING_PREFIX
from builders import PASSWORD, make_assessment, make_case_list_draft, make_ir_request, make_user

pytestmark = pytest.mark.django_db

SUBMITTED = "Case list submitted to the assessment: 50 cases."


@pytest.fixture
def people(trafford):
    return SimpleNamespace(
        editor=make_user(council=trafford, full_name="Eddie Editor"),
        lead=make_user(body_role=BodyRole.ASSESSOR, full_name="Lena Lead"),
    )


@pytest.fixture
def assessment(trafford, people):
    return make_assessment(
        council=trafford, stage="notified", team=((people.lead, TeamRole.LEAD_INSPECTOR),)
    )


@pytest.fixture
def ir(assessment, people):
    request = make_ir_request(assessment=assessment, by=people.lead)
    assessment.refresh_from_db()
    return request


def case_list_item(ir) -> IRItem:
    return ir.items.get(key="case_list")


def submit(council, assessment, by, *, list_version=0):
    draft = CaseListDraft.objects.get(council=council)
    return services.case_list_draft_submit_and_answer(
        council=council,
        assessment=assessment,
        by=by,
        expected_version=draft.version,
        expected_list_version=list_version,
        today=assessment.notification_date,
    )


def submit_page(client, council, draft) -> str:
    """Submit the draft from the builder page; the page it lands on, apostrophes plain."""
    response = client.post(
        f"/workspace/{council.slug}/case-list-builder/submit/",
        {"version": draft.version, "list_version": 0},
        follow=True,
    )
    return response.content.decode().replace("&#x27;", "'")


def files_under(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def sign_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


# --- answered -----------------------------------------------------------------------------------


def test_the_list_answers_the_case_list_item_with_the_same_file_and_completes_it(
    trafford, people, assessment, ir, media_root, django_capture_on_commit_callbacks
):
    make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=50)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = submit(trafford, assessment, people.editor)
    case_list = outcome.case_list
    assert case_list.cases.count() == 50
    answer = outcome.information_return
    assert answer.answered and not answer.already_complete

    item = case_list_item(ir)
    assert item.status == "submitted" and item.is_complete
    assert item.completed_by == people.editor and item.completed_at is not None
    assert item.council_note == (
        "Case list of 50 cases submitted from the case list builder on 12 January 2026."
    )
    (upload,) = item.uploads.all()
    assert upload == answer.upload
    assert upload.original_name == "trafford-case-list-2026-01-12.csv"
    assert (upload.file_kind, upload.source, upload.uploaded_by) == ("csv", "upload", people.editor)
    sent = casetracking.stored_path(case_list).read_bytes()
    assert upload.path.read_bytes() == sent
    assert upload.sha256 == hashlib.sha256(sent).hexdigest() == case_list.sha256
    assert upload.size == len(sent)
    assert not list(upload.path.parent.glob(f"{INCOMING_PREFIX}*"))
    event = AssessmentEvent.objects.get(assessment=assessment, kind="ir_case_list")
    assert event.actor == people.editor
    assert "case list of 50 cases" in event.summary and "marked complete" in event.summary
    assert AssessmentEvent.objects.filter(kind="case_list").count() == 1


def test_the_page_says_so_and_the_team_sees_the_file_under_the_item(
    client, trafford, people, assessment, ir, django_capture_on_commit_callbacks
):
    draft = make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=50)
    sign_in(client, people.editor)
    html = client.get(f"/workspace/{trafford.slug}/case-list-builder/").content.decode()
    assert "the same list is sent as its answer" in html
    with django_capture_on_commit_callbacks(execute=True):
        html = submit_page(client, trafford, draft)
    assert SUBMITTED in html and IR_ITEM_ANSWERED in html

    item = case_list_item(ir)
    (upload,) = ir_item_detail(item=item)["uploads"]
    sign_in(client, people.lead)
    html = client.get(
        f"/assessments/{assessment.pk}/information-return/items/{item.pk}/"
    ).content.decode()
    assert upload.original_name.startswith("trafford-case-list-")
    assert upload.original_name in html and upload.sha256 in html
    assert f"/files/{upload.pk}/" in html
    assert "Case list of 50 cases submitted from the case list builder" in html
    download = client.get(f"/assessments/{assessment.pk}/information-return/files/{upload.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == upload.path.read_bytes()


# --- left as it was -------------------------------------------------------------------------------


def test_an_item_already_complete_is_left_as_it_was_and_the_page_says_so(
    client, trafford, people, assessment, ir, media_root, django_capture_on_commit_callbacks
):
    item = case_list_item(ir)
    with django_capture_on_commit_callbacks(execute=True):
        ir_services.ir_item_complete(
            item=item,
            status="not_held",
            note="Our case system cannot list these.",
            by=people.editor,
            expected_version=item.version,
        )
    item.refresh_from_db()
    before = (item.status, item.council_note, item.version, item.completed_at)
    draft = make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=50)
    sign_in(client, people.editor)
    with django_capture_on_commit_callbacks(execute=True):
        html = submit_page(client, trafford, draft)
    assert SUBMITTED in html and IR_ITEM_ALREADY_COMPLETE in html
    assert IR_ITEM_ANSWERED not in html
    item.refresh_from_db()
    assert (item.status, item.council_note, item.version, item.completed_at) == before
    assert not IRUpload.objects.exists()
    assert not AssessmentEvent.objects.filter(kind="ir_case_list").exists()
    assert CaseList.objects.get(assessment=assessment).cases.count() == 50
    assert not (media_root / "inforeturn").exists() or not files_under(media_root / "inforeturn")


def test_a_new_list_replaces_the_old_one_and_the_item_it_completed_stays_as_it_was(
    trafford, people, assessment, ir, django_capture_on_commit_callbacks
):
    draft = make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=50)
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(trafford, assessment, people.editor)
    item = case_list_item(ir)
    version, (upload,) = item.version, item.uploads.all()
    services.case_list_draft_choose(
        council=trafford, by=people.editor, expected_version=draft.version, remove=["C50"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        second = submit(trafford, assessment, people.editor, list_version=first.case_list.version)
    assert second.information_return.already_complete
    assert not second.information_return.answered
    case_list = CaseList.objects.get(assessment=assessment)
    assert case_list.cases.count() == 49 and case_list.sha256 == second.case_list.sha256
    assert casetracking.stored_path(case_list).exists()
    assert not casetracking.stored_path(first.case_list).exists()  # the old file went
    item.refresh_from_db()
    assert item.version == version and list(item.uploads.all()) == [upload]
    assert upload.path.exists()


# --- no request, no item --------------------------------------------------------------------------


def test_without_a_request_the_list_is_submitted_as_before(
    client, trafford, people, assessment, media_root
):
    draft = make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=50)
    sign_in(client, people.editor)
    html = submit_page(client, trafford, draft)
    assert SUBMITTED in html
    assert IR_ITEM_ANSWERED not in html and IR_ITEM_ALREADY_COMPLETE not in html
    assert CaseList.objects.get(assessment=assessment).cases.count() == 50
    assert not IRUpload.objects.exists()
    assert not (media_root / "inforeturn").exists()


def test_a_request_without_a_case_list_item_is_left_alone(trafford, people, assessment):
    request = make_ir_request(
        assessment=assessment, by=people.lead, keys=("contacts_and_structure",)
    )
    make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=50)
    outcome = submit(trafford, assessment, people.editor)
    assert outcome.information_return.item is None
    assert not outcome.information_return.answered
    assert not outcome.information_return.already_complete
    assert outcome.case_list.cases.count() == 50
    assert not IRUpload.objects.exists()
    assert not request.items.filter(status="submitted").exists()


def test_the_compatible_submit_returns_the_case_list(trafford, people, assessment, ir):
    draft = make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=50)
    case_list = services.case_list_draft_submit(
        council=trafford,
        assessment=assessment,
        by=people.editor,
        expected_version=draft.version,
        expected_list_version=0,
        today=assessment.notification_date,
    )
    assert isinstance(case_list, CaseList) and case_list.cases.count() == 50
    assert case_list_item(ir).is_complete


def test_the_ir_part_refuses_to_run_outside_a_transaction(assessment, people):
    with (
        mock.patch.object(connection, "in_atomic_block", False),
        pytest.raises(RuntimeError, match="inside the case list's transaction"),
    ):
        workspace_services.ir_case_list_attach(
            assessment=assessment,
            data=b"",
            filename="x.csv",
            cases=0,
            by=people.editor,
            today=assessment.notification_date,
        )


# --- all or nothing -------------------------------------------------------------------------------


class Boom(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_failure_in_the_ir_part_rolls_everything_back_and_leaves_no_file(
    trafford, people, assessment, ir, media_root
):
    make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=50)
    with (
        mock.patch.object(ir_common, "_record", side_effect=Boom("timeline down")),
        pytest.raises(Boom),
    ):
        submit(trafford, assessment, people.editor)
    assert not CaseList.objects.exists() and not Case.objects.exists()
    assert not IRUpload.objects.exists()
    item = case_list_item(ir)
    assert item.status == "outstanding" and item.council_note == "" and item.version == 1
    assert CaseListDraft.objects.get().submitted_at is None
    assert not AssessmentEvent.objects.filter(kind__in=("case_list", "ir_case_list")).exists()
    assert files_under(media_root) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("remove", [["C50"], []], ids=["another list", "the same list"])
def test_a_failed_resubmission_keeps_the_list_held_before_and_its_file(
    trafford, people, assessment, ir, media_root, remove
):
    draft = make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=50)
    first = submit(trafford, assessment, people.editor)  # completes the item
    item = case_list_item(ir)
    item = ir_services.ir_item_reopen(item=item, by=people.editor, expected_version=item.version)
    ir_services.ir_upload_remove(  # the council takes the file back
        upload=item.uploads.get(), by=people.editor, expected_version=item.version
    )
    held = files_under(media_root)
    assert held == [first.case_list.stored_name]
    draft = services.case_list_draft_choose(
        council=trafford, by=people.editor, expected_version=draft.version, remove=remove
    )
    with (
        mock.patch.object(ir_common, "_save_item", side_effect=Boom("disk full")),
        pytest.raises(Boom),
    ):
        submit(trafford, assessment, people.editor, list_version=first.case_list.version)
    case_list = CaseList.objects.get()
    assert case_list.sha256 == first.case_list.sha256 and case_list.cases.count() == 50
    assert files_under(media_root) == held
    item.refresh_from_db()
    assert item.status == "outstanding" and not item.uploads.exists()
    assert CaseListDraft.objects.get().submitted_count == 50


@pytest.mark.django_db(transaction=True)
def test_a_failed_commit_leaves_no_row_and_no_file(trafford, people, assessment, ir, media_root):
    """The database refuses the commit itself (after both writes): nothing stays."""
    make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=50)
    real_commit = connection.commit

    def failing_commit():
        connection.commit = real_commit
        raise DatabaseError("could not serialize access")

    connection.commit = failing_commit
    try:
        with pytest.raises(DatabaseError, match="could not serialize"):
            submit(trafford, assessment, people.editor)
    finally:
        connection.commit = real_commit
    assert not CaseList.objects.exists() and not IRUpload.objects.exists()
    assert case_list_item(ir).status == "outstanding"
    assert files_under(media_root) == []
