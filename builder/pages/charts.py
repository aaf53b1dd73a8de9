"""Build-time SVG charts: pictures that need no JavaScript and carry their own text alternative.

A numeric discrepancy becomes a dot chart: one row per value, each row labelled
with the source that gives it, all dots on one shared axis, and a shaded band
from the lowest to the highest figure so the spread is visible at a glance.
The axis starts at zero when every figure is positive, so the picture shows
differences in proportion rather than magnifying them. In a language written
right to left the chart is mirrored: the axis grows leftwards, and the labels
start at the right.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from builder.model import items as m
from builder.model.language import ENGLISH, Language
from builder.model.xref import Xref

WIDTH = 400  # viewBox units; the SVG scales to its container, so this fixes proportions only
MARGIN = 14
ROW_HEIGHT = 44
AXIS_HEIGHT = 40
FONT = 14
TICK_FONT = 13  # about 11 px on a 375 px phone, where the chart is drawn at 343 px
# Average glyph width as a share of the font size, to keep labels inside the
# picture without measuring text (there is no font metrics at build time).
GLYPH = 0.56


@dataclass(frozen=True)
class Point:
    """One mark: the number, how the source words it, and who gives it."""

    value: float
    text: str
    source: str


def mirrored(width: float, rtl: bool) -> Callable[[float], float]:
    """An x as drawn: as it is, or mirrored in a picture `width` wide for a language written right to left."""
    return (lambda value: width - value) if rtl else (lambda value: value)


def nice_ticks(low: float, high: float, target: int = 4) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if high < low:
        low, high = high, low
    if high == low:
        spread = abs(high) * 0.1 or 1.0
        low, high = low - spread, high + spread
    raw = (high - low) / target
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    count = int(round((last - first) / step))
    return [_clean(first + i * step) for i in range(count + 1)]


def _clean(value: float) -> float:
    """Drop float noise (0.30000000000000004) so labels and bytes are stable."""
    return float(f"{value:.10g}")


def wrap_lines(text: str, font: float, room: float, most: int = 2) -> list[str]:
    """Wrap text into at most `most` lines that fit in `room` units; the last ends in an ellipsis if cut."""
    width = max(4, int(room / (font * GLYPH)))
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < most:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        lines.append(line)
    for i, line in enumerate(lines):
        if len(line) > width:  # one word longer than the line
            lines[i] = line[: width - 1] + "…"
    if words:
        last = lines[-1]
        lines[-1] = (last if len(last) < width else last[: width - 1].rstrip()) + "…"
    return lines


def _n(value: float) -> str:
    """A coordinate, with at most one decimal."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def dot_chart(title: str, points: list[Point], unit: str | None = None, lang: Language = ENGLISH) -> Markup:
    """An accessible inline SVG dot chart of `points` on one axis; empty when there is nothing to draw."""
    if not points:
        return Markup("")
    format_number = lang.number
    values = [p.value for p in points]
    low, high = min(values), max(values)
    ticks = nice_ticks(min(low, 0.0) if low >= 0 else low, high)
    start, end = ticks[0], ticks[-1]
    plot_left, plot_right = MARGIN, WIDTH - MARGIN

    X = mirrored(WIDTH, lang.rtl)  # an x as drawn

    def x(value: float) -> float:
        return X(plot_left + (value - start) / (end - start) * (plot_right - plot_left))

    room = plot_right - plot_left
    wrapped = [wrap_lines(f"{point.text} · {point.source}", FONT, room) for point in points]
    line_height = FONT + 3
    row_heights = [ROW_HEIGHT - line_height + line_height * len(lines) for lines in wrapped]
    rows_height = sum(row_heights)
    height = rows_height + AXIS_HEIGHT
    def with_unit(value: float) -> str:
        return lang.gettext("%(figure)s %(unit)s") % {"figure": format_number(value), "unit": unit} if unit \
            else format_number(value)

    summary = lang.joined(lang.gettext("%(source)s: %(figure)s") % {"source": p.source, "figure": p.text}
                          for p in points)
    if low == high:
        range_text = lang.gettext("All give %(figure)s.") % {"figure": with_unit(low)}
    else:
        range_text = lang.gettext("Range: %(low)s to %(high)s.") % {"low": format_number(low), "high": with_unit(high)}
    label = lang.gettext("Chart: %(title)s %(summary)s. %(range)s") % {"title": title, "summary": summary,
                                                                        "range": range_text}

    out = [
        f'<svg class="bf-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(label)}" '
        + ('direction="rtl" ' if lang.rtl else "")
        + 'preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(summary)}. {escape(range_text)}</desc>",
        f'<rect class="bf-chart-range" x="{_n(min(x(low), x(high)))}" y="0" width="{_n(max(abs(x(high) - x(low)), 2))}" '
        f'height="{rows_height}" fill="#546e7a" fill-opacity="0.12"/>',
    ]
    for tick in ticks:
        out.append(f'<line class="bf-chart-grid" x1="{_n(x(tick))}" y1="0" x2="{_n(x(tick))}" '
                   f'y2="{rows_height + 4}" stroke="#90a4ae" stroke-width="0.5"/>')
    top = 0
    for point, lines, row_height in zip(points, wrapped, row_heights, strict=False):
        track = top + row_height - 13
        mark = lang.gettext("%(source)s: %(figure)s") % {"source": point.source, "figure": point.text}
        out.append(f'<g class="bf-chart-mark"><title>{escape(mark)}</title>')
        shown = [str(escape(line)) for line in lines]
        if lines[0].startswith(point.text):  # the figure in bold, its source after it
            shown[0] = f'<tspan font-weight="700">{escape(point.text)}</tspan>{escape(lines[0][len(point.text):])}'
        spans = "".join(f'<tspan x="{_n(X(plot_left))}" dy="{0 if i == 0 else line_height}">{line}</tspan>'
                        for i, line in enumerate(shown))
        out.append(f'<text class="bf-chart-label" x="{_n(X(plot_left))}" y="{top + 16}" font-size="{FONT}" '
                   f'fill="#263238">{spans}</text>')
        out.append(f'<line class="bf-chart-track" x1="{_n(X(plot_left))}" y1="{track}" x2="{_n(X(plot_right))}" y2="{track}" '
                   f'stroke="#b0bec5" stroke-width="1"/>')
        out.append(f'<circle class="bf-chart-dot" cx="{_n(x(point.value))}" cy="{track}" r="6" fill="#37474f"/>')
        out.append("</g>")
        top += row_height
    axis_y = rows_height + 4
    out.append(f'<line class="bf-chart-axis" x1="{_n(X(plot_left))}" y1="{axis_y}" x2="{_n(X(plot_right))}" y2="{axis_y}" '
               f'stroke="#37474f" stroke-width="1"/>')
    for i, tick in enumerate(ticks):
        anchor = "start" if i == 0 else "end" if i == len(ticks) - 1 else "middle"
        out.append(f'<text class="bf-chart-tick" x="{_n(x(tick))}" y="{axis_y + 16}" font-size="{TICK_FONT}" '
                   f'text-anchor="{anchor}" fill="#455a64">{format_number(tick)}</text>')
    if unit:
        out.append(f'<text class="bf-chart-tick" x="{_n(X(plot_right))}" y="{axis_y + 29}" font-size="{TICK_FONT}" '
                   f'text-anchor="end" fill="#455a64">{escape(unit)}</text>')
    out.append("</svg>")
    # One line: Markdown must see the whole figure as a single raw HTML block.
    caption = f'<figcaption class="bf-chart-caption">{escape(range_text)}</figcaption>'
    return Markup(f'<figure class="bf-chart-figure">{"".join(out)}{caption}</figure>')


def points_of(model: m.Model, xref: Xref, discrepancy: m.Discrepancy, lang: Language = ENGLISH) -> list[Point]:
    """The values of a numeric discrepancy that have a number, each labelled with the sources it cites."""
    points = []
    for value in discrepancy.values:
        if value.value is None:
            continue
        cited = [c.source for c in xref.cites_in(value.text) if c.source in model.sources]
        names = list(dict.fromkeys(model.sources[s].label for s in cited))
        source = lang.listed(names) if names else lang.gettext("Uncited")
        points.append(Point(float(value.value), value.label or lang.number(value.value), source))
    return points


def discrepancy_charts(model: m.Model, xref: Xref, lang: Language = ENGLISH) -> dict[str, Markup]:
    """A chart for every numeric discrepancy with at least one figure, by discrepancy id."""
    charts: dict[str, Markup] = {}
    for disc in model.discrepancies.discrepancies:
        if disc.kind != "number":
            continue
        points = points_of(model, xref, disc, lang)
        if points:
            charts[disc.id] = dot_chart(disc.question, points, disc.unit, lang)
    return charts
