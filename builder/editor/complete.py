"""Completion while typing: citations, ids, field names, allowed values and verbatim quotes.

- `[@` offers the sources (with title and outlet), `[@id#` that source's claims (with their text);
- a field that names an item (`about:`, `by:`, `related:`, `corroborates:`, a relation's `source:`)
  offers the ids of that kind of item;
- where a field name goes, the fields of the item there (each with its help text), and after a
  field with a fixed set of values (claim type, confidence, likelihood, grades) those values;
- in a claim's `quote:`, the sentences of its source's archived text that hold what has been typed
  so far, so that a quote is picked from the text rather than retyped.

The fields and their values come from the model's dataclasses (items.py), as the loader and the
JSON Schemas read them.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types as lsp

from builder.editor.assist import REFERENCES, Docs
from builder.editor.analysis import Snapshot
from builder.editor.outline import Outline, Place, place
from builder.model import items as m
from builder.sources import archive
from builder.sources import quotes

MAX_SENTENCES = 50
"""The most sentences offered for a quote at once (the list is worked out again as more is typed)."""


# -- the model's fields --------------------------------------------------------------------------------
def _unwrap(kind: m.FieldType) -> m.FieldType:
    while kind.kind in ("optional", "list") and kind.inner is not None:
        kind = kind.inner
    return kind


def class_at(root: type, keys: tuple[str, ...]) -> type | None:
    """The item class of the mapping at `keys` in a file whose top is `root` (None when that is no item)."""
    cls: type | None = root
    for key in keys:
        fields = {f.name: kind for f, kind in m.editable_fields(cls)} if cls else {}
        if key not in fields or _unwrap(fields[key]).kind != "item":
            return None
        cls = _unwrap(fields[key]).cls
    return cls


def field_of(root: type, keys: tuple[str, ...]) -> tuple[dataclasses.Field, m.FieldType] | None:
    """The field at `keys` (the last key, in the item the others lead to), with its type."""
    cls = class_at(root, keys[:-1]) if keys else None
    if cls is None:
        return None
    return next(((f, kind) for f, kind in m.editable_fields(cls) if f.name == keys[-1]), None)


# -- completion ----------------------------------------------------------------------------------------
def completions(docs: Docs, snapshot: Snapshot, path: str, line: int, column: int) -> lsp.CompletionList:
    """What may be typed at the cursor."""
    outline = docs.outline(path)
    cited = open_citation(outline, line, column)
    if cited is not None:
        return lsp.CompletionList(False, _cite_items(docs, snapshot, path, line, column, *cited))
    kind = docs.project.kind_of(path)
    if kind is None or line >= len(outline.lines):
        return lsp.CompletionList(False, [])
    at = place(outline, line, column)
    if at.on_key and class_at(kind[0], at.path) is not None:
        return lsp.CompletionList(False, _field_items(docs, path, outline, kind[0], at))
    return _value_items(docs, snapshot, path, kind, at)


def open_citation(outline: Outline, line: int, column: int) -> tuple[str | None, str] | None:
    """In an unclosed citation before the cursor: (the source id when a claim id is being typed, what is typed)."""
    before = outline.lines[line][:column]
    opened = before.rfind("[")
    if opened < 0 or "]" in before[opened:]:
        if "]" in before:
            return None
        earlier = "\n".join(outline.lines[max(0, line - 3):line])  # a citation can wrap in a folded text
        opened_before = earlier.rfind("[")
        if opened_before < 0 or "]" in earlier[opened_before:] or not earlier[opened_before + 1:].lstrip().startswith("@"):
            return None
        group = before
    else:
        group = before[opened + 1:]
        if not group.lstrip().startswith("@"):
            return None
    part = group.split(";")[-1].strip()
    if part and not part.startswith("@") or " " in part:
        return None
    body = part[1:]
    if "#" in body:
        source, typed = body.split("#", 1)
        return source, typed
    return None, body


def _edit(docs: Docs, path: str, line: int, start: int, end: int, text: str) -> lsp.TextEdit:
    return lsp.TextEdit(docs.range(path, line, start, end), text)


def _cite_items(docs: Docs, snapshot: Snapshot, path: str, line: int, column: int, source_id: str | None,
                typed: str) -> list[lsp.CompletionItem]:
    start = column - len(typed)
    if source_id is None:
        return [_source_item(docs, path, line, start, column, source, source.id)
                for source in snapshot.model.sources.values()]
    source = snapshot.model.sources.get(source_id)
    return [_claim_item(docs, path, line, start, column, claim, claim.id) for claim in source.claims] if source else []


def _source_item(docs: Docs, path: str, line: int, start: int, end: int, source: m.Source,
                 text: str) -> lsp.CompletionItem:
    date = source.published.date.iso if source.published.date else "unknown"
    return lsp.CompletionItem(
        source.id, kind=lsp.CompletionItemKind.Reference, detail=f"{source.label} · {date}",
        label_details=lsp.CompletionItemLabelDetails(description=source.outlet if source.outlet_known else None),
        documentation=lsp.MarkupContent(lsp.MarkupKind.Markdown, f"*{source.title}*\n\n{source.outlet}, {date} · "
                                        f"{len(source.claims)} claims"),
        text_edit=_edit(docs, path, line, start, end, text), filter_text=source.id, sort_text=source.id)


def _claim_item(docs: Docs, path: str, line: int, start: int, end: int, claim: m.Claim,
                text: str) -> lsp.CompletionItem:
    quote = " ".join(claim.quote.split())
    return lsp.CompletionItem(
        claim.id, kind=lsp.CompletionItemKind.Value, detail=" ".join(claim.text.split())[:100],
        documentation=lsp.MarkupContent(lsp.MarkupKind.Markdown, f"{claim.text.strip()}\n\n> {quote}\n\n({claim.type})"),
        text_edit=_edit(docs, path, line, start, end, text), filter_text=text, sort_text=f"{claim.loc.line:08d}")


def _field_items(docs: Docs, path: str, outline: Outline, root: type, at: Place) -> list[lsp.CompletionItem]:
    cls = class_at(root, at.path)
    if cls is None:
        return []
    present = {f.key for f in outline.fields(at.line, at.column)} if at.line < len(outline.placed) else set()
    placed = outline.line(at.line)
    current = placed.key if placed.kind == "key" and at.word_start == placed.column else ""
    items = []
    for i, (field, kind) in enumerate(m.editable_fields(cls)):
        if field.name in present and field.name != current:
            continue
        nested = _unwrap(kind).kind == "item"
        required = "required" if field.metadata.get("required") else "optional"
        if current:  # renaming the field name that is there: the colon and value stay
            edit = _edit(docs, path, at.line, placed.column, placed.column + len(current), field.name)
        else:
            edit = _edit(docs, path, at.line, at.word_start, at.word_start + len(at.word),
                         f"{field.name}:" if nested else f"{field.name}: ")
        items.append(lsp.CompletionItem(
            field.name, kind=lsp.CompletionItemKind.Field, detail=f"{cls.__name__} field ({required})",
            documentation=field.metadata.get("help", ""), sort_text=f"{i:03d}", text_edit=edit))
    return items


def _value_items(docs: Docs, snapshot: Snapshot, path: str, kind: tuple, at: Place) -> lsp.CompletionList:
    root, _, file_id = kind
    if at.path == ("claims", "quote") and root is m.Source:
        return lsp.CompletionList(True, quote_items(docs, snapshot, path, file_id, at))
    refers = REFERENCES.get(at.path[-2:]) or REFERENCES.get(at.path[-1:])
    if refers:
        return lsp.CompletionList(False, _id_items(docs, snapshot, path, at, refers))
    found = field_of(root, at.path)
    if found is None:
        return lsp.CompletionList(False, [])
    field, field_kind = found
    return lsp.CompletionList(False, _choice_items(docs, path, at, field, _unwrap(field_kind)))


def _id_items(docs: Docs, snapshot: Snapshot, path: str, at: Place, refers: str) -> list[lsp.CompletionItem]:
    model = snapshot.model
    line, start, end = at.line, at.word_start, at.word_start + len(at.word)
    if refers == "entity":
        return [lsp.CompletionItem(e.id, kind=lsp.CompletionItemKind.Reference, detail=f"{e.name} ({e.kind})",
                                   documentation=e.role, text_edit=_edit(docs, path, line, start, end, e.id))
                for e in model.entities.entities]
    if refers == "theme":
        return [lsp.CompletionItem(t.id, kind=lsp.CompletionItemKind.Reference, detail=t.title,
                                   text_edit=_edit(docs, path, line, start, end, t.id)) for t in model.themes.values()]
    if refers == "claim" and "#" in at.word:
        source = model.sources.get(at.word.split("#")[0])
        start += len(at.word.split("#")[0]) + 1
        return [_claim_item(docs, path, line, start, end, c, c.id) for c in source.claims] if source else []
    suffix = "#" if refers == "claim" else ""
    return [_source_item(docs, path, line, start, end, s, s.id + suffix) for s in model.sources.values()]


def _choice_items(docs: Docs, path: str, at: Place, field: dataclasses.Field,
                  kind: m.FieldType) -> list[lsp.CompletionItem]:
    """The allowed values of a field: its choices (claim types, confidence, likelihood...), or a grade's numbers."""
    if kind.kind == "choice":
        values = [(str(choice), "") for choice in kind.choices]
        if field.name == "grade":
            values = [(letter, m.RELIABILITY_LABELS[letter]) for letter, _ in values]
    elif kind.kind == "int" and "minimum" in field.metadata:
        values = [(str(n), m.CREDIBILITY_LABELS.get(n, "")) for n in
                  range(field.metadata["minimum"], field.metadata["maximum"] + 1)]
    else:
        return []
    start = at.value_column if at.value_column >= 0 else at.word_start
    end = start + len(at.value_typed.rstrip()) if at.value_column >= 0 else at.word_start + len(at.word)
    return [lsp.CompletionItem(value, kind=lsp.CompletionItemKind.EnumMember, detail=label or None,
                               sort_text=f"{i:03d}", filter_text=value,
                               text_edit=_edit(docs, path, at.line, start, end, value))
            for i, (value, label) in enumerate(values)]


# -- quotes from the archived text ---------------------------------------------------------------------
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|No|Jr|Sr|vs|etc))\.?$")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """The sentences of an archived text, each paragraph (line) split after . ! or ? (not after U.S. or Mr.)."""
    out = []
    for paragraph in text.splitlines():
        paragraph = " ".join(paragraph.split())
        start = 0
        for end in _SENTENCE_END.finditer(paragraph):
            if _ABBREVIATION.search(paragraph[start:end.start() + 1]):
                continue
            out.append(paragraph[start:end.end()].strip())
            start = end.end()
        if paragraph[start:].strip():
            out.append(paragraph[start:].strip())
    return [s for s in out if len(s.split()) >= 3]


@dataclass(frozen=True)
class Sentence:
    """A sentence of an archived text, folded for matching as quotes are (lower-cased too), and where each
    folded character came from in the sentence as written."""

    text: str
    folded: str
    origins: tuple[int, ...]

    def continuation(self, folded_start: int) -> str:
        """The sentence as written from a place in its folded form."""
        return self.text[self.origins[folded_start]:] if folded_start < len(self.origins) else ""


def fold(text: str) -> tuple[str, tuple[int, ...]]:
    """`quotes.normalise` character by character, lower-cased, with the index each folded character came from."""
    out: list[str] = []
    origins: list[int] = []
    space = True
    for i, char in enumerate(text):
        folded = quotes.normalise(char)
        if not folded:  # whitespace: one space for a run of it
            if not space:
                out.append(" ")
                origins.append(i)
            space = True
            continue
        out += folded.lower()
        origins += [i] * len(folded)
        space = False
    return "".join(out), tuple(origins)


@functools.lru_cache(maxsize=32)
def _archived_sentences(path: str, mtime: int) -> tuple[Sentence, ...]:
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return tuple(Sentence(s, *fold(s)) for s in sentences(text))


def archived_sentences(snapshot: Snapshot, source_id: str, docs: Docs) -> tuple[Sentence, ...]:
    """A source's archived text as sentences, read by the archive folder's rules (as `briefing check` reads it)."""
    model = snapshot.model
    source = model.sources.get(source_id)
    name = source.archive if source else _written_archive(docs, source_id)
    folder = model.briefing.archive
    if not name or not folder or archive.folder_problem(folder) or archive.file_problem(name):
        return ()
    path = Path(model.project_dir) / folder / name
    if path.is_symlink() or not path.is_file():
        return ()
    return _archived_sentences(str(path), os.stat(path).st_mtime_ns)


def _written_archive(docs: Docs, source_id: str) -> str:
    """`archive:` as written in a source file that has not loaded yet."""
    from builder.editor.assist import source_path

    outline = docs.outline(source_path(docs.project, source_id))
    found = next((p for p in outline.placed if p.kind == "key" and p.column == 0 and p.key == "archive"), None)
    return outline.lines[found.number][found.value_column:].strip().strip("\"'") if found else ""


_WORD_END = re.compile(r"[\w-]*$")
_PLAIN_UNSAFE = re.compile(r": | #|^[-?:,\[\]{}#&*!|>'\"%@`]")


def quote_items(docs: Docs, snapshot: Snapshot, path: str, source_id: str, at: Place) -> list[lsp.CompletionItem]:
    """The rest of each sentence of the archived text that holds what the quote has so far.

    Each replaces only the word at the cursor (as every editor's completion does, whatever else it
    supports) with that word and the rest of the sentence as the article writes it, escaped for the
    quotes the value is written in; with nothing typed yet, whole sentences.
    """
    line_text = docs.outline(path).lines[at.line]
    typed, style = _typed_quote(at)
    if style is None:
        return []
    cursor = at.word_start + len(at.word)
    word = _WORD_END.findall(line_text[:cursor])[0]
    head, elision, tail = typed.rpartition("[...]")
    wanted = fold(tail)[0].lstrip()
    word_length = len(fold(word)[0])
    items: list[lsp.CompletionItem] = []
    seen: set[str] = set()
    for sentence in archived_sentences(snapshot, source_id, docs):
        found = sentence.folded.find(wanted) if wanted else 0
        if found < 0:
            continue
        rest = sentence.continuation(found + len(wanted) - word_length) if wanted else sentence.text
        if not rest or rest in seen:
            continue
        seen.add(rest)
        value = typed[:len(typed) - len(word)] + rest  # the quote as it will read
        new_text, extra = _written(docs, path, at, style, rest, line_text[cursor:], value if typed else "")
        items.append(lsp.CompletionItem(
            sentence.text if len(sentence.text) <= 90 else sentence.text[:89] + "\u2026", kind=lsp.CompletionItemKind.Text,
            detail="from the archived text", documentation=sentence.text, sort_text=f"{(found != 0):d}{len(items):03d}",
            filter_text=rest, text_edit=_edit(docs, path, at.line, cursor - len(word), cursor, new_text),
            additional_text_edits=extra))
        if len(items) == MAX_SENTENCES:
            break
    return items


def _typed_quote(at: Place) -> tuple[str, str | None]:
    """The quote as typed so far (as it reads, not as YAML escapes it), and how it is written:
    'double' or 'single' quoted, 'plain', or 'block' (on the lines under `quote: >-`); None for no quote."""
    if at.value_column < 0:
        return at.value_typed, "block"
    typed = at.value_typed.lstrip(" ")
    if typed.startswith((">", "|")):
        return "", None  # the text goes on the next lines
    if typed.startswith('"'):
        return typed[1:].replace('\\"', '"').replace("\\\\", "\\"), "double"
    if typed.startswith("'"):
        return typed[1:].replace("''", "'"), "single"
    return typed, "plain"


def _written(docs: Docs, path: str, at: Place, style: str, rest: str, after: str,
             value: str) -> tuple[str, list[lsp.TextEdit] | None]:
    """The rest of the sentence as the value's YAML writes it, closing its quote; any edit before it.

    `value`: the whole quote as it will read ('' when nothing of it was typed before)."""
    if style == "double":
        return json.dumps(rest, ensure_ascii=False)[1:-1] + ("" if after.startswith('"') else '"'), None
    if style == "single":
        return rest.replace("'", "''") + ("" if after.startswith("'") else "'"), None
    if style == "plain" and (not value or _PLAIN_UNSAFE.search(value)):  # quoted, so that YAML reads it whole
        opening = _edit(docs, path, at.line, at.value_column, at.value_column, '"') if value else None
        quoted = json.dumps(rest, ensure_ascii=False)
        return (quoted[1:] if value else quoted), [opening] if opening else None
    return rest, None
