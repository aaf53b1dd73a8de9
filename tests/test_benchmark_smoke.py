"""The benchmark runs end to end at a small size, so it cannot rot; and the speed-ups keep behaviour."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from hypothesis import given, settings, strategies as st

from builder import model as m
from builder.mentions import Mentions
from conftest import REPO

BENCH = REPO / "benchmarks" / "run.py"


def test_benchmark_at_50_sources_prints_one_line_with_every_figure_in_range():
    result = subprocess.run([sys.executable, str(BENCH), "--sizes", "50"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    fig = json.loads(lines[0])
    sys.path.insert(0, str(BENCH.parent))
    try:
        from run import FIELDS, find_hugo
    finally:
        sys.path.remove(str(BENCH.parent))
    assert set(fig) == set(FIELDS)

    assert fig["sources"] == 50
    # 50 sources, 2 themes, 10 entities and the fixed pages (home, indexes, timeline...)
    assert 50 + 2 + 10 + 5 <= fig["pages"] <= 50 + 2 + 10 + 20
    stages = [fig[k] for k in ("load_s", "check_s", "render_s", "mkdocs_s")]
    assert all(0 < s < 60 for s in stages), fig
    assert sum(stages) < fig["total_s"] < 60, fig
    assert 0 < fig["search_index_s"] < fig["mkdocs_s"], fig  # Pagefind runs inside the MkDocs stage
    assert 0 < fig["check_cmd_s"] < 60, fig
    assert 20 < fig["peak_rss_mb"] < 2000, fig
    assert 0.5 < fig["site_mb"] < 200, fig
    # the home page, Material's CSS and JS, Pagefind's script and WebAssembly, a few index chunks
    # and fragments: well under the 1 MB that is the target at 5,000 sources
    assert 200_000 < fig["search_first_result_bytes"] < 1_000_000, fig
    assert 0 < fig["search_first_result_gzip_bytes"] < fig["search_first_result_bytes"], fig
    assert fig["search_engine"] == "pagefind"
    assert 0 < fig["bare_mkdocs_s"] < 60, fig
    assert abs(fig["ratio_to_bare"] - fig["total_s"] / fig["bare_mkdocs_s"]) < 0.01, fig
    assert 0.3 < fig["ratio_to_bare"] < 10, fig
    # CPU seconds of the same two builds: steadier than wall time on a busy machine
    assert 0 < fig["total_cpu_s"] < 60 and 0 < fig["bare_mkdocs_cpu_s"] < 60, fig
    assert 0.3 < fig["cpu_ratio_to_bare"] < 10, fig

    # Hugo on the same Markdown pages, when the `hugo` package (a test dependency) is installed
    hugo_fields = ("hugo_s", "hugo_pages", "hugo_version", "ratio_to_hugo")
    if find_hugo() is None:
        assert all(fig[k] is None for k in hugo_fields), fig
        assert "no hugo binary" in result.stderr
        return
    assert fig["hugo_pages"] == fig["pages"], fig  # one HTML page per Markdown page, no more
    assert 0 < fig["hugo_s"] < 60, fig
    assert re.fullmatch(r"\d+\.\d+\.\d+", fig["hugo_version"]), fig
    # total_s and hugo_s are rounded to the millisecond: the ratio of the unrounded figures is
    # within that rounding of the ratio of the printed ones
    ratio = fig["total_s"] / fig["hugo_s"]
    assert abs(fig["ratio_to_hugo"] - ratio) <= ratio * (0.0006 / fig["total_s"] + 0.0006 / fig["hugo_s"]) + 0.0006, fig


def test_benchmark_refuses_a_size_below_one():
    result = subprocess.run([sys.executable, str(BENCH), "--sizes", "0"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 2
    assert "at least 1" in result.stderr


def _mentioned_by_regex(text: str, entities) -> set[str]:
    """The definition the word index must agree with: every name or alias as a whole word, searched
    in the whole text; where two overlap, the longer wins."""
    owner: dict[str, str] = {}
    for e in entities:
        for n in (e.name, *e.aliases):
            if n.strip():
                owner.setdefault(n, e.id)
    found = [(mt.start(), mt.end(), n) for n in owner for mt in re.finditer(rf"(?<!\w){re.escape(n)}(?!\w)", text)]
    chosen: list[tuple[int, int]] = []
    ids = set()
    for start, end, n in sorted(found, key=lambda f: (f[0] - f[1], f[0], f[2])):
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
            ids.add(owner[n])
    return ids


_names = st.text(alphabet="ab -.'é_1", min_size=1, max_size=6).filter(lambda s: s.strip())


@settings(max_examples=300, deadline=None)
@given(names=st.lists(st.tuples(_names, st.lists(_names, max_size=2)), min_size=1, max_size=5),
       text=st.text(alphabet="ab -.'é_1\n", max_size=40))
def test_entity_mentions_found_through_the_word_index_match_a_regex_per_name(names, text):
    entities = tuple(m.Entity(id=f"e{i}", name=name, kind="person", role="r", aliases=tuple(aliases))
                     for i, (name, aliases) in enumerate(names))
    assert Mentions(entities).ids(text) == _mentioned_by_regex(text, entities)


_link_syntax = st.text(alphabet="[]()<>!:@/ \n\\`*xh.&#;93", max_size=40)


@settings(max_examples=2000, deadline=None)
@given(text=_link_syntax)
def test_a_field_skipped_by_the_link_fast_path_has_no_link_in_a_full_markdown_parse(text):
    from builder import links

    if links._MAY_LINK.search(text):
        return
    found = []
    links._PARSER.reset()
    links._PARSER.visit_link = lambda element, attribute, value: found.append(value)
    links._PARSER.convert(text)
    assert found == []


_PAGES = [
    "# Title\n\n<p>One block.</p>\n\n## Next\n\n<div class=\"a\">\n<div>inner</div>\n<p>x</p>\n</div>\n",
    "<div>\n</div>\n*emphasis after the block closes*\n<div>b</div>\n\n## After",
    "<ol>\n<li>a</li>\n</ol>\n\n<ol>\n<li>b</li>\n</ol>",
    "Text first\n<div>not at a chunk start</div>\n\n<span>inline tag</span>\n\n<hr>\n\n<div markdown=\"1\">*md*</div>",
    "<div>unclosed\n\n</div>\n\n# Heading {#custom}\n\n<table><tr><td>1</td></tr></table>",
    "<pre>code\n\nwith a blank line</pre>\n\n<DIV>upper</DIV>\n\n<div>a</div> tail text",
    "## Only a heading",
    "",
]


def test_html_blocks_kept_out_of_markdown_come_back_exactly_as_markdown_would_have_left_them():
    import markdown

    from builder import rawhtml

    for page in _PAGES:
        direct = markdown.Markdown(extensions=["toc", "attr_list"]).convert(page)
        text, key, blocks = rawhtml.stash(page)
        via_stash = rawhtml.restore(markdown.Markdown(extensions=["toc", "attr_list"]).convert(text), key, blocks)
        assert via_stash == direct, page


def test_only_whole_block_level_html_chunks_are_kept_out_of_markdown():
    from builder import rawhtml

    _, _, blocks = rawhtml.stash(_PAGES[3] + "\n\n" + _PAGES[1] + "\n\n<div>whole</div>")
    assert blocks == ["<div>whole</div>"]
