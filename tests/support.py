"""Helpers the tests share (imported, never a test module): a real `briefing serve` process, its CPU; a PDF."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

from builder.sources import shared_text

REPO = Path(__file__).resolve().parent.parent


class Preview:
    """`briefing serve` (or `mkdocs serve`, with module="mkdocs") on a free port, its output collected as it comes."""

    def __init__(self, project, module: str = "builder.editor.cli"):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)})
        self.reader = threading.Thread(target=lambda: self.output.extend(self.process.stdout), daemon=True)
        self.reader.start()

    def wait_for_output(self, text: str, after: int = 0, timeout: float = 60) -> int:
        """Wait until a line from `after` on contains `text`; return the index of the line after it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for i, line in enumerate(self.output[after:], start=after):
                if text in line:
                    return i + 1
            if self.process.poll() is not None and not self.reader.is_alive():
                break
            time.sleep(0.1)
        raise AssertionError(f"no '{text}' in the preview's output:\n" + "".join(self.output))

    def page(self, url: str) -> str:
        # A short timeout: a preview that makes requests wait counts as stuck.
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{url}", timeout=10) as response:
            return response.read().decode("utf-8")

    def status(self, url: str) -> int:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{url}", timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def wait_for_page(self, url: str, text: str, timeout: float = 30) -> float:
        """Wait until the page holds `text`; return the seconds it took."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if text in self.page(url):
                return time.monotonic() - started
            time.sleep(0.05)
        raise AssertionError(f"{url} never showed {text!r}; the preview said:\n" + "".join(self.output))

    def cpu_seconds(self) -> float:
        """CPU time used so far by the preview and every process under it (ended ones included)."""
        return cpu_seconds_of_tree(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def interrupt(self, timeout: float = 15) -> int:
        """Press Ctrl-C; the exit status."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=timeout)
        self.reader.join(timeout=10)
        return code


def cpu_seconds_of_tree(pid: int) -> float:
    """User and system CPU seconds of a process, its waited-for children and every live descendant (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue  # ended meanwhile: its time is in its parent's waited-for children once reaped
        # utime, stime, cutime, cstime are fields 14-17 of stat; the split starts at field 3.
        total += sum(int(value) for value in fields[11:15])
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                stack.extend(int(child) for child in (task / "children").read_text().split())
            except FileNotFoundError:
                continue
    return total / ticks


def pdf_of(pages: list[list[str]], info: dict[str, str] | None = None) -> bytes:
    """A minimal PDF: one page per list of lines, each line drawn as text."""
    objects: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>", b""]
    kids = []
    for lines in pages:
        ops = ["BT /F1 11 Tf 14 TL 72 760 Td"]
        ops += ["({}) Tj T*".format(line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")) for line in lines]
        stream = "\n".join(ops + ["ET"]).encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 1 0 R >> >> "
                       b"/Contents %d 0 R >>" % len(objects))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    root = len(objects)
    if info:
        objects.append(b"<< " + b" ".join(b"/%s (%s)" % (k.encode(), v.encode("cp1252")) for k, v in info.items()) + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"<< /Size %d /Root %d 0 R%s >>" % (len(objects) + 1, root, b" /Info %d 0 R" % len(objects) if info else b"")
    return bytes(out + b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref)


@contextlib.contextmanager
def serving(folder: Path):
    """The files of a folder served over HTTP on 127.0.0.1 (a free port), quietly; yields the server's address."""
    handler = functools.partial(_QuietFiles, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# -- charts: what a reader sees of an SVG chart -----------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(markup: str) -> ElementTree.Element:
    """The <svg> element of a chart figure, parsed as XML (so the chart must be well-formed)."""
    match = re.search(r"<svg.*?</svg>", str(markup), re.S)
    assert match, markup
    return ElementTree.fromstring(match.group(0))


def dots(svg: ElementTree.Element) -> list[float]:
    return [float(c.get("cx")) for c in svg.iter(f"{SVG}circle")]


# -- a second source of the small project, for independence -------------------------------------------

WIRE = ("The transport ministry of Ruritania said on Tuesday that the new bridge at Zenda would be built by a "
        "consortium of four companies from both countries and that the first pillars would be set in the river "
        "before the spring floods arrive next year according to the plan approved by both cabinets last week.")
assert len(WIRE.split()) >= shared_text.MIN_WORDS + 5


def second_source(project, *, outlet: str = "unknown", text: str = "Report. The ministers agreed on a bridge in Zenda.",
                  extra: str = "", corroborates: str = "[example-talks#bridge-agreed]",
                  quote: str = "The ministers agreed on a bridge in Zenda.") -> None:
    project.write("archive/second.txt", text + "\n")
    project.write("content/sources/second-report.yaml", textwrap.dedent(f"""\
        title: A second report
        outlet: {outlet}
        author: unknown
        published:
          date: "2025-02"
          inferred: From the archive.
        kind: news-report
        archive: second.txt
        summary: Another account of the talks.
        claims:
          - id: bridge
            type: reported
            text: The ministers agreed on a bridge.
            quote: {quote}
            corroborates: {corroborates}
            credibility: 3
        """) + textwrap.dedent(extra), dedent=False)
    from conftest import write_lock  # the lock as `briefing lock` writes it

    write_lock(project.root)  # what `briefing lock` writes, in this process
