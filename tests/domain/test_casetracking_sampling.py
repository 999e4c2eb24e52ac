"""Case tracking: proposing the samples, choosing in depth, and how they compare."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ascassure.domain.casetracking import (
    DEFAULT_CRITERIA,
    FLAG_FIELDS,
    CaseRecord,
    CriteriaSet,
    Criterion,
    natural_key,
    propose_in_depth,
    propose_sample,
    representativeness,
)


def make_case(case_id: str, age: str = "", psr: str = "", *flags: str) -> CaseRecord:
    return CaseRecord(
        case_id=case_id,
        age_band=age,
        primary_support_reason=psr,
        **{flag: True for flag in flags},  # type: ignore[arg-type]
    )


# --- proposing the sample -------------------------------------------------------------------

SMALL_LIST = [
    make_case("C1", "18-64", "Mental health support", "hospital_discharge"),
    make_case("C2", "65-74", "Personal care", "unpaid_carer", "safeguarding_enquiry"),
    make_case("C3", "18-64", "Learning disability support", "transition_from_childrens"),
    make_case("C4", "85+", "Personal care", "reablement", "hospital_discharge"),
    make_case("C5", "75-84", "Memory and cognition"),
    make_case("C6", "18-64", "Personal care"),
]


def test_the_sample_covers_every_criterion_greedily_then_spreads() -> None:
    sample = propose_sample(SMALL_LIST, size=5)
    # C2 and C4 each cover two criteria; C2 wins on case ID. C3 is the only transition.
    # Then C5 adds two new values (75-84, Memory and cognition), C1 one; C6 adds none.
    assert sample.case_ids == ("C2", "C4", "C3", "C5", "C1")
    assert sample.unmet == ()
    assert sample.notes == ()
    assert [c.covers for c in sample.choices] == [
        ("unpaid carer", "safeguarding enquiry"),
        ("hospital discharge", "reablement"),
        ("transition from children's services",),
        (),
        (),
    ]
    assert sample.choices[0].reason == (
        "Chosen to cover unpaid carer and safeguarding enquiry; it also adds "
        "age band '65-74' and primary support reason 'Personal care'."
    )
    assert sample.choices[1].reason == (
        "Chosen to cover hospital discharge and reablement; it also adds age band '85+'."
    )
    assert sample.choices[3].reason == (
        "Chosen for spread: adds age band '75-84' and primary support reason "
        "'Memory and cognition'."
    )


def test_coverage_counts_each_criterion_in_the_list_and_in_the_sample() -> None:
    sample = propose_sample(SMALL_LIST, size=3)
    assert sample.case_ids == ("C2", "C4", "C3")
    by_key = {c.key: (c.in_list, c.in_sample, c.met) for c in sample.coverage}
    assert by_key == {
        "hospital_discharge": (2, 1, True),
        "transition_from_childrens": (1, 1, True),
        "unpaid_carer": (1, 1, True),
        "safeguarding_enquiry": (1, 1, True),
        "reablement": (1, 1, True),
    }


def test_when_no_case_adds_a_new_value_the_least_represented_group_is_chosen() -> None:
    cases = [
        make_case("A", "18-64", "Personal care"),
        make_case("B", "18-64", "Personal care"),
        make_case("C", "85+", "Memory and cognition"),
        make_case("D", "85+", "Memory and cognition"),
        make_case("E", "85+", "Personal care"),
    ]
    criteria = CriteriaSet(())
    sample = propose_sample(cases, size=4, criteria=criteria)
    # A: 2 new; C: 2 new; then nothing new: B (1+1 chosen) ties D (1+1), B wins on ID;
    # then D (85+ 1, Memory 1) beats E (85+ 1, Personal care 2).
    assert sample.case_ids == ("A", "C", "B", "D")
    assert sample.choices[2].reason == (
        "Chosen for balance: age band '18-64' and primary support reason 'Personal care' "
        "have the fewest cases chosen so far."
    )


def test_criteria_no_case_meets_are_reported_as_unmet() -> None:
    cases = [c for c in SMALL_LIST if not c.reablement]
    sample = propose_sample(cases, size=10)
    assert [c.key for c in sample.unmet] == ["reablement"]
    assert "The list has no case of reablement; the sample needs at least 1." in sample.notes


def test_a_minimum_the_list_cannot_reach_is_reported_with_the_number_there_is() -> None:
    criteria = DEFAULT_CRITERIA.with_minimums({"hospital_discharge": 3})
    sample = propose_sample(SMALL_LIST, size=10, criteria=criteria)
    assert [c.key for c in sample.unmet] == ["hospital_discharge"]
    assert sample.notes[-1] == (
        "The list has only 2 cases of hospital discharge; the sample needs at least 3."
    )


def test_a_sample_too_small_for_its_criteria_says_so() -> None:
    sample = propose_sample(SMALL_LIST, size=2)
    assert sample.case_ids == ("C2", "C4")
    assert [c.key for c in sample.unmet] == ["transition_from_childrens"]
    assert sample.notes == (
        "The sample of 2 is too small to include 1 cases of transition from children's "
        "services as well as the other criteria.",
    )


def test_a_size_larger_than_the_list_chooses_every_case() -> None:
    sample = propose_sample(SMALL_LIST, size=10)
    assert sorted(sample.case_ids) == ["C1", "C2", "C3", "C4", "C5", "C6"]
    assert sample.notes == (
        "The list has only 6 cases, fewer than the 10 wanted: all of them are chosen.",
    )


def test_ties_are_broken_by_case_id_in_natural_order() -> None:
    cases = [make_case(i, "18-64", "Personal care") for i in ("C10", "C9", "C2", "C1a")]
    assert propose_sample(cases, size=4, criteria=CriteriaSet(())).case_ids == (
        "C1a",
        "C2",
        "C9",
        "C10",
    )


def test_the_natural_key_orders_numbers_by_value_whatever_the_case() -> None:
    values = ["C10", "c2", "65-74", "C1a", "18-25", "C2"]
    assert sorted(values, key=natural_key) == ["18-25", "65-74", "C1a", "C2", "c2", "C10"]


def test_a_criterion_and_its_coverage_are_titled_with_a_capital_only_at_the_start() -> None:
    criterion = Criterion("dols", "deprivation of Liberty (DoLS)", 2)
    assert criterion.title == "Deprivation of Liberty (DoLS)"
    [covered] = propose_sample(SMALL_LIST, size=1, criteria=CriteriaSet((criterion,))).coverage
    assert covered.title == criterion.title
    assert Criterion("x", "").title == ""


def test_a_custom_criterion_can_use_an_extra_yes_no_column() -> None:
    cases = [
        make_case("C1", "18-64", "Personal care"),
        replace(make_case("C2", "18-64", "Personal care"), extra=(("Self-funder", "yes"),)),
    ]
    criteria = CriteriaSet((Criterion("self_funder", "self-funder"),))
    sample = propose_sample(cases, size=1, criteria=criteria)
    assert sample.case_ids == ("C2",)
    assert sample.choices[0].covers == ("self-funder",)


def test_criteria_sets_refuse_repeated_keys_and_unknown_minimums() -> None:
    with pytest.raises(ValueError, match="only once"):
        CriteriaSet((Criterion("reablement", "a"), Criterion("reablement", "b")))
    with pytest.raises(KeyError):
        DEFAULT_CRITERIA.with_minimums({"self_funder": 2})
    with pytest.raises(ValueError, match="cannot be negative"):
        Criterion("reablement", "reablement", -1)


def test_duplicate_case_ids_in_the_input_are_refused() -> None:
    with pytest.raises(ValueError, match="'C1' appears more than once"):
        propose_sample([make_case("C1"), make_case("C1")])


# --- in depth -------------------------------------------------------------------------------


def test_the_in_depth_cases_come_from_the_sample_and_cover_the_criteria_first() -> None:
    fifty = [
        make_case(
            f"P{i:02d}",
            ("18-64", "65-74", "75-84", "85+")[i % 4],
            ("Personal care", "Memory and cognition", "Mental health support")[i % 3],
            *[flag for j, flag in enumerate(FLAG_FIELDS) if i % (j + 2) == 0],
        )
        for i in range(1, 51)
    ]
    sample = propose_sample(fifty)
    assert len(sample.case_ids) == 10 and sample.unmet == ()
    in_depth = propose_in_depth(fifty, sample)
    assert len(in_depth.case_ids) == 6
    assert set(in_depth.case_ids) <= set(sample.case_ids)
    assert in_depth.unmet == ()
    chosen = [c for c in fifty if c.case_id in sample.case_ids]
    assert {c.key: c.in_list for c in in_depth.coverage} == {
        flag: sum(c.flag(flag) for c in chosen) for flag in FLAG_FIELDS
    }
    assert propose_in_depth(fifty, list(sample.case_ids)) == in_depth


def test_the_in_depth_choice_refuses_cases_not_in_the_list() -> None:
    with pytest.raises(ValueError, match="not in the list: Z9"):
        propose_in_depth(SMALL_LIST, ["C1", "Z9"])


def test_the_in_depth_notes_speak_of_the_sample_not_the_list() -> None:
    sample = propose_sample(SMALL_LIST, size=3)
    in_depth = propose_in_depth(SMALL_LIST, sample, size=6)
    assert in_depth.notes == (
        "The sample has only 3 cases, fewer than the 6 wanted: all of them are chosen.",
    )


# --- properties -----------------------------------------------------------------------------

case_lists = st.lists(
    st.builds(
        make_case,
        st.from_regex(r"[A-C][0-9]{1,3}", fullmatch=True),
        st.sampled_from(["", "18-64", "65-74", "75-84", "85+"]),
        st.sampled_from(["", "Personal care", "Memory and cognition", "Learning disability"]),
    ),
    max_size=40,
    unique_by=lambda c: c.case_id,
).flatmap(
    lambda cases: st.tuples(
        *[
            st.builds(
                lambda case, flags: replace(case, **dict(zip(FLAG_FIELDS, flags, strict=True))),
                st.just(c),
                st.tuples(*[st.booleans() for _ in FLAG_FIELDS]),
            )
            for c in cases
        ]
    ).map(list)
)


@settings(max_examples=150, deadline=None)
@given(cases=case_lists, size=st.integers(0, 15), seed=st.integers(0, 2**32))
def test_the_sample_does_not_depend_on_the_order_of_the_list(
    cases: list[CaseRecord], size: int, seed: int
) -> None:
    shuffled = list(cases)
    random.Random(seed).shuffle(shuffled)
    first = propose_sample(cases, size=size)
    assert propose_sample(cases, size=size) == first
    assert propose_sample(shuffled, size=size) == first


@settings(max_examples=150, deadline=None)
@given(cases=case_lists, size=st.integers(0, 15))
def test_the_sample_is_the_right_size_without_repeats(cases: list[CaseRecord], size: int) -> None:
    sample = propose_sample(cases, size=size)
    assert len(sample.case_ids) == min(size, len(cases))
    assert len(set(sample.case_ids)) == len(sample.case_ids)
    assert set(sample.case_ids) <= {c.case_id for c in cases}
    assert [c.case_id for c in sample.choices] == list(sample.case_ids)


@settings(max_examples=150, deadline=None)
@given(cases=case_lists, size=st.integers(5, 15))
def test_with_room_for_every_minimum_only_impossible_criteria_go_unmet(
    cases: list[CaseRecord], size: int
) -> None:
    sample = propose_sample(cases, size=size)
    assert {c.key for c in sample.unmet} == {
        c.key for c in sample.coverage if c.in_list < c.minimum
    }


# --- representativeness ---------------------------------------------------------------------


def test_representativeness_compares_shares_in_the_list_and_the_sample() -> None:
    cases = [
        make_case("C1", "18-64", "Personal care", "unpaid_carer"),
        make_case("C2", "18-64", "Personal care"),
        make_case("C3", "18-64", "Mental health support"),
        make_case("C4", "85+", "Personal care", "unpaid_carer", "hospital_discharge"),
        make_case("C5", "", "Personal care"),
    ]
    result = representativeness(cases, ["C1", "C4"])
    age = result.attribute("age_band")
    assert [(s.value, s.in_list, s.in_sample) for s in age.shares] == [
        ("18-64", 3, 1),
        ("85+", 1, 1),
        ("not recorded", 1, 0),
    ]
    assert [(s.list_percent, s.sample_percent) for s in age.shares] == [(60, 50), (20, 50), (20, 0)]
    carer = result.attribute("unpaid_carer").shares[0]
    assert (carer.in_list, carer.list_percent, carer.in_sample, carer.sample_percent) == (
        2,
        40,
        2,
        100,
    )
    assert result.summary == (
        "Age band: every value in the list is in the sample.",
        "Primary support reason: 1 of 2 values in the list have no case in the sample: "
        "'Mental health support' (20% of the list).",
        "Hospital discharge: 20% of the list, 50% of the sample (more in the sample than in "
        "the list).",
        "Transition from children's services: 0% of the list, 0% of the sample (similar).",
        "Unpaid carer: 40% of the list, 100% of the sample (more in the sample than in the list).",
        "Safeguarding enquiry: 0% of the list, 0% of the sample (similar).",
        "Reablement: 0% of the list, 0% of the sample (similar).",
    )


def test_representativeness_of_an_empty_choice_has_no_sample_percentages() -> None:
    result = representativeness(SMALL_LIST, [])
    assert result.attribute("reablement").shares[0].sample_percent is None
    assert "Reablement: no cases to compare." in result.summary


def test_representativeness_accepts_a_sample_and_refuses_unknown_cases() -> None:
    sample = propose_sample(SMALL_LIST, size=3)
    assert representativeness(SMALL_LIST, sample) == representativeness(SMALL_LIST, sample.case_ids)
    with pytest.raises(ValueError, match="not in the list: Q1"):
        representativeness(SMALL_LIST, ["Q1"])
