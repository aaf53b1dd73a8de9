"""The views pages share: a source, a claim, a reference, who publishes the briefing, worked out once.

`Views` makes one view of each source and claim per site, with everything a page shows of it worked out
(addresses, grades, a fallback for an unknown outlet, who else states a claim), so that every page that
shows it shows the same, and no template works anything out. The contexts of single pages (contexts.py)
are made of these.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass


from builder.model import items as m
from builder.model import ids
from builder.checks import sourcing as sourcing_mod
from builder.model import urls
from builder.model.labels import Labels
from builder.model.language import ENGLISH, Language
from builder.model.xref import Backlink, Xref
from builder.pages import passages
from builder.checks import links



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
class RelationView:
    """What an editor says of this source and another: independent of it, or of one origin with it."""

    label: str
    other: Link
    reason: str


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
                 quote_pages: dict[str, list[int]] | None = None, lang: Language = ENGLISH,
                 earlier: Views | None = None):
        """`earlier`: the views of an earlier build of the same project (the preview's, before a save), whose
        views of the very same sources, and of claims made of the same inputs, are taken rather than made again."""
        self.lang = lang
        self.labels = Labels(lang)
        self.model = model
        self.quote_pages = quote_pages or {}  # claim key -> the PDF pages its quote is on, from the quote lock
        self.xref = xref
        self.sourcing = sourcing
        self.address = address
        self.entity_by_id: dict[str, m.Entity] = {e.id: e for e in model.entities.entities}
        if earlier is not None and (earlier.address is not address or earlier.lang is not lang):
            earlier = None  # views of another site: nothing to take
        self.sources: dict[str, SourceView] = {}
        for s in model.sources.values():
            view = earlier.sources.get(s.id) if earlier is not None else None
            self.sources[s.id] = view if view is not None and view.source is s else SourceView(
                s, address.page(urls.SOURCE, s.id), s.outlet if s.outlet_known else lang.gettext("Outlet unknown"),
                s.label, self.labels.source_kind(s.kind), self.labels.source_kind_in_text(s.kind))
        self._claim_inputs: dict[str, tuple] = {}  # what each claim's view is made of (_claim), for a later site
        self.claims: dict[str, ClaimView] = {}
        for claim in model.claims():
            inputs = self._claim_inputs[claim.key] = self._inputs(claim)
            same = earlier is not None and earlier._claim_inputs.get(claim.key) == inputs
            self.claims[claim.key] = earlier.claims[claim.key] if same else self._claim(*inputs)  # type: ignore[union-attr]
        self._source_ids: re.Pattern | None = None  # made when first needed (naming_sources)
        self._names: dict[str, str] | None = None  # made when first needed (source_name)
        self._supports: dict[int, SupportView] = {}  # support(), by the id() of the item (the model holds it)

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
            hyphenated = sorted((i for i in self.sources if "-" in i), key=len, reverse=True)
            self._source_ids = re.compile(r"(?<![\w/#@-])(" + "|".join(map(re.escape, hyphenated)) + r")(?![\w-])") \
                if hyphenated else None
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

    def _inputs(self, claim: m.Claim) -> tuple:
        """Everything a claim's view is made of (_claim), besides the site's address and language."""
        key, sourcing = claim.key, self.sourcing
        return (claim, self.sources[claim.source], sourcing.credibility[key], key in sourcing.unestablished,
                tuple((k, self.sources[ids.split_key(k)[0]]) for k in sourcing.corroborated_by.get(key, ())),
                tuple(self.xref.cited_by_claim.get(key, ())), tuple(self.quote_pages.get(key, ())),
                tuple((e, self.entity_by_id.get(e)) for e in claim.by))

    def _claim(self, claim: m.Claim, source: SourceView, credibility: int, unestablished: bool,
               corroborated: tuple[tuple[str, SourceView], ...], cited_in: tuple[Backlink, ...],
               pages: tuple[int, ...], by: tuple[tuple[str, m.Entity | None], ...]) -> ClaimView:
        original, archived = source.source.url, source.source.archived_url
        return ClaimView(
            claim=claim, source=source, url=self.address.claim(claim.key), anchor=urls.claim_anchor(claim.id),
            type_label=self.labels.claim_type(claim.type),
            by=tuple(Link(entity.name, self.address.entity(e)) if entity else Link(e, "") for e, entity in by),
            credibility=credibility, grade=f"{source.source.reliability.grade}{credibility}",
            credibility_label=self.lang.gettext("%(grade)s (corroborated; independence not established)") % {
                "grade": self.labels.credibility(credibility)} if unestablished
            else self.labels.credibility(credibility),
            also_stated_by=tuple(Link(other.title, self.address.claim(k), other.outlet_shown)
                                 for k, other in corroborated),
            cited_in=tuple(self.link(b) for b in cited_in),
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
        """What an item rests on, as a line under it (made once per item: a theme section is listed on the page
        of each source it cites)."""
        made = self._supports.get(id(item))
        if made is None:
            made = self._supports[id(item)] = self._support(item)
        return made

    def _support(self, item: m.Item) -> SupportView:
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
        if isinstance(item, m.Section) and support.target.id in self.model.themes:  # as the language punctuates
            title = self.model.themes[support.target.id].title + lang.pgettext("punctuation after a label", ": ") \
                + item.heading
        if isinstance(item, m.Event) and item.date is not None:  # dated as readers write dates, not as YYYY-MM
            title = lang.gettext("%(date)s: %(event)s") % {
                "date": lang.date(item.date), "event": title.removeprefix(item.date.iso).strip()}
        return SupportView(support, self.address.url(support.target), label,
                           tuple(Link(self.source_name(s), self.sources[s].url) for s in support.sources),
                           self.labels.support_kind(support.kind), title)
