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

from . import charts, contexts as c, export, graph, model as m, overview, sourcing as sourcing_mod, urls
from .history import History
from .mentions import Mentions, common_entities, theme_text
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


def _known(value: str) -> bool:
    return bool(value.strip()) and value.strip().lower() != "unknown"


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


def events_in_order(model: m.Model) -> list[m.Event]:
    """Every event in the timeline's order (events_by_year, flattened)."""
    return [event for _, events in events_by_year(model) for event in events]


def theme_events(model: m.Model, xref: Xref, sourcing: sourcing_mod.Sourcing, theme: m.Theme) -> list[m.Event]:
    """A theme's own events, in timeline order: each event that cites a claim the theme cites
    (in its bottom line, sections or what to watch), or a claim that states the same fact
    (linked through `corroborates`). Citing the same source is not enough: one article
    is often cited by every theme."""
    cited = {cite.key for item in (theme, *theme.sections) for cite in xref.cites_of(item)}
    same_fact = cited.union(*(sourcing.corroborated_by.get(key, ()) for key in cited))
    return [event for event in events_in_order(model) if {cite.key for cite in xref.cites_of(event)} & same_fact]


class Site:
    """Makes every page of one build."""

    def __init__(self, model: m.Model, xref: Xref, sourcing: sourcing_mod.Sourcing, address: urls.Addresses,
                 site_url: str = "", archive_hashes: Optional[dict[str, str]] = None):
        self.model = model
        self.xref = xref
        self.sourcing = sourcing
        self.address = address
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.archive_hashes = archive_hashes or {}  # archived text's file name -> SHA-256, from the quote lock
        self.views = c.Views(model, xref, sourcing, address)
        self.mentions = Mentions(model.entities.entities)
        self.sources = [self.views.sources[s.id] for s in sources_newest_first(model)]
        self.themes = model.themes_in_order()
        self.common_entities = common_entities((theme_text(t) for t in self.themes), self.mentions)
        self.event_ids = model.event_ids()
        self.events_of_theme = {t.id: theme_events(model, xref, sourcing, t) for t in self.themes}
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
            own = self.events_of_theme[theme.id]
            pages.append(self.page(urls.THEME, theme.title, "theme.md.j2", c.ThemeContext(
                theme, view, [c.SectionView(s, views.support(s)) for s in theme.sections], related,
                unlinked_entities=self.common_entities,
                timeline=self.overview(own, view.url, urls.TIMELINE, f"Timeline of {theme.title}", "bf-overview-theme"),
                event_count=len(own), history=history.of("theme", theme.id)), theme.id))
        pages.append(self.page(urls.SOURCES, "Sources", "sources.md.j2", c.SourcesContext(self.sources)))
        for source in self.sources:
            pages.append(self.page(urls.SOURCE, source.title, "source.md.j2", c.SourceContext(
                source=source, relations=views.relations(source.source),
                claims=[views.claims[claim.key] for claim in source.source.claims],
                cited_in=[views.link(b) for b in self.xref.cited_by_source.get(source.id, [])],
                rests_on=[views.support(s.item) for s in self.sourcing.rests_on.get(source.id, [])],
                archive_sha256=self.archive_hashes.get(source.source.archive, ""),
                author_shown=source.source.author if _known(source.source.author) else "Author unknown",
                history=history.of("source", source.id)), source.id))
        timeline = self.timeline()
        pages.append(self.page(urls.TIMELINE, "Timeline", "timeline.md.j2", timeline))
        discrepancies = self.discrepancies()
        pages.append(self.page(urls.DISCREPANCIES, "Discrepancies", "discrepancies.md.j2", discrepancies))
        pages += self.entity_pages()
        stats = statistics(model, self.xref, self.sourcing)
        pages.append(self.page(urls.SOURCING, "Sourcing", "sourcing.md.j2", c.SourcingContext(
            stats=stats, network=graph.network_svg([s.source for s in self.sources], self.sourcing.edges),
            single_source=[views.support(s.item) for s in stats.single_source],
            unestablished=[v for v in (views.support(s.item) for s in self.sourcing.supports
                                       if s.kind != "timeline event") if v.unestablished],
            never_cited=[views.claims[key] for key in self._never_cited_in_order(stats)])))
        pages.append(self.page(urls.METHODOLOGY, "Methodology", "methodology.md.j2",
                               c.MethodologyContext(len(model.sources))))
        pages.append(self.page(urls.CHANGES, "Changes", "changes.md.j2", history.changes_context()))
        pages.append(self.page(urls.DATA, "Briefing data", "briefing.json.j2",
                               c.DataContext(export.model_data(model, self.xref, self.sourcing, self.address,
                                                               [s.source for s in self.sources], self.themes,
                                                               history.data()))))
        pages.append(self.page(urls.FEED, "Feed", "feed.xml.j2", self.feed()))
        pages.append(self.print_page(theme_views, pages[0].context.judgements, discrepancies))
        pages.append(self.page(urls.PRINT_STYLE, "Print style", "briefing-print.css.j2",
                               c.PrintStyleContext(self.print_footer())))
        return pages

    def print_page(self, themes: list[c.ThemeView], judgements: list[c.JudgementView],
                   discrepancies: c.DiscrepanciesContext) -> Page:
        """The whole briefing as one document: its own overview links to the events on the same page."""
        url = self.address.page(urls.PRINT)
        timeline = self.timeline()
        timeline = c.TimelineContext(timeline.years, overview=self.overview(
            events_in_order(self.model), url, urls.PRINT, "The timeline at a glance", "bf-overview-print"))
        return self.page(urls.PRINT, "The whole briefing", "print.md.j2", c.PrintContext(
            briefing=self.model.briefing, judgements=judgements,
            themes=[c.PrintTheme(view, [c.SectionView(s, self.views.support(s)) for s in view.theme.sections])
                    for view in themes],
            discrepancies=discrepancies.discrepancies, timeline=timeline, source_count=len(self.model.sources),
            site_address=self.site_url))

    def print_footer(self) -> str:
        """What every printed page says at its foot, besides its number."""
        briefing = self.model.briefing
        parts = [briefing.title]
        if briefing.as_of:
            parts.append(f"as of {briefing.as_of.display}")
        if self.site_url:
            parts.append(self.site_url)
        return " · ".join(parts)

    def overview(self, events: list[m.Event], page_url: str, events_on: str, title: str, ident: str) -> Markup:
        """The overview of `events`, each mark linking to the event on the page of kind `events_on`."""
        marks = []
        for event in events:
            anchor = urls.event_anchor(self.event_ids[id(event)])
            href = urls.relative(page_url, self.address.url(urls.Target(events_on, anchor=anchor)))
            label = f"{event.date.display}: {overview.plain_words(self.xref.without_citations(event.text))}"
            marks.append(overview.Mark(event.date, href, label, anchor))
        return overview.overview_svg(marks, title, ident)

    def event_view(self, event: m.Event) -> c.EventView:
        themes = tuple(t.id for t in self.themes if any(e is event for e in self.events_of_theme[t.id]))
        named = self.mentions.ids(self.xref.without_citations(event.text))
        for cite in self.xref.cites_of(event):
            claim = self.model.find_claim(cite.key)
            if claim is not None:
                named.update(claim.by, claim.about)
        return c.EventView(event, urls.event_anchor(self.event_ids[id(event)]), themes,
                           tuple(self.mentions.in_order(named)))

    def timeline(self) -> c.TimelineContext:
        years = [(year, [self.event_view(e) for e in events]) for year, events in events_by_year(self.model)]
        views = [view for _, events in years for view in events]
        entities = {e.id: e for e in self.model.entities.entities}
        with_events = {entity_id for view in views for entity_id in view.entities if entity_id in entities}
        return c.TimelineContext(
            years,
            overview=self.overview(events_in_order(self.model), self.address.page(urls.TIMELINE), urls.TIMELINE,
                                   "The timeline at a glance", "bf-overview-timeline"),
            filter_themes=[(t.id, t.title) for t in self.themes if self.events_of_theme[t.id]],
            filter_entities=sorted(((e, entities[e].name) for e in with_events), key=lambda pair: pair[1].lower()))

    def _never_cited_in_order(self, stats) -> list[str]:
        never = set(stats.claims_never_cited)
        return [claim.key for claim in self.model.claims() if claim.key in never]

    def discrepancies(self) -> c.DiscrepanciesContext:
        drawn = charts.discrepancy_charts(self.model, self.xref)
        return c.DiscrepanciesContext([self.discrepancy(disc, drawn.get(disc.id, Markup("")))
                                       for disc in self.model.discrepancies.discrepancies])

    @staticmethod
    def discrepancy(disc: m.Discrepancy, chart: Markup) -> c.DiscrepancyView:
        """One discrepancy: its values with their labels (every kind shows them), and its chart."""
        rows = [c.ValueRow(v, v.label or (charts.format_number(v.value) if v.value is not None else ""))
                for v in disc.values]
        heading = c.LABEL_HEADINGS[disc.kind] if any(row.figure for row in rows) else ""
        if heading and disc.unit:
            heading += f" ({disc.unit})"
        return c.DiscrepancyView(disc, urls.discrepancy_anchor(disc.id), chart, rows, heading)

    def entity_pages(self) -> list[Page]:
        entities = self.model.entities.entities
        relations = c.entity_relations(self.model, self.mentions)
        themes_of: dict[str, list[m.Theme]] = defaultdict(list)
        for theme in self.themes:
            for entity_id in self.mentions.in_order(self.mentions.ids(theme_text(theme))):
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
