"""`briefing build`: MkDocs' own build, its pages shared between processes (the same bytes, faster).

MkDocs' own build (mkdocs.commands.build.build) reads and converts every page, then renders every
page into the theme, one after the other. Each of those steps is per page: all a page takes from the
others is their titles and addresses (for the navigation) and, afterwards, their anchors (to check
links to them). build_in_parallel runs the very same steps, with MkDocs' own functions and in the
same order for each page, but shares the pages between this process and forked copies of it, each
also rendering its share with the briefing's templates; Pagefind reads each page as soon as it is
written. The site is the same, byte for byte (tests/test_parallel_build.py): log records are
replayed in the order a serial build makes them, anchors are checked once every page is known, and
Pagefind is given the pages in the order search.index gives them.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import BuildError, PluginError

from builder.model import settings
from builder.publish import mkdocs_api
from builder.publish import search
from builder.model.diagnostics import Problems
from builder.publish.plugin import BriefingError, BriefingPlugin

log = logging.getLogger("mkdocs.plugins.briefing")

OWN_HEAD = ("description", "bf_head")
"""Front matter that only the page's own <head> shows (templates/_macros.md.j2, front_matter)."""


def default_jobs() -> int:
    """Processes for `briefing build`: one per core, up to two (each holds a copy of the whole briefing)."""
    return max(1, min(os.cpu_count() or 1, 2))


def parallel_ready(config) -> str:
    """'' when build_in_parallel gives the site MkDocs' own build gives, else why it may not be used."""
    from mkdocs.utils import markdown_extensions

    from builder.model import workers

    if not workers.available():
        return "this system cannot fork"
    others = [name for name in config.plugins if name != "briefing"]
    if others:  # another plugin may gather something from every page (a search index, say)
        return f"other plugins are configured ({', '.join(others)})"
    config_file = Path(config.config_file_path).resolve()
    content = settings.read(config_file.parent, config_file.name).content_dir.resolve()
    docs = Path(config.docs_dir).resolve()
    for path in docs.rglob("*"):
        if path.suffix in markdown_extensions and not path.resolve().is_relative_to(content):
            return f"the docs folder has pages of its own ({path.relative_to(docs)})"
    return ""


class _Records(logging.Handler):
    """Keeps log records, each tagged with where a serial build would have made it, for replaying."""

    def __init__(self) -> None:
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


def shares(files: list, jobs: int, previous: Path | None = None) -> list[list]:
    """The pages (in the order given) shared between `jobs` processes, each share in that order.

    A page takes about as long as it is large, and a few pages (the whole briefing to print, the
    timeline, the change log) are as large as hundreds of others: with the site the last build wrote
    (`previous`), each page goes, largest first, to the share that is lightest so far, by the size its
    file had there (a page it lacks counts as its average). Without one, every `jobs`th page.
    """
    sizes = {}
    if previous is not None:
        for file in files:
            try:
                sizes[file.dest_uri] = (previous / file.dest_uri).stat().st_size
            except OSError:
                continue
    if not sizes:
        return [files[i::jobs] for i in range(jobs)]
    usual = sum(sizes.values()) // len(sizes)
    load = [0] * jobs
    chosen: dict[str, int] = {}
    for file in sorted(files, key=lambda f: (-sizes.get(f.dest_uri, usual), f.dest_uri)):
        lightest = load.index(min(load))
        chosen[file.dest_uri] = lightest
        load[lightest] += sizes.get(file.dest_uri, usual)
    return [[file for file in files if chosen[file.dest_uri] == i] for i in range(jobs)]


class _ParallelBuild:
    """The state of one build_in_parallel: what each process needs to build its share of the pages."""

    def __init__(self, config, files, nav, env, doc_files, jobs: int, previous: Path | None = None):
        self.config, self.files, self.nav, self.env, self.doc_files = config, files, nav, env, doc_files
        self.plugin: BriefingPlugin = config.plugins["briefing"]
        assert self.plugin.prepared is not None  # its on_config has run
        self.ours = {page.src_uri: page for page in self.plugin.prepared.pages}
        self.order = {file.src_uri: i for i, file in enumerate(doc_files)}  # a serial build's, for the logs
        self.shares = shares(sorted(doc_files, key=lambda f: f.dest_uri), jobs, previous)
        written = set(search.html_files(config.site_dir))
        self.feed = sorted(written | {file.dest_uri for file in doc_files if file.dest_uri.endswith(".html")})
        self.written = written  # HTML files written so far (those not pages were written before forking)
        self.fed = 0
        self.anchors: dict[str, tuple] = {}
        self.records: list = []
        self.rendered: list[float] = []  # the seconds each process spent rendering its pages
        self.errors: list = []
        self.workers: list = []
        self.indexer: search.SiteIndex | None = None
        self._md = None  # one Python-Markdown instance per process (populate)

    # -- in every process ---------------------------------------------------------------------------------
    def build_share(self, share, channel=None) -> None:
        """Render each page of one share, then read, convert and write it as MkDocs' build does, one page at a time."""

        mkdocs_logger = logging.getLogger("mkdocs")
        records = _Records()
        saved, mkdocs_logger.handlers = mkdocs_logger.handlers, [records]
        assert self.plugin.prepared is not None  # its on_config has run
        renderer = self.plugin.prepared.renderer
        errors: list = []
        rendering = 0.0
        try:
            for file in share:
                # Each page is rendered just before MkDocs reads it, and written at once: none is held
                # longer than that, and Pagefind reads pages from the first one on.
                started = time.monotonic()
                try:
                    text = renderer.render_all([self.ours[file.src_uri]])[file.src_uri]
                except Problems as problems:
                    errors += problems.errors  # the rest are still rendered, to report every template error
                    continue
                finally:
                    rendering += time.monotonic() - started
                if errors:
                    continue
                page = file.page
                file.content_string = text
                expected = dict(page.meta)
                records.where = (1, self.order[file.src_uri])
                self.populate(page)
                # What describes the page in its own head (metadata.py) no other page reads.
                if {key: value for key, value in page.meta.items() if key not in OWN_HEAD} != expected:
                    raise RuntimeError(f"{file.src_uri}: its front matter is more than its title and head, which "
                                       "the parallel build does not expect: build with --jobs 1")
                records.where = (2, self.order[file.src_uri])
                mkdocs_api.build_page(page, self.config, self.doc_files, self.nav, self.env, False,
                                         excluded=file.inclusion.is_excluded())
                anchors = (file.src_uri, page.present_anchor_ids,
                           {to.src_uri: links for to, links in (page.links_to_anchors or {}).items()})
                # Nothing of the page is kept but what the other pages need (its title, its anchors).
                page.markdown, page.content, page.toc, file.content_string = "", None, [], ""
                self._send(channel, ("page", file.dest_uri, anchors, records.records))
                records.records = []
        finally:
            mkdocs_logger.handlers = saved
        self._send(channel, ("errors", errors) if errors else ("rendered", rendering))

    def populate(self, page) -> None:
        """MkDocs' reading and converting of one page, with one Markdown instance per process."""
        import markdown

        if self._md is None:
            self._md = markdown.Markdown(extensions=self.config["markdown_extensions"],
                                         extension_configs=self.config["mdx_configs"] or {})
        mkdocs_api.convert_page(page, self.config, self.files, self._md)

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
        """Hand Pagefind every page written so far, in its order (waiting for the others if `block`; if not,
        stopping at a page not yet written, or while a part of the index is written)."""
        while self.fed < len(self.feed):
            path = self.feed[self.fed]
            for worker in self.workers:
                for message in worker.poll():
                    self.take(message)
            while path not in self.written:
                if not block or self.errors:  # a page that failed is never written: the build fails
                    return
                self._wait_for_a_message()
            assert self.indexer is not None  # set before any page is built
            if not block and self.indexer.writing_a_part():
                return  # this process renders its next page meanwhile, rather than wait for the part
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


def build_in_parallel(config, jobs: int = 2, previous: Path | None = None) -> dict[str, float]:
    """Build the site as mkdocs.commands.build.build does, its pages shared between `jobs` processes (by the
    sizes of their files in `previous`, the site the last build wrote, when there is one: see shares).

    Returns the wall seconds of two stages the benchmark reports: 'render' (rendering the pages
    with the briefing's templates, in every process at once, and its data files) and 'search'
    (the wait for Pagefind once every page is written).
    """
    from mkdocs import utils as mkdocs_utils
    from mkdocs.exceptions import Abort

    from builder.model import workers

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
    run: _ParallelBuild | None = None
    try:
        start = time.monotonic()
        config = config.plugins.on_config(config)
        assert plugin.prepared is not None  # on_config prepared the briefing, or raised
        config.plugins.on_pre_build(config=config)
        build_log.info("Cleaning site directory")
        mkdocs_utils.clean_directory(config.site_dir)
        build_log.info(f"Building documentation to directory: {config.site_dir}")
        files, nav, env, doc_files = _pages_and_theme(config, plugin)
        run = _ParallelBuild(config, files, nav, env, doc_files, jobs, previous)
        # What pages in every share need (the entities' claims, each theme's events...): worked out once,
        # here, rather than once in each process. It is rendering work: counted as such.
        started = time.monotonic()
        plugin.prepared.site.work_out_shared()
        stages["render"] += time.monotonic() - started
        workers.briefing_prepared()  # before forking: the copies share what is made so far, untouched by collections
        for share in run.shares[1:]:
            run.workers.append(workers.Worker(lambda channel, share=share: run.build_share(share, channel)))  # type: ignore[misc]  # a lambda with a default
        run.indexer = search.SiteIndex(config.site_dir, plugin.settings.language if plugin.settings else "",
                                      pages=len(run.feed))  # after forking: the copies hold none of its pipes
        run.build_share(run.shares[0])
        run.feed_written(block=True)  # the others' pages, handed to Pagefind as they are written
        run.finish_workers()
        # The briefing's data files (JSON, feed, print style), rendered while Pagefind reads the last pages:
        # once the other processes have ended, so that no more than two copies of the briefing are alive.
        started = time.monotonic()
        if not run.errors:
            _write_data_files_apart(plugin, files)
        data_files = time.monotonic() - started
        # The longest time a process spent rendering its pages, and the data files (rendering all the same).
        stages["render"] += max(run.rendered, default=0.0) + data_files
        if run.errors:
            positions = {page.src_uri: i for i, page in enumerate(plugin.prepared.pages)}
            raise Problems(sorted(run.errors, key=lambda d: positions.get(d.path, 0)))
        waited = time.monotonic()
        run.feed_written(block=True)
        _replay_logs_and_check_anchors(run, files, doc_files, config)
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
    except Exception as exc:
        _fail(exc, config, plugin)
        raise
    finally:
        plugin.defer_rendering = False
        if run is not None:
            for worker in run.workers:
                worker.kill()
            if run.indexer is not None:
                run.indexer.__exit__(None, None, None)
        mkdocs_logger.removeHandler(warning_counter)


def _pages_and_theme(config, plugin: BriefingPlugin):
    """MkDocs' files, navigation and theme, each page given its title; the static files and the
    theme's templates written (404.html, the sitemap: they read no page's text)."""
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    files = get_files(config)
    env = config.theme.get_env()
    mkdocs_api.add_files_from_theme(files, env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    inclusion = InclusionLevel.is_included
    doc_files = files.documentation_pages(inclusion=inclusion)
    assert plugin.prepared is not None  # on_config prepared the briefing (or raised)
    ours = {page.src_uri: page for page in plugin.prepared.pages}
    for file in doc_files:
        if file.src_uri not in ours:
            raise RuntimeError(f"{file.src_uri} is not a page of the briefing: build with --jobs 1")
        if file.page is None:
            Page(None, file, config)
        assert file.page is not None  # Page() sets it
        # What reading its source gives each page (its front matter is its title alone), for the
        # others' navigation: each process reads only its own share.
        file.page.markdown = ""
        file.page.meta = {"title": Markup(escape(ours[file.src_uri].title))}
    env = config.plugins.on_env(env, config=config, files=files)
    # Static files first, as MkDocs writes them (the briefing's data files are rendered at the end).
    for file in files:
        if not file.is_documentation_page() and inclusion(file.inclusion) and file.src_uri not in ours:
            file.copy_file(False)
    for template in config.theme.static_templates:
        mkdocs_api.build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        mkdocs_api.build_extra_template(template, files, config, nav)
    return files, nav, env, doc_files


def _replay_logs_and_check_anchors(run: _ParallelBuild, files, doc_files, config) -> None:
    """What a serial build logs as it reads and writes the pages, in its order; then the anchors."""
    for _, data in sorted(run.records, key=lambda record: record[0]):
        logging.getLogger(data["name"]).handle(logging.makeLogRecord(data))
    for file in doc_files:
        _, present, links = run.anchors[file.src_uri]
        file.page.present_anchor_ids = present
        file.page.links_to_anchors = {files.get_file_from_path(to): found for to, found in links.items()}
    log_level = config.validation.links.anchors
    for file in doc_files:
        file.page.validate_anchor_links(files=files, log_level=log_level)


def _write_data_files_apart(plugin: BriefingPlugin, files) -> None:
    """The briefing's data files, rendered and written by a forked copy of this process.

    briefing.json holds the whole briefing as one document (tens of megabytes of objects and text at 1000
    sources, hundreds at 5000); memory a process rarely gives back. The copy gives it back when it ends, so
    this process is no larger than it was when Pagefind makes its index, the build's peak.
    """
    from builder.model import workers

    if not workers.available():
        _write_data_files(plugin, files)
        return

    def task(channel) -> None:
        try:
            _write_data_files(plugin, files)
        except Problems as problems:
            channel.send(("errors", list(problems.errors)))

    worker = workers.Worker(task)
    try:
        message = worker.next()
        worker.wait()
    finally:
        worker.kill()
    if message is None and worker.status == 0:
        return
    if message is not None and message[0] == "errors":
        raise Problems(message[1])
    if message is not None and message[0] == "failed":
        raise _ChildFailed(*message[1:])
    raise RuntimeError("the process writing the data files failed without saying why")


def _write_data_files(plugin: BriefingPlugin, files) -> None:
    from mkdocs.structure.files import InclusionLevel

    assert plugin.prepared is not None  # on_config prepared the briefing (or raised)
    data_pages = [page for page in plugin.prepared.pages if not page.is_markdown]
    for src_uri, text in plugin.prepared.renderer.render_all(data_pages).items():
        file = files.get_file_from_path(src_uri)
        file.content_string = text
        if InclusionLevel.is_included(file.inclusion):
            file.copy_file(False)
        file.content_string = ""


def _fail(exc: Exception, config, plugin: BriefingPlugin) -> None:
    """Tell the plugins the build failed and raise what MkDocs' own build would have raised."""
    from mkdocs.exceptions import Abort

    if isinstance(exc, Problems):  # template errors, found while the processes rendered their pages
        for problem in exc.errors:
            log.error(str(problem))
        plugin.failure = BriefingError(exc)
        config.plugins.on_build_error(error=plugin.failure)
        raise plugin.failure from None
    error: Exception = exc
    if isinstance(exc, search.SearchIndexError):
        error = PluginError(str(exc))
    elif isinstance(exc, _ChildFailed):
        if exc.kind == "BuildError":
            error = BuildError(exc.message)
        elif exc.kind in ("PluginError", "BriefingError", "ConfigurationError"):
            error = PluginError(exc.message)
        else:
            error = RuntimeError(f"a build process failed: {exc.kind}: {exc.message}\n{exc.trace}")
    config.plugins.on_build_error(error=error)
    if isinstance(error, BuildError):
        log.error(str(error))
        raise Abort("Aborted with a BuildError!") from None
    if error is not exc:
        raise error from None
