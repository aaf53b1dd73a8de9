"""Diagnostics: what a check found, where, and how bad it is.

Every step of the pipeline reports through one record, `Diagnostic`: a file,
a line (0 for the whole file), a message, an optional hint, and a severity.

- error: the site would be wrong; nothing is built.
- warning: the site builds, but should not be published as it is (a TODO
  placeholder); shown wherever the briefing is built, and a `--strict` build
  (as in this repository's mkdocs.yml) fails on it, as on MkDocs' own warnings.
- note: worth knowing, and already disclosed to readers on the site (a key
  judgement that rests on a single source); shown, never fatal.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal
from collections.abc import Iterable

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, located at a file and line (line 0 means the whole file)."""

    path: str
    line: int
    message: str
    hint: str = ""
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {'' if self.is_error else self.severity + ': '}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        # One problem, one line: messages quote content, and content can hold line breaks.
        return " ".join(text.splitlines())

    def as_dict(self) -> dict[str, str | int]:
        return {"path": self.path, "line": self.line, "message": self.message, "hint": self.hint,
                "severity": self.severity}


def warning(path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, message, hint, "warning")


def note(path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, message, hint, "note")


def in_order(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Unique diagnostics in file and line order, as an editor walks through them."""
    return sorted(set(diagnostics))


class Problems(Exception):
    """Raised once a step has collected every error it found (warnings and notes travel along)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        found = in_order(diagnostics)
        self.errors = [d for d in found if d.is_error]
        self.warnings = [d for d in found if not d.is_error]
        super().__init__("\n".join(str(d) for d in self.errors))


def raise_errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Raise Problems when any diagnostic is an error; else return the warnings and notes in order."""
    found = in_order(diagnostics)
    if any(d.is_error for d in found):
        raise Problems(found)
    return found


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the closest candidate, or '' when none is close."""
    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
