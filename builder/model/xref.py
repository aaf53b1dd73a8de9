"""The cross-reference table: every Markdown field of the briefing, its citations parsed once.

Checks, sourcing, statistics, charts, pages and the renderer all need to know
what each text cites. They read it here; nothing else parses citations.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterator

from builder.model import citations
from builder.model import items as m
from builder.model import urls
from builder.model.yamlfile import line_in_text


@dataclass(frozen=True)
class MarkdownField:
    """One Markdown value somewhere in the model, with what a message needs to place it."""

    item: m.Item
    name: str
    text: str
    index: int | None = None  # position in a list field
    must_cite: str = ""  # what each paragraph must do, if anything ("paragraph", "text")

    @property
    def path(self) -> str:
        return self.item.loc.path

    def line_at(self, offset: int = 0, project_dir: str = "") -> int:
        """The line of a character of the value, also inside texts written over several lines."""
        key = self.name if self.index is None else f"{self.name}[{self.index}]"
        first = self.item.lines.get(key + "@")
        if first:
            return line_in_text(Path(project_dir) / self.path, first, self.text, offset,
                                self.item.lines.get(key + "@column", 0))
        return self.item.lines.get(key, self.item.line_of(self.name))


def markdown_fields(model: m.Model) -> Iterator[MarkdownField]:
    """Every Markdown field of the briefing, in page order."""
    b = model.briefing
    if b.description:
        yield MarkdownField(b, "description", b.description)
    for kj in b.key_judgements:
        yield MarkdownField(kj, "text", kj.text, must_cite="text")
    for source in model.sources.values():
        yield MarkdownField(source, "summary", source.summary)
        for i, point in enumerate(source.key_points):
            yield MarkdownField(source, "key_points", point, i)
    for theme in model.themes.values():
        yield MarkdownField(theme, "bottom_line", theme.bottom_line, must_cite="text")
        for section in theme.sections:
            yield MarkdownField(section, "body", section.body, must_cite="paragraph")
        for i, item in enumerate(theme.watch_next):
            yield MarkdownField(theme, "watch_next", item, i)
    for event in model.timeline.events:
        yield MarkdownField(event, "text", event.text, must_cite="text")
    for disc in model.discrepancies.discrepancies:
        if disc.note:
            yield MarkdownField(disc, "note", disc.note)
        for value in disc.values:
            yield MarkdownField(value, "text", value.text, must_cite="text")


@dataclass(frozen=True)
class Parsed:
    """One Markdown field and what its citations are."""

    field: MarkdownField
    groups: tuple[citations.CitationGroup, ...]
    problems: tuple[citations.Problem, ...]

    @property
    def keys(self) -> list[str]:
        return [cite.key for group in self.groups for cite in group.citations]


@dataclass(frozen=True)
class Backlink:
    """A place that cites something: the page it is on and what kind of item cites."""

    title: str
    target: urls.Target
    kind: str  # "theme", "key judgement", "timeline", "discrepancy", "briefing description"


def _backlinks(model: m.Model) -> dict[int, Backlink]:
    """The page each citing item is on, by the item's id(): one pass, not a scan per citation."""
    links: dict[int, Backlink] = {}
    for theme in model.themes.values():
        link = Backlink(theme.title, urls.Target(urls.THEME, theme.id), "theme")
        for item in (theme, *theme.sections):
            links.setdefault(id(item), link)
    for kj in model.briefing.key_judgements:
        links.setdefault(id(kj), Backlink("Key judgements", urls.Target(urls.HOME), "key judgement"))
    links[id(model.briefing)] = Backlink("Home", urls.Target(urls.HOME), "briefing description")
    for event in model.timeline.events:
        links.setdefault(id(event), Backlink("Timeline", urls.Target(urls.TIMELINE), "timeline"))
    discrepancies = Backlink("Discrepancies", urls.Target(urls.DISCREPANCIES), "discrepancy")
    for disc in model.discrepancies.discrepancies:
        for item in (disc, *disc.values):
            links[id(item)] = discrepancies
    return links


class Xref:
    """Every Markdown field parsed once, and who cites what."""

    def __init__(self, model: m.Model):
        self.fields: list[Parsed] = []
        self._by_text: dict[str, Parsed] = {}
        self._by_item: dict[int, list[Parsed]] = defaultdict(list)
        for mf in markdown_fields(model):
            parsed = self._by_text.get(mf.text)
            if parsed:
                groups, problems = parsed.groups, parsed.problems
            else:
                found, wrong = citations.parse(mf.text)
                groups, problems = tuple(found), tuple(wrong)
            parsed = Parsed(mf, groups, problems)
            self.fields.append(parsed)
            self._by_text.setdefault(mf.text, parsed)
            self._by_item[id(mf.item)].append(parsed)

        self.cited_by_claim: dict[str, list[Backlink]] = defaultdict(list)
        """Claim key (or source id, for a whole-source citation) -> the places citing it, in page order."""
        self.cited_by_source: dict[str, list[Backlink]] = defaultdict(list)
        """Source id -> the places citing it or any of its claims, in page order."""
        backlinks = _backlinks(model)
        for parsed in self.fields:
            if isinstance(parsed.field.item, m.Source):
                continue  # a source's summary citing itself is not a use of it elsewhere
            link = backlinks.get(id(parsed.field.item))
            assert link is not None  # every item with Markdown fields but a source is on a page (_backlinks)
            for group in parsed.groups:
                for cite in group.citations:
                    if link not in self.cited_by_claim[cite.key]:
                        self.cited_by_claim[cite.key].append(link)
                    if link not in self.cited_by_source[cite.source]:
                        self.cited_by_source[cite.source].append(link)
        self.cited_by_claim = dict(self.cited_by_claim)
        self.cited_by_source = dict(self.cited_by_source)

    def groups(self, text: str) -> tuple[citations.CitationGroup, ...]:
        """The citation groups of a text (parsed now if the text is not a field of the model)."""
        parsed = self._by_text.get(text)
        return parsed.groups if parsed else tuple(citations.parse(text)[0])

    def cites_of(self, item: m.Item) -> list[citations.Citation]:
        """Every citation in the Markdown fields of one item, in order."""
        return [cite for parsed in self._by_item.get(id(item), ()) for group in parsed.groups
                for cite in group.citations]

    def cites_in(self, text: str) -> list[citations.Citation]:
        return [cite for group in self.groups(text) for cite in group.citations]

    def without_citations(self, text: str) -> str:
        return citations.without_citations(text, list(self.groups(text)))
