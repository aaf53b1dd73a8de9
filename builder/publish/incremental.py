"""A preview's rebuild after an edit: which pages it touches, worked out from the model.

`briefing serve` rebuilds only the pages an edit can change and keeps every
other page from the last build. Only edits this module can bound get that: a
change to source files that already exist, that leaves the briefing's derived
sourcing (credibility, corroboration, independence, what each item rests on)
as it was. Anything else (a theme, the timeline, the entities, the releases,
a new or removed source, the templates, mkdocs.yml) rebuilds everything, and
so does an edit whose effect is not bounded by the rules below.

For a source S that changed (old and new versions compared field by field):
  - its own page, the data file and, once there are releases, the changes
    page and the home page (which list what changed since the last release);
    the feed too before the first release (it lists the sources);
  - when what a reference or a list shows of S changed (title, outlet,
    author, date, grade, kind, address, how many claims) or any of its
    claims did: every page citing S, the
    printable briefing, the themes index, the sources index, the home page,
    the sourcing page, and the pages of the sources that name S (relations,
    corroboration, shared passages);
  - when its claims changed: the pages of the entities they name, were
    named by, or are by or about (before and after), and the entities index.
tests/test_serve_rebuild.py compares a rebuild's pages with a full build's.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from builder.model import load
from builder.model import items as m
from builder.model import urls
from builder.model.diagnostics import Diagnostic, Problems


# -- what changed on disk -------------------------------------------------------------------------------

def snapshot(folders: list[Path], files: Sequence[Path] = ()) -> dict[str, tuple[int, int]]:
    """Every file under the folders (and the files), with its modification time and size."""
    path: str | Path
    found = {}
    for folder in folders:
        for root, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(root, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found[path] = (stat.st_mtime_ns, stat.st_size)
    for path in files:
        try:
            stat = os.stat(path)
        except OSError:
            continue
        found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed_files(before: dict, after: dict) -> tuple[set[str], bool]:
    """The files whose time or size changed; and whether files were added or removed."""
    return {path for path, mark in after.items() if before.get(path, mark) != mark}, before.keys() != after.keys()


def changed_sources(model: m.Model, paths: set[str]) -> set[str] | None:
    """The ids of the existing sources these files are; None when any file is not one of them."""
    sources = Path(model.content_dir) / "sources"
    found = set()
    path: str | Path
    for path in paths:
        path = Path(path)
        if path.parent != sources or path.suffix != ".yaml" or path.stem not in model.sources:
            return None
        found.add(path.stem)
    return found


# -- the model after the edit ---------------------------------------------------------------------------

def reload(model: m.Model, source_ids: set[str]) -> m.Model:
    """The model with these sources read again from their files; every other item is the same object."""
    errors: list[Diagnostic] = []
    project = Path(model.project_dir)
    sources = dict(model.sources)
    for source_id in source_ids:
        path = Path(model.content_dir) / "sources" / f"{source_id}.yaml"
        item = load._load_item(path, project, m.Source, "source", errors, file_id=source_id)
        if item is not None:
            sources[source_id] = item
    if errors:
        raise Problems(errors)
    return m.Model(briefing=model.briefing, sources=sources, themes=model.themes, timeline=model.timeline,
                   entities=model.entities, discrepancies=model.discrepancies, project_dir=model.project_dir,
                   content_dir=model.content_dir, releases=model.releases)


# -- which pages an edit touches ------------------------------------------------------------------------

_BOUND_FIELDS = ("id", "archive", "independent_of", "shares_origin_with")
"""Fields whose change this module does not bound: the source's identity and its declared relations."""


@dataclass
class Affected:
    """The pages to rebuild, by src_uri."""

    pages: set[str] = field(default_factory=set)

    def add(self, kind: str, item_id: str | None = None) -> None:
        self.pages.add(urls.page_file(kind, item_id))


def _reference(source: m.Source, view) -> tuple:
    """What references and lists show of a source (contexts.SourceView, the source line, the sources index)."""
    return (source.title, source.url, source.outlet, source.author, view.outlet_shown, view.name, view.kind_label,
            source.published, source.reliability.grade, source.kind, len(source.claims), source.archived_url)


def _claims(source: m.Source) -> tuple:
    return source.claims


_SOURCING_FIGURES = ("credibility", "unestablished", "corroborated_by", "edges", "supports", "rests_on")
"""What the sourcing works out across sources: an edit that changes any of it is not bounded here."""


def affected_pages(old_site, new_site, source_ids: set[str]) -> set[str] | None:
    """src_uri of every page these sources' edit can change; None when the edit is not bounded."""
    old_sourcing, new_sourcing = old_site.sourcing, new_site.sourcing
    if any(getattr(old_sourcing, name) != getattr(new_sourcing, name) for name in _SOURCING_FIGURES) \
            or old_sourcing.independence.detected != new_sourcing.independence.detected:
        return None
    if [s.id for s in old_site.sources] != [s.id for s in new_site.sources]:
        return None  # the newest-first order changed: every list of sources (and the home page) is affected
    affected = Affected()
    affected.add(urls.DATA)
    if new_site.model.releases:
        affected.add(urls.CHANGES)
        affected.add(urls.HOME)
    else:
        affected.add(urls.FEED)
    for source_id in source_ids:
        if not _add_source_edit(affected, old_site, new_site, source_id):
            return None
    return affected.pages


def _add_source_edit(affected: Affected, old_site, new_site, source_id: str) -> bool:
    """Add the pages one source's edit touches; False when the edit is not bounded."""
    old, new = old_site.model.sources[source_id], new_site.model.sources[source_id]
    if any(getattr(old, name) != getattr(new, name) for name in _BOUND_FIELDS):
        return False
    affected.add(urls.SOURCE, source_id)
    if old == new:
        return True
    claims_changed = _claims(old) != _claims(new)
    if ({c.id for c in old.claims} != {c.id for c in new.claims}
            or any(o.corroborates != n.corroborates for o, n in zip(old.claims, new.claims, strict=False))):
        return False
    shown = _reference(old, old_site.views.sources[source_id]) != _reference(new, new_site.views.sources[source_id])
    if shown or claims_changed:
        _add_citing_pages(affected, old_site, new_site, source_id)
    if shown:
        affected.add(urls.HOME)  # its JSON-LD names every source among the briefing's citations
    if claims_changed:
        entities = set()
        for site, source in ((old_site, old), (new_site, new)):
            for claim in source.claims:
                entities |= set(claim.by) | set(claim.about) | site.mentions.ids(claim.text)
        known = {e.id for e in new_site.model.entities.entities}
        for entity_id in entities & known:
            affected.add(urls.ENTITY, entity_id)
        affected.add(urls.ENTITIES)
    return True


def _add_citing_pages(affected: Affected, old_site, new_site, source_id: str) -> None:
    """The pages that cite a source or list it, before and after its edit."""
    for site in (old_site, new_site):
        for backlink in site.xref.cited_by_source.get(source_id, ()):
            affected.pages.add(urls.page_file(backlink.target.kind, backlink.target.id))
            if backlink.target.kind == urls.THEME:
                affected.add(urls.THEMES)
        if site.xref.cited_by_source.get(source_id):
            affected.add(urls.PRINT)
    for kind in (urls.SOURCES, urls.HOME, urls.SOURCING):
        affected.add(kind)
    for other in _sources_naming(old_site, source_id) | _sources_naming(new_site, source_id):
        affected.add(urls.SOURCE, other)
    for entity in new_site.model.entities.entities:  # a role naming the source by its id shows its name
        if source_id in entity.role:
            affected.add(urls.ENTITY, entity.id)
            affected.add(urls.ENTITIES)


def _sources_naming(site, source_id: str) -> set[str]:
    """The other sources whose pages name this one: relations, corroboration, shared passages."""
    found = set()
    for source in site.model.sources.values():
        for relation in (*source.independent_of, *source.shares_origin_with):
            if relation.source == source_id:
                found.add(source.id)
    mine = site.model.sources[source_id]
    for relation in (*mine.independent_of, *mine.shares_origin_with):
        found.add(relation.source)
    for claim in mine.claims:
        for key in site.sourcing.corroborated_by.get(claim.key, ()):
            found.add(m.split_key(key)[0])
    for a, b in site.sourcing.independence.detected:
        if source_id in (a, b):
            found.add(b if a == source_id else a)
    found.discard(source_id)
    return {s for s in found if s in site.model.sources}
