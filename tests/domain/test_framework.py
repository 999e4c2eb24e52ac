"""The versioned framework data and its loader."""

from __future__ import annotations

import doctest
import re
from datetime import date
from pathlib import Path

import pytest

import ascassure.domain.framework as framework_package
from ascassure.domain.framework import (
    DEFAULT_VERSION,
    Framework,
    FrameworkError,
    Limiter,
    QsPercentBand,
    Rating,
    RatingBand,
    Rounding,
    ScoringMethod,
    available_versions,
    load_framework,
    load_framework_file,
)

DATA = Path(framework_package.__file__).parent / "data"
CURRENT_TEXT = (DATA / "2025.toml").read_text(encoding="utf-8")
LEGACY_TEXT = (DATA / "2023.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "draft.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edited(text: str, old: str, new: str) -> str:
    assert old in text, f"test setup: {old!r} is not in the framework file"
    return text.replace(old, new, 1)


def load_error(tmp_path: Path, text: str, name: str = "draft.toml") -> str:
    with pytest.raises(FrameworkError) as caught:
        load_framework_file(write(tmp_path, text, name))
    return str(caught.value)


# --- what ships ---------------------------------------------------------------------------


def test_the_shipped_versions_are_2023_and_2025_and_2025_is_the_default() -> None:
    assert available_versions() == ("2023", "2025")
    assert DEFAULT_VERSION == "2025"
    assert load_framework().version == "2025"


@pytest.mark.parametrize("version", ["2023", "2025"])
def test_each_version_has_four_themes_and_nine_statements_in_order(version: str) -> None:
    fw = load_framework(version)
    assert [t.code for t in fw.themes] == ["T1", "T2", "T3", "T4"]
    assert [t.title for t in fw.themes] == [
        "Working with people",
        "Providing support",
        "Ensuring safety within the system",
        "Leadership",
    ]
    assert [qs.code for qs in fw.statements] == [f"QS{n}" for n in range(1, 10)]
    assert [qs.number for qs in fw.statements] == list(range(1, 10))
    assert [qs.theme for qs in fw.statements] == [
        "T1", "T1", "T1", "T2", "T2", "T3", "T3", "T4", "T4",
    ]  # fmt: skip
    assert fw.statements[5].title == "Safe systems, pathways and transitions"
    assert all(qs.we_summary for qs in fw.statements)


def test_the_legacy_version_scores_categories_and_the_current_one_uses_judgement() -> None:
    legacy, current = load_framework("2023"), load_framework("2025")
    assert legacy.scoring_method is ScoringMethod.CATEGORY
    assert current.scoring_method is ScoringMethod.JUDGEMENT
    assert legacy.qs_percent_bands == (
        QsPercentBand(1, 25, 38),
        QsPercentBand(2, 39, 62),
        QsPercentBand(3, 63, 87),
        QsPercentBand(4, 88, 100),
    )
    assert current.qs_percent_bands == ()
    assert legacy.effective_from < current.effective_from


@pytest.mark.parametrize("version", ["2023", "2025"])
def test_rating_bands_and_rounding_match_the_published_method(version: str) -> None:
    fw = load_framework(version)
    assert fw.rating_bands == (
        RatingBand(Rating.INADEQUATE, 25, 38),
        RatingBand(Rating.REQUIRES_IMPROVEMENT, 39, 62),
        RatingBand(Rating.GOOD, 63, 87),
        RatingBand(Rating.OUTSTANDING, 88, 100),
    )
    assert fw.rounding is Rounding.UP
    assert fw.qs_percent_rounding is Rounding.UP
    assert fw.limiter is None
    assert fw.rating_characteristics == ()


def test_score_meanings_run_from_significant_shortfalls_to_exceptional_standard() -> None:
    fw = load_framework()
    assert [(m.score, m.label) for m in fw.score_meanings] == [
        (1, "Significant shortfalls"),
        (2, "Some shortfalls"),
        (3, "Good standard"),
        (4, "Exceptional standard"),
    ]
    assert fw.score_meaning(3).label == "Good standard"
    with pytest.raises(KeyError):
        fw.score_meaning(5)


def test_all_six_evidence_categories_exist_and_four_are_used_for_councils() -> None:
    fw = load_framework()
    assert {c.code: c.used for c in fw.categories} == {
        "people": True,
        "staff_leaders": True,
        "partners": True,
        "processes": True,
        "outcomes": False,
        "observation": False,
    }
    assert [c.code for c in fw.used_categories] == [
        "people",
        "staff_leaders",
        "partners",
        "processes",
    ]
    assert fw.category("outcomes").title == "Outcomes"


def test_every_statement_takes_the_four_used_categories_by_default() -> None:
    fw = load_framework()
    for qs in fw.statements:
        assert fw.categories_for(qs.code) == fw.used_categories


def test_the_secretary_of_states_five_priorities_are_listed() -> None:
    fw = load_framework()
    assert [p.code for p in fw.priorities] == [
        "access",
        "personalisation",
        "commissioning",
        "market",
        "workforce",
    ]
    assert fw.priorities[0].title == "Access to care, including hospital discharge"


def test_loading_is_cached_per_version() -> None:
    assert load_framework("2023") is load_framework("2023")
    assert load_framework() is load_framework(DEFAULT_VERSION)
    assert load_framework("2023") is not load_framework("2025")


def test_an_unknown_version_is_refused_with_the_available_ones_named() -> None:
    with pytest.raises(
        FrameworkError, match=r"unknown framework version '2099' \(available: 2023, 2025\)"
    ):
        load_framework("2099")


def test_a_copied_file_loads_to_an_equal_framework(tmp_path: Path) -> None:
    assert load_framework_file(write(tmp_path, CURRENT_TEXT)) == load_framework("2025")
    assert load_framework_file(write(tmp_path, LEGACY_TEXT)) == load_framework("2023")


def test_the_package_docstring_examples_run() -> None:
    outcome = doctest.testmod(framework_package)
    assert outcome.attempted > 0
    assert outcome.failed == 0


# --- finding things -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["QS4", "qs4", " Qs 4 ", "qs\t4"])
def test_statements_are_found_by_code_in_any_case_and_spacing(text: str) -> None:
    assert load_framework().statement(text).code == "QS4"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Care provision, integration and continuity", "QS4"),
        ("  care PROVISION,   integration and continuity ", "QS4"),
        ("Safe pathways, systems and transitions", "QS6"),
        ("safe systems, pathways and transitions", "QS6"),
        ("Supporting people to lead healthier lives", "QS2"),
        ("Equity in experiences and outcomes", "QS3"),
        ("safeguarding", "QS7"),
    ],
)
def test_statements_are_found_by_title_or_alias_ignoring_case_and_spaces(
    text: str, code: str
) -> None:
    assert load_framework().statement(text).code == code


def test_an_unknown_statement_raises_key_error_naming_what_was_asked() -> None:
    with pytest.raises(KeyError, match=r"no quality statement 'QS10' in framework 2025"):
        load_framework().statement("QS10")
    with pytest.raises(KeyError):
        load_framework().statement("safe guarding")  # spacing inside a title is not ignored


def test_themes_are_found_by_code_and_list_their_statements() -> None:
    fw = load_framework()
    assert fw.theme("t3").title == "Ensuring safety within the system"
    assert [qs.code for qs in fw.statements_in("T3")] == ["QS6", "QS7"]
    assert [qs.code for qs in fw.statements_in("T4")] == ["QS8", "QS9"]
    with pytest.raises(KeyError, match="no theme 'T9'"):
        fw.theme("T9")


def test_categories_for_accepts_a_title_and_follows_a_narrower_mapping(tmp_path: Path) -> None:
    text = edited(
        CURRENT_TEXT,
        'title = "Assessing needs"\n',
        'title = "Assessing needs"\ncategories = ["processes", "people"]\n',
    )
    fw = load_framework_file(write(tmp_path, text))
    # Framework order, not the order the file lists them in.
    assert [c.code for c in fw.categories_for("assessing needs")] == ["people", "processes"]
    assert len(fw.categories_for("QS2")) == 4


# --- optional sections --------------------------------------------------------------------


def test_a_limiter_and_rating_characteristics_load_when_a_version_carries_them(
    tmp_path: Path,
) -> None:
    text = (
        CURRENT_TEXT
        + '\n[limiter]\nmax_score = 1\ncap = "requires improvement"\n'
        + '\n[[rating_characteristics]]\nqs = "QS1"\nrating = "Good"\ntext = "Needs are met."\n'
    )
    fw = load_framework_file(write(tmp_path, text))
    assert fw.limiter == Limiter(max_score=1, cap=Rating.REQUIRES_IMPROVEMENT)
    assert len(fw.rating_characteristics) == 1
    assert fw.rating_characteristics[0].rating is Rating.GOOD


def test_rounding_defaults_to_up_when_a_file_leaves_it_out(tmp_path: Path) -> None:
    text = edited(CURRENT_TEXT, 'rounding = "up"\n', "")
    text = edited(text, 'qs_percent_rounding = "up"\n', "")
    fw = load_framework_file(write(tmp_path, text))
    assert fw.rounding is Rounding.UP
    assert fw.qs_percent_rounding is Rounding.UP


def test_rounding_can_be_set_per_version(tmp_path: Path) -> None:
    text = edited(CURRENT_TEXT, 'rounding = "up"\n', 'rounding = "half_up"\n')
    assert load_framework_file(write(tmp_path, text)).rounding is Rounding.HALF_UP


def test_the_legacy_file_documents_the_62_and_a_half_percent_ambiguity() -> None:
    assert "62.5%" in LEGACY_TEXT
    assert re.search(r"5 of 8 or 10 of 16", LEGACY_TEXT)


# --- every malformed file fails with the file and the field named --------------------------


def test_malformed_toml_names_the_file(tmp_path: Path) -> None:
    message = load_error(tmp_path, CURRENT_TEXT + "\n[[themes]\n", "broken.toml")
    assert message.startswith("broken.toml: not valid TOML:")


def test_an_unreadable_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match=r"^absent\.toml: cannot read the file"):
        load_framework_file(tmp_path / "absent.toml")


def test_an_unknown_theme_reference_is_reported_with_its_position(tmp_path: Path) -> None:
    text = edited(
        LEGACY_TEXT,
        'theme = "T2"\ntitle = "Care provision',
        'theme = "T9"\ntitle = "Care provision',
    )
    assert load_error(tmp_path, text, "2023.toml") == (
        "2023.toml: statements[3].theme: unknown theme 'T9'"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('title = "Assessing councils', 'heading = "Assessing councils', "heading: unknown field"),
        (
            'title = "Assessing councils\' adult social care (QS-level judgement)"\n',
            "",
            "title: missing",
        ),
        ('version = "2025"\n', "", "version: missing"),
        ("[[rating_bands]]", "[[rating_band]]", "rating_band: unknown field"),
        (
            'code = "T1"\nnumber = 1\n',
            'code = "T1"\nnumber = "one"\n',
            "themes[0].number: must be a whole number (got 'one')",
        ),
        (
            'code = "T1"\nnumber = 1\n',
            'code = "T1"\nnumber = true\n',
            "themes[0].number: must be a whole number (got True)",
        ),
        (
            'code = "people"\ntitle = "People\'s experience"\nused = true',
            'code = "people"\ntitle = "People\'s experience"\nused = "yes"',
            "categories[0].used: must be true or false",
        ),
        (
            "effective_from = 2025-06-30",
            'effective_from = "June 2025"',
            "effective_from: must be a date",
        ),
        (
            "effective_from = 2025-06-30",
            "effective_from = 2025-06-30T09:00:00",
            "effective_from: must be a date",
        ),
        (
            'scoring_method = "judgement"',
            'scoring_method = "vibes"',
            "scoring_method: unknown value 'vibes' (expected one of: category, judgement)",
        ),
        ('rounding = "up"', 'rounding = "sideways"', "rounding: unknown value 'sideways'"),
        (
            'title = "Assessing needs"\n',
            'title = "Assessing needs"\nsummary = "x"\n',
            "statements[0].summary: unknown field",
        ),
        (
            'title = "Assessing needs"\n',
            "title = 7\n",
            "statements[0].title: must be non-empty text (got 7)",
        ),
        (
            'aliases = ["Supporting people',
            'aliases = [3, "Supporting people',
            "statements[1].aliases[0]: must be non-empty text (got 3)",
        ),
        (
            'code = "QS2"',
            'code = "QS1"',
            "statements[1].code: duplicate statement code 'qs1' "
            "(already used at statements[0].code)",
        ),
        (
            'code = "T2"\nnumber = 2',
            'code = "T1"\nnumber = 2',
            "themes[1].code: duplicate theme code",
        ),
        (
            'code = "outcomes"',
            'code = "people"',
            "categories[4].code: duplicate category code 'people'",
        ),
        (
            'code = "market"',
            'code = "access"',
            "priorities[3].code: duplicate priority code 'access'",
        ),
        (
            'code = "QS2"\nnumber = 2',
            'code = "QS2"\nnumber = 1',
            "statements[1].number: statements must be in increasing number order (1 after 1)",
        ),
        (
            'aliases = ["Equity in experiences and outcomes"]',
            'aliases = ["Assessing needs"]',
            "statements[2].aliases[0]: duplicate title or alias 'assessing needs'",
        ),
        (
            'aliases = ["Equity in experiences and outcomes"]',
            'aliases = ["QS 9"]',
            "'qs 9' reads like the statement code at statements[8].code",
        ),
        (
            'title = "Assessing needs"\n',
            'title = "Assessing needs"\ncategories = ["people", "feelings"]\n',
            "statements[0].categories[1]: unknown category 'feelings'",
        ),
        (
            'title = "Assessing needs"\n',
            'title = "Assessing needs"\ncategories = ["observation"]\n',
            "statements[0].categories[0]: category 'observation' is marked used = false",
        ),
        (
            'title = "Assessing needs"\n',
            'title = "Assessing needs"\ncategories = ["people", "people"]\n',
            "statements[0].categories[1]: duplicate category 'people'",
        ),
        (
            'title = "Assessing needs"\n',
            'title = "Assessing needs"\ncategories = []\n',
            "statements[0].categories: must name at least one category",
        ),
        (
            "score = 4\nlabel",
            "score = 5\nlabel",
            "score_meanings: must give scores 1, 2, 3, 4 in order (got (1, 2, 3, 5))",
        ),
        (
            'rating = "Good"',
            'rating = "Splendid"',
            "rating_bands[2].rating: unknown rating 'Splendid'",
        ),
        (
            'rating = "Good"',
            'rating = "Outstanding"',
            "rating_bands: must list Inadequate, Requires improvement, Good, Outstanding "
            "once each, worst first",
        ),
        (
            "low = 39\nhigh = 62",
            "low = 40\nhigh = 62",
            "rating_bands[1].low: gap: nothing covers 39..39",
        ),
        (
            "low = 39\nhigh = 62",
            "low = 37\nhigh = 62",
            "rating_bands[1].low: overlap: 37..38 is already covered",
        ),
        (
            "low = 25\nhigh = 38",
            "low = 20\nhigh = 38",
            "rating_bands[0].low: the first band must start at 25",
        ),
        (
            "low = 88\nhigh = 100",
            "low = 88\nhigh = 99",
            "rating_bands[3].high: the last band must end at 100",
        ),
        ("low = 63\nhigh = 87", "low = 63\nhigh = 60", "rating_bands[2]: low 63 is above high 60"),
    ],
)
def test_each_malformed_field_is_refused_with_its_file_and_path(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    message = load_error(tmp_path, edited(CURRENT_TEXT, old, new), "2025.toml")
    assert message.startswith("2025.toml: ")
    assert expected in message


def test_an_empty_required_list_is_refused(tmp_path: Path) -> None:
    text = re.sub(r"\[\[themes\]\]\n(?:.+\n)+?\n", "", CURRENT_TEXT)
    text = "themes = []\n" + text
    assert "themes: must not be empty" in load_error(tmp_path, text)


def test_a_file_with_no_used_category_is_refused(tmp_path: Path) -> None:
    text = CURRENT_TEXT.replace("used = true", "used = false")
    assert "categories: at least one category must have used = true" in load_error(tmp_path, text)


def test_the_legacy_method_without_qs_percentage_bands_is_refused(tmp_path: Path) -> None:
    text = edited(CURRENT_TEXT, 'scoring_method = "judgement"', 'scoring_method = "category"')
    assert "qs_percent_bands: needed when scoring_method is 'category'" in load_error(
        tmp_path, text
    )


def test_qs_percentage_bands_with_a_gap_are_refused(tmp_path: Path) -> None:
    start = LEGACY_TEXT.index("[[qs_percent_bands]]")
    text = LEGACY_TEXT[:start] + edited(LEGACY_TEXT[start:], "low = 63", "low = 64")
    assert "qs_percent_bands[2].low: gap: nothing covers 63..63" in load_error(tmp_path, text)


def test_qs_percentage_bands_out_of_score_order_are_refused(tmp_path: Path) -> None:
    start = LEGACY_TEXT.index("[[qs_percent_bands]]")
    text = LEGACY_TEXT[:start] + edited(LEGACY_TEXT[start:], "score = 3", "score = 2")
    assert "qs_percent_bands: must list 1, 2, 3, 4 once each" in load_error(tmp_path, text)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            '\n[limiter]\nmax_score = 5\ncap = "Good"\n',
            "limiter.max_score: must be 1, 2, 3 or 4 (got 5)",
        ),
        ("\n[limiter]\nmax_score = 1\n", "limiter.cap: missing"),
        ("\nlimiter = 1\n", "limiter: must be a table"),
        (
            '\n[[rating_characteristics]]\nqs = "QS10"\nrating = "Good"\ntext = "x"\n',
            "rating_characteristics[0].qs: unknown quality statement 'QS10'",
        ),
        (
            '\n[[rating_characteristics]]\nqs = "QS1"\nrating = "Good"\ntext = "x"\n' * 2,
            "rating_characteristics[1]: duplicate characteristic for",
        ),
    ],
)
def test_malformed_optional_sections_are_refused(tmp_path: Path, extra: str, expected: str) -> None:
    # Top-level keys must come before the first table, so put plain keys at the start.
    text = extra + CURRENT_TEXT if extra.startswith("\nlimiter =") else CURRENT_TEXT + extra
    assert expected in load_error(tmp_path, text)


def test_marking_a_category_unused_removes_it_from_every_default_mapping(tmp_path: Path) -> None:
    text = edited(
        CURRENT_TEXT,
        'code = "partners"\ntitle = "Feedback from partners"\nused = true',
        'code = "partners"\ntitle = "Feedback from partners"\nused = false',
    )
    fw = load_framework_file(write(tmp_path, text))
    assert [c.code for c in fw.categories_for("QS5")] == ["people", "staff_leaders", "processes"]


def test_frameworks_are_immutable() -> None:
    fw: Framework = load_framework()
    with pytest.raises(AttributeError):
        fw.version = "2099"  # type: ignore[misc]
    assert isinstance(fw.effective_from, date)
