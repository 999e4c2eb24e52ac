"""Answering an item from the council's evidence library: copies of the library's own bytes
(checksum kept, recorded as from the library) or a pointer to a copy already sent; atomic,
version-checked, for the council's editors only."""

import hashlib

import pytest

from ascassure.apps.assessments.models import AssessmentEvent
from ascassure.apps.councilspace import uploads as library_files
from ascassure.apps.inforeturn import services, workspace_selectors, workspace_services
from ascassure.apps.inforeturn.models import IRItem, IRUpload, UploadSource
from builders import LIBRARY_PDF, make_evidence_item, make_library_file

pytestmark = pytest.mark.django_db

CSV = b"Measure,Value\nCarers assessed,412\nReviews,388\n"


@pytest.fixture
def library(trafford, people):
    """Two files supporting QS2 and QS8 (the strategy item's QS), one supporting QS7 only, and
    one item with no file."""
    return {
        "strategy": make_library_file(
            council=trafford, title="Adult social care strategy", qs_codes=("QS2", "QS8")
        ),
        "survey": make_library_file(
            council=trafford,
            title="Carers survey results",
            qs_codes=("QS9",),
            name="carers-survey.csv",
            content=CSV,
        ),
        "safeguarding": make_library_file(
            council=trafford,
            title="Safeguarding annual report",
            qs_codes=("QS7",),
            name="sab-report.pdf",
            content=LIBRARY_PDF + b"%sab\n",
        ),
        "link_only": make_evidence_item(council=trafford, title="Published market position"),
    }


def incoming_files(media_root) -> list:
    return list(media_root.rglob(".incoming-*"))


def answer(item, evidence, by, **kwargs):
    item = IRItem.objects.select_related("request__assessment__council").get(pk=item.pk)
    return workspace_services.ir_item_answer_from_library(
        item=item, evidence=evidence, by=by, expected_version=item.version, **kwargs
    )


def test_library_files_are_copied_with_their_checksum_and_recorded_as_from_the_library(
    ir, people, library, media_root, django_capture_on_commit_callbacks
):
    item = ir.items.get(key="strategy")
    before = item.version
    with django_capture_on_commit_callbacks(execute=True):
        outcome = answer(item, [library["strategy"], library["survey"]], people.editor)
    assert [u.original_name for u in outcome.attached] == [
        "carers-strategy.pdf",
        "carers-survey.csv",
    ]
    stored = {u.evidence_item_id: u for u in IRUpload.objects.filter(item=item)}
    for evidence, content in ((library["strategy"], LIBRARY_PDF), (library["survey"], CSV)):
        upload = stored[evidence.pk]
        assert upload.source == UploadSource.LIBRARY
        assert upload.sha256 == evidence.file_sha256 == hashlib.sha256(content).hexdigest()
        assert upload.size == len(content)
        assert upload.uploaded_by == people.editor
        assert upload.stored_name.startswith(f"inforeturn/{item.request.assessment_id}/")
        assert upload.path.read_bytes() == content
    # the library keeps its own file: the copy is the IR's
    assert library_files.stored_path("E08000009", library["strategy"].file_sha256).exists()
    item.refresh_from_db()
    assert item.version == before + 1
    assert not item.is_complete
    assert AssessmentEvent.objects.filter(
        kind="ir_upload", summary__contains="from the evidence library"
    ).exists()
    assert incoming_files(media_root) == []


def test_a_file_already_attached_is_not_sent_again(ir, people, library):
    item = ir.items.get(key="strategy")
    answer(item, [library["strategy"]], people.editor)
    outcome = answer(item, [library["strategy"], library["survey"]], people.editor)
    assert [u.evidence_item for u in outcome.attached] == [library["survey"]]
    assert outcome.skipped == ("Adult social care strategy",)
    with pytest.raises(services.ServiceRefusal) as refused:
        answer(item, [library["survey"]], people.editor)
    assert refused.value.reasons == (workspace_services.LIBRARY_ALREADY_ATTACHED,)
    assert IRUpload.objects.filter(item=item).count() == 2


def test_it_is_all_or_nothing_when_one_library_file_is_missing(ir, people, library, media_root):
    item = ir.items.get(key="strategy")
    library_files.stored_path("E08000009", library["survey"].file_sha256).unlink()
    with pytest.raises(services.ServiceRefusal) as refused:
        answer(item, [library["strategy"], library["survey"]], people.editor)
    assert refused.value.reasons == (
        workspace_services.LIBRARY_FILE_MISSING.format(title="Carers survey results"),
    )
    assert not IRUpload.objects.exists()
    assert incoming_files(media_root) == []
    assert IRItem.objects.get(pk=item.pk).version == item.version


def test_a_library_file_that_no_longer_matches_its_checksum_is_not_sent(
    ir, people, library, media_root
):
    path = library_files.stored_path("E08000009", library["strategy"].file_sha256)
    path.write_bytes(LIBRARY_PDF + b"%changed\n")
    with pytest.raises(services.ServiceRefusal, match="no longer matches the checksum"):
        answer(ir.items.get(key="strategy"), [library["strategy"]], people.editor)
    assert not IRUpload.objects.exists()
    assert incoming_files(media_root) == []


def test_a_stale_page_a_complete_item_and_another_councils_evidence_are_refused(
    ir, people, library, bury, media_root
):
    item = ir.items.get(key="strategy")
    with pytest.raises(services.ServiceRefusal) as refused:
        workspace_services.ir_item_answer_from_library(
            item=item,
            evidence=[library["strategy"]],
            by=people.editor,
            expected_version=item.version - 1,
        )
    assert refused.value.reasons == (services.ITEM_STALE,)
    services.ir_item_answer(
        item=item, by=people.editor, expected_version=item.version, link="https://example.org/s"
    )
    item.refresh_from_db()
    services.ir_item_complete(
        item=item, status="submitted", note="", by=people.editor, expected_version=item.version
    )
    with pytest.raises(services.ServiceRefusal) as refused:
        answer(item, [library["strategy"]], people.editor)
    assert refused.value.reasons == (services.ITEM_COMPLETE_READ_ONLY,)
    theirs = make_library_file(council=bury, title="Bury strategy")
    with pytest.raises(services.ServiceRefusal) as refused:
        answer(ir.items.get(key="carers_strategy"), [theirs], people.editor)
    assert refused.value.reasons == (workspace_services.LIBRARY_OTHER_COUNCIL,)
    with pytest.raises(services.ServiceRefusal) as refused:
        answer(ir.items.get(key="carers_strategy"), [], people.editor)
    assert refused.value.reasons == (workspace_services.LIBRARY_CHOOSE,)
    assert not IRUpload.objects.exists()
    assert incoming_files(media_root) == []


def test_a_file_already_sent_under_another_item_can_be_pointed_to_instead(ir, people, library):
    strategy = ir.items.get(key="strategy")
    answer(strategy, [library["strategy"]], people.editor)
    sent = IRUpload.objects.get(item=strategy)
    prevention = ir.items.get(key="prevention")
    outcome = answer(
        prevention, [library["strategy"]], people.editor, as_pointer=True, section="Section 3"
    )
    assert outcome.pointer == sent and outcome.attached == ()
    prevention.refresh_from_db()
    assert prevention.pointer_upload == sent and prevention.pointer_section == "Section 3"
    assert not prevention.uploads.exists()


@pytest.mark.parametrize(
    ("choose", "section", "reason"),
    [
        (("strategy",), "", services.POINTER_NEEDS_SECTION),
        (("strategy", "survey"), "p. 4", workspace_services.POINTER_ONE_ITEM),
        (
            ("survey",),
            "p. 4",
            workspace_services.POINTER_NOT_SENT.format(title="Carers survey results"),
        ),
    ],
)
def test_a_pointer_needs_one_item_already_sent_and_a_section(
    ir, people, library, choose, section, reason
):
    answer(ir.items.get(key="strategy"), [library["strategy"]], people.editor)
    prevention = ir.items.get(key="prevention")
    with pytest.raises(services.ServiceRefusal) as refused:
        answer(
            prevention,
            [library[key] for key in choose],
            people.editor,
            as_pointer=True,
            section=section,
        )
    assert refused.value.reasons == (reason,)
    prevention.refresh_from_db()
    assert prevention.pointer_upload is None


def test_the_choices_put_items_supporting_the_items_qs_first_and_say_where_each_was_sent(
    ir, people, library
):
    strategy = ir.items.get(key="strategy")  # QS2, QS8, QS9
    answer(ir.items.get(key="carers_strategy"), [library["survey"]], people.editor)
    choices = workspace_selectors.library_choices(item=strategy, today=strategy.due_date)
    assert [c.evidence.title for c in choices.matching] == [
        "Adult social care strategy",
        "Carers survey results",
    ]
    assert [c.evidence.title for c in choices.others] == ["Safeguarding annual report"]
    assert choices.without_file == 1
    survey = next(c for c in choices.matching if c.evidence == library["survey"])
    assert survey.sent_under == "Unpaid carers strategy"
    assert not survey.attached


# --- the page ---------------------------------------------------------------------------------


def library_url(assessment, item) -> str:
    return f"/assessments/{assessment.pk}/information-return/council/items/{item.pk}/library/"


def test_the_item_page_offers_the_library_and_the_library_page_lists_it_by_qs(
    client, ir, assessment, people, library, sign_in
):
    item = ir.items.get(key="strategy")
    sign_in(people.editor)
    html = client.get(
        f"/assessments/{assessment.pk}/information-return/council/items/{item.pk}/"
    ).content.decode()
    assert f'href="{library_url(assessment, item)}"' in html
    html = client.get(library_url(assessment, item)).content.decode()
    assert "Items supporting QS2, QS8, QS9 (2)" in html
    assert "Other items in your library (1)" in html
    assert html.index("Adult social care strategy") < html.index("Safeguarding annual report")
    assert "1 item of your library has a link only" in html


def test_each_library_choice_has_its_hint_under_it(
    client, ir, assessment, people, library, sign_in
):
    import re

    item = ir.items.get(key="strategy")
    sign_in(people.editor)
    html = client.get(library_url(assessment, item)).content.decode()
    hints = re.findall(r'class="govuk-hint govuk-checkboxes__hint">([^<]*)</div>', html)
    assert len(hints) == 3 and all(hints)
    assert any(hint.endswith(", QS7.") for hint in hints)


def test_an_editor_sends_library_files_from_the_page(
    client, ir, assessment, people, library, sign_in, django_capture_on_commit_callbacks
):
    item = ir.items.get(key="strategy")
    sign_in(people.editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            library_url(assessment, item),
            {
                "library-version": item.version,
                "library-evidence": [library["strategy"].pk, library["safeguarding"].pk],
                "library-how": "copy",
            },
            follow=True,
        )
    html = response.content.decode()
    assert "Attached from your evidence library: carers-strategy.pdf, sab-report.pdf." in html
    assert html.count("From the evidence library") == 2
    assert IRUpload.objects.filter(item=item, source="library").count() == 2


def test_the_page_shows_a_refusal_in_the_error_summary_and_keeps_the_choice(
    client, ir, assessment, people, library, sign_in
):
    item = ir.items.get(key="strategy")
    sign_in(people.editor)
    response = client.post(
        library_url(assessment, item),
        {"library-version": item.version, "library-how": "copy"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert 'href="#id_library-evidence_0"' in html
    response = client.post(
        library_url(assessment, item),
        {
            "library-version": item.version,
            "library-evidence": [library["strategy"].pk],
            "library-how": "pointer",
            "library-section": "p. 3",
        },
    )
    html = response.content.decode()
    assert "has not been sent under another item" in html
    assert f'value="{library["strategy"].pk}" checked' in html
    assert not IRUpload.objects.exists()
