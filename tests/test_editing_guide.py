"""EDITING.md cannot drift from the code: its YAML examples load, its error messages are real.

Each ```yaml block starts with a comment naming where it goes: a whole file
(`# content/sources/<id>.yaml`) or entries of a list in one
(`# in content/themes/<id>.yaml, under sections:`). Whole files are loaded as
the builder loads them and validated against their JSON Schema; list entries
are converted by the loader for that field's type.
"""

from __future__ import annotations

import re
import shutil
import typing
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
import yaml

from builder.checks import rules as checks
from builder.model import citations
from builder.model import load
from builder.model import items as m
from builder.model import schema
from builder.model.diagnostics import Problems

from conftest import REPO, Project, make_project

GUIDE = REPO / "EDITING.md"
_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.M | re.S)
_WHERE = re.compile(r"^# (?:(?P<in>in) )?content/(?P<path>[\w<>/.-]+\.yaml)(?:, under (?P<field>\w+):)?\s*$")


@dataclass
class Example:
    number: int
    text: str
    relpath: str  # relative to content/, with <id> as written
    field: str  # the list field the entries go under; "" for a whole file

    @property
    def kind(self) -> schema.Kind:
        kind = schema.kind_of(self.relpath.replace("<id>", "example"))
        assert kind, f"yaml block {self.number}: no content file kind for {self.relpath}"
        return kind

    def __str__(self) -> str:
        return f"yaml block {self.number} ({self.relpath}{', ' + self.field if self.field else ''})"


def fenced_blocks(language: str, text: str | None = None) -> list[str]:
    text = GUIDE.read_text(encoding="utf-8") if text is None else text
    return [body for lang, body in _FENCE.findall(text) if lang == language]


def yaml_examples() -> list[Example]:
    examples = []
    for number, body in enumerate(fenced_blocks("yaml"), start=1):
        where = _WHERE.match(body.splitlines()[0]) if body.strip() else None
        assert where, f"yaml block {number} of EDITING.md must start with a comment naming its file, " \
                      f"like '# content/timeline.yaml' or '# in content/timeline.yaml, under events:'"
        assert bool(where["in"]) == bool(where["field"]), f"yaml block {number}: write 'in ..., under <field>:'"
        examples.append(Example(number, body, where["path"], where["field"] or ""))
    return examples


EXAMPLES = yaml_examples()


def test_the_guide_has_an_example_of_everything_an_editor_adds():
    whole = {e.kind.name for e in EXAMPLES if not e.field}
    parts = {(e.kind.name, e.field) for e in EXAMPLES if e.field}
    assert {"briefing", "source", "theme"} <= whole
    assert {("source", "claims"), ("theme", "sections"), ("timeline", "events"), ("entities", "entities"),
            ("discrepancies", "discrepancies")} <= parts


class _EditorLoader(yaml.SafeLoader):
    """YAML as the YAML language server reads it (1.2): dates stay text."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.mark.parametrize("example", [e for e in EXAMPLES if not e.field], ids=str)
def test_whole_file_example_loads_and_matches_its_schema(example, tmp_path):
    path = tmp_path / "content" / example.relpath.replace("<id>", "example")
    path.parent.mkdir(parents=True)
    path.write_text(example.text, encoding="utf-8")
    errors = []
    file_id = path.stem if example.kind.cls in (m.Source, m.Theme) else None
    item = load._load_item(path, tmp_path, example.kind.cls, example.kind.name, errors, file_id=file_id)
    assert not errors, "\n".join(map(str, errors))
    assert item is not None
    jsonschema.validate(yaml.load(example.text, Loader=_EditorLoader), schema.generate(example.kind))


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.field], ids=str)
def test_list_entries_example_loads_as_entries_of_its_field(example):
    node = yaml.compose(example.text, Loader=yaml.SafeLoader)
    kind = dict((f.name, k) for f, k in m.editable_fields(example.kind.cls))[example.field]
    assert kind.kind == "list", f"{example}: '{example.field}' is not a list field"
    errors = []
    reader = load._Reader(f"EDITING.md {example}", errors)
    entries = reader.convert(node, kind, example.field)
    assert not errors, "\n".join(map(str, errors))
    assert len(entries) == len(node.value) >= 1


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_citations_in_examples_are_well_formed(example):
    groups, problems = citations.parse(example.text)
    assert not problems, [p.message for p in problems]


def test_citation_forms_in_the_guide_parse_as_it_says():
    """The guide's table of citation forms: a whole source, one claim of it, and a group of two claims."""
    guide = GUIDE.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\[@[^`]*\])` \| (.*) \|$", guide, flags=re.M)
    assert len(rows) == 3, rows
    keys = []
    for written, _ in rows:
        (group,), problems = citations.parse(written)
        assert not problems, written
        keys.append([c.key for c in group.citations])
    (source,), (claim,), group = keys
    assert "#" not in source and claim.startswith(source + "#") and len(group) == 2 and all("#" in k for k in group)
    assert f"the source `{source}` as a whole" in rows[0][1]
    assert f"claim `{claim.split('#')[1]}` of that source" in rows[1][1]


def test_claim_types_and_scales_in_the_guide_are_the_models():
    guide = GUIDE.read_text(encoding="utf-8")
    for claim_type in typing.get_args(m.ClaimType):
        assert f"| `{claim_type}` |" in guide
    for value in (*typing.get_args(m.Confidence), *typing.get_args(m.Likelihood)):
        assert f"`{value}`" in guide
    for grade, label in m.RELIABILITY_LABELS.items():
        assert f"{grade} {label.replace('reliability cannot be judged', 'cannot be judged')}" in guide


def test_a_yaml_block_without_its_file_comment_is_refused():
    assert not _WHERE.match("title: x")
    assert _WHERE.match("# in content/sources/<id>.yaml, under claims:")["field"] == "claims"
    assert _WHERE.match("# content/briefing.yaml")["path"] == "briefing.yaml"


# -- the error messages shown in the guide are the builder's -------------------

def shape(message: str) -> str:
    """A message with its particulars (file, line, ids, values, paths, numbers) blanked out."""
    shaped = re.sub(r"^\S+?:\d+: ", "FILE:LINE: ", message.strip())
    shaped = re.sub(r'"[^"]*"', '"_"', shaped)
    shaped = re.sub(r"'[^']*'", "'_'", shaped)
    shaped = re.sub(r"\S*/\S*|\S+\.txt\b", "PATH", shaped)
    shaped = re.sub(r"\b\d{4}(?:-\d{2}){0,2}\b", "DATE", shaped)
    return re.sub(r"\d+", "N", shaped)


SRC = "content/sources/example-talks.yaml"
THEME = "content/themes/bridge.yaml"
TIMELINE = "content/timeline.yaml"

# (file, text, replacement): one broken project each, to collect the real messages.
BREAKAGES = [
    (SRC, "summary: Ministers met in Zenda", "summary: Note: ministers met in Zenda"),
    (SRC, "outlet: Example Wire", "outlet:\tExample Wire\n\tx: y"),
    (SRC, "kind: wire-copy", 'kind: "wire-copy'),
    (SRC, "outlet:", "outlett:"),
    (THEME, "confidence: moderate", "confidence: medium"),
    (SRC, 'date: "2025-02"', "date: February 2025"),
    (SRC, "author: unknown", "author: 2025"),
    (SRC, "id: bridge-agreed", "id: Bridge_Agreed"),
    (TIMELINE, "[@example-talks#bridge-agreed]", "[@example-tallks#bridge-agreed]"),
    (TIMELINE, "[@example-talks#bridge-agreed]", "[@example-talks#bridge-agred]"),
    (TIMELINE, "[@example-talks#bridge-agreed]", "[@example-talks, bridge-agreed]"),
    (TIMELINE, "[@example-talks#bridge-agreed].", "[@example-talks#bridge-agreed."),
    (TIMELINE, " [@example-talks#bridge-agreed]", ""),
    (THEME, "Officials estimate 5,000 workers [@example-talks#workers-5000].", "Officials estimate 5,000 workers."),
    (SRC, "    by: anna-berg\n", ""),
    (SRC, "by: anna-berg", "by: ana-berg"),
    (SRC, "5,000 workers will be needed - more", "5,000 workers are needed - more"),
    (SRC, "  inferred: The page says", "  not_inferred: The page says"),
    (SRC, "  inferred: The page says \"on Monday\"; the month comes from the archive's metadata.\n", ""),
    (SRC, "archive: article.txt", "archive: artcle.txt"),
    (SRC, "archive: article.txt", "archive: article.txt\noriginal: article.html"),
    ("archive/article.txt", "Example Talks Make Progress\n",
     "<!DOCTYPE html><html><head><title>Example Talks</title></head><body>\nExample Talks Make Progress\n"),
    (SRC, "id: berg-two-years", "id: bridge-agreed"),
    (SRC, "summary: Ministers met", "summary: <b>Ministers</b> met"),
    ("content/briefing.yaml", 'as_of: "2025-03-01"', 'as_of: "2025-01-01"'),
    ("content/discrepancies.yaml", "      - value: 4500\n        label: about 4,500\n", "      - label: x\n"),
    ("content/discrepancies.yaml",
     "      - value: 4500\n        label: about 4,500\n        text: A lower reading of the same estimate [@example-talks#workers-5000].\n"
     "      - value: 0\n        label: none beyond the crews at work\n"
     "        text: The ministers named no new workers [@example-talks#bridge-agreed].\n",
     ""),
    (THEME, "related: []", "related: [bridges]"),
    (THEME, "workers [@example-talks#workers-5000].", "workers [@example-talks#workers-5000], see\n"
     "      [the figures](discrepancies/#discrepancy-worker) and [the talks](../timeline/#event-2025-02)."),
    (SRC, "  inferred: The page says", "  inferred: TODO The page says"),
    (SRC, "quote: The foreign ministers of Ruritania and Freedonia met in Zenda on Monday, agreeing to build a bridge.",
     "quote: The foreign ministers of Ruritania and Freedonia met in Zenda on Monday"),
]


def _problems(root: Path) -> list[str]:
    """The errors, or when there are none the warnings (notes left out)."""
    try:
        checked = checks.check(load.load(root))
    except Problems as exc:
        return [str(e) for e in exc.errors]
    return [str(w) for w in checked.warnings if w.severity == "warning"]


@pytest.fixture(scope="module")
def real_messages(tmp_path_factory) -> set[str]:
    base = make_project(tmp_path_factory.mktemp("guide") / "base")
    messages: list[str] = []
    for number, (relpath, old, new) in enumerate(BREAKAGES):
        root = base.root.parent / f"case-{number}"
        shutil.copytree(base.root, root)
        text = (root / relpath).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"breakage {number}: '{old}' is not in {relpath} once"
        (root / relpath).write_text(text.replace(old, new), encoding="utf-8")
        found = _problems(root)
        assert found, f"breakage {number} produced no problem"
        messages += found
        if number == len(BREAKAGES) - 1:
            # The same unrecorded quote where the archive folder is missing.
            briefing = root / "content/briefing.yaml"
            briefing.write_text(briefing.read_text(encoding="utf-8").replace("archive: archive", "archive: ../gone"),
                                encoding="utf-8")
            messages += _problems(root)
    no_lock = base.root.parent / "no-lock"
    shutil.copytree(base.root, no_lock)
    (no_lock / "content/quotes.lock").unlink()
    messages += _problems(no_lock)
    messages += _release_messages(base.root.parent / "releases", base.root)
    return {shape(msg) for msg in messages}


def _release_messages(root: Path, base: Path) -> list[str]:
    """What `briefing release` refuses, and what the check says of damaged release files."""
    shutil.copytree(base, root)
    project = Project(root)

    def refused(note: str) -> list[str]:
        result = project.briefing("release", "--note", note)
        assert result.returncode == 1, result.stdout
        return result.stderr.splitlines()[:-1]  # less the count

    def edit(relpath: str, old: str, new: str) -> None:
        project.write(relpath, project.read(relpath).replace(old, new), dedent=False)

    assert project.briefing("release", "--note", "First release.").returncode == 0
    messages = refused("Unchanged.")
    edit("content/briefing.yaml", "    confidence: moderate\n", "    confidence: low\n")
    edit("content/briefing.yaml", 'as_of: "2025-03-01"', 'as_of: "2025-02-27"')
    messages += refused("Older.")
    edit("content/briefing.yaml", 'as_of: "2025-02-27"', 'as_of: "2025-03-05"')
    assert project.briefing("release", "--note", "Second release.").returncode == 0
    second = project.read("content/releases/0002.json")
    edit("content/releases/0002.json", '"note": "Second release."', '"note": ""')
    messages += _problems(root)
    project.write("content/releases/0002.json", second, dedent=False)
    (root / "content/releases/0001.json").unlink()
    return messages + _problems(root)


def guide_error_lines() -> list[str]:
    guide = GUIDE.read_text(encoding="utf-8")
    section = guide.split("## Common errors and how to fix them", 1)[1]
    return [line for block in fenced_blocks("text", section) for line in block.splitlines() if line.strip()]


def test_the_guide_explains_the_common_errors():
    lines = guide_error_lines()
    assert len(lines) >= 25
    assert all(re.match(r"^content/\S+?(:\d+)?: ", line) for line in lines), lines


@pytest.mark.parametrize("line", guide_error_lines())
def test_error_shown_in_the_guide_is_one_the_builder_gives(line, real_messages):
    assert shape(line) in real_messages, \
        f"EDITING.md shows a message the builder does not give (any more):\n  {line}\nshape: {shape(line)}"


def test_shape_blanks_particulars_but_keeps_the_wording():
    a = "content/a.yaml:3: citation to unknown claim 'x' of source 'y' (did you mean 'z'?)"
    b = "content/themes/b.yaml:12: citation to unknown claim 'p-q' of source 'r' (did you mean 's'?)"
    assert shape(a) == shape(b)
    assert shape(a) != shape("content/a.yaml:3: citation to unknown source 'x' (did you mean 'z'?)")
