"""Benchmark statistics: intervals, ranks and quartiles, funnel limits and SPC, stdlib only.

Methods (each chosen to match the public-health conventions in ``research/metrics.md`` §8):

* :func:`wilson_interval` — Wilson score interval for a proportion (Wilson 1927; the method of
  OHID Fingertips). For survey measures use the published margin of error instead.
* :func:`poisson_limits` — **exact** limits for a Poisson count through the chi-square /
  gamma relationship: lower = P^-1(k, alpha/2), upper = P^-1(k + 1, 1 - alpha/2), where P^-1 is the
  inverse of the regularised lower incomplete gamma function, implemented here (series and
  continued fraction, Numerical Recipes §6.2, inverted by safeguarded Newton steps).
  :func:`byar_limits` gives Byar's approximation, for comparison only.
* :func:`rank_and_quartile` — rank 1 = best, respecting the measure's direction; tied values
  share the best rank among them ("1224" ranking); quartile from the rank,
  ``floor(4 * (rank - 1) / n) + 1``, so quartile 1 is the best quarter and ties never split
  across quartiles. Missing values are left out.
* Funnel limits around a target at 95% (two-sided, z = 1.96) and 99.8% (z = 3.09), for one
  denominator. Both are built so that a value lies outside a limit exactly when its own
  interval at that level excludes the target: for proportions that is the Wilson interval,
  whose inversion gives ``target ± z √(target (1 - target) / n)``; for rates it is the exact
  Poisson interval, solved for the count. No over-dispersion adjustment.
* :func:`spc` — XmR chart after NHS England's "Making Data Count": centre = mean, limits =
  mean ± 2.66 * mean moving range; 2-sigma lines at mean ± (2/3) * 2.66 * mean moving range.
  Signals: a point outside the limits; a shift (a run of ``shift_length`` = 7 or more points
  on one side of the mean; a point on the mean breaks a run); a trend (``trend_length`` = 6 or
  more consecutive points each higher, or each lower, than the one before; an equal value
  breaks it); two of three consecutive points beyond the same 2-sigma line. Needs
  ``minimum_points`` (15) points, otherwise it reports "not enough points".

Nothing here reads the clock, and nothing rounds: round when presenting.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist

from ascassure.domain.metrics.registry import Direction

__all__ = [
    "FunnelLimits",
    "FunnelPosition",
    "Ranked",
    "SpcPoint",
    "SpcResult",
    "SpcSignal",
    "byar_limits",
    "funnel_limits_proportion",
    "funnel_limits_rate",
    "funnel_limits_survey",
    "funnel_position_rate",
    "gamma_p",
    "gamma_p_inverse",
    "poisson_limits",
    "rank_and_quartile",
    "spc",
    "wilson_interval",
]

_NORMAL = NormalDist()
_EPS = 1e-15
_TINY = 1e-300


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence!r}")
    return _NORMAL.inv_cdf(1 - (1 - confidence) / 2)


def _finite(name: str, value: float) -> None:
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, not {value!r}")


# --- proportions -----------------------------------------------------------------------------


def wilson_interval(
    numerator: float, denominator: float, confidence: float = 0.95
) -> tuple[float, float]:
    """Wilson score interval for ``numerator / denominator``, as proportions (0 to 1)."""
    _finite("numerator", numerator)
    _finite("denominator", denominator)
    if denominator <= 0:
        raise ValueError(f"denominator must be positive, not {denominator!r}")
    if not 0 <= numerator <= denominator:
        raise ValueError(f"numerator must be between 0 and the denominator, not {numerator!r}")
    z = _z(confidence)
    n, p = denominator, numerator / denominator
    z2 = z * z
    centre = p + z2 / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    scale = 1 + z2 / n
    low = 0.0 if numerator == 0 else max(0.0, (centre - half) / scale)
    high = 1.0 if numerator == denominator else min(1.0, (centre + half) / scale)
    return low, high


# --- the incomplete gamma function and Poisson counts ----------------------------------------


def gamma_p(a: float, x: float) -> float:
    """The regularised lower incomplete gamma function P(a, x), for a > 0 and x ≥ 0."""
    if a <= 0:
        raise ValueError(f"a must be positive, not {a!r}")
    if x < 0:
        raise ValueError(f"x must not be negative, not {x!r}")
    if x == 0:
        return 0.0
    log_front = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        n = a
        for _ in range(100_000):
            n += 1
            term *= x / n
            total += term
            if abs(term) < abs(total) * _EPS:
                break
        return min(1.0, total * math.exp(log_front))
    # Continued fraction for Q(a, x) by the modified Lentz method.
    b = x + 1 - a
    c = 1 / _TINY
    d = 1 / b
    h = d
    for i in range(1, 100_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < _EPS:
            break
    return max(0.0, 1.0 - math.exp(log_front) * h)


def gamma_p_inverse(a: float, p: float) -> float:
    """The x ≥ 0 with P(a, x) = p (0 < p < 1): the gamma quantile with shape ``a``."""
    if a <= 0:
        raise ValueError(f"a must be positive, not {a!r}")
    if not 0 < p < 1:
        raise ValueError(f"p must be between 0 and 1, not {p!r}")
    low, high = 0.0, max(1.0, a)
    while gamma_p(a, high) < p:
        low, high = high, high * 2
    x = min(max(a, (low + high) / 2), high) if low < a < high else (low + high) / 2
    for _ in range(200):
        error = gamma_p(a, x) - p
        if error > 0:
            high = x
        else:
            low = x
        density = math.exp((a - 1) * math.log(x) - x - math.lgamma(a)) if x > 0 else 0.0
        step = error / density if density > 0 else math.inf
        candidate = x - step
        if not low < candidate < high:
            candidate = (low + high) / 2
        if abs(candidate - x) <= 1e-14 * max(1.0, x) or high - low <= 1e-14 * max(1.0, x):
            return candidate
        x = candidate
    return x


def poisson_limits(count: float, confidence: float = 0.95) -> tuple[float, float]:
    """Exact confidence limits for the mean of a Poisson count (for rates, divide by the
    population). Count 10 at 95% gives 4.795 to 18.390."""
    _finite("count", count)
    if count < 0:
        raise ValueError(f"count must not be negative, not {count!r}")
    alpha = 1 - confidence
    _z(confidence)
    low = 0.0 if count == 0 else gamma_p_inverse(count, alpha / 2)
    return low, gamma_p_inverse(count + 1, 1 - alpha / 2)


def byar_limits(count: float, confidence: float = 0.95) -> tuple[float, float]:
    """Byar's approximation to :func:`poisson_limits` (close for counts of 10 or more)."""
    _finite("count", count)
    if count < 0:
        raise ValueError(f"count must not be negative, not {count!r}")
    z = _z(confidence)
    low = 0.0
    if count > 0:
        low = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    upper = count + 1
    high = upper * (1 - 1 / (9 * upper) + z / (3 * math.sqrt(upper))) ** 3
    return max(0.0, low), high


# --- ranks and quartiles ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ranked:
    """One area's place: rank 1 and quartile 1 are best; ``of`` is how many were ranked."""

    code: str
    value: float
    rank: int
    quartile: int
    of: int


def rank_and_quartile(
    values: Mapping[str, float | None], direction: Direction
) -> dict[str, Ranked]:
    """Rank areas by value, best first (see the module notes for ties and quartiles).

    Areas whose value is ``None`` or NaN are left out of the ranking and of the result.
    """
    present = [
        (code, float(v)) for code, v in values.items() if v is not None and not math.isnan(v)
    ]
    higher = Direction(direction).higher_is_better
    present.sort(key=lambda item: (-item[1] if higher else item[1], item[0]))
    n = len(present)
    out: dict[str, Ranked] = {}
    rank = 0
    previous: float | None = None
    for position, (code, value) in enumerate(present, start=1):
        if value != previous:
            rank = position
            previous = value
        out[code] = Ranked(code, value, rank, 4 * (rank - 1) // n + 1, n)
    return out


# --- funnel limits ---------------------------------------------------------------------------


class FunnelPosition(StrEnum):
    ABOVE_998 = "above the 99.8% limit"
    ABOVE_95 = "above the 95% limit"
    WITHIN = "within the 95% limits"
    BELOW_95 = "below the 95% limit"
    BELOW_998 = "below the 99.8% limit"


@dataclass(frozen=True, slots=True)
class FunnelLimits:
    """Control limits around ``target`` for one denominator (``None`` for survey limits)."""

    target: float
    denominator: float | None
    lower_95: float
    upper_95: float
    lower_998: float
    upper_998: float

    def classify(self, value: float) -> FunnelPosition:
        """Where a value falls; a value on a limit counts as inside it."""
        if value > self.upper_998:
            return FunnelPosition.ABOVE_998
        if value > self.upper_95:
            return FunnelPosition.ABOVE_95
        if value < self.lower_998:
            return FunnelPosition.BELOW_998
        if value < self.lower_95:
            return FunnelPosition.BELOW_95
        return FunnelPosition.WITHIN


_LEVELS = (0.95, 0.998)


def funnel_limits_proportion(target: float, denominator: float) -> FunnelLimits:
    """Funnel limits for a proportion (0 to 1) around ``target``, for ``denominator`` cases."""
    _finite("target", target)
    _finite("denominator", denominator)
    if not 0 <= target <= 1:
        raise ValueError(f"target must be a proportion between 0 and 1, not {target!r}")
    if denominator <= 0:
        raise ValueError(f"denominator must be positive, not {denominator!r}")
    spread = math.sqrt(target * (1 - target) / denominator)
    (l95, u95), (l998, u998) = (
        (max(0.0, target - _z(c) * spread), min(1.0, target + _z(c) * spread)) for c in _LEVELS
    )
    return FunnelLimits(target, denominator, l95, u95, l998, u998)


def _shape_for(x: float, p: float) -> float:
    """The a > 0 with P(a, x) = p (P falls as a grows); 0 when even a → 0 gives less than p."""
    low, high = 0.0, max(2.0, 2 * x + 10)
    while gamma_p(high, x) > p:
        low, high = high, high * 2
    if gamma_p(1e-12, x) < p:
        return 0.0
    for _ in range(200):
        mid = (low + high) / 2
        if mid <= 0:
            break
        if gamma_p(mid, x) > p:
            low = mid
        else:
            high = mid
        if high - low <= 1e-12 * max(1.0, high):
            break
    return (low + high) / 2


def funnel_limits_rate(
    target_rate: float, population: float, *, per: float = 100_000
) -> FunnelLimits:
    """Funnel limits for a rate per ``per`` people around ``target_rate``, for ``population``.

    With E the expected count, the upper limit is the count O whose exact lower limit is E
    (P(O, E) = alpha/2), the lower limit the count whose exact upper limit is E
    (P(O + 1, E) = 1 - alpha/2, or 0 when no count is low enough); both are returned as rates.
    """
    for name, value in (("target_rate", target_rate), ("population", population), ("per", per)):
        _finite(name, value)
    if target_rate < 0:
        raise ValueError(f"target_rate must not be negative, not {target_rate!r}")
    if population <= 0 or per <= 0:
        raise ValueError("population and per must be positive")
    expected = target_rate * population / per
    limits: list[float] = []
    for confidence in _LEVELS:
        alpha = 1 - confidence
        if expected == 0:
            low_count, high_count = 0.0, 0.0
        else:
            high_count = _shape_for(expected, alpha / 2)
            low_count = max(0.0, _shape_for(expected, 1 - alpha / 2) - 1)
        limits.extend((low_count * per / population, high_count * per / population))
    l95, u95, l998, u998 = limits
    return FunnelLimits(target_rate, population, l95, u95, l998, u998)


def funnel_position_rate(
    value: float, target_rate: float, population: float, *, per: float = 100_000
) -> FunnelPosition:
    """Where a rate falls against :func:`funnel_limits_rate` for the same target and population,
    without solving for the limits: two incomplete-gamma evaluations instead of four root
    searches, for ranking every council at once.

    With E the expected and O the observed count (value * population / per), O lies above the
    upper limit exactly when P(O, E) < alpha/2, and below the lower limit exactly when
    P(O + 1, E) > 1 - alpha/2, because P(a, E) falls as a grows.
    """
    for name, number in (
        ("value", value),
        ("target_rate", target_rate),
        ("population", population),
        ("per", per),
    ):
        _finite(name, number)
    if value < 0 or target_rate < 0:
        raise ValueError("value and target_rate must not be negative")
    if population <= 0 or per <= 0:
        raise ValueError("population and per must be positive")
    expected = target_rate * population / per
    observed = value * population / per
    if expected == 0:
        return FunnelPosition.ABOVE_998 if observed > 0 else FunnelPosition.WITHIN
    wide, narrow = (1 - c for c in reversed(_LEVELS))  # 0.002, then 0.05
    if observed > 0:
        upper_tail = gamma_p(observed, expected)
        if upper_tail < wide / 2:
            return FunnelPosition.ABOVE_998
        if upper_tail < narrow / 2:
            return FunnelPosition.ABOVE_95
    lower_tail = gamma_p(observed + 1, expected)
    if lower_tail > 1 - wide / 2:
        return FunnelPosition.BELOW_998
    if lower_tail > 1 - narrow / 2:
        return FunnelPosition.BELOW_95
    return FunnelPosition.WITHIN


def funnel_limits_survey(
    target: float, margin_of_error: float, *, moe_confidence: float = 0.95
) -> FunnelLimits:
    """Limits for a survey measure from its published margin of error (same units as the
    value): target ± z * SE with SE = margin of error / z at ``moe_confidence``."""
    _finite("target", target)
    _finite("margin_of_error", margin_of_error)
    if margin_of_error < 0:
        raise ValueError(f"margin_of_error must not be negative, not {margin_of_error!r}")
    se = margin_of_error / _z(moe_confidence)
    z95, z998 = (_z(c) for c in _LEVELS)
    return FunnelLimits(
        target, None, target - z95 * se, target + z95 * se, target - z998 * se, target + z998 * se
    )


# --- statistical process control ------------------------------------------------------------


class SpcSignal(StrEnum):
    OUTSIDE_LIMITS = "outside the process limits"
    SHIFT = "shift: a run on one side of the mean"
    TREND = "trend: consecutive rises or falls"
    TWO_OF_THREE = "two of three points beyond 2 sigma"


@dataclass(frozen=True, slots=True)
class SpcPoint:
    index: int
    value: float
    moving_range: float | None
    signals: frozenset[SpcSignal]


@dataclass(frozen=True, slots=True)
class SpcResult:
    """An XmR chart. Without enough points, ``enough_points`` is false, ``message`` says so,
    the statistics are ``None`` and no point has a signal."""

    enough_points: bool
    message: str | None
    minimum_points: int
    mean: float | None
    average_moving_range: float | None
    lower_limit: float | None
    upper_limit: float | None
    lower_two_sigma: float | None
    upper_two_sigma: float | None
    points: tuple[SpcPoint, ...]

    @property
    def signals(self) -> frozenset[SpcSignal]:
        """Every signal found anywhere in the series."""
        return frozenset(s for p in self.points for s in p.signals)


def spc(
    values: Sequence[float],
    *,
    minimum_points: int = 15,
    shift_length: int = 7,
    trend_length: int = 6,
) -> SpcResult:
    """An XmR chart of ``values`` in time order, with the signals of the module notes."""
    data = [float(v) for v in values]
    for i, v in enumerate(data):
        if not math.isfinite(v):
            raise ValueError(f"value {i} is {v!r}: an SPC series needs a number at every point")
    if minimum_points < 2 or shift_length < 2 or trend_length < 2:
        raise ValueError("minimum_points, shift_length and trend_length must be at least 2")
    ranges: list[float | None] = [None, *(abs(b - a) for a, b in itertools.pairwise(data))]
    if len(data) < minimum_points:
        message = f"not enough points: {len(data)} given, at least {minimum_points} needed"
        points = tuple(
            SpcPoint(i, v, r, frozenset())
            for i, (v, r) in enumerate(zip(data, ranges, strict=True))
        )
        return SpcResult(False, message, minimum_points, None, None, None, None, None, None, points)

    n = len(data)
    mean = math.fsum(data) / n
    amr = math.fsum(r for r in ranges if r is not None) / (n - 1)
    upper, lower = mean + 2.66 * amr, mean - 2.66 * amr
    two_up, two_down = mean + 2.66 * amr * 2 / 3, mean - 2.66 * amr * 2 / 3
    flags: list[set[SpcSignal]] = [set() for _ in data]

    for i, v in enumerate(data):
        if v > upper or v < lower:
            flags[i].add(SpcSignal.OUTSIDE_LIMITS)

    sides = [(v > mean) - (v < mean) for v in data]
    _mark_runs(sides, shift_length, SpcSignal.SHIFT, flags, offset=0)

    steps = [(b > a) - (b < a) for a, b in itertools.pairwise(data)]
    # A run of m equal steps covers m + 1 points: trend_length points need trend_length - 1.
    _mark_runs(steps, trend_length - 1, SpcSignal.TREND, flags, offset=1)

    beyond = [(v > two_up) - (v < two_down) for v in data]
    for start in range(n - 2):
        window = range(start, start + 3)
        for side in (1, -1):
            hits = [i for i in window if beyond[i] == side]
            if len(hits) >= 2:
                for i in hits:
                    flags[i].add(SpcSignal.TWO_OF_THREE)

    points = tuple(
        SpcPoint(i, v, r, frozenset(f))
        for i, (v, r, f) in enumerate(zip(data, ranges, flags, strict=True))
    )
    return SpcResult(True, None, minimum_points, mean, amr, lower, upper, two_down, two_up, points)


def _mark_runs(
    signs: Sequence[int],
    length: int,
    signal: SpcSignal,
    flags: list[set[SpcSignal]],
    *,
    offset: int,
) -> None:
    """Flag every run of at least ``length`` equal non-zero signs. ``signs[i]`` describes the
    step into point ``i + offset``; with ``offset=1`` the run's first point is flagged too."""
    start = 0
    for end in range(len(signs) + 1):
        if end < len(signs) and signs[end] != 0 and signs[end] == signs[start]:
            continue
        if signs and start < len(signs) and signs[start] != 0 and end - start >= length:
            for i in range(start, end):
                flags[i + offset].add(signal)
            if offset:
                flags[start].add(signal)
        start = end
