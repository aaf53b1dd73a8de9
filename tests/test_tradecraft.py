"""Tradecraft rules (issue 31): each on a small briefing written here, including the cases that must not warn.

The briefing: three articles from three known outlets on when a ferry starts; two say May, one June, and
that disagreement is recorded. Its key judgement is held with high confidence and reaches it under the
generator's method; each test breaks one thing and reads the warning it gives (or checks that none comes).
"""

from __future__ import annotations

import json
import textwrap

import pytest

from builder.checks import method as method_mod
from builder.checks import rules as checks
from builder.model import load
from builder.model import settings
from builder.pages import prepare as build
from conftest import Project, edit, make_project, write_lock

BRIEFING = "content/briefing.yaml"
DISCREPANCIES = "content/discrepancies.yaml"
ENTITIES = "content/entities.yaml"
THEME = "content/themes/ferry.yaml"
TIMELINE = "content/timeline.yaml"

ARTICLES = {
    "a.txt": """\
        Ferry to Start in May
        The ferry service between Port Alba and Isle Brenn will start in May 2026.
        The council says 40 crews are ready.
        The new ferry may carry 300 passengers.
        """,
    "b.txt": """\
        Ferry Start Put Back
        The ferry service between Port Alba and Isle Brenn starts in June 2026.
        Officials at the port say 55 crews are ready.
        The new ferry carries 300 passengers.
        """,
    "c.txt": """\
        Ferry Date Set
        The ferry service will start in May 2026, the operator confirmed.
        Crews number 40, according to the council.
        """,
}


def _source(title: str, outlet: str, grade: str, day: str, archive: str, claims: str) -> str:
    return textwrap.dedent(f"""\
        title: {title}
        outlet: {outlet}
        author: unknown
        published:
          date: "{day}"
        kind: news-report
        reliability:
          grade: {grade}
        archive: {archive}
        summary: The ferry's start.
        claims:
        """) + textwrap.indent(textwrap.dedent(claims), "  ")


FILES = {
    BRIEFING: """\
        title: The ferry
        as_of: "2026-02-01"
        archive: archive
        key_judgements:
          - id: ferry-starts
            text: The ferry service starts in 2026 [@a#start-may; @c#start-may; @b#passengers].
            confidence: high
            confidence_reason: Three independent outlets.
            likelihood: very likely
        """,
    "content/sources/a.yaml": _source("Ferry to Start in May", "Harbour News", "B", "2026-01-10", "a.txt", """\
        - id: start-may
          type: reported
          text: The ferry service will start in May 2026.
          quote: The ferry service between Port Alba and Isle Brenn will start in May 2026.
          about: [port-alba, isle-brenn]
          corroborates: [c#start-may]
        - id: crews-40
          type: statement
          by: council
          text: The council says 40 crews are ready.
          quote: The council says 40 crews are ready.
          about: [port-alba]
        - id: passengers
          type: reported
          text: The new ferry may carry 300 passengers.
          quote: The new ferry may carry 300 passengers.
          about: [port-alba]
        """),
    "content/sources/b.yaml": _source("Ferry Start Put Back", "Island Times", "C", "2026-01-12", "b.txt", """\
        - id: start-june
          type: reported
          text: The ferry service starts in June 2026.
          quote: The ferry service between Port Alba and Isle Brenn starts in June 2026.
          about: [port-alba, isle-brenn]
          credibility: 3
        - id: crews-55
          type: statement
          by: port-officials
          text: Officials at the port say 55 crews are ready.
          quote: Officials at the port say 55 crews are ready.
          about: [port-alba]
          credibility: 3
        - id: passengers
          type: reported
          text: The new ferry carries 300 passengers.
          quote: The new ferry carries 300 passengers.
          about: [port-alba]
          credibility: 3
        """),
    "content/sources/c.yaml": _source("Ferry Date Set", "Coast Wire", "B", "2026-01-15", "c.txt", """\
        - id: start-may
          type: reported
          text: The operator confirmed that the ferry service will start in May 2026.
          quote: The ferry service will start in May 2026, the operator confirmed.
          about: [port-alba]
        - id: crews-40
          type: statement
          by: council
          text: The council says there are 40 crews.
          quote: Crews number 40, according to the council.
          about: [port-alba]
        """),
    THEME: """\
        title: The ferry
        bottom_line: Two outlets count crews [@a#crews-40; @b#crews-55].
        confidence: moderate
        confidence_reason: Two independent outlets, which differ on the number.
        sections:
          - heading: Crews
            body: The council counts 40 crews [@a#crews-40], officials at the port 55 [@b#crews-55].
        """,
    TIMELINE: """\
        events:
          - date: "2026-05"
            text: The ferry service is due to start [@a#start-may].
        """,
    ENTITIES: """\
        entities:
          - id: port-alba
            name: Port Alba
            kind: place
            role: A harbour town.
          - id: isle-brenn
            name: Isle Brenn
            kind: place
            role: An island.
          - id: council
            name: The council
            kind: organisation
            role: The town council of Port Alba.
          - id: port-officials
            name: Officials at the port
            kind: group
            role: Port officials.
        """,
    DISCREPANCIES: """\
        discrepancies:
          - id: start-date
            question: When does the ferry start?
            kind: date
            values:
              - label: May 2026
                text: In May 2026 [@a#start-may; @c#start-may].
              - label: June 2026
                text: In June 2026 [@b#start-june].
        """,
}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Project:
    project = make_project(tmp_path_factory.mktemp("tradecraft") / "base", lock=False)
    for path in project.root.glob("content/**/*.yaml"):
        path.unlink()
    for name, text in ARTICLES.items():
        project.write(f"archive/{name}", text)
    for relpath, text in FILES.items():
        project.write(relpath, text, dedent=not relpath.startswith("content/sources/"))
    write_lock(project.root)
    return project


@pytest.fixture
def ferry(base, tmp_path) -> Project:
    import shutil

    shutil.copytree(base.root, tmp_path / "ferry")
    return Project(tmp_path / "ferry")


def warnings(project: Project) -> list[str]:
    checked = checks.check(load.load(project.root))
    return [str(w) for w in checked.warnings if w.severity == "warning"]


def test_the_briefing_reaches_every_level_it_claims_and_gives_no_warning(ferry):
    assert warnings(ferry) == []


# -- confidence: the method as data ---------------------------------------------------------------

def test_high_confidence_needs_sources_graded_fairly_reliable_or_better(ferry):
    edit(ferry, "content/sources/b.yaml", "grade: C", "grade: D")
    (found,) = warnings(ferry)
    assert found.startswith("content/briefing.yaml:7: warning: key judgement 'ferry-starts' is held with high "
                            "confidence, which its evidence does not reach")
    assert "at least 3 sources established as independent graded C or better (it has 2)" in found
    assert "the evidence reaches moderate" in found


def test_high_confidence_needs_a_confirmed_claim(ferry):
    edit(ferry, "content/sources/a.yaml", "    corroborates: [c#start-may]\n", "")
    (found,) = warnings(ferry)
    assert "a claim graded 1 (its best is 3)" in found


def test_high_confidence_cannot_cite_both_sides_of_a_recorded_disagreement(ferry):
    edit(ferry, BRIEFING, "@b#passengers]", "@b#start-june]")
    (found,) = warnings(ferry)
    assert "claims on opposite sides of no recorded disagreement (it cites opposite sides of 1: start-date)" in found


def test_a_judgement_cites_both_sides_of_a_disagreement_whichever_of_its_claims_comes_first(ferry):
    # The disagreements a judgement's claims fall on are found from each of its claims, not from the first.
    edit(ferry, BRIEFING, "[@a#start-may; @c#start-may; @b#passengers]",
         "[@b#passengers; @a#start-may; @c#start-may; @b#start-june]")
    (found,) = warnings(ferry)
    assert "(it cites opposite sides of 1: start-date)" in found


def test_a_single_source_reaches_low_only(ferry):
    edit(ferry, THEME, "[@a#crews-40; @b#crews-55]", "[@a#crews-40]")
    (found,) = warnings(ferry)
    assert found.startswith(f"{THEME}:3: warning: theme 'ferry' is held with moderate confidence")
    assert "at least 2 sources of different origins (it has 1)" in found and "the evidence reaches low" in found
    edit(ferry, THEME, "confidence: moderate", "confidence: low")
    assert warnings(ferry) == []


def test_a_briefing_may_state_its_own_thresholds_and_its_page_shows_them(ferry):
    edit(ferry, THEME, "[@a#crews-40; @b#crews-55]", "[@a#crews-40]")
    edit(ferry, BRIEFING, "archive: archive\n", "archive: archive\nmethod:\n  confidence:\n    - level: moderate\n"
                                                 "      means: One careful source will do.\n      sources: 1\n")
    assert warnings(ferry) == []
    page = build.prepare(settings.read(ferry.root)).texts["methodology.md"]
    assert ">Moderate</dt> <dd>One careful source will do. It needs at least 1 source of different origins.</dd>" \
        in page
    # The levels it leaves out keep the generator's rule and words.
    assert ">High</dt> <dd>Several independent sources agree and the claims are specific. It needs at least 3 " \
           "sources established as independent of each other, each graded C (fairly reliable) or better" in page


def test_the_methodology_page_states_the_rules_the_check_applies():
    """The page's words for each level come from the same data the check reads."""
    project = make_project_without_method()
    page = build.prepare(settings.read(project.root)).texts["methodology.md"]
    for rule in method_mod.DEFAULT.confidence:
        requires = method_mod.requirements(rule)
        tail = f" It needs {'; '.join(requires)}." if requires else ""
        assert f">{rule.level.capitalize()}</dt> <dd>{rule.means}{tail}</dd>" in page
    assert "not both graded 2 (probably true) or better" in page


def make_project_without_method() -> Project:
    import tempfile

    project = make_project(__import__("pathlib").Path(tempfile.mkdtemp()) / "proj")
    text = project.read(BRIEFING)
    project.write(BRIEFING, text[:text.index("method:")], dedent=False)
    return project


def test_the_generator_method_on_the_small_project_asks_more_than_one_source_for_moderate():
    project = make_project_without_method()
    found = warnings(project)
    assert [w.split(": warning: ")[1].split(",")[0] for w in found] == [
        "key judgement 'bridge-planned' is held with moderate confidence",
        "theme 'bridge' is held with moderate confidence"]


# -- opposite sides of a disagreement ---------------------------------------------------------------

def test_opposite_sides_both_probably_true_or_better_need_a_reason(ferry):
    edit(ferry, "content/sources/b.yaml", "    about: [port-alba, isle-brenn]\n    credibility: 3",
         "    about: [port-alba, isle-brenn]\n    credibility: 2")
    (found,) = warnings(ferry)
    assert found == (
        f"{DISCREPANCIES}:2: warning: disagreement 'start-date' has claims graded 2 (probably true) or better on two "
        "of its sides: 'a#start-may' and 'b#start-june' (1 and 2); 'c#start-may' and 'b#start-june' (1 and 2) "
        "(the method's rule: claims on opposite sides of one disagreement are not both graded 2 or better without a "
        "reason; lower a grade, or say in the note why both can be true, in a passage that names the grade and cites "
        "both claims)")


@pytest.mark.parametrize("note, warned", [
    ("Both are graded probably true or better: the service may start in stages [@a#start-may; @b#start-june].", False),
    ("The two differ by a month [@a#start-may; @b#start-june].", True),  # cites both, names no grade
    ("Both are graded probably true [@a#start-may]; the other says June [@b#start-june].", True),  # not one passage
])
def test_the_reason_is_a_passage_of_the_note_naming_the_grade_and_citing_both(ferry, note, warned):
    edit(ferry, "content/sources/b.yaml", "    about: [port-alba, isle-brenn]\n    credibility: 3",
         "    about: [port-alba, isle-brenn]\n    credibility: 2")
    edit(ferry, DISCREPANCIES, "    kind: date\n", f"    kind: date\n    note: \"{note}\"\n")
    assert bool(warnings(ferry)) == warned


def test_a_claim_cited_by_two_values_is_on_neither_side(ferry):
    """The two ends of one range cite one claim: it is not opposed to itself, nor graded against the other end."""
    edit(ferry, DISCREPANCIES, "text: In June 2026 [@b#start-june].",
         "text: In June 2026 [@b#start-june; @a#start-may].")
    assert warnings(ferry) == []


# -- roles and titles -------------------------------------------------------------------------------

def test_a_role_giving_a_date_names_its_source_and_no_side_as_fact(ferry):
    edit(ferry, ENTITIES, "role: A harbour town.", "role: A harbour town whose ferry starts in May 2026.")
    found = warnings(ferry)
    assert found == [
        f"{ENTITIES}:5: warning: the role of entity 'port-alba' gives '2026', 'May' but names no source (the method's "
        "rule: a role that gives a figure or a date names the source it comes from, as (per source-id))",
        f"{ENTITIES}:5: warning: the role of entity 'port-alba' states one account of disagreement 'start-date' as "
        "fact ('May 2026'), not the other ('June 2026') (the method's rule: a role or title does not state one side of "
        "a recorded disagreement as fact; give each account with its source, or leave the detail out)"]


@pytest.mark.parametrize("role", [
    "A harbour town whose ferry starts in May 2026 (per a).",  # attributed
    "A harbour town whose ferry starts in May 2026 (a, c) or June 2026 (b).",  # both accounts
    "A harbour town whose ferry starts in 2026 (per a).",  # a detail both accounts give
    "A harbour town with a ferry.",  # no figure, no date
])
def test_roles_that_must_not_warn(ferry, role):
    edit(ferry, ENTITIES, "role: A harbour town.", f"role: {role}")
    assert warnings(ferry) == []


def test_a_title_states_no_side_of_a_disagreement_its_theme_cites(ferry):
    edit(ferry, THEME, "[@a#crews-40; @b#crews-55].", "[@a#crews-40; @b#crews-55], from June [@b#start-june].")
    edit(ferry, THEME, "title: The ferry", "title: The ferry from June 2026")
    (found,) = warnings(ferry)
    assert found.startswith(f"{THEME}:1: warning: the title of theme 'ferry' states one account of disagreement "
                            "'start-date' as fact ('June 2026'), not the other ('May 2026')")
    edit(ferry, THEME, "title: The ferry from June 2026", "title: The ferry in 2026")  # a year both accounts give
    assert warnings(ferry) == []


def test_a_heading_gives_only_figures_its_section_cites(ferry):
    edit(ferry, THEME, "heading: Crews", "heading: Crews since 1999")
    assert warnings(ferry) == [
        f"{THEME}:6: warning: the heading 'Crews since 1999' of theme 'ferry' gives '1999', which nothing it cites says "
        "(the method's rule: a title rests on what its theme or section cites; cite the claim that gives it, or leave "
        "the detail out)"]
    edit(ferry, THEME, "heading: Crews since 1999", "heading: 40 or 55 crews")
    assert warnings(ferry) == []
    edit(ferry, THEME, "heading: 40 or 55 crews", "heading: Crews, part 2")  # a single digit is no figure
    assert warnings(ferry) == []


# -- dates ------------------------------------------------------------------------------------------

def test_an_event_is_dated_no_more_precisely_than_what_it_cites(ferry):
    edit(ferry, TIMELINE, "[@a#start-may]", "[@a#crews-40]")
    assert warnings(ferry) == [
        f"{TIMELINE}:2: warning: timeline event '2026-05' is dated May 2026, but nothing it cites gives 'May' "
        "(the method's rule: a date is never more precise than its source; write only what the source gives (2025, "
        "late 2025, autumn 2024), or say in date_note how the date is known)"]


@pytest.mark.parametrize("old, new", [
    ("    text: The ferry", "    date_note: The council's timetable, read from the article's date.\n    text: The ferry"),
    ('date: "2026-05"', 'date: "2026-01"'),  # the article is dated January 2026: its "now"
    ('date: "2026-05"', 'date: "2026"'),
])
def test_event_dates_that_must_not_warn(ferry, old, new):
    edit(ferry, TIMELINE, "[@a#start-may]", "[@a#crews-40]")
    edit(ferry, TIMELINE, old, new)
    assert warnings(ferry) == []


# -- warnings and candidates at the command line -----------------------------------------------------

def test_rule_breaches_fail_strict_check_but_candidates_never_do(ferry):
    result = ferry.briefing("check", "--strict")
    assert result.returncode == 0, result.stderr
    assert "3 candidate disagreements not recorded (`briefing disagreements` lists them)." in result.stdout
    edit(ferry, "content/sources/b.yaml", "grade: C", "grade: D")
    result = ferry.briefing("check", "--strict")
    assert result.returncode == 1 and "is held with high confidence" in result.stderr
    assert json.loads(ferry.briefing("check", "--format", "json").stdout)["candidate_disagreements"] == 3


# -- the disagreement finder ------------------------------------------------------------------------

def candidates(project: Project, *args: str) -> list[dict]:
    result = project.briefing("disagreements", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["candidates"]


def test_the_finder_names_both_claims_and_why(ferry):
    assert [(c["claims"], c["reasons"]) for c in candidates(ferry)] == [
        (["a#passengers", "b#passengers"], ["'a#passengers' hedges ('may') where 'b#passengers' asserts"]),
        (["a#crews-40", "b#crews-55"], ["figures differ (40 against 55)",
                                        "named actors differ (council against port-officials)"]),
        (["b#crews-55", "c#crews-40"], ["figures differ (55 against 40)"])]


def test_a_recorded_disagreement_is_not_proposed_again_and_all_shows_it(ferry):
    (recorded,) = [c for c in candidates(ferry, "--all") if c["status"] != "new"]
    assert recorded["claims"] == ["a#start-may", "b#start-june"] and recorded["status"] == "recorded as 'start-date'"
    assert "months differ (May against June)" in recorded["reasons"]


def test_a_dismissed_candidate_stays_dismissed(ferry):
    ferry.write(DISCREPANCIES, ferry.read(DISCREPANCIES) + "dismissed:\n  - claims: [b#passengers, a#passengers]\n"
                "    reason: The same figure; only the wording differs.\n", dedent=False)
    assert [c["claims"] for c in candidates(ferry)] == [["a#crews-40", "b#crews-55"], ["b#crews-55", "c#crews-40"]]
    assert warnings(ferry) == []


def test_claims_linked_as_corroborating_are_never_proposed(ferry):
    edit(ferry, "content/sources/a.yaml", "    quote: The new ferry may carry 300 passengers.\n",
         "    quote: The new ferry may carry 300 passengers.\n    corroborates: [b#passengers]\n")
    assert ["a#passengers", "b#passengers"] not in [c["claims"] for c in candidates(ferry)]


@pytest.mark.parametrize("claims, message", [
    ("[a#passengers]", "a dismissed candidate names two claims"),
    ("[a#passengers, a#passengers]", "a dismissed candidate names two claims"),
    ("[a#passengers, b#passenger]", "citation to unknown claim 'passenger' of source 'b' (did you mean 'passengers'?)"),
])
def test_a_dismissal_names_two_claims_that_exist(ferry, claims, message):
    ferry.write(DISCREPANCIES, ferry.read(DISCREPANCIES) + f"dismissed:\n  - claims: {claims}\n    reason: Not so.\n",
                dedent=False)
    (found,) = ferry.problems()
    assert found.startswith(f"{DISCREPANCIES}:11: {message}")


def test_the_list_shows_each_claim_at_its_line_and_how_to_dismiss(ferry):
    result = ferry.briefing("disagreements")
    assert result.stdout.splitlines()[:3] == [
        "1. a#passengers and b#passengers: 'a#passengers' hedges ('may') where 'b#passengers' asserts",
        "   content/sources/a.yaml:24: The new ferry may carry 300 passengers.",
        "   content/sources/b.yaml:25: The new ferry carries 300 passengers."]
    assert "3 candidate disagreements not recorded or dismissed." in result.stderr
    assert "  - claims: [a#passengers, b#passengers]\n    reason:" in result.stderr


# -- a date is never shown more precisely than it was written --------------------------------------

VAGUE = {"1931": "1931", "late 1932": "late 1932", "1910s": "the 1910s", "autumn 1933": "autumn 1933",
         "1934/1935": "1934–1935", "winter 1936": "winter 1936"}
"""Dates written no more precisely than a year, as each is shown."""


def test_no_page_shows_a_vague_date_as_a_month_or_a_day(project):
    events = "".join(f'  - date: "{written}"\n    text: Something happened [@example-talks#bridge-agreed].\n'
                     for written in VAGUE)
    project.write(TIMELINE, project.read(TIMELINE) + events, dedent=False)
    edit(project, "content/sources/example-talks.yaml", 'date: "2025-02"', 'date: "1937"')
    texts = build.prepare(settings.read(project.root)).texts
    months = [name for name in __import__("calendar").month_name if name]
    for year in range(1910, 1938):
        finer = [f"{month} {year}" for month in months] + [f"{year}-{n:02d}" for n in range(1, 13)]
        for page, text in texts.items():
            shown = [form for form in finer if form in text]
            assert not shown, f"{page} shows {shown}, more precisely than any date written for {year}"
    timeline = texts["timeline.md"]
    for written, shown in VAGUE.items():
        assert shown in timeline, written
    # A decade is headed by its decade, never by its first year.
    assert "## 1910s\n" in timeline and "## 1910\n" not in timeline
    feed = texts["feed.xml"]
    assert "1937-01-01" not in feed  # the source's year is no day: the feed dates its entry by the as-of date
