"""Nobody sees another council's workspace; viewers read but never change; the assessing body
sees a self-assessment only once the council submits it."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.councilspace import selectors, services
from ascassure.apps.councilspace.models import (
    EvidenceItem,
    ImprovementAction,
    QsComment,
    QsRevision,
    SelfAssessment,
    SelfAssessmentVersion,
)
from builders import (
    PASSWORD,
    make_assessment,
    make_improvement_action,
    make_self_assessment,
    make_user,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def workspace(trafford):
    """Trafford's workspace with a self-assessment, a version, evidence with a file, an action."""
    editor = make_user(council=trafford, council_role="editor")
    self_assessment = make_self_assessment(
        council=trafford, year=2026, scores={"QS1": 3, "QS2": 2}, by=editor
    )
    services.self_assessment_version_create(self_assessment=self_assessment, note="", by=editor)
    item = services.evidence_item_create(
        council=trafford,
        data=services.EvidenceData(
            title="Carers' survey",
            kind="document",
            category="people",
            owner="Performance team",
            evidence_date=date(2026, 1, 5),
            qs_codes=("QS1",),
        ),
        by=editor,
        upload=SimpleUploadedFile("survey.pdf", PDF, content_type="application/pdf"),
    )
    action = make_improvement_action(council=trafford)
    return {"sa": self_assessment, "item": item, "action": action, "editor": editor}


def pages(w) -> list[str]:
    """Every page and download of a workspace."""
    base = f"/workspace/{w['sa'].council.slug}"
    year = f"{base}/2026"
    return [
        f"{base}/",
        f"{base}/years/",
        f"{base}/evidence/",
        f"{base}/evidence/new/",
        f"{base}/evidence/{w['item'].pk}/",
        f"{base}/evidence/{w['item'].pk}/edit/",
        f"{base}/evidence/{w['item'].pk}/download/",
        f"{base}/plan/",
        f"{base}/plan/new/",
        f"{base}/plan/{w['action'].pk}/",
        f"{base}/plan/improvement-plan.xlsx",
        f"{year}/",
        f"{year}/readiness/",
        f"{year}/versions/",
        f"{year}/versions/?a=1&b=0",
        f"{year}/qs/QS1/",
        f"{year}/qs/QS1/edit/",
        f"{year}/qs/QS1/history/",
        f"{year}/self-assessment.docx",
        f"{year}/self-assessment.pdf",
        f"{year}/self-assessment.docx?version=1",
        f"{year}/self-assessment.xlsx",
        f"{year}/import/",
        f"{year}/briefing/",
        f"{year}/lead-member-briefing.docx",
        f"{year}/lead-member-briefing.pdf",
    ]


def edit_pages(w) -> set[str]:
    """The pages that are forms for changing something (editors only)."""
    base = f"/workspace/{w['sa'].council.slug}"
    return {
        f"{base}/evidence/new/",
        f"{base}/evidence/{w['item'].pk}/edit/",
        f"{base}/plan/new/",
        f"{base}/plan/{w['action'].pk}/",
        f"{base}/2026/qs/QS1/edit/",
        f"{base}/2026/import/",
    }


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_a_member_of_another_council_gets_not_found_on_every_page_and_download(
    client, workspace, bury
):
    sign_in(client, make_user(council=bury, council_role="editor"))
    for url in pages(workspace):
        assert client.get(url).status_code == 404, url


def test_the_assessing_body_gets_not_found_on_every_page_even_the_national_lead(client, workspace):
    for role in (BodyRole.NATIONAL_LEAD, BodyRole.ASSESSOR, BodyRole.ADMINISTRATOR):
        sign_in(client, make_user(body_role=role))
        for url in pages(workspace):
            assert client.get(url).status_code == 404, (role, url)


def test_signed_out_visitors_are_sent_to_sign_in(client, workspace):
    for url in pages(workspace):
        response = client.get(url)
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"], url


def test_an_editor_opens_every_page_and_download(client, workspace):
    sign_in(client, workspace["editor"])
    for url in pages(workspace):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url


def test_a_viewer_reads_every_page_and_download_but_no_editing_page(client, workspace, trafford):
    sign_in(client, make_user(council=trafford, council_role="viewer"))
    editing = edit_pages(workspace)
    assert editing <= set(pages(workspace))
    for url in pages(workspace):
        expected = 403 if url in editing else 200
        assert client.get(url, follow=True).status_code == expected, url


def test_a_viewer_posting_any_change_is_refused_and_nothing_changes(client, workspace, trafford):
    sign_in(client, make_user(council=trafford, council_role="viewer"))
    base = f"/workspace/{trafford.slug}"
    year = f"{base}/2026"
    before = {
        model: model.objects.count()
        for model in (
            SelfAssessment,
            QsRevision,
            QsComment,
            SelfAssessmentVersion,
            EvidenceItem,
            ImprovementAction,
        )
    }
    posts = {
        f"{year}/qs/QS1/edit/": {"what_we_do": "Changed", "status": "draft", "base": 1},
        f"{year}/qs/QS1/comments/": {"body": "A viewer's comment"},
        f"{year}/versions/": {"note": "viewer"},
        f"{year}/import/": {"stamp": 0},
        f"{base}/years/": {"year": 2027, "start_from": "2026"},
        f"{base}/evidence/new/": {"title": "x"},
        f"{base}/evidence/{workspace['item'].pk}/edit/": {"title": "x", "version": 1},
        f"{base}/plan/new/": {"title": "x"},
        f"{base}/plan/{workspace['action'].pk}/": {"title": "x", "version": 1},
        f"{base}/evidence/": {},
        f"{year}/": {},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    after = {model: model.objects.count() for model in before}
    assert after == before
    assert QsRevision.objects.filter(what_we_do="Changed").count() == 0


def test_another_councils_editor_posting_changes_gets_not_found(client, workspace, bury):
    sign_in(client, make_user(council=bury, council_role="editor"))
    year = f"/workspace/{workspace['sa'].council.slug}/2026"
    response = client.post(
        f"{year}/qs/QS1/edit/", {"what_we_do": "Bury's text", "status": "draft", "base": 1}
    )
    assert response.status_code == 404
    assert not QsRevision.objects.filter(what_we_do="Bury's text").exists()


def test_one_council_lands_on_its_workspace_several_choose_none_are_told(client, trafford, bury):
    one = make_user(council=trafford)
    sign_in(client, one)
    assert client.get("/workspace/")["Location"] == f"/workspace/{trafford.slug}/"
    both = make_user(council=trafford)
    from ascassure.apps.accounts.services import council_membership_add

    council_membership_add(user=both, council=bury, role="viewer")
    sign_in(client, both)
    html = client.get("/workspace/").content.decode()
    assert f'href="/workspace/{bury.slug}/"' in html
    assert f'href="/workspace/{trafford.slug}/"' in html
    sign_in(client, make_user())
    assert "not a member of a council" in client.get("/workspace/").content.decode()


def test_the_assessing_body_sees_only_a_version_submitted_for_its_assessment(trafford, bury):
    editor = make_user(council=trafford)
    self_assessment = make_self_assessment(council=trafford, scores={"QS1": 3}, by=editor)
    assessment = make_assessment(council=trafford, stage="ir_open")
    other = make_assessment(council=trafford, stage="ir_open")
    assert selectors.self_assessment_for_assessing_body(assessment=assessment) is None
    first = services.self_assessment_version_create(
        self_assessment=self_assessment, note="draft", by=editor
    )
    assert selectors.self_assessment_for_assessing_body(assessment=assessment) is None
    services.self_assessment_version_submit(version=first, assessment=other)
    assert selectors.self_assessment_for_assessing_body(assessment=assessment) is None
    services.qs_entry_save(
        self_assessment=self_assessment,
        qs_code="QS2",
        entry=QsRevision.objects.get(qs_code="QS1").entry,
        by=editor,
        base_number=0,
    )
    second = services.self_assessment_version_create(
        self_assessment=self_assessment, note="for the IR", by=editor
    )
    services.self_assessment_version_submit(version=second, assessment=assessment)
    seen = selectors.self_assessment_for_assessing_body(assessment=assessment)
    assert seen == second
    assert set(selectors.version_revisions(version=seen)) == {"QS1", "QS2"}


def test_a_version_cannot_be_submitted_for_another_councils_assessment(trafford, bury):
    self_assessment = make_self_assessment(council=trafford, scores={"QS1": 3})
    version = services.self_assessment_version_create(
        self_assessment=self_assessment, note="", by=None
    )
    with pytest.raises(services.ServiceRefusal, match="own council"):
        services.self_assessment_version_submit(
            version=version, assessment=make_assessment(council=bury, stage="ir_open")
        )
    version.refresh_from_db()
    assert version.submitted_at is None


def test_evidence_files_are_stored_outside_the_web_root_and_only_downloaded_through_the_view(
    client, workspace, media_root
):
    item = workspace["item"]
    stored = media_root / "councilspace" / item.council.ons_code / item.file_sha256
    assert stored.read_bytes() == PDF
    sign_in(client, workspace["editor"])
    response = client.get(f"/workspace/{item.council.slug}/evidence/{item.pk}/download/")
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="survey.pdf"' in response["Content-Disposition"]
    public = f"/media/councilspace/{item.council.ons_code}/{item.file_sha256}"
    assert client.get(public).status_code == 404


def test_a_viewer_never_gets_a_page_rendered_for_an_editor(client, workspace, trafford):
    url = f"/workspace/{trafford.slug}/2026/qs/QS1/"
    sign_in(client, workspace["editor"])
    assert "Edit this entry" in client.get(url).content.decode()
    sign_in(client, make_user(council=trafford, council_role="viewer"))
    html = client.get(url).content.decode()
    assert "Edit this entry" not in html and "Add comment" not in html
    assert "Read only" in html
