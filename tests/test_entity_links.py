"""Entity names in theme text link to the entity's page: first mention per block, never inside a link."""

from __future__ import annotations

from bs4 import BeautifulSoup

from builder.model import urls
from builder.pages.mentions import Mentions, link_mentions
from builder.model.items import Entity
import pytest

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

ENTITIES = [
    Entity(id="zenda", name="Zenda", kind="place", role="A town."),
    Entity(id="zenda-officials", name="Officials in Zenda", kind="group", role="Officials."),
    Entity(id="anna-berg", name="Anna Berg", kind="person", role="A minister.", aliases=("Minister Berg",)),
    Entity(id="att", name="AT&T", kind="organisation", role="A company."),
]
NAMES = Mentions(ENTITIES, html=True)


def link_entities(html: str, names: Mentions, page_url: str) -> str:
    return link_mentions(html, names, lambda entity_id: urls.relative(page_url, urls.Addresses().entity(entity_id)))


def links(html: str) -> list[tuple[str, str]]:
    return [(a.get_text(), a["href"]) for a in BeautifulSoup(html, "html.parser").find_all("a", class_="bf-entity")]


def test_the_first_mention_of_each_entity_links_to_its_page_relative_to_the_page():
    html = link_entities("<p>Zenda agreed. Later Zenda said no. Anna Berg spoke.</p>", NAMES, "themes/bridge/")
    assert links(html) == [("Zenda", "../../entities/zenda/"), ("Anna Berg", "../../entities/anna-berg/")]
    assert html.count("Zenda") == 2, "the later mention stays plain text"


def test_the_longest_name_wins_so_a_group_is_not_mistaken_for_its_town():
    html = link_entities("<p>Officials in Zenda estimate 5,000.</p>", NAMES, "themes/bridge/")
    assert links(html) == [("Officials in Zenda", "../../entities/zenda-officials/")]


def test_an_alias_links_to_the_entity_it_belongs_to():
    assert links(link_entities("<p>Minister Berg spoke.</p>", NAMES, "")) == [("Minister Berg", "entities/anna-berg/")]


def test_names_inside_links_citations_code_and_headings_are_left_alone():
    html = ('<h3>Zenda</h3><p><a href="x">Zenda</a> <code>Zenda</code> '
            '<sup class="bf-cites">[<a class="bf-cite" href="s">Zenda</a>]</sup> and then Zenda.</p>')
    out = link_entities(html, NAMES, "themes/t/")
    assert links(out) == [("Zenda", "../../entities/zenda/")]
    assert out.endswith("and then <a class=\"bf-entity\" href=\"../../entities/zenda/\">Zenda</a>.</p>")


def test_only_whole_words_match():
    assert links(link_entities("<p>Zendaville and AntiZenda.</p>", NAMES, "")) == []


def test_names_with_html_special_characters_match_their_escaped_form():
    assert links(link_entities("<p>AT&amp;T bid.</p>", NAMES, "")) == [("AT&T", "entities/att/")]


def test_attributes_are_never_rewritten():
    html = '<p><img alt="Zenda" src="z.png"> text</p>'
    assert link_entities(html, NAMES, "") == html


def test_theme_pages_link_entities_and_other_pages_do_not(project):
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    theme = BeautifulSoup(project.html("themes/bridge/"), "html.parser").find("article")
    found = [(a.get_text(), a["href"]) for a in theme.find_all("a", class_="bf-entity")]
    assert ("Zenda", "../../entities/zenda/") in found
    source = BeautifulSoup(project.html("sources/example-talks/"), "html.parser").find("article")
    assert "Zenda" in source.get_text() and source.find("a", class_="bf-entity") is None


def test_entity_and_source_pages_link_back_to_the_themes_that_cite_them(project):
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    for url in ("entities/zenda/", "sources/example-talks/"):
        article = BeautifulSoup(project.html(url), "html.parser").find("article")
        backlinks = [a["href"] for ul in article.select("ul.bf-backlinks") for a in ul.find_all("a")]
        assert "../../themes/bridge/" in backlinks, (url, backlinks)


def _theme(project, theme_id: str, names: str) -> None:
    project.write(f"content/themes/{theme_id}.yaml", f"""\
        title: Theme {theme_id}
        bottom_line: {names} [@example-talks#bridge-agreed].
        confidence: low
        sections:
          - heading: First
            body: |
              {names} again [@example-talks#bridge-agreed].

              And {names} once more [@example-talks#berg-two-years].
        """)


def _entity_links(project, url: str) -> list[str]:
    article = BeautifulSoup(project.html(url), "html.parser").find("article")
    return [a.get_text() for a in article.find_all("a", class_="bf-entity")]


def test_an_entity_is_linked_once_per_page_at_its_first_mention_not_once_per_paragraph(project):
    _theme(project, "second", "Anna Berg and Zenda")
    assert project.briefing("build").returncode == 0
    links = _entity_links(project, "themes/second/")
    assert sorted(links) == ["Anna Berg", "Zenda"], links
    article = BeautifulSoup(project.html("themes/second/"), "html.parser").find("article")
    first = article.select_one(".bf-bottom-line a.bf-entity")
    assert first is not None, "the first mention, in the bottom line, carries the link"


def test_names_in_most_themes_are_household_names_and_are_never_linked(project):
    """The rule: an entity named in more than half of the themes, and in at least three, is not linked."""
    for theme_id in ("second", "third"):
        _theme(project, theme_id, "Ruritania")
    _theme(project, "fourth", "Anna Berg and Ruritania")  # Ruritania: in 3 themes of 4 ('bridge' does not name it)
    assert project.briefing("build").returncode == 0
    for theme_id in ("bridge", "second", "third", "fourth"):
        assert "Ruritania" not in _entity_links(project, f"themes/{theme_id}/"), theme_id
    assert _entity_links(project, "themes/fourth/") == ["Anna Berg"]
    assert "Zenda" in _entity_links(project, "themes/bridge/"), "a name in one theme of four is still linked"


def test_with_fewer_than_three_themes_no_name_is_too_common_to_link(project):
    _theme(project, "second", "Ruritania")
    assert project.briefing("build").returncode == 0
    assert "Ruritania" in _entity_links(project, "themes/second/")
