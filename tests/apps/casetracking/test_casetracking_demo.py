"""The demo case list: 50 made-up cases, 10 chosen, 6 in depth, a few notes; loaded once."""

import pytest

from ascassure.apps.casetracking.demo import demo_case_list_csv, demo_load
from ascassure.domain.casetracking import parse_case_list
from builders import make_assessment, make_user

pytestmark = pytest.mark.django_db


def test_the_demo_list_reads_cleanly_and_is_the_same_every_time():
    parsed = parse_case_list(demo_case_list_csv(), filename="demo.csv")
    assert len(parsed.cases) == 50 and parsed.problems == ()
    assert demo_case_list_csv() == demo_case_list_csv()
    for flag in ("hospital_discharge", "transition_from_childrens", "safeguarding_enquiry"):
        assert any(case.flag(flag) for case in parsed.cases), flag


def test_the_demo_loads_a_list_with_the_ten_and_the_six_chosen_once(trafford):
    assessment = make_assessment(council=trafford, stage="evidence_gathering")
    council, team = make_user(council=trafford), make_user(body_role="assessor")
    case_list = demo_load(assessment=assessment, uploaded_by=council, chosen_by=team)
    assert case_list.cases.count() == 50
    assert case_list.cases.filter(selected=True).count() == 10
    assert case_list.cases.filter(in_depth=True).count() == 6
    assert case_list.cases.filter(notes__isnull=False).distinct().count() == 3
    again = demo_load(assessment=assessment, uploaded_by=council, chosen_by=team)
    assert again.pk == case_list.pk and again.version == case_list.version
