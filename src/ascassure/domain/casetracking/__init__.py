"""Case tracking: the council's list of people's cases, and the samples chosen from it.

The council lists (by default) 50 cases that meet the assessing body's criteria; the
assessing body picks 10 for detailed review and follows 6 of those in depth. This module
reads the list (CSV or Excel), checks it line by line, proposes the two samples and says how
representative a sample is.

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

from ascassure.domain.casetracking.reading import parse_case_list
from ascassure.domain.casetracking.records import (
    ATTRIBUTE_LABELS,
    COLUMN_ALIASES,
    FLAG_FIELDS,
    REQUIRED_COLUMNS,
    CaseListError,
    CaseRecord,
    ParsedCaseList,
    Problem,
    parse_bool,
    parse_date,
)
from ascassure.domain.casetracking.sampling import (
    DEFAULT_CRITERIA,
    AttributeShares,
    Choice,
    CriteriaSet,
    Criterion,
    CriterionCoverage,
    Representativeness,
    Sample,
    Share,
    natural_key,
    propose_in_depth,
    propose_sample,
    representativeness,
)

__all__ = [
    "ATTRIBUTE_LABELS",
    "COLUMN_ALIASES",
    "DEFAULT_CRITERIA",
    "FLAG_FIELDS",
    "REQUIRED_COLUMNS",
    "AttributeShares",
    "CaseListError",
    "CaseRecord",
    "Choice",
    "CriteriaSet",
    "Criterion",
    "CriterionCoverage",
    "ParsedCaseList",
    "Problem",
    "Representativeness",
    "Sample",
    "Share",
    "natural_key",
    "parse_bool",
    "parse_case_list",
    "parse_date",
    "propose_in_depth",
    "propose_sample",
    "representativeness",
]
