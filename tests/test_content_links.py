"""Links written in content to pages of the site: checked where they are written, rewritten for each page they are on.

Content writes such a link from the site root (`[the figures](discrepancies/#discrepancy-workers)`),
because one text can appear on several pages. A link to a page or an anchor
that does not exist, or written relative to one page, is an error at its
file and line, with a hint. (That every such link works in the built site,
with and without directory URLs, is in test_links_resolve.py.)
"""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from builder.pages import prepare as build
from builder.model import settings
from builder.model import urls
from conftest import Project, make_project

THEME = "content/themes/bridge.yaml"
PARAGRAPH = "Officials estimate 5,000 workers [@example-talks#workers-5000]."
LINE = 13  # the line the link is written on: the second line of the section's second paragraph

ROOT_FORM = "like 'discrepancies/#discrepancy-<id>' or 'themes/<id>/'"

BAD_LINKS = [
    ("nowhere/", " leads to no page of this site", f"write the address from the site's root, {ROOT_FORM}"),
    ("themes/bridges/", ": there is no theme 'bridges'", "did you mean 'bridge'?"),
    ("sources/example-talk/#claim-workers-5000", ": there is no source 'example-talk'",
     "did you mean 'example-talks'?"),
    ("entities/zend/", ": there is no entity 'zend'", "did you mean 'zenda'?"),
    ("discrepancies/#discrepancy-worker", ": the page has no anchor '#discrepancy-worker'",
     "did you mean 'discrepancy-workers'?"),
    ("sources/example-talks/#claim-workers", ": the page has no anchor '#claim-workers'",
     "did you mean 'claim-workers-5000'?"),
    ("timeline/#event-ministers", ": the page has no anchor '#event-ministers'",
     "anchors on that page start 'event-'"),
    ("themes/bridge/#the-agreement", ": the page has no anchor '#the-agreement'", "that page has no anchors to link to"),
    ("../discrepancies/#discrepancy-workers", " is relative to one page, but a text can appear on several",
     "write the address from the site's root: 'discrepancies/#discrepancy-workers'"),
    ("./themes/nowhere/", " is relative to one page, but a text can appear on several",
     f"write the address from the site's root, {ROOT_FORM}"),
    # Written after a full stop on the line before: reported at its own line, not at the first '.' of the text.
    (".", " is relative to one page, but a text can appear on several", f"write the address from the site's root, {ROOT_FORM}"),
    ("#discrepancy-workers", " names an anchor but no page",
     "write the page too: 'discrepancies/#discrepancy-workers'"),
    ("#claim-workers-5000", " names an anchor but no page",
     "write the page too: 'sources/example-talks/#claim-workers-5000'"),
    ("#judgement-bridge-planned", " names an anchor but no page",
     "write the page too: 'index.html#judgement-bridge-planned'"),
    ("#top", " names an anchor but no page", f"write the page too, {ROOT_FORM}"),
]

GOOD_LINKS = ["discrepancies/#discrepancy-workers", "sources/example-talks/#claim-workers-5000", "themes/bridge/",
              "entities/zenda/", "timeline/#event-2025-02", "index.html#judgement-bridge-planned", "sources/",
              "themes/", "entities/", "sourcing/", "methodology/", "briefing.json", "feed.xml"]


@pytest.fixture(scope="module")
def locked(tmp_path_factory) -> Project:
    return make_project(tmp_path_factory.mktemp("links") / "base")


@pytest.fixture
def project(locked, tmp_path) -> Project:
    """The conftest project, copied from one locked once for this module (locking is a process each time)."""
    shutil.copytree(locked.root, tmp_path / "proj")
    return Project(tmp_path / "proj")


def link_in_section(project, address: str) -> None:
    text = project.read(THEME)
    assert text.count(PARAGRAPH) == 1
    project.write(THEME, text.replace(PARAGRAPH, f"{PARAGRAPH[:-1]};\n      see [the figures]({address})."),
                  dedent=False)
    assert project.read(THEME).splitlines()[LINE - 1].strip().startswith("see [the figures]")


@pytest.mark.parametrize("address,message,hint", BAD_LINKS, ids=[a for a, _, _ in BAD_LINKS])
def test_a_content_link_to_no_page_or_anchor_of_the_site_is_an_error_at_its_line(project, address, message, hint):
    link_in_section(project, address)
    assert project.problems() == [f"{THEME}:{LINE}: link to '{address}'{message} ({hint})"]


@pytest.mark.parametrize("address", GOOD_LINKS)
def test_a_content_link_to_a_page_or_anchor_of_the_site_checks(project, address):
    link_in_section(project, address)
    assert project.problems() == []


def test_briefing_check_and_build_stop_on_a_bad_content_link(project):
    assert project.briefing("build").returncode == 0
    link_in_section(project, "discrepancies/#discrepancy-worker")
    expected = (f"{THEME}:{LINE}: link to 'discrepancies/#discrepancy-worker': the page has no anchor "
                "'#discrepancy-worker' (did you mean 'discrepancy-workers'?)")
    for command in ("check", "build"):
        result = project.briefing(command)
        assert result.returncode == 1
        assert expected in result.stderr.splitlines(), result.stderr


@pytest.mark.parametrize("directory_urls,on_theme,on_index", [
    (True, "../../discrepancies/#discrepancy-workers", "../discrepancies/#discrepancy-workers"),
    (False, "../discrepancies.html#discrepancy-workers", "../discrepancies.html#discrepancy-workers"),
])
def test_a_link_in_a_bottom_line_is_rewritten_for_each_page_that_shows_it(project, directory_urls, on_theme,
                                                                          on_index):
    text = project.read(THEME).replace("within two years [@",
                                       "within two years ([figures](discrepancies/#discrepancy-workers)) [@")
    project.write(THEME, text, dedent=False)
    prepared = build.prepare(settings.Settings(project.root, use_directory_urls=directory_urls))
    hrefs = {}
    for kind, item_id in ((urls.THEME, "bridge"), (urls.THEMES, None)):
        soup = BeautifulSoup(prepared.texts[urls.page_file(kind, item_id)], "html.parser")
        (link,) = [a for a in soup.find_all("a") if a.get_text() == "figures"]
        hrefs[kind] = link["href"]
    assert hrefs == {urls.THEME: on_theme, urls.THEMES: on_index}


def test_a_link_to_the_site_written_with_markdown_escapes_is_checked_and_rewritten_as_it_reads(project):
    # `\-` and `\#` are Markdown escapes: the address is the text as it reads, 'sources/example-talks/#claim-...'.
    text = project.read(THEME).replace("within two years [@",
                                       r"within two years ([the talks](sources/example\-talks/\#claim-workers\-5000)) [@")
    project.write(THEME, text, dedent=False)
    assert project.problems() == []
    prepared = build.prepare(settings.Settings(project.root, use_directory_urls=True))
    soup = BeautifulSoup(prepared.texts[urls.page_file(urls.THEME, "bridge")], "html.parser")
    (link,) = [a for a in soup.find_all("a") if a.get_text() == "the talks"]
    assert link["href"] == "../../sources/example-talks/#claim-workers-5000"


def test_an_address_that_opens_a_text_is_reported_at_the_line_it_opens(project):
    """A link written as `<address>` at the very start of a section's body is reported at that first line, not
    at a later reference definition that repeats its address."""
    text = project.read(THEME)
    first = "The ministers agreed in Zenda [@example-talks#bridge-agreed]."
    assert text.count(PARAGRAPH) == 1 and text.count(first) == 1
    project.write(THEME, text.replace(first, f"<ftp://example.org/minutes> {first}")
                  .replace(PARAGRAPH, f"{PARAGRAPH}\n      [minutes]: ftp://example.org/minutes"), dedent=False)
    opening = project.read(THEME).splitlines().index("      <ftp://example.org/minutes> " + first) + 1
    assert sorted(project.problems()) == [
        f"{THEME}:{opening}: link to 'ftp://example.org/minutes' is not allowed: links may only go to http://, "
        "https://, mailto: or a page of this site",
        f"{THEME}:{opening}: raw HTML is not allowed in 'body' (use Markdown: *emphasis*, [text](https://...))"]
