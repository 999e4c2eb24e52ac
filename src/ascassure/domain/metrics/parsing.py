"""Parsers for the measure files councils are benchmarked on.

Three layouts, one style: each parser returns frozen dataclasses, converts nothing silently and
reports every problem with its line and column. By default a parser is atomic: one bad row and
the whole file is refused with a :class:`MetricsFormatError` listing the problems (up to
``max_errors``). With ``collect_errors=True`` it returns the good rows and the problems instead.
Problems with the file as a whole (encoding, missing columns, no year) always raise.

* :func:`parse_ascof` — the ASCOF open-data file (NHS Digital, DHSC), CSV or XLSX, any year.
  The measure list is read from the file, never assumed.
* :func:`parse_lginform` — an LG Inform API extract in the long layout
  ``area_code, area_name, period, indicator, measure, unit, value`` (``NA`` = missing).
* :func:`parse_long_csv` — a generic long file ``council, period, measure, value`` with optional
  ``numerator`` and ``denominator``, for data the platform receives in no standard layout.

Normalisation (documented so that it is never a surprise):

* Headers: case, spaces and punctuation are ignored (``GeographicalCode`` = ``Geographical
  Code``); ``ONS Area Code`` and ``ONSAreaCode`` mean ``ONS Code``.
* Geographical level: ``Council`` (also ``Local authority``, ``LA``, ``CASSR``), ``Region``
  (also ``Regional``), ``England`` (also ``National``), ``Council type``.
* Measure type: ``Numerator``, ``Denominator``, ``Outcome``, ``Base``, ``Margin of error``
  (any case; ``MoE``).
* Disaggregation: age bands written ``18-64`` (``18 to 64``, an en dash, ``aged 18-64`` too),
  open bands ``65 and over`` (``65+``, ``65 or over``) and ``64 and under`` (``under 65``),
  ``Total``/``Male``/``Female`` capitalised. Any other label is kept as written, with runs of
  spaces collapsed, so new breakdowns (ethnicity, support reason) pass through.
* Values: a plain decimal number (sign and exponent allowed) or a suppression marker
  (:data:`SUPPRESSION_MARKERS`, any case), which gives ``value=None`` and keeps the marker in
  ``suppression``. ``1,234``, ``45%``, ``n/a`` or ``-`` are errors, not guesses.
"""

from __future__ import annotations

from ascassure.domain.metrics._common import (
    SUPPRESSION_MARKERS,
    AscofFormatError,
    GeoLevel,
    LgInformFormatError,
    LongCsvFormatError,
    MeasureType,
    financial_year,
    financial_year_from_name,
    normalise_disaggregation,
)
from ascassure.domain.metrics._source import (
    MetricsFormatError,
    ParseProblem,
)
from ascassure.domain.metrics.ascof import (
    AscofMeasure,
    AscofParseResult,
    AscofRow,
    parse_ascof,
)
from ascassure.domain.metrics.lginform import (
    LgInformParseResult,
    LgInformRow,
    LongParseResult,
    LongRow,
    month_of,
    parse_lginform,
    parse_long_csv,
)

__all__ = [
    "SUPPRESSION_MARKERS",
    "AscofFormatError",
    "AscofMeasure",
    "AscofParseResult",
    "AscofRow",
    "GeoLevel",
    "LgInformFormatError",
    "LgInformParseResult",
    "LgInformRow",
    "LongCsvFormatError",
    "LongParseResult",
    "LongRow",
    "MeasureType",
    "MetricsFormatError",
    "ParseProblem",
    "financial_year",
    "financial_year_from_name",
    "month_of",
    "normalise_disaggregation",
    "parse_ascof",
    "parse_lginform",
    "parse_long_csv",
]
