"""The semantic diff: each kind of change a reader is told about, from a one-line edit of the fixture.

Every case edits the small `project` briefing, takes the snapshot of the
public model before and after (as a release records it), and compares the
changes.diff of the two with the words a reader would see.
"""

from __future__ import annotations

import itertools
import typing

import pytest

from builder.releases import changes, prose, revisions
from builder.model import load
from builder.model import items as m
from builder.releases import snapshots as releases
from builder.model import release_files
from builder.checks import sourcing
from builder.model import urls
from builder.model.xref import Xref
from builder.pages import history
from conftest import Project, edit

BRIEFING = "content/briefing.yaml"
SRC = "content/sources/example-talks.yaml"
THEME = "content/themes/bridge.yaml"
TIMELINE = "content/timeline.yaml"
ENTITIES = "content/entities.yaml"
DISCREPANCIES = "content/discrepancies.yaml"

SECOND_SOURCE = """\
    title: Bridge Deal Confirmed
    outlet: Strelsau Review
    author: unknown
    published:
      date: "2025-02-20"
    kind: news-report
    archive: second.txt
    summary: A second account of the agreement.
    claims:
      - id: deal-confirmed
        type: reported
        text: The two countries agreed to build a bridge.
        quote: The two countries have agreed to build a bridge.
        corroborates: [example-talks#bridge-agreed]
    """


def snapshot_of(project: Project) -> dict:
    model = load.load(project.root)
    return releases.snapshot(model, sourcing.collect(model, Xref(model)))


def changed(project: Project, *edits: tuple[str, str, str]) -> list[changes.Change]:
    before = snapshot_of(project)
    for relpath, old, new in edits:
        edit(project, relpath, old, new)
    return changes.diff(before, snapshot_of(project))


def sentences(found: list[changes.Change]) -> list[str]:
    return [change.sentence for change in found]


def record_release(project: Project, number: int) -> None:
    """Record the content as release `number` (as `briefing release` would, without a child process)."""
    model = load.load(project.root)
    releases.write(project.root / "content", number, model.briefing.as_of, f"Release {number}.", snapshot_of(project),
                   m.PartialDate.parse(f"2025-03-0{number}"))


def history_of(project: Project) -> history.History:
    model = load.load(project.root)
    return history.History(model, sourcing.collect(model, Xref(model)), urls.Addresses())


JUDGEMENT = "Key judgement “The two countries agreed to build a bridge”"
CLAIM = "Claim “The foreign ministers agreed to build a bridge” in “Example Talks Make Progress”"
CITED_BY = "; cited by key judgement “The two countries agreed to build a bridge” and theme “The bridge”"
"""What a change of CLAIM's grade adds: the judgement and the theme that rest on it."""


def test_the_same_content_has_no_changes(project):
    assert changes.diff(snapshot_of(project), snapshot_of(project)) == []


# -- key judgements ---------------------------------------------------------------------------------


def test_judgement_confidence_lowered_and_likelihood_raised_are_said_in_words(project):
    found = changed(project, (BRIEFING, "    confidence: moderate\n", "    confidence: low\n"),
                    (BRIEFING, "likelihood: likely", "likelihood: very likely"))
    assert sentences(found) == [f"{JUDGEMENT}: confidence lowered: moderate → low.",
                                f"{JUDGEMENT}: likelihood raised: likely → very likely."]
    assert {(c.kind, c.action, c.id) for c in found} == {("judgement", "confidence", "bridge-planned"),
                                                         ("judgement", "likelihood", "bridge-planned")}
    assert urls.Addresses().url(found[0].target) == "#judgement-bridge-planned"


def test_judgement_likelihood_given_and_withdrawn(project):
    assert sentences(changed(project, (BRIEFING, "    likelihood: likely\n", ""))) == \
        [f"{JUDGEMENT}: likelihood no longer given (was likely)."]
    assert sentences(changed(project, (BRIEFING, "    confidence_reason: One source only.\n",
                                       "    confidence_reason: One source only.\n    likelihood: unlikely\n"))) == \
        [f"{JUDGEMENT}: likelihood given: unlikely."]


def test_judgement_added_removed_and_reworded(project):
    new = ("  - id: bridge-costs\n    text: The bridge may cost 2 billion [@example-talks#workers-5000].\n"
           "    confidence: low\n")
    found = changed(project, (BRIEFING, "key_judgements:\n", "key_judgements:\n" + new))
    assert sentences(found) == ["Key judgement “The bridge may cost 2 billion”: added."]
    found = changed(project, (BRIEFING, "agreed to build a bridge [@", "agreed to build a road [@"))
    assert [(c.action, c.words) for c in found] == [("reworded", "re-worded")]
    assert found[0].diff.plain() == "The two countries agreed to build a [-bridge-]{+road+}."
    found = changed(project, (BRIEFING, new, ""))
    assert [(c.kind, c.action, c.id, c.target) for c in found] == [("judgement", "removed", "bridge-costs", None)]


def test_a_change_of_citations_alone_is_not_a_rewording_and_line_breaks_are_no_change(project):
    found = changed(project, (BRIEFING, "[@example-talks#bridge-agreed].\n    confidence",
                              "[@example-talks#bridge-agreed; @example-talks#berg-two-years].\n    confidence"))
    # The cited claim is named by its words and its source's title, never by its key.
    assert sentences(found) == [f"{JUDGEMENT}: citations changed: now also cites “Minister Anna Berg said the bridge "
                                "would be…” in “Example Talks Make Progress”."]
    assert found[0].diff is None
    assert changed(project, (BRIEFING, "text: The two countries agreed", "text: >-\n      The two countries\n      agreed")) == []


def test_a_reworded_text_also_tells_the_citations_it_gained_and_lost(project):
    found = changed(project, (BRIEFING, "agreed to build a bridge [@example-talks#bridge-agreed].",
                              "agreed to build a bridge soon [@example-talks#berg-two-years]."))
    assert sentences(found) == [
        "Key judgement “The two countries agreed to build a bridge soon”: re-worded.",
        "Key judgement “The two countries agreed to build a bridge soon”: citations changed: now also cites “Minister Anna Berg said the bridge would be…” in "
        "“Example Talks Make Progress”; no longer cites “The foreign ministers agreed to build a bridge” in "
        "“Example Talks Make Progress”."]
    assert found[0].diff.plain() == "The two countries agreed to build a bridge{+ soon+}."
    assert found[1].diff is None
    # Both are listed under the judgement, the words that changed, then what it now cites.
    assert revisions.markdown(found, "Changes").endswith(
        "- “The two countries agreed to build a bridge soon”:\n"
        "  - re-worded:\n"
        "    > The two countries agreed to build a bridge<ins> soon</ins>.\n"
        "  - citations changed: now also cites “Minister Anna Berg said the bridge would be…” in “Example Talks "
        "Make Progress”; no longer cites “The foreign ministers agreed to build a bridge” in “Example Talks Make "
        "Progress”.\n")
    # In a theme's section, the section is named.
    found = changed(project, (THEME, "Officials estimate 5,000 workers", "Officials now estimate 5,000 workers"),
                    (THEME, "5,000 workers [@example-talks#workers-5000]", "5,000 workers [@example-talks#berg-two-years]"))
    assert [c.words for c in found][-1].startswith("section “The agreement” citations changed: now also cites “Minister")
    # The same citations re-worded: nothing more than the re-wording.
    found = changed(project, (BRIEFING, "a bridge soon [@", "a road soon [@"))
    assert [c.action for c in found] == ["reworded"]


@pytest.mark.parametrize("scale, literal", [("confidence", m.Confidence), ("likelihood", m.Likelihood)])
def test_scales_are_ordered_from_the_model(scale, literal):
    values = typing.get_args(literal)
    weakest_first = values[::-1] if scale == "confidence" else values  # Confidence is written strongest first
    assert prose.SCALES[scale] == weakest_first
    for low, high in itertools.combinations(weakest_first, 2):
        assert prose.scale_move(scale, low, high) == f"{scale} raised: {low} → {high}"
        assert prose.scale_move(scale, high, low) == f"{scale} lowered: {high} → {low}"


# -- themes -----------------------------------------------------------------------------------------


def test_theme_bottom_line_sections_and_scales(project):
    found = changed(project,
                    (THEME, "A bridge is planned,", "A bridge is expected,"),
                    (THEME, "confidence: moderate", "confidence: high"),
                    (THEME, "likelihood: likely", "likelihood: unlikely"),
                    (THEME, "Officials estimate 5,000 workers", "Officials now estimate 5,000 workers"),
                    (THEME, "watch_next:", "  - heading: Costs\n    body: Costs are unknown [@example-talks#workers-5000].\n"
                                           "watch_next:"))
    assert [c.words for c in found] == [
        "bottom line re-worded", "confidence raised: moderate → high", "likelihood lowered: likely → unlikely",
        "section “The agreement” re-worded", "section “Costs” added"]
    assert [c.diff.plain() if c.diff else None for c in found] == [
        "A bridge is [-planned-]{+expected+}, by one account within two years.", None, None,
        "The ministers agreed in Zenda. Officials {+now +}estimate 5,000 workers.", None]
    assert {c.subject for c in found} == {"“The bridge”"}
    assert {urls.Addresses().url(c.target) for c in found} == {"themes/bridge/"}
    found = changed(project, (THEME, "  - heading: Costs\n    body: Costs are unknown [@example-talks#workers-5000].\n", ""))
    assert [c.words for c in found] == ["section “Costs” removed"]


def test_a_renamed_section_is_one_section_with_a_new_heading(project):
    found = changed(project, (THEME, "  - heading: The agreement\n", "  - heading: What was agreed\n"))
    assert [c.words for c in found] == ["section heading changed: “The agreement” → “What was agreed”"]
    # Renamed and re-worded a little: the heading, then the words that changed.
    found = changed(project, (THEME, "  - heading: What was agreed\n", "  - heading: The deal\n"),
                    (THEME, "Officials estimate 5,000 workers", "Officials now estimate 5,000 workers"))
    assert [c.words for c in found] == ["section heading changed: “What was agreed” → “The deal”",
                                        "section “The deal” re-worded"]
    assert found[1].diff.plain() == "The ministers agreed in Zenda. Officials {+now +}estimate 5,000 workers."
    # A new heading over other words is a section removed and one added.
    found = changed(project, (THEME, "  - heading: The deal\n", "  - heading: Costs\n"),
                    (THEME, "The ministers agreed in Zenda [@example-talks#bridge-agreed].\n\n      Officials now "
                            "estimate 5,000 workers", "Costs are unknown [@example-talks#bridge-agreed].\n\n      "
                            "Nobody has said who pays the 5,000 workers"))
    assert [c.words for c in found] == ["section “Costs” added", "section “The deal” removed"]


def test_theme_added_and_removed(project):
    text = project.read(THEME).replace("title: The bridge", "title: The road")
    before = snapshot_of(project)
    project.write("content/themes/road.yaml", text, dedent=False)
    assert sentences(changes.diff(before, snapshot_of(project))) == ["Theme “The road”: added."]
    (project.root / "content/themes/road.yaml").unlink()
    assert changes.diff(before, snapshot_of(project)) == []


# -- sources, claims and grades ---------------------------------------------------------------------


def test_claim_reworded_requoted_retyped_added_and_removed(project):
    found = changed(project, (SRC, "text: The foreign ministers agreed to build a bridge.",
                              "text: The foreign ministers agreed on a bridge."),
                    (SRC, "quote: The foreign ministers of Ruritania and Freedonia met in Zenda on Monday, agreeing",
                     "quote: met in Zenda on Monday, agreeing"),
                    (SRC, "    type: reported\n", "    type: statement\n    by: ruritania\n"))
    assert [(c.id, c.action, c.words) for c in found] == [
        ("example-talks#bridge-agreed", "reworded", "re-worded"),
        ("example-talks#bridge-agreed", "requoted", "re-quoted"),
        ("example-talks#bridge-agreed", "retyped", "type changed: reported → statement")]
    assert found[0].diff.plain() == "The foreign ministers agreed [-to build-]{+on+} a bridge."
    assert found[1].diff.plain() == ("[-The foreign ministers of Ruritania and Freedonia -]met in Zenda on Monday, "
                                     "agreeing to build a bridge.")
    assert urls.Addresses().url(found[0].target) == "sources/example-talks/#claim-bridge-agreed"
    claim = "  - id: costs\n    type: reported\n    text: The bridge may cost 2 billion dollars.\n" \
            "    quote: Analysts say the project could cost 2 billion dollars.\n"
    found = changed(project, (SRC, "claims:\n", "claims:\n" + claim))
    assert sentences(found) == ["Claim “The bridge may cost 2 billion dollars” in “Example Talks Make Progress”: added."]
    found = changed(project, (SRC, claim, ""))
    assert [(c.action, c.target) for c in found] == [("removed", None)]


def test_grade_changes_of_claims_and_sources(project):
    found = changed(project, (SRC, "    about: [ruritania, zenda]\n", "    about: [ruritania, zenda]\n    credibility: 3\n"))
    # 6, "truth cannot be judged", is off the scale from 1 to 5: the grade changed, neither up nor down.
    assert sentences(found) == [f"{CLAIM}: grade changed: F6 (truth cannot be judged) → F3 (possibly true){CITED_BY}."]
    found = changed(project, (SRC, "kind: wire-copy\n", "kind: wire-copy\nreliability:\n  grade: B\n  reason: Known.\n"))
    # The letter is the source's change; its claims keep their credibility and are not listed again.
    assert sentences(found) == ["Source “Example Talks Make Progress” (Example Wire): reliability changed: F "
                                "(reliability cannot be judged) → B (usually reliable)."]
    found = changed(project, (SRC, "  grade: B\n", "  grade: C\n"))
    assert [c.words for c in found] == ["reliability lowered: B (usually reliable) → C (fairly reliable)"]


def test_a_regraded_claim_is_told_on_the_judgements_and_themes_that_cite_it(project):
    record_release(project, 1)
    edit(project, SRC, "    about: [ruritania, zenda]\n", "    about: [ruritania, zenda]\n    credibility: 3\n")
    edit(project, THEME, "confidence: moderate", "confidence: low")
    record_release(project, 2)
    told = history_of(project)
    regraded = ("a claim it cites was re-graded: “The foreign ministers agreed to build a bridge” (Example Wire), "
                "grade changed: F6 (truth cannot be judged) → F3 (possibly true)")
    judgement = told.of("judgement", "bridge-planned")
    assert judgement.latest == regraded
    # The judgement did not change in release 2: its history leads to the claim's line on the changes page.
    assert judgement.updated_url == "changes/#release-2-claim-example-talks--bridge-agreed"
    assert [d.words for d in judgement.entries[0].changes] == [regraded]
    theme = told.of("theme", "bridge")
    assert theme.latest == f"confidence lowered: moderate → low; {regraded}"
    assert theme.updated_url == "changes/#release-2-theme-bridge"
    # On the changes page, the claim's line names what rests on it; the judgement is not counted as changed.
    release = told.release_views()[0]
    assert release.counted == "2 items changed"
    claim = next(line for group in release.groups for line in group.lines if line.kind_name == "Claim")
    assert claim.words == [f"grade changed: F6 (truth cannot be judged) → F3 (possibly true){CITED_BY}"]
    assert told.steps[1].changes[-1].as_dict()["cited_by"] == [{"kind": "judgement", "id": "bridge-planned"},
                                                                {"kind": "theme", "id": "bridge"}]
    # A claim's other changes are the source's, not the judgement's.
    edit(project, SRC, "text: The foreign ministers agreed to build a bridge.",
         "text: The foreign ministers agreed on a bridge.")
    edit(project, BRIEFING, 'as_of: "2025-03-01"', 'as_of: "2025-03-02"')
    record_release(project, 3)
    assert history_of(project).of("judgement", "bridge-planned").updated.number == 2


def test_a_new_independent_source_confirms_a_claim(project):
    before = snapshot_of(project)
    project.write("content/sources/bridge-deal.yaml", SECOND_SOURCE)
    with_source = snapshot_of(project)
    # Its own claims come with the source; the claim it confirms is regraded to 1.
    assert sentences(changes.diff(before, with_source)) == [
        "Source “Bridge Deal Confirmed” (Strelsau Review): added.",
        f"{CLAIM}: grade changed: F6 (truth cannot be judged) → F1 (confirmed by other sources){CITED_BY}."]
    (project.root / "content/sources/bridge-deal.yaml").unlink()
    assert sentences(changes.diff(with_source, snapshot_of(project))) == [
        "Source “Bridge Deal Confirmed” (Strelsau Review): removed.",
        f"{CLAIM}: grade changed: F1 (confirmed by other sources) → F6 (truth cannot be judged){CITED_BY}."]


# -- discrepancies, timeline, entities --------------------------------------------------------------


def test_a_figure_that_moved_is_named_with_both_values(project):
    found = changed(project, (DISCREPANCIES, "      - value: 5000\n        text: Officials",
                              "      - value: 6000\n        text: Officials"))
    assert sentences(found) == ["Discrepancy “How many workers are needed?”: the figure from Example Wire moved "
                                "from 5,000 workers to 6,000 workers."]
    found = changed(project, (DISCREPANCIES, "label: about 4,500", "label: about 7,000"))
    assert [c.words for c in found] == ["the figure from Example Wire moved from about 4,500 to about 7,000"]
    assert urls.Addresses().url(found[0].target) == "discrepancies/#discrepancy-workers"


def test_discrepancy_added_closed_and_values_added(project):
    new = ("  - id: dates\n    question: When did they meet?\n    kind: account\n    values:\n"
           "      - text: On Monday [@example-talks#bridge-agreed].\n"
           "      - text: In February [@example-talks]\n")
    found = changed(project, (DISCREPANCIES, "discrepancies:\n", "discrepancies:\n" + new))
    assert sentences(found) == ["Discrepancy “When did they meet?”: added."]
    found = changed(project, (DISCREPANCIES, "      - text: In February [@example-talks]\n",
                              "      - text: In February [@example-talks]\n      - text: Later [@zzz#a]\n"))
    assert [c.words for c in found] == ["value added: “Later”"]
    found = changed(project, (DISCREPANCIES, new.replace("      - text: In February [@example-talks]\n",
                                                         "      - text: In February [@example-talks]\n      - text: Later [@zzz#a]\n"), ""))
    assert [(c.action, c.words, c.target) for c in found] == [("closed", "closed (removed)", None)]


def test_timeline_event_with_an_id_reworded_and_redated(project):
    edit(project, TIMELINE, "  - date: \"2025-02\"\n", "  - date: \"2025-02\"\n    id: talks\n")
    found = changed(project, (TIMELINE, "Ministers meet in Zenda", "Ministers meet again in Zenda"),
                    (TIMELINE, 'date: "2025-02"', 'date: "2025-02-03"'))
    assert sentences(found) == [
        "Event 3 February 2025: “Ministers meet again in Zenda”: date changed: February 2025 → 3 February 2025.",
        "Event 3 February 2025: “Ministers meet again in Zenda”: re-worded."]
    assert found[1].diff.plain() == "Ministers meet {+again +}in Zenda."
    assert urls.Addresses().url(found[0].target) == "timeline/#event-talks"


def test_timeline_event_without_an_id_is_known_by_its_date(project):
    new = '  - date: "2024"\n    text: A first proposal [@example-talks#berg-two-years].\n'
    found = changed(project, (TIMELINE, "events:\n", "events:\n" + new))
    assert [(c.kind, c.action, c.id) for c in found] == [("event", "added", "2024")]
    found = changed(project, (TIMELINE, new, ""))
    assert [(c.kind, c.action, c.id, c.target) for c in found] == [("event", "removed", "2024", None)]


THREE_OF_2025 = (
    '  - date: "2025"\n    text: Ruritania opens a consulate in Zenda [@example-talks#bridge-agreed].\n'
    '  - date: "2025"\n    text: Freedonia recalls its ambassador from Strelsau [@example-talks#bridge-agreed].\n'
    '  - date: "2025"\n    text: Both ministers visit the river crossing [@example-talks#berg-two-years].\n')


def test_a_redated_event_is_one_change_and_its_neighbours_none(project):
    edit(project, TIMELINE, "events:\n", "events:\n" + THREE_OF_2025)
    before = snapshot_of(project)
    assert sorted(before["events"]) == ["2025", "2025-02", "2025-n2", "2025-n3"]  # ids by date and place
    edit(project, TIMELINE, '  - date: "2025"\n    text: Ruritania', '  - date: "2025-10"\n    text: Ruritania')
    after = snapshot_of(project)
    found = changes.diff(before, after)
    # The two other events of 2025 changed ids (2025-n2 became 2025): they are still the same events.
    assert sentences(found) == [
        "Event October 2025: “Ruritania opens a consulate in Zenda”: date changed: 2025 → October 2025."]
    assert urls.Addresses().url(found[0].target) == "timeline/#event-2025-10"
    # Re-dated and re-worded a little: still one event.
    edit(project, TIMELINE, "Ruritania opens a consulate in Zenda", "Ruritania opens its consulate in Zenda")
    found = changes.diff(before, snapshot_of(project))
    assert [(c.action, c.words) for c in found] == [("redated", "date changed: 2025 → October 2025"),
                                                    ("reworded", "re-worded")]
    assert found[1].diff.plain() == "Ruritania opens [-a-]{+its+} consulate in Zenda."
    # Removing the first event of a date removes that one, not the last.
    found = changes.diff(after, before)
    assert sentences(found) == [
        "Event 2025: “Ruritania opens a consulate in Zenda”: date changed: October 2025 → 2025."]
    edit(project, TIMELINE, '  - date: "2025-10"\n    text: Ruritania opens its consulate in Zenda '
                            '[@example-talks#bridge-agreed].\n', "")
    found = changes.diff(before, snapshot_of(project))
    assert [(c.action, c.subject) for c in found] == [("removed", "2025: “Ruritania opens a consulate in Zenda”")]


def test_an_event_change_links_to_where_the_event_stands_now(project):
    edit(project, TIMELINE, "events:\n", "events:\n" + THREE_OF_2025)
    record_release(project, 1)
    edit(project, TIMELINE, "Both ministers visit the river", "Both ministers inspect the river")
    record_release(project, 2)  # the event re-worded was then 2025-n3
    edit(project, TIMELINE, THREE_OF_2025.split("\n  - ")[0] + "\n", "")  # now it is 2025-n2
    step = history_of(project).steps[1]
    assert [(c.id, c.action, urls.Addresses().url(c.target)) for c in step.changes] == [
        ("2025-n3", "reworded", "timeline/#event-2025-n2")]


def test_an_event_with_an_id_is_matched_by_it_whatever_its_words(project):
    edit(project, TIMELINE, "  - date: \"2025-02\"\n", "  - date: \"2025-02\"\n    id: talks\n")
    found = changed(project, (TIMELINE, "Ministers meet in Zenda", "Talks open at last in the old castle of Zenda"),
                    (TIMELINE, 'date: "2025-02"', 'date: "2025-03"'))
    assert [(c.id, c.action) for c in found] == [("talks", "redated"), ("talks", "reworded")]


def test_events_keyed_by_date_and_place_in_an_older_release_are_matched_by_their_words():
    # A release file as the first releases wrote it: events by date and place, one of 2023 since re-dated.
    old = {"events": {"2023": {"date": "2023", "text": "Talks begin."},
                      "2023-n2": {"date": "2023", "text": "A treaty is signed [@a#b]."},
                      "2023-n3": {"date": "2023", "text": "Flights resume."}}}
    new = {"events": {"2023": {"date": "2023", "text": "A treaty is signed [@a#b]."},
                      "2023-n2": {"date": "2023", "text": "Flights resume."},
                      "2024": {"date": "2024", "text": "Talks begin."}}}
    assert prose.match_events(old["events"], new["events"]) == [
        ("2023-n2", "2023"), ("2023-n3", "2023-n2"), ("2023", "2024")]
    assert [c.sentence for c in changes.diff(old, new)] == [
        "Event 2024: “Talks begin”: date changed: 2023 → 2024."]


def test_entities_added_removed_and_renamed(project):
    new = "  - id: strelsau\n    name: Strelsau\n    kind: place\n    role: A city.\n"
    assert sentences(changed(project, (ENTITIES, "entities:\n", "entities:\n" + new))) == ["Entity Strelsau: added."]
    assert sentences(changed(project, (ENTITIES, "name: Strelsau", "name: Strelsau City"))) == \
        ["Entity Strelsau City: renamed from Strelsau."]
    found = changed(project, (ENTITIES, new.replace("Strelsau", "Strelsau City", 1), ""))
    assert [(c.kind, c.action, c.id) for c in found] == [("entity", "removed", "strelsau")]


def test_source_added_or_removed_is_one_change_not_one_per_claim(project):
    before = snapshot_of(project)
    project.write("content/sources/bridge-deal.yaml", SECOND_SOURCE.replace("        corroborates: [example-talks#bridge-agreed]\n", ""))
    found = changes.diff(before, snapshot_of(project))
    assert [(c.kind, c.action, c.id) for c in found] == [("source", "added", "bridge-deal")]
    assert urls.Addresses().url(found[0].target) == "sources/bridge-deal/"


def test_changes_are_listed_by_kind_then_item(project):
    found = changed(project, (SRC, "text: Officials in Zenda estimate", "text: Zenda officials estimate"),
                    (BRIEFING, "    confidence: moderate\n", "    confidence: low\n"),
                    (THEME, "confidence: moderate", "confidence: low"))
    assert [kind for kind, _ in changes.grouped(found)] == ["judgement", "theme", "claim"]
    markdown = revisions.markdown(found, "Changes")
    assert markdown.index("### Key judgements") < markdown.index("### Themes") < markdown.index("### Claims")
    assert "- “The bridge”: confidence lowered: moderate → low." in markdown
    # Readers' names only: no key of a judgement, theme or claim.
    assert "`" not in markdown and "example-talks#" not in markdown and "bridge-planned" not in markdown


def test_markdown_counts_what_it_lists_and_shows_the_words_that_changed(project):
    found = changed(project, (THEME, "A bridge is planned,", "A bridge is expected,"),
                    (THEME, "confidence: moderate", "confidence: low"),
                    (BRIEFING, "    confidence: moderate\n", "    confidence: low\n"))
    assert len(found) == 3
    markdown = revisions.markdown(found, "Changes")
    bullets = [line for line in markdown.splitlines() if line.startswith("- ")]
    assert len(bullets) == 2  # two items: the judgement, and the theme with its two changes listed under it
    assert "2 items changed (3 changes), worked out from the briefing's content." in markdown
    assert markdown.endswith(
        "### Themes\n\n"
        "- “The bridge”:\n"
        "  - bottom line re-worded:\n"
        "    > A bridge is <del>planned</del><ins>expected</ins>, by one account within two years.\n"
        "  - confidence lowered: moderate → low.\n")
    assert changes.counted(found[:1]) == "1 item changed"


def test_a_source_summary_is_compared_when_both_releases_recorded_it(project):
    before = snapshot_of(project)
    edit(project, SRC, "summary: Ministers met in Zenda", "summary: Ministers met on Monday in Zenda")
    after = snapshot_of(project)
    found = changes.diff(before, after)
    assert [(c.kind, c.action, c.words, c.diff.plain()) for c in found] == [
        ("source", "reworded", "summary re-worded", "Ministers met {+on Monday +}in Zenda and agreed to build a bridge.")]
    # A release of format 1 recorded no summaries: nothing is said about them, and nothing is invented.
    for item in before["sources"].values():
        del item["summary"]
    assert changes.diff(before, after) == []
    assert release_files.unchanged(before, after) is True  # `briefing release` refuses a release of no change
    edit(project, THEME, "confidence: moderate", "confidence: high")
    assert release_files.unchanged(before, snapshot_of(project)) is False


def test_markdown_of_changes_is_inert(project):
    found = changed(project, (THEME, "title: The bridge", "title: '[click](https://evil.example) <b>x</b>'"))
    markdown = revisions.markdown(found, "Changes")
    assert "\\[click\\](https://evil.example) \\<b\\>x\\</b\\>" in markdown
    found = changed(project, (THEME, "A bridge is planned,", "A *bridge* is <b>planned</b>,"))
    markdown = revisions.markdown(found, "Changes")
    assert "> A bridge is <del>planned</del><ins>\\<b\\>planned\\</b\\></ins>, by one" in markdown


# -- the change log's words, one kind of change at a time (builder/releases/prose.py) ------------------------------

def test_a_text_is_read_and_named_as_readers_read_it():
    assert prose.prose("The  bridge\n was agreed [@a#b; @c].") == "The bridge was agreed."
    assert prose.prose(None) == ""
    twelve = "One two three four five six seven eight nine ten eleven twelve"
    assert prose.short(twelve + " thirteen.") == twelve + "…"
    assert prose.short(twelve + ".") == twelve  # the full stop left to the sentence about it
    assert prose.short("One two three.", 2) == "One two…"
    assert prose.quoted("The two countries agreed to build a bridge.", 3) == "“The two countries…”"
    assert prose.joined(["Whether  work\nstarts.", "Costs."]) == "Whether work starts. · Costs."
    assert prose.cited_keys("A [@a#b; @c] and [@a#b] and [@d].") == ["a#b", "c", "d"]
    assert prose.cited_keys(None) == []


@pytest.mark.parametrize("what, values, words", [
    ("", {}, ("added", "removed", "re-worded", "citations changed: X")),
    ("bottom line", {}, ("bottom line added", "bottom line removed", "bottom line re-worded",
                         "bottom line citations changed: X")),
    ("summary", {}, ("summary added", "summary removed", "summary re-worded", "summary citations changed: X")),
    ("note", {}, ("note added", "note removed", "note re-worded", "note citations changed: X")),
    ("description", {}, ("description added", "description removed", "description re-worded",
                         "description citations changed: X")),
    ("section", {"heading": "“The deal”"}, ("section “The deal” added", "section “The deal” removed",
                                            "section “The deal” re-worded", "section “The deal” citations changed: X")),
    ("value", {}, ("the value added", "the value removed", "the value re-worded", "the value citations changed: X")),
    ("value from", {"sources": "Wire"}, ("the value from Wire added", "the value from Wire removed",
                                         "the value from Wire re-worded", "the value from Wire citations changed: X")),
])
def test_what_happened_to_each_kind_of_text_is_told_in_its_words(what, values, words):
    assert tuple(prose.text_words(prose.ENGLISH, what, action, changes="X", **values)
                 for action in ("added", "removed", "reworded", "recited")) == words


def test_a_text_change_is_an_addition_a_removal_a_rewording_or_new_citations():
    assert prose.text_change(None, "A text.", "summary") == ("reworded", "summary added")
    assert prose.text_change("A text.", "", "note") == ("reworded", "note removed")
    assert prose.text_change("A text.", "Another text.", "description") == ("reworded", "description re-worded")
    assert prose.text_change("A text [@a].", "A text [@b].", "section", heading="“H”") == (
        "recited", "section “H” citations changed: now also cites b; no longer cites a")
    assert prose.text_change("A text [@a].", "A  text\n[@a].") is None  # laid out anew, read the same
    assert prose.text_change("", None) is None
    assert prose.citations_change("A [@a; @b].", "A [@b; @c; @d].", name=str.upper) == \
        "citations changed: now also cites C and D; no longer cites A"
    assert prose.citations_change("A [@a].", "A [@a; @b].") == "citations changed: now also cites b"
    assert prose.citations_change("A [@a; @b].", "B [@b; @a].") is None


def test_a_scale_given_or_no_longer_given_is_said_in_words():
    assert prose.scale_move("confidence", None, "high") == "confidence given: high"
    assert prose.scale_move("likelihood", None, "likely") == "likelihood given: likely"
    assert prose.scale_move("confidence", "low", None) == "confidence no longer given (was low)"
    assert prose.scale_move("likelihood", "likely", None) == "likelihood no longer given (was likely)"
    assert prose.scale_move("likelihood", "likely", "likely") is None
    assert prose.scale_move("confidence", None, None) is None


def test_grades_and_reliabilities_move_up_down_or_off_their_scale():
    assert prose.grade_move("F2", "F3") == "grade lowered: F2 (probably true) → F3 (possibly true)"
    assert prose.grade_move("F3", "F1") == "grade raised: F3 (possibly true) → F1 (confirmed by other sources)"
    assert prose.grade_move("F2", "F6") == "grade changed: F2 (probably true) → F6 (truth cannot be judged)"
    assert prose.grade_move("F6", "F2") == "grade changed: F6 (truth cannot be judged) → F2 (probably true)"
    assert prose.reliability_move("C", "B") == "reliability raised: C (fairly reliable) → B (usually reliable)"
    assert prose.reliability_move("B", "D") == "reliability lowered: B (usually reliable) → D (not usually reliable)"
    assert prose.reliability_move("F", "A") == \
        "reliability changed: F (reliability cannot be judged) → A (completely reliable)"
    assert prose.reliability_move("A", "F") == \
        "reliability changed: A (completely reliable) → F (reliability cannot be judged)"


def test_a_source_is_named_by_its_outlet_when_known_and_its_title():
    assert [prose.known(x) for x in (None, "", " ", "unknown", " Unknown ", "Wire")] == [False] * 5 + [True]
    fifteen = "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen."
    assert prose.source_name({"title": fifteen, "outlet": "Wire"}) == \
        "“One two three four five six seven eight nine ten eleven twelve thirteen fourteen…” (Wire)"
    assert prose.source_name({"title": "Talks.", "outlet": "UNKNOWN"}) == "“Talks”"
    assert prose.source_label({"title": fifteen, "outlet": "Wire"}) == "Wire"
    assert prose.source_label({"title": fifteen, "outlet": " unknown"}) == "“One two three four five six seven eight…”"


def test_figures_and_dates_are_shown_as_on_the_pages():
    assert prose.figure({"label": "about 4,500", "value": 4500}, "workers") == "about 4,500"
    assert prose.figure({"label": None, "value": 4500}, "workers") == "4,500 workers"
    assert prose.figure({"label": None, "value": 4500}, None) == "4,500"
    assert prose.figure({"label": None, "value": None}, "workers") == "no figure"
    assert prose.figure({"label": "", "value": 2.5}, "") == "2.5"
    assert prose.date_shown(None) == "undated"
    assert prose.date_shown("2025-02") == "February 2025"
    assert prose.date_shown("2025-02-03") == "3 February 2025"
    assert prose.similarity("a b c d", "a b c e") == 0.75
    assert prose.similarity(None, "a") == 0.0
    assert prose.similarity("A [@x] b.", "A  b.") == 1.0


def test_a_regraded_claim_is_told_with_the_items_that_cite_it():
    snap = {"judgements": {"j2": {"text": "The two countries agreed to build a bridge over the river soon [@s#c1]."},
                           "j1": {"text": "Nothing claimed in particular [@s]."}},
            "themes": {"bridge": {"title": "The bridge", "bottom_line": "Planned [@s#c2].",
                                  "sections": [{"body": "Agreed [@s#c1]."}], "watch_next": ["Work [@s#c3]."]},
                       "army": {"title": "The army", "bottom_line": "Agreed [@s#c1; @s#c1].", "sections": [],
                                "watch_next": []}},
            "claims": {"s#c1": {"text": "The foreign ministers of the two countries agreed to build a bridge over it.",
                                "grade": "F3"}},
            "sources": {"s": {"title": "Example Talks Make Progress", "outlet": "Example Wire"}}}
    assert prose.citing(snap) == {"s#c1": [("judgement", "j2"), ("theme", "army"), ("theme", "bridge")],
                                  "s#c2": [("theme", "bridge")], "s#c3": [("theme", "bridge")]}
    assert prose.citing({}) == {}
    assert prose.citing_name(snap, "judgement", "j2") == "key judgement “The two countries agreed to build a bridge…”"
    assert prose.citing_name(snap, "theme", "bridge") == "theme “The bridge”"
    old = {"claims": {"s#c1": {"grade": "F2"}}}
    assert prose.cited_claim_regraded(old, snap, "s#c1") == (
        "a claim it cites was re-graded: “The foreign ministers of the two countries agreed to build…” (Example Wire), "
        "grade lowered: F2 (probably true) → F3 (possibly true)")
    snap["sources"]["s"]["outlet"] = "unknown"
    assert "(“Example Talks Make Progress”)" in prose.cited_claim_regraded(old, snap, "s#c1")


def test_the_change_logs_words_are_in_the_briefings_language():
    from builder.model import language
    from builder.pages import theme as theme_folders

    de = language.load("de", theme_folders.folders(None)).language
    assert prose.scale_move("confidence", "low", "high", de) == "Konfidenz erhöht: gering → hoch"
    old, new = {"claims": {"s#c1": {"grade": "F2"}}}, {
        "claims": {"s#c1": {"text": "The ministers agreed.", "grade": "F3"}},
        "sources": {"s": {"title": "Example Talks", "outlet": "unknown"}},
        "judgements": {"j": {"text": "The two agreed."}}}
    told = prose.cited_claim_regraded(old, new, "s#c1", de)
    for words in (prose.quoted("The ministers agreed.", 10, de), prose.quoted("Example Talks", 8, de),
                  prose.grade_move("F2", "F3", de)):
        assert words in told and words not in prose.cited_claim_regraded(old, new, "s#c1"), words
    assert prose.quoted("The two agreed.", 8, de) in prose.citing_name(new, "judgement", "j", de)
    assert prose.quoted("The two agreed.", 8, de) != prose.quoted("The two agreed.", 8)
    recited = prose.text_change("A [@a].", "A [@b].", lang=de)
    assert recited is not None and recited[1] == prose.citations_change("A [@a].", "A [@b].", lang=de) != \
        prose.citations_change("A [@a].", "A [@b].")


def test_the_change_logs_words_at_their_edges():
    thirteen = "One two three four five six seven eight nine ten eleven twelve thirteen."
    assert prose.quoted(thirteen) == "“One two three four five six seven eight nine ten eleven twelve…”"
    assert prose.short("The plan of firm X.") == "The plan of firm X"
    assert prose.text_change("A text.", "Another text.") == ("reworded", "re-worded")
    assert prose.text_change(None, "XXXX") == ("reworded", "added")  # whatever the text, from nothing
    assert prose.text_change("XXXX", "") == ("reworded", "removed")
    assert prose.text_change(None, "A text.", "section", heading="“H”") == ("reworded", "section “H” added")
    assert prose.text_change("A text.", None, "section", heading="“H”") == ("reworded", "section “H” removed")
    assert prose.citations_change("A [@a; @b].", "A [@b].") == "citations changed: no longer cites a"
