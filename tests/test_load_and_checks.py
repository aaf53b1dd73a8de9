"""Loading and checking content: every problem is reported at its file and line."""

from __future__ import annotations

import json
import textwrap

import pytest

from builder.model import items as m
from builder.model import load, yamlfile
from builder.model.diagnostics import Problems
from conftest import edit


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


# -- the loader, file by file: small content folders read in this process ------------------------------

BRIEFING_YAML = """\
    title: Example briefing
    as_of: "2025-03-01"
    archive: archive
    """


def loaded(root, files: dict[str, str]) -> tuple[m.Model, list[str]]:
    """Load a content folder holding a minimal briefing.yaml and these files: the model and every problem."""
    for relpath, text in {"content/briefing.yaml": BRIEFING_YAML, **files}.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    model, errors = load.load_partial(root)
    return model, [str(e) for e in errors]


def test_a_value_of_a_yaml_type_that_is_no_text_is_refused_as_not_text(tmp_path):
    _, found = loaded(tmp_path, {"content/briefing.yaml": BRIEFING_YAML.replace("title: Example briefing", "title: =")})
    assert found == ["content/briefing.yaml:1: briefing field 'title' must be text, but it is not text "
                     "(put it in quotes if you mean text)"]


def test_a_list_written_as_entries_keyed_by_id_is_told_to_make_the_id_a_field(tmp_path):
    _, found = loaded(tmp_path, {"content/entities.yaml": """\
        entities:
          anna-berg:
            name: Anna Berg
          zenda:
            name: Zenda
        """, "content/timeline.yaml": """\
        events:
          talks: {date: "2025-02", text: Talks.}
        """, "content/themes/bridge.yaml": """\
        title: The bridge
        bottom_line: A bridge.
        confidence: low
        sections:
          agreement:
            heading: The agreement
            body: Agreed.
        """, "content/discrepancies.yaml": "discrepancies: {workers: 5000}\n"})
    assert found == [
        "content/timeline.yaml:2: timeline field 'events' must be a list, not a mapping "
        "(start each entry with '- ', and write its id as a field of it: '- id: talks')",
        "content/entities.yaml:2: entities field 'entities' must be a list, not a mapping "
        "(start each entry with '- ', and write its id as a field of it: '- id: anna-berg')",
        "content/discrepancies.yaml:1: discrepancies field 'discrepancies' must be a list, not a mapping "
        "(start each entry with '- ')",
        "content/themes/bridge.yaml:5: theme field 'sections' must be a list, not a mapping "
        "(start each entry with '- ')",
    ]


def test_a_claim_left_out_is_known_by_its_id_wherever_it_stands_and_its_citations_are_not_reported(project):
    text = project.read("content/sources/example-talks.yaml").replace(
        "  - id: berg-two-years\n    type: statement", "  - type: statment\n    id: berg-two-years")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    text = project.read("content/themes/bridge.yaml").replace("[@example-talks#workers-5000]", "[@example-talks#workers-500]")
    project.write("content/themes/bridge.yaml", text, dedent=False)
    assert project.problems() == [
        "content/sources/example-talks.yaml:18: source field 'claims[2].type' 'statment' is not one of: reported, "
        "statement, assessment, opinion (did you mean 'statement'?)",
        "content/themes/bridge.yaml:12: citation to unknown claim 'workers-500' of source 'example-talks' "
        "(did you mean 'workers-5000'?)",
    ]  # the citations of berg-two-years, in the bottom line and under 'watch_next', may well be right


EVENT = """\
      - date: "2025-02"
        text: {}
    """


def events(*texts: str) -> str:
    return "events:\n" + "".join(textwrap.dedent(EVENT).format(text) for text in texts)


def test_a_split_timeline_is_one_list_in_file_name_order_each_event_at_its_file_and_line(tmp_path):
    model, found = loaded(tmp_path, {
        "content/timeline/02-then.yaml": "# later\n" + events("Work starts.", "Work stops."),
        "content/timeline/01-first.yaml": events("Talks."),
        "content/timeline/.draft.yaml": "events: [",  # an editor's backup, and a folder: left alone, as in sources/
        "content/timeline/old/03.yaml": events("Old."),
    })
    assert found == []
    assert [(e.text, e.loc.path, e.loc.line) for e in model.timeline.events] == [
        ("Talks.", "content/timeline/01-first.yaml", 2), ("Work starts.", "content/timeline/02-then.yaml", 3),
        ("Work stops.", "content/timeline/02-then.yaml", 5)]


def test_a_split_list_beside_its_file_or_with_a_stray_file_is_refused_and_the_rest_read_file_first(tmp_path):
    (tmp_path / "content" / "entities").mkdir(parents=True)
    with pytest.raises(Problems) as caught:
        loaded(tmp_path, {
            "content/entities.yaml": "entities:\n  - id: zenda\n    name: Zenda\n    kind: town\n    role: A town.\n",
            "content/timeline.yaml": events("Talks."),
            "content/timeline/00-notes.txt": "a note",
            "content/timeline/01.yaml": events("Work starts."),
            "content/timeline/02.yml": events("Work stops."),
        })
        load.load(tmp_path)
    assert [str(e) for e in caught.value.errors] == [
        "content/entities.yaml: both entities.yaml and the folder entities/ hold the entities: keep one "
        "(move entities.yaml into entities/ (its files are read in name order, as one list))",
        "content/entities.yaml:4: entities field 'entities[1].kind' 'town' is not one of: person, organisation, "
        "place, group",
        "content/timeline.yaml: both timeline.yaml and the folder timeline/ hold the timeline: keep one "
        "(move timeline.yaml into timeline/ (its files are read in name order, as one list))",
        "content/timeline/00-notes.txt: not a .yaml file: every file in timeline/ is a part of the timeline "
        "(move it elsewhere)",
        "content/timeline/02.yml: not a .yaml file: every file in timeline/ is a part of the timeline "
        "(rename it to .yaml)",
    ]
    model, _ = load.load_partial(tmp_path)
    assert [(e.text, e.loc.path) for e in model.timeline.events] == [
        ("Talks.", "content/timeline.yaml"), ("Work starts.", "content/timeline/01.yaml")]


LOCK = "content/quotes.lock"


def test_the_json_report_places_a_problem_with_a_whole_file_at_line_0(tmp_path, capsys):
    from builder.editor import cli

    assert cli.main(["--project", str(tmp_path), "check", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["errors"] == [
        {"path": "content", "line": 0, "message": "content folder not found", "severity": "error",
         "hint": "run `briefing init` to start a briefing, or set the plugin's `content` option"}]
    loaded(tmp_path, {"content/timeline.yaml": events("Talks."), "content/timeline/notes.txt": "a note",
                      "content/timeline/01.yaml": events("Work starts."), "content/sources/notes.txt": "a note",
                      "content/sources/Talks.yaml": "title: Talks\n"})
    (tmp_path / "content" / "briefing.yaml").unlink()
    assert cli.main(["--project", str(tmp_path), "check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(e["path"], e["line"], e["message"].split(":")[0]) for e in report["errors"] if e["path"] != LOCK] == [
        ("content/briefing.yaml", 0, "briefing file is missing"),
        ("content/sources/Talks.yaml", 0, "file name 'Talks' is not a valid id"),
        ("content/sources/notes.txt", 0, "not a .yaml file"),
        ("content/timeline.yaml", 0, "both timeline.yaml and the folder timeline/ hold the timeline"),
        ("content/timeline.yaml", 3, "'text' cites no source"),
        ("content/timeline/01.yaml", 3, "'text' cites no source"),
        ("content/timeline/notes.txt", 0, "not a .yaml file")]


def test_a_folder_named_as_a_file_that_is_no_list_is_not_read_as_its_parts(tmp_path):
    model, found = loaded(tmp_path, {"content/briefing/notes.yaml": "title: Notes\n"})
    assert found == [] and model.briefing.title == "Example briefing"


def test_an_unreadable_part_of_a_split_list_leaves_the_other_parts_read(tmp_path):
    model, found = loaded(tmp_path, {
        "content/entities/a.yaml": "entities: [\n",
        "content/entities/b.yaml": "entities:\n  - id: zenda\n    name: Zenda\n    kind: place\n    role: A town.\n",
        "content/discrepancies/a.yaml": "discrepancies: []\ndismissed: []\n",
    })
    assert [p.split(": ")[0] for p in found] == ["content/entities/a.yaml:1"]
    assert [e.name for e in model.entities.entities] == ["Zenda"]
    assert model.discrepancies.discrepancies == model.discrepancies.dismissed == ()


def test_only_lists_can_be_split_across_files():
    with pytest.raises(TypeError, match=r"^Briefing.title is not a list: Briefing cannot be split$"):
        load.merge_parts(m.Briefing, [m.Briefing()], m.Loc("content/briefing", 0))


def test_a_file_over_the_size_limit_is_told_to_split_it_when_it_is_a_list_else_to_shorten_it(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 70)
    _, found = loaded(tmp_path, {
        "content/timeline.yaml": events("Talks.", "Work starts."),
        "content/entities/01.yaml": "entities:\n  - id: zenda\n    name: Zenda\n    kind: place\n    role: A town.\n",
        "content/sources/talks.yaml": "title: Talks\noutlet: Example Wire\nauthor: unknown\nkind: wire-copy\narchive: talks.txt\n",
    })
    assert found == [
        "content/timeline.yaml: file is 80 bytes, over the limit of 70 (split it: move its entries into several files "
        "of a new folder timeline/, each written as this one is (read in name order, as one list: timeline/01.yaml, "
        "timeline/02.yaml...))",
        "content/entities/01.yaml: file is 74 bytes, over the limit of 70 (move some of its entries into another file "
        "of the folder entities/ (its files are read in name order, as one list))",
        "content/sources/talks.yaml: file is 85 bytes, over the limit of 70 (shorten its texts)",
    ]


def test_the_json_report_places_a_file_over_the_size_limit_at_line_0(tmp_path, monkeypatch, capsys):
    from builder.editor import cli

    loaded(tmp_path, {"content/sources/talks.yaml": "title: Talks\noutlet: Example Wire\nauthor: unknown\n"})
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 40)
    assert cli.main(["--project", str(tmp_path), "check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(e["path"], e["line"], e["message"]) for e in report["errors"] if e["path"] == "content/sources/talks.yaml"] \
        == [("content/sources/talks.yaml", 0, "file is 50 bytes, over the limit of 40")]


def test_a_list_file_of_too_many_values_is_told_to_split_it(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlfile, "MAX_NODES", 12)
    _, found = loaded(tmp_path, {"content/timeline.yaml": events("Talks.", "Work starts.", "Work stops.")})
    assert found == [
        "content/timeline.yaml:1: file has more than 12 values (split it: move its entries into several files "
        "of a new folder timeline/, each written as this one is (read in name order, as one list: timeline/01.yaml, "
        "timeline/02.yaml...))"]


@pytest.mark.parametrize("limit, text", [(12, "? ? ? ? ? ?\n"),  # 12 characters, 13 values
                                         (20, "? ? ? ? ? ? ? ? ? ?")])  # 19 characters, 21 values
def test_a_file_of_no_more_characters_than_the_limit_of_values_holding_more_values_is_refused(tmp_path, monkeypatch,
                                                                                                limit, text):
    """A value can take fewer characters than one: each '? ' (an explicit key) opens a mapping of two values."""
    monkeypatch.setattr(yamlfile, "MAX_NODES", limit)
    _, found = loaded(tmp_path, {"content/timeline.yaml": text})
    assert found == [
        f"content/timeline.yaml:1: file has more than {limit} values (split it: move its entries into several files "
        "of a new folder timeline/, each written as this one is (read in name order, as one list: timeline/01.yaml, "
        "timeline/02.yaml...))"]


def test_an_alias_in_an_unsaved_buffer_is_named_at_its_line_in_the_buffer(tmp_path):
    loaded(tmp_path, {"content/timeline.yaml": events("Talks.", "Work starts.")})
    buffer = '# unsaved\nevents:\n  - &talks\n    date: "2025-02"\n    text: Talks.\n  - *talks\n'
    with yamlfile.unsaved_buffers({str(tmp_path / "content" / "timeline.yaml"): buffer}):
        _, errors = load.load_partial(tmp_path)
    assert [str(e) for e in errors] == [
        "content/timeline.yaml:6: YAML alias '*talks' repeats another value: anchors and aliases (&name, *name) are not "
        "allowed in content (write the value out in full)"]


def test_numbers_are_read_as_yaml_writes_them_and_refused_when_quoted_or_too_large(tmp_path):
    model, found = loaded(tmp_path, {"content/discrepancies.yaml": """\
        discrepancies:
          - id: read
            question: How many workers?
            kind: number
            values:
              - {value: 1__000, text: Grouped digits.}
              - {value: 2.5, text: A fraction.}
              - {value: 999999999999999, text: Fifteen digits.}
          - id: refused
            question: How many workers?
            kind: number
            values:
              - {value: "5000", text: In quotes.}
              - {value: 1000000000000000, text: Sixteen digits.}
        """, "content/themes/bridge.yaml": "title: The bridge\norder: \"3\"\n"})
    assert [v.value for v in model.discrepancies.discrepancies[0].values] == [1000, 2.5, 999999999999999]
    assert found == [
        "content/discrepancies.yaml:13: discrepancies field 'discrepancies[2].values[1].value' must be a number, "
        "not '5000' (write it in plain digits, like 15000 or 2.5)",
        "content/discrepancies.yaml:14: discrepancies field 'discrepancies[2].values[2].value' must be a number, "
        "not '1000000000000000' (write it in plain digits, like 15000 or 2.5)",
        "content/themes/bridge.yaml:2: theme field 'order' must be a whole number, not '3' "
        "(write it in plain digits, like 12)",
        "content/themes/bridge.yaml:1: theme is missing the required field 'bottom_line' "
        "(One paragraph: the bottom line, cited.)",
        "content/themes/bridge.yaml:1: theme is missing the required field 'confidence' (high, moderate or low.)",
        "content/themes/bridge.yaml:1: theme is missing the required field 'sections' (The theme's sections.)",
    ]


def test_entity_ids_and_claim_keys_are_each_held_to_their_own_form(tmp_path):
    _, found = loaded(tmp_path, {"content/sources/talks.yaml": """\
        title: Talks
        outlet: Example Wire
        author: unknown
        published: {date: Unknown}
        kind: wire-copy
        archive: talks.txt
        summary: Talks were held.
        claims:
          - id: held
            type: reported
            text: Talks were held.
            quote: Talks were held.
            about: [zenda#talks]
            corroborates: [other#held]
          - id: again
            type: statement
            by: ~
            text: Talks were held again.
            quote: Talks were held again.
            corroborates: [held]
        """})
    assert found == [
        "content/sources/talks.yaml:13: source field 'claims[1].about[1]' 'zenda#talks' is not a valid id: use "
        "lower-case letters, digits and single hyphens (like 'bridge-costs')",
        "content/sources/talks.yaml:17: source field 'claims[2].by' must be a list, not a single value "
        "(start each entry with '- ')",
        "content/sources/talks.yaml:20: source field 'claims[2].corroborates[1]' 'held' must be written "
        "source-id#claim-id",
    ]  # a publication date of "Unknown" is no problem: it is not known


# -- what the loader leaves out raises nothing else; the rest is still checked ---------------------------

SRC = "content/sources/example-talks.yaml"
THEME = "content/themes/bridge.yaml"


def cite_workers_500(project) -> None:
    """A citation to a claim the source never had: reported unless the claim may be among those left out."""
    text = project.read(THEME).replace("[@example-talks#workers-5000]", "[@example-talks#workers-500]")
    project.write(THEME, text, dedent=False)


def test_a_claim_without_a_readable_id_may_be_any_claim_of_its_source(project):
    edit(project, SRC, "id: berg-two-years", "id: Berg_Two_Years")
    cite_workers_500(project)
    assert project.problems() == [
        "content/sources/example-talks.yaml:18: source field 'claims[2].id' 'Berg_Two_Years' is not a valid id: use "
        "lower-case letters, digits and single hyphens (like 'bridge-costs')"]


def test_a_bad_field_of_a_source_leaves_its_claims_checked(project):
    edit(project, SRC, "outlet: Example Wire", "outlet: [Example Wire]")
    cite_workers_500(project)
    assert project.problems() == [
        "content/sources/example-talks.yaml:2: source field 'outlet' must be a single value, not a list",
        "content/themes/bridge.yaml:12: citation to unknown claim 'workers-500' of source 'example-talks' "
        "(did you mean 'workers-5000'?)"]


def test_an_entity_left_out_is_not_reported_unknown_where_it_is_named(project):
    edit(project, "content/entities.yaml", "kind: person", "kind: minister")
    assert project.problems() == [
        "content/entities.yaml:4: entities field 'entities[1].kind' 'minister' is not one of: person, organisation, "
        "place, group"]


def test_an_entities_file_that_cannot_be_read_raises_no_unknown_entity(project):
    edit(project, "content/entities.yaml", "entities:\n", "entities: [\n")
    assert [p.split(": ")[0] for p in project.problems()] == ["content/entities.yaml:2"]


def test_a_briefing_file_that_cannot_be_read_is_its_one_problem(project):
    edit(project, "content/briefing.yaml", "title: Example briefing", "title: [Example briefing")
    assert [p.split(": ")[0] for p in project.problems()] == ["content/briefing.yaml:2"]


def test_a_bottom_line_missing_or_given_twice_is_not_also_told_it_cites_nothing(project):
    edit(project, THEME, "bottom_line: A bridge is planned", "bottom_line: Uncited.\nbottom_line: A bridge is planned")
    assert project.problems() == [
        "content/themes/bridge.yaml:4: theme: field 'bottom_line' is given twice (first on line 3)"]
    edit(project, THEME, "bottom_line: Uncited.\nbottom_line: A bridge is planned", "was: A bridge is planned")
    assert project.problems() == [
        "content/themes/bridge.yaml:1: theme is missing the required field 'bottom_line' (One paragraph: the bottom "
        "line, cited.)",
        "content/themes/bridge.yaml:3: unknown field 'was' in theme (allowed: title, bottom_line, confidence, sections, "
        "order, confidence_reason, likelihood, watch_next, related)",
    ]


def test_an_empty_as_of_date_is_required_but_empty(tmp_path):
    _, found = loaded(tmp_path, {"content/briefing.yaml": BRIEFING_YAML.replace('"2025-03-01"', "~")})
    assert found == ["content/briefing.yaml:2: briefing field 'as_of' is required but empty (The date the briefing is "
                     "current to (YYYY-MM-DD).)"]


def test_a_split_entity_list_is_checked_as_one_and_a_part_left_out_holds_back_only_its_own(project):
    (project.root / "content" / "entities").mkdir()
    (project.root / "content" / "entities.yaml").rename(project.root / "content" / "entities" / "a.yaml")
    edit(project, SRC, "about: [ruritania, zenda]", "about: [ruritanai]")
    assert project.problems() == [
        "content/sources/example-talks.yaml:17: unknown entity 'ruritanai' in 'about' (did you mean 'ruritania'?)"]
    project.write("content/entities/b.yaml", "entities: [\n")
    assert [p.split(": ")[0] for p in project.problems()] == ["content/entities/b.yaml:1"]


def test_a_stray_misnamed_or_unreadable_source_file_leaves_the_sources_after_it_read(project):
    project.write("content/sources/Example.yaml", "title: Misnamed\n")
    project.write("content/sources/a-notes.txt", "a note\n")
    project.write("content/sources/a-broken.yaml", "title: [Broken\n")
    project.write("content/releases/notes.txt", "a note\n")
    assert project.problems() == [
        "content/releases/notes.txt: not a release file: releases/ holds only the files `briefing release` writes, "
        "named 0001.json, 0002.json... (move it elsewhere)",
        "content/sources/Example.yaml: file name 'Example' is not a valid id: use lower-case letters, digits and "
        "single hyphens (like 'bridge-costs') (the file name is the source's id and page address)",
        "content/sources/a-broken.yaml:1: YAML syntax error: the '[' on line 1 has no matching ']' (close it with ']', "
        "or put a value holding '[' or a comma in quotes)",
        "content/sources/a-notes.txt: not a .yaml file: every file in sources/ must be one source (move it elsewhere)",
    ]  # example-talks, read after them all, is checked and cited as before


def test_a_problem_inside_a_text_written_over_several_lines_is_reported_at_its_own_line(project):
    edit(project, THEME, "bottom_line: A bridge is planned, by one account within two years",
            "bottom_line: A bridge [@nosuch#first] is planned,\n  [@nosuch#second] by one account within two years")
    edit(project, THEME, "  - Whether work starts [@example-talks#berg-two-years].",
            "  - Whether work\n    [@nosuch#entry] starts [@example-talks#berg-two-years].")
    edit(project, THEME, "    body: |\n", "    body: >\n      The agreement\n      [@nosuch#folded] was made.\n\n")
    edit(project, SRC, "summary: Ministers met in Zenda and agreed to build a bridge.",
            'summary: "Ministers\\tmet\\tin Zenda [@nosuch#quoted]."')  # tabs written as escapes
    edit(project, SRC, "  - A bridge is planned.", "  - A bridge is planned [@nosuch#point].")
    assert [p for p in project.problems() if "nosuch" in p] == [
        "content/sources/example-talks.yaml:9: citation to unknown source 'nosuch'",
        "content/sources/example-talks.yaml:11: citation to unknown source 'nosuch'",
        "content/themes/bridge.yaml:3: citation to unknown source 'nosuch'",
        "content/themes/bridge.yaml:4: citation to unknown source 'nosuch'",
        "content/themes/bridge.yaml:12: citation to unknown source 'nosuch'",
        "content/themes/bridge.yaml:19: citation to unknown source 'nosuch'",
    ]
