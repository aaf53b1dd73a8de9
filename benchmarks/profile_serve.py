"""Time (and profile) `briefing serve`'s rebuild after a save of one source's summary, in this process.

    python benchmarks/profile_serve.py --project /tmp/pv/project              # MkDocs' preview builder, 6 saves
    python benchmarks/profile_serve.py --project /tmp/pv/project --no-mkdocs  # only our part (reload, stale, render)
    python benchmarks/profile_serve.py --project /tmp/pv/project --profile 20 # and cProfile's top 20 of one save

The project is one benchmarks/run.py writes (`--keep`, or profile_build.generate). With MkDocs the preview is
driven as tests/test_serve_rebuild.py drives it (a first full build, then the builder called after each
save); without, as tests/test_dependencies.py does. Each save alternates the summary of the first source
between two texts. The file is put back as it was at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path


def _source(project: Path) -> tuple[Path, str]:
    path = sorted((project / "content" / "sources").glob("*.yaml"))[0]
    return path, path.read_text(encoding="utf-8")


def _edit(path: Path, original: str, n: int) -> None:
    text = original.replace("summary: ", f"summary: Edited {n}. ", 1) if n % 2 else original
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000 * (n + 1)))


class _InProcess:
    def __init__(self, project: Path):
        from builder.model import settings
        from builder.pages import prepare

        self.last = prepare.prepare(settings.read(project), record=True)

    def save(self, path: Path) -> int:
        from builder.pages import prepare
        from builder.publish import incremental

        items = incremental.content_items(self.last.model, {str(path)})
        done = incremental.edited(self.last, incremental.reload(self.last.model, items))
        assert done is not None
        incremental.render(self.last, done)
        self.last = prepare.Prepared(done.model, done.checked.verification, done.checked.warnings, done.pages,
                                     {}, self.last.renderer, done.site)
        return len(done.stale)


class _MkDocs:
    def __init__(self, project: Path, site: Path):
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        from builder.publish import preview

        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=False)
        build(config)

        def full_build():
            raise SystemExit("the save rebuilt everything")

        self.builder = preview.Preview(config.plugins["briefing"], full_build)

    def save(self, path: Path) -> int:
        self.builder()
        self.builder.search.stop()
        return int(self.builder.stages["pages"])

    def settle(self) -> None:
        """The data files the preview writes after the pages are served (not part of a save's time)."""
        self.builder.data_files.wait()


def _timed_stages() -> dict[str, float]:
    """Wall seconds of each step of a save, summed (wrappers around the functions, as profile_build.timed)."""
    from builder.checks import rules
    from builder.pages import dependencies, references, site
    from builder.publish import incremental

    totals: dict[str, float] = {}

    def wrap(owner, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                totals[name] = totals.get(name, 0.0) + time.perf_counter() - started

        setattr(owner, attribute, wrapper)

    wrap(incremental, "reload", "reload")
    wrap(rules, "check", "check")
    wrap(site.Site, "__init__", "Site()")
    wrap(site.Site, "reuse", "reuse")
    wrap(references, "resolve", "references")
    wrap(dependencies, "stale", "stale")
    wrap(dependencies.Facts, "__init__", "Facts()")
    wrap(incremental, "render", "render")
    from builder.pages import contexts, export, metadata

    for name in ("theme_context", "source_context", "entity_context", "timeline", "discrepancies",
                 "sourcing_context", "print_context", "home_context", "feed"):
        wrap(site.Site, name, "  " + name)
    wrap(export, "model_data", "  export.model_data")
    wrap(contexts, "entity_relations", "  entity_relations")
    wrap(metadata.Metadata, "head", "  Metadata.head")
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--saves", type=int, default=6)
    parser.add_argument("--no-mkdocs", action="store_true", help="only our part, as tests/test_dependencies.py")
    parser.add_argument("--profile", type=int, default=0, help="profile one more save; print this many functions")
    parser.add_argument("--freeze", action="store_true", help="gc.freeze() after the first build")
    parser.add_argument("--stats", type=Path, help="write the profile's pstats here")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    path, original = _source(args.project)
    import builder

    print(f"builder from {Path(builder.__file__).parent}")
    stages = _timed_stages()
    try:
        with tempfile.TemporaryDirectory() as site:
            started = time.perf_counter()
            served = _InProcess(args.project) if args.no_mkdocs else _MkDocs(args.project, Path(site))
            print(f"first build: {time.perf_counter() - started:.2f} s")
            stages.clear()
            import gc

            collecting: list[float] = []

            def on_gc(phase: str, info: dict) -> None:
                if phase == "start":
                    collecting.append(time.perf_counter())
                else:
                    stages["gc"] = stages.get("gc", 0.0) + time.perf_counter() - collecting.pop()
                    if info["generation"] == 2:
                        stages["gc2 n"] = stages.get("gc2 n", 0) + 1

            gc.callbacks.append(on_gc)
            if args.freeze:
                gc.freeze()
            times: list[float] = []
            cpus: list[float] = []
            for n in range(args.saves):
                _edit(path, original, n + 1)
                started, cpu = time.perf_counter(), time.process_time()
                pages = served.save(path)
                times.append(time.perf_counter() - started)
                cpus.append(time.process_time() - cpu)
                getattr(served, "settle", lambda: None)()
                print(f"save {n + 1}: {times[-1]:.3f} s ({cpus[-1]:.3f} CPU s), {pages} pages")
            print("stages (seconds, summed over the saves): " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))
            if args.freeze:
                gc.unfreeze()
                print(f"cyclic garbage left by the saves: {gc.collect()} objects")
            print("saves: " + " ".join(f"{t:.2f}" for t in times) + f"; median {sorted(times)[len(times) // 2]:.3f} s"
                  f" ({sorted(cpus)[len(cpus) // 2]:.3f} CPU s); load {os.getloadavg()[0]:.1f}")
            if args.profile:
                _edit(path, original, args.saves + 1)
                profiler = cProfile.Profile()
                profiler.enable()
                served.save(path)
                profiler.disable()
                if args.stats:
                    profiler.dump_stats(args.stats)
                for sort in ("cumulative", "tottime"):
                    out = io.StringIO()
                    pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(args.profile)
                    text = out.getvalue()
                    print(text[text.index("   ncalls"):] if "   ncalls" in text else text)
    finally:
        path.write_text(original, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
