"""Which entities a text names: one rule for the entity pages and for linking names in pages.

A mention is an entity's name or one of its aliases, matched case-sensitively
as whole words; where names overlap, the longest wins ('Anna Berg' over
'Berg'). Each name is filed under its first word, so a text is searched only
for the names whose first word it contains, not for every entity: at a
thousand sources that is the difference between seconds and minutes.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable

from markupsafe import escape

from builder.model import items as m

_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


class Mentions:
    """Finds entity names in text; `html=True` matches names as they are written in escaped HTML."""

    def __init__(self, entities: Iterable[m.Entity], html: bool = False):
        self.owner: dict[str, str] = {}  # name as matched -> entity id (the first entity to claim a name)
        self.position: dict[str, int] = {}  # entity id -> its place in entities.yaml, for stable order
        by_word: dict[str, list[tuple[str, int]]] = defaultdict(list)  # first word -> (name, its offset)
        self._always: list[str] = []  # names with no word character
        for position, entity in enumerate(entities):
            self.position.setdefault(entity.id, position)
            for name in (entity.name, *entity.aliases):
                if not name.strip():
                    continue
                written = str(escape(name)) if html else name
                if written in self.owner:
                    continue
                self.owner[written] = entity.id
                word = _WORD.search(written)
                if word:
                    by_word[word.group(0)].append((written, word.start()))
                else:
                    self._always.append(written)
        self._by_word = dict(by_word)
        self._cache: dict[str, list[tuple[int, int, str]]] = {}  # text -> its mentions (texts recur)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, entity id) of each mention, in order, never overlapping."""
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self._find(text)
        return found

    def _find(self, text: str) -> list[tuple[int, int, str]]:
        # Every match of `(?<!\w)name(?!\w)` has the name's first word as a whole word of the text at
        # the same offset, so only those places are tried; per name, as re.finditer would, a match
        # may not start inside the previous one.
        found: list[tuple[int, int, str]] = []
        ends: dict[str, int] = {}
        size = len(text)
        for word in _WORD.finditer(text):
            for name, offset in self._by_word.get(word.group(0), ()):
                start = word.start() - offset
                end = start + len(name)
                if start < ends.get(name, 0) or start < 0 or not text.startswith(name, start):
                    continue
                if (start and _WORD_CHAR.match(text, start - 1)) or (end < size and _WORD_CHAR.match(text, end)):
                    continue
                found.append((start, end, name))
                ends[name] = end
        for name in self._always:
            found += [(match.start(), match.end(), name) for match in _pattern(name).finditer(text)]
        # Where mentions overlap ("the Old Town" in "the Old Town Council"), the longest wins.
        chosen: list[tuple[int, int, str]] = []
        for start, end, name in sorted(found, key=lambda f: (f[0] - f[1], f[0], f[2])):
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, self.owner[name]))
        return sorted(chosen)

    def ids(self, text: str) -> set[str]:
        return {entity_id for _, _, entity_id in self.find(text)}

    def in_order(self, entity_ids: Iterable[str]) -> list[str]:
        """Known entity ids in the order of entities.yaml."""
        return sorted((e for e in set(entity_ids) if e in self.position), key=self.position.__getitem__)


COMMON_MIN_THEMES = 3
"""An entity named in at least this many themes, and in more than half of them, is a household name of the briefing."""


def common_entities(theme_texts: Iterable[str], mentions: Mentions) -> frozenset[str]:
    """The briefing's household names: entities named in more than half of the themes and in at least three.

    Theme pages do not link them: a reader of this briefing knows who they are, and a link on
    every page that names them would drown the links that help.
    """
    texts = list(theme_texts)
    counts: dict[str, int] = defaultdict(int)
    for text in texts:
        for entity_id in mentions.ids(text):
            counts[entity_id] += 1
    return frozenset(e for e, n in counts.items() if n >= COMMON_MIN_THEMES and n * 2 > len(texts))


def theme_text(theme: m.Theme) -> str:
    """The text of a theme in which entity names count: its bottom line, sections and what to watch."""
    return " ".join([theme.bottom_line, *(s.body for s in theme.sections), *theme.watch_next])


@functools.cache
def _pattern(name: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


_TAG = re.compile(r"(<[^>]*>)")
_NO_LINK_INSIDE = ("a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "sup")


def link_mentions(rendered: str, mentions: Mentions, href_of, linked: set[str] | None = None) -> str:
    """Link the first mention of each entity in HTML, never inside a link, code, heading or citation.

    `linked` holds the entities not to link: those already linked on this page (it is updated, so a
    page that passes the same set to each of its blocks links each entity once) and those never linked.
    """
    linked = set() if linked is None else linked
    open_tags: list[str] = []
    pieces = []
    for piece in _TAG.split(str(rendered)):
        if piece.startswith("<"):
            tag = re.match(r"</?([a-zA-Z0-9]+)", piece)
            if tag and tag.group(1).lower() in _NO_LINK_INSIDE and not piece.endswith("/>"):
                if piece.startswith("</"):
                    if tag.group(1).lower() in open_tags:
                        open_tags.remove(tag.group(1).lower())
                else:
                    open_tags.append(tag.group(1).lower())
            pieces.append(piece)
            continue
        if open_tags or not piece:
            pieces.append(piece)
            continue
        out, last = [], 0
        for start, end, entity_id in mentions.find(piece):
            if entity_id in linked:
                continue
            linked.add(entity_id)
            out.append(piece[last:start])
            out.append(f'<a class="bf-entity" href="{escape(href_of(entity_id))}">{piece[start:end]}</a>')
            last = end
        out.append(piece[last:])
        pieces.append("".join(out))
    return "".join(pieces)
