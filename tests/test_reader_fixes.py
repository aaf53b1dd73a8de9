"""Small things a reader noticed: counts in words, titles instead of ids, labels, the page title, search text."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from builder.pages import graph
from builder.model import load
from builder.model import words
from builder.model.items import Source
from conftest import REPO

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only


@pytest.mark.parametrize("n, noun, expected", [
    (0, "source", "0 sources"), (1, "source", "1 source"), (2, "theme", "2 themes"),
    (1, "entity", "1 entity"), (3, "entity", "3 entities"), (2, "discrepancy", "2 discrepancies"),
    (1, "archived text", "1 archived text"), (4, "archived text", "4 archived texts"), (1200, "claim", "1,200 claims"),
])
def test_counts_agree_with_their_number(n, noun, expected):
    assert words.count(n, noun) == expected


def test_the_command_line_counts_in_words(project):
    check = project.briefing("check")
    assert check.returncode == 0, check.stderr
    model = load.load(project.root)
    assert len(model.sources) == 1 and len(model.themes) == 1  # the fixture: one of each
    assert check.stdout.startswith("OK: 1 source, 3 claims, 1 theme;"), check.stdout
    stats = project.briefing("check", "--stats")
    assert "1 source, 3 claims, 1 theme, 1 timeline event, 4 entities, 1 discrepancy" in stats.stdout
    lock = project.briefing("lock")
    assert lock.stdout.startswith("Verified 3 quotes in 1 archived text;"), lock.stdout


def test_pages_count_in_words_and_the_home_page_title_is_said_once(project):
    assert project.briefing("build").returncode == 0
    home = BeautifulSoup(project.html(""), "html.parser")
    title = load.load(project.root).briefing.title
    assert home.title.get_text() == title
    assert "1 source · 1 theme" in home.select_one(".bf-asof").get_text()
    assert "built from 1 published article." in project.html("methodology")
    theme = BeautifulSoup(project.html("themes/bridge"), "html.parser")
    assert theme.title.get_text() == f"The bridge - {title}"


def test_also_stated_by_names_the_other_source_by_its_title(project):
    project.write("archive/other.txt", "Ministers Agree On A Bridge\nThe foreign ministers of Ruritania and "
                                       "Freedonia met in Zenda on Monday, agreeing to build a bridge.\n")
    project.write("content/sources/other.yaml", """\
        title: Ministers Agree On A Bridge
        outlet: Other Post
        author: unknown
        published:
          date: "2025-02-03"
        kind: news-report
        archive: other.txt
        summary: The same meeting.
        claims:
          - id: agreed
            type: reported
            text: The ministers agreed to build a bridge.
            quote: The foreign ministers of Ruritania and Freedonia met in Zenda on Monday, agreeing to build a bridge.
            corroborates: [example-talks#bridge-agreed]
        """)
    assert project.briefing("lock").returncode == 0
    assert project.briefing("build").returncode == 0
    source = BeautifulSoup(project.html("sources/example-talks"), "html.parser")
    line = source.select_one("#claim-bridge-agreed .bf-corroborated")
    assert line.get_text(" ", strip=True) == "Also stated by: Ministers Agree On A Bridge"
    assert line.a["href"] == "../other/#claim-agreed"


def test_the_network_names_sources_by_outlet_or_title_never_by_id():
    sources = [Source(id="a-report", title="First Report", outlet="Daily Wire"),
               Source(id="b-report", title="Second Report", outlet="unknown"),
               Source(id="c-report", title="Third Report", outlet="Same Outlet"),
               Source(id="d-report", title="Fourth Report", outlet="Same Outlet")]
    svg = BeautifulSoup(graph.network_svg(sources, [("a-report", "b-report", 2)]), "html.parser")
    labels = [" ".join(t.stripped_strings) for t in svg.find_all("text")]
    assert [label.removeprefix(s.title).strip() for label, s in zip(labels, sources, strict=False)] == \
        ["Daily Wire", "Second Report", "Third Report", "Fourth Report"]
    assert not any(s.id in str(svg) for s in sources)
    assert svg.find("desc").get_text() == "Daily Wire and Second Report share 2 claims"


def test_the_published_data_leaves_out_the_editors_archive_folder(project):
    assert project.briefing("build").returncode == 0
    data = json.loads(project.html("briefing.json"))
    folder = load.load(project.root).briefing.archive
    assert "archive" not in data["briefing"]
    assert not any(value == folder for value in _strings(data))
    assert data["briefing"]["title"]


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


DATES_AND_ACCOUNTS = """\
    discrepancies:
      - id: when
        question: When did they meet?
        kind: date
        values:
          - label: on Monday
            text: On Monday [@example-talks#bridge-agreed].
          - label: in February
            text: In February [@example-talks#berg-two-years].
      - id: what
        question: What did they agree?
        kind: account
        values:
          - label: a bridge
            text: A bridge [@example-talks#bridge-agreed].
          - text: A timetable [@example-talks#berg-two-years].
    """


def test_every_kind_of_discrepancy_shows_its_labels(project):
    project.write("content/discrepancies.yaml", DATES_AND_ACCOUNTS)
    assert project.briefing("build").returncode == 0
    page = BeautifulSoup(project.html("discrepancies"), "html.parser")
    tables = page.select("table.bf-values")
    rows = [[[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in t.find_all("tr")]
            for t in tables]
    assert rows[0][0] == ["What the source says", "Date given"]
    assert [r[1] for r in rows[0][1:]] == ["on Monday", "in February"]
    assert rows[1][0] == ["What the source says", "In short"]
    assert [r[1] for r in rows[1][1:]] == ["a bridge", ""]


def test_a_number_in_a_discrepancy_of_dates_is_refused(project):
    project.write("content/discrepancies.yaml", DATES_AND_ACCOUNTS.replace("- label: on Monday", "- value: 3\n            label: on Monday"))
    found = project.problems()
    assert any(re.match(r"content/discrepancies.yaml:\d+: discrepancy 'when' is of kind date: 'value' is only for "
                        r"numbers", p) for p in found), found


def _fragments(site) -> dict[str, str]:
    """Pagefind's indexed text of each page, by address."""
    out = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        out[data["url"]] = data["content"]
    return out


def test_search_text_keeps_labels_and_values_apart(project):
    assert project.briefing("build").returncode == 0
    site = project.root / "site"
    glued = []
    for url, content in _fragments(site).items():
        html = BeautifulSoup((site / url.lstrip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")
        body = html.select_one("[data-pagefind-body]")
        pairs = [(dt.get_text(strip=True), dt.find_next_sibling("dd").get_text(strip=True)) for dt in body.find_all("dt")]
        for tr in body.find_all("tr"):
            cells = [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
            pairs += list(zip(cells, cells[1:], strict=False))
        glued += [(url, a, b) for a, b in pairs if a and b and a[-1].isalnum() and (a + b[:12]) in content]
    assert glued == []
    entity = _fragments(site)["/entities/zenda/"]
    assert "Kind Place Role A town." in entity


def test_the_printable_briefing_has_every_part_and_one_reference_list(project):
    assert project.briefing("build").returncode == 0
    model = load.load(project.root)
    article = BeautifulSoup(project.html("print"), "html.parser").find("article")
    headings = [h.get_text(strip=True).rstrip("¶") for h in article.find_all("h2")]
    assert headings == ["Key judgements", *(t.title for t in model.themes_in_order()), "Where the sources disagree",
                        "Timeline", "References"]
    assert len(article.select("ol.bf-references")) == 1
    numbers = [a.get_text() for a in article.select("a.bf-cite")]
    assert numbers[0] == "1" and max(map(int, numbers)) == len(article.select("ol.bf-references > li"))
    assert article.select_one("svg.bf-chart") is not None and article.select_one("svg.bf-overview-chart") is not None
    assert article.find("a", class_="bf-entity") is None


def test_printed_pages_say_the_briefing_its_date_and_its_address(project):
    with open(project.root / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write('\nsite_url: https://example.org/brief/\n')
    assert project.briefing("build").returncode == 0
    css = (project.root / "site" / "assets" / "briefing-print.css").read_text(encoding="utf-8")
    assert '"Example briefing · as of 1 March 2025 · https://example.org/brief/"' in css
    assert 'counter(page) " of " counter(pages)' in css
    home = project.html("")
    assert 'href="assets/briefing-print.css"' in home
    assert 'class="md-header__button md-icon bf-print-link"' in home and 'href="print/"' in home


def test_briefing_pdf_without_chromium_says_how_to_install_it(project):
    result = subprocess.run([sys.executable, "-m", "builder.editor.cli", "pdf"], cwd=project.root, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(REPO),
                                            "BRIEFING_CHROMIUM": str(project.root / "no-such-browser")})
    assert result.returncode == 1
    assert "install Chromium" in result.stderr and "apt-get install chromium" in result.stderr
    assert "Traceback" not in result.stderr and not (project.root / "briefing.pdf").exists()
