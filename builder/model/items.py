"""The briefing as frozen dataclasses.

Each class is also the schema of its YAML: the loader reads the field types
and `help` texts from here, and so does the JSON Schema export. Every item
remembers where it came from (`loc`) and the line of each of its fields
(`lines`), so a check can point at the exact line of a bad value.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, NewType, get_args, get_origin

from builder.model import urls
from builder.model.ids import dated_event_id, claim_key, split_key
from builder.model.dates import PartialDate as PartialDate  # a field type of the items: m.PartialDate
from builder.model.language import N_

Markdown = NewType("Markdown", str)
"""Text that may use Markdown and cite sources as [@source#claim]."""

Slug = NewType("Slug", str)
"""An id: lower-case letters and digits joined by single hyphens."""

CiteKey = NewType("CiteKey", str)
"""A reference to a claim, written source-id#claim-id."""

ClaimType = Literal["reported", "statement", "assessment", "opinion"]
Confidence = Literal["high", "moderate", "low"]
Likelihood = Literal[
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certainly",
]
SourceKind = Literal[
    "news-report", "analysis", "wire-copy", "think-tank-commentary", "opinion", "other"
]
Reliability = Literal["A", "B", "C", "D", "E", "F"]
EntityKind = Literal["person", "organisation", "place", "group"]
DiscrepancyKind = Literal["number", "date", "account"]

CLAIM_TYPES_NEEDING_BY = ("statement", "assessment")

RELIABILITY_LABELS = {
    "A": N_("completely reliable"),
    "B": N_("usually reliable"),
    "C": N_("fairly reliable"),
    "D": N_("not usually reliable"),
    "E": N_("unreliable"),
    "F": N_("reliability cannot be judged"),
}
"""The Admiralty scale's words for a source's reliability (in English; translated where readers see them)."""
CREDIBILITY_LABELS = {
    1: N_("confirmed by other sources"),
    2: N_("probably true"),
    3: N_("possibly true"),
    4: N_("doubtful"),
    5: N_("improbable"),
    6: N_("truth cannot be judged"),
}
"""The Admiralty scale's words for a claim's credibility."""


def _help(text: str, **extra: Any) -> dict[str, Any]:
    return {"help": text, **extra}


@dataclass(frozen=True)
class FieldType:
    """What kind of value a field holds: the one dispatch the loader, the schemas and the scaffold share."""

    kind: Literal["optional", "list", "choice", "date", "item", "int", "float", "slug", "citekey", "text"]
    inner: FieldType | None = None  # the value inside an optional field or a list
    choices: tuple[str, ...] = ()  # the allowed values of a choice
    cls: type | None = None  # the class of a nested item


@functools.cache
def field_type(hint: Any) -> FieldType:
    """The FieldType of a type annotation of this module."""
    origin = get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:  # Optional[X], X | None
        return FieldType("optional", inner=field_type(next(a for a in get_args(hint) if a is not type(None))))
    if origin is tuple:
        return FieldType("list", inner=field_type(get_args(hint)[0]))
    if origin is Literal:
        return FieldType("choice", choices=get_args(hint))
    if hint is PartialDate:
        return FieldType("date")
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return FieldType("item", cls=hint)
    simple: dict[Any, Literal["int", "float", "slug", "citekey", "text"]] = {
        int: "int", float: "float", Slug: "slug", CiteKey: "citekey", str: "text", Markdown: "text"}
    if hint in simple:
        return FieldType(simple[hint])
    raise TypeError(f"no field type for {hint!r}")  # a bug in this module, not in content


@functools.cache
def editable_fields(cls: type) -> tuple[tuple[dataclasses.Field[Any], FieldType], ...]:
    """The fields an editor writes, in the model's order, each with its FieldType (once per class)."""
    hints = typing.get_type_hints(cls)
    return tuple((f, field_type(hints[f.name])) for f in dataclasses.fields(cls) if not f.metadata.get("internal"))


@dataclass(frozen=True)
class Loc:
    """Where an item starts: a path relative to the project, and a 1-based line."""

    path: str
    line: int


@dataclass(frozen=True)
class Item:
    """Fields every loaded item has; filled in by the loader, not by editors."""

    loc: Loc = field(default=Loc("", 0), metadata={"internal": True}, compare=False)
    lines: dict[str, int] = field(default_factory=dict, metadata={"internal": True}, compare=False, hash=False)
    unread: frozenset[str] = field(default=frozenset(), metadata={"internal": True}, compare=False)
    """What the loader could not read of this item, each reported where it is: a field left at its default
    ('published'), or an entry left out of a list field, by its id where that was readable ('claims#c1', else
    'claims'). Checks report nothing that follows only from these gaps."""

    def line_of(self, name: str) -> int:
        """The line of one field, or of the item when the field was not written."""
        return self.lines.get(name, self.loc.line)


@dataclass(frozen=True)
class Published(Item):
    date: PartialDate | None = field(
        default=None,
        metadata=_help("Publication date: YYYY-MM-DD, YYYY-MM, YYYY, or unknown.", unknown_ok=True, required=True),
    )
    inferred: str | None = field(
        default=None,
        metadata=_help("How the date was inferred when the page does not state it fully (required for partial or unknown dates)."),
    )


@dataclass(frozen=True)
class SourceReliability(Item):
    grade: Reliability = field(
        default="F", metadata=_help("Source reliability, A (completely reliable) to F (cannot be judged).")
    )
    reason: str | None = field(default=None, metadata=_help("One line: why this grade."))


@dataclass(frozen=True)
class Claim(Item):
    id: Slug = field(default=Slug(""), metadata=_help("Claim id, unique within its source.", required=True))
    source: Slug = field(default=Slug(""), metadata={"internal": True, "file_id": True})
    """The id of the source the claim belongs to (filled in by the loader)."""
    type: ClaimType = field(default="reported", metadata=_help("reported, statement, assessment or opinion.", required=True))
    text: str = field(default="", metadata=_help("The claim in our words: one neutral, attributed sentence.", required=True))
    quote: str = field(default="", metadata=_help("The supporting passage, verbatim from the archived text; [...] joins passages.", required=True))
    by: tuple[Slug, ...] = field(default=(), metadata=_help(
        "Entity id of who makes the claim, or a list of them when the article names several "
        "(required for statements and assessments).", one_or_more=True))
    about: tuple[Slug, ...] = field(default=(), metadata=_help("Entity ids the claim is about."))
    credibility: int | None = field(
        default=None, metadata=_help("Information credibility 2-6 (1, confirmed, is derived from corroborates); left out, 6: "
                                     "truth cannot be judged.", minimum=2, maximum=6)
    )
    corroborates: tuple[CiteKey, ...] = field(
        default=(), metadata=_help("Claims of other sources that state the same thing, as source-id#claim-id.")
    )

    @functools.cached_property  # read a quarter of a million times a preview save at 1000 sources; frozen, so it stays true
    def key(self) -> str:
        """How citations name this claim: source-id#claim-id."""
        return claim_key(self.source, self.id)


@dataclass(frozen=True)
class SourceRelation(Item):
    source: Slug = field(default=Slug(""), metadata=_help("The other source's id.", required=True))
    reason: str = field(default="", metadata=_help("Why: what the editor knows (shown on the site).", required=True))


@dataclass(frozen=True)
class Source(Item):
    id: Slug = field(default=Slug(""), metadata={"internal": True, "file_id": True})
    title: str = field(default="", metadata=_help("The article's headline as published.", required=True))
    outlet: str = field(default="unknown", metadata=_help("Who published it, or unknown.", required=True))
    author: str = field(default="unknown", metadata=_help("Who wrote it, or unknown.", required=True))
    published: Published = field(default_factory=Published, metadata=_help("When it was published.", required=True))
    kind: SourceKind = field(default="news-report", metadata=_help("What sort of writing it is.", required=True))
    archive: str = field(default="", metadata=_help("File name of the archived text in the archive folder.", required=True))
    summary: Markdown = field(default=Markdown(""), metadata=_help("Summary in our words.", required=True))
    claims: tuple[Claim, ...] = field(default=(), metadata=_help("The claims the article makes.", required=True))
    url: str | None = field(default=None, metadata=_help("The article's address, if known (never guessed)."))
    retrieved: PartialDate | None = field(default=None, metadata=_help(
        "The day the article was fetched from its address, YYYY-MM-DD (written by `briefing new source --from URL`)."))
    archived_url: str | None = field(default=None, metadata=_help(
        "A web archive's copy of the article (web.archive.org, archive.today...), shown beside the original."))
    original: str | None = field(default=None, metadata=_help(
        "File name of the original page or PDF, kept unchanged beside the archived text in the archive folder "
        "(ID.html, ID.pdf): the text was extracted from it; quotes are never checked against it."))
    stance: str | None = field(default=None, metadata=_help("Its evident stance, where the text makes it plain."))
    key_points: tuple[Markdown, ...] = field(default=(), metadata=_help("Key points, in our words."))
    reliability: SourceReliability = field(default_factory=SourceReliability, metadata=_help("Source reliability grade and reason."))
    independent_of: tuple[SourceRelation, ...] = field(default=(), metadata=_help(
        "Sources this one is known to be independent of, each with the reason. Independence is otherwise "
        "established only between known, different outlets; confirmation (grade 1) needs it."))
    shares_origin_with: tuple[SourceRelation, ...] = field(default=(), metadata=_help(
        "Sources that share an origin with this one (the same wire copy or press release), each with the "
        "reason: they never corroborate each other."))

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)

    @property
    def outlet_known(self) -> bool:
        return bool(self.outlet) and self.outlet.strip().lower() != "unknown"

    @property
    def label(self) -> str:
        """How lists and charts name the source: its outlet, or its title when the outlet is unknown."""
        return self.outlet if self.outlet_known else self.title


@dataclass(frozen=True)
class KeyJudgement(Item):
    id: Slug = field(default=Slug(""), metadata=_help(f"Judgement id; its anchor on the home page is #{urls.judgement_anchor('<id>')}.", required=True))
    text: Markdown = field(default=Markdown(""), metadata=_help("The judgement, with citations.", required=True))
    confidence: Confidence = field(default="low", metadata=_help("high, moderate or low.", required=True))
    confidence_reason: str | None = field(default=None, metadata=_help("One line: why this confidence."))
    likelihood: Likelihood | None = field(default=None, metadata=_help("How probable the judgement is, from the fixed scale."))


@dataclass(frozen=True)
class ConfidenceRule(Item):
    level: Confidence = field(default="low", metadata=_help("The confidence level this rule is for: high, moderate or low.", required=True))
    means: str | None = field(default=None, metadata=_help(
        "What the level means, in a sentence for readers (left out: the generator's words for it)."))
    sources: int | None = field(default=None, metadata=_help(
        "It needs at least this many sources of different origins (with those stating the same claims).", minimum=1))
    independent_sources: int | None = field(default=None, metadata=_help(
        "It needs at least this many sources established as independent of each other.", minimum=1))
    reliability: Reliability | None = field(default=None, metadata=_help(
        "Counting for independent_sources only sources graded this letter or better (A-F)."))
    credibility: int | None = field(default=None, metadata=_help(
        "It needs at least one claim it cites graded this or better (1 confirmed ... 6).", minimum=1, maximum=6))
    disagreements: int | None = field(default=None, metadata=_help(
        "It may cite claims on two sides of at most this many recorded disagreements.", minimum=0))


@dataclass(frozen=True)
class Method(Item):
    confidence: tuple[ConfidenceRule, ...] = field(default=(), metadata=_help(
        "What each confidence level requires. A level listed here replaces the generator's rule for it; "
        "a level left out keeps the generator's rule."))
    opposed_credibility: int | None = field(default=None, metadata=_help(
        "Claims on opposite sides of one recorded disagreement are not both graded this or better unless the "
        "disagreement's note says why (left out: 2, probably true).", minimum=1, maximum=6))
    hedges: tuple[str, ...] = field(default=(), metadata=_help(
        "Words and phrases that mark a claim as hedged, for `briefing disagreements` (left out: the generator's "
        "English list)."))
    plans: tuple[str, ...] = field(default=(), metadata=_help(
        "Words and phrases that mark a claim as speaking of what is still to come, for `briefing disagreements` "
        "(left out: the generator's English list)."))


@dataclass(frozen=True)
class Publisher(Item):
    name: str = field(default="", metadata=_help("Who publishes the briefing: an organisation, a project or a person.", required=True))
    url: str | None = field(default=None, metadata=_help("The publisher's web address (http or https), if it has one."))


@dataclass(frozen=True)
class Person(Item):
    name: str = field(default="", metadata=_help("The name, as it should be credited.", required=True))
    role: str | None = field(default=None, metadata=_help("What they do for the briefing, in a word or two: author, editor..."))
    url: str | None = field(default=None, metadata=_help("A web page about them (http or https), if they want one linked."))


@dataclass(frozen=True)
class Licence(Item):
    name: str = field(default="", metadata=_help("The licence readers may reuse the briefing under, e.g. CC BY 4.0.", required=True))
    url: str | None = field(default=None, metadata=_help("Where the licence's text is (http or https)."))


@dataclass(frozen=True)
class Image(Item):
    file: str = field(default="", metadata=_help(
        "The image's file, relative to the content folder: PNG, JPEG, GIF or WebP, about 1200 by 630 pixels.",
        required=True))
    alt: str = field(default="", metadata=_help("What the image shows, for readers who cannot see it.", required=True))


@dataclass(frozen=True)
class Briefing(Item):
    title: str = field(default="", metadata=_help("The briefing's title.", required=True))
    as_of: PartialDate | None = field(default=None, metadata=_help("The date the briefing is current to (YYYY-MM-DD).", required=True))
    archive: str = field(default="", metadata=_help("Folder of the archived source texts, relative to the project folder.", required=True))
    subtitle: str | None = field(default=None, metadata=_help("One line under the title."))
    description: Markdown | None = field(default=None, metadata=_help("What the briefing covers."))
    publisher: Publisher | None = field(default=None, metadata=_help(
        "Who publishes the briefing (name, url): shown in every page's footer, in print and in the metadata."))
    authors: tuple[Person, ...] = field(default=(), metadata=_help(
        "Who writes or edits it, each with a name (and a role, a url): credited in the footer, in print and in the metadata."))
    contact: str | None = field(default=None, metadata=_help(
        "How readers reach the publisher: an e-mail address or a web address (http or https)."))
    licence: Licence | None = field(default=None, metadata=_help(
        "The licence readers may reuse the briefing under (name, url); left out, the site names none."))
    image: Image | None = field(default=None, metadata=_help(
        "The picture a link to the briefing shows when it is shared (Open Graph, Twitter cards); left out, the "
        "generator's own."))
    key_judgements: tuple[KeyJudgement, ...] = field(default=(), metadata=_help("Bottom line up front: the key judgements."))
    method: Method | None = field(default=None, metadata=_help(
        "The briefing's own tradecraft thresholds, where they differ from the generator's (see the methodology page)."))


@dataclass(frozen=True)
class Section(Item):
    heading: str = field(default="", metadata=_help("Section heading.", required=True))
    body: Markdown = field(default=Markdown(""), metadata=_help("Markdown paragraphs; each cites at least one source.", required=True))


@dataclass(frozen=True)
class Theme(Item):
    id: Slug = field(default=Slug(""), metadata={"internal": True, "file_id": True})
    title: str = field(default="", metadata=_help("The theme's title.", required=True))
    bottom_line: Markdown = field(default=Markdown(""), metadata=_help("One paragraph: the bottom line, cited.", required=True))
    confidence: Confidence = field(default="low", metadata=_help("high, moderate or low.", required=True))
    sections: tuple[Section, ...] = field(default=(), metadata=_help("The theme's sections.", required=True))
    order: int = field(default=100, metadata=_help("Position among the themes (lower first)."))
    confidence_reason: str | None = field(default=None, metadata=_help("One line: why this confidence."))
    likelihood: Likelihood | None = field(default=None, metadata=_help("How probable the bottom line is, from the fixed scale."))
    watch_next: tuple[Markdown, ...] = field(default=(), metadata=_help("What to watch next."))
    related: tuple[Slug, ...] = field(default=(), metadata=_help("Ids of related themes."))


@dataclass(frozen=True)
class Event(Item):
    date: PartialDate | None = field(default=None, metadata=_help(
        "YYYY-MM-DD, YYYY-MM or YYYY; where the source is no more precise: 2000s, early/mid/late 2025, "
        "spring/summer/autumn/winter 2025, or a period START/END such as 2018/2019.", required=True))
    text: Markdown = field(default=Markdown(""), metadata=_help("What happened, with citations.", required=True))
    date_note: str | None = field(default=None, metadata=_help("How the date is known, when it is approximate."))
    label: str | None = field(default=None, metadata=_help(
        "A few words naming the event beside its mark on the timeline's chart; left out, the text's first words."))
    id: Slug | None = field(default=None, metadata=_help(
        f"Optional id, for a permanent link: its anchor on the timeline is #{urls.event_anchor('<id>')}; "
        "without one, the anchor is made from the date."))


@dataclass(frozen=True)
class Timeline(Item):
    events: tuple[Event, ...] = field(default=(), metadata=_help("Dated events.", required=True))


@dataclass(frozen=True)
class Entity(Item):
    id: Slug = field(default=Slug(""), metadata=_help(f"Entity id; its page is {urls.file_url(urls.page_file(urls.ENTITY, '<id>'))}.", required=True))
    name: str = field(default="", metadata=_help("The usual name.", required=True))
    kind: EntityKind = field(default="person", metadata=_help("person, organisation, place or group.", required=True))
    role: str = field(default="", metadata=_help("One line: who or what it is, as of the sources.", required=True))
    aliases: tuple[str, ...] = field(default=(), metadata=_help("Other spellings used by the sources."))


@dataclass(frozen=True)
class Entities(Item):
    entities: tuple[Entity, ...] = field(default=(), metadata=_help("People, organisations, places and groups.", required=True))


@dataclass(frozen=True)
class DiscrepancyValue(Item):
    text: Markdown = field(default=Markdown(""), metadata=_help("What this source says, with its citation.", required=True))
    value: float | None = field(default=None, metadata=_help(
        "The number: required in a discrepancy of kind number, refused in the others."))
    label: str | None = field(default=None, metadata=_help(
        "What this source says in a few words, shown beside its text (and in the chart, for numbers): "
        "the figure as worded ('more than 5,000'), the date as given ('since last fall') or the account in short."))


@dataclass(frozen=True)
class Discrepancy(Item):
    id: Slug = field(default=Slug(""), metadata=_help(f"Discrepancy id; its anchor on the discrepancies page is #{urls.discrepancy_anchor('<id>')}.", required=True))
    question: str = field(default="", metadata=_help("The question on which the sources differ.", required=True))
    kind: DiscrepancyKind = field(default="account", metadata=_help("number, date or account.", required=True))
    values: tuple[DiscrepancyValue, ...] = field(default=(), metadata=_help("What each source says.", required=True))
    unit: str | None = field(default=None, metadata=_help("Unit of the numbers, e.g. workers."))
    note: Markdown | None = field(default=None, metadata=_help("Our reading of the disagreement, cited."))


@dataclass(frozen=True)
class Dismissal(Item):
    claims: tuple[CiteKey, ...] = field(default=(), metadata=_help(
        "The two claims `briefing disagreements` proposed, as source-id#claim-id.", required=True))
    reason: str = field(default="", metadata=_help(
        "Why they do not disagree; kept, so that the pair is not proposed again.", required=True))


@dataclass(frozen=True)
class Discrepancies(Item):
    discrepancies: tuple[Discrepancy, ...] = field(default=(), metadata=_help("Where the sources disagree.", required=True))
    dismissed: tuple[Dismissal, ...] = field(default=(), metadata=_help(
        "Candidate disagreements (from `briefing disagreements`) the editor has ruled out, each with the reason."))


@dataclass(frozen=True)
class Release(Item):
    """One recorded release of the briefing (content/releases/NNNN.json), written by `briefing release`.

    Not edited as YAML: releases.py writes and reads the file, and checks every
    value of it, since an editor may still open it (to correct a note) or damage it.
    """

    number: int = field(default=0, metadata={"internal": True})
    """1 for the first release, then 2, 3..."""
    as_of: PartialDate | None = field(default=None, metadata={"internal": True})
    """The briefing's as-of date when the release was recorded."""
    note: str = field(default="", metadata={"internal": True})
    """The editor's note: what this release is."""
    snapshot: dict[str, Any] = field(default_factory=dict, metadata={"internal": True}, compare=False, hash=False)
    """The public model as it stood, in the compact form of releases.snapshot()."""
    released: PartialDate | None = field(default=None, metadata={"internal": True})
    """The day the release was made; None for a release recorded before that was kept, whose day is not known."""


@dataclass(frozen=True)
class Model:
    """The whole briefing, loaded and ready to check."""

    briefing: Briefing
    sources: dict[str, Source]
    themes: dict[str, Theme]
    timeline: Timeline
    entities: Entities
    discrepancies: Discrepancies
    project_dir: str
    content_dir: str
    releases: tuple[Release, ...] = ()
    """Every recorded release, oldest first (content/releases/)."""
    unread: frozenset[str] = frozenset()
    """Items the loader could not read (a file or an entry with an error, reported where it is), as
    'kind:id' ('source:a', 'claim:a#c1', 'entity:x'), or with '*' for the id when it could not be read
    ('entity:*', 'claim:a#*'): a reference to one of them is not reported again, it may well be right."""

    def may_hold(self, kind: str, item_id: str) -> bool:
        """Whether an item of this kind ('source', 'claim', 'entity', 'theme', 'judgement', 'event',
        'discrepancy') and id may be among what the loader could not read."""
        if not self.unread:
            return False
        if kind == "claim":
            source_id = split_key(item_id)[0]
            return bool({f"claim:{item_id}", f"claim:{source_id}#*", f"source:{source_id}"} & self.unread)
        return f"{kind}:{item_id}" in self.unread or f"{kind}:*" in self.unread

    def themes_in_order(self) -> list[Theme]:
        """Themes as the site lists them: by `order`, then title, then id."""
        return sorted(self.themes.values(), key=lambda t: (t.order, t.title, t.id))

    def find_claim(self, key: str) -> Claim | None:
        source_id, claim_id = split_key(key)
        source = self.sources.get(source_id)
        return source.claim(claim_id) if source and claim_id else None

    def claims(self) -> Iterator[Claim]:
        """Every claim of every source, in the sources' order."""
        for source in self.sources.values():
            yield from source.claims

    def event_ids(self) -> dict[int, str]:
        """Each event's id, by id() of the event: its own, else made from its date (2024-06, then 2024-06-n2...)."""
        given = {e.id for e in self.timeline.events if e.id}
        ids: dict[int, str] = {}
        used: set[str] = set(given)
        for event in self.timeline.events:
            if event.id:
                ids[id(event)] = event.id
                continue
            base = dated_event_id(event.date.iso if event.date else None)
            candidate, n = base, 1
            while candidate in used:
                n += 1
                candidate = f"{base}-n{n}"
            used.add(candidate)
            ids[id(event)] = candidate
        return ids
