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


def news_report(project, source_id: str, *, title: str, outlet: str, archive: str, text: str, summary: str,
                claims: str) -> None:
    """A news report of February 2025 and its archived text; `claims` is the YAML after `claims:` (from ' []'
    or a line break on)."""
    project.write(f"archive/{archive}", text + "\n")
    project.write(f"content/sources/{source_id}.yaml", textwrap.dedent(f"""\
        title: {title}
        outlet: {outlet}
        author: unknown
        published:
          date: "2025-02"
          inferred: From the archive.
        kind: news-report
        archive: {archive}
        summary: {summary}
        claims:""") + claims, dedent=False)


def second_source(project, *, outlet: str = "unknown", text: str = "Report. The ministers agreed on a bridge in Zenda.",
                  extra: str = "", corroborates: str = "[example-talks#bridge-agreed]",
                  quote: str = "The ministers agreed on a bridge in Zenda.") -> None:
    news_report(project, "second-report", title="A second report", outlet=outlet, archive="second.txt", text=text,
                summary="Another account of the talks.",
                claims="\n  - id: bridge\n    type: reported\n    text: The ministers agreed on a bridge.\n"
                       f"    quote: {quote}\n    corroborates: {corroborates}\n    credibility: 3\n" + textwrap.dedent(extra))
    from conftest import write_lock  # the lock as `briefing lock` writes it

    write_lock(project.root)  # what `briefing lock` writes, in this process


class LanguageServer:
    """`briefing lsp` as a real process, spoken to as an editor would: JSON-RPC over its stdin and stdout.

    The framing (a Content-Length header, then the JSON body) is written here, in the test, so that the
    server is tested against the protocol itself rather than against its own library. What the server
    sends is read as it comes: responses by id, notifications in order; its requests to the editor
    (client/registerCapability...) are answered at once with null.
    """

    def __init__(self, cwd: Path, capabilities: dict | None = None, root: Path | None = None):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "builder.editor.cli", "lsp"], cwd=cwd, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"})
        self.responses: dict[int, dict] = {}
        self.notifications: list[dict] = []
        self.stderr: list[str] = []
        self._next_id = 0
        self._changed = threading.Condition()
        self._write_lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(
            line.decode("utf-8", "replace") for line in self.process.stderr), daemon=True).start()
        self.initialized = self.request("initialize", {
            "processId": os.getpid(), "rootUri": (root or cwd).as_uri(),
            "capabilities": capabilities if capabilities is not None else DEFAULT_CAPABILITIES})
        self.notify("initialized", {})

    # -- framing -----------------------------------------------------------------------------------
    def send_raw(self, body: bytes) -> None:
        with self._write_lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _send(self, message: dict) -> None:
        import json

        self.send_raw(json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8"))

    def _read(self) -> None:
        import json

        stream = self.process.stdout
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:  # a request from the server: answer it
                self._send({"id": message["id"], "result": None})
            with self._changed:
                if "id" in message and "method" not in message:
                    self.responses[message["id"]] = message
                else:
                    self.notifications.append(message)
                self._changed.notify_all()

    # -- requests and notifications ----------------------------------------------------------------
    def notify(self, method: str, params: dict) -> None:
        self._send({"method": method, "params": params})

    def ask(self, method: str, params: dict) -> int:
        """Send a request without waiting; its id."""
        self._next_id += 1
        self._send({"id": self._next_id, "method": method, "params": params})
        return self._next_id

    def answer(self, request_id: int, timeout: float = 60) -> dict:
        """The whole response message to a request (result or error)."""
        with self._changed:
            if not self._changed.wait_for(lambda: request_id in self.responses or self.process.poll() is not None,
                                          timeout):
                raise AssertionError(f"no answer to request {request_id} in {timeout} s; "
                                     f"the server said:\n{''.join(self.stderr)}")
            if request_id not in self.responses:
                raise AssertionError(f"the server ended ({self.process.returncode}):\n{''.join(self.stderr)}")
            return self.responses.pop(request_id)

    def request(self, method: str, params: dict, timeout: float = 60):
        response = self.answer(self.ask(method, params), timeout)
        assert "error" not in response, response["error"]
        return response["result"]

    def wait_for(self, predicate, timeout: float = 60, after: int = 0) -> dict:
        """The first notification from index `after` on that satisfies `predicate`."""
        def found():
            return next((n for n in self.notifications[after:] if predicate(n)), None)

        with self._changed:
            if not self._changed.wait_for(lambda: found() is not None or self.process.poll() is not None, timeout):
                raise AssertionError(f"no such notification in {timeout} s; got "
                                     f"{[n.get('method') for n in self.notifications[after:]]}; "
                                     f"the server said:\n{''.join(self.stderr)}")
            return found()

    def diagnostics(self, uri: str, version: int | None = None, timeout: float = 60, after: int = 0) -> list[dict]:
        """The diagnostics published for a file (at a buffer version, if given)."""
        message = self.wait_for(lambda n: n.get("method") == "textDocument/publishDiagnostics"
                                and n["params"]["uri"] == uri and (version is None or n["params"].get("version") == version),
                                timeout, after)
        return message["params"]["diagnostics"]

    # -- documents ---------------------------------------------------------------------------------
    def open(self, path: Path, text: str | None = None, version: int = 1) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": version,
            "text": path.read_text(encoding="utf-8") if text is None else text}})
        return uri

    def replace(self, uri: str, text: str, version: int) -> None:
        """The whole buffer changed (an editor may send any edit so)."""
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def edit(self, uri: str, version: int, line: int, start: int, end: int, text: str, end_line: int | None = None) -> None:
        """One incremental edit, as editors send keystrokes."""
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{
            "range": {"start": {"line": line, "character": start},
                      "end": {"line": line if end_line is None else end_line, "character": end}}, "text": text}]})

    def cpu_seconds(self) -> float:
        return cpu_seconds_of_tree(self.process.pid)

    def shutdown(self, timeout: float = 30) -> int:
        """Shut down and exit as an editor does; the exit status."""
        self.request("shutdown", None)
        self.notify("exit", None)
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


DEFAULT_CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "workspace": {"workspaceEdit": {"documentChanges": True, "resourceOperations": ["create", "rename", "delete"]},
                  "didChangeWatchedFiles": {"dynamicRegistration": True}},
    "textDocument": {"synchronization": {"didSave": True},
                     "completion": {"completionItem": {"snippetSupport": False}},
                     "hover": {"contentFormat": ["markdown", "plaintext"]},
                     "publishDiagnostics": {"versionSupport": True},
                     "rename": {"prepareSupport": True},
                     "documentSymbol": {"hierarchicalDocumentSymbolSupport": True}},
}
"""What the test client says it can do: about what Neovim, Helix and VS Code say."""


# -- small briefings written in other languages (tests/test_languages.py, and screenshots of them) ---------------

SAMPLES: dict[str, dict[str, str]] = {
    "ar": {
        "archive/wire.txt": (
            "تقدم في محادثات زندا\n"
            "شارك: فيسبوك\n"
            "التقى وزيرا خارجية روريتانيا وفريدونيا في زندا يوم الاثنين، واتفقا على بناء جسر.\n"
            "«سننجز الجسر في غضون عامين»، قالت الوزيرة آنا بيرغ.\n"
            "يقدّر مسؤولون في زندا أن المشروع سيحتاج إلى 5,000 عامل، وهو عدد غير مسبوق.\n"),
        "archive/analysis.txt": (
            "كم عاملًا يحتاج جسر زندا؟\n"
            "يرجّح معهد دراسات الجسور أن يكفي نحو 4,500 عامل لإنجاز المشروع في موعده.\n"
            "ويرى المعهد أن الأعمال بدأت فعلًا في خريف 2024 بتمهيد الضفتين.\n"),
        "content/briefing.yaml": """\
title: جسر زندا
subtitle: إحاطة قصيرة للاختبار
as_of: "2025-03-20"
archive: archive
description: إحاطة اختبار مبنية على مقالين [@wire-talks; @bridge-analysis].
publisher:
  name: مرصد المثال
licence:
  name: CC BY 4.0
key_judgements:
  - id: bridge-planned
    text: اتفق البلدان على بناء جسر [@wire-talks#bridge-agreed].
    confidence: low
    confidence_reason: مصدر واحد.
    likelihood: likely
method:
  confidence:
    - level: high
    - level: moderate
""",
        "content/sources/wire-talks.yaml": """\
title: تقدم في محادثات زندا
outlet: وكالة المثال
author: unknown
published:
  date: "2025-02-17"
kind: wire-copy
archive: wire.txt
reliability:
  grade: B
  reason: وكالة ذات سجل طويل.
summary: التقى الوزيران في زندا واتفقا على بناء جسر.
claims:
  - id: bridge-agreed
    type: reported
    text: اتفق وزيرا الخارجية على بناء جسر.
    quote: التقى وزيرا خارجية روريتانيا وفريدونيا في زندا يوم الاثنين، واتفقا على بناء جسر.
    about: [ruritania, zenda]
  - id: berg-two-years
    type: statement
    by: anna-berg
    text: قالت الوزيرة آنا بيرغ إن الجسر سيُنجز في غضون عامين.
    quote: «سننجز الجسر في غضون عامين»، قالت الوزيرة آنا بيرغ.
  - id: workers-5000
    type: assessment
    by: zenda-officials
    text: يقدّر مسؤولون في زندا أن المشروع يحتاج إلى 5,000 عامل.
    quote: يقدّر مسؤولون في زندا أن المشروع سيحتاج إلى 5,000 عامل
""",
        "content/sources/bridge-analysis.yaml": """\
title: كم عاملًا يحتاج جسر زندا؟
outlet: صحيفة الشرق المثالية
author: سلمى حداد
published:
  date: "2025-03"
  inferred: الشهر مذكور في رأس الصفحة.
kind: analysis
archive: analysis.txt
summary: يرجّح معهد دراسات الجسور عددًا أقل من العمال.
claims:
  - id: workers-4500
    type: assessment
    by: bridge-institute
    text: يرجّح معهد دراسات الجسور أن يكفي نحو 4,500 عامل.
    quote: يرجّح معهد دراسات الجسور أن يكفي نحو 4,500 عامل
  - id: works-began
    type: assessment
    by: bridge-institute
    text: يرى المعهد أن الأعمال بدأت في خريف 2024.
    quote: ويرى المعهد أن الأعمال بدأت فعلًا في خريف 2024 بتمهيد الضفتين.
""",
        "content/themes/bridge.yaml": """\
title: الجسر
order: 1
bottom_line: اتفق البلدان على جسر يُنجز خلال عامين بحسب رواية واحدة [@wire-talks#bridge-agreed; @wire-talks#berg-two-years].
confidence: low
confidence_reason: مصدر واحد لكل إفادة.
likelihood: likely
sections:
  - heading: الاتفاق
    body: |
      اتفق الوزيران في زندا [@wire-talks#bridge-agreed].
  - heading: العمال
    body: |
      يقدّر مسؤولون أن المشروع يحتاج إلى 5,000 عامل [@wire-talks#workers-5000]، ويرجّح معهد عددًا أقل [@bridge-analysis#workers-4500].
watch_next:
  - هل تبدأ الأعمال في موعدها [@wire-talks#berg-two-years].
related: []
""",
        "content/timeline.yaml": """\
events:
  - date: autumn 2024
    text: بدء تمهيد الضفتين [@bridge-analysis#works-began].
  - date: "2025-02-17"
    date_note: يوم الاثنين الذي نُشر فيه الخبر.
    text: لقاء الوزيرين في زندا [@wire-talks#bridge-agreed].
""",
        "content/entities.yaml": """\
entities:
  - id: anna-berg
    name: آنا بيرغ
    kind: person
    aliases: [الوزيرة بيرغ]
    role: وزيرة في روريتانيا.
  - id: ruritania
    name: روريتانيا
    kind: place
    role: بلد.
  - id: zenda
    name: زندا
    kind: place
    role: مدينة.
  - id: zenda-officials
    name: مسؤولون في زندا
    kind: group
    role: مسؤولون محليون.
  - id: bridge-institute
    name: معهد دراسات الجسور
    kind: organisation
    role: مركز أبحاث.
""",
        "content/discrepancies.yaml": """\
discrepancies:
  - id: workers
    question: كم عاملًا يحتاج المشروع؟
    kind: number
    unit: عامل
    values:
      - value: 5000
        text: 5,000 بحسب مسؤولي زندا [@wire-talks#workers-5000].
      - value: 4500
        label: نحو 4,500
        text: نحو 4,500 بحسب معهد دراسات الجسور [@bridge-analysis#workers-4500].
""",
    },
    "de": {
        "archive/wire.txt": (
            "Fortschritt bei den Gesprächen in Zenda\n"
            "Teilen: Facebook\n"
            "Die Außenminister Ruritaniens und Freedonias trafen sich am Montag in Zenda und einigten sich auf den Bau einer Brücke.\n"
            "„Wir werden die Brücke in zwei Jahren fertigstellen“, sagte Ministerin Anna Berg.\n"
            "Beamte in Zenda schätzen, dass 5.000 Arbeiter gebraucht werden – so viele wie nie zuvor.\n"),
        "archive/analysis.txt": (
            "Wie viele Arbeiter braucht die Brücke?\n"
            "Das Institut für Brückenforschung hält rund 4.500 Arbeiter für ausreichend.\n"
            "Nach Einschätzung des Instituts begannen die Arbeiten schon im Herbst 2024 mit der Befestigung der Ufer.\n"),
        "content/briefing.yaml": """\
title: Die Brücke von Zenda
subtitle: Ein kleines Briefing für Tests
as_of: "2025-03-20"
archive: archive
description: Ein Test-Briefing aus zwei Artikeln [@wire-talks; @bridge-analysis].
publisher:
  name: Beispiel-Observatorium
licence:
  name: CC BY 4.0
key_judgements:
  - id: bridge-planned
    text: Die beiden Länder haben den Bau einer Brücke vereinbart [@wire-talks#bridge-agreed].
    confidence: low
    confidence_reason: Nur eine Quelle.
    likelihood: likely
method:
  confidence:
    - level: high
    - level: moderate
""",
        "content/sources/wire-talks.yaml": """\
title: Fortschritt bei den Gesprächen in Zenda
outlet: Beispiel-Agentur
author: unknown
published:
  date: "2025-02-17"
kind: wire-copy
archive: wire.txt
reliability:
  grade: B
  reason: Eine Agentur mit langer Erfahrung.
summary: Die Minister trafen sich in Zenda und vereinbarten den Bau einer Brücke.
claims:
  - id: bridge-agreed
    type: reported
    text: Die Außenminister vereinbarten den Bau einer Brücke.
    quote: Die Außenminister Ruritaniens und Freedonias trafen sich am Montag in Zenda und einigten sich auf den Bau einer Brücke.
    about: [ruritania, zenda]
  - id: berg-two-years
    type: statement
    by: anna-berg
    text: Ministerin Anna Berg sagte, die Brücke werde in zwei Jahren fertig.
    quote: „Wir werden die Brücke in zwei Jahren fertigstellen“, sagte Ministerin Anna Berg.
  - id: workers-5000
    type: assessment
    by: zenda-officials
    text: Beamte in Zenda schätzen, dass 5.000 Arbeiter gebraucht werden.
    quote: Beamte in Zenda schätzen, dass 5.000 Arbeiter gebraucht werden
""",
        "content/sources/bridge-analysis.yaml": """\
title: Wie viele Arbeiter braucht die Brücke?
outlet: Beispiel-Zeitung
author: Jana Müller
published:
  date: "2025-03"
  inferred: Der Monat steht im Kopf der Seite.
kind: analysis
archive: analysis.txt
summary: Das Institut für Brückenforschung hält weniger Arbeiter für nötig.
claims:
  - id: workers-4500
    type: assessment
    by: bridge-institute
    text: Das Institut hält rund 4.500 Arbeiter für ausreichend.
    quote: Das Institut für Brückenforschung hält rund 4.500 Arbeiter für ausreichend.
  - id: works-began
    type: assessment
    by: bridge-institute
    text: Das Institut meint, die Arbeiten hätten im Herbst 2024 begonnen.
    quote: Nach Einschätzung des Instituts begannen die Arbeiten schon im Herbst 2024 mit der Befestigung der Ufer.
""",
        "content/themes/bridge.yaml": """\
title: Die Brücke
order: 1
bottom_line: Die Länder haben eine Brücke vereinbart, die nach einer Darstellung in zwei Jahren fertig sein soll [@wire-talks#bridge-agreed; @wire-talks#berg-two-years].
confidence: low
confidence_reason: Eine Quelle je Aussage.
likelihood: likely
sections:
  - heading: Die Vereinbarung
    body: |
      Die Minister einigten sich in Zenda [@wire-talks#bridge-agreed].
  - heading: Die Arbeiter
    body: |
      Beamte schätzen 5.000 Arbeiter [@wire-talks#workers-5000]; ein Institut hält weniger für nötig [@bridge-analysis#workers-4500].
watch_next:
  - Ob die Arbeiten rechtzeitig beginnen [@wire-talks#berg-two-years].
related: []
""",
        "content/timeline.yaml": """\
events:
  - date: autumn 2024
    text: Beginn der Arbeiten an den Ufern [@bridge-analysis#works-began].
  - date: "2025-02-17"
    date_note: Der Montag, an dem die Meldung erschien.
    text: Treffen der Minister in Zenda [@wire-talks#bridge-agreed].
""",
        "content/entities.yaml": """\
entities:
  - id: anna-berg
    name: Anna Berg
    kind: person
    aliases: [Ministerin Berg]
    role: Ministerin in Ruritanien.
  - id: ruritania
    name: Ruritanien
    kind: place
    role: Ein Land.
  - id: zenda
    name: Zenda
    kind: place
    role: Eine Stadt.
  - id: zenda-officials
    name: Beamte in Zenda
    kind: group
    role: Örtliche Beamte.
  - id: bridge-institute
    name: Institut für Brückenforschung
    kind: organisation
    role: Ein Forschungsinstitut.
""",
        "content/discrepancies.yaml": """\
discrepancies:
  - id: workers
    question: Wie viele Arbeiter braucht das Projekt?
    kind: number
    unit: Arbeiter
    values:
      - value: 5000
        text: 5.000 nach Angaben der Beamten in Zenda [@wire-talks#workers-5000].
      - value: 4500
        label: rund 4.500
        text: Rund 4.500 nach Einschätzung des Instituts [@bridge-analysis#workers-4500].
""",
    },
}
"""A small briefing written in German and one in Arabic: the generator's words in the language of the content."""


def write_sample(root: Path, language: str) -> Path:
    """A project holding SAMPLES[language], in that language (mkdocs.yml's theme language), its quotes not yet locked."""
    root.mkdir(parents=True, exist_ok=True)
    for relpath, text in SAMPLES[language].items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("language: en", f"language: {language}"),
        encoding="utf-8")
    return root


# Who publishes the small project: publisher, authors, contact and licence (briefing.yaml fields).
PUBLICATION = """\
publisher:
  name: Example Policy Desk
  url: https://desk.example.org/
authors:
  - name: Ann Example
    role: editor
  - name: Bo Sample
contact: briefing@desk.example.org
licence:
  name: CC BY 4.0
  url: https://creativecommons.org/licenses/by/4.0/
"""
