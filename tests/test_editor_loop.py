"""The editing loop as a new editor walks it: new source, claims, a citation, lock, check, build.

The walk is written as a transcript (every command and its output) to
/tmp/editor-loop-transcript.txt, to show what an editor sees.
"""

from __future__ import annotations

import json
import os
import shlex
import textwrap
from pathlib import Path

from bs4 import BeautifulSoup

from support import Preview
import pytest

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

TRANSCRIPT = Path(os.environ.get("EDITOR_LOOP_TRANSCRIPT", "/tmp/editor-loop-transcript.txt"))

HARBOUR = textwrap.dedent("""\
    Harbour Deal Signed in Zenda
    Home › World › Europe
    Share this article

    Ruritania and Freedonia signed an agreement on Thursday to rebuild the harbour at Zenda.
    The work will start in the spring, according to the port authority.
    “The harbour will reopen to ships next year,” said Minister Anna Berg at the signing.
    """)

# Indented as the skeleton's example claim was, under `claims:`.
CLAIMS = textwrap.indent(textwrap.dedent("""\
      - id: harbour-agreement
        type: reported
        text: Ruritania and Freedonia signed an agreement to rebuild the harbour at Zenda.
        quote: Ruritania and Freedonia signed an agreement on Thursday to rebuild the harbour at Zenda.
        about: [ruritania, zenda]
      - id: berg-reopen
        type: statement
        by: anna-berg
        text: Minister Anna Berg said the harbour would reopen to ships next year.
        quote: "\\"The harbour will reopen to ships next year,\\" said Minister Anna Berg"
    """), "  ")


class Transcript:
    """Runs `briefing` commands in the project and records them as a terminal would show them."""

    def __init__(self, project):
        self.project = project
        self.lines: list[str] = []

    def note(self, text: str) -> None:
        self.lines.append(f"\n# {text}")

    def edit(self, relpath: str, description: str, before: str, after: str) -> None:
        old = self.project.read(relpath)
        assert old.count(before) == 1, f"{relpath}: the text to replace is not there once"
        self.project.write(relpath, old.replace(before, after), dedent=False)
        self.note(f"edit {relpath}: {description}")
        self.lines += [f"  - {line}" for line in before.rstrip("\n").splitlines()]
        self.lines += [f"  + {line}" for line in after.rstrip("\n").splitlines()]

    def run(self, *args: str, expect: int = 0):
        result = self.project.briefing(*args)
        self.lines.append(f"$ briefing {shlex.join(args)}")
        self.lines += [line for line in (result.stdout + result.stderr).rstrip("\n").splitlines()]
        self.lines.append(f"[exit {result.returncode}]")
        assert result.returncode == expect, "\n".join(self.lines)
        return result

    def save(self) -> None:
        TRANSCRIPT.write_text("\n".join(self.lines).lstrip("\n") + "\n", encoding="utf-8")


def links(html: str, selector: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup(html, "html.parser")
    return [(a.get_text(strip=True), a["href"]) for a in soup.select(selector)]


def test_a_new_source_goes_from_text_file_to_cited_page(project):
    t = Transcript(project)
    article = project.write("incoming/harbour.txt", HARBOUR)

    t.note("A new article has appeared; its text is saved in incoming/harbour.txt.")
    created = t.run("new", "source", "harbour-deal", "--from", str(article.relative_to(project.root)),
                    "--url", "https://example.org/harbour-deal")
    source_file = "content/sources/harbour-deal.yaml"
    assert created.stdout.splitlines()[:2] == ["Copied the text to archive/harbour-deal.txt.",
                                               f"Created {source_file}: replace each TODO text and the example claim,"]
    assert project.read("archive/harbour-deal.txt") == HARBOUR
    skeleton = project.read(source_file)
    t.note(f"The skeleton {source_file} as created (first 12 lines):")
    t.lines += [f"  | {line}" for line in skeleton.splitlines()[:12]]

    t.note("The skeleton already checks: lock its example quote and check.")
    assert t.run("lock").stdout.startswith("Verified 4 quotes in 2 archived texts; wrote content/quotes.lock.")
    first_check = t.run("check")
    # Each TODO the skeleton holds is a warning at its own line, naming its field.
    todo_lines = [n for n, line in enumerate(skeleton.splitlines(), 1) if "TODO" in line and not line.lstrip().startswith("#")]
    warned = [line for line in first_check.stderr.splitlines() if ": warning: " in line]
    assert [int(line.split(":")[1]) for line in warned] == todo_lines, first_check.stderr
    assert [line.split("'")[1] for line in warned] == ["published.inferred", "reliability.reason", "summary",
                                                       "claims[1].text"]
    assert all(line.startswith(f"{source_file}:") for line in warned)
    assert first_check.stdout.startswith("OK: 2 sources, 4 claims, 1 theme;")
    assert first_check.stdout.rstrip().endswith(" 4 warnings. 1 note.")

    t.edit(source_file, "fill in the publication date",
           skeleton[skeleton.index("  date: unknown"):skeleton.index("# The article's address")],
           '  date: "2025-03"\n'
           "  inferred: The page says Thursday; the month is in the archived page's metadata.\n")
    t.edit(source_file, "write the summary",
           'summary: "TODO: summarise the article in a few sentences, in our words."',
           "summary: Ruritania and Freedonia agreed to rebuild the harbour at Zenda; work starts in spring.")
    t.edit(source_file, "say why the source gets its reliability grade",
           'reason: "TODO: one line on why this grade (F: cannot be judged)."',
           "reason: A single unsigned report; its outlet is not known.")
    t.edit(source_file, "replace the example claim with two claims",
           skeleton[skeleton.index("  - id: first-sentence"):], CLAIMS)
    t.edit("content/themes/bridge.yaml", "cite the new claim in the theme",
           "Officials estimate 5,000 workers [@example-talks#workers-5000].\n",
           "Officials estimate 5,000 workers [@example-talks#workers-5000].\n\n"
           "      The harbour is to be rebuilt as well [@harbour-deal#harbour-agreement].\n")

    t.note("The new quotes are not in the lock yet, so the check says what to do:")
    before_lock = t.run("check", expect=1)
    assert "2 quotes added ('harbour-deal#berg-reopen', 'harbour-deal#harbour-agreement') and 1 quote removed " \
        "('harbour-deal#first-sentence') since the lock was written (run `briefing lock`" in before_lock.stderr
    locked = t.run("lock").stdout.splitlines()
    assert locked[0] == "Verified 5 quotes in 2 archived texts; wrote content/quotes.lock."
    assert [line.split(":")[0] for line in locked[1:]] == [
        "  added   harbour-deal#berg-reopen", "  added   harbour-deal#harbour-agreement",
        "  dropped harbour-deal#first-sentence"]
    clean = t.run("check")
    assert clean.stdout.startswith("OK: 2 sources, 5 claims, 1 theme;") and clean.stdout.rstrip().endswith(" 1 note.")
    assert ": warning: " not in clean.stderr
    built = t.run("build")
    pages = len(list((project.root / "site").rglob("index.html")))
    assert built.stdout.startswith(f"Built {pages} pages into site/ in "), built.stdout
    t.save()

    source_html = project.html("sources/harbour-deal/")
    soup = BeautifulSoup(source_html, "html.parser")
    assert [li["id"] for li in soup.select("li.bf-claim")] == ["claim-harbour-agreement", "claim-berg-reopen"]

    theme_links = links(project.html("themes/bridge/"), "a.bf-cite")
    assert any(href == "../../sources/harbour-deal/#claim-harbour-agreement" for _, href in theme_links), theme_links
    assert not any("berg-reopen" in href for _, href in theme_links)

    assert ("The bridge", "../../themes/bridge/") in links(source_html, "ul.bf-backlinks a")
    cited = soup.select_one("#claim-harbour-agreement .bf-cited-in")
    assert cited is not None and "The bridge" in cited.get_text()
    assert soup.select_one("#claim-berg-reopen .bf-cited-in") is None

    t.note("In the built site:")
    t.lines.append("  site/sources/harbour-deal/index.html: claims "
                   + ", ".join(f"#{li['id']}" for li in soup.select("li.bf-claim")))
    t.lines += [f"  site/themes/bridge/index.html: citation [{text}] -> {href}"
                for text, href in theme_links if "harbour-deal" in href]
    t.lines += [f"  site/sources/harbour-deal/index.html: Cited in: {text} -> {href}"
                for text, href in links(source_html, "ul.bf-backlinks a")]
    t.save()


# -- `briefing check` output, for people and for tools ----------------------

def test_check_in_text_mode_lists_each_problem_with_file_line_and_hint(project):
    project.write("content/sources/example-talks.yaml",
                  project.read("content/sources/example-talks.yaml").replace("outlet:", "outlett:"), dedent=False)
    result = project.briefing("check")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "content/sources/example-talks.yaml:1: source is missing the required field 'outlet' "
        "(Who published it, or unknown.)",
        "content/sources/example-talks.yaml:2: unknown field 'outlett' in source (did you mean 'outlet'?)",
        "2 problems found.",
    ]


def test_check_counts_a_single_problem_in_the_singular(project):
    project.write("content/themes/bridge.yaml",
                  project.read("content/themes/bridge.yaml").replace("confidence: moderate", "confidence: medium"),
                  dedent=False)
    result = project.briefing("check")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == "1 problem found."
    assert "content/themes/bridge.yaml:4: theme field 'confidence' 'medium' is not one of: high, moderate, low" \
        in result.stderr


TWO_PROBLEMS = """\
    events:
      - date: "2025-02"
        text: Ministers meet [@example-talks#bridge-agred].
      - date: "2025-03"
        text: Nothing cited here.
    """
"""A timeline with two problems: a misspelt claim (line 3) and an event that cites nothing (line 5)."""


def test_check_counts_several_problems_in_the_plural(project):
    project.write("content/timeline.yaml", TWO_PROBLEMS)
    result = project.briefing("check")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "2 problems found."
    assert "content/timeline.yaml:3: citation to unknown claim 'bridge-agred' of source 'example-talks' " \
           "(did you mean 'bridge-agreed'?)" in lines
    assert "content/timeline.yaml:5: 'text' cites no source (add a citation such as [@source-id#claim-id])" in lines


def test_check_json_gives_the_same_problems_as_data(project):
    project.write("content/timeline.yaml", TWO_PROBLEMS)
    text_mode = project.briefing("check")
    result = project.briefing("check", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert isinstance(data["errors"], list) and len(data["errors"]) == 2
    for error in data["errors"]:
        assert set(error) == {"path", "line", "message", "hint", "severity"}
        assert isinstance(error["line"], int) and error["severity"] == "error"
    assert data["errors"][0] == {
        "path": "content/timeline.yaml", "line": 3,
        "message": "citation to unknown claim 'bridge-agred' of source 'example-talks'",
        "hint": "did you mean 'bridge-agreed'?", "severity": "error",
    }
    # The same problems as the text mode, one for one.
    as_text = [f"{e['path']}:{e['line']}: {e['message']}" + (f" ({e['hint']})" if e["hint"] else "")
               for e in data["errors"]]
    assert as_text == text_mode.stderr.strip().splitlines()[:-1]


def test_check_json_on_good_content_says_ok(project):
    result = project.briefing("check", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["errors"] == []


# -- the live preview ------------------------------------------------------------

def test_preview_survives_a_content_error_and_keeps_showing_the_last_good_site(project):
    preview = Preview(project)
    try:
        seen = preview.wait_for_output(f"Serving on http://127.0.0.1:{preview.port}/")
        assert "The agreement" in preview.page("themes/bridge/")

        theme = project.read("content/themes/bridge.yaml")
        project.write("content/themes/bridge.yaml", theme.replace("confidence: moderate", "confidence: medium")
                      .replace("heading: The agreement", "heading: The deal"), dedent=False)
        seen = preview.wait_for_output(
            "content/themes/bridge.yaml:4: theme field 'confidence' 'medium' is not one of", after=seen)
        seen = preview.wait_for_output("the preview still shows the last good version", after=seen)
        seen = preview.wait_for_output("Reloading browsers", after=seen)
        assert preview.process.poll() is None, "the preview stopped"
        page = preview.page("themes/bridge/")
        assert "The agreement" in page and "The deal" not in page

        project.write("content/themes/bridge.yaml", theme.replace("heading: The agreement", "heading: The deal"),
                      dedent=False)
        preview.wait_for_output("Reloading browsers", after=seen)
        page = preview.page("themes/bridge/")
        assert "The deal" in page and "The agreement" not in page
        # The page carries the script that reloads it after each rebuild.
        assert "livereload" in page
        # Pages left out of the nav on purpose are not listed after every save.
        assert not any("not included in the \"nav\"" in line for line in preview.output)
    finally:
        preview.stop()


def test_preview_whose_first_build_fails_lists_the_problems_and_exits_1(project):
    theme = project.read("content/themes/bridge.yaml")
    project.write("content/themes/bridge.yaml", theme.replace("confidence: moderate", "confidence: medium"),
                  dedent=False)
    preview = Preview(project)
    try:
        assert preview.process.wait(timeout=60) == 1
        preview.reader.join(timeout=10)
        output = "".join(preview.output)
        assert "content/themes/bridge.yaml:4: theme field 'confidence' 'medium' is not one of" in output
        assert "The preview did not start" in output
        assert "Traceback" not in output
    finally:
        preview.stop()
