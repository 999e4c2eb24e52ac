"""A complete example input: the baseline programme of 2024-2026 with every factor on.

Real: the 153 councils, the ICBs, regions and types, CQC's four regional networks, the
general election of 2024, the 2024-2026 council elections, the first three assessments
(Hertfordshire, Hounslow, West Berkshire) locked, notice 9-11 weeks, about two visits a week.
Illustrative (marked with a ``note``): priorities, major events, Ofsted dates, the previous
plan and the pilot councils' re-assessment windows.
"""

from __future__ import annotations

from typing import Any

from .loading import INPUT_FORMAT

__all__ = ["example_document"]

_PILOTS = ("E08000025", "E10000019", "E06000013", "E06000018", "E10000029")

_OFSTED = {  # illustrative last ILACS inspection dates
    "E06000001": "2022-03-07",
    "E08000035": "2022-06-13",
    "E09000012": "2021-11-15",
    "E10000016": "2022-01-17",
    "E06000052": "2021-10-04",
    "E08000003": "2022-09-12",
    "E10000007": "2022-05-09",
    "E06000023": "2021-12-06",
    "E09000028": "2022-02-21",
    "E08000026": "2022-11-14",
}

_PREVIOUS = {  # illustrative earlier draft of the plan
    "E09000007": "2024-04-15",
    "E08000003": "2024-05-13",
    "E10000016": "2024-06-17",
    "E06000023": "2024-09-09",
    "E08000035": "2024-10-14",
    "E09000012": "2025-01-13",
    "E06000052": "2025-03-10",
    "E10000020": "2025-06-09",
}


def example_document() -> dict[str, Any]:
    """The example as a JSON-ready dict (see ``ascassure programme example``)."""
    details: list[dict[str, Any]] = [
        {"council": code, "priority": ["concerns"], "note": "illustrative: known concerns"}
        for code in ("E09000008", "E06000034", "E06000039")
    ]
    details += [
        {"council": code, "priority": ["innovation"], "note": "illustrative: innovation"}
        for code in ("E08000010", "E08000035")
    ]
    details += [
        {
            "council": "E08000012",
            "forbidden": [
                {"start": "2024-09-21", "end": "2024-09-26", "reason": "party conference 2024"},
                {"start": "2025-09-27", "end": "2025-10-01", "reason": "party conference 2025"},
            ],
            "note": "illustrative: major events straining hotels and transport",
        },
        {
            "council": "E08000025",
            "forbidden": [
                {"start": "2024-09-28", "end": "2024-10-03", "reason": "party conference 2024"}
            ],
        },
        {
            "council": "E08000003",
            "forbidden": [
                {"start": "2025-10-04", "end": "2025-10-08", "reason": "party conference 2025"}
            ],
        },
        {
            "council": "E10000016",
            "avoid": [
                {
                    "start": "2025-02-10",
                    "end": "2025-02-21",
                    "reason": "budget-setting full council",
                    "weight": 2,
                }
            ],
        },
    ]
    by_code: dict[str, dict[str, Any]] = {}
    for entry in details:
        by_code.setdefault(entry["council"], {"council": entry["council"]}).update(entry)
    for code, day in _OFSTED.items():
        by_code.setdefault(code, {"council": code})["ofsted_last_inspection"] = day
    for code in _PILOTS:
        entry = by_code.setdefault(code, {"council": code})
        entry["last_published"] = "2023-11-17"
        entry.setdefault("note", "pilot council: indicative result published November 2023")

    return {
        "format": INPUT_FORMAT,
        "note": "Baseline programme 2024-2026, every factor on. Dates are Mondays (ISO).",
        "start": "2024-01-08",
        "weeks": 110,
        "councils": "all",
        "exclude": [],
        "timing": {
            "notice_weeks_min": 9,
            "notice_weeks_max": 11,
            "notice_weeks_preferred": 10,
            "onsite_weeks": 1,
            "publication_lag_weeks": 13,
            "max_publication_delay_weeks": 8,
        },
        "capacity": {
            "onsite_per_week": 2,
            "reports_per_month": 8,
            "teams": [
                {
                    "name": "London and East",
                    "regions": ["London", "East of England"],
                    "onsite_per_week": 1,
                },
                {
                    "name": "Midlands",
                    "regions": ["East Midlands", "West Midlands"],
                    "onsite_per_week": 1,
                },
                {
                    "name": "North",
                    "regions": ["North East", "North West", "Yorkshire and the Humber"],
                    "onsite_per_week": 1,
                },
                {"name": "South", "regions": ["South East", "South West"], "onsite_per_week": 1},
            ],
            "onsite_overrides": [
                {
                    "start": "2024-12-23",
                    "end": "2025-01-03",
                    "onsite_per_week": 0,
                    "reason": "Christmas",
                },
                {
                    "start": "2025-12-22",
                    "end": "2026-01-02",
                    "onsite_per_week": 0,
                    "reason": "Christmas",
                },
            ],
            "report_overrides": [
                {"month": "2024-08", "reports": 5, "reason": "summer leave"},
            ],
        },
        "windows": {"builtin": True, "national": [], "elections": []},
        "weights": {
            "priority": 1,
            "icb_grouping": 5,
            "region_mix": 4,
            "type_mix": 4,
            "avoid_window": 20,
            "election_onsite": 30,
            "publication_delay": 3,
            "stability": 40,
            "reassessment_early": 5,
            "reassessment_overdue": 50,
        },
        "settings": {
            "priority_reasons": {"concerns": 3, "innovation": 1},
            "icb_tolerance_weeks": 12,
            "mix_tolerance_councils": 1,
            "ofsted_cycle_months": 36,
            "ofsted_margin_months": 6,
            "election_avoid_days_after_poll": 28,
            "reassessment_min_months": 24,
            "reassessment_max_months": 36,
            "note": "re-assessment months shortened so the pilots fall due inside the horizon",
        },
        "council_details": [by_code[code] for code in sorted(by_code)],
        "locked": [
            {"council": "E10000015", "notification": "2023-12-04", "onsite": "2024-02-12"},
            {"council": "E06000037", "notification": "2023-12-04", "onsite": "2024-02-12"},
            {"council": "E09000018", "notification": "2023-12-11", "onsite": "2024-02-19"},
        ],
        "previous_plan": [
            {"council": code, "onsite": day} for code, day in sorted(_PREVIOUS.items())
        ],
    }
