"""`make lighthouse`: Lighthouse's scores of the built site, on the home page, a theme, a source and /changes/.

The site is served from 127.0.0.1 as a static host serves it: text compressed (gzip) when the browser
asks for it, with a short cache lifetime (GitHub Pages sends ten minutes). Lighthouse (tools/lighthouse/,
pinned at 12.2.3, which runs on Node 20) audits each page with its mobile profile in Debian's Chromium (or
$CHROME_PATH), and the four categories' scores are printed and written to tools/lighthouse/scores.json,
with every audit that cost a point. Not part of `make test`: a run takes a minute or two and the
performance score moves a little from run to run (--runs N keeps each page's median).

    python tools/lighthouse/run.py [--site site] [--runs 1] [--output tools/lighthouse/scores.json]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".bib", ".ris", ".mjs")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --no-first-run --disable-sync")


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Files as a static host serves them: text gzipped on request, cacheable for ten minutes."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def pages(site: Path) -> dict[str, str]:
    """The four pages: the home page, the first theme and the first source (by address), the changes page."""
    theme = sorted(p.parent.name for p in (site / "themes").glob("*/index.html"))[0]
    source = sorted(p.parent.name for p in (site / "sources").glob("*/index.html"))[0]
    return {"home": "", "theme": f"themes/{theme}/", "source": f"sources/{source}/", "changes": "changes/"}


def audit(url: str, chrome: str, out: Path) -> dict:
    cli = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        sys.exit(f"Lighthouse is not installed: run `npm ci` in {HERE}")
    subprocess.run(["node", str(cli), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
                   check=True, env={**os.environ, "CHROME_PATH": chrome})
    return json.loads(out.read_text(encoding="utf-8"))


def lost_points(report: dict) -> list[str]:
    """Every scored audit that did not pass, with its score: what cost the page points."""
    found = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] and result["score"] is not None and result["score"] < 1:
                found.append(f"{category['id']}: {ref['id']} ({result['score']:.2f}"
                             f"{', ' + result['displayValue'] if result.get('displayValue') else ''})")
    return sorted(set(found))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="the built site (default: site)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median of each score is kept")
    parser.add_argument("--output", default=str(HERE / "scores.json"), help="where the scores are written")
    args = parser.parse_args()
    site = Path(args.site).resolve()
    if not (site / "index.html").is_file():
        sys.exit(f"{site}: no built site (run `briefing build` first)")
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("google-chrome")
    if not chrome:
        sys.exit("no Chromium: apt-get install chromium, or set CHROME_PATH")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHost, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results = {}
    try:
        with tempfile.TemporaryDirectory() as temporary:
            for name, path in pages(site).items():
                url = f"http://127.0.0.1:{server.server_port}/{path}"
                runs = [audit(url, chrome, Path(temporary) / f"{name}-{i}.json") for i in range(args.runs)]
                scores = {c: round(100 * statistics.median(r["categories"][c]["score"] for r in runs))
                          for c in CATEGORIES}
                results[name] = {"page": "/" + path, "scores": scores, "lost": lost_points(runs[-1])}
                print(f"{name:8} /{path:40} " + "  ".join(f"{c} {s}" for c, s in scores.items()), flush=True)
                for line in results[name]["lost"]:
                    print(f"{'':10}{line}")
    finally:
        server.shutdown()
    Path(args.output).write_text(json.dumps({"lighthouse": "12.2.3", "form_factor": "mobile", "runs": args.runs,
                                             "pages": results}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
