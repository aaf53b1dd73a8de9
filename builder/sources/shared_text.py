"""Archived texts that share long passages: a sign that two sources have one origin.

Two reports that reproduce the same wire copy or press release are not
independent, whatever outlets carry them. Every text is cut into overlapping
runs of SHINGLE words; a quarter of them (by a deterministic hash) are filed
in an index, so a pair of texts is compared word by word only when they have
a filed run in common. A passage of MIN_WORDS words has MIN_WORDS - SHINGLE + 1
runs, so the chance that none of them was filed is (3/4)^33, under one in
ten thousand; the comparison itself is exact.

The result is recorded in the quote lock, so it is computed only when the
archived texts change (`briefing lock`) and is known where the archive is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any
from collections.abc import Mapping

SHINGLE = 8
MIN_WORDS = 40
"""A shared passage at least this long is a shared origin (a quoted sentence or two is not)."""
BOILERPLATE = 50
"""A run found in more texts than this is page furniture (share buttons, menus), not a passage."""
EXCERPT_WORDS = 8

_PUNCTUATION = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class SharedPassage:
    """The longest passage two archived texts share (names sorted: a < b)."""

    a: str
    b: str
    words: int  # its length in words
    start_a: int  # the word it starts at in a, counting from 1
    start_b: int
    excerpt: str  # its first words

    def as_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "words": self.words, "starts": [self.start_a, self.start_b],
                "excerpt": self.excerpt}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SharedPassage:
        start_a, start_b = data["starts"]
        return cls(str(data["a"]), str(data["b"]), int(data["words"]), int(start_a), int(start_b),
                   str(data["excerpt"]))


def _tokens(text: str) -> tuple[list[str], list[int]]:
    """Words folded for comparison, and the position of each among the text's words."""
    tokens, positions = [], []
    for position, word in enumerate(text.split()):
        token = _PUNCTUATION.sub("", word.lower())
        if token:
            tokens.append(token)
            positions.append(position)
    return tokens, positions


def find(texts: Mapping[str, str]) -> list[SharedPassage]:
    """Every pair of texts sharing a passage of MIN_WORDS words or more, with its longest passage.

    `texts` maps archive names to their normalised text; the result is sorted and
    the same on every run (no randomised hashing is involved).
    """
    names = sorted(texts)
    vocabulary: dict[str, int] = {}
    words: dict[str, list[str]] = {}
    tokens: dict[str, list[str]] = {}
    positions: dict[str, list[int]] = {}
    filed: dict[int, list[int]] = {}
    for index, name in enumerate(names):
        tokens[name], positions[name] = _tokens(texts[name])
        words[name] = texts[name].split()
        ids = [vocabulary.setdefault(token, len(vocabulary)) for token in tokens[name]]
        # Tuples of ints hash the same in every process (strings do not): a deterministic sample.
        shingles = map(hash, zip(*(ids[offset:] for offset in range(SHINGLE)), strict=False))
        for key in {h for h in shingles if h & 3 == 0}:
            filed.setdefault(key, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for holders in filed.values():
        if 1 < len(holders) <= BOILERPLATE:
            pairs.update((x, y) for i, x in enumerate(holders) for y in holders[i + 1 :])
    found = []
    for x, y in sorted(pairs):
        a, b = names[x], names[y]
        matcher = SequenceMatcher(None, tokens[a], tokens[b], autojunk=False)
        longest = max(matcher.get_matching_blocks(), key=lambda block: (block.size, -block.a))
        if longest.size >= MIN_WORDS:
            start = positions[a][longest.a]
            excerpt = " ".join(words[a][start : start + EXCERPT_WORDS])
            found.append(SharedPassage(a, b, longest.size, start + 1, positions[b][longest.b] + 1, excerpt))
    return found
