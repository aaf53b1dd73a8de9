"""The rule modules' plain functions, input by input: lock, archive, citations, links, shared texts, dates.

Fast and in this process, for `make mutate` (see README, Tests): each expectation is what a
reader or an editor would see, so a change to a rule that anyone could notice fails here.
"""

from __future__ import annotations

import json

import pytest

from builder.sources import archive
from builder.model import citations
from builder.checks import links
from builder.sources import lock
from builder.sources import quotes
from builder.sources import shared_text
from builder.model import urls, yamlfile
from builder.model.dates import PartialDate


# -- the quote lock ------------------------------------------------------------------------------

def test_the_lock_file_is_one_sorted_entry_a_line_with_no_trailing_commas():
    entry = {"archive": "a.txt", "sha256": "f" * 4, "spans": [[1, 5]]}
    shared = {"a": "a.txt", "b": "b.txt", "words": 41, "starts": [1, 2], "excerpt": "Zürich said"}
    text = lock.Lock({"b.txt": "22", "a.txt": "11"}, {"s#2": entry, "s#1": entry}, [shared]).text()
    assert text == (
        '{\n  "version": 2,\n  "archives": {\n    "a.txt": "11",\n    "b.txt": "22"\n  },\n  "quotes": {\n'
        '    "s#1": {"archive": "a.txt", "sha256": "ffff", "spans": [[1, 5]]},\n'
        '    "s#2": {"archive": "a.txt", "sha256": "ffff", "spans": [[1, 5]]}\n  },\n  "shared": [\n'
        '    {"a": "a.txt", "b": "b.txt", "excerpt": "Zürich said", "starts": [1, 2], "words": 41}\n  ]\n}\n')
    assert json.loads(text)["quotes"]["s#1"] == entry
    empty = lock.Lock().text()
    assert empty == '{\n  "version": 2,\n  "archives": {\n  },\n  "quotes": {\n  },\n  "shared": [\n  ]\n}\n'
    assert json.loads(lock.Lock(shared=None).text())["shared"] == []


def test_a_lock_is_read_back_as_written(tmp_path):
    path = tmp_path / "quotes.lock"
    written = lock.Lock({"a.txt": "11"}, {"s#1": {"archive": "a.txt", "sha256": "x", "spans": [[0, 1]]}},
                        [{"a": "a.txt", "b": "b.txt", "words": 40, "starts": [1, 1], "excerpt": "x"}])
    path.write_text(written.text(), encoding="utf-8")
    assert lock.read(path, "shown") == (written, [])
    assert lock.read(tmp_path / "none.lock", "shown") == (lock.Lock(), [])
    older = {"version": 1, "archives": {}, "quotes": {}}
    path.write_text(json.dumps(older), encoding="utf-8")
    assert lock.read(path, "shown") == (lock.Lock({}, {}, None), [])  # written before shared passages were kept


@pytest.mark.parametrize("text, line, message", [
    ('{\n  "archives": {},\n  "quotes": {\n', 4, "quote lock is damaged (Expecting property name enclosed in double quotes)"),
    ('[]', 1, "quote lock is damaged (missing 'archives' or 'quotes')"),
    ('{"archives": {}}', 1, "quote lock is damaged (missing 'archives' or 'quotes')"),
    ('{"quotes": {}}', 1, "quote lock is damaged (missing 'archives' or 'quotes')"),
    ('{"quotes": {}, "archives": []}', 1, "quote lock is damaged (missing 'archives' or 'quotes')"),
    ('{"quotes": [], "archives": {}}', 1, "quote lock is damaged (missing 'archives' or 'quotes')"),
    ('{"quotes": {}, "archives": {}, "shared": {}}', 1,
     "quote lock is damaged ('shared' is not a list of shared passages)"),
    ('{"quotes": {}, "archives": {}, "shared": [1]}', 1,
     "quote lock is damaged ('shared' is not a list of shared passages)"),
    ('{"quotes": {}, "archives": {}, "shared": [{"a": 1, "b": 2, "words": 3, "starts": 4}]}', 1,
     "quote lock is damaged ('shared' is not a list of shared passages)"),
    ('{"quotes": {}, "archives": {}, "originals": ["a.pdf"]}', 1,
     "quote lock is damaged ('originals' is not a mapping of file names)"),
])
def test_a_damaged_lock_is_one_problem_at_its_line_saying_what_to_do(tmp_path, text, line, message):
    path = tmp_path / "quotes.lock"
    path.write_text(text, encoding="utf-8")
    found, problems = lock.read(path, "content/quotes.lock")
    assert found == lock.Lock()
    assert [str(p) for p in problems] == [
        f"content/quotes.lock:{line}: {message} (delete it and run `briefing lock` where the archive folder is available)"]


def test_the_originals_of_sources_are_compared_and_named_in_what_makes_a_lock_stale():
    old = lock.Lock({"a.txt": "1"}, {}, None, {"a.pdf": "1", "b.html": "2"})
    new = lock.Lock({"a.txt": "1"}, {}, None, {"a.pdf": "9", "c.pdf": "3"})
    found = lock.changes(old, new)
    assert found.originals == {"added": ["c.pdf"], "changed": ["a.pdf"], "removed": ["b.html"]}
    assert found.counts() == (0, 3, 0)  # three files, none of them an archived text
    assert lock.stale_message(found) == ("1 original added ('c.pdf'), 1 original changed ('a.pdf') and 1 original "
                                         "removed ('b.html') since the lock was written")
    assert lock.stale_message(lock.changes(old, lock.Lock({"a.txt": "1"}, {}, None, {"a.pdf": "1"}))) == \
        "1 original removed ('b.html') since the lock was written"


def test_a_lock_with_bytes_that_are_not_utf8_is_read_not_crashed_on(tmp_path):
    path = tmp_path / "quotes.lock"
    path.write_bytes(b'{"archives": {"a.txt": "\xff"}, "quotes": {}}')
    found, problems = lock.read(path, "l")
    assert problems == [] and found.archives == {"a.txt": "\ufffd"}


def test_a_hand_edited_entry_that_is_not_a_mapping_counts_as_none():
    assert lock.Lock(quotes={"a#b": "x", "a#c": {"k": 1}}).entry("a#b") is None
    assert lock.Lock(quotes={"a#c": {"k": 1}}).entry("a#c") == {"k": 1}
    assert lock.Lock().entry("a#d") is None


def test_differences_count_what_was_added_changed_or_removed_on_either_side():
    p = {"a": "a.txt", "b": "b.txt", "words": 40, "starts": [1, 1], "excerpt": "x"}
    old = lock.Lock({"a.txt": "1", "b.txt": "2"}, {"s#1": {"x": 1}, "s#2": {"x": 2}}, [p])
    new = lock.Lock({"a.txt": "1", "c.txt": "3"}, {"s#1": {"x": 9}, "s#3": {"x": 3}}, [])
    assert lock.differences(old, new) == (3, 2, 1)
    assert lock.differences(new, old) == (3, 2, 1)
    assert lock.differences(old, old) == (0, 0, 0)
    assert lock.differences(lock.Lock(shared=None), lock.Lock(shared=[p, dict(p, words=41)])) == (0, 0, 2)


def test_changes_name_what_was_added_changed_or_removed_on_either_side():
    p = {"a": "a.txt", "b": "b.txt", "words": 40, "starts": [1, 1], "excerpt": "x"}
    old = lock.Lock({"a.txt": "1", "b.txt": "2"}, {"s#1": {"x": 1}, "s#2": {"x": 2}}, [p])
    new = lock.Lock({"a.txt": "1", "c.txt": "3"}, {"s#1": {"x": 9}, "s#3": {"x": 3}}, [])
    found = lock.changes(old, new)
    assert found.quotes == {"added": ["s#3"], "changed": ["s#1"], "removed": ["s#2"]}
    assert found.archives == {"added": ["c.txt"], "changed": [], "removed": ["b.txt"]}
    assert found.shared == 1 and found and not lock.changes(old, old)


@pytest.mark.parametrize("quotes, archives, shared, message", [
    ({"changed": ["s#1"]}, {}, 0, "1 quote changed ('s#1') since the lock was written"),
    ({"added": ["s#1", "s#2"]}, {"removed": ["a.txt"]}, 0,
     "2 quotes added ('s#1', 's#2') and 1 archived text removed ('a.txt') since the lock was written"),
    ({}, {"changed": ["a.txt", "b.txt", "c.txt"]}, 2,
     "3 archived texts changed ('a.txt', 'b.txt', 'c.txt') and 2 shared passages added or removed since the lock was "
     "written"),
    ({"added": ["s#1"], "changed": ["s#2"], "removed": ["s#3", "s#4", "s#5", "s#6", "s#7"]}, {}, 0,
     "1 quote added ('s#1'), 1 quote changed ('s#2') and 5 quotes removed ('s#3', 's#4', 's#5' and 2 more) since the lock was "
     "written"),
])
def test_a_stale_lock_is_described_in_words_naming_what_changed(quotes, archives, shared, message):
    found = lock.Changes(shared=shared)
    found.quotes.update(quotes)
    found.archives.update(archives)
    assert lock.stale_message(found) == message


# -- the archive ---------------------------------------------------------------------------------

@pytest.mark.parametrize("folder, problem", [
    ("archive", ""), ("../shared/seeds", ""), ("a/./b", ""), ("..", ""), (".", ""), ("x", ""),
    ("/etc", "must be a folder relative to the project, not an absolute path"),
    ("\\\\server\\share", "must be a folder relative to the project, not an absolute path"),
    ("~/texts", "must be a folder relative to the project, not an absolute path"),
    ("C:\\texts", "must be a folder relative to the project, not an absolute path"),
    ("c:", "must be a folder relative to the project, not an absolute path"),
    (".git", "must not be or be inside a hidden folder (a name starting with '.')"),
    ("archive/.hidden", "must not be or be inside a hidden folder (a name starting with '.')"),
    ("a\\.ssh\\b", "must not be or be inside a hidden folder (a name starting with '.')"),
    ("../.secret", "must not be or be inside a hidden folder (a name starting with '.')"),
])
def test_which_archive_folders_may_be_read(folder, problem):
    assert archive.folder_problem(folder) == problem


@pytest.mark.parametrize("name, problem", [
    ("article.txt", ""), ("a.md", ""), ("a.html", ""), ("a.HTM", ""), ("A.TXT", ""),
    ("sub/a.txt", "must be a file name in the archive folder: no folders, no '..', no leading '.'"),
    ("sub\\a.txt", "must be a file name in the archive folder: no folders, no '..', no leading '.'"),
    (".a.txt", "must be a file name in the archive folder: no folders, no '..', no leading '.'"),
    (" a.txt", "must be a file name in the archive folder: no folders, no '..', no leading '.'"),
    ("a.txt ", "must be a file name in the archive folder: no folders, no '..', no leading '.'"),
    ("a.pdf", "must be a text file ending in .txt, .md, .html, .htm"),
    ("atxt", "must be a text file ending in .txt, .md, .html, .htm"),
])
def test_which_archived_file_names_may_be_read(name, problem):
    assert archive.file_problem(name) == problem


def test_the_archive_folder_reads_each_plain_text_once_and_never_a_link(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_bytes("Caf\u00e9 \u201cquoted\u201d\n".encode())
    (folder / "bad.txt").write_bytes(b"ok \xff end")
    (folder / "link.txt").symlink_to(folder / "a.txt")
    (folder / "sub").mkdir()
    seen = []
    f = archive.Folder(tmp_path, "texts")
    assert f.available and f.shown == "texts" and f.path == tmp_path / "texts"
    text = f.read("a.txt", lambda t: seen.append(t) or t.upper())
    assert text == archive.Text("a.txt", "1cd1d2ef5c2d6d43b74cb6bb44546b0aa2b5cc41a6ed3e0db4cec4a3e5d36f1c"[:0]
                                + __import__("hashlib").sha256((folder / "a.txt").read_bytes()).hexdigest(),
                                "CAF\u00c9 \u201cQUOTED\u201d\n")
    assert f.read("a.txt", lambda t: seen.append(t) or t) is text and len(seen) == 1
    assert f.read("bad.txt", str).normalised == "ok \ufffd end"
    assert f.read("link.txt", str) is None and f.is_link("link.txt") and not f.is_link("a.txt")
    assert f.read("missing.txt", str) is None and f.read("sub", str) is None
    assert f.suggestion("a.tx") == "did you mean 'a.txt'?"
    assert f.suggestion("zzzzzz") == ""
    assert archive.Folder(tmp_path, "nowhere").suggestion("a.txt") == ""
    assert not archive.Folder(tmp_path, "nowhere").available
    assert not archive.Folder(tmp_path, ".hidden").available
    (tmp_path / ".hidden").mkdir()
    assert not archive.Folder(tmp_path, ".hidden").available


# -- citations -----------------------------------------------------------------------------------

def test_citation_groups_and_their_keys_and_places():
    text = "A [@one] b [@two#c1; @three#c-2]. C [ @four ]"
    groups, problems = citations.parse(text)
    assert problems == []
    assert [(g.start, g.end) for g in groups] == [(2, 8), (11, 32), (36, 45)]
    assert [[(c.source, c.claim, c.start, c.end, c.key) for c in g.citations] for g in groups] == [
        [("one", None, 2, 8, "one")],
        [("two", "c1", 11, 32, "two#c1"), ("three", "c-2", 11, 32, "three#c-2")],
        [("four", None, 36, 45, "four")]]
    assert text[groups[1].start:groups[1].end] == "[@two#c1; @three#c-2]"


@pytest.mark.parametrize("text, offsets, message", [
    ("x [@Bad] y", [2], "malformed citation '[@Bad]': write [@source-id], [@source-id#claim-id] or [@a#c1; @b#c2]"),
    ("x [@a#c1; b#c2]", [2], "malformed citation '[@a#c1; b#c2]': write [@source-id], [@source-id#claim-id] or "
                             "[@a#c1; @b#c2]"),
    ("[@a#c1;]", [0], "malformed citation '[@a#c1;]': write [@source-id], [@source-id#claim-id] or [@a#c1; @b#c2]"),
    ("[@a--b]", [0], "malformed citation '[@a--b]': write [@source-id], [@source-id#claim-id] or [@a#c1; @b#c2]"),
    ("ok [@a] then [@b", [13], "citation is not closed: a '[@' has no matching ']'"),
    ("[ @b", [0], "citation is not closed: a '[@' has no matching ']'"),
])
def test_malformed_and_unclosed_citations_are_problems_at_their_offset(text, offsets, message):
    groups, problems = citations.parse(text)
    assert [p.offset for p in problems] == offsets
    assert {p.message for p in problems} == {message}
    assert all(not g.citations or all(c.key for c in g.citations) for g in groups)


def test_a_malformed_group_gives_no_citations_at_all():
    groups, problems = citations.parse("[@a#ok; @Bad#x] and [@b]")
    assert [[c.key for c in g.citations] for g in groups] == [["b"]]
    assert len(problems) == 1


def test_text_without_its_citations():
    assert citations.without_citations("A bridge [@a#b]. Two [@c; @d#e] ok") == "A bridge. Two ok"
    assert citations.without_citations("No citations here.") == "No citations here."
    groups, _ = citations.parse("x [@a] y")
    assert citations.without_citations("x [@a] y", groups) == "x y"
    assert citations.without_citations("x [@a] y", []) == "x [@a] y"


# -- links ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, allowed, site", [
    ("https://example.org/x", True, False), ("http://example.org", True, False), ("mailto:a@b.org", True, False),
    ("HTTPS://EXAMPLE.ORG", True, False), ("MailTo:a@b.org", True, False),
    ("themes/x/", True, True), ("discrepancies/#discrepancy-a", True, True), ("#claim-a", True, True),
    ("javascript:alert(1)", False, False), ("JavaScript:alert(1)", False, False),
    ("java\tscript:alert(1)", False, False), ("java\x00script:x", False, False), (" javascript:x", False, False),
    ("&#106;avascript:alert(1)", False, False), ("data:text/html,x", False, False), ("vbscript:x", False, False),
    ("ftp://example.org", False, False), ("//evil.example/x", False, False), ("\\\\evil\\x", False, False),
    ("\\evil", False, False), (" //evil.example", False, False),
])
def test_which_addresses_content_may_link_to(url, allowed, site):
    assert links.url_is_allowed(url) is allowed
    assert links.is_site_link(url) is site


@pytest.mark.parametrize("url, problem", [
    ("https://example.org/a?b#c", ""), ("http://x", ""), ("HTTPS://Example.org", ""),
    ("https://", "must be a web address starting http:// or https://"),
    ("https:///path", "must be a web address starting http:// or https://"),
    ("https://exa mple.org", "must be a web address starting http:// or https://"),
    ("https://example.org/a b", "must be a web address starting http:// or https://"),
    ("https://example.org\\x", "must be a web address starting http:// or https://"),
    ("ftp://example.org", "must be a web address starting http:// or https://"),
    ("example.org", "must be a web address starting http:// or https://"),
])
def test_a_sources_own_address_must_be_a_web_address(url, problem):
    assert urls.web_address_problem(url) == problem


def test_raw_html_is_found_outside_code_spans_only():
    assert links.raw_html_offsets("a <b>x</b> c") == [2, 6]
    assert links.raw_html_offsets("code `<b>` and ``<i>`` but <em>") == [27]
    assert links.raw_html_offsets("a < b, <https://x.org> and <mailto:a@b.org>, 3<4") == []
    assert links.raw_html_offsets("<!-- c --> <?php") == [0, 11]


def test_links_in_a_text_with_their_tags_and_offsets():
    text = "See [a](https://a.org) and ![p](img/p.png) or <https://b.org>.\n\n[r]: themes/x/\n\nUse [r]."
    found = links.links_in(text)
    assert [(l.tag, l.url, l.offset) for l in found] == [
        ("a", "https://a.org", 8), ("img", "img/p.png", 32), ("a", "https://b.org", 47), ("a", "themes/x/", 69)]
    assert links.links_in("No link: [a] (b) here, a < b, [@s#c].") == []
    assert links.links_in("[x](nowhere-in-text)")[0].offset == 4
    assert links.links_in("text [x](a\\)b)")[0].offset == 0  # written otherwise than parsed: the start
    # The walker sees addresses as rendered, after Markdown's backslash escapes are undone.
    assert [l.url for l in links.links_in("[x](a\\)b) ![y](e\\_f)")] == ["a)b", "e_f"]
    # Where the address is written as a link, not where its text first appears ('b' in 'a/b', a '.' ending a sentence).
    assert links.links_in("[x](a/b) and [y](b)")[1].offset == 17
    assert links.links_in("One. [x](.)")[0].offset == 9
    assert links.links_in("[x](<a b>)")[0].offset == 5  # in angle brackets
    assert links.links_in("See <https://a.org/> and https://a.org/")[0].offset == 5  # an autolink
    assert links.links_in("a<b, [x](<b>)")[0].offset == 10  # not at an earlier '<b'
    assert links.links_in("https://a.org/ or <https://a.org/>")[0].offset == 19  # the autolink, not the plain text
    assert links.links_in("a b [x][r]\n\n[r]: b")[0].offset == 17  # a reference's definition
    assert [l.offset for l in links.links_in("[x](b) and [y](b)")] == [4, 4]  # one address: the first place
    assert links.links_in("[x](  b  ) and b")[0].offset == 6  # written otherwise: the first place its text appears


@pytest.mark.parametrize("tag, url, problem", [
    ("a", "https://a.org", ""), ("a", "themes/x/", ""), ("img", "assets/x.png", ""),
    ("a", "javascript:x", "link to 'javascript:x' is not allowed: links may only go to http://, https://, mailto: "
                          "or a page of this site"),
    ("img", "https://a.org/x.png", "image from another site ('https://a.org/x.png') is not allowed: the site loads "
                                   "nothing from other hosts"),
    ("img", " //a.org/x.png", "link to ' //a.org/x.png' is not allowed: links may only go to http://, https://, "
                              "mailto: or a page of this site"),
    ("img", "mailto:a@b.org", "image from another site ('mailto:a@b.org') is not allowed: the site loads nothing "
                              "from other hosts"),
])
def test_the_rule_for_any_address(tag, url, problem):
    assert links.address_problem(links.Link(tag, url, 0)) == problem


def test_site_links_split_at_the_first_hash():
    assert links.split_site_link(" discrepancies/#a#b ") == ("discrepancies/", "a#b")
    assert links.split_site_link("themes/x/") == ("themes/x/", "")


def test_the_link_walker_rewrites_hrefs_and_srcs_it_is_shown():
    import markdown

    md = markdown.Markdown(extensions=[links.LinkWalker()])
    assert md.convert("[a](x) ![b](y)") == '<p><a href="x">a</a> <img alt="b" src="y" /></p>'
    md.visit_link = lambda element, attribute, value: f"{attribute}:{value}"
    assert md.convert("[a](x) ![b](y)") == '<p><a href="href:x">a</a> <img alt="b" src="src:y" /></p>'


# -- shared passages -----------------------------------------------------------------------------

WORDS = [f"w{i}" for i in range(60)]


def test_two_texts_sharing_a_long_passage_are_found_with_its_place_and_first_words():
    shared = " ".join(WORDS[:45])
    texts = {"b.txt": "Intro, words here. " + shared + " tail",
             "a.txt": "Other start " + shared.replace("w3 ", "W3, ") + " end",
             "c.txt": " ".join(f"x{i}" for i in range(80))}
    (found,) = shared_text.find(texts)
    assert found == shared_text.SharedPassage("a.txt", "b.txt", 45, 3, 4, "w0 w1 w2 W3, w4 w5 w6 w7")
    assert found.as_dict() == {"a": "a.txt", "b": "b.txt", "words": 45, "starts": [3, 4],
                               "excerpt": "w0 w1 w2 W3, w4 w5 w6 w7"}
    assert shared_text.SharedPassage.from_dict(found.as_dict()) == found


def test_a_passage_one_word_short_of_the_minimum_is_no_shared_origin():
    n = shared_text.MIN_WORDS
    long = {"a.txt": " ".join(WORDS[:n]), "b.txt": "x " + " ".join(WORDS[:n])}
    short = {"a.txt": " ".join(WORDS[: n - 1]), "b.txt": "x " + " ".join(WORDS[: n - 1])}
    assert [p.words for p in shared_text.find(long)] == [n]
    assert shared_text.find(short) == []


def test_punctuation_and_case_do_not_hide_a_shared_passage_but_words_do():
    text = " ".join(WORDS[:50])
    assert shared_text.find({"a": text, "b": text.upper().replace(" ", " -- ")})[0].words == 50
    assert shared_text.find({"a": text, "b": text.replace("w20", "other")}) == []


def test_the_longest_passage_is_reported_and_every_pair_is_found():
    base = " ".join(WORDS[:50])
    texts = {"a": base, "b": base, "c": "zz " + base}
    found = shared_text.find(texts)
    assert [(p.a, p.b, p.words, p.start_a, p.start_b) for p in found] == [
        ("a", "b", 50, 1, 1), ("a", "c", 50, 1, 2), ("b", "c", 50, 1, 2)]


def test_page_furniture_found_in_very_many_texts_is_not_a_shared_passage():
    furniture = " ".join(WORDS[:45])
    texts = {f"t{i:02d}": f"unique{i} " + furniture for i in range(shared_text.BOILERPLATE + 1)}
    assert shared_text.find(texts) == []
    fewer = dict(list(texts.items())[:3])
    assert len(shared_text.find(fewer)) == 3


# -- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, iso, precision, earliest, latest", [
    ("2025-03-14", "2025-03-14", "day", (2025, 3, 14), (2025, 3, 14)),
    (" 2025-03 ", "2025-03", "month", (2025, 3, 1), (2025, 3, 31)),
    ("2024-02", "2024-02", "month", (2024, 2, 1), (2024, 2, 29)),
    ("2025", "2025", "year", (2025, 1, 1), (2025, 12, 31)),
    ("2000s", "2000s", "decade", (2000, 1, 1), (2009, 12, 31)),
    ("early 2025", "early 2025", "part", (2025, 1, 1), (2025, 4, 30)),
    ("Mid-2025", "mid 2025", "part", (2025, 5, 1), (2025, 8, 31)),
    ("LATE 2025", "late 2025", "part", (2025, 9, 1), (2025, 12, 31)),
    ("spring 2025", "spring 2025", "season", (2025, 3, 1), (2025, 5, 31)),
    ("autumn 2025", "autumn 2025", "season", (2025, 9, 1), (2025, 11, 30)),
    ("fall 2025", "fall 2025", "season", (2025, 9, 1), (2025, 11, 30)),
    ("winter 2025", "winter 2025", "season", (2025, 12, 1), (2026, 2, 28)),
    ("2018/2019", "2018/2019", "period", (2018, 1, 1), (2019, 12, 31)),
    ("2025-06 / 2025-07-02", "2025-06/2025-07-02", "period", (2025, 6, 1), (2025, 7, 2)),
    ("2025-01-31/2025-02", "2025-01-31/2025-02", "period", (2025, 1, 31), (2025, 2, 28)),
    ("2025-12", "2025-12", "month", (2025, 12, 1), (2025, 12, 31)),
    ("2024-12-31", "2024-12-31", "day", (2024, 12, 31), (2024, 12, 31)),
    ("2025-06-01/2025-06", "2025-06-01/2025-06", "period", (2025, 6, 1), (2025, 6, 30)),  # the rest of June
    ("2025-01/2025", "2025-01/2025", "period", (2025, 1, 1), (2025, 12, 31)),
])
def test_dates_as_precise_as_the_source_and_no_more(text, iso, precision, earliest, latest):
    date = PartialDate.parse(text)
    assert (date.iso, date.precision, date.earliest, date.latest) == (iso, precision, earliest, latest)
    assert PartialDate.parse(date.iso) == date


def test_the_parts_of_a_parsed_date():
    assert PartialDate.parse("2025-03-04") == PartialDate(2025, 3, 4)
    assert PartialDate.parse("2025-03") == PartialDate(2025, 3, 0)
    assert PartialDate.parse("2025") == PartialDate(2025, 0, 0)
    assert PartialDate.parse("1990s") == PartialDate(1990, span="decade")
    assert PartialDate.parse("Summer 2020") == PartialDate(2020, span="summer")
    assert PartialDate.parse("2018-05/2019") == PartialDate(2018, 5, 0, end=PartialDate(2019))
    assert PartialDate.parse("2024-02-29").day == 29


@pytest.mark.parametrize("text, message", [
    ("2025-13", "'2025-13' has no month 13"),
    ("2025-00", "'2025-00' has no month 0"),
    ("2025-00-10", "'2025-00-10' has no month 0"),
    ("2025-02-29", "'2025-02-29' is not a day of the calendar"),
    ("2025-04-31", "'2025-04-31' is not a day of the calendar"),
    ("2025-04-00", "'2025-04-00' is not a day of the calendar"),
    ("2019/2018", "'2019/2018': a period must end after it starts"),
    ("2018/2019/2020", "'2018/2019/2020' is read as a period START/END, and '2019/2020' is not a date: write YYYY-MM-DD, "
                       "YYYY-MM or YYYY (or 2000s, early 2025, autumn 2025, 2018/2019 where the source is no more precise)"),
    ("2019/2019", "'2019/2019': a period must end after it starts"),
    ("2019-05/2019-04-30", "'2019-05/2019-04-30': a period must end after it starts"),
    ("early 2018/2019", "'early 2018/2019': a period runs between two days, months or years, like 2018/2019"),
    ("2018/2010s", "'2018/2010s': a period runs between two days, months or years, like 2018/2019"),
    ("2001s", "'2001s' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (or 2000s, early 2025, autumn 2025, "
              "2018/2019 where the source is no more precise)"),
    ("March 2025", "'March 2025' is not written YYYY-MM: write it as 2025-03 (March 2025)"),
    ("2025-3-1", "'2025-3-1' is not written YYYY-MM-DD: write it as 2025-03-01 (1 March 2025)"),
    # A date written in another common form: what was found, what to write, and the day and month order spelt out.
    ("14/07/2025", "'14/07/2025' is a day/month/year date: write it year-month-day, as 2025-07-14 (14 July 2025)"),
    ("07/14/2025", "'07/14/2025' is a month/day/year date: write it year-month-day, as 2025-07-14 (14 July 2025)"),
    ("03.07.2025", "'03.07.2025' could be day/month/year (3 July 2025) or month/day/year (7 March 2025): write it "
                   "year-month-day, as 2025-07-03 or 2025-03-07"),
    ("05-05-2025", "'05-05-2025' is a day/month/year or month/day/year date: write it year-month-day, as 2025-05-05 "
                   "(5 May 2025)"),
    ("31/02/2025", "'31/02/2025' is no day of the calendar, read as day/month/year or as month/day/year: write it "
                   "year-month-day (YYYY-MM-DD)"),
    ("2025/07/14", "'2025/07/14' is not written YYYY-MM-DD: write it as 2025-07-14 (14 July 2025)"),
    ("2025/7", "'2025/7' is not written YYYY-MM: write it as 2025-07 (July 2025); a period is written with two whole "
               "dates, like 2018/2019"),
    ("14 July 2025", "'14 July 2025' is not written YYYY-MM-DD: write it as 2025-07-14 (14 July 2025)"),
    # The calendar's edges: the first and last month, the last day of a month, a day or month past them.
    ("2025/1/31", "'2025/1/31' is not written YYYY-MM-DD: write it as 2025-01-31 (31 January 2025)"),
    ("2025.12.31", "'2025.12.31' is not written YYYY-MM-DD: write it as 2025-12-31 (31 December 2025)"),
    ("12/31/2025", "'12/31/2025' is a month/day/year date: write it year-month-day, as 2025-12-31 (31 December 2025)"),
    ("2025.1", "'2025.1' is not written YYYY-MM: write it as 2025-01 (January 2025)"),
    ("2025.12", "'2025.12' is not written YYYY-MM: write it as 2025-12 (December 2025)"),
    ("2025.2.30", "'2025.2.30' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (or 2000s, early 2025, autumn 2025, "
                  "2018/2019 where the source is no more precise)"),
    ("2025.13", "'2025.13' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (or 2000s, early 2025, autumn 2025, "
                "2018/2019 where the source is no more precise)"),
    ("2025.13.01", "'2025.13.01' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (or 2000s, early 2025, autumn 2025, "
                   "2018/2019 where the source is no more precise)"),
    ("Sept. 3, 2025", "'Sept. 3, 2025' is not written YYYY-MM-DD: write it as 2025-09-03 (3 September 2025)"),
    ("February 30, 2025", "'February 30, 2025' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (or 2000s, early 2025, "
                          "autumn 2025, 2018/2019 where the source is no more precise)"),
    ("early2025", "'early2025' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (or 2000s, early 2025, autumn 2025, "
                  "2018/2019 where the source is no more precise)"),
    ("x2025", "'x2025' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (or 2000s, early 2025, autumn 2025, "
              "2018/2019 where the source is no more precise)"),
])
def test_a_date_that_is_not_one_says_why(text, message):
    with pytest.raises(ValueError) as caught:
        PartialDate.parse(text)
    assert str(caught.value) == message


# -- YAML files ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, problem", [
    ('a: 1\nb: "open\nc: 3\n', "f.yaml:2: YAML syntax error: a quoted value is not closed (add the closing quote)"),
    ("a: 1\nb: 'open\n", "f.yaml:2: YAML syntax error: a quoted value is not closed (add the closing quote)"),
    ('a: 1\r\nb: "open\r\n', "f.yaml:2: YAML syntax error: a quoted value is not closed (add the closing quote)"),
    ('title: "x\nsummary: y"\nkind: [a\nother: b\n',
     "f.yaml:4: YAML syntax error: the '[' on line 3 has no matching ']' (close it with ']', or put a value holding '[' "
     "or a comma in quotes)"),
    ('a: [1, 2\nb: 3\n',
     "f.yaml:2: YAML syntax error: the '[' on line 1 has no matching ']' (close it with ']', or put a value holding '[' "
     "or a comma in quotes)"),
    ('a: {x: 1\nb: 2\n',
     "f.yaml:2: YAML syntax error: the '{' on line 1 has no matching '}' (close it with '}', or put a value holding '{' "
     "or a comma in quotes)"),
    ("a:\n\tb: 1\n", "f.yaml:2: YAML syntax error: this line holds a tab where YAML expects spaces (indent with spaces, not tabs)"),
    ("a: 1\nb:\n  - x\n\t- y\n",
     "f.yaml:4: YAML syntax error: this line holds a tab where YAML expects spaces (indent with spaces, not tabs)"),
    ("a: b: c\n", "f.yaml:1: YAML syntax error: the value of 'a' contains ': ', which YAML reads as the start of "
                  "another field (put the whole value in quotes)"),
    ("a: 1\x85b: [\n", "f.yaml:1: YAML syntax error: the value of 'a' contains ': ', which YAML reads as the start of "
                       "another field (put the whole value in quotes)"),
    # all three of YAML's unusual line breaks at once: still spaces, so the lines are the editor's
    ("a: 1\x85\u2028\u2029b: [\n", "f.yaml:1: YAML syntax error: the value of 'a' contains ': ', which YAML reads as "
                                   "the start of another field (put the whole value in quotes)"),
    ("a:\n  b: 1\n c: 2\n", "f.yaml:3: YAML syntax error: 'c:' is indented differently from the fields above it (line "
                           "it up with 'b:' on line 2, 2 spaces in, or with 'a:' on line 1, at the start of the line)"),
    # A quoted value closed too early (a quote inside it) runs on: the line it starts on is shown, whichever
    # quotes it uses and whatever spaces or tabs come before it, with the lines after it read or not.
    ('title: "The plan\n  was "bold" indeed"\nkind: report\n', "f.yaml:1: YAML syntax error: the quoted value that "
     "starts on this line runs on to line 2 (a closing quote is probably missing)"),
    ("title: 'The plan\n  was 'bold' indeed'\nkind: report\n", "f.yaml:1: YAML syntax error: the quoted value that "
     "starts on this line runs on to line 2 (a closing quote is probably missing)"),
    ('title:\t"The plan\n  was "bold" indeed"\nkind: report\n', "f.yaml:1: YAML syntax error: the quoted value that "
     "starts on this line runs on to line 2 (a closing quote is probably missing)"),
    # A quoted value on one line that is followed by more text runs on to no other line.
    ('title: "The plan" was bold\nkind: report\n', "f.yaml:1: YAML syntax error: text follows the closing quote of a "
     "quoted value (a \" inside the value ends it: put the value in ' quotes instead, or leave the quotes out)"),
    # A bracket left open at the end of the file: the line is the last one, and no bracket line is guessed
    # (PyYAML's mark is then past the end of the file, which once gave "the bracket opened on line 2").
    ("a: [\n", "f.yaml:1: YAML syntax error: a value is missing where the line (or the file) ends (close the bracket "
               "or quote opened above, or write the value)"),
    ('a: "one\n  two"\nb: [1,\n', "f.yaml:3: YAML syntax error: a value is missing where the line (or the file) ends "
                                  "(close the bracket or quote opened above, or write the value)"),
    ("a: @x\n", "f.yaml:1: YAML syntax error: a value cannot start with '@' in YAML (put the value in quotes)"),
    ("a: 1\n---\nb: 2\n", "f.yaml:2: YAML syntax error: '---' starts a second document, and a content file holds one "
                         "(remove the '---' line, or put the text in quotes if it is part of a value)"),
    ("a: &x 1\nb: *y\n", "f.yaml:2: YAML syntax error: a value that starts with '*' is read as a reference to another "
                         "value (a YAML alias) (put the value in quotes)"),
    ('a: 1\nb: "x\x07y"\n', "f.yaml:2: the file contains the control character U+0007, which YAML does not allow "
                            "(delete it: it is usually pasted in by accident)"),
    (b"a: 1\nb: caf\xe9\n", "f.yaml:2: file is not UTF-8 text (byte 0xe9) (save it as UTF-8)"),
    ("", "f.yaml:1: file is empty"),
    ("# one\n\n  # two\n", "f.yaml:1: file is empty"),
    # A mistake the generator has no plain words for: PyYAML's own words, with what to look for.
    ("%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "f.yaml:2: YAML syntax error: found duplicate %YAML directive (check this "
     "line and the one above it: the indentation, a ': ' or a quote inside a value (put such a value in quotes), a "
     "quote or bracket left open)"),
    ('a: 1\nb: "\\x4"\n', "f.yaml:2: YAML syntax error: did not find expected hexdecimal number (check this line and "
     "the one above it: the indentation, a ': ' or a quote inside a value (put such a value in quotes), a quote or "
     "bracket left open)"),
])
def test_a_yaml_file_that_cannot_be_read_is_one_problem_at_the_line_to_look_at(tmp_path, text, problem):
    path = tmp_path / "f.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    errors = []
    assert yamlfile.read_yaml(path, "f.yaml", errors) is None
    assert [str(e) for e in errors] == [problem]


# The indentation mistakes met most, each in plain words at the line to change, naming the field it should line up
# with; never PyYAML's own words ("mapping values are not allowed here", "could not find expected ':'"...).
@pytest.mark.parametrize("text, problem", [
    ("events:\n  - date: x\n     text: y\n",
     "f.yaml:3: YAML syntax error: 'text:' is indented more than line 2, so YAML reads it as part of the value above "
     "(if 'text' is a field, indent it as 'date:' on line 2, 4 spaces in; if the line continues a text, put the whole "
     "text in quotes)"),
    ("events:\n  - date: x\n  text: y\n",
     "f.yaml:3: YAML syntax error: 'text:' is lined up with the '-' of the list entry on line 2, so it belongs to no "
     "entry (indent it as 'date:' on line 2, 4 spaces in, to make it part of that entry; or start a new entry with '- ')"),
    ("events:\n  - date: x\n   text: y\n",
     "f.yaml:3: YAML syntax error: 'text:' is indented differently from the fields of the list entry on line 2, so it "
     "belongs to no entry (indent it as 'date:' on line 2, 4 spaces in, to make it part of that entry)"),
    ("title: x\n  author: y\n",
     "f.yaml:2: YAML syntax error: 'author:' is indented more than line 1, so YAML reads it as part of the value above "
     "(if 'author' is a field, indent it as 'title:' on line 1, at the start of the line; if the line continues a text, "
     "put the whole text in quotes)"),
    ("a:\n  - x\n - y\n", "f.yaml:3: YAML syntax error: a list entry ('- ') where a field is expected (line its '-' up "
                          "with the '-' on line 2, 2 spaces in)"),
    ("summary: one\ntwo\nkind: x\n",
     "f.yaml:2: YAML syntax error: this line is not 'name: value', and is not indented enough to continue the text of "
     "'summary' on line 1 (if it continues that text, indent it more than 'summary:'; if it is a field, write it as "
     "'name: value')"),
    ("claims:\n  - id: x\n    text:y\n    quote: z\n",
     "f.yaml:3: YAML syntax error: this line has no ': ' between a field's name and its value (write a space after the "
     "colon)"),
    ("a:1\nb: 2\n", "f.yaml:1: YAML syntax error: this line is not 'name: value', so YAML reads it as text running on to "
                    "the next field (write a space after the colon)"),
    ("title: 'it's here'\n", "f.yaml:1: YAML syntax error: text follows the closing quote of a quoted value (a ' inside "
                             "the value ends it: put the value in \" quotes instead, or leave the quotes out)"),
    ("a: - x\n", "f.yaml:1: YAML syntax error: a list entry ('- ') cannot start on the line of its field's name (start "
                 "the list on the next line, indented, or put the value in quotes if it is text)"),
    # A line of a '|' text indented less than the text's first line ends the text: the advice is to line it up with
    # that first line (it once said to line it up with 'body:' itself, which makes it a field).
    ("sections:\n  - heading: H\n    body: |\n      The ministers agreed.\n     A second line.\n      Third.\n",
     "f.yaml:5: YAML syntax error: this line is indented less than the text of 'body:' above it (line 3), so YAML ends "
     "that text before it (indent it as the text's first line (line 4), 6 spaces in)"),
    ("body: >-\n    First line.\n\n  Second.\nkind: x\n",
     "f.yaml:4: YAML syntax error: this line is indented less than the text of 'body:' above it (line 1), so YAML ends "
     "that text before it (indent it as the text's first line (line 2), 4 spaces in)"),
    ("a: |x\n  y\n", "f.yaml:1: YAML syntax error: text follows '|' or '>' on its line (start the text on the next line, "
                     "indented more than the field's name)"),
    ('a: "C:\\q"\n', "f.yaml:1: YAML syntax error: a backslash in a value in double quotes starts an escape sequence, and "
                     "this one is not valid (write \\\\ for a backslash, or put the value in single quotes)"),
])
def test_yaml_syntax_errors_are_told_in_plain_words_with_what_to_do(tmp_path, text, problem):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    errors = []
    assert yamlfile.read_yaml(path, "f.yaml", errors) is None
    assert [str(e) for e in errors] == [problem]
    for words in ("mapping values are not allowed", "could not find expected", "did not find expected",
                  "expected <block end>", "while parsing"):
        assert words not in problem


def test_a_yaml_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "f.yaml"
    path.write_text("a: " + "x" * 20 + "\n", encoding="utf-8")
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 10)
    errors = []
    assert yamlfile.read_yaml(path, "f.yaml", errors) is None
    assert [str(e) for e in errors] == ["f.yaml: file is 24 bytes, over the limit of 10 (shorten its texts)"]
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 24)
    assert yamlfile.read_yaml(path, "f.yaml", []) is not None


def test_an_unsaved_buffer_is_read_in_place_of_its_file_and_measured_in_bytes(tmp_path, monkeypatch):
    """The language server checks what the editor shows: the buffer's text, its size and its bad bytes."""
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    with yamlfile.unsaved_buffers({str(path): "a: 2\n"}):
        node, text = yamlfile.read_yaml_text(path, "f.yaml", [])
        assert text == "a: 2\n" and node.value[0][1].value == "2"
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 12)
    errors = []
    with yamlfile.unsaved_buffers({str(path): "a: \u00e9\u00e9\u00e9\u00e9\u00e9\n"}):  # 9 characters, 14 bytes
        assert yamlfile.read_yaml_text(path, "f.yaml", errors) == (None, "")
    with yamlfile.unsaved_buffers({str(path): "a: 1\nb: \udcff\n"}):  # a lone surrogate, as an editor may send one
        assert yamlfile.read_yaml_text(path, "f.yaml", errors) == (None, "")
    assert [str(e) for e in errors] == ["f.yaml: file is 14 bytes, over the limit of 12 (shorten its texts)",
                                        "f.yaml:2: file is not UTF-8 text (byte 0xed) (save it as UTF-8)"]
    assert yamlfile.read_yaml_text(path, "f.yaml", [])[1] == "a: 1\n"  # outside the block, the file on disk


def test_aliases_are_refused_at_the_first_alias_and_huge_files_at_their_start(monkeypatch):
    import yaml

    text = "a: 1\nb: &shared [1, 2]\nc: *shared\nd: *shared\n"
    errors = []
    assert not yamlfile.check_no_aliases(yaml.compose(text), "f.yaml", errors, text=lambda: text)
    assert [str(e) for e in errors] == ["f.yaml:3: YAML alias '*shared' repeats another value: anchors and aliases "
                                        "(&name, *name) are not allowed in content (write the value out in full)"]
    errors = []
    assert not yamlfile.check_no_aliases(yaml.compose(text), "f.yaml", errors)
    assert [str(e) for e in errors] == ["f.yaml:2: YAML anchors and aliases (&name, *name) are not allowed in content "
                                        "(write the value out in full)"]
    assert yamlfile.first_alias("a: [") is None and yamlfile.first_alias("a: 1") is None
    # A tab before the alias is read by every YAML reader that loads the file, so the alias is still named.
    text = "a: &x 1\nb:\t*x\n"
    errors = []
    assert not yamlfile.check_no_aliases(yaml.compose(text, Loader=yamlfile.Loader), "f.yaml", errors,
                                         text=lambda: text)
    assert [str(e) for e in errors] == ["f.yaml:2: YAML alias '*x' repeats another value: anchors and aliases "
                                        "(&name, *name) are not allowed in content (write the value out in full)"]
    assert yamlfile.check_no_aliases(yaml.compose("a: [1, {b: 2}]\n"), "f.yaml", [])
    monkeypatch.setattr(yamlfile, "MAX_NODES", 5)
    errors = []
    assert yamlfile.check_no_aliases(yaml.compose("a: [1, 2]\n"), "f.yaml", errors)  # 5 values: the limit
    assert not yamlfile.check_no_aliases(yaml.compose("\nx: 0\na: [1, 2, 3]\n"), "f.yaml", errors)
    assert [str(e) for e in errors] == ["f.yaml:2: file has more than 5 values (shorten its texts)"]


@pytest.mark.parametrize("offset, line", [(0, 3), (5, 3), (6, 3), (7, 3), (10, 4), (11, 4), (17, 4), (23, 5), (30, 5), (99, 3)])
def test_the_line_of_a_character_in_a_text_folded_over_several_lines(tmp_path, offset, line):
    path = tmp_path / "f.yaml"
    path.write_text("x: 1\ny: >\n  alpha beta\n  gamma delta\n  epsilon zeta eta\n", encoding="utf-8")
    value = "alpha beta gamma delta epsilon zeta eta\n"
    assert yamlfile.line_in_text(path, 3, value, offset) == line


def test_the_line_of_a_character_in_a_quoted_text_starting_after_its_key(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text('title: "one two\n  three four"\n', encoding="utf-8")
    value = "one two three four"
    assert [yamlfile.line_in_text(path, 1, value, o, column=7) for o in (0, 4, 8, 14)] == [1, 1, 2, 2]
    assert yamlfile.line_in_text(path, 1, value, 8, column=0) == 1  # 'title:' counted as a word
    assert yamlfile.line_in_text(tmp_path / "gone.yaml", 7, value, 8) == 7
    assert yamlfile.line_in_text(path, 1, value, len(value), column=7) == 1  # just past the end: the first line


def test_the_line_of_the_second_character_of_a_one_word_first_line_is_that_line(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("y: >\n  alpha\n  beta gamma\n", encoding="utf-8")
    value = "alpha beta gamma\n"
    assert [yamlfile.line_in_text(path, 2, value, o) for o in (0, 1, 4, 6, 11)] == [2, 2, 2, 3, 3]


def test_the_line_of_a_character_in_an_unsaved_buffer_is_counted_in_the_buffer(tmp_path):
    """The language server reports problems in what the editor shows, not in the file as last saved."""
    path = tmp_path / "f.yaml"
    path.write_text("y: >\n  alpha beta gamma\n", encoding="utf-8")
    value = "alpha beta gamma\n"
    with yamlfile.unsaved_buffers({str(path): "y: >\n  alpha\n  beta\n  gamma\n"}):
        assert [yamlfile.line_in_text(path, 2, value, o) for o in (0, 6, 11)] == [2, 3, 4]
    assert [yamlfile.line_in_text(path, 2, value, o) for o in (0, 6, 11)] == [2, 2, 2]


def test_the_line_of_a_character_follows_the_file_as_it_is_edited(tmp_path):
    import os

    path = tmp_path / "f.yaml"
    path.write_text("y: >\n  alpha beta\n  gamma\n", encoding="utf-8")
    os.utime(path, (1_000_000_000, 1_000_000_000))
    value = "alpha beta gamma\n"
    assert yamlfile.line_in_text(path, 2, value, 11) == 3
    path.write_text("y: >\n  alpha\n  beta gamma\n", encoding="utf-8")  # the same size, edited while serving
    os.utime(path, (1_000_000_060, 1_000_000_060))
    assert yamlfile.line_in_text(path, 2, value, 11) == 3
    assert yamlfile.line_in_text(path, 2, value, 6) == 3


# -- the closest passage shown beside a quote that is not in its text -----------------------------

@pytest.mark.parametrize("text, quote, shown", [
    # The best window wins, and the first of two equally good ones.
    ("one two three four five six seven eight nine ten alpha beta gamma delta omega",
     "alpha beta gamma delta", "alpha beta gamma delta"),
    ("a b x d e f g h i j k l m a b y d", "a b c d", "a b x d"),
    # At the very start and the very end of the text.
    ("alpha beta gamma delta one two three four five six seven eight", "alpha beta gamma", "alpha beta gamma"),
    ("one two three four five six seven eight alpha beta", "alpha beta", "alpha beta"),
    # A one-word quote, and a text shorter than the quote.
    ("one two three four five six", "four", "four"),
    ("short text", "a much longer quote than the text", "short text"),
    # Elided parts are left out of what is compared.
    ("one two three alpha beta gamma delta four five six seven", "alpha beta [...] gamma deltx", "alpha beta gamma delta"),
    ("one two three alpha beta gamma delta four five six seven", "alpha beta […] gamma deltx", "alpha beta gamma delta"),
])
def test_the_closest_passage_is_the_part_of_the_text_most_like_the_quote(text, quote, shown):
    assert quotes.closest_passage(quotes.normalise(text), quote) == shown


@pytest.mark.parametrize("text, quote, shown", [
    # A quote with a part left out is compared without the elision mark.
    ("the report found that the council had spent the money on roads", "the council [...] spent the cash",
     "the council had spent the"),
    # Of two passages as like the quote word for word, the one nearer letter by letter.
    ("the council said yes and the mayor said no", "the mayor said maybe", "the mayor said"),
    # Near the end of the text, a window shorter than the quote is not preferred.
    ("that the council had spent the", "the had", "the council had"),
    # The edges are settled on both sides, up to three words in and out.
    ("over pay and would", "wages", "pay"),
    ("roads and not on schools", "and wages", "and"),
    ("pay and", "ten pay", "pay"),
])
def test_the_closest_passage_to_a_misquote_word_by_word_then_letter_by_letter(text, quote, shown):
    assert quotes.closest_passage(quotes.normalise(text), quote) == shown


def test_the_closest_passage_to_a_long_misquote_is_the_passage_it_was_taken_from():
    """Over 200 characters SequenceMatcher's autojunk would drop spaces and common letters from the comparison."""
    sentences = ["the minister said on friday that talks with the union had stalled over pay and would resume next "
                 "week after the holiday.", "police said the crowd numbered about five thousand people by noon and "
                 "grew after the speeches.", "the report found that the council had spent the money on roads and not "
                 "on schools as promised."]
    words = " ".join(sentences * 4).split()
    quote = words[20:90]
    quote[35] = "strike"
    assert quotes.closest_passage(quotes.normalise(" ".join(words)), " ".join(quote)) == " ".join(words[20:90])


def test_a_one_word_misquote_is_shown_beside_the_one_word_most_like_it():
    """Not beside two words that, run together, would be a little more like it."""
    text = quotes.normalise("the foot bridge was closed for the whole of the winter and the footbrige reopened")
    assert quotes.closest_passage(text, "footbridge") == "footbrige"


@pytest.mark.parametrize("quote, shown", [
    ("fridya", "friday"),  # a one-word quote, misspelt
    ("the ministre siad on firday", "the minister said on friday"),  # every word misspelt
])
def test_the_closest_passage_to_a_quote_with_no_word_spelt_as_in_the_text(quote, shown):
    text = "police counted the crowd at noon. later the minister said on friday that talks had stalled."
    assert quotes.closest_passage(quotes.normalise(text), quote) == shown


@pytest.mark.parametrize("text, quote, alike, words, marked", [
    # Where the quote's parts are found and lined up around an elision.
    ('a a b a b b a a a b b b b b a a b b b b', 'b b a [...] b', 3, 4, 'b b a [-b-] {+a+}'),
    ('e f f b a c f b c h c c', 'c [...] f f h c', 3, 5, 'c f [-f-] {+b c+} h [-c-]'),
    ('the a and f y c f z y x d c', 'and of x e [...] d', 2, 5, '[-and of-] {+z y+} x [-e-] d'),
    ('a a d a e c e b', 'k [...] c b e', 2, 4, '[-k-] {+e+} c {+e+} b [-e-]'),
    # A changed last word shows as changed; a changed first word as changed, the text before it left out.
    ('g x the y f', 'x the qq', 2, 3, 'x the [-qq-] {+y+}'),
    ('f d b f a a e f', 'f k', 1, 2, 'f [-k-] {+d+}'),
    ('c d c a d c d c', 'a c', 1, 2, 'a [-c-] {+d+}'),
    ('h a h d b h c the a c x the the a a d the a the f', 'c d b h c the a c x the', 9, 10, '[-c-] {+h+} d b h c the a c x the'),
    ('f f g f a the the h d h d the h d b g the c g g', 'h k b b', 2, 4, 'h [-k-] {+d+} b [-b-] {+g+}'),
    # Words of the quote the text does not have, at its end, are only marked as left out.
    ('e a b a d', 'd qq d', 1, 3, 'd [-qq d-]'),
    # No word alike: the window most like the quote letter by letter, the first of equally like ones.
    ('b f d e c c h d g f c h h a g c g a h e', 'a w b w', 0, 4, '[-a w b w-] {+f d e c+}'),
    ('d h e the g the a f h b b h', 'wq w w tqe', 0, 4, '[-wq w w tqe-] {+d h e the+}'),
    ('b a c e d a c a e d e d', 'f', 0, 1, '[-f-] {+b+}'),
    ('a a a', 'q', 0, 1, '[-q-] {+a+}'),
    ('d a', 'q', 0, 1, '[-q-] {+d+}'),
    ('b the', 'q twe', 0, 2, '[-q twe-] {+b the+}'),
    # A text shorter than the quote: the word they share is shown as alike (not the text's last words alone).
    ('Police said it reopened.', 'The bridge remains closed, officials said', 1, 6,
     '[-The bridge remains closed, officials-] {+Police+} said'),
])
def test_the_hint_beside_a_misquote_marks_where_the_closest_passage_differs(text, quote, alike, words, marked):
    assert quotes.misquote_hint(quotes.normalise(text), quote) == \
        f"closest passage, {alike} of the quote's {words} words alike, [-quote-] {{+archived text+}}: \"{marked}\""


def test_a_misquote_over_200_words_counts_a_common_word_between_two_changes_as_alike():
    """Over 200 words SequenceMatcher's autojunk would leave out a word as common as "the" here."""
    words = [("the" if i % 5 == 0 else f"w{i}") for i in range(300)]
    quote = words[21:241]
    quote[103], quote[105] = "changed", "altered"  # on either side of words[125], "the"
    hint = quotes.misquote_hint(quotes.normalise(" ".join(words)), " ".join(quote))
    assert hint.startswith("closest passage, 218 of the quote's 220 words alike, ")
    assert " w123 [-changed-] {+w124+} the [-altered-] {+w126+} w127 " in hint


def test_a_misquote_over_200_words_is_shown_beside_the_passage_with_most_words_alike_however_common():
    """One passage shares only "the", every fifth word, with the quote (40 words); another ten rarer words. Over 200
    words SequenceMatcher's autojunk would not count a word as common as "the" and show the second."""
    quote = [("the" if i % 5 == 0 else f"q{i}") for i in range(200)]
    rare = [7, 28, 49, 66, 88, 111, 133, 152, 171, 194]
    for n, i in enumerate(rare):
        quote[i] = f"r{n}"
    alike_by_the = [("the" if i % 5 == 0 else f"a{i}") for i in range(200)]
    alike_by_rare_words = [f"b{i}" for i in range(200)]
    for n, i in enumerate(rare):
        alike_by_rare_words[i] = f"r{n}"
    hint = quotes.misquote_hint(quotes.normalise(" ".join(alike_by_the + alike_by_rare_words)), " ".join(quote))
    assert hint.startswith('closest passage, 40 of the quote\'s 200 words alike, [-quote-] {+archived text+}: '
                           '"the [-q1 q2 q3 q4-] {+a1 a2 a3 a4+} the [-q6 r0 q8 q9-] {+a6 a7 a8 a9+} the ')


def test_a_misquote_over_200_words_whose_first_alike_word_is_common_has_it_counted_as_alike():
    """The quote's first word alike is "the", common in the passage, and the text has four more words than the quote
    before the next word alike. Over 200 words SequenceMatcher's autojunk would not see that "the" when lining the
    passage up with the quote, and leave it out of the hint."""
    words = [("the" if i % 10 == 5 else f"w{i}") for i in range(200)]
    text = quotes.normalise("said: the pay, rose: a b c d " + " ".join(words))
    hint = quotes.misquote_hint(text, "said the pay rose " + " ".join(words))
    assert hint.startswith('closest passage, 201 of the quote\'s 204 words alike, [-quote-] {+archived text+}: '
                           '"[-said-] {+said:+} the [-pay rose-] {+pay, rose: a b c d+} w0 w1 w2 w3 w4 the w6 ')


def test_a_misquote_over_200_letters_with_no_word_spelt_as_in_the_text_is_shown_beside_its_passage():
    """Compared letter by letter: over 200 letters SequenceMatcher's autojunk would ignore every letter the quote has
    more than three times, here all of them, and show the text's first words."""
    other = "police counted the crowd at noon and the mayor spoke briefly to reporters outside."
    passage = ("the minister said on friday that the sessions with the union had stalled and that he would meet the "
               "union leaders on monday and then set out a new offer to the staff of the ministry in the wish that the "
               "sessions would end the strife soon after the end of the month")
    quote = "hte " + " ".join(word + word[-1] for word in passage.split()[1:])  # every word misspelt
    assert quotes.misquote_hint(quotes.normalise(other + " " + passage), quote) == \
        f'closest passage, 0 of the quote\'s 53 words alike, [-quote-] {{+archived text+}}: "[-{quote}-] {{+{passage}+}}"'


def test_a_quote_with_no_letter_in_common_with_its_text_is_not_shown_beside_the_whole_text():
    """Every passage is as unlike such a quote; the hint once showed all but the text's last two words."""
    text = quotes.normalise("The ministers met in Zenda on Monday and agreed to build a bridge over the river.")
    assert quotes.misquote_hint(text, "5,000") == \
        'closest passage, 0 of the quote\'s 1 words alike, [-quote-] {+archived text+}: "[-5,000-] {+The+}"'


def test_a_quote_checked_against_an_empty_text_is_shown_as_left_out_whole():
    assert quotes.misquote_hint("", "We will finish") == \
        'closest passage, 0 of the quote\'s 3 words alike, [-quote-] {+archived text+}: "[-We will finish-]"'


@pytest.mark.parametrize("text, quote, shown", [
    ("alpha beta gamma delta epsilon zeta eta theta iota kappa", "kappx", "kappa"),  # the last window is compared too
    ("alpha beta gamma delta epsilon zeta eta theta iota kappa", "zzzz wwww yyyy qqqq kappx",
     "zeta eta theta iota kappa"),
    # No window running past the end of the text, shorter than the quote, is compared.
    ("the a f the f g h d c g the b", "w qq tkeq q kq wq q k k wheq", "a f the f g h d"),
    ("x and f and d g", "ank wq awd qq", "and f"),
    ("h g g h c g", "k qq qq wq w k qhe", "g g h"),  # a text shorter than the quote
])
def test_the_closest_passage_to_a_quote_with_no_word_spelt_as_in_the_text_at_its_end(text, quote, shown):
    assert quotes.closest_passage(quotes.normalise(text), quote) == shown


def test_the_closest_passage_in_a_long_text_with_common_words():
    filler = " ".join(["the", "of", "and", "a", "to"] * 60)  # words a junk heuristic would drop
    text = f"{filler} the figure of the ministry is 5,000 workers and more {filler}"
    assert quotes.closest_passage(quotes.normalise(text), "the figure of the ministry is 6,000 workers") == \
        "the figure of the ministry is 5,000 workers"


def test_among_many_texts_the_two_that_share_a_passage_are_found():
    """More texts than BOILERPLATE, each with words of its own: only the shared passage is filed twice."""
    texts = {f"t{i:02d}.txt": " ".join(f"u{i}x{j}" for j in range(50)) for i in range(shared_text.BOILERPLATE + 2)}
    passage = " ".join(WORDS[:45])
    texts["t03.txt"] += " " + passage
    texts["t40.txt"] = passage + " " + texts["t40.txt"]
    assert [(p.a, p.b, p.words, p.start_a, p.start_b) for p in shared_text.find(texts)] == [
        ("t03.txt", "t40.txt", 45, 51, 1)]


def test_a_passage_in_exactly_boilerplate_texts_still_counts():
    passage = " ".join(WORDS[:45])
    texts = {f"t{i:02d}": f"own{i} " + passage for i in range(shared_text.BOILERPLATE)}
    found = shared_text.find(texts)
    assert len(found) == shared_text.BOILERPLATE * (shared_text.BOILERPLATE - 1) // 2
    assert {p.words for p in found} == {45}


def test_of_two_equally_long_shared_passages_the_first_in_the_first_text_is_named():
    one, two = " ".join(f"o{i}" for i in range(45)), " ".join(f"t{i}" for i in range(45))
    (found,) = shared_text.find({"a": f"{one} middle {two}", "b": f"{one} other {two}"})
    assert (found.words, found.start_a, found.start_b, found.excerpt) == (45, 1, 1, "o0 o1 o2 o3 o4 o5 o6 o7")


def test_find_quote_gives_the_first_place_of_each_part_in_order():
    text = quotes.normalise("one two three. one two three. four five")
    assert quotes.find_quote(text, "one two") == [(0, 7)]
    assert quotes.find_quote(text, "three [...] one two") == [(8, 13), (15, 22)]
    assert quotes.find_quote(text, "[...] four five") == [(30, 39)]  # an elision at the start leaves an empty part
    assert quotes.find_quote(text, "four […] one") is None  # parts must come in the text's order
    assert quotes.find_quote(text, "[...]") is None


# -- the briefing's picture (briefing.yaml image.file) -------------------------------------------------

_NOT_IN_CONTENT = "must be a file in the content folder, named from it: no '..', no leading '/'"


@pytest.mark.parametrize("name, problem", [
    ("media/card.png", ""),
    ("CARD.JPG", ""),  # the ending in any case
    ("card.webp", ""),
    ("", _NOT_IN_CONTENT),
    (" media/card.png", _NOT_IN_CONTENT),
    ("media/card.png ", _NOT_IN_CONTENT),
    ("/media/card.png", _NOT_IN_CONTENT),
    ("../card.png", _NOT_IN_CONTENT),
    ("media/../card.png", _NOT_IN_CONTENT),
    ("media\\..\\card.png", _NOT_IN_CONTENT),  # a Windows path is read as one
    ("./card.png", _NOT_IN_CONTENT),
    ("media//card.png", _NOT_IN_CONTENT),
    ("media/card.svg", "must be a picture ending in .png, .jpg, .jpeg, .gif, .webp"),
    ("media/card", "must be a picture ending in .png, .jpg, .jpeg, .gif, .webp"),
    ("media/other.png", "names no file in the content folder"),
    ("media", "must be a picture ending in .png, .jpg, .jpeg, .gif, .webp"),
    ("folder.png", "names no file in the content folder"),  # a folder, not a file
])
def test_the_briefings_picture_is_a_picture_file_named_from_the_content_folder(tmp_path, name, problem):
    from builder.checks.rules import image_problem

    (tmp_path / "media").mkdir()
    for file in ("media/card.png", "CARD.JPG", "card.webp"):
        (tmp_path / file).write_bytes(b"picture")
    (tmp_path / "folder.png").mkdir()
    assert image_problem(name, tmp_path) == problem
