"""The one error type of the builder: a problem in the content, with its place."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem, located at a file and line (line 0 means the whole file)."""

    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        # One problem, one line: messages quote content, and content can hold line breaks.
        return " ".join(text.splitlines())

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "message": self.message, "hint": self.hint}


class ContentErrors(Exception):
    """Raised once a step has collected every problem it found."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the closest candidate, or '' when none is close."""
    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
