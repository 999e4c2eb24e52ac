"""The information return: its template, due dates, progress and extensions."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascassure.domain.calendar import (
    ENGLAND_AND_WALES,
    TimelineSettings,
    WorkingCalendar,
    assessment_timeline,
)
from ascassure.domain.framework import load_framework
from ascassure.domain.inforeturn import (
    EXTENSION_DATE_NOT_LATER,
    EXTENSION_NEEDS_REASON,
    GRANTED_DATE_NOT_LATER,
    REFUSAL_NEEDS_REASON,
    DueRule,
    ExtensionDecision,
    ExtensionError,
    ExtensionRequest,
    IrTemplate,
    ItemKind,
    ItemStatus,
    Progress,
    RequestItem,
    TemplateError,
    TemplateItem,
    apply_extension,
    available_templates,
    build_request,
    grant_extension,
    load_template,
    load_template_file,
    parse_template,
    progress,
    refuse_extension,
    request_extension,
)

DEFAULT = load_template()


def request_item(key: str = "self_assessment", due: date = date(2026, 4, 13)) -> RequestItem:
    return RequestItem(key, key.replace("_", " "), "", ItemKind.DOCUMENT, ("QS1",), due)


# --- the shipped template -------------------------------------------------------------------


def test_the_default_template_ships_and_is_found_by_name() -> None:
    assert "default" in available_templates()
    assert DEFAULT.name == "default"
    assert DEFAULT.framework_version == "2025"
    assert 18 <= len(DEFAULT.items) <= 25


def test_the_default_template_asks_for_the_items_the_guidance_names() -> None:
    keys = {item.key for item in DEFAULT.items}
    assert {
        "self_assessment",
        "case_list",
        "market_position_statement",
        "complaints",
        "safeguarding_data",
        "workforce_data",
    } <= keys
    assert len(keys) == len(DEFAULT.items)


def test_every_default_item_is_tagged_with_real_quality_statements_and_a_kind() -> None:
    codes = set(load_framework("2025").qs_codes)
    for item in DEFAULT.items:
        assert item.qs_codes and set(item.qs_codes) <= codes, item.key
        assert item.kind in (ItemKind.DOCUMENT, ItemKind.DATA)
        assert item.title and item.description.endswith("."), item.key
    assert {code for item in DEFAULT.items for code in item.qs_codes} == codes
    assert {item.kind for item in DEFAULT.items} == {ItemKind.DOCUMENT, ItemKind.DATA}


def test_the_self_assessment_informs_every_statement_and_the_case_list_is_due_early() -> None:
    by_key = {item.key: item for item in DEFAULT.items}
    assert by_key["self_assessment"].qs_codes == load_framework().qs_codes
    assert by_key["case_list"].due is DueRule.EARLY
    assert by_key["case_list"].kind is ItemKind.DATA
    assert sum(item.due is DueRule.EARLY for item in DEFAULT.items) == 2


def test_an_unknown_template_name_lists_the_ones_there_are() -> None:
    with pytest.raises(TemplateError, match=r"unknown information return template 'x'.*default"):
        load_template("x")


# --- checking templates ---------------------------------------------------------------------

GOOD = """
name = "mini"
title = "Mini"
[[items]]
key = "a"
title = "A"
kind = "document"
qs = ["QS1", "Safeguarding"]
"""


def test_a_minimal_template_gets_defaults_and_titles_become_codes() -> None:
    template = parse_template(GOOD, "mini.toml")
    assert template == IrTemplate(
        name="mini",
        title="Mini",
        framework_version="2025",
        items=(TemplateItem("a", "A", "", ItemKind.DOCUMENT, ("QS1", "QS7")),),
    )


def test_a_template_file_on_disk_can_be_loaded(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_template_file(path).name == "mini"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kind = "document"', 'kind = "video"'), "t.toml: items[0].kind: 'video' is not"),
        (('qs = ["QS1", "Safeguarding"]', 'qs = ["QS10"]'), "unknown quality statement 'QS10'"),
        (('qs = ["QS1", "Safeguarding"]', "qs = []"), "items[0].qs: name at least one"),
        (('key = "a"', 'key = "A b"'), "items[0].key: 'A b' must be lower-case"),
        (('title = "A"', 'title = "  "'), "items[0].title: cannot be blank"),
        (('title = "A"', "title = 3"), "items[0].title: expected str, got 3"),
        (('kind = "document"', 'kind = "document"\ndue = "soon"'), "'soon' is not standard"),
        (('kind = "document"', 'kind = "document"\ndue_days = -2'), "cannot be negative"),
        (('kind = "document"', 'kind = "document"\ndue_days = true'), "expected int"),
        (('name = "mini"', 'name = "mini"\nframework = "1999"'), "framework: unknown framework"),
        (('name = "mini"', ""), "t.toml.name: missing"),
        (("[[items]]", "[[things]]"), "items: at least one item is needed"),
        (('title = "Mini"', 'title = "Mini'), "not valid TOML"),
    ],
)
def test_template_mistakes_name_the_file_and_the_field(
    change: tuple[str, str], message: str
) -> None:
    with pytest.raises(TemplateError) as error:
        parse_template(GOOD.replace(*change, 1), "t.toml")
    assert message in str(error.value)


def test_a_key_used_twice_is_refused() -> None:
    twice = GOOD + GOOD[GOOD.index("[[items]]") :]
    with pytest.raises(TemplateError, match=r"items\[1\].key: 'a' is used twice"):
        parse_template(twice, "t.toml")


# --- due dates ------------------------------------------------------------------------------


def test_due_dates_are_three_weeks_or_one_week_after_the_request() -> None:
    items = {i.key: i for i in build_request(DEFAULT, sent=date(2026, 2, 2))}  # a Monday
    assert items["self_assessment"].due == date(2026, 2, 23)
    assert items["case_list"].due == date(2026, 2, 9)
    assert items["contacts_and_structure"].due == date(2026, 2, 9)


def test_a_due_date_on_a_bank_holiday_moves_to_the_next_working_day() -> None:
    items = {i.key: i for i in build_request(DEFAULT, sent=date(2026, 3, 16))}
    assert items["self_assessment"].due == date(2026, 4, 7)  # 6 April is Easter Monday
    assert items["case_list"].due == date(2026, 3, 23)


def test_rolling_to_working_days_can_be_turned_off() -> None:
    settings = TimelineSettings(roll_to_working_day=False)
    items = {i.key: i for i in build_request(DEFAULT, sent=date(2026, 3, 16), settings=settings)}
    assert items["self_assessment"].due == date(2026, 4, 6)


def test_the_settings_change_the_due_dates() -> None:
    settings = TimelineSettings(ir_due_weeks=4, ir_early_items_days=3)
    items = {i.key: i for i in build_request(DEFAULT, sent=date(2026, 2, 2), settings=settings)}
    assert items["self_assessment"].due == date(2026, 3, 2)
    assert items["case_list"].due == date(2026, 2, 5)


def test_an_item_can_set_its_own_number_of_days() -> None:
    template = parse_template(GOOD.replace('kind = "document"', 'kind = "data"\ndue_days = 5'))
    (item,) = build_request(template, sent=date(2026, 2, 2))
    assert item.due == date(2026, 2, 9)  # 7 February is a Saturday


def test_extra_closures_in_the_calendar_are_respected() -> None:
    closed = WorkingCalendar(extra_closures=frozenset({date(2026, 2, 23)}))
    items = {i.key: i for i in build_request(DEFAULT, sent=date(2026, 2, 2), calendar=closed)}
    assert items["self_assessment"].due == date(2026, 2, 24)


def test_request_items_carry_the_template_text_and_tags() -> None:
    items = build_request(DEFAULT, sent=date(2026, 2, 2))
    assert [i.key for i in items] == [i.key for i in DEFAULT.items]
    assert all(
        (r.title, r.qs_codes, r.kind) == (t.title, t.qs_codes, t.kind)
        for r, t in zip(items, DEFAULT.items, strict=True)
    )


@given(st.dates(date(2024, 1, 1), date(2030, 12, 31)))
def test_due_dates_agree_with_the_assessment_timeline(sent: date) -> None:
    timeline = {m.key: m.date for m in assessment_timeline(sent)}
    items = {i.key: i for i in build_request(DEFAULT, sent=sent)}
    assert items["self_assessment"].due == timeline["ir_due"]
    assert items["case_list"].due == timeline["ir_early_items_due"]
    assert all(ENGLAND_AND_WALES.is_working_day(i.due) for i in items.values())


# --- progress -------------------------------------------------------------------------------

ITEMS = (
    request_item("a", date(2026, 2, 9)),
    request_item("b", date(2026, 2, 23)),
    request_item("c", date(2026, 2, 23)),
    request_item("d", date(2026, 2, 23)),
)


def test_progress_counts_complete_outstanding_and_overdue_items() -> None:
    statuses = {"b": ItemStatus.SUBMITTED, "c": ItemStatus.NOT_HELD}
    assert progress(ITEMS, statuses, today=date(2026, 2, 10)) == Progress(
        total=4,
        complete=2,
        outstanding=2,
        overdue=1,
        percent_complete=50,
        overdue_keys=("a",),
        next_due=date(2026, 2, 9),
    )


def test_an_item_is_not_overdue_on_its_due_date() -> None:
    assert progress(ITEMS, {}, today=date(2026, 2, 9)).overdue == 0
    assert progress(ITEMS, {}, today=date(2026, 2, 10)).overdue == 1
    assert progress(ITEMS, {}, today=date(2026, 2, 24)).overdue_keys == ("a", "b", "c", "d")


def test_the_percentage_rounds_down_so_100_means_everything_is_in() -> None:
    three = ITEMS[:3]
    two_of_three = {"a": ItemStatus.SUBMITTED, "b": ItemStatus.SUBMITTED}
    assert progress(three, two_of_three, today=date(2026, 2, 1)).percent_complete == 66
    statuses = dict.fromkeys("abcd", ItemStatus.SUBMITTED)
    done = progress(ITEMS, statuses, today=date(2026, 3, 1))
    assert (done.percent_complete, done.outstanding, done.overdue, done.next_due) == (
        100,
        0,
        0,
        None,
    )
    assert progress(ITEMS, {"d": ItemStatus.OUTSTANDING}, today=date(2026, 2, 1)).complete == 0


def test_statuses_for_items_not_in_the_request_are_refused() -> None:
    with pytest.raises(ValueError, match="not in the request: zz"):
        progress(ITEMS, {"zz": ItemStatus.SUBMITTED}, today=date(2026, 2, 1))


@given(
    statuses=st.fixed_dictionaries({}, optional=dict.fromkeys("abcd", st.sampled_from(ItemStatus))),
    today=st.dates(date(2026, 1, 1), date(2026, 4, 1)),
)
def test_progress_counts_always_add_up(statuses: dict[str, ItemStatus], today: date) -> None:
    result = progress(ITEMS, statuses, today=today)
    assert result.complete + result.outstanding == result.total == 4
    assert 0 <= result.overdue <= result.outstanding
    assert result.percent_complete == 25 * result.complete


# --- extensions -----------------------------------------------------------------------------


def test_an_extension_request_needs_a_reason_and_a_later_date() -> None:
    item = request_item(due=date(2026, 4, 13))
    with pytest.raises(ExtensionError) as error:
        request_extension(item, requested_due=date(2026, 4, 13), reason="  ")
    assert error.value.reasons == (EXTENSION_NEEDS_REASON, EXTENSION_DATE_NOT_LATER)
    with pytest.raises(ExtensionError) as error:
        request_extension(item, requested_due=date(2026, 4, 20), reason="")
    assert error.value.reasons == (EXTENSION_NEEDS_REASON,)
    request = request_extension(
        item, requested_due=date(2026, 4, 20), reason=" Our data lead is off sick. "
    )
    assert request == ExtensionRequest(
        "self_assessment", date(2026, 4, 13), date(2026, 4, 20), "Our data lead is off sick."
    )


def test_a_granted_extension_moves_the_due_date() -> None:
    item = request_item(due=date(2026, 4, 13))
    request = request_extension(item, requested_due=date(2026, 4, 24), reason="Sickness.")
    asked = grant_extension(request)
    assert asked == ExtensionDecision("self_assessment", True, date(2026, 4, 24), "")
    shorter = grant_extension(request, new_due=date(2026, 4, 17), reason="One week is enough.")
    assert apply_extension(item, shorter).due == date(2026, 4, 17)
    assert progress([apply_extension(item, shorter)], {}, today=date(2026, 4, 15)).overdue == 0


def test_a_grant_must_give_a_date_after_the_current_due_date() -> None:
    item = request_item(due=date(2026, 4, 13))
    request = request_extension(item, requested_due=date(2026, 4, 24), reason="Sickness.")
    for day in (date(2026, 4, 13), date(2026, 4, 1)):
        with pytest.raises(ExtensionError) as error:
            grant_extension(request, new_due=day)
        assert error.value.reasons == (GRANTED_DATE_NOT_LATER,)


def test_a_refusal_needs_a_reason_and_leaves_the_due_date() -> None:
    item = request_item(due=date(2026, 4, 13))
    request = request_extension(item, requested_due=date(2026, 4, 24), reason="Sickness.")
    with pytest.raises(ExtensionError) as error:
        refuse_extension(request, reason=" ")
    assert str(error.value) == REFUSAL_NEEDS_REASON
    refused = refuse_extension(request, reason="The on-site dates are fixed.")
    assert refused == ExtensionDecision(
        "self_assessment", False, None, "The on-site dates are fixed."
    )
    assert apply_extension(item, refused) == item


def test_a_decision_applies_only_to_its_own_item() -> None:
    request = request_extension(request_item(), requested_due=date(2026, 5, 1), reason="Why.")
    with pytest.raises(ValueError, match="about 'self_assessment', not 'complaints'"):
        apply_extension(request_item("complaints"), grant_extension(request))


@given(st.integers(-10, 30))
def test_granted_dates_are_always_after_the_due_date(days: int) -> None:
    item = request_item(due=date(2026, 4, 13))
    wanted = item.due + timedelta(days=days)
    if days <= 0:
        with pytest.raises(ExtensionError):
            request_extension(item, requested_due=wanted, reason="Reason.")
        return
    decision = grant_extension(request_extension(item, requested_due=wanted, reason="Reason."))
    assert decision.new_due is not None and decision.new_due > item.due
