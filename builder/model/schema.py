"""JSON Schemas for the content files, generated from the dataclasses in `model.py`.

The schemas serve editors, not the build: a YAML language server reads the
`# yaml-language-server: $schema=...` line at the top of a content file and
offers completion, the `help` texts and inline errors while typing. They are
made from the same field types the loader converts by, and a test keeps the
committed files equal to freshly generated ones.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any
from collections.abc import Callable, Mapping

from builder.model import items as m
from builder.model import ids

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = "schemas"
MODELINE_PREFIX = "# yaml-language-server:"

# The YAML language server reads dates as text (YAML 1.2), the loader as dates
# or years (YAML 1.1); both forms must pass, as the loader lets them.
_SIMPLE_DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_DATE = (rf"{_SIMPLE_DATE}(?:/{_SIMPLE_DATE})?|\d{{3}}0s|"
         r"(?:[Ee]arly|[Mm]id|[Ll]ate|[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)[ -]\d{4}")
_SLUG = ids.SLUG_PATTERN.pattern.strip("^$")


@dataclasses.dataclass(frozen=True)
class Kind:
    """One kind of content file: its schema's name, its class, and where such files live."""

    name: str
    cls: type
    title: str
    glob: str  # relative to the content folder
    split: str = ""  # where the files of a list split into a folder live (load.SPLITTABLE), relative to it too

    @property
    def filename(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def globs(self) -> tuple[str, ...]:
        return (self.glob, self.split) if self.split else (self.glob,)


KINDS = (
    Kind("briefing", m.Briefing, "Briefing (content/briefing.yaml)", "briefing.yaml"),
    Kind("source", m.Source, "Source (content/sources/<id>.yaml)", "sources/*.yaml"),
    Kind("theme", m.Theme, "Theme (content/themes/<id>.yaml)", "themes/*.yaml"),
    Kind("timeline", m.Timeline, "Timeline (content/timeline.yaml)", "timeline.yaml", "timeline/*.yaml"),
    Kind("entities", m.Entities, "Entities (content/entities.yaml)", "entities.yaml", "entities/*.yaml"),
    Kind("discrepancies", m.Discrepancies, "Discrepancies (content/discrepancies.yaml)", "discrepancies.yaml",
         "discrepancies/*.yaml"),
)


def _int_schema(kind: m.FieldType, meta: Mapping[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer"}
    for bound in ("minimum", "maximum"):
        if bound in meta:
            schema[bound] = meta[bound]
    return schema


def _date_schema(kind: m.FieldType, meta: Mapping[str, Any]) -> dict[str, Any]:
    pattern = f"^(?:{_DATE}|unknown)$" if meta.get("unknown_ok") else f"^{_DATE}$"
    return {"anyOf": [{"type": "string", "pattern": pattern},
                      {"type": "integer", "minimum": 1000, "maximum": 9999}]}


_SCALARS: dict[str, Callable[[m.FieldType, Mapping[str, Any]], dict[str, Any]]] = {
    "choice": lambda kind, meta: {"enum": list(kind.choices)},
    "date": _date_schema,
    "slug": lambda kind, meta: {"type": "string", "pattern": f"^{_SLUG}$", "maxLength": ids.SLUG_MAX_LENGTH,
                                "not": {"enum": sorted(ids.RESERVED_SLUGS)}},
    "citekey": lambda kind, meta: {"type": "string", "pattern": f"^{_SLUG}#{_SLUG}$"},
    "text": lambda kind, meta: {"type": "string", "pattern": r"\S"},
    "int": _int_schema,
    "float": lambda kind, meta: {"type": "number"},
}
"""The schema of each field type that holds one value, by the type's kind."""


class _Generator:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def type_schema(self, kind: m.FieldType, field: dataclasses.Field[Any] | None = None) -> dict[str, Any]:
        meta = field.metadata if field is not None else {}
        if kind.kind == "optional":
            assert kind.inner is not None
            schema = self.type_schema(kind.inner, field)
            return {"anyOf": [*schema.get("anyOf", [schema]), {"type": "null"}]} \
                if set(schema) <= {"anyOf"} else {"anyOf": [schema, {"type": "null"}]}
        if kind.kind == "list":
            assert kind.inner is not None
            items = self.type_schema(kind.inner)
            if meta.get("one_or_more"):
                return {"anyOf": [items, {"type": "array", "items": items}]}
            return {"type": "array", "items": items}
        if kind.kind in _SCALARS:
            return _SCALARS[kind.kind](kind, meta)
        if kind.kind == "item":
            assert kind.cls is not None
            name = kind.cls.__name__
            if name not in self.defs:
                self.defs[name] = {}  # reserve first: a class may refer to itself
                self.defs[name] = self.object_schema(kind.cls)
            return {"$ref": f"#/$defs/{name}"}
        raise TypeError(f"no JSON Schema for field type {kind!r}")  # a bug in model.py

    def object_schema(self, cls: type) -> dict[str, Any]:
        properties: dict[str, dict[str, Any]] = {}
        required = []
        for field, kind in m.editable_fields(cls):
            schema = self.type_schema(kind, field)
            help_text = field.metadata.get("help")
            if help_text:
                schema = {"description": help_text, **schema}
            properties[field.name] = schema
            if field.metadata.get("required"):
                required.append(field.name)
        schema = {"type": "object", "properties": properties, "additionalProperties": False}
        if required:
            schema["required"] = required
        return schema


def generate(kind: Kind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of content file."""
    generator = _Generator()
    body = generator.object_schema(kind.cls)
    schema = {"$schema": DRAFT, "title": kind.title,
              "description": f"Generated from builder/model/items.py ({kind.cls.__name__}) by `briefing schema`; "
                             "do not edit by hand.",
              **body}
    if generator.defs:
        schema["$defs"] = dict(sorted(generator.defs.items()))
    return schema


def render(kind: Kind) -> str:
    return json.dumps(generate(kind), indent=2, ensure_ascii=False) + "\n"


def write_all(project_dir: str | Path) -> list[Path]:
    """Write every schema into <project>/schemas/; return the files that changed."""
    folder = Path(project_dir) / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    changed = []
    for kind in KINDS:
        path = folder / kind.filename
        text = render(kind)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale(project_dir: str | Path) -> list[Path]:
    """Schema files that are missing or differ from what `generate` makes now."""
    folder = Path(project_dir) / SCHEMA_DIR
    return [folder / k.filename for k in KINDS
            if not (folder / k.filename).exists()
            or (folder / k.filename).read_text(encoding="utf-8") != render(k)]


def kind_of(relpath: str) -> Kind | None:
    """The kind of a content file from its path relative to the content folder."""
    path = Path(relpath)
    for kind in KINDS:
        if any(path.match(glob) and len(path.parts) == len(Path(glob).parts) for glob in kind.globs):
            return kind
    return None


def modeline(content_file: Path, project_dir: Path, kind: Kind) -> str:
    """The comment that points a YAML language server at the file's schema."""
    target = Path(project_dir).resolve() / SCHEMA_DIR / kind.filename
    relative = os.path.relpath(target, Path(content_file).resolve().parent)
    return f"{MODELINE_PREFIX} $schema={Path(relative).as_posix()}"


def with_modeline(text: str, line: str) -> str:
    """The text with its first line set to `line`: replaced if it is a modeline, else added."""
    first, newline, rest = text.partition("\n")
    if first.startswith(MODELINE_PREFIX):
        return line + newline + rest if newline else line + "\n"
    return line + "\n" + text


def add_modelines(project_dir: str | Path, content_dir: str = "content") -> list[Path]:
    """Add or update the modeline of every content file; return the files that changed."""
    project = Path(project_dir).resolve()
    content = project / content_dir
    changed = []
    for kind in KINDS:
        for path in sorted(p for glob in kind.globs for p in content.glob(glob)):
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            updated = with_modeline(text, modeline(path, project, kind))
            if updated != text:
                path.write_text(updated, encoding="utf-8")
                changed.append(path)
    return changed
