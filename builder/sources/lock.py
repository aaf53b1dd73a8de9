"""The quote lock (`content/quotes.lock`): what was verified, for machines without the archive.

It records each archived text's SHA-256, each quote's hash and position, and
the long passages that archived texts share (see shared_text.py), one entry a
line, sorted, so it diffs well. Where the archive is present the build
recomputes it and fails if the file differs; where it is not, a quote is
accepted only if the lock holds the same quote for the same archived file,
and shared passages are known from the lock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.model.diagnostics import Diagnostic
from builder.model.words import count

NAME = "quotes.lock"
VERSION = 2
REFRESH = "run `briefing lock` where the archive folder is available"


@dataclass
class Lock:
    """The lock's content: archive name -> SHA-256, claim key -> {archive, sha256, spans[, pages]},
    shared passages, and original name -> SHA-256 (the pages and PDFs the archived texts were extracted from)."""

    archives: dict[str, str] = field(default_factory=dict)
    quotes: dict[str, dict[str, Any]] = field(default_factory=dict)
    shared: list[dict[str, Any]] | None = field(default_factory=list)
    """SharedPassage.as_dict() of each pair, sorted; None for a lock written before they were recorded."""
    originals: dict[str, str] = field(default_factory=dict)
    """Each source's `original` file -> SHA-256 (written only when there is one, so older locks keep their bytes)."""

    def text(self) -> str:
        """The lock file: one entry a line, sorted, so it diffs well and has stable line numbers."""
        out = ["{", f'  "version": {VERSION},', '  "archives": {']
        out += [f"    {json.dumps(k)}: {json.dumps(v)}," for k, v in sorted(self.archives.items())]
        if self.archives:
            out[-1] = out[-1].rstrip(",")
        out += ["  },", '  "quotes": {']
        out += [f"    {json.dumps(k)}: {json.dumps(v, sort_keys=True)}," for k, v in sorted(self.quotes.items())]
        if self.quotes:
            out[-1] = out[-1].rstrip(",")
        out += ["  },", '  "shared": [']
        out += [f"    {json.dumps(entry, sort_keys=True, ensure_ascii=False)}," for entry in self.shared or []]
        if self.shared:
            out[-1] = out[-1].rstrip(",")
        out += ["  ]"]
        if self.originals:
            out[-1] += ","
            out += ['  "originals": {']
            out += [f"    {json.dumps(k)}: {json.dumps(v)}," for k, v in sorted(self.originals.items())]
            out[-1] = out[-1].rstrip(",")
            out += ["  }"]
        out += ["}"]
        return "\n".join(out) + "\n"

    def pages(self) -> dict[str, list[int]]:
        """Claim key -> the pages its quote is on, for the quotes of texts with pages (PDFs)."""
        return {key: entry["pages"] for key, entry in self.quotes.items()
                if isinstance(entry, dict) and isinstance(entry.get("pages"), list)
                and all(isinstance(n, int) for n in entry["pages"]) and entry["pages"]}

    def entry(self, key: str) -> dict[str, Any] | None:
        entry = self.quotes.get(key)
        return entry if isinstance(entry, dict) else None  # a hand-edited lock can hold anything


def read(path: Path, shown: str) -> tuple[Lock, list[Diagnostic]]:
    """The lock at `path` (empty when there is none), and a problem if it cannot be read."""
    if not path.exists():
        return Lock(), []
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("quotes"), dict) \
                or not isinstance(data.get("archives"), dict):
            raise ValueError("missing 'archives' or 'quotes'")
    except ValueError as exc:
        return Lock(), [Diagnostic(shown, getattr(exc, "lineno", 1),
                                   f"quote lock is damaged ({getattr(exc, 'msg', exc)})", f"delete it and {REFRESH}")]
    shared = data.get("shared")
    if shared is not None and not isinstance(shared, list) or not all(isinstance(e, dict) and {"a", "b", "words", "starts", "excerpt"} <= set(e)
                                               for e in shared or []):
        return Lock(), [Diagnostic(shown, 1, "quote lock is damaged ('shared' is not a list of shared passages)",
                                   f"delete it and {REFRESH}")]
    originals = data.get("originals", {})
    if not isinstance(originals, dict):
        return Lock(), [Diagnostic(shown, 1, "quote lock is damaged ('originals' is not a mapping of file names)",
                                   f"delete it and {REFRESH}")]
    return Lock(dict(data["archives"]), dict(data["quotes"]), None if shared is None else list(shared),
                dict(originals)), []


@dataclass
class Changes:
    """What differs between two locks: claim keys and archive names by what happened to them."""

    quotes: dict[str, list[str]] = field(default_factory=lambda: {"added": [], "changed": [], "removed": []})
    archives: dict[str, list[str]] = field(default_factory=lambda: {"added": [], "changed": [], "removed": []})
    shared: int = 0
    originals: dict[str, list[str]] = field(default_factory=lambda: {"added": [], "changed": [], "removed": []})
    """The pages and PDFs the archived texts were extracted from, by file name."""
    """Shared passages found in one lock and not in the other."""

    def __bool__(self) -> bool:
        return bool(self.shared or any(self.quotes.values()) or any(self.archives.values())
                    or any(self.originals.values()))

    def counts(self) -> tuple[int, int, int]:
        """How many quotes, archived files (texts and originals) and shared passages differ."""
        files = sum(map(len, self.archives.values())) + sum(map(len, self.originals.values()))
        return sum(map(len, self.quotes.values())), files, self.shared


def _by_change(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[str]]:
    keys = sorted(old.keys() | new.keys())
    return {"added": [k for k in keys if k not in old], "changed": [k for k in keys if k in old and k in new
                                                                    and old[k] != new[k]],
            "removed": [k for k in keys if k not in new]}


def changes(old: Lock, new: Lock) -> Changes:
    """What differs between two locks (the recorded one and the one verifying finds)."""
    shared = len({_key(e) for e in old.shared or []} ^ {_key(e) for e in new.shared or []})
    return Changes(_by_change(old.quotes, new.quotes), _by_change(old.archives, new.archives), shared,
                   _by_change(old.originals, new.originals))


def differences(old: Lock, new: Lock) -> tuple[int, int, int]:
    """How many quotes, archived texts (and originals) and shared passages differ between two locks."""
    return changes(old, new).counts()


def _key(entry: dict[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True)


def _named(names: list[str], most: int = 3) -> str:
    shown = ", ".join(f"'{name}'" for name in names[:most])
    return f"{shown} and {len(names) - most} more" if len(names) > most else shown


def stale_message(found: Changes) -> str:
    """What makes the lock out of date, naming the quotes and archived texts: "1 quote changed ('a#c1')"."""
    parts = []
    for what, by_change in (("quote", found.quotes), ("archived text", found.archives), ("original", found.originals)):
        for change, names in by_change.items():
            if names:
                parts.append(f"{count(len(names), what)} {change} ({_named(names)})")
    if found.shared:
        parts.append(f"{count(found.shared, 'shared passage')} added or removed")
    joined = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)
    return f"{joined} since the lock was written"
