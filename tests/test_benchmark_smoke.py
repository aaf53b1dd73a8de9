"""The benchmark runs end to end at a small size, so it cannot rot; and the speed-ups keep behaviour."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import yaml
from hypothesis import given, settings, strategies as st

from builder.model import items as m
from builder.model import urls
from builder.pages.mentions import Mentions
from conftest import REPO
import pytest

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

BENCH = REPO / "benchmarks" / "run.py"


def _quotient_matches(printed: float, numerator: float, denominator: float) -> bool:
    """A printed ratio is the quotient of the two printed figures, within their rounding to the millisecond."""
    ratio = numerator / denominator
    return abs(printed - ratio) <= ratio * (0.0006 / numerator + 0.0006 / denominator) + 0.0006


def test_benchmark_at_50_sources_prints_figures_that_agree_with_what_it_built(tmp_path):
    results_file = tmp_path / "results.json"
    result = subprocess.run([sys.executable, str(BENCH), "--sizes", "50", "--keep", str(tmp_path), "--no-serve",
                             "--no-real", "--json", str(results_file)], cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    results = json.loads(results_file.read_text(encoding="utf-8"))
    fig = results["sizes"]["50"]
    sys.path.insert(0, str(BENCH.parent))
    try:
        from run import FIELDS, FULL_FIELDS, find_hugo, folder_bytes
    finally:
        sys.path.remove(str(BENCH.parent))
    assert set(fig) == set(FIELDS) | set(FULL_FIELDS)
    project = tmp_path / "n50" / "project"
    site = project / "site"

    # The table: each figure measured at 50 beside its target, marked as set for another size.
    assert "| figure | N | measured | target | |" in result.stdout
    rows = {row["key"]: row for row in results["table"]}
    assert rows["ratio_to_bare"]["value"] == fig["ratio_to_bare"] and rows["ratio_to_bare"]["pass"] is None
    assert rows["peak_tree_rss_mb"]["sources"] == 50 and "N=5000" in rows["peak_tree_rss_mb"]["verdict"]
    assert "real_build_s" in rows and rows["real_build_s"]["value"] is None  # --no-real

    # Counts: what was generated, and what was built from it.
    n = fig["sources"]
    assert n == 50 == len(list((project / "content" / "sources").glob("*.yaml")))
    assert not fig["split_lists"]
    themes = len(list((project / "content" / "themes").glob("*.yaml")))
    entities = len(yaml.safe_load((project / "content" / "entities.yaml").read_text(encoding="utf-8"))["entities"])
    assert (themes, entities) == (n // 20, n // 5)  # the sizes README, Performance promises
    fixed = [k for k in urls.PER_ITEM ^ set(urls._FILES) if urls._FILES[k].endswith(".md")]
    assert fig["pages"] == n + themes + entities + len(fixed)
    assert fig["pages"] == len(list(site.rglob("index.html")))  # one HTML page per page, no more
    assert fig["site_mb"] == round(folder_bytes(site) / 2**20, 2)

    # Times: each stage took some time, the stages fit in the whole build, Pagefind inside MkDocs.
    stages = [fig[k] for k in ("load_s", "check_s", "render_s", "mkdocs_s")]
    assert all(s > 0 for s in stages), fig
    assert sum(stages) <= fig["total_s"], fig
    assert 0 < fig["search_index_s"] <= fig["mkdocs_s"], fig
    assert _quotient_matches(fig["own_stages_share"], sum(stages[:3]), fig["total_s"]), fig
    assert fig["check_cmd_s"] > 0 and fig["total_cpu_s"] > 0, fig
    # Memory: the largest process is one of the tree, which holds the build process and Pagefind.
    assert 0 < fig["peak_rss_self_mb"] <= fig["peak_rss_mb"] < fig["peak_tree_rss_mb"], fig
    assert any(name.startswith("python") for name in fig["peak_tree_processes_mb"]), fig
    assert 0 < fig["peak_tree_pss_mb"] <= fig["peak_tree_rss_mb"], fig  # shared pages counted once, in part
    # Ratios are the quotients of the figures printed beside them.
    assert _quotient_matches(fig["ratio_to_bare"], fig["total_s"], fig["bare_mkdocs_s"]), fig
    assert _quotient_matches(fig["cpu_ratio_to_bare"], fig["total_cpu_s"], fig["bare_mkdocs_cpu_s"]), fig
    # Search: measured in Chromium, three searches at this size; without it, not measured and said so.
    queries = fig["search_first_result_queries"]
    if queries is None:
        assert fig["search_first_result_bytes"] is None and "not measured" in result.stderr
    else:
        assert len(queries) == 3 and all(len(q.split()) == 2 for q in queries), queries
        assert fig["search_first_result_bytes"] == max(queries.values()), fig
        assert 0 < fig["search_first_result_median_bytes"] <= fig["search_first_result_bytes"] < 1_000_000, fig
        assert fig["search_first_result_bytes"] > (site / "pagefind" / "pagefind.js").stat().st_size // 10
    assert fig["search_engine"] == "pagefind"

    # Hugo on the same Markdown pages, when the `hugo` package (a test dependency) is installed
    hugo_fields = ("hugo_s", "hugo_pages", "hugo_version", "ratio_to_hugo")
    if find_hugo() is None:
        assert all(fig[k] is None for k in hugo_fields), fig
        assert "no hugo binary" in result.stderr
        return
    assert fig["hugo_pages"] == fig["pages"], fig  # one HTML page per Markdown page, no more
    assert len(fig["hugo_runs_s"]) == 5 and fig["hugo_s"] == sorted(fig["hugo_runs_s"])[2] > 0, fig  # the median
    assert re.fullmatch(r"\d+\.\d+\.\d+", fig["hugo_version"]), fig
    assert _quotient_matches(fig["ratio_to_hugo"], fig["total_s"], fig["hugo_s"]), fig


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
    from builder.checks import links

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

    from builder.publish import rawhtml

    for page in _PAGES:
        direct = markdown.Markdown(extensions=["toc", "attr_list"]).convert(page)
        text, key, blocks = rawhtml.stash(page)
        via_stash = rawhtml.restore(markdown.Markdown(extensions=["toc", "attr_list"]).convert(text), key, blocks)
        assert via_stash == direct, page


def test_only_whole_block_level_html_chunks_are_kept_out_of_markdown():
    from builder.publish import rawhtml

    _, _, blocks = rawhtml.stash(_PAGES[3] + "\n\n" + _PAGES[1] + "\n\n<div>whole</div>")
    assert blocks == ["<div>whole</div>"]
