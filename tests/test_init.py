"""Starting a new briefing: `briefing init`, and the generator installed from a wheel, outside this repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path


import pytest

from conftest import REPO
from support import pdf_of, serving

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

SECOND_ARTICLE = textwrap.dedent("""\
    Ferry Pilot Extended
    The city council voted on Tuesday to extend the ferry pilot until the end of the year.
    The council said 1,200 passengers used the ferry each day in its first month.
    """)
FIRST_ARTICLE = textwrap.dedent("""\
    Ferry Pilot Begins
    The harbour authority said on Monday that the new ferry would carry 900 passengers a day.
    """)


def briefing(*args: str, cwd: Path, exe: list[str] | None = None, expect: int = 0) -> subprocess.CompletedProcess:
    command = (exe or [sys.executable, "-m", "builder.editor.cli"]) + list(args)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if exe is None:
        env["PYTHONPATH"] = str(REPO)
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    assert result.returncode == expect, f"{' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine\n")
    result = briefing("init", str(tmp_path), "--title", "X", cwd=tmp_path, expect=1)
    assert f"{tmp_path}: is not empty; nothing was written (start a briefing in a new or empty folder)" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_refuses_a_bad_archive_folder_and_date(tmp_path):
    result = briefing("init", "new", "--title", "X", "--archive", "/etc", "--as-of", "2025-02", cwd=tmp_path, expect=1)
    assert "--archive must be a folder relative to the project, not an absolute path, not '/etc'" in result.stderr
    assert "--as-of '2025-02' needs a day: YYYY-MM-DD" in result.stderr
    assert not (tmp_path / "new").exists()


def test_a_new_project_checks_and_builds_at_once_and_says_what_to_run_next(tmp_path):
    result = briefing("init", "ferry", "--title", "The ferry pilot", "--as-of", "2025-06-01", cwd=tmp_path)
    assert "Next: cd ferry && briefing new source" in result.stdout
    project = tmp_path / "ferry"
    assert "OK: 0 sources, 0 claims, 0 themes" in briefing("check", cwd=project).stdout
    briefing("build", cwd=project)
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "The ferry pilot" in home and "1 June 2025" in home


def test_a_new_project_holds_no_path_into_the_generator_and_its_schema_lines_resolve(tmp_path):
    briefing("init", "ferry", "--title", "The ferry pilot", cwd=tmp_path)
    project = tmp_path / "ferry"
    for path in project.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert str(REPO) not in text and "shared/seeds" not in text and "templates/" not in text.replace(
                "`templates/`", ""), path
            first = text.splitlines()[0] if text else ""
            if first.startswith("# yaml-language-server: $schema="):
                schema = (path.parent / first.split("$schema=", 1)[1]).resolve()
                assert schema.is_file(), (path, schema)
                json.loads(schema.read_text(encoding="utf-8"))
    modelined = [p for p in (project / "content").glob("*.yaml")]
    assert len(modelined) == 4 and all(p.read_text().startswith("# yaml-language-server") for p in modelined)
    ignored = (project / ".gitignore").read_text()
    assert "/site/" in ignored and "/archive/" in ignored
    assert "/briefing.pdf" in ignored.splitlines()  # what `briefing pdf` writes by default


def test_a_project_template_replaces_the_generators_own(tmp_path):
    briefing("init", "ferry", "--title", "The ferry pilot", cwd=tmp_path)
    project = tmp_path / "ferry"
    (project / "templates" / "static" / "assets").mkdir(parents=True)
    (project / "templates" / "static" / "assets" / "briefing.css").write_text("/* our own look */\n")
    methodology = (REPO / "templates" / "methodology.md.j2").read_text(encoding="utf-8")
    (project / "templates" / "methodology.md.j2").write_text(
        methodology.replace("# {{ _(\"How this briefing is made\") }}", "# How our newsroom works"), encoding="utf-8")
    briefing("build", cwd=project)
    assert (project / "site" / "assets" / "briefing.css").read_text() == "/* our own look */\n"
    assert "How our newsroom works" in (project / "site" / "methodology" / "index.html").read_text(encoding="utf-8")
    # the other pages keep the generator's templates
    assert "Dated events the sources mention" in (project / "site" / "timeline" / "index.html").read_text(encoding="utf-8")


def write_ferry_briefing(project: Path, run) -> None:
    """What an editor does after `briefing init`: two sources, a theme citing both, a discrepancy."""
    (project.parent / "incoming").mkdir(exist_ok=True)
    (project.parent / "incoming" / "begins.txt").write_text(FIRST_ARTICLE, encoding="utf-8")
    (project.parent / "incoming" / "extended.txt").write_text(SECOND_ARTICLE, encoding="utf-8")
    run("new", "source", "pilot-begins", "--from", "../incoming/begins.txt", "--url", "https://example.org/begins")
    run("new", "source", "pilot-extended", "--from", "../incoming/extended.txt")
    for source_id, outlet, claim in (
            ("pilot-begins", "Harbour Gazette", """\
  - id: capacity-900
    type: statement
    by: harbour-authority
    text: The harbour authority said the ferry would carry 900 passengers a day.
    quote: The harbour authority said on Monday that the new ferry would carry 900 passengers a day.
"""),
            ("pilot-extended", "City Courier", """\
  - id: riders-1200
    type: statement
    by: city-council
    text: The city council said 1,200 passengers a day used the ferry in its first month.
    quote: The council said 1,200 passengers used the ferry each day in its first month.
""")):
        path = project / "content" / "sources" / f"{source_id}.yaml"
        text = path.read_text(encoding="utf-8")
        text = text.replace("outlet: unknown", f"outlet: {outlet}")
        text = text.replace('  date: unknown', '  date: "2025-05"')
        text = text.replace(text[text.index('  inferred: "TODO'):text.index("\n", text.index('  inferred: "TODO'))],
                            "  inferred: The page gives the weekday; the month is from the archive's record.")
        text = text.replace(text[text.index('  reason: "TODO'):text.index("\n", text.index('  reason: "TODO'))],
                            "  reason: A local paper; no track record known to us.")
        text = text.replace(text[text.index('summary: "TODO'):text.index("\n", text.index('summary: "TODO'))],
                            "summary: A report on the ferry pilot.")
        text = text[: text.index("  - id: first-sentence")] + claim
        path.write_text(text, encoding="utf-8")
    (project / "content" / "entities.yaml").write_text(textwrap.dedent("""\
        entities:
          - id: harbour-authority
            name: Harbour authority
            kind: organisation
            role: Runs the harbour.
          - id: city-council
            name: City council
            kind: organisation
            role: The city's council.
        """), encoding="utf-8")
    (project / "content" / "themes" / "ridership.yaml").write_text(textwrap.dedent("""\
        title: How many ride the ferry
        bottom_line: >-
          The harbour authority expected 900 passengers a day
          [@pilot-begins#capacity-900]; the council counted 1,200 a day in the first month
          [@pilot-extended#riders-1200].
        confidence: moderate
        sections:
          - heading: The figures
            body: |
              The forecast was 900 a day [@pilot-begins#capacity-900], the count 1,200
              [@pilot-extended#riders-1200].
        """), encoding="utf-8")
    (project / "content" / "discrepancies.yaml").write_text(textwrap.dedent("""\
        discrepancies:
          - id: passengers
            question: How many passengers a day?
            kind: number
            unit: passengers a day
            values:
              - value: 900
                text: 900, expected by the harbour authority [@pilot-begins#capacity-900].
              - value: 1200
                text: 1,200, counted by the council [@pilot-extended#riders-1200].
        """), encoding="utf-8")


def test_the_installed_generator_starts_checks_and_builds_a_new_briefing(tmp_path):
    """Exactly as a new user: a wheel of this repository in a fresh virtual environment, nothing checked out."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
                   check=True, capture_output=True)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(next(wheels.glob("*.whl")))],
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-3000:]
    exe = [str(venv / "bin" / "briefing")]
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()

    def run(*args: str, expect: int = 0) -> subprocess.CompletedProcess:
        return briefing(*args, cwd=project, exe=exe, expect=expect)

    briefing("init", "ferry", "--title", "The ferry pilot", "--as-of", "2025-06-01", cwd=elsewhere, exe=exe)
    project = elsewhere / "ferry"
    write_ferry_briefing(project, run)
    assert "2 quotes added ('pilot-begins#capacity-900', 'pilot-extended#riders-1200') and 2 archived texts added " \
        "('pilot-begins.txt', 'pilot-extended.txt') since the lock was written" in run("check", expect=1).stderr
    run("lock")
    assert "OK: 2 sources, 2 claims, 1 theme" in run("check").stdout
    run("build")
    site = project / "site"
    theme = (site / "themes" / "ridership" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../sources/pilot-begins/#claim-capacity-900"' in theme
    assert "2 independent sources" in theme  # two known, different outlets
    assert (site / "discrepancies" / "index.html").read_text(encoding="utf-8").count('class="bf-chart-dot"') == 2
    assert (site / "assets" / "briefing.css").is_file() and (site / "pagefind" / "pagefind.js").is_file()
    plain = subprocess.run([str(venv / "bin" / "mkdocs"), "build", "-q", "-d", str(tmp_path / "plain")], cwd=project,
                           capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert plain.returncode == 0, plain.stderr
    assert (tmp_path / "plain" / "themes" / "ridership" / "index.html").read_text(encoding="utf-8") == theme
    assert not any(str(REPO) in p.read_text(encoding="utf-8", errors="replace")
                   for p in project.rglob("*") if p.is_file() and "site" not in p.parts)

    # Sources from the web, with the installed generator's own trafilatura, htmldate and pypdf.
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "survey.html").write_bytes((REPO / "tests" / "webpages" / "jsonld-only.html").read_bytes())
    (pages / "report.pdf").write_bytes(pdf_of([["Ferry Ridership Review", "Harbour Office", "June 2025"], [
        "The ferry pilot carried 1,200 passengers a day in its first month, more than the harbour",
        "authority had expected when it planned the service. Most of them travelled in the morning",
        "and in the evening, on working days, between the harbour and the station. The review",
        "counts every passenger who used a ticket or a pass, but not the children under twelve,",
        "who travel free and are not counted at the gates. The harbour office will repeat the count",
        "in the autumn, when the timetable changes, and again in the spring, before the council",
        "decides whether to keep the pilot running for a second year and how to pay for it."]]))
    with serving(pages) as address:
        run("new", "source", "harbour-survey", "--from", f"{address}/survey.html")
        run("new", "source", "ridership-review", "--from", f"{address}/report.pdf")
    survey = (project / "content" / "sources" / "harbour-survey.yaml").read_text(encoding="utf-8")
    assert "outlet: Archipelago Daily  # from the page's JSON-LD NewsArticle › publisher › name" in survey
    assert (project / "archive" / "ridership-review.txt").read_text(encoding="utf-8").count("\f") == 2
    run("lock")
    assert "OK: 4 sources, 4 claims, 1 theme" in run("check").stdout
    run("build", "--no-strict")  # the new sources' TODOs are warnings
    report = (site / "sources" / "ridership-review" / "index.html").read_text(encoding="utf-8")
    assert f'<span class="bf-pages">p. 2</span> · <a class="bf-passage-link" href="{address}/report.pdf#page=2"' \
        in report


def test_new_theme_writes_a_skeleton_that_checks_and_asks_for_its_todos(tmp_path):
    briefing("init", "ferry", "--title", "The ferry pilot", cwd=tmp_path)
    project = tmp_path / "ferry"
    refused = briefing("new", "theme", "ridership", cwd=project, expect=1)
    assert "a theme cites claims, and there is none yet (add a source first" in refused.stderr
    (tmp_path / "begins.txt").write_text(FIRST_ARTICLE, encoding="utf-8")
    briefing("new", "source", "pilot-begins", "--from", "../begins.txt", cwd=project)
    briefing("new", "theme", "ridership", cwd=project)
    theme = (project / "content" / "themes" / "ridership.yaml").read_text(encoding="utf-8")
    assert theme.startswith("# yaml-language-server: $schema=../../schemas/theme.schema.json\n")
    assert "[@pilot-begins#first-sentence]" in theme and "order: 100" in theme
    briefing("lock", cwd=project)
    check = briefing("check", cwd=project)
    todos = [line for line in check.stderr.splitlines() if "content/themes/ridership.yaml" in line]
    assert len(todos) == 5 and all("still holds placeholder text (TODO)" in t for t in todos), check.stderr
    assert briefing("new", "theme", "ridership", cwd=project, expect=1).stderr.startswith(
        "content/themes/ridership.yaml: already exists; nothing was written")


def test_errors_come_with_the_todos_still_to_replace(tmp_path):
    briefing("init", "ferry", "--title", "The ferry pilot", cwd=tmp_path)
    project = tmp_path / "ferry"
    (tmp_path / "begins.txt").write_text(FIRST_ARTICLE, encoding="utf-8")
    briefing("new", "source", "pilot-begins", "--from", "../begins.txt", cwd=project)
    result = briefing("check", cwd=project, expect=1)  # not locked yet: an error, and four TODOs
    lines = result.stderr.splitlines()
    assert lines[0].startswith("content/quotes.lock: 1 quote added ('pilot-begins#first-sentence') and 1 archived "
                               "text added ('pilot-begins.txt')")
    assert sum("warning: " in line for line in lines) == 4
    assert lines[-1] == "1 problem found. 4 warnings."


def test_an_empty_briefing_says_so_on_its_pages(tmp_path):
    briefing("init", "ferry", "--title", "The ferry pilot", cwd=tmp_path)
    project = tmp_path / "ferry"
    briefing("build", cwd=project)
    site = project / "site"
    for page, words in (("index.html", "No key judgement yet."), ("timeline/index.html", "No dated event yet."),
                        ("discrepancies/index.html", "No disagreement between the sources has been recorded."),
                        ("themes/index.html", "No theme yet.")):
        assert words in (site / page).read_text(encoding="utf-8"), page
