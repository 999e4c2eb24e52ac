"""Read and check framework data files (TOML) into :class:`Framework` objects.

Every problem raises :class:`FrameworkError` with the file name and the path of the field,
for example ``2023.toml: statements[3].theme: unknown theme 'T9'``. Array positions count
from 0, as they do in Python.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Iterable
from datetime import date, datetime
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

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

DEFAULT_VERSION = "2025"
LOWEST_PERCENT = 25  # every QS scored 1
HIGHEST_PERCENT = 100  # every QS scored 4
SCORES = (1, 2, 3, 4)

_T = TypeVar("_T")
_E = TypeVar("_E", bound=str)


def _data_dir() -> Traversable:
    return resources.files("ascassure.domain.framework").joinpath("data")


def available_versions() -> tuple[str, ...]:
    """The framework versions shipped as ``data/<version>.toml``, oldest first."""
    names = (entry.name for entry in _data_dir().iterdir())
    return tuple(sorted(name.removesuffix(".toml") for name in names if name.endswith(".toml")))


def load_framework(version: str = DEFAULT_VERSION) -> Framework:
    """The shipped framework ``version`` (cached: each file is read once per process)."""
    return _load_shipped(version)


@functools.cache
def _load_shipped(version: str) -> Framework:
    versions = available_versions()
    if version not in versions:
        raise FrameworkError(
            f"unknown framework version {version!r} (available: {', '.join(versions)})"
        )
    name = f"{version}.toml"
    framework = parse_framework(_data_dir().joinpath(name).read_text(encoding="utf-8"), name)
    if framework.version != version:
        raise FrameworkError(
            f"{name}: version: says {framework.version!r} but the file is named for {version!r}"
        )
    return framework


def load_framework_file(path: Path) -> Framework:
    """Read and check a framework file anywhere on disk (for drafts and tests)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise FrameworkError(f"{Path(path).name}: cannot read the file: {exc.strerror}") from exc
    return parse_framework(text, Path(path).name)


def parse_framework(text: str, source: str = "<string>") -> Framework:
    """Check TOML ``text`` and build the framework; ``source`` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"{source}: not valid TOML: {exc}") from exc
    return _Reader(source).framework(data)


class _Reader:
    """Walks the parsed TOML, remembering where it is so errors can say so."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> FrameworkError:
        return FrameworkError(f"{self.source}: {where}: {problem}")

    # --- typed field access -------------------------------------------------------------

    def _check_keys(self, table: dict[str, Any], where: str, allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        for key in table:
            if key not in allowed:
                place = f"{where}.{key}" if where else key
                raise self.fail(
                    place, f"unknown field (expected one of: {', '.join(sorted(allowed))})"
                )

    def _get(self, table: dict[str, Any], key: str, where: str, default: Any = ...) -> Any:
        place = f"{where}.{key}" if where else key
        if key not in table:
            if default is ...:
                raise self.fail(place, "missing")
            return default
        return table[key]

    def _place(self, where: str, key: str) -> str:
        return f"{where}.{key}" if where else key

    def text(self, table: dict[str, Any], key: str, where: str = "", default: Any = ...) -> str:
        value = self._get(table, key, where, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(self._place(where, key), f"must be non-empty text (got {value!r})")
        return value.strip()

    def integer(self, table: dict[str, Any], key: str, where: str = "") -> int:
        value = self._get(table, key, where)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(self._place(where, key), f"must be a whole number (got {value!r})")
        return value

    def boolean(self, table: dict[str, Any], key: str, where: str = "") -> bool:
        value = self._get(table, key, where)
        if not isinstance(value, bool):
            raise self.fail(self._place(where, key), f"must be true or false (got {value!r})")
        return value

    def day(self, table: dict[str, Any], key: str, where: str = "") -> date:
        value = self._get(table, key, where)
        if isinstance(value, datetime) or not isinstance(value, date):
            raise self.fail(
                self._place(where, key), f"must be a date like 2025-06-30 (got {value!r})"
            )
        return value

    def texts(
        self, table: dict[str, Any], key: str, where: str = "", default: Any = ...
    ) -> tuple[str, ...]:
        value = self._get(table, key, where, default)
        place = self._place(where, key)
        if not isinstance(value, list | tuple):
            raise self.fail(place, f"must be a list of text (got {value!r})")
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{place}[{i}]", f"must be non-empty text (got {item!r})")
            out.append(item.strip())
        return tuple(out)

    def choice(
        self,
        table: dict[str, Any],
        key: str,
        enum: Callable[[str], _E],
        options: Iterable[str],
        where: str = "",
        default: Any = ...,
    ) -> _E:
        value = self._get(table, key, where, default)
        try:
            return enum(value)
        except ValueError:
            raise self.fail(
                self._place(where, key),
                f"unknown value {value!r} (expected one of: {', '.join(options)})",
            ) from None

    def rating(self, table: dict[str, Any], key: str, where: str) -> Rating:
        value = self._get(table, key, where)
        if not isinstance(value, str):
            raise self.fail(self._place(where, key), f"must be a rating name (got {value!r})")
        try:
            return Rating.parse(value)
        except ValueError as exc:
            raise self.fail(self._place(where, key), str(exc)) from None

    def tables(
        self, data: dict[str, Any], key: str, *, required: bool = True
    ) -> list[tuple[str, dict[str, Any]]]:
        if key not in data:
            if required:
                raise self.fail(key, "missing")
            return []
        value = data[key]
        if not isinstance(value, list):
            raise self.fail(key, f"must be an array of tables ([[{key}]])")
        if required and not value:
            raise self.fail(key, "must not be empty")
        out: list[tuple[str, dict[str, Any]]] = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise self.fail(f"{key}[{i}]", "must be a table")
            out.append((f"{key}[{i}]", item))
        return out

    def unique(self, seen: dict[Any, str], value: Any, where: str, what: str) -> None:
        if value in seen:
            raise self.fail(where, f"duplicate {what} {value!r} (already used at {seen[value]})")
        seen[value] = where

    # --- the sections -------------------------------------------------------------------

    def framework(self, data: dict[str, Any]) -> Framework:
        self._check_keys(
            data,
            "",
            (
                "version",
                "title",
                "effective_from",
                "scoring_method",
                "rounding",
                "qs_percent_rounding",
                "themes",
                "categories",
                "statements",
                "score_meanings",
                "rating_bands",
                "qs_percent_bands",
                "priorities",
                "rating_characteristics",
                "limiter",
            ),
        )
        version = self.text(data, "version")
        method = self.choice(
            data, "scoring_method", ScoringMethod, [m.value for m in ScoringMethod]
        )
        roundings = [r.value for r in Rounding]
        rounding = self.choice(data, "rounding", Rounding, roundings, default="up")
        qs_rounding = self.choice(data, "qs_percent_rounding", Rounding, roundings, default="up")
        themes = self.themes(data)
        categories = self.categories(data)
        statements = self.statements(data, themes, categories)
        qs_bands = self.qs_percent_bands(data)
        if method is ScoringMethod.CATEGORY and not qs_bands:
            raise self.fail(
                "qs_percent_bands", "needed when scoring_method is 'category' (none given)"
            )
        return Framework(
            version=version,
            title=self.text(data, "title"),
            effective_from=self.day(data, "effective_from"),
            scoring_method=method,
            rounding=rounding,
            qs_percent_rounding=qs_rounding,
            themes=themes,
            statements=statements,
            categories=categories,
            score_meanings=self.score_meanings(data),
            rating_bands=self.rating_bands(data),
            qs_percent_bands=qs_bands,
            priorities=self.priorities(data),
            rating_characteristics=self.rating_characteristics(data, statements),
            limiter=self.limiter(data),
        )

    def themes(self, data: dict[str, Any]) -> tuple[Theme, ...]:
        codes: dict[Any, str] = {}
        numbers: dict[Any, str] = {}
        out: list[Theme] = []
        for where, table in self.tables(data, "themes"):
            self._check_keys(table, where, ("code", "number", "title"))
            code = self.text(table, "code", where)
            number = self.integer(table, "number", where)
            self.unique(codes, code.casefold(), f"{where}.code", "theme code")
            self.unique(numbers, number, f"{where}.number", "theme number")
            out.append(Theme(code=code, number=number, title=self.text(table, "title", where)))
        return tuple(out)

    def categories(self, data: dict[str, Any]) -> tuple[EvidenceCategory, ...]:
        codes: dict[Any, str] = {}
        out: list[EvidenceCategory] = []
        for where, table in self.tables(data, "categories"):
            self._check_keys(table, where, ("code", "title", "used"))
            code = self.text(table, "code", where)
            self.unique(codes, code, f"{where}.code", "category code")
            out.append(
                EvidenceCategory(
                    code=code,
                    title=self.text(table, "title", where),
                    used=self.boolean(table, "used", where),
                )
            )
        if not any(c.used for c in out):
            raise self.fail("categories", "at least one category must have used = true")
        return tuple(out)

    def statements(
        self,
        data: dict[str, Any],
        themes: tuple[Theme, ...],
        categories: tuple[EvidenceCategory, ...],
    ) -> tuple[QualityStatement, ...]:
        theme_codes = {t.code for t in themes}
        by_code = {c.code: c for c in categories}
        default_categories = tuple(c.code for c in categories if c.used)
        codes: dict[Any, str] = {}
        names: dict[Any, str] = {}
        previous_number = 0
        out: list[QualityStatement] = []
        for where, table in self.tables(data, "statements"):
            self._check_keys(
                table,
                where,
                (
                    "code",
                    "number",
                    "theme",
                    "title",
                    "aliases",
                    "we_summary",
                    "i_summaries",
                    "categories",
                ),
            )
            code = self.text(table, "code", where)
            number = self.integer(table, "number", where)
            self.unique(codes, "".join(code.split()).casefold(), f"{where}.code", "statement code")
            if number <= previous_number:
                raise self.fail(
                    f"{where}.number",
                    f"statements must be in increasing number order ({number} after "
                    f"{previous_number})",
                )
            previous_number = number
            theme = self.text(table, "theme", where)
            if theme not in theme_codes:
                raise self.fail(f"{where}.theme", f"unknown theme {theme!r}")
            title = self.text(table, "title", where)
            aliases = self.texts(table, "aliases", where, default=[])
            for i, name in enumerate((title, *aliases)):
                place = f"{where}.title" if i == 0 else f"{where}.aliases[{i - 1}]"
                self.unique(names, " ".join(name.split()).casefold(), place, "title or alias")
            qs_categories = self.texts(table, "categories", where, default=list(default_categories))
            if not qs_categories:
                raise self.fail(f"{where}.categories", "must name at least one category")
            seen: dict[Any, str] = {}
            for i, cat in enumerate(qs_categories):
                place = f"{where}.categories[{i}]"
                if cat not in by_code:
                    raise self.fail(place, f"unknown category {cat!r}")
                if not by_code[cat].used:
                    raise self.fail(place, f"category {cat!r} is marked used = false")
                self.unique(seen, cat, place, "category")
            out.append(
                QualityStatement(
                    code=code,
                    number=number,
                    theme=theme,
                    title=title,
                    aliases=aliases,
                    we_summary=self.text(table, "we_summary", where),
                    i_summaries=self.texts(table, "i_summaries", where, default=[]),
                    categories=qs_categories,
                )
            )
        for name, place in names.items():  # a title that reads like a code would be ambiguous
            clash = codes.get(name.replace(" ", ""))
            if clash is not None:
                raise self.fail(place, f"{name!r} reads like the statement code at {clash}")
        return tuple(out)

    def score_meanings(self, data: dict[str, Any]) -> tuple[ScoreMeaning, ...]:
        out: list[ScoreMeaning] = []
        for where, table in self.tables(data, "score_meanings"):
            self._check_keys(table, where, ("score", "label", "description"))
            out.append(
                ScoreMeaning(
                    score=self.integer(table, "score", where),
                    label=self.text(table, "label", where),
                    description=self.text(table, "description", where),
                )
            )
        got = tuple(m.score for m in out)
        if got != SCORES:
            raise self.fail("score_meanings", f"must give scores 1, 2, 3, 4 in order (got {got})")
        return tuple(out)

    def _bands(
        self,
        data: dict[str, Any],
        key: str,
        label: Callable[[str, dict[str, Any]], _T],
        expected: tuple[_T, ...],
        *,
        required: bool,
    ) -> list[tuple[_T, int, int]]:
        rows: list[tuple[_T, int, int]] = []
        previous_high: int | None = None
        entries = self.tables(data, key, required=required)
        for where, table in entries:
            value = label(where, table)
            low = self.integer(table, "low", where)
            high = self.integer(table, "high", where)
            if low > high:
                raise self.fail(where, f"low {low} is above high {high}")
            if previous_high is None and low != LOWEST_PERCENT:
                raise self.fail(f"{where}.low", f"the first band must start at {LOWEST_PERCENT}")
            if previous_high is not None and low > previous_high + 1:
                raise self.fail(
                    f"{where}.low", f"gap: nothing covers {previous_high + 1}..{low - 1}"
                )
            if previous_high is not None and low <= previous_high:
                raise self.fail(
                    f"{where}.low", f"overlap: {low}..{previous_high} is already covered"
                )
            previous_high = high
            rows.append((value, low, high))
        if entries and previous_high != HIGHEST_PERCENT:
            raise self.fail(
                f"{entries[-1][0]}.high", f"the last band must end at {HIGHEST_PERCENT}"
            )
        got = tuple(row[0] for row in rows)
        if entries and got != expected:
            shown = ", ".join(str(v) for v in expected)
            raise self.fail(key, f"must list {shown} once each, worst first")
        return rows

    def rating_bands(self, data: dict[str, Any]) -> tuple[RatingBand, ...]:
        def label(where: str, table: dict[str, Any]) -> Rating:
            self._check_keys(table, where, ("rating", "low", "high"))
            return self.rating(table, "rating", where)

        rows = self._bands(data, "rating_bands", label, RATING_ORDER, required=True)
        return tuple(RatingBand(rating=r, low=low, high=high) for r, low, high in rows)

    def qs_percent_bands(self, data: dict[str, Any]) -> tuple[QsPercentBand, ...]:
        def label(where: str, table: dict[str, Any]) -> int:
            self._check_keys(table, where, ("score", "low", "high"))
            return self.integer(table, "score", where)

        rows = self._bands(data, "qs_percent_bands", label, SCORES, required=False)
        return tuple(QsPercentBand(score=s, low=low, high=high) for s, low, high in rows)

    def priorities(self, data: dict[str, Any]) -> tuple[Priority, ...]:
        codes: dict[Any, str] = {}
        out: list[Priority] = []
        for where, table in self.tables(data, "priorities", required=False):
            self._check_keys(table, where, ("code", "title"))
            code = self.text(table, "code", where)
            self.unique(codes, code, f"{where}.code", "priority code")
            out.append(Priority(code=code, title=self.text(table, "title", where)))
        return tuple(out)

    def rating_characteristics(
        self, data: dict[str, Any], statements: tuple[QualityStatement, ...]
    ) -> tuple[RatingCharacteristic, ...]:
        qs_codes = {qs.code for qs in statements}
        seen: dict[Any, str] = {}
        out: list[RatingCharacteristic] = []
        for where, table in self.tables(data, "rating_characteristics", required=False):
            self._check_keys(table, where, ("qs", "rating", "text"))
            qs = self.text(table, "qs", where)
            if qs not in qs_codes:
                raise self.fail(f"{where}.qs", f"unknown quality statement {qs!r}")
            rating = self.rating(table, "rating", where)
            self.unique(seen, (qs, rating), where, "characteristic for")
            out.append(
                RatingCharacteristic(
                    qs_code=qs, rating=rating, text=self.text(table, "text", where)
                )
            )
        return tuple(out)

    def limiter(self, data: dict[str, Any]) -> Limiter | None:
        if "limiter" not in data:
            return None
        table = data["limiter"]
        if not isinstance(table, dict):
            raise self.fail("limiter", "must be a table ([limiter])")
        self._check_keys(table, "limiter", ("max_score", "cap"))
        max_score = self.integer(table, "max_score", "limiter")
        if max_score not in SCORES:
            raise self.fail("limiter.max_score", f"must be 1, 2, 3 or 4 (got {max_score})")
        return Limiter(max_score=max_score, cap=self.rating(table, "cap", "limiter"))
