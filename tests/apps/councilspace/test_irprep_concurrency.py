"""Two editors at the same moment, in two real transactions: the case list builder's first import
and its choices, an item answered from the library, and the self-assessment submitted twice. One
wins, the other is refused, nothing is half-saved."""

import threading

import pytest
from django.db import connection

from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.councilspace import caselist_services
from ascassure.apps.councilspace.models import CaseListDraft
from ascassure.apps.inforeturn import services as ir_services
from ascassure.apps.inforeturn import workspace_services
from ascassure.apps.inforeturn.models import IRItem, IRUpload
from builders import (
    case_list_csv,
    make_assessment,
    make_case_list_draft,
    make_ir_request,
    make_library_file,
    make_self_assessment,
    make_self_assessment_version,
    make_user,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="the in-memory test database is shared-cache SQLite"
    ),
]


def race(*calls) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call) -> None:
        try:
            barrier.wait()
            call()
            outcomes.append("saved")
        except ServiceRefusal as refusal:
            outcomes.append(refusal.reasons[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_two_first_imports_at_once_keep_one_draft(trafford):
    editor = make_user(council=trafford)

    def load(rows):
        return lambda: caselist_services.case_list_draft_import(
            council=trafford,
            data=case_list_csv(rows=rows),
            filename=f"{rows}.csv",
            by=editor,
            expected_version=0,
        )

    assert race(load(20), load(30)) == sorted(["saved", caselist_services.STALE_DRAFT])
    assert len(CaseListDraft.objects.get().cases) in (20, 30)


def test_two_choices_from_the_same_version_one_is_refused(trafford):
    editor = make_user(council=trafford)
    draft = make_case_list_draft(council=trafford, by=editor, rows=60)

    def choose(ids):
        return lambda: caselist_services.case_list_draft_choose(
            council=trafford, by=editor, expected_version=draft.version, add=ids
        )

    assert race(choose(["C1", "C2"]), choose(["C3"])) == sorted(
        ["saved", caselist_services.STALE_DRAFT]
    )
    assert CaseListDraft.objects.get().chosen in (["C1", "C2"], ["C3"])


@pytest.fixture
def ir_world(trafford, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    editor = make_user(council=trafford)
    lead = make_user(body_role="national_lead")
    assessment = make_assessment(council=trafford, stage="notified")
    ir = make_ir_request(assessment=assessment, by=lead)
    return editor, ir, settings.MEDIA_ROOT


def test_two_library_answers_on_the_same_version_store_one_set_of_files(trafford, ir_world):
    editor, ir, media_root = ir_world
    first = make_library_file(council=trafford, title="Strategy", qs_codes=("QS2",))
    second = make_library_file(
        council=trafford, title="Survey", name="survey.csv", content=b"a,b\n1,2\n"
    )
    item = IRItem.objects.select_related("request__assessment__council").get(
        request=ir, key="strategy"
    )

    def answer(evidence):
        return lambda: workspace_services.ir_item_answer_from_library(
            item=item, evidence=[evidence], by=editor, expected_version=item.version
        )

    assert race(answer(first), answer(second)) == sorted(["saved", ir_services.ITEM_STALE])
    assert IRUpload.objects.filter(item=item).count() == 1
    upload = IRUpload.objects.get(item=item)
    assert upload.path.exists()
    assert list(media_root.rglob(".incoming-*")) == []


def test_the_self_assessment_submitted_twice_at_once_is_submitted_once(trafford, ir_world):
    editor, ir, media_root = ir_world
    self_assessment = make_self_assessment(council=trafford, scores={"QS1": 3}, by=editor)
    version = make_self_assessment_version(self_assessment=self_assessment, by=editor)
    item = IRItem.objects.select_related("request__assessment__council").get(
        request=ir, key="self_assessment"
    )

    def submit():
        return workspace_services.ir_self_assessment_submit(
            item=item,
            version=version,
            by=editor,
            expected_version=item.version,
            today=ir.sent_on,
        )

    assert race(submit, submit) == sorted(["saved", ir_services.ITEM_STALE])
    assert IRUpload.objects.filter(item=item).count() == 2
    assert list(media_root.rglob(".incoming-*")) == []
