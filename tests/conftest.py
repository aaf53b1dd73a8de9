"""Shared fixtures: a small valid project to break in tests, and the real briefing built once."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytest_plugins = ["browser_fixtures"]  # the browser and the served site, for the reader tests
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

ARTICLE = textwrap.dedent("""\
    Example Talks Make Progress
    Share: Facebook
    The foreign ministers of Ruritania and Freedonia met in Zenda on Monday, agreeing to build a bridge.
    “We will finish the bridge in two years,” said Minister Anna Berg.
    Officials in Zenda estimate that 5,000 workers will be needed — more than ever before.
    Analysts say the project could cost 2 billion dollars.
    """)

FILES = {
    "content/briefing.yaml": """\
        title: Example briefing
        subtitle: A small briefing for tests
        as_of: "2025-03-01"
        archive: archive
        description: A test briefing built from one article [@example-talks].
        key_judgements:
          - id: bridge-planned
            text: The two countries agreed to build a bridge [@example-talks#bridge-agreed].
            confidence: moderate
            confidence_reason: One source only.
            likelihood: likely
        # A one-article briefing states its own method: any level may rest on one source (the tests of
        # the generator's own thresholds take this block out).
        method:
          confidence:
            - level: high
            - level: moderate
        """,
    "content/sources/example-talks.yaml": """\
        title: Example Talks Make Progress
        outlet: Example Wire
        author: unknown
        published:
          date: "2025-02"
          inferred: The page says "on Monday"; the month comes from the archive's metadata.
        kind: wire-copy
        archive: article.txt
        summary: Ministers met in Zenda and agreed to build a bridge.
        key_points:
          - A bridge is planned.
        claims:
          - id: bridge-agreed
            type: reported
            text: The foreign ministers agreed to build a bridge.
            quote: The foreign ministers of Ruritania and Freedonia met in Zenda on Monday, agreeing to build a bridge.
            about: [ruritania, zenda]
          - id: berg-two-years
            type: statement
            by: anna-berg
            text: Minister Anna Berg said the bridge would be finished in two years.
            quote: "\\"We will finish the bridge in two years,\\" said Minister Anna Berg."
          - id: workers-5000
            type: assessment
            by: zenda-officials
            text: Officials in Zenda estimate that 5,000 workers will be needed.
            quote: Officials in Zenda estimate that 5,000 workers will be needed - more than ever before.
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
              The ministers agreed in Zenda [@example-talks#bridge-agreed].

              Officials estimate 5,000 workers [@example-talks#workers-5000].
        watch_next:
          - Whether work starts [@example-talks#berg-two-years].
        related: []
        """,
    "content/timeline.yaml": """\
        events:
          - date: "2025-02"
            text: Ministers meet in Zenda [@example-talks#bridge-agreed].
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
        """,
    "content/discrepancies.yaml": """\
        discrepancies:
          - id: workers
            question: How many workers are needed?
            kind: number
            unit: workers
            values:
              - value: 5000
                text: Officials estimate 5,000 [@example-talks#workers-5000].
              - value: 4500
                label: about 4,500
                text: A lower reading of the same estimate [@example-talks#workers-5000].
              - value: 0
                label: none beyond the crews at work
                text: The ministers named no new workers [@example-talks#bridge-agreed].
        """,
}


@dataclass
class Project:
    """A throwaway project folder: real templates and mkdocs.yml, small content."""

    root: Path

    def write(self, relpath: str, text: str, dedent: bool = True) -> Path:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8")
        return path

    def read(self, relpath: str) -> str:
        return (self.root / relpath).read_text(encoding="utf-8")

    def problems(self) -> list[str]:
        """Every problem `briefing check` would report, as `path:line: message` strings."""
        from builder.checks import rules as checks
        from builder.model.diagnostics import Problems

        try:
            checks.load_and_check(self.root)
        except Problems as exc:
            return [str(e) for e in exc.errors]
        return []

    def briefing(self, *args: str) -> subprocess.CompletedProcess:
        """Run the `briefing` command in this project, as a user would."""
        if os.environ.get("MUTANT_UNDER_TEST"):
            # Under `make mutate` the child process would import the mutated copy without mutmut's
            # set-up; a test that needs the command is left to the whole suite.
            pytest.skip("runs `briefing` in a child process, which mutation testing does not reach")
        return subprocess.run([sys.executable, "-m", "builder.editor.cli", *args], cwd=self.root,
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})

    def html(self, url: str) -> str:
        path = self.root / "site" / url / "index.html" if not url.endswith((".html", ".xml", ".json")) \
            else self.root / "site" / url
        return path.read_text(encoding="utf-8")


def edit(project: Project, relpath: str, old: str, new: str) -> None:
    """Replace the one place `old` stands in a project file (a test's edit must not land twice, or nowhere)."""
    text = project.read(relpath)
    assert text.count(old) == 1, f"{relpath}: {old!r} is not there once"
    project.write(relpath, text.replace(old, new), dedent=False)


def line_of(project: Project, relpath: str, needle: str) -> int:
    """The number of the one line of a project file holding `needle`."""
    (number,) = [n for n, line in enumerate(project.read(relpath).splitlines(), 1) if needle in line]
    return number


_BASES: dict[bool, Path] = {}
"""The small project, made (and locked) once per test process; each test gets a copy of it."""


def _base(lock: bool) -> Path:
    if lock not in _BASES:
        folder = Path(tempfile.mkdtemp(prefix="briefing-test-base-"))
        atexit.register(shutil.rmtree, folder, True)
        project = Project(folder / "proj")
        _write_files(project, lock)
        _BASES[lock] = project.root
    return _BASES[lock]


def _write_files(project: Project, lock: bool) -> None:
    shutil.copytree(REPO / "templates", project.root / "templates")
    shutil.copy(REPO / "mkdocs.yml", project.root / "mkdocs.yml")
    project.write("archive/article.txt", ARTICLE)
    for relpath, text in FILES.items():
        project.write(relpath, text)
    if lock:
        write_lock(project.root)


def make_project(root: Path, lock: bool = True) -> Project:
    """A fresh copy of the small project (copying is many times faster than locking it again).

    Under mutation testing the project is made anew, so that a mutant of the lock's code is seen.
    """
    if os.environ.get("MUTANT_UNDER_TEST"):
        project = Project(root)
        _write_files(project, lock)
        return project
    shutil.copytree(_base(lock), root)
    return Project(root)


def write_lock(root: Path) -> None:
    """What `briefing lock` writes, done in this process (a child process per test made the suite slow).

    `briefing lock` itself is run as a command by the tests of the command line (test_editor_loop.py...).
    """
    from builder.model import load
    from builder.sources import quotes

    model = load.load(root)
    verification = quotes.verify(model, use_lock=False)
    assert verification.archive_available and not verification.errors, verification.errors
    quotes.lock_path(model).write_text(verification.lock.text(), encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Project:
    return make_project(tmp_path / "proj")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """This repository's briefing, built once into a temporary folder."""
    from showcase import built_site

    return built_site("real", tmp_path_factory).dir


@pytest.fixture(scope="session", params=["real", "showcase"])
def any_site(request, tmp_path_factory):
    """Each briefing the whole-site tests run on: this repository's, and a second one made with `briefing init`."""
    from showcase import built_site

    return built_site(request.param, tmp_path_factory)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from what the templates render now (see tests/test_golden_pages.py)")
