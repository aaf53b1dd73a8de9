"""The whole pipeline as one call: load -> check -> pages -> render, in memory."""

from __future__ import annotations

from dataclasses import dataclass

from builder.checks import rules as checks
from builder.model import items as m
from builder.model import language
from builder.pages import site as pages_mod
from builder.sources import quotes
from builder.pages import references
from builder.pages import sidebar
from builder.pages import render
from builder.pages import theme
from builder.model import urls
from builder.model import workers
from builder.model.diagnostics import Diagnostic
from builder.model.settings import Settings


@dataclass
class Prepared:
    """Everything a build needs, made before a single file is written."""

    model: m.Model
    verification: quotes.Verification
    warnings: list[Diagnostic]
    pages: list[pages_mod.Page]
    texts: dict[str, str]  # page text by src_uri (empty when the pages are rendered later, page by page)
    renderer: render.Renderer
    site: pages_mod.Site

    @property
    def nav(self) -> list:
        return sidebar.nav(self.pages, self.site.lang)


def prepare(settings: Settings, render_pages: bool = True, record: bool = False) -> Prepared:
    """Load, check and render everything; raise Problems listing every error.

    With `render_pages` false, every page is worked out but none rendered: the caller renders
    them with `Prepared.renderer` (a parallel build renders each process's share itself). With
    `record`, the renderer keeps what each page read (dependencies.py; for the preview).
    """
    model, xref, checked = checks.load_and_check(settings.project_dir, settings.content)
    folders = theme.folders(settings.project_templates)
    readers = language.load(settings.language, folders, project_dir=settings.project_dir)  # the theme's language
    site = pages_mod.Site(model, xref, checked.sourcing, urls.Addresses(settings.use_directory_urls),
                          settings.site_url, archive_hashes=checked.verification.lock.archives,
                          lock=checked.verification.lock, lang=readers.language, templates=folders)
    site.metadata.keep = record  # the preview's: each page's head kept for the next save (Metadata.reuse)
    page_list = site.pages()
    # Every citation numbered before any template runs: the templates print the numbers they are given.
    renderer = render.Renderer(site.views, xref, folders, site.metadata, references.resolve(model, xref, site.views),
                               record=record)
    workers.briefing_prepared()  # `briefing build`: all this lasts until it ends: left out of collections
    texts = renderer.render_all(page_list) if render_pages else {}
    return Prepared(model, checked.verification, checked.warnings + readers.warnings, page_list, texts, renderer,
                    site)
