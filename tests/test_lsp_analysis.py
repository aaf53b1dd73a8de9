"""The language server's analysis and answers, in this process: what `briefing lsp` works out.

The server itself is run as a process in test_lsp.py; here each part is called directly, on the
small test project, so that every case is quick: the unsaved-buffer overlay of the loader, the
incremental analysis (same diagnostics as `briefing check`, only what changed read again), the
cursor's place in half-typed YAML, completion, hover, definition, references, rename, quick fixes
and the outline.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from builder.checks import rules
from builder.editor import actions, assist, complete
from builder.editor.analysis import Project, find_project, same_item
from builder.editor.outline import Outline, place
from builder.model import load, yamlfile
from builder.sources import quotes
from builder.model.diagnostics import Problems
from conftest import line_of

THEME = "content/themes/bridge.yaml"
SOURCE = "content/sources/example-talks.yaml"


def _path(project, relpath: str) -> str:
    return os.path.realpath(project.root / relpath)


def _check_output(root: Path) -> list[str]:
    """What `briefing check` reports: every error and warning (and note), as it prints them."""
    try:
        checked = rules.check(load.load(root))
    except Problems as problems:
        return sorted(str(d) for d in problems.errors + problems.warnings)
    return sorted(str(d) for d in checked.warnings)


def _all(snapshot) -> list[str]:
    return sorted(str(d) for found in snapshot.diagnostics.values() for d in found)


def _at(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """The line and column (from 0) of `needle` in a text, plus `offset` characters."""
    for number, line in enumerate(text.split("\n")):
        if needle in line:
            return number, line.index(needle) + offset
    raise AssertionError(f"{needle!r} not in the text")


# -- the loader reads unsaved buffers --------------------------------------------------------------

def test_the_loader_reads_an_unsaved_buffer_in_place_of_the_file_and_its_lines(project):
    path = project.root / THEME
    changed = project.read(THEME).replace("[@example-talks#workers-5000]", "[@example-talks#workers-9]")
    with yamlfile.unsaved_buffers({str(path): changed}):
        with pytest.raises(Problems) as found:
            rules.check(load.load(project.root))
    assert [str(e) for e in found.value.errors] == [
        f"{THEME}:{line_of(project, THEME, 'Officials estimate')}: citation to unknown claim 'workers-9' of source "
        "'example-talks' (did you mean 'workers-5000'?)"]
    assert project.problems() == []  # outside the block, the file on disk again


def test_an_unsaved_buffer_of_a_file_not_on_disk_yet_loads_and_an_alias_in_it_is_placed(project):
    new = project.root / "content/themes/new-one.yaml"
    with yamlfile.unsaved_buffers({str(new): "title: &t New\nbottom_line: *t\n"}):
        errors = []
        node, text = yamlfile.read_yaml_text(new, "new-one.yaml", errors)
        assert node is not None and not errors
        assert not yamlfile.check_no_aliases(node, "new-one.yaml", errors, text=lambda: new.read_text(), source=text)
    assert errors[0].line == 2 and "*t" in errors[0].message


# -- the analysis: the same diagnostics as `briefing check`, only what changed read again ---------

def test_the_analysis_loads_the_model_load_loads_and_finds_what_briefing_check_finds(project):
    analysis = Project(project.root)
    snapshot = analysis.analyse({})
    model = load.load(project.root)
    assert list(snapshot.model.sources) == list(model.sources) and list(snapshot.model.themes) == list(model.themes)
    for name in ("briefing", "timeline", "entities", "discrepancies"):
        assert same_item(getattr(snapshot.model, name), getattr(model, name)), name
    assert all(same_item(snapshot.model.sources[k], model.sources[k]) for k in model.sources)
    assert _all(snapshot) == _check_output(project.root)  # a note: one key judgement rests on a single source

    project.write(THEME, project.read(THEME).replace("[@example-talks#berg-two-years]", "[@exmple-talks]"), dedent=False)
    project.write("content/entities.yaml", project.read("content/entities.yaml").replace("id: zenda\n", "id: zendaa\n"),
                  dedent=False)
    snapshot = analysis.analyse({})
    assert _all(snapshot) == _check_output(project.root) and len(_all(snapshot)) == 2
    assert set(snapshot.reloaded) == {THEME, "content/entities.yaml"}


def test_a_keystroke_reads_one_buffer_and_verifies_no_quote_again_unless_its_source_changed(project, monkeypatch):
    analysis = Project(project.root)
    analysis.analyse({})
    verified = []
    real_verify = quotes.verify
    monkeypatch.setattr(quotes, "verify", lambda model, **kw: verified.append(list(model.sources)) or real_verify(model, **kw))
    theme = _path(project, THEME)
    snapshot = analysis.analyse({theme: project.read(THEME).replace("The bridge", "The new bridge")})
    assert snapshot.reloaded == (THEME,) and snapshot.rules_run and verified == []  # no source changed
    comment = analysis.analyse({theme: project.read(THEME).replace("The bridge", "The new bridge") + "# a note\n"})
    assert comment.reloaded == (THEME,) and not comment.rules_run  # the same item, at the same lines: nothing to redo
    assert comment.model.sources["example-talks"] is snapshot.model.sources["example-talks"]
    source = _path(project, SOURCE)
    analysis.analyse({source: project.read(SOURCE).replace("Ministers met", "The ministers met")})
    assert verified == [["example-talks"]]


def test_renaming_a_claim_in_an_unsaved_source_marks_the_files_that_cite_it_and_undoing_it_clears_them(project):
    analysis = Project(project.root)
    source = _path(project, SOURCE)
    renamed = project.read(SOURCE).replace("id: workers-5000", "id: workers-five-thousand")
    snapshot = analysis.analyse({source: renamed})
    assert set(snapshot.diagnostics) >= {THEME, "content/discrepancies.yaml"}
    assert any("unknown claim 'workers-5000'" in d.message for d in snapshot.diagnostics[THEME])
    assert all(not d.is_error for d in analysis.analyse({source: project.read(SOURCE)}).diagnostics.get(THEME, []))


def test_the_lock_written_or_an_archived_text_changed_outside_the_editor_is_seen_without_an_edit(project):
    from conftest import write_lock

    analysis = Project(project.root)
    source = _path(project, SOURCE)
    shorter = project.read(SOURCE).replace("will be needed - more than ever before.", "will be needed")
    locked = analysis.analyse({source: shorter})
    assert [d.message for d in locked.diagnostics["content/quotes.lock"]] == [
        "1 quote changed ('example-talks#workers-5000') since the lock was written"]
    project.write(SOURCE, shorter, dedent=False)
    write_lock(project.root)  # `briefing lock`, run in a terminal
    assert "content/quotes.lock" not in analysis.analyse({source: shorter}).diagnostics
    article = project.root / "archive/article.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("5,000 workers", "6,000 workers"), encoding="utf-8")
    assert any("is not in the archived text" in d.message
               for d in analysis.analyse({source: shorter}).diagnostics[SOURCE])


@pytest.mark.parametrize("typed", [
    "claims:\n  - id: [\n",                     # an open bracket
    "title: \"unclosed\nclaims:\n",              # an open quote
    "\t- id: x\n",                               # a tab
    "claims: [{\n",                              # an open flow mapping
    "- - - -\n",                                 # a list where a mapping is
    "",                                          # everything deleted
    "title: &a x\noutlet: *a\n",                 # an alias
    "\x00\x01",                                  # control characters
])
def test_half_typed_yaml_is_one_problem_in_its_own_file_and_the_rest_is_checked_with_its_last_version(project, typed):
    analysis = Project(project.root)
    before = analysis.analyse({})
    source = _path(project, SOURCE)
    snapshot = analysis.analyse({source: typed})
    assert snapshot.broken == frozenset({SOURCE})
    assert 1 <= len(snapshot.diagnostics[SOURCE]) <= 2
    others = {path: found for path, found in snapshot.diagnostics.items() if path != SOURCE}
    assert others == {path: found for path, found in before.diagnostics.items() if path != SOURCE}  # no flood
    assert analysis.analyse({source: project.read(SOURCE)}).diagnostics == before.diagnostics


def test_a_new_file_only_in_a_buffer_is_checked_and_the_project_is_found_from_any_file_in_it(project):
    assert find_project(project.root / THEME) == project.root
    assert find_project(project.root.parent) is None
    analysis = Project(project.root)
    new = _path(project, "content/themes/second.yaml")
    text = project.read(THEME).replace("[@example-talks#bridge-agreed]", "[@example-talks#nothing]")
    snapshot = analysis.analyse({new: text})
    assert "second" in snapshot.model.themes
    assert any("unknown claim 'nothing'" in d.message for d in snapshot.diagnostics["content/themes/second.yaml"])


def test_a_diagnostic_marks_the_value_it_names_on_its_line():
    from builder.model.diagnostics import Diagnostic

    line = "    text: Ministers meet [@example-talks#bridge-agred; @other]."
    found = Diagnostic("t.yaml", 3, "citation to unknown claim 'bridge-agred' of source 'example-talks'")
    assert line[slice(*assist.span_of(found, line))] == "example-talks#bridge-agred"
    found = Diagnostic("t.yaml", 3, "citation to unknown source 'other'")
    assert line[slice(*assist.span_of(found, line))] == "other"
    found = Diagnostic("t.yaml", 3, "'text' cites no source")
    assert line[slice(*assist.span_of(found, line))] == "text"  # the field it names
    found = Diagnostic("t.yaml", 3, "a partial or unknown publication date needs 'inferred'")
    assert line[slice(*assist.span_of(found, line))] == line.strip()  # nothing on the line named: its text


# -- where the cursor is, in half-typed YAML ------------------------------------------------------

CLAIMS = """\
title: x
published:
  date: 2025
  inf
claims:
- id: a
  type: rep
  about: [zenda-officer, zen-
  text: >-
    The article says

  
- 
sections:
  - heading: x
    body: |
      As [@exa
key_points:
- >-
  A point
"""


@pytest.mark.parametrize("needle, offset, path, on_key, word", [
    ("title", 2, (), True, "ti"),
    ("title: x", 8, ("title",), False, "x"),
    ("  inf", 5, ("published",), True, "inf"),
    ("  type: rep", 11, ("claims", "type"), False, "rep"),
    ("  about: [", 29, ("claims", "about"), False, "zen-"),
    ("The article says", 16, ("claims", "text"), False, "says"),
    ("As [@exa", 8, ("sections", "body"), False, "@exa"),
    ("A point", 7, ("key_points",), False, "point"),
])
def test_the_field_at_the_cursor_is_found_from_indentation_in_yaml_that_does_not_parse(needle, offset, path, on_key, word):
    outline = Outline(CLAIMS)
    line, column = _at(CLAIMS, needle, offset)
    found = place(outline, line, column)
    assert (found.path, found.on_key, found.word) == (path, on_key, word)


def test_a_blank_line_in_a_claim_takes_a_field_of_the_claim_and_a_dash_starts_a_new_one():
    outline = Outline(CLAIMS)
    blank = CLAIMS.split("\n").index("  ")
    assert place(outline, blank, 2).path == ("claims",) and place(outline, blank, 2).on_key
    assert place(outline, blank - 1, 4).path == ("claims", "text")  # deeper: still the text
    dash = CLAIMS.split("\n").index("- ")
    assert place(outline, dash, 2).path == ("claims",) and place(outline, dash, 2).on_key
    assert [f.key for f in outline.fields(6, 2)] == ["id", "type", "about", "text"]


# -- completion ------------------------------------------------------------------------------------

def _complete(project, relpath: str, text: str, needle: str, offset: int):
    analysis = Project(project.root)
    path = _path(project, relpath)
    snapshot = analysis.analyse({path: text})
    docs = assist.Docs(analysis, {path: text})
    line, column = _at(text, needle, offset)
    return complete.completions(docs, snapshot, path, line, column)


def _labels(found) -> list[str]:
    return [item.label for item in found.items]


def test_a_citation_completes_source_ids_then_that_sources_claims_with_their_texts(project):
    text = project.read(THEME).replace("Officials estimate 5,000 workers", "Officials estimate [@ex")
    found = _complete(project, THEME, text, "[@ex", 4)
    assert _labels(found) == ["example-talks"] and "Example Wire" in found.items[0].detail
    edit = found.items[0].text_edit
    assert (edit.range.start.character, edit.range.end.character, edit.new_text) == (_at(text, "[@ex")[1] + 2,
                                                                                     _at(text, "[@ex")[1] + 4, "example-talks")
    text = text.replace("[@ex", "[@example-talks#wor")
    found = _complete(project, THEME, text, "#wor", 4)
    assert _labels(found) == ["bridge-agreed", "berg-two-years", "workers-5000"]
    assert found.items[2].detail.startswith("Officials in Zenda estimate")
    text = text.replace("[@example-talks#wor", "[@example-talks#bridge-agreed; @example-talks#")
    assert len(_complete(project, THEME, text, "; @example-talks#", 17).items) == 3


@pytest.mark.parametrize("old, new, needle, offset, expected", [
    ("about: [ruritania, zenda]", "about: [ruritania, ze", "ruritania, ze", 13, ["anna-berg", "ruritania", "zenda",
                                                                                  "zenda-officials"]),
    ("by: anna-berg", "by: ", "by: ", 4, ["anna-berg", "ruritania", "zenda", "zenda-officials"]),
    ("type: statement", "type: sta", "type: sta", 9, ["reported", "statement", "assessment", "opinion"]),
])
def test_a_field_that_names_an_item_or_has_fixed_values_completes_them(project, old, new, needle, offset, expected):
    text = project.read(SOURCE).replace(old, new, 1)
    assert _labels(_complete(project, SOURCE, text, needle, offset)) == expected


def test_field_names_are_those_of_the_item_at_the_cursor_not_yet_written_with_their_help(project):
    text = project.read(SOURCE).replace("    about: [ruritania, zenda]\n", "    about: [ruritania, zenda]\n    cre\n", 1)
    found = _complete(project, SOURCE, text, "    cre", 7)
    assert "credibility" in _labels(found) and "about" not in _labels(found) and "quote" not in _labels(found)
    item = next(i for i in found.items if i.label == "credibility")
    assert "2-6" in item.documentation and item.text_edit.new_text == "credibility: "
    grades = _complete(project, SOURCE, text.replace("    cre\n", "    credibility: \n"), "credibility: ", 13)
    assert _labels(grades) == ["2", "3", "4", "5", "6"] and grades.items[0].detail == "probably true"
    likely = _complete(project, THEME, project.read(THEME).replace("likelihood: likely", "likelihood: rough"),
                       "likelihood: rough", 17)
    assert "roughly even chance" in _labels(likely)


def _completed(text: str, item) -> str:
    """The line of `text` an item's edits are made on, after them (the edits of one line, from its end)."""
    line = text.split("\n")[item.text_edit.range.start.line]
    for edit in sorted([item.text_edit, *(item.additional_text_edits or [])], key=lambda e: -e.range.start.character):
        line = line[:edit.range.start.character] + edit.new_text + line[edit.range.end.character:]
    return line


def test_a_quote_completes_with_the_rest_of_each_sentence_of_the_archived_text_that_holds_what_is_typed(project):
    worded = "Officials in Zenda estimate that 5,000 workers will be needed - more than ever before."
    text = project.read(SOURCE).replace(f"quote: {worded}", 'quote: "estimate that 5,000')
    found = _complete(project, SOURCE, text, 'quote: "estimate that 5,000', 27)
    assert found.is_incomplete and len(found.items) == 1
    item = found.items[0]
    assert item.label == "Officials in Zenda estimate that 5,000 workers will be needed \u2014 more than ever before."
    line = _completed(text, item)  # only the word at the cursor replaced, as every editor does it
    assert line == '    quote: "estimate that 5,000 workers will be needed \u2014 more than ever before."'
    archived = quotes.normalise((project.root / "archive/article.txt").read_text(encoding="utf-8"))
    assert quotes.find_quote(archived, json.loads(line.split(": ", 1)[1]))

    plain = text.replace('quote: "estimate that 5,000', "quote: Officials in Zen")
    (item,) = _complete(project, SOURCE, plain, "quote: Officials in Zen", 23).items
    assert _completed(plain, item) == "    quote: " + worded.replace(" - ", " \u2014 ")

    empty = text.replace('"estimate that 5,000', '"')
    analysis = Project(project.root)
    path = _path(project, SOURCE)
    every = complete.completions(assist.Docs(analysis, {path: empty}), analysis.analyse({path: empty}), path,
                                 empty.split("\n").index('    quote: "'), 12)
    assert len(every.items) == 5  # the headline and every sentence of the article; not the two words 'Share: Facebook'
    assert _completed(empty, every.items[1]) == ('    quote: "The foreign ministers of Ruritania and Freedonia met in '
                                                'Zenda on Monday, agreeing to build a bridge."')

    cut = text.replace('"\\"We will finish the bridge in two years,\\" said Minister Anna Berg."', '"\\"We will')
    (item,) = _complete(project, SOURCE, cut, 'quote: "\\"We will', 17).items  # typed in a double-quoted value
    assert _completed(cut, item) == ('    quote: "\\"We will finish the bridge in two years,\u201d said Minister '
                                     'Anna Berg."')
    assert complete.sentences("Mr. Berg met the U.S. envoy. They talked at length.\nA new line here.") == [
        "Mr. Berg met the U.S. envoy.", "They talked at length.", "A new line here."]


# -- hover, definition, references, rename --------------------------------------------------------

def _docs(project, buffers=None):
    analysis = Project(project.root)
    return analysis, analysis.analyse(buffers or {}), assist.Docs(analysis, buffers or {})


def test_hover_on_a_citation_shows_the_claim_its_quote_and_the_sources_title_outlet_date_and_grade(project):
    _, snapshot, docs = _docs(project)
    text = project.read(THEME)
    target = assist.target_at(docs, _path(project, THEME), *_at(text, "#workers-5000", 3))
    shown = assist.hover_text(snapshot, target)
    for part in ("Officials in Zenda estimate that 5,000 workers will be needed.", "> Officials in Zenda estimate",
                 "*Example Talks Make Progress*", "Example Wire", "February 2025", "grade F6",
                 "by zenda-officials", "Cited by: The bridge (theme); Discrepancies"):
        assert part in shown, part
    source = assist.target_at(docs, _path(project, THEME), *_at(text, "@example-talks#workers", 3))
    assert source.kind == "source" and "3 claims; archived text: article.txt" in assist.hover_text(snapshot, source)


def test_hover_on_an_entity_id_shows_its_name_and_where_it_is_mentioned(project):
    _, snapshot, docs = _docs(project)
    text = project.read(SOURCE)
    shown = assist.hover_text(snapshot, assist.target_at(docs, _path(project, SOURCE), *_at(text, "by: anna-berg", 6)))
    assert "**Anna Berg** (also: Minister Berg) — person" in shown and "A minister of Ruritania." in shown
    assert "Makes 1 claim: example-talks#berg-two-years" in shown and "Named in no text." in shown
    shown = assist.hover_text(snapshot, assist.target_at(docs, _path(project, SOURCE), *_at(text, "zenda]", 1)))
    assert "Subject of 1 claim: example-talks#bridge-agreed" in shown
    assert f"Named in 3 texts: content/sources/example-talks.yaml:{line_of(project, SOURCE, 'summary:')}, " \
           f"content/themes/bridge.yaml:{line_of(project, THEME, 'agreed in Zenda')}, content/timeline.yaml:3" in shown


def test_definition_of_a_citation_is_the_claims_id_line_and_of_an_entity_its_entry(project):
    _, _, docs = _docs(project)
    text = project.read(THEME)
    found = assist.definition(docs, assist.target_at(docs, _path(project, THEME), *_at(text, "#bridge-agreed", 2)))
    assert found.uri == (project.root / SOURCE).resolve().as_uri()
    assert found.range.start.line == line_of(project, SOURCE, "id: bridge-agreed") - 1
    about = assist.target_at(docs, _path(project, SOURCE), *_at(project.read(SOURCE), "zenda]", 1))
    entity = assist.definition(docs, about)
    assert project.read("content/entities.yaml").split("\n")[entity.range.start.line] == "  - id: zenda"


def test_references_of_a_claim_are_every_citation_and_corroboration_of_it_from_its_id_or_a_citation(project):
    _, _, docs = _docs(project)
    target = assist.target_at(docs, _path(project, SOURCE), *_at(project.read(SOURCE), "id: workers-5000", 5))
    assert target.kind == "claim" and target.declared
    found = {(Path(r.uri).name, r.range.start.line) for r in assist.references(docs, target)}
    assert found == {("example-talks.yaml", line_of(project, SOURCE, "id: workers-5000") - 1),
                     ("bridge.yaml", line_of(project, THEME, "Officials estimate") - 1),
                     ("discrepancies.yaml", line_of(project, "content/discrepancies.yaml", "Officials estimate") - 1),
                     ("discrepancies.yaml", line_of(project, "content/discrepancies.yaml", "A lower reading") - 1)}
    without = assist.references(docs, target, include_declaration=False)
    assert len(without) == 3


def _apply(project, edit) -> None:
    """Apply a WorkspaceEdit to the files on disk, as an editor would to its buffers."""
    for change in edit.document_changes:
        if hasattr(change, "edits"):
            path = Path(change.text_document.uri.removeprefix("file://"))
            lines = path.read_text(encoding="utf-8").split("\n")
            for text_edit in sorted(change.edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
                start, end = text_edit.range.start, text_edit.range.end
                head = "\n".join(lines[:start.line] + [lines[start.line][:start.character]])
                tail = "\n".join([lines[end.line][end.character:]] + lines[end.line + 1:]) if end.line < len(lines) else ""
                lines = (head + text_edit.new_text + tail).split("\n")
            path.write_text("\n".join(lines), encoding="utf-8")
        else:
            os.replace(change.old_uri.removeprefix("file://"), change.new_uri.removeprefix("file://"))


def test_renaming_a_claim_edits_every_citation_its_id_and_the_lock_and_the_briefing_still_checks(project):
    analysis, snapshot, docs = _docs(project)
    target = assist.target_at(docs, _path(project, THEME), *_at(project.read(THEME), "#workers-5000", 4))
    edit = assist.rename(docs, snapshot, target, "workers-needed", {})
    _apply(project, edit)
    assert project.problems() == []
    assert "id: workers-needed" in project.read(SOURCE) and "workers-5000" not in project.read(THEME)
    assert '"example-talks#workers-needed"' in project.read("content/quotes.lock")
    for bad, why in (("Not-an-id", "is not a valid id"), ("bridge-agreed", "already has a claim")):
        with pytest.raises(assist.RenameRefused, match=why):
            assist.rename(docs, Project(project.root).analyse({}), target, bad, {})


def test_renaming_a_source_renames_its_file_and_every_key_of_it(project):
    analysis, snapshot, docs = _docs(project)
    target = assist.target_at(docs, _path(project, THEME), *_at(project.read(THEME), "@example-talks#bridge", 3))
    assert assist.prepare_rename(target)[3] == "example-talks"
    _apply(project, assist.rename(docs, snapshot, target, "zenda-talks", {}))
    assert not (project.root / SOURCE).exists() and project.problems() == []
    assert "[@zenda-talks#bridge-agreed]" in project.read("content/timeline.yaml")
    with pytest.raises(assist.RenameRefused, match="cannot do"):
        assist.rename(docs, snapshot, target, "other-name", {}, rename_files=False)


# -- quick fixes ----------------------------------------------------------------------------------

def _actions(project, relpath: str, text: str, needle: str):
    analysis = Project(project.root)
    path = _path(project, relpath)
    snapshot = analysis.analyse({path: text})
    line = _at(text, needle)[0]
    return assist.Docs(analysis, {path: text}), actions.code_actions(assist.Docs(analysis, {path: text}), snapshot,
                                                                     path, line, line)


def test_a_misquote_is_replaced_with_the_closest_passage_of_the_archived_text(project):
    text = project.read(SOURCE).replace("quote: Officials in Zenda estimate that 5,000 workers will be needed",
                                        "quote: Officials in Zenda estimate 5000 workers are needed")
    _, found = _actions(project, SOURCE, text, "quote: Officials in Zenda estimate 5000")
    (fix,) = found
    assert fix.title.startswith("Replace the quote with the closest passage")
    (edit,) = fix.edit.changes[(project.root / SOURCE).resolve().as_uri()]
    project.write(SOURCE, text.replace(text.split("\n")[edit.range.start.line][edit.range.start.character:],
                                       edit.new_text), dedent=False)
    assert project.problems() == []


def test_an_unknown_entity_is_added_to_entities_yaml_and_a_misspelt_one_corrected(project):
    text = project.read(SOURCE).replace("about: [ruritania, zenda]", "about: [ruritania, zenda, strelsau, zendaa]")
    _, found = _actions(project, SOURCE, text, "strelsau")
    titles = [a.title for a in found]
    assert "Add the entity 'strelsau' to entities.yaml" in titles and "Change 'zendaa' to 'zenda'" in titles
    add = next(a for a in found if "strelsau" in a.title)
    _apply(project, add.edit)
    entities = project.read("content/entities.yaml")
    assert entities.rstrip().endswith("  - id: strelsau\n    name: Strelsau\n    kind: person\n"
                                      "    role: \"TODO: who or what it is, as of the sources (and its kind: person, "
                                      "organisation, place or group)\"")
    assert "strelsau" in {e.id for e in load.load(project.root).entities.entities}


def test_a_citation_of_an_unknown_source_offers_to_create_its_file_from_the_archived_text_of_that_name(project):
    (project.root / "archive" / "harbour-deal.txt").write_text("Harbour Deal Questioned\nThe ministry now says that "
                                                               "7,500 workers will be needed for the bridge.\n")
    text = project.read(THEME).replace("[@example-talks#workers-5000]", "[@harbour-deal]")
    _, found = _actions(project, THEME, text, "[@harbour-deal]")
    (create,) = [a for a in found if a.title.startswith("Create")]
    created, written = create.edit.document_changes
    assert created.uri.endswith("/content/sources/harbour-deal.yaml")
    skeleton = written.edits[0].new_text
    assert 'title: Harbour Deal Questioned' in skeleton and "archive: harbour-deal.txt" in skeleton
    assert "quote: The ministry now says that 7,500 workers will be needed for the bridge.\n" in skeleton
    _, found = _actions(project, THEME, text.replace("[@harbour-deal]", "[@no-text-yet]"), "[@no-text-yet]")
    (create,) = [a for a in found if a.title.startswith("Create")]
    project.write("content/sources/no-text-yet.yaml", create.edit.document_changes[1].edits[0].new_text, dedent=False)
    project.write(THEME, text.replace("[@harbour-deal]", "[@no-text-yet]"), dedent=False)
    assert project.problems() == [  # it loads, the citation is good, and the one error says what to do
        f"content/sources/no-text-yet.yaml:{line_of(project, 'content/sources/no-text-yet.yaml', 'archive: ')}: "
        "archived text not found: archive/no-text-yet.txt (check the file name, "
        "or add the text with `briefing new source`)"]


# -- the outline -----------------------------------------------------------------------------------

def test_the_outline_of_a_source_lists_its_fields_and_its_claims_by_id_with_their_text(project):
    _, _, docs = _docs(project)
    found = assist.symbols(docs, _path(project, SOURCE))
    assert [s.name for s in found][:3] == ["title", "outlet", "author"]
    claims = next(s for s in found if s.name == "claims")
    assert [c.name for c in claims.children] == ["bridge-agreed", "berg-two-years", "workers-5000"]
    assert claims.children[2].detail.startswith("Officials in Zenda estimate")
    assert claims.children[2].range.start.line == line_of(project, SOURCE, "id: workers-5000") - 1
    theme = assist.symbols(docs, _path(project, THEME))
    assert [c.name for c in next(s for s in theme if s.name == "sections").children] == ["The agreement"]
    assert re.match(r"^\w", theme[0].detail)
