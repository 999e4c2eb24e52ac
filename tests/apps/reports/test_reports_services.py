"""Writing the report, the factual accuracy check, the publication date, publishing and
correcting: each step through its service, with the refusals people see."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ascassure.apps.assessments.facts import assessment_facts
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.services import ServiceRefusal, assessment_transition
from ascassure.apps.councils.models import PublishedResult
from ascassure.apps.reports import fac, services, storage
from ascassure.apps.reports.models import (
    FacCommentFile,
    Publication,
    PublicationWindow,
    ReportVersion,
)
from ascassure.domain.lifecycle import FAC_STILL_OPEN, PUBLICATION_IN_BLACKOUT
from ascassure.domain.reports import PUBLICATION_DATE_PAST, section
from ascassure.files import sha256
from builders import (
    make_assessment,
    make_fac_comment,
    make_fac_round,
    make_rating_lock,
    make_result,
)

pytestmark = pytest.mark.django_db

SENT = date(2025, 12, 19)  # a Friday before Christmas
DEADLINE = date(2026, 1, 7)  # hand-counted: see tests/domain/test_reports.py


def stage(report, value):
    Assessment.objects.filter(pk=report.assessment_id).update(stage=value)
    report.assessment.refresh_from_db()


def latest(report):
    return report.versions.order_by("-number").first()


# --- the draft ------------------------------------------------------------------------------


def test_the_draft_needs_the_rating_locked_first(trafford):
    assessment = make_assessment(council=trafford, stage="draft_report")
    with pytest.raises(ServiceRefusal) as refused:
        services.report_generate(assessment=assessment, by=None)
    assert refused.value.reasons == (services.RATING_NOT_LOCKED,)
    make_rating_lock(assessment=assessment)
    assert services.report_generate(assessment=assessment, by=None).number == 1


def test_the_draft_is_generated_once_and_quotes_peoples_experience(draft):
    doc = latest(draft).document
    assert doc["result"] == {
        "scores": {f"QS{n}": s for n, s in enumerate((2, 3, 2, 2, 3, 2, 3, 2, 2), start=1)},
        "percent": 59,
        "rating": "Requires improvement",
        "position_words": "near the top of Requires improvement",
        "assessed": 9,
        "points": 21,
        "max_points": 36,
        "locked": True,
    }
    said = [s["text"] for s in section(doc, "QS1")["people_said"]]
    assert said == [
        "I waited four months for my assessment.",
        "My social worker came to see me at home and listened to what I wanted.",
    ]
    with pytest.raises(ServiceRefusal) as refused:
        services.report_generate(assessment=draft.assessment, by=None)
    assert refused.value.reasons == (services.ALREADY_GENERATED,)


def test_every_edit_adds_a_version_and_earlier_versions_stay_as_they_were(draft, lead):
    services.report_section_save(
        report=draft, key="QS1", values={"findings": "Waits are long."}, base_number=1, by=lead
    )
    services.report_section_save(
        report=draft,
        key="summary",
        values={"text": "A short summary.", "population": 235_000},
        base_number=2,
        by=lead,
        note="After the team meeting",
    )
    versions = list(draft.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert section(versions[0].document, "QS1")["findings"] != "Waits are long."
    assert section(versions[1].document, "QS1")["findings"] == "Waits are long."
    assert versions[2].document["profile"]["population"] == 235_000
    assert (versions[2].changed_section, versions[2].note) == ("summary", "After the team meeting")


def test_a_save_based_on_an_older_version_is_refused_and_changes_nothing(draft, lead):
    services.report_section_save(
        report=draft, key="QS1", values={"findings": "First."}, base_number=1, by=lead
    )
    with pytest.raises(ServiceRefusal) as refused:
        services.report_section_save(
            report=draft, key="QS1", values={"findings": "Second."}, base_number=1, by=lead
        )
    assert refused.value.reasons == (services.STALE_REPORT,)
    assert section(latest(draft).document, "QS1")["findings"] == "First."


def test_the_draft_cannot_be_edited_before_the_draft_report_stage(draft, lead):
    stage(draft, "calibration")
    with pytest.raises(ServiceRefusal):
        services.report_section_save(
            report=draft, key="QS1", values={"findings": "x"}, base_number=1, by=lead
        )


# --- the factual accuracy check -------------------------------------------------------------


def test_sending_the_draft_starts_ten_working_days_from_the_date_of_the_email(draft, lead):
    fac_round = fac.fac_send(report=draft, sent_on=SENT, by=lead, today=date(2025, 12, 22))
    assert (fac_round.sent_on, fac_round.deadline) == (SENT, DEADLINE)
    assert fac_round.version.number == 1
    facts = assessment_facts(assessment=draft.assessment, today=date(2026, 1, 7))
    assert facts.fac_deadline == DEADLINE and facts.draft_exists


def test_the_email_date_cannot_be_in_the_future_and_the_draft_is_sent_once(draft, lead):
    with pytest.raises(ServiceRefusal) as refused:
        fac.fac_send(report=draft, sent_on=date(2025, 12, 20), by=lead, today=SENT)
    assert refused.value.reasons == (fac.SENT_IN_FUTURE,)
    make_fac_round(report=draft, sent_on=SENT)
    with pytest.raises(ServiceRefusal) as refused:
        fac.fac_send(report=draft, sent_on=SENT, by=lead, today=SENT)
    assert refused.value.reasons == (fac.ALREADY_SENT,)


def test_comments_are_anchored_to_a_section_of_the_version_sent(draft, lead, editor):
    fac_round = make_fac_round(report=draft, sent_on=SENT)
    services.report_section_save(
        report=draft,
        key="QS1",
        values={"findings": "Edited after sending."},
        base_number=1,
        by=lead,
    )
    comment = make_fac_comment(fac_round=fac_round, by=editor, section_key="QS1")
    assert (comment.number, comment.section_title) == (1, "QS1 Assessing needs")
    assert fac_round.version.number == 1  # the council's version did not move
    with pytest.raises(ServiceRefusal) as refused:
        make_fac_comment(fac_round=fac_round, section_key="QS10", kind="rumour", comment=" ")
    assert refused.value.reasons == (
        fac.UNKNOWN_SECTION,
        fac.UNKNOWN_KIND,
        fac.COMMENT_MISSING,
    )


def test_comments_are_refused_once_the_check_has_closed(draft, editor):
    fac_round = make_fac_round(report=draft, sent_on=SENT)
    make_fac_comment(fac_round=fac_round, by=editor, today=DEADLINE)  # the last day is open
    with pytest.raises(ServiceRefusal) as refused:
        make_fac_comment(fac_round=fac_round, by=editor, today=date(2026, 1, 8))
    assert refused.value.reasons == (fac.CHECK_CLOSED,)


def test_supporting_files_are_judged_by_their_content_and_stored_with_their_checksum(
    draft, editor, upload_root
):
    fac_round = make_fac_round(report=draft, sent_on=SENT)
    data = b"Month,Waiting\nMarch,412\n"
    comment = make_fac_comment(
        fac_round=fac_round, by=editor, files=[SimpleUploadedFile("waits.csv", data)]
    )
    stored = comment.files.get()
    assert (stored.original_name, stored.kind, stored.sha256) == ("waits.csv", "csv", sha256(data))
    assert storage.read_checked(stored.stored_name, stored.sha256) == data
    with pytest.raises(ServiceRefusal) as refused:
        make_fac_comment(
            fac_round=fac_round,
            by=editor,
            files=[SimpleUploadedFile("evidence.pdf", b"MZ\x90\x00 not a pdf at all")],
        )
    assert refused.value.reasons[0].startswith("evidence.pdf: This file is not a PDF")
    assert FacCommentFile.objects.count() == 1
    assert fac_round.comments.count() == 1  # the refused comment left nothing behind
    assert len([p for p in upload_root.rglob("*") if p.is_file()]) == 1


def test_confirming_no_inaccuracies_ends_the_councils_side(draft, editor):
    fac_round = make_fac_round(report=draft, sent_on=SENT)
    fac.fac_confirm_no_inaccuracies(fac_round=fac_round, by=editor, today=date(2025, 12, 22))
    facts = assessment_facts(assessment=draft.assessment, today=date(2025, 12, 22))
    assert facts.council_confirmed_no_inaccuracies
    with pytest.raises(ServiceRefusal) as refused:
        make_fac_comment(fac_round=fac_round, by=editor, today=date(2025, 12, 22))
    assert refused.value.reasons == (fac.CONFIRMED_ALREADY,)


def test_an_extension_needs_a_reason_and_a_recorded_decision_that_moves_the_deadline(
    draft, editor, lead
):
    fac_round = make_fac_round(report=draft, sent_on=SENT)
    with pytest.raises(ServiceRefusal) as refused:
        fac.fac_extension_request(
            fac_round=fac_round, reason="  ", working_days=0, by=editor, today=SENT
        )
    assert refused.value.reasons == (
        fac.EXTENSION_NEEDS_REASON,
        fac.EXTENSION_DAYS.format(most=10),
    )
    fac_round = fac.fac_extension_request(
        fac_round=fac_round,
        reason="Our director is on sick leave.",
        working_days=5,
        by=editor,
        today=SENT,
    )
    with pytest.raises(ServiceRefusal) as refused:
        fac.fac_extension_decide(
            fac_round=fac_round,
            decision="granted",
            reason="",
            working_days=None,
            by=lead,
            expected_version=fac_round.version_stamp,
        )
    assert refused.value.reasons == (fac.DECISION_NEEDS_REASON,)
    fac_round = fac.fac_extension_decide(
        fac_round=fac_round,
        decision="granted",
        reason="Exceptional: the director signs the response.",
        working_days=None,
        by=lead,
        expected_version=fac_round.version_stamp,
    )
    # 5 working days after Wed 7 January 2026: Thu 8, Fri 9, Mon 12, Tue 13, Wed 14.
    assert fac_round.extended_deadline == date(2026, 1, 14)
    assert assessment_facts(assessment=draft.assessment, today=SENT).fac_deadline == date(
        2026, 1, 14
    )
    make_fac_comment(fac_round=fac_round, by=editor, today=date(2026, 1, 14))


def test_a_refused_extension_leaves_the_deadline(draft, editor, lead):
    fac_round = make_fac_round(report=draft, sent_on=SENT)
    fac_round = fac.fac_extension_request(
        fac_round=fac_round, reason="Busy.", working_days=3, by=editor, today=SENT
    )
    fac_round = fac.fac_extension_decide(
        fac_round=fac_round,
        decision="refused",
        reason="Not exceptional.",
        working_days=None,
        by=lead,
        expected_version=fac_round.version_stamp,
    )
    assert fac_round.deadline_in_force == DEADLINE
    with pytest.raises(ServiceRefusal) as refused:
        fac.fac_extension_request(
            fac_round=fac_round, reason="Again.", working_days=3, by=editor, today=SENT
        )
    assert refused.value.reasons == (fac.EXTENSION_ASKED,)


def test_each_comment_gets_a_decision_with_a_reason_and_never_a_silent_overwrite(
    draft, editor, lead
):
    comment = make_fac_comment(fac_round=make_fac_round(report=draft, sent_on=SENT), by=editor)
    with pytest.raises(ServiceRefusal) as refused:
        fac.fac_comment_decide(
            comment=comment, decision="not_accepted", reason=" ", by=lead, expected_version=1
        )
    assert refused.value.reasons == (fac.DECISION_NEEDS_REASON,)
    decided = fac.fac_comment_decide(
        comment=comment, decision="accepted", reason="", by=lead, expected_version=1
    )
    assert (decided.decision, decided.version, decided.decided_by) == ("accepted", 2, lead)
    with pytest.raises(ServiceRefusal) as refused:  # someone else's form, based on version 1
        fac.fac_comment_decide(
            comment=comment, decision="not_accepted", reason="No.", by=lead, expected_version=1
        )
    assert refused.value.reasons == (fac.STALE_COMMENT,)


def test_the_core_closes_the_check_only_when_it_is_over_and_every_comment_is_decided(
    draft, editor, lead
):
    fac_round = make_fac_round(report=draft, sent_on=SENT)
    comment = make_fac_comment(fac_round=fac_round, by=editor)
    stage(draft, "factual_accuracy_check")
    with pytest.raises(ServiceRefusal) as refused:
        assessment_transition(
            assessment=draft.assessment, event="close_fac", by=lead, today=DEADLINE
        )
    assert FAC_STILL_OPEN in refused.value.reasons and len(refused.value.reasons) == 2
    fac.fac_comment_decide(
        comment=comment, decision="accepted", reason="", by=lead, expected_version=1
    )
    moved = assessment_transition(
        assessment=draft.assessment, event="close_fac", by=lead, today=date(2026, 1, 8)
    )
    assert moved.stage == "ready_to_publish"


# --- publication windows and dates ----------------------------------------------------------


@pytest.fixture
def windows(db):
    services.publication_windows_load()


def test_the_preload_holds_the_2024_general_election_and_each_councils_may_2026_poll(
    windows, trafford
):
    national = PublicationWindow.objects.get(scope="national", start=date(2024, 5, 25))
    assert (national.end, national.council) == (date(2024, 7, 4), None)
    trafford_2026 = PublicationWindow.objects.get(council=trafford, end=date(2026, 5, 7))
    assert trafford_2026.name == "Pre-election period, local elections of 7 May 2026"
    before = PublicationWindow.objects.count()
    assert services.publication_windows_load().council == 0  # loading again adds nothing
    assert PublicationWindow.objects.count() == before


def test_an_edited_preloaded_window_is_not_overwritten_by_loading_again(windows):
    national = PublicationWindow.objects.get(scope="national", start=date(2024, 5, 25))
    PublicationWindow.objects.filter(pk=national.pk).update(end=date(2024, 7, 5))
    services.publication_windows_load()
    assert PublicationWindow.objects.get(pk=national.pk).end == date(2024, 7, 5)


def dated(report, *, sent_on, stage_value="factual_accuracy_check"):
    make_fac_round(report=report, sent_on=sent_on)
    stage(report, stage_value)
    return report


def test_a_publication_date_inside_25_may_to_4_july_2024_is_refused(windows, draft, lead):
    dated(draft, sent_on=date(2024, 4, 2))  # closes 17 April 2024
    with pytest.raises(ServiceRefusal) as refused:
        services.publication_date_set(
            report=draft, day=date(2024, 6, 12), by=lead, today=date(2024, 5, 1)
        )
    (reason,) = refused.value.reasons
    assert reason.startswith(PUBLICATION_IN_BLACKOUT)
    assert "General election 2024" in reason and "25 May 2024 to 4 July 2024" in reason
    draft.refresh_from_db()
    assert draft.publication_date is None


def test_a_date_in_the_2026_local_elections_window_is_refused_for_a_council_with_elections(
    windows, draft, lead
):
    dated(draft, sent_on=date(2026, 2, 2))
    with pytest.raises(ServiceRefusal) as refused:
        services.publication_date_set(
            report=draft, day=date(2026, 4, 21), by=lead, today=date(2026, 3, 2)
        )
    assert any(
        "Pre-election period, local elections of 7 May 2026, 30 March 2026 to 7 May 2026" in r
        for r in refused.value.reasons
    )


def test_a_councils_own_pre_election_period_does_not_hold_up_another_council(
    windows, draft, lead, trafford
):
    """Trafford (no poll in 2025) publishes during Cornwall's 2025 pre-election period."""
    assert PublicationWindow.objects.filter(
        council__ons_code="E06000052", end=date(2025, 5, 1)
    ).exists()
    assert not PublicationWindow.objects.filter(council=trafford, end=date(2025, 5, 1)).exists()
    dated(draft, sent_on=date(2025, 3, 3))
    services.publication_date_set(
        report=draft, day=date(2025, 4, 15), by=lead, today=date(2025, 3, 25)
    )
    draft.refresh_from_db()
    assert draft.publication_date == date(2025, 4, 15)


def test_a_date_before_the_check_closes_is_refused_unless_the_council_confirmed(
    windows, draft, lead, editor
):
    dated(draft, sent_on=SENT)
    with pytest.raises(ServiceRefusal) as refused:
        services.publication_date_set(report=draft, day=DEADLINE, by=lead, today=SENT)
    assert refused.value.reasons == (
        "The council can comment on the draft until 7 January 2026. Choose a date after that, "
        "unless the council confirms there are no inaccuracies.",
    )
    fac.fac_confirm_no_inaccuracies(
        fac_round=draft.fac_rounds.get(), by=editor, today=date(2025, 12, 22)
    )
    services.publication_date_set(report=draft, day=date(2025, 12, 23), by=lead, today=SENT)
    draft.refresh_from_db()
    assert draft.publication_date == date(2025, 12, 23)


def test_a_publication_date_in_the_past_is_refused(draft, lead):
    dated(draft, sent_on=SENT)
    with pytest.raises(ServiceRefusal) as refused:
        services.publication_date_set(
            report=draft, day=date(2026, 1, 9), by=lead, today=date(2026, 1, 12)
        )
    assert refused.value.reasons == (PUBLICATION_DATE_PAST,)


# --- publishing -----------------------------------------------------------------------------

PUBLISH_DAY = date(2026, 1, 12)


@pytest.fixture
def ready(draft, lead, editor):
    """The check over (the council confirmed), every comment decided, stage ready to publish,
    the publication date 12 January 2026."""
    fac_round = make_fac_round(report=draft, sent_on=SENT)
    comment = make_fac_comment(fac_round=fac_round, by=editor)
    fac.fac_comment_decide(
        comment=comment, decision="accepted", reason="", by=lead, expected_version=1
    )
    stage(draft, "ready_to_publish")
    services.publication_date_set(report=draft, day=PUBLISH_DAY, by=lead, today=date(2026, 1, 8))
    draft.refresh_from_db()
    return draft


def test_publishing_freezes_the_version_with_checksums_and_adds_the_public_result(
    ready, lead, trafford, fast_pdf
):
    publication = services.report_publish(report=ready, by=lead, today=PUBLISH_DAY)
    version = publication.version
    assert version.frozen and version.number == 1
    html = storage.read_checked(version.html_name, version.html_sha256)
    assert b"Published 12 January 2026." in html and b"Draft" not in html
    assert storage.read_checked(version.pdf_name, version.pdf_sha256).startswith(b"%PDF")
    assert publication.checksum == version.pdf_sha256
    result = PublishedResult.objects.get(council=trafford)
    assert (result.published_month, result.assessment_type) == (date(2026, 1, 1), "formal")
    assert (result.rating, result.percent) == ("Requires improvement", 59)
    assert result.scores == (2, 3, 2, 2, 3, 2, 3, 2, 2)
    assert publication.published_result == result
    # The stage move is the core's step, and its guards now pass.
    moved = assessment_transition(
        assessment=ready.assessment, event="publish", by=lead, today=PUBLISH_DAY
    )
    assert moved.stage == "published"


def test_a_published_report_cannot_be_edited(ready, lead, fast_pdf):
    services.report_publish(report=ready, by=lead, today=PUBLISH_DAY)
    with pytest.raises(ServiceRefusal) as refused:
        services.report_section_save(
            report=ready, key="QS1", values={"findings": "Changed."}, base_number=1, by=lead
        )
    assert refused.value.reasons == (services.REPORT_PUBLISHED,)
    assert ReportVersion.objects.filter(report=ready).count() == 1


def test_publishing_is_refused_before_the_publication_date_after_it_and_a_second_time(
    ready, lead, fast_pdf, upload_root
):
    for today, reason in (
        (date(2026, 1, 9), services.NOT_YET.format(day="12 January 2026")),
        (date(2026, 1, 13), services.DATE_PASSED.format(day="12 January 2026")),
    ):
        with pytest.raises(ServiceRefusal) as refused:
            services.report_publish(report=ready, by=lead, today=today)
        assert refused.value.reasons == (reason,)
    assert not Publication.objects.exists() and not PublishedResult.objects.exists()
    services.report_publish(report=ready, by=lead, today=PUBLISH_DAY)
    with pytest.raises(ServiceRefusal) as refused:
        services.report_publish(report=ready, by=lead, today=PUBLISH_DAY)
    assert refused.value.reasons == (services.ALREADY_PUBLISHED,)
    assert len([p for p in upload_root.rglob("*") if p.is_file()]) == 2


def test_publishing_checks_the_pause_again_on_the_day(ready, lead, fast_pdf):
    PublicationWindow.objects.create(
        name="Sudden pause", start=PUBLISH_DAY, end=PUBLISH_DAY, scope="national"
    )
    with pytest.raises(ServiceRefusal) as refused:
        services.report_publish(report=ready, by=lead, today=PUBLISH_DAY)
    assert PUBLICATION_IN_BLACKOUT in refused.value.reasons
    assert not PublishedResult.objects.exists()


def test_an_imported_result_for_the_same_month_is_not_overwritten(ready, lead, fast_pdf, trafford):
    make_result(council=trafford, month=date(2026, 1, 1))
    with pytest.raises(ServiceRefusal) as refused:
        services.report_publish(report=ready, by=lead, today=PUBLISH_DAY)
    assert refused.value.reasons == (
        services.RESULT_EXISTS.format(
            kind="formal assessment", council="Trafford", month="January 2026"
        ),
    )
    assert not Publication.objects.exists()
    assert not latest(ready).frozen


def test_a_correction_is_a_new_dated_version_with_a_note_beside_the_original(ready, lead, fast_pdf):
    original = services.report_publish(report=ready, by=lead, today=PUBLISH_DAY)
    with pytest.raises(ServiceRefusal) as refused:
        services.report_correction_start(report=ready, note=" ", by=lead)
    assert refused.value.reasons == (services.CORRECTION_NEEDS_NOTE,)
    services.report_correction_start(report=ready, note="QS1: 412 people, not 421.", by=lead)
    ready.refresh_from_db()
    with pytest.raises(ServiceRefusal) as refused:
        services.report_correction_publish(report=ready, by=lead, today=date(2026, 2, 2))
    assert refused.value.reasons == (services.CORRECTION_UNCHANGED,)
    services.report_section_save(
        report=ready, key="QS1", values={"findings": "412 people wait."}, base_number=1, by=lead
    )
    correction = services.report_correction_publish(report=ready, by=lead, today=date(2026, 2, 2))
    assert (correction.kind, correction.date, correction.note) == (
        "correction",
        date(2026, 2, 2),
        "QS1: 412 people, not 421.",
    )
    assert correction.version.number == 2 and correction.version.frozen
    html = storage.read_checked(correction.version.html_name, correction.version.html_sha256)
    assert b"Corrected on 2 February 2026: QS1: 412 people, not 421." in html
    assert b"Published 12 January 2026." in html
    original.version.refresh_from_db()  # the original is untouched and still readable
    storage.read_checked(original.version.html_name, original.version.html_sha256)
    assert PublishedResult.objects.count() == 1
    ready.refresh_from_db()
    assert not ready.correcting
