"""Sections other areas add to an assessment's summary (the API, the dashboard).

An area registers `register_summary("information_return", fn)` in its AppConfig.ready(), where
fn(assessment) returns plain JSON-able data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ascassure.apps.assessments.models import Assessment

Section = Callable[[Assessment], Any]
_sections: dict[str, Section] = {}


def register_summary(name: str, section: Section) -> None:
    _sections[name] = section


def summary_sections(assessment: Assessment) -> dict[str, Any]:
    return {name: section(assessment) for name, section in sorted(_sections.items())}
