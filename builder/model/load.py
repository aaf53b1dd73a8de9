"""YAML files -> the model, keeping the line of every value.

The loader composes YAML nodes (never plain Python objects) so that each value
keeps its line, then converts them by the field types declared in `model.py`.
It collects every problem in every file before raising once.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import os
import re
from pathlib import Path
from typing import Any, Optional, cast

import yaml

from builder.model import items as m
from builder.model import release_files
from builder.model import workers
from builder.model.diagnostics import Diagnostic, Problems, did_you_mean
from builder.model.yamlfile import check_no_aliases, read_yaml_text


@functools.lru_cache(maxsize=None)
def _fields(cls: type) -> dict[str, tuple[dataclasses.Field[Any], m.FieldType]]:
    return {f.name: (f, kind) for f, kind in m.editable_fields(cls)}


@functools.lru_cache(maxsize=None)
def _file_id_fields(cls: type) -> tuple[str, ...]:
    """Fields the loader fills with the id the file name gives (a source's id, its claims' source)."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("file_id"))


_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters XML forbids or UTF-8 cannot encode, and other controls; tab and line breaks are fine."""


class _Reader:
    """Converts one file's nodes into model objects, collecting errors."""

    def __init__(self, path: str, errors: list[Diagnostic], file_id: Optional[str] = None):
        self.path = path
        self.errors = errors
        self.file_id = file_id  # the id the file name gives, for a source or a theme

    def error(self, node_or_line: Any, message: str, hint: str = "") -> None:
        line = node_or_line if isinstance(node_or_line, int) else node_or_line.start_mark.line + 1
        self.errors.append(Diagnostic(self.path, line, message, hint))

    # -- scalars ---------------------------------------------------------
    def scalar(self, node: yaml.Node, what: str) -> Optional[str]:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be a single value, not a {_node_kind(node)}")
            return None
        return cast(str, node.value)  # a scalar node's value is its text

    def text(self, node: yaml.Node, what: str) -> Optional[str]:
        value = self.scalar(node, what)
        if value is None:
            return None
        if node.tag != "tag:yaml.org,2002:str":
            kind = {"tag:yaml.org,2002:int": "a number", "tag:yaml.org,2002:float": "a number",
                    "tag:yaml.org,2002:bool": "true/false", "tag:yaml.org,2002:null": "empty",
                    "tag:yaml.org,2002:timestamp": "a date"}.get(node.tag, "not text")
            self.error(node, f"{what} must be text, but it is {kind}", "put it in quotes if you mean text")
            return None
        if not value.strip():
            self.error(node, f"{what} is empty")
            return None
        bad = _INVISIBLE.search(value)
        if bad:
            # Written as escapes in quoted YAML ("\x1f", "\ud800"): no page, feed or JSON file can carry them.
            self.error(node, f"{what} contains the control character U+{ord(bad.group()):04X}, "
                             "which cannot be published", "delete it; if it is invisible, retype the text around it")
            return None
        return value

    def convert(self, node: yaml.Node, kind: m.FieldType, what: str) -> Any:
        if kind.kind == "optional":
            assert kind.inner is not None
            if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
                return None
            return self.convert(node, kind.inner, what)
        if kind.kind == "list":
            assert kind.inner is not None
            return self.sequence(node, kind.inner, what)
        if kind.kind == "item":
            assert kind.cls is not None
            return self.item(node, kind.cls, what)
        if kind.kind in ("text", "slug", "citekey"):
            value = self.text(node, what)
            if value is None or kind.kind == "text":
                return value
            problem = m.cite_key_problem(value) if kind.kind == "citekey" else m.slug_problem(value)
            if problem:
                self.error(node, f"{what} '{value}' {problem}")
                return None
            return value
        value = self.scalar(node, what)
        if value is None:
            return None
        if kind.kind == "choice":
            if value not in kind.choices:
                self.error(node, f"{what} '{value}' is not one of: {', '.join(kind.choices)}",
                           did_you_mean(value, kind.choices))
                return None
            return value
        if kind.kind == "date":
            try:
                return m.PartialDate.parse(value)
            except ValueError as exc:
                self.error(node, f"{what}: {exc}")
                return None
        if kind.kind == "int":
            number = _decimal(value, int) if node.tag == "tag:yaml.org,2002:int" else None
            if number is None:
                self.error(node, f"{what} must be a whole number, not '{value}'", "write it in plain digits, like 12")
            return number
        if kind.kind == "float":
            number = _decimal(value, float) if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") else None
            if number is None:
                self.error(node, f"{what} must be a number, not '{value}'", "write it in plain digits, like 15000 or 2.5")
            return number
        raise TypeError(f"no loader for field type {kind!r}")  # a bug in model.py, not in content

    def sequence(self, node: yaml.Node, item_kind: m.FieldType, what: str) -> tuple[Any, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list, not a {_node_kind(node)}", "start each entry with '- '")
            return ()
        values = (self.convert(child, item_kind, _entry_name(what, i)) for i, child in enumerate(node.value, 1))
        return tuple(v for v in values if v is not None)

    def item(self, node: yaml.Node, cls: type, what: str, extra: Optional[dict[str, Any]] = None) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of 'field: value' lines, not a {_node_kind(node)}")
            return None
        fields = _fields(cls)
        values: dict[str, Any] = dict.fromkeys(_file_id_fields(cls), self.file_id) if self.file_id else {}
        lines: dict[str, int] = {}
        failed = False
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.error(key_node, f"{what}: a field name must be plain text")
                failed = True
                continue
            if key in lines:
                self.error(key_node, f"{what}: field '{key}' is given twice (first on line {lines[key]})")
                failed = True
                continue
            lines[key] = key_node.start_mark.line + 1
            if key not in fields:
                self.error(key_node, f"unknown field '{key}' in {what}",
                           did_you_mean(key, fields) or f"allowed: {', '.join(fields)}")
                failed = True
                continue
            field, kind = fields[key]
            if field.metadata.get("unknown_ok") and isinstance(value_node, yaml.ScalarNode) \
                    and value_node.value.strip().lower() == "unknown":
                values[key] = None
                continue
            errors_before = len(self.errors)
            if field.metadata.get("one_or_more") and isinstance(value_node, yaml.ScalarNode) \
                    and value_node.tag != "tag:yaml.org,2002:null":
                value_node = yaml.SequenceNode("tag:yaml.org,2002:seq", [value_node],
                                               value_node.start_mark, value_node.end_mark)  # `by: x` is `by: [x]`
            value = self.convert(value_node, kind, _field_name(what, key))
            self.remember_lines(key, value_node, lines)
            if len(self.errors) > errors_before:
                failed = True
            elif value is not None:
                values[key] = value
            elif field.metadata.get("required"):
                self.error(value_node, f"{_field_name(what, key)} is required but empty", field.metadata.get("help", ""))
                failed = True
        for name, (field, _) in fields.items():
            if field.metadata.get("required") and name not in lines:
                self.error(node, f"{what} is missing the required field '{name}'", field.metadata.get("help", ""))
                failed = True
        if failed:
            return None
        return cls(loc=m.Loc(self.path, node.start_mark.line + 1), lines=lines, **values)

    @staticmethod
    def remember_lines(key: str, node: yaml.Node, lines: dict[str, int]) -> None:
        """Lines of list entries and of texts over several lines, so checks can point inside a value."""
        _remember_text_start(key, node, lines)
        if isinstance(node, yaml.SequenceNode):
            for i, child in enumerate(node.value):
                lines[f"{key}[{i}]"] = child.start_mark.line + 1
                _remember_text_start(f"{key}[{i}]", child, lines)


def _remember_text_start(key: str, node: yaml.Node, lines: dict[str, int]) -> None:
    """For a text written over several lines, the line its first word is on (key + '@')."""
    if isinstance(node, yaml.ScalarNode) and node.end_mark.line > node.start_mark.line:
        # A block scalar (| or >) starts at its indicator; its text on the next line. Other texts start
        # on their key's line, after the key: the column says where.
        block = node.style in ("|", ">")
        lines[key + "@"] = node.start_mark.line + (2 if block else 1)
        if not block:
            lines[key + "@column"] = node.start_mark.column


def _decimal(text: str, kind: type) -> Optional[float]:
    """A plain finite decimal number, or None: YAML 1.1 also reads 0x10, 1:30, .inf and .nan as numbers."""
    try:
        number = kind(text.replace("_", ""))
    except ValueError:
        return None
    return number if math.isfinite(number) and abs(number) < 1e15 else None


def _field_name(what: str, key: str) -> str:
    """'source' + 'published' -> "source field 'published'"; then "... 'published.date'"."""
    if what.endswith("'"):
        return f"{what[:-1]}.{key}'"
    return f"{what} field '{key}'"


def _entry_name(what: str, number: int) -> str:
    """"source field 'claims'" -> "source field 'claims[3]'" (counting from 1, as editors do)."""
    return f"{what[:-1]}[{number}]'" if what.endswith("'") else f"{what} entry {number}"


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "single value"


slug_problem = m.slug_problem  # the rule lives with the model; the scaffold asks here too


def _load_item(path: Path, project_dir: Path, cls: type, what: str, errors: list[Diagnostic],
               file_id: Optional[str] = None) -> Any:
    display = os.path.relpath(path, project_dir)
    node, source = read_yaml_text(path, display, errors)
    if node is None or not check_no_aliases(node, display, errors, text=lambda: path.read_text(encoding="utf-8"),
                                            source=source):
        return None
    return _Reader(display, errors, file_id).item(node, cls, what)


def _load_folder(paths: list[Path], project: Path, cls: type, what: str, name: str) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The items of some files of one folder (sources/, themes/), by id, and the problems found."""
    items, errors = {}, []
    for path in paths:
        display = os.path.relpath(path, project)
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".yaml":
            errors.append(Diagnostic(display, 0, f"not a .yaml file: every file in {name}/ must be one {what}",
                                     "rename it to .yaml" if path.suffix == ".yml" else "move it elsewhere"))
            continue
        problem = slug_problem(path.stem)
        if problem:
            errors.append(Diagnostic(display, 0, f"file name '{path.stem}' {problem}",
                                     f"the file name is the {what}'s id and page address"))
            continue
        item = _load_item(path, project, cls, what, errors, file_id=path.stem)
        if item is not None:
            items[path.stem] = item
    return items, errors


def load_briefing(project_dir: str | Path, content_dir: str | Path = "content") -> m.Briefing:
    """Only briefing.yaml (for commands that need its settings, not the whole briefing)."""
    project = Path(project_dir).resolve()
    path = (project / content_dir).resolve() / "briefing.yaml"
    errors: list[Diagnostic] = []
    if not path.is_file():
        raise Problems([Diagnostic(os.path.relpath(path, project), 0, "briefing file is missing",
                                   "`briefing init` starts a briefing with every file in place")])
    briefing: m.Briefing = _load_item(path, project, m.Briefing, "briefing", errors)
    if errors:
        raise Problems(errors)
    return briefing


def load(project_dir: str | Path, content_dir: str | Path = "content") -> m.Model:
    """Load every content file; raise Problems listing every problem."""
    project = Path(project_dir).resolve()
    content = (project / content_dir).resolve()
    errors: list[Diagnostic] = []
    if not content.is_dir():
        raise Problems([Diagnostic(os.path.relpath(content, project), 0, "content folder not found",
                                   "run `briefing init` to start a briefing, or set the plugin's `content` option")])

    def one(name: str, cls: type, what: str, required: bool = True) -> Any:
        path = content / name
        if not path.exists():
            if required:
                errors.append(Diagnostic(os.path.relpath(path, project), 0, f"{what} file is missing",
                                         "`briefing init` starts a briefing with every file in place"
                                         if name == "briefing.yaml" else ""))
            return cls()
        return _load_item(path, project, cls, what, errors)

    briefing = one("briefing.yaml", m.Briefing, "briefing")
    timeline = one("timeline.yaml", m.Timeline, "timeline", required=False)
    entities = one("entities.yaml", m.Entities, "entities", required=False)
    discrepancies = one("discrepancies.yaml", m.Discrepancies, "discrepancies", required=False)

    def folder(name: str, cls: type, what: str) -> dict[str, Any]:
        base = content / name
        if not base.is_dir():
            return {}
        paths = sorted(base.iterdir())
        # A thousand sources load in about a second: two processes share them, each half in file order.
        items: dict[str, Any] = {}
        for found, problems in workers.in_halves(lambda part: _load_folder(part, project, cls, what, name), paths):
            items.update(found)
            errors.extend(problems)
        return items

    sources = folder("sources", m.Source, "source")
    themes = folder("themes", m.Theme, "theme")
    releases = release_files.read_all(content, project, errors)
    if errors:
        raise Problems(errors)
    return m.Model(
        briefing=briefing, sources=sources, themes=themes, timeline=timeline, entities=entities,
        discrepancies=discrepancies, project_dir=str(project), content_dir=str(content), releases=releases,
    )
