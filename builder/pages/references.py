"""The references pass: every citation of every page resolved and numbered once, before any template runs.

As Sphinx resolves its cross references in a pass of their own, after every document is read and before
any is written, this pass runs once the briefing is loaded and checked (pages/prepare.py), before a single
template. For each page that shows cited texts it walks those texts in the order the page shows them and
gives each cited key (source-id#claim-id, or a source id) a number at its first citation: 1, 2, 3..., the
same number wherever the key is cited again on that page. What it makes is plain data, a PageReferences per
page: the reference list (contexts.Reference: the number, the anchor, the source, the claim, the address).

Templates only print it: the `md` filter writes each citation group as the numbers and links it is given,
and _references.md.j2 lists the entries. Numbering never depends on the order in which templates happen
to render, and a citation a page's pass did not number is an error (Unnumbered), not a number made up
while rendering. A citation of an unknown source or claim is the checks' diagnostic (checks/rules.py), at
its YAML line; the pass meets none, and says so loudly if it ever does (Unresolved).

The one thing the pass knows of the templates is which cited texts each kind of page shows, in which
order (cited_texts): the order in which the generator's templates show them. A restyled template that
shows them in another order shows the same numbers, in that order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from builder.model import items as m
from builder.model import urls
from builder.model.xref import Xref
from builder.pages import views as v
from builder.pages import site as site_mod


class Unresolved(LookupError):
    """A citation of a source or claim the briefing does not hold, met by the pass: the checks report
    every such citation at its line first, so this is a fault of the generator, not of the content."""


class Unnumbered(LookupError):
    """A page's template shows a citation its references pass did not number (a text the page's kind does
    not show, per cited_texts)."""


@dataclass(frozen=True)
class PageReferences:
    """One page's reference list: each key its texts cite, numbered in order of first citation."""

    entries: tuple[v.Reference, ...] = ()
    """The numbered entries, 1 first."""
    by_key: dict[str, v.Reference] = field(default_factory=dict)
    """Each cited key (source-id#claim-id, or a source id) and its entry."""

    def __bool__(self) -> bool:
        return bool(self.entries)

    def entry(self, key: str) -> v.Reference:
        """The entry of a cited key; Unnumbered when the pass did not number it on this page."""
        try:
            return self.by_key[key]
        except KeyError:
            raise Unnumbered(f"'[@{key}]' is cited in a text this page does not show with its citations "
                             "(references.cited_texts lists the texts each kind of page numbers)") from None


NONE = PageReferences()
"""The references of a page that shows no cited text."""


def number(texts: Iterable[str], xref: Xref, views: v.Views) -> PageReferences:
    """The reference list of a page showing these texts, in this order."""
    entries: list[v.Reference] = []
    by_key: dict[str, v.Reference] = {}
    for text in texts:
        for group in xref.groups(text):
            for cite in group.citations:
                if cite.key in by_key:
                    continue
                source = views.sources.get(cite.source)
                claim = views.claims.get(cite.key) if cite.claim else None
                if source is None or (cite.claim is not None and claim is None):
                    raise Unresolved(f"'[@{cite.key}]' names no source or claim of the briefing, and the checks let "
                                     "it through")
                entry = v.Reference(len(entries) + 1, urls.reference_anchor(len(entries) + 1), source, claim,
                                    views.address.claim(cite.key),
                                    views.labels.reliability(source.source.reliability.grade))
                entries.append(entry)
                by_key[cite.key] = entry
    return PageReferences(tuple(entries), by_key)


def _theme_texts(theme: m.Theme) -> list[str]:
    """A theme as its page shows it: the bottom line, each section, what to watch."""
    return [theme.bottom_line, *(section.body for section in theme.sections), *theme.watch_next]


def cited_texts(model: m.Model) -> Iterator[tuple[str, Sequence[str]]]:
    """Each page that shows cited texts (by src_uri) and those texts, in the order the page shows them."""
    briefing = model.briefing
    themes = model.themes_in_order()
    front = [text for text in (briefing.description, *(kj.text for kj in briefing.key_judgements)) if text]
    events = [event.text for event in site_mod.events_in_order(model)]
    disagreements = [text for disc in model.discrepancies.discrepancies
                     for text in (*(value.text for value in disc.values), disc.note) if text]
    yield urls.page_file(urls.HOME), front
    yield urls.page_file(urls.THEMES), [theme.bottom_line for theme in themes]
    for theme in themes:
        yield urls.page_file(urls.THEME, theme.id), _theme_texts(theme)
    for source in model.sources.values():
        yield urls.page_file(urls.SOURCE, source.id), [source.summary, *source.key_points]
    yield urls.page_file(urls.TIMELINE), events
    yield urls.page_file(urls.DISCREPANCIES), disagreements
    yield urls.page_file(urls.PRINT), [*front, *(text for theme in themes for text in _theme_texts(theme)),
                                       *disagreements, *events]


def resolve(model: m.Model, xref: Xref, views: v.Views) -> dict[str, PageReferences]:
    """The pass: every page's reference list, by the page's src_uri (pages citing nothing are left out)."""
    found = {}
    for src_uri, texts in cited_texts(model):
        references = number(texts, xref, views)
        if references:
            found[src_uri] = references
    return found
