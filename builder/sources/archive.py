"""The archive: the folder of the sources' full texts, which the briefing quotes but never publishes.

Content names the archive folder (in briefing.yaml) and each source's file in
it. A quote that fails shows the closest passage of the file, so without
limits a pull request could print any file of the build machine into its log
(`archive: /proc/self` with `environ`, or `.git` with `config`, where CI keeps
its token): the folder must be relative and not hidden, a file must be a plain
text file directly inside it, and links are not followed.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from dataclasses import dataclass
from collections.abc import Callable
from pathlib import Path

from builder.model.diagnostics import did_you_mean

SUFFIXES = (".txt", ".md", ".html", ".htm")
ORIGINAL_SUFFIXES = (".html", ".htm", ".pdf")
"""An original kept beside its extracted text: a web page or a PDF, byte for byte as fetched or saved."""
PAGE_BREAK = "\f"
"""Page boundaries of a text extracted from a PDF, as `pdftotext` writes them (a form feed after each page)."""
_MARKUP = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<script[\s>]"
                     r"|<div[\s>]|<p>|</p>|<br\s*/?>|<a\s+href=", re.IGNORECASE)
MARKUP_TAGS = 5
"""Tags of an HTML page that make a text markup, not prose (a page saved as .txt, or pasted with its tags)."""


def folder_problem(folder: str) -> str:
    """'' when the archive folder may be read, else why not."""
    parts = folder.replace("\\", "/").split("/")
    if folder.startswith(("/", "\\", "~")) or (len(folder) > 1 and folder[1] == ":"):
        return "must be a folder relative to the project, not an absolute path"
    if any(part.startswith(".") and part not in (".", "..") for part in parts):
        return "must not be or be inside a hidden folder (a name starting with '.')"
    return ""


def file_problem(name: str) -> str:
    """'' when an archived text's file name may be read, else why not."""
    if name != name.strip() or "/" in name or "\\" in name or name.startswith("."):
        return "must be a file name in the archive folder: no folders, no '..', no leading '.'"
    if not name.lower().endswith(SUFFIXES):
        return f"must be a text file ending in {', '.join(SUFFIXES)}"
    return ""


def original_problem(name: str, archive_name: str) -> str:
    """'' when a source's original may be named so, else why not."""
    if name != name.strip() or "/" in name or "\\" in name or name.startswith("."):
        return "must be a file name in the archive folder: no folders, no '..', no leading '.'"
    if not name.lower().endswith(ORIGINAL_SUFFIXES):
        return f"must be a web page or a PDF ending in {', '.join(ORIGINAL_SUFFIXES)}"
    if name == archive_name:
        return "must be another file than 'archive', the text extracted from it"
    return ""


def is_markup(text: str) -> bool:
    """Whether a text is an HTML page rather than prose: a doctype or <html>, or several tags of a page."""
    head = text[:200_000]
    return len(_MARKUP.findall(head)) >= MARKUP_TAGS or bool(
        re.match(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", head, re.IGNORECASE | re.DOTALL))


def page_starts(text: str, normalise: Callable[[str], str]) -> tuple[int, ...]:
    """Where each page of a text with page breaks starts in its normalised form; () for a text without pages.

    normalise() joins every run of white space (a page break too) into one space, so the pages of the
    normalised text are the normalised pages, joined by single spaces.
    """
    if PAGE_BREAK not in text:
        return ()
    pages = text.split(PAGE_BREAK)
    if pages and not pages[-1].strip():
        pages.pop()  # the break after the last page
    starts: list[int] = []
    parts: list[str] = []
    at = 0
    for page in pages:
        page = normalise(page)
        if page and parts:
            at += 1  # the space that joins it to the page before
        starts.append(at)
        if page:
            parts.append(page)
            at += len(page)
    return tuple(starts) if " ".join(parts) == normalise(text) else ()


def pages_of(starts: tuple[int, ...], spans: list[tuple[int, int]]) -> list[int]:
    """The first and the last page (1 for the first page) that spans of a normalised text fall on."""
    first = bisect.bisect_right(starts, spans[0][0])
    last = bisect.bisect_right(starts, max(spans[-1][1] - 1, spans[-1][0]))
    return [first] if first == last else [first, last]


@dataclass(frozen=True)
class Text:
    """One archived text: its name, the SHA-256 of its bytes, and its text normalised for quoting."""

    name: str
    sha256: str
    normalised: str
    page_starts: tuple[int, ...] = ()
    """Where each page starts in `normalised`, for a text extracted from a PDF (see page_starts())."""
    markup: bool = False
    """The file holds an HTML page, not a text (see is_markup())."""


class Folder:
    """The archive folder of one project, each text read and normalised at most once."""

    def __init__(self, project_dir: str | Path, folder: str):
        self.path = Path(project_dir) / folder
        self.shown = os.path.relpath(self.path, project_dir)
        self.available = not folder_problem(folder) and self.path.is_dir()
        self._texts: dict[str, Text | None] = {}

    def is_link(self, name: str) -> bool:
        return (self.path / name).is_symlink()

    def read(self, name: str, normalise: Callable[[str], str]) -> Text | None:
        """The text, or None when there is no such plain file."""
        if name not in self._texts:
            path = self.path / name
            if path.is_symlink() or not path.is_file():
                self._texts[name] = None
            else:
                raw = path.read_bytes()
                text = raw.decode("utf-8", errors="replace")
                self._texts[name] = Text(name, hashlib.sha256(raw).hexdigest(), normalise(text),
                                         page_starts(text, normalise), is_markup(text))
        return self._texts[name]

    def sha256(self, name: str) -> str | None:
        """The SHA-256 of a plain file's bytes (an original, never read as text), or None when there is none."""
        path = self.path / name
        if path.is_symlink() or not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()

    def suggestion(self, name: str) -> str:
        """A did-you-mean among the files in the folder."""
        try:
            names = [p.name for p in self.path.iterdir() if p.is_file()]
        except OSError:
            return ""
        return did_you_mean(name, names)
