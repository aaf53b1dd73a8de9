"""How far each judgement can be trusted, and what rests on each source.

Derived once per build from the model, and claiming no more than can be shown:

- Independence. Two sources are independent only where that is established:
  both outlets are known and differ, or an editor has said so, with a reason
  (`independent_of`). Sources that share an origin (declared in
  `shares_origin_with`, or found by their archived texts sharing a long
  passage) are never independent, and neither are two articles of one outlet.
  An unknown outlet establishes nothing.
- Credibility of each claim: 1, "confirmed", only when a claim of a source
  established as independent states the same thing (`corroborates`); 2,
  "probably true", when the corroborating sources' independence is not
  established; otherwise the grade the editor gave (6 when none).
- For each key judgement, theme section and timeline event: the sources it
  cites and how many of them (with the sources corroborating what it cites)
  are independent of each other, by the same rule.
- For each source, what rests on it, and what rests on it alone.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Iterable

from builder.model import items as m
from builder.model import ids
from builder.model import urls
from builder.sources.shared_text import SharedPassage
from builder.model.xref import Xref

EXACT_LIMIT = 16
"""Up to this many sources, the largest independent set is found exactly; above, a greedy lower bound."""


def outlet_key(source: m.Source) -> str | None:
    """The outlet, folded for comparison; None when it is not known."""
    return source.outlet.strip().casefold() if source.outlet_known else None


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        while self.parent.setdefault(key, key) != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        first, second = sorted((self.find(a), self.find(b)))
        self.parent[second] = first


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _declared(model: m.Model, relation_field: str) -> dict[tuple[str, str], m.SourceRelation]:
    """The pairs of sources an editor declared related by `relation_field` (`independent_of`, `shares_origin_with`)."""
    declared: dict[tuple[str, str], m.SourceRelation] = {}
    for source in model.sources.values():
        for relation in getattr(source, relation_field):
            if relation.source in model.sources and relation.source != source.id:
                declared.setdefault(_pair(source.id, relation.source), relation)
    return declared


class Independence:
    """Which sources share an origin, and which are established as independent of each other."""

    def __init__(self, model: m.Model, shared: Iterable[dict[str, Any]] = ()):
        self.model = model
        self.declared_independent = _declared(model, "independent_of")
        self.declared_same_origin = _declared(model, "shares_origin_with")
        by_archive: dict[str, list[str]] = defaultdict(list)
        for source in model.sources.values():
            by_archive[source.archive].append(source.id)
        self.detected: dict[tuple[str, str], SharedPassage] = {}
        """Pairs whose archived texts share a long passage, with the passage."""
        for entry in shared:
            passage = SharedPassage.from_dict(entry)
            for a, b in itertools.product(by_archive.get(passage.a, ()), by_archive.get(passage.b, ())):
                if a != b:
                    self.detected.setdefault(_pair(a, b), passage)
        self._established: dict[tuple[str, str], bool] = {}  # pairs recur in many items' sources
        self._outlets: dict[str, str | None] = {}
        self._origins = _Union()
        for same_text in by_archive.values():  # one archived text, one origin
            for other in same_text[1:]:
                self._origins.join(same_text[0], other)
        for pair in self.declared_same_origin:
            self._origins.join(*pair)
        for pair in self.detected:
            if pair not in self.declared_independent:  # until an editor says otherwise
                self._origins.join(*pair)

    def undeclared(self) -> dict[tuple[str, str], SharedPassage]:
        """Shared passages no editor has ruled on either way."""
        return {pair: passage for pair, passage in self.detected.items()
                if pair not in self.declared_independent and pair not in self.declared_same_origin}

    def origin(self, source_id: str) -> str:
        """One source id standing for every source of the same origin."""
        return self._origins.find(source_id)

    def same_origin(self, a: str, b: str) -> bool:
        return a == b or self._origins.find(a) == self._origins.find(b)

    def established(self, a: str, b: str) -> bool:
        """Whether a and b are shown to be independent of each other."""
        pair = _pair(a, b)
        known = self._established.get(pair)
        if known is None:
            known = self._established[pair] = self._establish(a, b)
        return known

    def _establish(self, a: str, b: str) -> bool:
        if self.same_origin(a, b):
            return False
        if _pair(a, b) in self.declared_independent:
            return True
        outlet_a, outlet_b = self._outlet(a), self._outlet(b)
        return outlet_a is not None and outlet_b is not None and outlet_a != outlet_b

    def _outlet(self, source_id: str) -> str | None:
        if source_id not in self._outlets:
            self._outlets[source_id] = outlet_key(self.model.sources[source_id])
        return self._outlets[source_id]

    def largest_independent_set(self, source_ids: Iterable[str]) -> int:
        """How many of these sources are, all pairwise, established as independent."""
        nodes = sorted(set(source_ids))
        if len(nodes) <= 1:
            return len(nodes)
        links = {a: {b for b in nodes if b != a and self.established(a, b)} for a in nodes}
        if len(nodes) > EXACT_LIMIT:
            chosen: list[str] = []
            for node in sorted(nodes, key=lambda n: (-len(links[n]), n)):
                if all(node in links[c] for c in chosen):
                    chosen.append(node)
            return len(chosen)
        best = 1

        def grow(clique: int, candidates: list[str]) -> None:
            nonlocal best
            best = max(best, clique)
            for i, node in enumerate(candidates):
                if clique + len(candidates) - i <= best:
                    return
                grow(clique + 1, [c for c in candidates[i + 1 :] if c in links[node]])

        grow(0, nodes)
        return best


@dataclass(frozen=True)
class Support:
    """One cited item (a key judgement, a theme section or bottom line, an event)."""

    kind: str  # "key judgement", "theme bottom line", "theme section", "timeline event"
    title: str
    target: urls.Target
    sources: tuple[str, ...]  # cited source ids, in order of first citation
    involved: int  # distinct origins among them and the sources corroborating what they cite
    independent: int  # the largest number of those established as independent of each other
    item: m.Item = field(compare=False, repr=False)
    involved_sources: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """The ids of the sources counted in `involved`, sorted."""

    @property
    def single_source(self) -> bool:
        """It rests on one source (or several of one origin): nothing else says it."""
        return self.involved <= 1

    @property
    def independence_established(self) -> bool:
        return self.independent >= 2

    @property
    def alone(self) -> bool:
        """It cites one source only: it would fall with that source (the one rule for 'alone')."""
        return len(self.sources) == 1


@dataclass
class Sourcing:
    credibility: dict[str, int]  # effective grade by claim key
    corroborated_by: dict[str, list[str]]  # claim key -> keys of the same fact elsewhere
    unestablished: set[str]  # claim keys whose corroboration does not establish independence
    supports: list[Support]
    rests_on: dict[str, list[Support]]  # source id -> supports citing it
    edges: list[tuple[str, str, int]]  # (source a, source b, shared claims), a < b
    independence: Independence

    def __post_init__(self) -> None:
        self._by_item = {id(s.item): s for s in self.supports}

    def support_of(self, item: m.Item) -> Support:
        return self._by_item[id(item)]

    def grade(self, source: m.Source, claim: m.Claim | None) -> str:
        """The Admiralty pair, e.g. 'F3'; just the letter for a whole-source citation."""
        if claim is None:
            return source.reliability.grade
        return f"{source.reliability.grade}{self.credibility[claim.key]}"

    def alone(self, source_id: str) -> list[Support]:
        """What rests on this source and on no other."""
        return [s for s in self.rests_on.get(source_id, []) if s.alone]


def _corroboration_groups(model: m.Model) -> dict[str, set[str]]:
    """Claim key -> every claim key linked to it through `corroborates`, itself included."""
    union = _Union()
    for claim in model.claims():
        union.find(claim.key)
        for other in claim.corroborates:
            if model.find_claim(other) is not None:
                union.join(claim.key, other)
    groups: dict[str, set[str]] = defaultdict(set)
    for key in list(union.parent):
        groups[union.find(key)].add(key)
    return {key: groups[union.find(key)] for key in union.parent}


def _source_of(key: str) -> str:
    return ids.split_key(key)[0]


def derive(model: m.Model, supports: list[Support], independence: Independence,
           groups: dict[str, set[str]]) -> Sourcing:
    credibility, corroborated_by, unestablished = {}, {}, set()
    in_order: dict[int, tuple[list[str], set[str]]] = {}  # each group (by id()): its keys sorted, its sources
    for claim in model.claims():
        key = claim.key
        group = groups[key]
        if id(group) not in in_order:
            in_order[id(group)] = (sorted(group), {_source_of(k) for k in group})
        ordered, sources = in_order[id(group)]
        corroborated_by[key] = [k for k in ordered if k != key]
        other_sources = sources - {claim.source}  # the claim's own source is left out either way
        if any(independence.established(claim.source, s) for s in other_sources):
            credibility[key] = 1
        elif any(not independence.same_origin(claim.source, s) for s in other_sources):
            credibility[key] = 2  # corroborated, but the sources' independence is not shown
            unestablished.add(key)
        else:
            credibility[key] = claim.credibility or 6

    rests_on: dict[str, list[Support]] = defaultdict(list)
    for support in supports:
        for source_id in support.sources:
            rests_on[source_id].append(support)

    pairs: dict[tuple[str, str], int] = defaultdict(int)
    seen_groups = set()
    for group in groups.values():
        frozen = frozenset(group)
        if frozen in seen_groups or len(group) < 2:
            continue
        seen_groups.add(frozen)
        source_ids = sorted({_source_of(k) for k in group})
        for i, a in enumerate(source_ids):
            for b in source_ids[i + 1 :]:
                pairs[(a, b)] += 1
    edges = [(a, b, n) for (a, b), n in sorted(pairs.items())]
    return Sourcing(credibility, corroborated_by, unestablished, supports, dict(rests_on), edges, independence)


def support_for(model: m.Model, xref: Xref, independence: Independence, kind: str, title: str,
                target: urls.Target, item: m.Item, groups: dict[str, set[str]]) -> Support:
    """What a cited item rests on: its sources, and how many independent sources back it."""
    sources: list[str] = []
    involved: set[str] = set()
    for cite in xref.cites_of(item):
        if cite.source not in model.sources:
            continue
        if cite.source not in sources:
            sources.append(cite.source)
        involved.add(cite.source)
        involved.update(_source_of(other) for other in groups.get(cite.key, ()))
    origins = {independence.origin(s) for s in involved}
    return Support(kind, title, target, tuple(sources), len(origins),
                   independence.largest_independent_set(involved), item, tuple(sorted(involved)))


def collect(model: m.Model, xref: Xref, shared: Iterable[dict[str, Any]] = ()) -> Sourcing:
    """Every cited item of the briefing, then the derived grades and dependencies.

    `shared` is the shared passages the quote lock records (Verification.lock.shared).
    """
    independence = Independence(model, shared)
    groups = _corroboration_groups(model)
    supports = []

    def add(kind: str, title: str, target: urls.Target, item: m.Item) -> None:
        supports.append(support_for(model, xref, independence, kind, title, target, item, groups))

    for kj in model.briefing.key_judgements:
        add("key judgement", _first_words(xref, kj.text), urls.Target(urls.HOME, anchor=urls.judgement_anchor(kj.id)), kj)
    for theme in model.themes_in_order():
        target = urls.Target(urls.THEME, theme.id)
        add("theme bottom line", theme.title, target, theme)
        for section in theme.sections:
            add("theme section", f"{theme.title}: {section.heading}", target, section)
    event_ids = model.event_ids()
    for event in model.timeline.events:
        title = f"{event.date.iso if event.date else ''} {_first_words(xref, event.text)}".strip()
        add("timeline event", title, urls.Target(urls.TIMELINE, anchor=urls.event_anchor(event_ids[id(event)])), event)
    return derive(model, supports, independence, groups)


def _first_words(xref: Xref, text: str, limit: int = 12) -> str:
    words = xref.without_citations(text).split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")
