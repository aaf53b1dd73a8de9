"""`briefing build` shares its work between two processes: the site is MkDocs' own build's, to the byte.

`--jobs 1` runs MkDocs' own build (mkdocs.commands.build.build) with the plugin, as `mkdocs build`
does; the default shares loading, quote verification and the pages between this process and a
forked copy, and hands Pagefind each page as it is written. Both must write the same files, the
search index included, on the showcase briefing and on a synthetic one large enough to be shared.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from builder.model import load
from builder.sources import quotes
from builder.model import workers
from builder.model.diagnostics import Problems
from conftest import REPO
from showcase import make_showcase

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

EPOCH = "1700000000"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(root: Path, site: str, *options: str) -> tuple[dict[str, bytes], str]:
    result = subprocess.run([sys.executable, "-m", "builder.editor.cli", "build", "--site-dir", site, *options], cwd=root,
                            capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    return _files(root / site), result.stderr


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """A synthetic briefing of 210 sources (the benchmark's), past the size at which loading is shared."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import run
    finally:
        sys.path.pop(0)
    root = tmp_path_factory.mktemp("synthetic") / "project"
    run.Synthetic(210).write(root)
    result = subprocess.run([sys.executable, "-m", "builder.editor.cli", "lock"], cwd=root, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def showcase(tmp_path_factory) -> Path:
    return make_showcase(tmp_path_factory.mktemp("showcase") / "project").root


@pytest.mark.parametrize("which", ["showcase", "synthetic"])
def test_the_shared_build_writes_the_files_mkdocs_own_build_writes(which, request):
    root = request.getfixturevalue(which)
    serial, serial_err = _build(root, "site-serial", "--jobs", "1")
    shared, shared_err = _build(root, "site-shared", "--jobs", "2")
    assert sorted(shared) == sorted(serial)
    assert [name for name in serial if shared[name] != serial[name]] == []
    assert any(name.startswith("pagefind/index/") for name in shared)
    # The same warnings and notes, in the same order (log records of the second process replayed).
    assert shared_err.replace("site-shared", "site") == serial_err.replace("site-serial", "site")
    # Built again where the last build's site is: its pages are shared by the sizes of their files there.
    again, again_err = _build(root, "site-shared", "--jobs", "2")
    assert [name for name in serial if again.get(name) != serial[name]] == [] and sorted(again) == sorted(serial)
    assert again_err.replace("site-shared", "site") == serial_err.replace("site-serial", "site")


def test_loading_and_verifying_in_halves_finds_what_one_process_finds(synthetic, monkeypatch):
    """With broken files in both halves, the errors come out as one process reports them, in order."""
    sources = sorted((synthetic / "content" / "sources").glob("*.yaml"))
    saved = {path: path.read_text(encoding="utf-8") for path in (sources[3], sources[-3])}
    try:
        sources[3].write_text(saved[sources[3]].replace("kind: ", "kind: not-", 1), encoding="utf-8")
        quote_line = next(line for line in saved[sources[-3]].splitlines() if line.strip().startswith("quote:"))
        sources[-3].write_text(saved[sources[-3]].replace(quote_line, quote_line + " and more", 1), encoding="utf-8")
        found = {}
        for processes in (1, 2):
            monkeypatch.setattr(workers, "processes", processes)
            with pytest.raises(Problems) as load_problems:
                load.load(synthetic)
            sources[3].write_text(saved[sources[3]], encoding="utf-8")
            model = load.load(synthetic)
            verification = quotes.verify(model)
            found[processes] = ([str(e) for e in load_problems.value.errors], [str(e) for e in verification.errors],
                                verification.lock.text())
            sources[3].write_text(saved[sources[3]].replace("kind: ", "kind: not-", 1), encoding="utf-8")
        assert found[1] == found[2]
        assert found[1][0] and found[1][1]
    finally:
        for path, text in saved.items():
            path.write_text(text, encoding="utf-8")


def test_the_theme_files_copied_are_mkdocs_own_though_hidden_folders_are_not_listed(tmp_path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from builder.publish import mkdocs_api

    theme = tmp_path / "overrides"
    for name in ("main.html", "css/extra.css", "js/deep/a.js", ".icons/x.svg", "css/.cache/old.css",
                 "css/.hidden.css", "README.md", "locales/de.po", "assets/.keep", "assets/logo.svg"):
        (theme / name).parent.mkdir(parents=True, exist_ok=True)
        (theme / name).write_text("x", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: T\ntheme:\n  name: material\n  custom_dir: overrides\n",
                                         encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    env = config.theme.get_env()
    own, ours = Files([]), Files([])
    own.add_files_from_theme(env, config)
    mkdocs_api.add_files_from_theme(ours, env, config)
    listed = [(file.src_uri, file.abs_src_path) for file in ours]
    assert listed == [(file.src_uri, file.abs_src_path) for file in own]
    assert ("css/extra.css", str(theme / "css/extra.css")) in listed and ("js/deep/a.js", str(theme / "js/deep/a.js")) in listed
    assert not any(".icons" in uri or ".cache" in uri or uri.endswith(".keep") for uri, _ in listed)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_pages_are_rendered_with_the_worked_out_briefing_frozen_and_the_collector_is_left_as_it_was(
        jobs, project, monkeypatch, capsys):
    import gc

    from builder.editor import cli
    from builder.pages import render

    frozen: list[int] = []
    real = render.Renderer.render

    def watched(self, page):
        frozen.append(gc.get_freeze_count())
        return real(self, page)

    monkeypatch.setattr(render.Renderer, "render", watched)
    monkeypatch.chdir(project.root)
    assert cli.main(["build", "--jobs", jobs]) == 0, capsys.readouterr().err
    # What lasts until the build ends was left out of the collector's rounds while pages were rendered...
    assert frozen and min(frozen) > 0
    # ...and this process is as it was once the build is over, built well or not.
    assert gc.isenabled() and gc.get_freeze_count() == 0
    theme = project.read("content/themes/bridge.yaml")
    project.write("content/themes/bridge.yaml", theme.replace("#workers-5000]", "#workers-9999]"), dedent=False)
    assert cli.main(["build", "--jobs", jobs]) == 1
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert cli.main(["check"]) == 1
    assert gc.isenabled() and gc.get_freeze_count() == 0
