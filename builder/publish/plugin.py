"""The MkDocs plugin: a thin layer over `build.prepare`, and the only module that knows MkDocs.

on_config  set up the theme (the generator's overrides and assets), then load,
           check and render every page (before MkDocs cleans site/, so bad
           content leaves the last good site untouched)
on_files   drop the content files MkDocs found, add the assets and the pages
on_post_build  index the written site for search (Pagefind, see search.py)
on_serve   watch the content and the templates for `mkdocs serve`

While serving, a rebuild whose content has problems prints them and keeps
serving the last good version: MkDocs 1.6 would otherwise keep every page
request waiting ("the server will appear stuck") until the content is fixed.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from builder.publish import incremental
from builder.publish import mkdocs_api
from builder.publish import navigation
from builder.publish import preview
from builder.publish import rawhtml
from builder.publish import search
from builder.publish import search_delta
from builder.model import settings as settings_mod
from builder.sources import archive
from builder.pages import phrases, render, theme
from builder.model import urls
from builder.model.language import ENGLISH
from builder.pages.contexts import script_messages
from builder.pages.views import publication
from builder.pages.phrases import install_gettext
from builder.pages.prepare import Prepared, prepare
from builder.model.diagnostics import Diagnostic, Problems
from builder.model.words import count

log = logging.getLogger("mkdocs.plugins.briefing")

NO_SITE_URL = Diagnostic(
    settings_mod.CONFIG_FILE, 0, "no site_url: the pages have no canonical links, the feed's links are relative, and "
    "the citations, link previews and sitemap.xml give no address", "set site_url to the address the site is "
    "published at", "note")
"""What a build without site_url says, once."""


class BriefingError(PluginError):
    """The briefing has errors: MkDocs stops, and whoever ran it can list `problems`."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(f"the briefing has {count(len(problems.errors), 'problem')}; the site was not built")


# The plugin's options, declared once in settings.OPTIONS (the command line reads the same).
BriefingConfig = type("BriefingConfig", (Config,), {
    option.name: opt.Type(str, default=option.default) for option in settings_mod.OPTIONS})


class BriefingPlugin(BasePlugin[BriefingConfig]):  # type: ignore[valid-type]  # a class made at run time, above
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.prepared: Prepared | None = None
        self.failure: BriefingError | None = None  # why the last build stopped, if content stopped it
        self.settings: settings_mod.Settings | None = None
        self._stashed: dict[str, tuple[str, list[str]]] = {}  # HTML blocks kept out of MkDocs' Markdown
        self._ours: frozenset[str] = frozenset()  # the src_uri of every page the briefing generates
        self.serving = False
        self.defer_rendering = False  # set by build_in_parallel: the pages are rendered by its processes
        self._seen: dict = {}  # the files the last good build read (the preview's rebuilds compare with it)
        self._files: Files | None
        self._files = self._nav = self._env = self._config = None  # the last build's, for the preview
        self.search_indexed = False  # set by build_in_parallel, which indexes pages as they are written
        self.preview_problems: list[str] = []  # what the preview's last rebuild found (shown on every page)

    # Defining on_startup also makes MkDocs keep this one instance across the
    # rebuilds of `mkdocs serve`, so the last good pages survive a bad edit.
    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        self.serving = False

    def on_config(self, config):
        try:
            mkdocs_api.check_versions()
        except mkdocs_api.UnsupportedVersion as exc:
            raise PluginError(str(exc)) from None
        config_file = Path(config.config_file_path).resolve()
        try:  # the same reading of the same file as the command line's (settings.read: one order, one place)
            read = settings_mod.read(config_file.parent, config_file.name)
        except Problems as problems:
            raise PluginError(str(problems)) from None
        self.settings = dataclasses.replace(read, use_directory_urls=config.use_directory_urls,
                                            site_url=config.site_url or "",
                                            language=str(config.theme.get("language") or read.language))
        self._set_up_theme(config)
        self.failure = None
        self.preview_problems = []
        if self.serving:
            config.extra["briefing_preview_problems"] = preview.PROBLEMS_FILE  # the pages look for it (main.html)
            config.extra["briefing_preview_search"] = search_delta.ADDRESS  # and search.js for the pages rebuilt since
        seen = incremental.snapshot(*self._watched(config)) if self.serving else {}
        try:
            # A preview's pages record what they read, for its rebuilds after each save (preview.py).
            self.prepared = prepare(self.settings, render_pages=not self.defer_rendering, record=self.serving)
            # What the pages were built from, for the preview's next rebuild; the archive folder is known once
            # the briefing is read (its files as they are now, where the first look could not name it).
            self._seen = {**incremental.snapshot(self._archive()), **seen} if self.serving else seen
        except Problems as problems:
            self._keep_the_last_good_briefing(problems)
        assert self.prepared is not None  # prepared, or kept from the last good build (else raised)
        for diagnostic in self.prepared.warnings:
            if self.serving:
                # A preview shows warnings and keeps serving (a new source's TODOs are warnings): printed,
                # not logged, or a strict mkdocs.yml would stop the preview. Only a build fails on them.
                print(diagnostic, file=sys.stderr, flush=True)
            elif diagnostic.severity == "warning":
                log.warning(str(diagnostic))  # counted by `--strict`, like MkDocs' own warnings
            else:
                log.info(str(diagnostic))
        if not config.site_url and not self.serving:
            # A note, not a warning: a strict build must not fail for want of an address the repository may not
            # know (this repository's own briefing is one). Said once a build.
            log.info(str(NO_SITE_URL))
        if not self.prepared.verification.archive_available:
            log.info("briefing: archive folder not found; quotes checked against content/quotes.lock")
        # MkDocs and Material print titles into HTML unescaped (their Jinja has no autoescape);
        # Markup is text already escaped, which their `| e` leaves as it is.
        config.nav = navigation.escaped_titles(self.prepared.nav)
        config.site_name = Markup(escape(self.prepared.model.briefing.title))
        # The readers' language: Material's `theme: language:`, for the generator's words on the theme's pages too.
        lang = self.prepared.site.lang
        if not config.theme.get("palette"):
            config.theme["palette"] = theme.palette(lang)  # light and dark, as the reader's system prefers
        # Who publishes it, for every page's footer and metadata (overrides/partials/copyright.html, main.html).
        config.extra["briefing_publication"] = publication(self.prepared.model.briefing, lang)
        # The words the site's scripts show (assets/briefing.js, search.js), read from every page (main.html).
        config.extra["briefing_messages"] = Markup(json.dumps(script_messages(lang), ensure_ascii=False,
                                                              sort_keys=True).replace("<", "\\u003c"))
        # The stylesheet's few words and marks in the readers' language, in every page's head (main.html).
        config.extra["briefing_language_css"] = phrases.language_css(lang)
        self._ours = frozenset(page.src_uri for page in self.prepared.pages)
        return config

    def _keep_the_last_good_briefing(self, problems: Problems) -> None:
        """A preview keeps serving the last good briefing and shows the problems; a build stops on them."""
        if not (self.serving and self.prepared is not None):
            for error in problems.errors:
                log.error(str(error))
            self.failure = BriefingError(problems)
            raise self.failure from None
        # Printed, not logged: in strict mode a logged error would abort this rebuild too.
        self.preview_problems = preview.report_to_terminal(problems)
        # The whole site is written again from the last good briefing. After a partial rebuild
        # (preview.py) only the pages it touched were rendered: render every page, or they go blank.
        last = self.prepared
        if any(page.src_uri not in last.texts for page in last.pages):
            self.prepared = dataclasses.replace(last, texts=last.renderer.render_all(last.pages))

    def _set_up_theme(self, config) -> None:
        """Material, with the generator's overrides after the project's custom_dir, its assets, no web fonts."""
        if config.theme.name != "material":
            raise PluginError(f"the briefing needs the Material theme, not '{config.theme.name}': "
                              "set `theme: {name: material}` in mkdocs.yml")
        assert self.settings is not None  # on_config has set it
        own = self.settings.project_templates
        position = 1 if config.theme.custom_dir else 0
        for folder in reversed(theme.overrides(own)):
            if str(folder) not in config.theme.dirs:
                config.theme.dirs.insert(position, str(folder))
        config.theme["font"] = False  # the site makes no request to another host
        if not config.theme.get("features"):
            config.theme["features"] = list(theme.FEATURES)
        # The generator's stylesheets. The printed pages' running footer (generated from the content) is linked
        # by overrides/main.html for print only: a screen does not wait for it.
        for path in theme.STYLESHEETS:
            if path not in config.extra_css:
                config.extra_css.append(path)
        config.extra["briefing_print_style"] = urls.page_file(urls.PRINT_STYLE)
        # The header's "Print or save as PDF" link (templates/overrides/partials/header.html).
        config.extra["briefing_print_url"] = urls.Addresses(config.use_directory_urls).page(urls.PRINT)
        for path in theme.SCRIPTS:
            if path not in [str(script) for script in config.extra_javascript]:
                config.extra_javascript.append(path)
        for extension in ("toc", "attr_list"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        config.mdx_configs.setdefault("toc", {}).setdefault("permalink", True)

    def on_files(self, files: Files, *, config) -> Files:
        self._files = files
        self._config = config
        assert self.settings is not None and self.prepared is not None  # on_config has set them
        content = self.settings.content_dir.resolve()
        for file in list(files):
            # The content folder may be MkDocs' docs_dir: its YAML is the briefing's source, not the site's.
            if Path(file.abs_src_path).resolve().is_relative_to(content):  # type: ignore[arg-type]  # a bug (#29): None for a file made in memory
                files.remove(file)
        for dest, path in theme.static_files(self.settings.project_templates).items():
            if files.get_file_from_path(dest) is None:
                files.append(File.generated(config, dest, abs_src_path=str(path)))
        image = self.prepared.model.briefing.image
        if image is not None:  # the picture a shared link shows (checks.rules.image_problem: it is there)
            files.append(File.generated(config, urls.share_image(image.file), abs_src_path=str(content / image.file)))
        for src_uri in sorted(self._ours):
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(f"{config.docs_dir}/{src_uri} clashes with a page the briefing generates; remove it")
            # Rendered later (build_in_parallel) when not rendered yet: each process sets the text it renders.
            files.append(File.generated(config, src_uri, content=self.prepared.texts.get(src_uri, "")))
        return files

    def on_nav(self, nav, *, config, files):
        self._nav = nav
        return nav

    def on_env(self, env, *, config, files):
        """Parts of the theme's pages made once per build where they are the same (see bf_cached)."""
        self._env = env
        self._fragments = {}
        # The generator's words in the theme's templates (overrides/), in the readers' language: _("...").
        lang = self.prepared.site.lang if self.prepared is not None else ENGLISH
        install_gettext(env, lang)
        env.globals["bf_listed"] = lang.listed  # 'A, B and C', of items escaped already
        env.globals["bf_t"] = env.globals["gettext"]  # _() with variables, which MkDocs' own gettext does not take
        env.bytecode_cache = render.TemplateCache(env)  # the theme's templates too: compiled once, not every build
        env.globals["bf_cached"] = self._cached
        env.globals["bf_nav_key"] = navigation.NavKey(getattr(self, "_nav", None), config)
        return env

    def _cached(self, key, caller=None):
        """Made once for each key, then the same text again (None: made each time)."""
        if key is None:
            return caller()
        if key not in self._fragments:
            self._fragments[key] = caller()
        return self._fragments[key]

    def on_page_markdown(self, markdown, *, page, config, files):
        for key in ("title", "description"):  # printed raw by Material, as above
            if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], Markup):
                page.meta[key] = Markup(escape(page.meta[key]))
        # Our pages are mostly finished HTML: spare MkDocs parsing it again (see rawhtml.py).
        if page.file.src_uri in self._ours:
            markdown, key, blocks = rawhtml.stash(markdown)
            self._stashed[page.file.src_uri] = (key, blocks)
        return markdown

    def on_page_content(self, html, *, page, config, files):
        stashed = self._stashed.pop(page.file.src_uri, None)
        return rawhtml.restore(html, *stashed) if stashed else html

    def on_post_build(self, *, config) -> None:
        if self.serving:
            preview.show_on_pages(config.site_dir, self.preview_problems)
        if self.search_indexed:
            return  # build_in_parallel has indexed each page as it was written
        try:
            search.index(config.site_dir, self.settings.language if self.settings else "")
        except search.SearchIndexError as exc:
            raise PluginError(str(exc)) from None

    def on_serve(self, server, *, config, builder):
        for folder in (self.settings.content_dir, *theme.folders(self.settings.project_templates), *self._archive()):
            if folder.is_dir():
                server.watch(str(folder))
        preview.watch_saves_only(server)
        # A Ctrl-C between a change seen and its rebuild leaves a request waiting for that rebuild for ever; MkDocs'
        # shutdown would wait for it (server_close joins every request thread), and the preview would not stop.
        server.daemon_threads, server.block_on_close = True, False
        server.builder = preview.Preview(self, builder)
        return server

    def _watched(self, config) -> tuple[list[Path], list[Path]]:
        """What a preview's rebuild looks at: the content, the templates, the archive, the docs folder, mkdocs.yml."""
        assert self.settings is not None  # on_config has set it
        folders = [self.settings.content_dir, *theme.folders(self.settings.project_templates), *self._archive(),
                   Path(config.docs_dir)]
        return [f for f in folders if f.is_dir()], [Path(config.config_file_path)]

    def _archive(self) -> list[Path]:
        """The archive folder the briefing names (an archived text edited changes what its quotes are checked against)."""
        model = self.prepared.model if self.prepared is not None else None  # the last briefing read, of this project?
        if model is None or not model.briefing.archive or self.settings is None \
                or Path(model.project_dir).resolve() != Path(self.settings.project_dir).resolve():
            return []
        return [archive.Folder(model.project_dir, model.briefing.archive).path]  # where quotes are checked against
