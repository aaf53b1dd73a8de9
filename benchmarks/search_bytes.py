"""The bytes a reader's browser downloads from opening the home page to its first search result.

Measured, not estimated: Debian's Chromium (driven by Playwright, as the browser tests drive it) opens
the site's home page from a local server that compresses text files with gzip as any static host does
(GitHub Pages, Netlify, an nginx with its defaults; Pagefind's own files are compressed already and
sent as they are), types a query into the search box and waits for the first result to show. The
figure is the sum of every response's size on the wire (headers and encoded body) finished by then,
each query in a fresh browser with an empty cache.

The queries are what a reader looks for: for claims spread evenly over the briefing's sources, the two
longest words of each claim's text. Their median and largest are reported.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import re
import statistics
import threading
from pathlib import Path

CHROMIUM = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-sync"]
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}
"""The files a static host compresses (Pagefind's .pf_* and .pagefind files are gzip already)."""
QUERIES = 12
TYPING_MS = 80
"""Between keystrokes: a fast typist (75 words a minute)."""


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def queries(project: Path, count: int = QUERIES) -> list[str]:
    """Two words of each of `count` claims spread evenly over the briefing's sources (the longest of each)."""
    from builder.model import load

    model = load.load(project)
    claims = [claim for source in model.sources.values() for claim in source.claims]
    step = max(1, len(claims) // count)
    found = []
    for claim in claims[::step][:count]:
        words = sorted(set(re.findall(r"[^\W\d_]{4,}", claim.text)), key=lambda w: (-len(w), w))
        if words:
            found.append(" ".join(words[:2]).lower())
    return found


def measure(site: Path, searches: list[str]) -> dict:
    """Bytes on the wire before the first result of each search: {'median', 'largest', 'each'}."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    each: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            try:
                for query in searches:
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    finished: list = []
                    page.on("requestfinished", lambda request, finished=finished: finished.append(request))
                    page.goto(root, wait_until="load")
                    page.locator("input.md-search__input").click()
                    page.keyboard.type(query, delay=TYPING_MS)
                    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=30000)
                    done = list(finished)
                    total = 0
                    for request in done:
                        sizes = request.sizes()
                        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    each[query] = total
                    context.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
    values = list(each.values())
    return {"median": int(statistics.median(values)), "largest": max(values), "each": each}


if __name__ == "__main__":
    import json
    import sys

    project = Path(sys.argv[1]).resolve()
    print(json.dumps(measure(project / "site", queries(project)), indent=1))
