"""The timeline overview: every event on one axis, a dot for a day, a bar for anything vaguer, each linked."""

from __future__ import annotations


import pytest
from bs4 import BeautifulSoup

from builder.model import load
from builder.pages import overview
from builder.pages import site as pages
from builder.checks import sourcing
from builder.model.dates import PartialDate
from builder.model.xref import Xref


def _marks(*dates: str) -> list[overview.Mark]:
    return [overview.Mark(PartialDate.parse(d), f"#event-{i}", f"{d}: event {i}", f"event-{i}") for i, d in enumerate(dates)]


def _svg(marks) -> BeautifulSoup:
    return BeautifulSoup(overview.overview_svg(marks, "At a glance", "ov"), "html.parser")


def test_a_day_is_a_dot_and_every_vaguer_date_a_bar_across_what_it_may_mean():
    svg = _svg(_marks("2025-03-14", "2025-03", "2025", "autumn 2025", "early 2025", "2020s", "2023/2024"))
    links = svg.find_all("a")
    assert [a.find(["circle", "rect"]).name for a in links] == ["circle"] + ["rect"] * 6
    width = {a["href"]: float(a.rect["width"]) for a in links if a.rect}
    assert width["#event-1"] < width["#event-4"] < width["#event-2"], "a month is narrower than a part of the year, than a year"
    assert width["#event-6"] > 2 * overview.MIN_YEAR, "a two-year period spans at least two years of the axis"


def test_bars_start_and_end_where_the_date_can_begin_and_end():
    svg = _svg(_marks("2024", "2024-07", "2025"))
    bars = {a["href"]: (float(a.rect["x"]), float(a.rect["x"]) + float(a.rect["width"])) for a in svg.find_all("a")}
    year_2024, july, year_2025 = bars["#event-0"], bars["#event-1"], bars["#event-2"]
    assert year_2024[0] < july[0] < july[1] < year_2024[1] <= year_2025[0] + 0.2
    assert july[0] - year_2024[0] == pytest.approx((year_2024[1] - year_2024[0]) * 182 / 366, abs=0.2)


def test_overlapping_marks_go_into_separate_lanes_and_others_share_one():
    svg = _svg(_marks("2025", "2025-03", "2025-09"))
    y = [float(a.rect["y"]) for a in svg.find_all("a")]
    assert y[0] != y[1] and y[1] == y[2]


def test_years_without_events_are_folded_into_a_break():
    axis = overview.Axis([PartialDate.parse("2000"), PartialDate.parse("2024"), PartialDate.parse("2025")])
    assert [year for year, _, _ in axis.years] == [2000, 2024, 2025]
    assert len(axis.gaps) == 1
    assert axis.years[1][2] > axis.years[0][2] - 0.01


def test_each_mark_links_to_its_event_and_the_chart_names_and_describes_itself():
    svg = _svg(_marks("2025-03-14", "2025"))
    chart = svg.find("svg")
    assert chart["aria-labelledby"] == "ov-title ov-desc"
    assert svg.find(id="ov-title").get_text() == "At a glance"
    assert svg.find(id="ov-desc").get_text().startswith("2 events in 2025: 1 date known to the day")
    assert [(a["href"], a.title.get_text()) for a in svg.find_all("a")] == \
        [("#event-0", "2025-03-14: event 0"), ("#event-1", "2025: event 1")]


def test_the_same_events_give_the_same_bytes_and_no_events_no_chart():
    assert overview.overview_svg(_marks("2025", "2024-02-29"), "t", "x") == overview.overview_svg(
        _marks("2025", "2024-02-29"), "t", "x")
    assert overview.overview_svg([], "t", "x") == ""


THEMED_TIMELINE = """\
    events:
      - date: "2025-02"
        text: Ministers meet [@example-talks#bridge-agreed].
      - date: "2025-02-10"
        date_note: The Monday of the article's week.
        text: Officials count workers [@example-talks#workers-5000].
      - date: "2024"
        date_note: Before the talks.
        id: unrelated
        text: Something else from the same article [@example-talks].
    """


def test_a_themes_own_events_are_those_citing_a_claim_it_cites_not_merely_the_same_source(project):
    project.write("content/timeline.yaml", THEMED_TIMELINE)
    project.write("content/themes/bridge.yaml", project.read("content/themes/bridge.yaml").replace(
        "Officials estimate 5,000 workers [@example-talks#workers-5000].", "Officials count [@example-talks#berg-two-years]."),
        dedent=False)
    model = load.load(project.root)
    xref = Xref(model)
    own = pages.events_by_theme(xref, sourcing.collect(model, xref), [model.themes["bridge"]],
                                pages.events_in_order(model))["bridge"]
    assert [e.text.split(" [")[0] for e in own] == ["Ministers meet"]


def test_the_timeline_page_draws_every_event_above_a_compact_list(project):
    project.write("content/timeline.yaml", THEMED_TIMELINE)
    assert project.briefing("build").returncode == 0
    article = BeautifulSoup(project.html("timeline"), "html.parser").find("article")
    chart = article.select_one("figure.bf-overview svg")
    events = article.select("li.bf-event")
    assert chart is not None and chart.find_next("li", class_="bf-event") is events[0]
    assert sorted(a["href"] for a in chart.find_all("a")) == sorted(f"#{li['id']}" for li in events)
    assert [li["data-themes"] for li in events] == ["", "bridge", "bridge"]
    assert article.select_one("form.bf-filter").has_attr("hidden"), "without a script, the filter stays hidden"


def test_a_theme_page_shows_its_own_events_linked_to_the_timeline(project):
    project.write("content/timeline.yaml", THEMED_TIMELINE)
    assert project.briefing("build").returncode == 0
    article = BeautifulSoup(project.html("themes/bridge"), "html.parser").find("article")
    heading = article.find("h2", id="on-the-timeline")
    chart = heading.find_next("svg")
    hrefs = [a["href"] for a in chart.find_all("a")]
    assert len(hrefs) == 2 and all(h.startswith("../../timeline/#event-") for h in hrefs)
    assert "2 events of the timeline cite what this theme cites" in heading.find_next("figcaption").get_text()


def test_a_theme_with_no_events_of_its_own_has_no_timeline_section(project):
    project.write("content/timeline.yaml", THEMED_TIMELINE.replace("[@example-talks#bridge-agreed]", "[@example-talks]")
                  .replace("[@example-talks#workers-5000]", "[@example-talks]"))
    assert project.briefing("build").returncode == 0
    assert "On the timeline" not in project.html("themes/bridge")


def test_the_events_of_every_theme_are_those_citing_what_it_cites_or_the_same_facts_in_timeline_order(tmp_path):
    import sys

    from builder.model import urls
    from conftest import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import run
    finally:
        sys.path.pop(0)
    run.Synthetic(60).write(tmp_path / "project")
    model = load.load(tmp_path / "project")
    xref = Xref(model)
    found = sourcing.collect(model, xref)
    site = pages.Site(model, xref, found, urls.Addresses(True))
    ordered = pages.events_in_order(model)
    expected = {}
    for theme in site.themes:  # the rule, asked of every event for every theme
        cited = {cite.key for item in (theme, *theme.sections) for cite in xref.cites_of(item)}
        same_fact = cited.union(*(found.corroborated_by.get(key, ()) for key in cited))
        expected[theme.id] = [event for event in ordered if any(cite.key in same_fact for cite in xref.cites_of(event))]
    assert site.events_of_theme == expected
    assert sum(map(len, expected.values())) > len(expected) > 1  # themes with several events each
