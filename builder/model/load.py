"""YAML files -> the model, keeping the line of every value.

The loader composes YAML nodes (never plain Python objects) so that each value
keeps its line, then converts them by the field types declared in `model.py`.
It collects every problem in every file. What cannot be read is left out and
named in `Model.unread` (a file by its name, a list entry by its id), so that
`load_partial` hands the checks everything else; `load` raises once instead.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import os
import re
from pathlib import Path
from typing import Any, cast

import yaml

from builder.model import items as m
from builder.model import ids
from builder.model import release_files
from builder.model import workers
from builder.model.diagnostics import Diagnostic, Problems, did_you_mean
from builder.model.yamlfile import TOO_BIG_HINT, check_no_aliases, read_yaml_text


@functools.cache
def _fields(cls: type) -> dict[str, tuple[dataclasses.Field[Any], m.FieldType]]:
    return {f.name: (f, kind) for f, kind in m.editable_fields(cls)}


@functools.cache
def _file_id_fields(cls: type) -> tuple[str, ...]:
    """Fields the loader fills with the id the file name gives (a source's id, its claims' source)."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("file_id"))


_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters XML forbids or UTF-8 cannot encode, and other controls; tab and line breaks are fine."""


class _Reader:
    """Converts one file's nodes into model objects, collecting errors."""

    def __init__(self, path: str, errors: list[Diagnostic], file_id: str | None = None):
        self.path = path
        self.errors = errors
        self.file_id = file_id  # the id the file name gives, for a source or a theme
        self.dropped: list[str | None] = []  # entries left out of lists (by id, None when unreadable)

    def error(self, node_or_line: Any, message: str, hint: str = "") -> None:
        line = node_or_line if isinstance(node_or_line, int) else node_or_line.start_mark.line + 1
        self.errors.append(Diagnostic(self.path, line, message, hint))

    # -- scalars ---------------------------------------------------------
    def scalar(self, node: yaml.Node, what: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be a single value, not a {_node_kind(node)}")
            return None
        return cast(str, node.value)  # a scalar node's value is its text

    def text(self, node: yaml.Node, what: str) -> str | None:
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
            problem = ids.cite_key_problem(value) if kind.kind == "citekey" else ids.slug_problem(value)
            if problem:
                self.error(node, f"{what} '{value}' {problem}")
                return None
            return value
        value = self.scalar(node, what)
        if value is None:
            return None
        return self.one_value(node, value, kind, what)

    def one_value(self, node: yaml.Node, value: str, kind: m.FieldType, what: str) -> Any:
        """A choice, a date or a number read from one YAML value; None with the problem reported."""
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
            self.error(node, f"{what} must be a list, not a {_node_kind(node)}", _list_hint(node, item_kind))
            return ()
        values = []
        for i, child in enumerate(node.value, 1):
            if item_kind.kind == "item":
                assert item_kind.cls is not None  # an item type names its class
                value = self.item(child, item_kind.cls, _entry_name(what, i), entry=True)
                if value is None:
                    self.dropped.append(_entry_id(child))  # the other entries are kept, and checked
            else:
                value = self.convert(child, item_kind, _entry_name(what, i))
            if value is not None:
                values.append(value)
        return tuple(values)

    def item(self, node: yaml.Node, cls: type, what: str, entry: bool = False) -> Any:
        """The item this mapping writes. With an error in a field, every other field is still read; the item
        is kept with what was read (the gaps in `unread`), except an entry of a list, which is left out."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of 'field: value' lines, not a {_node_kind(node)}")
            return None
        fields = _fields(cls)
        built = _Built(dict.fromkeys(_file_id_fields(cls), self.file_id) if self.file_id else {})
        for key_node, value_node in node.value:
            self.field(built, fields, key_node, value_node, what)
        for name, (field, _) in fields.items():
            if field.metadata.get("required") and name not in built.lines:
                self.error(node, f"{what} is missing the required field '{name}'", field.metadata.get("help", ""))
                built.unread.add(name)
        if built.unread and entry:
            return None
        return cls(loc=m.Loc(self.path, node.start_mark.line + 1), lines=built.lines, unread=frozenset(built.unread),
                   **built.values)

    def field(self, built: _Built, fields: dict[str, tuple[dataclasses.Field[Any], m.FieldType]], key_node: yaml.Node, value_node: yaml.Node, what: str) -> None:
        """Read one 'field: value' line of an item into `built`."""
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        problem = "a field name must be plain text" if key is None else \
            f"field '{key}' is given twice (first on line {built.lines[key]})" if key in built.lines else ""
        if problem:
            self.error(key_node, f"{what}: {problem}")
            built.unread.add(str(key))
            return
        assert key is not None  # a key that is no plain text is a problem, reported above
        built.lines[key] = key_node.start_mark.line + 1
        if key not in fields:
            self.error(key_node, f"unknown field '{key}' in {what}", did_you_mean(key, fields) or f"allowed: {', '.join(fields)}")
            built.unread.add(key)
            return
        field, kind = fields[key]
        if field.metadata.get("unknown_ok") and isinstance(value_node, yaml.ScalarNode) \
                and value_node.value.strip().lower() == "unknown":
            built.values[key] = None
            return
        if field.metadata.get("one_or_more") and isinstance(value_node, yaml.ScalarNode) \
                and value_node.tag != "tag:yaml.org,2002:null":
            value_node = yaml.SequenceNode("tag:yaml.org,2002:seq", [value_node],
                                           value_node.start_mark, value_node.end_mark)  # `by: x` is `by: [x]`
        errors_before, dropped_before = len(self.errors), len(self.dropped)
        value = self.convert(value_node, kind, _field_name(what, key))
        self.remember_lines(key, value_node, built.lines)
        dropped, self.dropped[dropped_before:] = self.dropped[dropped_before:], []
        if len(self.errors) > errors_before:
            built.unread.update({f"{key}#{entry_id}" if entry_id else key for entry_id in dropped} or {key})
        elif value is None and field.metadata.get("required"):
            self.error(value_node, f"{_field_name(what, key)} is required but empty", field.metadata.get("help", ""))
            built.unread.add(key)
        if value is not None:
            built.values[key] = value  # what was read of a list or a nested item, even with a gap in it

    @staticmethod
    def remember_lines(key: str, node: yaml.Node, lines: dict[str, int]) -> None:
        """Lines of list entries and of texts over several lines, so checks can point inside a value."""
        _remember_text_start(key, node, lines)
        if isinstance(node, yaml.SequenceNode):
            for i, child in enumerate(node.value):
                lines[f"{key}[{i}]"] = child.start_mark.line + 1
                _remember_text_start(f"{key}[{i}]", child, lines)


@dataclasses.dataclass
class _Built:
    """What has been read of one item so far."""

    values: dict[str, Any]
    lines: dict[str, int] = dataclasses.field(default_factory=dict)
    unread: set[str] = dataclasses.field(default_factory=set)


def _list_hint(node: yaml.Node, item_kind: m.FieldType) -> str:
    """How to write a list, from what was written instead (entries keyed by their ids, say)."""
    if isinstance(node, yaml.MappingNode) and node.value and item_kind.kind == "item" \
            and "id" in _fields(item_kind.cls) and isinstance(node.value[0][1], yaml.MappingNode):
        return f"start each entry with '- ', and write its id as a field of it: '- id: {node.value[0][0].value}'"
    return "start each entry with '- '"


def _entry_id(node: yaml.Node) -> str | None:
    """The id a list entry gives itself, when it is a readable one."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "id" and isinstance(value, yaml.ScalarNode):
                return value.value if not ids.slug_problem(value.value) else None
    return None


def _remember_text_start(key: str, node: yaml.Node, lines: dict[str, int]) -> None:
    """For a text written over several lines, the line its first word is on (key + '@')."""
    if isinstance(node, yaml.ScalarNode) and node.end_mark.line > node.start_mark.line:
        # A block scalar (| or >) starts at its indicator; its text on the next line. Other texts start
        # on their key's line, after the key: the column says where.
        block = node.style in ("|", ">")
        lines[key + "@"] = node.start_mark.line + (2 if block else 1)
        if not block:
            lines[key + "@column"] = node.start_mark.column


def _decimal(text: str, kind: type) -> float | None:
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


slug_problem = ids.slug_problem  # the rule lives with the model; the scaffold asks here too


def _load_item(path: Path, project_dir: Path, cls: type, what: str, errors: list[Diagnostic],
               file_id: str | None = None) -> Any:
    display = os.path.relpath(path, project_dir)
    too_big = _split_hint(path, cls) or TOO_BIG_HINT
    node, source = read_yaml_text(path, display, errors, too_big)
    if node is None or not check_no_aliases(node, display, errors, text=lambda: path.read_text(encoding="utf-8"),
                                            source=source, too_big_hint=too_big):
        return None
    return _Reader(display, errors, file_id).item(node, cls, what)


SPLITTABLE = {"timeline": m.Timeline, "entities": m.Entities, "discrepancies": m.Discrepancies}
"""The content files of lists (content/NAME.yaml) that may instead be a folder of files (content/NAME/*.yaml),
read in name order and merged into one list: a list too long for one file (yamlfile.MAX_FILE_BYTES) is split
across several. Every field of these classes is a list."""


_SPLITTABLE_NAMES = {cls: name for name, cls in SPLITTABLE.items()}


def _split_hint(path: Path, cls: type) -> str:
    """The hint for a file of a splittable list that is over a limit ('' for other files)."""
    name = _SPLITTABLE_NAMES.get(cls)
    if name is None:
        return ""
    if path.parent.name == name:  # already a part of a split list
        return f"move some of its entries into another file of the folder {name}/ (its files are read in name " \
            "order, as one list)"
    return f"split it: move its entries into several files of a new folder {name}/, each written as this one is " \
        f"(read in name order, as one list: {name}/01.yaml, {name}/02.yaml...)"


def split_parts(content: Path, name: str, project: Path, errors: list[Diagnostic]) -> list[Path] | None:
    """The files a splittable list is read from when content/NAME/ is a folder, in the order they are read: its
    .yaml files in name order (NAME.yaml first when both are there, which is reported); None when there is no folder.

    Problems go to `errors`: both NAME.yaml and NAME/ (one of them would be forgotten), a file in the folder that
    is not .yaml. Hidden files and folders inside it are left alone, as in sources/.
    """
    folder = content / name
    if not folder.is_dir():
        return None
    single = content / f"{name}.yaml"
    parts = []
    if single.exists():
        errors.append(Diagnostic(os.path.relpath(single, project), 0,
                                 f"both {name}.yaml and the folder {name}/ hold the {name}: keep one",
                                 f"move {name}.yaml into {name}/ (its files are read in name order, as one list)"))
        parts.append(single)
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".yaml":
            errors.append(Diagnostic(os.path.relpath(path, project), 0,
                                     f"not a .yaml file: every file in {name}/ is a part of the {name}",
                                     "rename it to .yaml" if path.suffix == ".yml" else "move it elsewhere"))
            continue
        parts.append(path)
    return parts


def merge_parts(cls: type, parts: list[Any], where: m.Loc) -> Any:
    """One item of a splittable list's class from the items of its files, in order: each list field the
    entries of every part (each entry keeps its own file and line); unread what any part could not read
    (a part that could not be read at all is None: every field of it)."""
    values: dict[str, tuple[Any, ...]] = {}
    unread: set[str] = set()
    for name, (_, kind) in _fields(cls).items():
        if kind.kind != "list":
            raise TypeError(f"{cls.__name__}.{name} is not a list: {cls.__name__} cannot be split")  # a bug in items.py
        values[name] = tuple(entry for part in parts if part is not None for entry in getattr(part, name))
    for part in parts:
        unread.update(part.unread if part is not None else _fields(cls))
    return cls(loc=where, unread=frozenset(unread), **values)


def _load_folder(paths: list[Path], project: Path, cls: type, what: str, name: str) -> tuple[dict[str, Any], list[Diagnostic], set[str]]:
    """The items of some files of one folder (sources/, themes/), by id, the problems found, and what could
    not be read (Model.unread)."""
    items: dict[str, Any] = {}
    errors: list[Diagnostic] = []
    unread: set[str] = set()
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
        if item is None:
            unread.add(f"{what}:{path.stem}")  # the file name says which one: citations of it are not reported
            continue
        items[path.stem] = item
        unread.update(_unread_entries(item))
    return items, errors, unread


_ENTRIES = {m.Source: ("claims", "claim"), m.Briefing: ("key_judgements", "judgement"),
            m.Entities: ("entities", "entity"), m.Timeline: ("events", "event"),
            m.Discrepancies: ("discrepancies", "discrepancy")}
"""The list field of each file's items that others refer to by id, and the kind of those items."""


def _unread_entries(item: m.Item | None, cls: type | None = None) -> set[str]:
    """The Model.unread of one file's item: its entries that could not be read ('kind:*' when none could)."""
    field, kind = _ENTRIES.get(cls or type(item), (None, None))
    if kind is None or field is None:
        return set()
    if item is None:
        return {f"{kind}:*"}
    scope = f"{item.id}#" if isinstance(item, m.Source) else ""
    return {f"{kind}:{scope}{gap.partition('#')[2] or '*'}" for gap in item.unread
            if gap == field or gap.startswith(field + "#")}


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
    model, errors = load_partial(project_dir, content_dir)
    if errors:
        raise Problems(errors)
    return model


def load_partial(project_dir: str | Path, content_dir: str | Path = "content") -> tuple[m.Model, list[Diagnostic]]:
    """Load every content file, and every problem found: a file, an entry or a field with an error is
    left out (the rest of its file is kept) and named in Model.unread, so that the checks can go on with
    everything else. Raises Problems only when there is no content folder at all."""
    project = Path(project_dir).resolve()
    content = (project / content_dir).resolve()
    errors: list[Diagnostic] = []
    unread: set[str] = set()
    if not content.is_dir():
        raise Problems([Diagnostic(os.path.relpath(content, project), 0, "content folder not found",
                                   "run `briefing init` to start a briefing, or set the plugin's `content` option")])

    def one(name: str, cls: type, what: str, required: bool = True) -> Any:
        path = content / name
        parts = split_parts(content, name.removesuffix(".yaml"), project, errors) \
            if name.removesuffix(".yaml") in SPLITTABLE else None
        if parts is not None:  # a folder of files (content/timeline/*.yaml): one list
            items = [_load_item(part, project, cls, what, errors) for part in parts]
            for item in items:
                unread.update(_unread_entries(item, cls))
            folder = content / name.removesuffix(".yaml")
            return merge_parts(cls, items, m.Loc(os.path.relpath(folder, project), 0))
        if not path.exists():
            if required:
                errors.append(Diagnostic(os.path.relpath(path, project), 0, f"{what} file is missing",
                                         "`briefing init` starts a briefing with every file in place"
                                         if name == "briefing.yaml" else ""))
            return cls()
        item = _load_item(path, project, cls, what, errors)
        unread.update(_unread_entries(item, cls))
        # A file that could not be read at all: its item stands empty, every field of it unread.
        return item if item is not None else cls(unread=frozenset(f.name for f, _ in m.editable_fields(cls)))

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
        for found, problems, missing in workers.in_halves(lambda part: _load_folder(part, project, cls, what, name),
                                                          paths):
            items.update(found)
            errors.extend(problems)
            unread.update(missing)
        return items

    sources = folder("sources", m.Source, "source")
    themes = folder("themes", m.Theme, "theme")
    releases = release_files.read_all(content, project, errors)
    model = m.Model(
        briefing=briefing, sources=sources, themes=themes, timeline=timeline, entities=entities,
        discrepancies=discrepancies, project_dir=str(project), content_dir=str(content), releases=releases,
        unread=frozenset(unread),
    )
    return model, errors
