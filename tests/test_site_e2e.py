"""End to end: a briefing builds, every page exists, every citation and quote holds.

Each test runs on this repository's briefing and on a second one made with
`briefing init` (see tests/showcase.py), and takes what it expects from the
briefing's content.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse
from xml.etree import ElementTree

from bs4 import BeautifulSoup

from builder.sources import lock
from builder.sources import quotes
from builder.model.xref import Xref
import pytest

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only


@functools.lru_cache(maxsize=512)
def page(site: Path, url: str) -> BeautifulSoup:
    """A built page, parsed once (callers only read it)."""
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_every_page_of_the_url_table_exists(any_site):
    model, site = any_site.model, any_site.dir
    urls = ["", "themes/", "sources/", "timeline/", "discrepancies/", "methodology/", "entities/", "sourcing/"]
    urls += [f"themes/{t}/" for t in model.themes] + [f"sources/{s}/" for s in model.sources]
    urls += [f"entities/{e.id}/" for e in model.entities.entities]
    missing = [u for u in urls if not (site / u / "index.html").is_file()]
    assert missing == []
    assert json.loads((site / "briefing.json").read_text())["briefing"]["title"] == model.briefing.title
    feed = ElementTree.parse(site / "feed.xml").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    # One entry per release; before the first, one per theme and per source.
    assert len(entries) == (len(model.releases) or len(model.themes) + len(model.sources))


def _anchor_exists(site: Path, from_url: str, href: str) -> bool:
    target = urlparse(urljoin("http://x/" + from_url, href))
    path = target.path.lstrip("/")
    if not (site / path / "index.html").is_file():
        return False
    return not target.fragment or page(site, path).find(id=target.fragment) is not None


def test_every_citation_on_a_theme_page_resolves_to_the_claim_it_cites(any_site):
    model, site = any_site.model, any_site.dir
    xref = Xref(model)
    for theme in model.themes.values():
        url = f"themes/{theme.id}/"
        cites = page(site, url).select("article a.bf-cite")
        cited = {c.key for item in (theme, *theme.sections) for c in xref.cites_of(item)}
        assert cites, f"{url}: no citation shown, though the theme cites {len(cited)} claims"
        broken = [a["href"] for a in cites if not _anchor_exists(site, url, a["href"])]
        assert broken == []
        shown = set()
        for a in cites:
            match = re.fullmatch(r"\.\./\.\./sources/([a-z0-9-]+)/(?:#claim-([a-z0-9-]+))?", a["href"])
            assert match, a["href"]
            shown.add(match.group(1) + (f"#{match.group(2)}" if match.group(2) else ""))
        assert cited <= shown, f"{url}: cited but not linked: {sorted(cited - shown)}"


def _claim_of_quote(model, source_id: str, shown: str):
    """The claim of this source whose quote is the text shown."""
    for claim in model.sources[source_id].claims:
        if " ".join(claim.quote.split()) == " ".join(shown.split()):
            return claim
    return None


def test_every_quote_shown_is_in_the_text_of_the_source_it_is_cited_from(any_site):
    """Against the archived text where it is here; else against the lock's entry for that very claim."""
    model, site = any_site.model, any_site.dir
    folder = Path(model.project_dir) / model.briefing.archive
    recorded, _ = lock.read(Path(model.content_dir) / lock.NAME, "quotes.lock")

    def verified(source_id: str, claim) -> bool:
        source = model.sources[source_id]
        if folder.is_dir():
            text = quotes.normalise((folder / source.archive).read_text(encoding="utf-8"))
            return quotes.find_quote(text, claim.quote) is not None
        entry = recorded.entry(claim.key)
        return bool(entry) and entry["sha256"] == quotes.quote_hash(claim.quote) and entry["archive"] == source.archive

    shown = 0
    for source in model.sources.values():
        for li in page(site, f"sources/{source.id}/").select("li.bf-claim"):
            claim = source.claim(li["id"].removeprefix("claim-"))
            block = li.select_one("blockquote")
            assert " ".join(block.get_text().split()) == " ".join(claim.quote.split())
            assert verified(source.id, claim), claim.key
            shown += 1
    for theme in model.themes.values():
        for li in page(site, f"themes/{theme.id}/").select("ol.bf-references > li"):
            link = li.select_one("a.bf-ref-link")["href"]
            match = re.search(r"sources/([a-z0-9-]+)/#claim-([a-z0-9-]+)$", link)
            if not match:
                continue  # a citation of a whole source shows no quote
            claim = model.sources[match.group(1)].claim(match.group(2))
            assert " ".join(li.select_one("q").get_text().split()) == " ".join(claim.quote.split())
            assert verified(match.group(1), claim), claim.key
            shown += 1
    assert shown >= sum(len(s.claims) for s in model.sources.values())


def test_source_pages_anchor_every_claim_and_show_exactly_where_each_is_cited(any_site):
    model, site = any_site.model, any_site.dir
    xref = Xref(model)
    for source in model.sources.values():
        soup = page(site, f"sources/{source.id}/")
        assert [li["id"] for li in soup.select("li.bf-claim")] == [f"claim-{c.id}" for c in source.claims]
        for claim in source.claims:
            cited_in = soup.select_one(f"#claim-{claim.id} .bf-cited-in")
            expected = [link.title for link in xref.cited_by_claim.get(claim.key, [])]
            assert ([a.get_text() for a in cited_in.select("a")] if cited_in else []) == expected, claim.key


def test_the_site_requests_nothing_from_other_hosts(any_site):
    for html in any_site.dir.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe"]):
            ref = tag.get("src") or (tag.get("href") if tag.name == "link" else None)
            assert not ref or not re.match(r"^(https?:)?//", ref), (html, ref)


def test_theme_pages_link_each_entity_once_and_never_the_briefings_household_names(any_site):
    from collections import Counter

    from builder.pages.mentions import COMMON_MIN_THEMES, Mentions, theme_text

    MODEL, real_site = any_site.model, any_site.dir
    names = Mentions(MODEL.entities.entities)
    named_in = Counter(e for t in MODEL.themes.values() for e in names.ids(theme_text(t)))
    household = {e for e, n in named_in.items() if n >= COMMON_MIN_THEMES and n * 2 > len(MODEL.themes)}
    paths = {e.id: f"entities/{e.id}/" for e in MODEL.entities.entities}
    linked_somewhere = set()
    for theme_id in MODEL.themes:
        links = [a["href"].rsplit("entities/", 1)[1].strip("/")
                 for a in page(real_site, f"themes/{theme_id}/").select("article a.bf-entity")]
        assert len(links) == len(set(links)), f"{theme_id}: an entity linked twice: {Counter(links).most_common(3)}"
        assert not household & set(links), f"{theme_id} links household names {household & set(links)}"
        assert set(links) <= set(paths)
        linked_somewhere.update(links)
    assert linked_somewhere, "no entity is linked on any theme page"


def test_the_changes_page_and_history_lines_follow_the_recorded_releases(any_site):
    from builder.pages import history

    MODEL, real_site = any_site.model, any_site.dir
    changes = page(real_site, "changes/")
    releases = sorted(MODEL.releases, key=lambda r: -r.number)
    assert [h["id"] for h in changes.select("article h2") if h["id"] != "unreleased"] == \
        [f"release-{r.number}" for r in releases]
    assert [p.get_text() for p in changes.select(".bf-release-note")] == [r.note for r in releases]
    if not releases:
        assert "No release has been recorded yet." in changes.get_text()
        return
    first = releases[-1]
    assert f"The first release, with {history.published_words(first.snapshot)}." in changes.get_text()
    for theme_id in MODEL.themes:
        shown = page(real_site, f"themes/{theme_id}/").select_one(".bf-bottom-line .bf-history")
        held = next(r for r in MODEL.releases if theme_id in r.snapshot["themes"]) \
            if any(theme_id in r.snapshot["themes"] for r in MODEL.releases) else None
        if held is None:
            assert shown is None
        else:
            when = held.released.display if held.released else f"in release {held.number}"  # never its as-of date
            assert " ".join(shown.get_text().split()).startswith(f"First published {when}")


def test_readers_are_shown_names_and_the_words_that_changed_never_keys(any_site):
    """The changes page, the feed and each page's history name items as readers know them, and each re-worded
    text comes with the words taken out and put in."""
    model, site = any_site.model, any_site.dir
    if not model.releases:
        return
    keys = {claim.key for claim in model.claims()}
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(site / "feed.xml").getroot()
    shown = {"changes/": page(site, "changes/").select_one("article"), "": page(site, "").select_one("article")}
    shown |= {f"feed #{n}": BeautifulSoup(entry.findtext(f"{atom}content"), "html.parser")
              for n, entry in enumerate(feed.findall(f"{atom}entry"))}
    shown |= {f"themes/{t}/": page(site, f"themes/{t}/").select_one("article") for t in model.themes}
    shown |= {f"sources/{s}/": page(site, f"sources/{s}/").select_one("article") for s in model.sources}
    for where, html in shown.items():
        text = html.get_text(" ")
        assert not [key for key in keys if key in text], where
        for item in html.select("ul.bf-change-details > li"):
            words = item.find(string=True, recursive=False) or ""
            if words.strip().endswith(("re-worded:", "re-quoted:")):
                assert item.select(".bf-diff del, .bf-diff ins"), (where, item.get_text())
