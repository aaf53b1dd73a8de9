"""`briefing disagreements`: the candidate disagreements the editor has not recorded, and why each.

Candidates are suggestions (checks/disagreements.py finds them): they never
fail a check or a build. The editor records each in discrepancies.yaml, or
dismisses it there with a reason, and it is not proposed again.
"""

from __future__ import annotations

import json
import sys

from builder.checks import disagreements as finder
from builder.checks import method as method_mod
from builder.checks import rules as checks
from builder.model import items as m
from builder.model import load
from builder.model import settings as settings_mod
from builder.model.words import count
from builder.model.xref import Xref

HOW = """Record each in content/discrepancies.yaml (a question, and a value citing each claim), or dismiss it
there with a reason, so that it is not proposed again:

dismissed:
  - claims: [{a}, {b}]
    reason: Why the two do not disagree.
"""


def candidates(model: m.Model, xref: Xref, checked: checks.Checked,
               include_recorded: bool = False) -> list[finder.Candidate]:
    """The candidate disagreements of a checked briefing (not yet recorded or dismissed, unless asked)."""
    return finder.find(model, xref, checked.sourcing.corroborated_by, method_mod.in_force(model.briefing),
                       include_recorded=include_recorded)


def _status(model: m.Model, xref: Xref) -> dict[frozenset[str], str]:
    """What the editor has made of a pair already: 'recorded as <id>' or 'dismissed'."""
    status: dict[frozenset[str], str] = {frozenset(str(k) for k in d.claims): "dismissed"
                                         for d in model.discrepancies.dismissed}
    for side in finder.recorded(model, xref):
        keys = sorted(set().union(*side.keys))
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                status.setdefault(frozenset((a, b)), f"recorded as '{side.discrepancy.id}'")
    return status


def _claim_line(model: m.Model, key: str) -> str:
    claim = model.find_claim(key)
    return f"   {claim.loc.path}:{claim.loc.line}: {claim.text}" if claim else f"   {key}"


def run(args) -> int:
    settings = settings_mod.read(args.project)
    model = load.load(settings.project_dir, settings.content)
    xref = Xref(model)
    checked = checks.check(model, xref=xref)
    found = candidates(model, xref, checked, include_recorded=args.all)
    status = _status(model, xref) if args.all else {}
    if args.format == "json":
        print(json.dumps({"candidates": [{"claims": [c.a, c.b], "reasons": list(c.reasons),
                                          "similarity": c.similarity, "status": status.get(c.pair, "new")}
                                         for c in found]}, indent=1))
        return 0
    for number, candidate in enumerate(found, 1):
        shown = f" ({status[candidate.pair]})" if candidate.pair in status else ""
        print(f"{number}. {candidate.a} and {candidate.b}{shown}: {'; '.join(candidate.reasons)}")
        print(_claim_line(model, candidate.a))
        print(_claim_line(model, candidate.b))
    new = [c for c in found if c.pair not in status]
    print(f"{count(len(new), 'candidate disagreement')} not recorded or dismissed"
          + (f", of {len(found)} candidates." if args.all else "."), file=sys.stderr)
    if new:
        print(HOW.format(a=new[0].a, b=new[0].b), end="", file=sys.stderr)
    return 0


def add_command(sub) -> None:
    command = sub.add_parser("disagreements", help="list candidate disagreements among the sources not yet recorded")
    command.add_argument("--all", action="store_true",
                         help="also list the candidates already recorded or dismissed, marked as such")
    command.add_argument("--format", choices=["text", "json"], default="text",
                         help="text for people (default), or json: each candidate with both claims and why")
    command.set_defaults(func=run)
