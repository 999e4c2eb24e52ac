"""Submitting the self-assessment in the information return, and the rule that goes with it:
the assessing body sees the self-assessment only once the council submits a saved version, and
then only that version, never a draft."""

import io
import zipfile
from dataclasses import replace

import pytest
from pypdf import PdfReader

from ascassure.apps.assessments.models import AssessmentEvent
from ascassure.apps.councilspace import services as workspace
from ascassure.apps.councilspace.models import QsRevision
from ascassure.apps.councilspace.selectors import self_assessment_for_assessing_body
from ascassure.apps.inforeturn import services, workspace_services
from ascassure.apps.inforeturn.models import IRItem, IRUpload, UploadSource
from builders import (
    make_assessment,
    make_ir_request,
    make_self_assessment,
    make_self_assessment_version,
)

pytestmark = pytest.mark.django_db

DRAFT_WORDS = "A draft nobody outside the council may read"


@pytest.fixture
def self_assessment(trafford, people):
    return make_self_assessment(
        council=trafford, year=2026, scores={"QS1": 3, "QS7": 2}, by=people.editor
    )


@pytest.fixture
def version(self_assessment, people):
    return make_self_assessment_version(self_assessment=self_assessment, by=people.editor)


def write_draft(self_assessment, by, words=DRAFT_WORDS):
    """A later save of QS1: the council's current draft, in no version."""
    latest = QsRevision.objects.filter(self_assessment=self_assessment, qs_code="QS1").latest(
        "number"
    )
    entry = replace(latest.entry, what_we_do=words)
    workspace.qs_entry_save(
        self_assessment=self_assessment,
        qs_code="QS1",
        entry=entry,
        by=by,
        base_number=latest.number,
    )


def submit(item, version, by, **kwargs):
    item = IRItem.objects.select_related("request__assessment__council").get(pk=item.pk)
    return workspace_services.ir_self_assessment_submit(
        item=item,
        version=version,
        by=by,
        expected_version=kwargs.pop("expected_version", item.version),
        today=item.request.sent_on,
        **kwargs,
    )


def test_submitting_a_version_sends_its_documents_and_completes_the_item(
    ir, assessment, people, version, media_root, django_capture_on_commit_callbacks
):
    item = ir.items.get(key="self_assessment")
    assert self_assessment_for_assessing_body(assessment=assessment) is None
    with django_capture_on_commit_callbacks(execute=True):
        done = submit(item, version, people.editor)
    assert done.status == "submitted" and done.completed_by == people.editor
    assert "Self-assessment 2026, version 1" in done.council_note
    version.refresh_from_db()
    assert version.submitted_for == assessment and version.submitted_at is not None
    assert self_assessment_for_assessing_body(assessment=assessment) == version
    files = {u.file_kind: u for u in IRUpload.objects.filter(item=item)}
    assert set(files) == {"docx", "pdf"}
    for upload in files.values():
        assert upload.source == UploadSource.SELF_ASSESSMENT
        assert upload.self_assessment_version == version
        assert upload.original_name == f"trafford-self-assessment-2026-v1.{upload.file_kind}"
    with zipfile.ZipFile(io.BytesIO(files["docx"].path.read_bytes())) as docx:
        assert "Version 1" in docx.read("word/document.xml").decode()
    text = "".join(p.extract_text() for p in PdfReader(files["pdf"].path).pages)
    assert "QS1" in text and "Version 1" in text
    assert AssessmentEvent.objects.filter(kind="ir_self_assessment").count() == 1
    assert list(media_root.rglob(".incoming-*")) == []


def test_a_stale_page_changes_nothing_not_even_the_versions_submission(
    ir, assessment, people, version, media_root
):
    item = ir.items.get(key="self_assessment")
    with pytest.raises(services.ServiceRefusal) as refused:
        submit(item, version, people.editor, expected_version=item.version + 1)
    assert refused.value.reasons == (services.ITEM_STALE,)
    version.refresh_from_db()
    assert version.submitted_at is None and version.submitted_for is None
    assert self_assessment_for_assessing_body(assessment=assessment) is None
    assert not IRUpload.objects.exists()
    assert list(media_root.rglob(".incoming-*")) == []


def test_a_failure_after_the_documents_are_made_leaves_nothing(
    ir, assessment, people, version, media_root, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(
        workspace_services.workspace_services, "self_assessment_version_submit", broken
    )
    with pytest.raises(RuntimeError):
        submit(ir.items.get(key="self_assessment"), version, people.editor)
    assert not IRUpload.objects.exists()
    assert IRItem.objects.get(key="self_assessment").status == "outstanding"
    assert list(media_root.rglob(".incoming-*")) == []


def test_only_the_self_assessment_item_only_the_councils_own_and_only_once_per_assessment(
    ir, assessment, people, version, bury, trafford
):
    with pytest.raises(services.ServiceRefusal) as refused:
        submit(ir.items.get(key="strategy"), version, people.editor)
    assert refused.value.reasons == (workspace_services.NOT_A_SELF_ASSESSMENT_ITEM,)

    theirs = make_self_assessment(council=bury, year=2026, scores={"QS1": 2})
    bury_version = make_self_assessment_version(self_assessment=theirs)
    with pytest.raises(services.ServiceRefusal) as refused:
        submit(ir.items.get(key="self_assessment"), bury_version, people.editor)
    assert refused.value.reasons == (workspace.SUBMIT_OTHER_COUNCIL,)

    earlier = make_assessment(council=trafford, stage="notified")
    workspace.self_assessment_version_submit(version=version, assessment=earlier)
    version.refresh_from_db()
    with pytest.raises(services.ServiceRefusal) as refused:
        submit(ir.items.get(key="self_assessment"), version, people.editor)
    assert refused.value.reasons == (
        workspace_services.VERSION_SUBMITTED_ELSEWHERE.format(number=1),
    )
    assert not IRUpload.objects.exists()


def test_a_complete_item_is_reopened_before_a_later_version_is_submitted(
    ir, assessment, people, self_assessment, version
):
    item = ir.items.get(key="self_assessment")
    submit(item, version, people.editor)
    write_draft(self_assessment, people.editor, words="Updated after the lead member briefing")
    second = make_self_assessment_version(self_assessment=self_assessment, note="after briefing")
    with pytest.raises(services.ServiceRefusal) as refused:
        submit(item, second, people.editor)
    assert refused.value.reasons == (services.ITEM_COMPLETE_READ_ONLY,)
    item.refresh_from_db()
    services.ir_item_reopen(item=item, by=people.editor, expected_version=item.version)
    submit(item, second, people.editor)
    assert self_assessment_for_assessing_body(assessment=assessment) == second


# --- pages ------------------------------------------------------------------------------------


def council_url(assessment, item, page="self-assessment/") -> str:
    return f"/assessments/{assessment.pk}/information-return/council/items/{item.pk}/{page}"


def team_url(assessment) -> str:
    return f"/assessments/{assessment.pk}/information-return/self-assessment/"


def test_the_editor_submits_a_saved_version_from_the_item(
    client, ir, assessment, people, version, sign_in
):
    item = ir.items.get(key="self_assessment")
    sign_in(people.editor)
    item_page = client.get(council_url(assessment, item, "")).content.decode()
    assert "Not submitted yet" in item_page
    assert f'href="{council_url(assessment, item)}"' in item_page
    page = client.get(council_url(assessment, item)).content.decode()
    assert "2026 self-assessment, version 1: For the IR" in page
    response = client.post(
        council_url(assessment, item),
        {"submit-version": item.version, "submit-self_assessment_version": version.pk},
        follow=True,
    )
    html = response.content.decode()
    assert "Self-assessment 2026, version 1, submitted." in html
    assert "You submitted your 2026 self-assessment, version 1" in html
    assert html.count('<strong class="govuk-tag govuk-tag--grey">Self-assessment</strong>') == 2


def test_without_a_saved_version_the_page_says_how_to_make_one(
    client, ir, assessment, people, self_assessment, sign_in
):
    sign_in(people.editor)
    html = client.get(council_url(assessment, ir.items.get(key="self_assessment"))).content
    assert b"You have no saved version of your self-assessment to submit" in html


def test_the_workspace_links_to_the_self_assessment_item(client, ir, assessment, people, sign_in):
    sign_in(people.viewer)
    item = ir.items.get(key="self_assessment")
    response = client.get(
        f"/assessments/{assessment.pk}/information-return/council/self-assessment/"
    )
    assert response["Location"] == council_url(assessment, item, "")


def test_the_team_sees_not_yet_submitted_until_the_council_submits_then_only_that_version(
    client, ir, assessment, people, self_assessment, version, sign_in
):
    write_draft(self_assessment, people.editor)
    sign_in(people.inspector)
    html = client.get(team_url(assessment)).content.decode()
    assert "Not yet submitted." in html
    assert "We assess people" not in html and DRAFT_WORDS not in html
    overview = client.get(f"/assessments/{assessment.pk}/information-return/").content.decode()
    assert "not yet submitted by the council" in overview

    submit(ir.items.get(key="self_assessment"), version, people.editor)
    write_draft(self_assessment, people.editor, words=DRAFT_WORDS + " again")
    make_self_assessment_version(self_assessment=self_assessment, note="unsubmitted")
    html = client.get(team_url(assessment)).content.decode()
    assert "2026 self-assessment, version 1</strong>" in html
    assert "We assess people&#x27;s needs with them" in html  # the submitted text of QS1
    assert DRAFT_WORDS not in html
    assert "unsubmitted" not in html
    for upload in IRUpload.objects.filter(source="self_assessment"):
        assert f"/information-return/files/{upload.pk}/" in html
    assert 'id="QS7"' in html and "The council wrote nothing for this quality statement" in html
    overview = client.get(f"/assessments/{assessment.pk}/information-return/").content.decode()
    assert "Read the submitted self-assessment" in overview


def test_a_version_submitted_for_another_assessment_is_not_this_teams(
    client, ir, assessment, people, version, trafford, sign_in
):
    other = make_assessment(council=trafford, stage="notified")
    workspace.self_assessment_version_submit(version=version, assessment=other)
    sign_in(people.lead)
    assert "Not yet submitted." in client.get(team_url(assessment)).content.decode()


def test_the_team_never_reaches_the_councils_drafts(
    client, ir, assessment, people, self_assessment, version, sign_in, trafford
):
    write_draft(self_assessment, people.editor)
    base = f"/workspace/{trafford.slug}"
    drafts = [
        f"{base}/",
        f"{base}/2026/",
        f"{base}/2026/qs/QS1/",
        f"{base}/2026/qs/QS1/history/",
        f"{base}/2026/versions/",
        f"{base}/2026/self-assessment.docx",
        f"{base}/2026/self-assessment.pdf?version=1",
        f"{base}/2026/self-assessment.xlsx",
        f"{base}/2026/briefing/",
        f"{base}/evidence/",
        f"{base}/case-list-builder/",
    ]
    for person in (people.lead, people.inspector, people.outsider):
        sign_in(person)
        for url in drafts:
            assert client.get(url).status_code == 404, (person, url)
        item = ir.items.get(key="self_assessment")
        for url in (council_url(assessment, item, ""), council_url(assessment, item)):
            assert client.get(url).status_code == 404, (person, url)
        html = client.get(team_url(assessment)).content.decode()
        assert DRAFT_WORDS not in html


@pytest.mark.parametrize("page", ["", "self-assessment/", "library/"])
def test_viewers_read_the_item_but_cannot_submit_or_answer_from_the_library(
    client, ir, assessment, people, version, sign_in, page
):
    item = ir.items.get(key="self_assessment")
    sign_in(people.viewer)
    url = council_url(assessment, item, page)
    if page:
        assert client.get(url).status_code == 403
        response = client.post(
            url,
            {"submit-version": item.version, "submit-self_assessment_version": version.pk},
        )
        assert response.status_code == 403
    else:
        html = client.get(url).content.decode()
        assert (
            "Submit a saved version" not in html and "Answer from your evidence library" not in html
        )
    version.refresh_from_db()
    assert version.submitted_at is None


def test_another_council_and_another_assessment_get_not_found(
    client, ir, assessment, people, version, bury, sign_in
):
    item = ir.items.get(key="self_assessment")
    sign_in(people.other_council)
    assert client.get(council_url(assessment, item, "")).status_code == 404
    for page in ("self-assessment/", "library/"):
        assert client.get(council_url(assessment, item, page)).status_code == 404
        assert client.post(council_url(assessment, item, page), {}).status_code == 404
    assert (
        client.get(
            f"/assessments/{assessment.pk}/information-return/council/self-assessment/"
        ).status_code
        == 404
    )
    assert client.get(team_url(assessment)).status_code == 404
    # an item of another assessment, through this council's own assessment, is not found either
    theirs = make_ir_request(assessment=make_assessment(council=bury, stage="notified"))
    sign_in(people.editor)
    other_item = theirs.items.get(key="self_assessment")
    assert client.get(council_url(assessment, other_item)).status_code == 404
