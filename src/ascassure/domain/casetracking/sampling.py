"""Criteria, proposing the samples and how representative a sample is.

**How a sample is proposed** (deterministic: no randomness, the order of the list does not
matter, and ties are broken by case ID in natural order, so ``C2`` comes before ``C10``):

1. *Cover the criteria.* While a criterion has fewer chosen cases than its minimum, take the
   case that meets the most such criteria; ties go to the case that adds more age bands and
   primary support reasons not yet in the sample, then to the case meeting more criteria in
   all, then to the lower case ID. This is the greedy method for set cover: it is not
   guaranteed to be the smallest cover, but it is simple to explain and to check by hand.
   A criterion no remaining case meets is reported as unmet.
2. *Spread.* Fill the remaining places with the case that adds the most age bands and primary
   support reasons not yet in the sample (0, 1 or 2). When no case adds a new value, take the
   case whose age band and primary support reason have the fewest chosen cases so far, so the
   sample does not pile up in one group. Ties as above.

A blank age band or primary support reason is "not recorded": it never counts as a value.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ascassure.domain.casetracking.records import (
    ATTRIBUTE_LABELS,
    FLAG_FIELDS,
    SIMILAR_WITHIN_POINTS,
    SPREAD_ATTRIBUTES,
    CaseRecord,
    _norm_header,
    parse_bool,
)
from ascassure.domain.framework import Rounding

# --- criteria -------------------------------------------------------------------------------


def _capitalised(text: str) -> str:
    """``text`` with its first letter a capital and the rest as it is ("DoLS" stays)."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class Criterion:
    """A kind of case the sample must include at least ``minimum`` times.

    ``key`` is one of :data:`FLAG_FIELDS`, or the heading of an extra yes/no column.
    """

    key: str
    label: str
    minimum: int = 1

    def __post_init__(self) -> None:
        if self.minimum < 0:
            raise ValueError(f"the minimum for {self.label} cannot be negative")

    @property
    def title(self) -> str:
        """The label starting with a capital, as a heading or a list entry."""
        return _capitalised(self.label)

    def matches(self, case: CaseRecord) -> bool:
        if self.key in FLAG_FIELDS:
            return case.flag(self.key)
        wanted = _norm_header(self.key)
        for heading, value in case.extra:
            if _norm_header(heading) == wanted:
                try:
                    return parse_bool(value)
                except ValueError:
                    return False
        return False


@dataclass(frozen=True, slots=True)
class CriteriaSet:
    """The criteria a sample must meet; by default each of the five flags at least once."""

    criteria: tuple[Criterion, ...]

    def __post_init__(self) -> None:
        keys = [c.key for c in self.criteria]
        if len(set(keys)) != len(keys):
            raise ValueError("each criterion can appear only once")

    def __iter__(self) -> Iterator[Criterion]:
        return iter(self.criteria)

    def with_minimums(self, minimums: Mapping[str, int]) -> CriteriaSet:
        """The same criteria with some minimums changed (keys must be known)."""
        unknown = set(minimums) - {c.key for c in self.criteria}
        if unknown:
            raise KeyError(f"no criteria called {', '.join(sorted(unknown))}")
        return CriteriaSet(
            tuple(Criterion(c.key, c.label, minimums.get(c.key, c.minimum)) for c in self.criteria)
        )


DEFAULT_CRITERIA = CriteriaSet(tuple(Criterion(f, ATTRIBUTE_LABELS[f]) for f in FLAG_FIELDS))


# --- samples --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Choice:
    """One chosen case and why: the criteria it helped meet and the values it added."""

    case_id: str
    covers: tuple[str, ...]  # labels of criteria still short when it was chosen
    adds: tuple[str, ...]  # e.g. "age band '85+'"
    reason: str


@dataclass(frozen=True, slots=True)
class CriterionCoverage:
    key: str
    label: str
    minimum: int
    in_list: int
    in_sample: int

    @property
    def met(self) -> bool:
        return self.in_sample >= self.minimum

    @property
    def title(self) -> str:
        """The criterion's label starting with a capital."""
        return _capitalised(self.label)


@dataclass(frozen=True, slots=True)
class Sample:
    """A proposed sample: the chosen case IDs in the order chosen, and why each one."""

    case_ids: tuple[str, ...]
    choices: tuple[Choice, ...]
    coverage: tuple[CriterionCoverage, ...]
    unmet: tuple[CriterionCoverage, ...]
    notes: tuple[str, ...]


_NUMBERS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[object, ...], str]:
    """A sort key putting numbers in number order, ignoring case: ``C2`` before ``C10``,
    "18-25" before "65-74"; texts that differ only in case keep a fixed order."""
    parts = _NUMBERS.split(text.casefold())
    key = tuple(int(p) if i % 2 else p for i, p in enumerate(parts))
    return key, text


def _values(case: CaseRecord) -> list[tuple[str, str]]:
    return [(a, getattr(case, a)) for a in SPREAD_ATTRIBUTES if getattr(case, a)]


def _describe(values: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    return tuple(f"{ATTRIBUTE_LABELS[a]} {v!r}" for a, v in values)


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _check_unique(cases: Sequence[CaseRecord]) -> None:
    seen: set[str] = set()
    for case in cases:
        if case.case_id in seen:
            raise ValueError(f"case ID {case.case_id!r} appears more than once")
        seen.add(case.case_id)


def _select(pool: Sequence[CaseRecord], size: int, criteria: CriteriaSet, what: str) -> Sample:
    if size < 0:
        raise ValueError("the sample size cannot be negative")
    _check_unique(pool)
    remaining = sorted(pool, key=lambda c: natural_key(c.case_id))
    matches = {c.case_id: frozenset(k.key for k in criteria if k.matches(c)) for c in remaining}
    labels = {k.key: k.label for k in criteria}
    counts: Counter[str] = Counter()
    seen_values: Counter[tuple[str, str]] = Counter()
    choices: list[Choice] = []

    def new_values(case: CaseRecord) -> list[tuple[str, str]]:
        return [v for v in _values(case) if seen_values[v] == 0]

    def take(case: CaseRecord, covers: tuple[str, ...], reason: str) -> None:
        adds = _describe(new_values(case))
        remaining.remove(case)
        counts.update(matches[case.case_id])
        seen_values.update(_values(case))
        choices.append(Choice(case.case_id, covers, adds, reason))

    # 1. cover the criteria
    while len(choices) < size and remaining:
        short = {k.key for k in criteria if counts[k.key] < k.minimum}
        if not short:
            break
        best = min(
            remaining,
            key=lambda c: (
                -len(matches[c.case_id] & short),
                -len(new_values(c)),
                -len(matches[c.case_id]),
                natural_key(c.case_id),
            ),
        )
        helped = tuple(labels[k.key] for k in criteria if k.key in matches[best.case_id] & short)
        if not helped:
            break
        adds = _describe(new_values(best))
        reason = f"Chosen to cover {_and(helped)}"
        reason += f"; it also adds {_and(adds)}." if adds else "."
        take(best, helped, reason)

    # 2. spread across age band and primary support reason
    while len(choices) < size and remaining:
        best = min(
            remaining,
            key=lambda c: (
                -len(new_values(c)),
                sum(seen_values[v] for v in _values(c)),
                -len(matches[c.case_id]),
                natural_key(c.case_id),
            ),
        )
        adds = _describe(new_values(best))
        if adds:
            reason = f"Chosen for spread: adds {_and(adds)}."
        elif _values(best):
            groups = _and(_describe(_values(best)))
            reason = f"Chosen for balance: {groups} have the fewest cases chosen so far."
        else:
            reason = "Chosen to fill the sample (no age band or support reason recorded)."
        take(best, (), reason)

    coverage = tuple(
        CriterionCoverage(
            key=k.key,
            label=k.label,
            minimum=k.minimum,
            in_list=sum(1 for c in pool if k.key in matches[c.case_id]),
            in_sample=counts[k.key],
        )
        for k in criteria
    )
    unmet = tuple(c for c in coverage if not c.met)
    notes: list[str] = []
    if size > len(pool):
        notes.append(
            f"The {what} has only {len(pool)} cases, fewer than the {size} wanted: "
            "all of them are chosen."
        )
    for c in unmet:
        if c.in_list < c.minimum:
            have = "no case" if c.in_list == 0 else f"only {c.in_list} cases"
            notes.append(
                f"The {what} has {have} of {c.label}; the sample needs at least {c.minimum}."
            )
        else:
            notes.append(
                f"The sample of {size} is too small to include {c.minimum} cases of {c.label} "
                "as well as the other criteria."
            )
    return Sample(
        case_ids=tuple(ch.case_id for ch in choices),
        choices=tuple(choices),
        coverage=coverage,
        unmet=unmet,
        notes=tuple(notes),
    )


def propose_sample(
    cases: Sequence[CaseRecord], *, size: int = 10, criteria: CriteriaSet = DEFAULT_CRITERIA
) -> Sample:
    """The cases to review in detail (by default 10), chosen as the module docstring says."""
    return _select(cases, size, criteria, "list")


def propose_in_depth(
    cases: Sequence[CaseRecord],
    sample: Sample | Sequence[str],
    *,
    size: int = 6,
    criteria: CriteriaSet = DEFAULT_CRITERIA,
) -> Sample:
    """The cases to follow in depth (by default 6), chosen the same way from ``sample``."""
    wanted = set(sample.case_ids if isinstance(sample, Sample) else sample)
    by_id = {c.case_id: c for c in cases}
    unknown = wanted - set(by_id)
    if unknown:
        raise ValueError(f"the sample names cases not in the list: {', '.join(sorted(unknown))}")
    return _select([by_id[i] for i in wanted], size, criteria, "sample")


# --- representativeness ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Share:
    """How many cases have ``value``, in the whole list and in the sample."""

    value: str
    in_list: int
    list_total: int
    in_sample: int
    sample_total: int

    @property
    def list_percent(self) -> int | None:
        return _percent(self.in_list, self.list_total)

    @property
    def sample_percent(self) -> int | None:
        return _percent(self.in_sample, self.sample_total)


def _percent(part: int, whole: int) -> int | None:
    return Rounding.HALF_UP.divide(100 * part, whole) if whole else None


@dataclass(frozen=True, slots=True)
class AttributeShares:
    attribute: str
    label: str
    shares: tuple[Share, ...]


@dataclass(frozen=True, slots=True)
class Representativeness:
    attributes: tuple[AttributeShares, ...]
    summary: tuple[str, ...]

    def attribute(self, name: str) -> AttributeShares:
        for found in self.attributes:
            if found.attribute == name:
                return found
        raise KeyError(name)


NOT_RECORDED = "not recorded"


def representativeness(
    cases: Sequence[CaseRecord], chosen: Sample | Iterable[str]
) -> Representativeness:
    """Each attribute's share in the whole list against its share in the chosen cases.

    Age band and primary support reason get one row per value (blank shows as "not
    recorded"), most common in the list first; each flag gets one row, the share of "yes".
    """
    _check_unique(cases)
    ids = set(chosen.case_ids if isinstance(chosen, Sample) else chosen)
    unknown = ids - {c.case_id for c in cases}
    if unknown:
        raise ValueError(f"chosen cases not in the list: {', '.join(sorted(unknown))}")
    picked = [c for c in cases if c.case_id in ids]
    n, k = len(cases), len(picked)
    attributes: list[AttributeShares] = []
    summary: list[str] = []
    for attribute in SPREAD_ATTRIBUTES:
        in_list = Counter(getattr(c, attribute) or NOT_RECORDED for c in cases)
        in_sample = Counter(getattr(c, attribute) or NOT_RECORDED for c in picked)
        shares = tuple(
            Share(value, in_list[value], n, in_sample[value], k)
            for value in sorted(in_list, key=lambda v: (-in_list[v], v))
        )
        attributes.append(AttributeShares(attribute, ATTRIBUTE_LABELS[attribute], shares))
        label = ATTRIBUTE_LABELS[attribute].capitalize()
        absent = [s for s in shares if s.in_sample == 0 and s.value != NOT_RECORDED]
        present = [s for s in shares if s.value != NOT_RECORDED]
        if not absent:
            summary.append(f"{label}: every value in the list is in the sample.")
        else:
            listed = ", ".join(f"{s.value!r} ({s.list_percent}% of the list)" for s in absent)
            summary.append(
                f"{label}: {len(absent)} of {len(present)} values in the list have no case "
                f"in the sample: {listed}."
            )
    for flag in FLAG_FIELDS:
        share = Share(
            "yes", sum(c.flag(flag) for c in cases), n, sum(c.flag(flag) for c in picked), k
        )
        attributes.append(AttributeShares(flag, ATTRIBUTE_LABELS[flag], (share,)))
        summary.append(_flag_sentence(ATTRIBUTE_LABELS[flag], share))
    return Representativeness(tuple(attributes), tuple(summary))


def _flag_sentence(label: str, share: Share) -> str:
    lp, sp = share.list_percent, share.sample_percent
    head = f"{label[0].upper()}{label[1:]}: {lp}% of the list"
    if lp is None or sp is None:
        return f"{label[0].upper()}{label[1:]}: no cases to compare."
    if abs(sp - lp) <= SIMILAR_WITHIN_POINTS:
        how = "similar"
    elif sp > lp:
        how = "more in the sample than in the list"
    else:
        how = "fewer in the sample than in the list"
    return f"{head}, {sp}% of the sample ({how})."
