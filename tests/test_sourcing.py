"""Tradecraft: derived credibility, independence, and what rests on each source."""

from __future__ import annotations

import textwrap

from bs4 import BeautifulSoup

from builder.checks import rules as checks
from builder.model import load
from builder.model import settings
from builder.pages import prepare as build
from conftest import edit, write_lock
from support import second_source


def _collect(model):
    return checks.check(model).sourcing


def _warnings(model):
    return checks.check(model).warnings


def page(project, src_uri: str) -> BeautifulSoup:
    """A page of the site as the build renders it (in this process, without MkDocs)."""
    return BeautifulSoup(build.prepare(settings.read(project.root)).texts[src_uri], "html.parser")


def add_second_source(project, outlet: str) -> None:
    second_source(project, outlet=outlet)  # the same second report as the independence tests'


def test_a_claim_stated_by_an_independent_source_is_confirmed(project):
    add_second_source(project, "Other Daily")
    derived = _collect(load.load(project.root))
    assert derived.credibility["second-report#bridge"] == 1
    assert derived.credibility["example-talks#bridge-agreed"] == 1
    assert derived.credibility["example-talks#workers-5000"] == 6  # no grade given: cannot be judged


def test_the_same_outlet_twice_is_not_independent_even_spelt_differently(project):
    add_second_source(project, "  example WIRE ")
    model = load.load(project.root)
    derived = _collect(model)
    assert derived.credibility["second-report#bridge"] == 2  # corroborated, independence not established
    support = derived.support_of(model.briefing.key_judgements[0])
    assert not support.single_source and support.independent == 1 and not support.independence_established


def test_what_rests_on_a_source_lists_judgements_sections_and_events(project):
    model = load.load(project.root)
    derived = _collect(model)
    kinds = sorted(s.kind for s in derived.rests_on["example-talks"])
    assert kinds == ["key judgement", "theme bottom line", "theme section", "timeline event"]
    assert len(derived.alone("example-talks")) == 4


def test_citing_a_second_source_takes_an_item_off_the_alone_list(project):
    add_second_source(project, "Other Daily")
    text = project.read("content/briefing.yaml").replace(
        "[@example-talks#bridge-agreed]", "[@example-talks#bridge-agreed; @second-report#bridge]")
    project.write("content/briefing.yaml", text, dedent=False)
    model = load.load(project.root)
    derived = _collect(model)
    judgement = derived.support_of(model.briefing.key_judgements[0])
    assert judgement.independent == 2 and not judgement.single_source
    assert judgement not in derived.alone("example-talks")
    assert checks.check(model).warnings == []


def test_what_rests_on_a_source_names_each_item_by_its_first_twelve_words(project):
    edit(project, "content/briefing.yaml", "text: The two countries agreed to build a bridge [",
         "text: The two countries agreed today to build a long new bridge over the river [")
    edit(project, "content/timeline.yaml", "text: Ministers meet in Zenda [",
         "text: Ministers of both countries meet in Zenda and agree on a bridge [")  # twelve words
    rests_on = [a.get_text() for a in page(project, "sources/example-talks.md").select("ul.bf-rests-on > li > a")]
    assert "The two countries agreed today to build a long new bridge over…" in rests_on, rests_on
    assert "February 2025: Ministers of both countries meet in Zenda and agree on a bridge." in rests_on, rests_on


def test_the_dashboard_counts_each_fact_two_sources_both_state(project):
    second_source(project, outlet="Other Daily", text="Report. The ministers agreed on a bridge in Zenda. "
                  "Officials in Zenda estimate that 5,000 workers will be needed.")
    project.write("content/sources/second-report.yaml", project.read("content/sources/second-report.yaml") + textwrap.indent(
        textwrap.dedent("""\
            - id: workers
              type: assessment
              by: zenda-officials
              text: Officials in Zenda estimate that 5,000 workers will be needed.
              quote: Officials in Zenda estimate that 5,000 workers will be needed.
              corroborates: [example-talks#workers-5000]
              credibility: 3
            """), "  "), dedent=False)
    write_lock(project.root)
    network = page(project, "sourcing.md").select_one("svg.bf-network desc").get_text()
    assert "Example Wire and Other Daily share 2 claims" in network, network


def test_single_source_key_judgement_is_warned_about(project):
    found = [str(w) for w in _warnings(load.load(project.root))]
    assert found == ["content/briefing.yaml:8: note: key judgement 'bridge-planned' rests on a single source "
                     "(the site says so under it; cite a second, independent source if there is one)"]


def test_typed_grade_one_and_self_corroboration_are_refused(project):
    text = project.read("content/sources/example-talks.yaml").replace(
        "    about: [ruritania, zenda]\n",
        "    about: [ruritania, zenda]\n    credibility: 1\n    corroborates: [example-talks#workers-5000]\n")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    found = project.problems()
    assert any("credibility 1 of claim 'bridge-agreed' is outside 2-6" in f and "derived" in f for f in found)
    assert any("claim 'bridge-agreed' corroborates 'example-talks#workers-5000' of its own source" in f for f in found)


def test_source_page_and_dashboard_show_grades_and_dependencies(project):
    add_second_source(project, "Other Daily")
    project.write("content/briefing.yaml", project.read("content/briefing.yaml").replace(
        "[@example-talks#bridge-agreed]", "[@example-talks#bridge-agreed; @second-report#bridge]"), dedent=False)
    assert project.briefing("build").returncode == 0
    source = BeautifulSoup(project.html("sources/example-talks"), "html.parser")
    # The key judgement now cites both sources; the bottom line, the sections and the event cite only this one.
    rests_on = {li.select_one("a").get_text(): li.select_one(".bf-alone") is not None
                for li in source.select("ul.bf-rests-on > li")}
    assert rests_on == {"February 2025: Ministers meet in Zenda.": True, "The bridge": True, "The bridge: The agreement": True,
                        "The two countries agreed to build a bridge.": False}, rests_on
    claim = source.select_one("#claim-bridge-agreed")
    assert "F1: confirmed by other sources" in claim.get_text()
    theme = BeautifulSoup(project.html("themes/bridge"), "html.parser")
    assert [g.get_text() for g in theme.select(".bf-references .bf-grade")][:2] == ["F1", "F6"]
    dashboard = BeautifulSoup(project.html("sourcing"), "html.parser")
    assert dashboard.select_one("svg.bf-network line") is not None
    assert "Example Wire and Other Daily share 1 claim" in dashboard.select_one("svg desc").get_text()


def test_grades_and_likelihoods_outside_their_scales_are_refused(project):
    text = project.read("content/sources/example-talks.yaml").replace(
        "kind: wire-copy", "kind: wire-copy\nreliability:\n  grade: G\n  reason: Made up.")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    project.write("content/briefing.yaml",
                  project.read("content/briefing.yaml").replace("likelihood: likely", "likelihood: probably"), dedent=False)
    found = project.problems()
    assert "content/sources/example-talks.yaml:9: source field 'reliability.grade' 'G' is not one of: A, B, C, D, E, F" in found
    assert any(f.startswith("content/briefing.yaml:11: briefing field 'key_judgements[1].likelihood' 'probably' is not one of:")
               and "almost certainly" in f for f in found), found


def test_placeholder_text_left_from_the_skeleton_is_warned_about(project):
    text = project.read("content/sources/example-talks.yaml").replace(
        "summary: Ministers met in Zenda and agreed to build a bridge.", "summary: 'TODO: summarise the article.'")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    found = [str(w) for w in _warnings(load.load(project.root))]
    assert "content/sources/example-talks.yaml:9: warning: 'summary' still holds placeholder text (TODO) " \
           "(replace the TODO text before publishing)" in found
