"""`briefing`: start, check, build, serve and maintain a briefing from the command line.

Every command works on a project folder (`--project`, default: the current
folder) and reads the plugin's options from its mkdocs.yml, as MkDocs does.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

from builder.checks import rules as checks
from builder.editor import disagreements
from builder.editor.building import cmd_build, cmd_pdf, cmd_serve
from builder.model import load
from builder.model import workers
from builder.sources import lock as lock_mod
from builder.sources import quotes
from builder.model import settings as settings_mod
from builder.model.diagnostics import Diagnostic, Problems
from builder.model.words import count
from builder.model.xref import Xref

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _report(problems: Problems, fmt: str = "text") -> int:
    if fmt == "json":
        print(json.dumps({"ok": False, "errors": [e.as_dict() for e in problems.errors],
                          "warnings": [w.as_dict() for w in problems.warnings]}, indent=1))
    else:
        for diagnostic in problems.errors + problems.warnings:
            print(diagnostic, file=sys.stderr)
        print(f"{count(len(problems.errors), 'problem')} found.{_count_line(problems.warnings)}", file=sys.stderr)
    return 1


def _print_warnings(warnings: list[Diagnostic]) -> None:
    for warning in warnings:
        print(warning, file=sys.stderr)


def _count_line(diagnostics: list[Diagnostic]) -> str:
    counts = [(sum(1 for d in diagnostics if d.severity == kind), kind) for kind in ("warning", "note")]
    return "".join(f" {count(n, kind)}." for n, kind in counts if n)


def _settings(args) -> settings_mod.Settings:
    return settings_mod.read(args.project)


def cmd_check(args) -> int:
    from builder.checks.stats import format_stats, statistics

    started = time.perf_counter()
    settings = _settings(args)
    with workers.one_build():  # all it makes lasts until it ends: no collection on the way
        model, xref, checked = checks.load_and_check(settings.project_dir, settings.content)
        verification, warnings = checked.verification, checked.warnings
        numbers = statistics(model, xref, checked.sourcing)
        candidates = len(disagreements.candidates(model, xref, checked))  # suggestions: never a warning
    # --strict refuses warnings (never notes): then the summary line must not begin "OK".
    refused = bool(args.strict) and any(w.severity == "warning" for w in warnings)
    if args.format == "json":
        print(json.dumps({"ok": not refused, "errors": [], "warnings": [w.as_dict() for w in warnings],
                          "stats": numbers.as_dict(), "candidate_disagreements": candidates}, indent=1))
        return 1 if refused else 0
    _print_warnings(warnings)
    where = "the archived texts" if verification.archive_available else "content/quotes.lock (archive folder not found)"
    verdict = "Failed (--strict refuses warnings)" if refused else "OK"
    print(f"{verdict}: {count(numbers.sources, 'source')}, {count(numbers.claims, 'claim')}, {count(numbers.themes, 'theme')}; "
          f"quotes verified against {where} in {time.perf_counter() - started:.2f} s."
          + _count_line(warnings)
          + (f" {count(candidates, 'candidate disagreement')} not recorded (`briefing disagreements` lists them)."
             if candidates else ""))
    if args.stats:
        print(format_stats(numbers))
    return 1 if refused else 0


def cmd_lock(args) -> int:
    from builder.sources import archive

    settings = _settings(args)
    model = load.load(settings.project_dir, settings.content)
    unsafe = checks.Checker(model)
    unsafe.archives()
    if unsafe.found:
        raise Problems(unsafe.found)
    verification = quotes.verify(model, use_lock=False)
    if not verification.archive_available:
        print(f"error: the archive folder {archive.Folder(model.project_dir, model.briefing.archive).shown} "
              "is not here; quotes can only be verified where it is", file=sys.stderr)
        return 1
    if verification.errors:
        raise Problems(verification.errors)
    path = quotes.lock_path(model)
    recorded, _ = lock_mod.read(path, lock_mod.NAME)  # a damaged lock reads as empty: every quote is then added
    found = lock_mod.changes(recorded, verification.lock)
    path.write_text(verification.lock.text(), encoding="utf-8")
    originals = f" (and {count(len(verification.lock.originals), 'original')})" if verification.lock.originals else ""
    print(f"Verified {count(len(verification.lock.quotes), 'quote')} in "
          f"{count(len(verification.lock.archives), 'archived text')}{originals}; "
          f"wrote {os.path.relpath(path, Path.cwd())}.")
    print("\n".join(_lock_changes(model, found)) if found else "Nothing was added, changed or dropped since it was "
          "last written.")
    return 0


_LOCK_VERBS = {"added": "added  ", "changed": "changed", "removed": "dropped"}


def _lock_changes(model, found) -> list[str]:
    """What `briefing lock` added, changed or dropped: each quote by its key and first words, each archived text."""
    lines = []
    for change, keys in found.quotes.items():
        for key in keys:
            claim = model.find_claim(key)
            words = claim.quote.split() if claim is not None and change != "removed" else []
            first = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
            lines.append(f"  {_LOCK_VERBS[change]} {key}" + (f": \"{first}\"" if words else ""))
    for change, names in found.archives.items():
        lines += [f"  {_LOCK_VERBS[change]} archived text {name}" for name in names]
    for change, names in found.originals.items():
        lines += [f"  {_LOCK_VERBS[change]} original {name}" for name in names]
    if found.shared:
        lines.append(f"  {count(found.shared, 'shared passage')} between archived texts added or dropped")
    return lines


def cmd_init(args) -> int:
    from builder.editor import newproject

    title = args.title or newproject.default_title(args.folder)
    newproject.init(args.folder, newproject.Options(
        title=title, archive=args.archive, as_of=args.as_of or "", publisher=args.publisher or "",
        authors=tuple(args.author or ()), contact=args.contact or "", licence=args.licence or "",
        language=args.language))
    shown = os.path.relpath(Path(args.folder).resolve(), Path.cwd())
    print(f"Started the briefing \"{title}\" in {shown}/.")
    if not newproject.catalogued(args.language):
        print(f"The generator has no catalogue for '{args.language}' yet: its words are shown in English until you "
              "add one (README, Languages).")
    print(f"Next: cd {shown} && briefing new source <id> --from <URL, page.html, report.pdf or article.txt>   (then lock, check, build; see README.md)")
    return 0


def cmd_new_theme(args) -> int:
    from builder.editor import scaffold

    path = scaffold.new_theme(_settings(args), args.id)
    print(f"Created {os.path.relpath(path, Path.cwd())}: write its title, bottom line and sections, citing claims "
          f"as [@source-id#claim-id];\nreplace each {checks.PLACEHOLDER} text, then run `briefing check`.")
    return 0


def cmd_new_source(args) -> int:
    from builder.editor import scaffold

    source_path, archive_path, *original = scaffold.new_source(_settings(args), args.id, args.text_file, args.url)
    here = Path.cwd()
    if original:
        print(f"Archived the article's text as {os.path.relpath(archive_path, here)} and the original, unchanged, "
              f"as {os.path.relpath(original[0], here)}.")
    else:
        print(f"Copied the text to {os.path.relpath(archive_path, here)}.")
    print(f"Created {os.path.relpath(source_path, here)}: replace each {checks.PLACEHOLDER} text and the "
          "example claim,\nthen run `briefing lock` (verifies and records the quotes) and `briefing check`.")
    return 0


def _snapshot(model) -> dict:
    """The release snapshot of a loaded tree (the shared passages its quote lock records count, as in a build)."""
    from builder.sources import lock
    from builder.releases import snapshots as releases
    from builder.checks.sourcing import collect

    recorded, _ = lock.read(quotes.lock_path(model), lock.NAME)
    return releases.snapshot(model, collect(model, Xref(model), recorded.shared or []))


def cmd_release(args) -> int:
    from builder.releases import changes
    from builder.model import release_files
    from builder.releases import snapshots as releases
    from builder.model.dates import PartialDate

    note = " ".join(args.note.split())
    if release_files.note_problem(note):
        print("error: the note must be a sentence of text saying what this release is "
              "(briefing release --note \"...\")", file=sys.stderr)
        return 1
    settings = _settings(args)
    model, _, checked = checks.load_and_check(settings.project_dir, settings.content)
    derived = checked.sourcing
    blocking = [w for w in checked.warnings if w.severity == "warning"]
    if blocking:
        # A release is what readers are told about: nothing a strict build refuses.
        raise Problems([Diagnostic(w.path, w.line, w.message, w.hint) for w in blocking])
    briefing, latest = model.briefing, (model.releases[-1] if model.releases else None)
    assert briefing.as_of is not None  # the loader requires it (and gives every release one: the casts below)
    if latest is not None and briefing.as_of.earliest < cast(PartialDate, latest.as_of).earliest:
        raise Problems([Diagnostic(briefing.loc.path, briefing.line_of("as_of"),
                                   f"as-of date {briefing.as_of.iso} is earlier than that of release "
                                   f"{latest.number} ({cast(PartialDate, latest.as_of).iso})",
                                   "move as_of forward to the date this release is current to")])
    released = _release_day(args.released)
    if released is None:
        return 1
    if latest is not None and latest.released is not None and released.earliest < latest.released.earliest:
        raise Problems([Diagnostic(latest.loc.path, latest.line_of("released"),
                                   f"release {latest.number} was released on {latest.released.iso}, after "
                                   f"{released.iso}", "a release cannot be made before the one it follows")])
    snap = releases.snapshot(model, derived)
    if latest is not None and release_files.unchanged(latest.snapshot, snap):
        raise Problems([Diagnostic(latest.loc.path, 0, f"nothing has changed since release {latest.number} "
                                   f"(as of {cast(PartialDate, latest.as_of).iso}); no release recorded",
                                   "a release records changed content: `briefing diff` shows what has "
                                   "changed since a commit")])
    number = latest.number + 1 if latest else 1
    found = changes.diff(latest.snapshot, snap) if latest else []
    path = releases.write(Path(model.content_dir), number, briefing.as_of, note, snap, released)
    what = f"{changes.counted(found)} since release {latest.number}" if latest else "the first release"
    print(f"Recorded release {number} of {released.display}, as of {briefing.as_of.display} ({what}); wrote "
          f"{os.path.relpath(path, Path.cwd())}. Commit it with the content.")
    return 0


def _release_day(given: str | None):
    """The day of release: the one given (YYYY-MM-DD), else today; None, said on stderr, when it is not a day."""
    from builder.model import items as model

    if given is None:
        return model.PartialDate.parse(datetime.date.today().isoformat())
    try:
        day = model.PartialDate.parse(given)
    except ValueError as exc:
        print(f"error: --released: {exc}", file=sys.stderr)
        return None
    if day.precision != "day":
        print(f"error: --released {given}: write the day of release as YYYY-MM-DD", file=sys.stderr)
        return None
    return day


def cmd_diff(args) -> int:
    from builder.releases import changes
    from builder.releases import revisions
    from builder.model import urls

    settings = _settings(args)
    with tempfile.TemporaryDirectory(prefix="briefing-diff-") as folder:
        revision = revisions.checkout(settings.project_dir, args.ref, settings.content, Path(folder))
        new = _snapshot(load.load(settings.project_dir, settings.content))
        try:
            old_model = load.load(revision.project_dir, settings.content)
        except Problems as problems:  # name the revision: the files are not the ones in the folder
            raise Problems([Diagnostic(f"{args.ref}:{d.path}", d.line, d.message, d.hint, d.severity)
                            for d in problems.errors]) from None
        old = _snapshot(old_model)
    found = changes.diff(old, new)
    address = urls.Addresses(settings.use_directory_urls)
    if args.format == "json":
        print(revisions.as_json(found, address, ref=args.ref, commit=revision.commit))
    else:
        print(revisions.markdown(found, f"Changes to the briefing since {args.ref} ({revision.commit[:12]})",
                               settings.site_url.rstrip("/") + "/" if settings.site_url else "", address), end="")
    return 0


def cmd_schema(args) -> int:
    from builder.model import schema

    if args.check:
        stale = schema.stale(args.project)
        for path in stale:
            print(f"{os.path.relpath(path, args.project)}: out of date with the generator's model "
                  "(run `briefing schema` and commit the result)", file=sys.stderr)
        return 1 if stale else 0
    changed = schema.write_all(args.project)
    print(f"Wrote {len(changed)} of {count(len(schema.KINDS), 'schema')} into {schema.SCHEMA_DIR}/ "
          f"({len(schema.KINDS) - len(changed)} already up to date).")
    if args.modelines:
        updated = schema.add_modelines(args.project, _settings(args).content)
        print(f"Added or updated the schema line of {count(len(updated), 'content file')}.")
    return 0


def cmd_lsp(args) -> int:
    from builder.editor import lsp

    return lsp.serve()


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="briefing", description=__doc__,
                                          formatter_class=argparse.RawDescriptionHelpFormatter)
    main_parser.add_argument("--project", default=".",
                             help="the briefing's project folder, holding mkdocs.yml and content/ (default: here)")
    sub = main_parser.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", help="start a new briefing project in a new or empty folder")
    init.add_argument("folder", help="the folder to create the project in")
    init.add_argument("--title", help="the briefing's title (default: from the folder's name)")
    init.add_argument("--archive", default="archive",
                      help="folder for the articles' full texts, relative to the project (default: archive)")
    init.add_argument("--as-of", help="the date the briefing is current to, YYYY-MM-DD (default: today)")
    init.add_argument("--publisher", help="who publishes the briefing (shown in every page's footer)")
    init.add_argument("--author", action="append", help="who writes or edits it (repeat for several)")
    init.add_argument("--contact", help="how readers reach you: an e-mail or web address")
    init.add_argument("--licence", help="the licence readers may reuse the briefing under, e.g. 'CC BY 4.0'")
    init.add_argument("--language", default="en",
                      help="the readers' language, as Material names it (en, de, fr, es, ar, ...): written into "
                           "mkdocs.yml, with the starter content's examples in it (default: en)")
    init.set_defaults(func=cmd_init)

    check = sub.add_parser("check", help="load and check the content; build nothing")
    check.add_argument("--format", choices=["text", "json"], default="text",
                       help="text: one problem a line, as file:line: message (default); json: every problem and "
                            "the sourcing counts as one JSON object, for tools")
    check.add_argument("--stats", action="store_true", help="also print sourcing counts")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(func=cmd_check)

    build = sub.add_parser("build", help="check, then build the site")
    build.add_argument("--site-dir", default="site", metavar="FOLDER",
                       help="where to build the site, relative to the project (default: site); it is built beside "
                            "this folder and swapped in only when the build succeeds")
    build.add_argument("--strict", action=argparse.BooleanOptionalAction, default=None,
                       help="fail on warnings too, or not (default: as mkdocs.yml says)")
    build.add_argument("--jobs", type=_positive, default=None, metavar="N",
                       help="build the pages in N processes (default: one per core, up to 2; "
                            "1 runs MkDocs' own build, to the same bytes)")
    build.set_defaults(func=cmd_build)

    pdf_cmd = sub.add_parser("pdf", help="print the whole briefing to PDF with Chromium")
    pdf_cmd.add_argument("--output", default="briefing.pdf", metavar="FILE", help="where to write it (default: briefing.pdf)")
    pdf_cmd.set_defaults(func=cmd_pdf)

    serve = sub.add_parser("serve", help="preview at http://127.0.0.1:8000, rebuilding on change")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                       help="the address to serve the preview on (default: 127.0.0.1:8000, this computer only)")
    serve.set_defaults(func=cmd_serve)

    lock = sub.add_parser("lock", help="verify every quote against the archive and record it in the lock")
    lock.set_defaults(func=cmd_lock)

    new = sub.add_parser("new", help="start a new content file")
    new_sub = new.add_subparsers(dest="kind", required=True)
    new_source = new_sub.add_parser("source", help="archive an article's text and create content/sources/<id>.yaml")
    new_source.add_argument("id", help="the source's id: lower-case words joined by hyphens")
    new_source.add_argument("--from", dest="text_file", required=True, metavar="ARTICLE",
                            help="the article: a UTF-8 text file, a page saved as .html, a .pdf, or its "
                                 "https:// address (fetched; a page's text is extracted and the page kept beside it)")
    new_source.add_argument("--url", default=None, help="the address of a file given to --from, if known")
    new_source.set_defaults(func=cmd_new_source)
    new_theme = new_sub.add_parser("theme", help="create content/themes/<id>.yaml, every field explained")
    new_theme.add_argument("id", help="the theme's id: lower-case words joined by hyphens (its page is themes/<id>/)")
    new_theme.set_defaults(func=cmd_new_theme)

    release = sub.add_parser("release", help="record the briefing's current state as a release, with a note")
    release.add_argument("--note", required=True, help="what this release is, in a sentence (shown to readers)")
    release.add_argument("--released", metavar="YYYY-MM-DD",
                         help="the day of release, if not today (recorded in the file; shown to readers)")
    release.set_defaults(func=cmd_release)

    diff = sub.add_parser("diff", help="print what changed in the briefing since a git revision, as Markdown")
    diff.add_argument("ref", nargs="?", default="HEAD", help="the git revision to compare with (default: HEAD)")
    diff.add_argument("--format", choices=["markdown", "json"], default="markdown",
                      help="markdown: the changes in the words of the changes page (default); json: the same "
                           "changes as data, for tools")
    diff.set_defaults(func=cmd_diff)

    disagreements.add_command(sub)
    lsp = sub.add_parser("lsp", help="a language server for editors, over stdin and stdout (see EDITING.md)")
    lsp.set_defaults(func=cmd_lsp)

    schema_cmd = sub.add_parser("schema", help="write the JSON Schemas of the content files into schemas/")
    schema_cmd.add_argument("--check", action="store_true", help="only report schemas that are out of date")
    schema_cmd.add_argument("--modelines", action="store_true",
                            help="also point each content file at its schema (first-line comment)")
    schema_cmd.set_defaults(func=cmd_schema)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except Problems as problems:  # every command reports the problems it finds the same way
        return _report(problems, getattr(args, "format", "text"))


if __name__ == "__main__":
    sys.exit(main())
