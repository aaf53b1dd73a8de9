"""What each kind of page shows: a typed context per page kind, and the views they share.

A template can reach only the fields of its page's context (Jinja runs with
StrictUndefined), and every value that must be worked out (an address, a
grade, a fallback for an unknown outlet, who else states a claim) is worked
out here, once per site, not in the template. Views of sources and claims are
made once and shared by every page that shows them.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from builder.model import items as m
from builder.checks import method as method_mod
from builder.checks import sourcing as sourcing_mod
from builder.model import urls
from builder.pages.mentions import Mentions
from builder.checks.stats import Statistics
from builder.model.labels import Labels
from builder.model.language import ENGLISH, Language
from builder.model.xref import Backlink, Xref
from builder.pages import passages
from builder.checks import links


# -- views shared by pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """Something to link to, by its title: `url` is its address from the site root."""

    title: str
    url: str
    kind: str = ""  # what sort of place it is, shown in brackets on some lists


@dataclass(frozen=True)
class SourceView:
    """A source as every page shows it."""

    source: m.Source
    url: str
    outlet_shown: str
    """The outlet, or 'Outlet unknown'."""
    name: str
    """How lists name the source: its outlet, or its title when the outlet is unknown."""
    kind_label: str
    """'News report', 'Think tank commentary'..."""
    kind_text: str = ""
    """The same in running text: 'news report'."""

    @property
    def id(self) -> str:
        return self.source.id

    @property
    def title(self) -> str:
        return self.source.title

    @property
    def date(self) -> m.PartialDate | None:
        return self.source.published.date


@dataclass(frozen=True)
class ClaimView:
    """A claim as every page shows it."""

    claim: m.Claim
    source: SourceView
    url: str
    anchor: str
    type_label: str
    by: tuple[Link, ...]
    """Who makes it: links to the entities' pages (url '' for an entity not in entities.yaml)."""
    credibility: int
    grade: str
    """The Admiralty pair, e.g. 'F3'."""
    credibility_label: str
    also_stated_by: tuple[Link, ...]
    """The same fact in other sources: each source's title (kind: its outlet), linking to the claim there."""
    cited_in: tuple[Link, ...]
    original_url: str = ""
    """The source's address, leading to the quoted passage (a text fragment, or a PDF's page); '' without one."""
    archived_url: str = ""
    """The same in the web archive's copy; '' without one."""
    pages: str = ""
    """The pages of a PDF the quote is on ('p. 12', 'pp. 12–13', from the quote lock); '' for other texts."""

    @property
    def key(self) -> str:
        return self.claim.key

    @property
    def quote_marks(self) -> str:
        """Which quotation marks go around the quote when it is set inline (HTML's <q>): 'single' when the
        quote holds double marks of its own (so one ending in a quoted word ends ”’, not ””), else 'double'.
        The quote itself is shown verbatim."""
        return "single" if any(mark in self.claim.quote for mark in '"\u201c\u201d') else "double"


@dataclass(frozen=True)
class TextPart:
    """A piece of a plain text as readers see it: words, or a source the editor named by its id, shown
    by its name and linking to its page (readers never see an id)."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class SupportView:
    """What a judgement, theme section or event rests on, as a line under it."""

    support: sourcing_mod.Support
    url: str
    label: str
    """'Rests on a single source' or 'N independent sources'."""
    sources: tuple[Link, ...] = ()
    """The sources it cites, each by its name (Views.source_name), linking to its page."""
    kind: str = ""
    """What it is, in words: 'key judgement', 'theme section'."""
    title: str = ""
    """What it is called: a theme's title, a judgement's first words, an event's date and first words."""

    @property
    def single_source(self) -> bool:
        return self.support.single_source

    @property
    def unestablished(self) -> bool:
        """Several sources, but their independence of each other is not shown."""
        return not self.support.single_source and not self.support.independence_established

    @property
    def alone(self) -> bool:
        return self.support.alone


@dataclass(frozen=True)
class Reference:
    """A numbered entry of a page's reference list (numbered by the references pass, pages/references.py)."""

    number: int
    """1 for the first key the page cites, 2 for the next..."""
    anchor: str
    """The entry's anchor in the page's list (urls.reference_anchor: ref-1...)."""
    source: SourceView
    claim: ClaimView | None
    """None for a citation of a whole source."""
    url: str
    """Where the citation leads: the claim on its source's page, or the source's page."""
    reliability_label: str = ""
    """The source's reliability in words, in the readers' language: 'usually reliable'."""

    @property
    def grade(self) -> str:
        return self.claim.grade if self.claim else self.source.source.reliability.grade

    @property
    def credibility_label(self) -> str:
        """The claim's credibility in words ('probably true'); '' for a citation of a whole source."""
        return self.claim.credibility_label if self.claim else ""


@dataclass(frozen=True)
class PublicationView:
    """Who publishes the briefing, who writes it, how to reach them, and its licence: the footer of every
    page, the printed briefing, the feed and the pages' metadata show the same (briefing.yaml)."""

    publisher: Link | None = None
    """The publisher's name (url '' when it gives no address)."""
    authors: tuple[Link, ...] = ()
    """Each author or editor: the name, a web page ('' when none) and the role as `kind` ('' when not said)."""
    contact: Link | None = None
    """The address as written, leading to mailto: or the web address."""
    licence: Link | None = None
    """The licence's name (url '' when none)."""
    author_names: str = ""
    """'Ann Lee and Bo Park', for a page's author metadata, listed as the readers' language lists; '' when
    no one is named."""

    def __bool__(self) -> bool:
        return bool(self.publisher or self.authors or self.contact or self.licence)


def publication(briefing: m.Briefing, lang: Language = ENGLISH) -> PublicationView:
    """The briefing's publication details, as every page shows them."""
    publisher, licence = briefing.publisher, briefing.licence
    return PublicationView(
        publisher=Link(publisher.name, publisher.url or "") if publisher else None,
        authors=tuple(Link(a.name, a.url or "", a.role or "") for a in briefing.authors),
        contact=Link(briefing.contact, links.contact_href(briefing.contact)) if briefing.contact else None,
        licence=Link(licence.name, licence.url or "") if licence else None,
        author_names=lang.listed([a.name for a in briefing.authors]))


class Views:
    """The views of the whole briefing, made once per site."""

    def __init__(self, model: m.Model, xref: Xref, sourcing: sourcing_mod.Sourcing, address: urls.Addresses,
                 quote_pages: dict[str, list[int]] | None = None, lang: Language = ENGLISH):
        self.lang = lang
        self.labels = Labels(lang)
        self.model = model
        self.quote_pages = quote_pages or {}  # claim key -> the PDF pages its quote is on, from the quote lock
        self.xref = xref
        self.sourcing = sourcing
        self.address = address
        self.entity_by_id: dict[str, m.Entity] = {e.id: e for e in model.entities.entities}
        self.sources: dict[str, SourceView] = {
            s.id: SourceView(s, address.page(urls.SOURCE, s.id),
                             s.outlet if s.outlet_known else lang.gettext("Outlet unknown"), s.label,
                             self.labels.source_kind(s.kind), self.labels.source_kind_in_text(s.kind))
            for s in model.sources.values()}
        self.claims: dict[str, ClaimView] = {c.key: self._claim(c) for c in model.claims()}
        self._source_ids: re.Pattern | None = None  # made when first needed (naming_sources)
        self._names: dict[str, str] | None = None  # made when first needed (source_name)

    def relations(self, source: m.Source) -> list[RelationView]:
        """Both directions of every declared relation, and undeclared shared passages, for one source."""
        independence, lang = self.sourcing.independence, self.lang
        views = []
        for pair, relation in sorted(independence.declared_independent.items()):
            if source.id in pair:
                other = pair[1] if pair[0] == source.id else pair[0]
                views.append(RelationView(lang.gettext("Independent of"), self.source_link(other), relation.reason))
        for pair, relation in sorted(independence.declared_same_origin.items()):
            if source.id in pair:
                other = pair[1] if pair[0] == source.id else pair[0]
                views.append(RelationView(lang.gettext("Same origin as"), self.source_link(other), relation.reason))
        for pair, passage in sorted(independence.undeclared().items()):
            if source.id in pair:
                other = pair[1] if pair[0] == source.id else pair[0]
                views.append(RelationView(lang.gettext("Same origin as"), self.source_link(other), lang.numbered(
                    passage.words, "Their archived texts share a passage of %(num)s word.",
                    "Their archived texts share a passage of %(num)s words.")))
        return views

    def naming_sources(self, text: str) -> tuple[TextPart, ...]:
        """A plain text in parts, each source id in it (a hyphenated one, standing alone: 'per example-talks')
        replaced by the source's name, linking to its page."""
        if self._source_ids is None:
            ids = sorted((i for i in self.sources if "-" in i), key=len, reverse=True)
            self._source_ids = re.compile(r"(?<![\w/#@-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])") \
                if ids else None
            if self._source_ids is None:
                return (TextPart(text),)
        parts, last = [], 0
        for match in self._source_ids.finditer(text):
            if match.start() > last:
                parts.append(TextPart(text[last:match.start()]))
            parts.append(TextPart(self.source_name(match.group(1)), self.sources[match.group(1)].url))
            last = match.end()
        if last < len(text):
            parts.append(TextPart(text[last:]))
        return tuple(parts)

    def source_name(self, source_id: str) -> str:
        """How a list names a source in a word: its outlet, or its title when the outlet is unknown or shared."""
        if self._names is None:
            counts: dict[str, int] = {}
            for view in self.sources.values():
                counts[view.name] = counts.get(view.name, 0) + 1
            self._names = {i: view.title if counts[view.name] > 1 else view.name for i, view in self.sources.items()}
        return self._names[source_id]

    def source_link(self, source_id: str) -> Link:
        view = self.sources[source_id]
        return Link(view.title, view.url)

    def link(self, backlink: Backlink) -> Link:
        """A place that cites something, by its title, with the kind of item citing in the readers' words."""
        title = backlink.title if backlink.kind == "theme" else self.lang.gettext(backlink.title)  # a page's title
        return Link(title, self.address.url(backlink.target), self.labels.cited_by(backlink.kind))

    def entity_link(self, entity_id: str) -> Link:
        entity = self.entity_by_id.get(entity_id)
        return Link(entity.name, self.address.entity(entity_id)) if entity else Link(entity_id, "")

    def _claim(self, claim: m.Claim) -> ClaimView:
        source = self.sources[claim.source]
        credibility = self.sourcing.credibility[claim.key]
        pages = self.quote_pages.get(claim.key, ())
        original, archived = source.source.url, source.source.archived_url
        return ClaimView(
            claim=claim, source=source, url=self.address.claim(claim.key), anchor=urls.claim_anchor(claim.id),
            type_label=self.labels.claim_type(claim.type), by=tuple(self.entity_link(e) for e in claim.by),
            credibility=credibility, grade=f"{source.source.reliability.grade}{credibility}",
            credibility_label=self.lang.gettext("%(grade)s (corroborated; independence not established)") % {
                "grade": self.labels.credibility(credibility)} if claim.key in self.sourcing.unestablished
            else self.labels.credibility(credibility),
            also_stated_by=tuple(Link(self.sources[m.split_key(k)[0]].title, self.address.claim(k),
                                      self.sources[m.split_key(k)[0]].outlet_shown)
                                 for k in self.sourcing.corroborated_by.get(claim.key, ())),
            cited_in=tuple(self.link(b) for b in self.xref.cited_by_claim.get(claim.key, ())),
            original_url=passages.passage_url(original, claim.quote, pages) if original else "",
            archived_url=passages.passage_url(archived, claim.quote, pages) if archived else "",
            pages=self.pages_label(pages),
        )

    def pages_label(self, pages: typing.Sequence[int] | None) -> str:
        """'p. 12', 'pp. 12–13', or '' when the text has no pages."""
        if not pages:
            return ""
        if len(pages) == 1 or pages[0] == pages[-1]:
            return self.lang.gettext("p. %(page)s") % {"page": pages[0]}
        return self.lang.gettext("pp. %(first)s–%(last)s") % {"first": pages[0], "last": pages[-1]}

    def support(self, item: m.Item) -> SupportView:
        support, lang = self.sourcing.support_of(item), self.lang
        if support.single_source:
            label = lang.gettext("Rests on a single source")
        elif support.independence_established:
            label = lang.numbered(support.independent, "%(num)s independent source", "%(num)s independent sources")
            if len(support.sources) < support.independent:  # the others state the same facts, uncited here
                label = lang.ngettext("%(label)s (%(num)s cited, with those stating the same facts)",
                                      "%(label)s (%(num)s cited, with those stating the same facts)",
                                      len(support.sources)) % {"label": label, "num": lang.number(len(support.sources))}
        else:
            label = lang.numbered(support.involved, "%(num)s source; independence not established",
                               "%(num)s sources; independence not established")
        title = support.title
        if isinstance(item, m.Event) and item.date is not None:  # dated as readers write dates, not as YYYY-MM
            title = lang.gettext("%(date)s: %(event)s") % {
                "date": lang.date(item.date), "event": title.removeprefix(item.date.iso).strip()}
        return SupportView(support, self.address.url(support.target), label,
                           tuple(Link(self.source_name(s), self.sources[s].url) for s in support.sources),
                           self.labels.support_kind(support.kind), title)


# -- one context per kind of page -----------------------------------------------------------------


@dataclass(frozen=True)
class ReleaseMark:
    """A release as a line names it: by the day it was made, or by its number when that day is not known."""

    number: int
    released: m.PartialDate | None
    """The day the release was made; None for an early release whose day was not recorded."""
    as_of: m.PartialDate
    """The date the briefing was current to in that release."""


@dataclass(frozen=True)
class ChangeDetail:
    """One change of an item, in words, with the words it changed when it re-worded a text."""

    words: str
    """'bottom line re-worded', 'confidence lowered: high → moderate'."""
    diff: Markup = Markup("")
    """The text as re-worded: what was deleted in <del>, what was inserted in <ins>, and a few unchanged words
    around each change; '' for a change that re-words no text."""


@dataclass(frozen=True)
class HistoryEntry:
    """What one release changed on an item (nothing for the release that first published it)."""

    release: ReleaseMark
    url: str
    """The change on the changes page (the release, for the first publication)."""
    changes: list[ChangeDetail]
    """The item's own changes."""
    claims: list[ChangeLine] = field(default_factory=list)
    """On a source's page, the changes of its claims: one line a claim ('Claim “…”'), linking to it on the page."""
    first: bool = False
    """The release that first published the item."""


@dataclass(frozen=True)
class HistoryView:
    """When an item was first published and last updated, what its latest update changed, and its history."""

    first: ReleaseMark
    """The first release that held the item."""
    first_url: str
    """That release on the changes page."""
    updated: ReleaseMark | None = None
    """The latest later release that changed it, if any."""
    updated_url: str = ""
    """That change on the changes page."""
    latest: str = ""
    """What that release changed on it, in words: 'bottom line re-worded; confidence lowered: high → moderate'."""
    entries: list[HistoryEntry] = field(default_factory=list)
    """Every release that published or changed it, newest first."""
    anchor: str = ""
    """Where a page shows the history (urls.PAGE_HISTORY_ANCHOR); '' where it is shown in place."""


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
class ChangeLine:
    """One item's changes in one release (or among the unreleased changes), in words; `details` with the words
    each re-wording changed."""

    kind_name: str
    """'Key judgement', 'Theme', 'Claim'..."""
    subject: str
    """What the item is called: a title, or the first words of its text."""
    url: str
    """Where the item stands now ('' when it is no longer in the briefing)."""
    anchor: str
    """The line's anchor on the changes page."""
    entry_url: str
    """The line's address on the changes page."""
    words: list[str]
    """Each change, in words: 'confidence lowered: high → moderate'."""
    details: list[ChangeDetail] = field(default_factory=list)
    """Each change with its word differences, in the order of `words`."""

    @property
    def one_line(self) -> bool:
        """A single change that re-words no text reads as one line; anything else as a list under the item."""
        return len(self.details) == 1 and not self.details[0].diff


@dataclass(frozen=True)
class ChangeGroup:
    title: str
    """'Key judgements', 'Themes'..."""
    lines: list[ChangeLine]


@dataclass(frozen=True)
class ReleaseView:
    """One release as the changes page, the home page and the feed show it."""

    number: int
    as_of: m.PartialDate
    note: str
    anchor: str
    url: str
    """Its section of the changes page."""
    groups: list[ChangeGroup]
    """What changed since the previous release, by kind (empty for the first release)."""
    change_count: int
    counted: str
    """'5 items changed (7 changes)': as many items as `groups` lists lines, and the changes under them."""
    published: str
    """For the first release, what it published in words ('5 sources, 62 claims...'); else ''."""
    released: m.PartialDate | None = None
    """The day it was made; None for an early release whose day was not recorded."""
    previous: ReleaseMark | None = None
    """The release before it."""


@dataclass(frozen=True)
class WhatChangedView:
    """The home page's few lines on the latest release."""

    release: ReleaseView
    lines: list[ChangeLine]
    """The first few items the latest release changed."""
    more: str
    """'And 4 more.' when it changed more items than the lines show; else ''."""
    unreleased: str
    """'3 items changed since, not yet in a release' when the content has changed since it; else ''."""
    changes_url: str
    unreleased_url: str


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
    """The overview of the theme's own events (pages.theme_events), each mark linking to the timeline."""
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
class RelationView:
    """What an editor says of this source and another: independent of it, or of one origin with it."""

    label: str
    other: Link
    reason: str


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
    """Ids of the themes this event belongs to (pages.theme_events), for the list's filter."""
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
