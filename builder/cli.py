"""`briefing`: check, build, serve and maintain a briefing from the command line."""

from __future__ import annotations

import argparse
import json
import logging
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
        unsafe = checks.Checker(model)
        unsafe.archives()
        if unsafe.errors:
            raise ContentErrors(unsafe.errors)
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
    try:
        config = _mkdocs_config(args, str(temporary))
        plugin = config.plugins["briefing"]
    except (Abort, MkDocsException) as exc:
        print(f"{args.project.rstrip('/')}/mkdocs.yml: {exc}", file=sys.stderr)
        return 1
    except KeyError:
        print(f"{args.project.rstrip('/')}/mkdocs.yml: the plugin 'briefing' is not listed under plugins",
              file=sys.stderr)
        return 1
    try:
        prepared = prepare(project, args.content, plugin.config.templates, site_url=config.site_url or "")
    except ContentErrors as exc:
        _report(exc)
        print(f"The site was not built; the previous {args.site_dir}/ is unchanged.", file=sys.stderr)
        return 1
    # MkDocs reports what went wrong through logging; without a handler a strict-mode
    # failure would say only how many warnings there were, not what they were.
    shown = logging.StreamHandler(sys.stderr)
    shown.setLevel(logging.WARNING)
    shown.setFormatter(logging.Formatter("MkDocs %(levelname)s: %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(shown)
    try:
        plugin.preloaded = prepared
        build(config)
    except (Abort, MkDocsException, SystemExit) as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        print(f"MkDocs failed: {exc}" if str(exc) else "MkDocs failed.", file=sys.stderr)
        print(f"The site was not built; the previous {args.site_dir}/ is unchanged.", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    finally:
        mkdocs_log.removeHandler(shown)
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
    from mkdocs.exceptions import Abort, MkDocsException

    # Called as a function, MkDocs has no log handler: without this the address
    # it serves on and the content errors of the first build would not show.
    shown = logging.StreamHandler(sys.stderr)
    shown.setLevel(logging.INFO)
    shown.setFormatter(logging.Formatter("%(message)s"))
    # Single sources and entities are left out of the nav on purpose; MkDocs
    # would list them all again after every save.
    shown.addFilter(lambda record: not record.getMessage().startswith("The following pages exist in the docs"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(shown)
    mkdocs_log.setLevel(logging.INFO)
    try:
        serve(config_file=str(Path(args.project) / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True)
    except (Abort, MkDocsException) as exc:
        print(f"The preview did not start: {exc}" if str(exc) else "The preview did not start.", file=sys.stderr)
        return 1
    finally:
        mkdocs_log.removeHandler(shown)
    return 0


def cmd_new_source(args) -> int:
    from . import scaffold

    try:
        source_path, archive_path = scaffold.new_source(args.project, args.content, args.id, args.text_file, args.url)
    except ContentErrors as exc:
        return _report(exc)
    project = Path(args.project).resolve()
    print(f"Copied the text to {os.path.relpath(archive_path, project)}.")
    print(f"Created {os.path.relpath(source_path, project)}: replace each {scaffold.PLACEHOLDER} text and the "
          "example claim,\nthen run `briefing lock` (verifies and records the quotes) and `briefing check`.")
    return 0


def cmd_schema(args) -> int:
    from . import schema

    if args.check:
        stale = schema.stale(args.project)
        for path in stale:
            print(f"{os.path.relpath(path, args.project)}: out of date with builder/model.py "
                  "(run `briefing schema` and commit the result)", file=sys.stderr)
        return 1 if stale else 0
    changed = schema.write_all(args.project)
    print(f"Wrote {len(changed)} of {len(schema.KINDS)} schemas into {schema.SCHEMA_DIR}/ "
          f"({len(schema.KINDS) - len(changed)} already up to date).")
    if args.modelines:
        updated = schema.add_modelines(args.project, args.content)
        print(f"Added or updated the schema line of {len(updated)} content files.")
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

    new = sub.add_parser("new", help="start a new content file")
    new_sub = new.add_subparsers(dest="kind", required=True)
    new_source = new_sub.add_parser("source", help="archive an article's text and create content/sources/<id>.yaml")
    new_source.add_argument("id", help="the source's id: lower-case words joined by hyphens")
    new_source.add_argument("--from", dest="text_file", required=True, metavar="ARTICLE.txt",
                            help="the article's full text, as UTF-8 plain text")
    new_source.add_argument("--url", default=None, help="the article's address, if known")
    new_source.set_defaults(func=cmd_new_source)

    schema_cmd = sub.add_parser("schema", help="write the JSON Schemas of the content files into schemas/")
    schema_cmd.add_argument("--check", action="store_true", help="only report schemas that are out of date")
    schema_cmd.add_argument("--modelines", action="store_true",
                            help="also point each content file at its schema (first-line comment)")
    schema_cmd.set_defaults(func=cmd_schema)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
