"""Whatever the content, checking it ends in success or in located errors, never in an exception.

Hypothesis starts from the valid fixture project and mutates it: lines deleted,
repeated, swapped, re-indented or cut; stray YAML syntax, tabs, quotes,
anchors and bytes that are not UTF-8 inserted; values replaced with arbitrary
text; files removed, truncated or added under odd names. `load` + `check`
must then either return or raise Problems whose every error names a
file and a line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from builder.checks import rules as checks
from builder.model import load
from builder.model.diagnostics import Diagnostic, Problems
from conftest import FILES, make_project

CONTENT_FILES = sorted([*FILES, "content/quotes.lock"])

SNIPPETS = [
    "\t", "  ", "    ", ":", ": ", "- ", "-", "#", "'", '"', "[", "]", "{", "}", ",", "&a ", "*a", "!!python/object:x",
    "? ", "|", ">", "---", "...", "%YAML 1.1", "@", "[@", "[@x#y]", "[@example-talks#bridge-agreed]",
    "<script>", "](javascript:x)", "\u2028", "\ufeff", "\x00", "\x85", "null", "~", "true", "0x1F", "1e400", "-.inf",
    "2025-02-30", "2025-13", "unknown", "index", "../x", "Ünïcödé", "🙂", "\\", "\r", "\n", "\n\n",
]


@st.composite
def mutation(draw):
    """One small edit, as (kind, file index, position seeds, payload)."""
    kind = draw(st.sampled_from(["insert", "delete-line", "repeat-line", "swap-lines", "indent", "truncate",
                                 "replace-value", "bytes", "remove-file", "add-file"]))
    return (kind, draw(st.integers(0, 10_000)), draw(st.integers(0, 10_000)), draw(st.integers(0, 10_000)),
            draw(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=12))))


def _edit_lines(lines: list[str], kind: str, i: int, other: int, payload: str) -> list[str]:
    """One line edit of the kinds `mutation` draws (line i, and `other` for a second line or a width)."""
    j = other % len(lines)
    if kind == "insert":
        column = other % (len(lines[i]) + 1)
        lines[i] = lines[i][:column] + payload + lines[i][column:]
    elif kind == "delete-line":
        del lines[i]
    elif kind == "repeat-line":
        lines.insert(i, lines[i])
    elif kind == "swap-lines":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        lines[i] = " " * (other % 5) + lines[i].lstrip(" ") if other % 2 else lines[i][other % 3:]
    elif kind == "truncate":
        lines = lines[:i]
    elif kind == "replace-value" and ": " in lines[i]:
        key = lines[i].split(": ", 1)[0]
        lines[i] = f"{key}: {json.dumps(payload) if other % 2 else payload}"
    return lines


def apply(root: Path, mut: tuple) -> None:
    kind, which, at, other, payload = mut
    relpath = CONTENT_FILES[which % len(CONTENT_FILES)]
    path = root / relpath
    if kind == "add-file":
        name = (payload or "x").replace("/", "-").replace("\x00", "") or "x"
        folder = root / ("content/themes" if which % 2 else "content/sources")
        target = folder / (name + (".yaml" if other % 3 else ".yml"))
        try:
            shutil.copy(root / CONTENT_FILES[at % len(CONTENT_FILES)], target)
        except (FileNotFoundError, IsADirectoryError, OSError):
            pass  # a name the file system refuses is not content
        return
    if not path.exists():
        return
    if kind == "remove-file":
        path.unlink()
        return
    data = path.read_bytes()
    if kind == "bytes":
        cut = at % (len(data) + 1)
        path.write_bytes(data[:cut] + bytes([0x80 + other % 128]) + data[cut:])
        return
    lines = data.decode("utf-8", "surrogateescape").split("\n")  # keep bytes an earlier step broke
    lines = _edit_lines(lines, kind, at % len(lines), other, payload)
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape"))


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("property") / "base").root


def check_tree(root: Path) -> list[Diagnostic]:
    try:
        checks.check(load.load(root))
    except Problems as exc:
        return exc.errors
    return []


def test_the_unmutated_fixture_checks_cleanly(base):
    assert check_tree(base) == []


@settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(mutations=st.lists(mutation(), min_size=1, max_size=4))
def test_any_content_tree_gives_success_or_located_errors(base, mutations):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "proj"
        shutil.copytree(base, root, ignore=shutil.ignore_patterns("templates", "site"))
        for mut in mutations:
            apply(root, mut)
        errors = check_tree(root)  # anything but Problems propagates and fails the test
        for error in errors:
            assert isinstance(error, Diagnostic)
            assert isinstance(error.path, str) and error.path and not Path(error.path).is_absolute(), error
            assert (root / error.path).resolve().is_relative_to(root.resolve()), error
            assert isinstance(error.line, int) and error.line >= 0, error
            assert isinstance(error.message, str) and error.message.strip(), error
            assert len(str(error).splitlines()) == 1, repr(str(error))  # one problem, one line
            if error.line and (root / error.path).is_file():
                lines = re.split(rb"\r\n|\r|\n", (root / error.path).read_bytes())  # as an editor counts
                assert error.line <= len(lines), f"{error} points past the end of the file"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(max_size=40), summary=st.text(max_size=80))
def test_any_text_in_text_fields_is_accepted_or_located(base, title, summary):
    """Arbitrary (validly quoted) text: the YAML is fine, so any refusal must still say where."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "proj"
        shutil.copytree(base, root, ignore=shutil.ignore_patterns("templates", "site"))
        path = root / "content/sources/example-talks.yaml"
        text = path.read_text(encoding="utf-8")
        text = text.replace("title: Example Talks Make Progress", f"title: {json.dumps(title)}")
        text = text.replace("summary: Ministers met in Zenda and agreed to build a bridge.",
                            f"summary: {json.dumps(summary)}")
        path.write_text(text, encoding="utf-8")
        for error in check_tree(root):
            assert error.path == "content/sources/example-talks.yaml", error
            assert error.line in (1, 9), error
