"""The briefing's content as it was at a git revision, and its changes written out, for `briefing diff`.

`git archive` writes the revision's content folder into a temporary folder, which the ordinary loader then reads. A folder outside a
git repository, a revision that does not exist or a revision without the
content folder is one clear diagnostic, never a traceback. The changes are written as Markdown (for a
pull request's summary) or JSON (for tools).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from builder.model import urls
from builder.model.diagnostics import Diagnostic, Problems, did_you_mean
from builder.releases import changes as changes_mod


@dataclass(frozen=True)
class Revision:
    ref: str
    """The revision as given (HEAD, origin/main, a commit)."""
    commit: str
    """Its full commit id."""
    project_dir: Path
    """A temporary project folder holding the revision's content folder."""


def _git(cwd: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=not binary, timeout=120)


def checkout(project: Path, ref: str, content: str, into: Path) -> Revision:
    """Write the project's content folder as it was at `ref` into the folder `into`."""
    project = project.resolve()
    where = str(project)
    if shutil.which("git") is None:
        raise Problems([Diagnostic(where, 0, "git is not installed", "briefing diff compares with a git revision")])
    top = _git(project, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise Problems([Diagnostic(where, 0, "not a git repository",
                                   "briefing diff compares the content with a git revision; run it in a clone")])
    if ref.startswith("-"):
        raise Problems([Diagnostic(ref, 0, "not a git revision", "name a branch, tag or commit")])
    found = _git(project, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if found.returncode != 0:
        names = _git(project, "for-each-ref", "--format=%(refname:short)").stdout.split()
        raise Problems([Diagnostic(ref, 0, "unknown git revision", did_you_mean(ref, names) or
                                   "name a branch, tag or commit; `git log --oneline` lists commits, "
                                   "and a shallow clone must fetch its history first")])
    commit = found.stdout.strip()
    root = Path(top.stdout.strip()).resolve()  # paths below are given from the repository's root
    prefix = os.path.relpath(project, root).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix + "/"
    folder = f"{prefix}{content.strip('/')}"
    listed = _git(root, "ls-tree", "--name-only", commit, "--", folder)
    if listed.returncode != 0 or folder not in listed.stdout.splitlines():
        raise Problems([Diagnostic(f"{content}/", 0, f"the content folder does not exist at revision '{ref}' "
                                   f"({commit[:12]})", "compare with a later revision")])
    archive = _git(root, "archive", "--format=tar", commit, folder, binary=True)
    if archive.returncode != 0:
        message = archive.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Problems([Diagnostic(where, 0, f"git could not read revision '{ref}': "
                                   f"{message[-1] if message else 'git archive failed'}")])
    try:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout), mode="r:") as tar:
            tar.extractall(into, filter="data")  # refuses links out of the folder and absolute paths
    except (tarfile.TarError, OSError) as exc:
        raise Problems([Diagnostic(f"{content}/", 0, f"the content folder at revision '{ref}' cannot be read: {exc}",
                                   "content holds plain files only")]) from None
    return Revision(ref, commit, into / prefix if prefix else into)


def markdown(changes: list[changes_mod.Change], heading: str, site_url: str = "",
             address: urls.Addresses | None = None) -> str:
    """The changes as Markdown, grouped by kind (for `briefing diff` and a pull request's summary).

    Items are named as readers know them; each re-worded text is followed by its word differences, in <del>
    and <ins>, which GitHub shows struck through and underlined.
    """
    lines = [f"## {heading}", ""]
    if not changes:
        return "\n".join(lines + ["No change to the briefing's content.", ""])
    lines += [f"{changes_mod.counted(changes)}, worked out from the briefing's content.", ""]
    for kind, items in changes_mod.grouped(changes):
        lines += [f"### {changes_mod.GROUP_TITLES[kind]}", ""]
        for item in items:
            first = item[0]
            subject = _md_text(first.subject)
            if site_url and address is not None and first.target is not None:
                subject = f"[{subject}]({site_url}{address.url(first.target)})"
            if len(item) == 1 and first.diff is None:
                lines.append(f"- {subject}: {_md_text(first.words)}.")
                continue
            lines.append(f"- {subject}:")
            for change in item:
                if change.diff is None:
                    lines.append(f"  - {_md_text(change.words)}.")
                else:
                    lines += [f"  - {_md_text(change.words)}:", f"    > {change.diff.markdown()}"]
        lines.append("")
    return "\n".join(lines)


def _md_text(text: str) -> str:
    """Content text made inert in Markdown (a PR summary must not render links or HTML from content)."""
    return "".join("\\" + ch if ch in "\\`*_{}[]<>" else ch for ch in text)  # lines start "- ": no # heading


def as_json(changes: list[changes_mod.Change], address: urls.Addresses, **extra) -> str:
    return json.dumps({**extra, "changes": [c.as_dict(address) for c in changes]}, indent=1, ensure_ascii=False,
                      sort_keys=True)
