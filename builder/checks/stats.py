"""How well the briefing is sourced, in numbers: `briefing check --stats` and the sourcing page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from builder.model import items as m
from builder.model import ids
from builder.checks import sourcing as sourcing_mod
from builder.model.words import count
from builder.model.xref import Xref


def _tally(values: Iterable[str]) -> list[tuple[str, int]]:
    """(value, count) pairs, most frequent first, then by value."""
    return sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass
class Statistics:
    """Every count the briefing reports about itself, computed once."""

    sources: int
    claims: int
    themes: int
    timeline_events: int
    entities: int
    discrepancies: int
    claims_by_type: list[tuple[str, int]]  # most frequent first
    claims_per_source: dict[str, int]
    citations_per_theme: dict[str, int]
    sources_cited_per_theme: dict[str, int]
    claims_never_cited: list[str]  # claim keys, sorted
    by_outlet: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]
    by_reliability: list[tuple[str, int]]
    claims_by_credibility: list[tuple[str, int]]  # by grade, "1" to "6"
    single_source: list[sourcing_mod.Support]  # judgements and theme sections resting on one source

    @property
    def claims_cited(self) -> int:
        return self.claims - len(self.claims_never_cited)

    def as_dict(self) -> dict[str, Any]:
        """The counts `briefing check --format json` prints."""
        return {
            "sources": self.sources, "claims": self.claims, "claims_by_type": dict(sorted(self.claims_by_type)),
            "claims_per_source": self.claims_per_source, "themes": self.themes,
            "citations_per_theme": self.citations_per_theme, "sources_cited_per_theme": self.sources_cited_per_theme,
            "timeline_events": self.timeline_events, "entities": self.entities, "discrepancies": self.discrepancies,
            "claims_cited": self.claims_cited, "claims_never_cited": self.claims_never_cited,
        }


def statistics(model: m.Model, xref: Xref, sourcing: sourcing_mod.Sourcing) -> Statistics:
    claims = list(model.claims())
    cited = set(xref.cited_by_claim)
    citations_per_theme: dict[str, int] = {}
    sources_per_theme: dict[str, int] = {}
    for theme in model.themes.values():
        keys = [cite.key for item in (theme, *theme.sections) for cite in xref.cites_of(item)]
        citations_per_theme[theme.id] = len(keys)
        sources_per_theme[theme.id] = len({ids.split_key(k)[0] for k in keys})
    sources = list(model.sources.values())
    return Statistics(
        sources=len(sources),
        claims=len(claims),
        themes=len(model.themes),
        timeline_events=len(model.timeline.events),
        entities=len(model.entities.entities),
        discrepancies=len(model.discrepancies.discrepancies),
        claims_by_type=_tally(c.type for c in claims),
        claims_per_source={s.id: len(s.claims) for s in sources},
        citations_per_theme=citations_per_theme,
        sources_cited_per_theme=sources_per_theme,
        claims_never_cited=sorted(c.key for c in claims if c.key not in cited),
        by_outlet=_tally(s.outlet for s in sources),
        by_kind=_tally(s.kind for s in sources),
        by_reliability=_tally(s.reliability.grade for s in sources),
        claims_by_credibility=sorted(_tally(str(sourcing.credibility[c.key]) for c in claims)),
        single_source=[s for s in sourcing.supports if s.single_source and s.kind != "timeline event"],
    )


def format_stats(stats: Statistics) -> str:
    lines = [", ".join([count(stats.sources, "source"), count(stats.claims, "claim"), count(stats.themes, "theme"),
                        count(stats.timeline_events, "timeline event"), count(stats.entities, "entity"),
                        count(stats.discrepancies, "discrepancy")]),
             "claims by type: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.claims_by_type)),
             "claims per source:"]
    lines += [f"  {k}: {v}" for k, v in stats.claims_per_source.items()]
    lines.append("themes (citations / distinct sources cited):")
    lines += [f"  {k}: {stats.citations_per_theme[k]} / {stats.sources_cited_per_theme[k]}"
              for k in stats.citations_per_theme]
    lines.append(f"claims cited somewhere: {stats.claims_cited}; never cited: {len(stats.claims_never_cited)}")
    lines += [f"  {k}" for k in stats.claims_never_cited]
    return "\n".join(lines)
