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
    parts = [site / "pagefind", *sorted((site / "pagefind").glob("part-*"))]  # an index written in parts
    for path in (path for part in parts for path in (part / "fragment").glob("*.pf_fragment")):
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


# -- a large site's index, in parts ------------------------------------------------------------------------


def _part_pages(folder: Path) -> int:
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def _indexed_in_three_parts(tmp_path, monkeypatch) -> Path:
    """A site of six pages indexed in parts of two: site/pagefind/, part-1/ and part-2/."""
    site = _pages(tmp_path / "site", {f"p{n}": True for n in range(6)})
    monkeypatch.setattr(search, "PART_PAGES", 2)
    search.index(site, "en")
    assert (site / "pagefind" / "part-2").is_dir()
    return site


def _index_with(site: Path, **options) -> search.SiteIndex:
    """Every page of the site added to a SiteIndex made with these options, and the index written."""
    pages = search.html_files(site)
    with search.SiteIndex(site, "en", pages=len(pages), **options) as index:
        for path in pages:
            index.add_file(path)
        index.write()
    return index


def test_a_large_site_is_indexed_in_parts_of_one_size_by_one_pagefind_at_a_time(tmp_path, monkeypatch):
    site = _pages(tmp_path / "site", {f"p{n:02}": True for n in range(25)})
    alive: list[int] = []  # at each Pagefind started: how many others were running
    started: list[search.Indexer] = []
    init = search.Indexer.__init__

    def counting(self, *args, **kwargs):
        alive.append(sum(other._process.poll() is None for other in started))
        init(self, *args, **kwargs)
        started.append(self)

    monkeypatch.setattr(search.Indexer, "__init__", counting)
    index = _index_with(site, part_pages=10)
    output = site / "pagefind"
    listed = json.loads((output / search.PARTS).read_text(encoding="utf-8"))
    assert listed == {"parts": ["part-1/", "part-2/"]}
    # 25 pages, at most 10 a part: three parts of 9, 9 and 7 (not 10, 10 and 5).
    assert [_part_pages(folder) for folder in (output, output / "part-1", output / "part-2")] == [9, 9, 7]
    assert alive == [0, 0, 0], "a part's Pagefind was started before the one before it had written and exited"
    assert set(_indexed(site)) == {f"/p{n:02}/" for n in range(25)}
    assert index.added == search.html_files(site)


def test_a_site_of_fewer_pages_than_a_part_is_one_index_and_lists_no_other_part(tmp_path):
    site = _pages(tmp_path / "site", {"a": True, "b": True})
    search.index(site, "en")
    assert json.loads((site / "pagefind" / search.PARTS).read_text(encoding="utf-8")) == {"parts": []}
    assert not list((site / "pagefind").glob("part-*"))
    assert set(_indexed(site)) == {"/a/", "/b/"}


def test_an_index_written_again_with_fewer_parts_leaves_no_part_of_the_one_before(tmp_path, monkeypatch):
    site = _indexed_in_three_parts(tmp_path, monkeypatch)
    monkeypatch.setattr(search, "PART_PAGES", 3)
    search.index(site, "en")
    assert sorted(p.name for p in (site / "pagefind").glob("part-*")) == ["part-1"]
    assert set(_indexed(site)) == {f"/p{n}/" for n in range(6)}


def test_a_build_writes_the_same_parts_as_indexing_the_written_site(project, capsys, monkeypatch):
    monkeypatch.setattr(search, "PART_PAGES", 7)
    code = cli.main(["--project", str(project.root), "build", "--jobs", "2"])  # the parallel build, on any machine
    err = capsys.readouterr().err
    assert code == 0, err
    site = project.root / "site"
    built = _files(site / "pagefind")
    assert len(json.loads(built[search.PARTS])["parts"]) >= 1
    reindexed = project.root / "reindexed"
    for path in search.html_files(site):
        (reindexed / path).parent.mkdir(parents=True, exist_ok=True)
        (reindexed / path).write_bytes((site / path).read_bytes())
    search.index(reindexed, "en")
    assert _files(reindexed / "pagefind") == built


def test_a_part_that_fails_to_be_written_fails_the_index_and_no_part_is_started_after_it(tmp_path, monkeypatch):
    site = _pages(tmp_path / "site", {f"p{n:02}": True for n in range(30)})
    written = search.Indexer.write

    def failing(self, output=None):
        if output is not None and output.name == "part-1":
            raise search.SearchIndexError("pagefind failed to index the second part")
        written(self, output)

    monkeypatch.setattr(search.Indexer, "write", failing)
    pages = search.html_files(site)
    with search.SiteIndex(site, "en", pages=len(pages), part_pages=10) as index:
        with pytest.raises(search.SearchIndexError, match="second part"):
            for path in pages:
                index.add_file(path)
            index.write()
    assert len(index.added) == 20, "pages were handed to a third part after the second had failed"
    assert not (site / "pagefind" / search.PARTS).exists(), "the parts were listed as if the index were whole"


def test_an_index_put_in_place_replaces_every_part_of_the_one_before(tmp_path, monkeypatch):
    site = _indexed_in_three_parts(tmp_path, monkeypatch)
    monkeypatch.setattr(search, "PART_PAGES", 6)
    beside = site / ".written"
    _index_with(site, output=beside)
    assert (site / "pagefind" / "part-2").is_dir(), "the index the pages use changed before it was put in place"
    search.put_in_place(site, beside)
    assert not beside.exists() and not list((site / "pagefind").glob("part-*"))
    assert json.loads((site / "pagefind" / search.PARTS).read_text(encoding="utf-8")) == {"parts": []}
    assert set(_indexed(site)) == {f"/p{n}/" for n in range(6)}
    assert [p.name for p in site.iterdir() if p.name.startswith(".")] == []
