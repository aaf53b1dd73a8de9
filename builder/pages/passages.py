"""Links from a quote to the same passage in the original: a text fragment on a page, the page of a PDF.

A browser that opens `https://example.org/news#:~:text=The%20board%20voted,had%20expected.`
scrolls to the first passage of the page that starts with the first words and
ends with the last, and highlights it (Chromium-based browsers and Safari do;
Firefox from version 131). A browser that does not, or a page whose wording
differs from the archived text, simply opens the page at its top. A quote of a
PDF links to its page instead (`#page=12`, which browsers' PDF viewers follow),
and the page is shown beside it ("p. 12").
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from urllib.parse import quote as percent_encoded

from builder.sources.quotes import ELISION, normalise

WHOLE_WORDS = 10
"""A quote of this many words or fewer is the fragment itself; a longer one is given by its ends."""
END_WORDS = 5
"""Words at each end of a longer quote: enough to find the passage, few enough to survive a line break."""


def _encoded(term: str) -> str:
    """A term of a text directive: everything but letters, digits and '._~' percent-encoded, and '-' too,
    since the directive uses '-' (and ',' and '&') as its own separators."""
    return percent_encoded(term, safe="").replace("-", "%2D")


@functools.lru_cache(maxsize=4096)  # asked of each word's first and last character: a few hundred thousand times
def _folded(char: str) -> bool:
    """A quotation mark or a dash: the quote check takes any of them for any other, a browser does not."""
    return normalise(char) in ("'", '"', "-")


def runs(quote: str) -> list[list[str]]:
    """The quote's words in runs a browser can match as they are: broken at each [...], at a dash standing
    alone and at quotation marks around words, which the quote may write otherwise than the page
    ("-" for "—", '"' for '“'); the marks themselves left out."""
    found: list[list[str]] = []
    for part in ELISION.split(quote):
        current: list[str] = []
        for word in part.split():
            bare = word[1 if _folded(word[0]) else 0 : -1 if _folded(word[-1]) else None]
            if _folded(word[0]) and current:
                found.append(current)
                current = []
            if bare:
                current.append(bare)
            if _folded(word[-1]) and current:
                found.append(current)
                current = []
        if current:
            found.append(current)
    return found


@functools.lru_cache(maxsize=1 << 17)
def text_fragment(quote: str) -> str:
    """The fragment directive for a quote: `:~:text=words` or `:~:text=first%20words,last%20words`.

    Kept for each quote met (a pure function of it): the preview's site after a save works out every
    claim's view again, and most quotes have not changed."""
    found = runs(quote)
    if not found:
        return ""
    if len(found) == 1 and len(found[0]) <= WHOLE_WORDS:
        return ":~:text=" + _encoded(" ".join(found[0]))
    start, end = found[0][:END_WORDS], found[-1][-END_WORDS:]
    return f":~:text={_encoded(' '.join(start))},{_encoded(' '.join(end))}"


def passage_url(url: str, quote: str, pages: Sequence[int] = ()) -> str:
    """The original's address, leading to the quoted passage: its PDF page, or a text fragment."""
    if pages:
        return f"{url.split('#', 1)[0]}#page={pages[0]}"
    fragment = text_fragment(quote)
    if not fragment:
        return url
    return f"{url}{fragment}" if "#" in url else f"{url}#{fragment}"

