"""End to end: the real briefing builds, every page exists, every citation and quote holds."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from builder import load, quotes

REPO = Path(__file__).resolve().parent.parent
MODEL = load.load(REPO)


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_every_page_of_the_url_table_exists(real_site):
    urls = ["", "sources/", "timeline/", "discrepancies/", "methodology/", "entities/"]
    urls += [f"themes/{t}/" for t in MODEL.themes] + [f"sources/{s}/" for s in MODEL.sources]
    urls += [f"entities/{e.id}/" for e in MODEL.entities.entities]
    missing = [u for u in urls if not (real_site / u / "index.html").is_file()]
    assert missing == []
    assert json.loads((real_site / "briefing.json").read_text())["briefing"]["title"] == MODEL.briefing.title
    feed = ElementTree.parse(real_site / "feed.xml").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    # One entry per release; before the first, one per theme and per source.
    assert len(entries) == (len(MODEL.releases) or len(MODEL.themes) + len(MODEL.sources))


def _anchor_exists(site: Path, from_url: str, href: str) -> bool:
    target = urlparse(urljoin("http://x/" + from_url, href))
    html = (site / target.path.lstrip("/") / "index.html")
    if not html.is_file():
        return False
    return not target.fragment or BeautifulSoup(html.read_text(), "html.parser").find(id=target.fragment) is not None


@pytest.mark.parametrize("theme_id", sorted(MODEL.themes))
def test_every_citation_on_a_theme_page_resolves_to_its_claim(real_site, theme_id):
    url = f"themes/{theme_id}/"
    cites = page(real_site, url).select("a.bf-cite")
    assert cites, "a theme page without citations"
    broken = [a["href"] for a in cites if not _anchor_exists(real_site, url, a["href"])]
    assert broken == []
    assert all(re.search(r"sources/[a-z0-9-]+/(#claim-[a-z0-9-]+)?$", a["href"]) for a in cites)


def test_every_quote_shown_is_in_its_source_text(real_site):
    archive = Path(MODEL.project_dir) / MODEL.briefing.archive
    if not archive.is_dir():
        pytest.skip("archive folder not here; quotes were checked against the lock at build time")
    shown = 0
    for source in MODEL.sources.values():
        text = quotes.normalise((archive / source.archive).read_text(encoding="utf-8"))
        for block in page(real_site, f"sources/{source.id}/").select(".bf-claim blockquote"):
            assert quotes.find_quote(text, block.get_text()) is not None, block.get_text()
            shown += 1
    for url in [f"themes/{t}/" for t in MODEL.themes]:
        for quote in page(real_site, url).select("ol.bf-references q"):
            assert any(quotes.find_quote(quotes.normalise((archive / s.archive).read_text()), quote.get_text())
                       for s in MODEL.sources.values())
            shown += 1
    assert shown >= sum(len(s.claims) for s in MODEL.sources.values())


def test_source_pages_anchor_every_claim_and_show_which_themes_cite_it(real_site):
    for source in MODEL.sources.values():
        soup = page(real_site, f"sources/{source.id}/")
        assert {li["id"] for li in soup.select("li.bf-claim")} == {f"claim-{c.id}" for c in source.claims}
    cited_somewhere = [li for s in MODEL.sources for li in page(real_site, f"sources/{s}/").select("p.bf-cited-in")]
    assert cited_somewhere


def test_the_site_requests_nothing_from_other_hosts(real_site):
    for html in real_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe"]):
            ref = tag.get("src") or (tag.get("href") if tag.name == "link" else None)
            assert not ref or not re.match(r"^(https?:)?//", ref), (html, ref)


def test_the_changes_page_and_history_lines_follow_the_recorded_releases(real_site):
    from builder import history

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
            assert " ".join(shown.get_text().split()).startswith(f"First published {held.as_of.display}")
