"""Reading one YAML file into nodes that keep their lines, with errors an editor can act on.

The loader works on composed nodes, never on plain Python objects, so every
value keeps the line it was written on. A file that cannot be read or parsed
becomes one diagnostic at the line to look at, with a hint where one helps.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from collections.abc import Callable

import yaml

from builder.model import yaml_syntax
from builder.model.diagnostics import Diagnostic

try:  # libyaml is about 14 times faster; fall back when it is not compiled in
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader  # type: ignore[misc,assignment]  # to the type checker, the same loader


class Loader(_BaseLoader):
    """The safe loader, remembering the tag of each short plain value it has resolved.

    Resolving a plain scalar's tag tries a regular expression per YAML type on every value
    (ids, types, grades, dates recur thousands of times); the answer depends on the value alone.
    """

    _tags: dict[str, str] = {}

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> Any:  # Any: as PyYAML's stubs have it
        if kind is yaml.ScalarNode and implicit[0] and not self.yaml_path_resolvers:
            tag = self._tags.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]  # untyped in the stubs
                if len(value) <= 64 and len(self._tags) < 100_000:
                    self._tags[value] = tag
            return tag
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]  # as above


_UNSAVED: contextvars.ContextVar[Mapping[str, str] | None] = contextvars.ContextVar("unsaved", default=None)


@contextlib.contextmanager
def unsaved_buffers(texts: Mapping[str, str]) -> Iterator[None]:
    """Within this block, read these texts (by absolute path) in place of the files on disk.

    An editor's unsaved buffers, for the language server: the loader and the checks then read what
    the editor shows, through the same code as `briefing check`. A path may be a file not saved yet.
    """
    token = _UNSAVED.set({os.path.abspath(path): text for path, text in texts.items()})
    try:
        yield
    finally:
        _UNSAVED.reset(token)


def unsaved_text(path: Path | str) -> str | None:
    """The unsaved buffer's text of this file, or None to read it from disk."""
    buffers = _UNSAVED.get()
    return buffers.get(os.path.abspath(path)) if buffers else None


MAX_FILE_BYTES = 1_000_000
"""A content file larger than this is refused. The limit is there to stop a runaway or accidental file (an
article's whole text pasted into a summary, a generated file gone wrong, a binary saved as .yaml) before it is
parsed, held in memory and published: no real source summary is that big. A list that grows past it honestly (a
timeline of thousands of events) is split into a folder of files instead (load.SPLITTABLE; README, The content
model), each under the limit."""

_UNUSUAL_BREAK_MARKS = "\x85\u2028\u2029"
_UNUSUAL_BREAKS = dict.fromkeys(map(ord, _UNUSUAL_BREAK_MARKS), " ")


TOO_BIG_HINT = "shorten its texts"
"""What to do about a content file over a limit, unless the caller knows better (a list that can be split)."""


def read_yaml(path: Path, display: str, errors: list[Diagnostic]) -> yaml.Node | None:
    """Read one file into a YAML node, or record why it cannot be read."""
    return read_yaml_text(path, display, errors)[0]


def read_yaml_text(path: Path, display: str, errors: list[Diagnostic],
                   too_big_hint: str = TOO_BIG_HINT) -> tuple[yaml.Node | None, str]:
    """Read one file into a YAML node and its text ('' when it cannot be read), recording why not.

    `too_big_hint` is the hint given with a file over MAX_FILE_BYTES."""
    unsaved = unsaved_text(path)
    raw_unsaved = None if unsaved is None else unsaved.encode("utf-8", errors="surrogatepass")
    size = path.stat().st_size if raw_unsaved is None else len(raw_unsaved)
    if size > MAX_FILE_BYTES:
        errors.append(Diagnostic(display, 0, f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}",
                                   too_big_hint))
        return None, ""
    raw = path.read_bytes() if raw_unsaved is None else raw_unsaved
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        errors.append(Diagnostic(display, line, f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                                   "save it as UTF-8"))
        return None, ""
    # YAML counts NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as line breaks; editors do not, so the
    # lines reported would not match. As whitespace they change nothing (quotes are compared folded).
    if any(mark in text for mark in _UNUSUAL_BREAK_MARKS):  # a search per mark: translate alone is 10x slower
        text = text.translate(_UNUSUAL_BREAKS)
    if not text.strip() or all(l.strip().startswith("#") or not l.strip() for l in text.splitlines()):
        errors.append(Diagnostic(display, 1, "file is empty"))
        return None, ""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        line, problem, hint = _locate_yaml_error(text, exc)
        errors.append(Diagnostic(display, line, f"YAML syntax error: {problem}", hint))
        return None, ""
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        errors.append(Diagnostic(display, line, f"the file contains the control character U+{exc.character:04X}, "
                                   "which YAML does not allow", "delete it: it is usually pasted in by accident"))
        return None, ""
    except yaml.YAMLError as exc:
        errors.append(Diagnostic(display, 1, "YAML error: " + " ".join(str(exc).split())))
        return None, ""
    return node, text


def _locate_yaml_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, str, str]:
    """The line an editor should look at, the problem, and a hint.

    PyYAML reports where parsing stopped, which for a missing closing quote
    can be lines after the quote that was left open.
    """
    mark = exc.problem_mark or exc.context_mark
    # At the end of the stream the mark can sit on a line after the last one.
    line = min(mark.line + 1 if mark else 1, len(re.split(r"\r\n|\r|\n", text.rstrip("\r\n"))))
    problem = exc.problem or "is not valid YAML"
    context = exc.context or ""
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark:
        return exc.context_mark.line + 1, "a quoted value is not closed", "add the closing quote"
    opened = _runaway_quote(text, line)
    if opened:
        return opened, f"the quoted value that starts on this line runs on to line {line}", \
            "a closing quote is probably missing"
    bad_line = (text.splitlines()[line - 1 : line] or [""])[0]
    if "\t" in bad_line:
        return line, "this line holds a tab where YAML expects spaces", "indent with spaces, not tabs"
    # "while parsing a flow sequence/mapping" marks the bracket; "a flow node" marks where a value was
    # expected (at the end of the file, a line past the last), which is no bracket to point at.
    if ("flow sequence" in context or "flow mapping" in context) and exc.context_mark:
        bracket, closing = ("[", "]") if "sequence" in context else ("{", "}")
        return line, f"the '{bracket}' on line {exc.context_mark.line + 1} has no matching '{closing}'", \
            f"close it with '{closing}', or put a value holding '{bracket}' or a comma in quotes"
    explained = yaml_syntax.explain(text, exc)
    if explained:
        return explained
    return line, problem, _yaml_hint(problem)


def _runaway_quote(text: str, error_line: int) -> int:
    """The line of a quoted value that spans lines and ends where parsing failed (0 if none)."""
    found = 0
    try:
        for token in yaml.scan(text, Loader=Loader):
            if token.start_mark.line + 1 > error_line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") \
                    and token.start_mark.line < token.end_mark.line and token.end_mark.line + 1 == error_line:
                found = token.start_mark.line + 1
    except yaml.YAMLError:
        pass  # the scanner may fail before the parser did; what was found so far still counts
    return found


def first_alias(text: str) -> tuple[int, str] | None:
    """The line and name of the first alias (*name) in a YAML text."""
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.AliasEvent):
                assert event.start_mark is not None and event.anchor is not None  # the parser sets both
                return event.start_mark.line + 1, event.anchor
    except yaml.YAMLError:
        return None
    return None


def _yaml_hint(problem: str) -> str:
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "end of the stream" in problem or "unexpected end" in problem:
        return "a quote or bracket is probably not closed"
    return "check this line and the one above it: the indentation, a ': ' or a quote inside a value " \
        "(put such a value in quotes), a quote or bracket left open"




MAX_NODES = 200_000
"""A file with more YAML values than this is refused. Like MAX_FILE_BYTES it stops a runaway file, and it
bounds the work of walking one: a "YAML bomb" (a small text whose anchors and aliases expand into billions of
values) is refused for its aliases, and a long text of tiny values ("[1,1,1,...]") for its count. A real
content file holds a few thousand values; a split list (load.SPLITTABLE) holds this many per file of its folder."""


_MAY_ALIAS = re.compile(r"(?<![^\s\[{,:?-])[&*][^\s\[\]{},]")
"""Where YAML could read an anchor or alias; ordinary text rarely looks like one ('Smith & Jones' does not)."""


def check_no_aliases(node: yaml.Node, display: str, errors: list[Diagnostic],
                     text: Callable[[], str] | None = None, source: str | None = None,
                     too_big_hint: str = TOO_BIG_HINT) -> bool:
    """Refuse anchors/aliases (a shared node could expand to billions of values) and huge files.

    `source`, the file's text, lets most files skip the walk over every node: with no anchor
    or alias syntax in it the nodes form a tree, and a text shorter than MAX_NODES / 2 characters
    holds fewer than MAX_NODES values (a value can take less than a character: '? ? ? ? ? ?' is
    11 characters and 13 values, each '? ' an explicit key and its empty value; no more than one
    value and a little more a character). `too_big_hint` is the hint given with a file over MAX_NODES.
    """
    if source is not None and 2 * len(source) < MAX_NODES and not _MAY_ALIAS.search(source):
        return True
    count = 0
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            # The composed node only knows where its anchor is; the editor needs the first alias.
            # The text already read (perhaps an unsaved buffer) is the one whose lines count.
            read = source if source is not None else text() if text is not None else None
            alias = first_alias(read) if read is not None else None
            line = alias[0] if alias else current.start_mark.line + 1
            errors.append(Diagnostic(display, line,
                                     f"YAML alias '*{alias[1]}' repeats another value: anchors and aliases "
                                     "(&name, *name) are not allowed in content" if alias else
                                     "YAML anchors and aliases (&name, *name) are not allowed in content",
                                     "write the value out in full"))
            return False
        seen.add(id(current))
        count += 1
        if count > MAX_NODES:
            errors.append(Diagnostic(display, node.start_mark.line + 1, f"file has more than {MAX_NODES:,} values",
                                     too_big_hint))
            return False
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
    return True


@functools.lru_cache(maxsize=64)
def _file_lines(path: str, mtime: float) -> tuple[str, ...]:
    return tuple(Path(path).read_text(encoding="utf-8", errors="replace").splitlines())


def line_in_text(path: Path, first_line: int, value: str, offset: int, column: int = 0) -> int:
    """The file line that holds character `offset` of a text written over several lines from `first_line`.

    Folding (`>`, plain or quoted texts over several lines) turns line breaks
    into spaces, so a character's position in the value says nothing about its
    line; its word does. Count the words before it, then walk the file's lines
    (the first from `column`, where the text starts) counting the same words.
    Only called when there is a problem to report.
    """
    words_before = len(value[:offset].split())
    if offset < len(value) and offset > 0 and not value[offset - 1].isspace() and not value[offset].isspace():
        words_before -= 1  # the offset falls inside a word: that word's line
    unsaved = unsaved_text(path)
    try:
        lines = _file_lines(str(path), path.stat().st_mtime) if unsaved is None else tuple(unsaved.splitlines())
    except OSError:
        return first_line
    seen = 0
    for number in range(first_line, len(lines) + 1):
        line = lines[number - 1][column:] if number == first_line else lines[number - 1]
        seen += len(line.split())
        if seen > words_before:
            return number
    return first_line
