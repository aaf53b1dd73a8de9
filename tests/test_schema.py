"""The JSON Schemas editors get: generated from the model, committed in sync, and agreeing with the loader."""

from __future__ import annotations

import dataclasses
import json
import typing
from pathlib import Path
from typing import Literal

import jsonschema
import pytest
import yaml

from builder.checks import rules as checks
from builder.editor import cli
from builder.model import load
from builder.model import items as m
from builder.model import schema

from conftest import FILES, REPO


class _EditorLoader(yaml.SafeLoader):
    """YAML as the YAML language server reads it (1.2): dates stay text."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def editor_data(text: str):
    return yaml.load(text, Loader=_EditorLoader)


def validator(kind_name: str) -> jsonschema.Draft202012Validator:
    kind = next(k for k in schema.KINDS if k.name == kind_name)
    generated = schema.generate(kind)
    jsonschema.Draft202012Validator.check_schema(generated)
    return jsonschema.Draft202012Validator(generated)


def loader_accepts(relpath: str, text: str, tmp_path: Path) -> bool:
    """Whether the real loader reads `text` as the file `relpath` (content/...) without error."""
    path = tmp_path / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    kind = schema.kind_of(str(Path(relpath).relative_to("content")))
    errors = []
    item = load._load_item(path, tmp_path, kind.cls, kind.name, errors,
                           file_id=path.stem if kind.cls in (m.Source, m.Theme) else None)
    return item is not None and not errors


def builder_accepts(text: str, tmp_path: Path) -> bool:
    """Whether a source file passes the loader and then the checks that need no other file."""
    if not loader_accepts("content/sources/s.yaml", text, tmp_path):
        return False
    errors = []
    source = load._load_item(tmp_path / "content/sources/s.yaml", tmp_path, m.Source, "source", errors,
                             file_id="s")
    model = m.Model(briefing=m.Briefing(), sources={"s": source}, themes={}, timeline=m.Timeline(),
                    entities=m.Entities(), discrepancies=m.Discrepancies(), project_dir=str(tmp_path),
                    content_dir=str(tmp_path / "content"))
    return not checks.Checker(model).run()


# -- the committed files ------------------------------------------------

def test_committed_schemas_equal_freshly_generated_ones():
    folder = REPO / schema.SCHEMA_DIR
    on_disk = sorted(p.name for p in folder.glob("*.schema.json"))
    assert on_disk == sorted(k.filename for k in schema.KINDS), "run `briefing schema`"
    for kind in schema.KINDS:
        assert (folder / kind.filename).read_text(encoding="utf-8") == schema.render(kind), \
            f"schemas/{kind.filename} is out of date: run `briefing schema`"


def test_every_schema_is_a_valid_draft_2020_12_schema():
    for kind in schema.KINDS:
        generated = json.loads((REPO / schema.SCHEMA_DIR / kind.filename).read_text(encoding="utf-8"))
        assert generated["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(generated)


def test_schema_check_command_reports_a_stale_schema(tmp_path, capsys):
    assert cli.main(["--project", str(tmp_path), "schema"]) == 0
    assert cli.main(["--project", str(tmp_path), "schema", "--check"]) == 0
    stale = tmp_path / "schemas" / "theme.schema.json"
    stale.write_text(stale.read_text().replace("The theme's title.", "Old help."), encoding="utf-8")
    assert cli.main(["--project", str(tmp_path), "schema", "--check"]) == 1
    assert "schemas/theme.schema.json: out of date" in capsys.readouterr().err
    assert cli.main(["--project", str(tmp_path), "schema"]) == 0
    assert schema.stale(tmp_path) == []


# -- generated from the model -------------------------------------------

def _nested_classes(cls: type) -> set[type]:
    """The dataclasses a class's fields hold, directly or in a list or Optional."""
    found = set()
    for hint in typing.get_type_hints(cls).values():
        for arg in (*typing.get_args(hint), hint):
            if dataclasses.is_dataclass(arg) and arg not in (m.Loc, m.PartialDate):
                found.add(arg)
    return found


def test_every_editable_field_of_the_model_is_in_the_schema_with_its_help():
    for kind in schema.KINDS:
        generated = schema.generate(kind)
        objects = {kind.cls.__name__: generated, **generated.get("$defs", {})}
        seen, stack = set(), [kind.cls]
        while stack:
            cls = stack.pop()
            seen.add(cls)
            obj = objects[cls.__name__]
            editable = [f for f, _ in m.editable_fields(cls)]
            assert list(obj["properties"]) == [f.name for f in editable]
            assert obj["additionalProperties"] is False
            assert obj.get("required", []) == [f.name for f in editable if f.metadata.get("required")]
            for f in editable:
                assert obj["properties"][f.name]["description"] == f.metadata["help"]
            stack.extend(_nested_classes(cls) - seen)
        assert {c.__name__ for c in seen} == set(objects)


# Test-only model classes, at module level so their string annotations resolve.
@dataclasses.dataclass(frozen=True)
class _Inner(m.Item):
    name: str = dataclasses.field(default="", metadata={"help": "A name.", "required": True})


@dataclasses.dataclass(frozen=True)
class _Sample(m.Item):
    id: m.Slug = dataclasses.field(default="", metadata={"internal": True})
    slug: m.Slug = dataclasses.field(default="", metadata={"help": "An id.", "required": True})
    colour: Literal["red", "blue"] = dataclasses.field(default="red", metadata={"help": "A colour."})
    when: m.PartialDate | None = dataclasses.field(default=None, metadata={"help": "A date.", "unknown_ok": True})
    strict_when: m.PartialDate = dataclasses.field(default=None, metadata={"help": "Another date."})
    score: int | None = dataclasses.field(default=None, metadata={"help": "1-3.", "minimum": 1, "maximum": 3})
    weight: float = dataclasses.field(default=0.0, metadata={"help": "A number."})
    cites: tuple[m.CiteKey, ...] = dataclasses.field(default=(), metadata={"help": "Keys."})
    inner: _Inner = dataclasses.field(default_factory=_Inner, metadata={"help": "Nested."})


def test_generator_maps_each_field_type_to_its_json_schema():
    gen = schema._Generator()
    s = gen.object_schema(_Sample)
    v = jsonschema.Draft202012Validator({**s, "$defs": gen.defs})
    assert "id" not in s["properties"] and "loc" not in s["properties"] and "lines" not in s["properties"]
    assert s["required"] == ["slug"]
    good = {"slug": "a-b", "colour": "blue", "when": "unknown", "strict_when": "2025-07", "score": 3,
            "weight": 1.5, "cites": ["src#claim-1"], "inner": {"name": "x"}}
    assert not list(v.iter_errors(good))
    for bad in ({"slug": "A_B"}, {"slug": "index"}, {"slug": "x" * 65}, {"colour": "green"},
                {"strict_when": "unknown"}, {"when": "July 2025"}, {"score": 4}, {"score": "2"},
                {"weight": "heavy"}, {"cites": ["src"]}, {"inner": {"name": "x", "extra": 1}},
                {"inner": {}}, {"surprise": 1}):
        assert list(v.iter_errors({**good, **bad})), f"{bad} should not validate"
    assert not list(v.iter_errors({**good, "when": None, "score": None, "strict_when": 2025}))


# -- real files validate, broken ones do not ------------------------------

def real_content_files():
    content = REPO / "content"
    for kind in schema.KINDS:
        for path in sorted(content.glob(kind.glob)):
            yield pytest.param(kind.name, path, id=str(path.relative_to(REPO)))


@pytest.mark.parametrize("kind_name, path", list(real_content_files()))
def test_real_content_file_validates_against_its_schema(kind_name, path):
    errors = sorted(validator(kind_name).iter_errors(editor_data(path.read_text(encoding="utf-8"))), key=str)
    assert not errors, "\n".join(f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors)


def test_the_real_briefing_has_content_files_to_validate():
    assert len(list(real_content_files())) >= 5


@pytest.mark.parametrize("relpath", sorted(FILES))
def test_every_kind_of_example_file_validates_and_loads(relpath, tmp_path):
    import textwrap

    text = textwrap.dedent(FILES[relpath])
    kind = schema.kind_of(str(Path(relpath).relative_to("content")))
    assert not list(validator(kind.name).iter_errors(editor_data(text)))
    assert loader_accepts(relpath, text, tmp_path)


SOURCE = """\
title: A headline
outlet: unknown
author: unknown
published:
  date: unknown
  inferred: Not stated.
kind: news-report
archive: a.txt
summary: In our words.
claims:
  - id: c1
    type: reported
    text: Something happened.
    quote: Something happened.
"""

BROKEN_SOURCES = {
    "misspelled field": SOURCE.replace("outlet:", "outlett:"),
    "kind not in the list": SOURCE.replace("kind: news-report", "kind: blog"),
    "claim type not in the list": SOURCE.replace("type: reported", "type: rumour"),
    "claim id not a slug": SOURCE.replace("id: c1", "id: Claim_1"),
    "reserved claim id": SOURCE.replace("id: c1", "id: index"),
    "date in words": SOURCE.replace("date: unknown", "date: July 2025"),
    "required field missing": SOURCE.replace("summary: In our words.\n", ""),
    "title a number": SOURCE.replace("title: A headline", "title: 2025"),
    "claims not a list": SOURCE.replace("claims:\n  - id", "claims:\n  id").replace("\n    ", "\n  "),
    "credibility out of range": SOURCE.replace("quote: Something happened.", "quote: x\n    credibility: 9"),
    "corroborates without a claim": SOURCE.replace("quote: Something happened.", "quote: x\n    corroborates: [other]"),
}


def test_the_valid_source_example_passes_both(tmp_path):
    assert not list(validator("source").iter_errors(editor_data(SOURCE)))
    assert builder_accepts(SOURCE, tmp_path)


@pytest.mark.parametrize("case", sorted(BROKEN_SOURCES))
def test_broken_source_fails_the_schema_and_the_builder_alike(case, tmp_path):
    text = BROKEN_SOURCES[case]
    assert list(validator("source").iter_errors(editor_data(text))), f"schema accepts: {case}"
    assert not builder_accepts(text, tmp_path), f"builder accepts: {case}"


def test_a_broken_real_file_does_not_validate():
    path = REPO / "content" / "sources" / sorted(p.name for p in (REPO / "content" / "sources").glob("*.yaml"))[0]
    data = editor_data(path.read_text(encoding="utf-8"))
    data["claims"][0]["type"] = "hearsay"
    del data["title"]
    messages = [e.message for e in validator("source").iter_errors(data)]
    assert any("'title' is a required property" in msg for msg in messages)
    assert any("'hearsay' is not one of" in msg for msg in messages)


# -- modelines ---------------------------------------------------------

def test_loader_accepts_a_file_whose_first_line_is_the_schema_modeline(project):
    path = project.root / "content/sources/example-talks.yaml"
    line = schema.modeline(path, project.root, schema.kind_of("sources/example-talks.yaml"))
    assert line == "# yaml-language-server: $schema=../../schemas/source.schema.json"
    path.write_text(line + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    model = load.load(project.root)
    claim = model.sources["example-talks"].claim("bridge-agreed")
    assert claim is not None
    # Line numbers still count the modeline, so messages point at the right line.
    assert model.sources["example-talks"].line_of("title") == 2


def test_add_modelines_points_each_file_at_its_schema_and_is_idempotent(project):
    changed = schema.add_modelines(project.root)
    assert len(changed) == len(FILES)
    first_lines = {rel: project.read(rel).splitlines()[0] for rel in FILES}
    assert first_lines["content/briefing.yaml"] == "# yaml-language-server: $schema=../schemas/briefing.schema.json"
    assert first_lines["content/themes/bridge.yaml"] == "# yaml-language-server: $schema=../../schemas/theme.schema.json"
    assert first_lines["content/discrepancies.yaml"].endswith("$schema=../schemas/discrepancies.schema.json")
    before = {rel: project.read(rel) for rel in FILES}
    assert schema.add_modelines(project.root) == []
    assert {rel: project.read(rel) for rel in FILES} == before
    load.load(project.root)  # every file still loads


def test_add_modelines_replaces_an_outdated_modeline_instead_of_adding_a_second(project):
    rel = "content/timeline.yaml"
    project.write(rel, "# yaml-language-server: $schema=old/timeline.json\n" + project.read(rel), dedent=False)
    assert cli.main(["--project", str(project.root), "schema", "--modelines"]) == 0
    lines = project.read(rel).splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schemas/timeline.schema.json"
    assert not lines[1].startswith("# yaml-language-server")
    assert (project.root / "schemas" / "timeline.schema.json").exists()


def test_schema_files_resolve_from_the_modelines_of_the_real_content():
    for kind in schema.KINDS:
        for path in (REPO / "content").glob(kind.glob):
            target = path.parent / schema.modeline(path, REPO, kind).split("$schema=")[1]
            assert target.resolve() == (REPO / "schemas" / kind.filename).resolve()
            assert target.exists()
