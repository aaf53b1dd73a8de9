"""Search: Pagefind indexes the built site (site/pagefind/).

Run after MkDocs has written every page, on the folder it wrote (for `briefing
build` that is the temporary folder, before it replaces site/), so a failed
index leaves the previous site as it was. Pagefind splits its index into
small chunks that a browser fetches per query, so a first search downloads a
few hundred kilobytes, never one index of the whole site's text.

The binary comes inside the `pagefind[bin]` wheel, installed with the
project: nothing is downloaded at build time.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

OUTPUT = "pagefind"
# Heading permalinks (¶) and the page's print-only footer are not words a reader searches for.
IGNORED = ".headerlink, .bf-print-only"


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed: the message says which, and how to fix it."""


def executable() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError("the search indexer is not installed: run `pip install 'pagefind[bin]'` "
                               "(or reinstall the project: `pip install -e .`)") from None
    try:
        return get_executable()
    except FileNotFoundError as exc:
        raise SearchIndexError(f"the pagefind_bin package has no binary ({exc}); reinstall it with "
                               "`pip install --force-reinstall 'pagefind[bin]'`") from None


def index(site_dir: str | Path) -> None:
    """Write Pagefind's index and script into site_dir/pagefind/."""
    site = Path(site_dir)
    command = [str(executable()), "--site", str(site), "--output-subdir", OUTPUT,
               "--exclude-selectors", IGNORED, "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise SearchIndexError(f"pagefind failed to index {site} (exit {result.returncode}): {detail}")
    if not (site / OUTPUT / "pagefind.js").is_file():
        raise SearchIndexError(f"pagefind wrote no {OUTPUT}/pagefind.js into {site}: "
                               f"{(result.stderr or result.stdout).strip()}")
