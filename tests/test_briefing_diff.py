"""`briefing diff [REF]`: the changes between the content at a git revision and the working tree.

Each test makes a git repository of the fixture briefing in a temporary
folder, commits, edits, and runs the command as a user would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import Project, edit, make_project

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Editor",
           "GIT_COMMITTER_EMAIL": "editor@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}


def git(cwd, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def commit(project: Project, message: str) -> str:
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", message)
    return git(project.root, "rev-parse", "HEAD")


@pytest.fixture
def repo(project) -> Project:
    git(project.root, "init", "-q", "-b", "main")
    commit(project, "The briefing")
    return project


def test_diff_prints_the_changes_since_head_as_markdown(repo):
    edit(repo, "content/briefing.yaml", "    confidence: moderate\n", "    confidence: low\n")
    head = git(repo.root, "rev-parse", "HEAD")
    result = repo.briefing("diff")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"## Changes to the briefing since HEAD ({head[:12]})\n\n"
        "1 item changed, worked out from the briefing's content.\n\n"
        "### Key judgements\n\n"
        "- “The two countries agreed to build a bridge”: confidence lowered: moderate → low.\n")


def test_diff_shows_the_words_a_rewording_changed_and_names_items_as_readers_know_them(repo):
    edit(repo, "content/themes/bridge.yaml", "A bridge is planned,", "A bridge is expected,")
    edit(repo, "content/themes/bridge.yaml", "confidence: moderate", "confidence: high")
    edit(repo, "content/sources/example-talks.yaml", "    about: [ruritania, zenda]\n",
         "    about: [ruritania, zenda]\n    credibility: 3\n")
    result = repo.briefing("diff")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n", 2)[2] == (
        "2 items changed (3 changes), worked out from the briefing's content.\n\n"
        "### Themes\n\n"
        "- “The bridge”:\n"
        "  - bottom line re-worded:\n"
        "    > A bridge is <del>planned</del><ins>expected</ins>, by one account within two years.\n"
        "  - confidence raised: moderate → high.\n\n"
        "### Claims\n\n"
        "- “The foreign ministers agreed to build a bridge” in “Example Talks Make Progress”: grade changed: "
        "F6 (truth cannot be judged) → F3 (possibly true); cited by key judgement “The two countries agreed to "
        "build a bridge” and theme “The bridge”.\n")
    # Keys are for editors' tools: the JSON has them, with both versions of a re-worded text.
    data = json.loads(repo.briefing("diff", "--format", "json").stdout)
    assert [c["id"] for c in data["changes"]] == ["bridge", "bridge", "example-talks#bridge-agreed"]
    assert data["changes"][0]["word_diff"] == "A bridge is [-planned-]{+expected+}, by one account within two years."
    assert data["changes"][0]["before"].startswith("A bridge is planned,")


def test_diff_against_an_older_revision_and_as_json(repo):
    first = git(repo.root, "rev-parse", "HEAD")
    edit(repo, "content/discrepancies.yaml", "      - value: 5000\n        text: Officials",
         "      - value: 6000\n        text: Officials")
    commit(repo, "A new figure")
    edit(repo, "content/themes/bridge.yaml", "A bridge is planned,", "A bridge is expected,")
    result = repo.briefing("diff", first, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["ref"], data["commit"]) == (first, first)
    assert [(c["kind"], c["id"], c["words"], c["url_on_site"]) for c in data["changes"]] == [
        ("theme", "bridge", "bottom line re-worded", "themes/bridge/"),
        ("discrepancy", "workers", "the figure from Example Wire moved from 5,000 workers to 6,000 workers",
         "discrepancies/#discrepancy-workers")]
    assert repo.briefing("diff", "main").stdout.count("\n- ") == 1  # only the uncommitted edit


def test_no_change_says_so(repo):
    edit(repo, "content/briefing.yaml", "text: The two countries agreed", "text: >-\n      The two countries\n      agreed")
    result = repo.briefing("diff")
    assert result.returncode == 0 and "No change to the briefing's content." in result.stdout


def test_an_unknown_revision_is_a_clear_error(repo):
    result = repo.briefing("diff", "mian")
    assert result.returncode == 1
    assert result.stderr == "mian: unknown git revision (did you mean 'main'?)\n1 problem found.\n"
    result = repo.briefing("diff", "--", "--output=x")
    assert result.returncode == 1 and "Traceback" not in result.stderr and not (repo.root / "x").exists()


def test_a_folder_outside_git_is_a_clear_error(project):
    result = project.briefing("diff")
    assert result.returncode == 1
    assert result.stderr.endswith(": not a git repository (briefing diff compares the content with a git revision; "
                                  "run it in a clone)\n1 problem found.\n")
    assert "Traceback" not in result.stderr


def test_a_revision_whose_content_does_not_load_is_named(repo):
    edit(repo, "content/themes/bridge.yaml", "confidence: moderate", "confidence: medium")
    commit(repo, "A bad theme")
    edit(repo, "content/themes/bridge.yaml", "confidence: medium", "confidence: moderate")
    result = repo.briefing("diff")
    assert result.returncode == 1
    assert result.stderr.startswith("HEAD:content/themes/bridge.yaml:4: theme field 'confidence' 'medium' is not one "
                                    "of: high, moderate, low")


def test_a_revision_without_the_content_folder_is_named(tmp_path):
    project = make_project(tmp_path / "proj")
    content = project.root / "content"
    shutil.move(content, tmp_path / "aside")
    git(project.root, "init", "-q", "-b", "main")
    commit(project, "Before the briefing")
    shutil.move(tmp_path / "aside", content)
    result = project.briefing("diff")
    assert result.returncode == 1
    assert result.stderr.startswith("content/: the content folder does not exist at revision 'HEAD' (")


def test_a_project_in_a_subfolder_of_the_repository(tmp_path):
    project = make_project(tmp_path / "repo" / "briefings" / "one")
    git(tmp_path / "repo", "init", "-q", "-b", "main")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", "commit", "-q", "-m", "The briefing")
    edit(project, "content/entities.yaml", "name: Zenda\n", "name: Zenda Town\n")
    result = project.briefing("diff")
    assert result.returncode == 0, result.stderr
    assert "- Zenda Town: renamed from Zenda." in result.stdout


def test_links_to_the_site_when_it_has_an_address(repo):
    with open(repo.root / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write("\nsite_url: https://example.org/briefing/\n")
    edit(repo, "content/themes/bridge.yaml", "confidence: moderate", "confidence: high")
    result = repo.briefing("diff")
    assert "- [“The bridge”](https://example.org/briefing/themes/bridge/): confidence raised: moderate → high." \
        in result.stdout
