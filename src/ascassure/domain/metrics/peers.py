"""Statistical nearest neighbours from open characteristics.

CIPFA's nearest-neighbour lists are licensed and never shipped. The open alternative follows
NHS England's adult social care peer groups (repo ``NHSDigital/ASC_LA_Peer_Groups``: 15 peers
per upper-tier council, Euclidean distance over weighted, rescaled open Census 2021 features
such as the share aged 85+, population density, social renting, qualifications):

1. Each feature is standardised over all the areas given: z = (x - mean) / standard deviation
   (population standard deviation). A feature with the same value everywhere contributes
   nothing.
2. Each standardised feature is multiplied by its weight, so a weight plays the part of the
   feature's range (NHS England rescales each feature to [0, weight]); weight 0 drops the
   feature, and its values need not be given.
3. Distance = sqrt(sum over features of (w * z(area) - w * z(target)) ** 2); the ``k``
   smallest, nearest first. Equal distances (to 12 decimal places) are ordered by area code,
   so the result never depends on input order.

Differences from NHS England's pipeline, on purpose: no per-feature choice of a
Gaussianising transform (Box-Cox, Yeo-Johnson...), and z-scores rather than min-max scaling.
Feed the same Census inputs to reproduce their groups approximately, not exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

__all__ = ["PeerDataError", "nearest_neighbours"]

_SHOWN = 10


class PeerDataError(ValueError):
    """The characteristics cannot give neighbours: the message says which areas and features."""


def nearest_neighbours(
    target_code: str,
    characteristics: Mapping[str, Mapping[str, float]],
    *,
    k: int = 15,
    weights: Mapping[str, float] | None = None,
) -> list[tuple[str, float]]:
    """The ``k`` areas nearest to ``target_code`` as ``(code, distance)``, nearest first.

    ``characteristics`` maps each area code (the target and every candidate) to its feature
    values. Without ``weights`` every feature counts once; with them, ``weights`` must name
    every feature (non-negative). Fewer than ``k`` candidates gives them all.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k!r}")
    if target_code not in characteristics:
        raise PeerDataError(f"no characteristics for the target area {target_code!r}")
    if len(characteristics) < 2:
        raise PeerDataError("need at least one area besides the target")
    features = sorted({f for values in characteristics.values() for f in values})
    if not features:
        raise PeerDataError("no characteristics given for any area")
    used = _weights(features, weights)

    problems: list[str] = []
    for code in sorted(characteristics):
        values = characteristics[code]
        missing = [f for f in used if f not in values]
        if missing:
            problems.append(f"{code!r} has no value for {', '.join(map(repr, missing))}")
        bad = [f for f in used if f in values and not math.isfinite(values[f])]
        if bad:
            problems.append(f"{code!r} has a value that is not a number for {', '.join(bad)}")
    if problems:
        shown = problems[:_SHOWN]
        more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
        raise PeerDataError("missing characteristics: " + "; ".join(shown) + more)

    scaled: dict[str, list[float]] = {code: [] for code in characteristics}
    for feature, weight in used.items():
        column = [float(characteristics[code][feature]) for code in characteristics]
        mean = math.fsum(column) / len(column)
        sd = math.sqrt(math.fsum((x - mean) ** 2 for x in column) / len(column))
        for code in characteristics:
            z = 0.0 if sd == 0 else (characteristics[code][feature] - mean) / sd
            scaled[code].append(weight * z)

    origin = scaled[target_code]
    distances = [
        (code, math.sqrt(math.fsum((a - b) ** 2 for a, b in zip(point, origin, strict=True))))
        for code, point in scaled.items()
        if code != target_code
    ]
    distances.sort(key=lambda item: (round(item[1], 12), item[0]))
    return distances[:k]


def _weights(features: list[str], weights: Mapping[str, float] | None) -> dict[str, float]:
    if weights is None:
        return dict.fromkeys(features, 1.0)
    unknown = sorted(f for f in set(weights) - set(features) if weights[f] != 0)
    unweighted = [f for f in features if f not in weights]
    problems = []
    if unknown:
        problems.append(f"weights name features no area has: {', '.join(unknown)}")
    if unweighted:
        problems.append(
            f"weights do not say how much these features count: {', '.join(unweighted)}"
        )
    negative = sorted(f for f, w in weights.items() if not (math.isfinite(w) and w >= 0))
    if negative:
        problems.append(f"weights must be non-negative numbers: {', '.join(negative)}")
    if problems:
        raise PeerDataError("; ".join(problems))
    used = {f: float(weights[f]) for f in features if weights[f] > 0}
    if not used:
        raise PeerDataError("every weight is 0: no feature left to compare areas on")
    return used
