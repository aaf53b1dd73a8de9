"""Counts that show how well the briefing is sourced (`briefing check --stats`)."""

from __future__ import annotations

from . import citations, model as m
from .checks import markdown_fields


def stats(model: m.Model) -> dict:
    cited: set[str] = set()
    per_theme: dict[str, dict] = {}
    for mf in markdown_fields(model):
        if isinstance(mf.item, m.Source):
            continue
        for group in citations.parse(mf.text)[0]:
            for cite in group.citations:
                cited.add(cite.key)
    for theme in model.themes.values():
        keys = []
        for text in [theme.bottom_line, *(s.body for s in theme.sections), *theme.watch_next]:
            keys += [c.key for g in citations.parse(text)[0] for c in g.citations]
        per_theme[theme.id] = {"citations": len(keys), "sources": len({k.partition("#")[0] for k in keys})}
    claims = {f"{s.id}#{c.id}": c for s in model.sources.values() for c in s.claims}
    never = sorted(k for k in claims if k not in cited)
    by_type: dict[str, int] = {}
    for claim in claims.values():
        by_type[claim.type] = by_type.get(claim.type, 0) + 1
    return {
        "sources": len(model.sources),
        "claims": len(claims),
        "claims_by_type": dict(sorted(by_type.items())),
        "claims_per_source": {s.id: len(s.claims) for s in model.sources.values()},
        "themes": len(model.themes),
        "citations_per_theme": {k: v["citations"] for k, v in per_theme.items()},
        "sources_cited_per_theme": {k: v["sources"] for k, v in per_theme.items()},
        "timeline_events": len(model.timeline.events),
        "entities": len(model.entities.entities),
        "discrepancies": len(model.discrepancies.discrepancies),
        "claims_cited": len(claims) - len(never),
        "claims_never_cited": never,
    }


def format_stats(data: dict) -> str:
    lines = [f"{data['sources']} sources, {data['claims']} claims, {data['themes']} themes, "
             f"{data['timeline_events']} timeline events, {data['entities']} entities, "
             f"{data['discrepancies']} discrepancies",
             "claims by type: " + ", ".join(f"{k} {v}" for k, v in data["claims_by_type"].items()),
             "claims per source:"]
    lines += [f"  {k}: {v}" for k, v in data["claims_per_source"].items()]
    lines.append("themes (citations / distinct sources cited):")
    lines += [f"  {k}: {data['citations_per_theme'][k]} / {data['sources_cited_per_theme'][k]}"
              for k in data["citations_per_theme"]]
    lines.append(f"claims cited somewhere: {data['claims_cited']}; never cited: {len(data['claims_never_cited'])}")
    lines += [f"  {k}" for k in data["claims_never_cited"]]
    return "\n".join(lines)
