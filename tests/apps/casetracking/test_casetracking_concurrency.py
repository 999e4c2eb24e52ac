"""Two team members saving the selection at the same moment, in two real transactions: one
wins, the other is refused; and two first uploads at once store one list."""

import threading

import pytest
from django.db import connection

from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.casetracking import services
from ascassure.apps.casetracking.models import Case, CaseList
from builders import case_list_csv, make_assessment, make_case_list, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="the in-memory test database is shared-cache SQLite"
    ),
]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Transactional tests empty the database after each one: load the councils again."""
    from ascassure.apps.councils.services import reference_data_load

    reference_data_load()


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
        thread.join(timeout=30)
    return sorted(outcomes)


def test_two_simultaneous_selections_from_the_same_version_one_is_refused(trafford):
    lead = make_user(body_role="national_lead")
    case_list = make_case_list(assessment=make_assessment(council=trafford), by=lead)
    ids = [c.case_id for c in case_list.cases.order_by("position")]

    def choose(chosen):
        return lambda: services.case_selection_save(
            case_list=case_list, case_ids=chosen, by=lead, expected_version=1
        )

    assert race(choose(ids[:10]), choose(ids[10:20])) == sorted(["saved", services.STALE_SELECTION])
    assert Case.objects.filter(selected=True).count() == 10


def test_two_simultaneous_first_uploads_store_one_list(trafford):
    editor = make_user(council=trafford)
    assessment = make_assessment(council=trafford, stage="ir_open")

    def upload(rows):
        return lambda: services.case_list_upload(
            assessment=assessment,
            data=case_list_csv(rows=rows),
            filename=f"{rows}.csv",
            by=editor,
            expected_version=0,
        )

    assert race(upload(20), upload(30)) == sorted(["saved", services.STALE_LIST])
    case_list = CaseList.objects.get()
    assert case_list.cases.count() == int(case_list.original_name.split(".")[0])
