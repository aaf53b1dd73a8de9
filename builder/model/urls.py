"""Every page's file and address, and every anchor, in one place.

A page is named by its kind and, for the kinds with one page per item, the
item's id: `Target(THEME, "costs")`. This module turns such a name into the
file MkDocs knows the page by (`themes/costs.md`) and into its address, with
MkDocs' own rule: `themes/costs/` with `use_directory_urls` (the default),
`themes/costs.html` without. Nothing else in the builder or the templates
writes an address or an anchor by hand.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass

HOME = "home"
THEMES = "themes"
THEME = "theme"
SOURCES = "sources"
SOURCE = "source"
TIMELINE = "timeline"
DISCREPANCIES = "discrepancies"
ENTITIES = "entities"
ENTITY = "entity"
SOURCING = "sourcing"
METHODOLOGY = "methodology"
CHANGES = "changes"
PRINT = "print"
PRINT_STYLE = "print-style"
DATA = "data"
FEED = "feed"
CITE_BIBTEX = "cite-bibtex"
CITE_RIS = "cite-ris"
CITE_CSL = "cite-csl"
ROBOTS = "robots"

_FILES = {
    HOME: "index.md",
    THEMES: "themes/index.md",
    THEME: "themes/{id}.md",
    SOURCES: "sources/index.md",
    SOURCE: "sources/{id}.md",
    TIMELINE: "timeline.md",
    DISCREPANCIES: "discrepancies.md",
    ENTITIES: "entities/index.md",
    ENTITY: "entities/{id}.md",
    SOURCING: "sourcing.md",
    METHODOLOGY: "methodology.md",
    CHANGES: "changes.md",
    PRINT: "print.md",
    PRINT_STYLE: "assets/briefing-print.css",
    DATA: "briefing.json",
    FEED: "feed.xml",
    CITE_BIBTEX: "cite/briefing.bib",
    CITE_RIS: "cite/briefing.ris",
    CITE_CSL: "cite/briefing.csl.json",
    ROBOTS: "robots.txt",
}
"""The file of each kind of page, relative to the site's source folder."""

PER_ITEM = frozenset(kind for kind, path in _FILES.items() if "{id}" in path)

DEFAULT_SHARE_IMAGE = "assets/briefing-share.png"
"""The generator's own picture for a shared link (templates/static), when briefing.yaml names none."""
SHARE_IMAGE_FOLDER = "assets/share/"
"""Where the briefing's own picture (briefing.yaml `image`) is published, under its file name."""
SITEMAP = "sitemap.xml"
"""MkDocs' list of the pages for search engines (written only when site_url is set)."""


def share_image(file: str | None) -> str:
    """The address of the picture shown when a link to the briefing is shared, from the site root."""
    return SHARE_IMAGE_FOLDER + posixpath.basename(file.replace("\\", "/")) if file else DEFAULT_SHARE_IMAGE


ANCHOR_PREFIXES = {
    SOURCE: "claim-",
    HOME: "judgement-",
    DISCREPANCIES: "discrepancy-",
    TIMELINE: "event-",
    CHANGES: "release-",
}
"""The anchors the builder gives items, by the page they are on (content may link to them)."""
REFERENCE_PREFIX = "ref-"
"""A page's numbered reference list entries: ref-1, ref-2..."""


def _anchor(prefix: str, item_id: object) -> str:
    return f"{prefix}{item_id}"


claim_anchor = functools.partial(_anchor, ANCHOR_PREFIXES[SOURCE])
judgement_anchor = functools.partial(_anchor, ANCHOR_PREFIXES[HOME])
discrepancy_anchor = functools.partial(_anchor, ANCHOR_PREFIXES[DISCREPANCIES])
event_anchor = functools.partial(_anchor, ANCHOR_PREFIXES[TIMELINE])
release_anchor = functools.partial(_anchor, ANCHOR_PREFIXES[CHANGES])
reference_anchor = functools.partial(_anchor, REFERENCE_PREFIX)

UNRELEASED_ANCHOR = "unreleased"
"""The changes not yet recorded in a release, on the changes page."""
PAGE_HISTORY_ANCHOR = "page-history"
"""A theme's or source's history over the releases, on its own page."""


def change_anchor(release: int | None, kind: str, item_id: str) -> str:
    """One item's entry among the changes of a release (None: of the unreleased changes) on the changes page.

    `kind` is a kind of change (changes.KINDS, no hyphens); a claim's key
    source#claim becomes source--claim (ids never hold two hyphens in a row).
    """
    prefix = release_anchor(release) if release is not None else UNRELEASED_ANCHOR
    return f"{prefix}-{kind}-{item_id.replace('#', '--')}"


DEFINED_SCALES = ("confidence", "likelihood", "reliability", "credibility", "grading", "independence")
"""What the methodology page defines, each with an anchor readers are led to from where it is used."""


def definition_anchor(scale: str, value: object = None) -> str:
    """Where the methodology page defines a scale, or one value of it:
    definition_anchor('confidence', 'high') == 'confidence-high', ('likelihood', 'almost no chance')
    == 'likelihood-almost-no-chance', ('reliability', 'F') == 'reliability-f'."""
    if scale not in DEFINED_SCALES:
        raise ValueError(f"the methodology page defines no scale '{scale}'")
    if value is None:
        return scale
    return f"{scale}-" + "-".join("".join(ch if ch.isalnum() else " " for ch in str(value).lower()).split())


@dataclass(frozen=True)
class Target:
    """A page, or a place on it: what a link points at, before it is an address."""

    kind: str
    id: str | None = None
    anchor: str | None = None

    def at(self, anchor: str) -> Target:
        return Target(self.kind, self.id, anchor)


def page_file(kind: str, item_id: str | None = None) -> str:
    """The file of a page, e.g. page_file(THEME, 'costs') == 'themes/costs.md'."""
    template = _FILES[kind]
    if (item_id is None) != (kind not in PER_ITEM):
        raise ValueError(f"page kind {kind!r} {'needs' if kind in PER_ITEM else 'takes no'} id")
    return template.format(id=item_id) if item_id is not None else template


def file_url(src_uri: str, directory_urls: bool = True) -> str:
    """The address of a page file, by MkDocs' rule (mkdocs.structure.files.File.url)."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def written_address(kind: str, item_id: str | None = None) -> str:
    """A page's address as content writes it, from the site root: 'themes/costs/'; the home page 'index.html'."""
    return file_url(page_file(kind, item_id), True) or file_url(page_file(kind, item_id), False)


class Addresses:
    """Addresses of pages and anchors for one build (with or without directory URLs)."""

    def __init__(self, directory_urls: bool = True):
        self.directory_urls = directory_urls

    def page(self, kind: str, item_id: str | None = None) -> str:
        return file_url(page_file(kind, item_id), self.directory_urls)

    def url(self, target: Target) -> str:
        base = self.page(target.kind, target.id)
        return f"{base}#{target.anchor}" if target.anchor else base

    def claim(self, key: str) -> str:
        """The address of a cited key: a claim (source-id#claim-id) or a whole source (source-id)."""
        source_id, _, claim_id = key.partition("#")
        return self.url(claim_target(source_id, claim_id or None))

    def entity(self, entity_id: str) -> str:
        return self.page(ENTITY, entity_id)

    def judgement(self, judgement_id: str) -> str:
        return self.url(Target(HOME, anchor=judgement_anchor(judgement_id)))

    def discrepancy(self, discrepancy_id: str) -> str:
        return self.url(Target(DISCREPANCIES, anchor=discrepancy_anchor(discrepancy_id)))

    def site_path(self, path: str) -> tuple[str, str | None] | None:
        """A site-root path as content writes it ('discrepancies/', 'themes/x/') -> (kind, id), or None."""
        path = path.strip("/")
        for kind, pattern in _FILES.items():
            if not pattern.endswith(".md"):
                if path == pattern:
                    return kind, None
                continue
            written = file_url(pattern, True).strip("/")  # content always writes directory-style paths
            if "{id}" not in written:
                if path == written or path == file_url(pattern, False).strip("/"):
                    return kind, None
                continue
            head, _, tail = written.partition("{id}")
            if path.startswith(head) and path.endswith(tail) and len(path) > len(head) + len(tail):
                item_id = path[len(head) : len(path) - len(tail)] if tail else path[len(head) :]
                if "/" not in item_id:
                    return kind, item_id
        return None


def claim_target(source_id: str, claim_id: str | None) -> Target:
    return Target(SOURCE, source_id, claim_anchor(claim_id) if claim_id else None)


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for the site's own addresses, without its per-call getcwd (a hot spot)."""
    if ".." in path or ".." in start or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    to, base = _parts(path), _parts(start)
    common = 0
    most = min(len(to), len(base))
    while common < most and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + list(to[common:])) or "."


@functools.lru_cache(maxsize=16384)
def _parts(path: str) -> tuple[str, ...]:
    return tuple(part for part in path.split("/") if part and part != ".")


def relative(from_url: str, to_url: str) -> str:
    """A link from one page's address to another's, valid under any sub-path."""
    target, _, fragment = to_url.partition("#")
    # The page's folder: 'themes/x/' for 'themes/x/', 'themes' for 'themes/x.html', '' for 'timeline.html'.
    start = from_url if from_url.endswith("/") else posixpath.dirname(from_url)
    if target == "" and from_url == "" and fragment:
        return "#" + fragment
    rel = _relpath(target or ".", start or ".")
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    if target == from_url and fragment:
        rel = ""
    return rel + ("#" + fragment if fragment else "")


WEB_ADDRESS = re.compile(r"^https?://[^\s/?#\\]+[^\s\\]*$", re.IGNORECASE)
"""A source's own address: http(s), a host, then anything without spaces."""


def web_address_problem(url: str) -> str:
    """'' for an address a source may give as its `url`, else what is wrong with it."""
    if WEB_ADDRESS.match(url):
        return ""
    return "must be a web address starting http:// or https://"
