"""`briefing`: check, build, serve and maintain a briefing from the command line."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import checks, load, quotes
from .build import prepare
from .errors import ContentErrors
from .stats import format_stats, stats

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _report(exc: ContentErrors, fmt: str = "text") -> int:
    if fmt == "json":
        print(json.dumps({"ok": False, "errors": [e.as_dict() for e in exc.errors]}, indent=1))
    else:
        for error in exc.errors:
            print(error, file=sys.stderr)
        count = len(exc.errors)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
    return 1


def cmd_check(args) -> int:
    started = time.perf_counter()
    try:
        model = load.load(args.project, args.content)
        verification = checks.check(model)
    except ContentErrors as exc:
        return _report(exc, args.format)
    data = stats(model)
    notes = checks.warnings(model)
    if args.format == "json":
        print(json.dumps({"ok": True, "errors": [], "warnings": [w.as_dict() for w in notes], "stats": data}, indent=1))
        return 0
    for note in notes:
        print(note, file=sys.stderr)
    where = "the archived texts" if verification.archive_available else "content/quotes.lock (archive folder not found)"
    print(f"OK: {data['sources']} sources, {data['claims']} claims, {data['themes']} themes; "
          f"quotes verified against {where} in {time.perf_counter() - started:.2f} s.")
    if args.stats:
        print(format_stats(data))
    return 0


def cmd_lock(args) -> int:
    try:
        model = load.load(args.project, args.content)
        checks.Checker(model).run()
        verification = quotes.verify(model, use_lock=False)
        if not verification.archive_available:
            print(f"error: the archive folder {quotes.archive_dir(model)} is not here; "
                  "quotes can only be verified where it is", file=sys.stderr)
            return 1
        if verification.errors:
            raise ContentErrors(verification.errors)
    except ContentErrors as exc:
        return _report(exc)
    path = quotes.lock_path(model)
    path.write_text(verification.lock_text, encoding="utf-8")
    print(f"Verified {len(verification.quotes)} quotes in {len(verification.archives)} archived texts; "
          f"wrote {os.path.relpath(path, args.project)}.")
    return 0


def _mkdocs_config(args, site_dir: str):
    from mkdocs.config import load_config

    return load_config(str(Path(args.project) / "mkdocs.yml"), site_dir=site_dir, strict=args.strict)


def cmd_build(args) -> int:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    started = time.perf_counter()
    project = Path(args.project).resolve()
    target = (project / args.site_dir).resolve()
    temporary = target.parent / f".site-{os.getpid()}"
    config = _mkdocs_config(args, str(temporary))
    try:
        prepared = prepare(project, args.content, site_url=config.site_url or "")
    except ContentErrors as exc:
        _report(exc)
        print(f"The site was not built; the previous {args.site_dir}/ is unchanged.", file=sys.stderr)
        return 1
    try:
        config.plugins["briefing"].preloaded = prepared
        build(config)
    except (Abort, MkDocsException, SystemExit) as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        print(f"MkDocs failed: {exc}" if str(exc) else "MkDocs failed.", file=sys.stderr)
        print("The previous site/ is unchanged.", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=target.parent))
        os.replace(target, old / "site")
    os.replace(temporary, target)
    if old:
        shutil.rmtree(old, ignore_errors=True)
    pages = sum(1 for p in prepared.pages if p.is_markdown)
    print(f"Built {pages} pages into {os.path.relpath(target, Path.cwd())}/ in {time.perf_counter() - started:.2f} s.")
    return 0


def cmd_serve(args) -> int:
    from mkdocs.commands.serve import serve

    serve(config_file=str(Path(args.project) / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="briefing", description=__doc__)
    parser.add_argument("--project", default=".", help="project folder (holds mkdocs.yml and content/)")
    parser.add_argument("--content", default="content", help="content folder, relative to the project")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="load and check the content; build nothing")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--stats", action="store_true", help="also print sourcing counts")
    check.set_defaults(func=cmd_check)

    build = sub.add_parser("build", help="check, then build the site")
    build.add_argument("--site-dir", default="site")
    build.add_argument("--no-strict", dest="strict", action="store_false", help="let MkDocs warnings pass")
    build.set_defaults(func=cmd_build)

    serve = sub.add_parser("serve", help="preview at http://127.0.0.1:8000, rebuilding on change")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.set_defaults(func=cmd_serve)

    lock = sub.add_parser("lock", help="verify every quote against the archive and record it in the lock")
    lock.set_defaults(func=cmd_lock)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
