"""What each kind of page shows: a typed context per page kind, made of the shared views (views.py).

A template can reach only the fields of its page's context (Jinja runs with
StrictUndefined), and every value that must be worked out (an address, a
grade, a fallback for an unknown outlet, who else states a claim) is worked
out here, once per site, not in the template. Views of sources and claims are
made once and shared by every page that shows them.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from builder.model import items as m
from builder.checks import method as method_mod
from builder.pages.mentions import Mentions
from builder.checks.stats import Statistics
from builder.model.labels import Labels
from builder.model.language import ENGLISH, Language
from builder.pages.releaseviews import HistoryView, ChangeGroup, ReleaseView, WhatChangedView
from builder.pages.views import RelationView, ClaimView, Link, SourceView, SupportView, TextPart


# -- one context per kind of page -----------------------------------------------------------------


@dataclass(frozen=True)
class JudgementView:
    judgement: m.KeyJudgement
    anchor: str
    support: SupportView
    history: HistoryView | None = None
    """None until a release holds the judgement."""


@dataclass(frozen=True)
class ThemeView:
    theme: m.Theme
    url: str
    support: SupportView
    """What the bottom line rests on."""


@dataclass(frozen=True)
class CiteView:
    """The home page's "Cite this briefing" box: the reference in the usual styles, and files to download."""

    formatted: list[tuple[str, Markup]]
    """(style, the reference as that style writes it), e.g. ('APA', 'Desk. (2025). <i>Title</i>...')."""
    downloads: list[Link]
    """BibTeX, RIS and CSL-JSON: each file's format as its title."""
    version: str = ""
    """The release the reference cites ('' before the first release)."""


@dataclass(frozen=True)
class HomeContext:
    briefing: m.Briefing
    """The briefing itself (content/briefing.yaml): title, subtitle, as-of date, description."""
    judgements: list[JudgementView]
    """The key judgements, in the order written, each with its confidence and citations."""
    themes: list[ThemeView]
    """Every theme, in the briefing's order."""
    latest_sources: list[SourceView]
    """The five newest sources."""
    source_count: int
    """How many sources the briefing rests on."""
    what_changed: WhatChangedView | None = None
    """None until the first release."""
    cite: CiteView | None = None
    """How to cite the briefing."""


@dataclass(frozen=True)
class ThemesContext:
    themes: list[ThemeView]
    """Every theme, in the briefing's order."""


@dataclass(frozen=True)
class SectionView:
    section: m.Section
    support: SupportView


@dataclass(frozen=True)
class ThemeContext:
    theme: m.Theme
    """The theme as written (content/themes/<id>.yaml)."""
    view: ThemeView
    """What the site works out of it: its address, sourcing line, dates."""
    sections: list[SectionView]
    """Its sections, each with its heading's anchor."""
    related: list[Link]
    """Links to its related themes."""
    link_entities: bool = True
    """Theme pages link the entities their text names, each at its first mention on the page."""
    timeline: Markup = Markup("")
    """The overview of the theme's own events (site.events_by_theme), each mark linking to the timeline."""
    event_count: int = 0
    """How many events the timeline overview shows."""
    unlinked_entities: frozenset[str] = frozenset()
    """Entities never linked on theme pages: the briefing's household names (mentions.common_entities)."""
    history: HistoryView | None = None
    """None until a release holds the theme."""


@dataclass(frozen=True)
class SourcesContext:
    sources: list[SourceView]
    """Newest first."""


@dataclass(frozen=True)
class SourceContext:
    source: SourceView
    """The source, with its address and how its outlet and kind read."""
    relations: list[RelationView]
    """Declared independence and shared origins, and shared passages found in the archived texts."""
    claims: list[ClaimView]
    """Its claims, in the order written, each with its grade and the pages citing it."""
    cited_in: list[Link]
    """Every page that cites the source or one of its claims, with the kind of item citing it."""
    rests_on: list[SupportView]
    """Every key judgement, theme section and event that cites this source."""
    archive_sha256: str = ""
    """The SHA-256 of the archived text the quotes were verified against (from the quote lock; '' if not recorded)."""
    original_sha256: str = ""
    """The SHA-256 of the original page or PDF the text was extracted from (from the quote lock; '' if none)."""
    author_shown: str = ""
    """The author, or 'Author unknown'."""
    history: HistoryView | None = None
    """None until a release holds the source."""


@dataclass(frozen=True)
class EventView:
    event: m.Event
    anchor: str
    themes: tuple[str, ...] = ()
    """Ids of the themes this event belongs to (site.events_by_theme), for the list's filter."""
    entities: tuple[str, ...] = ()
    """Ids of the entities it names or whose claims it cites, for the list's filter."""


@dataclass(frozen=True)
class TimelineContext:
    years: list[tuple[str, list[EventView]]]
    """Events grouped by the year they start in, oldest first; in a year, dated events before vaguer ones.
    Each group's heading is the year, or the decade (2000s) for events dated no more precisely."""
    overview: Markup = Markup("")
    """Every event on one time axis (overview.py), each mark linking to the event below."""
    filter_themes: list[tuple[str, str]] = field(default_factory=list)
    """(id, title) of each theme with events, for the filter a script offers (without it, all events show)."""
    filter_entities: list[tuple[str, str]] = field(default_factory=list)
    """(id, name) of each entity with events, by name, for the same filter."""
    fold_references: bool = True
    """The reference list starts folded: each entry repeats a quote a citation's preview already shows."""


@dataclass(frozen=True)
class ValueRow:
    value: m.DiscrepancyValue
    figure: str
    """The label, or the number formatted ('' when there is neither)."""


@dataclass(frozen=True)
class DiscrepancyView:
    discrepancy: m.Discrepancy
    anchor: str
    chart: Markup
    """An SVG dot chart for numbers ('' when there is nothing to draw)."""
    rows: list[ValueRow]
    label_heading: str = ""
    """The heading of the column of labels ('Figure (troops)', 'Date given', 'In short'); '' when no value has one."""


@dataclass(frozen=True)
class DiscrepanciesContext:
    discrepancies: list[DiscrepancyView]
    """Each disagreement among the sources, its values side by side."""


@dataclass(frozen=True)
class EntityRow:
    entity: m.Entity
    url: str
    claim_count: int
    role: tuple[TextPart, ...] = ()
    """The entity's role, a source named by its id shown by its name (Views.naming_sources)."""


@dataclass(frozen=True)
class EntitiesContext:
    entities: list[EntityRow]
    """By name."""


@dataclass(frozen=True)
class EntityClaim:
    relation: str
    """'By' or 'About'."""
    claim: ClaimView


@dataclass(frozen=True)
class EntityContext:
    entity: m.Entity
    """The person, organisation, place or group."""
    themes: list[Link]
    """Themes whose text names the entity."""
    claims: list[EntityClaim]
    """Every claim by or about it, with its source."""
    role: tuple[TextPart, ...] = ()
    """The entity's role, a source named by its id shown by its name (Views.naming_sources)."""


@dataclass(frozen=True)
class SourcingContext:
    stats: Statistics
    """The counts of the sourcing page: grades, independence, claims by type."""
    network: Markup
    """The corroboration network chart (SVG), or empty when no claim corroborates another."""
    single_source: list[SupportView]
    """The judgements and themes that rest on one source of origin."""
    unestablished: list[SupportView]
    """Judgements and sections citing several sources whose independence is not shown."""
    never_cited: list[ClaimView]
    """Claims no page cites."""
    network_pairs: list[tuple[Link, Link, int]] = field(default_factory=list)
    """The network in words: each pair of sources stating the same facts, and how many claims they share."""


@dataclass(frozen=True)
class PrintTheme:
    """One theme in the printable document."""

    view: ThemeView
    sections: list[SectionView]


@dataclass(frozen=True)
class PrintContext:
    """The whole briefing as one document, with one numbered reference list."""

    briefing: m.Briefing
    """The briefing itself."""
    judgements: list[JudgementView]
    """The key judgements."""
    themes: list[PrintTheme]
    """Every theme with its sections, in the briefing's order."""
    discrepancies: list[DiscrepancyView]
    """Each disagreement among the sources."""
    timeline: TimelineContext
    """The dated events."""
    source_count: int
    """How many sources the briefing rests on."""
    site_address: str
    """The live site's address (mkdocs.yml site_url), or '' when none is set."""


@dataclass(frozen=True)
class PrintStyleContext:
    """The running footer of every printed page (CSS @page margin boxes)."""

    footer: str
    """'Title · as of 1 November 2025 · https://...': said on each printed page."""
    rtl: bool = False
    """Whether the language runs right to left: the page number then stands at the left, the title at the right."""


@dataclass(frozen=True)
class ConfidenceLevelView:
    """One confidence level as the methodology page states it: its words and what the check asks of it."""

    level: str
    """'high', 'moderate', 'low': the level's id (its anchor on the page)."""
    name: str
    """'High', 'Moderate', 'Low', in the readers' language."""
    means: str
    requires: list[str]
    """Each requirement in words (method.requirements); empty for a level that asks nothing."""


@dataclass(frozen=True)
class MethodologyContext:
    source_count: int
    """How many sources the briefing rests on."""
    confidence: list[ConfidenceLevelView]
    """The levels, strongest first, from the method the check holds the briefing to."""
    opposed_grade: str
    """The grade two claims on opposite sides of a disagreement may not both reach without a reason: '2 (probably true)'."""
    likelihoods: tuple[tuple[str, str], ...] = ()
    """The likelihood scale, from least to most probable: each value (its anchor) and its words."""


def methodology(model: m.Model, lang: Language = ENGLISH) -> MethodologyContext:
    method = method_mod.in_force(model.briefing)
    labels = Labels(lang)
    # A level's `means` is the briefing's own words where it states them, else the generator's, translated.
    levels = [ConfidenceLevelView(rule.level, labels.confidence_level(rule.level), lang.gettext(rule.means) if rule.means else "",
                                  method_mod.requirements(rule, lang))
              for rule in method.confidence]
    assert method.opposed_credibility is not None  # method.resolved() fills it from the defaults
    return MethodologyContext(len(model.sources), levels, method_mod.grade_words(method.opposed_credibility, lang),
                              tuple((words, labels.likelihood(words)) for words in typing.get_args(m.Likelihood)))


@dataclass(frozen=True)
class ChangesContext:
    releases: list[ReleaseView]
    """Newest first."""
    unreleased: list[ChangeGroup]
    """Changes of the content since the latest release (empty when there is none, or no release yet)."""
    unreleased_anchor: str
    """The anchor of the unreleased changes' heading."""


@dataclass(frozen=True)
class DataContext:
    data: dict[str, Any]
    """The whole content model as data (briefing.json)."""


@dataclass(frozen=True)
class TextContext:
    """A data file whose whole text is worked out in Python (a citation in BibTeX or RIS)."""

    text: Markup
    """The file's whole text, written as it is."""


@dataclass(frozen=True)
class RobotsContext:
    sitemap: str
    """The sitemap's absolute address; '' without site_url (sitemap.xml is then not written)."""


@dataclass(frozen=True)
class FeedEntry:
    title: str
    id: str
    url: str
    updated: str
    summary: str  # Markdown; the template shows it as plain text
    author: str | None = None
    text: str | None = None
    """A summary that is plain text already (a release's note and changes), shown as it is instead of `summary`."""
    release: ReleaseView | None = None
    """For a release's entry: the release, whose changes (with their word differences) are the entry's content."""


@dataclass(frozen=True)
class FeedContext:
    title: str
    """The feed's title: the briefing's."""
    subtitle: str | None
    """The briefing's subtitle."""
    id: str
    """The feed's permanent id (a tag: URI)."""
    url: str
    """The site's address (absolute with site_url, else relative)."""
    updated: str
    """When the briefing last changed, as an Atom date."""
    entries: list[FeedEntry] = field(default_factory=list)
    """One entry per release (or per theme and source before the first release), newest first."""


def script_messages(lang: Language = ENGLISH) -> dict[str, Any]:
    """The words the site's scripts show (assets/briefing.js, assets/search.js), as every page carries them
    (overrides/main.html): a plural by CLDR's category, which a script picks with Intl.PluralRules."""
    return {
        "source": lang.gettext("Source"),
        "claimOnThisPage": lang.gettext("Claim on this page"),
        "sourceLabel": lang.gettext("Source: "),
        "claimLabel": lang.gettext("Claim: "),
        "tapAgain": lang.gettext("Tap the number again to open the source."),
        "backTo": lang.gettext("Back to %(title)s"),
        "backToCiting": lang.gettext("Back to the citing page"),
        "backToPrevious": lang.gettext("Back to the previous page"),
        "events": lang.plural_forms("%(num)s event", "%(num)s events"),
        "noResults": lang.gettext("No matching documents"),
        "results": lang.plural_forms("%(num)s matching document", "%(num)s matching documents"),
        "shown": lang.plural_forms("%(results)s, %(num)s shown", "%(results)s, %(num)s shown"),
        "showMore": lang.plural_forms("Show %(num)s more of %(total)s", "Show %(num)s more of %(total)s"),
        "unavailable": lang.gettext("Search is not available: %(error)s"),
    }


def entity_relations(model: m.Model, mentions: Mentions) -> dict[str, list[tuple[str, m.Claim]]]:
    """Entity id -> ('By' or 'About', claim) for every claim by or about it, in source order."""
    relations: dict[str, list[tuple[str, m.Claim]]] = {}
    for claim in model.claims():
        related = mentions.ids(claim.text).union(claim.about, claim.by)
        for entity_id in mentions.in_order(related):
            relations.setdefault(entity_id, []).append(("By" if entity_id in claim.by else "About", claim))
    return relations
