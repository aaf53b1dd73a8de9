"""A failed build loses nothing: the last good site/ stays exactly as it was."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, Project

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def mkdocs_build(project: Project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=project.root, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"})


def leftovers(project: Project) -> list[str]:
    return sorted(p.name for p in project.root.iterdir() if p.name.startswith(".site"))


def leftovers_after_deleting(project: Project, seconds: float = 20) -> list[str]:
    """What is left beside site/ once the replaced site has been deleted (in a process the build does not wait for)."""
    deadline = time.monotonic() + seconds
    while (left := leftovers(project)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@pytest.fixture
def built(project) -> tuple[Project, dict[str, str]]:
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    # A file only the old site has: a failed build must not clean it away either.
    (project.root / "site" / "only-in-old-site.txt").write_text("old", encoding="utf-8")
    return project, tree_digest(project.root / "site")


def break_citation(project: Project) -> None:
    text = project.read("content/themes/bridge.yaml")
    project.write("content/themes/bridge.yaml", text.replace("#workers-5000]", "#workers-9999]"), dedent=False)


def add_link_to_missing_page(project: Project) -> None:
    """Content that passes every check, but a template that makes MkDocs warn; strict mode turns it into a failure."""
    path = project.root / "templates" / "methodology.md.j2"
    path.write_text(path.read_text(encoding="utf-8") + "\n[More](no-such-page.md)\n", encoding="utf-8")


def test_briefing_build_keeps_the_old_site_when_content_is_bad(built):
    project, before = built
    break_citation(project)
    result = project.briefing("build")
    assert result.returncode == 1
    assert "content/themes/bridge.yaml:12: citation to unknown claim 'workers-9999'" in result.stderr
    assert tree_digest(project.root / "site") == before
    assert leftovers(project) == []


def test_mkdocs_build_keeps_the_old_site_when_content_is_bad(built):
    project, before = built
    break_citation(project)
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "content/themes/bridge.yaml:12: citation to unknown claim 'workers-9999'" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project.root / "site") == before


def test_mkdocs_strict_mode_really_fails_on_the_broken_template(built, tmp_path):
    """The premise of the next test: this template change does make a strict MkDocs build fail."""
    project, _ = built
    add_link_to_missing_page(project)
    result = mkdocs_build(project, "--site-dir", str(tmp_path / "elsewhere"))
    assert result.returncode == 1
    assert "no-such-page.md" in result.stderr


def test_briefing_build_keeps_the_old_site_when_mkdocs_fails_in_strict_mode(built):
    project, before = built
    add_link_to_missing_page(project)
    result = project.briefing("build")
    assert result.returncode == 1
    assert "no-such-page.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert "previous site/ is unchanged" in result.stderr
    assert tree_digest(project.root / "site") == before
    assert leftovers(project) == []


def test_a_good_build_replaces_the_whole_site(built):
    """The swap is whole: files of the old site that the new one lacks are gone, and nothing is left beside it."""
    project, before = built
    text = project.read("content/themes/bridge.yaml")
    project.write("content/themes/bridge.yaml", text.replace("title: The bridge", "title: The new bridge"), dedent=False)
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    after = tree_digest(project.root / "site")
    assert "only-in-old-site.txt" not in after
    assert after["themes/bridge/index.html"] != before["themes/bridge/index.html"]
    assert "The new bridge" in project.html("themes/bridge")
    assert leftovers_after_deleting(project) == []


def test_a_site_left_behind_by_an_interrupted_build_is_deleted_by_the_next(built):
    project, _ = built
    stranded = project.root / ".site-old-stranded" / "site"
    stranded.mkdir(parents=True)
    (stranded / "index.html").write_text("old", encoding="utf-8")
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    assert leftovers_after_deleting(project) == []
    assert (project.root / "site" / "index.html").is_file()


def test_a_good_build_works_where_there_was_no_site(project):
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    assert (project.root / "site" / "index.html").is_file()
    assert leftovers(project) == []


def test_a_template_error_on_every_page_is_reported_for_each_and_keeps_the_old_site(built):
    """The pages are shared between two processes, each rendering a page just before writing it: an error
    in either is reported, every one of them, and nothing of the failed build replaces the site."""
    project, before = built
    for template in (project.root / "templates").glob("[!_]*.md.j2"):
        template.write_text(template.read_text(encoding="utf-8") + "\n{{ no_such_name }}\n", encoding="utf-8")
    result = project.briefing("build")
    assert result.returncode == 1
    failed = re.findall(r"^templates/[a-z]+\.md\.j2:\d+: template error while rendering '([^']*)': "
                        r"'no_such_name' is undefined$", result.stderr, re.M)
    pages = {path.removesuffix("index.html") or "/" for path in before
             if path.endswith("index.html") and not path.startswith("pagefind/")}
    assert len(failed) == len(pages) > 2 and set(failed) == pages, result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project.root / "site") == before
    assert leftovers(project) == []


def test_a_template_error_in_a_data_file_is_reported_at_its_line_and_keeps_the_old_site(built):
    project, before = built
    template = project.root / "templates" / "briefing.json.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ no_such_name }}\n", encoding="utf-8")
    result = project.briefing("build")
    assert result.returncode == 1
    line = len(template.read_text(encoding="utf-8").splitlines())
    assert (f"templates/briefing.json.j2:{line}: template error while rendering 'briefing.json': "
            "'no_such_name' is undefined") in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project.root / "site") == before
    assert leftovers(project) == []
