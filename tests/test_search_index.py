"""Search is Pagefind's index of the built site: article text only, built with the site or not at all."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.editor import cli
from builder.publish import search

SIGNATURE = b"pagefind_dcd"


def _indexed(site: Path) -> dict[str, dict]:
    docs = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        doc = json.loads(raw[len(SIGNATURE):])
        docs[doc["url"]] = doc
    return docs


def _build(project, capsys) -> tuple[int, str]:
    code = cli.main(["--project", str(project.root), "build"])
    return code, capsys.readouterr().err


def test_every_page_is_indexed_with_its_article_text_and_not_the_navigation(project, capsys):
    code, err = _build(project, capsys)
    assert code == 0, err
    site = project.root / "site"
    pages = {"/" + p.parent.relative_to(site).as_posix().removeprefix(".") + "/"
             for p in site.rglob("index.html") if "pagefind" not in p.parts}
    pages = {p.replace("//", "/") for p in pages}
    docs = _indexed(site)
    # The printable briefing repeats every other page: its parts are found on their own pages.
    assert set(docs) == pages - {"/print/"}
    talks = docs["/sources/example-talks/"]
    assert talks["meta"]["title"].startswith("Example Talks")
    # Words that are in the page's navigation but not in its article are not in the index.
    soup = BeautifulSoup((site / "sources/example-talks/index.html").read_text(encoding="utf-8"), "html.parser")
    article = " ".join(soup.select_one("article").get_text().split())
    nav_only = {" ".join(a.get_text().split()) for a in soup.select(".md-sidebar--primary a")} - {""}
    nav_only = {title for title in nav_only if title not in article}
    assert nav_only, "the navigation names nothing the article does not: the check below would be empty"
    assert [title for title in nav_only if title in talks["content"]] == []
    assert "Made with" not in talks["content"] and "¶" not in talks["content"]


def test_a_failed_index_fails_the_build_and_leaves_the_previous_site(project, capsys, monkeypatch):
    code, err = _build(project, capsys)
    assert code == 0, err
    site = project.root / "site"
    before = {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    project.write("content/themes/bridge.yaml", project.read("content/themes/bridge.yaml")
                  .replace("title: The bridge", "title: The new bridge"), dedent=False)
    monkeypatch.setattr(search, "executable", lambda: Path(sys.executable))  # exits 2 on pagefind's options
    code, err = _build(project, capsys)
    assert code == 1
    assert "pagefind failed to index" in err and "previous site/ is unchanged" in err, err
    assert {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()} == before
    assert [p.name for p in project.root.iterdir() if p.name.startswith(".site")] == []


def test_without_the_pagefind_package_the_error_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)  # as if not installed
    with pytest.raises(search.SearchIndexError, match=r"pip install 'pagefind\[bin\]'"):
        search.index(tmp_path)


def test_listings_that_repeat_other_pages_and_citation_numbers_are_not_indexed(project, capsys):
    """An entity's claims are found on their source pages; a citation's number ([1]) is not a word."""
    code, err = _build(project, capsys)
    assert code == 0, err
    site = project.root / "site"
    docs = _indexed(site)
    soup = BeautifulSoup((site / "entities/anna-berg/index.html").read_text(encoding="utf-8"), "html.parser")
    listed = " ".join(soup.select_one(".bf-entity-claims").get_text().split())
    assert listed and listed not in docs["/entities/anna-berg/"]["content"]
    assert "Anna Berg" in docs["/entities/anna-berg/"]["content"]
    theme = docs["/themes/bridge/"]["content"]
    assert "[1]" not in theme and "bridge" in theme.lower()


def _pages(site: Path, bodies: dict[str, bool]) -> Path:
    for name, marked in bodies.items():
        page = site / name / "index.html"
        page.parent.mkdir(parents=True)
        body = f"<main{' data-pagefind-body' if marked else ''}><h1>Page {name}</h1><p>words of {name}</p></main>"
        page.write_text(f"<html lang='en'><body><nav>menu</nav>{body}</body></html>", encoding="utf-8")
    return site


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_page_that_marks_no_body_is_not_handed_to_pagefind_and_the_index_is_the_same(tmp_path):
    # Pagefind itself leaves such a page out once any page marks its body: reading it is time for nothing.
    site = _pages(tmp_path / "site", {"a": True, "b": False, "c": True, "d": False})
    reference = tmp_path / "reference"
    reference.mkdir()
    with search.Indexer(reference, "en") as everything:
        for path in search.html_files(site):
            everything._add(path, (site / path).read_text(encoding="utf-8"))  # every page, as before
        everything.write()
    with search.Indexer(site, "en") as indexer:
        for path in search.html_files(site):
            indexer.add_file(path)
        indexer.write()
    assert indexer.added == ["a/index.html", "c/index.html"]
    assert _files(site / "pagefind") == _files(reference / "pagefind")
    assert set(_indexed(site)) == {"/a/", "/c/"}


def test_a_site_whose_pages_mark_no_body_has_every_page_indexed(tmp_path):
    names = [f"p{n:02}" for n in range(search.HELD_AT_MOST + 5)]
    for marked_late in (False, True):
        site = _pages(tmp_path / f"site-{marked_late}", {name: marked_late and name == names[-1] for name in names})
        search.index(site, "en")
        expected = {f"/{names[-1]}/"} if marked_late else {f"/{name}/" for name in names}
        assert set(_indexed(site)) == expected


@pytest.mark.parametrize("page, handed", [
    # The header and navigation before the indexed element are not handed over; the head and body tag are.
    ('<html lang="ar" dir="rtl"><head><title>T</title></head><body dir="rtl"><nav>menu</nav>'
     '<div data-pagefind-body><h1>A</h1></div><footer>f</footer></body></html>',
     '<html lang="ar" dir="rtl"><head><title>T</title></head><body dir="rtl">'
     '<div data-pagefind-body><h1>A</h1></div><footer>f</footer></body></html>'),
    # Anything for Pagefind before it (a meta or filter attribute): the page whole.
    ('<html><body><nav data-pagefind-meta="a:b">x</nav><div data-pagefind-body>A</div></body></html>', None),
    ('<html><body><div data-pagefind-filter="k">x</div><main data-pagefind-body="">B</main></body></html>', None),
    # No element marked, or no body tag: the page whole.
    ('<html><body><div>A</div></body></html>', None),
    ('<html><div data-pagefind-body>A</div></html>', None),
])
def test_pagefind_is_handed_a_marked_page_from_its_indexed_element_on(page, handed):
    assert search.without_chrome(page) == (page if handed is None else handed)
