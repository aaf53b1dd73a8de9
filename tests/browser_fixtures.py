"""The browser the reader tests drive, and the site they read: a pytest plugin (tests/conftest.py loads it).

Debian's Chromium, driven by Playwright, over http on 127.0.0.1; every request to another host is
refused and recorded. Without /usr/bin/chromium the tests that use `browser` skip, saying how to install
it, unless BRIEFING_REQUIRE_BROWSER=1 (CI sets it), which makes a missing browser a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from support import REPO

CHROMIUM = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")  # Debian's; never a downloaded build
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-sync"]
ARTIFACTS = REPO / "test-artifacts"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def browser_missing(reason: str):
    message = (f"{reason}. Install Debian's Chromium with `apt-get update && apt-get install -y chromium` "
               f"(and `pip install -e '.[test]'` for Playwright); never `playwright install`.")
    if os.environ.get("BRIEFING_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " BRIEFING_REQUIRE_BROWSER=1 is set, so this is a failure.", pytrace=False)
    pytest.skip(message)


# -- the site and its servers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(any_site) -> dict:
    """The built site folder and what to look for in it."""
    return {"kind": any_site.kind, "dir": any_site.dir, "terms": any_site.terms, "pages": page_types(any_site.dir)}


def page_types(folder: Path) -> dict[str, str]:
    """One address per kind of page, found in the built site (so the test follows the site, not a list)."""
    def first(section: str) -> str:
        pages = sorted(p.parent.name for p in (folder / section).glob("*/index.html"))
        assert pages, f"the site has no page under {section}/"
        return f"{section}/{pages[0]}/"

    types = {"home": "", "theme": theme_with_citations(folder), "source": first("sources"),
             "sources": "sources/", "entity": first("entities"), "entities": "entities/", "404": "404.html"}
    for child in sorted(folder.iterdir()):
        if child.is_dir() and (child / "index.html").exists() and child.name not in ("themes", "sources", "entities"):
            types[child.name] = f"{child.name}/"
    return types


def built_for(folder: Path, path: str) -> bool:
    """Whether the site was built with a site_url whose path is `path`."""
    return f'href="{path}assets/' in (folder / "404.html").read_text(encoding="utf-8")


def theme_with_citations(folder: Path) -> str:
    for page in sorted((folder / "themes").glob("*/index.html")):
        if 'class="bf-cite"' in page.read_text(encoding="utf-8"):
            return f"themes/{page.parent.name}/"
    raise AssertionError("no theme page carries a citation")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def serve_folder(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="module")
def bases(site, tmp_path_factory):
    """Base URLs of the same site served at a server's root and under /briefing/."""
    parent = tmp_path_factory.mktemp("subpath")
    shutil.copytree(site["dir"], parent / "briefing")
    root_server, sub_server = serve_folder(site["dir"]), serve_folder(parent)
    yield {"root": f"http://127.0.0.1:{root_server.server_port}/",
           "sub": f"http://127.0.0.1:{sub_server.server_port}/briefing/"}
    for server in (root_server, sub_server):
        server.shutdown()
        server.server_close()


# -- the browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser_available():
    """Say at once when there is no browser, before any site is built."""
    if not Path(CHROMIUM).exists():
        browser_missing(f"{CHROMIUM} is missing")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        browser_missing("the Python package playwright is not installed")


@pytest.fixture(scope="module")
def browser(browser_available):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield chromium
        chromium.close()


class Watch:
    """Everything that went wrong while a page was open: console errors, failed or outside requests."""

    def __init__(self):
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.outside: list[str] = []

    def attach(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: self.console_errors.append(f"uncaught: {exc}"))
        # ERR_ABORTED is a fetch cut short by leaving the page (Material's search worker, its sitemap
        # preload): not a failure. A missing file shows as an HTTP status below.
        page.on("requestfailed", lambda req: req.url not in self.outside and req.failure != "net::ERR_ABORTED"
                and self.failed.append(f"{req.url}: {req.failure}"))
        page.on("response", lambda resp: resp.status >= 400 and self.failed.append(f"{resp.url}: HTTP {resp.status}"))

    def problems(self) -> list[str]:
        return ([f"console: {e}" for e in self.console_errors] + [f"failed: {f}" for f in self.failed]
                + [f"left 127.0.0.1: {o}" for o in self.outside])


@pytest.fixture
def open_context(browser):
    """Open a browser context in which every request to a host other than 127.0.0.1 is refused and recorded."""
    contexts = []

    def open_(watch: Watch | None = None, **options):
        context = browser.new_context(**options)
        watch = watch or Watch()

        def route(route_):
            url = route_.request.url
            if urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).hostname != "127.0.0.1":
                watch.outside.append(url)
                route_.abort()
            else:
                route_.continue_()

        context.route("**/*", route)
        context.on("page", watch.attach)
        contexts.append(context)
        return context, watch

    yield open_
    for context in contexts:
        context.close()


def goto(page, url: str):
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: {response.status if response else 'no response'}"
    return response
