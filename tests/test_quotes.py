"""Quotes are verified against the archived text, or against the lock where there is no archive."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

import conftest
from builder.model import load
from builder.model import settings
from builder.pages import prepare as build
from builder.sources import quotes
from conftest import edit, write_lock
from support import news_report, second_source


def test_normalise_treats_quotes_dashes_and_spaces_as_equal():
    assert quotes.normalise("“We  will”\n— ‘ok’") == quotes.normalise('"We will" - \'ok\'')


def test_quote_with_elision_matches_passages_in_order():
    text = quotes.normalise("One two three. Four five six. Seven eight.")
    assert quotes.find_quote(text, "One two [...] Seven eight.") is not None
    assert quotes.find_quote(text, "Seven eight. [...] One two") is None


def test_misquote_is_an_error_showing_the_closest_passage(project):
    text = project.read("content/sources/example-talks.yaml").replace(
        "agreeing to build a bridge.", "agreeing to build two bridges.")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    found = project.problems()
    assert found == ["content/sources/example-talks.yaml:16: quote of claim 'bridge-agreed' is not in the archived text "
                     "article.txt (closest passage, 15 of the quote's 17 words alike, [-quote-] {+archived text+}: "
                     "\"The foreign ministers of Ruritania and Freedonia met in Zenda on Monday, agreeing to build "
                     "[-two bridges.-] {+a bridge.+}\")"], found


def test_lock_records_archive_hash_and_quote_positions(project):
    lock = json.loads(project.read("content/quotes.lock"))
    assert set(lock["archives"]) == {"article.txt"}
    entry = lock["quotes"]["example-talks#berg-two-years"]
    assert entry["archive"] == "article.txt" and entry["spans"][0][0] > 0
    assert entry["sha256"] == quotes.quote_hash('"We will finish the bridge in two years," said Minister Anna Berg.')


def test_changed_quote_with_archive_present_asks_to_refresh_the_lock(project):
    text = project.read("content/sources/example-talks.yaml").replace(
        "met in Zenda on Monday, agreeing to build a bridge.", "met in Zenda on Monday,")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    found = project.problems()
    assert found == ["content/quotes.lock: 1 quote changed ('example-talks#bridge-agreed') since the lock was written "
                     "(run `briefing lock` to verify the quotes and record them)"], found


def test_a_stale_lock_is_one_line_however_many_quotes_changed(project):
    text = project.read("content/sources/example-talks.yaml")
    for old, new in (("met in Zenda on Monday, agreeing to build a bridge.", "met in Zenda on Monday,"),
                     ("will be needed - more than ever before.", "will be needed"),
                     ("id: berg-two-years", "id: berg-in-two-years")):
        text = text.replace(old, new)
    project.write("content/sources/example-talks.yaml", text.replace("#berg-two-years", "#berg-in-two-years"),
                  dedent=False)
    for relpath in ("content/themes/bridge.yaml",):
        project.write(relpath, project.read(relpath).replace("#berg-two-years", "#berg-in-two-years"), dedent=False)
    found = project.problems()
    # two quotes changed, one renamed (its old entry removed, its new one added): four entries differ, each named
    assert found == ["content/quotes.lock: 1 quote added ('example-talks#berg-in-two-years'), 2 quotes changed "
                     "('example-talks#bridge-agreed', 'example-talks#workers-5000') and 1 quote removed "
                     "('example-talks#berg-two-years') since the lock was written "
                     "(run `briefing lock` to verify the quotes and record them)"], found


def test_a_misspelt_archive_name_is_reported_as_itself_not_as_a_stale_lock(project):
    text = project.read("content/sources/example-talks.yaml").replace("archive: article.txt", "archive: artcle.txt")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    found = project.problems()
    assert found == ["content/sources/example-talks.yaml:8: archived text not found: archive/artcle.txt "
                     "(did you mean 'article.txt'?)"], found


def test_without_the_archive_the_lock_vouches_for_verified_quotes(project):
    shutil.rmtree(project.root / "archive")
    assert project.problems() == []


def test_without_the_archive_a_new_quote_is_refused(project):
    shutil.rmtree(project.root / "archive")
    text = project.read("content/sources/example-talks.yaml").replace(
        "met in Zenda on Monday, agreeing to build a bridge.", "met in Zenda on Monday,")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    found = project.problems()
    assert any(p.startswith("content/sources/example-talks.yaml:16: quote of claim 'bridge-agreed' has not been verified")
               and "briefing lock" in p for p in found), found


def test_tampered_archive_makes_the_lock_stale(project):
    path = project.root / "archive" / "article.txt"
    path.write_text(path.read_text() + "An added line.\n")
    assert project.problems() == ["content/quotes.lock: 1 archived text changed ('article.txt') since the lock was "
                                  "written (run `briefing lock` to verify the quotes and record them)"]


def test_missing_archived_text_is_reported_at_the_archive_field(project):
    (project.root / "archive" / "article.txt").unlink()
    assert any(p.startswith("content/sources/example-talks.yaml:8: archived text not found: archive/article.txt")
               for p in project.problems())


def test_an_archived_text_that_is_a_link_is_not_read(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=abc123 The foreign ministers of Ruritania\n")
    target = project.root / "archive" / "article.txt"
    target.unlink()
    target.symlink_to(secret)
    found = project.problems()
    assert any(p.startswith("content/sources/example-talks.yaml:8: archived text archive/article.txt is a link, not a file")
               for p in found), found
    assert not any("abc123" in p for p in found)


def test_an_original_is_recorded_in_the_lock_by_its_bytes_and_a_link_is_not_read(project, tmp_path):
    project.write("content/sources/example-talks.yaml", project.read("content/sources/example-talks.yaml").replace(
        "archive: article.txt\n", "archive: article.txt\noriginal: Talks.PDF\n"), dedent=False)
    original = project.root / "archive" / "Talks.PDF"
    original.write_bytes(b"%PDF-1.4 the talks, as saved\n")
    write_lock(project.root)
    lock = json.loads(project.read("content/quotes.lock"))
    assert lock["originals"] == {"Talks.PDF": hashlib.sha256(b"%PDF-1.4 the talks, as saved\n").hexdigest()}
    assert project.problems() == []
    elsewhere = tmp_path / "elsewhere.pdf"
    elsewhere.write_bytes(original.read_bytes())
    original.unlink()
    original.symlink_to(elsewhere)
    assert project.problems() == ["content/sources/example-talks.yaml:9: original not found: archive/Talks.PDF "
                                  "(check the file name, or write null when the original was not kept)"]


# Texts as pdftotext extracts them from a PDF: a form feed after each page (or, as some tools write it, between pages).
REPORTS = {
    "four-pages-the-third-blank": (
        ["Harbour report.\nThe ferries ran daily in spring.\n", "I counted them.\nNight crossings doubled in summer.\n",
         "\n", "Winter saw fewer boats.\nThe harbour closed in March.\n"], "\f",
        {  # claim id: (quote, the pages the lock records for it)
            "on-one-page": ("The ferries ran daily in spring.", [1]),
            "one-letter-onto-the-next": ("ran daily in spring. I", [1, 2]),
            "to-the-end-of-a-page": ("Night crossings doubled in summer.", [2]),
            "before-a-blank-page": ("doubled in summer. Winter saw", [2, 4]),
            "parts-on-three-pages": ("Harbour report. [...] I counted them. [...] The harbour closed", [1, 4]),
            "from-a-page-start": ("Winter saw fewer boats.", [4]),
        }),
    "three-pages-the-second-blank-no-break-after-the-last": (
        ["Harbour report.\nThe ferries ran daily in spring.\n", "\n", "Winter saw fewer boats.\nThe harbour closed."], "",
        {
            "first-words": ("Harbour report.", [1]),
            "over-the-blank-page": ("in spring. Winter saw", [1, 3]),
            "last-words": ("The harbour closed.", [3]),
        }),
}


@pytest.mark.parametrize("pages, last_break, claims", REPORTS.values(), ids=REPORTS)
def test_a_quote_of_a_text_extracted_from_a_pdf_is_locked_with_the_pages_it_is_on(project, pages, last_break, claims):
    project.write("archive/report.txt", "\f".join(pages) + last_break, dedent=False)
    listed = "".join(f"  - id: {key}\n    type: reported\n    text: The report says so.\n    quote: {quote}\n"
                     for key, (quote, _) in claims.items())
    project.write("content/sources/harbour-report.yaml",
                  "title: Harbour Report\noutlet: Harbour Office\nauthor: unknown\npublished:\n  date: \"2025-02\"\n"
                  "  inferred: The report's cover.\nkind: other\narchive: report.txt\nsummary: A count of ferries.\n"
                  "key_points:\n  - Ferries were counted.\nclaims:\n" + listed, dedent=False)
    write_lock(project.root)
    lock = json.loads(project.read("content/quotes.lock"))
    assert {key: lock["quotes"][f"harbour-report#{key}"].get("pages") for key in claims} == {
        key: pages for key, (_, pages) in claims.items()}
    assert "pages" not in lock["quotes"]["example-talks#bridge-agreed"]  # a text without page breaks


def test_the_lock_writes_each_quote_with_its_fields_in_name_order_the_pages_too(project):
    """One quote a line, its fields in name order, so that the file diffs alike whoever wrote it: a quote of a
    text with pages holds "pages", which comes before "sha256"."""
    project.write("archive/report.txt", "Harbour report.\fWinter saw fewer boats.\n", dedent=False)
    project.write("content/sources/harbour-report.yaml",
                  "title: Harbour Report\noutlet: Harbour Office\nauthor: unknown\npublished:\n  date: \"2025-02\"\n"
                  "  inferred: The report's cover.\nkind: other\narchive: report.txt\nsummary: A count of ferries.\n"
                  "key_points:\n  - Ferries were counted.\nclaims:\n  - id: winter\n    type: reported\n"
                  "    text: The report says so.\n    quote: Winter saw fewer boats.\n", dedent=False)
    write_lock(project.root)
    (line,) = [line for line in project.read("content/quotes.lock").splitlines() if '"harbour-report#winter"' in line]
    assert line.startswith('    "harbour-report#winter": {"archive": "report.txt", "pages": [2], "sha256": '), line


def test_an_archived_text_that_is_not_utf8_is_read_with_its_bad_bytes_replaced(project):
    (project.root / "archive" / "article.txt").write_bytes(conftest.ARTICLE.encode() + b"The caf\xe9 was closed.\n")
    edit(project, "content/sources/example-talks.yaml", "    about: [ruritania, zenda]\n",
         "    about: [ruritania, zenda]\n  - id: cafe\n    type: reported\n    text: A cafe closed.\n"
         "    quote: The caf\ufffd was closed.\n")
    assert quotes.verify(load.load(project.root), use_lock=False).errors == []



HTML_PAGE = ("content/sources/example-talks.yaml:8: archived text archive/article.txt is an HTML page, not text: its "
             "quotes would be checked against markup and page furniture (import the page with `briefing new source "
             "ID --from page.html`, which archives the article's text and keeps the page beside it)")
SOURCE = "content/sources/example-talks.yaml"
FOUR_TAGS = "<div>\n<p>\n</p>\n<br>\n"
FILLER = "More words of the article. " * 8000  # 216,000 characters, past the 200,000 that are looked at


@pytest.mark.parametrize("before, after, refused", [
    ("", FOUR_TAGS, False),
    ("", FOUR_TAGS + '<a href="https://example.org/">', True),  # five tags of a page
    ("<!-- saved\nfrom the web -->\n<!DOCTYPE html>\n", "", True),  # a page's first tag, after a comment
    ("", FOUR_TAGS + FILLER[:200_000 - len(conftest.ARTICLE + FOUR_TAGS) - 3] + "<p>" + FILLER, True),
    ("", FOUR_TAGS + FILLER[:200_000 - len(conftest.ARTICLE + FOUR_TAGS) - 2] + "<p>" + FILLER, False),
], ids=["four-tags", "five-tags", "doctype", "fifth-tag-in-the-first-200000-characters", "fifth-tag-past-them"])
def test_an_archived_text_that_is_an_html_page_is_refused(project, before, after, refused):
    project.write("archive/article.txt", before + conftest.ARTICLE + after, dedent=False)
    errors = [str(e) for e in quotes.verify(load.load(project.root), use_lock=False).errors]
    assert errors == ([HTML_PAGE] if refused else [])


@pytest.mark.parametrize("name", ["article.html", "article.htm", "Article.HTML"])
def test_an_archived_page_named_as_a_web_page_is_verified_not_refused(project, name):
    project.write(f"archive/{name}", FOUR_TAGS + '<a href="https://example.org/">' + conftest.ARTICLE, dedent=False)
    edit(project, "content/sources/example-talks.yaml", "archive: article.txt", f"archive: {name}")
    verification = quotes.verify(load.load(project.root), use_lock=False)
    assert verification.errors == [] and list(verification.lock.archives) == [name]


def test_an_archived_page_refused_does_not_stop_the_other_sources_being_verified(project):
    second_source(project)
    project.write("archive/article.txt", conftest.ARTICLE + FOUR_TAGS + '<a href="https://example.org/">', dedent=False)
    edit(project, "content/sources/second-report.yaml", "quote: The ministers agreed on a bridge",
         "quote: The ministers agreed on two bridges")
    errors = [str(e) for e in quotes.verify(load.load(project.root), use_lock=False).errors]
    assert errors == [HTML_PAGE, "content/sources/second-report.yaml:14: quote of claim 'bridge' is not in the archived "
                      "text second.txt (closest passage, 6 of the quote's 8 words alike, [-quote-] {+archived text+}: "
                      "\"The ministers agreed on [-two bridges-] {+a bridge+} in Zenda.\")"]


def test_an_original_named_as_its_own_archived_text_is_not_recorded_as_an_original(project):
    shutil.copy(project.root / "archive" / "article.txt", project.root / "archive" / "article.html")
    edit(project, "content/sources/example-talks.yaml", "archive: article.txt",
         "archive: article.html\noriginal: article.html")
    assert project.problems() == [
        "content/quotes.lock: 3 quotes changed ('example-talks#berg-two-years', 'example-talks#bridge-agreed', "
        "'example-talks#workers-5000'), 1 archived text added ('article.html') and 1 archived text removed "
        "('article.txt') since the lock was written (run `briefing lock` to verify the quotes and record them)",
        "content/sources/example-talks.yaml:9: 'original' must be another file than 'archive', the text extracted "
        "from it, not 'article.html'"]


MISQUOTES = (("agreeing to build a bridge.", "agreeing to build a tunnel."), ("in two years,", "in three years,"),
             ("will be needed - more", "will be wanted - more"))  # a word of each quote of the small project's source changed


@pytest.mark.parametrize("broken", ["original-missing", "every-quote-misquoted", "no-claims-and-no-archived-text"])
def test_reverifying_against_a_verification_with_errors_finds_them_again(project, broken):
    """The language server verifies again only the sources an edit changed, taking the others from the last
    verification, which may have found errors: a source with an error is verified again, not taken as found."""
    second_source(project)
    if broken == "original-missing":
        edit(project, "content/sources/second-report.yaml", "archive: second.txt", "archive: second.txt\noriginal: gone.html")
    elif broken == "every-quote-misquoted":
        text = project.read(SOURCE)
        for passage, misquoted in MISQUOTES:
            text = text.replace(passage, misquoted, 1)
        project.write(SOURCE, text, dedent=False)
    else:
        news_report(project, "third-report", title="A third report", outlet="Third Daily", archive="third.txt",
                    text="", summary="One more account.", claims=" []\n")
        (project.root / "archive" / "third.txt").unlink()
    model = load.load(project.root)
    first = quotes.verify(model)
    assert first.errors and (broken != "every-quote-misquoted" or len(first.errors) == 3)
    again = quotes.verify(model, reuse=(model, first))
    assert [str(e) for e in again.errors] == [str(e) for e in first.errors]
    assert again.lock.text() == first.lock.text()


def test_the_language_server_tells_a_deleted_lock_is_missing_while_every_source_is_as_it_was(project):
    """With the quote lock deleted (outside the editor) and no source changed, the language server verifies
    again taking every source from its last verification, so no archived text is read in that run; the shared
    passages, which the deleted lock no longer holds, are found anew from the archived texts all the same."""
    from builder.editor.analysis import Project

    analysis = Project(project.root)
    assert "content/quotes.lock" not in analysis.analyse().diagnostics
    (project.root / "content" / "quotes.lock").unlink()
    assert [d.message for d in analysis.analyse().diagnostics["content/quotes.lock"]] == [
        "the quote lock does not exist yet"]


def test_a_misquote_does_not_hide_that_another_quote_changed_since_the_lock_was_written(project):
    edit(project, SOURCE, "agreeing to build a bridge.", "agreeing to build a tunnel.")
    edit(project, SOURCE, "will be needed - more than ever before.", "will be needed")
    problems = project.problems()
    assert any("quote of claim 'bridge-agreed' is not in the archived text" in p for p in problems), problems
    assert any("content/quotes.lock: 1 quote changed ('example-talks#workers-5000')" in p for p in problems), problems


def test_without_the_archive_the_quotes_of_a_source_that_did_not_load_are_not_called_removed(project):
    """The lock's entries of a source the loader could not read may well still be there: only its error is told."""
    shutil.rmtree(project.root / "archive")
    edit(project, "content/sources/example-talks.yaml", "kind: wire-copy", "kind: [wire-copy")
    assert project.problems() == ["content/sources/example-talks.yaml:8: YAML syntax error: the '[' on line 7 has no "
                                  "matching ']' (close it with ']', or put a value holding '[' or a comma in quotes)"]


def test_without_the_archive_a_source_page_shows_its_texts_fingerprints_from_the_lock(project):
    (project.root / "archive" / "article.html").write_text("<p>The original page.</p>\n", encoding="utf-8")
    edit(project, "content/sources/example-talks.yaml", "archive: article.txt",
         "archive: article.txt\noriginal: article.html")
    write_lock(project.root)
    archived = hashlib.sha256((project.root / "archive" / "article.txt").read_bytes()).hexdigest()
    original = hashlib.sha256((project.root / "archive" / "article.html").read_bytes()).hexdigest()
    shutil.rmtree(project.root / "archive")
    page = build.prepare(settings.read(project.root)).texts["sources/example-talks.md"]
    assert f'SHA-256 <code class="bf-hash">{archived}</code>; extracted from the original page, SHA-256 ' \
           f'<code class="bf-hash">{original}</code></p>' in page


def test_an_archived_text_whose_source_did_not_load_is_not_called_removed(project):
    """The lock's entry for the text of a source the loader could not read may well still be right."""
    edit(project, "content/sources/example-talks.yaml", "kind: wire-copy", "kind: [wire-copy")
    assert project.problems() == ["content/sources/example-talks.yaml:8: YAML syntax error: the '[' on line 7 has no "
                                  "matching ']' (close it with ']', or put a value holding '[' or a comma in quotes)"]


def test_an_archived_text_no_source_names_any_more_is_removed_from_the_lock(project):
    edit(project, "content/quotes.lock", '"archives": {\n', '"archives": {\n    "gone.txt": "' + "0" * 64 + '",\n')
    assert project.problems() == ["content/quotes.lock: 1 archived text removed ('gone.txt') since the lock was "
                                  "written (run `briefing lock` to verify the quotes and record them)"]


def test_an_original_no_source_names_any_more_is_removed_from_the_lock(project):
    edit(project, "content/quotes.lock", '"version": 2,\n', '"version": 2,\n  "originals": {"gone.html": "' + "0" * 64
         + '"},\n')
    assert project.problems() == ["content/quotes.lock: 1 original removed ('gone.html') since the lock was written "
                                  "(run `briefing lock` to verify the quotes and record them)"]


def test_an_original_gone_from_the_archive_is_reported_as_itself_not_as_a_stale_lock(project):
    (project.root / "archive" / "article.html").write_text("<p>The original page.</p>\n", encoding="utf-8")
    edit(project, "content/sources/example-talks.yaml", "archive: article.txt",
         "archive: article.txt\noriginal: article.html")
    write_lock(project.root)
    (project.root / "archive" / "article.html").unlink()
    assert project.problems() == ["content/sources/example-talks.yaml:9: original not found: archive/article.html "
                                  "(check the file name, or write null when the original was not kept)"]


def _shared_entries(project, *pairs):
    entries = ",\n".join("    " + json.dumps({"a": a, "b": b, "excerpt": "x", "starts": [0, 0], "words": 40})
                         for a, b in pairs)
    edit(project, "content/quotes.lock", '"shared": [', '"shared": [\n' + entries)


def test_the_shared_passages_recorded_in_the_lock_stand_while_the_texts_are_unchanged(project):
    _shared_entries(project, ("article.txt", "article.txt"))
    assert project.problems() == []


def test_the_shared_passages_of_a_text_not_verified_are_not_judged(project):
    """While an archive name is misspelt, its text's shared passages are that problem's, not a stale lock's."""
    _shared_entries(project, ("article.txt", "other.txt"), ("other.txt", "article.txt"))
    edit(project, "content/sources/example-talks.yaml", "archive: article.txt", "archive: artcle.txt")
    assert project.problems() == ["content/sources/example-talks.yaml:8: archived text not found: archive/artcle.txt "
                                  "(did you mean 'article.txt'?)"]


def test_a_lock_that_records_no_shared_passages_is_not_stale_for_it(project):
    path = project.root / "content" / "quotes.lock"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["shared"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert project.problems() == []
