"""The MkDocs plugin: a thin layer over `build.prepare`.

on_config  load, check and render every page (before MkDocs cleans site/,
           so bad content leaves the last good site untouched)
on_files   hand the rendered pages to MkDocs in memory
on_post_build  index the written site for search (Pagefind, see search.py)
on_serve   watch content/ and templates/ for `mkdocs serve`

While serving, a rebuild whose content has problems prints them and keeps
serving the last good version: MkDocs 1.6 would otherwise keep every page
request waiting ("the server will appear stuck") until the content is fixed.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import rawhtml, search
from .build import Prepared, prepare
from .errors import ContentErrors

log = logging.getLogger("mkdocs.plugins.briefing")


def _escaped_titles(nav):
    """The navigation with every title escaped for HTML (titles come from content)."""
    if isinstance(nav, dict):
        return {Markup(escape(title)): _escaped_titles(target) for title, target in nav.items()}
    if isinstance(nav, list):
        return [_escaped_titles(entry) for entry in nav]
    return nav


class BriefingConfig(Config):
    content = opt.Type(str, default="content")
    """Folder of the briefing's YAML, relative to mkdocs.yml."""
    templates = opt.Type(str, default="templates")
    """Folder of the Jinja2 page templates, relative to mkdocs.yml."""


class BriefingPlugin(BasePlugin[BriefingConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.prepared: Prepared | None = None
        self.preloaded: Prepared | None = None  # set by `briefing build`, which has just prepared
        self.project_dir = Path(".")
        self._stashed: dict[str, tuple[str, list[str]]] = {}  # HTML blocks kept out of MkDocs' Markdown
        self.serving = False

    # Defining on_startup also makes MkDocs keep this one instance across the
    # rebuilds of `mkdocs serve`, so the last good pages survive a bad edit.
    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        self.serving = False

    def on_config(self, config):
        self.project_dir = Path(config.config_file_path).resolve().parent
        preloaded, self.preloaded = self.preloaded, None  # the instance may be reused: use it once
        try:
            self.prepared = preloaded or prepare(
                self.project_dir, self.config.content, self.config.templates, site_url=config.site_url or "")
        except ContentErrors as exc:
            if self.serving and self.prepared is not None:
                # Printed, not logged: in strict mode a logged error would abort this rebuild too.
                for error in exc.errors:
                    print(error, file=sys.stderr)
                count = len(exc.errors)
                print(f"{count} problem{'s' if count != 1 else ''} found; the preview still shows the last good "
                      "version and updates when the problems are fixed.", file=sys.stderr, flush=True)
            else:
                for error in exc.errors:
                    log.error(str(error))
                raise PluginError(f"the briefing has {len(exc.errors)} problem(s); the site was not built") from None
        if not self.prepared.verification.archive_available:
            log.info("briefing: archive folder not found; quotes checked against content/quotes.lock")
        # MkDocs and Material print titles into HTML unescaped (their Jinja has no autoescape);
        # Markup is text already escaped, which their `| e` leaves as it is.
        config.nav = _escaped_titles(self.prepared.nav)
        config.site_name = Markup(escape(self.prepared.model.briefing.title))
        return config

    def on_files(self, files: Files, *, config) -> Files:
        for src_uri, text in sorted(self.prepared.texts.items()):
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                raise PluginError(f"docs/{src_uri} clashes with a page the briefing generates; remove it")
            files.append(File.generated(config, src_uri, content=text))
        return files

    def on_page_markdown(self, markdown, *, page, config, files):
        if isinstance(page.meta.get("title"), str) and not isinstance(page.meta["title"], Markup):
            page.meta["title"] = Markup(escape(page.meta["title"]))  # printed raw by Material, as above
        # Our pages are mostly finished HTML: spare MkDocs parsing it again (see rawhtml.py).
        if self.prepared is not None and page.file.src_uri in self.prepared.texts:
            markdown, key, blocks = rawhtml.stash(markdown)
            self._stashed[page.file.src_uri] = (key, blocks)
        return markdown

    def on_page_content(self, html, *, page, config, files):
        stashed = self._stashed.pop(page.file.src_uri, None)
        return rawhtml.restore(html, *stashed) if stashed else html

    def on_post_build(self, *, config) -> None:
        try:
            search.index(config.site_dir)
        except search.SearchIndexError as exc:
            raise PluginError(str(exc)) from None

    def on_serve(self, server, *, config, builder):
        for folder in (self.config.content, self.config.templates):
            server.watch(str(self.project_dir / folder))
        return server
