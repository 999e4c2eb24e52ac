"""Quality statement scores, the overall percentage and rating, and "what if" questions.

All arithmetic is exact (integers only). The rules:

* each quality statement (QS) scores 1 to 4; ``None`` means not assessed and is left out;
* overall percentage = sum of scores / (4 x QS assessed) x 100, rounded by the framework's
  rule (up, by default: 21 of 36 is published as 59%);
* the rating is the framework band the percentage falls in (25-38 Inadequate, 39-62 Requires
  improvement, 63-87 Good, 88-100 Outstanding);
* legacy (2023) method only: a QS score comes from its evidence-category scores the same way,
  through the framework's QS percentage bands.

>>> score_assessment([2, 2, 3, 2, 3, 2, 3, 2, 2]).percent
59
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from ascassure.domain.framework import (
    RATING_ORDER,
    Framework,
    QsPercentBand,
    Rating,
    RatingBand,
    Rounding,
    load_framework,
)

__all__ = [
    "LEGACY_VERSION",
    "RATING_ORDER",
    "OverallResult",
    "QsCategoryResult",
    "Rating",
    "Rounding",
    "ScoreChange",
    "ScoredChange",
    "ScoringError",
    "WhatIf",
    "band_for_percent",
    "describe_change",
    "overall_percent",
    "qs_score_from_categories",
    "rating_for_percent",
    "score_assessment",
    "single_changes",
    "what_if",
]

LEGACY_VERSION = "2023"  # the framework version that scores evidence categories
SCORES = (1, 2, 3, 4)


class ScoringError(ValueError):
    """Scores that cannot be combined; the message says why in plain words."""


# --- percentages and bands ------------------------------------------------------------------


def _check_score(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCORES:
        raise ScoringError(f"{name} score must be 1, 2, 3 or 4 (got {value!r})")
    return value


def _percent(points: int, count: int, rounding: Rounding) -> int:
    return rounding.divide(100 * points, 4 * count)


def overall_percent(scores: Sequence[int | None], *, rounding: Rounding = Rounding.UP) -> int:
    """The overall percentage of QS scores given in QS order; ``None`` is not assessed.

    >>> overall_percent([3, 3, 2, 2, 2, 2, 3, 2, 2])
    59
    """
    assessed = [_check_score(s, f"QS{i}") for i, s in enumerate(scores, start=1) if s is not None]
    if not assessed:
        raise ScoringError("at least one quality statement must be assessed")
    return _percent(sum(assessed), len(assessed), rounding)


def band_for_percent(percent: int, bands: Sequence[RatingBand]) -> RatingBand:
    for band in bands:
        if band.low <= percent <= band.high:
            return band
    span = f"{bands[0].low}-{bands[-1].high}" if bands else "no bands given"
    raise ScoringError(f"percentage {percent} is outside every rating band ({span})")


def rating_for_percent(percent: int, *, bands: Sequence[RatingBand] | None = None) -> Rating:
    """The rating for an overall percentage (bands default to the current framework's)."""
    return band_for_percent(
        percent, load_framework().rating_bands if bands is None else bands
    ).rating


# --- legacy QS score from evidence categories -----------------------------------------------


@dataclass(frozen=True, slots=True)
class QsCategoryResult:
    percent: int
    score: int


def _qs_band(percent: int, bands: Sequence[QsPercentBand]) -> QsPercentBand:
    for band in bands:
        if band.low <= percent <= band.high:
            return band
    raise ScoringError(f"QS percentage {percent} is outside every QS band")


def qs_score_from_categories(
    category_scores: Sequence[int], *, framework: Framework | None = None
) -> QsCategoryResult:
    """Legacy method: a QS score from its evidence-category scores (1 to 4 each).

    The framework defaults to the legacy one (``LEGACY_VERSION``).

    >>> qs_score_from_categories([3, 2, 3, 3])
    QsCategoryResult(percent=69, score=3)
    """
    fw = framework if framework is not None else load_framework(LEGACY_VERSION)
    if not fw.qs_percent_bands:
        raise ScoringError(
            f"framework {fw.version} scores each quality statement by judgement; "
            "it has no bands for category scores"
        )
    if not category_scores:
        raise ScoringError("at least one evidence category must be scored")
    most = len(fw.used_categories)
    if len(category_scores) > most:
        raise ScoringError(f"expected at most {most} category scores, got {len(category_scores)}")
    checked = [_check_score(s, f"category {i}") for i, s in enumerate(category_scores, start=1)]
    percent = _percent(sum(checked), len(checked), fw.qs_percent_rounding)
    return QsCategoryResult(percent=percent, score=_qs_band(percent, fw.qs_percent_bands).score)


# --- the overall result ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OverallResult:
    """Everything the nine QS scores say about a council's overall result."""

    framework_version: str
    scores: tuple[int | None, ...]
    assessed: int
    points: int
    max_points: int
    percent: int
    rating: Rating
    band: RatingBand
    limited: bool  # True when the framework's limiter held the rating below its band
    points_to_next_band: int | None
    points_to_drop_band: int | None
    position: float
    position_words: str
    next_rating: Rating | None
    previous_rating: Rating | None


def _validated(scores: Sequence[int | None], fw: Framework) -> tuple[int | None, ...]:
    if isinstance(scores, str | bytes):
        raise ScoringError("scores must be a list of numbers, one per quality statement")
    if len(scores) != len(fw.statements):
        raise ScoringError(f"expected {len(fw.statements)} scores, got {len(scores)}")
    checked = tuple(
        None if s is None else _check_score(s, qs.code)
        for qs, s in zip(fw.statements, scores, strict=True)
    )
    if all(s is None for s in checked):
        raise ScoringError("at least one quality statement must be assessed")
    return checked


def _is_limited(scores: Sequence[int | None], fw: Framework) -> bool:
    lim = fw.limiter
    return lim is not None and any(s is not None and s <= lim.max_score for s in scores)


def _rating(points: int, count: int, triggered: bool, fw: Framework) -> Rating:
    rating = band_for_percent(_percent(points, count, fw.rounding), fw.rating_bands).rating
    if triggered and fw.limiter is not None and rating.rank > fw.limiter.cap.rank:
        return fw.limiter.cap
    return rating


def _position(percent: int, band: RatingBand) -> tuple[float, str]:
    offset, width = percent - band.low, band.high - band.low
    if width == 0:
        return 0.5, f"in the middle of {band.rating}"
    if 3 * offset < width:
        where = "near the bottom of"
    elif 3 * offset > 2 * width:
        where = "near the top of"
    else:
        where = "in the middle of"
    return offset / width, f"{where} {band.rating}"


def _neighbour(rating: Rating, step: int) -> Rating | None:
    i = rating.rank + step
    return RATING_ORDER[i] if 0 <= i < len(RATING_ORDER) else None


def score_assessment(
    scores: Sequence[int | None], *, framework: Framework | None = None
) -> OverallResult:
    """Combine one score per QS (in framework order; ``None`` = not assessed) into a result.

    ``points_to_next_band`` and ``points_to_drop_band`` count QS points on the percentage
    scale; a limiter, if the framework has one, may still hold the rating down.
    """
    fw = framework if framework is not None else load_framework()
    checked = _validated(scores, fw)
    assessed = [s for s in checked if s is not None]
    count, points = len(assessed), sum(assessed)
    top = 4 * count
    percent = _percent(points, count, fw.rounding)
    band = band_for_percent(percent, fw.rating_bands)
    triggered = _is_limited(checked, fw)
    rating = _rating(points, count, triggered, fw)
    position, words = _position(percent, band)

    def percent_at(p: int) -> int:
        return _percent(p, count, fw.rounding)

    up = next((x for x in range(1, top - points + 1) if percent_at(points + x) > band.high), None)
    down = next(
        (y for y in range(1, points - count + 1) if percent_at(points - y) < band.low), None
    )
    return OverallResult(
        framework_version=fw.version,
        scores=checked,
        assessed=count,
        points=points,
        max_points=top,
        percent=percent,
        rating=rating,
        band=band,
        limited=rating is not band.rating,
        points_to_next_band=up,
        points_to_drop_band=down,
        position=position,
        position_words=words,
        next_rating=_neighbour(rating, +1),
        previous_rating=_neighbour(rating, -1),
    )


# --- what if --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScoreChange:
    qs_code: str
    from_score: int
    to_score: int

    @property
    def delta(self) -> int:
        return self.to_score - self.from_score


def describe_change(change: ScoreChange, result: OverallResult) -> str:
    """``"QS4 from 2 to 3 gives Good at 64%"``."""
    return (
        f"{change.qs_code} from {change.from_score} to {change.to_score} gives "
        f"{result.rating} at {result.percent}%"
    )


@dataclass(frozen=True, slots=True)
class ScoredChange:
    """One QS changed on its own, and the overall result that change would give."""

    change: ScoreChange
    result: OverallResult

    def describe(self) -> str:
        return describe_change(self.change, self.result)


@dataclass(frozen=True, slots=True)
class WhatIf:
    """The fewest QS changes that give a target rating, and the result they give."""

    changes: tuple[ScoreChange, ...]
    result: OverallResult

    @property
    def points_changed(self) -> int:
        return sum(abs(c.delta) for c in self.changes)

    def describe(self) -> str:
        tail = f"{self.result.rating} at {self.result.percent}%"
        if not self.changes:
            return f"No change needed: already {tail}"
        parts = [f"{c.qs_code} from {c.from_score} to {c.to_score}" for c in self.changes]
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"{joined} {'gives' if len(parts) == 1 else 'give'} {tail}"


def single_changes(
    scores: Sequence[int | None], *, framework: Framework | None = None
) -> tuple[ScoredChange, ...]:
    """Every way of changing one assessed QS to another score, with the result of each."""
    fw = framework if framework is not None else load_framework()
    checked = _validated(scores, fw)
    out: list[ScoredChange] = []
    for i, (qs, old) in enumerate(zip(fw.statements, checked, strict=True)):
        if old is None:
            continue
        for new in SCORES:
            if new != old:
                changed = list(checked)
                changed[i] = new
                out.append(
                    ScoredChange(
                        change=ScoreChange(qs.code, old, new),
                        result=score_assessment(changed, framework=fw),
                    )
                )
    return tuple(out)


def _monotone_assignment(olds: Sequence[int], new_sum: int) -> list[int]:
    """Move every score one step towards ``new_sum``, then the rest in QS order."""
    delta = new_sum - sum(olds)
    step = 1 if delta > 0 else -1
    new = [o + step for o in olds]
    left = abs(delta) - len(olds)
    for i in range(len(new)):
        room = (4 - new[i]) if step > 0 else (new[i] - 1)
        move = min(room, left)
        new[i] += step * move
        left -= move
    return new


def _search_by_sums(
    checked: tuple[int | None, ...], target: Rating, fw: Framework
) -> tuple[tuple[int, ...], list[int]] | None:
    """No limiter: the rating depends only on the total, so each choice of QS is an interval."""
    idx = [i for i, s in enumerate(checked) if s is not None]
    n, total = len(idx), sum(s for s in checked if s is not None)
    fits = [t for t in range(n, 4 * n + 1) if _rating(t, n, False, fw) is target]
    if not fits:
        return None
    lo, hi = fits[0], fits[-1]  # contiguous: the percentage never falls as the total rises
    for k in range(n + 1):
        best: tuple[int, tuple[int, ...], int] | None = None
        for combo in combinations(idx, k):
            old = sum(checked[i] or 0 for i in combo)
            rest = total - old
            need_lo, need_hi = max(lo - rest, k), min(hi - rest, 4 * k)
            if need_lo > need_hi:
                continue
            new_sum = min(max(old, need_lo), need_hi)
            cost = abs(new_sum - old)
            if best is None or cost < best[0]:
                best = (cost, combo, new_sum)
        if best is not None:
            # At the smallest k every QS in the set really changes: were one left alone,
            # k - 1 changes would already have done it.
            _, combo, new_sum = best
            return combo, _monotone_assignment([checked[i] or 0 for i in combo], new_sum)
    return None


def _search_with_limiter(
    checked: tuple[int | None, ...], target: Rating, fw: Framework
) -> tuple[tuple[int, ...], list[int]] | None:
    """With a limiter the lowest score matters too: a small search per choice of QS."""
    assert fw.limiter is not None
    cut = fw.limiter.max_score
    idx = [i for i, s in enumerate(checked) if s is not None]
    n = len(idx)
    for k in range(n + 1):
        best: tuple[int, tuple[int, ...], list[int]] | None = None
        for combo in combinations(idx, k):
            chosen = set(combo)
            rest = sum(checked[i] or 0 for i in idx if i not in chosen)
            rest_low = any((checked[i] or 0) <= cut for i in idx if i not in chosen)
            # (sum of new scores, any new score at or below the cut) -> cheapest new scores
            states: dict[tuple[int, bool], tuple[int, list[int]]] = {(0, False): (0, [])}
            for i in combo:
                old = checked[i] or 0
                grown: dict[tuple[int, bool], tuple[int, list[int]]] = {}
                for (s, low), (cost, values) in states.items():
                    for new in SCORES:
                        if new == old:
                            continue
                        key = (s + new, low or new <= cut)
                        entry = (cost + abs(new - old), [*values, new])
                        if key not in grown or entry[0] < grown[key][0]:
                            grown[key] = entry
                states = grown
            for (s, low), (cost, values) in sorted(states.items()):
                if _rating(rest + s, n, rest_low or low, fw) is target and (
                    best is None or cost < best[0]
                ):
                    best = (cost, combo, values)
        if best is not None:
            return best[1], best[2]
    return None


def what_if(
    scores: Sequence[int | None], target: Rating | str, *, framework: Framework | None = None
) -> WhatIf | None:
    """The fewest changes to assessed QS scores that make the rating ``target``.

    Ties go to the smallest total of points changed, then to the earliest QS in framework
    order. Returns ``None`` when no set of changes gives the target. The search is exact.

    >>> what_if([2, 2, 2, 2, 3, 2, 2, 2, 2], "Good").describe()
    'QS1 from 2 to 4 and QS2 from 2 to 4 give Good at 64%'
    """
    fw = framework if framework is not None else load_framework()
    checked = _validated(scores, fw)
    wanted = target if isinstance(target, Rating) else Rating.parse(target)
    search = _search_by_sums if fw.limiter is None else _search_with_limiter
    found = search(checked, wanted, fw)
    if found is None:
        return None
    combo, values = found
    changed = list(checked)
    changes: list[ScoreChange] = []
    for i, new in zip(combo, values, strict=True):
        changes.append(ScoreChange(fw.statements[i].code, checked[i] or 0, new))
        changed[i] = new
    return WhatIf(changes=tuple(changes), result=score_assessment(changed, framework=fw))
