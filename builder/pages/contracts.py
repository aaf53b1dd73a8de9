"""What each page template may use: its context (a dataclass of contexts.py) and what every template shares.

This is the one place a restyler reads (TEMPLATES.md is written from it by `make contracts`, and a test
keeps that file current). A template is rendered with its context's fields as variables, plus the
variables in SHARED and the filters and globals of the renderer (render.py); Jinja's StrictUndefined
makes a name not listed here an error, not an empty string.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path

from builder.pages import contexts as c
from builder.pages import releaseviews as rv
from builder.pages import views as v
from builder.pages import references

TEMPLATE_CONTEXTS: dict[str, type] = {
    "home.md.j2": c.HomeContext,
    "themes.md.j2": c.ThemesContext,
    "theme.md.j2": c.ThemeContext,
    "sources.md.j2": c.SourcesContext,
    "source.md.j2": c.SourceContext,
    "timeline.md.j2": c.TimelineContext,
    "discrepancies.md.j2": c.DiscrepanciesContext,
    "entities.md.j2": c.EntitiesContext,
    "entity.md.j2": c.EntityContext,
    "sourcing.md.j2": c.SourcingContext,
    "methodology.md.j2": c.MethodologyContext,
    "changes.md.j2": c.ChangesContext,
    "briefing.json.j2": c.DataContext,
    "feed.xml.j2": c.FeedContext,
    "print.md.j2": c.PrintContext,
    "briefing-print.css.j2": c.PrintStyleContext,
    "data.txt.j2": c.TextContext,
    "robots.txt.j2": c.RobotsContext,
}
"""Each page template and the context class it is rendered with."""

SHARED: dict[str, str] = {
    "page": "The page being rendered (pages/site.py Page): src_uri, url, title, template, kind, item_id.",
    "refs": "The page's reference list (pages/references.py PageReferences): `entries`, every key its texts cite, "
            "numbered in order of first citation by the references pass before any template runs "
            "(references.cited_texts: which texts each kind of page shows, in that order).",
    "linked_entities": "The entity ids already linked on this page (the first mention of each is linked).",
}
"""Variables every page template receives besides its context's fields."""

FILTERS: dict[str, str] = {
    "md": "Markdown of the content to HTML, as a block; each citation becomes a link with the number `refs` gives it.",
    "md_inline": "The same, inline (no paragraph).",
    "heading": "A title made safe to stand after a Markdown '#'.",
    "url": "A site address made relative to the page being rendered (works under any sub-path).",
    "tojson_sorted": "JSON with sorted keys (the same bytes on every build).",
    "plain": "Text of the content without its citations and Markdown marks.",
    "number": "A number as readers of the language write it: 15,000; 2.5 (15.000; 2,5 in German).",
    "counted": "'1 source', '2 sources': a count with its English noun (for readers' words, ngettext).",
    "css_string": "Text made safe inside a CSS string.",
    "css_content": "A catalogue string as the value of CSS `content`, each %(name)s as counter(name).",
    "date_text": "A date as precisely as it is known, in the readers' language: 1 November 2025, autumn 2025.",
    "precision": "How precisely a date is known, in words: to the day, to the season...",
    "quoted": "A text between the language's quotation marks.",
    "listed": "Items listed as the language lists them: A, B and C.",
    "joined": "Items set apart by the language's separator: a; b.",
    "describe": "A page's description (50-300 characters, cut at a word) from texts in order of preference.",
}
"""The renderer's own filters (besides Jinja's)."""

GLOBALS: dict[str, str] = {
    "reliability_labels": "Source reliability letters A-F and their words.",
    "credibility_labels": "Claim credibility grades 1-6 and their words.",
    "address": "The site's addresses (model/urls.py Addresses): address.page(kind, id), address.claim(key)...",
    "urls": "The address and anchor rules (model/urls.py): page kinds and anchor names.",
    "publication": "Who publishes the briefing (contexts.publication): publisher, authors, contact, licence.",
    "head": "head(page, description): the front matter that describes a page (metadata: Open Graph, JSON-LD...).",
    "briefing_title": "The briefing's title.",
    "_": "A catalogue string in the readers' language: _(\"Sources\"), with variables _(\"by %(who)s\", who=...).",
    "gettext": "The same as _.",
    "ngettext": "ngettext(singular, plural, n, ...): the form for n, %(num)s being n as the language writes it.",
    "pgettext": "pgettext(context, message, ...): a catalogue string told apart by its context.",
    "npgettext": "npgettext(context, singular, plural, n, ...): both.",
    "language": "The readers' language (model/language.py Language): code, rtl, date(), number()...",
    "labels": "The words for the model's values in the readers' language (model/labels.py Labels): claim types, grades...",
    "colon": "What stands between a label and what follows it: ': ' (' : ' in French).",
    "defined": "defined(scale, value=none): the address, from this page, of where the methodology page defines a scale "
               "('confidence', 'grading'...) or one of its values.",
}
"""The renderer's globals that every template may read (render.py may add helpers for its own macros)."""


def field_docs(cls: type) -> dict[str, str]:
    """The docstring written under each field of a dataclass, read from its source ('' where there is none)."""
    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for statement, following in zip(body, [*body[1:], None], strict=True):
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            text = following.value.value if isinstance(following, ast.Expr) \
                and isinstance(following.value, ast.Constant) and isinstance(following.value.value, str) else ""
            docs[statement.target.id] = " ".join(text.split())
    return docs


def _type_name(annotation: object) -> str:
    return annotation if isinstance(annotation, str) else getattr(annotation, "__name__", repr(annotation))


def views_used(cls: type, seen: set[type] | None = None) -> list[type]:
    """The view dataclasses of contexts.py, views.py and releaseviews.py a context reaches through its fields' types, in the order met."""
    seen = seen if seen is not None else set()
    found: list[type] = []
    for field in dataclasses.fields(cls):
        annotation = str(field.type)
        for name, value in {**vars(v), **vars(rv), **vars(c)}.items():
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value not in seen \
                    and not name.endswith("Context") and name in annotation.replace("rv.", "").replace("c.", "").replace("v.", ""):
                seen.add(value)
                found.append(value)
                found += views_used(value, seen)
    return found


def _fields_table(cls: type) -> list[str]:
    docs = field_docs(cls)
    rows = ["| field | type | what it holds |", "|---|---|---|"]
    for field in dataclasses.fields(cls):
        kind = _type_name(field.type).replace("|", "\\|")  # the annotation as written in contexts.py
        rows.append(f"| `{field.name}` | `{kind}` | {docs.get(field.name) or '—'} |")
    return rows


def markdown() -> str:
    """TEMPLATES.md: every template's context, the views it reaches, and what all templates share."""
    out = ["# Template contexts", "",
           "What each page template of the generator receives. Generated from `builder/pages/contracts.py` "
           "and the context classes of `builder/pages/contexts.py` (with the shared views of `builder/pages/views.py`) by `make contracts`; do not edit by hand. "
           "A project's `templates/` folder may replace any of these templates (see README, Restyling); a "
           "replacement receives the same variables, and a name not listed here is an error "
           "(Jinja's StrictUndefined).", "",
           "## What every page template receives", "",
           "| variable | what it holds |", "|---|---|",
           *[f"| `{name}` | {text} |" for name, text in SHARED.items()], "",
           "Filters: " + "; ".join(f"`{name}` ({text.rstrip('.')})" for name, text in FILTERS.items()) + ".", "",
           "Globals: " + "; ".join(f"`{name}` ({text.rstrip('.')})" for name, text in GLOBALS.items()) + ".", ""]
    refs = references.PageReferences
    out += [f"### `refs`: {refs.__name__}", "", " ".join(str(refs.__doc__).split()), "", *_fields_table(refs), ""]
    views: list[type] = []
    for template, cls in TEMPLATE_CONTEXTS.items():
        out += [f"## `{template}`: {cls.__name__}", ""]
        if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):
            out += [" ".join(cls.__doc__.split()), ""]
        out += [*_fields_table(cls), ""]
        views += [v for v in views_used(cls, set(views)) if v not in views]
    views += [v for v in views_used(refs, set(views)) if v not in views]  # the reference list's entries
    out += ["## The views the contexts hold", ""]
    for cls in views:
        out += [f"### {cls.__name__}", ""]
        if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):
            out += [" ".join(cls.__doc__.split()), ""]
        out += [*_fields_table(cls), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def write(path: Path) -> bool:
    """Write TEMPLATES.md; whether it changed."""
    text = markdown()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
