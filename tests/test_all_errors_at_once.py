"""Every error in one run (issue 23): a file that cannot be read does not hide the checks of the rest.

A project seeded with six mistakes in four files reports all six in one `briefing check`, each at its
file and line; what the loader could not read raises no follow-on error elsewhere; `briefing lock` says
what it changed; every option of the command line is explained; one setting names the content folder.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import pytest

from builder.checks import rules as checks
from builder.editor import cli
from builder.model import load
from builder.model import settings
from builder.model.diagnostics import Problems
from builder.publish import preview
from conftest import REPO, edit, line_of, write_lock

SRC = "content/sources/example-talks.yaml"
FOLLOW_UP = "content/sources/follow-up.yaml"
THEME = "content/themes/bridge.yaml"
TIMELINE = "content/timeline.yaml"
LOCK = "content/quotes.lock"


def add_follow_up(project) -> None:
    """A second source, cited from the theme, locked while it was right."""
    project.write("archive/follow-up.txt", "Follow-up\nWork on the bridge in Zenda began in March, officials said.\n")
    project.write(FOLLOW_UP, """\
        title: Work begins
        outlet: Example Daily
        author: unknown
        published:
          date: "2025-03-01"
        kind: news-report
        archive: follow-up.txt
        summary: Work began.
        claims:
          - id: work-began
            type: reported
            text: Work on the bridge began in March.
            quote: Work on the bridge in Zenda began in March
        """)
    edit(project, THEME, "Whether work starts [@example-talks#berg-two-years].",
         "Whether work starts [@example-talks#berg-two-years; @follow-up#work-began].")
    write_lock(project.root)


def seed_six_mistakes(project) -> dict[str, str]:
    """The six mistakes of issue 23, in four files; what each is expected to say, by file:line."""
    add_follow_up(project)
    # 1. a mapping where a list belongs: the claims keyed by their ids
    edit(project, FOLLOW_UP, "  - id: work-began\n    type: reported\n    text: Work on the bridge began in March.\n"
         "    quote:", "  work-began:\n    type: reported\n    text: Work on the bridge began in March.\n    quote:")
    # 2. a bad indentation
    edit(project, TIMELINE, "    text: Ministers", "     text: Ministers")
    # 3. a bad date
    edit(project, SRC, 'date: "2025-02"', "date: 14/07/2025")
    # 4. an unknown claim cited from a theme
    edit(project, THEME, "@example-talks#workers-5000]", "@example-talks#workers-6000]")
    # 5. a misquote
    edit(project, SRC, "estimate that 5,000 workers will be needed - more", "estimate that 6,000 workers will be needed - more")
    # 6. a stale lock: a quote shortened, rightly, and not locked again
    edit(project, SRC, "quote: The foreign ministers of Ruritania and Freedonia met in Zenda on Monday, agreeing to "
         "build a bridge.", "quote: The foreign ministers of Ruritania and Freedonia met in Zenda on Monday")
    return {
        f"{FOLLOW_UP}:{line_of(project, FOLLOW_UP, 'work-began:')}":
            "source field 'claims' must be a list, not a mapping (start each entry with '- ', and write its id as a "
            "field of it: '- id: work-began')",
        f"{TIMELINE}:3":
            "YAML syntax error: 'text:' is indented more than the fields above it (line it up with 'date:' on "
            "line 2, 4 spaces in)",
        f"{SRC}:5":
            "source field 'published.date': '14/07/2025' is a day/month/year date: write it year-month-day, as "
            "2025-07-14 (14 July 2025)",
        f"{THEME}:{line_of(project, THEME, 'workers-6000')}":
            "citation to unknown claim 'workers-6000' of source 'example-talks' (did you mean 'workers-5000'?)",
        f"{SRC}:{line_of(project, SRC, 'that 6,000')}":
            "quote of claim 'workers-5000' is not in the archived text article.txt (closest passage, 14 of the "
            "quote's 15 words alike, [-quote-] {+archived text+}: \"Officials in Zenda estimate that [-6,000-] "
            "{+5,000+} workers will be needed - more than ever before.\")",
        LOCK:
            "1 quote changed ('example-talks#bridge-agreed') since the lock was written (run `briefing lock` to verify "
            "the quotes and record them)",
    }


def test_six_mistakes_in_four_files_are_all_reported_in_one_check_each_at_its_line(project):
    expected = seed_six_mistakes(project)
    result = project.briefing("check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "6 problems found.", result.stderr
    assert sorted(lines[:-1]) == sorted(f"{where}: {message}" for where, message in expected.items()), result.stderr
    assert "Traceback" not in result.stderr


def test_the_build_and_the_json_report_hold_the_same_six(project):
    expected = seed_six_mistakes(project)
    report = json.loads(project.briefing("check", "--format", "json").stdout)
    assert len(report["errors"]) == 6
    assert {f"{e['path']}:{e['line']}" if e["line"] else e["path"] for e in report["errors"]} == set(expected)
    build = project.briefing("build")
    assert build.returncode == 1 and "6 problems found. The site was not built" in build.stderr, build.stderr


def test_the_preview_page_shows_the_misquote_with_the_same_marks(project, tmp_path):
    seed_six_mistakes(project)
    with pytest.raises(Problems) as caught:
        checks.load_and_check(project.root)
    preview.show_on_pages(str(tmp_path), [str(e) for e in caught.value.errors])
    shown = (tmp_path / preview.PROBLEMS_FILE).read_text(encoding="utf-8")
    assert "estimate that [-6,000-] {+5,000+} workers" in shown
    assert len(shown.splitlines()) == 6


# -- no follow-on errors from what could not be read ------------------------------------------------

def test_citations_of_a_source_whose_file_cannot_be_read_are_not_reported_again(project):
    add_follow_up(project)
    edit(project, FOLLOW_UP, "outlet: Example Daily", "outlet: Example: Daily")  # YAML syntax: the file is unread
    edit(project, SRC, "kind: wire-copy", "kind: wire-copy\nindependent_of:\n  - source: follow-up\n    reason: x")
    assert project.problems() == [
        f"{FOLLOW_UP}:2: YAML syntax error: the value of 'outlet' contains ': ', which YAML reads as the start of "
        "another field (put the whole value in quotes)"]


def test_a_claim_entry_that_cannot_be_read_is_skipped_by_its_id_and_its_neighbours_are_checked(project):
    edit(project, SRC, "id: berg-two-years\n    type: statement", "id: berg-two-years\n    type: statment")
    edit(project, THEME, "[@example-talks#workers-5000]", "[@example-talks#workers-500]")
    edit(project, SRC, "quote: Officials in Zenda estimate that 5,000", "quote: Officials in Zenda estimate that 5000")
    found = project.problems()
    assert [p.split(": ", 1)[1].split(" (")[0] for p in found] == [
        "source field 'claims[2].type' 'statment' is not one of: reported, statement, assessment, opinion",
        "quote of claim 'workers-5000' is not in the archived text article.txt",
        "citation to unknown claim 'workers-500' of source 'example-talks'",
    ], found  # the citations of berg-two-years (left out) are not reported; its lock entry does not count


def test_a_claim_entry_without_a_readable_id_covers_every_claim_of_its_source(project):
    edit(project, SRC, "id: berg-two-years", "id: Berg_Two_Years")
    edit(project, THEME, "[@example-talks#workers-5000]", "[@example-talks#workers-500]")
    assert [p.split(": ", 1)[1] for p in project.problems()] == [
        "source field 'claims[2].id' 'Berg_Two_Years' is not a valid id: use lower-case letters, digits and single "
        "hyphens (like 'bridge-costs')"]


def test_an_entities_file_that_cannot_be_read_raises_no_unknown_entity(project):
    edit(project, "content/entities.yaml", "  - id: zenda\n", "  - id: zenda\n   x: y\n")
    found = project.problems()
    assert len(found) == 1 and found[0].startswith("content/entities.yaml:"), found


def test_a_briefing_file_that_cannot_be_read_sends_the_quotes_to_no_other_folder(project):
    edit(project, "content/briefing.yaml", "title: Example briefing", "title: [Example briefing")
    assert [p.split(": ", 1)[0] for p in project.problems()] == ["content/briefing.yaml:2"]


def test_a_bad_field_leaves_the_rest_of_its_source_checked(project):
    edit(project, SRC, "outlet: Example Wire", "outlet: [Example Wire]")
    edit(project, SRC, "by: zenda-officials", "by: zenda-oficials")
    assert [p.split(": ", 1)[1] for p in project.problems()] == [
        "source field 'outlet' must be a single value, not a list",
        "unknown entity 'zenda-oficials' in 'by' (did you mean 'zenda-officials'?)",
    ]


def test_a_theme_whose_bottom_line_cannot_be_read_is_not_told_it_cites_nothing(project):
    edit(project, THEME, "bottom_line: A bridge is planned", "bottom_line:\n  - A bridge is planned")
    found = project.problems()
    assert [p.split(": ", 1)[1] for p in found] == ["theme field 'bottom_line' must be a single value, not a list"], found


def test_links_into_a_file_that_cannot_be_read_are_not_reported(project):
    edit(project, THEME, "workers [@example-talks#workers-5000].",
         "workers [@example-talks#workers-5000], see [the talks](timeline/#event-talks).")
    edit(project, TIMELINE, "  - date:", "  - id: talks\n    date:")
    assert project.problems() == []
    edit(project, TIMELINE, "    text: Ministers", "     text: Ministers")
    assert [p.split(": ", 1)[0] for p in project.problems()] == [f"{TIMELINE}:4"]


def test_the_strict_loader_still_refuses_a_partly_read_briefing(project):
    edit(project, SRC, 'date: "2025-02"', "date: 14/07/2025")
    with pytest.raises(Problems):
        load.load(project.root)
    model, errors = load.load_partial(project.root)
    assert len(errors) == 1 and "example-talks" in model.sources
    assert model.sources["example-talks"].unread == {"published"}


# -- `briefing lock` says what it changed --------------------------------------------------------------

def test_briefing_lock_lists_each_quote_it_added_changed_or_dropped(project):
    edit(project, SRC, "agreeing to build a bridge.", "agreeing to build a bridge")
    edit(project, SRC, "id: berg-two-years", "id: berg-in-two-years")
    project.write(THEME, project.read(THEME).replace("#berg-two-years", "#berg-in-two-years"), dedent=False)
    result = project.briefing("lock")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Verified 3 quotes in 1 archived text; wrote content/quotes.lock.",
        '  added   example-talks#berg-in-two-years: ""We will finish the bridge in two years,"…"',
        '  changed example-talks#bridge-agreed: "The foreign ministers of Ruritania and Freedonia met…"',
        "  dropped example-talks#berg-two-years",
    ]
    again = project.briefing("lock")
    assert again.stdout.splitlines()[1:] == ["Nothing was added, changed or dropped since it was last written."]


def test_briefing_lock_names_a_changed_archived_text(project):
    path = project.root / "archive" / "article.txt"
    path.write_text(path.read_text(encoding="utf-8") + "A correction.\n", encoding="utf-8")
    assert project.briefing("lock").stdout.splitlines()[1:] == ["  changed archived text article.txt"]


# -- every option explained --------------------------------------------------------------------------

def _parsers(parser: argparse.ArgumentParser, name: str = "briefing"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helped = {choice.dest for choice in action._choices_actions if choice.help}
            for sub_name, sub in action.choices.items():
                assert sub_name in helped, f"`{name} {sub_name}` has no help text"
                yield from _parsers(sub, f"{name} {sub_name}")


def test_every_command_and_every_option_has_help_text():
    seen = 0
    for name, parser in _parsers(cli.parser()):
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            seen += 1
            assert action.help and action.help.strip(), f"`{name}` {'/'.join(action.option_strings) or action.dest}"
    assert seen >= 20


def test_the_help_shows_the_options_with_their_words(capsys):
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--dev-addr HOST:PORT the address to serve the preview on" in shown


# -- one setting names the content folder --------------------------------------------------------------

def test_content_named_only_by_the_plugin_option_builds_without_docs_dir(project):
    (project.root / "content").rename(project.root / "stuff")
    config = project.read("mkdocs.yml")
    config = "\n".join(line for line in config.splitlines() if not line.startswith("docs_dir:")) + "\n"
    project.write("mkdocs.yml", config.replace("\n  - briefing\n", "\n  - briefing:\n      content: stuff\n"),
                  dedent=False)
    assert "docs_dir" not in project.read("mkdocs.yml")
    build = project.briefing("build")
    assert build.returncode == 0, build.stderr
    assert "The bridge" in project.html("themes/bridge/")
    assert not list((project.root / "site").rglob("*.yaml"))


def test_the_plugin_option_wins_over_a_docs_dir_left_from_before(project):
    """A project made by an older `briefing init` (docs_dir: content) whose content folder was then renamed
    the way the README says: only the plugin's `content` changed."""
    (project.root / "content").rename(project.root / "stuff")
    assert "docs_dir: content" in project.read("mkdocs.yml")
    project.write("mkdocs.yml", project.read("mkdocs.yml").replace("\n  - briefing\n",
                                                                   "\n  - briefing:\n      content: stuff\n"),
                  dedent=False)
    build = project.briefing("build")
    assert build.returncode == 0, build.stderr
    check = project.briefing("check")
    assert check.returncode == 0 and "stuff/briefing.yaml:8: note:" in check.stderr, check.stderr


def test_a_folder_renamed_in_docs_dir_alone_is_the_content_folder_for_every_command(project):
    (project.root / "content").rename(project.root / "briefing-files")
    edit(project, "mkdocs.yml", "docs_dir: content ", "docs_dir: briefing-files ")
    check = project.briefing("check")
    assert check.returncode == 0 and "briefing-files/briefing.yaml:8: note:" in check.stderr, check.stderr
    assert project.briefing("build").returncode == 0
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "plain"], cwd=project.root,
                           capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert plain.returncode == 0, plain.stderr
    assert (project.root / "plain" / "themes" / "bridge" / "index.html").is_file()
    assert not list((project.root / "plain").rglob("*.yaml"))


def test_a_new_project_names_its_content_folder_once(tmp_path):
    assert cli.main(["init", str(tmp_path / "new"), "--title", "New"]) == 0
    config = (tmp_path / "new" / "mkdocs.yml").read_text(encoding="utf-8")
    naming = [line for line in config.splitlines() if "content" in line.split("#")[0]]
    assert naming == ["docs_dir: content   # the briefing's folder, named once: MkDocs and the plugin both read it "
                      "from here"]
    assert settings.read(tmp_path / "new").content == "content"
