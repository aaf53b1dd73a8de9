"""The model -> the list of pages (file, address, title, template, context) and the navigation.

Everything a template shows that must be worked out is worked out here and in
contexts.py, once per site.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Optional

from markupsafe import Markup

from . import charts, contexts as c, export, graph, model as m, sourcing as sourcing_mod, urls
from .history import History
from .mentions import Mentions
from .stats import statistics
from .xref import Xref


@dataclass(frozen=True)
class Page:
    """One output file: a Markdown page for MkDocs, or a data file copied as it is."""

    src_uri: str  # the path MkDocs knows it by, e.g. "themes/costs.md"
    url: str  # the address under the site root, e.g. "themes/costs/"
    title: str
    template: str
    context: Any = field(default=None, compare=False)  # one of the contexts in contexts.py

    @property
    def is_markdown(self) -> bool:
        return self.src_uri.endswith(".md")


def sources_newest_first(model: m.Model) -> list[m.Source]:
    def newest(source: m.Source):
        date = source.published.date
        return (date.latest if date else (0, 0, 0), source.id)

    return sorted(model.sources.values(), key=newest, reverse=True)


def events_by_year(model: m.Model) -> list[tuple[int, list[m.Event]]]:
    """Events by the year they start in, oldest first; in a year, by when they end, the narrower first
    (so events known only to the month or the year follow the precise ones they might be)."""
    years: dict[int, list[m.Event]] = defaultdict(list)
    for event in sorted(model.timeline.events, key=lambda e: e.date.sort_key if e.date else (0,)):
        years[event.date.year if event.date else 0].append(event)
    return sorted(years.items())


class Site:
    """Makes every page of one build."""

    def __init__(self, model: m.Model, xref: Xref, sourcing: sourcing_mod.Sourcing, address: urls.Addresses,
                 site_url: str = ""):
        self.model = model
        self.xref = xref
        self.sourcing = sourcing
        self.address = address
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.views = c.Views(model, xref, sourcing, address)
        self.mentions = Mentions(model.entities.entities)
        self.sources = [self.views.sources[s.id] for s in sources_newest_first(model)]
        self.themes = model.themes_in_order()
        self.history = History(model, sourcing, address)

    def page(self, kind: str, title: str, template: str, context: Any, item_id: Optional[str] = None) -> Page:
        src_uri = urls.page_file(kind, item_id)
        return Page(src_uri, self.address.page(kind, item_id), title, template, context)

    def pages(self) -> list[Page]:
        """Every page of the site, in navigation order."""
        model, views = self.model, self.views
        theme_views = [c.ThemeView(t, self.address.page(urls.THEME, t.id), views.support(t)) for t in self.themes]
        history = self.history
        pages = [self.page(urls.HOME, model.briefing.title, "home.md.j2", c.HomeContext(
            briefing=model.briefing,
            judgements=[c.JudgementView(kj, urls.judgement_anchor(kj.id), views.support(kj),
                                        history.of("judgement", kj.id))
                        for kj in model.briefing.key_judgements],
            themes=theme_views, latest_sources=self.sources[:5], source_count=len(model.sources),
            what_changed=history.what_changed()))]
        pages.append(self.page(urls.THEMES, "Themes", "themes.md.j2", c.ThemesContext(theme_views)))
        for view in theme_views:
            theme = view.theme
            related = [c.Link(model.themes[r].title, self.address.page(urls.THEME, r))
                       for r in theme.related if r in model.themes]
            pages.append(self.page(urls.THEME, theme.title, "theme.md.j2", c.ThemeContext(
                theme, view, [c.SectionView(s, views.support(s)) for s in theme.sections], related,
                history=history.of("theme", theme.id)), theme.id))
        pages.append(self.page(urls.SOURCES, "Sources", "sources.md.j2", c.SourcesContext(self.sources)))
        for source in self.sources:
            pages.append(self.page(urls.SOURCE, source.title, "source.md.j2", c.SourceContext(
                source=source, claims=[views.claims[claim.key] for claim in source.source.claims],
                cited_in=[views.link(b) for b in self.xref.cited_by_source.get(source.id, [])],
                rests_on=[views.support(s.item) for s in self.sourcing.rests_on.get(source.id, [])],
                history=history.of("source", source.id)), source.id))
        event_ids = model.event_ids()
        pages.append(self.page(urls.TIMELINE, "Timeline", "timeline.md.j2", c.TimelineContext(
            [(year, [c.EventView(e, urls.event_anchor(event_ids[id(e)])) for e in events])
             for year, events in events_by_year(model)])))
        pages.append(self.page(urls.DISCREPANCIES, "Discrepancies", "discrepancies.md.j2", self.discrepancies()))
        pages += self.entity_pages()
        stats = statistics(model, self.xref, self.sourcing)
        pages.append(self.page(urls.SOURCING, "Sourcing", "sourcing.md.j2", c.SourcingContext(
            stats=stats, network=graph.network_svg([s.source for s in self.sources], self.sourcing.edges),
            single_source=[views.support(s.item) for s in stats.single_source],
            never_cited=[views.claims[key] for key in self._never_cited_in_order(stats)])))
        pages.append(self.page(urls.METHODOLOGY, "Methodology", "methodology.md.j2",
                               c.MethodologyContext(len(model.sources))))
        pages.append(self.page(urls.CHANGES, "Changes", "changes.md.j2", history.changes_context()))
        pages.append(self.page(urls.DATA, "Briefing data", "briefing.json.j2",
                               c.DataContext(export.model_data(model, self.xref, self.sourcing, self.address,
                                                               [s.source for s in self.sources], self.themes,
                                                               history.data()))))
        pages.append(self.page(urls.FEED, "Feed", "feed.xml.j2", self.feed()))
        return pages

    def _never_cited_in_order(self, stats) -> list[str]:
        never = set(stats.claims_never_cited)
        return [claim.key for claim in self.model.claims() if claim.key in never]

    def discrepancies(self) -> c.DiscrepanciesContext:
        drawn = charts.discrepancy_charts(self.model, self.xref)
        return c.DiscrepanciesContext([
            c.DiscrepancyView(disc, urls.discrepancy_anchor(disc.id), drawn.get(disc.id, Markup("")),
                              [c.ValueRow(v, v.label or (charts.format_number(v.value) if v.value is not None else ""))
                               for v in disc.values])
            for disc in self.model.discrepancies.discrepancies])

    def entity_pages(self) -> list[Page]:
        entities = self.model.entities.entities
        relations = c.entity_relations(self.model, self.mentions)
        themes_of: dict[str, list[m.Theme]] = defaultdict(list)
        for theme in self.themes:
            text = " ".join([theme.bottom_line, *(s.body for s in theme.sections)])
            for entity_id in self.mentions.in_order(self.mentions.ids(text)):
                themes_of[entity_id].append(theme)
        by_name = sorted(entities, key=lambda e: e.name.lower())
        pages = [self.page(urls.ENTITIES, "Entities", "entities.md.j2", c.EntitiesContext(
            [c.EntityRow(e, self.address.entity(e.id), len(relations.get(e.id, [])))
             for e in by_name]))]
        for entity in by_name:
            pages.append(self.page(urls.ENTITY, entity.name, "entity.md.j2", c.EntityContext(
                entity, [c.Link(t.title, self.address.page(urls.THEME, t.id)) for t in themes_of.get(entity.id, [])],
                [c.EntityClaim(relation, self.views.claims[claim.key])
                 for relation, claim in relations.get(entity.id, [])]), entity.id))
        return pages

    # -- the feed -----------------------------------------------------------------------------
    def absolute(self, url: str) -> str:
        return self.site_url + url if self.site_url else url

    def feed_id(self, url: str) -> str:
        """A permanent Atom id: the page's address, or a name-based UUID when no site_url is set."""
        if self.site_url:
            return self.site_url + url
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"briefing:{self.model.briefing.title}:{url}"))

    def feed(self) -> c.FeedContext:
        """One entry per release, newest first; before the first release, one per theme and per source."""
        briefing = self.model.briefing
        as_of = f"{briefing.as_of.iso}T00:00:00Z" if briefing.as_of else ""
        if self.model.releases:
            latest = self.model.releases[-1].as_of  # the feed changes when a release is recorded, and only then
            entries = [c.FeedEntry(f"Release {view.number}, as of {view.as_of.display}", self.feed_id(view.url),
                                   self.absolute(view.url), f"{view.as_of.iso}T00:00:00Z", "",
                                   text=self.history.feed_text(view))
                       for view in self.history.release_views()]
            return c.FeedContext(briefing.title, briefing.subtitle, self.feed_id(""), self.absolute("") or "./",
                                 f"{latest.iso}T00:00:00Z", entries)
        entries = [c.FeedEntry(t.title, self.feed_id(url), self.absolute(url), as_of, t.bottom_line)
                   for t, url in ((t, self.address.page(urls.THEME, t.id)) for t in self.themes)]
        for view in self.sources:
            date = view.date
            updated = f"{date.iso}T00:00:00Z" if date and date.precision == "day" else as_of
            entries.append(c.FeedEntry(f"Source: {view.title}", self.feed_id(view.url), self.absolute(view.url),
                                       updated, view.source.summary, author=view.source.author))
        return c.FeedContext(briefing.title, briefing.subtitle, self.feed_id(""), self.absolute("") or "./",
                             as_of, entries)


NAV_THEMES_MAX = 15
"""Up to this many themes are listed one by one in the sidebar."""


def nav(pages: list[Page]) -> list:
    """MkDocs navigation: home, the themes, then one entry for each reference page.

    Single sources and entities are reached from their index pages, citations
    and backlinks, so the sidebar stays short however large the briefing grows.
    """
    themes = [{p.title: p.src_uri} for p in pages if isinstance(p.context, c.ThemeContext)]
    return [
        {"Home": urls.page_file(urls.HOME)},
        # Every page carries the whole sidebar: past a handful of themes, link their index instead.
        {"Themes": themes if len(themes) <= NAV_THEMES_MAX else urls.page_file(urls.THEMES)},
        {"Timeline": urls.page_file(urls.TIMELINE)},
        {"Discrepancies": urls.page_file(urls.DISCREPANCIES)},
        {"Sources": urls.page_file(urls.SOURCES)},
        {"Entities": urls.page_file(urls.ENTITIES)},
        {"Sourcing": urls.page_file(urls.SOURCING)},
        {"Methodology": urls.page_file(urls.METHODOLOGY)},
        {"Changes": urls.page_file(urls.CHANGES)},
    ]
