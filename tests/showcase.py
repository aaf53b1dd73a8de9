"""A second briefing for the tests that look at a whole built site, beside this repository's own.

It is started with `briefing init`, as a new user would, and holds a richer
variant of the conftest project: a second source with a long address, a
numeric discrepancy whose figures differ, events in two years, two related
themes that mention entities, a source whose summary cites its own claims.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import ARTICLE, FILES as BASE_FILES, REPO, Project

SECOND_ARTICLE = """\
Harbour Deal Questioned
Print this page
The Ruritanian transport ministry now says that 7,500 workers will be needed for the bridge at Zenda.
Critics in Freedonia put the figure at 12,000 and warn that the cost will double.
Minister Anna Berg first proposed the crossing at a meeting in Strelsau in 2024.
"""

# Who publishes the showcase: every page's footer, the print view and the metadata show it (issue 32).
PUBLICATION = """\
        publisher:
          name: Example Policy Desk
          url: https://desk.example.org/
        authors:
          - name: Ann Example
            role: editor
        contact: briefing@desk.example.org
        licence:
          name: CC BY 4.0
          url: https://creativecommons.org/licenses/by/4.0/
        """

FILES = {
    "content/briefing.yaml": BASE_FILES["content/briefing.yaml"].replace("        key_judgements:\n",
                                                                         PUBLICATION + "key_judgements:\n"),
    "content/sources/harbour-deal.yaml": """\
        title: Harbour Deal Questioned
        outlet: Strelsau Review
        author: Jan Kowalski
        published:
          date: "2025-02-28"
        url: https://news.example.org/2025/02/28/analysis/harbour-deal-questioned-by-critics-in-freedonia-and-ruritania-who-doubt-the-official-figures
        kind: analysis
        archive: second.txt
        summary: >-
          The transport ministry raised its estimate of the workforce [@harbour-deal#ministry-7500];
          critics give a higher figure still [@harbour-deal#critics-12000].
        claims:
          - id: ministry-7500
            type: statement
            by: ruritania
            text: The Ruritanian transport ministry says 7,500 workers will be needed.
            quote: The Ruritanian transport ministry now says that 7,500 workers will be needed for the bridge at Zenda.
          - id: critics-12000
            type: assessment
            by: freedonian-critics
            text: Critics in Freedonia estimate 12,000 workers.
            quote: Critics in Freedonia put the figure at 12,000 and warn that the cost will double.
          - id: proposed-2024
            type: reported
            text: Anna Berg first proposed the crossing in Strelsau in 2024.
            quote: Minister Anna Berg first proposed the crossing at a meeting in Strelsau in 2024.
        """,
    "content/themes/bridge.yaml": """\
        title: The bridge
        order: 1
        bottom_line: A bridge is planned, by one account within two years [@example-talks#bridge-agreed; @example-talks#berg-two-years].
        confidence: moderate
        confidence_reason: A single source.
        likelihood: likely
        sections:
          - heading: The agreement
            body: |
              The ministers agreed in Zenda [@example-talks#bridge-agreed]. Anna Berg expects
              the work to take two years [@example-talks#berg-two-years], and Zenda is named again here.

              Officials estimate 5,000 workers [@example-talks#workers-5000]; the Harbour Deal
              analysis reports higher figures [@harbour-deal#ministry-7500].
        watch_next:
          - Whether work starts [@example-talks#berg-two-years].
        related: [costs]
        """,
    "content/themes/costs.yaml": """\
        title: Costs and workforce
        order: 2
        bottom_line: Estimates of the workforce range from 5,000 to 12,000 [@example-talks#workers-5000; @harbour-deal#critics-12000].
        confidence: low
        confidence_reason: The sources disagree.
        sections:
          - heading: Workforce
            body: |
              Ruritania now says 7,500 workers will be needed [@harbour-deal#ministry-7500], as its
              [workforce notice](https://ministry.example.org/notices/bridge-workforce) also states.

              The three estimates, the ministry's, the critics' and the officials', differ
              [@harbour-deal#ministry-7500; @harbour-deal#critics-12000; @example-talks#workers-5000].
        related: [bridge]
        """,
    "content/timeline.yaml": """\
        events:
          - date: "2024"
            text: Anna Berg proposes the crossing in Strelsau [@harbour-deal#proposed-2024].
          - date: "2025-02"
            text: Ministers meet in Zenda [@example-talks#bridge-agreed].
          - date: "2025-02-28"
            text: The ministry raises its estimate to 7,500 workers [@harbour-deal#ministry-7500].
        """,
    "content/entities.yaml": """\
        entities:
          - id: anna-berg
            name: Anna Berg
            kind: person
            aliases: [Minister Berg]
            role: A minister of Ruritania.
          - id: ruritania
            name: Ruritania
            kind: place
            role: A country.
          - id: zenda
            name: Zenda
            kind: place
            role: A town.
          - id: zenda-officials
            name: Officials in Zenda
            kind: group
            role: Local officials.
          - id: freedonian-critics
            name: Critics in Freedonia
            kind: group
            role: Opponents of the project.
        """,
    "content/discrepancies.yaml": """\
        discrepancies:
          - id: workers
            question: How many workers are needed?
            kind: number
            unit: workers
            note: The figures come from different bodies at different times [@harbour-deal#ministry-7500].
            values:
              - value: 5000
                text: Officials in Zenda estimate 5,000 [@example-talks#workers-5000].
              - value: 7500
                text: The transport ministry says 7,500 [@harbour-deal#ministry-7500].
              - value: 12000
                label: about 12,000
                text: Critics in Freedonia say 12,000 [@harbour-deal#critics-12000].
        """,
}

# Words a reader would search for, each found only in one kind of content.
SEARCH_TERMS = {"Zenda": "place name", "Kowalski": "author", "Harbour Deal": "phrase"}


def make_showcase(root: Path) -> Project:
    """A second briefing, started as a new user would (`briefing init`), built into root/site."""
    result = subprocess.run([sys.executable, "-m", "builder.editor.cli", "init", str(root), "--title", "Example briefing",
                             "--as-of", "2025-03-01"], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stdout + result.stderr
    project = Project(root)
    project.write("archive/article.txt", ARTICLE)
    project.write("archive/second.txt", SECOND_ARTICLE)
    for relpath, text in {**BASE_FILES, **FILES}.items():
        project.write(relpath, text)
    # Two releases, so that the changes page and the home page show what changed: the first before the
    # critics' figure was added and while the costs theme was held with moderate confidence.
    discrepancies, costs = project.read("content/discrepancies.yaml"), project.read("content/themes/costs.yaml")
    critics = discrepancies[discrepancies.rindex("\n", 0, discrepancies.index("- value: 12000")) + 1:]
    project.write("content/discrepancies.yaml", discrepancies.replace(critics, ""), dedent=False)
    project.write("content/themes/costs.yaml", costs.replace("confidence: low", "confidence: moderate"), dedent=False)
    for command in (("lock",), ("release", "--note", "First release.")):
        result = project.briefing(*command)
        assert result.returncode == 0, result.stdout + result.stderr
    project.write("content/discrepancies.yaml", discrepancies, dedent=False)
    project.write("content/themes/costs.yaml", costs, dedent=False)
    for command in (("release", "--note", "Second release: the critics' figure."), ("build",)):
        result = project.briefing(*command)
        assert result.returncode == 0, result.stdout + result.stderr
    return project


def search_terms(kind: str, model) -> tuple[str, ...]:
    """What a reader would search for: the showcase's own words, or, for the real briefing, taken from
    its content (a person and a place its themes name, and a theme's title)."""
    if kind == "showcase":
        return tuple(SEARCH_TERMS)
    from builder.pages.mentions import Mentions

    mentions = Mentions(model.entities.entities)
    themes = model.themes_in_order()
    named = mentions.in_order(mentions.ids(" ".join(t.bottom_line + " ".join(s.body for s in t.sections)
                                                    for t in themes)))
    kinds = {e.id: e for e in model.entities.entities}
    person = next((kinds[i].name for i in named if kinds[i].kind == "person"), None)
    place = next((kinds[i].name for i in named if kinds[i].kind == "place"), None)
    terms = tuple(t for t in (person, place, themes[0].title if themes else None) if t)
    assert len(terms) >= 2, "the briefing names too little to search for"
    return terms


@dataclass
class BuiltSite:
    """A briefing built once per test session: which one, its project folder, its site and its model."""

    kind: str
    root: Path
    dir: Path
    model: object
    terms: tuple[str, ...]


_built: dict[str, BuiltSite] = {}
SITES = ("real", "showcase")
"""Every test of a whole built site runs on this repository's briefing and on a second one made with
`briefing init`, so that nothing the tests expect is this briefing's words."""


def built_site(kind: str, tmp_path_factory) -> BuiltSite:
    from builder.model import load

    if kind not in _built:
        if kind == "real":
            out = tmp_path_factory.mktemp("real") / "site"
            result = subprocess.run([sys.executable, "-m", "builder.editor.cli", "build", "--site-dir", str(out)],
                                    cwd=REPO, capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
            root = REPO
        else:
            root = make_showcase(tmp_path_factory.mktemp("showcase") / "proj").root
            out = root / "site"
        model = load.load(root)
        _built[kind] = BuiltSite(kind, root, out, model, search_terms(kind, model))
    return _built[kind]
