"""Charts as SVG written by hand on the server: no browser and no plotting library needed.

Every chart is an image with a title and a description (``role="img"``); the page shows the
same figures in a table next to it, which is what assistive technology reads. Shapes as well
as colours tell the series apart (WCAG 1.4.1), and every colour has at least 3:1 contrast
with the white background (WCAG 1.4.11). All text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BLACK = "#0b0c0c"
BLUE = "#1d70b8"
GREEN = "#00703c"
PURPLE = "#4c2c92"
GREY = "#505a5f"
LIGHT = "#b1b4b6"
FONT = 'font-family="Arial, sans-serif" font-size="13"'


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def number_label(value: float) -> str:
    """A tick or value label: thousands separated, at most one decimal place."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.1f}".removesuffix(".0")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low`` to ``high``."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _svg(
    chart_id: str, width: int, height: int, title: str, desc: str, body: list[str]
) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" {FONT}>'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 (every text escaped above)


def _marker(shape: str, x: float, y: float, colour: str, size: float = 6) -> str:
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(size)}" fill="{colour}"/>'
    if shape == "ring":
        return (
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(size - 1)}" fill="#ffffff" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    if shape == "diamond":
        s = size + 1
        points = f"{_n(x)},{_n(y - s)} {_n(x + s)},{_n(y)} {_n(x)},{_n(y + s)} {_n(x - s)},{_n(y)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "square":
        s = size - 1
        return (
            f'<rect x="{_n(x - s)}" y="{_n(y - s)}" width="{_n(2 * s)}" height="{_n(2 * s)}" '
            f'fill="{colour}"/>'
        )
    # triangle
    s = size + 1
    points = f"{_n(x)},{_n(y - s)} {_n(x + s)},{_n(y + s * 0.8)} {_n(x - s)},{_n(y + s * 0.8)}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" fill="{BLACK}"{extra}>'
        f"{escape(text)}</text>"
    )


# --- comparison (a council against its comparators) ----------------------------------------------


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    values: dict[str, float | None]  # series key -> value


COMPARISON_SERIES = (
    ("council", "circle", BLACK),
    ("peers", "ring", BLUE),
    ("region", "square", GREEN),
    ("council_type", "triangle", PURPLE),
    ("england", "diamond", GREY),
)


def comparison_chart(
    *,
    chart_id: str,
    title: str,
    rows: Sequence[ComparisonRow],
    series_names: dict[str, str],
    percent: bool = False,
) -> SafeString | None:
    """One line per row (a disaggregation), a marker per comparator on a shared scale
    (0 to 100 for a percentage)."""
    shown = [r for r in rows if any(v is not None for v in r.values.values())]
    if not shown:
        return None
    numbers = [v for r in shown for v in r.values.values() if v is not None]
    low = min(0.0, min(numbers))
    high = max(numbers) * 1.05 if max(numbers) > 0 else 1
    if percent and low >= 0 and max(numbers) <= 100:
        high = 100
    ticks = nice_ticks(low, high)
    left, right, top, row_h = 130, 620, 58, 30
    width = 640
    height = top + row_h * len(shown) + 40
    span = ticks[-1] - ticks[0]

    def x(value: float) -> float:
        return left + (value - ticks[0]) / span * (right - left)

    body: list[str] = []
    legend_x = 10.0
    for key, shape, colour in COMPARISON_SERIES:
        if key not in series_names:
            continue
        body.append(_marker(shape, legend_x + 6, 18, colour, 5))
        label = series_names[key]
        body.append(_text(legend_x + 16, 22, label))
        legend_x += 26 + 7.2 * len(label)
        if legend_x > width - 90:
            break
    axis_y = top + row_h * len(shown) + 4
    for tick in ticks:
        tx = x(tick)
        body.append(
            f'<line x1="{_n(tx)}" y1="{top - 14}" x2="{_n(tx)}" y2="{_n(axis_y)}" '
            f'stroke="{LIGHT}" stroke-width="1"/>'
        )
        body.append(_text(tx, axis_y + 16, number_label(tick), "middle"))
    for index, row in enumerate(shown):
        y = top + row_h * index + 4
        body.append(_text(left - 8, y + 4, row.label, "end"))
        body.append(
            f'<line x1="{left}" y1="{_n(y)}" x2="{right}" y2="{_n(y)}" stroke="{LIGHT}" '
            'stroke-width="1"/>'
        )
        for key, shape, colour in reversed(COMPARISON_SERIES):
            value = row.values.get(key)
            if value is not None and key in series_names:
                body.append(_marker(shape, x(value), y, colour))
    desc = "; ".join(
        f"{row.label}: "
        + ", ".join(
            f"{series_names[k]} {number_label(v)}"
            for k, _s, _c in COMPARISON_SERIES
            if k in series_names and (v := row.values.get(k)) is not None
        )
        for row in shown
    )
    return _svg(chart_id, width, height, title, desc, body)


# --- funnel plot ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelPoint:
    label: str
    x: float
    y: float
    role: str  # "this", "peer" or "other"


@dataclass(frozen=True)
class FunnelCurve:
    x: float
    lower_95: float
    upper_95: float
    lower_998: float
    upper_998: float


def funnel_chart(
    *,
    chart_id: str,
    title: str,
    points: Sequence[FunnelPoint],
    curve: Sequence[FunnelCurve],
    target: float,
    x_label: str,
    y_label: str,
) -> SafeString | None:
    if not points:
        return None
    width, height = 640, 410
    left, right, top, bottom = 70, 620, 50, 350
    xs = [p.x for p in points]
    ys = [p.y for p in points] + [target]
    ys += [c.upper_998 for c in curve if c.x >= min(xs)] + [
        c.lower_998 for c in curve if c.x >= min(xs)
    ]
    x_ticks = nice_ticks(0, max(xs) * 1.02)
    y_ticks = nice_ticks(min(0.0, min(ys)), max(ys) * 1.02)

    def px(value: float) -> float:
        return left + (value - x_ticks[0]) / (x_ticks[-1] - x_ticks[0]) * (right - left)

    def py(value: float) -> float:
        clamped = min(max(value, y_ticks[0]), y_ticks[-1])
        return bottom - (clamped - y_ticks[0]) / (y_ticks[-1] - y_ticks[0]) * (bottom - top)

    body = _axes(x_ticks, y_ticks, px, py, left, right, top, bottom, x_label, y_label)
    body.append(
        f'<line x1="{left}" y1="{_n(py(target))}" x2="{right}" y2="{_n(py(target))}" '
        f'stroke="{GREY}" stroke-width="2"/>'
    )
    for attribute, dash in (("95", "6 4"), ("998", "")):
        for side in ("lower", "upper"):
            path = " ".join(
                f"{'M' if i == 0 else 'L'}{_n(px(c.x))},{_n(py(getattr(c, f'{side}_{attribute}')))}"
                for i, c in enumerate(curve)
            )
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            body.append(
                f'<path d="{path}" fill="none" stroke="{BLUE}" stroke-width="1.5"{dashes}/>'
            )
    order = {"other": 0, "peer": 1, "this": 2}
    for point in sorted(points, key=lambda p: order[p.role]):
        if point.role == "this":
            body.append(_marker("circle", px(point.x), py(point.y), BLACK, 7))
            body.append(
                _text(px(point.x) + 10, py(point.y) - 8, point.label, extra=' font-weight="bold"')
            )
        elif point.role == "peer":
            body.append(_marker("ring", px(point.x), py(point.y), BLUE, 5))
        else:
            body.append(_marker("circle", px(point.x), py(point.y), GREY, 2.5))
    legend = [
        ("circle", BLACK, "This council"),
        ("ring", BLUE, "Peers"),
        ("circle", GREY, "Other councils"),
    ]
    lx = left
    for shape, colour, text in legend:
        body.append(_marker(shape, lx + 5, 16, colour, 4))
        body.append(_text(lx + 14, 20, text))
        lx += 24 + 7 * len(text)
    body.append(
        _text(left, 38, "Limits around England (grey line): dashed 95%, solid 99.8%", extra="")
    )
    this = next((p for p in points if p.role == "this"), None)
    desc = (
        f"{len(points)} councils plotted against {x_label.lower()}; England {number_label(target)}."
    )
    if this is not None:
        desc += f" {this.label}: {number_label(this.y)} at {number_label(this.x)}."
    return _svg(chart_id, width, height, title, desc, body)


def _axes(x_ticks, y_ticks, px, py, left, right, top, bottom, x_label, y_label) -> list[str]:
    body = [
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{BLACK}"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{BLACK}"/>',
    ]
    for tick in y_ticks:
        y = py(tick)
        body.append(
            f'<line x1="{left}" y1="{_n(y)}" x2="{right}" y2="{_n(y)}" stroke="{LIGHT}" '
            'stroke-width="0.5"/>'
        )
        body.append(_text(left - 6, y + 4, number_label(tick), "end"))
    for index, tick in enumerate(x_ticks):
        anchor = "end" if index == len(x_ticks) - 1 and index > 0 else "middle"
        body.append(_text(px(tick), bottom + 18, number_label(tick), anchor))
    body.append(_text((left + right) / 2, bottom + 38, x_label, "middle"))
    body.append(
        f'<text x="14" y="{_n((top + bottom) / 2)}" text-anchor="middle" fill="{BLACK}" '
        f'transform="rotate(-90 14 {_n((top + bottom) / 2)})">{escape(y_label)}</text>'
    )
    return body


# --- ranked estimates with their margins of error (survey measures) ------------------------------


@dataclass(frozen=True)
class RankedEstimate:
    label: str
    value: float
    low: float | None
    high: float | None
    role: str


def caterpillar_chart(
    *,
    chart_id: str,
    title: str,
    estimates: Sequence[RankedEstimate],
    target: float | None,
    y_label: str,
) -> SafeString | None:
    """Councils in order of value, each with its interval; England as a line."""
    if not estimates:
        return None
    width, height = 640, 360
    left, right, top, bottom = 70, 620, 30, 320
    ordered = sorted(estimates, key=lambda e: e.value)
    numbers = [e.value for e in ordered] + [e.low for e in ordered if e.low is not None]
    numbers += [e.high for e in ordered if e.high is not None]
    if target is not None:
        numbers.append(target)
    y_ticks = nice_ticks(min(numbers), max(numbers))
    step = (right - left) / max(1, len(ordered))

    def py(value: float) -> float:
        return bottom - (value - y_ticks[0]) / (y_ticks[-1] - y_ticks[0]) * (bottom - top)

    body = _axes(
        [], y_ticks, lambda v: v, py, left, right, top, bottom, "Councils in order", y_label
    )
    if target is not None:
        body.append(
            f'<line x1="{left}" y1="{_n(py(target))}" x2="{right}" y2="{_n(py(target))}" '
            f'stroke="{GREY}" stroke-width="2"/>'
        )
    for index, estimate in enumerate(ordered):
        cx = left + step * (index + 0.5)
        colour = BLACK if estimate.role == "this" else BLUE if estimate.role == "peer" else LIGHT
        if estimate.low is not None and estimate.high is not None:
            body.append(
                f'<line x1="{_n(cx)}" y1="{_n(py(estimate.low))}" x2="{_n(cx)}" '
                f'y2="{_n(py(estimate.high))}" stroke="{colour}" stroke-width="1.5"/>'
            )
        shape = "circle" if estimate.role != "peer" else "ring"
        size = 5 if estimate.role == "this" else 3 if estimate.role == "peer" else 2
        body.append(
            _marker(
                shape,
                cx,
                py(estimate.value),
                BLACK if estimate.role == "this" else colour if estimate.role == "peer" else GREY,
                size,
            )
        )
    desc = f"{len(ordered)} councils in order of value with their margins of error."
    return _svg(chart_id, width, height, title, desc, body)


# --- a series over time --------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    label: str
    value: float | None
    england: float | None
    low: float | None
    high: float | None
    break_before: bool


def trend_chart(
    *, chart_id: str, title: str, points: Sequence[TrendPoint], y_label: str, name: str
) -> SafeString | None:
    """The council's values (solid line, circles) and England's (dashed, diamonds) over time,
    with intervals as whiskers; a series break is a gap and a dotted line."""
    if not any(p.value is not None for p in points):
        return None
    width, height = 640, 340
    left, right, top, bottom = 70, 620, 40, 290
    numbers = [v for p in points for v in (p.value, p.england, p.low, p.high) if v is not None]
    y_ticks = nice_ticks(min(0.0, min(numbers)), max(numbers) * 1.05)
    step = (right - left) / max(1, len(points))

    def px(index: int) -> float:
        return left + step * (index + 0.5)

    def py(value: float) -> float:
        return bottom - (value - y_ticks[0]) / (y_ticks[-1] - y_ticks[0]) * (bottom - top)

    body = _axes([], y_ticks, px, py, left, right, top, bottom, "", y_label)
    every = max(1, math.ceil(len(points) / 10))
    for index, point in enumerate(points):
        if index % every == 0:
            body.append(_text(px(index), bottom + 18, point.label, "middle"))
        if point.break_before and index > 0:
            bx = (px(index - 1) + px(index)) / 2
            body.append(
                f'<line x1="{_n(bx)}" y1="{top}" x2="{_n(bx)}" y2="{bottom}" stroke="{BLACK}" '
                'stroke-dasharray="2 3"/>'
            )
            body.append(_text(bx + 4, top + 12, "Series break"))
    for key, colour, dash, shape in (
        ("england", GREY, ' stroke-dasharray="6 4"', "diamond"),
        ("value", BLACK, "", "circle"),
    ):
        segment: list[str] = []
        for index, point in enumerate(points):
            value = getattr(point, key)
            if value is None or point.break_before:
                if len(segment) > 1:
                    body.append(
                        f'<path d="{" ".join(segment)}" fill="none" stroke="{colour}" '
                        f'stroke-width="2"{dash}/>'
                    )
                segment = []
            if value is not None:
                segment.append(f"{'M' if not segment else 'L'}{_n(px(index))},{_n(py(value))}")
        if len(segment) > 1:
            body.append(
                f'<path d="{" ".join(segment)}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dash}/>'
            )
        for index, point in enumerate(points):
            value = getattr(point, key)
            if value is None:
                continue
            if key == "value" and point.low is not None and point.high is not None:
                body.append(
                    f'<line x1="{_n(px(index))}" y1="{_n(py(point.low))}" x2="{_n(px(index))}" '
                    f'y2="{_n(py(point.high))}" stroke="{BLACK}" stroke-width="1"/>'
                )
            body.append(_marker(shape, px(index), py(value), colour, 4))
    body.append(_marker("circle", left + 5, 16, BLACK, 4))
    body.append(_text(left + 14, 20, name))
    offset = left + 30 + 7 * len(name)
    body.append(_marker("diamond", offset, 16, GREY, 4))
    body.append(_text(offset + 10, 20, "England"))
    shown = [p for p in points if p.value is not None]
    desc = f"{name} from {shown[0].label} to {shown[-1].label}: " + ", ".join(
        f"{p.label} {number_label(p.value)}" for p in shown if p.value is not None
    )
    return _svg(chart_id, width, height, title, desc, body)
