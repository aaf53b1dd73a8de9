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


def test_events_of_the_same_words_are_paired_in_order_whatever_order_a_release_file_lists_them_in():
    # A release file edited by hand, its events out of order: pairing does not depend on the order read.
    old = {"2025-03": {"date": "2025-03", "text": "Talks."}, "2025-01": {"date": "2025-01", "text": "Talks."}}
    new = {"2025-02": {"date": "2025-02", "text": "Talks."}, "2025-04": {"date": "2025-04", "text": "Talks."}}
    assert prose.match_events(old, new) == [("2025-01", "2025-02"), ("2025-03", "2025-04")]
    assert prose.match_events(dict(reversed(old.items())), new) == [("2025-01", "2025-02"), ("2025-03", "2025-04")]


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


# -- the change log of invented snapshots: every branch of builder/releases/changes.py ------------------------------


def invented() -> dict:
    """A small snapshot, as a release records it, with one item or two of each kind."""
    return {
        "briefing": {"title": "The Crossing", "subtitle": "Talks on a bridge", "description": "What is known [@wire#agreed]."},
        "judgements": {"deal": {"text": "The two countries agreed to build a bridge over the river [@wire#agreed].",
                                "confidence": "moderate", "likelihood": "likely"}},
        "themes": {"bridge": {"title": "The bridge", "bottom_line": "A bridge is planned [@wire#agreed].",
                              "confidence": "moderate", "likelihood": None, "watch_next": ["Whether work starts."],
                              "sections": [{"heading": "The agreement", "body": "The ministers agreed [@wire#agreed]."},
                                           {"heading": "Costs", "body": "Nobody has said who pays for it."}]}},
        "sources": {"wire": {"title": "Talks Make Progress", "outlet": "Example Wire", "reliability": "B",
                             "summary": "Ministers met."},
                    "blog": {"title": "A Post", "outlet": "unknown", "reliability": "F", "summary": "A post."}},
        "claims": {"wire#agreed": {"text": "The ministers agreed to build a bridge.", "quote": "They agreed to build it.",
                                   "type": "reported", "grade": "B3"},
                   "blog#cost": {"text": "The bridge costs 2 billion.", "quote": "It costs 2 billion.",
                                 "type": "reported", "grade": "F6"}},
        "events": {"2025-02": {"date": "2025-02", "text": "Ministers meet in Zenda [@wire#agreed]."}},
        "entities": {"zenda": {"name": "Zenda", "kind": "place"}},
        "discrepancies": {"workers": {
            "question": "How many workers are needed?", "kind": "figure", "unit": "workers", "note": "Estimates differ.",
            "values": [{"text": "Officials say 5,000 [@wire#agreed].", "value": 5000, "label": None},
                       {"text": "A post says 4,500 [@blog#cost].", "value": 4500, "label": "about 4,500"}]}},
    }


def edited(change: typing.Callable[[dict], object]) -> list[changes.Change]:
    """The changes from the invented snapshot to a copy that `change` edited in place."""
    return edited_in(change)


def edited_in(change: typing.Callable[[dict], object], lang=prose.ENGLISH) -> list[changes.Change]:
    """The same, told in `lang`."""
    old, new = invented(), invented()
    change(new)
    return changes.diff(old, new, lang)


def told(found: list[changes.Change]) -> list[tuple[str, str, str, str]]:
    """(kind, action, id, sentence) of each change."""
    return [(c.kind, c.action, c.id, c.sentence) for c in found]


def german():
    from builder.model import language
    from builder.pages import theme as theme_folders

    return language.load("de", theme_folders.folders(None)).language


DEAL = "Key judgement “The two countries agreed to build a bridge over the river”"


def test_everything_of_a_first_release_is_added_in_the_order_of_kinds_then_ids():
    found = changes.diff(None, invented())
    assert told(found) == [
        ("judgement", "added", "deal", f"{DEAL}: added."),
        ("theme", "added", "bridge", "Theme “The bridge”: added."),
        ("discrepancy", "added", "workers", "Discrepancy “How many workers are needed?”: added."),
        ("source", "added", "blog", "Source “A Post”: added."),
        ("source", "added", "wire", "Source “Talks Make Progress” (Example Wire): added."),
        ("event", "added", "2025-02", "Event February 2025: “Ministers meet in Zenda”: added."),
        ("entity", "added", "zenda", "Entity Zenda: added.")]
    # The claims come with their sources; the briefing, which always exists, is not "added".
    assert [urls.Addresses().url(c.target) for c in found] == [
        "#judgement-deal", "themes/bridge/", "discrepancies/#discrepancy-workers", "sources/blog/", "sources/wire/",
        "timeline/#event-2025-02", "entities/zenda/"]
    assert all(c.before is None and c.after is None and c.diff is None for c in found)
    assert changes.diff(invented(), invented()) == []


def test_items_removed_link_nowhere_and_a_discrepancy_removed_is_closed():
    old, new = invented(), {}
    found = changes.diff(old, new)
    assert told(found) == [
        ("judgement", "removed", "deal", f"{DEAL}: removed."),
        ("theme", "removed", "bridge", "Theme “The bridge”: removed."),
        ("discrepancy", "closed", "workers", "Discrepancy “How many workers are needed?”: closed (removed)."),
        ("source", "removed", "blog", "Source “A Post”: removed."),
        ("source", "removed", "wire", "Source “Talks Make Progress” (Example Wire): removed."),
        ("event", "removed", "2025-02", "Event February 2025: “Ministers meet in Zenda”: removed."),
        ("entity", "removed", "zenda", "Entity Zenda: removed.")]
    assert [c.target for c in found] == [None] * 7


def test_each_kind_of_item_links_to_its_place_on_the_site():
    where = {kind: urls.Addresses().url(changes.target_of(kind, item_id)) for kind, item_id in [
        ("judgement", "deal"), ("theme", "bridge"), ("source", "wire"), ("claim", "wire#agreed"),
        ("discrepancy", "workers"), ("event", "2025-02"), ("entity", "zenda"), ("briefing", "")]}
    assert where == {"judgement": "#judgement-deal", "theme": "themes/bridge/", "source": "sources/wire/",
                     "claim": "sources/wire/#claim-agreed", "discrepancy": "discrepancies/#discrepancy-workers",
                     "event": "timeline/#event-2025-02", "entity": "entities/zenda/", "briefing": ""}
    snap = invented()
    assert changes.exists(snap, "briefing", "") and changes.exists({}, "briefing", "")
    assert changes.exists(snap, "claim", "wire#agreed") and not changes.exists(snap, "claim", "wire#gone")
    assert not changes.exists({}, "theme", "bridge")


def test_changes_of_one_kind_are_listed_by_id():
    def two_more(snap):
        snap["entities"]["berg"] = {"name": "Anna Berg", "kind": "person"}
        snap["entities"]["anton"] = {"name": "Anton", "kind": "person"}
        snap["entities"]["zenda"]["name"] = "Zenda City"
    assert told(edited(two_more)) == [
        ("entity", "added", "anton", "Entity Anton: added."),
        ("entity", "added", "berg", "Entity Anna Berg: added."),
        ("entity", "renamed", "zenda", "Entity Zenda City: renamed from Zenda.")]


def test_a_change_as_data_for_editors_tools():
    found = edited(lambda s: s["judgements"]["deal"].update(text="The two countries agreed to build a road [@wire#agreed]."))
    address = urls.Addresses()
    assert found[0].as_dict(address) == {
        "kind": "judgement", "action": "reworded", "id": "deal", "words": "re-worded",
        "subject": "“The two countries agreed to build a road”", "url_on_site": "#judgement-deal",
        "before": "The two countries agreed to build a bridge over the river [@wire#agreed].",
        "after": "The two countries agreed to build a road [@wire#agreed].",
        "word_diff": "The two countries agreed to build a [-bridge over the river-]{+road+}."}
    assert found[0].gone().as_dict(address)["url_on_site"] is None
    assert found[0].gone() == changes.Change("judgement", "reworded", "deal", "re-worded",
                                             "“The two countries agreed to build a road”", None, found[0].before,
                                             found[0].after)
    found = edited(lambda s: s["judgements"]["deal"].update(confidence="low"))
    assert found[0].as_dict() == {"kind": "judgement", "action": "confidence", "id": "deal",
                                  "words": "confidence lowered: moderate → low", "subject": found[0].subject}
    assert found[0].as_dict(address)["url_on_site"] == "#judgement-deal"
    regraded = changes.Change("claim", "regraded", "wire#agreed", "grade", "x", None, cited_by=(("theme", "bridge"),))
    assert regraded.gone().cited_by == (("theme", "bridge"),)
    # A text that came from nothing keeps both sides: the words it gained.
    added = changes.Change("theme", "sections", "bridge", "w", "s", None, None, "New words.")
    assert added.diff.plain() == "{+New words.+}"
    assert added.as_dict()["before"] is None and added.as_dict()["word_diff"] == "{+New words.+}"
    assert changes.Change("theme", "sections", "bridge", "w", "s", None, "Old words.", None).diff.plain() == \
        "[-Old words.-]"


def test_cited_items_are_named_by_their_words_their_source_or_their_key():
    def cite(snap):
        snap["sources"]["long"] = {"title": "One two three four five six seven eight nine ten eleven twelve",
                                   "outlet": "Wire", "reliability": "C", "summary": None}
        snap["claims"]["long#c"] = {"text": "Alpha beta gamma delta epsilon zeta eta theta iota kappa.", "quote": "Q.",
                                    "type": "reported", "grade": "C3"}
        snap["judgements"]["deal"]["text"] = \
            "The two countries agreed to build a bridge over the river [@wire#agreed; @long#c; @blog; @nowhere#x]."
    found = edited(cite)
    assert [(c.action, c.words) for c in found if c.kind == "judgement"] == [(
        "recited", "citations changed: now also cites “Alpha beta gamma delta epsilon zeta eta theta…” in “One two "
        "three four five six seven eight nine ten…”, “A Post” and nowhere#x")]
    # A claim that is gone is still named by its words, as the old snapshot had them.
    def drop(snap):
        del snap["claims"]["wire#agreed"]
        snap["judgements"]["deal"]["text"] = "The two countries agreed to build a bridge over the river [@wire]."
    found = edited(drop)
    assert [c.words for c in found if c.kind == "judgement"] == [
        "citations changed: now also cites “Talks Make Progress” (Example Wire); no longer cites “The ministers agreed "
        "to build a bridge” in “Talks Make Progress”"]
    assert [c.sentence for c in found if c.kind == "claim"] == [
        "Claim “The ministers agreed to build a bridge” in “Talks Make Progress”: removed."]


def test_a_text_added_or_removed_is_one_change_and_a_reworded_one_also_tells_its_citations():
    def note(snap):
        snap["discrepancies"]["workers"]["note"] = None
        snap["themes"]["bridge"]["bottom_line"] = "A bridge is planned soon [@blog#cost]."
    found = edited(note)
    assert [(c.kind, c.action, c.words) for c in found] == [
        ("theme", "reworded", "bottom line re-worded"),
        ("theme", "recited", "bottom line citations changed: now also cites “The bridge costs 2 billion” in “A Post”; "
                             "no longer cites “The ministers agreed to build a bridge” in “Talks Make Progress”"),
        ("discrepancy", "reworded", "note removed")]
    assert (found[0].before, found[0].after) == ("A bridge is planned [@wire#agreed].",
                                                 "A bridge is planned soon [@blog#cost].")
    assert (found[1].before, found[1].after, found[2].before, found[2].after) == (
        None, None, "Estimates differ.", None)
    old, new = invented(), invented()
    old["discrepancies"]["workers"]["note"] = None
    new["discrepancies"]["workers"]["note"] = "Estimates differ [@wire#agreed]."
    assert told(changes.diff(old, new)) == [("discrepancy", "reworded", "workers",
                                             "Discrepancy “How many workers are needed?”: note added.")]
    # Citations alone changed: told as such, with nothing to show word by word.
    found = edited(lambda s: s["themes"]["bridge"].update(bottom_line="A bridge is planned [@blog#cost]."))
    assert [(c.action, c.before, c.after) for c in found] == [("recited", None, None)]


def test_a_theme_renamed_re_scaled_and_its_watch_list_changed():
    def theme(snap):
        t = snap["themes"]["bridge"]
        t.update(title="The new bridge", confidence="high", likelihood="unlikely",
                 watch_next=["Whether work starts.", "Who pays."])
    found = edited(theme)
    assert told(found) == [
        ("theme", "renamed", "bridge", "Theme “The new bridge”: renamed from “The bridge”."),
        ("theme", "confidence", "bridge", "Theme “The new bridge”: confidence raised: moderate → high."),
        ("theme", "likelihood", "bridge", "Theme “The new bridge”: likelihood given: unlikely."),
        ("theme", "watch", "bridge", "Theme “The new bridge”: what to watch next changed.")]
    assert (found[3].before, found[3].after) == ("Whether work starts.", "Whether work starts. · Who pays.")
    assert found[3].diff.plain() == "Whether work starts.{+ · Who pays.+}"
    assert edited(lambda s: s["themes"]["bridge"].update(watch_next=["Whether  work\nstarts [@wire]."])) == []


def test_sections_are_matched_by_heading_then_by_their_words():
    agreement, costs = ({"heading": "The agreement", "body": "The ministers agreed [@wire#agreed]."},
                        {"heading": "Costs", "body": "Nobody has said who pays for it."})

    def sections(*new):
        return [(c.action, c.words) for c in edited(lambda s: s["themes"]["bridge"].update(sections=list(new)))]
    # Reordered, with nothing else changed: no change.
    assert sections(costs, agreement) == []
    # A repeated heading: the n-th with the n-th.
    again = {"heading": "Costs", "body": "Still nobody has said who pays for it."}
    assert sections(agreement, costs, again) == [("sections", "section “Costs” added")]
    assert sections(agreement, again, costs) == [("sections", "section “Costs” re-worded"),
                                                 ("sections", "section “Costs” added")]
    # Two renamed at once, each to the section with its words; then one renamed and re-worded a little.
    assert sections({"heading": "Who pays", "body": costs["body"]},
                    {"heading": "The deal", "body": agreement["body"]}) == [
        ("sections", "section heading changed: “Costs” → “Who pays”"),
        ("sections", "section heading changed: “The agreement” → “The deal”")]
    assert sections(agreement, {"heading": "Who pays", "body": "Nobody has yet said who pays for it."}) == [
        ("sections", "section heading changed: “Costs” → “Who pays”"), ("sections", "section “Who pays” re-worded")]
    # Two gone, two new: each new one takes the one most like it, not the first alike enough.
    old = [{"heading": "A", "body": "one two three four five six seven eight nine ten"},
           {"heading": "B", "body": "one two three four five six eleven twelve thirteen fourteen"}]
    new = [{"heading": "C", "body": "one two three four five six eleven twelve thirteen fifteen"},
           {"heading": "D", "body": "one two three four five six seven eight nine zero"}]
    found = changes.diff({"themes": {"t": dict(invented()["themes"]["bridge"], sections=old)}},
                         {"themes": {"t": dict(invented()["themes"]["bridge"], sections=new)}})
    assert [c.words for c in found] == ["section heading changed: “B” → “C”", "section “C” re-worded",
                                        "section heading changed: “A” → “D”", "section “D” re-worded"]
    # Other words under a new heading: one removed, one added.
    assert sections(agreement, {"heading": "Who pays", "body": "The treasury will pay, officials said."}) == [
        ("sections", "section “Who pays” added"), ("sections", "section “Costs” removed")]


def test_a_source_renamed_moved_to_another_outlet_regraded_and_summarised_anew():
    def source(snap):
        snap["sources"]["wire"].update(title="Talks End", outlet="Other Wire", reliability="A", summary="They met.")
    assert told(edited(source)) == [
        ("source", "renamed", "wire", "Source “Talks End” (Other Wire): title changed from “Talks Make Progress”."),
        ("source", "outlet", "wire", "Source “Talks End” (Other Wire): outlet changed: Example Wire → Other Wire."),
        ("source", "regraded", "wire", "Source “Talks End” (Other Wire): reliability raised: B (usually reliable) → "
                                       "A (completely reliable)."),
        ("source", "reworded", "wire", "Source “Talks End” (Other Wire): summary re-worded.")]
    old, new = invented(), invented()
    del new["sources"]["wire"]["summary"]
    new["sources"]["blog"]["summary"] = "Another post."
    del old["sources"]["blog"]["summary"]
    assert changes.diff(old, new) == []  # a release that recorded no summary on either side


def test_a_claim_requoted_retyped_and_regraded_but_not_for_its_sources_letter():
    def claim(snap):
        snap["claims"]["wire#agreed"].update(quote="They agreed to build it, said an aide.", type="statement",
                                             grade="B2")
    assert told(edited(claim)) == [
        ("claim", "requoted", "wire#agreed",
         "Claim “The ministers agreed to build a bridge” in “Talks Make Progress”: re-quoted."),
        ("claim", "retyped", "wire#agreed", "Claim “The ministers agreed to build a bridge” in “Talks Make Progress”: "
                                            "type changed: reported → statement."),
        ("claim", "regraded", "wire#agreed", "Claim “The ministers agreed to build a bridge” in “Talks Make Progress”: "
         "grade raised: B3 (possibly true) → B2 (probably true); cited by key judgement “The two countries agreed to "
         "build a bridge…” and theme “The bridge”.")]
    assert edited(lambda s: s["claims"]["wire#agreed"].update(quote="They  agreed\nto build it.", grade="A3")) == []
    # Cited by nothing: the grade alone.
    found = edited(lambda s: s["claims"]["blog#cost"].update(grade="F4"))
    assert [(c.words, c.cited_by) for c in found] == [("grade changed: F6 (truth cannot be judged) → F4 (doubtful)", ())]
    regraded = edited(claim)[-1]
    assert regraded.cited_by == (("judgement", "deal"), ("theme", "bridge"))
    assert urls.Addresses().url(regraded.target) == "sources/wire/#claim-agreed"


def test_a_claim_is_named_by_its_first_words_and_its_sources_title():
    def long(snap):
        snap["sources"]["wire"]["title"] = "One two three four five six seven eight nine ten eleven"
        snap["claims"]["wire#new"] = {"text": "A b c d e f g h i j k l m n.", "quote": "Q.", "type": "reported",
                                      "grade": "B6"}
    assert told(edited(long))[1] == (
        "claim", "added", "wire#new",
        "Claim “A b c d e f g h i j k l…” in “One two three four five six seven eight nine ten…”: added.")


def test_the_claims_of_a_source_added_or_removed_are_not_told_apart():
    def move(snap):
        snap["sources"]["post"] = snap["sources"].pop("blog")
        snap["claims"]["post#cost"] = snap["claims"].pop("blog#cost")
        snap["discrepancies"]["workers"]["values"][1]["text"] = "A post says 4,500 [@post#cost]."
    assert [(c.kind, c.action, c.id, c.words) for c in edited(move)] == [
        ("discrepancy", "values", "workers", "value added: “A post says 4,500”"),
        ("discrepancy", "values", "workers", "value removed: “A post says 4,500”"),
        ("source", "removed", "blog", "removed"), ("source", "added", "post", "added")]
    # A claim removed from a source that stays is told, by its source's title as it is now, and so are the
    # changes of the claims after it.
    def drop(snap):
        del snap["claims"]["blog#cost"]
        snap["sources"]["blog"]["title"] = "A New Post"
        snap["claims"]["wire#agreed"]["type"] = "statement"
    assert told(edited(drop))[-2:] == [
        ("claim", "removed", "blog#cost", "Claim “The bridge costs 2 billion” in “A New Post”: removed."),
        ("claim", "retyped", "wire#agreed", "Claim “The ministers agreed to build a bridge” in “Talks Make Progress”: "
                                            "type changed: reported → statement.")]


def test_an_event_redated_or_undated_is_named_by_its_date_and_first_words():
    def redate(snap):
        snap["events"]["2025-02"].update(date=None, text="Ministers meet in Zenda again [@wire#agreed].")
        snap["events"]["2026"] = {"date": "2026", "text": "One two three four five six seven eight nine ten eleven."}
    assert told(edited(redate)) == [
        ("event", "redated", "2025-02", "Event undated: “Ministers meet in Zenda again”: date changed: February 2025 "
                                        "→ undated."),
        ("event", "reworded", "2025-02", "Event undated: “Ministers meet in Zenda again”: re-worded."),
        ("event", "added", "2026", "Event 2026: “One two three four five six seven eight nine ten…”: added.")]


def test_a_discrepancy_re_asked_given_a_unit_and_a_new_note():
    def disc(snap):
        snap["discrepancies"]["workers"].update(question="How many workers does it need?", unit=None,
                                                note="Estimates differ widely.")
    found = edited(disc)
    assert told(found) == [
        ("discrepancy", "reworded", "workers", "Discrepancy “How many workers does it need?”: question re-worded."),
        ("discrepancy", "values", "workers", "Discrepancy “How many workers does it need?”: unit changed: workers → "
                                             "none."),
        ("discrepancy", "reworded", "workers", "Discrepancy “How many workers does it need?”: note re-worded.")]
    assert (found[0].before, found[0].after) == ("How many workers are needed?", "How many workers does it need?")
    old, new = invented(), invented()
    old["discrepancies"]["workers"]["unit"] = ""
    new["discrepancies"]["workers"].update(unit="people", question="How many  workers\nare needed [@wire]?")
    assert [c.words for c in changes.diff(old, new)] == ["unit changed: none → people"]
    new["discrepancies"]["workers"]["values"][0]["value"] = 5001  # each figure in its own release's unit
    assert [c.words for c in changes.diff(old, new)] == [
        "unit changed: none → people", "the figure from Example Wire moved from 5,000 to 5,001 people"]
    new["discrepancies"]["workers"]["values"][0]["value"] = 5000
    new["discrepancies"]["workers"]["unit"] = None
    assert changes.diff(old, new) == []


def test_a_discrepancys_values_are_matched_by_what_they_cite():
    def values(*new, unit="workers"):
        def change(snap):
            snap["discrepancies"]["workers"].update(values=list(new), unit=unit)
        return [c.words for c in edited(change)]
    officials, post = invented()["discrepancies"]["workers"]["values"]
    # Reordered: the same values.
    assert values(post, officials) == []
    # The same citations, other words: the value re-worded, named by the outlet of what it cites.
    assert values(dict(officials, text="Officials now say 5,000 [@wire#agreed]."), post) == [
        "the value from Example Wire re-worded"]
    # A source of unknown outlet is named by its title; another claim of the same source is still the same value.
    assert values(officials, dict(post, text="A post says 4,500 [@blog; @blog#cost].")) == [
        "the value from “A Post” citations changed: now also cites “A Post”"]
    assert values(officials, dict(post, text="A post now says 4,500 [@blog].")) == [
        "the value from “A Post” re-worded",
        "the value from “A Post” citations changed: now also cites “A Post”; no longer cites “The bridge costs 2 "
        "billion” in “A Post”"]
    # The figure or its label moved.
    assert values(officials, dict(post, label="about 4,600")) == [
        "the figure from “A Post” moved from about 4,500 to about 4,600"]
    assert values(officials, dict(post, label=None)) == ["the figure from “A Post” moved from about 4,500 to 4,500 workers"]
    assert values(dict(officials, label=""), post) == []
    # Citing nothing known: the value, unnamed.
    assert values(officials, post, dict(text="Nobody knows.", value=None, label=None)) == ["value added: “Nobody knows”"]
    bare = dict(text="Nobody knows.", value=None, label=None)
    old, new = invented(), invented()
    old["discrepancies"]["workers"]["values"] = [bare]
    new["discrepancies"]["workers"]["values"] = [dict(bare, value=3)]
    assert [c.words for c in changes.diff(old, new)] == ["the figure moved from no figure to 3 workers"]
    new["discrepancies"]["workers"]["values"] = [dict(bare, text="Nobody knows yet.")]
    assert [c.words for c in changes.diff(old, new)] == ["the value re-worded"]
    # Values gone: told with their first words.
    assert values(officials) == ["value removed: “A post says 4,500”"]


def test_the_sources_a_value_cites_are_each_named_once():
    def three(snap):
        snap["sources"]["wire2"] = dict(snap["sources"]["wire"], title="Other Talks")
        snap["discrepancies"]["workers"]["values"][0]["text"] = \
            "Officials say 5,000 [@wire#agreed; @wire; @wire2; @blog#cost; @gone#x]."
        snap["discrepancies"]["workers"]["values"][0]["value"] = 5001
        snap["sources"]["blog"]["outlet"] = " Unknown "
    assert [c.words for c in edited(three) if c.kind == "discrepancy"] == [
        "the figure from Example Wire and “A Post” moved from 5,000 workers to 5,001 workers"]


def test_the_briefings_title_subtitle_and_description():
    def briefing(snap):
        snap["briefing"].update(title="The Bridge", subtitle=None, description="What is known now [@wire#agreed].")
    found = edited(briefing)
    assert told(found) == [
        ("briefing", "renamed", "", "The briefing “The Bridge”: title changed from “The Crossing”."),
        ("briefing", "reworded", "", "The briefing “The Bridge”: subtitle changed."),
        ("briefing", "reworded", "", "The briefing “The Bridge”: description re-worded.")]
    assert (found[1].before, found[1].after) == ("Talks on a bridge", "")
    assert urls.Addresses().url(found[0].target) == ""
    old, new = invented(), invented()
    old["briefing"]["subtitle"], new["briefing"]["subtitle"] = None, ""
    assert changes.diff(old, new) == []
    old["briefing"]["subtitle"], new["briefing"]["subtitle"] = None, "A subtitle"
    assert [(c.before, c.after) for c in changes.diff(old, new)] == [("", "A subtitle")]
    assert changes.diff(old, dict(new, briefing={})) == []
    del old["briefing"]
    assert changes.diff(old, new) == []  # an older release without the briefing: nothing to compare it with


def test_changes_are_grouped_counted_and_found_by_item():
    def many(snap):
        snap["judgements"]["deal"]["confidence"] = "low"
        snap["claims"]["wire#agreed"]["type"] = "statement"
        snap["claims"]["wire#agreed"]["quote"] = "Another quote."
        snap["sources"]["blog"]["outlet"] = "A Blog"
    found = edited(many)
    assert [(kind, [[c.action for c in item] for item in items]) for kind, items in changes.grouped(found)] == [
        ("judgement", [["confidence"]]), ("source", [["outlet"]]), ("claim", [["requoted", "retyped"]])]
    assert changes.counted(found) == "3 items changed (4 changes)"
    assert changes.counted(found[:2]) == "2 items changed"
    assert changes.counted([]) == "0 items changed"
    assert changes.counted(found[2:], german()) == "1 Eintrag geändert (2 Änderungen)"
    claim = found[2]
    assert changes.touches(claim, "claim", "wire#agreed") and changes.touches(claim, "source", "wire")
    assert not changes.touches(claim, "source", "blog") and not changes.touches(claim, "claim", "blog#cost")
    assert not changes.touches(claim, "theme", "wire") and not changes.touches(found[1], "claim", "blog")
    assert changes.touches(found[1], "source", "blog") and not changes.touches(found[0], "judgement", "other")


def test_every_change_is_told_in_the_briefings_language():
    def everything(snap):
        snap["briefing"].update(title="The Bridge", subtitle=None, description="What is known now [@wire#agreed].")
        snap["judgements"]["deal"].update(
            text="The two countries agreed to build a bridge over the river soon [@wire#agreed; @blog].",
            confidence="low", likelihood=None)
        snap["judgements"]["new"] = {"text": "A new judgement [@wire].", "confidence": "high", "likelihood": None}
        snap["themes"]["bridge"].update(title="The new bridge", watch_next=["Who pays."], sections=[
            {"heading": "The deal", "body": "The ministers agreed [@wire#agreed]."},
            {"heading": "Costs", "body": "Nobody has said who will pay for it [@blog#cost]."},
            {"heading": "Costs", "body": "A second costs section."}])
        snap["sources"]["wire"].update(title="Talks End", outlet="Other Wire", reliability="C", summary="They met.")
        snap["claims"]["wire#agreed"].update(quote="Other.", type="statement", grade="B2")
        snap["claims"]["blog#cost"].update(grade="F4")
        snap["events"]["2025-02"].update(date="2025-03-04", text="Ministers meet in Zenda again [@wire#agreed].")
        snap["entities"]["zenda"]["name"] = "Zenda City"
        disc = snap["discrepancies"]["workers"]
        disc.update(question="How many workers does it need?", unit=None, note="Estimates differ widely.")
        disc["values"] = [dict(disc["values"][0], value=6000),
                          dict(disc["values"][1], text="A post says 4,500 now [@blog#cost]."),
                          {"text": "Nobody knows.", "value": None, "label": None}]
        snap["discrepancies"]["new"] = {"question": "Who?", "kind": "account", "unit": None, "note": None, "values": []}
    assert [c.sentence for c in edited_in(everything, german())] == [
        "Key judgement „The two countries agreed to build a bridge over the river soon“: umformuliert.",
        "Key judgement „The two countries agreed to build a bridge over the river soon“: Belege geändert: zitiert "
        "jetzt auch „A Post“.",
        "Key judgement „The two countries agreed to build a bridge over the river soon“: Konfidenz gesenkt: mittel → "
        "gering.",
        "Key judgement „The two countries agreed to build a bridge over the river soon“: Wahrscheinlichkeit nicht "
        "mehr angegeben (bisher wahrscheinlich).",
        "Key judgement „A new judgement“: hinzugefügt.",
        "Theme „The new bridge“: umbenannt (bisher „The bridge“).",
        "Theme „The new bridge“: Überschrift des Abschnitts geändert: „The agreement“ → „The deal“.",
        "Theme „The new bridge“: Abschnitt „Costs“ umformuliert.",
        "Theme „The new bridge“: Belege des Abschnitts „Costs“ geändert: zitiert jetzt auch „The bridge costs 2 "
        "billion“ in „A Post“.",
        "Theme „The new bridge“: Abschnitt „Costs“ hinzugefügt.",
        "Theme „The new bridge“: Ausblick geändert.",
        "Discrepancy „Who?“: hinzugefügt.",
        "Discrepancy „How many workers does it need?“: Frage umformuliert.",
        "Discrepancy „How many workers does it need?“: Einheit geändert: workers → keine.",
        "Discrepancy „How many workers does it need?“: Anmerkung umformuliert.",
        "Discrepancy „How many workers does it need?“: Zahl von Other Wire geändert: 5.000 workers → 6.000.",
        "Discrepancy „How many workers does it need?“: Angabe von „A Post“ umformuliert.",
        "Discrepancy „How many workers does it need?“: Angabe hinzugefügt: „Nobody knows“.",
        "Source „Talks End“ (Other Wire): Titel geändert (bisher „Talks Make Progress“).",
        "Source „Talks End“ (Other Wire): Medium geändert: Example Wire → Other Wire.",
        "Source „Talks End“ (Other Wire): Zuverlässigkeit gesenkt: B (meist zuverlässig) → C (ziemlich zuverlässig).",
        "Source „Talks End“ (Other Wire): Zusammenfassung umformuliert.",
        "Claim „The bridge costs 2 billion“ in „A Post“: Einstufung geändert: F6 (Wahrheitsgehalt nicht beurteilbar) "
        "→ F4 (zweifelhaft); zitiert in dem Thema „The new bridge“.",
        "Claim „The ministers agreed to build a bridge“ in „Talks End“: Zitat geändert.",
        "Claim „The ministers agreed to build a bridge“ in „Talks End“: Typ geändert: Bericht → Äußerung.",
        "Claim „The ministers agreed to build a bridge“ in „Talks End“: Einstufung angehoben: B3 (möglicherweise "
        "zutreffend) → B2 (wahrscheinlich zutreffend); zitiert in der zentralen Einschätzung „The two countries "
        "agreed to build a bridge…“ und dem Thema „The new bridge“.",
        "Event 4. März 2025: „Ministers meet in Zenda again“: Datum geändert: Februar 2025 → 4. März 2025.",
        "Event 4. März 2025: „Ministers meet in Zenda again“: umformuliert.",
        "Entity Zenda City: umbenannt (bisher Zenda).",
        "The briefing „The Bridge“: Titel geändert (bisher „The Crossing“).",
        "The briefing „The Bridge“: Untertitel geändert.",
        "The briefing „The Bridge“: Beschreibung umformuliert."]


def test_removals_figures_and_values_are_told_in_the_briefings_language():
    de = german()
    assert [c.sentence for c in changes.diff(invented(), {}, de)] == [
        "Key judgement „The two countries agreed to build a bridge over the river“: entfernt.",
        "Theme „The bridge“: entfernt.",
        "Discrepancy „How many workers are needed?“: abgeschlossen (entfernt).",
        "Source „A Post“: entfernt.",
        "Source „Talks Make Progress“ (Example Wire): entfernt.",
        "Event Februar 2025: „Ministers meet in Zenda“: entfernt.",
        "Entity Zenda: entfernt."]
    old, new = invented(), invented()
    bare = {"text": "Nobody knows.", "value": None, "label": None}
    old["judgements"]["deal"]["likelihood"] = None
    old["discrepancies"]["workers"].update(unit=None, values=[
        bare, dict(bare, text="Two [@wire; @blog].", value=2), dict(bare, text="Unsaid."), dict(bare, text="Gone.")])
    new["discrepancies"]["workers"]["values"] = [
        dict(bare, value=3), dict(bare, text="Two [@wire; @blog].", value=2.5), dict(bare, text="Not said [@zzz].")]
    new["events"]["2025-02"]["date"] = None
    assert [c.words for c in changes.diff(old, new, de)] == [
        "Wahrscheinlichkeit angegeben: wahrscheinlich", "Einheit geändert: keine → workers",
        "Zahl geändert: keine Zahl → 3 workers", "Zahl von Example Wire und „A Post“ geändert: 2 → 2,5 workers",
        "Angabe hinzugefügt: „Not said“", "Angabe entfernt: „Unsaid“", "Angabe entfernt: „Gone“",
        "Datum geändert: Februar 2025 → undatiert"]
    new["discrepancies"]["workers"]["values"] = [dict(bare, text="Nobody knows yet.")]
    old["discrepancies"]["workers"]["values"] = [bare]
    assert [c.words for c in changes.diff(old, new, de)][2] == "Angabe umformuliert"


def test_a_section_with_half_its_words_kept_is_the_same_section_renamed():
    old = [{"heading": "Costs", "body": "Nobody knows who pays."}]
    new = [{"heading": "Who pays", "body": "Nobody knows the price."}]  # 2 words of 4 alike: 2 × 2 / 8 = SIMILAR
    assert prose.similarity(old[0]["body"], new[0]["body"]) == prose.SIMILAR
    found = changes.diff({"themes": {"t": dict(invented()["themes"]["bridge"], sections=old)}},
                         {"themes": {"t": dict(invented()["themes"]["bridge"], sections=new)}})
    assert [c.words for c in found] == ["section heading changed: “Costs” → “Who pays”", "section “Who pays” re-worded"]


def test_an_event_whose_id_is_any_word_is_still_told_added_and_removed():
    old, new = invented(), invented()
    for snap in (old, new):
        snap["events"] = {"XXXX": {"date": "2024", "text": "An event the editor named."}}
    new["events"]["later"] = {"date": "2026", "text": "Something else entirely happens."}
    assert told(changes.diff(old, new)) == [
        ("event", "added", "later", "Event 2026: “Something else entirely happens”: added.")]
    assert told(changes.diff(new, old)) == [
        ("event", "removed", "later", "Event 2026: “Something else entirely happens”: removed.")]


def test_a_changed_section_is_told_on_its_theme_and_links_to_it():
    def sections(*new):
        found = edited(lambda s: s["themes"]["bridge"].update(sections=list(new)))
        assert {urls.Addresses().url(c.target) for c in found} == {"themes/bridge/"}
        return told(found)
    renamed = {"heading": "Who pays", "body": "Nobody has yet said who pays for it [@blog#cost]."}
    agreement = invented()["themes"]["bridge"]["sections"][0]
    assert sections(agreement, renamed) == [
        ("theme", "sections", "bridge", "Theme “The bridge”: section heading changed: “Costs” → “Who pays”."),
        ("theme", "sections", "bridge", "Theme “The bridge”: section “Who pays” re-worded."),
        ("theme", "sections", "bridge", "Theme “The bridge”: section “Who pays” citations changed: now also cites "
                                        "“The bridge costs 2 billion” in “A Post”.")]
    assert sections(agreement) == [("theme", "sections", "bridge", "Theme “The bridge”: section “Costs” removed.")]


def test_a_section_alike_two_gone_ones_takes_the_first_of_them():
    old = [{"heading": "A", "body": "one two three four five"}, {"heading": "B", "body": "one two three four six"}]
    new = [{"heading": "C", "body": "one two three four seven"}]
    theme = invented()["themes"]["bridge"]
    found = changes.diff({"themes": {"t": dict(theme, sections=old)}}, {"themes": {"t": dict(theme, sections=new)}})
    assert [c.words for c in found] == ["section heading changed: “A” → “C”", "section “C” re-worded",
                                        "section “B” removed"]


def test_a_section_of_citations_alone_is_not_taken_for_another():
    old = [{"heading": "Gone", "body": "Some words gone."}, {"heading": "Sources", "body": "[@wire]"}]
    new = [{"heading": "Costs", "body": "Nobody has said."}, {"heading": "More", "body": "[@blog]"}]
    theme = invented()["themes"]["bridge"]
    found = changes.diff({"themes": {"t": dict(theme, sections=old)}}, {"themes": {"t": dict(theme, sections=new)}})
    assert [c.words for c in found] == ["section “Costs” added", "section heading changed: “Sources” → “More”",
                                        "section “More” citations changed: now also cites blog; no longer cites wire",
                                        "section “Gone” removed"]


def test_a_values_change_is_told_on_its_discrepancy():
    def values(*new):
        found = edited(lambda s: s["discrepancies"]["workers"].update(values=list(new)))
        assert {urls.Addresses().url(c.target) for c in found} == {"discrepancies/#discrepancy-workers"}
        return told(found)
    officials, post = invented()["discrepancies"]["workers"]["values"]
    disc = "Discrepancy “How many workers are needed?”"
    assert values(dict(officials, text="Officials now say 5,000 [@wire#agreed]."), post) == [
        ("discrepancy", "values", "workers", f"{disc}: the value from Example Wire re-worded.")]
    assert values(officials) == [("discrepancy", "values", "workers", f"{disc}: value removed: “A post says 4,500”.")]
    old, new = invented(), invented()
    old["discrepancies"]["workers"]["values"] = [{"text": "Nobody knows.", "value": None, "label": None}]
    new["discrepancies"]["workers"]["values"] = [{"text": "Nobody knows yet.", "value": None, "label": None}]
    found = changes.diff(old, new)
    assert told(found) == [("discrepancy", "values", "workers", f"{disc}: the value re-worded.")]
    assert urls.Addresses().url(found[0].target) == "discrepancies/#discrepancy-workers"


def test_what_a_re_wording_is_told_on_links_to_the_item():
    def everything(snap):
        snap["briefing"]["subtitle"] = "Talks on a new bridge"
        snap["claims"]["wire#agreed"]["quote"] = "They agreed to build a new one."
        snap["discrepancies"]["workers"]["question"] = "How many workers are needed now?"
        snap["themes"]["bridge"]["watch_next"] = ["Who pays."]
    assert [(c.action, urls.Addresses().url(c.target)) for c in edited(everything)] == [
        ("watch", "themes/bridge/"), ("reworded", "discrepancies/#discrepancy-workers"),
        ("requoted", "sources/wire/#claim-agreed"), ("reworded", "")]


def test_a_source_added_or_removed_does_not_hide_the_changes_of_later_ones():
    def changes_after(snap):
        del snap["sources"]["blog"], snap["claims"]["blog#cost"]
        snap["discrepancies"]["workers"]["values"].pop()
        snap["claims"]["wire#agreed"]["type"] = "statement"
        snap["events"]["2024"] = {"date": "2024", "text": "A first proposal."}
        snap["events"]["2025-02"]["text"] = "Ministers meet in Zenda again [@wire#agreed]."
    assert [(c.kind, c.action, c.id) for c in edited(changes_after)] == [
        ("discrepancy", "values", "workers"), ("source", "removed", "blog"), ("claim", "retyped", "wire#agreed"),
        ("event", "added", "2024"), ("event", "reworded", "2025-02")]


def test_snapshots_with_only_some_parts_are_compared_part_by_part():
    judgement = {"text": "A judgement [@wire#agreed].", "confidence": "low", "likelihood": None}
    found = changes.diff({"judgements": {"j": judgement}},
                         {"judgements": {"j": dict(judgement, text="A judgement [@wire#agreed; @blog; @x#y].")}})
    assert [c.words for c in found] == ["citations changed: now also cites blog and x#y"]
    disc = {"question": "How many?", "kind": "figure", "unit": None, "note": None,
            "values": [{"text": "Five [@wire].", "value": 5, "label": None}]}
    found = changes.diff({"discrepancies": {"d": disc}},
                         {"discrepancies": {"d": dict(disc, values=[dict(disc["values"][0], value=6)])}})
    assert [c.words for c in found] == ["the figure moved from 5 to 6"]


def event_changes(old: dict[str, tuple[str, str]], new: dict[str, tuple[str, str]]) -> list[tuple[str, str, str]]:
    """What changes.diff tells of two timelines given as {id: (date, text)}: (action, id, sentence) each."""
    def snap(events: dict[str, tuple[str, str]]) -> dict:
        return {"events": {event_id: {"date": date, "text": text} for event_id, (date, text) in events.items()}}

    return [(c.action, c.id, c.sentence) for c in changes.diff(snap(old), snap(new))]


def test_an_event_of_the_same_words_added_beside_one_unchanged_is_told_as_added():
    assert event_changes({"2024": ("2024", "Talks resume in Zenda.")},
                         {"2023": ("2023", "Talks resume in Zenda."), "2024": ("2024", "Talks resume in Zenda.")}) == [
        ("added", "2023", "Event 2023: “Talks resume in Zenda”: added.")]


def test_of_events_of_the_same_words_the_one_of_the_same_date_and_then_id_stays():
    talks = "Talks resume in Zenda."
    assert event_changes({"2024": ("2024", talks), "2025": ("2025", talks)}, {"2025": ("2025", talks)}) == [
        ("removed", "2024", "Event 2024: “Talks resume in Zenda”: removed.")]
    assert event_changes({"2025": ("2025", talks), "2025-n2": ("2025", talks)}, {"2025": ("2025", talks)}) == [
        ("removed", "2025-n2", "Event 2025: “Talks resume in Zenda”: removed.")]


def test_of_events_equally_alike_the_one_of_the_same_date_then_id_then_the_first_is_matched():
    before, after = "Talks begin in Zenda.", "Talks begin in Zenda today."
    assert [c[:2] for c in event_changes({"2024": ("2024", before)},
                                         {"2024": ("2024", after), "2025": ("2025", after)})] == [
        ("reworded", "2024"), ("added", "2025")]
    assert [c[:2] for c in event_changes({"2025": ("2025", before)},
                                         {"2025": ("2025", after), "2025-n2": ("2025", after)})] == [
        ("reworded", "2025"), ("added", "2025-n2")]
    assert [c[:2] for c in event_changes({"2024": ("2024", before)},
                                         {"2025": ("2025", after), "2026": ("2026", "Talks begin in Zenda again.")})] == [
        ("redated", "2025"), ("reworded", "2025"), ("added", "2026")]
    assert [c[:2] for c in event_changes({"2024": ("2024", after), "2025": ("2025", "Talks begin in Zenda again.")},
                                         {"2026": ("2026", before)})] == [
        ("removed", "2025"), ("redated", "2026"), ("reworded", "2026")]  # the new one is the old 2024


def test_an_event_sharing_half_its_words_is_the_same_event_re_worded():
    assert prose.similarity("Talks begin in Zenda.", "Talks begin at Strelsau.") == prose.SIMILAR
    assert event_changes({"2024": ("2024", "Talks begin in Zenda.")}, {"2025": ("2025", "Talks begin at Strelsau.")}) == [
        ("redated", "2025", "Event 2025: “Talks begin at Strelsau”: date changed: 2024 → 2025."),
        ("reworded", "2025", "Event 2025: “Talks begin at Strelsau”: re-worded.")]


def test_an_event_given_the_id_its_old_date_gave_it_keeps_it_whatever_its_date_and_words():
    # Re-dated to 2026, the event was given the id "2025", so that links to #event-2025 still find it.
    assert [c[:2] for c in event_changes({"2025": ("2025", "Talks begin in Zenda.")},
                                         {"2025": ("2026", "Negotiations open at the castle.")})] == [
        ("redated", "2025"), ("reworded", "2025")]


LONG_EVENT = (
    "The ministers of Ruritania and Freedonia met in the old castle of Zenda on Monday and agreed on the plan for the "
    "bridge over the river, which the engineers of both countries had drawn in the years before the war, and they said "
    "that the work would start in the spring, that the first pillars would be set in the river before the floods, and "
    "that the cost would be shared by the two governments in equal parts, with the rest to come from the banks of the "
    "region and from the fund for the border that the two cabinets set up last year. The minister of transport of "
    "Ruritania, Anna Berg, said that the bridge would be finished in two years and that five thousand workers would be "
    "needed, more than ever before in the history of the region, and that the crews would come from the towns on both "
    "banks of the river. The officials of Zenda said that the town would house the workers in the old barracks by the "
    "station and in new houses on the hill above the harbour, and that the roads to the river would be closed to trucks "
    "at night while the pillars are set, from the first of March to the end of the summer.")
LONG_EVENT_REWORDED = (
    "The foreign ministers of Freedonia and Ruritania gathered in the ruined castle of Zenda last Monday and signed off "
    "the design of the crossing over the water, which surveyors from both nations had sketched in the decade before the "
    "conflict, and they announced that building would begin in April, that the first piers would be sunk in the water "
    "ahead of the rains, and that the bill would be split by the two states in equal shares, with the balance to come "
    "from the lenders of the area and from the border fund that the two governments created a year ago. The transport "
    "minister of Ruritania, Anna Berg, said that the crossing would be complete within two years and that five thousand "
    "labourers would be hired, more than at any time in the history of the area, and that the gangs would come from the "
    "villages along both shores of the water. Zenda's officials said that the town would lodge the labourers in the "
    "disused barracks near the station and in fresh homes on the slope above the port, and that the lanes to the water "
    "would be shut to lorries after dark while the piers are sunk, from early March until late summer.")


def test_a_long_event_re_worded_is_judged_by_all_its_words_as_a_short_one():
    assert len(LONG_EVENT.split()) > 200  # where difflib would, by default, leave its most frequent words out
    assert [c[:2] for c in event_changes({"2024": ("2024", LONG_EVENT)}, {"2024": ("2024", LONG_EVENT_REWORDED)})] == [
        ("reworded", "2024")]


def test_an_event_whose_text_is_only_a_citation_is_not_taken_for_one_with_words():
    assert [c[:2] for c in event_changes({"2024": ("2024", "Talks begin in Zenda.")},
                                         {"2025": ("2025", "[@example-talks#bridge-agreed]")})] == [
        ("removed", "2024"), ("added", "2025")]
    assert [c[:2] for c in event_changes({"2024": ("2024", "[@example-talks#bridge-agreed]")},
                                         {"2025": ("2025", "Talks begin in Zenda.")})] == [
        ("removed", "2024"), ("added", "2025")]
