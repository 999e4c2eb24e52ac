"""What the measure-file parsers share: suppression markers, errors, levels and types,
normalising disaggregations and financial years, and reading value cells."""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import PurePath

from ascassure.domain.metrics._source import (
    MetricsFormatError,
    Problems,
)

SUPPRESSION_MARKERS: frozenset[str] = frozenset({"[c]", "[x]", "[z]", "[w]", "c", ":", ""})
"""Values that mean "no figure": ``[c]`` confidential/suppressed, ``[x]`` not available,
``[z]`` not applicable, ``[w]`` margin of error withheld (0 or 1 respondents), and the older
``c``, ``:`` and blank. Compared ignoring case."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GSS_CODE = re.compile(r"[EWSNK]\d{8}")


class AscofFormatError(MetricsFormatError):
    """An ASCOF file cannot be read."""


class LgInformFormatError(MetricsFormatError):
    """An LG Inform extract cannot be read."""


class LongCsvFormatError(MetricsFormatError):
    """A generic long measure file cannot be read."""


class GeoLevel(StrEnum):
    COUNCIL = "Council"
    REGION = "Region"
    ENGLAND = "England"
    COUNCIL_TYPE = "Council type"


class MeasureType(StrEnum):
    NUMERATOR = "Numerator"
    DENOMINATOR = "Denominator"
    OUTCOME = "Outcome"
    BASE = "Base"
    MARGIN_OF_ERROR = "Margin of error"


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


_GEO_LEVELS: Mapping[str, GeoLevel] = {
    "council": GeoLevel.COUNCIL,
    "localauthority": GeoLevel.COUNCIL,
    "la": GeoLevel.COUNCIL,
    "cassr": GeoLevel.COUNCIL,
    "region": GeoLevel.REGION,
    "regional": GeoLevel.REGION,
    "england": GeoLevel.ENGLAND,
    "national": GeoLevel.ENGLAND,
    "counciltype": GeoLevel.COUNCIL_TYPE,
}

_MEASURE_TYPES: Mapping[str, MeasureType] = {
    "numerator": MeasureType.NUMERATOR,
    "denominator": MeasureType.DENOMINATOR,
    "outcome": MeasureType.OUTCOME,
    "base": MeasureType.BASE,
    "marginoferror": MeasureType.MARGIN_OF_ERROR,
    "moe": MeasureType.MARGIN_OF_ERROR,
}

_DISAGGREGATION_WORDS = {"total": "Total", "male": "Male", "female": "Female"}
_BAND = re.compile(r"(?:aged )?(\d{1,3}) ?(?:-|to) ?(\d{1,3})(?: years)?")
_AND_OVER = re.compile(r"(?:aged )?(\d{1,3}) ?(?:\+|and over|or over|and older|or older|plus)")
_AND_UNDER = re.compile(r"(?:aged )?(\d{1,3}) (?:and under|or under|and younger|or younger)")
_UNDER = re.compile(r"(?:aged )?under (\d{1,3})")


def normalise_disaggregation(label: str) -> str:
    """The canonical spelling of a disaggregation label (see the module notes).

    >>> normalise_disaggregation("18 to 64"), normalise_disaggregation("65+")
    ('18-64', '65 and over')
    """
    text = " ".join(label.replace("\u2013", "-").replace("\u2014", "-").split())
    key = text.casefold()
    if key in _DISAGGREGATION_WORDS:
        return _DISAGGREGATION_WORDS[key]
    if match := _BAND.fullmatch(key):
        return f"{int(match[1])}-{int(match[2])}"
    if match := _AND_OVER.fullmatch(key):
        return f"{int(match[1])} and over"
    if match := _AND_UNDER.fullmatch(key):
        return f"{int(match[1])} and under"
    if match := _UNDER.fullmatch(key):
        return f"{int(match[1]) - 1} and under"
    return text


_FY = re.compile(r"(\d{4}) ?(?:-|/|to|_) ?(\d{2}|\d{4})")


def financial_year(text: str) -> str | None:
    """``"2020-21"`` for a financial year written ``2020-21``, ``2020/21``, ``2020 to 2021``...

    ``None`` when the text is not a financial year (two consecutive years).
    """
    match = _FY.fullmatch(" ".join(text.replace("\u2013", "-").split()).casefold())
    if match is None:
        return None
    start = int(match[1])
    end = match[2]
    if (len(end) == 4 and int(end) != start + 1) or int(end[-2:]) != (start + 1) % 100:
        return None
    return f"{start}-{(start + 1) % 100:02d}"


_NAME_FY = re.compile(r"(?<!\d)(20\d{2})-(?:to-)?(\d{4}|\d{2})(?!\d)")
_NAME_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def financial_year_from_name(name: str) -> str | None:
    """The financial year a file name stands for, or ``None`` if it has none or several.

    Rules, on the file name without folder and extension: an explicit year (``2020-21``,
    ``2020_21``, ``2020-2021``, ``2024-to-2025``) wins; otherwise a four-digit group that is two
    consecutive two-digit years (``1920`` = 2019-20, NHS Digital's naming) or a calendar year,
    read as the financial year ending in it (NHS Digital's ``eng-2021`` file is 2020-21).
    """
    stem = re.sub(r"[_\s.]+", "-", PurePath(name).stem.casefold())
    found = {
        fy
        for match in _NAME_FY.finditer(stem)
        if (fy := financial_year(f"{match[1]}-{match[2]}")) is not None
    }
    if not found:
        for match in _NAME_YEAR.finditer(stem):
            token = match[1]
            first, second = int(token[:2]), int(token[2:])
            if second == (first + 1) % 100:
                found.add(f"20{first:02d}-{second:02d}")
            elif 2000 < int(token) < 2100:
                year = int(token)
                found.add(f"{year - 1}-{year % 100:02d}")
    return found.pop() if len(found) == 1 else None


class _Values:
    """Turns value cells into ``(number, marker)``, remembering what it has already seen."""

    def __init__(self, markers: frozenset[str]) -> None:
        self.markers = frozenset(m.casefold() for m in markers)
        self.seen: dict[str, tuple[float | None, str | None]] = {}

    def read(self, text: str) -> tuple[float | None, str | None] | None:
        known = self.seen.get(text)
        if known is not None:
            return known
        stripped = text.strip()
        if stripped.casefold() in self.markers:
            result: tuple[float | None, str | None] = (None, stripped)
        elif _NUMBER.fullmatch(stripped):
            result = (float(stripped), None)
        else:
            return None
        self.seen[text] = result
        return result


def _finish(
    problems: Problems,
    error: type[MetricsFormatError],
    name: str,
    collect_errors: bool,
) -> None:
    if problems.total and not collect_errors:
        raise error(name, problems.kept, problems.total)
