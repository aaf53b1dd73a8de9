"""The references pass (builder/pages/references.py): every citation numbered once per page, before any template.

The conftest project, with a second theme listed first, a timeline written out of date order, a
discrepancy note and a source summary and key point that cite: each page's reference list is what
walking its texts in the page's order gives, and a template prints the numbers it is given, in
whatever order it shows the texts.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from builder.checks import rules as checks
from builder.model import settings, urls
from builder.model.diagnostics import Problems
from builder.pages import prepare as build
from builder.pages import references
from builder.pages import site as pages_mod
from conftest import edit

COSTS = """\
    title: Costs
    order: 0
    bottom_line: About 5,000 workers [@example-talks#workers-5000].
    confidence: low
    confidence_reason: One estimate.
    sections:
      - heading: Workforce
        body: |
          Officials estimate the workforce [@example-talks#workers-5000; @example-talks#bridge-agreed].
    """

TALKS, BRIDGE, BERG, WORKERS = ("example-talks", "example-talks#bridge-agreed", "example-talks#berg-two-years",
                                "example-talks#workers-5000")


@pytest.fixture
def cited(project):
    """The conftest project, citing from every kind of text a page numbers."""
    project.write("content/themes/costs.yaml", COSTS)
    project.write("content/timeline.yaml", """\
        events:
          - date: "2025-02"
            text: Ministers meet in Zenda [@example-talks#bridge-agreed].
          - date: "2024-12"
            text: Berg names a date [@example-talks#berg-two-years].
        """)
    project.write("content/discrepancies.yaml", project.read("content/discrepancies.yaml").rstrip("\n")
                  + "\n    note: Berg gave no figure [@example-talks#berg-two-years].\n", dedent=False)
    edit(project, "content/sources/example-talks.yaml", "summary: Ministers met in Zenda and agreed to build a bridge.",
         "summary: Ministers met in Zenda [@example-talks#workers-5000].")
    edit(project, "content/sources/example-talks.yaml", "  - A bridge is planned.",
         "  - A bridge is planned [@example-talks#bridge-agreed].")
    return project


def _resolved(project):
    model, xref, checked = checks.load_and_check(project.root)
    site = pages_mod.Site(model, xref, checked.sourcing, urls.Addresses(True))
    return site, references.resolve(model, xref, site.views)


def _listed(refs: references.PageReferences) -> list[tuple[int, str, str]]:
    return [(entry.number, entry.anchor, (entry.claim.key if entry.claim else entry.source.id)) for entry in refs.entries]


def test_each_page_numbers_the_keys_its_texts_cite_in_the_order_it_shows_them(cited):
    _, found = _resolved(cited)
    numbered = {uri: [key for _, _, key in _listed(refs)] for uri, refs in found.items()}
    assert numbered == {
        "index.md": [TALKS, BRIDGE],  # the description cites the whole source; then the key judgement
        "themes/index.md": [WORKERS, BRIDGE, BERG],  # costs (order 0) before the bridge
        "themes/costs.md": [WORKERS, BRIDGE],
        "themes/bridge.md": [BRIDGE, BERG, WORKERS],  # bottom line, sections, what to watch
        "sources/example-talks.md": [WORKERS, BRIDGE],  # summary, then key points
        "timeline.md": [BERG, BRIDGE],  # in date order, not in the file's
        "discrepancies.md": [WORKERS, BRIDGE, BERG],  # the values, then the note
        "print.md": [TALKS, BRIDGE, WORKERS, BERG],  # one list for the whole document
    }
    assert _listed(found["timeline.md"]) == [(1, "ref-1", BERG), (2, "ref-2", BRIDGE)]


def test_an_entry_holds_its_source_claim_and_address_and_is_found_by_its_key(cited):
    site, found = _resolved(cited)
    home = found["index.md"]
    whole, claim = home.entries
    assert (whole.source, whole.claim, whole.url) == (site.views.sources[TALKS], None, "sources/example-talks/")
    assert (claim.source, claim.claim) == (site.views.sources[TALKS], site.views.claims[BRIDGE])
    assert claim.url == "sources/example-talks/#claim-bridge-agreed"
    assert home.entry(BRIDGE) is claim and home.entry(TALKS) is whole
    assert home.by_key == {TALKS: whole, BRIDGE: claim}
    assert home and not references.NONE and references.NONE.entries == ()


def test_pages_citing_nothing_have_no_reference_list(project):
    project.write("content/discrepancies.yaml", "discrepancies: []\n")
    _, found = _resolved(project)
    assert "discrepancies.md" not in found and "sources/example-talks.md" not in found
    assert "entities/index.md" not in found and "sources/index.md" not in found


def test_a_key_cited_again_keeps_its_number(project):
    site, _ = _resolved(project)
    refs = references.number(["[@example-talks#berg-two-years; @example-talks#berg-two-years]",
                              "[@example-talks#berg-two-years; @example-talks] [@example-talks#berg-two-years]", "",
                              "No citation."], site.xref, site.views)
    assert _listed(refs) == [(1, "ref-1", BERG), (2, "ref-2", TALKS)]


@pytest.mark.parametrize("text, key", [("[@nowhere#c1]", "nowhere#c1"), ("[@example-talks#nothing]", "example-talks#nothing"),
                                       ("[@nowhere]", "nowhere")])
def test_a_citation_the_checks_would_have_reported_stops_the_pass(project, text, key):
    site, _ = _resolved(project)
    with pytest.raises(references.Unresolved) as raised:
        references.number([f"Text {text}."], site.xref, site.views)
    assert str(raised.value) == f"'[@{key}]' names no source or claim of the briefing, and the checks let it through"


def test_an_unknown_citation_is_the_checks_diagnostic_at_its_line_not_a_rendering_error(project):
    edit(project, "content/themes/bridge.yaml", "[@example-talks#workers-5000]", "[@example-talks#workers-9000]")
    with pytest.raises(Problems) as raised:
        build.prepare(settings.read(project.root))
    assert [str(e) for e in raised.value.errors] == [
        "content/themes/bridge.yaml:12: citation to unknown claim 'workers-9000' of source 'example-talks' "
        "(did you mean 'workers-5000'?)"]


def test_a_template_prints_the_numbers_it_is_given_whatever_order_it_shows_the_texts_in(project):
    # What to watch shown first: its citation keeps the number the pass gave it (2), it does not take 1.
    template = project.read("templates/theme.md.j2")
    project.write("templates/theme.md.j2", template.replace("<div class=\"bf-bottom-line\">", "<ul class=\"bf-first\">"
                  "{% for item in theme.watch_next %}<li>{{ item | md_inline }}</li>{% endfor %}</ul>\n"
                  "<div class=\"bf-bottom-line\">", 1), dedent=False)
    html = BeautifulSoup(build.prepare(settings.read(project.root)).texts["themes/bridge.md"], "html.parser")
    assert [a.get_text() for a in html.select("a.bf-cite")] == ["2", "1", "2", "1", "3", "2"]
    assert [li["id"] for li in html.select("ol.bf-references > li")] == ["ref-1", "ref-2", "ref-3"]


def test_a_template_citing_from_a_text_its_page_does_not_number_is_an_error_naming_it(project):
    template = project.read("templates/entity.md.j2")
    project.write("templates/entity.md.j2", template + "{{ 'Said so [@example-talks#bridge-agreed].' | md }}\n",
                  dedent=False)
    with pytest.raises(Problems) as raised:
        build.prepare(settings.read(project.root))
    messages = {str(e) for e in raised.value.errors}
    assert "templates/entity.md.j2:" in min(messages)
    assert all("'[@example-talks#bridge-agreed]' is cited in a text this page does not show with its citations "
               "(references.cited_texts lists the texts each kind of page numbers)" in message for message in messages)
    assert len(messages) == 4  # each entity's page
