"""`briefing serve` as an editor runs it, over time: each save rebuilds once, then the preview rests.

A real process on a free port, in a throwaway project: save, wait for the page to change, then watch
the whole process tree's CPU over an idle window (a preview that rebuilds itself in a loop burns a
core and keeps logging); again after more saves; then a broken file, its fix, and Ctrl-C.
"""

from __future__ import annotations

import time

from conftest import edit
from support import Preview
import pytest

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

IDLE_SECONDS = 4.0
IDLE_CPU_LIMIT = 0.4  # CPU-seconds in the idle window; the rebuild loop used about a core, 4 s here
REBUILD_LINES = ("Detected file changes", "Building documentation", "briefing: rebuilt")


def idle_window(preview: Preview) -> tuple[float, list[str]]:
    """CPU-seconds used and rebuild lines logged while nobody touches a file."""
    lines, cpu = len(preview.output), preview.cpu_seconds()
    time.sleep(IDLE_SECONDS)
    return preview.cpu_seconds() - cpu, [line for line in preview.output[lines:]
                                          if any(marker in line for marker in REBUILD_LINES)]


def test_preview_rebuilds_once_per_save_then_uses_no_cpu_and_survives_a_broken_file(project):
    preview = Preview(project)
    try:
        seen = preview.wait_for_output(f"Serving on http://127.0.0.1:{preview.port}/")
        page = "sources/example-talks/"
        summary = "Ministers met in Zenda and agreed to build a bridge."
        previous = summary
        for save in range(1, 4):
            now = f"Ministers met in Zenda (save {save}) and agreed to build a bridge."
            edit(project, "content/sources/example-talks.yaml", previous, now)
            previous = now
            preview.wait_for_page(page, f"(save {save})")
            seen = preview.wait_for_output("Reloading browsers", after=seen)
            cpu, rebuilds = idle_window(preview)
            assert rebuilds == [], f"save {save}: the preview rebuilt with no file touched: {rebuilds}"
            assert cpu < IDLE_CPU_LIMIT, f"save {save}: {cpu:.2f} CPU-seconds used in {IDLE_SECONDS} idle seconds"
            seen = len(preview.output)

        # A syntax error: said in the terminal and above the page, which still shows the last good version.
        edit(project, "content/sources/example-talks.yaml", "summary: ", "summary: [")
        seen = preview.wait_for_output("the preview still shows the last good version", after=seen)
        assert "content/sources/example-talks.yaml:" in "".join(preview.output[seen - 5:seen])
        assert "(save 3)" in preview.page(page)
        problems = preview.page("briefing-preview-problems.txt")
        assert "content/sources/example-talks.yaml:" in problems
        assert "briefing-preview-problems.txt" in preview.page(page)  # each page looks for them
        cpu, rebuilds = idle_window(preview)
        assert rebuilds == [] and cpu < IDLE_CPU_LIMIT, (cpu, rebuilds)

        # Fixed: the page shows the change and the problems are gone.
        edit(project, "content/sources/example-talks.yaml", "summary: [", "summary: Fixed. ")
        preview.wait_for_page(page, "Fixed.")
        deadline = time.monotonic() + 10
        while preview.status("briefing-preview-problems.txt") != 404 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert preview.status("briefing-preview-problems.txt") == 404
        cpu, rebuilds = idle_window(preview)
        assert rebuilds == [] and cpu < IDLE_CPU_LIMIT, (cpu, rebuilds)

        assert preview.interrupt() == 0  # Ctrl-C stops it cleanly
        assert "Traceback" not in "".join(preview.output), "".join(preview.output)
    finally:
        if preview.process.poll() is None:
            preview.stop()


def test_a_broken_file_after_a_partial_rebuild_keeps_every_page_of_the_last_good_site(project):
    preview = Preview(project)
    try:
        seen = preview.wait_for_output(f"Serving on http://127.0.0.1:{preview.port}/")
        before = preview.page("themes/bridge/")
        assert "The agreement" in before
        # A source edit: the preview rebuilds only the pages it touches.
        edit(project, "content/sources/example-talks.yaml", "summary: Ministers met in Zenda and agreed to build a bridge.",
             "summary: Ministers met in Zenda and agreed to build a new bridge.")
        preview.wait_for_page("sources/example-talks/", "a new bridge")
        seen = preview.wait_for_output("Reloading browsers", after=seen)
        # Then a mistake in another file: the whole site is rebuilt, and must stay the last good one.
        edit(project, "content/themes/bridge.yaml", "heading: The agreement", "heading: [The agreement")
        seen = preview.wait_for_output("the preview still shows the last good version", after=seen)
        preview.wait_for_output("Reloading browsers", after=seen)
        for url, text in (("themes/bridge/", "The agreement"), ("sources/example-talks/", "a new bridge"),
                          ("", "Example briefing")):
            assert text in preview.page(url), f"/{url} lost its content after the failed rebuild"
    finally:
        preview.stop()
