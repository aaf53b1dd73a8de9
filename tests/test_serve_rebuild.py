"""`briefing serve` rebuilds only the pages an edit touches: they come out as a full build makes them.

The preview is driven as MkDocs' server drives it (a first full build, then the builder called after
each save), without the server: after each edit, the site the preview shows is compared, file by
file, with a full build of the edited project (search, refreshed in the background, aside).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.publish import preview as preview_mod
from showcase import make_showcase

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

EPOCH = "1700000000"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] not in ("pagefind", "pagefind-preview")}


def _full_build(root: Path, site: Path) -> dict[str, bytes]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)  # a full rebuild of the preview
    build(config)
    config.plugins.on_shutdown()
    return _files(site)


class Preview:
    """A preview of one project: its first build, then its builder called as the server calls it."""

    def __init__(self, root: Path, site: Path):
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        self.root, self.site, self.full_builds = root, site, 0

        def full_build():
            self.full_builds += 1
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
            build(config)

        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=False)
        build(config)
        self.plugin = config.plugins["briefing"]
        self.builder = preview_mod.Preview(self.plugin, full_build)

    def save(self, relpath: str, old: str, new: str) -> None:
        path = self.root / relpath
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relpath}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a save, even within one tick
        self.builder()
        self.builder.data_files.wait()  # written after the pages, in the background
        self.builder.search.stop()


@pytest.fixture()
def preview(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = make_showcase(tmp_path / "project")
    yield Preview(project.root, tmp_path / "served")


EDITS = [
    ("a summary", "summary: Ministers met in Zenda and agreed to build a bridge.",
     "summary: Ministers met in Zenda and agreed, at length, to build a bridge."),
    ("a title", "title: Example Talks Make Progress", "title: Example Talks Make Real Progress"),
    ("a claim's text", "text: The foreign ministers agreed to build a bridge.",
     "text: The foreign ministers of Ruritania agreed to build a bridge."),
    ("its author", "author: unknown", "author: Jane Doe"),
    ("its date", 'date: "2025-02"', 'date: "2025-01"'),
]


@pytest.mark.parametrize("what, old, new", EDITS, ids=[edit[0] for edit in EDITS])
def test_a_source_edit_rebuilds_only_what_it_touches_to_the_bytes_of_a_full_build(preview, tmp_path, what, old, new):
    before = _files(preview.site)
    preview.save("content/sources/example-talks.yaml", old, new)
    assert preview.full_builds == 0, f"editing {what} rebuilt the whole site"
    assert preview.builder.stages["pages"] < len(preview.plugin.prepared.pages)
    served = _files(preview.site)
    assert served != before
    full = _full_build(preview.root, tmp_path / "full")
    assert sorted(served) == sorted(full)
    assert [name for name in served if served[name] != full[name]] == []


def test_edits_one_after_another_stay_those_of_a_full_build(preview, tmp_path):
    for _, old, new in EDITS:
        preview.save("content/sources/example-talks.yaml", old, new)
    assert preview.full_builds == 0
    full = _full_build(preview.root, tmp_path / "full")
    served = _files(preview.site)
    assert [name for name in sorted(set(served) | set(full)) if served.get(name) != full.get(name)] == []


ELSEWHERE = [  # edits of the other content files: each page read what it shows, so these too are bounded
    ("a theme", "content/themes/bridge.yaml", "confidence: moderate", "confidence: high"),
    ("an entity", "content/entities.yaml", "aliases: [Minister Berg]", "aliases: [Minister Berg, Berg]"),
    ("an entity's name", "content/entities.yaml", "name: Critics in Freedonia", "name: Freedonian critics"),
    ("an event", "content/timeline.yaml", "Ministers meet in Zenda", "Ministers meet again in Zenda"),
    ("a discrepancy", "content/discrepancies.yaml", "label: about 12,000", "label: some 12,000"),
    ("the briefing", "content/briefing.yaml", "subtitle: A small briefing for tests",
     "subtitle: A small briefing, for tests"),
]


@pytest.mark.parametrize("what, relpath, old, new", ELSEWHERE, ids=[edit[0] for edit in ELSEWHERE])
def test_an_edit_of_any_content_file_rebuilds_only_what_it_touches(preview, tmp_path, what, relpath, old, new):
    preview.save(relpath, old, new)
    assert preview.full_builds == 0, f"editing {what} rebuilt the whole site"
    assert 0 < preview.builder.stages["pages"] < len(preview.plugin.prepared.pages)
    full = _full_build(preview.root, tmp_path / "full")
    served = _files(preview.site)
    assert [name for name in sorted(set(served) | set(full)) if served.get(name) != full.get(name)] == []


def test_an_edit_to_what_every_page_shows_rebuilds_everything(preview, tmp_path):
    preview.save("content/themes/bridge.yaml", "title: The bridge", "title: The new bridge")  # in the navigation
    assert preview.full_builds == 1
    assert _files(preview.site) == _full_build(preview.root, tmp_path / "full")


def test_a_bad_edit_keeps_the_last_good_site_and_the_fix_rebuilds(preview, tmp_path, capsys):
    good = _files(preview.site)
    preview.save("content/sources/example-talks.yaml", "kind: wire-copy", "kind: not-a-kind")
    served = _files(preview.site)
    # The pages stay; the problems are written where each page looks for them, to show above it.
    problems = served.pop(preview_mod.PROBLEMS_FILE).decode()
    assert served == good
    assert "content/sources/example-talks.yaml:7: source field 'kind' 'not-a-kind' is not one of" in problems
    assert "not one of" in capsys.readouterr().err
    preview.save("content/sources/example-talks.yaml", "kind: not-a-kind", "kind: analysis")
    assert preview.full_builds == 0
    assert _files(preview.site) == _full_build(preview.root, tmp_path / "full")


def test_a_build_in_the_process_of_a_preview_fails_on_problems_as_any_build(preview, monkeypatch, capsys):
    """MkDocs keeps one instance of a plugin with on_startup in a process: `briefing build` after a preview there
    (a test run, a script) must not build as the preview does, keeping the last good site and failing on nothing."""
    from builder.editor import cli

    theme = preview.root / "content" / "themes" / "bridge.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("#workers-5000]", "#workers-9999]"), encoding="utf-8")
    monkeypatch.chdir(preview.root)
    assert cli.main(["build", "--jobs", "1"]) == 1
    assert "workers-9999" in capsys.readouterr().err


def test_an_edited_archived_text_is_checked_again_at_once_and_at_every_save_after(preview, capsys):
    """The archive folder is watched with the content: a passage taken out of an archived text is a misquote at
    once, and stays one at the next save of any content file (the preview used to keep its last verification)."""
    watched, _ = preview.plugin._watched(preview.plugin._config)
    assert preview.root / "archive" in watched
    good = _files(preview.site)
    misquote = "content/sources/example-talks.yaml:16: quote of claim 'bridge-agreed' is not in the archived text"
    preview.save("archive/article.txt", "agreeing to build a bridge.", "agreeing to talk again.")
    assert preview.full_builds == 1
    assert misquote in capsys.readouterr().err
    preview.save("content/briefing.yaml", "title:", "title:")  # a save that changes nothing else
    assert misquote in capsys.readouterr().err
    served = _files(preview.site)
    assert preview_mod.PROBLEMS_FILE in served and misquote in served.pop(preview_mod.PROBLEMS_FILE).decode()
    assert served == good  # the last good site, the problems shown above its pages
