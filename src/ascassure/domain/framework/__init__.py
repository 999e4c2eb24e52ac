"""Versioned assessment frameworks: themes, quality statements, scales and rating bands.

>>> framework = load_framework()
>>> framework.statement("safe pathways, systems and transitions").code
'QS6'
"""

from ascassure.domain.framework.loader import (
    DEFAULT_VERSION,
    available_versions,
    load_framework,
    load_framework_file,
    parse_framework,
)
from ascassure.domain.framework.model import (
    RATING_ORDER,
    EvidenceCategory,
    Framework,
    FrameworkError,
    Limiter,
    Priority,
    QsPercentBand,
    QualityStatement,
    Rating,
    RatingBand,
    RatingCharacteristic,
    Rounding,
    ScoreMeaning,
    ScoringMethod,
    Theme,
)

__all__ = [
    "DEFAULT_VERSION",
    "RATING_ORDER",
    "EvidenceCategory",
    "Framework",
    "FrameworkError",
    "Limiter",
    "Priority",
    "QsPercentBand",
    "QualityStatement",
    "Rating",
    "RatingBand",
    "RatingCharacteristic",
    "Rounding",
    "ScoreMeaning",
    "ScoringMethod",
    "Theme",
    "available_versions",
    "load_framework",
    "load_framework_file",
    "parse_framework",
]
