"""What a re-worded text lost and gained, word by word, for readers and reviewers.

Two versions of a Markdown text go in; what comes out is the text as a
reader reads it (citations and Markdown markup removed, spaces folded),
cut into pieces that are the same in both, deleted, or inserted, with only
enough unchanged words around each change to read it in place. The pieces
are then written as HTML (`<del>`, `<ins>`: the site and the feed), as
Markdown (the same tags, which GitHub shows struck through and underlined:
`briefing diff` in a pull request) or as plain text (`[-old-]{+new+}`).

The comparison is difflib's SequenceMatcher over words, spaces and
punctuation marks (never characters: "likely" to "unlikely" is one word
replaced, not two letters added), followed by a clean-up in the manner of
diff-match-patch's semantic clean-up: a short run of unchanged words between
two larger changes is folded into them, so that a rewritten clause reads as
one deletion and one insertion rather than as confetti.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from builder.model import citations

CONTEXT = 8
"""Unchanged words kept on each side of a change (fewer where a sentence starts or ends within them)."""
WHOLE = 40
"""A text of at most this many words is shown whole, however little of it changed."""

_TOKEN = re.compile(r"\w+(?:['’.,:/-]\w+)*|\s+|[^\w\s]")
"""A word (with inner apostrophes, hyphens and the marks of figures such as 6,000 or 2.5), spaces, or one mark."""
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_SENTENCE_END = frozenset(".!?")


def readable(text: str | None) -> str:
    """A Markdown text as a reader reads it: without citations, link targets or emphasis marks; spaces folded."""
    bare = citations.without_citations(text or "")
    bare = _LINK.sub(lambda match: match.group(1), bare)
    bare = _EMPHASIS.sub(lambda match: match.group(2), bare)
    return " ".join(bare.split())


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _is_word(token: str) -> bool:
    return not token.isspace() and bool(re.match(r"\w", token))


def _words(tokens: list[str]) -> int:
    return sum(1 for token in tokens if _is_word(token))


@dataclass(frozen=True)
class Piece:
    """A run of the text: the same in both versions, deleted, inserted, or a gap where unchanged text is left out."""

    kind: str
    """'same', 'del', 'ins' or 'gap'."""
    text: str


@dataclass(frozen=True)
class WordDiff:
    """A re-worded text as pieces, with the counts of words deleted and inserted."""

    pieces: tuple[Piece, ...]
    deleted: int
    """Words deleted."""
    inserted: int
    """Words inserted."""

    def html(self) -> Markup:
        """`… kept <del>old</del><ins>new</ins> kept …`, every piece escaped."""
        out = []
        for piece in self.pieces:
            if piece.kind in ("del", "ins"):
                out.append(Markup("<{0}>{1}</{0}>").format(piece.kind, piece.text))
            else:
                out.append(escape(piece.text))
        return Markup("").join(out)

    def markdown(self) -> str:
        """The same for GitHub Markdown: <del> and <ins> around inert text (no link, emphasis or HTML of content)."""
        out = []
        for piece in self.pieces:
            text = _inert(piece.text)
            out.append(f"<{piece.kind}>{text}</{piece.kind}>" if piece.kind in ("del", "ins") else text)
        return "".join(out)

    def plain(self) -> str:
        """The same as plain text: `[-old-]{+new+}`, as `git diff --word-diff` writes it."""
        marks = {"del": ("[-", "-]"), "ins": ("{+", "+}")}
        return "".join(marks[p.kind][0] + p.text + marks[p.kind][1] if p.kind in marks else p.text
                       for p in self.pieces)


def _inert(text: str) -> str:
    """Content text made inert in Markdown: a pull request's summary must not render links or HTML from content."""
    return "".join("\\" + ch if ch in "\\`*_{}[]<>|~" else ch for ch in text)


@functools.lru_cache(maxsize=4096)  # the same releases are compared again by each preview rebuild's History
def diff(old: str | None, new: str | None, context: int = CONTEXT, whole: int = WHOLE) -> WordDiff | None:
    """The word differences between two versions of a Markdown text; None when a reader would see the same words."""
    before, after = _tokens(readable(old)), _tokens(readable(new))
    if before == after:
        return None
    runs = _runs(before, after)
    pieces: list[Piece] = []
    trim = _words(after) > whole or _words(before) > whole
    for i, (kind, old_tokens, new_tokens) in enumerate(runs):
        if kind == "same":
            pieces += _context(old_tokens, first=i == 0, last=i == len(runs) - 1, keep=context, trim=trim)
            continue
        if old_tokens:
            pieces.append(Piece("del", "".join(old_tokens)))
        if new_tokens:
            pieces.append(Piece("ins", "".join(new_tokens)))
    deleted = sum(_words(o) for kind, o, _ in runs if kind == "change")
    inserted = sum(_words(n) for kind, _, n in runs if kind == "change")
    return WordDiff(tuple(_spaced(pieces)), deleted, inserted)


def _opcodes(before: list[str], after: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes for the tokens, what both begin and end with matched first.

    SequenceMatcher's time grows with the square of how often a token recurs, and nearly half the
    tokens are spaces: a re-worded text mostly keeps its beginning and end, which are matched here
    at once (where the same words could be paired two ways, this takes the change as late in the
    common beginning and as early in the common end as it can go)."""
    shortest = min(len(before), len(after))
    start = 0
    while start < shortest and before[start] == after[start]:
        start += 1
    end = 0
    while end < shortest - start and before[-1 - end] == after[-1 - end]:
        end += 1
    middle = difflib.SequenceMatcher(None, before[start:len(before) - end], after[start:len(after) - end],
                                     autojunk=False)
    opcodes = [("equal", 0, start, 0, start)] if start else []
    for tag, i1, i2, j1, j2 in middle.get_opcodes():
        opcodes.append((tag, i1 + start, i2 + start, j1 + start, j2 + start))
    if end:
        opcodes.append(("equal", len(before) - end, len(before), len(after) - end, len(after)))
    return opcodes


def _runs(before: list[str], after: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """('same', tokens, tokens) and ('change', deleted tokens, inserted tokens) in order, cleaned up."""
    runs: list[tuple[str, list[str], list[str]]] = []
    for tag, i1, i2, j1, j2 in _opcodes(before, after):
        kind = "same" if tag == "equal" else "change"
        if runs and runs[-1][0] == kind == "change":
            runs[-1] = ("change", runs[-1][1] + before[i1:i2], runs[-1][2] + after[j1:j2])
        else:
            runs.append((kind, before[i1:i2], after[j1:j2]))
    changed = True
    while changed:  # fold short unchanged runs between changes into them, until none is left to fold
        changed = False
        for i in range(1, len(runs) - 1):
            kind, same, _ = runs[i]
            if kind != "same" or runs[i - 1][0] != "change" or runs[i + 1][0] != "change":
                continue
            left = max(_words(runs[i - 1][1]), _words(runs[i - 1][2]))
            right = max(_words(runs[i + 1][1]), _words(runs[i + 1][2]))
            if _words(same) == 0 or (_words(same) <= min(left, right) and _words(same) <= 2):
                merged = ("change", runs[i - 1][1] + same + runs[i + 1][1], runs[i - 1][2] + same + runs[i + 1][2])
                runs[i - 1:i + 2] = [merged]
                changed = True
                break
    out: list[tuple[str, list[str], list[str]]] = []
    for run in runs:  # spaces that open or close both sides of a change stand outside it
        for part in _edges(run):
            if out and out[-1][0] == part[0] == "same":
                out[-1] = ("same", out[-1][1] + part[1], out[-1][2] + part[2])
            elif part[1] or part[2]:
                out.append(part)
    return _slid(out)


def _slid(runs: list[tuple[str, list[str], list[str]]]) -> list[tuple[str, list[str], list[str]]]:
    """Words added or taken out alone take the space after them, not before: 'met {+on Monday +}in', as one
    writes them, rather than 'met{+ on Monday+} in' (the same change)."""
    runs = list(runs)
    for i in range(1, len(runs) - 1):
        kind, old, new = runs[i]
        moved = new if not old else old if not new else None
        after = runs[i + 1][1]
        if kind != "change" or not moved or not moved[0].isspace() or not after or after[0] != moved[0]:
            continue
        shifted = moved[1:] + moved[:1]
        space = moved[:1]
        runs[i - 1] = ("same", runs[i - 1][1] + space, runs[i - 1][2] + space)
        runs[i] = ("change", shifted if old else [], shifted if new else [])
        runs[i + 1] = ("same", runs[i + 1][1][1:], runs[i + 1][2][1:])
    return [run for run in runs if run[1] or run[2]]


def _edges(run: tuple[str, list[str], list[str]]) -> list[tuple[str, list[str], list[str]]]:
    kind, old, new = run
    if kind == "same" or not old or not new:
        return [run]
    lead = 1 if old[0] == new[0] and old[0].isspace() and len(old) > 1 and len(new) > 1 else 0
    trail = 1 if old[-1] == new[-1] and old[-1].isspace() and len(old) > 1 + lead and len(new) > 1 + lead else 0
    middle = ("change", old[lead:len(old) - trail], new[lead:len(new) - trail])
    return [("same", old[:lead], new[:lead]), middle, ("same", old[len(old) - trail:], new[len(new) - trail:])]


def _context(tokens: list[str], first: bool, last: bool, keep: int, trim: bool) -> list[Piece]:
    """An unchanged run as it is shown: whole when short, else a few words beside each change."""
    if not trim or _words(tokens) <= (keep if first or last else 2 * keep + 5):
        return [Piece("same", "".join(tokens))]
    pieces: list[Piece] = []
    if not first:  # the words after the change before it, up to the end of its sentence
        pieces.append(Piece("same", "".join(_head(tokens, keep))))
    pieces.append(Piece("gap", "…"))
    if not last:  # the words before the next change, from the start of their sentence
        pieces.append(Piece("same", "".join(_tail(tokens, keep))))
    return pieces


def _head(tokens: list[str], keep: int) -> list[str]:
    """The first `keep` words, ended at the last full stop among them when there is one."""
    taken, words, end = [], 0, 0
    for token in tokens:
        if _is_word(token):
            if words == keep:
                break
            words += 1
        taken.append(token)
        if token in _SENTENCE_END:
            end = len(taken)
    return taken[:end] if end else taken


def _tail(tokens: list[str], keep: int) -> list[str]:
    """The last `keep` words, started after the first full stop among them when there is one."""
    taken: list[str] = []
    words = 0
    for token in reversed(tokens):
        if _is_word(token):
            if words == keep:
                break
            words += 1
        taken.insert(0, token)
    for i, token in enumerate(taken):
        if token in _SENTENCE_END and i + 1 < len(taken):
            return taken[i + 1:]
    return taken


def _spaced(pieces: list[Piece]) -> list[Piece]:
    """A gap is set off by single spaces from its neighbours, and never starts or ends the text with a space."""
    out: list[Piece] = []
    for i, piece in enumerate(pieces):
        if piece.kind == "same":
            text = piece.text
            if i > 0 and pieces[i - 1].kind == "gap":
                text = text.lstrip()
            if i + 1 < len(pieces) and pieces[i + 1].kind == "gap":
                text = text.rstrip()
            if text:
                out.append(Piece("same", text))
        elif piece.kind == "gap":
            if out and out[-1].kind != "gap":
                out.append(Piece("same", " "))
            out.append(piece)
            if i + 1 < len(pieces):
                out.append(Piece("same", " "))
        else:
            out.append(piece)
    merged: list[Piece] = []
    for piece in out:
        if merged and merged[-1].kind == piece.kind == "same":
            merged[-1] = Piece("same", merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged
