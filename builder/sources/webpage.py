"""A web page for the archive: fetched from its address, its article's text, and what the page says of itself.

`briefing new source --from URL` and `--from page.html` come here. The page is
fetched with a timeout, a size limit and a user agent that says who asks;
redirects are followed and the final address kept. trafilatura extracts the
article's text without the page's furniture (consent banners, navigation,
share buttons, "also read" and "most read" lists, newsletter boxes, comments,
advertisements, sidebars); its metadata, with htmldate for the date, proposes
the title, the authors, the site's name and the publication date.

A proposal is kept only where this module can point at the place in the page
that states it (a meta tag, a JSON-LD property, the <title>, a byline, the
page's address), and the place goes with the value, for the editor to check.
A value the page does not state (a site name made from the host name, a date
it does not give to the day) is not kept: the field stays unknown, and a note
says what was proposed.
"""

from __future__ import annotations

import calendar
import datetime
import json
import logging
import re
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Iterator
from urllib.parse import urlsplit

from builder.model import urls
from builder.sources import quotes

TIMEOUT = 30
"""Seconds to wait for the server: to connect, for each part of the answer, and for the whole answer."""
MAX_BYTES = 20_000_000
"""The largest answer fetched (20 MB): a longer one is refused, not cut."""
MIN_WORDS = 100
"""Fewer words than this in the extracted text is not an article: a paywall, a consent page or a stub."""
_ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.1"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class ImportProblem(Exception):
    """Why a page, a URL or a file cannot become a source, in one line; `hint` says what to do instead."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def user_agent() -> str:
    """Who asks: the generator, its version, and why (shown in the server's log)."""
    from importlib import metadata

    try:
        version = metadata.version("briefing-builder")
    except metadata.PackageNotFoundError:
        version = "dev"
    return f"briefing-builder/{version} (briefing new source: fetches one page an editor cites, once)"


# -- fetching -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fetched:
    """One answer: where it came from after redirects, what it is, its bytes, and the day it was fetched."""

    url: str
    requested: str
    kind: str
    """'html' or 'pdf'."""
    body: bytes
    charset: str | None
    day: datetime.date


def kind_of(content_type: str, body: bytes) -> str | None:
    """'pdf', 'html', or None for anything else (by the bytes first: servers mislabel PDFs)."""
    if body.lstrip()[:5] == b"%PDF-":
        return "pdf"
    main = content_type.split(";")[0].strip().lower()
    if main in _HTML_TYPES:
        return "html"
    if main in ("", "application/octet-stream") and re.match(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)",
                                                             body[:2048], re.IGNORECASE | re.DOTALL):
        return "html"
    return None


def _read(response: Any, started: float) -> bytes:
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > MAX_BYTES:
        raise ImportProblem(f"the answer is {int(length) / 1e6:.2g} MB, over the limit of {MAX_BYTES / 1e6:g} MB; "
                            "nothing was written")
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BYTES:
            raise ImportProblem(f"the answer is over the limit of {MAX_BYTES / 1e6:g} MB; nothing was written")
        if time.monotonic() - started > TIMEOUT:
            raise TimeoutError
        chunks.append(chunk)


def fetch(url: str) -> Fetched:
    """GET the address; ImportProblem (one line) for an error status, a timeout, too big or an unknown kind."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), "Accept": _ACCEPT})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = _read(response, started)
            final = response.geturl()
            content_type = response.headers.get("Content-Type", "")
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as error:
        raise ImportProblem(f"the server answered {error.code} {error.reason}; nothing was written",
                            "check the address in a browser") from None
    except TimeoutError:
        raise ImportProblem(f"no answer within {TIMEOUT} seconds; nothing was written",
                            "try again later, or save the page from a browser and use --from page.html") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise ImportProblem(f"no answer within {TIMEOUT} seconds; nothing was written",
                                "try again later, or save the page from a browser and use --from page.html") from None
        raise ImportProblem(f"could not connect ({reason}); nothing was written", "check the address") from None
    except (OSError, ValueError) as error:  # a connection reset, a malformed answer
        raise ImportProblem(f"the answer could not be read ({error}); nothing was written") from None
    kind = kind_of(content_type, body)
    if kind is None:
        shown = content_type.split(";")[0].strip() or "of no stated type"
        raise ImportProblem(f"the answer is {shown}, neither an HTML page nor a PDF; nothing was written",
                            "give the address of the article's page or of the PDF itself")
    return Fetched(final, url, kind, body, charset, datetime.date.today())


# -- the article's text ---------------------------------------------------------------------------------


@dataclass
class Page:
    """What a page gives the archive: its article's text, and what it states of itself."""

    text: str
    """The article's text, one paragraph a line, paragraphs separated by an empty line."""
    stated: dict[str, tuple[str, str]] = field(default_factory=dict)
    """By field name ('title', 'author', 'outlet', 'published', 'url'): (value, the place on the page that states it)."""
    notes: dict[str, str] = field(default_factory=dict)
    """By field name: why a field stays unknown (what was proposed and not found on the page)."""


def words(text: str) -> int:
    return len(text.split())


class _Quiet:
    """trafilatura and htmldate log what they skip as warnings; an editor is told what matters, once."""

    def __enter__(self) -> None:
        self.levels = {name: logging.getLogger(name).level for name in ("trafilatura", "htmldate", "courlan")}
        for name in self.levels:
            logging.getLogger(name).setLevel(logging.CRITICAL)

    def __exit__(self, *exc: object) -> None:
        for name, level in self.levels.items():
            logging.getLogger(name).setLevel(level)


def read(data: bytes | str, url: str | None = None) -> Page:
    """The article's text and the page's own metadata; ImportProblem when it holds no article."""
    import trafilatura
    from trafilatura.utils import load_html

    with _Quiet():
        extracted = trafilatura.extract(data, url=url, output_format="txt", include_comments=False,
                                        include_tables=True, include_images=False, include_links=False)
        tree = load_html(data)  # a tree of its own: extract_metadata may prune the one it is given
        metadata = trafilatura.extract_metadata(data, default_url=url, extensive=False) if tree is not None else None
    lines = [" ".join(line.split()) for line in (extracted or "").splitlines()]
    text = "\n\n".join(line for line in lines if line)
    if words(text) < MIN_WORDS:
        raise ImportProblem(
            f"the page's article text is {words(text)} words, fewer than {MIN_WORDS}: a paywall, a consent page "
            "or a stub, not an article; nothing was written",
            "open the page in a browser, and if the article really is this short, save its text as a .txt file "
            "and use --from article.txt")
    page = Page(text + "\n")
    if tree is not None and metadata is not None:
        _stated(page, Places(tree, url), metadata, url)
    return page


# -- where the page states each value ---------------------------------------------------------------


def _fold(text: str) -> str:
    return quotes.normalise(text).casefold()


def _tag(element: Any) -> str:
    """<div class="byline">, as an editor finds it in the page's source."""
    for attribute in ("class", "id", "itemprop", "rel"):
        value = " ".join(str(element.get(attribute, "")).split())
        if value:
            return f'<{element.tag} {attribute}="{value[:40]}">'
    return f"<{element.tag}>"


_BYLINE = re.compile(r"author|byline|writer|dateline|posted|entry-meta|article-meta|timestamp|\bdate", re.IGNORECASE)


class Places:
    """The places of a page where it says something of itself, each as (kind, label, text)."""

    def __init__(self, tree: Any, url: str | None) -> None:
        self.tree = tree
        self.url = url
        self.found: list[tuple[str, str, str]] = [*self._stated_of_itself(), *self._stated_in_the_text()]

    def _stated_of_itself(self) -> Iterator[tuple[str, str, str]]:
        """What the page says of itself: its meta tags, JSON-LD, <title>, canonical link, address."""
        tree = self.tree
        for meta in tree.iter("meta"):
            content = meta.get("content")
            for attribute in ("property", "name", "itemprop"):
                if meta.get(attribute) and content:
                    yield "meta", f'the page\'s <meta {attribute}="{meta.get(attribute)}">', content
                    break
        for script in tree.xpath('//script[@type="application/ld+json"]'):
            try:
                data = json.loads(script.text_content(), strict=False)
            except ValueError:
                continue
            yield from self._json_ld(data, [])
        for title in tree.iter("title"):
            yield "title", "the page's <title>", title.text_content()
        for link in tree.xpath('//link[@rel="canonical"][@href]'):
            yield "address", 'the page\'s <link rel="canonical">', link.get("href")
        if self.url:
            yield "address", "the page's address", self.url

    def _stated_in_the_text(self) -> Iterator[tuple[str, str, str]]:
        """What the article's own markup says: <time>, itemprop, <h1>, a byline."""
        tree = self.tree
        for element in tree.xpath("//time[@datetime]"):
            yield "time", 'the page\'s <time datetime>', element.get("datetime")
        for element in tree.xpath("//*[@itemprop][not(self::meta)]"):
            yield "itemprop", f'the page\'s <{element.tag} itemprop="{element.get("itemprop")}">', \
                element.get("content") or element.get("datetime") or element.text_content()
        for element in tree.iter("h1"):
            yield "h1", "the page's <h1>", element.text_content()
        for element in tree.xpath("//body//*[@class or @id or @rel]"):
            marks = " ".join(str(element.get(a, "")) for a in ("class", "id", "rel"))
            text = element.text_content()
            if _BYLINE.search(marks) and len(text) < 300 and element.tag not in ("script", "style", "a"):
                yield "byline", f"the page's byline, {_tag(element)}", text

    def _json_ld(self, data: Any, path: list[str]) -> Iterator[tuple[str, str, str]]:
        if isinstance(data, list):
            for entry in data:
                yield from self._json_ld(entry, path)
        elif isinstance(data, dict):
            kind = data.get("@type")
            here = path or [kind if isinstance(kind, str) else "object"]  # JSON-LD NewsArticle › author › name
            for key, value in data.items():
                if key.startswith("@") and key != "@graph":
                    continue
                if isinstance(value, str):
                    yield "json-ld", "the page's JSON-LD " + " › ".join(here + [key]), value
                elif key == "@graph":
                    yield from self._json_ld(value, [])
                else:
                    yield from self._json_ld(value, here + [key])

    def text_place(self, needle: str) -> str | None:
        """The smallest element of the page's body whose text holds `needle` (folded), as a label."""
        best, size = None, 0
        for element in self.tree.xpath("//body//*[not(self::script or self::style)]"):
            text = element.text_content()
            if (best is None or len(text) < size) and len(text) >= len(needle) and needle in _fold(text):
                best, size = element, len(text)
        return f"the page's text, in {_tag(best)}" if best is not None else None

    def locate(self, value: str, kinds: tuple[str, ...], contains: bool = True) -> str | None:
        """The label of the first place of these kinds that states `value` (whole first, then as part of it,
        quoting the place's text then)."""
        needle = _fold(value)
        if not needle:
            return None
        ranked = sorted((p for p in self.found if p[0] in kinds), key=lambda p: kinds.index(p[0]))
        for _kind, label, text in ranked:
            if _fold(text) == needle:
                return label
        if contains:
            for _kind, label, text in ranked:
                if needle in _fold(text):
                    return quoting(label, text)
        return self.text_place(needle) if "text" in kinds else None


def quoting(label: str, text: str) -> str:
    """A place and, to check the value against, what it says (shortened)."""
    text = " ".join(text.split())
    return f"{label}: '{text if len(text) <= 90 else text[:87] + '...'}'"


def _names(author: str) -> list[str]:
    return [name.strip() for name in re.split(r";|\s+and\s+|\s*&\s*", author) if name.strip()]


def joined(names: list[str]) -> str:
    """A, B and C."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


_MONTHS = [(calendar.month_name[n], calendar.month_abbr[n]) for n in range(1, 13)]


def date_forms(day: datetime.date) -> list[re.Pattern[str]]:
    """The ways a page writes one day: ISO and its relatives in markup and addresses, and in words."""
    y, m, d = day.year, day.month, day.day
    name, abbr = _MONTHS[m - 1]
    month = rf"(?:{name}|{abbr}\.?)"
    dd = rf"0?{d}(?:st|nd|rd|th)?"
    return [re.compile(p, re.IGNORECASE) for p in (
        rf"{y}-{m:02d}-{d:02d}", rf"{y}/{m:02d}/{d:02d}", rf"{y}\.{m:02d}\.{d:02d}", rf"/{y}{m:02d}{d:02d}\b",
        rf"\b{dd}\s+{month},?\s+{y}\b", rf"\b{month}\s+{dd},?\s+{y}\b")]


_DATE_PLACES = ("meta", "json-ld", "time", "itemprop", "byline", "address")
_DATED = re.compile(r"publish|date|created|issued", re.IGNORECASE)


def _stated(page: Page, places: Places, metadata: Any, url: str | None) -> None:
    markup = ("meta", "json-ld", "title", "h1")
    title = " ".join((metadata.title or "").split())
    where = places.locate(title, markup) if title else None
    if where:
        page.stated["title"] = (title, where)
    else:
        page.notes["title"] = "the page states no headline (no <title>, og:title, JSON-LD headline or <h1>)"

    _stated_authors(page, places, metadata)
    _stated_outlet(page, places, metadata, url)
    _stated_date(page, places, metadata)
    if url is None:  # a saved page: its own address, if it gives one
        _stated_address(page, places)


def _stated_authors(page: Page, places: Places, metadata: Any) -> None:
    names: list[tuple[str, str | None]] = []
    unstated: list[tuple[str, str | None]] = []
    for name in _names(metadata.author or ""):
        where = places.locate(name, ("meta", "json-ld", "itemprop", "byline", "text"))
        (names if where else unstated).append((name, where))
    if names:
        places_of = list(dict.fromkeys(where for _, where in names))
        shown = places_of[0] if len(places_of) == 1 else "; ".join(f"{n}: {w}" for n, w in names)
        page.stated["author"] = (joined([n for n, _ in names]), shown or "")
    if unstated:
        page.notes["author"] = "trafilatura also proposed " + ", ".join(f"'{n}'" for n, _ in unstated) + \
            ", which the page does not state"
    elif not names:
        page.notes["author"] = "the page names no author (no byline, author meta tag or JSON-LD author)"


def _stated_outlet(page: Page, places: Places, metadata: Any, url: str | None) -> None:
    host = urlsplit(url or "").hostname or ""
    site = " ".join((metadata.sitename or "").split())
    where = places.locate(site, ("meta", "json-ld", "itemprop", "title")) if site and site != host else None
    if where:
        page.stated["outlet"] = (site, where)
    else:
        note = "the page does not name its outlet in its metadata"
        if host:
            note += f" (its address is on {host})"
        titles = [text for kind, _, text in places.found if kind == "title"]
        if titles:
            note += f"; its <title> reads '{' '.join(titles[0].split())[:100]}'"
        page.notes["outlet"] = note


def _stated_date(page: Page, places: Places, metadata: Any) -> None:
    date = metadata.date
    where = None
    if date:
        forms = date_forms(datetime.date.fromisoformat(date))
        candidates = [p for p in places.found if p[0] in _DATE_PLACES and any(f.search(p[2]) for f in forms)]
        # A place that says it is a date (article:published_time, datePublished) before one that happens to hold it.
        candidates.sort(key=lambda p: (not (p[0] in ("meta", "json-ld") and _DATED.search(p[1])),
                                       _DATE_PLACES.index(p[0])))
        where = quoting(*candidates[0][1:]) if candidates else None
    if where:
        page.stated["published"] = (date, where)
    else:
        page.notes["published"] = (f"htmldate proposed {date}, which no place on the page states to the day" if date
                                   else "the page states no publication date in its markup")


def _stated_address(page: Page, places: Places) -> None:
    for kind, label, text in places.found:
        address = text.strip()
        if kind == "address" or label.endswith('<meta property="og:url">') \
                or re.search(r"JSON-LD [^›]+ › (?:url|mainEntityOfPage)$", label):
            if not urls.web_address_problem(address):
                page.stated["url"] = (address, label)
                break
