"""Sources from the web: a saved page, a URL or a PDF becomes a clean, citable source (`briefing new source --from`).

The pages are our own (tests/webpages/: a news site with a consent banner and
sidebars, a blog, a page with JSON-LD only, one without metadata, a paywall
stub), served with the PDFs made here by a local HTTP server on 127.0.0.1:
nothing reaches the internet.
"""

from __future__ import annotations

import datetime
import hashlib
import http.server
import os
import re
import threading
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from builder.sources import articles
from builder.pages import prepare as build
from builder.editor import cli
from builder.pages import passages
from builder.model import settings
from builder.sources import webpage

from conftest import edit, line_of, write_lock
from support import pdf_of

PAGES = Path(__file__).resolve().parent / "webpages"


REPORT_PAGES = [
    ["Harbour Traffic Report 2024", "Island Council Harbour Office", "June 2024"],
    ["1. Summary",
     "The survey recorded 3,410 movements through the harbour in the four months from",
     "January to April. Just over half of them were the scheduled ferries, and fishing boats",
     "made up a quarter of the rest.",
     "The count was made by hand from the harbour master's log, since the automatic",
     "tracking system covers only vessels over fifteen metres long."],
    ["2. Method",
     "Each movement in or out of the harbour was counted once. Vessels that entered and",
     "left on the same day were counted twice, once for each movement. The log records the",
     "time, the vessel's name and its length, but not its cargo or the number of passengers.",
     "The survey will be repeated every spring, so that changes from one year to the next",
     "can be seen. The council will use the figures to decide whether the inner harbour",
     "needs a second pontoon for visiting boats, a question that has divided islanders for",
     "several years and on which the council has not yet taken a position."],
]
REPORT = pdf_of(REPORT_PAGES, {"Title": "Harbour Traffic Report 2024", "Author": "Island Council Harbour Office",
                               "CreationDate": "D:20240612090000Z"})

CONSENT_WALL = """<!DOCTYPE html><html><head><title>Before you continue</title></head><body>
<div class="consent"><h1>Before you continue</h1><p>We use cookies and data to deliver and maintain our services,
measure audience engagement and show personalised advertising. Select Accept all to agree or Reject all to decline.</p>
<button>Accept all</button><button>Reject all</button><a href="/more">More options</a></div></body></html>"""


# -- the local server ------------------------------------------------------------------------------------

NEWS = "/news/2024/03/05/night-ferries-approved"
ROUTES = {  # path -> (status, content type, body, extra headers)
    NEWS: (200, "text/html; charset=utf-8", (PAGES / "news-consent.html").read_bytes(), {}),
    "/2023/11/ferry-timetable/": (200, "text/html; charset=UTF-8", (PAGES / "blog.html").read_bytes(), {}),
    "/a/harbour-survey-2024": (200, "text/html", (PAGES / "jsonld-only.html").read_bytes(), {}),
    "/lighthouse-cottages": (200, "text/html", (PAGES / "bare.html").read_bytes(), {}),
    "/paywalled": (200, "text/html", (PAGES / "paywall.html").read_bytes(), {}),
    "/consent": (200, "text/html", CONSENT_WALL.encode(), {}),
    "/long": (200, "text/html", (PAGES / "news-consent.html").read_bytes().replace(  # the last paragraph far down
        b'<div class="story-body">', b'<div class="story-body">' + b"".join(
            b"<p>Paragraph %d of a long report on the harbour board's earlier meetings.</p>" % n for n in range(150))), {}),
    "/old-address": (301, "text/html", b"moved", {"Location": NEWS}),
    "/missing": (404, "text/html", b"<h1>Not found</h1>", {}),
    "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64), {}),
    "/reports/traffic-2024.pdf": (200, "application/pdf", REPORT, {}),
    "/download?id=7": (200, "application/octet-stream", REPORT, {}),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        self.server.seen.append((unquote(self.path), self.headers.get("User-Agent", ""), self.headers.get("Accept", "")))
        if self.path == "/slow":
            time.sleep(3)
        path = self.path.removeprefix("/no-length")
        status, content_type, body, extra = ROUTES.get(path, (404, "text/plain", b"no such page", {}))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if path == self.path:  # else the end of the answer is where the server closes the connection
            self.send_header("Content-Length", str(len(body)))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def new_source(project, *args: str) -> int:
    return cli.main(["--project", str(project.root), "new", "source", *args])


def source_file(project, source_id: str) -> tuple[str, dict]:
    text = project.read(f"content/sources/{source_id}.yaml")
    return text, yaml.safe_load(text)


def line(text: str, start: str) -> str:
    """The one line of a file that starts with `start` (after its indentation)."""
    (found,) = [line for line in text.splitlines() if line.lstrip().startswith(start)]
    return found


def files_of(project) -> set[str]:
    return {str(p.relative_to(project.root)) for p in (project.root / "archive").iterdir()} | \
        {str(p.relative_to(project.root)) for p in (project.root / "content/sources").iterdir()}


# -- a news page: the article without the page's furniture ---------------------------------------------------


def test_a_news_page_is_archived_as_its_article_without_the_consent_banner_sidebars_or_comments(project, server, capsys,
                                                                                              monkeypatch):
    httpd, base = server
    monkeypatch.chdir(project.root)
    assert new_source(project, "night-ferries", "--from", base + NEWS) == 0
    assert capsys.readouterr().out.startswith("Archived the article's text as archive/night-ferries.txt and the "
                                              "original, unchanged, as archive/night-ferries.html.")
    text = project.read("archive/night-ferries.txt")
    assert "The harbour board voted on Monday to keep the night ferries" in text
    assert "The board will review the service again in two years" in text  # the last paragraph
    for furniture in ("cookies", "Accept all", "Subscribe", "Share on", "Also read", "Ferry fares to rise",
                      "Most read", "Storm warning", "morning briefing", "Sign up", "Comments", "islandgirl82",
                      "Advertisement", "All rights reserved", "Home › News", "Topics:"):
        assert furniture not in text, furniture
    # Paragraphs stay paragraphs: one a line, an empty line between them.
    assert "had expected.\n\nBoard members approved the plan by seven votes to two." in text
    # The original, byte for byte, beside it.
    assert (project.root / "archive/night-ferries.html").read_bytes() == ROUTES[NEWS][2]


def test_a_fetched_page_records_its_final_address_and_the_day_it_was_fetched_as_a_clear_user_agent(project, server):
    httpd, base = server
    assert new_source(project, "night-ferries", "--from", base + "/old-address") == 0
    text, data = source_file(project, "night-ferries")
    assert data["url"] == base + NEWS  # after the redirect
    assert line(text, "url:").endswith(f"# the address fetched, redirected from {base}/old-address")
    assert data["retrieved"] == datetime.date.today().isoformat()
    path, agent, accept = httpd.seen[-1]
    assert path == NEWS and agent.startswith("briefing-builder/") and "briefing new source" in agent
    assert "text/html" in accept and "application/pdf" in accept


# The layouts, and what each states of itself: (route, field -> (value, where the comment says it came from)).
LAYOUTS = {
    "news site with consent banner and sidebars": (NEWS, {
        "title": ("Harbour board approves night ferries after two-year trial", "the page's <meta property=\"og:title\">"),
        "outlet": ("The Coastal Courier", "the page's <meta property=\"og:site_name\">"),
        "author": ("Maria Lindqvist", "the page's <meta name=\"author\">"),
        "date": ("2024-03-05", "the page's <meta property=\"article:published_time\">: '2024-03-05T08:30:00+01:00'"),
    }),
    "blog": ("/2023/11/ferry-timetable/", {
        "title": ("What the ferry timetable does not tell you", "the page's <h1>"),
        "outlet": ("unknown", "the page does not name its outlet in its metadata (its address is on 127.0.0.1); "
                              "its <title> reads 'What the ferry timetable does not tell you – Notes from the Quay'"),
        "author": ("Olof Berglund", "the page's byline, <span class=\"author vcard\">"),
        "date": ("2023-11-18", "the page's <time datetime>: '2023-11-18T19:04:11+00:00'"),
    }),
    "page with JSON-LD only": ("/a/harbour-survey-2024", {
        "title": ("Island council publishes its first harbour traffic survey", "the page's JSON-LD NewsArticle › headline"),
        "outlet": ("Archipelago Daily", "the page's JSON-LD NewsArticle › publisher › name"),
        "author": ("Sanna Koivisto and David Okafor", "the page's JSON-LD NewsArticle › author › name"),
        "date": ("2024-06-12", "the page's JSON-LD NewsArticle › datePublished: '2024-06-12T07:00:00Z'"),
    }),
    "page without metadata": ("/lighthouse-cottages", {
        "title": ("Notes on the old lighthouse keepers' cottages", "the page's <h1>"),
        "outlet": ("unknown", "the page does not name its outlet in its metadata (its address is on 127.0.0.1)"),
        "author": ("unknown", "the page names no author (no byline, author meta tag or JSON-LD author)"),
        "date": ("unknown", "the page states no publication date in its markup"),
    }),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_title_authors_outlet_and_date_come_from_the_page_each_with_where_it_says_so(project, server, layout):
    httpd, base = server
    route, expected = LAYOUTS[layout]
    assert new_source(project, "page", "--from", base + route) == 0
    text, data = source_file(project, "page")
    found = {"title": data["title"], "outlet": data["outlet"], "author": data["author"],
             "date": data["published"]["date"] or "unknown"}
    assert found == {name: value for name, (value, _) in expected.items()}
    for name, (value, where) in expected.items():
        comment = line(text, f"{name}:").split("  # ", 1)[1]
        assert comment == (where if value == "unknown" else f"from {where}")
    # A date the page states to the day needs no explanation; an unknown one is left for the editor.
    assert (data["published"]["inferred"] is None) == (expected["date"][0] != "unknown")
    write_lock(project.root)
    assert project.problems() == []


def test_the_example_claim_quotes_the_articles_first_sentence_not_its_furniture(project, server):
    httpd, base = server
    assert new_source(project, "night-ferries", "--from", base + NEWS) == 0
    _, data = source_file(project, "night-ferries")
    assert data["claims"][0]["quote"] == (
        "The harbour board voted on Monday to keep the night ferries between Eastport and the islands running all "
        "year, after a two-year trial carried almost twice as many passengers as its planners had expected.")


def test_a_saved_page_gives_its_own_address_and_url_overrides_it(project, tmp_path):
    saved = tmp_path / "saved.html"
    saved.write_bytes((PAGES / "blog.html").read_bytes())
    assert new_source(project, "blog", "--from", str(saved)) == 0
    text, data = source_file(project, "blog")
    assert data["url"] == "https://notesfromthequay.example/2023/11/ferry-timetable/"
    assert line(text, "url:").endswith("# from the page's <link rel=\"canonical\">")
    assert data["retrieved"] is None  # saved by the editor: when is not known
    assert (project.root / "archive/blog.html").read_bytes() == saved.read_bytes()
    assert new_source(project, "blog-2", "--from", str(saved), "--url", "https://elsewhere.example/b") == 0
    assert source_file(project, "blog-2")[1]["url"] == "https://elsewhere.example/b"


# -- what is refused, in one line, writing nothing -------------------------------------------------------

REFUSALS = [
    ("/missing", "the server answered 404 Not Found; nothing was written (check the address in a browser)"),
    ("/logo.png", "the answer is image/png, neither an HTML page nor a PDF; nothing was written"),
    ("/paywalled", "the page's article text is 44 words, fewer than 100: a paywall, a consent page or a stub, "
                   "not an article; nothing was written"),
    ("/consent", "the page's article text is 30 words, fewer than 100: a paywall, a consent page or a stub, "
                 "not an article; nothing was written"),
]


@pytest.mark.parametrize("route, message", REFUSALS, ids=[r for r, _ in REFUSALS])
def test_a_page_that_is_no_article_is_refused_in_one_line_and_nothing_is_written(project, server, capsys, route,
                                                                                message):
    httpd, base = server
    before = files_of(project)
    assert new_source(project, "x", "--from", base + route) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{base}{route}: {message}"), err
    assert err[1:] == ["1 problem found."]
    assert files_of(project) == before


def test_a_server_that_does_not_answer_in_time_is_refused(project, server, capsys, monkeypatch):
    httpd, base = server
    monkeypatch.setattr(webpage, "TIMEOUT", 0.5)
    before = files_of(project)
    assert new_source(project, "x", "--from", base + "/slow") == 1
    assert capsys.readouterr().err.startswith(f"{base}/slow: no answer within 0.5 seconds; nothing was written")
    assert files_of(project) == before


@pytest.mark.parametrize("route, message", [
    (NEWS, "the answer is 0.0064 MB, over the limit of 0.004 MB; nothing was written"),
    ("/no-length" + NEWS, "the answer is over the limit of 0.004 MB; nothing was written"),  # found while reading
])
def test_an_answer_over_the_size_limit_is_refused(project, server, capsys, monkeypatch, route, message):
    httpd, base = server
    monkeypatch.setattr(webpage, "MAX_BYTES", 4_000)
    assert new_source(project, "x", "--from", base + route) == 1
    assert capsys.readouterr().err.startswith(f"{base}{route}: {message}")
    assert not (project.root / "archive/x.txt").exists()


def test_an_address_nobody_answers_at_is_refused(project, capsys):
    assert new_source(project, "x", "--from", "http://127.0.0.1:9/news") == 1
    assert capsys.readouterr().err.startswith("http://127.0.0.1:9/news: could not connect (")


def test_url_is_refused_beside_an_address_to_fetch(project, server, capsys):
    httpd, base = server
    assert new_source(project, "x", "--from", base + NEWS, "--url", "https://example.org/a") == 1
    assert "--url is for a file whose address is known" in capsys.readouterr().err


# -- PDF reports -----------------------------------------------------------------------------------------


def test_a_pdf_report_keeps_its_pages_and_a_quote_knows_the_page_it_is_on(project, server):
    httpd, base = server
    assert new_source(project, "traffic-report", "--from", base + "/reports/traffic-2024.pdf") == 0
    text = project.read("archive/traffic-report.txt")
    assert text.count("\f") == 3 and text.endswith("\f")  # a form feed after each page, as pdftotext writes
    assert text.split("\f")[2].startswith("2. Method\nEach movement in or out of the harbour was counted once.")
    assert (project.root / "archive/traffic-report.pdf").read_bytes() == REPORT
    source, data = source_file(project, "traffic-report")
    assert data["title"] == "Harbour Traffic Report 2024" and data["author"] == "Island Council Harbour Office"
    assert line(source, "title:").endswith("# from the PDF's document information (Title)")
    assert data["outlet"] == "unknown"
    # The date on its cover, month only, says where it is; the file's creation date is never taken for it.
    assert data["published"] == {"date": "2024-06",
                                 "inferred": "The text gives the month only (line 3 of page 1: 'June 2024')."}
    assert data["original"] == "traffic-report.pdf" and data["url"] == base + "/reports/traffic-2024.pdf"
    assert data["claims"][0]["quote"] == ("The survey recorded 3,410 movements through the harbour in the four "
                                          "months from January to April.")

    edit(project, "content/sources/traffic-report.yaml", "    corroborates: []\n",
         "    corroborates: []\n  - id: pontoon\n    type: reported\n    text: The council will decide on a pontoon.\n"
         "    quote: The council will use the figures to decide whether the inner harbour needs a second pontoon\n")
    write_lock(project.root)
    lock = project.read("content/quotes.lock")
    assert '"traffic-report#pontoon": {"archive": "traffic-report.txt", "pages": [3],' in lock
    assert '"traffic-report#first-sentence": {"archive": "traffic-report.txt", "pages": [2],' in lock
    assert f'"traffic-report.pdf": "{hashlib.sha256(REPORT).hexdigest()}"' in lock
    page = build.prepare(settings.read(project.root)).texts["sources/traffic-report.md"]
    assert ('<span class="bf-pages">p. 3</span> · <a class="bf-passage-link" '
            f'href="{base}/reports/traffic-2024.pdf#page=3"') in page


def test_a_pdf_served_as_a_download_is_known_by_its_bytes(project, server):
    httpd, base = server
    assert new_source(project, "traffic-report", "--from", base + "/download?id=7") == 0
    assert (project.root / "archive/traffic-report.pdf").read_bytes() == REPORT


def test_a_pdf_file_is_read_and_a_file_named_pdf_that_is_not_one_is_refused(project, tmp_path, capsys):
    report = tmp_path / "report.pdf"
    report.write_bytes(REPORT)
    assert new_source(project, "report", "--from", str(report), "--url", "https://council.example/r.pdf") == 0
    assert source_file(project, "report")[1]["url"] == "https://council.example/r.pdf"
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf", encoding="utf-8")
    assert new_source(project, "fake", "--from", str(fake)) == 1
    assert capsys.readouterr().err.startswith(f"{fake}: not a PDF (it does not start with %PDF-); nothing was written")


def test_a_pdf_without_a_text_layer_is_refused(project, tmp_path, capsys):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf_of([[], []]))
    assert new_source(project, "scan", "--from", str(scan)) == 1
    assert "the PDF's text is 0 words, fewer than 100: a scan without a text layer" in capsys.readouterr().err


# -- plain text ----------------------------------------------------------------------------------------


def test_markup_given_as_text_is_refused_with_the_way_to_import_the_page(project, tmp_path, capsys):
    pasted = tmp_path / "article.txt"
    pasted.write_bytes((PAGES / "news-consent.html").read_bytes())
    before = files_of(project)
    assert new_source(project, "x", "--from", str(pasted)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{pasted}: this text is an HTML page (markup, not the article's text); nothing was written")
    assert "--from page.html" in err
    assert files_of(project) == before


def test_an_archived_text_that_is_an_html_page_is_an_error_at_its_archive_line(project):
    project.write("archive/article.txt", (PAGES / "bare.html").read_text(encoding="utf-8"), dedent=False)
    at = line_of(project, "content/sources/example-talks.yaml", "archive:")
    assert project.problems()[0] == (
        f"content/sources/example-talks.yaml:{at}: archived text archive/article.txt is an HTML page, not text: its "
        "quotes would be checked against markup and page furniture (import the page with `briefing new source ID "
        "--from page.html`, which archives the article's text and keeps the page beside it)")


def test_a_byline_and_a_date_on_a_texts_first_lines_fill_author_and_date(project, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Ferry pilot begins\nBy Jane Doe and Tom Ng | 5 March 2024\n\nThe harbour board voted on "
                       "Monday to keep the night ferries running all year, after a trial.\n", encoding="utf-8")
    assert new_source(project, "pilot", "--from", str(article)) == 0
    text, data = source_file(project, "pilot")
    assert data["author"] == "Jane Doe and Tom Ng" and data["published"]["date"] == "2024-03-05"
    assert line(text, "author:").endswith("# from line 2 of the text: 'By Jane Doe and Tom Ng | 5 March 2024'")
    assert data["published"]["inferred"] is None
    assert data["title"] == "Ferry pilot begins"
    assert project.read("archive/pilot.txt") == article.read_text(encoding="utf-8")  # byte for byte
    assert not (project.root / "archive/pilot.html").exists() and data["original"] is None


@pytest.mark.parametrize("head, author, date", [
    ("Published: March 2024", "unknown", "2024-03"),
    ("By: ANNA BERG, Transport correspondent\nMarch 5, 2024", "ANNA BERG", "2024-03-05"),
    ("Updated 6 March 2024", "unknown", "unknown"),  # an update is not the publication
    ("By the harbour", "unknown", "unknown"),  # not a byline
])
def test_a_texts_first_lines_give_only_what_they_state(head, author, date):
    stated = articles.head_of(f"Title\n{head}\n\nThe harbour board voted on Monday to keep the night ferries "
                              "running all year, after a trial.\n", "the text")
    assert (stated["author"].value if "author" in stated else "unknown") == author
    assert (stated["published"].value if "published" in stated else "unknown") == date


# -- the archive: originals beside the texts, in the lock ------------------------------------------------


def test_the_lock_records_the_original_and_a_changed_or_missing_original_is_reported(project, server):
    httpd, base = server
    assert new_source(project, "night-ferries", "--from", base + NEWS) == 0
    write_lock(project.root)
    sha = hashlib.sha256(ROUTES[NEWS][2]).hexdigest()
    assert f'"originals": {{\n    "night-ferries.html": "{sha}"\n  }}' in project.read("content/quotes.lock")
    original = project.root / "archive/night-ferries.html"
    original.write_bytes(original.read_bytes() + b"\n")
    assert project.problems() == ["content/quotes.lock: 1 archived text added, changed or removed since the lock "
                                  "was written (run `briefing lock` to verify the quotes and record them)"]
    original.unlink()
    at = line_of(project, "content/sources/night-ferries.yaml", "original:")
    assert project.problems() == [f"content/sources/night-ferries.yaml:{at}: original not found: "
                                  "archive/night-ferries.html (check the file name, or write null when the original "
                                  "was not kept)"]


@pytest.mark.parametrize("value, problem", [
    ("../secret.html", "must be a file name in the archive folder: no folders, no '..', no leading '.'"),
    ("page.txt", "must be a web page or a PDF ending in .html, .htm, .pdf"),
    ("article.txt", "must be a web page or a PDF ending in .html, .htm, .pdf"),
])
def test_an_original_must_be_a_page_or_a_pdf_in_the_archive_folder(project, value, problem):
    edit(project, "content/sources/example-talks.yaml", "archive: article.txt\n",
         f"archive: article.txt\noriginal: {value}\n")
    at = line_of(project, "content/sources/example-talks.yaml", "original:")
    assert f"content/sources/example-talks.yaml:{at}: 'original' {problem}, not '{value}'" in project.problems()


def test_an_archived_url_must_be_a_web_address(project):
    edit(project, "content/sources/example-talks.yaml", "kind: wire-copy", "archived_url: web.archive.org/x\nkind: wire-copy")
    at = line_of(project, "content/sources/example-talks.yaml", "archived_url:")
    assert project.problems() == [f"content/sources/example-talks.yaml:{at}: 'archived_url' must be a web address "
                                  "starting http:// or https://, not 'web.archive.org/x' (the address of the web "
                                  "archive's copy, or null)"]


# -- links to the passage in the original ---------------------------------------------------------------


@pytest.mark.parametrize("quote, fragment", [
    ("short and plain", ":~:text=short%20and%20plain"),
    ("The harbour board voted on Monday to keep the night ferries running",
     ":~:text=The%20harbour%20board%20voted%20on,keep%20the%20night%20ferries%20running"),
    ("fares rose 4% & more, said the co-op [...] in the end", ":~:text=fares%20rose%204%25%20%26%20more%2C,in%20the%20end"),
    ('"We will finish," said Anna - the minister', ":~:text=We%20will%20finish%2C,the%20minister"),
    ("Zürich’s café", ":~:text=Z%C3%BCrich%E2%80%99s%20caf%C3%A9"),
    ("a well-known fact", ":~:text=a%20well%2Dknown%20fact"),
])
def test_a_quote_becomes_a_text_fragment_with_its_separators_encoded(quote, fragment):
    assert passages.text_fragment(quote) == fragment


def test_quotes_link_to_their_passage_in_the_original_and_in_the_archived_copy(project):
    edit(project, "content/sources/example-talks.yaml", "kind: wire-copy",
         "url: https://wire.example/talks#top\narchived_url: https://web.archive.org/web/2025/https://wire.example/talks\n"
         "kind: wire-copy")
    page = build.prepare(settings.read(project.root)).texts["sources/example-talks.md"]
    assert ('<a class="bf-passage-link" href="https://wire.example/talks#top:~:text=The%20foreign%20ministers%20of'
            '%20Ruritania,agreeing%20to%20build%20a%20bridge." rel="noopener noreferrer">The passage in the original'
            '</a> · <a class="bf-passage-archived" href="https://web.archive.org/web/2025/https://wire.example/talks'
            '#:~:text=The%20foreign%20ministers%20of%20Ruritania,agreeing%20to%20build%20a%20bridge."') in page
    theme = build.prepare(settings.read(project.root)).texts["themes/bridge.md"]
    assert 'class="bf-ref-original" href="https://wire.example/talks#top:~:text=' in theme


def test_a_browser_opens_the_original_at_the_quoted_passage(project, server):
    """The site's link, followed in Chromium: the page opens scrolled to the passage (a text fragment)."""
    chromium = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")
    if not Path(chromium).is_file():
        if os.environ.get("BRIEFING_REQUIRE_BROWSER") == "1":
            pytest.fail(f"no Chromium at {chromium}")
        pytest.skip(f"no Chromium at {chromium} (apt-get install -y chromium)")
    httpd, base = server
    assert new_source(project, "long-report", "--from", base + "/long") == 0
    last = "The board will review the service again in two years"
    edit(project, "content/sources/long-report.yaml", "    corroborates: []\n",
         f"    corroborates: []\n  - id: review\n    type: reported\n    text: The board will review it.\n"
         f"    quote: {last}, when the regional grant ends\n")
    write_lock(project.root)
    page = build.prepare(settings.read(project.root)).texts["sources/long-report.md"]
    (href,) = re.findall(r'class="bf-passage-link" href="([^"]*review[^"]*)"', page)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            tab = browser.new_page(viewport={"width": 1000, "height": 700})
            tab.goto(href)
            tab.wait_for_function("window.scrollY > 0", timeout=5000)
            top = tab.evaluate("t => [...document.querySelectorAll('p')].find(p => p.textContent.startsWith(t))"
                               ".getBoundingClientRect().top", last)
        finally:
            browser.close()
    assert 0 <= top < 700, f"the passage is at {top}px, outside the window"
