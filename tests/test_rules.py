"""The rules a user would notice breaking, each pinned by a test aimed at it (issue 17).

Every test here runs in this process on the conftest project, in well under a second, so that
`make mutate` can run them for each mutant of the rule modules. Each was written against a bug
that a mutation study showed the suite let through, or against a mutant that survived.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from xml.etree import ElementTree

import pytest

from builder.pages import prepare as build
from builder.checks import rules as checks
from builder.model import load
from builder.sources import lock
from builder.model import items as m
from builder.sources import quotes
from builder.model import settings
from builder.checks import sourcing
from builder.model import urls
from builder.model.diagnostics import Problems
from builder.model.xref import Xref
from conftest import Project, edit, line_of, make_project, write_lock
from bad_content_cases import CASES, assert_reported

SRC = "content/sources/example-talks.yaml"
THEME = "content/themes/bridge.yaml"
BRIEFING = "content/briefing.yaml"


def rendered(project) -> dict[str, str]:
    """Every page the build would write, rendered in this process (before MkDocs)."""
    return build.prepare(settings.read(project.root)).texts


# -- every citation of a group is checked ---------------------------------------------------------

@pytest.mark.parametrize("group", [
    "[@example-talks#bridge-agreed; @example-talks#nosuch]",
    "[@example-talks#bridge-agreed; @example-talks#berg-two-years; @example-talks#nosuch]",
    "[@example-talks#nosuch; @example-talks#bridge-agreed]",
])
def test_every_citation_of_a_group_is_checked_not_only_the_first(project, group):
    edit(project, BRIEFING, "[@example-talks#bridge-agreed].\n    confidence:", f"{group}.\n    confidence:")
    assert project.problems() == [
        f"{BRIEFING}:8: citation to unknown claim 'nosuch' of source 'example-talks'"]


def test_an_unknown_source_late_in_a_group_is_reported_with_the_claim_it_likely_meant(project):
    edit(project, THEME, "[@example-talks#bridge-agreed; @example-talks#berg-two-years]",
         "[@example-talks#bridge-agreed; @example-talk#berg-two-years]")
    assert project.problems() == [
        f"{THEME}:3: citation to unknown source 'example-talk' (did you mean 'example-talks'?)"]


# -- ids -------------------------------------------------------------------------------------------

def test_a_repeated_key_judgement_id_is_an_error_naming_the_first(project):
    edit(project, BRIEFING, "    likelihood: likely\n", "    likelihood: likely\n"
         "  - id: bridge-planned\n"
         "    text: A second judgement with the same id [@example-talks#berg-two-years].\n"
         "    confidence: low\n    confidence_reason: Again one source.\n    likelihood: unlikely\n")
    assert project.problems() == [
        f"{BRIEFING}:12: duplicate key judgement id 'bridge-planned' (first used at {BRIEFING}:7)"]


@pytest.mark.parametrize("relpath, old, new, what, first", [
    ("content/entities.yaml", "  - id: zenda\n", "  - id: ruritania\n", "entity", 7),
    ("content/discrepancies.yaml", "discrepancies:\n", "discrepancies:\n  - id: workers\n    question: Who pays?\n"
     "    kind: account\n    values:\n      - text: The ministers [@example-talks#bridge-agreed].\n"
     "      - text: The officials [@example-talks#workers-5000].\n", "discrepancy", 2),
    (SRC, "  - id: berg-two-years", "  - id: bridge-agreed", "claim (in source 'example-talks')", 13),
])
def test_every_kind_of_repeated_id_is_an_error_at_the_repeat(project, relpath, old, new, what, first):
    edit(project, relpath, old, new)
    repeated = [p for p in project.problems() if "duplicate" in p]
    assert len(repeated) == 1, project.problems()
    assert repeated[0].startswith(f"{relpath}:") and f"duplicate {what} id" in repeated[0]
    assert repeated[0].endswith(f"(first used at {relpath}:{first})")


def test_repeated_timeline_event_ids_are_an_error_but_events_without_id_are_not(project):
    text = project.read("content/timeline.yaml")
    event = text[text.index("  - date"):]
    project.write("content/timeline.yaml", text + event + event.replace("  - date", "  - id: talks\n    date")
                  + event.replace("  - date", "  - id: talks\n    date"), dedent=False)
    assert project.problems() == [
        "content/timeline.yaml:9: duplicate timeline event id 'talks' (first used at content/timeline.yaml:6)"]


# -- lines of list entries -------------------------------------------------------------------------

def test_a_problem_in_a_list_entry_is_reported_at_that_entrys_line(project):
    edit(project, SRC, "  - A bridge is planned.\n",
         "  - A bridge is planned.\n  - Work may start in spring.\n  - Workers come from Zenda [@example-talks#nosuch].\n")
    assert project.problems() == [f"{SRC}:13: citation to unknown claim 'nosuch' of source 'example-talks'"]
    assert load.load(project.root).sources["example-talks"].lines["key_points[2]"] == 13


def test_a_placeholder_in_the_third_list_entry_is_warned_about_at_its_line(project):
    edit(project, SRC, "  - A bridge is planned.\n", "  - A bridge is planned.\n  - Two.\n  - TODO three.\n")
    found = [str(w) for w in checks.placeholders(load.load(project.root))]
    assert found == [f"{SRC}:13: warning: 'key_points[3]' still holds placeholder text (TODO) "
                     "(replace the TODO text before publishing)"]


def test_a_problem_inside_a_list_entry_written_over_several_lines_is_at_its_own_line(project):
    edit(project, THEME, "  - Whether work starts [@example-talks#berg-two-years].\n",
         "  - Whether work starts [@example-talks#berg-two-years].\n"
         "  - >\n    Whether the ministers\n    meet again [@example-talks#nosuch].\n")
    assert project.problems() == [f"{THEME}:{line_of(project, THEME, 'meet again')}: citation to unknown claim "
                                  "'nosuch' of source 'example-talks'"]


# -- placeholders in nested fields -----------------------------------------------------------------

@pytest.mark.parametrize("old, new, name", [
    ('says "on Monday";', 'says "on Monday" (TODO);', "published.inferred"),
    ("kind: wire-copy", "kind: wire-copy\nreliability:\n  grade: C\n  reason: TODO why.", "reliability.reason"),
    ("    text: Minister Anna Berg said", "    text: TODO Minister Anna Berg said", "claims[2].text"),
])
def test_a_placeholder_in_a_nested_field_is_warned_about_with_its_path_and_line(project, old, new, name):
    edit(project, SRC, old, new)
    needle = "TODO"
    found = [str(w) for w in checks.placeholders(load.load(project.root))]
    assert found == [f"{SRC}:{line_of(project, SRC, needle)}: warning: '{name}' still holds placeholder text (TODO) "
                     "(replace the TODO text before publishing)"]


def test_errors_and_warnings_count_list_entries_alike_from_1(project):
    edit(project, SRC, "    text: Minister Anna Berg said", "    text: TODO Minister Anna Berg said")
    (warned,) = [str(w) for w in checks.placeholders(load.load(project.root))]
    assert "'claims[2].text' still holds placeholder text" in warned
    edit(project, SRC, "id: berg-two-years", "id: Berg_Two_Years")
    (error,) = project.problems()
    assert "source field 'claims[2].id' 'Berg_Two_Years' is not a valid id" in error


def test_todo_as_part_of_a_word_or_in_lower_case_is_no_placeholder(project):
    edit(project, SRC, "summary: Ministers met", "summary: TODOS and todo aside, ministers met")
    assert checks.placeholders(load.load(project.root)) == []


# -- corroboration, reproducibly -------------------------------------------------------------------

CORROBORATING = """\
    title: Report {n}
    outlet: Outlet {n}
    author: unknown
    published:
      date: "2025-02-0{n}"
    kind: news-report
    archive: report-{n}.txt
    summary: Report {n} on the bridge [@report-{n}#bridge].
    claims:
      - id: bridge
        type: reported
        text: A bridge was agreed.
        quote: Report {n} says a bridge was agreed.
        corroborates: [example-talks#bridge-agreed]
    """


def add_corroborating_sources(project, numbers) -> None:
    for n in numbers:
        project.write(f"archive/report-{n}.txt", f"Report {n} says a bridge was agreed.\n")
        project.write(f"content/sources/report-{n}.yaml", CORROBORATING.format(n=n))
    write_lock(project.root)


def derived(project) -> sourcing.Sourcing:
    model = load.load(project.root)
    return checks.check(model, use_lock=False).sourcing


def test_corroborated_by_lists_the_other_claims_sorted(project):
    add_corroborating_sources(project, [7, 3, 9, 1, 5, 2])
    found = derived(project).corroborated_by
    keys = ["report-1#bridge", "report-2#bridge", "report-3#bridge", "report-5#bridge", "report-7#bridge",
            "report-9#bridge"]
    assert found["example-talks#bridge-agreed"] == keys
    assert found["report-5#bridge"] == sorted(["example-talks#bridge-agreed", *keys[:3], *keys[4:]])
    assert found["example-talks#workers-5000"] == []


# -- discrepancies ---------------------------------------------------------------------------------

def test_a_figure_of_zero_is_drawn_like_any_other(project):
    from support import dots, svg_of

    page = rendered(project)["discrepancies.md"]
    svg = svg_of(page)
    assert len(dots(svg)) == 3  # 5,000, 4,500 and 0: a zero is a figure, not a missing one
    assert "none beyond the crews at work" in page
    assert min(dots(svg)) < max(dots(svg))


# -- the feed is text ------------------------------------------------------------------------------

def test_the_feed_escapes_summaries_and_bottom_lines(project):
    edit(project, SRC, "summary: Ministers met in Zenda and agreed to build a bridge.",
         "summary: 'Costs < 3 billion & rising; \"AT&T\" <3 [@example-talks#bridge-agreed]'")
    feed = rendered(project)["feed.xml"]
    root = ElementTree.fromstring(feed)  # well-formed: nothing was let through unescaped
    atom = "{http://www.w3.org/2005/Atom}"
    summaries = [e.findtext(f"{atom}summary") for e in root.iter(f"{atom}entry")]
    assert 'Costs < 3 billion & rising; "AT&T" <3' in summaries
    assert "Costs &lt; 3 billion &amp; rising" in feed


# -- a check that runs without the lock -------------------------------------------------------------

def test_the_fixture_checks_clean_with_and_without_the_lock(project):
    model = load.load(project.root)
    assert checks.check(model).warnings == checks.check(model, use_lock=False).warnings
    (project.root / "content" / "quotes.lock").unlink()
    with pytest.raises(Problems) as caught:
        checks.check(load.load(project.root))
    assert [str(e) for e in caught.value.errors] == [
        "content/quotes.lock: the quote lock does not exist yet "
        "(run `briefing lock` to verify the quotes and write it)"]
    assert Xref(model).fields


# -- the catalogue of bad content, found by the checks in this process ----------------------------

@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("rules") / "clean")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_catalogued_mistake_is_found_at_its_line_by_load_and_check(case, clean, tmp_path):
    """The same cases as tests/test_bad_content.py (which runs the whole `briefing build` on each), here
    through load, check and quote verification alone, so that mutation testing can run them quickly."""
    root = tmp_path / "proj"
    shutil.copytree(clean.root, root, symlinks=True)
    line = case.line(root) if callable(case.line) else case.line
    for change in case.edits:
        change(root)
    assert_reported("\n".join(Project(root).problems()), case, line)


# -- quotes against the archive, and against the lock without it ----------------------------------

def without_archive(project) -> None:
    shutil.rmtree(project.root / "archive")


def test_without_the_archive_the_lock_vouches_for_exactly_the_quotes_it_holds(project):
    recorded = json.loads(project.read("content/quotes.lock"))
    without_archive(project)
    model = load.load(project.root)
    verification = quotes.verify(model)
    assert verification.errors == [] and not verification.archive_available
    assert verification.lock.quotes == recorded["quotes"]
    assert verification.lock.archives == recorded["archives"] == {"article.txt": recorded["archives"]["article.txt"]}
    assert verification.lock.shared == [] and verification.lock.text() == project.read("content/quotes.lock")
    assert checks.check(model).verification.lock.quotes == recorded["quotes"]


def test_without_the_archive_a_changed_quote_or_archive_name_is_unverified(project):
    without_archive(project)
    edit(project, SRC, "quote: Officials in Zenda estimate", "quote: Officials in Zenda now estimate")
    edit(project, SRC, "archive: article.txt", "archive: other.txt")
    found = [str(e) for e in quotes.verify(load.load(project.root)).errors]
    tail = ("has not been verified: the archive folder archive is not here and content/quotes.lock has no matching entry "
            "(run `briefing lock` where the archive folder is available)")
    assert found == [f"{SRC}:{line_of(project, SRC, 'quote: The foreign')}: quote of claim 'bridge-agreed' {tail}",
                     f"{SRC}:{line_of(project, SRC, 'in two years,')}: quote of claim 'berg-two-years' {tail}",
                     f"{SRC}:{line_of(project, SRC, 'now estimate')}: quote of claim 'workers-5000' {tail}"]


def test_without_the_archive_claims_gone_from_the_content_are_counted_in_the_lock(project):
    without_archive(project)
    text = project.read(SRC)
    project.write(SRC, text[:text.index("  - id: berg-two-years")], dedent=False)
    for relpath in (THEME, BRIEFING, "content/timeline.yaml", "content/discrepancies.yaml"):
        project.write(relpath, project.read(relpath).replace("; @example-talks#berg-two-years", "")
                      .replace("#berg-two-years", "#bridge-agreed").replace("#workers-5000", "#bridge-agreed"), dedent=False)
    errors = quotes.verify(load.load(project.root)).errors
    assert [e.as_dict() for e in errors] == [{  # line 0: the whole file, also in `briefing check --format json`
        "path": "content/quotes.lock", "line": 0, "severity": "error", "hint": lock.REFRESH,
        "message": "2 quotes removed ('example-talks#berg-two-years', 'example-talks#workers-5000') since the lock was written"}]


def test_with_the_archive_the_lock_must_match_what_verifying_finds(project):
    model = load.load(project.root)
    verification = quotes.verify(model)
    assert verification.errors == [] and verification.archive_available
    assert verification.lock.text() == project.read("content/quotes.lock")
    entry = verification.lock.quotes["example-talks#bridge-agreed"]
    assert entry == {"archive": "article.txt", "sha256": quotes.quote_hash(model.find_claim(
        "example-talks#bridge-agreed").quote), "spans": [[44, 144]]}  # after "Example Talks Make Progress Share: Facebook "
    fresh = quotes.verify(model, use_lock=False)
    assert fresh.errors == [] and fresh.lock == verification.lock


def test_a_quote_that_is_not_in_its_archived_text_shows_the_closest_passage(project):
    edit(project, SRC, "quote: Officials in Zenda estimate that 5,000", "quote: Officials in Zenda estimate that 6,000")
    found = [str(e) for e in quotes.verify(load.load(project.root)).errors]
    assert found == [f"{SRC}:{line_of(project, SRC, 'that 6,000')}: quote of claim 'workers-5000' is not in the archived "
                     "text article.txt (closest passage, 14 of the quote's 15 words alike, [-quote-] {+archived text+}: "
                     "\"Officials in Zenda estimate that [-6,000-] {+5,000+} workers will be needed - more than ever "
                     "before.\")"]


def test_an_archived_text_that_is_missing_or_a_link_is_named(project):
    (project.root / "archive" / "elsewhere.txt").write_text(project.read("archive/article.txt"), encoding="utf-8")
    (project.root / "archive" / "article.txt").unlink()
    (project.root / "archive" / "article.txt").symlink_to(project.root / "archive" / "elsewhere.txt")
    found = [str(e) for e in quotes.verify(load.load(project.root)).errors]
    assert found == [f"{SRC}:8: archived text archive/article.txt is a link, not a file "
                     "(copy the text into the archive folder)"]
    edit(project, SRC, "archive: article.txt", "archive: elsewher.txt")
    found = [str(e) for e in quotes.verify(load.load(project.root)).errors]
    assert found == [f"{SRC}:8: archived text not found: archive/elsewher.txt (did you mean 'elsewhere.txt'?)"]
    edit(project, SRC, "archive: elsewher.txt", "archive: zzz.txt")
    found = [str(e) for e in quotes.verify(load.load(project.root)).errors]
    assert found == [f"{SRC}:8: archived text not found: archive/zzz.txt "
                     "(check the file name, or add the text with `briefing new source`)"]


def test_an_archived_text_not_found_in_a_folder_that_cannot_be_listed_has_the_plain_hint(project, monkeypatch):
    # An archive folder its user may read files from but not list (mode 0o311): nothing to suggest from.
    listed = Path.iterdir

    def iterdir(path):
        if path == project.root / "archive":
            raise PermissionError(13, "Permission denied", str(path))
        return listed(path)

    edit(project, SRC, "archive: article.txt", "archive: artcle.txt")
    monkeypatch.setattr(Path, "iterdir", iterdir)
    found = [str(e) for e in quotes.verify(load.load(project.root)).errors]
    assert found == [f"{SRC}:8: archived text not found: archive/artcle.txt "
                     "(check the file name, or add the text with `briefing new source`)"]


def test_a_stale_lock_with_the_archive_present_is_one_problem(project):
    lock_file = project.root / "content" / "quotes.lock"
    data = json.loads(lock_file.read_text(encoding="utf-8"))
    data["archives"]["article.txt"] = "0" * 64
    data["quotes"].pop("example-talks#bridge-agreed")
    lock_file.write_text(json.dumps(data), encoding="utf-8")
    found = [str(e) for e in quotes.verify(load.load(project.root)).errors]
    assert found == ["content/quotes.lock: 1 quote added ('example-talks#bridge-agreed') and 1 archived text changed "
                     "('article.txt') since the lock was written (run `briefing lock` to verify the quotes and record them)"]
    assert quotes.verify(load.load(project.root), use_lock=False).errors == []


def test_a_bad_archive_folder_reads_nothing(project):
    edit(project, BRIEFING, "archive: archive", "archive: /etc")
    verification = quotes.verify(load.load(project.root))
    assert verification == quotes.Verification()


# -- each rule of the checks, one edit at a time, with every problem it gives -------------------------

LONG = "x" * 90

ONE_EDIT = [  # (id, [(file, text, replacement)], every problem `briefing check` reports)
    ('archive-folder-absolute', [(BRIEFING, 'archive: archive', "archive: /srv/" + LONG)],
     ["content/briefing.yaml:4: 'archive' must be a folder relative to the project, not an absolute path, not '/srv/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'"]),
    ('archive-folder-hidden', [(BRIEFING, 'archive: archive', 'archive: .texts')],
     ["content/briefing.yaml:4: 'archive' must not be or be inside a hidden folder (a name starting with '.'), not '.texts'"]),
    ('archive-file-in-folder', [(SRC, 'archive: article.txt', 'archive: sub/article.txt')],
     ["content/sources/example-talks.yaml:8: 'archive' must be a file name in the archive folder: no folders, no '..', no leading '.', not 'sub/article.txt'"]),
    ('archive-file-not-text', [(SRC, 'archive: article.txt', 'archive: article.pdf')],
     ["content/sources/example-talks.yaml:8: 'archive' must be a text file ending in .txt, .md, .html, .htm, not 'article.pdf'"]),
    ('original-with-spaces', [(SRC, 'archive: article.txt', 'archive: article.txt\noriginal: " page.html"')],
     ["content/sources/example-talks.yaml:9: 'original' must be a file name in the archive folder: no folders, no '..', no leading '.', not 'page.html'"]),
    ('original-in-folder', [(SRC, 'archive: article.txt', 'archive: article.txt\noriginal: sub/page.html')],
     ["content/sources/example-talks.yaml:9: 'original' must be a file name in the archive folder: no folders, no '..', no leading '.', not 'sub/page.html'"]),
    ('original-in-windows-folder', [(SRC, 'archive: article.txt', 'archive: article.txt\noriginal: sub\\page.html')],
     ["content/sources/example-talks.yaml:9: 'original' must be a file name in the archive folder: no folders, no '..', no leading '.', not 'sub\\page.html'"]),
    ('original-hidden', [(SRC, 'archive: article.txt', 'archive: article.txt\noriginal: .page.html')],
     ["content/sources/example-talks.yaml:9: 'original' must be a file name in the archive folder: no folders, no '..', no leading '.', not '.page.html'"]),
    ('original-not-page-or-pdf', [(SRC, 'archive: article.txt', 'archive: article.txt\noriginal: page.txt')],
     ["content/sources/example-talks.yaml:9: 'original' must be a web page or a PDF ending in .html, .htm, .pdf, not 'page.txt'"]),
    ('original-is-the-archived-text', [(SRC, 'archive: article.txt', 'archive: article.html\noriginal: article.html')],
     ["content/sources/example-talks.yaml:8: archived text not found: archive/article.html (did you mean 'article.txt'?)",
      "content/sources/example-talks.yaml:9: 'original' must be another file than 'archive', the text extracted from it, not 'article.html'"]),
    ('original-missing', [(SRC, 'archive: article.txt', 'archive: article.txt\noriginal: Report.PDF')],
     ["content/sources/example-talks.yaml:9: original not found: archive/Report.PDF (check the file name, or write null when the original was not kept)"]),
    ('url-not-web', [(SRC, 'kind: wire-copy', 'kind: wire-copy\nurl: ftp://example.org/a')],
     ["content/sources/example-talks.yaml:8: 'url' must be a web address starting http:// or https://, not 'ftp://example.org/a' (leave it out, or write null, when the address is not known)"]),
    ('url-long', [(SRC, 'kind: wire-copy', "kind: wire-copy\nurl: " + "h" * 100)],
     ["content/sources/example-talks.yaml:8: 'url' must be a web address starting http:// or https://, not 'hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh...' (leave it out, or write null, when the address is not known)"]),
    ('archived-url-not-web', [(SRC, 'kind: wire-copy', 'kind: wire-copy\narchived_url: web.archive.org/x')],
     ["content/sources/example-talks.yaml:8: 'archived_url' must be a web address starting http:// or https://, not 'web.archive.org/x' (the address of the web archive's copy, or null)"]),
    ('url-null', [(SRC, 'kind: wire-copy', 'kind: wire-copy\nurl: null')],
     []),
    ('date-day-no-inferred', [(SRC, '  date: "2025-02"\n  inferred: The page says "on Monday"; the month comes from the archive\'s metadata.\n', '  date: "2025-02-03"\n')],
     []),
    ('date-month-no-inferred', [(SRC, '  inferred: The page says "on Monday"; the month comes from the archive\'s metadata.\n', '')],
     ["content/sources/example-talks.yaml:5: a partial or unknown publication date needs 'inferred' (say how the date was inferred, or why it is unknown)"]),
    ('date-unknown-no-inferred', [(SRC, '  date: "2025-02"\n  inferred: The page says "on Monday"; the month comes from the archive\'s metadata.\n', '  date: unknown\n')],
     ["content/sources/example-talks.yaml:5: a partial or unknown publication date needs 'inferred' (say how the date was inferred, or why it is unknown)"]),
    ('statement-without-by', [(SRC, '    by: anna-berg\n', '')],
     ["content/sources/example-talks.yaml:19: claim 'berg-two-years' is a statement, so it needs 'by': who makes it"]),
    ('credibility-1', [(SRC, '    about: [ruritania, zenda]\n', '    about: [ruritania, zenda]\n    credibility: 1\n')],
     ["content/sources/example-talks.yaml:18: credibility 1 of claim 'bridge-agreed' is outside 2-6 (1 (confirmed) is derived from 'corroborates'; never type it)"]),
    ('credibility-2', [(SRC, '    about: [ruritania, zenda]\n', '    about: [ruritania, zenda]\n    credibility: 2\n')],
     []),
    ('credibility-6', [(SRC, '    about: [ruritania, zenda]\n', '    about: [ruritania, zenda]\n    credibility: 6\n')],
     []),
    ('credibility-7', [(SRC, '    about: [ruritania, zenda]\n', '    about: [ruritania, zenda]\n    credibility: 7\n')],
     ["content/sources/example-talks.yaml:18: credibility 7 of claim 'bridge-agreed' is outside 2-6 (use 2 probably true ... 6 cannot be judged)"]),
    ('unknown-by-and-about', [(SRC, 'about: [ruritania, zenda]', 'about: [ruritania, zzzzzz]'), (SRC, 'by: anna-berg', 'by: [anna-berg, qqqqq]')],
     ["content/sources/example-talks.yaml:17: unknown entity 'zzzzzz' in 'about' (add it to entities.yaml)", "content/sources/example-talks.yaml:20: unknown entity 'qqqqq' in 'by' (add it to entities.yaml)"]),
    ('corroborates-unknown-source', [(SRC, '    about: [ruritania, zenda]\n', '    about: [ruritania, zenda]\n    corroborates: [nowhere#bridge-agreed]\n')],
     ["content/sources/example-talks.yaml:18: citation to unknown source 'nowhere' (did you mean 'example-talks#bridge-agreed'?)"]),
    ('corroborates-unknown-claim', [(SRC, '    about: [ruritania, zenda]\n', '    about: [ruritania, zenda]\n    corroborates: [example-talks#nothing-like-it]\n')],
     ["content/sources/example-talks.yaml:18: citation to unknown claim 'nothing-like-it' of source 'example-talks'", "content/sources/example-talks.yaml:18: claim 'bridge-agreed' corroborates 'example-talks#nothing-like-it' of its own source (corroboration must come from another source)"]),
    ('corroborates-own', [(SRC, '    about: [ruritania, zenda]\n', '    about: [ruritania, zenda]\n    corroborates: [example-talks#workers-5000]\n')],
     ["content/sources/example-talks.yaml:18: claim 'bridge-agreed' corroborates 'example-talks#workers-5000' of its own source (corroboration must come from another source)", "content/sources/example-talks.yaml:18: claim 'bridge-agreed' corroborates 'example-talks#workers-5000', but discrepancy 'workers' sets the two against each other (split the part they share into claims of its own, or drop the link)"]),
    ('theme-related-self', [(THEME, 'related: []', 'related: [bridge]')],
     ["content/themes/bridge.yaml:15: theme 'bridge' lists itself as related"]),
    ('theme-related-unknown', [(THEME, 'related: []', 'related: [bridges]')],
     ["content/themes/bridge.yaml:15: unknown theme 'bridges' in 'related' (did you mean 'bridge'?)"]),
    ('as-of-month', [(BRIEFING, 'as_of: "2025-03-01"', 'as_of: "2025-03"')],
     ["content/briefing.yaml:3: as-of date '2025-03' needs a day: write YYYY-MM-DD (it dates the whole briefing and its feed)"]),
    ('as-of-before-source', [(BRIEFING, 'as_of: "2025-03-01"', 'as_of: "2025-01-31"')],
     ["content/briefing.yaml:3: as-of date 2025-01-31 is before source 'example-talks', published 2025-02 (move as_of forward)"]),
    ('as-of-same-month-as-source', [(BRIEFING, 'as_of: "2025-03-01"', 'as_of: "2025-02-01"')],
     []),
    ('discrepancy-one-value', [("content/discrepancies.yaml", '      - value: 4500\n        label: about 4,500\n        text: A lower reading of the same estimate [@example-talks#workers-5000].\n      - value: 0\n        label: none beyond the crews at work\n        text: The ministers named no new workers [@example-talks#bridge-agreed].\n', '')],
     ["content/discrepancies.yaml:6: discrepancy 'workers' needs at least two values to compare"]),
    ('discrepancy-number-without-value', [("content/discrepancies.yaml", '      - value: 4500\n        label: about 4,500\n', '      - label: about 4,500\n')],
     ["content/discrepancies.yaml:10: discrepancy 'workers' is about numbers, so each value needs 'value'"]),
    ('discrepancy-account-with-value', [("content/discrepancies.yaml", 'kind: number', 'kind: account'), ("content/discrepancies.yaml", '    unit: workers\n', '')],
     ["content/discrepancies.yaml:6: discrepancy 'workers' is of kind account: 'value' is only for numbers, and would be shown nowhere (put the wording in 'label' instead)", "content/discrepancies.yaml:8: discrepancy 'workers' is of kind account: 'value' is only for numbers, and would be shown nowhere (put the wording in 'label' instead)", "content/discrepancies.yaml:11: discrepancy 'workers' is of kind account: 'value' is only for numbers, and would be shown nowhere (put the wording in 'label' instead)"]),
    ('raw-html', [(THEME, 'The ministers agreed in Zenda', 'The <b>ministers</b> agreed in Zenda')],
     ["content/themes/bridge.yaml:10: raw HTML is not allowed in 'body' (use Markdown: *emphasis*, [text](https://...))"]),
    ('raw-html-in-code', [(THEME, 'The ministers agreed in Zenda', 'The `<b>` ministers agreed in Zenda')],
     []),
    ('kj-cites-nothing', [(BRIEFING, ' [@example-talks#bridge-agreed].\n    confidence:', '.\n    confidence:')],
     ["content/briefing.yaml:8: 'text' cites no source (add a citation such as [@source-id#claim-id])"]),
    ('event-cites-nothing', [("content/timeline.yaml", 'Ministers meet in Zenda [@example-talks#bridge-agreed].', 'Ministers meet in Zenda.')],
     ["content/timeline.yaml:3: 'text' cites no source (add a citation such as [@source-id#claim-id])"]),
    ('bottom-line-malformed', [(THEME, '[@example-talks#bridge-agreed; @example-talks#berg-two-years]', '[@Example]')],
     ["content/themes/bridge.yaml:3: malformed citation '[@Example]': write [@source-id], [@source-id#claim-id] or [@a#c1; @b#c2]"]),
    ('paragraph-cites-nothing', [(THEME, 'Officials estimate 5,000 workers [@example-talks#workers-5000].', 'Officials estimate 5,000 workers.\n\n      A third paragraph with enough words to cut it short here ok.')],
     ['content/themes/bridge.yaml:12: paragraph cites no source: "Officials estimate 5,000 workers...." (every paragraph of a section needs at least one [@source#claim])', 'content/themes/bridge.yaml:14: paragraph cites no source: "A third paragraph with enough words to cut it shor..." (every paragraph of a section needs at least one [@source#claim])']),
    ('paragraph-unclosed', [(THEME, 'Officials estimate 5,000 workers [@example-talks#workers-5000].', 'Officials estimate 5,000 workers [@example-talks#workers-5000.')],
     ["content/themes/bridge.yaml:12: citation is not closed: a '[@' has no matching ']'"]),
    ('description-no-cite-ok', [(BRIEFING, 'description: A test briefing built from one article [@example-talks].', 'description: A test briefing.')],
     []),
    ('cite-unknown-source-did-you-mean-claim', [(THEME, '[@example-talks#workers-5000]', '[@sources#workers-5000]')],
     ["content/themes/bridge.yaml:12: citation to unknown source 'sources' (did you mean 'example-talks#workers-5000'?)"]),
    ('cite-unknown-claim-did-you-mean', [(THEME, '[@example-talks#workers-5000]', '[@example-talks#workers-500]')],
     ["content/themes/bridge.yaml:12: citation to unknown claim 'workers-500' of source 'example-talks' (did you mean 'workers-5000'?)"]),
    ('link-relative', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](../discrepancies/#discrepancy-workers) workers')],
     ["content/themes/bridge.yaml:12: link to '../discrepancies/#discrepancy-workers' is relative to one page, but a text can appear on several (write the address from the site's root: 'discrepancies/#discrepancy-workers')"]),
    ('link-relative-bad', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](../nowhere/) workers')],
     ["content/themes/bridge.yaml:12: link to '../nowhere/' is relative to one page, but a text can appear on several (write the address from the site's root, like 'discrepancies/#discrepancy-<id>' or 'themes/<id>/')"]),
    ('link-anchor-only', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](#discrepancy-workers) workers')],
     ["content/themes/bridge.yaml:12: link to '#discrepancy-workers' names an anchor but no page (write the page too: 'discrepancies/#discrepancy-workers')"]),
    ('link-anchor-only-claim', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](#claim-workers-5000) workers')],
     ["content/themes/bridge.yaml:12: link to '#claim-workers-5000' names an anchor but no page (write the page too: 'sources/example-talks/#claim-workers-5000')"]),
    ('link-anchor-only-unknown', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](#nothing) workers')],
     ["content/themes/bridge.yaml:12: link to '#nothing' names an anchor but no page (write the page too, like 'discrepancies/#discrepancy-<id>' or 'themes/<id>/')"]),
    ('link-no-page', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](nowhere/) workers')],
     ["content/themes/bridge.yaml:12: link to 'nowhere/' leads to no page of this site (write the address from the site's root, like 'discrepancies/#discrepancy-<id>' or 'themes/<id>/')"]),
    ('link-unknown-theme', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](themes/brige/) workers')],
     ["content/themes/bridge.yaml:12: link to 'themes/brige/': there is no theme 'brige' (did you mean 'bridge'?)"]),
    ('link-unknown-source', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](sources/example-talk/) workers')],
     ["content/themes/bridge.yaml:12: link to 'sources/example-talk/': there is no source 'example-talk' (did you mean 'example-talks'?)"]),
    ('link-unknown-entity', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](entities/zend/) workers')],
     ["content/themes/bridge.yaml:12: link to 'entities/zend/': there is no entity 'zend' (did you mean 'zenda'?)"]),
    ('link-bad-anchor', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](discrepancies/#discrepancy-worker) workers')],
     ["content/themes/bridge.yaml:12: link to 'discrepancies/#discrepancy-worker': the page has no anchor '#discrepancy-worker' (did you mean 'discrepancy-workers'?)"]),
    ('link-bad-anchor-far', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](discrepancies/#zzzzzzzz) workers')],
     ["content/themes/bridge.yaml:12: link to 'discrepancies/#zzzzzzzz': the page has no anchor '#zzzzzzzz' (anchors on that page start 'discrepancy-')"]),
    ('link-anchor-on-page-without', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](themes/bridge/#x) workers')],
     ["content/themes/bridge.yaml:12: link to 'themes/bridge/#x': the page has no anchor '#x' (that page has no anchors to link to)"]),
    ('link-ok-anchors', [(THEME, 'Officials estimate 5,000 workers', 'Officials [a](index.html#judgement-bridge-planned) [b](sources/example-talks/#claim-workers-5000) [c](timeline/#event-2025-02) [d](entities/zenda/) workers')],
     []),
    ('link-not-allowed', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](javascript:alert(1)) workers')],
     ["content/themes/bridge.yaml:12: link to 'javascript:alert(1)' is not allowed: links may only go to http://, https://, mailto: or a page of this site"]),
    ('relation-self', [(SRC, 'kind: wire-copy', 'kind: wire-copy\nindependent_of:\n  - source: example-talks\n    reason: Itself.')],
     ["content/sources/example-talks.yaml:9: source 'example-talks' names itself in 'independent_of'"]),
    ('relation-unknown', [(SRC, 'kind: wire-copy', 'kind: wire-copy\nshares_origin_with:\n  - source: exampl-talks\n    reason: Nope.')],
     ["content/sources/example-talks.yaml:9: unknown source 'exampl-talks' in 'shares_origin_with' (did you mean 'example-talks'?)"]),
    # A dismissed candidate disagreement names two claims, each one that exists (at the line of its claims).
    ('dismissed-one-claim', [("content/discrepancies.yaml", 'The ministers named no new workers [@example-talks#bridge-agreed].\n', 'The ministers named no new workers [@example-talks#bridge-agreed].\ndismissed:\n  - reason: Not so.\n    claims: [example-talks#bridge-agreed]\n')],
     ["content/discrepancies.yaml:17: a dismissed candidate names two claims (copy the pair `briefing disagreements` printed: [source-id#claim-id, source-id#claim-id])"]),
    ('dismissed-one-claim-twice', [("content/discrepancies.yaml", 'The ministers named no new workers [@example-talks#bridge-agreed].\n', 'The ministers named no new workers [@example-talks#bridge-agreed].\ndismissed:\n  - reason: Not so.\n    claims: [example-talks#bridge-agreed, example-talks#bridge-agreed]\n')],
     ["content/discrepancies.yaml:17: a dismissed candidate names two claims (copy the pair `briefing disagreements` printed: [source-id#claim-id, source-id#claim-id])"]),
    ('dismissed-three-claims', [("content/discrepancies.yaml", 'The ministers named no new workers [@example-talks#bridge-agreed].\n', 'The ministers named no new workers [@example-talks#bridge-agreed].\ndismissed:\n  - reason: Not so.\n    claims: [example-talks#bridge-agreed, example-talks#berg-two-years, example-talks#workers-5000]\n')],
     ["content/discrepancies.yaml:17: a dismissed candidate names two claims (copy the pair `briefing disagreements` printed: [source-id#claim-id, source-id#claim-id])"]),
    ('dismissed-unknown-claim', [("content/discrepancies.yaml", 'The ministers named no new workers [@example-talks#bridge-agreed].\n', 'The ministers named no new workers [@example-talks#bridge-agreed].\ndismissed:\n  - reason: Not so.\n    claims: [example-talks#bridge-agreed, example-talks#workers-500]\n')],
     ["content/discrepancies.yaml:17: citation to unknown claim 'workers-500' of source 'example-talks' (did you mean 'workers-5000'?)"]),
    ('dismissed-two-claims', [("content/discrepancies.yaml", 'The ministers named no new workers [@example-talks#bridge-agreed].\n', 'The ministers named no new workers [@example-talks#bridge-agreed].\ndismissed:\n  - reason: Not so.\n    claims: [example-talks#bridge-agreed, example-talks#berg-two-years]\n')],
     []),
    # A field's own line, also when it is not the first of its entry.
    ('date-month-inferred-null', [(SRC, 'published:\n  date: "2025-02"\n  inferred: The page says "on Monday"; the month comes from the archive\'s metadata.\n', 'published:\n  inferred: null\n  date: "2025-02"\n')],
     ["content/sources/example-talks.yaml:6: a partial or unknown publication date needs 'inferred' (say how the date was inferred, or why it is unknown)"]),
    ('discrepancy-account-with-value-below-label', [("content/discrepancies.yaml", 'kind: number', 'kind: account'), ("content/discrepancies.yaml", '    unit: workers\n', ''),
                                                    ("content/discrepancies.yaml", '      - value: 4500\n        label: about 4,500\n', '      - label: about 4,500\n        value: 4500\n')],
     ["content/discrepancies.yaml:6: discrepancy 'workers' is of kind account: 'value' is only for numbers, and would be shown nowhere (put the wording in 'label' instead)", "content/discrepancies.yaml:9: discrepancy 'workers' is of kind account: 'value' is only for numbers, and would be shown nowhere (put the wording in 'label' instead)", "content/discrepancies.yaml:11: discrepancy 'workers' is of kind account: 'value' is only for numbers, and would be shown nowhere (put the wording in 'label' instead)"]),
    ('relation-self-below-reason', [(SRC, 'kind: wire-copy', 'kind: wire-copy\nindependent_of:\n  - reason: Itself.\n    source: example-talks')],
     ["content/sources/example-talks.yaml:10: source 'example-talks' names itself in 'independent_of'"]),
    ('relation-unknown-below-reason', [(SRC, 'kind: wire-copy', 'kind: wire-copy\nshares_origin_with:\n  - reason: Nope.\n    source: exampl-talks')],
     ["content/sources/example-talks.yaml:10: unknown source 'exampl-talks' in 'shares_origin_with' (did you mean 'example-talks'?)"]),
    # A text that cites nothing is reported at its first line, also when that line is one letter.
    ('kj-cites-nothing-one-letter-first-line', [(BRIEFING, ' [@example-talks#bridge-agreed].\n    confidence:', '.\n    confidence:'),
                                                (BRIEFING, 'text: The two countries agreed to build a bridge.', 'text: |\n      X\n      The two countries agreed to build a bridge.')],
     ["content/briefing.yaml:9: 'text' cites no source (add a citation such as [@source-id#claim-id])"]),
    # A value quoted in a message is shown whole up to 80 characters, and cut to 77 and '...' beyond.
    ('url-80-characters', [(SRC, 'kind: wire-copy', "kind: wire-copy\nurl: " + "h" * 80)],
     ["content/sources/example-talks.yaml:8: 'url' must be a web address starting http:// or https://, not '" + "h" * 80 + "' (leave it out, or write null, when the address is not known)"]),
    ('url-81-characters', [(SRC, 'kind: wire-copy', "kind: wire-copy\nurl: " + "h" * 81)],
     ["content/sources/example-talks.yaml:8: 'url' must be a web address starting http:// or https://, not '" + "h" * 77 + "...' (leave it out, or write null, when the address is not known)"]),
    # An archive name the loader could not read is its error alone, not also a bad file or folder name.
    ('archive-file-unreadable', [(SRC, 'archive: article.txt', 'archive: [article.txt]')],
     ["content/sources/example-talks.yaml:8: source field 'archive' must be a single value, not a list"]),
    ('archive-folder-unreadable', [(BRIEFING, 'archive: archive', 'archive: [archive]')],
     ["content/briefing.yaml:4: briefing field 'archive' must be a single value, not a list"]),
    # A repeated id is reported at its own line, also when it is not the entry's first field.
    ('id-repeated-below-another-field', [("content/entities.yaml", "  - id: zenda\n    name: Zenda\n", "  - name: Zenda\n    id: ruritania\n"),
                                         (SRC, "about: [ruritania, zenda]", "about: [ruritania]")],
     ["content/entities.yaml:12: duplicate entity id 'ruritania' (first used at content/entities.yaml:7)"]),
    # The briefing's picture, at the line of its file name.
    ('image-not-there', [(BRIEFING, 'key_judgements:\n', 'image:\n  alt: A card\n  file: card.png\nkey_judgements:\n')],
     ["content/briefing.yaml:8: 'image.file' names no file in the content folder, not 'card.png'"]),
    # Every paragraph cites a source when it begins with its citation; a malformed one is its own error.
    ('paragraphs-begin-with-their-citations', [(THEME, 'The ministers agreed in Zenda [@example-talks#bridge-agreed].', '[@example-talks#bridge-agreed] The ministers agreed in Zenda.'),
                                               (THEME, 'Officials estimate 5,000 workers [@example-talks#workers-5000].', '[@example-talks#workers-5000] Officials estimate 5,000 workers.')],
     []),
    ('paragraph-begins-with-a-malformed-citation', [(THEME, 'The ministers agreed in Zenda [@example-talks#bridge-agreed].', '[@Example] The ministers agreed in Zenda.')],
     ["content/themes/bridge.yaml:10: malformed citation '[@Example]': write [@source-id], [@source-id#claim-id] or [@a#c1; @b#c2]"]),
    # Links: to other sites, to the folders '..' and '.', relative ones made absolute, anchors no page has.
    ('link-other-sites-ok', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](https://example.org/a) and [b](mailto:a@example.org) workers')],
     []),
    ('link-parent-folder', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](..) workers')],
     ["content/themes/bridge.yaml:12: link to '..' is relative to one page, but a text can appear on several (write the address from the site's root, like 'discrepancies/#discrepancy-<id>' or 'themes/<id>/')"]),
    ('link-this-folder', [(THEME, 'The ministers agreed in Zenda', 'The [ministers](.) agreed in Zenda')],
     ["content/themes/bridge.yaml:10: link to '.' is relative to one page, but a text can appear on several (write the address from the site's root, like 'discrepancies/#discrepancy-<id>' or 'themes/<id>/')"]),
    ('link-relative-without-anchor', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](../themes/bridge/) workers')],
     ["content/themes/bridge.yaml:12: link to '../themes/bridge/' is relative to one page, but a text can appear on several (write the address from the site's root: 'themes/bridge/')"]),
    ('image-relative-from-another-site', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate ![5,000](../https://example.org/a.png) workers')],
     ["content/themes/bridge.yaml:12: link to '../https://example.org/a.png' is relative to one page, but a text can appear on several (write the address from the site's root, like 'discrepancies/#discrepancy-<id>' or 'themes/<id>/')"]),
    ('link-anchor-only-claim-of-no-source', [(THEME, 'Officials estimate 5,000 workers', 'Officials estimate [5,000](#claim-nothing) workers')],
     ["content/themes/bridge.yaml:12: link to '#claim-nothing' names an anchor but no page (write the page too, like 'discrepancies/#discrepancy-<id>' or 'themes/<id>/')"]),
]


@pytest.mark.parametrize("edits, expected", [c[1:] for c in ONE_EDIT], ids=[c[0] for c in ONE_EDIT])
def test_one_edit_gives_exactly_these_problems(project, edits, expected):
    for relpath, old, new in edits:
        edit(project, relpath, old, new)
    assert project.problems() == expected


# -- what the loader could not read raises no follow-on error ---------------------------------------

LINKED = "Officials estimate 5,000 workers"
UNREAD = [  # (id, {file: text} written, [(file, text, replacement)], every problem `briefing check` reports)
    ('link-to-a-theme-whose-file-cannot-be-read', {"content/themes/other.yaml": "title: Other\norder: 2\nbottom_line: x: y\n"},
     [(THEME, LINKED, "Officials estimate [5,000](themes/other/) workers")],
     ["content/themes/other.yaml:3: YAML syntax error: the value of 'bottom_line' contains ': ', which YAML reads as the start of another field (put the whole value in quotes)"]),
    ('link-to-a-claim-that-cannot-be-read', {},
     [(THEME, LINKED, "Officials estimate [5,000](sources/example-talks/#claim-berg-two-years) workers"),
      (SRC, "id: berg-two-years\n    type: statement", "id: berg-two-years\n    type: statment")],
     ["content/sources/example-talks.yaml:19: source field 'claims[2].type' 'statment' is not one of: reported, statement, assessment, opinion (did you mean 'statement'?)"]),
    ('link-to-a-discrepancy-that-cannot-be-read', {},
     [(THEME, LINKED, "Officials estimate [5,000](discrepancies/#discrepancy-workers) workers"),
      ("content/discrepancies.yaml", "kind: number", "kind: numbr")],
     ["content/discrepancies.yaml:4: discrepancies field 'discrepancies[1].kind' 'numbr' is not one of: number, date, account (did you mean 'number'?)"]),
    ('a-relation-to-a-source-whose-file-cannot-be-read', {"content/sources/other.yaml": "title: Other\noutlet: x: y\n"},
     [(SRC, 'kind: wire-copy', 'kind: wire-copy\nindependent_of:\n  - source: other\n    reason: Separate reporting.')],
     ["content/sources/other.yaml:2: YAML syntax error: the value of 'outlet' contains ': ', which YAML reads as the start of another field (put the whole value in quotes)"]),
    ('related-to-a-theme-whose-file-cannot-be-read', {"content/themes/other.yaml": "title: Other\norder: 2\nbottom_line: x: y\n"},
     [(THEME, 'related: []', 'related: [other]')],
     ["content/themes/other.yaml:3: YAML syntax error: the value of 'bottom_line' contains ': ', which YAML reads as the start of another field (put the whole value in quotes)"]),
    ('a-publication-date-that-cannot-be-read-is-not-said-to-need-inferred', {},
     [(SRC, 'published:\n  date: "2025-02"\n  inferred: The page says "on Monday"; the month comes from the archive\'s metadata.\n', 'published: "2025-02"\n')],
     ["content/sources/example-talks.yaml:4: source field 'published' must be a mapping of 'field: value' lines, not a single value"]),
    ('a-bottom-line-that-cannot-be-read-is-not-said-to-cite-nothing', {},
     [(THEME, "bottom_line: A bridge is planned", "bottom_line:\n  - A bridge is planned")],
     ["content/themes/bridge.yaml:4: theme field 'bottom_line' must be a single value, not a list"]),
    ('about-an-entity-that-cannot-be-read', {},
     [("content/entities.yaml", "  - id: zenda\n    name: Zenda\n    kind: place", "  - id: zenda\n    name: Zenda\n    kind: plac")],
     ["content/entities.yaml:13: entities field 'entities[3].kind' 'plac' is not one of: person, organisation, place, group (did you mean 'place'?)"]),
]


@pytest.mark.parametrize("files, edits, expected", [c[1:] for c in UNREAD], ids=[c[0] for c in UNREAD])
def test_what_names_an_item_that_could_not_be_read_is_not_reported_again(project, files, edits, expected):
    for relpath, text in files.items():
        project.write(relpath, text, dedent=False)
    for relpath, old, new in edits:
        edit(project, relpath, old, new)
    assert project.problems() == expected


def test_two_sources_declared_both_independent_and_of_one_origin_is_one_error_naming_the_other_place(project):
    from support import second_source

    second_source(project, outlet="Other Daily", extra="""\
        shares_origin_with:
          - reason: The same press release.
            source: example-talks
        """)
    edit(project, SRC, "kind: wire-copy", "kind: wire-copy\nindependent_of:\n  - source: second-report\n"
         "    reason: Separate reporting.")
    assert project.problems() == [  # at the line of the source named, the later of the two
        "content/sources/second-report.yaml:19: sources 'example-talks' and 'second-report' are declared both "
        "independent and of one origin (the other at content/sources/example-talks.yaml:9) (keep the one that is true)"]

@pytest.mark.parametrize("cited", [
    ["second-report#bridge", "example-talks#bridge-agreed"],
    ["example-talks#bridge-agreed", "second-report#bridge"],
    # the two apart, among values citing other claims
    ["second-report#bridge", "example-talks#workers-5000", "example-talks#bridge-agreed", "example-talks#berg-two-years"],
    ["example-talks#bridge-agreed", "example-talks#workers-5000", "second-report#bridge", "example-talks#berg-two-years"],
])
def test_a_claim_cannot_corroborate_one_a_discrepancy_sets_against_it(project, cited):
    from support import second_source

    second_source(project, outlet="Other Daily")  # its claim 'bridge' corroborates example-talks#bridge-agreed
    project.write("content/discrepancies.yaml", "discrepancies:\n  - id: who\n    question: Who agreed?\n"
                  "    kind: account\n    values:\n" + "".join(f"      - text: Said so [@{key}].\n" for key in cited),
                  dedent=False)
    assert project.problems() == [
        "content/sources/second-report.yaml:15: claim 'bridge' corroborates 'example-talks#bridge-agreed', but "
        "discrepancy 'who' sets the two against each other (split the part they share into claims of its own, or "
        "drop the link)"]

def test_a_link_to_a_release_on_the_change_log_is_checked_against_the_releases(project):
    from builder.releases import snapshots

    edit(project, THEME, LINKED, "Officials estimate [5,000](changes/#release-1) workers")
    assert project.problems() == ["content/themes/bridge.yaml:12: link to 'changes/#release-1': the page has no anchor "
                                  "'#release-1' (anchors on that page start 'release-')"]
    model = load.load(project.root)
    snapshots.write(project.root / "content", 1, model.briefing.as_of, "First release.",
                    snapshots.snapshot(model, sourcing.collect(model, Xref(model))))
    assert project.problems() == []
    edit(project, THEME, "changes/#release-1", "changes/#release-2")
    assert project.problems() == ["content/themes/bridge.yaml:12: link to 'changes/#release-2': the page has no anchor "
                                  "'#release-2' (did you mean 'release-1'?)"]


# -- what load_and_check is given: the content folder, and whether the lock counts -----------------

SINGLE_SOURCE_NOTE = ("briefing.yaml:8: note: key judgement 'bridge-planned' rests on a single source (the site says so "
                      "under it; cite a second, independent source if there is one)")


def test_the_content_folder_named_is_the_one_checked(project):
    (project.root / "content").rename(project.root / "stuff")
    model, _, checked = checks.load_and_check(project.root, "stuff")
    assert list(model.themes) == ["bridge"]
    assert [str(w) for w in checked.warnings] == ["stuff/" + SINGLE_SOURCE_NOTE]


def test_a_check_without_the_lock_verifies_the_quotes_afresh_and_finds_no_stale_lock(project):
    edit(project, SRC, "Zenda on Monday, agreeing to build a bridge.", "Zenda on Monday")  # still in the text
    assert project.problems() == [
        "content/quotes.lock: 1 quote changed ('example-talks#bridge-agreed') since the lock was written (run "
        "`briefing lock` to verify the quotes and record them)"]
    _, _, checked = checks.load_and_check(project.root, use_lock=False)
    assert [str(w) for w in checked.warnings] == ["content/" + SINGLE_SOURCE_NOTE]


def test_briefing_lock_refuses_a_bad_archived_text_name_before_verifying(project, capsys, monkeypatch):
    from builder.editor import cli

    monkeypatch.chdir(project.root)
    locked = project.read("content/quotes.lock")
    edit(project, SRC, "archive: article.txt", "archive: article.pdf")
    assert cli.main(["--project", str(project.root), "lock"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/sources/example-talks.yaml:8: 'archive' must be a text file ending in .txt, .md, .html, .htm, "
        "not 'article.pdf'", "1 problem found."]
    assert project.read("content/quotes.lock") == locked
    edit(project, SRC, "archive: article.pdf", "archive: article.txt")
    assert cli.main(["--project", str(project.root), "lock"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Verified 3 quotes in 1 archived text; wrote content/quotes.lock.",
        "Nothing was added, changed or dropped since it was last written."]

# -- each rule of the loader, one edit at a time -------------------------------------------------

LOAD_EDIT = [  # (id, [(file, text, replacement)], every problem loading reports)
    ('title-number', [(THEME, 'title: The bridge', 'title: 12')],
     ["content/themes/bridge.yaml:1: theme field 'title' must be text, but it is a number (put it in quotes if you mean text)"]),
    ('title-float', [(THEME, 'title: The bridge', 'title: 1.5')],
     ["content/themes/bridge.yaml:1: theme field 'title' must be text, but it is a number (put it in quotes if you mean text)"]),
    ('title-bool', [(THEME, 'title: The bridge', 'title: yes')],
     ["content/themes/bridge.yaml:1: theme field 'title' must be text, but it is true/false (put it in quotes if you mean text)"]),
    ('title-null', [(THEME, 'title: The bridge', 'title: null')],
     ["content/themes/bridge.yaml:1: theme field 'title' must be text, but it is empty (put it in quotes if you mean text)"]),
    ('title-date', [(THEME, 'title: The bridge', 'title: 2025-01-01')],
     ["content/themes/bridge.yaml:1: theme field 'title' must be text, but it is a date (put it in quotes if you mean text)"]),
    ('title-empty-quoted', [(THEME, 'title: The bridge', 'title: "  "')],
     ["content/themes/bridge.yaml:1: theme field 'title' is empty"]),
    ('title-list', [(THEME, 'title: The bridge', 'title: [a, b]')],
     ["content/themes/bridge.yaml:1: theme field 'title' must be a single value, not a list"]),
    ('title-mapping', [(THEME, 'title: The bridge', 'title: {a: b}')],
     ["content/themes/bridge.yaml:1: theme field 'title' must be a single value, not a mapping"]),
    ('title-control-escape', [(THEME, 'title: The bridge', 'title: "The \\x1f bridge"')],
     ["content/themes/bridge.yaml:1: theme field 'title' contains the control character U+001F, which cannot be published (delete it; if it is invisible, retype the text around it)"]),
    ('title-surrogate', [(THEME, 'title: The bridge', 'title: "The \\ud800 bridge"')],
     ['content/themes/bridge.yaml:1: YAML syntax error: a backslash in a value in double quotes starts an escape '
      'sequence, and this one is not valid (write \\\\ for a backslash, or put the value in single quotes)']),
    ('title-c1', [(THEME, 'title: The bridge', 'title: "The \\x85 bridge"')],
     ["content/themes/bridge.yaml:1: theme field 'title' contains the control character U+0085, which cannot be published (delete it; if it is invisible, retype the text around it)"]),
    ('title-tab-ok', [(THEME, 'title: The bridge', 'title: "The\\tbridge"')],
     []),
    ('order-hex', [(THEME, 'order: 1', 'order: 0x10')],
     ["content/themes/bridge.yaml:2: theme field 'order' must be a whole number, not '0x10' (write it in plain digits, like 12)"]),
    ('order-float', [(THEME, 'order: 1', 'order: 1.5')],
     ["content/themes/bridge.yaml:2: theme field 'order' must be a whole number, not '1.5' (write it in plain digits, like 12)"]),
    ('order-quoted', [(THEME, 'order: 1', 'order: "1"')],
     ["content/themes/bridge.yaml:2: theme field 'order' must be a whole number, not '1' (write it in plain digits, like 12)"]),
    ('order-underscore', [(THEME, 'order: 1', 'order: 1_000')],
     []),
    ('order-negative', [(THEME, 'order: 1', 'order: -3')],
     []),
    ('order-huge', [(THEME, 'order: 1', 'order: 1000000000000000')],
     ["content/themes/bridge.yaml:2: theme field 'order' must be a whole number, not '1000000000000000' (write it in plain digits, like 12)"]),
    ('value-inf', [("content/discrepancies.yaml", '      - value: 4500\n', '      - value: .inf\n')],
     ["content/discrepancies.yaml:9: discrepancies field 'discrepancies[1].values[2].value' must be a number, not '.inf' (write it in plain digits, like 15000 or 2.5)"]),
    ('value-sexagesimal', [("content/discrepancies.yaml", '      - value: 4500\n', '      - value: 1:30\n')],
     ["content/discrepancies.yaml:9: discrepancies field 'discrepancies[1].values[2].value' must be a number, not '1:30' (write it in plain digits, like 15000 or 2.5)"]),
    ('value-float-ok', [("content/discrepancies.yaml", '      - value: 4500\n', '      - value: 4500.5\n')],
     []),
    ('value-text', [("content/discrepancies.yaml", '      - value: 4500\n', '      - value: many\n')],
     ["content/discrepancies.yaml:9: discrepancies field 'discrepancies[1].values[2].value' must be a number, not 'many' (write it in plain digits, like 15000 or 2.5)"]),
    ('value-huge', [("content/discrepancies.yaml", '      - value: 4500\n', '      - value: 1e15\n')],
     ["content/discrepancies.yaml:9: discrepancies field 'discrepancies[1].values[2].value' must be a number, not '1e15' (write it in plain digits, like 15000 or 2.5)"]),
    ('choice-bad', [(THEME, 'confidence: moderate', 'confidence: moderat')],
     ["content/themes/bridge.yaml:4: theme field 'confidence' 'moderat' is not one of: high, moderate, low (did you mean 'moderate'?)"]),
    ('choice-list', [(THEME, 'confidence: moderate', 'confidence: [moderate]')],
     ["content/themes/bridge.yaml:4: theme field 'confidence' must be a single value, not a list"]),
    ('date-bad', [(SRC, '  date: "2025-02"', '  date: "2025-13"')],
     ["content/sources/example-talks.yaml:5: source field 'published.date': '2025-13' has no month 13"]),
    ('field-twice', [(THEME, 'order: 1\n', 'order: 1\norder: 2\n')],
     ["content/themes/bridge.yaml:3: theme: field 'order' is given twice (first on line 2)"]),
    ('field-key-not-plain', [(THEME, 'order: 1\n', 'order: 1\n? [a, b]\n: x\n')],
     ['content/themes/bridge.yaml:3: theme: a field name must be plain text']),
    ('unknown-field-no-suggestion', [(THEME, 'order: 1\n', 'order: 1\nzzzzzzzz: 2\n')],
     ["content/themes/bridge.yaml:3: unknown field 'zzzzzzzz' in theme (allowed: title, bottom_line, confidence, sections, order, confidence_reason, likelihood, watch_next, related)"]),
    ('required-empty', [(THEME, 'confidence_reason: A single source.', 'confidence_reason:')],
     []),
    ('required-missing-nested', [(SRC, '  date: "2025-02"\n', '')],
     ["content/sources/example-talks.yaml:5: source field 'published' is missing the required field 'date' (Publication date: YYYY-MM-DD, YYYY-MM, YYYY, or unknown.)"]),
    ('author-unknown', [(SRC, 'author: unknown', 'author: Unknown ')],
     []),
    ('about-not-list', [(SRC, 'about: [ruritania, zenda]', 'about: {a: b}')],
     ["content/sources/example-talks.yaml:17: source field 'claims[1].about' must be a list, not a mapping (start each entry with '- ')"]),
    ('list-of-mapping-not-mapping', [(SRC, '  - id: berg-two-years\n    type: statement\n', '  - just text\n  - id: berg-two-years\n    type: statement\n')],
     ["content/sources/example-talks.yaml:18: source field 'claims[2]' must be a mapping of 'field: value' lines, not a single value"]),
    ('slug-bad', [("content/entities.yaml", '  - id: zenda\n', '  - id: Zenda_Town\n')],
     ["content/entities.yaml:11: entities field 'entities[3].id' 'Zenda_Town' is not a valid id: use lower-case letters, digits and single hyphens (like 'bridge-costs')"]),
    ('citekey-bad', [(SRC, '    about: [ruritania, zenda]\n', '    about: [ruritania, zenda]\n    corroborates: [Not A Key]\n')],
     ["content/sources/example-talks.yaml:18: source field 'claims[1].corroborates[1]' 'Not A Key' must be written source-id#claim-id"]),
    ('top-level-list', [("content/timeline.yaml", 'events:', '- events:')],
     ["content/timeline.yaml:1: timeline must be a mapping of 'field: value' lines, not a list"]),
    ('optional-null', [(SRC, 'kind: wire-copy', 'kind: wire-copy\nurl: ~')],
     []),
    ('related-null', [(THEME, 'related: []', 'related:')],
     ["content/themes/bridge.yaml:15: theme field 'related' must be a list, not a single value (start each entry with '- ')"]),
    ('sections-empty-list', [(THEME, 'watch_next:\n  - Whether work starts [@example-talks#berg-two-years].\n', 'watch_next: []\n')],
     []),
]


@pytest.mark.parametrize("edits, expected", [c[1:] for c in LOAD_EDIT], ids=[c[0] for c in LOAD_EDIT])
def test_one_edit_gives_exactly_these_loading_problems(project, edits, expected):
    for relpath, old, new in edits:
        edit(project, relpath, old, new)
    try:
        load.load(project.root)
    except Problems as exc:
        assert [str(e) for e in exc.errors] == expected
    else:
        assert expected == []


def test_what_the_loader_reads_from_values_it_accepts(project):
    edit(project, THEME, "order: 1", "order: 1_000")
    edit(project, THEME, "title: The bridge", 'title: "The\\tbridge"')
    edit(project, SRC, '  date: "2025-02"', "  date: Unknown ")  # a date may be unknown, in any case
    edit(project, SRC, "kind: wire-copy", "kind: wire-copy\nurl: ~")
    edit(project, "content/discrepancies.yaml", "      - value: 4500\n", "      - value: -4_500.5\n")
    edit(project, SRC, "    by: anna-berg\n", "    by: zenda-officials\n")
    model = load.load(project.root)
    theme, source = model.themes["bridge"], model.sources["example-talks"]
    assert (theme.order, theme.title) == (1000, "The\tbridge")
    assert source.published.date is None and source.url is None and source.id == "example-talks"
    assert source.author == "unknown"  # text, where "unknown" is not a value of its own
    assert [c.source for c in source.claims] == ["example-talks"] * 3
    assert source.claims[1].by == ("zenda-officials",)  # `by: x` is `by: [x]`
    assert [v.value for v in model.discrepancies.discrepancies[0].values] == [5000, -4500.5, 0]
    assert isinstance(model.discrepancies.discrepancies[0].values[0].value, float)
    assert source.lines["claims"] == 13 and source.claims[2].lines["quote"] == 28
    assert theme.loc == m.Loc(THEME, 1) and source.claims[1].loc == m.Loc(SRC, 19)


def test_files_in_the_sources_and_themes_folders_must_each_be_one_item(project):
    (project.root / "content" / "sources" / ".hidden.yaml").write_text("not: read", encoding="utf-8")
    (project.root / "content" / "sources" / "drafts").mkdir()
    (project.root / "content" / "sources" / "drafts" / "x.yaml").write_text("not: read", encoding="utf-8")
    (project.root / "content" / "sources" / "notes.txt").write_text("x", encoding="utf-8")
    (project.root / "content" / "themes" / "costs.yml").write_text("x: 1", encoding="utf-8")
    (project.root / "content" / "themes" / "Costs_2.yaml").write_text("x: 1", encoding="utf-8")
    with pytest.raises(Problems) as caught:
        load.load(project.root)
    assert [str(e) for e in caught.value.errors] == [
        "content/sources/notes.txt: not a .yaml file: every file in sources/ must be one source (move it elsewhere)",
        "content/themes/Costs_2.yaml: file name 'Costs_2' is not a valid id: use lower-case letters, digits and single "
        "hyphens (like 'bridge-costs') (the file name is the theme's id and page address)",
        "content/themes/costs.yml: not a .yaml file: every file in themes/ must be one theme (rename it to .yaml)"]


def test_missing_files_and_folders_are_named(project):
    for name in ("timeline.yaml", "entities.yaml", "discrepancies.yaml"):
        (project.root / "content" / name).unlink()
    shutil.rmtree(project.root / "content" / "themes")
    edit(project, SRC, "about: [ruritania, zenda]", "about: []")
    edit(project, SRC, "    by: anna-berg\n", "    by: []\n")
    edit(project, SRC, "    by: zenda-officials\n", "    by: []\n")
    model = load.load(project.root)  # only the briefing is required
    assert (model.timeline, model.entities, model.discrepancies, model.themes) == (
        m.Timeline(), m.Entities(), m.Discrepancies(), {})
    (project.root / "content" / "briefing.yaml").unlink()
    with pytest.raises(Problems) as caught:
        load.load(project.root)
    assert [str(e) for e in caught.value.errors] == [
        "content/briefing.yaml: briefing file is missing (`briefing init` starts a briefing with every file in place)"]
    with pytest.raises(Problems) as caught:
        load.load_briefing(project.root)
    assert [str(e) for e in caught.value.errors] == [
        "content/briefing.yaml: briefing file is missing (`briefing init` starts a briefing with every file in place)"]
    with pytest.raises(Problems) as caught:
        load.load(project.root, "elsewhere")
    assert [str(e) for e in caught.value.errors] == [
        "elsewhere: content folder not found (run `briefing init` to start a briefing, or set the plugin's `content` "
        "option)"]


def test_only_the_briefing_file_is_read_for_its_settings(project):
    edit(project, SRC, "title: Example", "title: [broken")
    assert load.load_briefing(project.root).title == "Example briefing"
    edit(project, BRIEFING, "title: Example briefing", "titel: Example briefing")
    with pytest.raises(Problems) as caught:
        load.load_briefing(project.root)
    assert [str(e) for e in caught.value.errors][0] == "content/briefing.yaml:1: briefing is missing the required field " \
        "'title' (The briefing's title.)"


# -- independence and what rests on each source ---------------------------------------------------

MANY = """\
    title: Report {n}
    outlet: "{outlet}"
    author: unknown
    published:
      date: "2025-02-{n:02d}"
    kind: news-report
    archive: r{n}.txt
    summary: Report {n}.
    claims:
      - id: bridge
        type: reported
        text: A bridge was agreed.
        quote: Report {n} says a bridge was agreed.
        corroborates: [{corroborates}]
    {extra}"""


def many_sources(project, outlets: dict[int, str], corroborates: str = "example-talks#bridge-agreed",
                 extra: dict[int, str] | None = None):
    for n, outlet in outlets.items():
        project.write(f"archive/r{n}.txt", f"Report {n} says a bridge was agreed.\n")
        project.write(f"content/sources/r{n:02d}.yaml", MANY.format(n=n, outlet=outlet, corroborates=corroborates,
                                                                    extra=textwrap.indent((extra or {}).get(n, ""), "    ").lstrip()))
    write_lock(project.root)
    model = load.load(project.root)
    return model, sourcing.Independence(model)


def test_the_largest_set_of_established_independent_sources_exactly_and_above_the_exact_limit(project):
    # r01-r10 each a different outlet; r11-r20 one outlet however it is written; r21 an unknown outlet.
    outlets = {n: f"Outlet {n}" for n in range(1, 11)}
    outlets.update({n: ("Same Outlet", " same outlet ", "SAME OUTLET")[n % 3] for n in range(11, 21)})
    outlets[21] = "unknown"
    model, independence = many_sources(project, outlets)
    ids = lambda *ns: [f"r{n:02d}" for n in ns]  # noqa: E731
    assert sourcing.EXACT_LIMIT == 16
    assert independence.largest_independent_set([]) == 0
    assert independence.largest_independent_set(ids(21)) == 1
    assert independence.largest_independent_set(ids(1, 1)) == 1
    assert independence.largest_independent_set(ids(11, 12)) == 1
    assert independence.largest_independent_set(ids(1, 2)) == 2
    assert independence.largest_independent_set(ids(1, 21)) == 1
    assert independence.largest_independent_set(ids(*range(1, 6), 11, 12, 13, 21)) == 6  # exact, 9 sources
    assert independence.largest_independent_set(ids(*range(1, 17))) == 11  # exact, 16 sources
    assert independence.largest_independent_set(ids(*range(1, 22))) == 11  # greedy, 21 sources
    assert independence.largest_independent_set(ids(*range(11, 21), 21, 1)) == 2  # greedy, 12: exact
    assert independence.largest_independent_set(ids(*range(11, 22), *range(1, 7))) == 7  # greedy, 17 sources
    assert independence.established("r01", "r02") and not independence.established("r11", "r14")
    assert not independence.established("r01", "r21") and not independence.established("r21", "r01")
    assert sourcing.outlet_key(model.sources["r12"]) == "same outlet" and sourcing.outlet_key(model.sources["r21"]) is None


def test_declared_relations_decide_independence_and_origin(project):
    extra = {
        11: "independent_of:\n  - source: r12\n    reason: Different desks.\n",
        13: "shares_origin_with:\n  - source: r01\n    reason: Same press release.\n",
        2: "shares_origin_with:\n  - source: r02\n    reason: Itself.\n  - source: nowhere\n    reason: Gone.\n",
    }
    model, independence = many_sources(project, {1: "A", 2: "B", 11: "C", 12: "C", 13: "D"}, extra=extra)
    assert independence.established("r11", "r12") and independence.established("r12", "r11")
    assert not independence.same_origin("r11", "r12")
    assert independence.same_origin("r13", "r01") and independence.same_origin("r01", "r13")
    assert not independence.established("r13", "r01")
    assert independence.origin("r13") == independence.origin("r01") == "r01"
    assert independence.same_origin("r02", "r02") and not independence.same_origin("r02", "r01")
    assert set(independence.declared_independent) == {("r11", "r12")}
    assert set(independence.declared_same_origin) == {("r01", "r13")}
    assert independence.undeclared() == {}
    # Two relations of two kinds between two different pairs are no contradiction; the others are errors.
    assert project.problems() == [
        "content/sources/r02.yaml:16: source 'r02' names itself in 'shares_origin_with'",
        "content/sources/r02.yaml:18: unknown source 'nowhere' in 'shares_origin_with'"]


def test_claims_of_one_archived_text_are_of_one_origin(project):
    model, independence = many_sources(project, {1: "A", 2: "B", 3: "C", 4: "D"})
    for n in (2, 3):
        edit(project, f"content/sources/r0{n}.yaml", f"archive: r{n}.txt", "archive: r1.txt")
        edit(project, f"content/sources/r0{n}.yaml", f"quote: Report {n} says", "quote: Report 1 says")
    write_lock(project.root)
    independence = sourcing.Independence(load.load(project.root))
    assert independence.same_origin("r01", "r02") and not independence.established("r01", "r02")
    assert independence.same_origin("r02", "r03") and independence.same_origin("r03", "r01")
    assert not independence.same_origin("r03", "r04") and independence.established("r03", "r04")


def test_credibility_from_corroboration_and_what_rests_on_each_source(project):
    # r01 (outlet A) and r02 (outlet A again) corroborate example-talks#bridge-agreed (Example Wire).
    model, _ = many_sources(project, {1: "A", 2: "a "})
    edit(project, SRC, "    about: [ruritania, zenda]\n", "    about: [ruritania, zenda]\n    credibility: 3\n")
    edit(project, THEME, "[@example-talks#bridge-agreed; @example-talks#berg-two-years]",
         "[@example-talks#bridge-agreed; @r01#bridge; @r02]")
    write_lock(project.root)
    derived = checks.check(load.load(project.root)).sourcing
    assert derived.credibility == {
        "example-talks#bridge-agreed": 1, "example-talks#berg-two-years": 6, "example-talks#workers-5000": 6,
        "r01#bridge": 1, "r02#bridge": 1}
    assert derived.unestablished == set()
    assert derived.edges == [("example-talks", "r01", 1), ("example-talks", "r02", 1), ("r01", "r02", 1)]
    bottom = next(s for s in derived.supports if s.kind == "theme bottom line")
    assert (bottom.sources, bottom.involved, bottom.independent) == (("example-talks", "r01", "r02"), 3, 2)  # 3 origins, of 2 outlets
    assert bottom.independence_established and not bottom.single_source and not bottom.alone
    assert [s.kind for s in derived.rests_on["r02"]] == ["theme bottom line"]
    assert derived.alone("r02") == [] and derived.alone("nowhere") == []
    assert [s.kind for s in derived.alone("example-talks")] == ["key judgement", "theme section", "timeline event"]
    model = load.load(project.root)
    source = model.sources["example-talks"]
    assert derived.grade(source, source.claims[0]) == "F1" and derived.grade(source, None) == "F"


def test_corroboration_whose_independence_is_not_established_is_grade_two(project):
    many_sources(project, {1: "unknown"})
    derived = checks.check(load.load(project.root)).sourcing
    assert derived.credibility["r01#bridge"] == 2 and derived.credibility["example-talks#bridge-agreed"] == 2
    assert derived.unestablished == {"r01#bridge", "example-talks#bridge-agreed"}


def test_supports_name_each_cited_item_with_its_page(project):
    derived = checks.check(load.load(project.root)).sourcing
    assert [(s.kind, s.title, urls.Addresses().url(s.target), s.sources, s.involved, s.independent)
            for s in derived.supports] == [
        ("key judgement", "The two countries agreed to build a bridge.", "#judgement-bridge-planned",
         ("example-talks",), 1, 1),
        ("theme bottom line", "The bridge", "themes/bridge/", ("example-talks",), 1, 1),
        ("theme section", "The bridge: The agreement", "themes/bridge/", ("example-talks",), 1, 1),
        ("timeline event", "2025-02 Ministers meet in Zenda.", "timeline/#event-2025-02", ("example-talks",), 1, 1)]
    assert all(s.single_source and s.alone and not s.independence_established for s in derived.supports)


def test_a_changed_archived_text_whose_shared_passage_stays_is_one_changed_text(project):
    from support import WIRE, second_source

    article = project.root / "archive" / "article.txt"
    article.write_text(article.read_text(encoding="utf-8") + WIRE + "\n", encoding="utf-8")
    second_source(project, outlet="Other Daily", text="Report. " + WIRE + " The ministers agreed on a bridge in Zenda.")
    assert len(json.loads(project.read("content/quotes.lock"))["shared"]) == 1
    assert quotes.verify(load.load(project.root)).errors == []
    article.write_text(article.read_text(encoding="utf-8") + "A line added at the end.\n", encoding="utf-8")
    found = [str(e) for e in quotes.verify(load.load(project.root)).errors]
    assert found == ["content/quotes.lock: 1 archived text changed ('article.txt') since the lock was written "
                     "(run `briefing lock` to verify the quotes and record them)"]


# -- the cross-reference table ---------------------------------------------------------------------

def test_who_cites_what_in_page_order_each_place_once(project):
    edit(project, "content/discrepancies.yaml", "    unit: workers\n",
         "    unit: workers\n    note: See the talks [@example-talks#bridge-agreed].\n")
    model = load.load(project.root)
    xref = Xref(model)
    by_claim = {key: [(b.title, urls.Addresses().url(b.target), b.kind) for b in links]
                for key, links in xref.cited_by_claim.items()}
    assert by_claim == {
        "example-talks": [("Home", "", "briefing description")],
        "example-talks#bridge-agreed": [("Key judgements", "", "key judgement"), ("The bridge", "themes/bridge/", "theme"),
                                        ("Timeline", "timeline/", "timeline"),
                                        ("Discrepancies", "discrepancies/", "discrepancy")],
        "example-talks#berg-two-years": [("The bridge", "themes/bridge/", "theme")],
        "example-talks#workers-5000": [("The bridge", "themes/bridge/", "theme"),
                                       ("Discrepancies", "discrepancies/", "discrepancy")]}
    assert [b.kind for b in xref.cited_by_source["example-talks"]] == [
        "briefing description", "key judgement", "theme", "timeline", "discrepancy"]
    assert [f.field.name for f in xref.fields] == [
        "description", "text", "summary", "key_points", "bottom_line", "body", "watch_next", "text", "note",
        "text", "text", "text"]
    assert [f.field.must_cite for f in xref.fields] == [
        "", "text", "", "", "text", "paragraph", "", "text", "", "text", "text", "text"]
    theme = model.themes["bridge"]
    assert [c.key for c in xref.cites_of(theme)] == [
        "example-talks#bridge-agreed", "example-talks#berg-two-years", "example-talks#berg-two-years"]
    assert [c.key for c in xref.cites_of(theme.sections[0])] == ["example-talks#bridge-agreed",
                                                                 "example-talks#workers-5000"]
    assert xref.cites_of(model.entities) == []
    assert [c.key for c in xref.cites_in("not a field [@a#b; @c]")] == ["a#b", "c"]
    assert xref.without_citations(theme.bottom_line) == "A bridge is planned, by one account within two years."
    assert xref.without_citations("Elsewhere [@x] too.") == "Elsewhere too."
    assert xref.groups(model.briefing.description)[0].citations[0].key == "example-talks"


def test_a_source_summary_citing_its_own_claims_is_no_use_of_it_elsewhere(project):
    edit(project, SRC, "summary: Ministers met in Zenda and agreed to build a bridge.",
         "summary: Ministers met in Zenda [@example-talks#berg-two-years].")
    edit(project, THEME, "[@example-talks#bridge-agreed; @example-talks#berg-two-years]", "[@example-talks#bridge-agreed]")
    edit(project, THEME, "- Whether work starts [@example-talks#berg-two-years].", "- Whether work starts [@example-talks].")
    xref = Xref(load.load(project.root))
    assert "example-talks#berg-two-years" not in xref.cited_by_claim


def test_the_same_text_in_two_fields_is_parsed_once_and_placed_in_each(project):
    edit(project, THEME, "  - Whether work starts [@example-talks#berg-two-years].\n",
         "  - Whether work starts [@example-talks#berg-two-years].\n  - Whether work starts [@example-talks#nosuch].\n"
         "  - Whether work starts [@example-talks#nosuch].\n")
    assert project.problems() == [f"{THEME}:15: citation to unknown claim 'nosuch' of source 'example-talks'",
                                  f"{THEME}:16: citation to unknown claim 'nosuch' of source 'example-talks'"]


def test_every_source_and_every_claim_is_verified_whatever_fails_before_it(project):
    """One failing archived text or quote does not stop the check of the rest (one run, every problem)."""
    from support import second_source

    second_source(project, outlet="Other Daily")
    edit(project, "content/sources/second-report.yaml", "quote: The ministers agreed", "quote: The ministers disagreed")
    edit(project, SRC, "archive: article.txt", "archive: missing.txt")
    found = [str(e) for e in quotes.verify(load.load(project.root)).errors]
    assert [f.split(": ", 2)[1] for f in found] == ["archived text not found", "quote of claim 'bridge' is not in the "
                                                    "archived text second.txt (closest passage, 7 of the quote's 8 words "
                                                    "alike, [-quote-] {+archived text+}"]
    edit(project, SRC, "archive: missing.txt", "archive: article.txt")
    edit(project, SRC, "quote: The foreign ministers", "quote: The foreign secretaries")
    edit(project, SRC, "quote: Officials in Zenda", "quote: Officers in Zenda")
    found = [str(e).split(" is not in")[0] for e in quotes.verify(load.load(project.root)).errors]
    assert found == [f"{SRC}:{line_of(project, SRC, 'foreign secretaries')}: quote of claim 'bridge-agreed'",
                     f"{SRC}:{line_of(project, SRC, 'Officers in Zenda')}: quote of claim 'workers-5000'",
                     "content/sources/second-report.yaml:14: quote of claim 'bridge'"]


def test_a_source_whose_archived_text_is_badly_named_or_a_link_does_not_stop_the_others_being_verified(project):
    from support import second_source

    second_source(project, outlet="Other Daily")
    edit(project, "content/sources/second-report.yaml", "quote: The ministers agreed", "quote: The ministers disagreed")
    edit(project, SRC, "archive: article.txt", "archive: article.pdf")  # the checks name the file; verify skips it
    found = [str(e).split(" (closest")[0] for e in quotes.verify(load.load(project.root)).errors]
    assert found == ["content/sources/second-report.yaml:14: quote of claim 'bridge' is not in the archived text second.txt"]
    edit(project, SRC, "archive: article.pdf", "archive: article.txt")
    (project.root / "archive" / "elsewhere.txt").write_text(project.read("archive/article.txt"), encoding="utf-8")
    (project.root / "archive" / "article.txt").unlink()
    (project.root / "archive" / "article.txt").symlink_to(project.root / "archive" / "elsewhere.txt")
    found = [str(e).split(" (")[0] for e in quotes.verify(load.load(project.root)).errors]
    assert found == [f"{SRC}:8: archived text archive/article.txt is a link, not a file",
                     "content/sources/second-report.yaml:14: quote of claim 'bridge' is not in the archived text second.txt"]


def test_a_lock_written_before_shared_passages_were_kept_is_brought_up_to_date(project):
    from support import WIRE, second_source

    article = project.root / "archive" / "article.txt"
    article.write_text(article.read_text(encoding="utf-8") + WIRE + "\n", encoding="utf-8")
    second_source(project, outlet="Other Daily", text="Report. " + WIRE + " The ministers agreed on a bridge in Zenda.")
    lock_file = project.root / "content" / "quotes.lock"
    data = json.loads(lock_file.read_text(encoding="utf-8"))
    del data["shared"]
    lock_file.write_text(json.dumps(data), encoding="utf-8")
    verification = quotes.verify(load.load(project.root))
    assert [str(e) for e in verification.errors] == [
        "content/quotes.lock: 1 shared passage added or removed since the lock was written "
        "(run `briefing lock` to verify the quotes and record them)"]
    assert len(verification.lock.shared) == 1


def test_briefing_lock_verifies_afresh_whatever_the_old_lock_holds(project):
    (project.root / "content" / "quotes.lock").write_text("{ damaged", encoding="utf-8")
    assert quotes.verify(load.load(project.root), use_lock=False).errors == []
    assert [str(e).split(" (")[0] for e in quotes.verify(load.load(project.root)).errors] == [
        "content/quotes.lock:1: quote lock is damaged"]


def test_a_preview_rebuild_keeps_unedited_sources_and_verifies_an_edited_one_again(project):
    from builder.publish import incremental

    add_corroborating_sources(project, [1, 2])
    model = load.load(project.root)
    first = quotes.verify(model)
    assert first.errors == [] and len(first.lock.archives) == 3
    # Nothing edited: every source is kept as it was verified.
    again = quotes.verify(model, reuse=(model, first))
    assert again.errors == [] and again.lock == first.lock
    # The source file edited while serving: its quote is verified again, whatever the lock held for it.
    edit(project, SRC, "quote: Officials in Zenda estimate that 5,000", "quote: Officials in Zenda estimate that 6,000")
    edited = incremental.reload(model, {("source", "example-talks")})
    found = [str(e) for e in quotes.verify(edited, reuse=(model, first)).errors]
    assert found == [f"{SRC}:{line_of(project, SRC, 'that 6,000')}: quote of claim 'workers-5000' is not in the archived "
                     "text article.txt (closest passage, 14 of the quote's 15 words alike, [-quote-] {+archived text+}: "
                     "\"Officials in Zenda estimate that [-6,000-] {+5,000+} workers will be needed - more than ever "
                     "before.\")"]


def test_a_missing_or_stale_lock_is_reported_against_the_whole_lock_file(project):
    lock_file = project.root / "content" / "quotes.lock"
    data = json.loads(lock_file.read_text(encoding="utf-8"))
    data["quotes"].pop("example-talks#bridge-agreed")
    lock_file.write_text(json.dumps(data), encoding="utf-8")
    (stale,) = quotes.verify(load.load(project.root)).errors
    assert (stale.path, stale.line) == ("content/quotes.lock", 0)  # line 0: the whole file, in --json output too
    lock_file.unlink()
    (missing,) = quotes.verify(load.load(project.root)).errors
    assert (missing.path, missing.line, missing.message) == ("content/quotes.lock", 0, "the quote lock does not exist yet")
