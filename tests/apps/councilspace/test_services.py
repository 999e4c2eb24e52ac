"""Writes of the workspace: every save kept, no silent overwrite, versions, years, evidence."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ascassure.apps.councilspace import selectors, services
from ascassure.apps.councilspace.models import EvidenceItem, QsRevision
from ascassure.domain.selfassessment import Confidence, Entry, EntryStatus
from builders import (
    make_evidence_item,
    make_improvement_action,
    make_self_assessment,
    make_user,
)

pytestmark = pytest.mark.django_db


def entry(text: str = "We assess needs with people.", score: int | None = 2) -> Entry:
    return Entry(what_we_do=text, self_score=score)


def test_every_save_adds_a_revision_and_earlier_ones_stay_as_they_were(trafford):
    editor = make_user(council=trafford)
    sa = make_self_assessment(council=trafford)
    services.qs_entry_save(
        self_assessment=sa, qs_code="QS4", entry=entry("First"), by=editor, base_number=0
    )
    services.qs_entry_save(
        self_assessment=sa, qs_code="QS4", entry=entry("Second", 3), by=editor, base_number=1
    )
    history = selectors.qs_revisions(self_assessment=sa, qs_code="QS4")
    assert [(r.number, r.what_we_do, r.self_score) for r in history] == [
        (2, "Second", 3),
        (1, "First", 2),
    ]
    first = history[1]
    first.what_we_do = "Rewritten history"
    with pytest.raises(ValueError, match="never changed"):
        first.save()


def test_a_second_editor_saving_from_an_old_version_is_refused_and_told_who_saved(trafford):
    ann = make_user(council=trafford, full_name="Ann Editor")
    ben = make_user(council=trafford, full_name="Ben Editor")
    sa = make_self_assessment(council=trafford)
    # Both open QS4 at version 0; Ann saves first.
    services.qs_entry_save(
        self_assessment=sa, qs_code="QS4", entry=entry("Ann's text"), by=ann, base_number=0
    )
    with pytest.raises(services.StaleEntry) as refused:
        services.qs_entry_save(
            self_assessment=sa, qs_code="QS4", entry=entry("Ben's text"), by=ben, base_number=0
        )
    assert refused.value.latest.what_we_do == "Ann's text"
    assert refused.value.reasons[0].startswith("Ann Editor saved QS4 at ")
    assert list(QsRevision.objects.values_list("what_we_do", flat=True)) == ["Ann's text"]


def test_saving_an_unchanged_entry_adds_no_revision(trafford):
    sa = make_self_assessment(council=trafford)
    editor = make_user(council=trafford)
    services.qs_entry_save(
        self_assessment=sa, qs_code="QS1", entry=entry(), by=editor, base_number=0
    )
    outcome = services.qs_entry_save(
        self_assessment=sa, qs_code="QS1", entry=entry(), by=editor, base_number=1
    )
    assert not outcome.created and QsRevision.objects.count() == 1


def test_signing_off_an_incomplete_entry_is_refused_with_every_reason(trafford):
    sa = make_self_assessment(council=trafford)
    incomplete = Entry(what_we_do="Only this", status=EntryStatus.SIGNED_OFF)
    with pytest.raises(services.ServiceRefusal) as refused:
        services.qs_entry_save(
            self_assessment=sa, qs_code="QS1", entry=incomplete, by=None, base_number=0
        )
    assert "Add a self-score before signing off" in refused.value.reasons
    assert len(refused.value.reasons) == 6
    assert QsRevision.objects.count() == 0


def test_a_version_keeps_each_qs_as_it_was_and_later_saves_do_not_change_it(trafford):
    sa = make_self_assessment(council=trafford, scores={"QS1": 2, "QS2": 3})
    version = services.self_assessment_version_create(self_assessment=sa, note="v1", by=None)
    services.qs_entry_save(
        self_assessment=sa, qs_code="QS1", entry=entry("Later", 4), by=None, base_number=1
    )
    kept = selectors.version_revisions(version=version)
    assert kept["QS1"].self_score == 2 and kept["QS2"].self_score == 3
    assert selectors.latest_revisions(self_assessment=sa)["QS1"].self_score == 4
    second = services.self_assessment_version_create(self_assessment=sa, note="v2", by=None)
    assert second.number == 2
    with pytest.raises(services.ServiceRefusal, match="Nothing has changed"):
        services.self_assessment_version_create(self_assessment=sa, note="v3", by=None)


def test_this_years_self_assessment_starts_from_last_years_as_drafts(trafford):
    last = make_self_assessment(council=trafford, year=2025, scores={"QS1": 3}, status="signed_off")
    this = services.self_assessment_start(council=trafford, year=2026, by=None, from_previous=last)
    carried = selectors.latest_revisions(self_assessment=this)["QS1"]
    assert carried.number == 1 and carried.status == EntryStatus.DRAFT
    assert carried.self_score == 3 and carried.note == "Carried over from 2025"
    assert this.started_from == last
    with pytest.raises(services.ServiceRefusal, match="already a self-assessment for 2026"):
        services.self_assessment_start(council=trafford, year=2026, by=None)


def test_a_year_cannot_start_from_another_councils_self_assessment(trafford, bury):
    theirs = make_self_assessment(council=bury, year=2025, scores={"QS1": 4})
    with pytest.raises(services.ServiceRefusal, match="own council"):
        services.self_assessment_start(council=trafford, year=2026, by=None, from_previous=theirs)


def test_an_import_changes_only_what_differs_and_refuses_if_someone_saved_meanwhile(trafford):
    sa = make_self_assessment(council=trafford, scores={"QS1": 2})
    stamp = selectors.revision_stamp(self_assessment=sa)
    current = selectors.latest_revisions(self_assessment=sa)["QS1"].entry
    entries = {"QS1": current, "QS2": entry("New", 3)}
    outcome = services.self_assessment_import(
        self_assessment=sa, entries=entries, by=None, file_name="sa.xlsx", expected_stamp=stamp
    )
    assert outcome.changed == ("QS2",) and outcome.unchanged == ("QS1",)
    assert selectors.latest_revisions(self_assessment=sa)["QS2"].note == "Imported from sa.xlsx"
    with pytest.raises(services.ServiceRefusal, match="nothing was imported"):
        services.self_assessment_import(
            self_assessment=sa,
            entries={"QS3": entry()},
            by=None,
            file_name="sa.xlsx",
            expected_stamp=stamp,
        )
    assert "QS3" not in selectors.latest_revisions(self_assessment=sa)


def test_evidence_supports_several_qs_and_is_flagged_stale_after_twelve_months(trafford):
    make_evidence_item(council=trafford, qs_codes=("QS1", "QS4"), evidence_date=date(2025, 1, 2))
    make_evidence_item(
        council=trafford, qs_codes=("QS4",), evidence_date=date(2026, 1, 2), category="partners"
    )
    summary = selectors.evidence_summary_by_qs(council=trafford, today=date(2026, 3, 1))
    assert (summary["QS4"].count, summary["QS4"].stale) == (2, 1)
    assert summary["QS4"].categories == {"people", "partners"}
    assert (summary["QS1"].count, summary["QS1"].stale) == (1, 1)
    stale = selectors.evidence_list(council=trafford, today=date(2026, 3, 1), stale_only=True)
    assert [i.qs_codes for i in stale] == [["QS1", "QS4"]]


def test_a_stale_evidence_save_is_refused(trafford):
    item = make_evidence_item(council=trafford)
    data = services.EvidenceData(
        title="Renamed",
        kind="document",
        category="people",
        owner="Me",
        evidence_date=date(2026, 1, 1),
        qs_codes=("QS2",),
    )
    services.evidence_item_update(item=item, data=data, by=None, expected_version=1)
    with pytest.raises(services.ServiceRefusal, match="Someone else changed this evidence"):
        services.evidence_item_update(item=item, data=data, by=None, expected_version=1)
    item.refresh_from_db()
    assert item.version == 2 and list(item.qs_links.values_list("qs_code", flat=True)) == ["QS2"]


def test_an_upload_whose_content_is_not_what_its_name_says_is_refused_and_not_kept(
    trafford, media_root
):
    data = services.EvidenceData(
        title="Fake",
        kind="document",
        category="people",
        owner="Me",
        evidence_date=date(2026, 1, 1),
        qs_codes=("QS1",),
    )
    fake = SimpleUploadedFile(
        "report.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf"
    )
    with pytest.raises(services.UploadProblem):
        services.evidence_item_create(council=trafford, data=data, by=None, upload=fake)
    assert EvidenceItem.objects.count() == 0
    folder = media_root / "councilspace" / trafford.ons_code
    assert not folder.exists() or not any(folder.iterdir())


def test_the_same_file_uploaded_twice_is_stored_once(trafford, media_root):
    csv = b"measure,value\nASCOF 1A,19.1\nASCOF 1B,77.2\n"
    data = services.EvidenceData(
        title="Extract",
        kind="data_extract",
        category="processes",
        owner="BI team",
        evidence_date=date(2026, 1, 1),
        qs_codes=("QS8",),
    )
    first = services.evidence_item_create(
        council=trafford, data=data, by=None, upload=SimpleUploadedFile("a.csv", csv)
    )
    second = services.evidence_item_create(
        council=trafford, data=data, by=None, upload=SimpleUploadedFile("b.csv", csv)
    )
    assert first.file_sha256 == second.file_sha256 and first.file_type == "csv"
    assert len(list((media_root / "councilspace" / trafford.ons_code).iterdir())) == 1


def test_an_action_update_from_an_old_version_is_refused(trafford):
    action = make_improvement_action(council=trafford)
    data = services.ActionData(
        title="Done it", qs_code="QS1", owner="Me", due_date=date(2026, 1, 1), status="done"
    )
    services.action_update(action=action, data=data, by=None, expected_version=1)
    with pytest.raises(services.ServiceRefusal, match="changed this action"):
        services.action_update(action=action, data=data, by=None, expected_version=1)


def test_areas_for_development_without_an_action_are_listed_until_one_is_made(trafford):
    sa = make_self_assessment(council=trafford, scores={"QS1": 2})
    open_areas = selectors.areas_without_action(self_assessment=sa)
    assert [(a.qs_code, a.text) for a in open_areas] == [
        ("QS1", "Waiting times for OT assessments"),
        ("QS1", "Carers' assessments"),
    ]
    make_improvement_action(council=trafford, qs_code="QS1", source_area="Carers' assessments")
    assert [a.text for a in selectors.areas_without_action(self_assessment=sa)] == [
        "Waiting times for OT assessments"
    ]


def test_readiness_predicts_from_self_scores_and_shows_the_change_since_the_last_version(
    trafford,
):
    sa = make_self_assessment(
        council=trafford, scores={f"QS{n}": 2 for n in range(1, 10)}, confidence="low"
    )
    services.self_assessment_version_create(self_assessment=sa, note="", by=None)
    services.qs_entry_save(
        self_assessment=sa,
        qs_code="QS4",
        entry=Entry(what_we_do="More", self_score=4, confidence=Confidence.HIGH),
        by=None,
        base_number=1,
    )
    result = selectors.readiness(self_assessment=sa, today=date(2026, 3, 1))
    assert result.previous_result.percent == 50  # 18 of 36
    assert (result.predicted.percent, result.predicted.rating.value) == (56, "Requires improvement")
    assert [(m.qs_code, m.before, m.after) for m in result.moves] == [("QS4", 2, 4)]
    assert result.scored == 9


def test_the_demo_fills_two_years_with_versions_evidence_and_actions_once(trafford):
    from ascassure.apps.councilspace.demo import demo_load
    from ascassure.apps.councilspace.models import ImprovementAction, SelfAssessment

    editor = make_user(council=trafford)
    viewer = make_user(council=trafford, council_role="viewer")
    demo_load(trafford, editor, viewer, today=date(2026, 11, 24))
    demo_load(trafford, editor, viewer, today=date(2026, 11, 24))  # a second run adds nothing
    this = SelfAssessment.objects.get(council=trafford, year=2026)
    assert [v.number for v in this.versions.all()] == [2, 1]
    assert this.started_from.year == 2025
    readiness = selectors.readiness(self_assessment=this, today=date(2026, 11, 24))
    assert (readiness.predicted.rating.value, readiness.predicted.percent) == ("Good", 67)
    assert readiness.stale_items and EvidenceItem.objects.filter(council=trafford).count() == 10
    assert EvidenceItem.objects.exclude(file_sha256="").count() == 3
    assert ImprovementAction.objects.filter(council=trafford).count() == 7
    assert selectors.areas_without_action(self_assessment=this)  # some areas still open
