"""Help an editor needs, found missing when a new user tried the generator."""

from __future__ import annotations

from builder.checks import rules as checks
from builder.model import load
from conftest import write_lock


def test_a_claim_cited_under_the_wrong_source_names_the_right_one(project):
    project.write("archive/second.txt", "Report. The council met.\n")
    project.write("content/sources/second.yaml", """\
        title: Second
        outlet: Other Daily
        author: unknown
        published:
          date: "2025-02"
          inferred: From the archive.
        kind: news-report
        archive: second.txt
        summary: A second report.
        claims:
          - id: council-met
            type: reported
            text: The council met.
            quote: The council met.
        """)
    write_lock(project.root)
    text = project.read("content/themes/bridge.yaml").replace("[@example-talks#workers-5000]",
                                                              "[@example-talks#council-met]")
    project.write("content/themes/bridge.yaml", text, dedent=False)
    assert project.problems() == [
        "content/themes/bridge.yaml:12: citation to unknown claim 'council-met' of source 'example-talks' "
        "(did you mean 'second#council-met'? That claim is in another source)"]


def test_a_misspelt_claim_id_is_matched_among_its_sources_claims(project):
    text = project.read("content/themes/bridge.yaml").replace("[@example-talks#workers-5000]",
                                                              "[@example-talks#workers-500]")
    project.write("content/themes/bridge.yaml", text, dedent=False)
    assert project.problems() == [
        "content/themes/bridge.yaml:12: citation to unknown claim 'workers-500' of source 'example-talks' "
        "(did you mean 'workers-5000'?)"]


def test_a_problem_inside_a_folded_text_names_the_line_it_is_on(project):
    text = project.read("content/themes/bridge.yaml").replace(
        "bottom_line: A bridge is planned, by one account within two years "
        "[@example-talks#bridge-agreed; @example-talks#berg-two-years].",
        "bottom_line: >-\n  A bridge is planned,\n  by one account\n  within two years [@example-talks#berg-too-years]\n"
        "  and more [@example-talks#bridge-agreed].")
    project.write("content/themes/bridge.yaml", text, dedent=False)
    lines = text.splitlines()
    bad = next(i for i, line in enumerate(lines, 1) if "berg-too-years" in line)
    assert project.problems() == [
        f"content/themes/bridge.yaml:{bad}: citation to unknown claim 'berg-too-years' of source 'example-talks' "
        "(did you mean 'berg-two-years'?)"]
    assert bad == 6  # the fourth line of the folded text, not the key's line 3


def test_a_problem_in_a_quoted_text_over_several_lines_names_its_line(project):
    text = project.read("content/timeline.yaml").replace(
        "text: Ministers meet in Zenda [@example-talks#bridge-agreed].",
        'text: "Ministers meet\n      in Zenda\n      <b>today</b> [@example-talks#bridge-agreed]."')
    project.write("content/timeline.yaml", text, dedent=False)
    assert project.problems() == ["content/timeline.yaml:5: raw HTML is not allowed in 'text' "
                                  "(use Markdown: *emphasis*, [text](https://...))"]


def test_warnings_come_in_file_and_line_order(project):
    project.write("content/themes/bridge.yaml", project.read("content/themes/bridge.yaml").replace(
        "confidence_reason: A single source.", "confidence_reason: TODO say why."), dedent=False)
    project.write("content/sources/example-talks.yaml", project.read("content/sources/example-talks.yaml").replace(
        "summary: Ministers met in Zenda and agreed to build a bridge.", "summary: Ministers met. TODO more."),
        dedent=False)
    project.write("content/briefing.yaml", project.read("content/briefing.yaml").replace(
        "subtitle: A small briefing for tests", "subtitle: TODO a subtitle"), dedent=False)
    found = [(w.path, w.line) for w in checks.check(load.load(project.root)).warnings]
    assert found == sorted(found) and len(found) == 4  # three TODOs and the single-source note
    result = project.briefing("check")
    shown = [line.split(": ")[0] for line in result.stderr.splitlines()]
    assert shown == ["content/briefing.yaml:2", "content/briefing.yaml:8", "content/sources/example-talks.yaml:9",
                     "content/themes/bridge.yaml:5"], result.stderr
