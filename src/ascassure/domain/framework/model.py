"""The shape of an assessment framework: themes, quality statements, scales and bands.

Everything here is immutable. Instances are built by :mod:`ascassure.domain.framework.loader`
from the versioned TOML files in ``data/``; nothing in this module reads files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class FrameworkError(Exception):
    """A framework file is malformed; the message names the file and the field."""


class Rating(StrEnum):
    """The four overall ratings, worst first."""

    INADEQUATE = "Inadequate"
    REQUIRES_IMPROVEMENT = "Requires improvement"
    GOOD = "Good"
    OUTSTANDING = "Outstanding"

    @property
    def rank(self) -> int:
        """0 for Inadequate up to 3 for Outstanding: compare ratings with this, not with ``<``."""
        return RATING_ORDER.index(self)

    @classmethod
    def parse(cls, text: str) -> Rating:
        """Read a rating from its label or its name, ignoring case, spaces, ``_`` and ``-``.

        >>> Rating.parse("requires_improvement")
        <Rating.REQUIRES_IMPROVEMENT: 'Requires improvement'>
        """
        wanted = _squash(text.replace("_", " ").replace("-", " "))
        for rating in cls:
            if wanted in (_squash(rating.value), _squash(rating.name.replace("_", " "))):
                return rating
        expected = ", ".join(r.value for r in cls)
        raise ValueError(f"unknown rating {text!r} (expected one of: {expected})")


RATING_ORDER: tuple[Rating, ...] = (
    Rating.INADEQUATE,
    Rating.REQUIRES_IMPROVEMENT,
    Rating.GOOD,
    Rating.OUTSTANDING,
)


class Rounding(StrEnum):
    """How a fractional percentage becomes a whole one."""

    UP = "up"  # ceiling: 58.33 -> 59 (what CQC's published figures show)
    HALF_UP = "half_up"  # nearest, halves away from zero: 62.5 -> 63, 58.33 -> 58
    DOWN = "down"  # floor: 38.89 -> 38

    def divide(self, numerator: int, denominator: int) -> int:
        """Exact integer division of two non-negative integers under this rule."""
        if denominator <= 0 or numerator < 0:
            raise ValueError("rounding needs a non-negative numerator and a positive denominator")
        if self is Rounding.UP:
            return -(-numerator // denominator)
        if self is Rounding.DOWN:
            return numerator // denominator
        return (2 * numerator + denominator) // (2 * denominator)


class ScoringMethod(StrEnum):
    """How a quality statement gets its score from 1 to 4."""

    CATEGORY = "category"  # legacy: each evidence category scored, QS score from their percentage
    JUDGEMENT = "judgement"  # current: one judgement per QS weighing all the evidence


@dataclass(frozen=True, slots=True)
class Theme:
    code: str
    number: int
    title: str


@dataclass(frozen=True, slots=True)
class EvidenceCategory:
    code: str
    title: str
    used: bool


@dataclass(frozen=True, slots=True)
class QualityStatement:
    code: str
    number: int
    theme: str
    title: str
    aliases: tuple[str, ...]
    we_summary: str
    i_summaries: tuple[str, ...]
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScoreMeaning:
    score: int
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class RatingBand:
    """Overall percentages ``low``..``high`` (inclusive) give ``rating``."""

    rating: Rating
    low: int
    high: int

    def __contains__(self, percent: object) -> bool:
        return isinstance(percent, int) and self.low <= percent <= self.high


@dataclass(frozen=True, slots=True)
class QsPercentBand:
    """Legacy method: a QS percentage ``low``..``high`` (inclusive) gives QS ``score``."""

    score: int
    low: int
    high: int


@dataclass(frozen=True, slots=True)
class Priority:
    code: str
    title: str


@dataclass(frozen=True, slots=True)
class RatingCharacteristic:
    """What a quality statement looks like at one rating (re-assessment frameworks)."""

    qs_code: str
    rating: Rating
    text: str


@dataclass(frozen=True, slots=True)
class Limiter:
    """A cap: if any assessed QS scores ``max_score`` or less, the rating is at most ``cap``."""

    max_score: int
    cap: Rating


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _code_key(text: str) -> str:
    return "".join(text.split()).casefold()


@dataclass(frozen=True)
class Framework:
    """One version of the assessment framework, loaded from its data file."""

    version: str
    title: str
    effective_from: date
    scoring_method: ScoringMethod
    rounding: Rounding
    qs_percent_rounding: Rounding
    themes: tuple[Theme, ...]
    statements: tuple[QualityStatement, ...]
    categories: tuple[EvidenceCategory, ...]
    score_meanings: tuple[ScoreMeaning, ...]
    rating_bands: tuple[RatingBand, ...]
    qs_percent_bands: tuple[QsPercentBand, ...] = ()
    priorities: tuple[Priority, ...] = ()
    rating_characteristics: tuple[RatingCharacteristic, ...] = ()
    limiter: Limiter | None = None
    _by_code: dict[str, QualityStatement] = field(init=False, repr=False, compare=False, hash=False)
    _by_title: dict[str, QualityStatement] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        by_code = {_code_key(qs.code): qs for qs in self.statements}
        by_title = {
            _squash(title): qs for qs in self.statements for title in (qs.title, *qs.aliases)
        }
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_by_title", by_title)

    def statement(self, code_or_title: str) -> QualityStatement:
        """Find a QS by code (``"QS4"``, ``"qs 4"``) or by title or alias, ignoring case."""
        found = self._by_code.get(_code_key(code_or_title)) or self._by_title.get(
            _squash(code_or_title)
        )
        if found is None:
            known = ", ".join(qs.code for qs in self.statements)
            raise KeyError(
                f"no quality statement {code_or_title!r} in framework {self.version} "
                f"(codes are {known}, or use a title)"
            )
        return found

    def theme(self, code: str) -> Theme:
        wanted = _code_key(code)
        for theme in self.themes:
            if _code_key(theme.code) == wanted:
                return theme
        known = ", ".join(t.code for t in self.themes)
        raise KeyError(f"no theme {code!r} in framework {self.version} (codes are {known})")

    def statements_in(self, theme_code: str) -> tuple[QualityStatement, ...]:
        theme = self.theme(theme_code)
        return tuple(qs for qs in self.statements if qs.theme == theme.code)

    def category(self, code: str) -> EvidenceCategory:
        for category in self.categories:
            if category.code == code:
                return category
        known = ", ".join(c.code for c in self.categories)
        raise KeyError(f"no evidence category {code!r} in framework {self.version} ({known})")

    def categories_for(self, qs_code: str) -> tuple[EvidenceCategory, ...]:
        """The evidence categories that apply to one QS, in framework order."""
        wanted = set(self.statement(qs_code).categories)
        return tuple(c for c in self.categories if c.code in wanted)

    @property
    def used_categories(self) -> tuple[EvidenceCategory, ...]:
        return tuple(c for c in self.categories if c.used)

    @property
    def qs_codes(self) -> tuple[str, ...]:
        return tuple(qs.code for qs in self.statements)

    def score_meaning(self, score: int) -> ScoreMeaning:
        for meaning in self.score_meanings:
            if meaning.score == score:
                return meaning
        raise KeyError(f"no meaning for score {score!r} in framework {self.version}")
