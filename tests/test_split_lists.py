"""A timeline, entity list or discrepancy list too long for one file is a folder of files (content/timeline/*.yaml),
read in name order as one list; every problem still names the file and line it is on (README, The content model)."""

from __future__ import annotations

import pytest

from builder.model import items as m
from builder.model import load
from builder.model import schema
from builder.model import yamlfile
from conftest import edit, make_project

TWO_EVENTS = """\
    events:
      - date: "2025-02"
        text: Ministers meet in Zenda [@example-talks#bridge-agreed].
      - date: "2025-02"
        text: Work starts [@example-talks#berg-two-years].
    """


def _split_timeline(project) -> None:
    """The fixture's timeline, with a second event, as a folder of two files."""
    (project.root / "content" / "timeline.yaml").unlink()
    project.write("content/timeline/01-first.yaml", """\
        events:
          - date: "2025-02"
            text: Ministers meet in Zenda [@example-talks#bridge-agreed].
        """)
    project.write("content/timeline/02-then.yaml", """\
        # the later events
        events:
          - date: "2025-02"
            text: Work starts [@example-talks#berg-two-years].
        """)


def test_a_timeline_folder_is_read_in_name_order_each_event_at_its_own_file_and_line(project):
    _split_timeline(project)
    assert project.problems() == []
    events = load.load(project.root).timeline.events
    assert [e.text.split(" [")[0] for e in events] == ["Ministers meet in Zenda", "Work starts"]
    assert [(e.loc.path, e.loc.line) for e in events] == [("content/timeline/01-first.yaml", 2),
                                                          ("content/timeline/02-then.yaml", 3)]


def test_a_problem_in_a_part_is_reported_at_that_part_and_line(project):
    _split_timeline(project)
    edit(project, "content/timeline/02-then.yaml", "@example-talks#berg-two-years", "@example-talks#berg-too-years")
    edit(project, "content/timeline/01-first.yaml", 'date: "2025-02"', 'date: "2025-13"')
    found = project.problems()
    assert any(p.startswith("content/timeline/02-then.yaml:4: citation to unknown claim 'berg-too-years'") for p in found), found
    assert any(p.startswith("content/timeline/01-first.yaml:2: timeline field 'events[1].date'") for p in found), found


def test_an_entity_given_in_two_parts_is_a_duplicate_named_at_both(project):
    (project.root / "content" / "entities").mkdir()
    (project.root / "content" / "entities.yaml").rename(project.root / "content" / "entities" / "a.yaml")
    project.write("content/entities/b.yaml", """\
        entities:
          - id: zenda
            name: Zenda again
            kind: place
            role: The same town, written twice.
        """)
    assert project.problems() == [
        "content/entities/b.yaml:2: duplicate entity id 'zenda' (first used at content/entities/a.yaml:11)"]


def test_both_the_file_and_the_folder_or_a_stray_file_in_the_folder_are_refused(project):
    project.write("content/timeline/02.yaml", TWO_EVENTS)
    project.write("content/timeline/notes.txt", "not a part")
    project.write("content/timeline/.hidden.yaml", "ignored: [")  # an editor's backup: left alone, as in sources/
    found = project.problems()
    assert "content/timeline.yaml: both timeline.yaml and the folder timeline/ hold the timeline: keep one " \
           "(move timeline.yaml into timeline/ (its files are read in name order, as one list))" in found
    assert "content/timeline/notes.txt: not a .yaml file: every file in timeline/ is a part of the timeline " \
           "(move it elsewhere)" in found
    assert len(found) == 2, found
    # Both are still read, the file first, so that the rest is checked as far as it can be.
    model, _ = load.load_partial(project.root)
    assert [e.loc.path for e in model.timeline.events] == ["content/timeline.yaml"] + ["content/timeline/02.yaml"] * 2


def test_an_unreadable_part_leaves_the_others_and_holds_back_what_depends_on_it(project):
    _split_timeline(project)
    project.write("content/timeline/02-then.yaml", "events: [\n")
    model, errors = load.load_partial(project.root)
    assert [str(e).split(":")[0] for e in errors] == ["content/timeline/02-then.yaml"]
    assert len(model.timeline.events) == 1 and "event:*" in model.unread


def test_a_list_file_over_the_size_limit_is_told_it_can_be_a_folder(project, monkeypatch):
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 50)
    found = project.problems()
    size = (project.root / "content/timeline.yaml").stat().st_size
    assert f"content/timeline.yaml: file is {size:,} bytes, over the limit of 50 (split it: move its entries into " \
           "several files of a new folder timeline/, each written as this one is (read in name order, as one list: " \
           "timeline/01.yaml, timeline/02.yaml...))" in found
    entities = next(p for p in found if p.startswith("content/entities.yaml"))
    assert "a new folder entities/" in entities
    source = next(p for p in found if p.startswith("content/sources/example-talks.yaml"))
    assert source.endswith("(shorten its texts)")  # one article, one file: nothing to split


def test_a_part_over_the_limit_is_told_to_give_entries_to_another_part(project, monkeypatch):
    _split_timeline(project)
    project.write("content/timeline/02-then.yaml", TWO_EVENTS * 1 + "".join(
        f'      - date: "2025-04"\n        text: Event {i} [@example-talks#bridge-agreed].\n' for i in range(10)))
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 400)
    assert [p for p in project.problems() if p.startswith("content/timeline/")] == [
        f"content/timeline/02-then.yaml: file is {(project.root / 'content/timeline/02-then.yaml').stat().st_size:,} "
        "bytes, over the limit of 400 (move some of its entries into another file of the folder timeline/ (its "
        "files are read in name order, as one list))"]


def test_a_list_file_of_too_many_values_is_told_it_can_be_a_folder(project, monkeypatch):
    monkeypatch.setattr(yamlfile, "MAX_NODES", 12)
    found = project.problems()
    assert any(p.startswith("content/entities.yaml:1: file has more than 12 values (split it: move its entries")
               for p in found), found


def test_only_lists_can_be_merged():
    with pytest.raises(TypeError, match="Briefing.title is not a list"):
        load.merge_parts(m.Briefing, [m.Briefing()], m.Loc("content/briefing", 0))
    for cls in load.SPLITTABLE.values():  # every field of these is a list: nothing is lost in merging
        assert load.merge_parts(cls, [cls(), None], m.Loc("x", 0)).unread == {f.name for f, _ in m.editable_fields(cls)}


def test_the_parts_have_the_schema_of_their_list():
    assert schema.kind_of("timeline/01.yaml").name == "timeline"
    assert schema.kind_of("entities/people.yaml").name == "entities"
    assert schema.kind_of("discrepancies/a.yaml").name == "discrepancies"
    assert schema.kind_of("timeline/more/01.yaml") is None


def test_the_language_server_reads_the_parts_as_the_check_does(project):
    from builder.editor.analysis import Project

    _split_timeline(project)
    analysis = Project(project.root)
    first = analysis.analyse()
    assert [d for found in first.diagnostics.values() for d in found if d.is_error] == []
    assert not any(path.startswith("content/timeline") for path in first.diagnostics)
    assert [e.loc.path for e in first.model.timeline.events] == ["content/timeline/01-first.yaml",
                                                                 "content/timeline/02-then.yaml"]
    assert analysis.list_files("timeline") == [str(project.root / "content/timeline" / name)
                                               for name in ("01-first.yaml", "02-then.yaml")]
    assert analysis.list_files("entities") == [str(project.root / "content/entities.yaml")]
    assert analysis.analyse().model.timeline is first.model.timeline  # nothing changed: the same merged item
    path = project.root / "content/timeline/02-then.yaml"
    text = path.read_text(encoding="utf-8").replace("berg-two-years", "berg-too-years")
    found = analysis.analyse({str(path): text}).diagnostics
    assert [(d.line, d.message.split(" of ")[0]) for d in found["content/timeline/02-then.yaml"]] == [
        (4, "citation to unknown claim 'berg-too-years'")]


def _files(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.mark.slow
def test_a_split_timeline_and_entity_list_build_the_same_site_as_one_file_each(tmp_path):
    whole, split = make_project(tmp_path / "whole"), make_project(tmp_path / "split")
    whole.write("content/timeline.yaml", TWO_EVENTS)
    _split_timeline(split)
    entities = split.read("content/entities.yaml")
    (split.root / "content" / "entities.yaml").unlink()
    cut = entities.index("  - id: zenda\n")
    split.write("content/entities/1.yaml", entities[:cut], dedent=False)
    split.write("content/entities/2.yaml", "entities:\n" + entities[cut:], dedent=False)
    assert load.load(split.root).timeline == load.load(whole.root).timeline  # the same values, at other places
    assert load.load(split.root).entities == load.load(whole.root).entities
    for project in (whole, split):
        result = project.briefing("build")
        assert result.returncode == 0, result.stderr
    built = _files(whole.root / "site")
    assert "Work starts" in built["timeline/index.html"].decode("utf-8")
    assert _files(split.root / "site") == built
