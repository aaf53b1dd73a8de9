"""The MkDocs plugin: a thin layer over `build.prepare`.

on_config  load, check and render every page (before MkDocs cleans site/,
           so bad content leaves the last good site untouched)
on_files   hand the rendered pages to MkDocs in memory
on_serve   watch content/ and templates/ for `mkdocs serve`
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .build import Prepared, prepare
from .errors import ContentErrors

log = logging.getLogger("mkdocs.plugins.briefing")


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

    def on_config(self, config):
        self.project_dir = Path(config.config_file_path).resolve().parent
        try:
            self.prepared = self.preloaded or prepare(
                self.project_dir, self.config.content, self.config.templates, site_url=config.site_url or "")
        except ContentErrors as exc:
            for error in exc.errors:
                log.error(str(error))
            raise PluginError(f"the briefing has {len(exc.errors)} problem(s); the site was not built") from None
        if not self.prepared.verification.archive_available:
            log.info("briefing: archive folder not found; quotes checked against content/quotes.lock")
        config.nav = self.prepared.nav
        config.site_name = self.prepared.model.briefing.title
        return config

    def on_files(self, files: Files, *, config) -> Files:
        for src_uri, text in sorted(self.prepared.texts.items()):
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                raise PluginError(f"docs/{src_uri} clashes with a page the briefing generates; remove it")
            files.append(File.generated(config, src_uri, content=text))
        return files

    def on_serve(self, server, *, config, builder):
        for folder in (self.config.content, self.config.templates):
            server.watch(str(self.project_dir / folder))
        return server
