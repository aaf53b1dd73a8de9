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
import typing
from pathlib import Path
from typing import Any, Literal, Optional, get_args, get_origin

import yaml

from . import model as m
from .errors import ContentError, ContentErrors, did_you_mean

try:  # libyaml is about 14 times faster; fall back when it is not compiled in
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 1_000_000
"""A content file larger than this is refused: no real source summary is that big."""

MAX_NODES = 200_000
"""A file with more YAML values than this is refused (guards against generated bombs)."""


@functools.lru_cache(maxsize=None)
def _schema(cls: type) -> tuple[dict, dict]:
    """A class's editable fields and resolved types, once per class: get_type_hints is slow."""
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}
    return fields, typing.get_type_hints(cls)


_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters XML forbids or UTF-8 cannot encode, and other controls; tab and line breaks are fine."""


class _Reader:
    """Converts one file's nodes into model objects, collecting errors."""

    def __init__(self, path: str, errors: list[ContentError]):
        self.path = path
        self.errors = errors
        self.seen: set[int] = set()

    def error(self, node_or_line: Any, message: str, hint: str = "") -> None:
        line = node_or_line if isinstance(node_or_line, int) else node_or_line.start_mark.line + 1
        self.errors.append(ContentError(self.path, line, message, hint))

    # -- scalars ---------------------------------------------------------
    def scalar(self, node: yaml.Node, what: str) -> Optional[str]:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be a single value, not a {_node_kind(node)}")
            return None
        return node.value

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

    def convert(self, node: yaml.Node, hint: Any, what: str) -> Any:
        origin = get_origin(hint)
        if origin is typing.Union:  # Optional[X]
            inner = [a for a in get_args(hint) if a is not type(None)][0]
            if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
                return None
            return self.convert(node, inner, what)
        if origin is tuple:
            return self.sequence(node, get_args(hint)[0], what)
        if origin is Literal:
            choices = get_args(hint)
            value = self.scalar(node, what)
            if value is None:
                return None
            if value not in choices:
                self.error(node, f"{what} '{value}' is not one of: {', '.join(choices)}", did_you_mean(value, choices))
                return None
            return value
        if hint is m.PartialDate:
            value = self.scalar(node, what)
            if value is None:
                return None
            try:
                return m.PartialDate.parse(value)
            except ValueError as exc:
                self.error(node, f"{what}: {exc}")
                return None
        if dataclasses.is_dataclass(hint):
            return self.item(node, hint, what)
        if hint is int:
            value = self.scalar(node, what)
            if value is None:
                return None
            number = _decimal(value, int) if node.tag == "tag:yaml.org,2002:int" else None
            if number is None:
                self.error(node, f"{what} must be a whole number, not '{value}'", "write it in plain digits, like 12")
            return number
        if hint is float:
            value = self.scalar(node, what)
            if value is None:
                return None
            number = _decimal(value, float) if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") else None
            if number is None:
                self.error(node, f"{what} must be a number, not '{value}'", "write it in plain digits, like 15000 or 2.5")
            return number
        if hint in (m.Slug, m.CiteKey):
            value = self.text(node, what)
            if value is None:
                return None
            parts = value.split("#") if hint is m.CiteKey else [value]
            if hint is m.CiteKey and len(parts) != 2:
                self.error(node, f"{what} '{value}' must be written source-id#claim-id")
                return None
            for part in parts:
                problem = slug_problem(part)
                if problem:
                    self.error(node, f"{what} '{value}' {problem}")
                    return None
            return value
        if hint in (str, m.Markdown):
            return self.text(node, what)
        raise TypeError(f"no loader for field type {hint!r}")  # a bug in model.py, not in content

    def sequence(self, node: yaml.Node, item_hint: Any, what: str) -> tuple:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list, not a {_node_kind(node)}", "start each entry with '- '")
            return ()
        values = (self.convert(child, item_hint, _entry_name(what, i)) for i, child in enumerate(node.value, 1))
        return tuple(v for v in values if v is not None)

    def item(self, node: yaml.Node, cls: type, what: str, extra: Optional[dict] = None) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of 'field: value' lines, not a {_node_kind(node)}")
            return None
        fields, hints = _schema(cls)
        values: dict[str, Any] = dict(extra or {})
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
            field = fields[key]
            if field.metadata.get("unknown_ok") and isinstance(value_node, yaml.ScalarNode) \
                    and value_node.value.strip().lower() == "unknown":
                values[key] = None
                continue
            errors_before = len(self.errors)
            value = self.convert(value_node, hints[key], _field_name(what, key))
            self.remember_lines(key, value_node, lines)
            if len(self.errors) > errors_before:
                failed = True
            elif value is not None:
                values[key] = value
            elif field.metadata.get("required"):
                self.error(value_node, f"{_field_name(what, key)} is required but empty", field.metadata.get("help", ""))
                failed = True
        for name, field in fields.items():
            if field.metadata.get("required") and name not in lines:
                self.error(node, f"{what} is missing the required field '{name}'", field.metadata.get("help", ""))
                failed = True
        if failed:
            return None
        return cls(loc=m.Loc(self.path, node.start_mark.line + 1), lines=lines, **values)

    @staticmethod
    def remember_lines(key: str, node: yaml.Node, lines: dict[str, int]) -> None:
        """Lines of list entries and of literal blocks, so checks can point inside a value."""
        if isinstance(node, yaml.ScalarNode) and node.style == "|":
            lines[key + "@"] = node.start_mark.line + 2
        elif isinstance(node, yaml.SequenceNode):
            for i, child in enumerate(node.value):
                lines[f"{key}[{i}]"] = child.start_mark.line + 1
                if isinstance(child, yaml.ScalarNode) and child.style == "|":
                    lines[f"{key}[{i}]@"] = child.start_mark.line + 2

    def check_no_aliases(self, node: yaml.Node, text: Optional[typing.Callable[[], str]] = None) -> bool:
        """Refuse anchors/aliases: a shared node could expand to billions of values."""
        count = 0
        stack = [node]
        while stack:
            current = stack.pop()
            if id(current) in self.seen:
                # The composed node only knows where its anchor is; the editor needs the first alias.
                alias = _first_alias(text()) if text else None
                self.error(alias[0] if alias else current,
                           f"YAML alias '*{alias[1]}' repeats another value: anchors and aliases (&name, *name) "
                           "are not allowed in content" if alias else
                           "YAML anchors and aliases (&name, *name) are not allowed in content",
                           "write the value out in full")
                return False
            self.seen.add(id(current))
            count += 1
            if count > MAX_NODES:
                self.error(node, f"file has more than {MAX_NODES} values")
                return False
            if isinstance(current, yaml.SequenceNode):
                stack.extend(current.value)
            elif isinstance(current, yaml.MappingNode):
                for key, value in current.value:
                    stack.extend((key, value))
        return True


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


def slug_problem(value: str) -> str:
    """'' for a safe id, else what is wrong with it."""
    if len(value) > m.SLUG_MAX_LENGTH:
        return f"is longer than {m.SLUG_MAX_LENGTH} characters"
    if not m.SLUG_PATTERN.match(value):
        return "is not a valid id: use lower-case letters, digits and single hyphens (like 'bridge-costs')"
    if value in m.RESERVED_SLUGS:
        return "is reserved by the site; choose another id"
    return ""


_UNUSUAL_BREAKS = dict.fromkeys(map(ord, "\x85\u2028\u2029"), " ")


def read_yaml(path: Path, display: str, errors: list[ContentError]) -> Optional[yaml.Node]:
    """Read one file into a YAML node, or record why it cannot be read."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        errors.append(ContentError(display, 0, f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}",
                                   "split it, or shorten its texts"))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        errors.append(ContentError(display, line, f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                                   "save it as UTF-8"))
        return None
    # YAML counts NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as line breaks; editors do not, so the
    # lines reported would not match. As whitespace they change nothing (quotes are compared folded).
    text = text.translate(_UNUSUAL_BREAKS)
    if not text.strip() or all(l.strip().startswith("#") or not l.strip() for l in text.splitlines()):
        errors.append(ContentError(display, 1, "file is empty"))
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line, problem, hint = _locate_yaml_error(text, exc)
        errors.append(ContentError(display, line, f"YAML syntax error: {problem}", hint))
        return None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        errors.append(ContentError(display, line, f"the file contains the control character U+{exc.character:04X}, "
                                   "which YAML does not allow", "delete it: it is usually pasted in by accident"))
        return None
    except yaml.YAMLError as exc:
        errors.append(ContentError(display, 1, "YAML error: " + " ".join(str(exc).split())))
        return None
    return node


def _locate_yaml_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, str, str]:
    """The line an editor should look at, the problem, and a hint.

    PyYAML reports where parsing stopped, which for a missing closing quote
    can be lines after the quote that was left open.
    """
    mark = exc.problem_mark or exc.context_mark
    # At the end of the stream the mark can sit on a line after the last one.
    line = min(mark.line + 1 if mark else 1, len(re.split(r"\r\n|\r|\n", text.rstrip("\r\n"))))
    problem = exc.problem or "is not valid YAML"
    context = exc.context or ""
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark:
        return exc.context_mark.line + 1, "a quoted value is not closed", "add the closing quote"
    opened = _runaway_quote(text, line)
    if opened:
        return opened, f"the quoted value that starts on this line runs on to line {line}", \
            "a closing quote is probably missing"
    bad_line = (text.splitlines()[line - 1 : line] or [""])[0]
    if "\t" in bad_line:
        return line, problem, "indent with spaces, not tabs"
    if "flow" in context and exc.context_mark:
        return line, problem, f"the bracket opened on line {exc.context_mark.line + 1} is probably not closed"
    return line, problem, _yaml_hint(problem)


def _runaway_quote(text: str, error_line: int) -> int:
    """The line of a quoted value that spans lines and ends where parsing failed (0 if none)."""
    found = 0
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.line + 1 > error_line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") \
                    and token.start_mark.line < token.end_mark.line and token.end_mark.line + 1 == error_line:
                found = token.start_mark.line + 1
    except yaml.YAMLError:
        pass  # the scanner may fail before the parser did; what was found so far still counts
    return found


def _first_alias(text: str) -> Optional[tuple[int, str]]:
    """The line and name of the first alias (*name) in a YAML text."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1, event.anchor
    except yaml.YAMLError:
        return None
    return None


def _yaml_hint(problem: str) -> str:
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "end of the stream" in problem or "unexpected end" in problem:
        return "a quote or bracket is probably not closed"
    if "mapping values are not allowed" in problem:
        return "check this line's indentation, or put text containing ': ' in quotes"
    return ""


def _load_item(path: Path, project_dir: Path, cls: type, what: str, errors: list[ContentError],
               extra: Optional[dict] = None) -> Any:
    display = os.path.relpath(path, project_dir)
    node = read_yaml(path, display, errors)
    if node is None:
        return None
    reader = _Reader(display, errors)
    if not reader.check_no_aliases(node, text=lambda: path.read_text(encoding="utf-8")):
        return None
    return reader.item(node, cls, what, extra)


def load(project_dir: str | Path, content_dir: str | Path = "content") -> m.Model:
    """Load every content file; raise ContentErrors listing every problem."""
    project = Path(project_dir).resolve()
    content = (project / content_dir).resolve()
    errors: list[ContentError] = []
    if not content.is_dir():
        raise ContentErrors([ContentError(os.path.relpath(content, project), 0, "content folder not found")])

    def one(name: str, cls: type, what: str, required: bool = True) -> Any:
        path = content / name
        if not path.exists():
            if required:
                errors.append(ContentError(os.path.relpath(path, project), 0, f"{what} file is missing"))
            return cls()
        return _load_item(path, project, cls, what, errors)

    briefing = one("briefing.yaml", m.Briefing, "briefing")
    timeline = one("timeline.yaml", m.Timeline, "timeline", required=False)
    entities = one("entities.yaml", m.Entities, "entities", required=False)
    discrepancies = one("discrepancies.yaml", m.Discrepancies, "discrepancies", required=False)

    def folder(name: str, cls: type, what: str) -> dict:
        items = {}
        base = content / name
        if not base.is_dir():
            return items
        for path in sorted(base.iterdir()):
            display = os.path.relpath(path, project)
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix != ".yaml":
                errors.append(ContentError(display, 0, f"not a .yaml file: every file in {name}/ must be one {what}",
                                           "rename it to .yaml" if path.suffix == ".yml" else "move it elsewhere"))
                continue
            problem = slug_problem(path.stem)
            if problem:
                errors.append(ContentError(display, 0, f"file name '{path.stem}' {problem}",
                                           f"the file name is the {what}'s id and page address"))
                continue
            item = _load_item(path, project, cls, what, errors, extra={"id": path.stem})
            if item is not None:
                items[path.stem] = item
        return items

    sources = folder("sources", m.Source, "source")
    themes = folder("themes", m.Theme, "theme")
    if errors:
        raise ContentErrors(errors)
    return m.Model(
        briefing=briefing, sources=sources, themes=themes, timeline=timeline, entities=entities,
        discrepancies=discrepancies, project_dir=str(project), content_dir=str(content),
    )
