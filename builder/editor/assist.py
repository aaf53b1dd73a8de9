"""What the language server answers, worked out from one analysis and the texts the editor shows.

Diagnostics, hover, go to definition, find references, rename and the outline. The model (from the
loader of `briefing check`, see analysis.py) says what exists and what cites what; the texts say
where, in the editor's own buffers. Positions here are lines from 0 and columns in characters;
`Docs` turns them into the editor's units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterable

from lsprotocol import types as lsp

from builder.editor.analysis import Project, Snapshot
from builder.editor.outline import Outline
from builder.model import items as m
from builder.model import ids
from builder.model.diagnostics import Diagnostic
from builder.model.words import count
from builder.sources import lock as lock_mod
from builder.sources import quotes

ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_TOKEN = re.compile(r"[A-Za-z0-9_#@-]+")
_QUOTED = re.compile(r"'([^']+)'")

REFERENCES = {
    ("claims", "by"): "entity", ("claims", "about"): "entity", ("related",): "theme",
    ("claims", "corroborates"): "claim", ("independent_of", "source"): "source",
    ("shares_origin_with", "source"): "source",
}
"""Fields whose values name another item: the kind of item, by the field's path in its file."""


class Docs:
    """The texts the editor shows (its buffers over the files on disk) and positions in its units."""

    def __init__(self, project: Project, buffers: dict[str, str], units: Callable[[str], int] = len):
        self.project = project
        self.buffers = buffers
        self.units = units
        self._outlines: dict[str, Outline] = {}

    def text(self, path: str) -> str:
        return self.project.text_of(path, self.buffers)

    def outline(self, path: str) -> Outline:
        text = self.text(path)
        cached = self._outlines.get(path)
        if cached is None or cached.text != text:
            cached = self._outlines[path] = Outline(text)
        return cached

    def position(self, path: str, line: int, column: int) -> lsp.Position:
        lines = self.outline(path).lines
        text = lines[line] if 0 <= line < len(lines) else ""
        return lsp.Position(line, self.units(text[:column]))

    def range(self, path: str, line: int, start: int, end: int, end_line: int | None = None) -> lsp.Range:
        return lsp.Range(self.position(path, line, start), self.position(path, line if end_line is None else end_line, end))

    def location(self, path: str, line: int, start: int = 0, end: int = 0) -> lsp.Location:
        return lsp.Location(uri_of(path), self.range(path, line, start, end))


def uri_of(path: str | Path) -> str:
    return Path(path).as_uri()


# -- diagnostics ---------------------------------------------------------------------------------------
_SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
             "note": lsp.DiagnosticSeverity.Information}


def span_of(diagnostic: Diagnostic, text: str) -> tuple[int, int]:
    """The columns a diagnostic's line should mark: the value it names, else the line's text."""
    if not text.strip():
        return 0, 0
    message = diagnostic.message
    claim = re.match(r"citation to unknown claim '([^']+)' of source '([^']+)'", message)
    wanted = [f"{claim.group(2)}#{claim.group(1)}"] if claim else []
    wanted += _QUOTED.findall(message)
    for value in wanted:
        for found in re.finditer(re.escape(value), text):
            before = text[found.start() - 1] if found.start() else " "
            after = text[found.end()] if found.end() < len(text) else " "
            if not (before.isalnum() or after.isalnum() or after == "-" and "-" not in value[-1:]):
                return found.start(), found.end()
    start = len(text) - len(text.lstrip())
    return start, len(text.rstrip())


def lsp_diagnostics(docs: Docs, path: str, found: Iterable[Diagnostic]) -> list[lsp.Diagnostic]:
    """The diagnostics of one file as the editor shows them: its line, the value it names, the hint after."""
    out = []
    lines = docs.outline(path).lines
    for d in found:
        line = max(0, d.line - 1)
        text = lines[line] if line < len(lines) else ""
        start, end = span_of(d, text) if d.line else (0, 0)
        message = f"{d.message} ({d.hint})" if d.hint else d.message
        out.append(lsp.Diagnostic(docs.range(path, line, start, end), message, _SEVERITY[d.severity],
                                  source="briefing"))
    return out


# -- what is under the cursor --------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """An item named at the cursor: a claim (source#claim), a source, an entity or a theme, or a field."""

    kind: str  # "claim", "source", "entity", "theme", "field"
    name: str  # the id (for a claim, the claim id), or the field's name
    source: str = ""  # for a claim: its source's id
    line: int = 0
    start: int = 0  # the columns of the id at the cursor
    end: int = 0
    declared: bool = False  # the cursor is on the item's own id, where it is defined
    path: tuple[str, ...] = ()  # for a field: the keys down to it

    def declared_in(self, project: Project, path: str, keys: tuple[str, ...]) -> bool:
        """Whether the field at `keys` of file `path` is where this item's id is defined."""
        if self.kind == "claim":
            return keys == ("claims", "id") and path == source_path(project, self.source)
        if self.kind == "entity":
            return keys == ("entities", "id") and path in project.list_files("entities")
        return False


def target_at(docs: Docs, path: str, line: int, column: int) -> Target | None:
    """The item whose id is under the cursor, or the field whose name is."""
    outline = docs.outline(path)
    if line >= len(outline.lines):
        return None
    text = outline.lines[line]
    token = next((t for t in _TOKEN.finditer(text) if t.start() <= column <= t.end()), None)
    placed = outline.line(line)
    if placed.kind == "key" and placed.column <= column <= placed.column + len(placed.key):
        return Target("field", placed.key, line=line, start=placed.column, end=placed.column + len(placed.key),
                      path=outline.path(line))
    if token is None:
        return None
    if token.group().startswith("@"):
        return _cited(token.group()[1:], line, token.start() + 1, column)
    return _named(docs, path, outline, line, token, column)


def _cited(key: str, line: int, start: int, column: int) -> Target | None:
    """A citation's key: the source when the cursor is on its id, else the claim."""
    match = re.fullmatch(rf"({ID})(?:#({ID}))?", key)
    if not match:
        return None
    source, claim = match.group(1), match.group(2)
    if claim is None or column <= start + len(source):
        return Target("source", source, line=line, start=start, end=start + len(source))
    return Target("claim", claim, source, line, start + len(source) + 1, start + len(key))


def _named(docs: Docs, path: str, outline: Outline, line: int, token: re.Match, column: int) -> Target | None:
    """An id in a field that names an item (by, about, corroborates, related...) or defines one (id)."""
    keys = outline.path(line)
    kind = REFERENCES.get(keys[-2:]) or REFERENCES.get(keys[-1:])
    if kind == "claim":
        return _cited(token.group(), line, token.start(), column)
    if kind:
        return Target(kind, token.group(), line=line, start=token.start(), end=token.end())
    if keys[-1:] != ("id",) or outline.line(line).kind != "key":
        return None
    file_kind = docs.project.kind_of(path)
    if file_kind and file_kind[0] is m.Source and keys == ("claims", "id"):
        return Target("claim", token.group(), file_kind[2] or "", line, token.start(), token.end(), declared=True)
    if file_kind and file_kind[0] is m.Entities and keys == ("entities", "id"):
        return Target("entity", token.group(), line=line, start=token.start(), end=token.end(), declared=True)
    return None


# -- where items are defined ---------------------------------------------------------------------------
def source_path(project: Project, source_id: str) -> str:
    return str(project.content / "sources" / f"{source_id}.yaml")


def declaration(docs: Docs, path: str, keys: tuple[str, ...], value: str) -> tuple[int, int, int] | None:
    """The line and columns of `key: value` at that path in a file (a claim's id, an entity's id)."""
    outline = docs.outline(path)
    for placed in outline.placed:
        if placed.kind == "key" and placed.key == keys[-1]:
            written = outline.lines[placed.number][placed.value_column:].split("#")[0].strip().strip("\"'")
            if written == value and outline.path(placed.number) == keys:
                start = outline.lines[placed.number].index(value, placed.value_column)
                return placed.number, start, start + len(value)
    return None


def definition(docs: Docs, target: Target) -> lsp.Location | None:
    project = docs.project
    if target.kind == "claim":
        path = source_path(project, target.source)
        found = declaration(docs, path, ("claims", "id"), target.name)
        return docs.location(path, *found) if found else None
    if target.kind == "source":
        path = source_path(project, target.name)
        return docs.location(path, 0) if Path(path).exists() or path in docs.buffers else None
    if target.kind == "entity":
        for path in project.list_files("entities"):  # entities.yaml, or each file of entities/
            found = declaration(docs, path, ("entities", "id"), target.name)
            if found:
                return docs.location(path, *found)
        return None
    if target.kind == "theme":
        path = str(project.content / "themes" / f"{target.name}.yaml")
        return docs.location(path, 0) if Path(path).exists() or path in docs.buffers else None
    return None


# -- references and rename -----------------------------------------------------------------------------
def _key_pattern(source: str, claim: str | None) -> re.Pattern:
    """A claim's key (source#claim), or any key of a source (source#..., @source), as written in any text."""
    if claim:
        return re.compile(rf"(?<![\w#@-])@?(?P<source>{re.escape(source)})#(?P<claim>{re.escape(claim)})(?![\w-])")
    return re.compile(rf"(?<![\w#@-])(?:@(?P<cited>{re.escape(source)})(?=[#;\]\s]|$)|(?P<source>{re.escape(source)})#{ID})")


def occurrences(docs: Docs, target: Target) -> list[tuple[str, int, int, int]]:
    """Every place that names a claim, a source or an entity: (file, line, start, end of the id itself)."""
    found = []
    needle = target.source or target.name
    home = source_path(docs.project, needle) if target.kind in ("claim", "source") else ""
    for path in docs.project.content_files(docs.buffers):
        text = docs.text(path)
        if needle not in text and path != home:
            continue
        if target.kind in ("claim", "source"):
            found += _keys_in(path, text, target)
        found += _fields_naming(docs, path, target)
    return found


def _keys_in(path: str, text: str, target: Target) -> list[tuple[str, int, int, int]]:
    group = "claim" if target.kind == "claim" else "source"
    pattern = _key_pattern(target.source or target.name, target.name if target.kind == "claim" else None)
    out = []
    for number, line in enumerate(text.split("\n")):
        for match in pattern.finditer(line):
            which = group if match.group(group) is not None else "cited"
            out.append((path, number, match.start(which), match.end(which)))
    return out


def _fields_naming(docs: Docs, path: str, target: Target) -> list[tuple[str, int, int, int]]:
    """Ids in fields that name an item of the target's kind (by, about, a relation's source), and its own id."""
    outline = docs.outline(path)
    out = []
    for placed in outline.placed:
        if placed.kind not in ("key", "entry"):
            continue
        keys = outline.path(placed.number)
        kind = REFERENCES.get(keys[-2:]) or REFERENCES.get(keys[-1:])
        own = target.declared_in(docs.project, path, keys)
        if kind != target.kind and not own or kind == "claim":
            continue
        for number in outline.value_lines(placed.number):
            line = outline.lines[number]
            begin = placed.value_column if number == placed.number else 0
            for token in re.finditer(ID, line[begin:].split(" #")[0]):
                if token.group() == target.name and not line[begin + token.end():].startswith("#"):
                    out.append((path, number, begin + token.start(), begin + token.end()))
    return out


def references(docs: Docs, target: Target, include_declaration: bool = True) -> list[lsp.Location]:
    places = sorted(set(occurrences(docs, target)))
    if target.kind == "source" and include_declaration:
        path = source_path(docs.project, target.name)
        if Path(path).exists() or path in docs.buffers:
            places.insert(0, (path, 0, 0, 0))
    if not include_declaration:
        places = [p for p in places if not _is_declaration(docs, target, p)]
    return [docs.location(path, line, start, end) for path, line, start, end in places]


def _is_declaration(docs: Docs, target: Target, place: tuple[str, int, int, int]) -> bool:
    path, line, _, _ = place
    outline = docs.outline(path)
    return outline.line(line).kind == "key" and target.declared_in(docs.project, path, outline.path(line))


class RenameRefused(Exception):
    """Why an id cannot be renamed as asked (shown to the editor)."""


def rename(docs: Docs, snapshot: Snapshot, target: Target, new: str, versions: dict[str, int],
           rename_files: bool = True) -> lsp.WorkspaceEdit:
    """One edit that renames a claim or source id in every file that names it, the quote lock included."""
    problem = ids.slug_problem(new)
    if problem:
        raise RenameRefused(f"'{new}' {problem}")
    model = snapshot.model
    if target.kind == "claim":
        source = model.sources.get(target.source)
        if source is not None and source.claim(new) is not None:
            raise RenameRefused(f"source '{target.source}' already has a claim '{new}'")
        keys = {f"{target.source}#{target.name}": f"{target.source}#{new}"}
    elif target.kind == "source":
        if new in model.sources or Path(source_path(docs.project, new)).exists():
            raise RenameRefused(f"there is already a source '{new}'")
        if not rename_files:
            raise RenameRefused("renaming a source renames its file, which this editor cannot do through the "
                                "language server")
        old_source = model.sources.get(target.name)
        keys = {c.key: ids.claim_key(new, c.id) for c in old_source.claims} if old_source else {}
    else:
        raise RenameRefused("only claim and source ids can be renamed")
    edits: dict[str, list[lsp.TextEdit]] = {}
    for path, line, start, end in sorted(set(occurrences(docs, target))):
        edits.setdefault(path, []).append(lsp.TextEdit(docs.range(path, line, start, end), new))
    lock_edit = _lock_renamed(docs, snapshot, keys)
    if lock_edit:
        edits.setdefault(lock_edit[0], []).append(lock_edit[1])
    changes: list = [lsp.TextDocumentEdit(lsp.OptionalVersionedTextDocumentIdentifier(uri_of(path), versions.get(path)),
                                          found) for path, found in edits.items()]
    if target.kind == "source":
        old = source_path(docs.project, target.name)
        changes.append(lsp.RenameFile(uri_of(old), uri_of(source_path(docs.project, new))))
    return lsp.WorkspaceEdit(document_changes=changes)


def _lock_renamed(docs: Docs, snapshot: Snapshot, keys: dict[str, str]) -> tuple[str, lsp.TextEdit] | None:
    """The quote lock with renamed claims' entries under their new keys (the quotes are the same quotes)."""
    path = quotes.lock_path(snapshot.model)
    recorded, problems = lock_mod.read(path, lock_mod.NAME)
    if problems or not any(key in recorded.quotes for key in keys):
        return None
    recorded.quotes = {keys.get(key, key): entry for key, entry in recorded.quotes.items()}
    lines = docs.outline(str(path)).lines
    whole = docs.range(str(path), 0, 0, len(lines[-1]), len(lines) - 1)
    return str(path), lsp.TextEdit(whole, recorded.text())


def prepare_rename(target: Target | None) -> tuple[int, int, int, str] | None:
    if target is None or target.kind not in ("claim", "source"):
        return None
    return target.line, target.start, target.end, target.name


# -- hover ---------------------------------------------------------------------------------------------
def _grade(snapshot: Snapshot, source: m.Source, claim: m.Claim | None) -> str:
    """The grade the site shows, with its words: F3 (reliability cannot be judged; possibly true)."""
    try:
        grade = snapshot.sourcing().grade(source, claim)
    except KeyError:  # a claim the derived grades do not know yet (the model has errors)
        grade = source.reliability.grade + (str(claim.credibility or 6) if claim else "")
    words = [m.RELIABILITY_LABELS.get(grade[0], "")]
    if len(grade) > 1 and grade[1:].isdigit():
        words.append(m.CREDIBILITY_LABELS.get(int(grade[1:]), ""))
    return f"{grade} ({'; '.join(w for w in words if w)})"


def _source_lines(snapshot: Snapshot, source: m.Source, claim: m.Claim | None = None) -> list[str]:
    date = source.published.date.display if source.published.date else "date unknown"
    by = f" by {source.author}" if source.author and source.author.lower() != "unknown" else ""
    outlet = source.outlet if source.outlet_known else "outlet unknown"
    return [f"*{source.title}*", "", f"{outlet}{by}, {date} · grade {_grade(snapshot, source, claim)}"]


def hover_text(snapshot: Snapshot, target: Target, root: type | None = None) -> str | None:
    model = snapshot.model
    if target.kind == "claim":
        source = model.sources.get(target.source)
        claim = source.claim(target.name) if source else None
        if source is None or claim is None:
            return None
        by = f", by {', '.join(claim.by)}" if claim.by else ""
        quote = " ".join(claim.quote.split())
        return "\n".join([f"**{claim.key}** ({claim.type}{by})", "", claim.text.strip(), "", f"> {quote}", "",
                          *_source_lines(snapshot, source, claim), "", _cited_by(snapshot, claim.key)])
    if target.kind == "source":
        source = model.sources.get(target.name)
        if source is None:
            return None
        return "\n".join([f"**{source.id}**", "", *_source_lines(snapshot, source), "",
                          f"{len(source.claims)} claims; archived text: {source.archive}", "",
                          _cited_by(snapshot, source.id)])
    if target.kind == "entity":
        return _entity_text(snapshot, target.name)
    if target.kind == "theme":
        theme = model.themes.get(target.name)
        return f"**{theme.title}** (theme, confidence {theme.confidence})\n\n{theme.bottom_line.strip()}" if theme else None
    if target.kind == "field" and root is not None:
        return _field_text(target, root)
    return None


def _cited_by(snapshot: Snapshot, key: str) -> str:
    places = snapshot.xref.cited_by_source.get(key) if "#" not in key else snapshot.xref.cited_by_claim.get(key)
    if not places:
        return "Not cited anywhere yet."
    return "Cited by: " + "; ".join(f"{p.title} ({p.kind})" for p in places[:8]) + ("; ..." if len(places) > 8 else "")


def _entity_text(snapshot: Snapshot, entity_id: str) -> str | None:
    from builder.pages.mentions import Mentions

    model = snapshot.model
    entity = next((e for e in model.entities.entities if e.id == entity_id), None)
    if entity is None:
        return None
    by = [c.key for c in model.claims() if entity_id in c.by]
    about = [c.key for c in model.claims() if entity_id in c.about]
    mentions = Mentions([entity])
    texts = sorted({f"{p.field.path}:{p.field.line_at(0, model.project_dir)}" for p in snapshot.xref.fields
                    if entity_id in mentions.ids(p.field.text)})
    also = f" (also: {', '.join(entity.aliases)})" if entity.aliases else ""
    places = "  \n".join((_listed("Makes", "claim", by), _listed("Subject of", "claim", about),
                          _listed("Named in", "text", texts)))
    return f"**{entity.name}**{also} — {entity.kind}\n\n{entity.role}\n\n{places}"


def _listed(verb: str, noun: str, found: list[str], shown: int = 6) -> str:
    """'Makes 2 claims: a, b', 'Named in no text.'"""
    if not found:
        return f"{verb} no {noun}."
    more = ", ..." if len(found) > shown else ""
    return f"{verb} {count(len(found), noun)}: {', '.join(found[:shown])}{more}"


def _field_text(target: Target, root: type) -> str | None:
    from builder.editor.complete import field_of

    found = field_of(root, target.path)
    if found is None:
        return None
    field, kind = found
    text = f"**{target.name}**: {field.metadata.get('help', '')}"
    choices = kind.inner.choices if kind.kind == "optional" and kind.inner else kind.choices
    if choices:
        text += "\n\nOne of: " + ", ".join(map(str, choices))
    return text


# -- outline -------------------------------------------------------------------------------------------
ENTRIES = {"claims": ("id", "text"), "sections": ("heading", None), "entities": ("id", "name"),
           "events": ("date", "text"), "discrepancies": ("id", "question"), "key_judgements": ("id", "text"),
           "values": ("label", "text")}
"""List fields shown as their entries in the outline: the field naming each entry, and one describing it."""


def symbols(docs: Docs, path: str) -> list[lsp.DocumentSymbol]:
    """The outline of a content file: its top-level fields, the entries of its lists (claims, sections...)."""
    outline = docs.outline(path)
    tops = [p for p in outline.placed if p.kind == "key" and p.column == 0 and not p.entry_columns]
    out = []
    for i, top in enumerate(tops):
        last = (tops[i + 1].number if i + 1 < len(tops) else len(outline.lines)) - 1
        last = _last_written(outline, top.number, last)
        children = _entries(docs, path, outline, top, last) if top.key in ENTRIES else []
        value = _value(outline, top.number)
        kind = lsp.SymbolKind.Array if children else lsp.SymbolKind.Field
        out.append(lsp.DocumentSymbol(top.key, kind, docs.range(path, top.number, 0, len(outline.lines[last]), last),
                                      docs.range(path, top.number, 0, len(top.key)), detail=value[:80] or None,
                                      children=children or None))
    return out


def _last_written(outline: Outline, first: int, last: int) -> int:
    while last > first and not outline.lines[last].strip():
        last -= 1
    return last


def _value(outline: Outline, number: int) -> str:
    placed = outline.line(number)
    if placed.value_column < 0:
        return ""
    text = " ".join(outline.lines[n][placed.value_column if n == number else 0:].strip()
                    for n in outline.value_lines(number))
    return text.strip().strip("\"'") if not text.startswith((">", "|")) else text[2:].strip()


def _entries(docs: Docs, path: str, outline: Outline, top, last: int) -> list[lsp.DocumentSymbol]:
    name_key, detail_key = ENTRIES[top.key]
    starts = [p.number for p in outline.placed[top.number + 1:last + 1] if p.entry_columns
              and outline.entry_start(p.number) == p.number and outline.path(p.number)[:1] == (top.key,)
              and len(outline.path(p.number)) <= 2]
    out = []
    for i, start in enumerate(starts):
        end = _last_written(outline, start, (starts[i + 1] - 1) if i + 1 < len(starts) else last)
        fields = {f.key: f for f in outline.fields(start, outline.line(start).column)}
        name_line = fields.get(name_key)
        name = _value(outline, name_line.number) if name_line else f"{top.key} {i + 1}"
        detail = _value(outline, fields[detail_key].number) if detail_key and detail_key in fields else ""
        where = name_line or outline.line(start)
        out.append(lsp.DocumentSymbol(
            name or f"{top.key} {i + 1}", lsp.SymbolKind.Object,
            docs.range(path, start, 0, len(outline.lines[end]), end),
            docs.range(path, where.number, where.column, len(outline.lines[where.number])), detail=detail[:80] or None))
    return out
