"""`briefing build`, `pdf` and `serve`: the commands that hand the project to MkDocs.

A build goes into a temporary folder and replaces the site only when it succeeded, so a failed build
leaves the previous site as it was; MkDocs' log lines are shown as the editor should read them.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from builder.model import settings as settings_mod
from builder.model import workers
from builder.model.diagnostics import Diagnostic, Problems
from builder.model.words import count

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _docs_dir(args) -> dict:
    """MkDocs' docs_dir as it follows from the content folder (settings.docs_dir_for_mkdocs), to pass to MkDocs."""
    settings = settings_mod.read(args.project)
    if not settings.content_dir.is_dir():
        raise Problems([Diagnostic(os.path.relpath(settings.content_dir, Path.cwd()), 0, "content folder not found",
                                   "run `briefing init` to start a briefing, or set the plugin's `content` option")])
    docs_dir = settings_mod.docs_dir_for_mkdocs(settings)
    return {"docs_dir": docs_dir} if docs_dir else {}


def _mkdocs_config(args, site_dir: str, strict):
    from mkdocs.config import load_config

    return load_config(str(Path(args.project) / settings_mod.CONFIG_FILE), site_dir=site_dir, strict=strict,
                       **_docs_dir(args))


def _missing_config(args) -> bool:
    if (Path(args.project) / settings_mod.CONFIG_FILE).is_file():
        return False
    print(f"{Path(args.project) / settings_mod.CONFIG_FILE}: not found: this folder is not a briefing project "
          "(run `briefing init <folder>` to start one, or pass --project)", file=sys.stderr)
    return True


class _Shown(logging.Formatter):
    """MkDocs' log lines as the editor should read them: ours as diagnostics, the rest prefixed."""

    def format(self, record: logging.LogRecord) -> str:
        if record.name == "mkdocs.plugins.briefing":
            return record.getMessage()
        return f"MkDocs {record.levelname}: {record.getMessage()}"


def _notes_and_warnings(record: logging.LogRecord) -> bool:
    """MkDocs' warnings and errors, and our notes (logged at INFO so that --strict does not count them)."""
    return record.levelno >= logging.WARNING or record.name == "mkdocs.plugins.briefing" and ": note: " in record.getMessage()


def _build_failure(message: str) -> str:
    """MkDocs' reason for stopping, in the editor's words where we know them."""
    strict = re.fullmatch(r"Aborted with (\d+) warnings? in strict mode!", message)
    if strict:
        return (f"Failed: strict mode refuses warnings ({count(int(strict.group(1)), 'warning')} above). Fix them, "
                "or build anyway with `briefing build --no-strict` (or `strict: false` in mkdocs.yml).")
    return f"MkDocs failed: {message}" if message else "MkDocs failed."


OLD_SITES = ".site-old-"
"""Where a build puts the site it replaced, beside the new one, until it is deleted."""


def remove_old_sites(folder: Path) -> None:
    """Delete the sites earlier builds replaced in `folder`, in a process of its own that the build does not wait for.

    Deleting a site of thousands of files takes seconds (2.4 s for 1,000 sources here), and the new site
    is already in place: the editor need not wait. A folder left behind (the machine stopped first) is
    deleted by the next build's.
    """
    old = [str(path) for path in folder.glob(OLD_SITES + "*") if path.is_dir()]
    if not old:
        return
    code = "import shutil, sys\nfor path in sys.argv[1:]: shutil.rmtree(path, ignore_errors=True)"
    try:
        subprocess.Popen([sys.executable, "-c", code, *old], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
    except OSError:  # no process to spare: delete them here, as before
        for path in old:
            shutil.rmtree(path, ignore_errors=True)


def cmd_build(args) -> int:
    import mkdocs
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    from builder.publish import parallel

    started = time.perf_counter()
    if _missing_config(args):
        return 1
    project = Path(args.project).resolve()
    target = (project / args.site_dir).resolve()
    temporary = target.parent / f".site-{os.getpid()}"
    kept = f"The site was not built; the previous {args.site_dir}/ is unchanged."
    # MkDocs reports what went wrong through logging; without a handler a strict-mode
    # failure would say only how many warnings there were, not what they were.
    shown = logging.StreamHandler(sys.stderr)
    shown.setLevel(logging.INFO)
    shown.setFormatter(_Shown())
    shown.addFilter(_notes_and_warnings)
    mkdocs_log = logging.getLogger(mkdocs.__name__)  # "properdocs" under ProperDocs: its strict mode counts there
    mkdocs_log.addHandler(shown)
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.INFO)
    plugin = None
    # MkDocs logs the plugin's error once more, then aborts: its one-line summary says it better.
    shown.addFilter(lambda record: plugin is None or plugin.failure is None or record.getMessage() != str(plugin.failure))
    try:
        config = _mkdocs_config(args, str(temporary), args.strict)
        if "briefing" not in config.plugins:
            print(f"{args.project.rstrip('/')}/mkdocs.yml: the plugin 'briefing' is not listed under plugins",
                  file=sys.stderr)
            return 1
        plugin = config.plugins["briefing"]
        # As `mkdocs build` does: MkDocs keeps one instance of a plugin that has on_startup in a process, and
        # one left by a preview in this process would otherwise build as a preview (its problems not failing).
        config.plugins.on_startup(command="build", dirty=False)
        jobs = getattr(args, "jobs", None) or parallel.default_jobs()
        workers.processes = jobs  # loading and quote checking fork a second process only where a second is allowed
        serial = "one process was asked for" if jobs == 1 else parallel.parallel_ready(config)
        with workers.one_build():
            if serial:
                build(config)  # MkDocs' own build
            else:
                plugin.stages = parallel.build_in_parallel(config, jobs, previous=target if target.is_dir() else None)
    except (Abort, MkDocsException, SystemExit) as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        if plugin is not None and plugin.failure is not None:
            # each already shown, one line each
            print(f"{count(len(plugin.failure.problems.errors), 'problem')} found. {kept}", file=sys.stderr)
        else:
            print(_build_failure(str(exc)), file=sys.stderr)
            print(kept, file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    finally:
        try:
            if plugin is not None:
                config.plugins.on_shutdown()
        finally:
            mkdocs_log.removeHandler(shown)
            mkdocs_log.setLevel(level)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=OLD_SITES, dir=target.parent))
        os.replace(target, old / "site")
    os.replace(temporary, target)
    if old:
        remove_old_sites(target.parent)
    prepared = config.plugins["briefing"].prepared
    pages = sum(1 for page in prepared.pages if page.is_markdown)
    if not getattr(args, "quiet", False):
        print(f"Built {count(pages, 'page')} into {os.path.relpath(target, Path.cwd())}/ in {time.perf_counter() - started:.2f} s.")
    return 0


def cmd_pdf(args) -> int:
    """Build the site into a temporary folder and print its whole-briefing page to PDF."""
    from builder.publish import pdf
    from builder.model import urls

    started = time.perf_counter()
    if _missing_config(args):
        return 1
    try:
        chromium = pdf.find_chromium()
        pdf._playwright()
    except pdf.PdfError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    project = Path(args.project).resolve()
    output = Path(args.output).resolve()
    with tempfile.TemporaryDirectory(prefix=".pdf-", dir=project) as folder:
        site = Path(folder) / "site"
        built = cmd_build(argparse.Namespace(**{**vars(args), "site_dir": str(site), "strict": None, "quiet": True}))
        if built:
            return built
        settings = settings_mod.read(args.project)
        try:
            pages = pdf.print_site(site, urls.Addresses(settings.use_directory_urls).page(urls.PRINT), output, chromium)
        except pdf.PdfError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    print(f"Printed the whole briefing to {os.path.relpath(output, Path.cwd())} ({count(pages, 'page')}) "
          f"in {time.perf_counter() - started:.2f} s.")
    return 0


def cmd_serve(args) -> int:
    import mkdocs
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, MkDocsException

    if _missing_config(args):
        return 1
    # Called as a function, MkDocs has no log handler: without this the address
    # it serves on and the content errors of the first build would not show.
    shown = logging.StreamHandler(sys.stderr)
    shown.setLevel(logging.INFO)
    shown.setFormatter(logging.Formatter("%(message)s"))
    # Single sources and entities are left out of the nav on purpose; MkDocs
    # would list them all again after every save.
    shown.addFilter(lambda record: not record.getMessage().startswith("The following pages exist in the docs"))
    mkdocs_log = logging.getLogger(mkdocs.__name__)
    mkdocs_log.addHandler(shown)
    mkdocs_log.setLevel(logging.INFO)
    try:
        serve(config_file=str(Path(args.project) / settings_mod.CONFIG_FILE), dev_addr=args.dev_addr, livereload=True,
              **_docs_dir(args))
    except (Abort, MkDocsException) as exc:
        print(f"The preview did not start: {exc}" if str(exc) else "The preview did not start.", file=sys.stderr)
        return 1
    finally:
        mkdocs_log.removeHandler(shown)
    return 0
