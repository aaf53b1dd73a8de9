"""The preview's search: a small index of the pages rebuilt since the whole index was written.

Pagefind cannot update or remove a page in an index it has written: keeping the whole index up to date
after a save means indexing every page again (seconds of CPU at a thousand sources). `briefing serve`
instead leaves site/pagefind/ as the last whole index wrote it and indexes again only the pages rebuilt
since, into a second index (the delta) in site/pagefind-preview/:

    pagefind-preview/current.json    {"bundle": "b.../", "pages": [their addresses], "stale": [ids]}
    pagefind-preview/b.../           the delta's Pagefind files

`stale` names the whole index's entries of those pages (Pagefind's page ids, the names of their
fragments), which the delta's entries replace: the preview's pages (main.html, only while serving) have
assets/search.js merge the delta into the search and drop those entries from the results, before counting
them. Each page handed to the delta carries a `bf_fresh` meta, so its entries can be told apart.

A delta is written into a new folder, then current.json is replaced at once: a page reads either the
last delta or the new one, whole. The folder before the last is removed (a page opened before the last
save may still be reading the last one).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from builder.publish import search

FOLDER = "pagefind-preview"
CURRENT = "current.json"
ADDRESS = f"{FOLDER}/{CURRENT}"
"""Where a preview's page finds the delta (from the site's root)."""

FRESH = '<div hidden data-pagefind-meta="bf_fresh:1"></div>'
"""Put inside each page's indexed part as it is handed to the delta's index (the file stays as it is)."""

_BODY = re.compile(r"<[a-zA-Z][^>]*\sdata-pagefind-body(?=[\s=/>])[^>]*>")
_URL = re.compile(rb'^pagefind_dcd\{"url":("(?:[^"\\]|\\.)*")')


def mark_fresh(html: str) -> str:
    """The page with the fresh meta just inside its element marked data-pagefind-body (if it has one)."""
    match = _BODY.search(html)
    if match is None:
        return html
    return html[:match.end()] + FRESH + html[match.end():]


def page_url(path: str) -> str:
    """The address Pagefind gives a page file of the site: 'sources/x/index.html' is '/sources/x/'."""
    url = "/" + path
    return url.removesuffix("index.html") if url.endswith("/index.html") else url


def _fragment_url(file: Path) -> str | None:
    """The address a fragment of a written index is for (only the start of the file is decompressed)."""
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(file.read_bytes(), 4096)
    except (OSError, zlib.error):
        return None
    match = _URL.match(head)
    if match is None:
        return None
    try:
        url = json.loads(match.group(1))
    except ValueError:
        return None
    return url if isinstance(url, str) else None


class WholeIndexIds:
    """The whole index's page ids by page address, read from its fragments once for each index written."""

    def __init__(self) -> None:
        self._key: bytes | None = None
        self._ids: dict[str, list[str]] = {}

    def of(self, site_dir: str | Path, urls: Iterable[str]) -> list[str]:
        output = Path(site_dir) / search.OUTPUT
        parts = [output, *sorted(output.glob("part-*"))]  # search.SiteIndex's parts
        try:
            # Each part's entry names its index's hash: a new index, a new key.
            key = b"".join((part / "pagefind-entry.json").read_bytes() for part in parts)
        except OSError:
            return []
        if key != self._key:
            ids: dict[str, list[str]] = {}
            for file in sorted(file for part in parts for file in (part / "fragment").glob("*.pf_fragment")):
                url = _fragment_url(file)
                if url is not None:
                    ids.setdefault(url, []).append(file.name.removesuffix(".pf_fragment"))
            self._key, self._ids = key, ids
        return sorted({page_id for url in urls for page_id in self._ids.get(url, [])})


def write(indexer: search.Indexer, site_dir: str | Path, pages: Iterable[str], stale: list[str]) -> Path:
    """Write the delta `indexer` holds (the site's files `pages`), then name it in current.json; its folder."""
    folder = Path(site_dir) / FOLDER
    folder.mkdir(exist_ok=True)
    before = _current_bundle(folder)
    bundle = Path(tempfile.mkdtemp(prefix="b", dir=folder))
    try:
        indexer.write(bundle)
    except BaseException:
        shutil.rmtree(bundle, ignore_errors=True)
        raise
    listing = {"bundle": bundle.name + "/", "pages": sorted(page_url(page) for page in pages), "stale": stale}
    temporary = folder / f".{CURRENT}.{os.getpid()}"
    temporary.write_text(json.dumps(listing, indent=1) + "\n", encoding="utf-8")
    os.replace(temporary, folder / CURRENT)
    for old in folder.iterdir():
        if old.is_dir() and old.name not in (bundle.name, before):
            shutil.rmtree(old, ignore_errors=True)
    return bundle


def _current_bundle(folder: Path) -> str | None:
    bundle = (listed(folder.parent) or {}).get("bundle")
    return bundle.rstrip("/") if isinstance(bundle, str) else None


def listed(site_dir: str | Path) -> dict | None:
    """What current.json says (None when there is no delta)."""
    try:
        listing = json.loads((Path(site_dir) / FOLDER / CURRENT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return listing if isinstance(listing, dict) else None


def clear(site_dir: str | Path) -> None:
    """Remove the delta: the whole index has every page as it is."""
    shutil.rmtree(Path(site_dir) / FOLDER, ignore_errors=True)
