"""Citations render as numbered links to the claim, with a reference list at the end of the page."""

from __future__ import annotations

from bs4 import BeautifulSoup

from builder.pages import prepare as build
from builder.model import citations
from builder.model import settings
from builder.model import urls


def test_citation_groups_are_parsed_with_their_keys():
    groups, problems = citations.parse("A [@a#c1; @b#c4] and [@c].")
    assert problems == []
    assert [[c.key for c in g.citations] for g in groups] == [["a#c1", "b#c4"], ["c"]]


def test_relative_urls_work_from_any_page_depth():
    assert urls.relative("themes/x/", "sources/y/#claim-z") == "../../sources/y/#claim-z"
    assert urls.relative("", "sources/y/") == "sources/y/"
    assert urls.relative("timeline/", "") == "../"
    assert urls.relative("sources/y/", "sources/y/#claim-z") == "#claim-z"


def test_theme_page_numbers_citations_in_order_and_reuses_numbers(project):
    prepared = build.prepare(settings.read(project.root))
    html = BeautifulSoup(prepared.texts["themes/bridge.md"], "html.parser")
    numbers = [a.get_text() for a in html.select("a.bf-cite")]
    assert numbers == ["1", "2", "1", "3", "2"]
    first = html.select_one("a.bf-cite")
    assert first["href"] == "../../sources/example-talks/#claim-bridge-agreed"
    refs = html.select("ol.bf-references > li")
    assert [li["id"] for li in refs] == ["ref-1", "ref-2", "ref-3"]
    assert "Example Wire" in refs[0].get_text()
    assert "February 2025" in refs[0].get_text()
    assert "Statement" in refs[1].get_text()
    assert refs[1].select_one("q").get_text() == '"We will finish the bridge in two years," said Minister Anna Berg.'


def test_numbers_in_a_cluster_are_shown_in_order_each_once(project):
    """A cluster citing claims already numbered on the page lists them by number, not as written (issue 32)."""
    text = project.read("content/themes/bridge.yaml").replace(
        "Whether work starts [@example-talks#berg-two-years].",
        "Whether work starts [@example-talks#workers-5000; @example-talks#berg-two-years; @example-talks#bridge-agreed; "
        "@example-talks#berg-two-years].")
    project.write("content/themes/bridge.yaml", text, dedent=False)
    html = BeautifulSoup(build.prepare(settings.read(project.root)).texts["themes/bridge.md"], "html.parser")
    cluster = html.select("ul.bf-watch sup.bf-cites")[0]
    assert [a.get_text() for a in cluster.select("a.bf-cite")] == ["1", "2", "3"]
    assert cluster.get_text() == "[1, 2, 3]"
    # the reference list keeps the order of first citation on the page
    assert [li["id"] for li in html.select("ol.bf-references > li")] == ["ref-1", "ref-2", "ref-3"]


def test_plain_text_fields_are_shown_literally_not_interpreted(project):
    title = "The <b>bridge</b> [x](javascript:alert(1)) *now*"
    text = project.read("content/themes/bridge.yaml").replace("title: The bridge", f"title: '{title}'")
    project.write("content/themes/bridge.yaml", text, dedent=False)
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    html = BeautifulSoup(project.html("themes/bridge"), "html.parser")
    h1 = html.select_one("article h1")
    assert h1.get_text().replace("\u00b6", "").strip() == title
    assert h1.find("b") is None and h1.find("em") is None
    assert not [a for a in html.find_all("a") if a.get("href", "").startswith("javascript")]


def test_two_paragraph_timeline_text_keeps_both_paragraphs(project):
    project.write("content/timeline.yaml", '''\
        events:
          - date: "2025-02"
            text: |
              Ministers meet [@example-talks#bridge-agreed].

              They talk again [@example-talks#berg-two-years].
        ''')
    assert project.briefing("build").returncode == 0
    event = BeautifulSoup(project.html("timeline"), "html.parser").select_one(".bf-event-text")
    assert [p.get_text() for p in event.find_all("p")] == ["Ministers meet [1].", "They talk again [2]."]


def test_a_source_cited_by_the_briefing_description_names_the_home_page(project):
    assert project.briefing("build").returncode == 0
    source = BeautifulSoup(project.html("sources/example-talks"), "html.parser")
    cited_in = [li.get_text(" ", strip=True) for li in source.select("ul.bf-backlinks li")]
    assert "Home (briefing description)" in cited_in
    assert not any("Discrepancies" in c for c in cited_in if "description" in c)


def test_a_phrase_shown_again_with_equal_values_of_another_type_is_formatted_for_that_type():
    import jinja2
    from markupsafe import Markup

    from builder.model.language import ENGLISH
    from builder.pages.phrases import install_gettext

    env = jinja2.Environment(autoescape=True)
    install_gettext(env, ENGLISH)
    page = env.from_string('{{ _("Said: %(what)s", what=what) }}|{{ pgettext("a count", "%(n)s seen", n=n) }}')
    shown = [page.render(what=what, n=n) for what, n in (("<b>bold</b>", 1), (Markup("<b>bold</b>"), True),
                                                          ("<b>bold</b>", 1), (["<i>"], 0.0), (["<i>"], -0.0))]
    # Text is escaped, Markup is not, whichever came first; True is not 1, nor -0.0 0.0.
    assert shown == ["Said: &lt;b&gt;bold&lt;/b&gt;|1 seen", "Said: <b>bold</b>|True seen",
                     "Said: &lt;b&gt;bold&lt;/b&gt;|1 seen", "Said: [&#39;&lt;i&gt;&#39;]|0.0 seen",
                     "Said: [&#39;&lt;i&gt;&#39;]|-0.0 seen"]
