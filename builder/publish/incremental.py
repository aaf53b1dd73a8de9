"""A preview's rebuild after a save: which files changed, the model with them read again, and what every
page shares that no page records reading.

`briefing serve` (preview.py) renders again only the pages that read something the save changed, as each
page recorded while it was rendered (pages/dependencies.py); here is what comes before and around that:

- the files that changed since the last build, and which content items they are (a source, a theme, the
  briefing, the timeline, the entities, the discrepancies). Anything else (a file added or removed, the
  templates, mkdocs.yml, the releases, the quote lock) rebuilds everything;
- the model with those files read again, every other item the very same object (so that comparing the
  two builds finds an unedited item equal at once);
- what MkDocs puts on every page from the whole briefing, which no page's template reads: the list of
  pages, the navigation, the briefing's title (the site's name) and who publishes it (every footer).
  When any of it changes, everything is rebuilt;
- the site after the edit, worked out as a build does, and the pages that read what changed (`edited`).
tests/test_dependencies.py renders the pages an edit touches and compares them with a full build's, in
this process; tests/test_serve_rebuild.py drives the preview as MkDocs' server does and compares the files.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from builder.checks import rules as checks
from builder.checks.rules import Checked
from builder.model import items as m
from builder.model import load
from builder.model.diagnostics import Diagnostic, Problems
from builder.model.language import ENGLISH, Language
from builder.model.xref import Xref
from builder.pages import dependencies
from builder.pages import references
from builder.pages import sidebar
from builder.pages import site as pages_mod
from builder.pages.views import publication
from builder.pages.prepare import Prepared

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


ONE_FILE = {"briefing.yaml": ("briefing", m.Briefing), "timeline.yaml": ("timeline", m.Timeline),
            "entities.yaml": ("entities", m.Entities), "discrepancies.yaml": ("discrepancies", m.Discrepancies)}
"""The content files that each hold one part of the model: the model's field and the item's class."""

FOLDERS = {"sources": ("source", m.Source), "themes": ("theme", m.Theme)}
"""The content folders holding a file per item: what each file holds, and its class."""


def content_items(model: m.Model, paths: set[str]) -> set[tuple[str, str]] | None:
    """What these files are: ('source', id), ('theme', id), or ('file', name) for briefing.yaml and the
    other files of one part; None when any is something else, or an item the model does not have yet."""
    content = Path(os.path.realpath(model.content_dir))
    found = set()
    for path in (Path(os.path.realpath(path)) for path in paths):
        if path.parent == content and path.name in ONE_FILE:
            found.add(("file", path.name))
        elif path.parent.parent == content and path.parent.name in FOLDERS and path.suffix == ".yaml" \
                and path.stem in getattr(model, path.parent.name):
            found.add((FOLDERS[path.parent.name][0], path.stem))
        else:
            return None
    return found


# -- the model after the edit ---------------------------------------------------------------------------

def reload(model: m.Model, changed: set[tuple[str, str]]) -> m.Model:
    """The model with these items' files read again (content_items); every other item the same object."""
    errors: list[Diagnostic] = []
    project, content = Path(model.project_dir), Path(model.content_dir)
    parts: dict[str, Any] = {"sources": dict(model.sources), "themes": dict(model.themes)}
    for kind, name in sorted(changed):
        if kind == "file":
            field, cls = ONE_FILE[name]
            item = load._load_item(content / name, project, cls, field, errors)
            if item is not None:
                parts[field] = item
            continue
        folder = "sources" if kind == "source" else "themes"
        item = load._load_item(content / folder / f"{name}.yaml", project, FOLDERS[folder][1], kind, errors,
                               file_id=name)
        if item is not None:
            parts[folder][name] = item
    if errors:
        raise Problems(errors)
    return dataclasses.replace(model, **parts)


# -- what every page shares -----------------------------------------------------------------------------

def same_frame(before: m.Model, after: m.Model, old_pages: list[pages_mod.Page],
               new_pages: list[pages_mod.Page], lang: Language = ENGLISH) -> bool:
    """Whether what MkDocs shows on every page from the whole briefing is as it was: the pages, the
    navigation (with the titles it lists), the site's name and the footer's publisher."""
    return ({page.src_uri for page in old_pages} == {page.src_uri for page in new_pages}
            and sidebar.nav(old_pages, lang) == sidebar.nav(new_pages, lang)
            and before.briefing.title == after.briefing.title
            and publication(before.briefing, lang) == publication(after.briefing, lang))


@dataclasses.dataclass
class Edited:
    """The site after an edit, worked out as a build works it out, and the pages to render again."""

    model: m.Model
    checked: Checked
    site: pages_mod.Site
    pages: list[pages_mod.Page]
    references: dict[str, references.PageReferences]
    stale: list[pages_mod.Page]
    """The pages that read something the edit changed (dependencies.stale), in the site's order."""


def edited(last: Prepared, model: m.Model) -> Edited | None:
    """The site of the model after an edit (reload), checked as a build checks it; None when the edit changes
    what every page shows (same_frame): everything must be rebuilt. Raises Problems when the edited
    briefing has any."""
    xref = Xref(model)
    checked = checks.check(model, xref=xref, reuse=(last.model, last.verification))
    old = last.site
    site = pages_mod.Site(model, xref, checked.sourcing, old.address, old.site_url,
                          archive_hashes=checked.verification.lock.archives, lock=checked.verification.lock,
                          lang=old.lang, templates=old.templates, earlier=old)
    site.reuse(old)
    pages = site.pages()
    if not same_frame(last.model, model, last.pages, pages, old.lang):
        return None
    numbered = references.resolve(model, xref, site.views)
    renderer = last.renderer
    stale = dependencies.stale(renderer.recorded, dependencies.Facts(old, last.pages, renderer.references),
                               dependencies.Facts(site, pages, numbered))
    return Edited(model, checked, site, pages, numbered, [page for page in pages if page.src_uri in stale])


def render(last: Prepared, done: Edited, pages: list[pages_mod.Page] | None = None) -> dict[str, str]:
    """The stale pages of an edit (or those of them given), rendered by the last build's renderer (its templates
    and Markdown stay as compiled), which from then on renders the edited site. On a template error it goes
    back to the last good site, and to what that site's pages read, and Problems is raised."""
    renderer = last.renderer
    recorded = dict(renderer.recorded)
    earlier = renderer.use(done.site.views, done.site.xref, done.site.metadata, done.references)
    try:
        return renderer.render_all(done.stale if pages is None else pages)
    except Problems:
        renderer.use(*earlier)
        renderer.recorded = recorded
        raise
