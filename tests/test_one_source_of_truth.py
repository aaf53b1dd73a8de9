"""One rule, one place: the command line, MkDocs and `briefing check` can no longer disagree.

Each test pins a bug that came from the same rule written twice:
- the plugin's `content:` option was read by MkDocs but ignored by `briefing`;
- `briefing new source` had its own idea of a usable archive folder;
- `briefing new source --url` had its own idea of a web address.
(Links with `use_directory_urls: false` are in test_links_resolve.py.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from builder.editor import cli
from conftest import ARTICLE, REPO, make_project

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

BRIEFING = "content/briefing.yaml"


def use_content_folder(project, name: str) -> None:
    """Move the briefing to another folder and tell mkdocs.yml, as a user of the plugin option would."""
    (project.root / "content").rename(project.root / name)
    config = project.read("mkdocs.yml")
    assert config.count("\n  - briefing\n") == 1
    project.write("mkdocs.yml", config.replace("\n  - briefing\n", f"\n  - briefing:\n      content: {name}\n")
                  .replace("docs_dir: content ", f"docs_dir: {name} "), dedent=False)


def test_every_command_works_on_the_content_folder_named_in_mkdocs_yml(project):
    use_content_folder(project, "briefing")
    assert not (project.root / "content").exists()

    check = project.briefing("check")
    assert check.returncode == 0, check.stderr
    assert "OK: 1 source, " in check.stdout
    assert "briefing/briefing.yaml:8: note:" in check.stderr  # diagnostics name the real folder

    lock = project.briefing("lock")
    assert lock.returncode == 0, lock.stderr
    assert "wrote briefing/quotes.lock" in lock.stdout

    build = project.briefing("build")
    assert build.returncode == 0, build.stderr
    assert "The bridge" in project.html("themes/bridge/")

    mkdocs = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "mkdocs-site"], cwd=project.root,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert mkdocs.returncode == 0, mkdocs.stderr
    assert (project.root / "mkdocs-site" / "themes" / "bridge" / "index.html").is_file()
    # The YAML is the briefing's source, not pages of the site, whatever the folder is called.
    assert not list((project.root / "mkdocs-site").rglob("*.yaml"))

    project.write("incoming/harbour.txt", "Harbour news\nThe harbour at Zenda will be rebuilt from next spring, "
                                          "officials said on Tuesday.\n")
    new = project.briefing("new", "source", "harbour", "--from", "incoming/harbour.txt")
    assert new.returncode == 0, new.stderr
    assert (project.root / "briefing" / "sources" / "harbour.yaml").is_file()
    assert "briefing/sources/harbour.yaml" in new.stdout
    assert not (project.root / "content").exists()

    assert project.briefing("lock").returncode == 0
    check = project.briefing("check")
    assert check.returncode == 0, check.stderr
    assert "2 sources" in check.stdout
    # The skeleton's placeholders are warnings, which this strict mkdocs.yml would fail on.
    build = project.briefing("build", "--no-strict")
    assert build.returncode == 0, build.stderr
    assert (project.root / "site" / "sources" / "harbour" / "index.html").is_file()


@pytest.mark.parametrize("folder", [".hidden", "texts/.hidden", "archive/../.git"])
def test_new_source_refuses_an_archive_folder_that_check_refuses_with_the_same_message(project, folder):
    (project.root / folder).mkdir(parents=True, exist_ok=True)  # it exists: only the rule can refuse it
    project.write(BRIEFING, project.read(BRIEFING).replace("archive: archive", f"archive: {folder}"), dedent=False)

    check = project.briefing("check")
    assert check.returncode == 1
    (refusal,) = [line for line in check.stderr.splitlines() if "'archive'" in line]
    assert refusal.startswith(f"{BRIEFING}:4: 'archive' must not be or be inside a hidden folder")

    project.write("incoming/harbour.txt", "Harbour news\nThe harbour will be rebuilt.\n")
    new = project.briefing("new", "source", "harbour", "--from", "incoming/harbour.txt")
    assert new.returncode == 1
    assert new.stderr.splitlines()[0] == refusal
    assert not (project.root / "content" / "sources" / "harbour.yaml").exists()
    assert not list((project.root / folder).iterdir())


# One rule decides what a source's address may be: `briefing check` on `url:`, `new source` on --url.
ADDRESSES = [
    ("https://?x", False),
    ("https://", False),
    ("https:///path", False),
    ("http:/example.org", False),
    ("ftp://example.org/a.txt", False),
    ("javascript:alert(1)", False),
    ("https://example.org/a b", False),
    ("example.org/news", False),
    ("https://example.org", True),
    ("HTTP://EXAMPLE.ORG/A", True),
    ("https://example.org/2025/news?id=4&x=y#part", True),
]


@pytest.fixture(scope="module")
def addresses(tmp_path_factory):
    """A project with one source per address as its `url`, and what one `briefing check` says of each."""
    project = make_project(tmp_path_factory.mktemp("addresses") / "proj", lock=False)
    original = project.read("content/sources/example-talks.yaml")
    for number, (address, _) in enumerate(ADDRESSES):
        project.write(f"content/sources/address-{number}.yaml",
                      original.replace("kind: wire-copy", f"url: {json.dumps(address)}\nkind: wire-copy"),
                      dedent=False)
    assert project.briefing("lock").returncode == 0
    errors = json.loads(project.briefing("check", "--format", "json").stdout)["errors"]
    assert all(e["path"].startswith("content/sources/address-") for e in errors), errors
    verdicts = {}
    for number, (address, _) in enumerate(ADDRESSES):
        found = [e["message"] for e in errors if e["path"] == f"content/sources/address-{number}.yaml"]
        verdicts[address] = found[0] if found else ""
    project.write("incoming/harbour.txt", "Harbour news\nThe harbour will be rebuilt.\n")
    return project, verdicts


@pytest.mark.parametrize("number", range(len(ADDRESSES)), ids=[a for a, _ in ADDRESSES])
def test_new_source_refuses_an_address_exactly_when_check_refuses_it_as_a_url(addresses, number, capsys):
    project, verdicts = addresses
    address, good = ADDRESSES[number]
    by_check = verdicts[address]
    assert (by_check == "") is good, by_check
    code = cli.main(["--project", str(project.root), "new", "source", f"harbour-{number}",
                     "--from", str(project.root / "incoming" / "harbour.txt"), "--url", address])
    stderr = capsys.readouterr().err
    assert code == (0 if good else 1), stderr
    assert (project.root / "content" / "sources" / f"harbour-{number}.yaml").exists() is good
    if not good:
        # The same reason: check says "'url' <reason>, not '<url>'"; new source "--url '<url>' <reason> (hint)".
        reason = by_check.removeprefix("'url' ").rsplit(", not ", 1)[0]
        assert stderr.splitlines()[0].startswith(f"(command line): --url '{address}' {reason}"), stderr


def test_the_skeleton_of_a_new_source_with_an_address_checks(project):
    """An address new source accepts is written so that check reads it back unchanged."""
    project.write("incoming/harbour.txt", ARTICLE)
    address = "https://example.org/2025/news?id=4&x=y#part"
    assert project.briefing("new", "source", "harbour", "--from", "incoming/harbour.txt",
                            "--url", address).returncode == 0
    assert yaml.safe_load(project.read("content/sources/harbour.yaml"))["url"] == address
    assert project.briefing("lock").returncode == 0
    assert project.briefing("check").returncode == 0
