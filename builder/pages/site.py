"""The model -> the list of pages (file, address, title, template, context) and the navigation.

Everything a template shows that must be worked out is worked out here and in
contexts.py, once per site. A page's context is worked out when it is first
asked for: a build that shares the pages between processes works out in each
only the contexts of its own pages, and a preview's partial rebuild only those
of the pages a change touches. What several pages share (the timeline, the
discrepancies, the entities' claims) is worked out once, when first needed.
"""

from __future__ import annotations

import functools
import uuid
from pathlib import Path
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable, Iterable

from markupsafe import Markup

from builder.pages import charts
from builder.pages import citation
from builder.pages import metadata
from builder.pages import theme as template_folders
from builder.pages import contexts as c
from builder.pages import views as v
from builder.pages import export
from builder.pages import graph
from builder.model import items as m
from builder.pages import overview
from builder.checks import sourcing as sourcing_mod
from builder.model import urls
from builder.model.language import ENGLISH, Language
from builder.pages.history import History
from builder.pages.mentions import Mentions, common_entities, theme_text
from builder.pages.sidebar import page_titles
from builder.checks.stats import statistics
from builder.model.xref import Xref
from builder.sources.lock import Lock


@dataclass(frozen=True)
class Page:
    """One output file: a Markdown page for MkDocs, or a data file copied as it is."""

    src_uri: str  # the path MkDocs knows it by, e.g. "themes/costs.md"
    url: str  # the address under the site root, e.g. "themes/costs/"
    title: str
    template: str
    make_context: Callable[[], Any] = field(compare=False, repr=False)  # -> one of the contexts in contexts.py
    kind: str = field(default="", compare=False)  # urls.THEME, urls.SOURCE...
    item_id: str | None = field(default=None, compare=False)  # for the kinds with a page per item
    whole: bool = field(default=False, compare=False)
    """Whether the page is the whole briefing as data (briefing.json): every edit changes it, and comparing
    its context before and after one would cost more than rendering it again (pages/dependencies.py)."""

    @functools.cached_property
    def context(self) -> Any:
        """The page's context, worked out on first use. The page then lets go of what made it, a method of its
        site: Jinja leaves each render's variables (the page among them) in reference cycles, and a page held
        there would hold its whole site until a full collection. The preview replaces the site at every save
        (at 1000 sources, 128,000 objects left for the collector a save; 16,000 once pages let go)."""
        context = self.make_context()
        object.__setattr__(self, "make_context", lambda: context)  # a frozen field, set once
        return context

    @property
    def is_markdown(self) -> bool:
        return self.src_uri.endswith(".md")


def _known(value: str) -> bool:
    return bool(value.strip()) and value.strip().lower() != "unknown"


def sources_newest_first(model: m.Model) -> list[m.Source]:
    """Newest first; a vague date sits at the first day it could mean ("2025" below every dated day of 2025),
    below an exact date of that day, so that nothing is listed as newer than it can be shown to be."""
    def newest(source: m.Source):
        date = source.published.date
        if date is None:
            return ((0, 0, 0), (0, 0, 0), source.id)
        latest = date.latest
        return (date.earliest, (-latest[0], -latest[1], -latest[2]), source.id)

    return sorted(model.sources.values(), key=newest, reverse=True)


def events_by_year(model: m.Model, lang: Language = ENGLISH) -> list[tuple[str, list[m.Event]]]:
    """Events by the year they start in, oldest first; in a year, by when they end, the narrower first
    (so events known only to the month or the year follow the precise ones they might be). An event dated
    to a decade is headed by its decade (2000s), after the year the decade starts with: a heading never
    says more than the date."""
    years: dict[tuple[int, bool], list[m.Event]] = defaultdict(list)
    for event in sorted(model.timeline.events, key=lambda e: e.date.sort_key if e.date else (0,)):
        date = event.date
        years[(date.year, date.precision == "decade") if date else (0, False)].append(event)
    return [(lang.decade(year) if decade else str(year), events) for (year, decade), events in sorted(years.items())]


def events_in_order(model: m.Model) -> list[m.Event]:
    """Every event in the timeline's order (events_by_year, flattened)."""
    return [event for _, events in events_by_year(model) for event in events]


def events_by_theme(xref: Xref, sourcing: sourcing_mod.Sourcing, themes: Iterable[m.Theme],
                    ordered: list[m.Event]) -> dict[str, list[m.Event]]:
    """Each theme's own events (by theme id), in the order of `ordered` (the timeline's): each event that
    cites a claim the theme cites (in its bottom line, sections or what to watch), or a claim that states
    the same fact (linked through `corroborates`). Citing the same source is not enough: one article is
    often cited by every theme.

    One index of the events citing each claim serves every theme: asking each theme of every event grew
    with themes × events (a fifth of the work before rendering at 10,000 sources)."""
    citing: dict[str, list[int]] = defaultdict(list)  # claim key -> the places in `ordered` of events citing it
    for place, event in enumerate(ordered):
        for cite in xref.cites_of(event):
            citing[cite.key].append(place)
    found: dict[str, list[m.Event]] = {}
    for theme in themes:
        cited = {cite.key for item in (theme, *theme.sections) for cite in xref.cites_of(item)}
        same_fact = cited.union(*(sourcing.corroborated_by.get(key, ()) for key in cited))
        places = {place for key in same_fact for place in citing.get(key, ())}
        found[theme.id] = [ordered[place] for place in sorted(places)]
    return found


class Site:
    """Makes every page of one build."""

    def __init__(self, model: m.Model, xref: Xref, sourcing: sourcing_mod.Sourcing, address: urls.Addresses,
                 site_url: str = "", archive_hashes: dict[str, str] | None = None,
                 lock: Lock | None = None, lang: Language = ENGLISH, templates: list[Path] | None = None,
                 earlier: Site | None = None):
        self.lang = lang
        self.model = model
        self.xref = xref
        self.sourcing = sourcing
        self.address = address
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.archive_hashes = archive_hashes or {}  # archived text's file name -> SHA-256, from the quote lock
        self.original_hashes = lock.originals if lock else {}  # an original's file name -> SHA-256
        self.views: v.Views = v.Views(model, xref, sourcing, address, lock.pages() if lock else None, lang,
                                      earlier.views if earlier is not None else None)
        self.mentions = Mentions(model.entities.entities)
        self.sources = [self.views.sources[s.id] for s in sources_newest_first(model)]
        self.themes = model.themes_in_order()
        self.event_ids = model.event_ids()
        self.events_ordered = events_in_order(model)
        self.history = History(model, sourcing, address, lang)
        self.templates = templates if templates is not None else template_folders.folders(None)
        self._made: dict[str, tuple[tuple, tuple, Any]] = {}  # _made_from: each per-source page's inputs, context
        self._earlier_made: dict[str, tuple[tuple, tuple, Any]] = {}  # the same, of the site before an edit
        self.metadata = metadata.Metadata(model, self.views, self.site_url, lang.code, self.history.of,
                                          v.publication(model.briefing, lang))

    def reuse(self, earlier: Site) -> None:
        """Take from an earlier build of the same project (the preview's, before an edit) what is the same in this
        one, before any page is worked out: each view that equals the earlier (dependencies.stale finds them
        identical at once) and the mentions of the same entities (what each text names is not looked for again)."""
        views, before = self.views, earlier.views
        for source_id, view in views.sources.items():
            if (old := before.sources.get(source_id)) is not view and old == view:
                views.sources[source_id] = old
        for key, claim in views.claims.items():  # after the sources: an unchanged claim's view holds the earlier one
            if (old_claim := before.claims.get(key)) is not claim and old_claim == claim:
                views.claims[key] = old_claim
        self.sources = [views.sources[view.id] for view in self.sources]
        if self.model.entities.entities == earlier.model.entities.entities:
            self.mentions = earlier.mentions
        self._earlier_made = earlier._made
        self.metadata.reuse(earlier.metadata)

    def _made_from(self, src_uri: str, identical: tuple, equal: tuple, make: Callable[[], Any]) -> Any:
        """A page's context (or a part of one, under a name of its own): the earlier site's (reuse) when made of
        the very same items and views (`identical`: pages name some items by their place) and of equal values
        (`equal`), so that the preview, comparing every page's context after a save (dependencies.py), finds it
        the same at once, and need not work it out again; else made now."""
        earlier = self._earlier_made.get(src_uri)
        if earlier is not None and len(earlier[0]) == len(identical) and earlier[1] == equal \
                and all(old is new for old, new in zip(earlier[0], identical, strict=True)):
            context = earlier[2]
        else:
            context = make()
        self._made[src_uri] = (identical, equal, context)
        return context

    # What several pages share, worked out once, when first needed.
    @functools.cached_property
    def common_entities(self) -> frozenset[str]:
        return common_entities((theme_text(t) for t in self.themes), self.mentions)

    @functools.cached_property
    def events_of_theme(self) -> dict[str, list[m.Event]]:
        return events_by_theme(self.xref, self.sourcing, self.themes, self.events_ordered)

    @functools.cached_property
    def themes_of_event(self) -> dict[int, tuple[str, ...]]:
        """The themes each event belongs to (by the event's id()), in theme order."""
        found: dict[int, list[str]] = defaultdict(list)
        for theme in self.themes:
            for event in self.events_of_theme[theme.id]:
                if theme.id not in found[id(event)]:
                    found[id(event)].append(theme.id)
        return {key: tuple(value) for key, value in found.items()}

    @functools.cached_property
    def theme_views(self) -> list[c.ThemeView]:
        return [c.ThemeView(t, self.address.page(urls.THEME, t.id), self.views.support(t)) for t in self.themes]

    @functools.cached_property
    def judgements(self) -> list[c.JudgementView]:
        return [c.JudgementView(kj, urls.judgement_anchor(kj.id), self.views.support(kj),
                                self.history.of("judgement", kj.id))
                for kj in self.model.briefing.key_judgements]

    @functools.cached_property
    def timeline_context(self) -> c.TimelineContext:
        return self.timeline()

    @functools.cached_property
    def discrepancies_context(self) -> c.DiscrepanciesContext:
        return self.discrepancies()

    @functools.cached_property
    def entity_relations(self) -> dict[str, list[tuple[str, m.Claim]]]:
        return c.entity_relations(self.model, self.mentions)

    @functools.cached_property
    def themes_of_entity(self) -> dict[str, list[m.Theme]]:
        themes_of: dict[str, list[m.Theme]] = defaultdict(list)
        for theme in self.themes:
            for entity_id in self.mentions.in_order(self.mentions.ids(theme_text(theme))):
                themes_of[entity_id].append(theme)
        return themes_of

    @functools.cached_property
    def statistics(self):
        return statistics(self.model, self.xref, self.sourcing)

    def work_out_shared(self) -> None:
        """Work out now what pages of several kinds share (before a build shares its pages between processes)."""
        for name in ("common_entities", "themes_of_event", "theme_views", "judgements", "entity_relations",
                     "themes_of_entity"):
            getattr(self, name)

    def page(self, kind: str, title: str, template: str, make: Callable[[], Any], item_id: str | None = None,
             whole: bool = False) -> Page:
        src_uri = urls.page_file(kind, item_id)
        return Page(src_uri, self.address.page(kind, item_id), title, template, make, kind, item_id, whole)

    def pages(self) -> list[Page]:
        """Every page of the site, in navigation order (each context worked out when first asked for)."""
        model, title = self.model, page_titles(self.lang)
        pages = [self.page(urls.HOME, model.briefing.title, "home.md.j2", self.home_context),
                 self.page(urls.THEMES, title[urls.THEMES], "themes.md.j2", lambda: c.ThemesContext(self.theme_views))]
        for view in self.theme_views:
            pages.append(self.page(urls.THEME, view.theme.title, "theme.md.j2",
                                   functools.partial(self.theme_context, view), view.theme.id))
        pages.append(self.page(urls.SOURCES, title[urls.SOURCES], "sources.md.j2",
                               lambda: c.SourcesContext(self.sources)))
        for source in self.sources:
            pages.append(self.page(urls.SOURCE, source.title, "source.md.j2",
                                   functools.partial(self.source_context, source), source.id))
        pages.append(self.page(urls.TIMELINE, title[urls.TIMELINE], "timeline.md.j2", lambda: self.timeline_context))
        pages.append(self.page(urls.DISCREPANCIES, title[urls.DISCREPANCIES], "discrepancies.md.j2",
                               lambda: self.discrepancies_context))
        pages += self.entity_pages()
        pages.append(self.page(urls.SOURCING, title[urls.SOURCING], "sourcing.md.j2", self.sourcing_context))
        pages.append(self.page(urls.METHODOLOGY, title[urls.METHODOLOGY], "methodology.md.j2",
                               lambda: c.methodology(model, self.lang)))
        pages.append(self.page(urls.CHANGES, title[urls.CHANGES], "changes.md.j2", self.history.changes_context))
        pages.append(self.page(urls.DATA, title[urls.DATA], "briefing.json.j2", lambda: c.DataContext(
            export.model_data(model, self.xref, self.sourcing, self.address, [s.source for s in self.sources],
                              self.themes, self.history.data())), whole=True))
        pages.append(self.page(urls.FEED, title[urls.FEED], "feed.xml.j2", self.feed))
        pages.append(self.page(urls.PRINT, title[urls.PRINT], "print.md.j2", self.print_context))
        pages.append(self.page(urls.PRINT_STYLE, title[urls.PRINT_STYLE], "briefing-print.css.j2",
                               lambda: c.PrintStyleContext(self.print_footer(), self.lang.rtl)))
        for kind, name, write in ((urls.CITE_BIBTEX, "BibTeX", citation.bibtex), (urls.CITE_RIS, "RIS", citation.ris),
                                  (urls.CITE_CSL, "CSL-JSON", citation.csl_json)):
            pages.append(self.page(kind, name, "data.txt.j2",
                                   functools.partial(lambda write: c.TextContext(Markup(write(self.cited))), write)))
        pages.append(self.page(urls.ROBOTS, "robots.txt", "robots.txt.j2", lambda: c.RobotsContext(
            self.site_url + urls.SITEMAP if self.site_url else "")))
        return pages

    @functools.cached_property
    def cited(self) -> citation.Cited:
        """The briefing as a reference: the latest release, its publisher, authors and address."""
        return citation.cited(self.model, self.site_url, self.lang.code)

    def cite_view(self) -> c.CiteView:
        downloads = [v.Link(title, self.address.page(kind)) for kind, title in (
            (urls.CITE_BIBTEX, "BibTeX"), (urls.CITE_RIS, "RIS"), (urls.CITE_CSL, "CSL-JSON"))]
        return c.CiteView(citation.formatted(self.cited, citation.styles_folder(self.templates)), downloads,
                          self.cited.version)

    # -- each kind of page's context ---------------------------------------------------------------
    def home_context(self) -> c.HomeContext:
        model = self.model
        return c.HomeContext(
            briefing=model.briefing, judgements=self.judgements, themes=self.theme_views,
            latest_sources=self.sources[:5], source_count=len(model.sources),
            what_changed=self.history.what_changed(), cite=self.cite_view())

    def theme_context(self, view: c.ThemeView) -> c.ThemeContext:
        model, theme = self.model, view.theme
        related = [v.Link(model.themes[r].title, self.address.page(urls.THEME, r))
                   for r in theme.related if r in model.themes]
        own = self.events_of_theme[theme.id]
        return c.ThemeContext(
            theme, view, [c.SectionView(s, self.views.support(s)) for s in theme.sections], related,
            unlinked_entities=self.common_entities,
            timeline=self.overview(own, view.url, urls.TIMELINE,
                                   self.lang.gettext("Timeline of %(theme)s") % {"theme": theme.title},
                                   "bf-overview-theme"),
            event_count=len(own), history=self.history.of("theme", theme.id, urls.PAGE_HISTORY_ANCHOR))

    def source_context(self, source: v.SourceView) -> c.SourceContext:
        """A source's page: what _source_context reads of the site first, to take the earlier site's if the same."""
        views, supports, anchor = self.views, self.sourcing.rests_on.get(source.id, []), urls.PAGE_HISTORY_ANCHOR
        identical = (source, *(views.claims[c.key] for c in source.source.claims), *(s.item for s in supports))
        equal = (tuple(supports), tuple(self.xref.cited_by_source.get(source.id, [])),
                 tuple((views.source_name(s), views.sources[s].url) for support in supports for s in support.sources),
                 views.relations(source.source), self.archive_hashes.get(source.source.archive, ""),
                 self.original_hashes.get(source.source.original or "", ""), self.history.of("source", source.id, anchor))
        return self._made_from(urls.page_file(urls.SOURCE, source.id), identical, equal,
                               functools.partial(self._source_context, source))

    def _source_context(self, source: v.SourceView) -> c.SourceContext:
        views = self.views
        return c.SourceContext(
            source=source, relations=views.relations(source.source),
            claims=[views.claims[claim.key] for claim in source.source.claims],
            cited_in=[views.link(b) for b in self.xref.cited_by_source.get(source.id, [])],
            rests_on=[views.support(s.item) for s in self.sourcing.rests_on.get(source.id, [])],
            archive_sha256=self.archive_hashes.get(source.source.archive, ""),
            original_sha256=self.original_hashes.get(source.source.original or "", ""),
            author_shown=source.source.author if _known(source.source.author) else self.lang.gettext("Author unknown"),
            history=self.history.of("source", source.id, urls.PAGE_HISTORY_ANCHOR))

    def sourcing_context(self) -> c.SourcingContext:
        views, stats = self.views, self.statistics
        sources, edges = [s.source for s in self.sources], self.sourcing.edges  # the network reads ids, labels, titles
        network = self._made_from("sourcing network", (), (tuple((s.id, s.label, s.title) for s in sources), edges),
                                  functools.partial(graph.network_svg, sources, edges, lang=self.lang))
        return c.SourcingContext(
            stats=stats, network=network,
            single_source=[views.support(s.item) for s in stats.single_source],
            unestablished=[v for v in (views.support(s.item) for s in self.sourcing.supports
                                       if s.kind != "timeline event") if v.unestablished],
            never_cited=[views.claims[key] for key in self._never_cited_in_order(stats)],
            network_pairs=[(v.Link(views.source_name(a), views.sources[a].url),
                             v.Link(views.source_name(b), views.sources[b].url), n) for a, b, n in self.sourcing.edges])

    def print_context(self) -> c.PrintContext:
        """The whole briefing as one document: its own overview links to the events on the same page."""
        url = self.address.page(urls.PRINT)
        timeline = self.timeline_context
        timeline = c.TimelineContext(timeline.years, overview=self.overview(
            self.events_ordered, url, urls.PRINT, self.lang.gettext("The timeline at a glance"), "bf-overview-print"))
        return c.PrintContext(
            briefing=self.model.briefing, judgements=self.judgements,
            themes=[c.PrintTheme(view, [c.SectionView(s, self.views.support(s)) for s in view.theme.sections])
                    for view in self.theme_views],
            discrepancies=self.discrepancies_context.discrepancies, timeline=timeline,
            source_count=len(self.model.sources), site_address=self.site_url)

    def print_footer(self) -> str:
        """What every printed page says at its foot, besides its number."""
        briefing = self.model.briefing
        parts = [briefing.title]
        if briefing.as_of:
            parts.append(self.lang.gettext("as of %(date)s") % {"date": self.lang.date(briefing.as_of)})
        if self.site_url:
            parts.append(self.site_url)
        return " · ".join(parts)

    def overview(self, events: list[m.Event], page_url: str, events_on: str, title: str, ident: str) -> Markup:
        """The overview of `events`, each mark linking to the event on the page of kind `events_on`: the earlier
        site's when of the very same events (an edit of a source or a theme leaves the timeline's as they were)."""
        return self._made_from(f"overview {ident} {page_url}", tuple(events), (events_on, title),
                               functools.partial(self._overview, events, page_url, events_on, title, ident))

    def _overview(self, events: list[m.Event], page_url: str, events_on: str, title: str, ident: str) -> Markup:
        marks = []
        for event in events:
            anchor = urls.event_anchor(self.event_ids[id(event)])
            href = urls.relative(page_url, self.address.url(urls.Target(events_on, anchor=anchor)))
            assert event.date is not None  # the loader requires it
            words = self.xref.without_citations(event.text)
            label = self.lang.gettext("%(date)s: %(event)s") % {"date": self.lang.date(event.date),
                                                                 "event": overview.plain_words(words)}
            marks.append(overview.Mark(event.date, href, label, anchor, event.label or overview.plain_words(words, 8)))
        return overview.overview_svg(marks, title, ident, self.lang)

    def event_view(self, event: m.Event) -> c.EventView:
        themes = self.themes_of_event.get(id(event), ())
        named = self.mentions.ids(self.xref.without_citations(event.text))
        for cite in self.xref.cites_of(event):
            claim = self.model.find_claim(cite.key)
            if claim is not None:
                named.update(claim.by, claim.about)
        return c.EventView(event, urls.event_anchor(self.event_ids[id(event)]), themes,
                           tuple(self.mentions.in_order(named)))

    def timeline(self) -> c.TimelineContext:
        years = [(year, [self.event_view(e) for e in events]) for year, events in events_by_year(self.model, self.lang)]
        views = [view for _, events in years for view in events]
        entities: dict[str, m.Entity] = {e.id: e for e in self.model.entities.entities}
        with_events = {entity_id for view in views for entity_id in view.entities if entity_id in entities}
        return c.TimelineContext(
            years,
            overview=self.overview(self.events_ordered, self.address.page(urls.TIMELINE), urls.TIMELINE,
                                   self.lang.gettext("The timeline at a glance"), "bf-overview-timeline"),
            filter_themes=[(t.id, t.title) for t in self.themes if self.events_of_theme[t.id]],
            filter_entities=sorted(((e, entities[e].name) for e in with_events), key=lambda pair: pair[1].lower()))

    def _never_cited_in_order(self, stats) -> list[str]:
        never = set(stats.claims_never_cited)
        return [claim.key for claim in self.model.claims() if claim.key in never]

    def discrepancies(self) -> c.DiscrepanciesContext:
        drawn = charts.discrepancy_charts(self.model, self.xref, self.lang)
        return c.DiscrepanciesContext([self.discrepancy(disc, drawn.get(disc.id, Markup("")))
                                       for disc in self.model.discrepancies.discrepancies])

    def discrepancy(self, disc: m.Discrepancy, chart: Markup) -> c.DiscrepancyView:
        """One discrepancy: its values with their labels (every kind shows them), and its chart."""
        rows = [c.ValueRow(v, v.label or (self.lang.number(v.value) if v.value is not None else ""))
                for v in disc.values]
        heading = self.views.labels.figure_heading(disc.kind) if any(row.figure for row in rows) else ""
        if heading and disc.unit:
            heading = self.lang.gettext("%(heading)s (%(unit)s)") % {"heading": heading, "unit": disc.unit}
        return c.DiscrepancyView(disc, urls.discrepancy_anchor(disc.id), chart, rows, heading)

    def entity_pages(self) -> list[Page]:
        entities = self.model.entities.entities
        by_name = sorted(entities, key=lambda e: e.name.lower())
        pages = [self.page(urls.ENTITIES, page_titles(self.lang)[urls.ENTITIES], "entities.md.j2", lambda: c.EntitiesContext(
            [c.EntityRow(e, self.address.entity(e.id), len(self.entity_relations.get(e.id, [])),
                         self.views.naming_sources(e.role))
             for e in by_name]))]
        for entity in by_name:
            pages.append(self.page(urls.ENTITY, entity.name, "entity.md.j2",
                                   functools.partial(self.entity_context, entity), entity.id))
        return pages

    def entity_context(self, entity: m.Entity) -> c.EntityContext:
        return c.EntityContext(
            entity, [v.Link(t.title, self.address.page(urls.THEME, t.id)) for t in self.themes_of_entity.get(entity.id, [])],
            [c.EntityClaim(relation, self.views.claims[claim.key])
             for relation, claim in self.entity_relations.get(entity.id, [])],
            self.views.naming_sources(entity.role))

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
            # The feed changes when a release is recorded, and only then; a release is dated by the day it was
            # made, or by its as-of date when an early release did not record that day.
            last = self.model.releases[-1]
            latest = last.released or last.as_of
            assert latest is not None  # release_files.read_file gives every release an as-of date
            lang = self.lang
            entries = [c.FeedEntry(lang.gettext("Release %(number)s, %(date)s") % {
                                       "number": view.number, "date": lang.date(view.released)} if view.released else
                                   lang.gettext("Release %(number)s, as of %(date)s") % {
                                       "number": view.number, "date": lang.date(view.as_of)}, self.feed_id(view.url),
                                   self.absolute(view.url), f"{(view.released or view.as_of).iso}T00:00:00Z", "",
                                   text=self.history.feed_text(view), release=view)
                       for view in self.history.release_views()]
            return c.FeedContext(briefing.title, briefing.subtitle, self.feed_id(""), self.absolute("") or "./",
                                 f"{latest.iso}T00:00:00Z", entries)
        entries = [c.FeedEntry(t.title, self.feed_id(url), self.absolute(url), as_of, t.bottom_line)
                   for t, url in ((t, self.address.page(urls.THEME, t.id)) for t in self.themes)]
        for view in self.sources:
            date = view.date
            updated = f"{date.iso}T00:00:00Z" if date and date.precision == "day" else as_of
            entries.append(c.FeedEntry(self.lang.gettext("Source: %(title)s") % {"title": view.title},
                                       self.feed_id(view.url), self.absolute(view.url),
                                       updated, view.source.summary, author=view.source.author))
        return c.FeedContext(briefing.title, briefing.subtitle, self.feed_id(""), self.absolute("") or "./",
                             as_of, entries)
