"""Pandoc-style citations in Markdown fields: [@source], [@source#claim], [@a#c1; @b#c2]."""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.model import ids

_GROUP = re.compile(r"\[\s*@([^\[\]]*)\]")
_KEY = re.compile(r"^@?([a-z0-9]+(?:-[a-z0-9]+)*)(?:#([a-z0-9]+(?:-[a-z0-9]+)*))?$")
_STRAY = re.compile(r"\[\s*@")


@dataclass(frozen=True)
class Citation:
    """One cited key inside a group, with the group's place in the text."""

    source: str
    claim: str | None
    start: int
    end: int

    @property
    def key(self) -> str:
        return ids.claim_key(self.source, self.claim)


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
        citations: list[Citation] = []
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


def without_citations(text: str, groups: list[CitationGroup] | None = None) -> str:
    """The text with every citation group removed (for plain-text summaries and labels)."""
    for group in reversed(parse(text)[0] if groups is None else groups):
        text = text[: group.start].rstrip() + text[group.end :]
    return text


