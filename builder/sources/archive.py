"""The archive: the folder of the sources' full texts, which the briefing quotes but never publishes.

Content names the archive folder (in briefing.yaml) and each source's file in
it. A quote that fails shows the closest passage of the file, so without
limits a pull request could print any file of the build machine into its log
(`archive: /proc/self` with `environ`, or `.git` with `config`, where CI keeps
its token): the folder must be relative and not hidden, a file must be a plain
text file directly inside it, and links are not followed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from collections.abc import Callable
from pathlib import Path

from builder.model.diagnostics import did_you_mean

SUFFIXES = (".txt", ".md", ".html", ".htm")


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


@dataclass(frozen=True)
class Text:
    """One archived text: its name, the SHA-256 of its bytes, and its text normalised for quoting."""

    name: str
    sha256: str
    normalised: str


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
                self._texts[name] = Text(name, hashlib.sha256(raw).hexdigest(),
                                         normalise(raw.decode("utf-8", errors="replace")))
        return self._texts[name]

    def suggestion(self, name: str) -> str:
        """A did-you-mean among the files in the folder."""
        try:
            names = [p.name for p in self.path.iterdir() if p.is_file()]
        except OSError:
            return ""
        return did_you_mean(name, names)
