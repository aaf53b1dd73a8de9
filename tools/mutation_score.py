"""Print the mutation score of each rule module from mutmut's results (run `make mutate` first).

A mutant is killed (a test failed, or it ran past mutmut's time limit), survived (every
test passed), equivalent (survived, and listed in tests/mutation-equivalents.md with the
reason no user could notice it), or had no test reaching it. The score is killed / (all -
equivalent). Exit status 1 when a module is under --target percent.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "tests" / "mutation-equivalents.md"

MODULES = {
    # module: the mutant names (globs) counted for it
    "checks": ["builder.checks.rules.*"],
    "load": ["builder.model.load.*"],
    "yamlfile": ["builder.model.yamlfile.*"],
    "quotes": ["builder.sources.quotes.*"],
    "lock": ["builder.sources.lock.*"],
    "archive": ["builder.sources.archive.*"],
    "citations": ["builder.model.citations.*"],
    "links": ["builder.checks.links.*"],
    "xref": ["builder.model.xref.*"],
    "sourcing": ["builder.checks.sourcing.*"],
    "shared_text": ["builder.sources.shared_text.*"],
    "model (dates)": ["builder.model.dates.*"],
    "changes": ["builder.releases.changes.*"],
    "prose": ["builder.releases.prose.*"],
    "references": ["builder.pages.references.*"],
    "dependencies": ["builder.pages.dependencies.*"],
    "incremental": ["builder.publish.incremental.*"],
}
"""The modules `make mutate` runs on, in the order of the README; mentions, urls and releases.snapshots
can be added here and to the Makefile's MUTATE_NAMES when there is time for them."""

KILLED = {1, 3, 36, 24, -24, 152, 255, -9, -11}  # a failing test, or a time-out / crash the user would see
SURVIVED = {0}
NO_TESTS = {33, 5}


def equivalents() -> dict[str, str]:
    """Mutant name -> reason, from lines like '- `builder.checks.rules.x_f__mutmut_3`: reason'."""
    found = {}
    if EQUIVALENTS.exists():
        for line in EQUIVALENTS.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^- `([^`]+)`:?\s*(.*)$", line)
            if match:
                found[match.group(1)] = match.group(2)
    return found


def results() -> dict[str, int | None]:
    codes: dict[str, int | None] = {}
    for meta in sorted((ROOT / "mutants").rglob("*.py.meta")):
        codes.update(json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {}))
    return codes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=float, default=90.0, help="least score of each module, in percent")
    parser.add_argument("--survivors", action="store_true", help="list the survivors not marked equivalent")
    parser.add_argument("--unrun", metavar="MODULE", choices=list(MODULES),
                        help="print only the names of MODULE's mutants not yet run, one a line: mutmut re-runs every "
                             "mutant a name or glob matches, so an interrupted run resumes with "
                             "`mutmut run $(python tools/mutation_score.py --unrun load)`")
    args = parser.parse_args()
    codes, equivalent = results(), equivalents()
    if not codes:
        print("no mutmut results: run `make mutate` first", file=sys.stderr)
        return 2
    if args.unrun:
        patterns = MODULES[args.unrun]
        print("\n".join(n for n, code in codes.items() if any(fnmatch.fnmatchcase(n, p) for p in patterns)
                        and code not in KILLED | SURVIVED | NO_TESTS))
        return 0
    print(f"{'module':<14} {'mutants':>7} {'killed':>7} {'survived':>8} {'equivalent':>10} {'no test':>7} "
          f"{'unrun':>5} {'score':>6}")
    below, survivors = [], []
    for module, patterns in MODULES.items():
        names = [n for n in codes if any(fnmatch.fnmatchcase(n, p) for p in patterns)]
        killed = sum(1 for n in names if codes[n] in KILLED)
        equiv = sum(1 for n in names if codes[n] in SURVIVED and n in equivalent)
        survived = [n for n in names if codes[n] in SURVIVED and n not in equivalent]
        no_test = sum(1 for n in names if codes[n] in NO_TESTS)
        # not run yet, or cut short (mutmut's "suspicious": a signal from outside, an interrupted run): run it again
        unrun = sum(1 for n in names if codes[n] not in KILLED | SURVIVED | NO_TESTS)
        counted = len(names) - equiv - unrun
        score = 100.0 * killed / counted if counted else None
        survivors += survived
        if score is not None and score < args.target:
            below.append(module)
        shown = f"{score:>5.1f}%" if score is not None else "   n/a"
        print(f"{module:<14} {len(names):>7} {killed:>7} {len(survived):>8} {equiv:>10} {no_test:>7} {unrun:>5} {shown}")
    stale = sorted(n for n in equivalent if n in codes and codes[n] in KILLED)
    if stale:
        print(f"\n{len(stale)} mutant(s) listed as equivalent are now killed; drop them from {EQUIVALENTS.name}:")
        print("\n".join(f"  {n}" for n in stale))
    if args.survivors and survivors:
        print("\nsurvivors (`mutmut show NAME` shows the change):")
        print("\n".join(f"  {n}" for n in sorted(survivors)))
    if below:
        print(f"\nunder {args.target:.0f}%: {', '.join(below)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
