"""Severity is data: errors stop everything, warnings reach every build and fail a strict one, notes never fail.

A TODO left in any text, at any depth, is a warning. Warnings and notes are
printed by `briefing check`, `briefing build`, `mkdocs build` and both
previews; only `briefing check --strict` and a strict build (this repository's
mkdocs.yml sets `strict: true`) fail on warnings, and nothing fails on a note.
The conftest project has one note: its key judgement rests on a single source.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import yaml

from builder.checks import rules as checks
from builder.model import load
from conftest import REPO, edit, line_of
from support import Preview

SRC = "content/sources/example-talks.yaml"
THEME = "content/themes/bridge.yaml"
NOTE = ("content/briefing.yaml:8: note: key judgement 'bridge-planned' rests on a single source "
        "(the site says so under it; cite a second, independent source if there is one)")
TODO_HINT = "(replace the TODO text before publishing)"


def with_todo_in_summary(project) -> str:
    """A TODO in the middle of a source's summary; the warning it gives."""
    edit(project, SRC, "summary: Ministers met in Zenda and", "summary: Ministers met in Zenda (TODO when?) and")
    return f"{SRC}:9: warning: 'summary' still holds placeholder text (TODO) {TODO_HINT}"


def mkdocs(project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project.root, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def test_todo_anywhere_in_any_text_is_a_warning_at_its_line(project):
    edits = [  # (file, old, new, the field named in the warning, text on the warning's line)
        (SRC, "agreed to build a bridge.\nkey_points", "agreed, TODO, to build a bridge.\nkey_points",
         "summary", "agreed, TODO"),
        (SRC, 'says "on Monday";', 'says "on Monday" (TODO confirm);', "published.inferred", "(TODO confirm)"),
        (SRC, "kind: wire-copy", "kind: wire-copy\nreliability:\n  grade: C\n  reason: Wire copy. TODO say more.",
         "reliability.reason", "TODO say more"),
        (SRC, "  - A bridge is planned.", "  - A bridge is planned.\n  - TODO", "key_points[2]", "  - TODO"),
        (SRC, "text: Minister Anna Berg said the bridge", "text: Minister Anna Berg said (TODO) the bridge",
         "claims[2].text", "said (TODO)"),
        (THEME, "Officials estimate 5,000 workers [@example-talks#workers-5000].",
         "Officials estimate 5,000 workers [@example-talks#workers-5000].\n      TODO: the ministry's figure.",
         "sections[1].body", "TODO: the ministry"),
        (THEME, "- Whether work starts [@", "- Whether work starts, TODO, [@", "watch_next[1]", "starts, TODO"),
        ("content/timeline.yaml", "    text: Ministers meet",
         "    date_note: Month only. TODO\n    text: Ministers meet", "events[1].date_note", "Month only. TODO"),
        ("content/entities.yaml", "role: A town.", "role: A town (TODO).", "entities[3].role", "A town (TODO)"),
        ("content/discrepancies.yaml", "label: about 4,500", "label: about 4,500 TODO",
         "discrepancies[1].values[2].label", "about 4,500 TODO"),
        ("content/briefing.yaml", "confidence_reason: One source only.", "confidence_reason: One source; TODO.",
         "key_judgements[1].confidence_reason", "One source; TODO"),
    ]
    for relpath, old, new, _, _ in edits:
        edit(project, relpath, old, new)
    # In lower case it is a word, not a placeholder. (In the block text above, the warning names the
    # line of the TODO, not the line of `body: |`.)
    edit(project, THEME, "    body: |\n      The ministers agreed",
         "    body: |\n      The ministers, with no todo, agreed")
    found = [str(w) for w in checks.check(load.load(project.root)).warnings if w.severity == "warning"]
    expected = sorted(f"{relpath}:{line_of(project, relpath, needle)}: warning: '{name}' still holds placeholder "
                      f"text (TODO) {TODO_HINT}" for relpath, _, _, name, needle in edits)
    assert sorted(found) == expected


def test_check_prints_warnings_and_notes_and_fails_on_warnings_only_when_strict(project):
    clean = project.briefing("check", "--strict")
    assert clean.returncode == 0, clean.stderr  # a note never fails
    assert clean.stderr.splitlines() == [NOTE]
    assert clean.stdout.rstrip().endswith(" 1 note.")

    warning = with_todo_in_summary(project)
    result = project.briefing("check")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [NOTE, warning]
    assert result.stdout.rstrip().endswith(" 1 warning. 1 note.")
    strict = project.briefing("check", "--strict")
    assert strict.returncode == 1
    assert warning in strict.stderr.splitlines()
    assert strict.stdout.startswith("Failed (--strict refuses warnings): ")  # never "OK" with exit 1
    assert clean.stdout.startswith("OK: ")

    strict_json = project.briefing("check", "--strict", "--format", "json")
    assert strict_json.returncode == 1 and json.loads(strict_json.stdout)["ok"] is False

    data = json.loads(project.briefing("check", "--format", "json").stdout)
    assert data["ok"] is True and data["errors"] == []
    assert [(w["severity"], w["line"]) for w in data["warnings"]] == [("note", 8), ("warning", 9)]


def test_a_strict_briefing_build_fails_on_a_warning_and_prints_it(project):
    assert yaml.safe_load(project.read("mkdocs.yml"))["strict"] is True
    assert project.briefing("build").returncode == 0
    before = project.html("sources/example-talks/")
    warning = with_todo_in_summary(project)

    result = project.briefing("build")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert NOTE in lines and warning in lines
    assert "The site was not built; the previous site/ is unchanged." in lines
    assert ("Failed: strict mode refuses warnings (1 warning above). Fix them, or build anyway with "
            "`briefing build --no-strict` (or `strict: false` in mkdocs.yml).") in lines
    assert not any("Aborted with" in line for line in lines)  # MkDocs' own words, replaced by ours
    assert project.html("sources/example-talks/") == before

    relaxed = project.briefing("build", "--no-strict")
    assert relaxed.returncode == 0, relaxed.stderr
    assert warning in relaxed.stderr.splitlines()
    assert "TODO when?" in project.html("sources/example-talks/")


def test_a_strict_mkdocs_build_fails_on_a_warning_and_prints_it(project):
    warning = with_todo_in_summary(project)
    result = mkdocs(project, "build")
    assert result.returncode == 1
    assert f"WARNING -  {warning}" in result.stderr.splitlines()
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr


def test_notes_are_printed_by_every_build_and_never_fail_a_strict_one(project):
    built = project.briefing("build", "--strict")
    assert built.returncode == 0, built.stderr
    assert NOTE in built.stderr.splitlines()
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert f"INFO    -  {NOTE}" in result.stderr.splitlines()


def test_briefing_serve_prints_warnings_and_keeps_serving(project):
    warning = with_todo_in_summary(project)
    preview = Preview(project)
    try:
        seen = preview.wait_for_output(warning)
        seen = preview.wait_for_output(f"Serving on http://127.0.0.1:{preview.port}/", after=seen)
        assert "TODO when?" in preview.page("sources/example-talks/")
        assert any(NOTE in line for line in preview.output)

        edit(project, THEME, "heading: The agreement", "heading: The agreement (TODO)")
        seen = preview.wait_for_output(f"{THEME}:8: warning: 'sections[1].heading' still holds placeholder text",
                                       after=seen)
        preview.wait_for_output("Reloading browsers", after=seen)
        assert "The agreement (TODO)" in preview.page("themes/bridge/")
        assert preview.process.poll() is None, "the preview stopped"
    finally:
        preview.stop()


def test_mkdocs_serve_prints_warnings_and_serves(project):
    warning = with_todo_in_summary(project)
    preview = Preview(project, module="mkdocs")
    try:
        seen = preview.wait_for_output(warning)
        preview.wait_for_output(f"Serving on http://127.0.0.1:{preview.port}/", after=seen)
        assert "TODO when?" in preview.page("sources/example-talks/")
    finally:
        preview.stop()
