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

import logging
import os
import sys
import time
from pathlib import Path
from typing import Optional

from markupsafe import Markup, escape
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import BuildError, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import incremental, rawhtml, search, settings as settings_mod, theme, urls
from .build import Prepared, prepare
from .contexts import publication
from .diagnostics import Problems
from .words import count

log = logging.getLogger("mkdocs.plugins.briefing")


class BriefingError(PluginError):
    """The briefing has errors: MkDocs stops, and whoever ran it can list `problems`."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(f"the briefing has {count(len(problems.errors), 'problem')}; the site was not built")


def _escaped_titles(nav):
    """The navigation with every title escaped for HTML (titles come from content)."""
    if isinstance(nav, dict):
        return {Markup(escape(title)): _escaped_titles(target) for title, target in nav.items()}
    if isinstance(nav, list):
        return [_escaped_titles(entry) for entry in nav]
    return nav


class _NavKey:
    """What Material's navigation depends on for one page, as a key; None for a page it must be made for.

    A page outside the navigation sees it unchanged but for its links, which MkDocs makes relative to
    the page (mkdocs.utils.normalize_url): pages whose links to every navigation target (and to the
    home page) read the same see the same navigation. A page in the navigation has it made for it:
    its own entry is marked and holds its table of contents.
    """

    def __init__(self, nav, config):
        self.in_nav: set[int] = set()
        self.targets: list[str] = [str(config.extra.get("homepage") or (nav.homepage.url if nav and nav.homepage else ""))]
        stack = list(nav.items) if nav is not None else []
        while stack:
            item = stack.pop(0)
            if getattr(item, "is_page", False):
                self.in_nav.add(id(item))
            if getattr(item, "url", None) is not None:
                self.targets.append(str(item.url))
            stack.extend(getattr(item, "children", None) or ())
        self.ready = nav is not None

    def __call__(self, page):
        from mkdocs.utils import normalize_url

        if not self.ready or page is None or id(page) in self.in_nav or getattr(page, "is_page", False) is False:
            return None
        return ("nav", tuple(normalize_url(target, page=page) for target in self.targets))


# The plugin's options, declared once in settings.OPTIONS (the command line reads the same).
BriefingConfig = type("BriefingConfig", (Config,), {
    option.name: opt.Type(str, default=option.default) for option in settings_mod.OPTIONS})


class BriefingPlugin(BasePlugin[BriefingConfig]):  # type: ignore[valid-type]
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
        project = Path(config.config_file_path).resolve().parent
        self.settings = settings_mod.Settings(
            project, **{o.name: self.config[o.name] for o in settings_mod.OPTIONS},
            use_directory_urls=config.use_directory_urls, site_url=config.site_url or "")
        self._set_up_theme(config)
        self.failure = None
        self.preview_problems = []
        if self.serving:
            config.extra["briefing_preview_problems"] = PREVIEW_PROBLEMS  # the pages look for it (main.html)
        seen = incremental.snapshot(*self._watched(config)) if self.serving else {}
        try:
            self.prepared = prepare(self.settings, render_pages=not self.defer_rendering)
            self._seen = seen  # what the pages were built from, for the preview's next rebuild
        except Problems as problems:
            if self.serving and self.prepared is not None:
                # Printed, not logged: in strict mode a logged error would abort this rebuild too.
                self.preview_problems = report_to_terminal(problems)
            else:
                for error in problems.errors:
                    log.error(str(error))
                self.failure = BriefingError(problems)
                raise self.failure from None
        for diagnostic in self.prepared.warnings:
            if self.serving:
                # A preview shows warnings and keeps serving (a new source's TODOs are warnings): printed,
                # not logged, or a strict mkdocs.yml would stop the preview. Only a build fails on them.
                print(diagnostic, file=sys.stderr, flush=True)
            elif diagnostic.severity == "warning":
                log.warning(str(diagnostic))  # counted by `--strict`, like MkDocs' own warnings
            else:
                log.info(str(diagnostic))
        if not self.prepared.verification.archive_available:
            log.info("briefing: archive folder not found; quotes checked against content/quotes.lock")
        # MkDocs and Material print titles into HTML unescaped (their Jinja has no autoescape);
        # Markup is text already escaped, which their `| e` leaves as it is.
        config.nav = _escaped_titles(self.prepared.nav)
        config.site_name = Markup(escape(self.prepared.model.briefing.title))
        # Who publishes it, for every page's footer and metadata (overrides/partials/copyright.html, main.html).
        config.extra["briefing_publication"] = publication(self.prepared.model.briefing)
        self._ours = frozenset(page.src_uri for page in self.prepared.pages)
        return config

    def _set_up_theme(self, config) -> None:
        """Material, with the generator's overrides after the project's custom_dir, its assets, no web fonts."""
        if config.theme.name != "material":
            raise PluginError(f"the briefing needs the Material theme, not '{config.theme.name}': "
                              "set `theme: {name: material}` in mkdocs.yml")
        own = self.settings.project_templates
        position = 1 if config.theme.custom_dir else 0
        for folder in reversed(theme.overrides(own)):
            if str(folder) not in config.theme.dirs:
                config.theme.dirs.insert(position, str(folder))
        config.theme["font"] = False  # the site makes no request to another host
        if not config.theme.get("palette"):
            config.theme["palette"] = theme.PALETTE  # light and dark, as the reader's system prefers
        if not config.theme.get("features"):
            config.theme["features"] = list(theme.FEATURES)
        # The generator's stylesheets, then the printed pages' running footer (generated from the content).
        for path in (*theme.STYLESHEETS, urls.page_file(urls.PRINT_STYLE)):
            if path not in config.extra_css:
                config.extra_css.append(path)
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
        content = self.settings.content_dir.resolve()
        for file in list(files):
            # The content folder may be MkDocs' docs_dir: its YAML is the briefing's source, not the site's.
            if Path(file.abs_src_path).resolve().is_relative_to(content):
                files.remove(file)
        for dest, path in theme.static_files(self.settings.project_templates).items():
            if files.get_file_from_path(dest) is None:
                files.append(File.generated(config, dest, abs_src_path=str(path)))
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
        env.globals["bf_cached"] = self._cached
        env.globals["bf_nav_key"] = _NavKey(getattr(self, "_nav", None), config)
        return env

    def _cached(self, key, caller=None):
        """Made once for each key, then the same text again (None: made each time)."""
        if key is None:
            return caller()
        if key not in self._fragments:
            self._fragments[key] = caller()
        return self._fragments[key]

    def on_page_markdown(self, markdown, *, page, config, files):
        if isinstance(page.meta.get("title"), str) and not isinstance(page.meta["title"], Markup):
            page.meta["title"] = Markup(escape(page.meta["title"]))  # printed raw by Material, as above
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
            show_on_pages(config.site_dir, self.preview_problems)
        if self.search_indexed:
            return  # build_in_parallel has indexed each page as it was written
        try:
            search.index(config.site_dir)
        except search.SearchIndexError as exc:
            raise PluginError(str(exc)) from None

    def on_serve(self, server, *, config, builder):
        for folder in (self.settings.content_dir, *theme.folders(self.settings.project_templates)):
            if folder.is_dir():
                server.watch(str(folder))
        _watch_without_polling(server)
        server.builder = _Preview(self, builder)
        return server

    def _watched(self, config) -> tuple[list[Path], list[Path]]:
        """What a preview's rebuild looks at: the content, the templates, the docs folder and mkdocs.yml."""
        folders = [self.settings.content_dir, *theme.folders(self.settings.project_templates), Path(config.docs_dir)]
        return [f for f in folders if f.is_dir()], [Path(config.config_file_path)]



# -- `briefing build`: the same build, its pages shared between processes -------------------------------
#
# MkDocs' own build (mkdocs.commands.build.build) reads and converts every page, then renders every
# page into the theme, one after the other. Each of those steps is per page: all a page takes from the
# others is their titles and addresses (for the navigation) and, afterwards, their anchors (to check
# links to them). build_in_parallel runs the very same steps, with MkDocs' own functions and in the
# same order for each page, but shares the pages between this process and forked copies of it, each
# also rendering its share with the briefing's templates; Pagefind reads each page as soon as it is
# written. The site is the same, byte for byte (tests/test_parallel_build.py): log records are
# replayed in the order a serial build makes them, anchors are checked once every page is known, and
# Pagefind is given the pages in the order search.index gives them.

def default_jobs() -> int:
    """Processes for `briefing build`: one per core, up to two (each holds a copy of the whole briefing)."""
    return max(1, min(os.cpu_count() or 1, 2))


def parallel_ready(config) -> str:
    """'' when build_in_parallel gives the site MkDocs' own build gives, else why it may not be used."""
    from mkdocs.utils import markdown_extensions

    from . import workers

    if not workers.available():
        return "this system cannot fork"
    others = [name for name in config.plugins if name != "briefing"]
    if others:  # another plugin may gather something from every page (a search index, say)
        return f"other plugins are configured ({', '.join(others)})"
    project = Path(config.config_file_path).resolve().parent
    content = (project / config.plugins["briefing"].config["content"]).resolve()
    docs = Path(config.docs_dir).resolve()
    for path in docs.rglob("*"):
        if path.suffix in markdown_extensions and not path.resolve().is_relative_to(content):
            return f"the docs folder has pages of its own ({path.relative_to(docs)})"
    return ""


class _Records(logging.Handler):
    """Keeps log records, each tagged with where a serial build would have made it, for replaying."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[tuple[tuple, dict]] = []
        self.where: tuple = (0, 0)

    def emit(self, record: logging.LogRecord) -> None:
        data = dict(record.__dict__)
        data["msg"], data["args"], data["exc_info"], data["exc_text"] = record.getMessage(), None, None, None
        self.records.append(((*self.where, len(self.records)), data))


class _ChildFailed(Exception):
    def __init__(self, kind: str, message: str, trace: str):
        super().__init__(message)
        self.kind, self.message, self.trace = kind, message, trace


class _ParallelBuild:
    """The state of one build_in_parallel: what each process needs to build its share of the pages."""

    def __init__(self, config, files, nav, env, doc_files, jobs: int):
        self.config, self.files, self.nav, self.env, self.doc_files = config, files, nav, env, doc_files
        self.plugin: BriefingPlugin = config.plugins["briefing"]
        self.ours = {page.src_uri: page for page in self.plugin.prepared.pages}
        self.order = {file.src_uri: i for i, file in enumerate(doc_files)}  # a serial build's, for the logs
        by_path = sorted(doc_files, key=lambda f: f.dest_uri)
        self.shares = [by_path[i::jobs] for i in range(jobs)]
        written = set(search.html_files(config.site_dir))
        self.feed = sorted(written | {file.dest_uri for file in doc_files if file.dest_uri.endswith(".html")})
        self.written = written  # HTML files written so far (those not pages were written before forking)
        self.fed = 0
        self.anchors: dict[str, tuple] = {}
        self.records: list = []
        self.rendered: list[float] = []
        self.errors: list = []
        self.workers: list = []
        self.indexer: Optional[search.Indexer] = None
        self._md = None  # one Python-Markdown instance per process (populate)

    # -- in every process ---------------------------------------------------------------------------------
    def build_share(self, share, channel=None) -> None:
        """Render one share of the pages, then read, convert and write each, as MkDocs' build does."""
        from mkdocs.commands import build as mkdocs_build

        mkdocs_logger = logging.getLogger("mkdocs")
        records = _Records()
        saved, mkdocs_logger.handlers = mkdocs_logger.handlers, [records]
        try:
            try:
                texts = self.plugin.prepared.renderer.render_all([self.ours[file.src_uri] for file in share])
            except Problems as problems:
                self._send(channel, ("errors", list(problems.errors)))
                return
            self._send(channel, ("rendered", time.monotonic()))
            for file in share:
                page = file.page
                file.content_string = texts.pop(file.src_uri)
                expected = dict(page.meta)
                records.where = (1, self.order[file.src_uri])
                self.populate(page)
                if page.meta != expected:
                    raise RuntimeError(f"{file.src_uri}: its front matter is more than its title, which the "
                                       "parallel build does not expect: build with --jobs 1")
                records.where = (2, self.order[file.src_uri])
                mkdocs_build._build_page(page, self.config, self.doc_files, self.nav, self.env, False,
                                         excluded=file.inclusion.is_excluded())
                anchors = (file.src_uri, page.present_anchor_ids,
                           {to.src_uri: links for to, links in (page.links_to_anchors or {}).items()})
                # Nothing of the page is kept but what the other pages need (its title, its anchors).
                page.markdown, page.content, page.toc, file.content_string = "", None, [], ""
                self._send(channel, ("page", file.dest_uri, anchors, records.records))
                records.records = []
        finally:
            mkdocs_logger.handlers = saved

    def populate(self, page) -> None:
        """mkdocs.commands.build._populate_page, converting with one Markdown instance per process.

        MkDocs makes a new Python-Markdown instance, with every extension, for each page
        (mkdocs.structure.pages.Page.render); this resets one instead and registers MkDocs'
        per-page processors on it anew, in the same order, so every page converts as before.
        """
        from mkdocs.structure import pages as mkdocs_pages
        from mkdocs.structure.toc import get_toc

        config, files = self.config, self.files
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            if self._md is None:
                import markdown

                self._md = markdown.Markdown(extensions=config["markdown_extensions"],
                                             extension_configs=config["mdx_configs"] or {})
            md = self._md.reset()
            raw_html = mkdocs_pages._RawHTMLPreprocessor()
            raw_html._register(md)
            anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
            anchors._register(md)
            relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
            relative._register(md)
            title = mkdocs_pages._ExtractTitleTreeprocessor()
            title._register(md)
            page.content = md.convert(page.markdown)
            page.toc = get_toc(getattr(md, "toc_tokens", []))
            page._title_from_render = title.title
            page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
            if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
                page.links_to_anchors = relative.links_to_anchors
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        except Exception as exc:
            message = f"Error reading page '{page.file.src_uri}':"
            if not isinstance(exc, BuildError):
                message += f" {exc}"
            logging.getLogger("mkdocs.commands.build").error(message)
            raise
        finally:
            config._current_page = None

    def _send(self, channel, message) -> None:
        if channel is not None:
            channel.send(message)
            return
        self.take(message)
        if message[0] == "page":
            self.feed_written(block=False)  # while the others write theirs

    # -- in this process ----------------------------------------------------------------------------------
    def take(self, message) -> None:
        kind = message[0]
        if kind == "page":
            self.written.add(message[1])
            self.anchors[message[2][0]] = message[2]
            self.records.extend(message[3])
        elif kind == "rendered":
            self.rendered.append(message[1])
        elif kind == "errors":
            self.errors.extend(message[1])
        elif kind == "failed":
            raise _ChildFailed(*message[1:])

    def feed_written(self, block: bool) -> None:
        """Hand Pagefind every page written so far, in its order (waiting for the others if `block`)."""
        while self.fed < len(self.feed):
            path = self.feed[self.fed]
            for worker in self.workers:
                for message in worker.poll():
                    self.take(message)
            while path not in self.written:
                if not block:
                    return
                self._wait_for_a_message()
            self.indexer.add_file(path)
            self.fed += 1

    def _wait_for_a_message(self) -> None:
        import select

        running = [worker for worker in self.workers if worker.status is None]
        if not running:
            raise RuntimeError(f"every build process has ended, and {self.feed[self.fed]} was never written")
        ready, _, _ = select.select([worker._fd for worker in running], [], [])
        for worker in running:
            if worker._fd in ready:
                message = worker.next()
                if message is None:
                    worker.wait()
                else:
                    self.take(message)

    def finish_workers(self) -> None:
        """Take every message of the other processes and wait for them to end."""
        for worker in self.workers:
            while (message := worker.next()) is not None:
                self.take(message)
            if worker.wait() != 0 and not self.errors:
                raise RuntimeError("a build process failed without saying why")


def build_in_parallel(config, jobs: int = 2) -> dict[str, float]:
    """Build the site as mkdocs.commands.build.build does, its pages shared between `jobs` processes.

    Returns the wall seconds of two stages the benchmark reports: 'render' (rendering the pages
    with the briefing's templates, in every process at once, and its data files) and 'search'
    (the wait for Pagefind once every page is written).
    """
    from mkdocs import utils as mkdocs_utils
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.exceptions import Abort
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    from . import workers

    mkdocs_logger = logging.getLogger("mkdocs")
    build_log = logging.getLogger("mkdocs.commands.build")
    warning_counter = mkdocs_utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        mkdocs_logger.addHandler(warning_counter)
    plugin: BriefingPlugin = config.plugins["briefing"]
    plugin.defer_rendering = True
    plugin.search_indexed = False
    stages = {"render": 0.0, "search": 0.0}
    run: Optional[_ParallelBuild] = None
    try:
        start = time.monotonic()
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        build_log.info("Cleaning site directory")
        mkdocs_utils.clean_directory(config.site_dir)
        build_log.info(f"Building documentation to directory: {config.site_dir}")
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        inclusion = InclusionLevel.is_included
        doc_files = files.documentation_pages(inclusion=inclusion)
        ours = {page.src_uri: page for page in plugin.prepared.pages}
        for file in doc_files:
            if file.src_uri not in ours:
                raise RuntimeError(f"{file.src_uri} is not a page of the briefing: build with --jobs 1")
            if file.page is None:
                Page(None, file, config)
            # What reading its source gives each page (its front matter is its title alone), for the
            # others' navigation: each process reads only its own share.
            file.page.markdown = ""
            file.page.meta = {"title": Markup(escape(ours[file.src_uri].title))}
        env = config.plugins.on_env(env, config=config, files=files)
        # Static files first, as MkDocs writes them (the briefing's data files are rendered at the end),
        # then the theme's templates (404.html, the sitemap), which read no page's text.
        for file in files:
            if not file.is_documentation_page() and inclusion(file.inclusion) and file.src_uri not in ours:
                file.copy_file(False)
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, nav)

        run = _ParallelBuild(config, files, nav, env, doc_files, jobs)
        # What pages in every share need (the entities' claims, each theme's events...): worked out once,
        # here, rather than once in each process. It is rendering work: counted as such.
        started = time.monotonic()
        plugin.prepared.site.work_out_shared()
        stages["render"] += time.monotonic() - started
        forked = time.monotonic()
        for share in run.shares[1:]:
            run.workers.append(workers.Worker(lambda channel, share=share: run.build_share(share, channel)))
        run.indexer = search.Indexer(config.site_dir)  # after forking: the copies hold none of its pipes
        run.build_share(run.shares[0])
        run.finish_workers()
        stages["render"] += max(run.rendered, default=forked) - forked
        if run.errors:
            positions = {page.src_uri: i for i, page in enumerate(plugin.prepared.pages)}
            raise Problems(sorted(run.errors, key=lambda d: positions.get(d.path, 0)))
        waited = time.monotonic()
        run.feed_written(block=True)
        # What a serial build logs as it reads and writes the pages, in its order; then the anchors.
        for _, data in sorted(run.records, key=lambda record: record[0]):
            logging.getLogger(data["name"]).handle(logging.makeLogRecord(data))
        for file in doc_files:
            _, present, links = run.anchors[file.src_uri]
            file.page.present_anchor_ids = present
            file.page.links_to_anchors = {files.get_file_from_path(to): found for to, found in links.items()}
        log_level = config.validation.links.anchors
        for file in doc_files:
            file.page.validate_anchor_links(files=files, log_level=log_level)
        # The briefing's data files (JSON, feed, print style), rendered while Pagefind reads the last pages.
        started = time.monotonic()
        data_pages = [page for page in plugin.prepared.pages if not page.is_markdown]
        for src_uri, text in plugin.prepared.renderer.render_all(data_pages).items():
            file = files.get_file_from_path(src_uri)
            file.content_string = text
            if inclusion(file.inclusion):
                file.copy_file(False)
            file.content_string = ""
        stages["render"] += time.monotonic() - started
        run.indexer.write()
        run.indexer = None
        stages["search"] = time.monotonic() - waited
        plugin.search_indexed = True
        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {msg} in strict mode!")
        build_log.info(f"Documentation built in {time.monotonic() - start:.2f} seconds")
        return stages
    except Problems as problems:  # template errors, found while the processes rendered their pages
        for error in problems.errors:
            log.error(str(error))
        plugin.failure = BriefingError(problems)
        config.plugins.on_build_error(error=plugin.failure)
        raise plugin.failure from None
    except search.SearchIndexError as exc:
        error = PluginError(str(exc))
        config.plugins.on_build_error(error=error)
        raise error from None
    except _ChildFailed as exc:
        if exc.kind == "BuildError":
            error: Exception = BuildError(exc.message)
        elif exc.kind in ("PluginError", "BriefingError", "ConfigurationError"):
            error = PluginError(exc.message)
        else:
            error = RuntimeError(f"a build process failed: {exc.kind}: {exc.message}\n{exc.trace}")
        config.plugins.on_build_error(error=error)
        if isinstance(error, BuildError):
            log.error(str(error))
            raise Abort("Aborted with a BuildError!") from None
        raise error from None
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        if isinstance(exc, BuildError):
            log.error(str(exc))
            raise Abort("Aborted with a BuildError!") from None
        raise
    finally:
        plugin.defer_rendering = False
        if run is not None:
            for worker in run.workers:
                worker.kill()
            if run.indexer is not None:
                run.indexer.__exit__(None, None, None)
        mkdocs_logger.removeHandler(warning_counter)


# -- `briefing serve`: a rebuild of the pages an edit touches ---------------------------------------------
#
# MkDocs' preview rebuilds the whole site after every save. _Preview takes the server's place as
# its builder: where builder/incremental.py can bound an edit (sources edited, nothing else), it
# reads again only the files that changed, checks the whole briefing as a build does (verifying
# again only the quotes of the sources that changed), works out the pages the edit touches, and
# renders and writes only those, with MkDocs' own page functions and the last build's files,
# navigation and theme. Everything else rebuilds the whole site, as before. Errors keep the last
# good site, as before. Search is indexed again in the background, after the pages are served.

def _watch_without_polling(server) -> None:
    """Have the preview's server notice saves at once (inotify and the like) rather than within half a
    second (MkDocs polls the files, for file systems that report nothing); polling where nothing else works.

    Only events that change a file start a rebuild. inotify also reports every time a file is opened
    and closed unwritten, and MkDocs' handler takes any event for a change: since each rebuild reads
    every watched file, every rebuild would start the next one, for ever (issue 23).
    """
    try:
        from watchdog import events
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver
    except ImportError:
        return
    if Observer is PollingObserver or server.observer.is_alive():
        return
    changes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileMovedEvent,
               events.FileDeletedEvent, events.FileClosedEvent]

    class ChangesObserver(Observer):  # type: ignore[misc, valid-type]
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
            return super().schedule(event_handler, path, recursive=recursive, follow_symlink=follow_symlink,
                                    event_filter=event_filter or changes)

    paths = dict(server._watched_paths)
    for path in list(paths):
        for _ in range(paths[path]):
            server.unwatch(path)
    server.observer = ChangesObserver()
    for path, times in paths.items():
        for _ in range(times):
            server.watch(path)


PREVIEW_PROBLEMS = "briefing-preview-problems.txt"
"""Where the preview writes the problems its last rebuild found; every page it serves shows them."""


def report_to_terminal(problems: Problems) -> list[str]:
    """Print a preview rebuild's problems (printed, not logged: a strict mkdocs.yml would stop the preview)."""
    lines = [str(error) for error in problems.errors]
    lines.append(f"{count(len(problems.errors), 'problem')} found; the preview still shows the last good "
                 "version and updates when the problems are fixed.")
    print("\n".join(lines), file=sys.stderr, flush=True)
    return lines


def show_on_pages(site_dir: str, lines: list[str]) -> None:
    """Write the problems where the preview's pages look for them (main.html), or remove the old ones."""
    path = Path(site_dir) / PREVIEW_PROBLEMS
    if lines:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


class _Background:
    """Pagefind's index of the preview's site, written again after a rebuild without holding the page up."""

    def __init__(self):
        import threading

        self._lock = threading.Lock()
        self._indexer: Optional[search.Indexer] = None
        self._thread = None

    def start(self, site_dir: str) -> None:
        import threading

        self.stop()
        self._thread = threading.Thread(target=self._run, args=(site_dir,), name="briefing-search", daemon=True)
        self._thread.start()

    def _run(self, site_dir: str) -> None:
        try:
            with search.Indexer(site_dir) as indexer:
                with self._lock:
                    self._indexer = indexer
                for path in search.html_files(site_dir):
                    indexer.add_file(path)
                indexer.write()
        except (search.SearchIndexError, OSError) as exc:
            if self._indexer is not None:  # not stopped on purpose
                log.info(f"briefing: the preview's search index was not refreshed: {exc}")
        finally:
            with self._lock:
                self._indexer = None

    def stop(self) -> None:
        """Stop an index being written (a new rebuild writes the pages it reads)."""
        with self._lock:
            indexer, self._indexer = self._indexer, None
        if indexer is not None:
            indexer.__exit__(None, None, None)
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None


class _Preview:
    """The preview server's builder: the pages an edit touches when that can be bounded, else everything."""

    def __init__(self, plugin: BriefingPlugin, full_build):
        self.plugin = plugin
        self.full_build = full_build
        self.search = _Background()
        self.stages: dict[str, float] = {}

    def __call__(self, *args, **kwargs):
        self.search.stop()
        plugin = self.plugin
        if plugin.prepared is None or plugin._config is None or plugin._files is None:
            return self.full_build(*args, **kwargs)
        seen = incremental.snapshot(*plugin._watched(plugin._config))
        changed, added_or_removed = incremental.changed_files(plugin._seen, seen)
        source_ids = None if added_or_removed or not changed else \
            incremental.changed_sources(plugin.prepared.model, changed)
        if not source_ids:
            return self.full_build(*args, **kwargs)
        try:
            built = self.rebuild(source_ids, seen)
        except Problems as problems:
            show_on_pages(plugin._config.site_dir, report_to_terminal(problems))
            return None
        if not built:
            return self.full_build(*args, **kwargs)
        show_on_pages(plugin._config.site_dir, [])
        self.search.start(plugin._config.site_dir)
        return None

    def rebuild(self, source_ids: set[str], seen: dict) -> bool:
        """Rebuild the pages these sources' edit touches; False when that cannot be bounded."""
        from mkdocs.commands import build as mkdocs_build

        from . import checks, pages as pages_mod
        from .xref import Xref

        plugin, config, files = self.plugin, self.plugin._config, self.plugin._files
        started = time.monotonic()
        old = plugin.prepared
        model = incremental.reload(old.model, source_ids)
        xref = Xref(model)
        checked = checks.check(model, xref=xref, reuse=(old.model, old.verification))
        site = pages_mod.Site(model, xref, checked.sourcing, old.site.address, plugin.settings.site_url,
                              archive_hashes=checked.verification.lock.archives)
        page_list = site.pages()
        if pages_mod.nav(page_list) != pages_mod.nav(old.pages) or [p.title for p in page_list
                                                                    if p.kind != urls.SOURCE] != \
                [p.title for p in old.pages if p.kind != urls.SOURCE]:
            return False
        affected = incremental.affected_pages(old.site, site, source_ids)
        if affected is None:
            return False
        renderer = old.renderer
        renderer.views, renderer.xref = site.views, xref  # its templates and Markdown stay as compiled
        chosen = [page for page in page_list if page.src_uri in affected]
        texts = renderer.render_all(chosen)  # raises Problems on a template error: the last good site stays
        for diagnostic in checked.warnings:
            print(diagnostic, file=sys.stderr, flush=True)
        plugin.prepared = Prepared(model, checked.verification, checked.warnings, page_list, {}, renderer, site)
        plugin._seen = seen
        doc_files = files.documentation_pages()
        for page in chosen:
            file = files.get_file_from_path(page.src_uri)
            file.content_string = texts.pop(page.src_uri)
            if not page.is_markdown:
                file.copy_file(False)
                continue
            mkdocs_build._populate_page(file.page, config, files)
            mkdocs_build._build_page(file.page, config, doc_files, plugin._nav, plugin._env, False,
                                     excluded=file.inclusion.is_excluded())
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        self.stages = {"pages": len(chosen), "seconds": time.monotonic() - started}
        log.info(f"briefing: rebuilt {count(len(chosen), 'page')} of {len(page_list)} in "
                 f"{self.stages['seconds']:.2f} s")
        return True
