"""Build-time SVG charts: right marks in the right places, labelled, accessible, stable."""

from __future__ import annotations

import os
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from builder.pages import charts
from builder.model import load
from builder.model.xref import Xref
from builder.pages.charts import Point, dot_chart, nice_ticks
from builder.model.words import format_number
from conftest import REPO
from support import SVG, dots, svg_of

def labels(svg: ElementTree.Element) -> list[str]:
    """Each mark's label as read, its lines joined by spaces."""
    return [" ".join("".join(line.itertext()) for line in t) for t in svg.iter(f"{SVG}text")
            if t.get("class") == "bf-chart-label"]


THREE = [Point(15000, "about 15,000", "Yonhap"), Point(11000, "more than 11,000", "Reuters"),
         Point(12000, "12,000", "Wire")]


@pytest.mark.parametrize("low, high, expected", [
    (0, 15000, [0, 5000, 10000, 15000]),
    (0, 12000, [0, 5000, 10000, 15000]),
    (0, 1, [0, 0.25, 0.5, 0.75, 1]),
    (-3, 7, [-5, -2.5, 0, 2.5, 5, 7.5]),
    (0.1, 0.3, [0.1, 0.15, 0.2, 0.25, 0.3]),
])
def test_nice_ticks_are_round_numbers_covering_the_range(low, high, expected):
    assert nice_ticks(low, high) == expected


def test_nice_ticks_widen_a_single_value_into_a_range():
    ticks = nice_ticks(5000, 5000)
    assert ticks[0] < 5000 < ticks[-1]


def test_numbers_are_formatted_with_thousands_separators_and_no_float_noise():
    assert [format_number(v) for v in (15000, 15000.0, 2.5, 0.1 + 0.2, 1234567.891)] == \
        ["15,000", "15,000", "2.5", "0.3", "1,234,567.89"]


def test_one_dot_per_value_placed_in_proportion_on_a_shared_axis_from_zero():
    svg = svg_of(dot_chart("How many troops?", THREE, "troops"))
    xs = dots(svg)
    assert len(xs) == 3
    ticks = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "bf-chart-tick"]
    assert ticks[0].text == "0" and ticks[-2].text == "15,000" and ticks[-1].text == "troops"
    zero, fifteen = float(ticks[0].get("x")), float(ticks[-2].get("x"))
    for x, point in zip(xs, THREE, strict=False):
        assert x == pytest.approx(zero + point.value / 15000 * (fifteen - zero), abs=0.1)


def test_each_mark_is_labelled_with_its_source_and_its_wording():
    svg = svg_of(dot_chart("How many troops?", THREE, "troops"))
    assert labels(svg) == ["about 15,000 · Yonhap", "more than 11,000 · Reuters", "12,000 · Wire"]
    tooltips = [g.find(f"{SVG}title").text for g in svg.iter(f"{SVG}g")]
    assert tooltips == ["Yonhap: about 15,000", "Reuters: more than 11,000", "Wire: 12,000"]
    bold = [t.find(f"{SVG}tspan/{SVG}tspan") for t in svg.iter(f"{SVG}text") if t.get("class") == "bf-chart-label"]
    assert [(b.get("font-weight"), b.text) for b in bold] == [("700", p.text) for p in THREE]


def test_the_range_band_runs_from_the_lowest_to_the_highest_value():
    svg = svg_of(dot_chart("How many troops?", THREE, "troops"))
    band = next(r for r in svg.iter(f"{SVG}rect") if r.get("class") == "bf-chart-range")
    xs = dots(svg)
    assert float(band.get("x")) == pytest.approx(min(xs), abs=0.1)
    assert float(band.get("x")) + float(band.get("width")) == pytest.approx(max(xs), abs=0.1)


def test_the_chart_has_a_text_alternative_naming_every_value_and_the_range():
    figure = dot_chart("How many troops?", THREE, "troops")
    svg = svg_of(figure)
    assert svg.get("role") == "img"
    alt = svg.get("aria-label")
    for point in THREE:
        assert f"{point.source}: {point.text}" in alt
    assert "Range: 11,000 to 15,000 troops." in alt
    assert svg.find(f"{SVG}title").text == "How many troops?"
    assert "Range: 11,000 to 15,000 troops." in svg.find(f"{SVG}desc").text
    assert "<figcaption" in figure and "Range: 11,000 to 15,000 troops." in figure


def test_equal_values_say_that_all_sources_agree():
    svg = svg_of(dot_chart("Q?", [Point(5000, "5,000", "A"), Point(5000, "5,000", "B")], "workers"))
    assert "All give 5,000 workers." in svg.get("aria-label")
    assert len(set(dots(svg))) == 1


def test_negative_values_get_an_axis_below_zero():
    svg = svg_of(dot_chart("Change?", [Point(-3, "-3", "A"), Point(7, "7", "B")]))
    ticks = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "bf-chart-tick"]
    assert ticks[0] == "-5" and ticks[-1] == "7.5"
    assert all(14 <= x <= 386 for x in dots(svg))


def test_long_labels_wrap_onto_two_lines_and_the_row_grows_to_fit():
    short, long_ = (svg_of(dot_chart("Q?", [Point(1, "one", name)])) for name in ("Wire", "Word " * 14))
    label = next(t for t in long_.iter(f"{SVG}text") if t.get("class") == "bf-chart-label")
    assert len(list(label)) == 2 and not labels(long_)[0].endswith("…")
    assert float(long_.get("height")) > float(short.get("height"))
    assert float(long_.find(f"{SVG}g/{SVG}circle").get("cy")) > float(short.find(f"{SVG}g/{SVG}circle").get("cy"))


def test_markup_in_names_is_escaped_and_labels_too_long_for_two_lines_are_cut_but_kept_whole_in_the_tooltip():
    long_name = "The <Very> Long & Winding Outlet Name " * 5
    figure = dot_chart('Say "how many"?', [Point(1, "one", long_name)])
    svg = svg_of(figure)  # parses: nothing unescaped slipped through
    label = labels(svg)[0]
    assert label.endswith("…") and len(label) < len(long_name)
    assert svg.find(f"{SVG}g/{SVG}title").text == f"{long_name}: one"
    assert "<Very>" not in figure
    unbroken = labels(svg_of(dot_chart("Q?", [Point(1, "one", "x" * 200)])))[0]
    assert unbroken.endswith("…") and len(unbroken) < 100


def test_the_chart_is_one_line_of_html_so_markdown_keeps_it_whole():
    assert "\n" not in dot_chart("Q?", THREE)
    assert "\n\n" not in dot_chart("Q?", THREE)


def test_the_same_input_gives_the_same_bytes_in_any_process(project):
    """Charts are built into pages that must be byte-identical between builds: each child process here has its
    own hash seed (set and dict-of-set order) and time zone, and draws the fixture's charts from the model."""
    script = ("import sys; from builder.pages import charts; from builder.model import load; from builder.model.xref import Xref; "
              "model = load.load('.'); made = charts.discrepancy_charts(model, Xref(model)); "
              "sys.stdout.write(''.join(f'{k}={v}' for k, v in sorted(made.items())))")
    outputs = set()
    for seed, zone in (("0", "UTC"), ("1", "Pacific/Kiritimati"), ("2", "Pacific/Honolulu"), ("3", "Asia/Kolkata")):
        result = subprocess.run([sys.executable, "-c", script], cwd=project.root, capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONHASHSEED": seed, "TZ": zone})
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1
    model = load.load(project.root)
    assert outputs.pop() == "".join(f"{k}={v}" for k, v in sorted(charts.discrepancy_charts(model, Xref(model)).items()))


def test_nothing_to_draw_gives_no_chart():
    assert dot_chart("Q?", []) == ""


# -- from the model -------------------------------------------------------------------------------


def test_numeric_discrepancies_get_a_chart_labelled_with_the_cited_outlet(project):
    project.write("content/discrepancies.yaml", """\
        discrepancies:
          - id: workers
            question: How many workers are needed?
            kind: number
            unit: workers
            values:
              - value: 5000
                text: Officials estimate 5,000 [@example-talks#workers-5000].
              - value: 7000
                label: perhaps 7,000
                text: A later figure [@example-talks#workers-5000].
              - value: 0
                text: None needed [@example-talks#bridge-agreed].
              - text: No figure given [@example-talks#workers-5000].
          - id: when
            question: When was it agreed?
            kind: account
            values:
              - text: On Monday [@example-talks#bridge-agreed].
        """)
    model = load.load(project.root, "content")
    made = charts.discrepancy_charts(model, Xref(model))
    assert set(made) == {"workers"}, "only numeric discrepancies are drawn"
    svg = svg_of(made["workers"])
    assert labels(svg) == ["5,000 · Example Wire", "perhaps 7,000 · Example Wire", "0 · Example Wire"]
    assert len(dots(svg)) == 3  # a figure of 0 is a figure; the value without one is not drawn


def test_a_source_without_an_outlet_is_named_by_its_title(project):
    text = project.read("content/sources/example-talks.yaml").replace("outlet: Example Wire", "outlet: unknown")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    model = load.load(project.root, "content")
    assert labels(svg_of(charts.discrepancy_charts(model, Xref(model))["workers"]))[0] == "5,000 · Example Talks Make Progress"


def test_the_discrepancies_page_shows_the_chart_above_the_table(project):
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    page = project.html("discrepancies/")
    block = page[page.index('id="discrepancy-workers"'):]
    assert block.index('<svg class="bf-chart"') < block.index('<table class="bf-values')
    xs = dots(svg_of(block))
    assert len(xs) == 3 and len(set(xs)) == 3  # 5,000, 4,500 and 0, each at its own place
