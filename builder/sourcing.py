"""How far each judgement can be trusted, and what rests on each source.

Derived once per build from the model:
- each claim's effective credibility (1, "confirmed", when independent sources
  state the same thing through `corroborates`; two articles from the same
  outlet are not independent, and an unknown outlet counts only for itself);
- for each key judgement, theme section and timeline event, the sources it
  cites and how many of them are independent;
- for each source, what rests on it, and what rests on it alone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from . import model as m, urls
from .xref import Xref


def outlet_key(source: m.Source) -> str:
    """Sources with the same key are not independent of each other."""
    outlet = source.outlet.strip().lower()
    return f"unknown:{source.id}" if outlet in ("", "unknown") else outlet


@dataclass(frozen=True)
class Support:
    """One cited item (a key judgement, a theme section or bottom line, an event)."""

    kind: str  # "key judgement", "theme bottom line", "theme section", "timeline event"
    title: str
    target: urls.Target
    sources: tuple[str, ...]  # cited source ids, in order of first citation
    independent: int  # distinct outlets among them and their corroborations
    item: m.Item = field(compare=False, repr=False)

    @property
    def single_source(self) -> bool:
        return self.independent < 2

    @property
    def alone(self) -> bool:
        """It cites one source only: it would fall with that source (the one rule for 'alone')."""
        return len(self.sources) == 1


@dataclass
class Sourcing:
    credibility: dict[str, int]  # effective grade by claim key
    corroborated_by: dict[str, list[str]]  # claim key -> keys of the same fact elsewhere
    supports: list[Support]
    rests_on: dict[str, list[Support]]  # source id -> supports citing it
    edges: list[tuple[str, str, int]]  # (source a, source b, shared claims), a < b

    def __post_init__(self) -> None:
        self._by_item = {id(s.item): s for s in self.supports}

    def support_of(self, item: m.Item) -> Support:
        return self._by_item[id(item)]

    def grade(self, source: m.Source, claim: Optional[m.Claim]) -> str:
        """The Admiralty pair, e.g. 'F3'; just the letter for a whole-source citation."""
        if claim is None:
            return source.reliability.grade
        return f"{source.reliability.grade}{self.credibility[claim.key]}"

    def alone(self, source_id: str) -> list[Support]:
        """What rests on this source and on no other."""
        return [s for s in self.rests_on.get(source_id, []) if s.alone]


def _corroboration_groups(model: m.Model) -> dict[str, set[str]]:
    """Claim key -> every claim key linked to it through `corroborates`, itself included."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for claim in model.claims():
        find(claim.key)
        for other in claim.corroborates:
            if model.find_claim(other) is not None:
                parent[find(claim.key)] = find(other)
    groups: dict[str, set[str]] = defaultdict(set)
    for key in list(parent):
        groups[find(key)].add(key)
    return {key: groups[find(key)] for key in parent}


def derive(model: m.Model, supports: list[Support]) -> Sourcing:
    groups = _corroboration_groups(model)
    credibility, corroborated_by = {}, {}
    for claim in model.claims():
        key = claim.key
        others = sorted(groups[key] - {key})
        outlets = {outlet_key(model.sources[m.split_key(k)[0]]) for k in groups[key]}
        corroborated_by[key] = others
        credibility[key] = 1 if len(outlets) >= 2 else (claim.credibility or 6)

    rests_on: dict[str, list[Support]] = defaultdict(list)
    for support in supports:
        for source_id in support.sources:
            rests_on[source_id].append(support)

    pairs: dict[tuple[str, str], int] = defaultdict(int)
    seen_groups = set()
    for key, group in groups.items():
        frozen = frozenset(group)
        if frozen in seen_groups or len(group) < 2:
            continue
        seen_groups.add(frozen)
        source_ids = sorted({m.split_key(k)[0] for k in group})
        for i, a in enumerate(source_ids):
            for b in source_ids[i + 1 :]:
                pairs[(a, b)] += 1
    edges = [(a, b, n) for (a, b), n in sorted(pairs.items())]
    return Sourcing(credibility, corroborated_by, supports, dict(rests_on), edges)


def support_for(model: m.Model, xref: Xref, kind: str, title: str, target: urls.Target, item: m.Item,
                groups: dict[str, set[str]]) -> Support:
    """What a cited item rests on: its sources, and how many independent outlets back it."""
    sources: list[str] = []
    outlets: set[str] = set()
    for cite in xref.cites_of(item):
        if cite.source not in model.sources:
            continue
        if cite.source not in sources:
            sources.append(cite.source)
        outlets.add(outlet_key(model.sources[cite.source]))
        for other in groups.get(cite.key, ()):
            outlets.add(outlet_key(model.sources[m.split_key(other)[0]]))
    return Support(kind, title, target, tuple(sources), len(outlets), item)


def collect(model: m.Model, xref: Xref) -> Sourcing:
    """Every cited item of the briefing, then the derived grades and dependencies."""
    groups = _corroboration_groups(model)
    supports = []
    for kj in model.briefing.key_judgements:
        supports.append(support_for(model, xref, "key judgement", _first_words(xref, kj.text),
                                    urls.Target(urls.HOME, anchor=urls.judgement_anchor(kj.id)), kj, groups))
    for theme in model.themes_in_order():
        target = urls.Target(urls.THEME, theme.id)
        supports.append(support_for(model, xref, "theme bottom line", theme.title, target, theme, groups))
        for section in theme.sections:
            supports.append(support_for(model, xref, "theme section", f"{theme.title}: {section.heading}", target,
                                        section, groups))
    for event in model.timeline.events:
        title = f"{event.date.iso if event.date else ''} {_first_words(xref, event.text)}".strip()
        supports.append(support_for(model, xref, "timeline event", title, urls.Target(urls.TIMELINE), event, groups))
    return derive(model, supports)


def _first_words(xref: Xref, text: str, limit: int = 12) -> str:
    words = xref.without_citations(text).split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")
