"""Word differences: what a reader is shown of a re-worded text, on the site, in the feed and in `briefing diff`."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from builder.releases import worddiff


def plain(old: str, new: str, **kw) -> str:
    found = worddiff.diff(old, new, **kw)
    return found.plain() if found else ""


def test_a_judgement_that_moves_from_likely_to_almost_certain_shows_the_words():
    assert plain("Ruritania is likely to send more workers [@a#b].",
                 "Ruritania is almost certain to send more workers [@a#b].") == \
        "Ruritania is [-likely-]{+almost certain+} to send more workers."


def test_words_not_letters_and_a_lost_comma_is_shown_alone():
    assert plain("It is likely.", "It is unlikely.") == "It is [-likely-]{+unlikely+}."
    assert plain("Officials, they say, agree.", "Officials they say, agree.") == "Officials[-,-] they say, agree."
    assert plain("about 5,000 workers", "about 6,000 workers") == "about [-5,000-]{+6,000+} workers"


def test_what_a_reader_sees_is_compared_citations_links_emphasis_and_line_breaks_aside():
    assert worddiff.diff("A bridge\nis planned [@a#b].", "A bridge is planned [@a#c; @d].") is None
    assert worddiff.diff("See [the talks](timeline/#event-talks).", "See *the talks*.") is None
    assert worddiff.readable("A **firm** [plan](https://example.org/x_(y)) [@a#b]. ") == "A firm plan."


def test_words_added_or_taken_out_carry_the_space_after_them():
    assert plain("Ministers meet in Zenda.", "Ministers meet again in Zenda.") == "Ministers meet {+again +}in Zenda."
    assert plain("Ministers meet again in Zenda.", "Ministers meet in Zenda.") == "Ministers meet [-again -]in Zenda."


def test_a_rewritten_clause_reads_as_one_deletion_and_one_insertion():
    found = plain("The cat sat on the mat and looked at the dog.", "A dog lay under the table and ignored the cat.")
    assert found.count("[-") == 1 and found.count("{+") == 1


def test_a_long_text_keeps_a_few_words_around_each_change_and_marks_what_it_leaves_out():
    words = " ".join(f"w{i}" for i in range(100))
    changed = words.replace("w50", "CHANGED")
    found = plain(words, changed, context=3)
    assert found == "… w47 w48 w49 [-w50-]{+CHANGED+} w51 w52 w53 …"
    assert plain(words, changed, whole=200) == changed.replace("CHANGED", "[-w50-]{+CHANGED+}")


def test_context_starts_and_ends_with_a_sentence_where_one_is_near():
    old = "First sentence here is long and quite dull. Second one says likely now. Third sentence ends the text."
    found = plain(old, old.replace("likely", "unlikely"), context=5, whole=5)
    assert found == "… Second one says [-likely-]{+unlikely+} now. …"


def test_two_changes_far_apart_show_each_with_its_context_and_a_gap_between():
    words = " ".join(f"w{i}" for i in range(60))
    changed = words.replace("w10", "A").replace("w50", "B")
    assert plain(words, changed, context=2) == "… w8 w9 [-w10-]{+A+} w11 w12 … w48 w49 [-w50-]{+B+} w51 w52 …"


def test_html_and_markdown_mark_deletions_and_insertions_and_keep_content_inert():
    found = worddiff.diff("Say <b>yes</b> & [go](https://x.example)", "Say <i>no</i> & go")
    html = str(found.html())
    assert "<b>" not in html and "<i>" not in html and "&lt;" in html and "&amp;" in html
    assert re.findall(r"</?(?:del|ins)>", html) == ["<del>", "</del>", "<ins>", "</ins>"]
    markdown = found.markdown()
    assert "<b>" not in markdown and "\\<" in markdown and "<del>" in markdown and "<ins>" in markdown
    assert "](" not in markdown


def test_counts_of_words_deleted_and_inserted():
    found = worddiff.diff("one two three", "one four five three")
    assert (found.deleted, found.inserted) == (1, 2)


def test_a_text_added_or_removed_whole():
    assert plain("", "A new note.") == "{+A new note.+}"
    assert plain("An old note.", None) == "[-An old note.-]"


WORDS = st.lists(st.sampled_from(["likely", "very", "workers", "6,000", "Zenda", ",", ".", "the", "a", "said"]),
                 max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(old=WORDS, new=WORDS)
def test_the_pieces_spell_both_versions_when_nothing_is_left_out(old, new):
    found = worddiff.diff(old, new, whole=10_000)
    if found is None:
        assert worddiff.readable(old) == worddiff.readable(new)
        return
    before = "".join(p.text for p in found.pieces if p.kind in ("same", "del"))
    after = "".join(p.text for p in found.pieces if p.kind in ("same", "ins"))
    assert (before, after) == (worddiff.readable(old), worddiff.readable(new))
    assert all(p.text for p in found.pieces)
