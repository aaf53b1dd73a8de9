"""`briefing pdf`: the whole briefing (/print/) printed to PDF by Chromium, driven by Playwright.

The page is served from the built site on 127.0.0.1 and printed with its own
print style: A4, each part on a new page, charts and tables kept whole, and on
every page a footer with the briefing's title, its as-of date, the live site's
address (site_url) and the page number, drawn by CSS @page margin boxes
(Chromium 131 and later). No request leaves the machine.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM_ENV = "BRIEFING_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
LAUNCH_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-sync"]
INSTALL = ("install Chromium (Debian or Ubuntu: `apt-get install chromium`; elsewhere Chrome or Chromium from "
           f"your system's packages), or set {CHROMIUM_ENV} to the browser's path")


class PdfError(RuntimeError):
    """Printing is not possible here: the message says why and what to install."""


def find_chromium() -> Path:
    """The Chromium to print with: $BRIEFING_CHROMIUM, else the first Chromium or Chrome on PATH."""
    chosen = os.environ.get(CHROMIUM_ENV)
    if chosen:
        if not Path(chosen).is_file():
            raise PdfError(f"{CHROMIUM_ENV} is set to {chosen}, which does not exist: {INSTALL}")
        return Path(chosen)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise PdfError(f"`briefing pdf` prints with Chromium, and none was found: {INSTALL}")


def _playwright():
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise PdfError("`briefing pdf` drives Chromium with Playwright, which is not installed: "
                       "run `pip install 'briefing-builder[pdf]'` (or `pip install playwright`; "
                       "never `playwright install`: it uses the Chromium already here)") from None
    return sync_playwright, Error


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def print_site(site_dir: Path, page_url: str, output: Path, chromium: Path | None = None) -> int:
    """Print one page of a built site to `output`; the number of pages printed."""
    chromium = chromium or find_chromium()
    sync_playwright, PlaywrightError = _playwright()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    args = LAUNCH_ARGS + (["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])
    try:
        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(executable_path=str(chromium), args=args, headless=True)
            except PlaywrightError as exc:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else "no reason given"
                raise PdfError(f"Chromium at {chromium} did not start ({first}): {INSTALL}") from None
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.continue_()
                           if urlparse(route.request.url).hostname in ("127.0.0.1", None) else route.abort())
                page.goto(f"http://127.0.0.1:{server.server_port}/{page_url}", wait_until="load")
                page.emulate_media(media="print")
                pdf = page.pdf(prefer_css_page_size=True, print_background=True)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(pdf)
    return page_count(pdf)


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has, from its page tree (Chromium writes it uncompressed)."""
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)]
    return max(counts) if counts else len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
