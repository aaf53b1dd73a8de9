"""Quotes against archived texts, and the lock that remembers what was verified.

Each archived text is read and normalised once; each quote is then a plain
substring search. The lock (`content/quotes.lock`) records each archive's
SHA-256 and each quote's hash and position, so a machine without the archive
can still refuse a quote that was never verified.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from . import model as m
from .errors import ContentError

LOCK_NAME = "quotes.lock"
LOCK_VERSION = 1
ELISION = re.compile(r"\s*\[(?:\.\.\.|\u2026)\]\s*")
REFRESH = "run `briefing lock` where the archive folder is available"

_SINGLE = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032`"), "'")
_DOUBLE = dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"')
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_TABLE = {**_SINGLE, **_DOUBLE, **_DASHES}
_SPACE = re.compile(r"\s+")
_FOLDS = tuple((chr(code), replacement) for code, replacement in _TABLE.items())


def normalise(text: str) -> str:
    """Fold the differences a copy-paste may introduce: quotes, dashes, spaces."""
    text = unicodedata.normalize("NFKC", text)
    # str.translate with a dict is slow on long texts; each fold is one character to ASCII,
    # so replacing the characters actually present gives the same result many times faster.
    for char, replacement in _FOLDS:
        if char in text:
            text = text.replace(char, replacement)
    return " ".join(text.split())  # str.split() and re's \s agree on what whitespace is; split is faster


def quote_hash(quote: str) -> str:
    return hashlib.sha256(normalise(quote).encode("utf-8")).hexdigest()


def find_quote(normalised_text: str, quote: str) -> Optional[list[tuple[int, int]]]:
    """Spans of each [...]-separated part, in order; None when a part is missing."""
    spans = []
    position = 0
    for part in ELISION.split(quote):
        needle = normalise(part)
        if not needle:
            continue
        start = normalised_text.find(needle, position)
        if start < 0:
            return None
        spans.append((start, start + len(needle)))
        position = start + len(needle)
    return spans or None


def closest_passage(normalised_text: str, quote: str) -> str:
    """The passage of the text most like the quote, to show next to the error."""
    words = normalised_text.split(" ")
    target = normalise(ELISION.sub(" ", quote)).split(" ")
    width = max(1, len(target))
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    best_start, best_ratio = 0, -1.0
    for start in range(0, max(1, len(words) - width + 1)):
        matcher.set_seq1(words[start : start + width])
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best_start, best_ratio = start, ratio
    # Word windows tie easily; settle the edges letter by letter.
    wanted = " ".join(target)
    candidates = (" ".join(words[max(0, best_start + a) : best_start + width + b])
                  for a in range(-3, 4) for b in range(-3, 4))
    return max(candidates, key=lambda c: difflib.SequenceMatcher(None, c, wanted, autojunk=False).ratio())


@dataclass(frozen=True)
class Archive:
    name: str
    sha256: str
    normalised: str


def read_archive(path: Path) -> Archive:
    raw = path.read_bytes()
    return Archive(path.name, hashlib.sha256(raw).hexdigest(),
                   normalise(raw.decode("utf-8", errors="replace")))


def archive_dir(model: m.Model) -> Path:
    return Path(model.project_dir) / model.briefing.archive


# Content names the files the build reads, and a quote that fails shows the closest passage of
# the file: without limits a pull request could print any file of the build machine into its log
# (`archive: /proc/self` with `environ`, or `.git` with `config`, where CI keeps its token).
ARCHIVE_SUFFIXES = (".txt", ".md", ".html", ".htm")


def archive_folder_problem(folder: str) -> str:
    """'' when the archive folder may be read, else why not."""
    parts = folder.replace("\\", "/").split("/")
    if folder.startswith(("/", "\\", "~")) or (len(folder) > 1 and folder[1] == ":"):
        return "must be a folder relative to the project, not an absolute path"
    if any(part.startswith(".") and part not in (".", "..") for part in parts):
        return "must not be or be inside a hidden folder (a name starting with '.')"
    return ""


def archive_file_problem(name: str) -> str:
    """'' when an archived text's file name may be read, else why not."""
    if name != name.strip() or "/" in name or "\\" in name or name.startswith("."):
        return "must be a file name in the archive folder: no folders, no '..', no leading '.'"
    if not name.lower().endswith(ARCHIVE_SUFFIXES):
        return f"must be a text file ending in {', '.join(ARCHIVE_SUFFIXES)}"
    return ""


def lock_path(model: m.Model) -> Path:
    return Path(model.content_dir) / LOCK_NAME


def _display(model: m.Model, path: Path) -> str:
    return os.path.relpath(path, model.project_dir)


def read_lock(model: m.Model) -> tuple[dict, dict[str, int], list[ContentError]]:
    """The lock's data, the line of each quote entry, and any problem reading it."""
    path = lock_path(model)
    shown = _display(model, path)
    if not path.exists():
        return {"archives": {}, "quotes": {}}, {}, []
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("quotes"), dict) \
                or not isinstance(data.get("archives"), dict):
            raise ValueError("missing 'archives' or 'quotes'")
    except ValueError as exc:
        return {"archives": {}, "quotes": {}}, {}, [
            ContentError(shown, getattr(exc, "lineno", 1), f"quote lock is damaged ({getattr(exc, 'msg', exc)})",
                         f"delete it and {REFRESH}")]
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        key = re.match(r'\s*"([^"]+)": [{"]', line)  # a quote entry, or an archive and its hash
        if key:
            lines[key.group(1)] = number
    return data, lines, []


def format_lock(archives: dict[str, str], quotes: dict[str, dict]) -> str:
    """One entry a line, sorted, so the lock diffs well and has stable line numbers."""
    out = ["{", f'  "version": {LOCK_VERSION},', '  "archives": {']
    out += [f"    {json.dumps(k)}: {json.dumps(v)}," for k, v in sorted(archives.items())]
    if archives:
        out[-1] = out[-1].rstrip(",")
    out += ["  },", '  "quotes": {']
    out += [f"    {json.dumps(k)}: {json.dumps(v, sort_keys=True)}," for k, v in sorted(quotes.items())]
    if quotes:
        out[-1] = out[-1].rstrip(",")
    out += ["  }", "}"]
    return "\n".join(out) + "\n"


@dataclass
class Verification:
    """What verifying the quotes found, and the lock as it should now read."""

    errors: list[ContentError]
    archives: dict[str, str]
    quotes: dict[str, dict]
    archive_available: bool
    lock_current: bool

    @property
    def lock_text(self) -> str:
        return format_lock(self.archives, self.quotes)


def verify(model: m.Model, use_lock: bool = True) -> Verification:
    """Check every quote against its archive, or against the lock when there is none."""
    folder = archive_dir(model)
    if archive_folder_problem(model.briefing.archive):
        # checks.py reports it; reading nothing there is the point.
        return Verification([], {}, {}, False, False)
    available = folder.is_dir()
    lock_shown = _display(model, lock_path(model))
    if use_lock and available and not lock_path(model).exists():
        # A first run: one message, not one per quote.
        first = verify(model, use_lock=False)
        first.errors.append(ContentError(lock_shown, 0, "the quote lock does not exist yet",
                                         "run `briefing lock` to verify the quotes and write it"))
        first.lock_current = False
        return first
    lock, lock_lines, errors = read_lock(model) if use_lock else ({"archives": {}, "quotes": {}}, {}, [])
    archives: dict[str, str] = {}
    quotes: dict[str, dict] = {}
    stale = False
    cache: dict[str, Optional[Archive]] = {}

    for source in model.sources.values():
        archive: Optional[Archive] = None
        if available and archive_file_problem(source.archive):
            continue  # checks.py reports it
        if available:
            if source.archive not in cache:
                path = folder / source.archive
                # A link could point anywhere on the build machine (see ARCHIVE_SUFFIXES): read plain files only.
                if path.is_symlink():
                    errors.append(ContentError(source.loc.path, source.line_of("archive"),
                                               f"archived text {_display(model, path)} is a link, not a file",
                                               "copy the text into the archive folder"))
                    continue
                cache[source.archive] = read_archive(path) if path.is_file() else None
            archive = cache[source.archive]
            if archive is None:
                errors.append(ContentError(source.loc.path, source.line_of("archive"),
                                           f"archived text not found: {_display(model, folder / source.archive)}",
                                           "check the file name, or add the text with `briefing new source`"))
                continue
            archives[archive.name] = archive.sha256
            if use_lock and lock["archives"].get(archive.name) != archive.sha256:
                stale = True
        for claim in source.claims:
            key = f"{source.id}#{claim.id}"
            line = claim.line_of("quote")
            entry_hash = quote_hash(claim.quote)
            locked = lock["quotes"].get(key)
            if not isinstance(locked, dict):  # a hand-edited lock can hold anything
                locked = None
            if archive is not None:
                spans = find_quote(archive.normalised, claim.quote)
                if spans is None:
                    errors.append(ContentError(claim.loc.path, line,
                                               f"quote of claim '{claim.id}' is not in the archived text {source.archive}",
                                               f"closest passage: \"{closest_passage(archive.normalised, claim.quote)}\""))
                    continue
                entry = {"archive": source.archive, "sha256": entry_hash, "spans": [list(s) for s in spans]}
                quotes[key] = entry
                if use_lock and locked != entry:
                    stale = True
                    errors.append(ContentError(claim.loc.path, line,
                                               f"quote of claim '{claim.id}' is verified but not recorded in {lock_shown}",
                                               "run `briefing lock` to record it"))
            else:
                if not locked or locked.get("sha256") != entry_hash or locked.get("archive") != source.archive:
                    errors.append(ContentError(claim.loc.path, line,
                                               f"quote of claim '{claim.id}' has not been verified: the archive folder "
                                               f"{_display(model, folder)} is not here and {lock_shown} has no matching entry",
                                               REFRESH))
                else:
                    quotes[key] = locked
    if use_lock:
        for key in sorted(set(lock["quotes"]) - set(quotes)):
            if model.find_claim(key) is None:
                stale = True
                errors.append(ContentError(lock_shown, lock_lines.get(key, 1),
                                           f"lock records a quote for '{key}', which no longer exists", REFRESH))
        if available:
            for name in sorted(set(lock["archives"]) - set(archives)):
                stale = True
                errors.append(ContentError(lock_shown, lock_lines.get(name, 1),
                                           f"lock records archive '{name}', which no source uses", REFRESH))
            for name, sha in sorted(archives.items()):
                if name in lock["archives"] and lock["archives"][name] != sha:
                    errors.append(ContentError(lock_shown, lock_lines.get(name, 1),
                                               f"archived text {name} has changed since the lock was written", REFRESH))
                elif name not in lock["archives"]:
                    errors.append(ContentError(lock_shown, 1, f"archived text {name} is not recorded in the lock",
                                               "run `briefing lock` to record it"))
    if not available:
        archives = dict(lock["archives"])
    return Verification(errors, archives, quotes, available, not stale)
