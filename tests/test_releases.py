"""Releases: `briefing release` writes reproducible files, refuses what it must, and the site shows the history.

The site tests build the small fixture briefing with two releases (a judgement's
confidence lowered, a theme's bottom line re-worded, a figure moved between
them) and read the pages as a reader would.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from builder.model import release_files
from builder.releases import snapshots as releases
from conftest import Project, edit, make_project

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

BRIEFING = "content/briefing.yaml"
THEME = "content/themes/bridge.yaml"
DISCREPANCIES = "content/discrepancies.yaml"
FIRST, SECOND = "content/releases/0001.json", "content/releases/0002.json"
ATOM = "{http://www.w3.org/2005/Atom}"


def release(project: Project, note: str, day: str = ""):
    """`briefing release --note NOTE`, made on `day` (YYYY-MM-DD; today when not given)."""
    return project.briefing("release", "--note", note, *(["--released", day] if day else []))


def second_release_edits(project: Project) -> None:
    """Lower the judgement's confidence, re-word the theme's bottom line, move a figure; as of four days later."""
    edit(project, BRIEFING, "    confidence: moderate\n", "    confidence: low\n")
    edit(project, BRIEFING, 'as_of: "2025-03-01"', 'as_of: "2025-03-05"')
    edit(project, THEME, "A bridge is planned,", "A bridge is expected,")
    edit(project, DISCREPANCIES, "      - value: 5000\n        text: Officials", "      - value: 6000\n        text: Officials")


# -- the release file -------------------------------------------------------------------------------


def test_a_release_records_the_content_reproducibly(tmp_path):
    one = make_project(tmp_path / "one")
    shutil.copytree(one.root, tmp_path / "two")
    two = Project(tmp_path / "two")
    for project in (one, two):
        result = release(project, "First release: one source, one theme.", "2025-03-02")
        assert result.returncode == 0, result.stderr
        assert "Recorded release 1 of 2 March 2025, as of 1 March 2025" in result.stdout
    written = one.root / FIRST
    assert written.read_bytes() == (two.root / FIRST).read_bytes()
    data = json.loads(written.read_text(encoding="utf-8"))
    assert (data["number"], data["as_of"], data["note"], data["released"], data["format"]) == \
        (1, "2025-03-01", "First release: one source, one theme.", "2025-03-02", 2)
    assert data["snapshot"]["judgements"]["bridge-planned"]["confidence"] == "moderate"
    assert data["snapshot"]["claims"]["example-talks#bridge-agreed"]["grade"] == "F6"
    text = written.read_text(encoding="utf-8")
    # Sorted keys, one item a line: each claim starts its own line, whole.
    assert re.findall(r'^  "(\w+)"', text, re.M) == ["as_of", "format", "note", "number", "released", "snapshot"]
    claim_lines = [line for line in text.splitlines() if line.startswith('      "example-talks#')]
    assert len(claim_lines) == 3 and all(line.rstrip(",").endswith("}") for line in claim_lines)
    assert json.dumps(json.loads(text), sort_keys=True) == json.dumps(data, sort_keys=True)


def test_a_release_is_dated_by_the_day_it_was_made(project):
    import datetime

    assert release(project, "First release.").returncode == 0
    data = json.loads(project.read(FIRST))
    assert data["released"] == datetime.date.today().isoformat() and data["as_of"] == "2025-03-01"
    for day, message in (("2025-03", "write the day of release as YYYY-MM-DD"), ("March", "is not a date")):
        second_release_edits(project) if day == "2025-03" else None
        result = release(project, "Second.", day)
        assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    result = release(project, "Second.", "2001-01-01")
    assert result.returncode == 1
    assert f"release 1 was released on {data['released']}, after 2001-01-01" in result.stderr
    assert not (project.root / SECOND).exists()


def test_a_second_release_after_a_change_is_numbered_and_checks(project):
    assert release(project, "First release.", "2025-03-02").returncode == 0
    second_release_edits(project)
    result = release(project, "Second release: lower confidence.", "2025-03-06")
    assert result.returncode == 0, result.stderr
    assert "Recorded release 2 of 6 March 2025, as of 5 March 2025 (3 items changed since release 1)" in result.stdout
    assert json.loads(project.read(SECOND))["as_of"] == "2025-03-05"
    assert project.problems() == []


def test_a_release_is_refused_while_the_check_fails(project):
    edit(project, "content/timeline.yaml", "[@example-talks#bridge-agreed]", "[@example-talks#bridge-agred]")
    result = release(project, "Broken.")
    assert result.returncode == 1
    assert "content/timeline.yaml:3: citation to unknown claim 'bridge-agred'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.root / "content/releases").exists()


def test_a_release_is_refused_with_placeholder_text_left(project):
    edit(project, THEME, "title: The bridge", "title: TODO the bridge")
    result = release(project, "With a TODO.")
    assert result.returncode == 1 and "content/themes/bridge.yaml:1: 'title' still holds placeholder text" in result.stderr
    assert not (project.root / "content/releases").exists()


def test_a_release_is_refused_for_unchanged_content(project):
    assert release(project, "First release.").returncode == 0
    before = project.read(FIRST)
    edit(project, BRIEFING, 'as_of: "2025-03-01"', 'as_of: "2025-03-02"')  # a later date alone changes nothing
    result = release(project, "Nothing new.")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{FIRST}: nothing has changed since release 1 (as of 2025-03-01)")
    assert not (project.root / SECOND).exists() and project.read(FIRST) == before


def test_a_release_is_refused_when_the_as_of_date_goes_back(project):
    assert release(project, "First release.").returncode == 0
    second_release_edits(project)
    edit(project, BRIEFING, 'as_of: "2025-03-05"', 'as_of: "2025-02-27"')
    result = release(project, "Back in time.")
    assert result.returncode == 1
    assert result.stderr.startswith("content/briefing.yaml:3: as-of date 2025-02-27 is earlier than that of release 1 "
                                    "(2025-03-01) (move as_of forward")
    assert not (project.root / SECOND).exists()


@pytest.mark.parametrize("note", ["", "   ", "bell \x07 here"])
def test_a_release_needs_a_note_of_text(project, note):
    result = release(project, note)
    assert result.returncode == 1 and "the note must be a sentence of text" in result.stderr
    assert not (project.root / "content/releases").exists()


# -- damaged release files --------------------------------------------------------------------------


@pytest.fixture
def released(project) -> Project:
    """The fixture with two releases recorded, made on 2 and 6 March 2025."""
    assert release(project, "First release.", "2025-03-02").returncode == 0
    second_release_edits(project)
    assert release(project, "Second release.", "2025-03-06").returncode == 0
    return project


def _line_of(project: Project, relpath: str, needle: str) -> int:
    return next(n for n, line in enumerate(project.read(relpath).splitlines(), 1) if needle in line)


DAMAGE = [
    # (what, file, old, new, line containing, message)
    ("truncated", SECOND, '  "snapshot": {', '  "snapshot": {{', '"snapshot"', "release file is not valid JSON"),
    ("empty note", SECOND, '"note": "Second release."', '"note": ""', '"note"', "note must be text"),
    ("control character", SECOND, '"note": "Second release."', '"note": "Second\\u0007release."', '"note"',
     "note contains the control character U+0007"),
    ("bad grade", FIRST, '"grade": "F6", "quote": "\\"We will', '"grade": "Z9", "quote": "\\"We will',
     '"example-talks#berg-two-years"', "snapshot 'claims' item 'example-talks#berg-two-years' field 'grade' must be a grade"),
    ("bad confidence", FIRST, '"confidence": "moderate", "likelihood": "likely", "text": "The two',
     '"confidence": "medium", "likelihood": "likely", "text": "The two', '"bridge-planned"',
     "field 'confidence' must be one of: high, moderate, low"),
    ("number", SECOND, '"number": 2', '"number": 3', '"number"', "release number 3 does not match the file name"),
    ("format", SECOND, '"format": 2', '"format": 3', '"format"',
     "release file is in format 3; this builder reads format 1 and 2"),
    ("released not a day", SECOND, '"released": "2025-03-06"', '"released": "2025-03"', '"released"',
     "day of release '2025-03' needs a day"),
    ("released back", SECOND, '"released": "2025-03-06"', '"released": "2025-03-01"', '"released"',
     "release 2 was released on 2025-03-01, before release 1 (2025-03-02)"),
    ("format 2 without summaries", FIRST, '"reliability": "F", "summary": "Ministers met in Zenda and agreed to build a bridge."',
     '"reliability": "F"', '"example-talks": {', "snapshot 'sources' item 'example-talks' lacks the field 'summary'"),
    ("as-of back", SECOND, '"as_of": "2025-03-05"', '"as_of": "2025-02-01"', '"as_of"',
     "release 2 is as of 2025-02-01, before release 1 (2025-03-01)"),
    ("as-of not a day", SECOND, '"as_of": "2025-03-05"', '"as_of": "2025-03"', '"as_of"', "needs a day"),
    ("not a number", SECOND, '"value": 6000.0', '"value": NaN', '"workers"', "field 'value' must be a number"),
    ("unknown field", SECOND, '"format": 2,', '"format": 2, "extra": true,', '"format"', "unknown field 'extra'"),
    ("missing part", SECOND, '    "entities": {', '    "people": {', '"people"', "snapshot has an unknown part 'people'"),
]


@pytest.mark.parametrize("what, relpath, old, new, near, message", DAMAGE, ids=[d[0] for d in DAMAGE])
def test_a_damaged_release_file_is_a_clear_error_at_its_line(released, what, relpath, old, new, near, message):
    text = released.read(relpath)
    assert text.count(old) == 1, old
    released.write(relpath, text.replace(old, new), dedent=False)
    line = _line_of(released, relpath, near)
    result = released.briefing("check")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    mine = [l for l in result.stderr.splitlines() if l.startswith(relpath)]
    assert mine, result.stderr
    shown = [l for l in mine if l.startswith(f"{relpath}:{line}: ") and message in l]
    assert shown, (mine, line)
    if what != "format":
        assert shown[0].endswith(f"(release files are written by `briefing release`; restore this one with "
                                 f"`git checkout -- {relpath}`)"), shown[0]


def test_a_missing_release_is_named(released):
    (released.root / FIRST).unlink()
    line = _line_of(released, SECOND, '"number"')
    assert released.problems() == [f"{SECOND}:{line}: release 2 follows release 0: release 1 is missing (releases are "
                                   "numbered 1, 2, 3... with no gaps; restore the missing file from git)"]


def test_a_stray_file_among_the_releases_is_named(released):
    released.write("content/releases/notes.txt", "my notes\n")
    assert released.problems() == ["content/releases/notes.txt: not a release file: releases/ holds only the files "
                                   "`briefing release` writes, named 0001.json, 0002.json... (move it elsewhere)"]


def test_a_release_that_repeats_the_one_before_is_named(released):
    data = json.loads(released.read(SECOND))
    released.write("content/releases/0003.json", releases.text(3, releases.m.PartialDate.parse("2025-03-05"),
                                                               "Again.", data["snapshot"]), dedent=False)
    line = _line_of(released, "content/releases/0003.json", '"number"')
    assert released.problems() == [f"content/releases/0003.json:{line}: release 3 records the same content as "
                                   "release 2 (remove the file: a release must change something)"]


def test_a_hand_corrected_note_is_accepted(released):
    edit(released, SECOND, '"note": "Second release."', '"note": "Second release: the figure for workers moved."')
    assert released.problems() == []


# -- the site ---------------------------------------------------------------------------------------


@pytest.fixture
def site(released) -> Project:
    result = released.briefing("build")
    assert result.returncode == 0, result.stderr
    return released


def soup(project: Project, url: str) -> BeautifulSoup:
    return BeautifulSoup(project.html(url), "html.parser")


def test_the_changes_page_lists_every_release_newest_first_with_its_changes(site):
    page = soup(site, "changes")
    headings = [h.get_text().replace("¶", "").strip() for h in page.select("article h2")]
    # Dated by the day each release was made; the as-of date is said apart.
    assert headings == ["Release 2: 6 March 2025", "Release 1: 2 March 2025"]
    assert [h["id"] for h in page.select("article h2")] == ["release-2", "release-1"]
    second = page.select("div.bf-release")[0]
    assert second.select_one(".bf-release-when").get_text() == "Released 6 March 2025, with the briefing as of 5 March 2025."
    assert second.select_one(".bf-release-note").get_text() == "Second release."
    assert "Compared with release 1 of 2 March 2025: 3 items changed." in second.get_text()
    assert [h.get_text() for h in second.select("h3")] == ["Key judgements", "Themes", "Discrepancies"]
    lines = {li["id"]: " ".join(li.get_text().split()) for li in second.select("li[id]")}
    assert lines == {
        "release-2-judgement-bridge-planned": "“The two countries agreed to build a bridge”: confidence lowered: moderate → low.",
        "release-2-theme-bridge": "“The bridge”: bottom line re-worded:A bridge is plannedexpected, by one account "
                                  "within two years.",
        "release-2-discrepancy-workers": "“How many workers are needed?”: the figure from Example Wire moved from 5,000 workers to 6,000 workers.",
    }
    # The words that changed: the deleted struck through, the inserted underlined.
    diff = second.select_one("#release-2-theme-bridge .bf-diff")
    assert (diff.select_one("del").get_text(), diff.select_one("ins").get_text()) == ("planned", "expected")
    assert len(second.select("ul.bf-changes > li")) == 3  # as many as counted
    links = {li["id"]: li.a["href"] for li in second.select("li[id]")}
    assert links == {"release-2-judgement-bridge-planned": "../#judgement-bridge-planned",
                     "release-2-theme-bridge": "../themes/bridge/",
                     "release-2-discrepancy-workers": "../discrepancies/#discrepancy-workers"}
    first = page.select("div.bf-release")[1]
    assert first.select_one(".bf-release-note").get_text() == "First release."
    assert "The first release, with 1 key judgement, 1 theme, 1 discrepancy, 1 source, 3 claims, 1 timeline event " \
           "and 4 entities." in first.get_text()
    nav = [a.get_text(strip=True) for a in page.select(".md-sidebar--primary .md-nav__link")]
    assert "Changes" in nav


def test_themes_sources_and_judgements_say_when_they_were_published_and_updated(site):
    theme = soup(site, "themes/bridge").select_one(".bf-bottom-line .bf-history")
    assert " ".join(theme.get_text().split()) == "First published 2 March 2025 · Updated 6 March 2025"
    assert [a["href"] for a in theme.select("a")] == ["../../changes/#release-1", "../../changes/#release-2-theme-bridge"]
    source = soup(site, "sources/example-talks").select_one(".bf-history")
    assert " ".join(source.get_text().split()) == "First published 2 March 2025"  # unchanged since
    judgement = soup(site, "").select_one("#judgement-bridge-planned .bf-history")
    assert " ".join(judgement.get_text().split()) == "First published 2 March 2025 · Updated 6 March 2025"
    assert judgement.select("a")[-1]["href"] == "changes/#release-2-judgement-bridge-planned"


def test_a_page_says_what_changed_on_it_and_keeps_its_history(site):
    page = soup(site, "themes/bridge")
    latest = page.select_one(".bf-bottom-line .bf-latest-change")
    assert " ".join(latest.get_text().split()) == "What changed on 6 March 2025: bottom line re-worded. History of " \
                                                   "this page"
    assert latest.a["href"] == "#page-history"
    history = page.select_one("#page-history").find_next("ul", class_="bf-item-history")
    entries = history.find_all("li", recursive=False)
    assert [" ".join(e.get_text(" ").split()) for e in entries] == [
        "Release 2, 6 March 2025 (the briefing as of 5 March 2025 ): bottom line re-worded: A bridge is planned "
        "expected , by one account within two years.",
        "Release 1, 2 March 2025 (the briefing as of 1 March 2025 ): first published."]
    assert entries[0].select_one("del").get_text() == "planned"
    # The judgement's history is on the home page, folded under it.
    folded = soup(site, "").select_one("#judgement-bridge-planned details.bf-judgement-history")
    assert " ".join(folded.summary.get_text().split()) == "What changed on 6 March 2025: confidence lowered: moderate → low"
    # A source is not updated by the release, so it tells only when it was first published.
    source = soup(site, "sources/example-talks")
    assert source.select_one(".bf-latest-change") is None
    assert "Release 1, 2 March 2025 (the briefing as of 1 March 2025): first published." in \
        " ".join(source.select_one(".bf-page-history").get_text().split())


def test_a_source_is_updated_when_one_of_its_claims_changes(released):
    edit(released, "content/sources/example-talks.yaml", "text: Officials in Zenda estimate",
         "text: Zenda's officials estimate")
    edit(released, BRIEFING, 'as_of: "2025-03-05"', 'as_of: "2025-03-09"')
    assert release(released, "Third release.", "2025-03-10").returncode == 0
    assert released.briefing("build").returncode == 0
    page = soup(released, "sources/example-talks")
    history = page.select_one(".bf-history")
    assert " ".join(history.get_text().split()) == "First published 2 March 2025 · Updated 10 March 2025"
    assert history.select("a")[-1]["href"] == "../../changes/#release-3-claim-example-talks--workers-5000"
    assert soup(released, "changes").find(id="release-3-claim-example-talks--workers-5000") is not None
    assert " ".join(page.select_one(".bf-latest-change").get_text().split()).startswith(
        "What changed on 10 March 2025: 1 claim re-worded.")
    # The claim is named by its words, linking to it on the page, with the words that changed.
    claim = page.select_one(".bf-page-history ul.bf-change-details > li")
    assert claim.a.get_text() == "Claim “Zenda's officials estimate that 5,000 workers will be needed”"
    assert claim.a["href"] == "#claim-workers-5000"
    assert [t.get_text() for t in claim.select("del, ins")] == ["Officials in Zenda", "Zenda's officials"]


def test_the_home_page_tells_what_the_latest_release_changed_after_its_judgements(site):
    home = soup(site, "")
    heading = home.find(lambda tag: tag.name == "h2" and "What changed" in tag.get_text())
    assert heading.get_text().replace("¶", "").strip() == "What changed"
    block = home.select_one(".bf-whats-new")
    assert "Release 2, 6 March 2025, with the briefing as of 5 March 2025: 3 items changed since release 1. " \
           "Second release." in " ".join(block.get_text().split())
    assert [" ".join(li.get_text().split()) for li in block.select("li")] == [
        "Key judgement “The two countries agreed to build a bridge”: confidence lowered: moderate → low.",
        "Theme “The bridge”: bottom line re-worded.",
        "Discrepancy “How many workers are needed?”: the figure from Example Wire moved from 5,000 workers to 6,000 workers."]
    assert block.find("a", string="Every change in release 2, with the words that changed")["href"] == \
        "changes/#release-2"
    # The key judgements come first: what changed is bookkeeping, after them and the themes.
    headings = [h.get_text().replace("¶", "").strip() for h in home.select("article h2")]
    assert headings.index("Key judgements") == 0 and headings.index("What changed") > headings.index("Themes")


def test_unreleased_changes_are_shown_apart_and_counted_on_the_home_page(site):
    edit(site, THEME, "confidence: moderate", "confidence: high")
    assert site.briefing("build").returncode == 0
    changes_page = soup(site, "changes")
    assert changes_page.select("article h2")[0]["id"] == "unreleased"
    assert changes_page.find(id="unreleased-theme-bridge").get_text() == "“The bridge”: confidence raised: moderate → high."
    link = soup(site, "").select_one(".bf-whats-new a[href='changes/#unreleased']")
    assert link.get_text() == "1 item changed since, not yet in a release"


def test_a_removed_item_is_named_without_a_link(released):
    text = released.read(DISCREPANCIES)
    released.write(DISCREPANCIES, "discrepancies: []\n", dedent=False)
    edit(released, BRIEFING, 'as_of: "2025-03-05"', 'as_of: "2025-03-06"')
    assert release(released, "Third release: the workers question is settled.", "2025-03-07").returncode == 0
    assert released.briefing("build").returncode == 0
    page = soup(released, "changes")
    gone = page.find(id="release-3-discrepancy-workers")
    assert gone.get_text() == "“How many workers are needed?”: closed (removed)." and gone.a is None
    # The earlier change of the same discrepancy no longer links to a place that is gone.
    assert page.find(id="release-2-discrepancy-workers").a is None
    assert text  # the file was there before


def test_the_feed_has_one_entry_per_release_with_stable_ids(site):
    feed = ElementTree.parse(site.root / "site/feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Release 2, 6 March 2025", "Release 1, 2 March 2025"]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == ["2025-03-06T00:00:00Z", "2025-03-02T00:00:00Z"]
    assert feed.findtext(f"{ATOM}updated") == "2025-03-06T00:00:00Z"
    summary = entries[0].findtext(f"{ATOM}summary")
    assert summary.startswith("Second release.\n\n3 items changed:\n")
    assert "Key judgement “The two countries agreed to build a bridge”: confidence lowered: moderate → low." in summary
    assert "Published with 1 key judgement" in entries[1].findtext(f"{ATOM}summary")
    # The content is the changes page's entry, word differences included, as HTML.
    content = entries[0].find(f"{ATOM}content")
    assert content.get("type") == "html"
    html = BeautifulSoup(content.text, "html.parser")
    assert html.select_one(".bf-release-note").get_text() == "Second release."
    assert [t.get_text() for t in html.select(".bf-diff del, .bf-diff ins")] == ["planned", "expected"]
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == ["changes/#release-2", "changes/#release-1"]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 2 and all(i.startswith("urn:uuid:") for i in ids)
    # A third release adds an entry; the ids of the first two stay as they were.
    edit(site, THEME, "confidence: moderate", "confidence: high")
    edit(site, BRIEFING, 'as_of: "2025-03-05"', 'as_of: "2025-03-08"')
    assert release(site, "Third release.", "2025-03-08").returncode == 0
    assert site.briefing("build").returncode == 0
    later = ElementTree.parse(site.root / "site/feed.xml").getroot().findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in later][1:] == ids and len(later) == 3


def test_without_a_release_the_feed_keeps_an_entry_per_theme_and_source(project):
    assert project.briefing("build").returncode == 0
    entries = ElementTree.parse(project.root / "site/feed.xml").getroot().findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["The bridge", "Source: Example Talks Make Progress"]
    assert "No release has been recorded yet." in soup(project, "changes").get_text()
    assert soup(project, "").select(".bf-history, .bf-whats-new") == []
    assert json.loads(project.read("site/briefing.json"))["releases"] == []


def test_briefing_json_carries_the_release_history(site):
    data = json.loads(site.read("site/briefing.json"))
    assert [(r["number"], r["released"], r["as_of"], r["note"]) for r in data["releases"]] == [
        (1, "2025-03-02", "2025-03-01", "First release."), (2, "2025-03-06", "2025-03-05", "Second release.")]
    assert data["releases"][0]["published"]["claims"] == 3 and data["releases"][0]["changes"] == []
    moved = [c for c in data["releases"][1]["changes"] if c["kind"] == "discrepancy"]
    assert moved == [{"kind": "discrepancy", "action": "values", "id": "workers", "subject": "“How many workers are needed?”",
                      "words": "the figure from Example Wire moved from 5,000 workers to 6,000 workers",
                      "url_on_site": "discrepancies/#discrepancy-workers"}]
    reworded = [c for c in data["releases"][1]["changes"] if c["kind"] == "theme"]
    assert [(c["before"], c["after"], c["word_diff"]) for c in reworded] == [(
        "A bridge is planned, by one account within two years [@example-talks#bridge-agreed; @example-talks#berg-two-years].",
        "A bridge is expected, by one account within two years [@example-talks#bridge-agreed; @example-talks#berg-two-years].",
        "A bridge is [-planned-]{+expected+}, by one account within two years.")]
    assert data["unreleased_changes"] == []


def test_content_may_link_to_a_release_that_exists(released):
    edit(released, THEME, "  - Whether work starts [", "  - Whether work starts, as [release 2](changes/#release-2) says [")
    assert released.problems() == []
    edit(released, THEME, "(changes/#release-2)", "(changes/#release-9)")
    assert released.problems() == ["content/themes/bridge.yaml:14: link to 'changes/#release-9': the page has no anchor "
                                   "'#release-9' (did you mean 'release-2'?)"]


def test_the_pages_with_releases_are_valid_html(site):
    from html_validator import validate

    pages = [site.root / "site" / url / "index.html" for url in ("", "changes", "themes/bridge", "sources/example-talks")]
    assert validate(pages) == []


def test_after_the_first_release_the_home_page_names_it(project):
    assert release(project, "First release: one source.", "2025-03-02").returncode == 0
    assert project.briefing("build").returncode == 0
    line = soup(project, "").select_one(".bf-whats-new")
    assert " ".join(line.get_text().split()) == "Release 1, 2 March 2025, with the briefing as of 1 March 2025: the " \
                                                "first release. First release: one source. All releases"
    assert line.a["href"] == "changes/"


def test_an_early_release_without_its_day_is_shown_without_a_date(released):
    """Releases of format 1 recorded neither the day of release nor source summaries: nothing is made up."""
    for relpath in (FIRST, SECOND):
        data = json.loads(released.read(relpath))
        del data["released"]
        data["format"] = 1
        for source in data["snapshot"]["sources"].values():
            del source["summary"]
        released.write(relpath, releases.text(data["number"], releases.m.PartialDate.parse(data["as_of"]),
                                              data["note"], data["snapshot"]).replace('"format": 2', '"format": 1'),
                       dedent=False)
    assert released.problems() == []
    assert released.briefing("build").returncode == 0
    page = soup(released, "changes")
    assert [h.get_text().replace("¶", "").strip() for h in page.select("article h2")] == ["Release 2", "Release 1"]
    assert page.select_one(".bf-release-when").get_text() == "With the briefing as of 5 March 2025."
    theme = soup(released, "themes/bridge").select_one(".bf-bottom-line .bf-history")
    assert " ".join(theme.get_text().split()) == "First published in release 1 · Updated in release 2"
    # A source's summary edited since is not reported against a release that did not record summaries.
    edit(released, "content/sources/example-talks.yaml", "summary: Ministers met", "summary: The ministers met")
    assert released.briefing("build").returncode == 0
    assert soup(released, "changes").find(id="unreleased") is None


def test_notes_and_changed_texts_are_shown_as_text_everywhere(project):
    payload = '<script>alert("x")</script> & [link](javascript:alert(1))'
    assert release(project, f"First release {payload}").returncode == 0
    edit(project, THEME, "title: The bridge", f"title: '{payload}'")
    edit(project, THEME, "A bridge is planned,", "A bridge & 'x' <3 is planned,")
    assert release(project, f"Second {payload}").returncode == 0
    assert project.briefing("build").returncode == 0
    page = soup(project, "changes")
    assert page.find("script", string=re.compile("alert")) is None
    assert not [a for a in page.find_all("a") if a.get("href", "").startswith("javascript")]
    assert page.select_one(".bf-release-note").get_text() == f"Second {payload}"
    line = page.find(id="release-2-theme-bridge")
    assert line.a.get_text() == f"“{payload}”"
    assert line.select_one("li").get_text() == "renamed from “The bridge”."
    assert line.select_one(".bf-diff ins").get_text() == "& 'x' <3 "
    entries = ElementTree.parse(project.root / "site/feed.xml").getroot().findall(f"{ATOM}entry")
    assert entries[0].findtext(f"{ATOM}summary").startswith(f"Second {payload}\n")
    content = BeautifulSoup(entries[0].findtext(f"{ATOM}content"), "html.parser")
    assert content.find("script") is None and content.select_one(".bf-diff ins").get_text() == "& 'x' <3 "
    assert json.loads(project.read("site/briefing.json"))["releases"][1]["note"] == f"Second {payload}"


# -- any damage to a release file ends in located errors, never in an exception --------------------

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st  # noqa: E402

from builder.releases import changes
from builder.pages import history  # noqa: E402
from builder.model.diagnostics import Diagnostic  # noqa: E402

JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                           max_leaves=6)


def _paths(value, path=()):
    """Every place in a JSON value: (path to it)."""
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _paths(child, (*path, i))


@pytest.fixture(scope="module")
def release_file(tmp_path_factory) -> tuple[dict, Path]:
    project = make_project(tmp_path_factory.mktemp("damage") / "proj")
    assert release(project, "First release.").returncode == 0
    path = project.root / FIRST
    return json.loads(path.read_text(encoding="utf-8")), path


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damaged_value_is_reported_at_a_line_or_read_safely(release_file, data, tmp_path_factory):
    original, path = release_file
    damaged = json.loads(json.dumps(original))
    where = data.draw(st.sampled_from(list(_paths(damaged))[1:]))
    parent = damaged
    for key in where[:-1]:
        parent = parent[key]
    if data.draw(st.booleans()):
        parent[where[-1]] = data.draw(JSON_VALUES)
    elif isinstance(parent, dict):
        del parent[where[-1]]
    else:
        parent.pop(where[-1])
    folder = tmp_path_factory.mktemp("file")
    target = folder / "0001.json"
    target.write_text(json.dumps(damaged, sort_keys=True, indent=2), encoding="utf-8")
    errors: list[Diagnostic] = []
    read = release_files.read_file(target, "content/releases/0001.json", errors)
    if read is None:
        assert errors and all(e.line >= 1 and len(str(e).splitlines()) == 1 for e in errors), errors
    else:
        # What the check lets through, the diff and the site's views can use.
        assert errors == []
        for old, new in ((original["snapshot"], read.snapshot), (read.snapshot, original["snapshot"])):
            for change in changes.diff(old, new):
                assert change.sentence
        assert history.published_words(read.snapshot)
