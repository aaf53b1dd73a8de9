"""The whole briefing as data, for /briefing.json: the public model, its citations and its sourcing."""

from __future__ import annotations

import dataclasses
from typing import Any

from builder.model import items as m
from builder.checks import sourcing as sourcing_mod
from builder.model import urls
from builder.model.xref import Xref


PRIVATE_BRIEFING_FIELDS = frozenset({"archive"})
"""Fields of briefing.yaml that describe the editor's machine, not the briefing: left out of the export."""


_LEAVES = frozenset({str, int, float, bool, type(None)})
_EXPORTED: dict[type, tuple[str, ...]] = {}
"""Each kind of item's fields that are exported, found once: briefing.json holds some 150,000 values at 1000
sources, and dataclasses.fields() for each item was two fifths of making it."""


def _exported(kind: type) -> tuple[str, ...]:
    names = _EXPORTED.get(kind)
    if names is None:
        names = _EXPORTED[kind] = tuple(f.name for f in dataclasses.fields(kind)
                                        if not f.metadata.get("internal") or f.name == "id")
    return names


def plain(value: Any) -> Any:
    """Dataclasses -> JSON-ready data, leaving out where each item was loaded from."""
    if type(value) in _LEAVES:
        return value
    if isinstance(value, m.PartialDate):
        return {"date": value.iso, "precision": value.precision}
    if isinstance(value, m.Item):
        return {name: plain(getattr(value, name)) for name in _exported(type(value))}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def model_data(model: m.Model, xref: Xref, sourcing: sourcing_mod.Sourcing, address: urls.Addresses,
               sources: list[m.Source], themes: list[m.Theme], history: dict | None = None) -> dict:
    """The whole briefing as data; `sources` and `themes` in the site's order; `history`: its releases
    and the changes not yet released (history.History.data)."""
    return {
        **(history or {"releases": [], "unreleased_changes": []}),
        # The archive folder is where one editor keeps the articles: not the public's business.
        "briefing": {k: v for k, v in plain(model.briefing).items() if k not in PRIVATE_BRIEFING_FIELDS},
        "sources": [dict(plain(s), url_on_site=address.page(urls.SOURCE, s.id)) for s in sources],
        "themes": [dict(plain(t), url_on_site=address.page(urls.THEME, t.id)) for t in themes],
        "timeline": plain(model.timeline.events),
        "entities": [dict(plain(e), url_on_site=address.entity(e.id)) for e in model.entities.entities],
        "discrepancies": plain(model.discrepancies.discrepancies),
        "citations": {key: [address.url(link.target) for link in links]
                      for key, links in sorted(xref.cited_by_claim.items())},
        "sourcing": {
            "claim_credibility": dict(sorted(sourcing.credibility.items())),
            "corroborated_without_established_independence": sorted(sourcing.unestablished),
            "shared_origins": [{"a": a, "b": b, "declared": (a, b) in sourcing.independence.declared_same_origin}
                               for a, b in sorted({*sourcing.independence.declared_same_origin,
                                                   *sourcing.independence.undeclared()})],
            "declared_independent": [{"a": a, "b": b, "reason": relation.reason}
                                     for (a, b), relation in sorted(sourcing.independence.declared_independent.items())],
            "corroborated_by": {k: v for k, v in sorted(sourcing.corroborated_by.items()) if v},
            "supports": [{"kind": s.kind, "title": s.title, "url_on_site": address.url(s.target),
                          "sources": list(s.sources), "origins": s.involved, "independent_sources": s.independent,
                          "independence_established": s.independence_established, "single_source": s.single_source}
                         for s in sourcing.supports],
            "rests_on": {sid: [{"kind": s.kind, "title": s.title, "alone": s.alone} for s in supports]
                         for sid, supports in sorted(sourcing.rests_on.items())},
            "corroboration_edges": [{"a": a, "b": b, "shared_claims": n} for a, b, n in sourcing.edges],
        },
    }
