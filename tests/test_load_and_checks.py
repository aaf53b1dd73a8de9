"""Loading and checking content: every problem is reported at its file and line."""

from __future__ import annotations

import pytest

from builder.model import load


def test_the_fixture_project_checks_clean(project):
    assert project.problems() == []


def test_every_source_claim_and_theme_is_loaded_with_its_line(project):
    model = load.load(project.root)
    source = model.sources["example-talks"]
    assert [c.id for c in source.claims] == ["bridge-agreed", "berg-two-years", "workers-5000"]
    assert source.claims[1].loc.line == 18
    assert source.claims[1].line_of("quote") == 22
    assert source.published.date.precision == "month"
    assert model.themes["bridge"].sections[0].heading == "The agreement"


def test_unknown_field_is_an_error_with_a_suggestion(project):
    text = project.read("content/sources/example-talks.yaml").replace("outlet:", "outlte:")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    assert "content/sources/example-talks.yaml:2: unknown field 'outlte' in source (did you mean 'outlet'?)" in project.problems()


def test_missing_required_field_is_named(project):
    text = project.read("content/themes/bridge.yaml").replace("confidence: moderate\n", "")
    project.write("content/themes/bridge.yaml", text, dedent=False)
    assert any(p.startswith("content/themes/bridge.yaml:1: theme is missing the required field 'confidence'")
               for p in project.problems())


def test_wrong_type_is_reported_with_a_hint(project):
    text = project.read("content/themes/bridge.yaml").replace("order: 1", "order: first")
    project.write("content/themes/bridge.yaml", text, dedent=False)
    assert "content/themes/bridge.yaml:2: theme field 'order' must be a whole number, not 'first' (write it in plain digits, like 12)" in project.problems()


def test_yaml_syntax_error_reports_its_line(project):
    project.write("content/timeline.yaml", "events:\n  - date: \"2025\n    text: x\n", dedent=False)
    # PyYAML stops at the end of the file; the line to look at is the one whose quote was left open.
    assert project.problems() == [
        "content/timeline.yaml:2: YAML syntax error: a quoted value is not closed (add the closing quote)"]


def test_all_problems_are_reported_in_one_run(project):
    text = project.read("content/sources/example-talks.yaml")
    text = text.replace("about: [ruritania, zenda]", "about: [ruritanai]").replace("by: anna-berg", "by: ana-berg")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    project.write("content/themes/bridge.yaml",
                  project.read("content/themes/bridge.yaml").replace("related: []", "related: [brige]"), dedent=False)
    found = project.problems()
    assert "content/sources/example-talks.yaml:17: unknown entity 'ruritanai' in 'about' (did you mean 'ruritania'?)" in found
    assert "content/sources/example-talks.yaml:20: unknown entity 'ana-berg' in 'by' (did you mean 'anna-berg'?)" in found
    assert "content/themes/bridge.yaml:15: unknown theme 'brige' in 'related' (did you mean 'bridge'?)" in found


def test_duplicate_claim_id_is_an_error(project):
    text = project.read("content/sources/example-talks.yaml").replace("id: workers-5000", "id: bridge-agreed")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    assert any("duplicate claim (in source 'example-talks') id 'bridge-agreed'" in p for p in project.problems())


def test_statement_without_by_is_an_error(project):
    text = project.read("content/sources/example-talks.yaml").replace("    by: anna-berg\n", "")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    assert "content/sources/example-talks.yaml:19: claim 'berg-two-years' is a statement, so it needs 'by': who makes it" in project.problems()


@pytest.mark.parametrize("citation, message", [
    ("[@nosuch#bridge-agreed]", "citation to unknown source 'nosuch'"),
    ("[@example-talks#nosuch]", "citation to unknown claim 'nosuch' of source 'example-talks'"),
    ("[@example-talks#bridge-agreed; example-talks]", "malformed citation"),
    ("[@example-talks#bridge-agreed", "citation is not closed"),
])
def test_bad_citations_are_reported_at_their_line_in_a_block(project, citation, message):
    text = project.read("content/themes/bridge.yaml").replace(
        "Officials estimate 5,000 workers [@example-talks#workers-5000].", f"Officials estimate {citation}.")
    project.write("content/themes/bridge.yaml", text, dedent=False)
    found = project.problems()
    assert any(p.startswith("content/themes/bridge.yaml:12: ") and message in p for p in found), found


def test_a_paragraph_without_citation_is_an_error(project):
    text = project.read("content/themes/bridge.yaml").replace(
        "Officials estimate 5,000 workers [@example-talks#workers-5000].", "Officials estimate 5,000 workers.")
    project.write("content/themes/bridge.yaml", text, dedent=False)
    assert any(p.startswith("content/themes/bridge.yaml:12: paragraph cites no source") for p in project.problems())


def test_key_judgement_without_citation_is_an_error(project):
    text = project.read("content/briefing.yaml").replace(" [@example-talks#bridge-agreed]", "")
    project.write("content/briefing.yaml", text, dedent=False)
    assert "content/briefing.yaml:8: 'text' cites no source (add a citation such as [@source-id#claim-id])" in project.problems()


def test_as_of_date_before_a_source_is_an_error(project):
    text = project.read("content/briefing.yaml").replace('as_of: "2025-03-01"', 'as_of: "2025-01-15"')
    project.write("content/briefing.yaml", text, dedent=False)
    assert any(p.startswith("content/briefing.yaml:3: as-of date 2025-01-15 is before source 'example-talks'")
               for p in project.problems())


def test_impossible_date_is_an_error(project):
    text = project.read("content/timeline.yaml").replace('"2025-02"', '"2025-02-30"')
    project.write("content/timeline.yaml", text, dedent=False)
    assert any(p.startswith("content/timeline.yaml:2: ") and "not a day of the calendar" in p for p in project.problems())


@pytest.mark.parametrize("written", ["0x10", "1:30", ".inf", ".nan", "1e400"])
def test_numbers_yaml_would_read_oddly_are_refused_not_crashed_on(project, written):
    text = project.read("content/discrepancies.yaml").replace("value: 5000\n", f"value: {written}\n", 1)
    project.write("content/discrepancies.yaml", text, dedent=False)
    found = project.problems()
    assert any(p.startswith("content/discrepancies.yaml:7: discrepancies field 'discrepancies[1].values[1].value' "
                            "must be a number") for p in found), found


def test_an_empty_required_date_is_reported_at_its_line(project):
    text = project.read("content/timeline.yaml").replace('date: "2025-02"', "date: ~")
    project.write("content/timeline.yaml", text, dedent=False)
    assert any(p.startswith("content/timeline.yaml:2: timeline field 'events[1].date' is required but empty")
               for p in project.problems())


def test_as_of_date_needs_a_day(project):
    text = project.read("content/briefing.yaml").replace('as_of: "2025-03-01"', 'as_of: "2025-03"')
    project.write("content/briefing.yaml", text, dedent=False)
    assert any(p.startswith("content/briefing.yaml:3: as-of date '2025-03' needs a day") for p in project.problems())
