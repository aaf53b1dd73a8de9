"""No content can put live code into the site.

Each payload of a corpus of known XSS vectors goes through every kind of field:
plain text (escaped wherever it appears), Markdown (raw HTML and unsafe links
refused), a source's address, and a verified quote (the payload is in the
archived text too, so the quote really verifies). The build must either refuse
it with `file:line: message` errors pointing at the lines the payload went
into, or produce a site in which nothing of it is live: every page is parsed
with html5lib (the HTML5 parsing algorithm browsers use), since a substring
search cannot tell an escaped payload from a live one.
"""

from __future__ import annotations

import difflib
import gzip
import html
import json
import re
import shutil
from pathlib import Path
from collections.abc import Callable
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from builder.checks import rules as checks
from builder.editor import cli
from builder.model import load
from builder.model.diagnostics import Diagnostic, Problems
from conftest import Project, make_project

pytestmark = pytest.mark.slow  # builds sites or runs the command in child processes: `make test` only

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea></style></script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="#" onmouseover="alert(1)">x</a>',
    "<body onload=alert(1)>",
    '" onmouseover="alert(1)',
    "' autofocus onfocus='alert(1)",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width: expression(alert(1))">x</p>',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;vascript&#58;alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[click](https://example.org/"onmouseover="alert(1))',
    "![pic](javascript:alert(1))",
    '![pic" onerror="alert(1)](https://example.org/x.png)',
    "[click][evil]\n\n[evil]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "\n\n[click](javascript:alert(1))\n\n<script>alert(1)</script>\n\n",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(document.domain)",
    "java\nscript:alert(1)",
    "&#106;&#97;vascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "{{ 7*7 }} {{ config }} {% raw %}{% endraw %} {# x #}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "nul\x00 vt\x0b us\x1f nonchar\ufffe bidi\u202e",
]
assert len(PAYLOADS) >= 25

# Lines of the clean fixture (file, exact text) whose value gets the payload put in front of it.
PLAIN_FIELDS = [
    ("content/briefing.yaml", "title: Example briefing"),
    ("content/briefing.yaml", "subtitle: A small briefing for tests"),
    ("content/briefing.yaml", "    confidence_reason: One source only."),
    ("content/sources/example-talks.yaml", "title: Example Talks Make Progress"),
    ("content/sources/example-talks.yaml", "outlet: Example Wire"),
    ("content/sources/example-talks.yaml", "author: unknown"),
    ("content/sources/example-talks.yaml",
     '  inferred: The page says "on Monday"; the month comes from the archive\'s metadata.'),
    ("content/sources/example-talks.yaml", "    text: The foreign ministers agreed to build a bridge."),
    ("content/themes/bridge.yaml", "title: The bridge"),
    ("content/themes/bridge.yaml", "  - heading: The agreement"),
    ("content/themes/bridge.yaml", "confidence_reason: A single source."),
    ("content/entities.yaml", "    name: Anna Berg"),
    ("content/entities.yaml", "    role: A minister of Ruritania."),
    ("content/entities.yaml", "    aliases: [Minister Berg]"),
    ("content/discrepancies.yaml", "    question: How many workers are needed?"),
    ("content/discrepancies.yaml", "    unit: workers"),
    ("content/discrepancies.yaml", "        label: about 4,500"),
]
# Fields that are new in the fixture: (file, line to insert after, line to add with {} for the value).
PLAIN_EXTRA = [
    ("content/sources/example-talks.yaml", "kind: wire-copy", "stance: {}"),
    ("content/sources/example-talks.yaml", "kind: wire-copy", "reliability:\n  grade: C\n  reason: {}"),
    ("content/timeline.yaml", "    text: Ministers meet in Zenda [@example-talks#bridge-agreed].", "    date_note: {}"),
]
MARKDOWN_FIELDS = [
    ("content/briefing.yaml", "description: A test briefing built from one article [@example-talks]."),
    ("content/briefing.yaml", "    text: The two countries agreed to build a bridge [@example-talks#bridge-agreed]."),
    ("content/sources/example-talks.yaml", "summary: Ministers met in Zenda and agreed to build a bridge."),
    ("content/sources/example-talks.yaml", "  - A bridge is planned."),
    ("content/themes/bridge.yaml", "bottom_line: A bridge is planned, by one account within two years "
                                   "[@example-talks#bridge-agreed; @example-talks#berg-two-years]."),
    ("content/themes/bridge.yaml", "  - Whether work starts [@example-talks#berg-two-years]."),
    ("content/timeline.yaml", "    text: Ministers meet in Zenda [@example-talks#bridge-agreed]."),
    ("content/discrepancies.yaml", "        text: Officials estimate 5,000 [@example-talks#workers-5000]."),
]
SECTION_BODY = ("content/themes/bridge.yaml",
                "    body: |\n"
                "      The ministers agreed in Zenda [@example-talks#bridge-agreed].\n"
                "\n"
                "      Officials estimate 5,000 workers [@example-talks#workers-5000].\n")
URL_FIELD = ("content/sources/example-talks.yaml", "kind: wire-copy", "url: {}")
QUOTE_LINE = ("content/sources/example-talks.yaml",
              "    quote: Officials in Zenda estimate that 5,000 workers will be needed - more than ever before.")

RAW_HTML = re.compile(r"<[A-Za-z!/?]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # no XML file can carry these
MARKDOWN_LINK = re.compile(r"\]\s*[(:\[]")  # [text](url), [text][ref] or [ref]: url
SCHEMES = re.compile(r"^\s*(javascript|data|vbscript|livescript)\s*:", re.I)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc")


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text` (JSON strings are valid YAML)."""
    return json.dumps(text)


def _replace_line(project: Project, relpath: str, line: str, make: Callable[[str, str, str], str]) -> None:
    text = project.read(relpath)
    assert line + "\n" in text, f"fixture changed: {line!r} not in {relpath}"
    rest = line.lstrip()
    indent = line[: len(line) - len(rest)]
    key, _, value = rest.partition(": ")
    project.write(relpath, text.replace(line + "\n", make(indent, key, value) + "\n", 1), dedent=False)


def inject_plain(project: Project, payload: str) -> None:
    for relpath, line in PLAIN_FIELDS:
        if line.endswith("]"):  # a flow list: the payload becomes one more entry
            _replace_line(project, relpath, line, lambda ind, key, value: f"{ind}{key}: [{value[1:-1]}, {_yaml(payload)}]")
        elif line.lstrip().startswith("- "):  # a list entry: keep the dash
            _replace_line(project, relpath, line,
                          lambda ind, key, value: f"{ind}- {key[2:]}: {_yaml(payload + ' ' + value)}")
        else:
            _replace_line(project, relpath, line, lambda ind, key, value: f"{ind}{key}: {_yaml(payload + ' ' + value)}")
    for relpath, after, new in PLAIN_EXTRA:
        text = project.read(relpath)
        assert after + "\n" in text
        project.write(relpath, text.replace(after + "\n", after + "\n" + new.format(_yaml(payload)) + "\n", 1),
                      dedent=False)


def inject_quote(project: Project, payload: str) -> None:
    """The payload becomes a verbatim quote, and so must be in the archived text."""
    article = project.root / "archive" / "article.txt"
    article.write_text(article.read_text(encoding="utf-8") + payload + " Officials in Zenda estimate that 5,000 "
                       "workers will be needed - more than ever before.\n", encoding="utf-8")
    relpath, line = QUOTE_LINE
    quote = payload + " Officials in Zenda estimate that 5,000 workers will be needed - more than ever before."
    _replace_line(project, relpath, line, lambda ind, key, value: f"{ind}{key}: {_yaml(quote)}")


def inject_markdown(project: Project, payload: str) -> None:
    for relpath, line in MARKDOWN_FIELDS:
        if line.lstrip().startswith("- ") and ": " not in line:  # a bare list item
            text = project.read(relpath)
            indent = line[: len(line) - len(line.lstrip())]
            project.write(relpath, text.replace(line + "\n", f"{indent}- {_yaml(payload + ' ' + line.lstrip()[2:])}\n", 1),
                          dedent=False)
        else:
            _replace_line(project, relpath, line, lambda ind, key, value: f"{ind}{key}: {_yaml(payload + ' ' + value)}")
    relpath, block = SECTION_BODY
    text = project.read(relpath)
    assert block in text
    body = f"{payload} The ministers agreed in Zenda [@example-talks#bridge-agreed].\n\n" \
           f"Officials estimate 5,000 workers [@example-talks#workers-5000]. {payload}"
    project.write(relpath, text.replace(block, f"    body: {_yaml(body)}\n", 1), dedent=False)


def changed_lines(before: dict[str, str], project: Project) -> dict[str, set[int]]:
    """For each content file, the 1-based lines that differ from the clean fixture (and the line after each)."""
    out: dict[str, set[int]] = {}
    for relpath, old in before.items():
        new = project.read(relpath)
        lines: set[int] = set()
        matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
        for tag, _, _, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                lines.update(range(j1 + 1, max(j2, j1 + 1) + 1))
        out[relpath] = lines
    return out


@pytest.fixture(scope="module")
def clean_project(tmp_path_factory) -> tuple[Project, dict[str, set[str]]]:
    """The fixture project built once, with the inline scripts MkDocs/Material put on each page."""
    project = make_project(tmp_path_factory.mktemp("xss") / "clean")
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    inline = {}
    for page in sorted((project.root / "site").rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        inline[page.relative_to(project.root / "site").as_posix()] = {
            s.string or "" for s in soup.find_all("script") if not s.get("src")}
    assert any(inline.values()), "expected Material's inline scripts on the clean pages"
    return project, inline


def _fresh(clean: Project, tmp_path: Path, name: str) -> Project:
    root = tmp_path / name
    shutil.copytree(clean.root, root, ignore=shutil.ignore_patterns("site"))
    return Project(root)


def _content_snapshot(project: Project) -> dict[str, str]:
    return {p.relative_to(project.root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((project.root / "content").rglob("*.yaml"))}


def _element_problems(soup: BeautifulSoup, name: str) -> list[str]:
    """Elements and attributes a browser would act on: event handlers, script URLs, embedded documents."""
    found = []
    for tag in soup.find_all(True):
        if tag.name in ("iframe", "object", "embed", "frame", "frameset", "applet", "base", "meta") \
                and not (tag.name == "meta" and tag.find_parent("head") is not None and "http-equiv" not in tag.attrs):
            found.append(f"{name}: <{tag.name}> element")
        if tag.name == "svg" and (tag.find("script") or any(
                k.lower().startswith("on") for t in [tag, *tag.find_all(True)] for k in t.attrs)):
            found.append(f"{name}: scripted <svg>")
        for attribute, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            if attribute.lower().startswith("on"):
                found.append(f"{name}: <{tag.name} {attribute}=...> event handler")
            if attribute.lower() in URL_ATTRIBUTES or attribute.lower().endswith(":href"):
                for v in values:
                    cleaned = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(v))
                    if SCHEMES.match(cleaned):
                        found.append(f"{name}: <{tag.name} {attribute}={v!r}>")
            if attribute.lower() == "style" and re.search(r"expression|javascript:|url\(", " ".join(values), re.I):
                found.append(f"{name}: <{tag.name} style={value!r}>")
        if tag.name == "style" and tag.find_parent("head") is None:
            found.append(f"{name}: <style> element in the body")
    return found


def live_problems(site: Path, inline_allowed: dict[str, set[str]]) -> list[str]:
    """Everything in the built site that a browser would run, or load from a content-controlled address."""
    found = []
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        for script in soup.find_all("script"):
            src = script.get("src")
            if src is not None:
                # MkDocs/Material's own bundles and the site's own script, all under assets/.
                if not re.fullmatch(r"/?(\.\./)*assets/[\w./-]+\.js", src):
                    found.append(f"{name}: script from {src!r}")
            elif script.get("type") == "application/ld+json":
                # Structured data, never run: it must stay one JSON value with no '<' a payload could close it by.
                body = script.string or ""
                try:
                    json.loads(body)
                except ValueError:
                    found.append(f"{name}: JSON-LD that is not JSON {body[:120]!r}")
                if "<" in body:
                    found.append(f"{name}: JSON-LD holding '<' {body[:120]!r}")
            elif (script.string or "") not in inline_allowed.get(name, set()):
                found.append(f"{name}: inline script {str(script)[:120]!r}")
        found += _element_problems(soup, name)
    # Pagefind's index holds each page's title, text and headings as plain text: pagefind.js escapes
    # the text before marking matches in an excerpt, and assets/search.js shows titles as text.
    # What could be live is an address: each result's, and each heading's id (a link's #fragment).
    for doc in pagefind_fragments(site):
        if not re.fullmatch(r"/[\w./%-]*", doc["url"]):
            found.append(f"search index: result address {doc['url']!r}")
        found += [f"search index {doc['url']!r}: heading id {a['id']!r}"
                  for a in doc.get("anchors", []) if not re.fullmatch(r"[\w.:%-]*", a.get("id") or "")]
    return found


PAGEFIND_SIGNATURE = b"pagefind_dcd"  # each fragment: gzip of this signature and the page's JSON


def pagefind_fragments(site: Path) -> list[dict]:
    """What Pagefind's index holds for each page (site/pagefind/fragment/*.pf_fragment)."""
    docs = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(PAGEFIND_SIGNATURE), f"{path.name}: not a Pagefind fragment"
        docs.append(json.loads(raw[len(PAGEFIND_SIGNATURE):]) | {"file": path})
    assert docs, f"no Pagefind fragments in {site / 'pagefind'}"
    return docs


def assert_data_files_hold_payload_inertly(site: Path, payload: str) -> None:
    """feed.xml is well-formed XML and briefing.json valid JSON, each holding the payload as a string."""
    feed = ElementTree.parse(site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert all(child.tag.startswith("{http://www.w3.org/2005/Atom}") for child in feed.iter()), \
        "content added elements to the feed"
    titles = [t.text or "" for t in feed.findall("a:entry/a:title", ns)]
    assert any(" ".join(payload.split()) in " ".join(t.split()) for t in titles), titles
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    assert data["briefing"]["title"].startswith(payload), data["briefing"]["title"]


def content_errors(project: Project) -> list[Diagnostic]:
    """What `briefing check` finds, in this process (the catalogue pins down how errors are printed)."""
    try:
        checks.check(load.load(project.root))
    except Problems as exc:
        return exc.errors
    return []


def assert_refused_clearly(errors: list[Diagnostic], injected: dict[str, set[int]]) -> None:
    assert errors
    for error in errors:
        assert error.line in injected.get(error.path, set()), \
            f"{error}: not a line the payload went into\n" + "\n".join(map(str, errors))
        assert len(error.message) > 15 and len(str(error).splitlines()) == 1, error


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"p{i:02d}" for i in range(len(PAYLOADS))])
def test_payload_in_plain_text_and_quotes_is_shown_as_text(payload, clean_project, tmp_path):
    clean, inline = clean_project
    project = _fresh(clean, tmp_path, "plain")
    before = _content_snapshot(project)
    inject_plain(project, payload)
    inject_quote(project, payload)
    # Plain text is never refused for what it says: it is escaped wherever it appears. Control
    # characters cannot be escaped in XML (the feed), so those alone are refused.
    if CONTROL.search(payload):
        errors = content_errors(project)
        assert_refused_clearly(errors, changed_lines(before, project))
        assert all("control character" in e.message for e in errors)
        return
    assert cli.main(["--project", str(project.root), "lock"]) == 0
    # A payload may hold figures that the tradecraft rules warn of ("a role that gives '64' names no source"):
    # warnings, which a strict build would stop at; what this test is about is how the text is shown.
    mkdocs_yml = project.read("mkdocs.yml")
    project.write("mkdocs.yml", mkdocs_yml.replace("strict: true", "strict: false"), dedent=False)
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    site = project.root / "site"
    assert live_problems(site, inline) == []
    soup = BeautifulSoup((site / "sources/example-talks/index.html").read_text(encoding="utf-8"), "html5lib")
    flat = " ".join(payload.split())
    # <title> is raw text to a browser: the payload must come out as exactly the characters typed.
    assert soup.title.string is not None and " ".join(soup.title.string.split()).startswith(flat), soup.title
    assert f"{flat} Example Wire" in " ".join(soup.get_text().split())  # the outlet, as typed
    assert any(flat in " ".join(q.get_text().split()) for q in soup.select("blockquote.bf-quote"))
    # Search results show the title as typed: the index holds it as plain text.
    title = next(d["meta"]["title"] for d in pagefind_fragments(site) if d["url"] == "/sources/example-talks/")
    assert " ".join(title.split()).startswith(flat), title
    assert_data_files_hold_payload_inertly(site, payload)


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"p{i:02d}" for i in range(len(PAYLOADS))])
def test_payload_in_markdown_fields_is_refused_or_inert(payload, clean_project, tmp_path):
    clean, inline = clean_project
    project = _fresh(clean, tmp_path, "markdown")
    before = _content_snapshot(project)
    inject_markdown(project, payload)
    errors = content_errors(project)
    if RAW_HTML.search(payload):
        # Content is Markdown without raw HTML: refusing it is the rule, not just one acceptable outcome.
        assert errors, "raw HTML in a Markdown field was accepted"
    elif not MARKDOWN_LINK.search(payload) and not CONTROL.search(payload):
        # Nothing here is markup or a link: text like this is what editors write, and must build.
        assert errors == []
    if errors and MARKDOWN_LINK.search(payload) and not RAW_HTML.search(payload):
        # A link is refused for its address: the error must say so, not merely fall on the line.
        about_links = [e for e in errors if e.message.startswith(("link to '", "image from another site ('"))]
        assert about_links, "\n".join(map(str, errors))
        assert all(e in about_links or e.message.startswith("paragraph cites no source") for e in errors), \
            "\n".join(map(str, errors))
        assert all("is not allowed" in e.message for e in about_links), "\n".join(map(str, about_links))
    if errors:
        assert_refused_clearly(errors, changed_lines(before, project))
        return
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    site = project.root / "site"
    assert live_problems(site, inline) == []
    json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    ElementTree.parse(site / "feed.xml")
    if "{{" in payload:  # template syntax in content is text, never evaluated
        summary = BeautifulSoup((site / "sources/example-talks/index.html").read_text(encoding="utf-8"), "html5lib")
        assert "{{ 7*7 }} {{ config }}" in summary.select_one(".bf-summary").get_text()


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"p{i:02d}" for i in range(len(PAYLOADS))])
def test_payload_as_a_source_address_is_refused(payload, clean_project, tmp_path):
    """A source's `url` becomes an href: only http(s) addresses may go there, so none of these builds."""
    clean, _ = clean_project
    project = _fresh(clean, tmp_path, "url")
    relpath, after, new = URL_FIELD
    text = project.read(relpath)
    project.write(relpath, text.replace(after + "\n", after + "\n" + new.format(_yaml(payload)) + "\n", 1),
                  dedent=False)
    with pytest.raises(Problems) as caught:
        checks.check(load.load(project.root))
    assert [(e.path, e.line) for e in caught.value.errors] == [(relpath, 8)]
    expected = "control character" if CONTROL.search(payload) else "'url' must be a web address"
    assert expected in str(caught.value.errors[0])


def test_the_audit_sees_a_live_script_and_a_javascript_link(clean_project, tmp_path):
    """The checker itself must catch what it looks for, or every test above passes vacuously."""
    clean, inline = clean_project
    site = tmp_path / "site"
    shutil.copytree(clean.root / "site", site)
    page = site / "sources/example-talks/index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</article>", '<p><a href=" &#106;avascript:alert(1)">x</a>'
                                 '<img src=x onerror=alert(1)><script>alert(1)</script>'
                                 '<svg><script>alert(1)</script></svg><iframe src="https://x"></iframe></p></article>', 1),
                    encoding="utf-8")
    doc = pagefind_fragments(site)[0]
    fragment = doc.pop("file")
    doc["url"] = "javascript:alert(1)"
    fragment.write_bytes(gzip.compress(PAGEFIND_SIGNATURE + json.dumps(doc).encode()))
    problems = live_problems(site, inline)
    assert any(p.startswith("search index: result address") and "javascript:" in p for p in problems), problems
    assert any("javascript" in p.lower() for p in problems), problems
    assert any("onerror" in p for p in problems)
    assert any("inline script" in p for p in problems)
    assert any("<iframe>" in p for p in problems)
    assert any("svg" in p for p in problems)
