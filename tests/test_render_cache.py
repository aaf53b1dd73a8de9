"""Markdown rendered once per site gives the very bytes of Markdown rendered on each page.

render.py converts a text shared by several pages once, with a placeholder for each
citation group, and converts plain paragraphs without Python-Markdown at all. Both
shortcuts must give what Python-Markdown gives for the text with the page's own
citation HTML in it; here they are compared on generated texts made of the pieces
that matter to Markdown (emphasis, brackets, line starts, escapes, code, entities).
"""

from __future__ import annotations

import markdown
from hypothesis import given, settings, strategies as st

from builder.model import citations
from builder.checks import links
from builder.pages import jsontext, render
import pytest

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

PIECES = [
    "word", "Word", "the", "2,000", "3.5", "1.", "12)", " ", "  ", "   ", "    ", "\t", "\n", "\n\n", "\n\n\n", "\n \n",
    "*", "**", "_", "__", "*em*", "_em_", "a_b", "#", "# ", "## ", ">", "> ", "-", "- ", "+ ", "---", "===", "***",
    "[", "]", "(", ")", "[x](https://example.org)", "[x](themes/a/)", "![i](x.png)", "`", "`code`", "\\", "\\*",
    "<", "<b>", "&", "&amp;", "&copy;", "!", ":", "|", "~", "\"", "'", "\u201cq\u201d", "\u00a0", "\u2028", "\x85",
    "\ue000", "\ue0010\ue001", "é", "Ünïcödé", "🙂", "[@a#b]", "[@a#b; @c]", "[@c]", "[@ a#b ]", "[@bad key]",
]


def cite_html(number: int) -> str:
    """A citation group's HTML as a page renders it, numbered as that page numbers it."""
    return (f'<sup class="bf-cites">[<a class="bf-cite" href="../../sources/a/#claim-b" data-ref="{number}" '
            f'aria-describedby="ref-{number}">{number}</a>]</sup>')


def python_markdown(text: str) -> str:
    return markdown.Markdown(extensions=[links.LinkWalker()], output_format="html").convert(text)


def on_each_page(text: str, groups) -> str:
    """The way every page rendered a text before: citation HTML in, then Python-Markdown."""
    pieces, last = [], 0
    for i, group in enumerate(groups):
        pieces += [text[last : group.start], cite_html(i + 1)]
        last = group.end
    return python_markdown("".join(pieces + [text[last:]]))


texts = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


@settings(max_examples=3000, deadline=None)
@given(texts)
def test_plain_paragraphs_are_what_python_markdown_makes(text):
    fast = render.plain_paragraphs(text)
    if fast is not None:
        assert fast == python_markdown(text)


@settings(max_examples=3000, deadline=None)
@given(texts)
def test_a_text_converted_once_with_placeholders_is_the_text_converted_on_each_page(text):
    groups = citations.parse(text)[0]
    masked = render.shareable(text, groups)
    if masked is None:
        return
    shared = render.plain_paragraphs(masked)
    if shared is None:
        shared = python_markdown(masked)
    if not render._fills_once(shared, len(groups)):
        return  # the renderer falls back to converting on each page
    assert render._fill(shared, [cite_html(i + 1) for i in range(len(groups))]) == on_each_page(text, groups)


def test_the_fast_paths_are_taken_for_ordinary_text():
    """The cases the shortcuts exist for do take them (else the test above proves nothing)."""
    text = "Officials said 2,000 troops arrived [@a#b].\n\nA second paragraph [@c; @a#b], on two\nlines."
    groups = citations.parse(text)[0]
    masked = render.shareable(text, groups)
    assert masked is not None and render.plain_paragraphs(masked) is not None
    assert render.shareable("A [link](themes/a/) [@a#b]", citations.parse("A [link](themes/a/) [@a#b]")[0]) is None
    assert render.plain_paragraphs("Some *emphasis*.") is None


# -- entity mentions: found by first word, as the regular expression per name found them ---------

def mentions_by_regex(mentions, text: str) -> list[tuple[int, int, str]]:
    """The rule as first written: every name's regular expression over the whole text."""
    import re

    found = [(m.start(), m.end(), name) for name in mentions.owner
             for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    chosen = []
    for start, end, name in sorted(found, key=lambda f: (f[0] - f[1], f[0], f[2])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, mentions.owner[name]))
    return sorted(chosen)


NAMES = ["Anna Berg", "Berg", "Anna", "Ka Ka", "the North", "North Ruritania", "O'Brien", "K-9", "(Zenda)", "...", "é Z"]
WORDS = [*NAMES, " ", "  ", "x", "Bergs", "Anna-Berg", "_Berg", "Berg_", "é", "Ka", "North", "Ruritanian", "(", ")", "."]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=20).map("".join), st.booleans())
def test_mentions_found_by_first_word_are_those_the_regular_expressions_find(text, html):
    from builder.model import items as m
    from builder.pages.mentions import Mentions

    entities = [m.Entity(id=f"e{i}", name=name, kind="person", role="r", aliases=()) for i, name in enumerate(NAMES)]
    mentions = Mentions(entities, html=html)
    assert mentions.find(text) == mentions_by_regex(mentions, text)


# -- briefing.json: the fast encoder writes what json.dumps writes --------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=8)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=4), children, max_size=4),
                               st.dictionaries(st.integers(), children, max_size=4)),
    max_leaves=30)


@settings(max_examples=1000, deadline=None)
@given(json_values)
def test_the_json_of_the_data_file_is_what_json_dumps_writes(value):
    import json

    assert jsontext.json_text(value) == json.dumps(value, sort_keys=True, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("chunk", [1, 3, jsontext.CHUNK])
def test_a_large_json_document_written_in_chunks_is_what_json_dumps_writes(monkeypatch, chunk):
    """briefing.json at thousands of sources: the pieces are joined into chunks as they come, in order."""
    import json

    monkeypatch.setattr(jsontext, "CHUNK", chunk)
    value = {"sources": [{"id": f"s{i}", "claims": [{"text": f"claim {i}.{j}", "credibility": j % 6 + 1}
                                                      for j in range(3)], "tags": {"n": i, "ok": i % 2 == 0}}
                         for i in range(3000)], "title": "Brücke"}
    assert jsontext.json_text(value) == json.dumps(value, sort_keys=True, ensure_ascii=False, indent=1)
