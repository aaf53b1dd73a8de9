"""The quote lock (`content/quotes.lock`): what was verified, for machines without the archive.

It records each archived text's SHA-256 and each quote's hash and position,
one entry a line, sorted, so it diffs well. Where the archive is present the
build recomputes it and fails if the file differs; where it is not, a quote
is accepted only if the lock holds the same quote for the same archived file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic
from .words import count

NAME = "quotes.lock"
VERSION = 1
REFRESH = "run `briefing lock` where the archive folder is available"


@dataclass
class Lock:
    """The lock's content: archive name -> SHA-256, and claim key -> {archive, sha256, spans}."""

    archives: dict[str, str] = field(default_factory=dict)
    quotes: dict[str, dict] = field(default_factory=dict)

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
        out += ["  }", "}"]
        return "\n".join(out) + "\n"

    def entry(self, key: str) -> dict | None:
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
    return Lock(dict(data["archives"]), dict(data["quotes"])), []


def differences(old: Lock, new: Lock) -> tuple[int, int]:
    """How many quotes and archived texts differ between two locks (added, changed or removed)."""
    quotes = sum(1 for key in old.quotes.keys() | new.quotes.keys() if old.quotes.get(key) != new.quotes.get(key))
    archives = sum(1 for name in old.archives.keys() | new.archives.keys()
                   if old.archives.get(name) != new.archives.get(name))
    return quotes, archives


def stale_message(quotes: int, archives: int) -> str:
    parts = []
    if quotes:
        parts.append(count(quotes, "quote"))
    if archives:
        parts.append(count(archives, "archived text"))
    return f"{' and '.join(parts)} added, changed or removed since the lock was written"


_ENTRY = re.compile(r'\s*"([^"]+)": [{"]')


def entry_lines(path: Path) -> dict[str, int]:
    """The line of each entry of the lock file (a quote or an archive), for messages."""
    if not path.exists():
        return {}
    lines = {}
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        match = _ENTRY.match(line)
        if match:
            lines[match.group(1)] = number
    return lines
