"""Pandoc-style citations in Markdown fields: [@source], [@source#claim], [@a#c1; @b#c2]."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Iterator, Optional
from xml.etree import ElementTree

import markdown

from . import model as m

_GROUP = re.compile(r"\[\s*@([^\[\]]*)\]")
_KEY = re.compile(r"^@?([a-z0-9]+(?:-[a-z0-9]+)*)(?:#([a-z0-9]+(?:-[a-z0-9]+)*))?$")
_STRAY = re.compile(r"\[\s*@")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_RAW_HTML = re.compile(r"<(?!(?:https?|mailto):[^>\s]*>)[A-Za-z!/?]")


@dataclass(frozen=True)
class Citation:
    """One cited key inside a group, with the group's place in the text."""

    source: str
    claim: Optional[str]
    start: int
    end: int

    @property
    def key(self) -> str:
        return f"{self.source}#{self.claim}" if self.claim else self.source


@dataclass(frozen=True)
class CitationGroup:
    start: int
    end: int
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Problem:
    offset: int
    message: str


def parse(text: str) -> tuple[list[CitationGroup], list[Problem]]:
    """Find citation groups; report malformed ones with their offset."""
    groups: list[CitationGroup] = []
    problems: list[Problem] = []
    covered: set[int] = set()
    for match in _GROUP.finditer(text):
        covered.add(match.start())
        citations = []
        body = "@" + match.group(1)
        for part in body.split(";"):
            part = part.strip()
            key = _KEY.match(part) if part.startswith("@") else None
            if not key:
                problems.append(Problem(match.start(), f"malformed citation '{match.group(0)}': "
                                        f"write [@source-id], [@source-id#claim-id] or [@a#c1; @b#c2]"))
                citations = []
                break
            citations.append(Citation(key.group(1), key.group(2), match.start(), match.end()))
        if citations:
            groups.append(CitationGroup(match.start(), match.end(), tuple(citations)))
    for stray in _STRAY.finditer(text):
        if stray.start() not in covered:
            problems.append(Problem(stray.start(), "citation is not closed: a '[@' has no matching ']'"))
    return groups, problems


def without_citations(text: str) -> str:
    """The text with every citation group removed (for plain-text summaries and labels)."""
    for group in reversed(parse(text)[0]):
        text = text[: group.start].rstrip() + text[group.end :]
    return text


def raw_html_offsets(text: str) -> Iterator[int]:
    """Offsets of raw HTML tags in Markdown (code spans excepted)."""
    masked = _CODE_SPAN.sub(lambda mt: " " * len(mt.group(0)), text)
    for match in _RAW_HTML.finditer(masked):
        yield match.start()


ALLOWEDSCHEMES = ("http", "https", "mailto")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def url_is_allowed(url: str) -> bool:
    """http, https, mailto, or a link inside the site (no scheme, not protocol-relative)."""
    # Browsers drop control characters and spaces inside a scheme ("java\tscript:"), so the check does too.
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url))
    if cleaned.startswith("//") or cleaned.startswith("\\"):
        return False
    scheme = SCHEME.match(cleaned)
    return scheme is None or scheme.group(1).lower() in ALLOWEDSCHEMES


class _LinkCollector(markdown.treeprocessors.Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None:
                    self.md.found_links.append((element.tag, value))


class _Collect(markdown.extensions.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_LinkCollector(md), "collect_links", 0)


# Markdown makes an href or src only from [text](url), ![alt](url), a reference
# definition [id]: url, or an autolink <...>: a text with none of these has no link.
_MAY_LINK = re.compile(r"\]\(|\]:|<")
_LINK_PARSER = markdown.Markdown(extensions=[_Collect()], output_format="html")


def link_problems(text: str) -> list[Problem]:
    """Links and images that the site must not carry, found by the same Markdown parser that renders them."""
    if not _MAY_LINK.search(text):
        return []  # most fields have no link: skip a full Markdown conversion (a hot spot at scale)
    _LINK_PARSER.reset()
    _LINK_PARSER.found_links = []
    _LINK_PARSER.convert(text)
    problems = []
    for tag, url in _LINK_PARSER.found_links:
        offset = max(text.find(url), 0)
        if not url_is_allowed(url):
            problems.append(Problem(offset, f"link to '{url}' is not allowed: links may only go to http://, "
                                            "https://, mailto: or a page of this site"))
        elif tag == "img" and SCHEME.match(url.strip()) or tag == "img" and url.strip().startswith("//"):
            problems.append(Problem(offset, f"image from another site ('{url}') is not allowed: "
                                            "the site loads nothing from other hosts"))
    return problems


@dataclass
class Reference:
    """A numbered entry of a page's reference list."""

    number: int
    source: m.Source
    claim: Optional[m.Claim]
    url: str


@dataclass
class References:
    """The reference list of one page, numbered in order of first citation."""

    entries: list[Reference] = field(default_factory=list)
    _by_key: dict[str, Reference] = field(default_factory=dict)

    def cite(self, key: str, make: "callable") -> Reference:
        if key not in self._by_key:
            source, claim, url = make()
            ref = Reference(len(self.entries) + 1, source, claim, url)
            self.entries.append(ref)
            self._by_key[key] = ref
        return self._by_key[key]

    def __bool__(self) -> bool:
        return bool(self.entries)
