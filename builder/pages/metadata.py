"""What each page says of itself to search engines, link previews and reference managers.

Every page has a description written from its content (a theme's bottom line, a source's summary, the
briefing's description; the templates choose the words), cut at a word to at most 300 characters. From
it and the model this module works out the rest of the page's <head>, carried to the theme in the page's
front matter (`bf_head`) and written by overrides/main.html:

- Open Graph and Twitter card tags, with the briefing's one picture (briefing.yaml `image`, else the
  generator's own);
- schema.org JSON-LD: the briefing as a Report on the home page, each theme as an Article that is part of
  it, each source's page as a WebPage about the article it summarises, the other pages as WebPages;
- Highwire Press `citation_*` tags (read by Google Scholar and Zotero) on the home page and each theme.

An address must be absolute in all of these, so canonical links, og:url, the picture and
citation_public_url are given only when mkdocs.yml sets site_url; a build without it says so once (see
publish/plugin.py). Nothing is made up: a tag whose value the briefing does not state is left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from builder.model import items as m
from builder.model import ids
from builder.model import urls
from builder.pages import releaseviews as rv
from builder.pages import views as v

DESCRIPTION_MIN = 50
DESCRIPTION_MAX = 300
"""A page's description: long enough to say what the page is, short enough for a search result."""

DEFAULT_IMAGE_SIZE = (1200, 630)
"""The generator's own picture (templates/static/assets/briefing-share.png), as link previews want it."""

SOURCE_TYPES = {"news-report": "NewsArticle", "wire-copy": "NewsArticle", "analysis": "AnalysisNewsArticle",
                "think-tank-commentary": "Article", "opinion": "OpinionNewsArticle", "other": "CreativeWork"}
"""The schema.org type of each kind of source."""


def description(parts: list[str]) -> str:
    """A page's description from plain texts in order of preference: as many as it takes to say 50
    characters, then cut at a word (with an ellipsis) to at most 300."""
    text = ""
    for part in parts:
        part = " ".join(part.split())
        if part:
            if text and not text.endswith((".", "!", "?", "…", ":")):
                text += "."  # a title or subtitle added to a text reads as a sentence of its own
            text = f"{text} {part}" if text else part
        if len(text) >= DESCRIPTION_MIN:
            break
    if len(text) <= DESCRIPTION_MAX:
        return text
    cut = text[:DESCRIPTION_MAX].rsplit(" ", 1)[0].rstrip(" ,;:.–—-")
    return cut + "…"


def _iso(date: m.PartialDate | None) -> str:
    """A date as schema.org and Open Graph write it (2025, 2025-03, 2025-03-14); '' when it has no such form."""
    return (date.machine or "") if date else ""


def _release_day(mark: rv.ReleaseMark | None) -> m.PartialDate | None:
    return (mark.released or mark.as_of) if mark else None


@dataclass(frozen=True)
class Dates:
    published: m.PartialDate | None
    modified: m.PartialDate | None


class Metadata:
    """The head of every page of one build."""

    def __init__(self, model: m.Model, views: v.Views, site_url: str, language: str,
                 history_of: Any, publication: v.PublicationView):
        self.model = model
        self.views = views
        self.address = views.address
        self.site_url = site_url  # ends with '/', or ''
        self.language = language
        self.history_of = history_of  # History.of: (kind, id) -> HistoryView or None
        self.publication = publication
        briefing = model.briefing
        self.image_url = self.absolute(urls.share_image(briefing.image.file if briefing.image else None))
        self.image_alt = briefing.image.alt if briefing.image else ""
        releases = model.releases
        first = releases[0] if releases else None
        latest = releases[-1] if releases else None
        self.briefing_dates = Dates((first.released or first.as_of) if first else briefing.as_of,
                                    (latest.released or latest.as_of) if latest else briefing.as_of)
        self.version = str(latest.number) if latest else ""
        self.keep = False
        """Whether each page's head is kept, with what it was made of (the preview's: reuse)."""
        self._heads: dict[tuple[str, str], tuple[tuple, dict[str, Any]]] = {}
        self._earlier: dict[tuple[str, str], tuple[tuple, dict[str, Any]]] = {}

    def reuse(self, earlier: Metadata) -> None:
        """Take the heads of an earlier build (the preview's, before a save) for pages made of the same: when
        what every page's head shows of the briefing is as it was (the same briefing and releases)."""
        self.keep = True
        if earlier.model.briefing is self.model.briefing and earlier.model.releases is self.model.releases and \
                (earlier.site_url, earlier.language, earlier.publication) == \
                (self.site_url, self.language, self.publication):
            self._earlier = earlier._heads

    def absolute(self, url: str) -> str:
        """A site address made absolute with site_url; '' without site_url."""
        return self.site_url + url if self.site_url else ""

    # -- the parts -------------------------------------------------------------------------------
    def _people(self) -> dict[str, Any]:
        """publisher and author, as schema.org names them."""
        found: dict[str, Any] = {}
        pub = self.publication
        if pub.publisher:
            found["publisher"] = _thing("Organization", pub.publisher.title, pub.publisher.url)
        if pub.authors:
            found["author"] = [_thing("Person", a.title, a.url) for a in pub.authors]
        if pub.licence:
            found["license"] = pub.licence.url or _thing("CreativeWork", pub.licence.title, "")
        return found

    def _briefing_ref(self) -> dict[str, Any]:
        """The briefing as a part names it: its name and address."""
        return _thing("Report", self.model.briefing.title, self.absolute(self.address.page(urls.HOME)) or "",
                      self._id(urls.HOME))

    def _id(self, kind: str, item_id: str | None = None) -> str:
        url = self.absolute(self.address.page(kind, item_id))
        return f"{url}#{kind}" if url else ""

    def source_thing(self, source: m.Source) -> dict[str, Any]:
        """A source as schema.org describes the article: what it is, who wrote and published it, when, where."""
        thing: dict[str, Any] = {"@type": SOURCE_TYPES.get(source.kind, "CreativeWork"), "name": source.title,
                                 "headline": source.title[:110]}
        if source.author.strip() and source.author.strip().lower() != "unknown":
            thing["author"] = _thing("Person", source.author.strip(), "")
        if source.outlet_known:
            thing["publisher"] = _thing("Organization", source.outlet, "")
        if _iso(source.published.date):
            thing["datePublished"] = _iso(source.published.date)
        if source.url:
            thing["url"] = source.url
        return thing

    def _cited(self, keys: list[str]) -> list[dict[str, Any]]:
        """The sources these citation keys name, each once, in the order first cited."""
        seen: list[str] = []
        for key in keys:
            source_id = ids.split_key(key)[0]
            if source_id not in seen and source_id in self.model.sources:
                seen.append(source_id)
        return [self.source_thing(self.model.sources[s]) for s in seen]

    # -- one page ------------------------------------------------------------------------------------
    def head(self, page: Any, text: str) -> dict[str, Any]:
        """The front matter fields a page's head is written from: its description, and `bf_head`: the
        tags (attribute, name, content), the JSON-LD and the page's last change (for sitemap.xml).

        Kept (`keep`): the earlier build's head of a page (reuse) when it was made of the same page, text and
        dates (and the very same source, on a source's page); the home and theme pages' are made again."""
        if not self.keep or page.kind in (urls.HOME, urls.THEME):
            return self._head(page, text)
        key = (page.src_uri, text)
        item = self.model.sources.get(page.item_id) if page.kind == urls.SOURCE else None
        made = (page.kind, page.item_id, page.url, page.title, self.dates(page.kind, page.item_id), item)
        earlier = self._earlier.get(key)
        found = earlier[1] if earlier is not None and earlier[0][-1] is item and earlier[0] == made \
            else self._head(page, text)
        self._heads[key] = (made, found)
        return found

    def _head(self, page: Any, text: str) -> dict[str, Any]:
        kind, item_id = page.kind, page.item_id
        url = self.absolute(page.url)
        title = page.title
        tags: list[tuple[str, str, str]] = []
        article = kind in (urls.THEME, urls.SOURCE)
        og = [("og:type", "article" if article else "website"), ("og:title", title),
              ("og:description", text), ("og:site_name", self.model.briefing.title)]
        if url:
            og.append(("og:url", url))
        if self.image_url:
            og.append(("og:image", self.image_url))
            if self.image_alt:
                og.append(("og:image:alt", self.image_alt))
            elif not self.model.briefing.image:
                og += [("og:image:width", str(DEFAULT_IMAGE_SIZE[0])), ("og:image:height", str(DEFAULT_IMAGE_SIZE[1]))]
        tags += [("property", name, value) for name, value in og]
        tags += [("name", "twitter:card", "summary_large_image" if self.image_url else "summary"),
                 ("name", "twitter:title", title), ("name", "twitter:description", text)]
        if self.image_alt and self.image_url:
            tags.append(("name", "twitter:image:alt", self.image_alt))
        dates = self.dates(kind, item_id)
        if article:
            if _iso(dates.published):
                tags.append(("property", "article:published_time", _iso(dates.published)))
            if _iso(dates.modified):
                tags.append(("property", "article:modified_time", _iso(dates.modified)))
        if kind in (urls.HOME, urls.THEME):
            tags += self.highwire(title, url, dates)
        return {"description": text, "bf_head": {"tags": [list(t) for t in tags],
                                                 "jsonld": self.jsonld(page, text, url, dates),
                                                 "modified": _iso(dates.modified)}}

    def dates(self, kind: str, item_id: str | None) -> Dates:
        """When a page's item was first published and last changed, from the releases; the briefing's own
        dates for pages that are not one item's."""
        history_kind = {urls.THEME: "theme", urls.SOURCE: "source"}.get(kind)
        if history_kind and item_id:
            history = self.history_of(history_kind, item_id)
            if history is None:  # not yet released: dated as the briefing is before its first release
                return Dates(None, None) if self.model.releases else self.briefing_dates
            first = _release_day(history.first)
            return Dates(first, _release_day(history.updated) or first)
        return self.briefing_dates

    def highwire(self, title: str, url: str, dates: Dates) -> list[tuple[str, str, str]]:
        """The Highwire Press tags of a citable page (Google Scholar's list; Zotero reads them)."""
        tags = [("citation_title", title)]
        tags += [("citation_author", a.title) for a in self.publication.authors]
        date = dates.modified
        if date and date.machine:
            tags.append(("citation_date", date.machine.replace("-", "/")))
        if self.publication.publisher:
            tags += [("citation_publisher", self.publication.publisher.title),
                     ("citation_technical_report_institution", self.publication.publisher.title)]
        if self.version:
            tags.append(("citation_technical_report_number", self.version))
        tags.append(("citation_language", self.language))
        if url:
            tags.append(("citation_public_url", url))
            tags.append(("citation_abstract_html_url", url))
        return [("name", name, value) for name, value in tags]

    def jsonld(self, page: Any, text: str, url: str, dates: Dates) -> str:
        kind = page.kind
        thing: dict[str, Any] = {"@context": "https://schema.org"}
        if kind == urls.HOME:
            briefing = self.model.briefing
            thing.update({"@type": "Report", "name": briefing.title, "headline": briefing.title[:110]})
            if self._id(urls.HOME):
                thing["@id"] = self._id(urls.HOME)
            if briefing.subtitle:
                thing["alternativeHeadline"] = briefing.subtitle
            if self.version:
                thing["version"] = self.version
            # The sources the home page itself cites (its description and key judgements); each theme's
            # Article cites its own. Every source here would weigh 1.6 MB at 5000 sources (issue 30).
            thing["citation"] = self._cited([cite.key for item in (briefing, *briefing.key_judgements)
                                             for cite in self.views.xref.cites_of(item)])
            thing["hasPart"] = [_thing("Article", t.title, self.absolute(self.address.page(urls.THEME, t.id)))
                                for t in self.model.themes_in_order()]
        elif kind == urls.THEME:
            thing.update({"@type": "Article", "name": page.title, "headline": page.title[:110],
                          "isPartOf": self._briefing_ref()})
            theme = self.model.themes[page.item_id]
            thing["citation"] = self._cited([cite.key for item in (theme, *theme.sections)
                                             for cite in self.views.xref.cites_of(item)])
        elif kind == urls.SOURCE:
            source = self.model.sources[page.item_id]
            thing.update({"@type": "WebPage", "name": page.title, "isPartOf": self._briefing_ref(),
                          "mainEntity": self.source_thing(source)})
        else:
            thing.update({"@type": "WebPage", "name": page.title, "isPartOf": self._briefing_ref()})
        thing["description"] = text
        if url:
            thing["url"] = url
        thing["inLanguage"] = self.language
        if kind in (urls.HOME, urls.THEME):
            thing.update(self._people())
            if self.image_url:
                thing["image"] = self.image_url
        if _iso(dates.published):
            thing["datePublished"] = _iso(dates.published)
        if _iso(dates.modified):
            thing["dateModified"] = _iso(dates.modified)
        text = json.dumps({k: v for k, v in thing.items() if v not in ("", [], None)}, ensure_ascii=False,
                          sort_keys=True, separators=(",", ":"))
        # Inside <script>: nothing in it may end the element or start markup.
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _thing(kind: str, name: str, url: str, ident: str = "") -> dict[str, Any]:
    thing: dict[str, Any] = {"@type": kind, "name": name}
    if ident:
        thing["@id"] = ident
    if url:
        thing["url"] = url
    return thing
