"""Search: Pagefind indexes the built site (site/pagefind/).

Pagefind runs as a service (`pagefind --service`, the interface its Node and
Python wrappers use): each HTML page is handed to it, then it hands back its index, written
into the folder being built (for `briefing build` that is the temporary
folder, before it replaces site/), so a failed index leaves the previous site
as it was. Pagefind splits its index into small chunks that a browser fetches
per query, so a first search downloads a few hundred kilobytes, never one
index of the whole site's text.

Pages are always handed over in one order, by their path in the site: the
index depends on that order (its page numbers), so the same site gives the
same index however it was built. Pagefind's own command line walks the folder
in the order the file system lists it, which differs between file systems and
with the order the files were written. `briefing build` hands each page over
as soon as it is written, so Pagefind reads pages while the rest are built;
a plain `mkdocs build` indexes the written site at the end (`index`). Both
give the same bytes.

A large site's index is written in parts (SiteIndex, PART_PAGES pages each), each by a Pagefind process
of its own that exits once its part is written: Pagefind holds every page it reads until it writes, so one
index of ten thousand pages would need gigabytes. The first part is site/pagefind/ itself, the others
site/pagefind/part-N/, all named in site/pagefind/parts.json; the browser merges them into one search
(assets/search.js).

The binary comes inside the `pagefind[bin]` wheel, installed with the
project: nothing is downloaded at build time.

The index is made in the briefing's language (the theme's `language`, Pagefind's
`force_language`): words are stemmed as that language stems them ('Quellen' finds
'Quelle'), and a search for Arabic words matches Arabic text. Pagefind would detect
it from each page's `<html lang>` as well; saying it once keeps the whole site one
index, whatever a page declares.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import NoReturn

OUTPUT = "pagefind"
# Heading permalinks (¶), citation numbers ([3]) and the page's print-only footer are not words a reader
# searches for.
IGNORED = (".headerlink", ".bf-cites", ".bf-print-only")
BODY = "data-pagefind-body"
"""The attribute of the element Pagefind indexes (templates/overrides/main.html); pages without it are left out."""
HELD_AT_MOST = 20
PART_PAGES = 2500
"""The pages one Pagefind process indexes at most. Pagefind holds what it reads of every page until it writes
its index, and about three times as much while writing it: one index of a 5000-source briefing's 6,259 pages
peaks at 1.6 GB, three parts of 2,087 at 488, 703 and 411 MB. Each part adds its own small files to a search's
download (in Chromium at 5000 sources, the median search before its first result: 379 KB with one index, 476 KB
with three parts, 505 KB with four): fewer, larger parts cost memory, more, smaller ones a slower first search."""
PARTS = "parts.json"
"""In site/pagefind/: the folders of the index's other parts, which the browser merges into its search."""
_BODY_TAG = re.compile(r"<body(?:\s[^>]*)?>")
_BODY_ELEMENT = re.compile(r"<[a-zA-Z][^>]*\s" + BODY + r"(?=[\s=/>])")


def without_chrome(html: str) -> str:
    """The page as Pagefind needs it when it marks its body: the page's head, then its body from the element
    marked BODY on (the header, tabs and navigation before it are half a page's bytes, all read for nothing).
    The page as it is if anything before that element is for Pagefind (a meta or filter attribute)."""
    start = _BODY_TAG.search(html)
    element = _BODY_ELEMENT.search(html, start.end()) if start else None
    if start is None or element is None or "data-pagefind-" in html[start.end():element.start()]:
        return html
    return html[:start.end()] + html[element.start():]



class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed: the message says which, and how to fix it."""


def executable() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError("the search indexer is not installed: run `pip install 'pagefind[bin]'` "
                               "(or reinstall the project: `pip install -e .`)") from None
    try:
        return get_executable()
    except FileNotFoundError as exc:
        raise SearchIndexError(f"the pagefind_bin package has no binary ({exc}); reinstall it with "
                               "`pip install --force-reinstall 'pagefind[bin]'`") from None


def html_files(site_dir: str | Path) -> list[str]:
    """Every HTML page of a written site, as paths inside it, in the order Pagefind is given them."""
    site = Path(site_dir)
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                  if path.is_file() and path.relative_to(site).parts[0] != OUTPUT)


class Indexer:
    """One Pagefind index of one site, fed page by page: `add` each page, then `write`.

    Requests go to the service's standard input as they come; a thread reads its
    answers, so neither side waits on the other. Errors (Pagefind missing, exiting,
    or refusing a page) are raised by `write` as SearchIndexError.
    """

    def __init__(self, site_dir: str | Path, language: str = "", bodies: bool | None = None):
        """`bodies`: whether the site's pages mark their bodies, when the caller knows (an index of a few of
        its pages, which may all be pages without one); None: the pages added show it."""
        self.site = Path(site_dir)
        self.added: list[str] = []
        self._held: list[tuple[str, str]] = []  # the first pages, without BODY, until one has it
        self._bodies = bodies
        self._sent = 0
        self._answers: dict[int, dict] = {}
        self._lock = threading.Condition()
        self._eof = False
        self._stderr = tempfile.TemporaryFile()
        command = [str(executable()), "--service"]
        # The service reads one page at a time: one worker thread does it with less CPU than a pool
        # contending for the cores the build is using (the index is the same).
        env = {**os.environ, "TOKIO_WORKER_THREADS": os.environ.get("TOKIO_WORKER_THREADS", "1")}
        try:
            self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=self._stderr, cwd=self.site, env=env)
        except OSError as exc:
            self._stderr.close()
            raise SearchIndexError(f"pagefind could not be started ({exc})") from None
        self._reader = threading.Thread(target=self._read, name="pagefind-answers", daemon=True)
        self._reader.start()
        self._index_id: int | None = None
        config: dict = {"exclude_selectors": list(IGNORED)}
        if language:
            config["force_language"] = pagefind_language(language)
        self._new_index = self._send({"type": "NewIndex", "config": config})

    # -- the protocol: base64 of a JSON message, then a comma, each way ---------------------------------
    def _send(self, payload: dict) -> int:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        assert self._process.stdin is not None  # opened with PIPE
        try:
            self._process.stdin.write(base64.b64encode(message) + b",")
            self._process.stdin.flush()  # the service starts on a page at once, while the next is built
        except (BrokenPipeError, OSError):
            pass  # the process has gone; `write` reports why
        return self._sent

    def _read(self) -> None:
        stream = self._process.stdout
        assert isinstance(stream, io.BufferedReader)  # opened with PIPE, buffered
        pending: list[bytes] = []  # the parts of a message not yet ended by its comma (the files' can be megabytes)
        while True:
            chunk = stream.read1(1 << 16)
            if not chunk:
                break
            if b"," not in chunk:
                pending.append(chunk)
                continue
            first, *messages = chunk.split(b",")
            pending.append(first)
            whole, pending = [b"".join(pending), *messages[:-1]], [messages[-1]]
            for message in whole:
                try:
                    answer = json.loads(base64.b64decode(message))
                except ValueError:
                    continue  # not a message of the protocol (a stray line of output)
                with self._lock:
                    self._answers[answer.get("message_id") or 0] = answer.get("payload") or {}
                    self._lock.notify_all()
        with self._lock:
            self._eof = True
            self._lock.notify_all()

    def _answer(self, message_id: int) -> dict:
        with self._lock:
            while message_id not in self._answers and not self._eof:
                self._lock.wait()
            return self._answers.get(message_id) or {}

    def _index(self) -> int:
        """The id of the index the service made (waiting for its answer the first time)."""
        if self._index_id is None:
            self._index_id = self._answer(self._new_index).get("index_id")
            if self._index_id is None:
                self._fail()
        return self._index_id

    # -- indexing ------------------------------------------------------------------------------------------
    def add(self, path: str, html: str) -> None:
        """Index one page: `path` is its file inside the site ('sources/x/index.html')."""
        # Once a page marks its body, Pagefind leaves out every page that does not (the whole-briefing print
        # page: megabytes to read for nothing). Such pages are held back until a page shows whether the site
        # marks bodies; handed over, in order, if none of the first HELD_AT_MOST does.
        if self._bodies is None:
            if BODY not in html and len(self._held) < HELD_AT_MOST:
                self._held.append((path, html))
                return
            self._bodies = BODY in html
            if not self._bodies:
                for held in self._held:
                    self._add(*held)
            self._held = []
        if self._bodies and BODY not in html:
            return
        self._add(path, html)

    def _add(self, path: str, html: str) -> None:
        index_id = self._index()
        self.added.append(path)
        if self._bodies:
            html = without_chrome(html)
        self._send({"type": "AddFile", "index_id": index_id, "file_path": path, "file_contents": html})

    def add_file(self, path: str) -> None:
        self.add(path, (self.site / path).read_text(encoding="utf-8"))

    def write(self, output: Path | None = None) -> None:
        """Write the index into site/pagefind/ (or `output`) once every page added is indexed; raise
        SearchIndexError if not.

        Pagefind hands the files over (GetFiles) and this process writes them: its own WriteFiles
        answers before its writes reach the disk, and a file could be cut short when it exits.
        """
        for held in self._held:  # no page marked its body: Pagefind indexes every page
            self._add(*held)
        self._held = []
        asked = self._send({"type": "GetFiles", "index_id": self._index()})
        answer = self._answer(asked)
        with self._lock:
            failed = [a for a in self._answers.values() if a.get("type") == "Error"]
            self._answers.clear()  # the index's files (megabytes): kept no longer than `answer` is
        if answer.get("type") != "GetFiles" or failed:
            self._fail(failed[0].get("message", "") if failed else "")
        self.close()
        output = output or self.site / OUTPUT
        for file in answer.get("files") or []:
            path = output / file["path"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(file["content"]))
        if not (output / "pagefind.js").is_file():
            raise SearchIndexError(f"pagefind wrote no pagefind.js into {output}")

    def _fail(self, detail: str = "") -> NoReturn:
        code = self.close()
        self._stderr.seek(0)
        detail = (detail or self._stderr.read().decode("utf-8", "replace")).strip()
        raise SearchIndexError(f"pagefind failed to index {self.site} (exit {code}): {detail}")

    def close(self) -> int | None:
        """Stop the service (at once if the index was not written); its exit status."""
        if self._process.poll() is None:
            assert self._process.stdin is not None  # opened with PIPE
            try:
                self._process.stdin.close()
            except (BrokenPipeError, OSError):
                pass
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._reader.join(timeout=30)
        return self._process.returncode

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, *exc) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self.close()
        self._stderr.close()


class SiteIndex:
    """A site's whole search index, written in parts of at most `part_pages` pages: `add` every page in the
    site's order (html_files), then `write`.

    Each part is one Indexer (one Pagefind process). Once it has its pages, it is written in a thread, so
    that the caller goes on with its own work, and its process exits; the next part's process is started
    when that write has ended (the first page added meanwhile waits for it): one Pagefind at a time.
    The same pages in the same order give the same parts, however the site was built.
    """

    def __init__(self, site_dir: str | Path, language: str = "", pages: int = 0, part_pages: int = 0,
                 output: Path | None = None):
        """`pages`: how many pages will be added at most, when known: the parts are then of one size (never
        a part of a few pages after full ones). `part_pages`: PART_PAGES unless given. `output`: the folder
        of the index, site/pagefind/ unless given."""
        self.site = Path(site_dir)
        self.output = output or self.site / OUTPUT
        self.language = language
        part_pages = part_pages or PART_PAGES
        parts = -(-pages // part_pages)
        self.part_pages = -(-pages // parts) if parts > 1 else part_pages
        self._bodies: bool | None = None
        self._open: Indexer | None = None
        self._parts: list[Path] = []  # each part's folder, the first is the output
        self._writing: list[threading.Thread] = []
        self._closed: list[Indexer] = []
        self._failures: list[SearchIndexError] = []
        self._stopped = False

    def _indexers(self) -> list[Indexer]:
        """Every part's Indexer so far, in order, the one still open last."""
        return [*self._closed, *([self._open] if self._open is not None else [])]

    @property
    def added(self) -> list[str]:
        """The pages handed to Pagefind so far, in order, over every part."""
        return [page for part in self._indexers() for page in part.added]

    def writing_a_part(self) -> bool:
        """Whether a part is being written: the next page added waits for it (a caller with other work may
        do that first)."""
        return any(thread.is_alive() for thread in self._writing)

    def add(self, path: str, html: str) -> None:
        if self._stopped:
            raise SearchIndexError(f"the index of {self.site} was stopped")
        if self._open is None:
            for thread in self._writing:  # one part in memory at a time: Pagefind's peak is while it writes
                thread.join()
            if self._failures:
                raise self._failures[0]
            self._open = self._new_part()
        self._open.add(path, html)
        if len(self._open.added) >= self.part_pages:
            self._write_open_part()

    def add_file(self, path: str) -> None:
        self.add(path, (self.site / path).read_text(encoding="utf-8"))

    def _new_part(self) -> Indexer:
        return Indexer(self.site, self.language, bodies=self._bodies)

    def _write_open_part(self) -> None:
        part, self._open = self._open, None
        assert part is not None  # called with a part open
        self._bodies = part._bodies  # known once a part has pages: the next parts are told, not held back
        folder = self.output / (f"part-{len(self._parts)}" if self._parts else "")
        self._parts.append(folder)
        self._closed.append(part)
        thread = threading.Thread(target=self._write_part, args=(part, folder), name="pagefind-part", daemon=True)
        self._writing.append(thread)
        thread.start()

    def _write_part(self, part: Indexer, folder: Path) -> None:
        try:
            part.write(folder)
        except SearchIndexError as exc:
            self._failures.append(exc)
        except Exception as exc:  # noqa: BLE001 - write() reports whatever ended the thread (ValueError: the
            # pipe closed, the index stopped)
            self._failures.append(SearchIndexError(f"pagefind's index of {self.site} was not written "
                                                   f"({type(exc).__name__}: {exc})"))

    def write(self) -> None:
        """Write the last part, wait for every part to be written, and list them in parts.json; raise
        SearchIndexError if any failed."""
        if self._open is None and not self._parts:  # an index of no page at all: one empty part
            self._open = self._new_part()
        if self._open is not None:  # the last part
            self._write_open_part()
        for thread in self._writing:
            thread.join()
        if self._failures:
            raise self._failures[0]
        others = [folder.name + "/" for folder in self._parts[1:]]
        listing = self.output / f".{PARTS}.{os.getpid()}"
        listing.write_text(json.dumps({"parts": others}) + "\n", encoding="utf-8")
        os.replace(listing, self.output / PARTS)  # a page reads the old list or the new one, whole
        for old in self.output.glob("part-*"):  # an index written before with more parts (the preview's)
            if old.is_dir() and old.name + "/" not in others:
                shutil.rmtree(old, ignore_errors=True)

    def close(self) -> None:
        """Stop every Pagefind process still running (at once if its part was not written)."""
        self._stopped = True
        for part in self._indexers():
            part.__exit__(None, None, None)
        for thread in self._writing:
            thread.join(timeout=30)

    def __enter__(self) -> SiteIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def put_in_place(site_dir: str | Path, written: Path) -> None:
    """Make the index written in `written` (beside the site's, all its parts) the site's index: a page reads
    the old index or the new one, not new parts beside old ones (the preview's whole index, written again)."""
    output = Path(site_dir) / OUTPUT
    old = output.with_name(f".{OUTPUT}-old")
    shutil.rmtree(old, ignore_errors=True)
    if output.exists():
        os.replace(output, old)
    os.replace(written, output)
    shutil.rmtree(old, ignore_errors=True)


def site_marks_bodies(site_dir: str | Path) -> bool | None:
    """Whether a built site's pages mark their bodies, as its home page does; None without a home page."""
    try:
        return BODY in (Path(site_dir) / "index.html").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def pagefind_language(language: str) -> str:
    """The ISO 639-1 code Pagefind takes for a language as Material names it: 'de' for 'de', 'pt' for 'pt-BR'."""
    return language.replace("_", "-").split("-")[0].lower()


def index(site_dir: str | Path, language: str = "") -> None:
    """Write Pagefind's index and script into site_dir/pagefind/, from every HTML page written there."""
    pages = html_files(site_dir)
    with SiteIndex(site_dir, language, pages=len(pages)) as indexer:
        for path in pages:
            indexer.add_file(path)
        indexer.write()
