"""Quick fixes for the diagnostics of `briefing check`, offered where they are shown.

- a quote that is not in the archived text: replace it with the closest passage of that text;
- an unknown entity in `by` or `about`: add it to entities.yaml, or the last file of entities/ (its name and role
  still to write);
- a citation of an unknown source: start that source's file, as `briefing new source` writes it;
- a misspelt id or field name that the message's hint names: write the name it suggests.

Each works from the diagnostic the checks found at that line (the same message the command line
prints) and the model; the edits are made in the editor's buffers, as any other edit.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from collections.abc import Callable

from lsprotocol import types as lsp

from builder.checks.rules import PLACEHOLDER
from builder.editor import scaffold
from builder.editor.analysis import Snapshot
from builder.editor.assist import Docs, declaration, lsp_diagnostics, source_path, span_of, uri_of
from builder.model import items as m
from builder.model import ids
from builder.model import schema
from builder.model.diagnostics import Diagnostic
from builder.sources import archive
from builder.sources import quotes

_MISQUOTE = re.compile(r"quote of claim '([^']+)' is not in the archived text")
_UNKNOWN_ENTITY = re.compile(r"unknown entity '([^']+)' in '(?:by|about)'")
_UNKNOWN_SOURCE = re.compile(r"citation to unknown source '([^']+)'")
_SUGGESTION = re.compile(r"did you mean '([^']+)'\?")


def code_actions(docs: Docs, snapshot: Snapshot, path: str, first: int, last: int) -> list[lsp.CodeAction]:
    """The fixes for the diagnostics on lines `first` to `last` (from 0) of a file."""
    actions = []
    for found in snapshot.diagnostics.get(docs.project.shown(path), []):
        if not first <= max(0, found.line - 1) <= last:
            continue
        for make in _FIXES:
            action = make(docs, snapshot, path, found)
            if action is not None:
                action.diagnostics = lsp_diagnostics(docs, path, [found])
                actions.append(action)
    return actions


def _quote_span(docs: Docs, path: str, claim_id: str) -> tuple[int, int, int, int] | None:
    """Where a claim's quote value is written: first line and column, last line and column."""
    found = declaration(docs, path, ("claims", "id"), claim_id)
    if found is None:
        return None
    outline = docs.outline(path)
    entry = outline.entry_start(found[0])
    quote = next((f for f in outline.fields(entry, outline.line(found[0]).column) if f.key == "quote"), None)
    if quote is None:
        return None
    lines = outline.value_lines(quote.number)
    return quote.number, quote.value_column, lines[-1], len(outline.lines[lines[-1]].rstrip())


def replace_misquote(docs: Docs, snapshot: Snapshot, path: str, found: Diagnostic) -> lsp.CodeAction | None:
    match = _MISQUOTE.match(found.message)
    kind = docs.project.kind_of(path)
    if not match or kind is None or kind[0] is not m.Source:
        return None
    model = snapshot.model
    source = model.sources.get(kind[2] or "")
    claim = source.claim(match.group(1)) if source else None
    if source is None or claim is None or archive.folder_problem(model.briefing.archive) or archive.file_problem(source.archive):
        return None
    text = archive.Folder(model.project_dir, model.briefing.archive).read(source.archive, quotes.normalise)
    span = _quote_span(docs, path, claim.id)
    if text is None or span is None:
        return None
    passage = quotes.closest_passage(text.normalised, claim.quote)
    edit = lsp.TextEdit(docs.range(path, span[0], span[1], span[3], span[2]), json.dumps(passage, ensure_ascii=False))
    return lsp.CodeAction(f"Replace the quote with the closest passage: \"{_short(passage)}\"",
                          kind=lsp.CodeActionKind.QuickFix, is_preferred=True,
                          edit=lsp.WorkspaceEdit(changes={uri_of(path): [edit]}))


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def add_entity(docs: Docs, snapshot: Snapshot, path: str, found: Diagnostic) -> lsp.CodeAction | None:
    match = _UNKNOWN_ENTITY.match(found.message)
    if not match:
        return None
    entity_id = match.group(1)
    # entities.yaml, or the last file of entities/ (a new one in it when it is empty)
    target = (docs.project.list_files("entities") or [str(docs.project.content / "entities" / "entities.yaml")])[-1]
    outline = docs.outline(target)
    first = next((p for p in outline.placed if p.entry_columns and outline.path(p.number) == ("entities", "id")), None)
    dash, key = (first.entry_columns[0], first.column) if first else (2, 4)
    name = " ".join(word.capitalize() for word in entity_id.split("-"))
    entry = (f"{' ' * dash}- id: {entity_id}\n{' ' * key}name: {name}\n{' ' * key}kind: person\n"
             f"{' ' * key}role: \"{PLACEHOLDER}: who or what it is, as of the sources (and its kind: "
             "person, organisation, place or group)\"\n")
    changes: list = []
    if outline.text.strip():
        last = len(outline.lines) - 1
        while last > 0 and not outline.lines[last].strip():
            last -= 1
        at = docs.position(target, last, len(outline.lines[last]))
        text = "\n" + entry.rstrip("\n")
    else:
        changes.append(lsp.CreateFile(uri_of(target), options=lsp.CreateFileOptions(ignore_if_exists=True)))
        at, text = lsp.Position(0, 0), "entities:\n" + entry
    changes.append(lsp.TextDocumentEdit(lsp.OptionalVersionedTextDocumentIdentifier(uri_of(target), None),
                                        [lsp.TextEdit(lsp.Range(at, at), text)]))
    return lsp.CodeAction(f"Add the entity '{entity_id}' to {os.path.relpath(target, docs.project.content)}",
                          kind=lsp.CodeActionKind.QuickFix,
                          edit=lsp.WorkspaceEdit(document_changes=changes))


def new_source_file(docs: Docs, snapshot: Snapshot, path: str, found: Diagnostic) -> lsp.CodeAction | None:
    match = _UNKNOWN_SOURCE.match(found.message)
    if not match:
        return None
    source_id = match.group(1)
    target = Path(source_path(docs.project, source_id))
    if target.exists() or ids.slug_problem(source_id):
        return None
    folder = snapshot.model.briefing.archive
    text, name = _archived_text(Path(snapshot.model.project_dir), folder, source_id)
    kind = next(k for k in schema.KINDS if k.cls is m.Source)
    skeleton = scaffold.source_skeleton(source_id, text, name, None,
                                        schema.modeline(target, docs.project.root, kind),
                                        archive_shown=f"{folder.rstrip('/')}/{name}")
    uri = uri_of(target)
    start = lsp.Position(0, 0)
    return lsp.CodeAction(
        f"Create the source file sources/{source_id}.yaml", kind=lsp.CodeActionKind.QuickFix,
        edit=lsp.WorkspaceEdit(document_changes=[
            lsp.CreateFile(uri, options=lsp.CreateFileOptions(ignore_if_exists=True)),
            lsp.TextDocumentEdit(lsp.OptionalVersionedTextDocumentIdentifier(uri, None),
                                 [lsp.TextEdit(lsp.Range(start, start), skeleton)])]))


_NO_TEXT_YET = (f"{PLACEHOLDER}: the headline\n{PLACEHOLDER}: a passage copied word for word from the article's "
                "archived text, once it is in the archive folder.\n")
"""What the new file is written from when the archive holds no text of that name: it loads, and says what to do."""


def _archived_text(project: Path, folder: str, source_id: str) -> tuple[str, str]:
    """The archived text named after the source, if the archive holds one, and the file name to give it."""
    if folder and not archive.folder_problem(folder):
        for suffix in archive.SUFFIXES:
            path = project / folder / f"{source_id}{suffix}"
            if path.is_file() and not path.is_symlink():
                return path.read_text(encoding="utf-8", errors="replace"), path.name
    return _NO_TEXT_YET, f"{source_id}.txt"


def use_suggestion(docs: Docs, snapshot: Snapshot, path: str, found: Diagnostic) -> lsp.CodeAction | None:
    """Write the id or field name the hint suggests ("did you mean 'x'?") in place of the one written."""
    suggestion = _SUGGESTION.search(found.hint)
    if not suggestion or not found.line:
        return None
    lines = docs.outline(path).lines
    line = found.line - 1
    if line >= len(lines):
        return None
    start, end = span_of(found, lines[line])
    written = lines[line][start:end]
    new = suggestion.group(1)
    if found.message.startswith("citation to unknown claim") and "#" not in new:
        new = f"{written.split('#')[0]}#{new}"
    elif found.message.startswith("citation to unknown source") and "#" in new and "#" not in written:
        new = new.split("#")[0]
    if not written or written == new or written not in found.message and "#" not in written:
        return None
    return lsp.CodeAction(f"Change '{written}' to '{new}'", kind=lsp.CodeActionKind.QuickFix, is_preferred=True,
                          edit=lsp.WorkspaceEdit(changes={uri_of(path): [
                              lsp.TextEdit(docs.range(path, line, start, end), new)]}))


_FIXES: tuple[Callable[[Docs, Snapshot, str, Diagnostic], lsp.CodeAction | None], ...] = (
    replace_misquote, add_entity, new_source_file, use_suggestion)
