"""YAML syntax errors in plain words: what is wrong on which line, and what to do about it.

PyYAML names the state its parser was in ("mapping values are not allowed here",
"could not find expected ':'", "did not find expected '-' indicator"), at the place
where it gave up. An editor needs the line to change and the change to make. Most
syntax errors in hand-written content are a line indented differently from its
neighbours, a ': ' inside a value, or text after a closing quote; this module
recognises those from PyYAML's words and the lines around the mark, and names the
fields involved and the indentation that would fit. Anything else keeps PyYAML's
words, with a hint of where to look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
import yaml

_KEY = re.compile(r"^(?P<lead>\s*(?:-\s+)*)(?P<key>[^\s:#'\"\[{-][^:#]*?):(?:\s|$)")
"""A 'name: value' line: the name, and what stands before it (spaces and list dashes)."""


@dataclass(frozen=True)
class _Line:
    """One line of the file as the messages need it."""

    number: int  # 1-based
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def key(self) -> str | None:
        """The field name this line starts, if it is a 'name: value' line."""
        match = _KEY.match(self.text)
        return match.group("key").strip() if match else None

    @property
    def key_column(self) -> int:
        """Where the field name starts (after any '- ')."""
        match = _KEY.match(self.text)
        return len(match.group("lead")) if match else self.indent

    @property
    def is_entry(self) -> bool:
        return self.text.lstrip(" ").startswith("- ") or self.text.strip() == "-"

    @property
    def significant(self) -> bool:
        stripped = self.text.strip()
        return bool(stripped) and not stripped.startswith("#")


def _spaces(n: int) -> str:
    return "at the start of the line" if n == 0 else "1 space in" if n == 1 else f"{n} spaces in"


class _File:
    def __init__(self, text: str):
        # At the end of the file PyYAML's mark can sit on a line after the last one.
        self.lines = [_Line(n, line) for n, line in enumerate(re.split(r"\r\n|\r|\n", text.rstrip("\r\n")), 1)]

    def line(self, number: int) -> _Line:
        return self.lines[max(0, min(number, len(self.lines)) - 1)]

    def above(self, number: int) -> list[_Line]:
        """The significant lines above a line, nearest first."""
        return [line for line in reversed(self.lines[: max(0, number - 1)]) if line.significant]

    def field_above(self, number: int, deepest: int) -> _Line | None:
        """The nearest 'name: value' line above whose name starts at or before column `deepest`."""
        return next((line for line in self.above(number) if line.key and line.key_column <= deepest), None)

    def neighbours(self, number: int, column: int) -> list[_Line]:
        """The nearest field names above a line at the indentation just deeper and just shallower than `column`."""
        deeper = shallower = None
        for line in self.above(number):
            if not line.key:
                continue
            if line.key_column > column and deeper is None:
                deeper = line
            elif line.key_column < column and shallower is None:
                shallower = line
            if line.key_column < column:
                break  # fields further up belong to another level
        return [line for line in (deeper, shallower) if line is not None]


def _as(line: _Line) -> str:
    return f"'{line.key}:' on line {line.number}, {_spaces(line.key_column)}"


def explain(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, str, str] | None:
    """The line to change, what is wrong and what to do, for the syntax errors met most; None for others."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark
    if mark is None:
        return None
    source = _File(text)
    line = source.line(mark.line + 1)
    if "mapping values are not allowed" in problem:
        return _colon_out_of_place(source, line, mark.column)
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        return _no_colon(source, source.line(exc.context_mark.line + 1))
    if "block collection" in context and ("expected '-' indicator" in problem or "expected <block end>" in problem):
        return _outside_entry(source, line, exc.context_mark)
    if "block mapping" in context and ("did not find expected key" in problem or "expected <block end>" in problem):
        return _unexpected_in_mapping(source, line, mark.column)
    if "anchor" in context or "alias" in context:
        return line.number, "a value that starts with '&' or '*' is read as a YAML anchor or alias", \
            "put the value in quotes"
    if "directive" in context or "document start" in problem:
        return line.number, "a line that starts with '%' is read as a YAML directive", \
            "put the value in quotes, or indent it under the field whose text it continues"
    if "block scalar" in context:
        return line.number, "text follows '|' or '>' on its line", \
            "start the text on the next line, indented more than the field's name"
    return _other(line, problem, mark.column)


def _colon_out_of_place(source: _File, line: _Line, column: int) -> tuple[int, str, str]:
    """PyYAML's "mapping values are not allowed here": a ': ' where no field can start."""
    before = line.text[:column]
    if line.key and re.search(r":(\s|$)", before):
        return line.number, f"the value of '{line.key}' contains ': ', which YAML reads as the start of another field", \
            "put the whole value in quotes"
    name = before.strip().lstrip("- ").strip() or "this line"
    above = source.above(line.number)
    previous = above[0] if above else None
    if previous is not None and line.indent > previous.indent:
        sibling = source.field_above(line.number, line.indent)
        fit = f"indent it as {_as(sibling)}" if sibling else "indent it as the fields around it"
        return line.number, f"'{name}:' is indented more than line {previous.number}, so YAML reads it as part of " \
            "the value above", f"if '{name}' is a field, {fit}; if the line continues a text, put the whole text in quotes"
    if previous is not None and not previous.key:
        return previous.number, "this line is not 'name: value', so YAML reads it as text running on to the next " \
            "field", _not_a_field_hint(previous)
    return line.number, f"'{name}:' is not where a field can start", \
        "check this line's indentation against the lines above, and put a value containing ': ' in quotes"


def _not_a_field_hint(line: _Line) -> str:
    if re.search(r"\S:\S", line.text) and ": " not in line.text:
        return "write a space after the colon"
    return "write it as 'name: value', or indent it under the field whose text it continues"


def _no_colon(source: _File, line: _Line) -> tuple[int, str, str]:
    """PyYAML's "could not find expected ':'": a line that is neither 'name: value' nor part of a text."""
    if re.search(r"\S:\S", line.text) and ": " not in line.text:
        return line.number, "this line has no ': ' between a field's name and its value", \
            "write a space after the colon"
    owner = source.field_above(line.number, line.indent)
    if owner is not None:
        return line.number, f"this line is not 'name: value', and is not indented enough to continue the text " \
            f"of '{owner.key}' on line {owner.number}", \
            f"if it continues that text, indent it more than '{owner.key}:'; " \
            "if it is a field, write it as 'name: value'"
    return line.number, "this line is not 'name: value'", "write it as 'name: value'"


def _outside_entry(source: _File, line: _Line, start: yaml.Mark | None) -> tuple[int, str, str]:
    """PyYAML's "did not find expected '-' indicator": a line in a list that is in no entry of it."""
    dash = start.column if start is not None else line.indent
    entry = next((above for above in source.above(line.number) if above.is_entry and above.indent == dash), None)
    name = f"'{line.key}:'" if line.key else "this line"
    if entry is None or not entry.key:
        return line.number, f"{name} is in a list, but not in any entry of it", \
            "start an entry with '- ', or indent the line as the entry above it"
    where = "lined up with the '-' of" if line.indent == dash else "indented differently from the fields of"
    return line.number, f"{name} is {where} the list entry on line {entry.number}, so it belongs to no entry", \
        f"indent it as {_as(entry)}, to make it part of that entry" + \
        ("; or start a new entry with '- '" if line.indent == dash else "")


def _unexpected_in_mapping(source: _File, line: _Line, column: int) -> tuple[int, str, str]:
    """PyYAML's "did not find expected key": something other than the next field of a mapping."""
    if column > line.indent and line.text[:column].rstrip()[-1:] in ("'", '"'):
        quote = line.text[:column].rstrip()[-1]
        other = "'" if quote == '"' else '"'
        return line.number, "text follows the closing quote of a quoted value", \
            f"a {quote} inside the value ends it: put the value in {other} quotes instead, or leave the quotes out"
    if column > line.indent:
        return line.number, "more text follows a complete value on this line", "put the whole value in quotes"
    if line.is_entry:
        entries = [above for above in source.above(line.number) if above.is_entry and above.indent != line.indent]
        hint = f"line its '-' up with the '-' on line {entries[0].number}, {_spaces(entries[0].indent)}" if entries \
            else "indent it under the field whose list it belongs to"
        return line.number, "a list entry ('- ') where a field is expected", hint
    block = _block_text_above(source, line)
    if block is not None:
        field, first = block
        return line.number, f"this line is indented less than the text of '{field.key}:' above it (line " \
            f"{field.number}), so YAML ends that text before it", \
            f"indent it as the text's first line (line {first.number}), {_spaces(first.indent)}"
    name = f"'{line.key}:'" if line.key else "this line"
    fits = source.neighbours(line.number, line.indent)
    hint = ("line it up with " + ", or with ".join(_as(fit) for fit in fits)) if fits \
        else "line it up with the field it belongs with"
    how = "differently from" if len(fits) != 1 else "more than" if fits[0].key_column < line.indent else "less than"
    return line.number, f"{name} is indented {how} the fields above it", hint


_BLOCK_START = re.compile(r":\s+[|>][-+0-9]*\s*(?:#.*)?$")
"""A 'name: |' or 'name: >' line: the text follows, on the lines indented under it."""


def _block_text_above(source: _File, line: _Line) -> tuple[_Line, _Line] | None:
    """The 'name: |' field whose text this line was meant to continue, and that text's first line.

    A line indented more than the field's name but less than the text's first line ends the text
    (YAML takes its indentation from the first line), and PyYAML then reports a line that is no field.
    """
    for above in source.above(line.number):
        if above.key and above.key_column < line.indent and _BLOCK_START.search(above.text):
            first = next((text for text in source.lines[above.number: line.number - 1] if text.text.strip()), None)
            if first is not None and above.key_column < line.indent < first.indent:
                return above, first
            return None
        if above.indent < line.indent:
            return None  # a line shallower than this one, and no block text began there
    return None


def _other(line: _Line, problem: str, column: int) -> tuple[int, str, str] | None:
    if "cannot start any token" in problem and column < len(line.text) and line.text[column] != "\t":
        return line.number, f"a value cannot start with '{line.text[column]}' in YAML", "put the value in quotes"
    if "undefined alias" in problem:
        return line.number, "a value that starts with '*' is read as a reference to another value (a YAML alias)", \
            "put the value in quotes"
    if "another document" in problem:
        return line.number, "'---' starts a second document, and a content file holds one", \
            "remove the '---' line, or put the text in quotes if it is part of a value"
    if "block sequence entries are not allowed" in problem:
        return line.number, "a list entry ('- ') cannot start on the line of its field's name", \
            "start the list on the next line, indented, or put the value in quotes if it is text"
    if "mapping keys are not allowed" in problem:
        return line.number, "a value cannot start with '? ' in YAML", "put the value in quotes"
    if "expected node content" in problem:
        return line.number, "a value is missing where the line (or the file) ends", \
            "close the bracket or quote opened above, or write the value"
    if "escape" in problem:
        return line.number, "a backslash in a value in double quotes starts an escape sequence, and this one " \
            "is not valid", "write \\\\ for a backslash, or put the value in single quotes"
    return None
