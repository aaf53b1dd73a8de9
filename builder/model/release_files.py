"""Release files (content/releases/NNNN.json) read back into the model, every value checked.

An editor may open a release file to correct a note, or damage it: each value is checked so that the
change log (releases/changes.py) can trust what it compares. Writing them is releases/snapshots.py's job.
Format 1 (the first releases) recorded no source summaries and no day of release; format 2 records both.
"""

from __future__ import annotations

import json
import os
import re
import typing
from pathlib import Path
from typing import Any
from collections.abc import Callable

from builder.model import items as m
from builder.model import ids
from builder.model.diagnostics import Diagnostic
from builder.model.yamlfile import MAX_FILE_BYTES

FOLDER = "releases"
"""The releases' folder, inside the content folder."""
FORMAT = 2
"""The version of the file format written now; a file of a version not in FORMATS is refused."""
FORMATS = (1, 2)
"""The versions read: 1 has no source summaries."""
_NAME = re.compile(r"^(\d{4})\.json$")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

SECTIONS = ("briefing", "judgements", "themes", "sources", "claims", "events", "entities", "discrepancies")
"""The parts of a snapshot; each but `briefing` maps an id to one item."""


def file_name(number: int) -> str:
    return f"{number:04d}.json"


def restore_hint(path: str) -> str:
    return f"release files are written by `briefing release`; restore this one with `git checkout -- {path}`"


_FORMAT_1_FIELDS = {"sources": ("summary",)}
"""What format 2 added to the items of a snapshot, by part."""


def unchanged(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether two snapshots record the same content, leaving aside what the older one's format did not record."""
    if old == new:
        return True
    trimmed = dict(new)
    for section, fields in _FORMAT_1_FIELDS.items():
        items = old.get(section, {})
        missing = [f for f in fields if items and not any(f in item for item in items.values())]
        if missing:
            trimmed[section] = {key: {k: v for k, v in item.items() if k not in missing}
                                for key, item in new.get(section, {}).items()}
    return old == trimmed


# -- reading and checking a file ------------------------------------------------------------------

Spec = Callable[[Any], str]
"""Checks one value: '' when it is fine, else what is wrong with it."""


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        return f"must be text, not {_shown(value)}"
    return f"contains the control character U+{ord(control.group()):04X}" \
        if (control := _CONTROL.search(value)) else ""


def note_problem(note: str) -> str:
    """What is wrong with a release note, or ''."""
    return _text(note)


def _optional(spec: Spec) -> Spec:
    return lambda value: "" if value is None else spec(value)


def _choice(literal: Any) -> Spec:
    choices = typing.get_args(literal)
    return lambda value: "" if value in choices else f"must be one of: {', '.join(choices)}, not {_shown(value)}"


def _number(value: Any) -> str:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and abs(value) < 1e15 and value == value
    return "" if ok else f"must be a number, not {_shown(value)}"


def _date(value: Any) -> str:
    problem = _text(value)
    if problem:
        return problem
    try:
        m.PartialDate.parse(value)
    except ValueError as exc:
        return str(exc)
    return ""


def _grade(value: Any) -> str:
    ok = isinstance(value, str) and re.fullmatch(r"[A-F][1-6]", value)
    return "" if ok else f"must be a grade like F3, not {_shown(value)}"


def _list(spec: Spec) -> Spec:
    def check(value: Any) -> str:
        if not isinstance(value, list):
            return f"must be a list, not {_shown(value)}"
        for i, entry in enumerate(value, 1):
            problem = spec(entry)
            if problem:
                return f"entry {i} {problem}"
        return ""
    return check


def _record(fields: dict[str, Spec]) -> Spec:
    def check(value: Any) -> str:
        if not isinstance(value, dict):
            return f"must be an object, not {_shown(value)}"
        missing = [name for name in fields if name not in value]
        if missing:
            return f"lacks the field '{missing[0]}'"
        unknown = sorted(set(value) - set(fields))
        if unknown:
            return f"has an unknown field '{unknown[0]}'"
        for name, spec in fields.items():
            problem = spec(value[name])
            if problem:
                return f"field '{name}' {problem}"
        return ""
    return check


def _slug(value: str) -> str:
    return "" if ids.SLUG_PATTERN.match(value) else "is not an id"


def _claim_key(value: str) -> str:
    parts = value.split("#")
    return "" if len(parts) == 2 and all(map(ids.SLUG_PATTERN.match, parts)) else "is not written source-id#claim-id"


_TEXT_OR_NONE = _optional(_text)
SHAPE: dict[str, tuple[Spec, Callable[[str], str] | None]] = {
    "briefing": (_record({"title": _text, "subtitle": _TEXT_OR_NONE, "description": _TEXT_OR_NONE}), None),
    "judgements": (_record({"text": _text, "confidence": _choice(m.Confidence),
                            "likelihood": _optional(_choice(m.Likelihood))}), _slug),
    "themes": (_record({"title": _text, "bottom_line": _text, "confidence": _choice(m.Confidence),
                        "likelihood": _optional(_choice(m.Likelihood)), "watch_next": _list(_text),
                        "sections": _list(_record({"heading": _text, "body": _text}))}), _slug),
    "sources": (_record({"title": _text, "outlet": _text, "reliability": _choice(m.Reliability),
                         "summary": _text}), _slug),
    "claims": (_record({"text": _text, "quote": _text, "type": _choice(m.ClaimType), "grade": _grade}), _claim_key),
    "events": (_record({"date": _date, "text": _text}), _slug),
    "entities": (_record({"name": _text, "kind": _choice(m.EntityKind)}), _slug),
    "discrepancies": (_record({"question": _text, "kind": _choice(m.DiscrepancyKind), "unit": _TEXT_OR_NONE,
                               "note": _TEXT_OR_NONE,
                               "values": _list(_record({"text": _text, "value": _optional(_number),
                                                        "label": _TEXT_OR_NONE}))}), _slug),
}
"""Each part of a snapshot: how each item must look, and what its ids must be."""
SHAPE_1 = {**SHAPE, "sources": (_record({"title": _text, "outlet": _text, "reliability": _choice(m.Reliability)}),
                                _slug)}
"""The same for a file of format 1."""
HEAD = ("format", "number", "as_of", "note", "snapshot")
"""The fields every release file has; `released` is the only other, and may be absent (format 1)."""


def _shown(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "..."


_KEY_LINE = re.compile(r'^(\s*)"((?:[^"\\]|\\.)*)"\s*:')


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line of each key of the file as `briefing release` lays it out: ('note',), ('snapshot', 'claims', 'a#b')."""
    lines: dict[tuple[str, ...], int] = {}
    section = ""
    for number, line in enumerate(text.split("\n"), start=1):
        match = _KEY_LINE.match(line)
        if not match:
            continue
        try:
            key = json.loads(f'"{match.group(2)}"')
        except ValueError:
            continue
        depth = len(match.group(1))
        if depth <= 2:
            lines.setdefault((key,), number)
        elif depth <= 4:
            section = key
            lines.setdefault(("snapshot", key), number)
        else:
            lines.setdefault(("snapshot", section, key), number)
    return lines


def _line_with(text: str, key: str) -> int:
    """The first line where `key` is written as a key (a file laid out by hand), or 0."""
    needle = json.dumps(key, ensure_ascii=False) + ":"
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 0


def _parsed(path: Path, display: str, errors: list[Diagnostic]) -> tuple[str, dict[str, Any]] | None:
    """A release file's text and its JSON object, or None with the reason in `errors`."""
    hint = restore_hint(display)
    size = path.stat().st_size
    if size > 50 * MAX_FILE_BYTES:
        errors.append(Diagnostic(display, 0, f"release file is {size:,} bytes, over the limit of {50 * MAX_FILE_BYTES:,}",
                                 hint))
        return None
    raw = path.read_bytes()
    try:
        text_ = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        errors.append(Diagnostic(display, raw[: exc.start].count(b"\n") + 1,
                                 f"release file is not UTF-8 text (byte 0x{raw[exc.start]:02x})", hint))
        return None
    try:
        data = json.loads(text_)
    except (ValueError, RecursionError) as exc:
        errors.append(Diagnostic(display, getattr(exc, "lineno", 1), f"release file is not valid JSON: "
                                 f"{getattr(exc, 'msg', 'too deeply nested')}", hint))
        return None
    if not isinstance(data, dict):
        errors.append(Diagnostic(display, 1, "release file must hold one JSON object", hint))
        return None
    return text_, data


Problem = Callable[[tuple[str, ...], str], None]
"""Reports what is wrong at a place in a release file (its keys from the top)."""


def _day(problem: Problem, data: dict[str, Any], key: str, what: str) -> m.PartialDate | None:
    """The day `key` holds (as_of, released), or None with what is wrong reported."""
    if _date(data[key]):
        problem((key,), f"{what} {_date(data[key])}")
        return None
    day = m.PartialDate.parse(data[key])
    if day.precision != "day":
        problem((key,), f"{what} '{data[key]}' needs a day: write YYYY-MM-DD")
    return day


def _check_snapshot(problem: Problem, snap: Any, shape: dict[str, tuple[Spec, Spec | None]]) -> None:
    if not isinstance(snap, dict):
        problem(("snapshot",), f"'snapshot' must be an object, not {_shown(snap)}")
        return
    for section in SECTIONS:
        if section not in snap:
            problem(("snapshot",), f"snapshot lacks '{section}'")
    for section in sorted(set(snap) - set(SECTIONS)):
        problem(("snapshot", section), f"snapshot has an unknown part '{section}'")
    for section, (spec, id_rule) in shape.items():
        if section in snap:
            _check_section(problem, section, snap[section], spec, id_rule)


def _check_section(problem: Problem, section: str, value: Any, spec: Spec, id_rule: Spec | None) -> None:
    if id_rule is None:
        issue = spec(value)
        if issue:
            problem(("snapshot", section), f"snapshot '{section}' {issue}")
        return
    if not isinstance(value, dict):
        problem(("snapshot", section), f"snapshot '{section}' must be an object of items by id")
        return
    for item_id, item in value.items():
        issue = id_rule(item_id)
        if issue:
            problem(("snapshot", section, item_id), f"snapshot '{section}': '{item_id}' {issue}")
            continue
        issue = spec(item)
        if issue:
            problem(("snapshot", section, item_id), f"snapshot '{section}' item '{item_id}' {issue}")


def read_file(path: Path, display: str, errors: list[Diagnostic]) -> m.Release | None:
    """One release file, or None with the reasons in `errors`."""
    name = _NAME.match(path.name)
    assert name is not None  # read_all reads only the files named so
    number = int(name.group(1))
    parsed = _parsed(path, display, errors)
    if parsed is None:
        return None
    text_, data = parsed
    found: list[Diagnostic] = []
    hint = restore_hint(display)
    lines = _key_lines(text_)

    def problem(where: tuple[str, ...], message: str) -> None:
        line = lines.get(where) or _line_with(text_, where[-1]) if where else 1
        line = line or next((lines[where[:n]] for n in range(len(where) - 1, 0, -1) if where[:n] in lines), 1)
        found.append(Diagnostic(display, line, message, hint))

    for key in HEAD:
        if key not in data:
            problem((), f"release file lacks '{key}'")
    for key in sorted(set(data) - {*HEAD, "released"}):
        problem((key,), f"release file has an unknown field '{key}'")
    if found:
        errors += found
        return None
    if data["format"] not in FORMATS or isinstance(data["format"], bool):
        errors.append(Diagnostic(display, lines.get(("format",), 1),
                                 f"release file is in format {_shown(data['format'])}; this builder reads format "
                                 f"{' and '.join(map(str, FORMATS))}",
                                 "update the generator, or restore the file from git"))
        return None
    if data["number"] != number or isinstance(data["number"], bool):
        problem(("number",), f"release number {_shown(data['number'])} does not match the file name {path.name}")
    as_of = _day(problem, data, "as_of", "as-of date")
    released = _day(problem, data, "released", "day of release") if "released" in data else None
    note_problem = _text(data["note"])
    if note_problem:
        problem(("note",), f"note {note_problem}")
    _check_snapshot(problem, data["snapshot"], SHAPE if data["format"] == FORMAT else SHAPE_1)
    if found:
        errors += found
        return None
    return m.Release(loc=m.Loc(display, 1), lines={k[0]: v for k, v in lines.items() if len(k) == 1},
                     number=number, as_of=as_of, note=data["note"], snapshot=data["snapshot"], released=released)


def read_all(content: Path, project: Path, errors: list[Diagnostic]) -> tuple[m.Release, ...]:
    """Every release file in content/releases/, by number; problems go to `errors`."""
    folder = content / FOLDER
    if not folder.is_dir():
        return ()
    found = []
    for path in sorted(folder.iterdir()):
        display = os.path.relpath(path, project)
        if path.name.startswith("."):
            continue
        if path.is_dir() or not _NAME.match(path.name):
            errors.append(Diagnostic(display, 0, f"not a release file: {FOLDER}/ holds only the files "
                                     "`briefing release` writes, named 0001.json, 0002.json...", "move it elsewhere"))
            continue
        release = read_file(path, display, errors)
        if release is not None:
            found.append(release)
    return tuple(sorted(found, key=lambda r: r.number))


def sequence_problems(found: tuple[m.Release, ...]) -> list[Diagnostic]:
    """Releases must be numbered 1, 2, 3... with as-of dates that never go back, and each must change something."""
    problems = []
    for expected, (previous, release) in enumerate(zip((None, *found), found, strict=False), start=1):
        where = (release.loc.path, release.line_of("number"))
        if release.number != expected:
            problems.append(Diagnostic(*where, f"release {release.number} follows release {expected - 1}: "
                                       f"release {expected} is missing", "releases are numbered 1, 2, 3... "
                                       "with no gaps; restore the missing file from git"))
            break
        if previous is None:
            continue
        assert release.as_of is not None and previous.as_of is not None  # read_file returns no release without one
        if release.as_of.earliest < previous.as_of.earliest:
            problems.append(Diagnostic(release.loc.path, release.line_of("as_of"),
                                       f"release {release.number} is as of {release.as_of.iso}, before release "
                                       f"{previous.number} ({previous.as_of.iso})", restore_hint(release.loc.path)))
        if release.released and previous.released and release.released.earliest < previous.released.earliest:
            problems.append(Diagnostic(release.loc.path, release.line_of("released"),
                                       f"release {release.number} was released on {release.released.iso}, before "
                                       f"release {previous.number} ({previous.released.iso})",
                                       restore_hint(release.loc.path)))
        if unchanged(previous.snapshot, release.snapshot):
            problems.append(Diagnostic(*where, f"release {release.number} records the same content as release "
                                       f"{previous.number}", "remove the file: a release must change something"))
    return problems
