"""Releases: the briefing's state recorded under content/releases/, one file a release.

`briefing release --note "..."` writes `content/releases/NNNN.json`: the
release's number, the day it was made (`released`), the briefing's as-of
date, the editor's note, and a snapshot of the public model (a compact form of what briefing.json carries:
each judgement, theme, source, claim with its derived grade, event,
entity and discrepancy, by id). The file is JSON with sorted keys and one
item a line, so a release diffs well in git; the day of release is the only
thing in it that depends on the clock (the same content on the same day gives
the same bytes), and it is written once, so builds never read the clock.

Format 1 (the first releases) recorded no source summaries and no day of
release; such a file may have been given its day of release afterwards, from
the date of the commit that added it (a fact), or has none, and then none is
shown. Format 2 records both.

Release files are read back, every value checked, by model/release_files.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from builder.checks import sourcing as sourcing_mod
from builder.model import items as m
from builder.model.release_files import FOLDER, FORMAT, SECTIONS, file_name

# -- the snapshot ---------------------------------------------------------------------------------


def snapshot(model: m.Model, derived: sourcing_mod.Sourcing) -> dict:
    """The public model in compact form: what a release records and what changes.py compares."""
    b = model.briefing
    event_ids = model.event_ids()
    snap = {
        "briefing": {"title": b.title, "subtitle": b.subtitle, "description": b.description},
        "judgements": {kj.id: {"text": kj.text, "confidence": kj.confidence, "likelihood": kj.likelihood}
                       for kj in b.key_judgements},
        "themes": {t.id: {"title": t.title, "bottom_line": t.bottom_line, "confidence": t.confidence,
                          "likelihood": t.likelihood, "watch_next": list(t.watch_next),
                          "sections": [{"heading": s.heading, "body": s.body} for s in t.sections]}
                   for t in model.themes.values()},
        "sources": {s.id: {"title": s.title, "outlet": s.outlet, "reliability": s.reliability.grade,
                           "summary": s.summary}
                    for s in model.sources.values()},
        "claims": {c.key: {"text": c.text, "quote": c.quote, "type": c.type,
                           "grade": derived.grade(model.sources[c.source], c)}
                   for c in model.claims()},
        "events": {event_ids[id(e)]: {"date": e.date.iso if e.date else None, "text": e.text}
                   for e in model.timeline.events},
        "entities": {e.id: {"name": e.name, "kind": e.kind} for e in model.entities.entities},
        "discrepancies": {d.id: {"question": d.question, "kind": d.kind, "unit": d.unit, "note": d.note,
                                 "values": [{"text": v.text, "value": v.value, "label": v.label} for v in d.values]}
                          for d in model.discrepancies.discrepancies},
    }
    return json.loads(_dumps(snap))  # the very values a release file holds once read back (lists, floats)


def counts(snap: dict) -> dict[str, int]:
    """How many items of each kind a snapshot holds (the briefing itself aside)."""
    return {section: len(snap[section]) for section in SECTIONS if section != "briefing"}


# -- the file -------------------------------------------------------------------------------------


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def text(number: int, as_of: m.PartialDate, note: str, snap: dict, released: m.PartialDate | None = None) -> str:
    """The release file: JSON, keys sorted, one item a line (the same content on the same day, the same bytes)."""
    head = {"as_of": as_of.iso, "format": FORMAT, "note": note, "number": number}
    if released is not None:
        head["released"] = released.iso
    out = ["{"] + [f"  {_dumps(key)}: {_dumps(value)}," for key, value in sorted(head.items())]
    out.append('  "snapshot": {')
    names = sorted(snap)
    for i, name in enumerate(names):
        comma = "," if i < len(names) - 1 else ""
        items = snap[name]
        if name == "briefing" or not items:
            out.append(f"    {_dumps(name)}: {_dumps(items)}{comma}")
            continue
        out.append(f"    {_dumps(name)}: {{")
        entries = sorted(items.items())
        out += [f"      {_dumps(k)}: {_dumps(v)}{',' if j < len(entries) - 1 else ''}" for j, (k, v) in enumerate(entries)]
        out.append(f"    }}{comma}")
    out += ["  }", "}"]
    return "\n".join(out) + "\n"


def write(content_dir: Path, number: int, as_of: m.PartialDate, note: str, snap: dict,
          released: m.PartialDate | None = None) -> Path:
    """Write one release file, whole or not at all."""
    folder = content_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name(number)
    temporary = folder / f".{file_name(number)}.tmp"
    temporary.write_text(text(number, as_of, note, snap, released), encoding="utf-8")
    os.replace(temporary, path)
    return path


