"""Golden output: the pages our templates render for a small briefing, kept as files and compared byte for byte.

The briefing is the conftest project with a few inline additions (a second
theme, a content link to a page of the site, an event with an id). Its
rendered pages, `builder.pages.prepare.prepare(...).texts` (the Markdown, HTML, JSON
and Atom our templates produce, before MkDocs), are kept under
tests/golden/<case>/ at the path MkDocs knows each page by. A change to a
template, a context or the renderer then shows up as a readable diff of every
page it changes, and a page added or gone is named.

After an intended change, rewrite the files with one command and commit them
with the change, after reading their diff:

    make golden                     # or: pytest tests/test_golden_pages.py --update-golden

(`UPDATE_GOLDEN=1` in the environment does the same for any pytest run.)
Without it the test never writes: a file that differs, is missing or is left
over fails it.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from builder.pages import prepare as build
from builder.model import settings
from conftest import Project, make_project, write_lock

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_HOW = "if the change is intended, run `make golden` (pytest --update-golden) and commit tests/golden/"

COSTS_THEME = """\
    title: Costs
    order: 2
    bottom_line: Officials estimate that 5,000 workers will be needed [@example-talks#workers-5000].
    confidence: low
    confidence_reason: One estimate, from one source.
    sections:
      - heading: Workforce
        body: |
          The estimate comes from officials in Zenda [@example-talks#workers-5000]; see
          [the discrepancy](discrepancies/#discrepancy-workers) and [the talks](timeline/#event-talks).
    related: [bridge]
    """

REPORT_TEXT = (  # a PDF's text as `briefing new source` archives it: a form feed after each page
    "Bridge Costs Review\nZenda Works Office\n\f"
    "1. Summary\nThe works office estimates that the bridge will cost 2 billion dollars,\n"
    "most of it for the foundations.\n\f"
    "2. Workforce\nOfficials in Zenda estimate that 5,000 workers will be needed.\n\f")

REPORT_SOURCE = """\
    title: Bridge Costs Review
    outlet: Zenda Works Office
    author: unknown
    published:
      date: "2025-02"
      inferred: The cover gives the month only.
    url: https://works.example/reports/bridge-costs.pdf
    kind: other
    archive: report.txt
    original: report.pdf
    summary: The works office's review of the bridge's costs.
    claims:
      - id: cost
        type: assessment
        by: zenda-officials
        text: The works office estimates the bridge's cost at 2 billion dollars.
        quote: the bridge will cost 2 billion dollars, most of it for the foundations
    """

SMALL = [  # (file, text to replace, replacement); a file with no text to replace is written whole
    ("content/themes/costs.yaml", None, COSTS_THEME),
    ("content/themes/bridge.yaml", "related: []", "related: [costs]"),
    ("content/timeline.yaml", "  - date: \"2025-02\"\n", "  - date: \"2025-02\"\n    id: talks\n"),
]

CASES = {
    "sources-from-the-web": [  # a page fetched from its address, with an archived copy; a PDF with pages
        ("content/sources/example-talks.yaml", "kind: wire-copy",
         "url: https://wire.example/news/talks?id=7\nretrieved: \"2025-02-20\"\n"
         "archived_url: https://web.archive.org/web/20250220/https://wire.example/news/talks?id=7\nkind: wire-copy"),
        ("content/sources/example-talks.yaml", "archive: article.txt", "archive: article.txt\noriginal: article.html"),
        ("archive/article.html", None, "<!DOCTYPE html><html><body><p>The page as fetched.</p></body></html>\n"),
        ("archive/report.txt", None, REPORT_TEXT),
        ("archive/report.pdf", None, "%PDF-1.4 (the original, only hashed)\n"),
        ("content/sources/report.yaml", None, REPORT_SOURCE),
        ("content/themes/bridge.yaml", "[@example-talks#workers-5000].", "[@example-talks#workers-5000; @report#cost]."),
    ],
    "small-briefing": SMALL,
    # Two releases and an edit since: the changes page, the feed, the home page and each page's history,
    # with the words each re-wording changed. ("release", note, day) records a release as `briefing release` does.
    "released-twice": SMALL + [
        ("release", "First release.", "2025-03-02"),
        ("content/briefing.yaml", 'as_of: "2025-03-01"', 'as_of: "2025-03-05"'),
        ("content/briefing.yaml", "    confidence: moderate\n", "    confidence: low\n"),
        ("content/themes/bridge.yaml", "A bridge is planned, by one account", "A bridge is planned, by its builders' account"),
        ("content/sources/example-talks.yaml", "summary: Ministers met in Zenda", "summary: Ministers met on Monday in Zenda"),
        ("content/sources/example-talks.yaml", "text: Officials in Zenda estimate", "text: Zenda's officials estimate"),
        ("content/sources/example-talks.yaml", "    about: [ruritania, zenda]\n", "    about: [ruritania, zenda]\n    credibility: 3\n"),
        ("content/discrepancies.yaml", "      - value: 5000\n        text: Officials", "      - value: 6000\n        text: Officials"),
        ("release", "Second release: the builders' own estimate.", "2025-03-06"),
        ("content/timeline.yaml", "Ministers meet in Zenda", "Ministers meet again in Zenda"),
    ],
}


def updating(request) -> bool:
    return bool(request.config.getoption("--update-golden") or os.environ.get("UPDATE_GOLDEN"))


def render(root: Path, edits) -> dict[str, bytes]:
    from builder.editor import cli

    project = make_project(root)
    for relpath, old, new in edits:
        if relpath == "release":
            assert cli.main(["--project", str(project.root), "release", "--note", old, "--released", new]) == 0
            continue
        if old is None:
            project.write(relpath, new)
            continue
        text = project.read(relpath)
        assert text.count(old) == 1, f"{relpath}: {old!r} is not there once"
        project.write(relpath, text.replace(old, new), dedent=False)
    write_lock(project.root)  # as `briefing lock` would after the edits (the same lock when no quote changed)
    texts = build.prepare(settings.read(project.root)).texts
    return {name: text.encode("utf-8") for name, text in texts.items()}


def golden_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def rewrite(folder: Path, pages: dict[str, bytes]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for name, data in pages.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def differences(case: str, pages: dict[str, bytes], golden: dict[str, bytes], max_lines: int = 120) -> list[str]:
    """What differs, as a reader wants it: pages missing or left over, then a unified diff of each changed page."""
    shown = [f"tests/golden/{case}/{name}: missing (a page the templates render now)"
             for name in sorted(pages.keys() - golden.keys())]
    shown += [f"tests/golden/{case}/{name}: left over (no such page is rendered any more)"
              for name in sorted(golden.keys() - pages.keys())]
    diff: list[str] = []
    for name in sorted(pages.keys() & golden.keys()):
        if pages[name] != golden[name]:
            shown.append(f"tests/golden/{case}/{name}: differs")
            diff += difflib.unified_diff(golden[name].decode("utf-8", "replace").splitlines(),
                                         pages[name].decode("utf-8", "replace").splitlines(),
                                         f"golden/{case}/{name}", f"rendered/{name}", lineterm="")
    if len(diff) > max_lines:
        diff = diff[:max_lines] + [f"... ({len(diff) - max_lines} more lines of diff)"]
    return shown + diff


@pytest.mark.parametrize("case", sorted(CASES))
def test_templates_render_the_small_briefing_exactly_as_the_golden_files(case, tmp_path, request):
    pages = render(tmp_path / "proj", CASES[case])
    folder = GOLDEN / case
    if updating(request):
        rewrite(folder, pages)
        return
    assert folder.is_dir(), f"tests/golden/{case}/ is missing; {UPDATE_HOW}"
    found = differences(case, pages, golden_files(folder))
    assert not found, "the rendered pages differ from the golden files; " + UPDATE_HOW + "\n" + "\n".join(found)


def test_the_golden_comparison_names_missing_left_over_and_changed_pages():
    golden = {"a.md": b"one\ntwo\n", "gone.md": b"x"}
    pages = {"a.md": b"one\n2\n", "new.md": b"y"}
    found = differences("c", pages, golden)
    assert found[:3] == ["tests/golden/c/new.md: missing (a page the templates render now)",
                         "tests/golden/c/gone.md: left over (no such page is rendered any more)",
                         "tests/golden/c/a.md: differs"]
    assert "-two" in found and "+2" in found
    assert differences("c", golden, dict(golden)) == []
