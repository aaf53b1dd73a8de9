"""A catalogue of bad content: each case names the file and line an editor must be sent to.

Every case is one small edit to the valid `project` fixture. For each, `briefing
build` must exit 1, print `path:line: message` (a sentence a person can act on,
never a traceback) and leave the site/ built before it byte-for-byte as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.editor import cli
from conftest import REPO, Project, make_project

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

from bad_content_cases import BRIEFING, CASES, SRC, Case, assert_reported  # the cases, shared with test_rules.py


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under a folder, by relative path, with the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    """The fixture project with a good site/ already built, copied for each case."""
    project = make_project(tmp_path_factory.mktemp("catalogue") / "good")
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    return project


def broken_copy(built: Project, tmp_path: Path, case: Case) -> tuple[Project, int]:
    root = tmp_path / "proj"
    shutil.copytree(built.root, root, symlinks=True)
    line = case.line(root) if callable(case.line) else case.line
    for edit in case.edits:
        edit(root)
    return Project(root), line


def briefing_build(project: Project, capsys, monkeypatch) -> tuple[int, str]:
    """`briefing build` in the project folder, in this process: a subprocess a case would triple the time.

    An exception escaping `main` fails the test just as a traceback would.
    """
    monkeypatch.chdir(project.root)
    code = cli.main(["build"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_content_is_reported_at_its_line_and_the_old_site_survives(case, built, tmp_path, capsys, monkeypatch):
    project, line = broken_copy(built, tmp_path, case)
    before = tree_digest(project.root / "site")
    code, stderr = briefing_build(project, capsys, monkeypatch)
    assert code == 1, stderr
    assert_reported(stderr, case, line)
    assert "previous site/ is unchanged" in stderr
    assert tree_digest(project.root / "site") == before
    assert not [p.name for p in project.root.iterdir() if p.name.startswith(".site")], "a temporary build was left behind"


# A few cases of each kind (load, check, quotes, lock) through MkDocs itself, which runs the same checks.
MKDOCS_CASES = ["unclosed-double-quote", "unknown-field-typo", "dangling-citation-claim", "dangling-second-citation-of-a-group",
                "quote-not-in-text", "tampered-lock-hash", "yaml-alias-bomb"]


@pytest.mark.parametrize("case", [c for c in CASES if c.id in MKDOCS_CASES], ids=MKDOCS_CASES)
def test_mkdocs_build_also_reports_bad_content_and_leaves_site_untouched(case, built, tmp_path):
    project, line = broken_copy(built, tmp_path, case)
    before = tree_digest(project.root / "site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project.root, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1
    assert_reported(re.sub(r"^ERROR +- +", "", result.stderr, flags=re.M), case, line)
    assert tree_digest(project.root / "site") == before


def test_every_problem_is_reported_in_one_run(built, tmp_path):
    """An editor fixes everything in one go: the build does not stop at the first bad file."""
    ids = ("unknown-field-typo", "empty-file", "top-level-list", "malformed-date")
    cases = [c for c in CASES if c.id in ids]
    project, _ = broken_copy(built, tmp_path, Case("several", [e for c in cases for e in c.edits], "", 0, ""))
    result = project.briefing("build")  # the real command, as an editor runs it
    assert result.returncode == 1
    for case in cases:
        assert_reported(result.stderr, case, case.line)
    assert "5 problems found." in result.stderr  # the typo also hides the field it meant


def test_no_file_outside_the_archive_is_read_into_a_message(built, tmp_path, capsys, monkeypatch):
    """A failing quote shows the closest passage of its file: that must never be a secret of the build machine."""
    project, _ = broken_copy(built, tmp_path, Case("secret", [], "", 0, ""))
    (project.root / ".secret").mkdir()
    (project.root / ".secret" / "token.txt").write_text("TOKEN=s3cr3t-value-42\n", encoding="utf-8")
    (project.root / "archive" / "token").write_text("TOKEN=s3cr3t-value-42\n", encoding="utf-8")
    for folder, name in ((".secret", "token.txt"), ("archive", "token"), ("archive/../.secret", "token.txt")):
        (project.root / BRIEFING).write_text(built.read(BRIEFING).replace("archive: archive", f"archive: {folder}"),
                                             encoding="utf-8")
        (project.root / SRC).write_text(built.read(SRC).replace("archive: article.txt", f"archive: {name}")
                                        .replace("quote: The foreign ministers", "quote: TOKEN= The foreign ministers"),
                                        encoding="utf-8")
        for command in (["build"], ["lock"], ["check"]):
            monkeypatch.chdir(project.root)
            assert cli.main(command) == 1
            out = capsys.readouterr()
            assert "s3cr3t" not in out.out + out.err, (folder, name, command)
            assert "'archive' must" in out.err
