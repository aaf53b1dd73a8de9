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
from builder.model import load
from builder.model import items as m
from builder.model import ids
from builder.model import schema
from builder.model import urls
from builder.checks.rules import PLACEHOLDER
from builder.model.diagnostics import Diagnostic, Problems
from builder.model.settings import Settings
from builder.sources import articles, webpage

# The order an editor fills a source in: who and when, then what it says.
# Fields missing here (added to the model later) follow in the model's order.
SOURCE_ORDER = ("title", "outlet", "author", "published", "url", "retrieved", "archived_url", "kind", "stance",
                "reliability", "independent_of", "shares_origin_with",
                "archive", "original", "summary", "key_points", "claims")

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


BODY_WORDS = 20
"""A page's first paragraph this long is its body: a headline, a standfirst or a caption is shorter."""


def body_sentence(text: str) -> str:
    """The first sentence of the first paragraph of BODY_WORDS words or more, else first_sentence()."""
    for line in _lines(text):
        end = _SENTENCE_END.search(line)
        if len(line.split()) >= BODY_WORDS and end and len(line[: end.end()].split()) >= 8:
            sentence = line[: end.end()]
            return sentence if len(sentence) <= QUOTE_MAX else sentence[:QUOTE_MAX].rsplit(" ", 1)[0]
    return first_sentence(text)


_ENDS_SENTENCE = re.compile(r"[.!?][\"'\u201d\u2019)]*$")
_HEADING_WORDS = 6
"""A line of a PDF shorter than this that ends no sentence is a heading, not part of a paragraph."""


def pdf_sentence(text: str) -> str:
    """The first sentence of eight words or more of a PDF's text, whose lines break inside sentences.

    Lines are joined into paragraphs (a heading, or a line that ends a sentence, closes one) and the
    paragraphs cut into sentences; joining lines with a space is what the quote check does too.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for line in _lines(text.replace(archive.PAGE_BREAK, "\n")):
        heading = len(line.split()) < _HEADING_WORDS and not _ENDS_SENTENCE.search(line)
        if heading:
            paragraphs += [" ".join(current), line] if current else [line]
            current = []
            continue
        current.append(line)
        if _ENDS_SENTENCE.search(line):
            paragraphs.append(" ".join(current))
            current = []
    paragraphs.append(" ".join(current))
    for paragraph in paragraphs:
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z\"\u201c(])", paragraph):
            if len(sentence.split()) >= 8 and _SENTENCE_END.search(sentence):
                return sentence if len(sentence) <= QUOTE_MAX else sentence[:QUOTE_MAX].rsplit(" ", 1)[0]
    return first_sentence(text)


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
    if kind.kind in ("int", "float") and field is not None and isinstance(field.default, int | float):
        return str(field.default)  # a field that cannot be null, such as a theme's order
    return "null"


def _item_lines(cls: type, values: dict[str, Any], indent: str, order: tuple[str, ...] = (),
                notes: dict | None = None) -> list[str]:
    """`field: value` lines of one item, each under a comment saying what the field is; `notes` (by field)
    are written after the value, on its line: where the value came from, or why it is unknown."""
    out: list[str] = []
    notes = notes or {}
    for field, kind in _ordered(cls, order):
        out.append(f"{indent}# {_describe(field, kind)}")
        if kind.kind == "item":
            out.append(f"{indent}{field.name}:")
            assert kind.cls is not None  # an item field names its class
            out += _item_lines(kind.cls, values.get(field.name, {}), indent + "  ", notes=notes.get(field.name))
        else:
            note = notes.get(field.name)
            out.append(f"{indent}{field.name}: {values.get(field.name, _empty_value(kind, field))}"
                       + (f"  # {' '.join(note.split())}" if note else ""))
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
              first_entry: tuple[str, type, dict, str], notes: dict | None = None) -> str:
    """A new file's text: the modeline and header comments, then every field, with one example entry of a list."""
    field, entry_cls, entry, what = first_entry
    body = _item_lines(cls, values, "", order, notes)
    at = body.index(f"{field}: []")
    body[at : at + 1] = [f"{field}:", *_entry_lines(entry_cls, entry, "  ", what)]
    described = f"# Every field is described in its comment here and in schemas/{schema}.schema.json."
    lines = [modeline, *header, described, ""]
    return "\n".join(lines + body) + "\n"


def source_skeleton(source_id: str, text: str, archive_name: str, url: str | None, modeline: str,
                    archive_shown: str, article: articles.Article | None = None,
                    original_name: str | None = None) -> str:
    """The text of a new source file for the article `text`; `article` adds what it states of itself."""
    title = title_of(text) or f"{PLACEHOLDER}: the headline"
    if article is not None and article.kind != "text":
        title = f"{PLACEHOLDER}: the headline"  # a page's first line is no headline: only what it states is
    quote = first_sentence(text)
    if article is not None and article.kind == "pdf":
        quote = pdf_sentence(text)
    elif article is not None and article.kind == "html":
        quote = body_sentence(text)
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
    notes: dict[str, Any] = {}
    if article is not None:
        notes = _stated_values(values, article, archive_name, original_name, url)
        if original_name:
            header[:2] = [f"# Source '{source_id}'. Its text is archived as {archive_shown}, extracted from the",
                          f"# original {original_name}, kept unchanged beside it and never quoted: every quote",
                          f"# below must be copied from {archive_name}, word for word."]
    return _skeleton(modeline, header, "source", m.Source, values, SOURCE_ORDER, ("claims", m.Claim, claim, "claim"),
                     notes)


def _stated_values(values: dict[str, Any], article: articles.Article, archive_name: str,
                   original_name: str | None, url: str | None) -> dict[str, Any]:
    """Fill `values` with what the article states of itself; the comments that say where each came from."""
    stated = article.stated
    notes: dict[str, Any] = {}
    if article.kind == "text":
        notes["title"] = "the text's first line: check that it is the headline"
    for name in ("title", "outlet", "author"):
        if name in stated:
            values[name] = _yaml_text(stated[name].value)
            notes[name] = f"from {stated[name].where}"
        elif name in article.notes:
            notes[name] = article.notes[name]
    published: dict[str, str] = {}
    if "published" in stated:
        found = stated["published"]
        values["published"]["date"] = _yaml_text(found.value)
        published["date"] = f"from {found.where}"
        if len(found.value) == len("YYYY-MM-DD"):
            values["published"]["inferred"] = "null"  # the article states it to the day
        else:
            values["published"]["inferred"] = _yaml_text(f"The text gives the month only ({found.where}).")
    elif "published" in article.notes:
        published["date"] = article.notes["published"]
    notes["published"] = published
    if article.url:
        values["url"] = _yaml_text(article.url)
        notes["url"] = "the address fetched" + (f", redirected from {article.requested}" if article.requested else "")
    elif url is None and "url" in stated:
        values["url"] = _yaml_text(stated["url"].value)
        notes["url"] = f"from {stated['url'].where}"
    if article.retrieved:
        values["retrieved"] = _yaml_text(article.retrieved.isoformat())
    if original_name:
        values["original"] = _yaml_text(original_name)
        notes["original"] = "the page as fetched or saved, byte for byte" if article.kind == "html" \
            else f"the PDF as fetched or saved, byte for byte ({article.pages} pages)"
        notes["archive"] = f"the text, extracted from {original_name} by {article.extracted_by}" + (
            "; a form feed ends each page" if article.kind == "pdf" else "")
    return notes


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
    problem = ids.slug_problem(theme_id)
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


def new_source(settings: Settings, source_id: str, given: str | Path, url: str | None = None) -> tuple[Path, ...]:
    """Archive the article's text (and its original page or PDF) and write the skeleton.

    `given` is a file (text, HTML or PDF) or an address. Problems, with nothing written, if anything is
    in the way: the cheap checks first, then reading or fetching the article. Returns the source file's
    path, then the archived files' paths.
    """
    project = settings.project_dir
    content = settings.content_dir
    problem = ids.slug_problem(source_id)
    if problem:
        raise Problems([Diagnostic("(command line)", 0, f"source id '{source_id}' {problem}",
                                   "the id is the file name and the page address: sources/<id>/")])
    given = str(given)
    if url is not None and urls.web_address_problem(url):
        raise Problems([Diagnostic("(command line)", 0, f"--url '{url}' {urls.web_address_problem(url)}",
                                   "give the full address, starting with https:// or http://")])
    if url is not None and articles.is_address(given):
        raise Problems([Diagnostic("(command line)", 0, "--url is for a file whose address is known; "
                                   f"the address of --from {given} is the one it is fetched from",
                                   "leave --url out")])
    if articles.is_address(given) and urls.web_address_problem(given):
        raise Problems([Diagnostic("(command line)", 0, f"--from '{given}' {urls.web_address_problem(given)}",
                                   "give the full address, starting with https:// or http://")])

    folder, folder_shown = _archive_folder(settings)
    archive_name = f"{source_id}.txt"
    archive_path = folder / archive_name
    source_path = content / "sources" / f"{source_id}.yaml"
    _refuse_existing(project, (source_path, archive_path))

    try:
        article = articles.read(given)
    except webpage.ImportProblem as refused:
        raise Problems([Diagnostic(given, 0, str(refused), refused.hint)]) from None
    original_name = f"{source_id}{article.original_suffix}" if article.original_suffix else None
    original_path = folder / original_name if original_name else None
    if original_path is not None:
        _refuse_existing(project, (original_path,))

    kind = next(k for k in schema.KINDS if k.cls is m.Source)
    skeleton = source_skeleton(
        source_id, article.text, archive_name, url,
        schema.modeline(source_path, project, kind),
        archive_shown=f"{folder_shown.rstrip('/')}/{archive_name}",
        article=article, original_name=original_name,
    )
    source_path.parent.mkdir(parents=True, exist_ok=True)
    # Byte for byte (the lock records the archive's SHA-256): a plain text as given, a page's text as extracted.
    files = [(archive_path, article.raw if article.kind == "text" else article.text.encode("utf-8"))]
    if original_path is not None:
        files.append((original_path, article.raw))  # the original, unchanged
    written: list[Path] = []
    try:
        for path, data in files:
            # Exclusive creation: a file that appeared since the check above is still not overwritten.
            with open(path, "xb") as out:
                written.append(path)
                out.write(data)
        with open(source_path, "x", encoding="utf-8") as out:
            out.write(skeleton)
    except OSError:
        for path in written:
            path.unlink()
        raise
    return (source_path, *(path for path, _ in files))


def _refuse_existing(project: Path, paths) -> None:
    refused = [Diagnostic(os.path.relpath(p, project), 0, "already exists; nothing was written",
                          "choose another id, or edit the existing file")
               for p in paths if p.exists()]
    if refused:
        raise Problems(refused)
