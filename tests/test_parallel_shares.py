"""How `briefing build` shares the pages between its processes: by the sizes the last build's files had."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.publish.parallel import shares


@dataclass
class _File:
    dest_uri: str


def _site(folder: Path, sizes: dict[str, int]) -> Path:
    for name, size in sizes.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    return folder


def _names(found: list[list[_File]]) -> list[list[str]]:
    return [[file.dest_uri for file in share] for share in found]


def test_without_a_last_site_every_other_page_goes_to_each_process():
    files = [_File(f"p{n}/index.html") for n in range(5)]
    assert _names(shares(files, 2)) == [["p0/index.html", "p2/index.html", "p4/index.html"],
                                        ["p1/index.html", "p3/index.html"]]


def test_with_the_last_site_the_largest_pages_are_spread_and_each_share_keeps_the_pages_order(tmp_path):
    sizes = {"a/index.html": 100, "b/index.html": 100, "c/index.html": 100, "d/index.html": 100,
             "print/index.html": 500, "timeline/index.html": 300}
    files = [_File(name) for name in sorted(sizes)]
    found = _names(shares(files, 2, _site(tmp_path, sizes)))
    # print (500) and timeline (300) first, then the others, each to the lighter share: 600 and 600
    assert found == [["c/index.html", "print/index.html"],
                     ["a/index.html", "b/index.html", "d/index.html", "timeline/index.html"]]
    assert sorted(sum(found, [])) == sorted(sizes)


def test_a_page_the_last_site_lacks_counts_as_an_average_one(tmp_path):
    sizes = {"a/index.html": 300, "b/index.html": 100, "c/index.html": 100}
    files = [_File(name) for name in [*sorted(sizes), "new/index.html"]]
    found = _names(shares(files, 2, _site(tmp_path, sizes)))
    # a (300) alone; b, c and the new page (counted as 166, the average) together
    assert found == [["a/index.html"], ["b/index.html", "c/index.html", "new/index.html"]]
