"""`briefing new source`: start a source file from an article's text.

The skeleton is written from the dataclasses in `model.py` (every field an
editor can set, each with its `help` text as a comment), so it cannot fall
behind the model. It loads, checks and builds as it is: an editor starts
from a working file and replaces the placeholders.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path
from typing import Any

import yaml

from builder.sources import archive
from builder.checks import links
from builder.model import load
from builder.model import items as m
from builder.model import schema
from builder.checks.rules import PLACEHOLDER
from builder.model.diagnostics import Diagnostic, Problems
from builder.model.settings import Settings

# The order an editor fills a source in: who and when, then what it says.
# Fields missing here (added to the model later) follow in the model's order.
SOURCE_ORDER = ("title", "outlet", "author", "published", "url", "kind", "stance", "reliability",
                "independent_of", "shares_origin_with",
                "archive", "summary", "key_points", "claims")

QUOTE_MAX = 300
"""Longest example quote taken from the text; longer first sentences are cut at a word."""

_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*(?=\s|$)")


def _yaml_text(text: str) -> str:
    """A YAML scalar for any text: plain when that reads back the same, else double-quoted."""
    if re.fullmatch(r"[A-Za-z][\w ,.'()\-]*", text) and yaml.safe_load(text) == text and ": " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)  # JSON strings are valid YAML double-quoted scalars


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def title_of(text: str) -> str:
    """The first non-empty line that has a letter or digit in it (skips stray '×' lines)."""
    for line in _lines(text):
        if any(ch.isalnum() for ch in line):
            return line
    return ""


def first_sentence(text: str) -> str:
    """The first sentence of the first line that reads as prose: eight words or more, ending a sentence.

    Headlines, bylines and share buttons come before the prose in a scraped page;
    they are rarely eight words long and rarely end with a full stop.
    """
    lines = [l for l in _lines(text) if len(l.split()) >= 8]
    line = next((l for l in lines if _SENTENCE_END.search(l)), lines[0] if lines else title_of(text))
    end = _SENTENCE_END.search(line)
    sentence = line[: end.end()] if end else line
    if len(sentence) > QUOTE_MAX:
        sentence = sentence[:QUOTE_MAX].rsplit(" ", 1)[0]
    return sentence


def _describe(field: dataclasses.Field, kind: m.FieldType) -> str:
    """The comment for one field: its help, the allowed values, and whether it is required."""
    text = field.metadata.get("help", "")
    if kind.kind == "optional":
        assert kind.inner is not None
        kind = kind.inner
    if kind.kind == "choice" and not all(str(c) in text for c in kind.choices):
        text += " One of: " + ", ".join(map(str, kind.choices)) + "."
    if field.metadata.get("required"):
        text += " (required)"
    elif "required" not in text:
        text += " (optional)"
    return text.strip()


def _ordered(cls: type, order: tuple[str, ...] = ()) -> list[tuple[dataclasses.Field, m.FieldType]]:
    fields = {f.name: (f, kind) for f, kind in m.editable_fields(cls)}
    names = [n for n in order if n in fields] + [n for n in fields if n not in order]
    return [fields[n] for n in names]


def _empty_value(kind: m.FieldType, field: dataclasses.Field | None = None) -> str:
    """How the skeleton writes an optional field left empty: its default, or null, or []."""
    if kind.kind == "list":
        return "[]"
    if kind.kind in ("int", "float") and field is not None and isinstance(field.default, (int, float)):
        return str(field.default)  # a field that cannot be null, such as a theme's order
    return "null"


def _item_lines(cls: type, values: dict[str, Any], indent: str, order: tuple[str, ...] = ()) -> list[str]:
    """`field: value` lines of one item, each under a comment saying what the field is."""
    out: list[str] = []
    for field, kind in _ordered(cls, order):
        out.append(f"{indent}# {_describe(field, kind)}")
        if kind.kind == "item":
            out.append(f"{indent}{field.name}:")
            assert kind.cls is not None
            out += _item_lines(kind.cls, values.get(field.name, {}), indent + "  ")
        else:
            out.append(f"{indent}{field.name}: {values.get(field.name, _empty_value(kind, field))}")
    return out


def _entry_lines(cls: type, values: dict[str, str], indent: str, what: str) -> list[str]:
    """One entry of a list field (a claim, a section), with a legend of its fields above it."""
    fields = _ordered(cls)
    out = [f"{indent}# Each {what} has these fields:"]
    out += [f"{indent}#   {f.name}: {_describe(f, kind)}" for f, kind in fields]
    for i, (field, kind) in enumerate(fields):
        lead = "- " if i == 0 else "  "
        out.append(f"{indent}{lead}{field.name}: {values.get(field.name, _empty_value(kind, field))}")
    return out


def _skeleton(modeline: str, header: list[str], schema: str, cls: type, values: dict, order: tuple[str, ...],
              first_entry: tuple[str, type, dict, str]) -> str:
    """A new file's text: the modeline and header comments, then every field, with one example entry of a list."""
    field, entry_cls, entry, what = first_entry
    body = _item_lines(cls, values, "", order)
    at = body.index(f"{field}: []")
    body[at : at + 1] = [f"{field}:", *_entry_lines(entry_cls, entry, "  ", what)]
    described = f"# Every field is described in its comment here and in schemas/{schema}.schema.json."
    lines = [modeline, *header, described, ""]
    return "\n".join(lines + body) + "\n"


def source_skeleton(source_id: str, text: str, archive_name: str, url: str | None, modeline: str,
                    archive_shown: str) -> str:
    """The text of a new source file for the article `text`."""
    title = title_of(text) or f"{PLACEHOLDER}: the headline"
    quote = first_sentence(text)
    values: dict[str, Any] = {
        "title": _yaml_text(title),
        "outlet": "unknown",
        "author": "unknown",
        "published": {
            "date": "unknown",
            "inferred": _yaml_text(f"{PLACEHOLDER}: say how the date was inferred from the text, "
                                   "or why it cannot be, then give the date if it can."),
        },
        "url": _yaml_text(url) if url else "null",
        "kind": "news-report",
        "reliability": {
            "grade": "F",
            "reason": _yaml_text(f"{PLACEHOLDER}: one line on why this grade (F: cannot be judged)."),
        },
        "archive": _yaml_text(archive_name),
        "summary": _yaml_text(f"{PLACEHOLDER}: summarise the article in a few sentences, in our words."),
    }
    claim = {
        "id": "first-sentence",
        "type": "reported",
        "text": _yaml_text(f"{PLACEHOLDER}: the claim in our words, as one neutral, attributed sentence."),
        "quote": _yaml_text(quote),
    }
    header = [f"# Source '{source_id}'. Its full text is archived as {archive_shown};",
              "# every quote below must be copied from that file, word for word.",
              f"# Replace each {PLACEHOLDER} text, then run `briefing lock` and `briefing check`."]
    return _skeleton(modeline, header, "source", m.Source, values, SOURCE_ORDER, ("claims", m.Claim, claim, "claim"))


THEME_ORDER = ("title", "order", "bottom_line", "confidence", "confidence_reason", "likelihood", "sections",
               "watch_next", "related")


def theme_skeleton(theme_id: str, cite: str, modeline: str) -> str:
    """The text of a new theme file whose texts cite `cite` (an existing claim) until the editor's own replace them."""
    values = {
        "title": _yaml_text(f"{PLACEHOLDER}: the theme's title"),
        "bottom_line": _yaml_text(f"{PLACEHOLDER}: one paragraph, the bottom line, each statement citing its "
                                  f"evidence [@{cite}]."),
        "confidence": "low",
        "confidence_reason": _yaml_text(f"{PLACEHOLDER}: one line on why this confidence."),
    }
    section = {"heading": _yaml_text(f"{PLACEHOLDER}: a heading"),
               "body": "|\n      " + f"{PLACEHOLDER}: paragraphs in our words; each cites at least one claim [@{cite}]."}
    header = [f"# Theme '{theme_id}': one topic page (themes/{theme_id}/). Cite claims as [@source-id#claim-id];",
              f"# replace each {PLACEHOLDER} text and the example citation, then run `briefing check`."]
    return _skeleton(modeline, header, "theme", m.Theme, values, THEME_ORDER,
                     ("sections", m.Section, section, "section"))


def new_theme(settings: Settings, theme_id: str) -> Path:
    """Write content/themes/<id>.yaml; Problems if the id is bad, the file exists or nothing can be cited yet."""
    problem = m.slug_problem(theme_id)
    if problem:
        raise Problems([Diagnostic("(command line)", 0, f"theme id '{theme_id}' {problem}",
                                   "the id is the file name and the page address: themes/<id>/")])
    path = settings.content_dir / "themes" / f"{theme_id}.yaml"
    if path.exists():
        raise Problems([Diagnostic(os.path.relpath(path, settings.project_dir), 0, "already exists; nothing was written",
                                   "choose another id, or edit the existing file")])
    model = load.load(settings.project_dir, settings.content)
    first = next(model.claims(), None)
    if first is None:
        raise Problems([Diagnostic(os.path.relpath(settings.content_dir / "sources", settings.project_dir), 0,
                                   "a theme cites claims, and there is none yet",
                                   "add a source first: `briefing new source <id> --from article.txt`")])
    kind = next(k for k in schema.KINDS if k.cls is m.Theme)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as out:
        out.write(theme_skeleton(theme_id, first.key, schema.modeline(path, settings.project_dir, kind)))
    return path


def _archive_folder(settings: Settings) -> tuple[Path, str]:
    """The archive folder named in briefing.yaml, by the same rules `briefing check` applies."""
    briefing = load.load_briefing(settings.project_dir, settings.content)
    where = (briefing.loc.path, briefing.line_of("archive"))
    problem = archive.folder_problem(briefing.archive)
    if problem:
        raise Problems([Diagnostic(*where, f"'archive' {problem}, not '{briefing.archive}'")])
    folder = settings.project_dir / briefing.archive
    if not folder.is_dir():
        raise Problems([Diagnostic(*where, f"archive folder {briefing.archive} does not exist",
                                   "create it, or correct 'archive' in the briefing")])
    return folder, briefing.archive


def new_source(settings: Settings, source_id: str, text_file: str | Path, url: str | None = None) -> tuple[Path, Path]:
    """Copy the text into the archive and write the skeleton; Problems if anything is in the way."""
    project = settings.project_dir
    content = settings.content_dir
    problem = m.slug_problem(source_id)
    if problem:
        raise Problems([Diagnostic("(command line)", 0, f"source id '{source_id}' {problem}",
                                   "the id is the file name and the page address: sources/<id>/")])
    text_path = Path(text_file)
    if not text_path.is_file():
        raise Problems([Diagnostic(str(text_file), 0, "file not found",
                                   "give the article's text as a .txt file with --from")])
    raw = text_path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Problems([Diagnostic(str(text_file), 0, "file is not UTF-8 text",
                                   "save the article as UTF-8 plain text")]) from None
    if not text.strip():
        raise Problems([Diagnostic(str(text_file), 0, "file is empty")])
    if url is not None and links.web_address_problem(url):
        raise Problems([Diagnostic("(command line)", 0, f"--url '{url}' {links.web_address_problem(url)}",
                                   "give the full address, starting with https:// or http://")])

    folder, folder_shown = _archive_folder(settings)
    archive_name = f"{source_id}.txt"
    archive_path = folder / archive_name
    source_path = content / "sources" / f"{source_id}.yaml"
    refused = [Diagnostic(os.path.relpath(p, project), 0, "already exists; nothing was written",
                          "choose another id, or edit the existing file")
               for p in (source_path, archive_path) if p.exists()]
    if refused:
        raise Problems(refused)

    kind = next(k for k in schema.KINDS if k.cls is m.Source)
    skeleton = source_skeleton(
        source_id, text, archive_name, url,
        schema.modeline(source_path, project, kind),
        archive_shown=f"{folder_shown.rstrip('/')}/{archive_name}",
    )
    source_path.parent.mkdir(parents=True, exist_ok=True)
    # Exclusive creation: a file that appeared since the check above is still not overwritten.
    with open(archive_path, "xb") as out:
        out.write(raw)  # byte for byte: the lock records the archive's SHA-256
    try:
        with open(source_path, "x", encoding="utf-8") as out:
            out.write(skeleton)
    except OSError:
        archive_path.unlink()
        raise
    return source_path, archive_path
