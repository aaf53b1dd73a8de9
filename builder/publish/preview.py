"""`briefing serve`: a rebuild of the pages an edit touches, and a watcher that reacts to saves only.

MkDocs' preview rebuilds the whole site after every save. Preview takes the server's place as its
builder: when only content files that already exist changed (incremental.py), it reads again only those,
checks the whole briefing as a build does (verifying again only the quotes of the sources that changed),
and renders and writes only the pages that read something the save changed, as each page recorded while
it was rendered (pages/dependencies.py), with MkDocs' own page functions and the last build's files,
navigation and theme. Everything else rebuilds the whole site, and so does an edit that changes what
every page shows (the navigation, the site's name, the footer). Errors keep the last good site, and are
shown above every served page. Search is brought up to date in the background, after the pages are served:
only the pages rebuilt since the whole index are indexed again, on their own (search_delta.py).
"""

from __future__ import annotations

import gc
import logging
import shutil
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from builder.publish import incremental
from builder.publish import mkdocs_api
from builder.publish import search
from builder.publish import search_delta
from builder.pages.prepare import Prepared
from builder.model.diagnostics import Problems
from builder.model.words import count

log = logging.getLogger("mkdocs.plugins.briefing")

def watch_saves_only(server) -> None:
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

    class ChangesObserver(Observer):  # type: ignore[misc, valid-type]  # a variable: the platform's observer class
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
            return super().schedule(event_handler, path, recursive=recursive, follow_symlink=follow_symlink,
                                    event_filter=event_filter or changes)

    paths = dict(mkdocs_api.watched_paths(server))
    for path in list(paths):
        for _ in range(paths[path]):
            server.unwatch(path)
    server.observer = ChangesObserver()
    for path, times in paths.items():
        for _ in range(times):
            server.watch(path)


PROBLEMS_FILE = "briefing-preview-problems.txt"
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
    path = Path(site_dir) / PROBLEMS_FILE
    if lines:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


DELTA_MOST = 200
"""Above this many pages rebuilt since the whole index was written (or above a fifth of the site's pages),
the preview indexes the whole site again rather than those pages on their own."""
WHOLE_INDEX_WRITTEN = ".pagefind-written"
"""In the site: where the preview writes the whole index again, before it takes the place of site/pagefind/."""


class _Background:
    """Pagefind's index of the preview's site, brought up to date after a rebuild without holding the page up.

    The pages rebuilt since the whole index (site/pagefind/) was written are indexed on their own, into a
    small second index beside it (search_delta.py): a save costs the index of a few pages, not of the site.
    When they are many, the whole site is indexed again instead, and the second index goes.

    A new save stops an index being written at once: the thread checks `_stopped` before each page,
    and the Pagefind process is killed, so no save waits for the index of the one before. The pages of a
    stopped index stay listed, for the next one.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._indexer: search.SiteIndex | search.Indexer | None = None
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self._rebuilt: set[str] = set()  # the site's page files rebuilt since the whole index was written
        self._ids = search_delta.WholeIndexIds()

    def rebuilt(self, pages: Iterable[str]) -> None:
        """These page files (paths in the site) were written again: the whole index's entries are stale."""
        with self._lock:
            self._rebuilt.update(pages)

    def whole_index_written(self, site_dir: str) -> None:
        """A whole build has indexed every page as it is: no second index."""
        with self._lock:
            self._rebuilt.clear()
        search_delta.clear(site_dir)

    def start(self, site_dir: str, language: str = "", total: int = 0) -> None:
        """Index the pages rebuilt since the whole index on their own (of `total` pages in the site); the
        whole site when none are listed or they are too many."""
        self.stop()
        self._stopped = threading.Event()
        with self._lock:
            pages = frozenset(self._rebuilt)
        whole = not pages or len(pages) > DELTA_MOST or len(pages) * 5 > total
        self._thread = threading.Thread(target=self._run, args=(site_dir, self._stopped, language, pages, whole),
                                        name="briefing-search", daemon=True)
        self._thread.start()

    def _run(self, site_dir: str, stopped: threading.Event, language: str = "", pages: frozenset[str] = frozenset(),
             whole: bool = True) -> None:
        try:
            index: search.SiteIndex | search.Indexer
            files = search.html_files(site_dir) if whole else []  # the pages of the whole index, in its order
            if whole:
                # Written beside the index the pages use, then put in its place (search.put_in_place).
                shutil.rmtree(Path(site_dir) / WHOLE_INDEX_WRITTEN, ignore_errors=True)
                index = search.SiteIndex(site_dir, language, pages=len(files),
                                         output=Path(site_dir) / WHOLE_INDEX_WRITTEN)
            else:  # a few pages of a site that marks bodies may all be pages without one (the print page alone)
                index = search.Indexer(site_dir, language, bodies=search.site_marks_bodies(site_dir))
            with index as indexer:
                with self._lock:
                    if stopped.is_set():
                        return
                    self._indexer = indexer
                if isinstance(indexer, search.SiteIndex):
                    self._whole(indexer, files, site_dir, stopped, pages)
                else:
                    self._delta(indexer, site_dir, stopped, pages)
        except (search.SearchIndexError, OSError, ValueError) as exc:  # ValueError: its pipe closed by stop()
            if not stopped.is_set():
                log.info(f"briefing: the preview's search index was not refreshed: {exc}")
        finally:
            with self._lock:
                self._indexer = None

    def _whole(self, indexer: search.SiteIndex, files: list[str], site_dir: str, stopped: threading.Event,
               pages: frozenset[str]) -> None:
        for path in files:
            if stopped.is_set():
                return
            indexer.add_file(path)
        indexer.write()
        search.put_in_place(site_dir, indexer.output)
        with self._lock:
            self._rebuilt -= pages
            left = bool(self._rebuilt)
        if not left:
            search_delta.clear(site_dir)

    def _delta(self, indexer: search.Indexer, site_dir: str, stopped: threading.Event, pages: frozenset[str]) -> None:
        stale = self._ids.of(site_dir, (search_delta.page_url(path) for path in pages))
        for path in sorted(pages):
            if stopped.is_set():
                return
            try:
                html = (Path(site_dir) / path).read_text(encoding="utf-8")
            except FileNotFoundError:
                continue
            indexer.add(path, search_delta.mark_fresh(html))
        if stopped.is_set():
            return
        if indexer.added:
            search_delta.write(indexer, site_dir, pages, stale)
        else:  # only pages the search leaves out (the print page): the whole index answers alone
            search_delta.clear(site_dir)

    def stop(self) -> None:
        """Stop an index being written (a new rebuild writes the pages it reads)."""
        with self._lock:
            self._stopped.set()
            indexer, self._indexer = self._indexer, None
        if indexer is not None:
            indexer.__exit__(None, None, None)
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None


class _DataFiles:
    """The data files a rebuild changed (briefing.json, the feed), rendered and written once its pages are.

    They hold the whole briefing (a seventh of a save at 1000 sources) and no page shows them: the page the
    editor looks at need not wait for them. The next rebuild waits for them first, since they take the
    renderer. A template error among them is shown as a rebuild's problems are.
    """

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None

    def start(self, renderer, pages: list, files, site_dir: str) -> None:
        self.wait()
        if pages:
            self._thread = threading.Thread(target=self._write, args=(renderer, pages, files, site_dir),
                                            name="briefing-data-files", daemon=True)
            self._thread.start()

    @staticmethod
    def _write(renderer, pages: list, files, site_dir: str) -> None:
        # As for the rebuild (Preview.rebuild): briefing.json makes a great many objects, and each full
        # collection on the way would go through every object of both sites. Nothing else runs meanwhile.
        collecting = gc.isenabled()
        gc.disable()
        try:
            texts = renderer.render_all(pages)
        except Problems as problems:
            show_on_pages(site_dir, report_to_terminal(problems))
            return
        finally:
            if collecting:
                gc.enable()
        for page in pages:
            file = files.get_file_from_path(page.src_uri)
            file.content_string = texts[page.src_uri]
            file.copy_file(False)

    def wait(self) -> None:
        """Until the data files of the last rebuild are written."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None


class Preview:
    """The preview server's builder: the pages that read what an edit changed, or everything."""

    def __init__(self, plugin, full_build) -> None:
        self.plugin = plugin
        self.full_build = full_build
        self.search = _Background()
        self.data_files = _DataFiles()
        self._data: tuple = ()  # what the data files of the last rebuild are rendered with (_DataFiles.start)
        self.stages: dict[str, float] = {}
        self.written: list[str] = []  # the page files (paths in the site) the last rebuild wrote

    def __call__(self, *args, **kwargs):
        self.data_files.wait()
        self.search.stop()
        plugin = self.plugin
        if plugin.prepared is None or plugin._config is None or plugin._files is None:
            return self._full_build(*args, **kwargs)
        seen = incremental.snapshot(*plugin._watched(plugin._config))
        changed, added_or_removed = incremental.changed_files(plugin._seen, seen)
        items = None if added_or_removed or not changed else \
            incremental.content_items(plugin.prepared.model, changed)
        if not items:
            return self._full_build(*args, **kwargs)
        try:
            built = self.rebuild(items, seen)
        except Problems as problems:
            show_on_pages(plugin._config.site_dir, report_to_terminal(problems))
            return None
        if not built:
            return self._full_build(*args, **kwargs)
        show_on_pages(plugin._config.site_dir, [])
        self.search.rebuilt(self.written)
        self.search.start(plugin._config.site_dir, plugin.settings.language if plugin.settings else "",
                          total=len(plugin._files.documentation_pages()))
        return None

    def _full_build(self, *args, **kwargs):
        """MkDocs' whole build, which indexes every page (plugin.on_post_build): the delta goes."""
        result = self.full_build(*args, **kwargs)
        if self.plugin._config is not None:
            self.search.whole_index_written(self.plugin._config.site_dir)
        return result

    def rebuild(self, items: set[tuple[str, str]], seen: dict) -> bool:
        """Rebuild the pages these items' edit touches; False when everything must be rebuilt.

        Python's cyclic garbage collector waits until the pages are written: a rebuild makes a new site of
        many objects, and each full collection on the way would go through every object of the last one
        too (about a fifth of a save at 1000 sources). It collects as usual once the rebuild is over."""
        collecting = gc.isenabled()
        gc.disable()
        try:
            built = self._rebuild(items, seen)
        finally:
            if collecting:
                gc.enable()
        if built:
            self.data_files.start(*self._data)  # once the collector is back as it was (it is put aside there too)
        return built

    def _rebuild(self, items: set[tuple[str, str]], seen: dict) -> bool:
        from builder.checks import rules as checks

        plugin, config, files = self.plugin, self.plugin._config, self.plugin._files
        started = time.monotonic()
        old = plugin.prepared
        try:
            model = incremental.reload(old.model, items)
        except Problems:
            # An edited file that cannot be read: report everything a whole check finds, as a build does.
            checks.load_and_check(plugin.settings.project_dir, plugin.settings.content)
            raise
        edit = incremental.edited(old, model)
        if edit is None:
            return False
        chosen, checked = [page for page in edit.stale if page.is_markdown], edit.checked
        texts = incremental.render(old, edit, chosen)  # raises Problems on a template error: the last good site stays
        for diagnostic in checked.warnings:
            print(diagnostic, file=sys.stderr, flush=True)
        plugin.prepared = Prepared(edit.model, checked.verification, checked.warnings, edit.pages, {},
                                   old.renderer, edit.site)
        plugin._seen = seen
        doc_files = files.documentation_pages()
        self.written = []
        for page in chosen:
            file = files.get_file_from_path(page.src_uri)
            file.content_string = texts.pop(page.src_uri)
            if file.dest_uri.endswith(".html"):
                self.written.append(file.dest_uri)
            mkdocs_api.populate_page(file.page, config, files)
            mkdocs_api.build_page(file.page, config, doc_files, plugin._nav, plugin._env, False,
                                     excluded=file.inclusion.is_excluded())
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        data = [page for page in edit.stale if not page.is_markdown]
        self._data = (old.renderer, data, files, config.site_dir)
        self.stages = {"pages": len(chosen) + len(data), "seconds": time.monotonic() - started}
        log.info(f"briefing: rebuilt {count(len(chosen) + len(data), 'page')} of {len(edit.pages)} in "
                 f"{self.stages['seconds']:.2f} s")
        return True
