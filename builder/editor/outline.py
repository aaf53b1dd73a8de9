"""Where the cursor is in a content file's text: which field, in which item, on a key or in a value.

The language server needs this while the text is being typed, when it is often not valid YAML
(`about: [kim-jo` with the bracket still open, a key with no value yet), so it is read from the
lines and their indentation, the way YAML nests them, not by parsing the file. What a file means
is never read here: the model, which the loader builds as `briefing check` does, holds that.
Columns count characters (code points); the server converts them to the editor's units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(r"^(?P<indent> *)(?P<dashes>(?:- +)*)(?P<key>[A-Za-z_][\w-]*) *:(?= |$)(?P<rest>.*)$")
_DASH = re.compile(r"^(?P<indent> *)(?P<dashes>(?:-(?: +|$))+)(?P<rest>.*)$")
_BLOCK = re.compile(r"^[|>][-+0-9]*\s*(?:#.*)?$")


@dataclass(frozen=True)
class Line:
    """One line as YAML nests it."""

    number: int  # 0-based
    kind: str  # "key", "entry" (a list entry without a key: '- value'), "text" (inside a value), "blank"
    column: int  # where its key, entry or text starts
    key: str = ""
    value_column: int = -1  # where the value starts on this line (after 'key: ' or '- '), -1 if none
    entry_columns: tuple[int, ...] = ()  # the columns of the '- ' list markers on this line
    owner: int = -1  # for a "text" line: the line of the key or entry whose value it continues


class Outline:
    """The lines of a YAML text, each placed in the nesting of keys and list entries."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.split("\n")
        self.placed: list[Line] = []
        owner, owner_column = -1, -1  # the key or entry whose value continues on more-indented lines
        for number, line in enumerate(self.lines):
            stripped = line.strip()
            indent = len(line) - len(line.lstrip(" "))
            if owner >= 0 and (not stripped or indent > owner_column):
                self.placed.append(Line(number, "text", indent, owner=owner))
                continue
            owner = -1
            if not stripped or stripped.startswith("#"):
                self.placed.append(Line(number, "blank", indent))
                continue
            placed = self._place(number, line)
            self.placed.append(placed)
            if placed.value_column >= 0 and line[placed.value_column:].strip():
                # A value started here may go on below, on lines indented more than its key (or list marker).
                owner = number
                owner_column = placed.column if placed.kind == "key" else placed.entry_columns[-1]

    @staticmethod
    def _place(number: int, line: str) -> Line:
        match = _KEY.match(line)
        if match:
            dashes = match.group("dashes")
            start = len(match.group("indent"))
            entries = tuple(start + i for i, ch in enumerate(dashes) if ch == "-")
            column = start + len(dashes)
            value_column = match.end("key") + line[match.end("key"):].index(":") + 1
            value_column += len(line[value_column:]) - len(line[value_column:].lstrip(" "))
            return Line(number, "key", column, match.group("key"), value_column, entries)
        match = _DASH.match(line)
        if match:
            dashes = match.group("dashes")
            start = len(match.group("indent"))
            entries = tuple(start + i for i, ch in enumerate(dashes) if ch == "-")
            return Line(number, "entry", start + len(dashes), value_column=start + len(dashes), entry_columns=entries)
        indent = len(line) - len(line.lstrip(" "))
        return Line(number, "text", indent)

    def line(self, number: int) -> Line:
        return self.placed[number] if 0 <= number < len(self.placed) else Line(number, "blank", 0)

    def owner_of(self, number: int) -> Line:
        """The key or entry line a line belongs to (itself, unless it continues a value)."""
        placed = self.line(number)
        return self.line(placed.owner) if placed.kind == "text" and placed.owner >= 0 else placed

    def parents(self, number: int, column: int, entry: bool = False) -> list[Line]:
        """The key lines that hold a line whose content starts at `column`, innermost last.

        A list entry's marker may stand at its key's column (`claims:` then `- id: ...` beneath it),
        so a key holds what is right of it or, through a list marker, at its own column. `entry`: the
        line is itself a list entry whose marker is at `column`.
        """
        found: list[Line] = []
        limit, through_entry = column, entry
        for above in range(number - 1, -1, -1):
            placed = self.placed[above]
            if placed.kind in ("blank", "text"):
                continue
            if placed.kind == "key" and (placed.column < limit or through_entry and placed.column <= limit
                                         and not placed.entry_columns):
                found.append(placed)
                limit, through_entry = placed.column, False
            elif placed.entry_columns and placed.entry_columns[0] < limit:
                limit, through_entry = placed.entry_columns[0], True
            if limit == 0 and not through_entry:
                break
        return list(reversed(found))

    def path(self, number: int, column: int | None = None) -> tuple[str, ...]:
        """The keys from the top of the file to the field on this line (for a value, its key last).

        `column`: where the content of a blank or half-typed line would start (the cursor's column).
        """
        placed = self.owner_of(number)
        if placed.kind == "key":
            return tuple(p.key for p in self.parents(placed.number, placed.column)) + (placed.key,)
        if placed.kind == "entry":
            return tuple(p.key for p in self.parents(placed.number, placed.entry_columns[0], entry=True))
        return tuple(p.key for p in self.parents(placed.number, placed.column if column is None else column))

    def entry_start(self, number: int) -> int:
        """The line where the list entry (a claim, a section) holding this line begins; -1 if none."""
        placed = self.owner_of(number)
        if placed.entry_columns:
            return placed.number
        column = placed.column
        for above in range(placed.number - 1, -1, -1):
            line = self.placed[above]
            if line.kind in ("blank", "text"):
                continue
            if line.entry_columns and line.entry_columns[-1] < column:
                return above
            if line.kind == "key" and line.column < column:
                return -1
        return -1

    def value_lines(self, number: int) -> range:
        """The lines of the value a key or entry line starts: itself and the lines that continue it."""
        end = number + 1
        while end < len(self.placed) and self.placed[end].kind == "text" and self.placed[end].owner == number:
            end += 1
        while end - 1 > number and not self.lines[end - 1].strip():
            end -= 1  # trailing blank lines belong to no value
        return range(number, end)

    def fields(self, number: int, column: int) -> list[Line]:
        """The key lines at `column` of the mapping that holds line `number` (a field's siblings)."""
        siblings = []
        for at in range(number, -1, -1):
            line = self.placed[at]
            if line.kind == "key" and line.column == column:
                siblings.append(line)
            if line.kind in ("key", "entry") and (line.entry_columns and line.entry_columns[-1] < column
                                                  or line.column < column):
                break  # the first line of the entry, or the key that holds the mapping
        for at in range(number + 1, len(self.placed)):
            line = self.placed[at]
            if line.kind in ("key", "entry") and (line.entry_columns and line.entry_columns[-1] < column
                                                  or line.column < column):
                break  # the next entry, or the next key outside the mapping
            if line.kind == "key" and line.column == column:
                siblings.append(line)
        return sorted(siblings, key=lambda line: line.number)

    def is_block(self, number: int) -> bool:
        """Whether a key line's value is a block text (| or >) on the lines below it."""
        placed = self.line(number)
        return placed.value_column >= 0 and bool(_BLOCK.match(self.lines[number][placed.value_column:]))


_WORD = re.compile(r"[A-Za-z0-9_#@-]*$")


@dataclass(frozen=True)
class Place:
    """What the cursor is on: a field name being typed, or a field's value."""

    line: int
    path: tuple[str, ...]
    """For a value, the keys down to its field; for a field name, down to the mapping that holds it."""
    on_key: bool
    word: str
    """The id-like word before the cursor (a field name, an id, a key being typed)."""
    word_start: int
    column: int
    """The column of the keys of the mapping the cursor is in (for a field name)."""
    value_column: int = -1
    """Where the value starts on this line (-1 on a line that continues a value)."""
    value_typed: str = ""
    """The value's text on this line, up to the cursor."""


def place(outline: Outline, number: int, column: int) -> Place:
    """What the cursor at a line and column is on."""
    text = outline.lines[number] if number < len(outline.lines) else ""
    before = text[:column]
    word = _WORD.findall(before)[0]
    start = column - len(word)
    placed = outline.line(number)
    if placed.kind == "key" and placed.column <= column <= placed.column + len(placed.key):
        return Place(number, outline.path(number)[:-1], True, before[placed.column:], placed.column, placed.column)
    if placed.kind in ("key", "entry") and column >= placed.value_column:
        typed = before[placed.value_column:]
        if placed.kind == "entry" and not typed.strip():
            # '- ' just typed: a new entry, which may be a mapping (a claim) or a single value (an id).
            return Place(number, outline.path(number), True, "", column, placed.value_column, placed.value_column)
        return Place(number, outline.path(number), False, word, start, placed.column, placed.value_column, typed)
    owner = outline.line(placed.owner) if placed.kind == "text" and placed.owner >= 0 else None
    if owner is not None and (text.strip() or column > (owner.column if owner.kind == "key" else owner.entry_columns[-1])):
        return Place(number, outline.path(owner.number), False, word, start, owner.column, -1, before.lstrip())
    stripped = before.strip()
    if not stripped or re.fullmatch(r"[A-Za-z_][\w-]*", stripped):  # a blank line, or a field name being typed
        key_column = len(before) - len(before.lstrip(" "))
        path = tuple(p.key for p in outline.parents(number, key_column))
        return Place(number, path, True, stripped, key_column, key_column)
    return Place(number, outline.path(number, placed.column), False, word, start, placed.column, -1, before.lstrip())
