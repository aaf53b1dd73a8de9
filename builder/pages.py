"""The model -> the list of pages: each with its URL, title, template and context.

Everything a template shows that must be worked out (backlinks, claims by an
entity, the newest sources) is worked out here, once per site.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import charts, citations, graph, model as m, sourcing as sourcing_mod
from .checks import markdown_fields


@dataclass(frozen=True)
class Page:
    """One output file: a Markdown page for MkDocs, or a data file copied as it is."""

    src_uri: str  # the path MkDocs knows it by, e.g. "themes/costs.md"
    url: str  # the address under the site root, e.g. "themes/costs/"
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_markdown(self) -> bool:
        return self.src_uri.endswith(".md")


def source_url(source_id: str) -> str:
    return f"sources/{source_id}/"


def claim_url(key: str) -> str:
    source_id, _, claim_id = key.partition("#")
    return source_url(source_id) + (f"#claim-{claim_id}" if claim_id else "")


@dataclass(frozen=True)
class Backlink:
    title: str
    url: str
    kind: str  # "theme", "key judgement", "timeline", "discrepancy"


@dataclass
class Index:
    """Lookups that many pages share, computed once."""

    cited_by_claim: dict[str, list[Backlink]]
    cited_by_source: dict[str, list[Backlink]]
    claims_of_entity: dict[str, list[tuple[m.Source, m.Claim, str]]]
    themes_of_entity: dict[str, list[m.Theme]]
    sources_newest_first: list[m.Source]
    themes_in_order: list[m.Theme]
    entity_by_id: dict[str, m.Entity]
    events_by_year: list[tuple[int, list[m.Event]]]
    sourcing: sourcing_mod.Sourcing

    def support_of(self, item: m.Item) -> sourcing_mod.Support:
        """What a key judgement, theme section or event rests on."""
        return self.sourcing.support_of(item)


def _backlinks(model: m.Model) -> dict[int, Backlink]:
    """The page each citing item is on, by the item's id(): one pass, not a scan per citation."""
    links: dict[int, Backlink] = {}
    for theme in model.themes.values():
        link = Backlink(theme.title, f"themes/{theme.id}/", "theme")
        for item in (theme, *theme.sections):
            links.setdefault(id(item), link)
    for kj in model.briefing.key_judgements:
        links.setdefault(id(kj), Backlink("Key judgements", "", "key judgement"))
    links[id(model.briefing)] = Backlink("Home", "", "briefing description")
    for event in model.timeline.events:
        links.setdefault(id(event), Backlink("Timeline", "timeline/", "timeline"))
    discrepancies = Backlink("Discrepancies", "discrepancies/", "discrepancy")
    for disc in model.discrepancies.discrepancies:
        for item in (disc, *disc.values):
            links[id(item)] = discrepancies
    return links

_WORD = re.compile(r"\w+")


class _Mentions:
    """Which entities a text names (a name or alias, as a whole word).

    Each name is compiled once and filed under its first word: a name can only
    occur where that word is a whole word of the text, so a text is searched
    only for the names whose first word it contains, not for every entity.
    """

    def __init__(self, entities: tuple[m.Entity, ...]):
        self.position = {}
        self.by_word: dict[str, list[tuple[str, re.Pattern]]] = defaultdict(list)
        self.always: list[tuple[str, re.Pattern]] = []  # names with no word character
        for position, entity in enumerate(entities):
            self.position.setdefault(entity.id, position)
            for name in (entity.name, *entity.aliases):
                pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
                word = _WORD.search(name)
                (self.by_word[word.group(0)] if word else self.always).append((entity.id, pattern))

    def ids(self, text: str) -> set[str]:
        found: set[str] = set()
        for word in set(_WORD.findall(text)) & self.by_word.keys():
            for entity_id, pattern in self.by_word[word]:
                if entity_id not in found and pattern.search(text):
                    found.add(entity_id)
        for entity_id, pattern in self.always:
            if entity_id not in found and pattern.search(text):
                found.add(entity_id)
        return found


def build_index(model: m.Model) -> Index:
    cited_by_claim: dict[str, list[Backlink]] = defaultdict(list)
    cited_by_source: dict[str, list[Backlink]] = defaultdict(list)
    backlinks = _backlinks(model)
    for mf in markdown_fields(model):
        if isinstance(mf.item, m.Source):
            continue
        groups, _ = citations.parse(mf.text)
        link = None
        for group in groups:
            for cite in group.citations:
                link = link or backlinks[id(mf.item)]
                if link not in cited_by_claim[cite.key]:
                    cited_by_claim[cite.key].append(link)
                if link not in cited_by_source[cite.source]:
                    cited_by_source[cite.source].append(link)

    entities = model.entities.entities
    mentions = _Mentions(entities)
    claims_of_entity: dict[str, list] = defaultdict(list)
    for source in model.sources.values():
        for claim in source.claims:
            related = mentions.ids(claim.text).union(claim.about, [claim.by] if claim.by else [])
            for entity_id in sorted(related & mentions.position.keys(), key=mentions.position.__getitem__):
                relation = "by" if claim.by == entity_id else "about"
                claims_of_entity[entity_id].append((source, claim, relation))

    themes_in_order = model.themes_in_order()
    themes_of_entity: dict[str, list[m.Theme]] = defaultdict(list)
    for theme in themes_in_order:
        text = " ".join([theme.bottom_line, *(s.body for s in theme.sections)])
        for entity_id in sorted(mentions.ids(text), key=mentions.position.__getitem__):
            themes_of_entity[entity_id].append(theme)

    def newest_first(source: m.Source):
        date = source.published.date
        return (date.latest if date else (0, 0, 0), source.id)

    years: dict[int, list[m.Event]] = defaultdict(list)
    # Within a year, dated events come first in order; those known only to the
    # month or year follow the precise ones they might be, not precede them.
    def chronological(event: m.Event) -> tuple[int, int, int]:
        date = event.date
        return (date.year, date.month or 13, date.day or 32) if date else (0, 0, 0)

    for event in sorted(model.timeline.events, key=chronological):
        years[event.date.year if event.date else 0].append(event)

    return Index(
        cited_by_claim=dict(cited_by_claim),
        cited_by_source=dict(cited_by_source),
        claims_of_entity=dict(claims_of_entity),
        themes_of_entity=dict(themes_of_entity),
        sources_newest_first=sorted(model.sources.values(), key=newest_first, reverse=True),
        themes_in_order=themes_in_order,
        entity_by_id={e.id: e for e in entities},
        events_by_year=sorted(years.items()),
        sourcing=sourcing_mod.collect(model),
    )


def build_pages(model: m.Model) -> list[Page]:
    """Every page of the site, in navigation order."""
    index = build_index(model)
    common = {"briefing": model.briefing, "model": model, "index": index}
    pages = [Page("index.md", "", model.briefing.title, "home.md.j2", common)]
    pages.append(Page("themes/index.md", "themes/", "Themes", "themes.md.j2", common))
    for theme in index.themes_in_order:
        related = [model.themes[r] for r in theme.related if r in model.themes]
        pages.append(Page(f"themes/{theme.id}.md", f"themes/{theme.id}/", theme.title, "theme.md.j2",
                          {**common, "theme": theme, "related": related, "link_entities": True}))
    pages.append(Page("sources/index.md", "sources/", "Sources", "sources.md.j2", common))
    for source in index.sources_newest_first:
        pages.append(Page(f"sources/{source.id}.md", source_url(source.id), source.title, "source.md.j2",
                          {**common, "source": source}))
    pages.append(Page("timeline.md", "timeline/", "Timeline", "timeline.md.j2", common))
    pages.append(Page("discrepancies.md", "discrepancies/", "Discrepancies", "discrepancies.md.j2",
                      {**common, "charts": charts.discrepancy_charts(model)}))
    pages.append(Page("entities/index.md", "entities/", "Entities", "entities.md.j2", common))
    for entity in sorted(model.entities.entities, key=lambda e: e.name.lower()):
        pages.append(Page(f"entities/{entity.id}.md", f"entities/{entity.id}/", entity.name, "entity.md.j2",
                          {**common, "entity": entity}))
    pages.append(Page("sourcing.md", "sourcing/", "Sourcing", "sourcing.md.j2",
                      {**common, "dashboard": dashboard(model, index),
                       "network": graph.network_svg(index.sources_newest_first, index.sourcing.edges)}))
    pages.append(Page("methodology.md", "methodology/", "Methodology", "methodology.md.j2", common))
    pages.append(Page("briefing.json", "briefing.json", "Briefing data", "briefing.json.j2",
                      {**common, "data": model_data(model, index)}))
    pages.append(Page("feed.xml", "feed.xml", "Feed", "feed.xml.j2", common))
    return pages


NAV_THEMES_MAX = 15
"""Up to this many themes are listed one by one in the sidebar."""


def nav(pages: list[Page]) -> list:
    """MkDocs navigation: home, the themes, then one entry for each reference page.

    Single sources and entities are reached from their index pages, citations
    and backlinks, so the sidebar stays short however large the briefing grows.
    """
    themes = [{p.title: p.src_uri} for p in pages if p.src_uri.startswith("themes/") and p.src_uri != "themes/index.md"]
    return [
        {"Home": "index.md"},
        # Every page carries the whole sidebar: past a handful of themes, link their index instead.
        {"Themes": themes if len(themes) <= NAV_THEMES_MAX else "themes/index.md"},
        {"Timeline": "timeline.md"},
        {"Discrepancies": "discrepancies.md"},
        {"Sources": "sources/index.md"},
        {"Entities": "entities/index.md"},
        {"Sourcing": "sourcing.md"},
        {"Methodology": "methodology.md"},
    ]


def _plain(value: Any) -> Any:
    """Dataclasses -> JSON-ready data, leaving out where each item was loaded from."""
    if isinstance(value, m.PartialDate):
        return {"date": value.iso, "precision": value.precision}
    if isinstance(value, m.Item):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not f.metadata.get("internal") or f.name == "id"}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def model_data(model: m.Model, index: Index) -> dict:
    """The whole briefing as data, for /briefing.json."""
    return {
        "briefing": _plain(model.briefing),
        "sources": [dict(_plain(s), url_on_site=source_url(s.id)) for s in index.sources_newest_first],
        "themes": [dict(_plain(t), url_on_site=f"themes/{t.id}/") for t in index.themes_in_order],
        "timeline": _plain(model.timeline.events),
        "entities": [dict(_plain(e), url_on_site=f"entities/{e.id}/") for e in model.entities.entities],
        "discrepancies": _plain(model.discrepancies.discrepancies),
        "citations": {key: [link.url for link in links] for key, links in sorted(index.cited_by_claim.items())},
        "sourcing": {
            "claim_credibility": dict(sorted(index.sourcing.credibility.items())),
            "corroborated_by": {k: v for k, v in sorted(index.sourcing.corroborated_by.items()) if v},
            "supports": [{"kind": s.kind, "title": s.title, "url_on_site": s.url, "sources": list(s.sources),
                          "independent_sources": s.independent, "single_source": s.single_source}
                         for s in index.sourcing.supports],
            "rests_on": {sid: [{"kind": s.kind, "title": s.title, "alone": set(s.sources) == {sid}} for s in sups]
                         for sid, sups in sorted(index.sourcing.rests_on.items())},
            "corroboration_edges": [{"a": a, "b": b, "shared_claims": n} for a, b, n in index.sourcing.edges],
        },
    }


def dashboard(model: m.Model, index: Index) -> dict:
    """Counts for the sourcing dashboard."""
    def count(values) -> list[tuple[str, int]]:
        tally: dict[str, int] = defaultdict(int)
        for value in values:
            tally[value] += 1
        return sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))

    sources = list(model.sources.values())
    claims = [(s, c) for s in sources for c in s.claims]
    credibility = index.sourcing.credibility
    return {
        "by_outlet": count(s.outlet for s in sources),
        "by_kind": count(s.kind for s in sources),
        "by_reliability": count(s.reliability.grade for s in sources),
        "claims_by_type": count(c.type for _, c in claims),
        "claims_by_credibility": sorted(count(str(credibility[f"{s.id}#{c.id}"]) for s, c in claims)),
        "single_source": [s for s in index.sourcing.supports if s.single_source and s.kind != "timeline event"],
        "never_cited": [(s, c) for s, c in claims if f"{s.id}#{c.id}" not in index.cited_by_claim],
    }
