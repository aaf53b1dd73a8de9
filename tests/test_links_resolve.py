"""Every link of the built site leads somewhere, with directory URLs (`themes/x/`) and without (`themes/x.html`).

A small briefing with every kind of link (citations, references, backlinks,
entity links, the navigation, the feed and briefing.json addresses, and links
written in content to pages of the site) is built both ways, by `briefing
build` and by `mkdocs build --strict`. A link checker then follows every
relative href and src of every HTML page to a file of the site, and every
#fragment to an element with that id on the page it leads to.
"""

from __future__ import annotations

import json
import os
import posixpath
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from builder.model import urls
from conftest import REPO, Project, make_project
from showcase import FILES as SHOWCASE, SECOND_ARTICLE

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

# Links written in content to pages of the site, from the site root, in every kind of text that may carry one.
CONTENT_LINKS = [
    ("content/themes/bridge.yaml", "@example-talks#berg-two-years].\nconfidence:",
     "@example-talks#berg-two-years]; [the workforce figures](discrepancies/#discrepancy-workers) differ.\n"
     "confidence:"),
    ("content/themes/bridge.yaml", "and Zenda is named again here.",
     "and Zenda is named again here. See [the costs](themes/costs/), [the town](entities/zenda/) and\n"
     "      [the critics' figure](sources/harbour-deal/#claim-critics-12000)."),
    ("content/themes/bridge.yaml", "- Whether work starts [@example-talks#berg-two-years].",
     "- Whether work starts [@example-talks#berg-two-years], after [the talks](timeline/#event-talks)."),
    ("content/timeline.yaml", "    text: Ministers meet in Zenda [@example-talks#bridge-agreed].",
     "    id: talks\n"
     "    text: Ministers meet in Zenda [@example-talks#bridge-agreed]; see [the sourcing](sourcing/)."),
    ("content/discrepancies.yaml", "at different times [@harbour-deal#ministry-7500].",
     "at different times [@harbour-deal#ministry-7500] ([all sources](sources/), [the entities](entities/))."),
    ("content/sources/harbour-deal.yaml", "critics give a higher figure still [@harbour-deal#critics-12000].",
     "critics give a higher figure still [@harbour-deal#critics-12000]; compare\n"
     "  [the key judgement](index.html#judgement-bridge-planned) and [the themes](themes/)."),
]


def make_linked_project(root: Path, directory_urls: bool) -> Project:
    """The showcase briefing with content links to pages of the site, built with or without directory URLs."""
    project = make_project(root, lock=False)
    project.write("archive/second.txt", SECOND_ARTICLE)
    for relpath, text in SHOWCASE.items():
        project.write(relpath, text)
    for relpath, old, new in CONTENT_LINKS:
        text = project.read(relpath)
        assert text.count(old) == 1, f"{relpath}: {old!r} is not there once"
        project.write(relpath, text.replace(old, new), dedent=False)
    config = project.read("mkdocs.yml")
    assert config.count("use_directory_urls: true") == 1
    setting = f"use_directory_urls: {'true' if directory_urls else 'false'}"
    project.write("mkdocs.yml", config.replace("use_directory_urls: true", setting), dedent=False)
    result = project.briefing("lock")
    assert result.returncode == 0, result.stderr
    return project


SETTINGS = [pytest.param(True, id="directory-urls"), pytest.param(False, id="html-urls")]


@pytest.fixture(scope="module", params=SETTINGS)
def linked(request, tmp_path_factory) -> tuple[Project, bool]:
    """The project, built into site/ by `briefing build`."""
    directory_urls = request.param
    project = make_linked_project(tmp_path_factory.mktemp("links") / "proj", directory_urls)
    result = project.briefing("build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, directory_urls


def page_path(site: Path, target: str) -> Path:
    """The file a path inside the site serves: a folder serves its index.html."""
    path = site / target
    return path / "index.html" if path.is_dir() else path


class LinkChecker:
    def __init__(self, site: Path):
        self.site = site
        self._ids: dict[Path, set[str]] = {}

    def ids(self, page: Path) -> set[str]:
        if page not in self._ids:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            self._ids[page] = {tag["id"] for tag in soup.find_all(id=True)}
        return self._ids[page]

    def problem(self, from_path: str, address: str, root_relative: bool = False) -> str:
        """'' when `address`, written in the file `from_path` of the site, leads to a file (and anchor) of it."""
        parts = urlsplit(address)
        if parts.scheme or address.startswith("//"):
            return ""  # another site: not ours to check
        path = unquote(parts.path)
        if path.startswith("/") and not root_relative:
            return "an absolute path breaks when the site is served under a sub-path"
        if path:
            start = "" if root_relative else posixpath.dirname(from_path)
            target = posixpath.normpath(posixpath.join(start, path.lstrip("/")))
            if target == ".." or target.startswith("../"):
                return "leads out of the site"
            page = page_path(self.site, "" if target == "." else target)
            if not page.is_file():
                return f"no file {page.relative_to(self.site)}"
        else:
            page = self.site / from_path
        if parts.fragment and page.suffix == ".html" and unquote(parts.fragment) not in self.ids(page):
            return f"no element with id '{unquote(parts.fragment)}' in {page.relative_to(self.site)}"
        return ""

    def html_links(self) -> tuple[list[str], int]:
        """Broken links of every HTML page as 'page: address: why', and how many links were followed."""
        broken, followed = [], 0
        for page in sorted(self.site.rglob("*.html")):
            from_path = page.relative_to(self.site).as_posix()
            # MkDocs writes 404.html with addresses from the root: the server shows it at any address.
            root_relative = from_path == "404.html"
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            for tag in soup.find_all(True):
                for attribute in ("href", "src"):
                    address = tag.get(attribute)
                    if address is None:
                        continue
                    followed += 1
                    why = self.problem(from_path, address, root_relative)
                    if why:
                        broken.append(f"{from_path}: <{tag.name} {attribute}={address!r}>: {why}")
        return broken, followed


def check_site(site: Path) -> None:
    broken, followed = LinkChecker(site).html_links()
    assert broken == [], "\n".join(broken)
    assert followed > 500  # the checker really walked the site


def test_every_link_and_anchor_of_the_built_site_exists(linked):
    project, _ = linked
    check_site(project.root / "site")


def test_feed_and_briefing_json_addresses_lead_to_pages(linked):
    project, directory_urls = linked
    site = project.root / "site"
    checker = LinkChecker(site)
    feed = ElementTree.parse(site / "feed.xml").getroot()
    addresses = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))

    def on_site(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "url_on_site":
                    addresses.append(inner)
                else:
                    on_site(inner)
        elif isinstance(value, list):
            for inner in value:
                on_site(inner)

    on_site(data)
    addresses += [address for cited_in in data["citations"].values() for address in cited_in]
    assert len(addresses) > 30
    broken = [f"{address}: {why}" for address in addresses if (why := checker.problem("feed.xml", address))]
    assert broken == []
    assert any(a.endswith(".html") for a in addresses) is not directory_urls


def test_mkdocs_build_strict_passes_and_its_links_work_too(linked, tmp_path):
    project, _ = linked
    out = tmp_path / "mkdocs-site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=project.root,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    check_site(out)


@pytest.mark.parametrize("page", [urls.THEME, urls.THEMES])
def test_a_content_link_works_on_every_page_that_shows_its_text(linked, page):
    """A theme's bottom line is on the theme page and on the themes index: its link must work on both."""
    project, directory_urls = linked
    address = urls.Addresses(directory_urls)
    url = address.page(page, "bridge" if page == urls.THEME else None)
    site = project.root / "site"
    html = page_path(site, url)
    (link,) = [a for a in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find_all("a")
               if a.get_text() == "the workforce figures"]
    expected = urls.relative(url, address.url(urls.Target(urls.DISCREPANCIES, anchor="discrepancy-workers")))
    assert link["href"] == expected
    assert LinkChecker(site).problem(html.relative_to(site).as_posix(), link["href"]) == ""


def test_relative_addresses_between_pages_without_directory_urls():
    """A page at the root (timeline.html) is in the site's root folder, not in '/' of the disk."""
    assert urls.relative("timeline.html", "discrepancies.html#discrepancy-x") == "discrepancies.html#discrepancy-x"
    assert urls.relative("timeline.html", "sources/a.html#claim-b") == "sources/a.html#claim-b"
    assert urls.relative("index.html", "index.html#judgement-a") == "#judgement-a"
    assert urls.relative("themes/a.html", "index.html#judgement-a") == "../index.html#judgement-a"
    assert urls.relative("themes/index.html", "themes/a.html") == "a.html"
    assert urls.relative("sources/a.html", "sources/a.html#claim-b") == "#claim-b"


def test_the_link_checker_finds_a_missing_page_a_missing_anchor_and_an_absolute_path(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2>', encoding="utf-8")
    (tmp_path / "b.html").write_text(
        '<a href="a/#here"></a><a href="a/#there"></a><a href="c/"></a><a href="/a/"></a><a href="../x"></a>'
        '<a href="#top"></a><a href="https://example.org/x"></a><img src="a/index.html">', encoding="utf-8")
    broken, followed = LinkChecker(tmp_path).html_links()
    assert followed == 8
    assert broken == [
        "b.html: <a href='a/#there'>: no element with id 'there' in a/index.html",
        "b.html: <a href='c/'>: no file c",
        "b.html: <a href='/a/'>: an absolute path breaks when the site is served under a sub-path",
        "b.html: <a href='../x'>: leads out of the site",
        "b.html: <a href='#top'>: no element with id 'top' in b.html",
    ]
