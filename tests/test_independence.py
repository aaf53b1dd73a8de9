"""Independence is established, never assumed: grade 1, the independent-source counts and shared origins."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from bs4 import BeautifulSoup

from builder.checks import rules as checks
from builder.model import load
from builder.model import settings
from builder.pages import prepare as build
from builder.sources import shared_text
from conftest import REPO, edit, write_lock
from support import WIRE, news_report, second_source

# Two long passages of plain words, so that a copy of one is found and a short quote is not.
def grade(project, key: str) -> int:
    return checks.check(load.load(project.root)).sourcing.credibility[key]


def warnings_of(project) -> list[str]:
    return [str(w) for w in checks.check(load.load(project.root)).warnings if w.severity == "warning"]


def test_two_sources_of_unknown_outlet_do_not_confirm_each_other(project):
    text = project.read("content/sources/example-talks.yaml").replace("outlet: Example Wire", "outlet: unknown")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    second_source(project)
    assert grade(project, "second-report#bridge") == 2
    assert grade(project, "example-talks#bridge-agreed") == 2
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    claim = BeautifulSoup(project.html("sources/example-talks"), "html.parser").select_one("#claim-bridge-agreed")
    assert "F2: probably true (corroborated; independence not established)" in " ".join(claim.get_text().split())
    home = BeautifulSoup(project.html(""), "html.parser").select_one("#judgement-bridge-planned .bf-support")
    assert home.get_text() == "2 sources; independence not established"


def test_a_known_different_outlet_confirms(project):
    second_source(project, outlet="Other Daily")
    assert grade(project, "example-talks#bridge-agreed") == 1
    assert grade(project, "second-report#bridge") == 1


def test_an_editors_reasoned_statement_establishes_independence_and_is_shown(project):
    text = project.read("content/sources/example-talks.yaml").replace("outlet: Example Wire", "outlet: unknown")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    second_source(project, extra="""\
        independent_of:
          - source: example-talks
            reason: Filed by our own correspondent in Zenda, who saw the signing.
        """)
    assert grade(project, "example-talks#bridge-agreed") == 1
    pages = build.prepare(settings.read(project.root)).texts  # as the build renders them, in this process
    for page in ("sources/second-report.md", "sources/example-talks.md"):  # shown on both sides
        relations = BeautifulSoup(pages[page], "html.parser").select_one("ul.bf-relations").get_text(" ")
        assert "Independent of" in relations and "own correspondent in Zenda" in relations


def test_sources_of_one_origin_never_corroborate_each_other(project):
    second_source(project, outlet="Other Daily", extra="""\
        shares_origin_with:
          - source: example-talks
            reason: Both reprint the same ministry press release.
        """)
    assert grade(project, "second-report#bridge") == 3  # the editor's own grade: the link counts for nothing
    assert grade(project, "example-talks#bridge-agreed") == 6
    assert warnings_of(project) == [
        "content/sources/second-report.yaml:15: warning: claim 'bridge' corroborates 'example-talks#bridge-agreed', "
        "but the two sources share an origin: the link confirms nothing (drop the link)"]


def test_a_long_shared_passage_is_found_named_and_counted_as_one_origin(project):
    article = project.root / "archive" / "article.txt"
    article.write_text(article.read_text() + WIRE + "\n")
    write_lock(project.root)
    second_source(project, outlet="Other Daily", text="Report. " + WIRE + " The ministers agreed on a bridge in Zenda.")
    found = [w for w in warnings_of(project) if "share a passage" in w]
    assert len(found) == 1, found
    assert found[0] == (
        "content/sources/example-talks.yaml:8: warning: the archived texts of 'example-talks' and 'second-report' "
        "share a passage of 54 words (word 60 of article.txt, word 2 of second.txt: \"The transport ministry of "
        "Ruritania said on Tuesday...\"); they are counted as one origin (say which is true: `shares_origin_with` or "
        "`independent_of` (source: second-report, with the reason))")
    assert grade(project, "second-report#bridge") == 3  # different outlets, but one origin: no confirmation


def test_a_passage_copied_with_a_capital_dotted_i_written_without_its_dot_is_still_one_shared_passage(project):
    """Words are compared in small letters: Turkish 'İstanbul' and English 'Istanbul' are one word then (its
    dot a mark that is not a letter), as they are not in capitals ('İSTANBUL', 'ISTANBUL')."""
    article = project.root / "archive" / "article.txt"
    article.write_text(article.read_text() + WIRE.replace("the river", "the river at İstanbul") + "\n")
    second_source(project, outlet="Other Daily",
                  text="Report. " + WIRE.replace("the river", "the river at Istanbul") + " The ministers agreed on a bridge in Zenda.")
    found = [w for w in warnings_of(project) if "share a passage" in w]
    assert len(found) == 1 and "share a passage of 56 words" in found[0], found


def test_an_editor_who_knows_better_overrides_a_shared_passage(project):
    article = project.root / "archive" / "article.txt"
    article.write_text(article.read_text() + WIRE + "\n")
    second_source(project, outlet="Other Daily", text="Report. " + WIRE + " The ministers agreed on a bridge in Zenda.",
                  extra="""\
        independent_of:
          - source: example-talks
            reason: Both quote the ministry's statement in full; the reporting around it is their own.
        """)
    assert warnings_of(project) == []
    assert grade(project, "second-report#bridge") == 1


def test_a_short_shared_quote_is_not_a_shared_origin(project):
    quote = " ".join(WIRE.split()[: shared_text.MIN_WORDS - 10])
    article = project.root / "archive" / "article.txt"
    article.write_text(article.read_text() + quote + ".\n")
    second_source(project, outlet="Other Daily", text=f"Report. {quote}. The ministers agreed on a bridge in Zenda.")
    assert warnings_of(project) == []
    assert grade(project, "second-report#bridge") == 1


def test_shared_passages_are_known_from_the_lock_where_the_archive_is_not(project):
    article = project.root / "archive" / "article.txt"
    article.write_text(article.read_text() + WIRE + "\n")
    second_source(project, outlet="Other Daily", text="Report. " + WIRE + " The ministers agreed on a bridge in Zenda.")
    assert '"words": ' in project.read("content/quotes.lock")
    project.write("content/briefing.yaml", project.read("content/briefing.yaml").replace("archive: archive",
                                                                                           "archive: elsewhere"),
                  dedent=False)
    found = warnings_of(project)
    assert any("share a passage of" in w for w in found), found


def copy_source(project, source_id: str, outlet: str, text: str) -> None:
    """A source without claims, its archived text `text`."""
    news_report(project, source_id, title=f"Report {source_id}", outlet=outlet, archive=f"{source_id}.txt", text=text,
                summary="One more account of the talks.", claims=" []\n")


def test_a_shared_passage_the_lock_records_for_sources_since_removed_is_left_out(project):
    copy_source(project, "a-copy", "First Daily", "Report. " + WIRE)
    copy_source(project, "z-copy", "Last Daily", "Copied. " + WIRE)
    write_lock(project.root)
    assert '"a": "a-copy.txt", "b": "z-copy.txt"' in project.read("content/quotes.lock")
    for source_id in ("a-copy", "z-copy"):  # removed, and the lock not written again
        (project.root / "content" / "sources" / f"{source_id}.yaml").unlink()
    project.write("content/briefing.yaml", project.read("content/briefing.yaml").replace("archive: archive",
                                                                                           "archive: elsewhere"),
                  dedent=False)  # built from the lock, as where the archive is not
    assert warnings_of(project) == []
    assert grade(project, "example-talks#bridge-agreed") == 6


def independent_of_judgement(project, outlets: dict[str, str], declared: dict[str, list[str]]) -> int:
    """The key judgement made to cite these sources (id: outlet), with their declared independence (id: ids):
    how many independent sources it rests on."""
    for source_id, outlet in outlets.items():
        copy_source(project, source_id, outlet, f"Report {source_id} on the talks.")
        if source_id in declared:
            project.write(f"content/sources/{source_id}.yaml", project.read(f"content/sources/{source_id}.yaml")
                          + "independent_of:\n" + "".join(f"  - source: {other}\n    reason: Its own reporting.\n"
                                                          for other in declared[source_id]), dedent=False)
    cited = "; ".join(f"@{source_id}" for source_id in outlets)
    edit(project, "content/briefing.yaml", "[@example-talks#bridge-agreed]", f"[{cited}]")
    write_lock(project.root)
    model = load.load(project.root)
    return checks.check(model).sourcing.support_of(model.briefing.key_judgements[0]).independent


def test_up_to_sixteen_sources_the_most_that_are_all_independent_are_counted_exactly(project):
    # One source is independent of eleven others that are not of each other, nor of the last four, which are
    # of distinct outlets: the four, not the one and any of the eleven.
    others = [f"s{n:02}" for n in range(1, 12)]
    outlets = {"hub": "unknown", **dict.fromkeys(others, "unknown"), **{f"a{n}": f"Outlet {n}" for n in range(1, 5)}}
    assert len(outlets) == 16
    assert independent_of_judgement(project, outlets, {"hub": others}) == 4


def test_above_sixteen_sources_the_count_starts_from_those_independent_of_the_most(project):
    outlets = {**{f"a{n:02}": "unknown" for n in range(1, 13)}, **{f"z{n}": f"Outlet {n}" for n in range(1, 6)}}
    assert len(outlets) == 17
    assert independent_of_judgement(project, outlets, {}) == 5


def test_finding_shared_passages_gives_the_same_answer_in_every_process():
    script = ("from builder.sources import shared_text; "
              f"t = {WIRE!r}; "
              "print(shared_text.find({'a.txt': 'x y z ' + t, 'b.txt': t + ' q', 'c.txt': 'nothing shared here'}))")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO,
                              env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout for seed in ("1", "2", "3")}
    assert len(outputs) == 1 and "SharedPassage(a='a.txt', b='b.txt'" in outputs.pop()


def test_claims_set_against_each_other_in_a_discrepancy_cannot_corroborate(project):
    second_source(project, outlet="Other Daily", quote="The ministers agreed on a bridge in Zenda.")
    project.write("content/discrepancies.yaml", project.read("content/discrepancies.yaml") + textwrap.indent(textwrap.dedent("""\
          - id: agreed-where
            question: Where was it agreed?
            kind: account
            values:
              - text: In Zenda, by one report [@example-talks#bridge-agreed].
              - text: In Zenda, by the other [@second-report#bridge].
        """), "  "), dedent=False)
    assert project.problems() == [
        "content/sources/second-report.yaml:15: claim 'bridge' corroborates 'example-talks#bridge-agreed', but "
        "discrepancy 'agreed-where' sets the two against each other (split the part they share into claims of "
        "its own, or drop the link)"]


def test_relations_must_name_another_real_source_and_never_both_ways(project):
    second_source(project, outlet="Other Daily", extra="""\
        independent_of:
          - source: example-talk
            reason: A typo.
          - source: second-report
            reason: Itself.
          - source: example-talks
            reason: Separate reporting.
        shares_origin_with:
          - source: example-talks
            reason: The same press release.
        """)
    found = project.problems()
    assert "content/sources/second-report.yaml:18: unknown source 'example-talk' in 'independent_of' " \
           "(did you mean 'example-talks'?)" in found
    assert "content/sources/second-report.yaml:20: source 'second-report' names itself in 'independent_of'" in found
    assert any(f.startswith("content/sources/second-report.yaml:25: sources 'example-talks' and 'second-report' are "
                            "declared both independent and of one origin") for f in found), found


def test_the_dashboard_lists_what_cites_several_sources_of_unestablished_independence(project):
    text = project.read("content/sources/example-talks.yaml").replace("outlet: Example Wire", "outlet: unknown")
    project.write("content/sources/example-talks.yaml", text, dedent=False)
    second_source(project, corroborates="[]")
    project.write("content/themes/bridge.yaml", project.read("content/themes/bridge.yaml").replace(
        "The ministers agreed in Zenda [@example-talks#bridge-agreed].",
        "The ministers agreed in Zenda [@example-talks#bridge-agreed; @second-report#bridge]."), dedent=False)
    assert project.briefing("build").returncode == 0
    dashboard = BeautifulSoup(project.html("sourcing"), "html.parser").select_one("ul.bf-unestablished")
    assert [li.a.get_text() for li in dashboard.select("li")] == ["The bridge: The agreement"]
    theme = BeautifulSoup(project.html("themes/bridge"), "html.parser")
    assert "2 sources; independence not established" in [s.get_text() for s in theme.select(".bf-support")]
