"""The timeline at a glance: every event on one time axis, drawn at build time as SVG (no JavaScript).

A date known to the day is a dot; any vaguer date (a month, a season, a part
of a year, a year, a decade, a period) is a bar from the first to the last day
it can mean, so the picture never looks more precise than the sources are.
Each mark links to its event in the list below it. In a language written right
to left, time runs from right to left too: the picture is mirrored, and its words
start at the mark and run leftwards.

The axis is read year by year. Years in which nothing happens are folded into
a short break, and each year that holds events gets room in proportion to the
square root of how many it holds, so that a busy year is legible without
squeezing quiet ones to nothing. Marks that would overlap go into separate
lanes, one above the other, the latest events in the top lanes (a phone opens
the chart at its latest years). A mark with its words is a tap target a lane tall.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from builder.model import items as m
from builder.model.language import ENGLISH, Language
from builder.pages.charts import mirrored

WIDTH = 680  # viewBox units; fits the content column at 1280 px, and scrolls in its own box on a phone
MARGIN = 8
MIN_YEAR = 40  # the narrowest a year in which an event starts gets, room for its label
SPANNED_YEAR = 12  # a year that only long spans (a decade, a long period) cross: narrow, unlabelled
LONG_SPAN = 3  # years: a span this long or longer anchors only the year it starts in
GAP = 18  # a run of years without events
LANE = 13
MARK = 9  # height of a bar, diameter of a dot
AXIS = 30
FONT = 12
MIN_BAR = 5
LABEL_FONT = 11  # a mark's words beside it: about 11 px wherever the chart is drawn at its own size
LABEL_LANE = 24  # lanes are taller when marks carry their words: each mark and its words, a 24 px tap target
LABEL_GAP = 4
LABELLED_MAX = 80  # more marks than this are drawn without words (their tooltips and the list below say what they are)
TALL = 8  # lanes: a chart taller than this has its years above it too
GLYPH = 0.62  # the width of a letter, in ems, with room to spare, for fitting words beside a mark


@dataclass(frozen=True)
class Mark:
    """One event on the overview: its date, where its mark leads, and what the mark says."""

    date: m.PartialDate
    href: str
    label: str
    """'March 2025: Ministers meet in Zenda', the mark's tooltip and accessible name."""
    key: str = ""
    """The event's id, so that a script can filter marks with the list."""
    short: str = ""
    """A few words shown beside the mark ('' for none)."""


def _fraction(day: tuple[int, int, int], end: bool) -> float:
    """Where a day falls in its year, 0..1; the end of the day when `end`."""
    year, month, dom = day
    yday = datetime.date(year, month, dom).timetuple().tm_yday
    return (yday if end else yday - 1) / (366 if calendar.isleap(year) else 365)


class Axis:
    """Years to x positions: empty years folded into breaks, busy years wider."""

    def __init__(self, dates: list[m.PartialDate], width: float = WIDTH):
        load: dict[int, float] = {}
        self.anchored: set[int] = set()  # years an event starts in or covers briefly: they get a label
        for date in dates:
            first, last = date.earliest[0], date.latest[0]
            self.anchored.update(range(first, last + 1) if last - first < LONG_SPAN else (first,))
            for year in range(first, last + 1):
                load[year] = load.get(year, 0.0) + 1 / (last - first + 1)
        years = range(min(load), max(load) + 1)
        self.gaps: list[float] = []  # x of each break
        segments: list[tuple[int, float]] = []  # (year, weight); weight 0 marks a break
        for year in years:
            if year in load:
                segments.append((year, math.sqrt(load[year])))
            elif not segments or segments[-1][1] != 0:
                segments.append((year, 0.0))
        fixed = sum((MIN_YEAR if y in self.anchored else SPANNED_YEAR) if w else GAP for y, w in segments)
        room = width - 2 * MARGIN
        extra = max(0.0, room - fixed)
        total_weight = sum(w for _, w in segments) or 1.0
        self.width = max(width, fixed + 2 * MARGIN)
        self.start: dict[int, tuple[float, float]] = {}  # year -> (x, width)
        x: float = MARGIN
        for year, weight in segments:
            if weight:
                span = (MIN_YEAR if year in self.anchored else SPANNED_YEAR) + extra * weight / total_weight
                self.start[year] = (x, span)
                x += span
            else:
                self.gaps.append(x + GAP / 2)
                x += GAP
        self.end = x

    def x(self, day: tuple[int, int, int], end: bool = False) -> float:
        x, span = self.start[day[0]]
        return x + span * _fraction(day, end)

    @property
    def years(self) -> list[tuple[int, float, float]]:
        return [(year, x, span) for year, (x, span) in sorted(self.start.items())]


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _fit(words: str, room: float) -> str:
    """As many of the words as fit in `room` units at LABEL_FONT, with an ellipsis when some are left out."""
    def width(text: str) -> float:
        return len(text) * LABEL_FONT * GLYPH

    if width(words) <= room:
        return words
    parts = words.rstrip("…").split()
    while parts:
        parts.pop()
        text = " ".join(parts).rstrip(",;:.") + "…"
        if parts and width(text) <= room:
            return text
    return ""


def _labels(marks: list[Mark], spans: list[tuple[float, float]], width: float) -> list[tuple[str, float, str]]:
    """Each mark's words, where they go and which way they run: (text, x, 'start' or 'end'); ('', 0, '') for none.
    Beside the mark on the right, or on its left where the right has too little room."""
    placed = []
    for mark, (start, end) in zip(marks, spans, strict=False):
        right, left = width - MARGIN - (end + LABEL_GAP), start - LABEL_GAP - MARGIN
        whole = _fit(mark.short, right)
        if whole == mark.short or right >= left:
            text = whole
            placed.append((text, end + LABEL_GAP, "start") if text else ("", 0.0, ""))
        else:
            text = _fit(mark.short, left)
            placed.append((text, start - LABEL_GAP, "end") if text else ("", 0.0, ""))
    return placed


def _lanes(spans: list[tuple[float, float]]) -> list[int]:
    """The lane of each (start, end) span, so that no two marks in a lane overlap (first fit)."""
    ends: list[float] = []
    lanes = []
    for start, end in spans:
        for i, last in enumerate(ends):
            if start >= last + 2:
                ends[i] = end
                lanes.append(i)
                break
        else:
            ends.append(end)
            lanes.append(len(ends) - 1)
    return lanes


def overview_svg(marks: list[Mark], title: str, ident: str, lang: Language = ENGLISH) -> Markup:
    """An accessible SVG overview of `marks` (in chronological order); empty when there are none.

    `ident` makes the ids of its title and description unique on the page.
    """
    marks = [mark for mark in marks if mark.date is not None]
    if not marks:
        return Markup("")
    axis = Axis([mark.date for mark in marks])
    spans = [_span(mark, axis) for mark in marks]
    labels = _labels(marks, spans, axis.width) if len(marks) <= LABELLED_MAX else [("", 0.0, "")] * len(marks)
    lane = LABEL_LANE if any(text for text, _, _ in labels) else LANE
    taken = [_taken(span, label) for span, label in zip(spans, labels, strict=True)]
    lanes = _lanes_latest_first(taken)
    lane_count = max(lanes) + 1
    top = FONT + 6 if lane_count > TALL else 0  # a tall chart says its years above the marks too
    axis_y = top + MARGIN + lane_count * lane + 4
    height = axis_y + AXIS
    X = mirrored(axis.width, lang.rtl)  # an x as drawn
    desc = _description(marks, axis, lang)
    out = [_svg_start(axis.width, height, ident, lang.rtl),
           f'<title id="{ident}-title">{escape(title)}</title>',
           f'<desc id="{ident}-desc">{escape(desc)}</desc>']
    for year, x, span in axis.years:  # alternate shading, so a reader sees where each year starts and ends
        if year % 2 == 0:
            out.append(f'<rect class="bf-ov-year" x="{_n(min(X(x), X(x + span)))}" y="{top}" width="{_n(span)}" height="{axis_y - top}" '
                       f'fill="#90a4ae" fill-opacity="0.1"/>')
    for mark, (start, end), row, (text, x, anchor), (left, right) in zip(marks, spans, lanes, labels, taken, strict=False):
        y = top + MARGIN + row * lane + (lane - LANE) / 2
        key = f' data-event="{escape(mark.key)}"' if mark.key else ""
        out.append(f'<a class="bf-ov-link" href="{escape(mark.href)}"{key}><title>{escape(mark.label)}</title>')
        if text:
            out.append(f'<text class="bf-ov-label" x="{_n(X(x))}" y="{_n(y + MARK / 2 + LABEL_FONT * 0.36)}" '
                       f'font-size="{LABEL_FONT}" text-anchor="{anchor}" fill="#37474f">{escape(text)}</text>')
        if mark.date.precision == "day":
            out.append(f'<circle class="bf-ov-mark bf-ov-day" cx="{_n(X((start + end) / 2))}" cy="{_n(y + MARK / 2)}" '
                       f'r="{_n(MARK / 2)}" fill="#37474f"/>')
        else:
            out.append(f'<rect class="bf-ov-mark bf-ov-bar bf-ov-{mark.date.precision}" x="{_n(min(X(start), X(end)))}" y="{_n(y)}" '
                       f'width="{_n(end - start)}" height="{MARK}" rx="3" fill="#37474f" fill-opacity="0.3" '
                       f'stroke="#37474f" stroke-width="1.5"/>')
        out.append(f'<rect class="bf-ov-hit" x="{_n(min(X(left), X(right)))}" y="{_n(top + MARGIN + row * lane)}" width="{_n(right - left)}" '
                   f'height="{lane}" fill="transparent"/>')  # the whole lane's height and the words' width: one tap target
        out.append("</a>")
    out += _axis_lines(axis, axis_y, top, X)
    out.append("</svg>")
    return Markup("".join(out))


def _span(mark: Mark, axis: Axis) -> tuple[float, float]:
    """Where a mark stands on the axis: a dot for a day, else a bar over every day its date may mean."""
    assert mark.date is not None  # overview_svg keeps only dated marks
    if mark.date.precision == "day":
        centre = axis.x(mark.date.earliest) + (axis.x(mark.date.earliest, end=True) - axis.x(mark.date.earliest)) / 2
        return (centre - MARK / 2, centre + MARK / 2)
    start, end = axis.x(mark.date.earliest), axis.x(mark.date.latest, end=True)
    if end - start < MIN_BAR:
        start, end = (start + end) / 2 - MIN_BAR / 2, (start + end) / 2 + MIN_BAR / 2
    return (start, end)


def _taken(span: tuple[float, float], label: tuple[str, float, str]) -> tuple[float, float]:
    """What a mark takes on its lane: the mark and its words."""
    (start, end), (text, x, anchor) = span, label
    size = len(text) * LABEL_FONT * GLYPH
    return (start, end) if not text else (start, x + size + LABEL_GAP) if anchor == "start" \
        else (x - size - LABEL_GAP, end)


def _lanes_latest_first(taken: list[tuple[float, float]]) -> list[int]:
    """The latest first (marks come oldest first), each lane filled leftwards: the top lanes hold the latest."""
    order = list(reversed(range(len(taken))))
    lanes = [0] * len(taken)
    for i, row in zip(order, _lanes([(-taken[i][1], -taken[i][0]) for i in order]), strict=True):
        lanes[i] = row
    return lanes


def _description(marks: list[Mark], axis: Axis, lang: Language = ENGLISH) -> str:
    days = sum(1 for mark in marks if mark.date is not None and mark.date.precision == "day")
    first = min(mark.date.earliest[0] for mark in marks if mark.date is not None)
    last = max(mark.date.latest[0] for mark in marks if mark.date is not None)
    years = {"first": first, "last": last, "num": lang.number(len(marks))}
    events = lang.ngettext("%(num)s event in %(first)s", "%(num)s events in %(first)s", len(marks)) % years \
        if first == last else \
        lang.ngettext("%(num)s event from %(first)s to %(last)s", "%(num)s events from %(first)s to %(last)s",
                      len(marks)) % years
    desc = lang.gettext("%(events)s: %(days)s; %(vaguer)s. Each mark links to its event in the list.") % {
        "events": events,
        "days": lang.numbered(days, "%(num)s date known to the day, drawn as a dot",
                              "%(num)s dates known to the day, drawn as dots"),
        "vaguer": lang.numbered(len(marks) - days, "%(num)s vaguer date drawn as a bar spanning every day it may mean",
                                "%(num)s vaguer dates drawn as bars spanning every day they may mean")}
    if axis.gaps:
        desc += " " + lang.numbered(len(axis.gaps), "%(num)s break in the axis skips years without events.",
                                    "%(num)s breaks in the axis skip years without events.")
    return desc


def _axis_lines(axis: Axis, axis_y: float, top: float, X: Callable[[float], float]) -> list[str]:
    """The axis, its breaks and ticks, and the years under it (and over it on a tall chart); `X`: an x as drawn
    (charts.mirrored)."""
    out: list[str] = []
    out.append('<g class="bf-ov-axis" stroke="#546e7a" stroke-width="1">')
    pieces: list[tuple[float, float]] = []
    x: float = MARGIN
    for gap in axis.gaps:
        pieces.append((x, gap - 4))
        x = gap + 4
    pieces.append((x, axis.end))
    for a, b in pieces:
        out.append(f'<line x1="{_n(X(a))}" y1="{axis_y}" x2="{_n(X(b))}" y2="{axis_y}"/>')
    for gap in axis.gaps:  # a break: two short slanted strokes
        for dx in (-4, 1):
            out.append(f'<line x1="{_n(X(gap + dx))}" y1="{axis_y + 4}" x2="{_n(X(gap + dx + 3))}" y2="{axis_y - 4}"/>')
    for _, x, _span_width in axis.years:
        out.append(f'<line x1="{_n(X(x))}" y1="{axis_y}" x2="{_n(X(x))}" y2="{axis_y + 5}"/>')
    out.append("</g>")
    for year, x, span in axis.years:
        if year in axis.anchored or span >= MIN_YEAR:
            for y in (axis_y + 19, FONT) if top else (axis_y + 19,):
                out.append(f'<text class="bf-ov-tick" x="{_n(X(x + span / 2))}" y="{y}" font-size="{FONT}" '
                           f'text-anchor="middle" fill="#455a64">{year}</text>')
    return out


def _svg_start(width: float, height: float, ident: str, rtl: bool) -> str:
    """The chart's <svg> tag: a chart wider than the page scrolls, never shrinks; mirrored for a right-to-left language."""
    return (f'<svg class="bf-overview-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {height}" '
            f'width="{_n(width)}" height="{height}" '
            + (f'style="min-width:{_n(width)}px" ' if width > WIDTH else "")
            + ('direction="rtl" ' if rtl else "")
            + f'aria-labelledby="{ident}-title {ident}-desc">')


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain_words(text: str, limit: int = 14) -> str:
    """Citation-free Markdown as a short plain line: links to their text, emphasis marks dropped, cut at `limit` words."""
    words = re.sub(r"[*_`]", "", _LINK.sub(r"\1", text)).split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")
