"""Same content, same bytes: the site does not depend on where, when, or in what order it was built."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, make_project

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

EPOCH = "1700000000"  # 2023-11-14 22:13:20 UTC: a day apart in UTC+14 and UTC-10


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _copy_in_order(src: Path, dst: Path, reverse: bool) -> None:
    """Recreate a project file by file, newest-listed first or last, so directory order differs."""
    files = sorted((p for p in src.rglob("*") if p.is_file() and "site" not in p.relative_to(src).parts),
                   reverse=reverse)
    for path in files:
        target = dst / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())


def _build(root: Path, **env: str) -> Path:
    result = subprocess.run([sys.executable, "-m", "builder.editor.cli", "build"], cwd=root, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO), **env})
    assert result.returncode == 0, result.stderr
    return root / "site"


EXTRA_SOURCES = [  # (id, outlet, published, kind)
    ("later-talks", "example wire", 'date: "2025-02-20"', "wire-copy"),  # the same outlet, written differently
    ("another-report", "Other Daily", 'date: "early 2025"\n  inferred: The page gives no date.', "analysis"),
    ("zeta-post", "The Zeta Post", 'date: "2025-01-30"', "news-report"),
    ("alpha-review", "  Alpha Review  ", 'date: "2025"\n  inferred: Only the year is printed.', "opinion"),
]
EXTRA_SOURCE = """\
title: Report of {name}
outlet: "{outlet}"
author: unknown
published:
  {date}
kind: {kind}
archive: {name}.txt
summary: What {name} reported [@{name}#bridge].
claims:
  - id: bridge
    type: reported
    text: A bridge will be built.
    quote: "{name} reports that a bridge will be built"
    corroborates: [example-talks#bridge-agreed]
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The fixture project with several themes and sources, so that listing order could matter."""
    project = make_project(tmp_path_factory.mktemp("repro") / "template", lock=False)
    theme = project.read("content/themes/bridge.yaml")
    for name, order in (("zebra", "1"), ("alpha", "1"), ("middle", "5")):  # equal orders need a tie-break
        project.write(f"content/themes/{name}.yaml", theme.replace("title: The bridge", f"title: The {name}")
                      .replace("order: 1", f"order: {order}"), dedent=False)
    # Sources that differ from the first in every field a rule reads (outlet spelling and case, dates
    # and their precision, kinds, archives), each corroborating its claim: corroboration is derived
    # through sets, whose order changes with the hash seed.
    for name, outlet, date, kind in EXTRA_SOURCES:
        project.write(f"archive/{name}.txt", f"{name} reports that a bridge will be built between the two countries.\n")
        project.write(f"content/sources/{name}.yaml", EXTRA_SOURCE.format(name=name, outlet=outlet, date=date, kind=kind))
    # The sitemap (and its lastmod dates) is only written when the site has an address.
    with open(project.root / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write("\nsite_url: https://example.org/briefing/\n")
    assert project.briefing("lock").returncode == 0
    # Two releases, so that the changes page, the history lines and the feed's entries are compared too.
    assert project.briefing("release", "--note", "First release.").returncode == 0
    middle = project.read("content/themes/middle.yaml")
    project.write("content/themes/middle.yaml", middle.replace("confidence: moderate", "confidence: low"), dedent=False)
    assert project.briefing("release", "--note", "Second release: less confident.").returncode == 0
    return project.root


def test_two_builds_in_different_places_and_orders_are_byte_identical(template, tmp_path):
    first, second = tmp_path / "a" / "proj", tmp_path / "somewhere" / "else" / "entirely" / "proj"
    _copy_in_order(template, first, reverse=False)
    _copy_in_order(template, second, reverse=True)
    # Different hash seeds (set order), time zones (time of day) and locales; same SOURCE_DATE_EPOCH.
    one = _files(_build(first, SOURCE_DATE_EPOCH=EPOCH, PYTHONHASHSEED="1", TZ="Pacific/Kiritimati", LC_ALL="C"))
    two = _files(_build(second, SOURCE_DATE_EPOCH=EPOCH, PYTHONHASHSEED="2", TZ="Pacific/Honolulu",
                        LC_ALL="C.UTF-8"))
    assert sorted(one) == sorted(two)
    different = [name for name in one if one[name] != two[name]]
    assert different == []
    assert "sitemap.xml" in one and "sitemap.xml.gz" in one
    for name, data in one.items():
        if name.endswith((".html", ".xml", ".json")):
            text = data.decode("utf-8")
            assert str(first) not in text and str(template) not in text, f"{name} contains the build folder"


def test_the_day_of_the_build_is_written_nowhere(template, tmp_path):
    """MkDocs' one date (the sitemap's lastmod, the day of the build) is left out: builds on two days are the same."""
    root = tmp_path / "proj"
    _copy_in_order(template, root, reverse=False)
    sitemap = (_build(root, SOURCE_DATE_EPOCH=EPOCH) / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>" not in sitemap and "<loc>" in sitemap
    earlier = (_build(root, SOURCE_DATE_EPOCH="1600000000") / "sitemap.xml").read_text(encoding="utf-8")
    assert earlier == sitemap


def test_page_order_follows_content_not_file_names(template, tmp_path):
    """Themes with equal `order` are listed by title, whatever the folder listing says."""
    root = tmp_path / "proj"
    _copy_in_order(template, root, reverse=True)
    home = (_build(root, SOURCE_DATE_EPOCH=EPOCH) / "index.html").read_text(encoding="utf-8")
    listed = [home.index(f">The {name}<") for name in ("alpha", "bridge", "zebra", "middle")]
    assert listed == sorted(listed)


def test_corroboration_in_briefing_json_is_the_same_whatever_the_hash_seed(template, tmp_path):
    """Each child process has its own PYTHONHASHSEED, so set order differs between them; the data must not."""
    root = tmp_path / "proj"
    _copy_in_order(template, root, reverse=False)
    script = ("import sys; from builder.pages import prepare as build; from builder.model import settings; "
              "sys.stdout.write(build.prepare(settings.read('.')).texts['briefing.json'])")
    outputs = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONHASHSEED": seed,
                                     "SOURCE_DATE_EPOCH": EPOCH})
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1
    data = json.loads(outputs.pop())
    assert data["sourcing"]["corroborated_by"]["example-talks#bridge-agreed"] == [
        "alpha-review#bridge", "another-report#bridge", "later-talks#bridge", "zeta-post#bridge"]
