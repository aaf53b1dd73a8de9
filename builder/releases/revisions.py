"""The briefing's content as it was at a git revision, for `briefing diff`.

`git archive` writes the revision's content folder into a temporary folder, which the ordinary loader then reads. A folder outside a
git repository, a revision that does not exist or a revision without the
content folder is one clear diagnostic, never a traceback.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from builder.model.diagnostics import Diagnostic, Problems, did_you_mean


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
