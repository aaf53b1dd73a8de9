"""Profile `briefing build` on a synthetic briefing of N sources: where the time goes, stage by stage.

    python benchmarks/profile_build.py --sources 1000                  # generate, lock, profile; print the report
    python benchmarks/profile_build.py --project /tmp/bench/n1000/project --out profile.txt

The build runs with `--jobs 1` (MkDocs' own build, the same bytes as the parallel one) in this
process twice: once with a timer around each stage's function, once under cProfile, so that every
Python function of every stage is in one profile: loading, checking, working out and rendering our
pages, then MkDocs reading, converting and writing each page into Material's templates, then
Pagefind (a binary of its own: the profile sees only the wait for it). `--jobs 1` still shares
loading and verifying the quotes with a forked copy, whose half the profile does not see (only the
unpickling of what it sends back); `--one-process` keeps those in this process too. The report
gives the stages (the seconds of the functions that make them), then the top functions by
cumulative and by own time. cProfile slows code that makes many small calls (Markdown, Jinja) more
than the rest, by up to about two times: the timed run's seconds are the truer ones.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

def _stages(cum) -> list[tuple[str, float]]:
    """The stages of the build, in seconds, from `cum(file ending, function[, caller's file ending])`: the
    cumulative time of a function (only of its calls from that caller's file, when one is given)."""
    load = cum("builder/model/load.py", "load_partial")
    check = cum("builder/checks/rules.py", "check")
    prepare = cum("builder/pages/prepare.py", "prepare")
    populate = cum("mkdocs/commands/build.py", "_populate_page")
    build_page = cum("mkdocs/commands/build.py", "_build_page")
    search = cum("builder/publish/search.py", "index")
    mkdocs = cum("mkdocs/commands/build.py", "build")
    whole = cum("builder/editor/cli.py", "main")
    return [
        ("ours: load (YAML files into the model)", load),
        ("ours: check (every rule, quotes verified included)", check),
        ("  of which verifying the quotes", cum("builder/sources/quotes.py", "verify")),
        ("ours: render (working out every page and rendering it: prepare minus load and check)", prepare - load - check),
        ("  of which rendering each page (Renderer.render: its context, Jinja, our Markdown)",
         cum("builder/pages/render.py", "render")),
        ("  of which Jinja, our page templates",
         cum("jinja2/environment.py", "render", "builder/pages/render.py:render")),
        ("MkDocs per page: read each page, convert its Markdown, our hooks (_populate_page)", populate),
        ("  of which Python-Markdown's conversion",
         cum("markdown/core.py", "convert", "mkdocs/structure/pages.py:render")),
        ("MkDocs per page: render into the theme and write (_build_page)", build_page),
        ("  of which Jinja, Material's page template",
         cum("jinja2/environment.py", "render", "mkdocs/commands/build.py:_build_page")),
        ("MkDocs, the rest (files, navigation, links and anchors validated, static files copied)",
         mkdocs - prepare - populate - build_page - search),
        ("Pagefind: indexing the written site (mostly waiting for its process)", search),
        ("outside MkDocs' build: reading mkdocs.yml, the new site/ swapped in, the old one removed", whole - mkdocs),
        ("the whole build", whole),
    ]


def generate(n: int, folder: Path) -> Path:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import run

    project = folder / "project"
    run.Synthetic(n).write(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "builder.editor.cli", "lock"], cwd=project, env=env, check=True,
                   capture_output=True)
    return project


def profile(project: Path) -> tuple[pstats.Stats, float]:
    from builder.editor import cli

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    code = cli.main(["--project", str(project), "build", "--jobs", "1"])
    profiler.disable()
    wall = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"`briefing build` exited {code}")
    return pstats.Stats(profiler), wall


def timed(project: Path) -> dict[tuple, float]:
    """`briefing build --jobs 1` without the profiler, each function of _stages timed by a wrapper (wall
    seconds; Jinja's render split by who called it, our renderer or MkDocs' page builder)."""
    import jinja2
    import markdown
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.structure import pages as mkdocs_pages

    from builder.checks import rules
    from builder.editor import cli
    from builder.model import load
    from builder.pages import render
    from builder.publish import plugin
    from builder.publish import search
    from builder.sources import quotes

    totals: dict[tuple, float] = {}
    inside: list[str] = []
    patched = []

    def wrap(owner, attribute: str, key: tuple, caller_key: bool = False) -> None:
        original = getattr(owner, attribute)

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            inside.append(key[0] + ":" + key[1])
            try:
                return original(*args, **kwargs)
            finally:
                inside.pop()
                elapsed = time.perf_counter() - started
                totals[key] = totals.get(key, 0.0) + elapsed
                if caller_key and inside:
                    by = (*key, inside[-1])
                    totals[by] = totals.get(by, 0.0) + elapsed

        setattr(owner, attribute, wrapper)
        patched.append((owner, attribute, original))

    wrap(load, "load_partial", ("builder/model/load.py", "load_partial"))
    wrap(rules, "check", ("builder/checks/rules.py", "check"))
    wrap(quotes, "verify", ("builder/sources/quotes.py", "verify"))
    wrap(plugin, "prepare", ("builder/pages/prepare.py", "prepare"))  # imported by name there
    wrap(render.Renderer, "render", ("builder/pages/render.py", "render"))
    wrap(mkdocs_build, "_populate_page", ("mkdocs/commands/build.py", "_populate_page"))
    wrap(mkdocs_build, "_build_page", ("mkdocs/commands/build.py", "_build_page"))
    wrap(search, "index", ("builder/publish/search.py", "index"))
    wrap(mkdocs_build, "build", ("mkdocs/commands/build.py", "build"))
    wrap(jinja2.Template, "render", ("jinja2/environment.py", "render"), caller_key=True)
    wrap(markdown.Markdown, "convert", ("markdown/core.py", "convert"), caller_key=True)
    wrap(mkdocs_pages.Page, "render", ("mkdocs/structure/pages.py", "render"))
    started = time.perf_counter()
    try:
        code = cli.main(["--project", str(project), "build", "--jobs", "1"])
    finally:
        for owner, attribute, original in reversed(patched):
            setattr(owner, attribute, original)
    totals[("builder/editor/cli.py", "main")] = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"`briefing build` exited {code}")
    return totals


def stage_lines(stats: pstats.Stats, timings: dict[tuple, float] | None) -> list[str]:
    """The stages as a table: wall seconds of the run without the profiler (when there was one), and the
    cumulative seconds under cProfile, each with its share of the whole build."""
    entries = stats.stats  # type: ignore[attr-defined]  # pstats keeps its table here

    def called_by(file: str, name: str, caller: str) -> bool:
        ending, _, function = caller.partition(":")
        return file.replace(os.sep, "/").endswith(ending) and function in ("", name)

    def cum(ending: str, function: str, caller: str | None = None) -> float:
        found = 0.0
        for (file, _, name), (_, _, _, ct, callers) in entries.items():
            if file.replace(os.sep, "/").endswith(ending) and name == function:
                found = max(found, ct if caller is None else
                            sum(c[3] for (f, _, n), c in callers.items() if called_by(f, n, caller)))
        return found

    def wall(ending: str, function: str, caller: str | None = None) -> float:
        assert timings is not None
        return timings.get((ending, function) if caller is None else (ending, function, caller), 0.0)

    profiled = _stages(cum)
    plain = _stages(wall) if timings else None
    lines = [f"{'stage':<90} {'no profiler':>16} {'cProfile':>16}"]
    for i, (label, seconds) in enumerate(profiled):
        left = f"{plain[i][1]:7.2f} s {plain[i][1] / plain[-1][1]:5.0%}" if plain else ""
        lines.append(f"{label:<90} {left:>16} {seconds:7.2f} s {seconds / profiled[-1][1]:5.0%}")
    return lines


def listing(stats: pstats.Stats, sort: str, top: int, only: str | None = None) -> str:
    """pstats' table of the top functions in that order (only those whose file matches `only`, a regex)."""
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]  # where print_stats writes
    stats.sort_stats(sort).print_stats(*((only,) if only else ()), top)
    text = out.getvalue()
    for prefix in sorted({p for p in sys.path if p}, key=len, reverse=True):
        text = text.replace(prefix + os.sep, "")
    return text[text.index("   ncalls"):] if "   ncalls" in text else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=1000, help="size of the synthetic briefing (default 1000)")
    parser.add_argument("--project", type=Path, help="profile this project instead (locked, ready to build)")
    parser.add_argument("--top", type=int, default=20, help="functions listed in each order (default 20)")
    parser.add_argument("--out", type=Path, help="write the report here too")
    parser.add_argument("--dump", type=Path, help="write the raw profile here (for snakeviz, pstats)")
    parser.add_argument("--one-process", action="store_true",
                        help="no forked copy at all: loading and verifying quotes, which `--jobs 1` still share "
                             "with a forked copy (unseen by the profiler), run in this process")
    parser.add_argument("--profile-only", action="store_true",
                        help="leave out the build without the profiler (its stages timed by wrappers)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory(prefix="briefing-profile-") as tmp:
        project = args.project.resolve() if args.project else generate(args.sources, Path(tmp))
        if args.one_process:
            from builder.model import workers

            workers.processes = 1
        timings = None if args.profile_only else timed(project)
        stats, wall = profile(project)
        if args.dump:
            stats.dump_stats(str(args.dump))
        sources = len(list((project / "content" / "sources").glob("*.yaml")))
        report = "\n".join([
            f"`briefing build --jobs 1` of {sources} sources under cProfile"
            f"{' (and no forked copy for loading and quotes)' if args.one_process else ''}: {wall:.1f} s wall "
            f"(load average {', '.join(f'{x:.2f}' for x in os.getloadavg())} after)",
            "", "Stages: the seconds of the function that is each (a build without the profiler, timed by wrappers "
            "around those functions, then the profiled build; the whole build is the 100%):", "",
            *stage_lines(stats, timings), "",
            f"Top {args.top} by cumulative time:", "", listing(stats, "cumulative", args.top),
            f"Top {args.top} by own time (tottime):", "", listing(stats, "tottime", args.top),
            f"Top {args.top} of the generator's own functions (builder/) by cumulative time:", "",
            listing(stats, "cumulative", args.top, r"/builder/"),
        ])
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
