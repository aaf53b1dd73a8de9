"""A source page opens with a compact card, then the summary: who, when, what kind, how reliable, where, which text."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from builder.model import load


def test_the_card_says_everything_about_the_source_in_a_few_lines_before_the_summary(project):
    assert project.briefing("build").returncode == 0
    source = load.load(project.root).sources["example-talks"]
    lock = json.loads(project.read("content/quotes.lock"))
    article = BeautifulSoup(project.html("sources/example-talks/"), "html.parser").find("article")
    card = article.select_one(".bf-source-card")
    assert card is not None and card.find_next("h2").get_text(strip=True).startswith("Summary")
    assert card.find_previous("h1") is not None and not card.find_previous("h2"), "the card comes before any section"
    text = card.get_text(" ", strip=True)
    for shown in (source.outlet, "Author unknown", "February 2025", "(known to the month)", "Wire copy",
                  f"Reliability: {source.reliability.grade}", "not known"):
        assert shown in text, (shown, text)
    assert card.select_one("code.bf-hash").get_text() == lock["archives"][source.archive]
    assert len(card.select(".bf-card-line")) <= 4
    assert article.find("dl", class_="bf-source-facts") is None


def test_how_the_date_was_worked_out_is_behind_a_disclosure(project):
    assert project.briefing("build").returncode == 0
    source = load.load(project.root).sources["example-talks"]
    card = BeautifulSoup(project.html("sources/example-talks/"), "html.parser").select_one(".bf-source-card")
    details = card.find("details")
    assert details is not None and not details.has_attr("open")
    assert details.summary.get_text(strip=True) == "How the date was worked out"
    assert " ".join(details.select_one(".bf-inferred").get_text().split()) == " ".join(source.published.inferred.split())


def test_a_source_dated_to_the_day_with_an_address_has_no_disclosure_and_links_its_address(project):
    text = project.read("content/sources/example-talks.yaml").replace(
        'date: "2025-02"\n  inferred: The page says "on Monday"; the month comes from the archive\'s metadata.',
        'date: "2025-02-03"').replace("kind: wire-copy", "kind: wire-copy\nurl: https://wire.example.org/talks")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    assert project.briefing("build").returncode == 0
    card = BeautifulSoup(project.html("sources/example-talks/"), "html.parser").select_one(".bf-source-card")
    assert card.find("details") is None
    assert card.select_one("time")["datetime"] == "2025-02-03"
    assert card.select_one("a.bf-source-url")["href"] == "https://wire.example.org/talks"
