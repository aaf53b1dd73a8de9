"""What `briefing new source --from` is given, read as an article: a text file, a saved page, a PDF or a URL.

An Article is what the archive keeps (the text quotes are checked against, and
the original page or PDF beside it, unchanged) and what the article states of
itself (title, authors, outlet, publication date, address), each value with
the place that states it, so the source file can say where it came from.
Nothing is guessed: what the article does not state is left out, with a note.

Pages go through webpage.py (trafilatura, htmldate), PDFs through pdftext.py
(pypdf). A plain text is archived byte for byte; a byline ("By ...") or a date
on its first lines, before the article's prose, is read from there.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from builder.sources import archive
from builder.model import items as m
from builder.sources import pdftext
from builder.sources import webpage
from builder.sources.webpage import ImportProblem, joined

ORIGINAL_SUFFIX = {"html": ".html", "pdf": ".pdf"}
HEAD_LINES = 8
"""How many lines before the article's prose may hold its byline and date."""


@dataclass(frozen=True)
class Stated:
    """A value the article states, and the place that states it (written beside the value as a comment)."""

    value: str
    where: str


@dataclass
class Article:
    kind: str
    """'text', 'html' or 'pdf'."""
    text: str
    """What is archived as <id>.txt and quoted: the article's text (for a plain text, the file itself)."""
    raw: bytes
    """The bytes given or fetched: a plain text's are archived as they are, a page's or PDF's as its original."""
    stated: dict[str, Stated] = field(default_factory=dict)
    """By field: 'title', 'author', 'outlet', 'published' (YYYY-MM-DD or YYYY-MM), 'url'."""
    notes: dict[str, str] = field(default_factory=dict)
    """By field: why it stays unknown."""
    url: str | None = None
    """The address fetched, after redirects (None for a file)."""
    requested: str | None = None
    """The address asked for, when a redirect led elsewhere."""
    retrieved: datetime.date | None = None
    extracted_by: str = ""
    """The library that extracted the text, with its version ('trafilatura 2.3.1'); '' for a plain text."""
    pages: int = 0
    """A PDF's number of pages."""

    @property
    def original_suffix(self) -> str | None:
        """.html or .pdf: the original kept beside the text; None for a plain text (it is its own original)."""
        return ORIGINAL_SUFFIX.get(self.kind)


def is_address(value: str) -> bool:
    return bool(re.match(r"^https?://", value, re.IGNORECASE))


def _version(package: str) -> str:
    from importlib import metadata

    try:
        return f"{package} {metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return package


def read(given: str) -> Article:
    """Read --from's value, a file or an address; ImportProblem (one line, nothing written) if it is no article."""
    if is_address(given):
        fetched = webpage.fetch(given)
        article = _from_bytes(fetched.kind, fetched.body, fetched.url, fetched.charset)
        article.url = fetched.url
        article.requested = fetched.requested if fetched.requested != fetched.url else None
        article.retrieved = fetched.day
        article.stated.pop("url", None)  # the address it was fetched from is the address
        return article
    path = Path(given).expanduser()
    if not path.is_file():
        raise ImportProblem("file not found", "give the article as a file (.txt, .html or .pdf) or its address "
                                              "(https://...) with --from")
    raw = path.read_bytes()
    if raw.lstrip()[:5] == b"%PDF-":
        return _from_bytes("pdf", raw, None)
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return _from_bytes("html", raw, None)
    if path.suffix.lower() == ".pdf":
        raise ImportProblem("not a PDF (it does not start with %PDF-); nothing was written")
    return plain(raw)


def _from_bytes(kind: str, raw: bytes, url: str | None, charset: str | None = None) -> Article:
    if kind == "pdf":
        try:
            pdf = pdftext.read(raw)
        except pdftext.PdfProblem as problem:
            raise ImportProblem(f"{problem}; nothing was written") from None
        count = webpage.words(pdf.text)
        if count < webpage.MIN_WORDS:
            raise ImportProblem(f"the PDF's text is {count} words, fewer than {webpage.MIN_WORDS}: a scan without "
                                "a text layer, or not a report; nothing was written",
                                "if it is a scan, run it through OCR first (ocrmypdf), then import the result")
        article = Article("pdf", pdf.text, raw, {k: Stated(*v) for k, v in pdf.stated.items()}, dict(pdf.notes),
                          extracted_by=_version("pypdf"), pages=pdf.pages)
        first_page = pdf.text.split(archive.PAGE_BREAK, 1)[0]
        for name, found in head_of(first_page, "page 1").items():  # a report's cover: its author and date
            if name not in article.stated:
                article.stated[name] = found
                article.notes.pop(name, None)
        return article
    data: bytes | str = raw
    if charset:
        try:
            data = raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            data = raw  # trafilatura finds the encoding from the page itself
    page = webpage.read(data, url)
    return Article("html", page.text, raw, {k: Stated(*v) for k, v in page.stated.items()}, dict(page.notes),
                   extracted_by=_version("trafilatura"))


def plain(raw: bytes) -> Article:
    """A plain text: archived byte for byte; refused when it is an HTML page; byline and date from its first lines."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportProblem("file is not UTF-8 text", "save the article as UTF-8 plain text") from None
    if not text.strip():
        raise ImportProblem("file is empty")
    if archive.is_markup(text):
        raise ImportProblem("this text is an HTML page (markup, not the article's text); nothing was written",
                            "give the page itself, named page.html, with --from page.html: the article's text is "
                            "extracted and the page kept beside it")
    return Article("text", text, raw, head_of(text, "the text"))


# -- a byline and a date on the first lines of a text ----------------------------------------------------

_BYLINE = re.compile(r"^(?:by|written by|words by)\s*:?\s+(?P<rest>.+)$", re.IGNORECASE)
_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "du", "al", "bin", "la", "le", "del", "ter"}
_MONTH = "|".join(calendar.month_name[1:])
_MON = "|".join(calendar.month_abbr[1:])
_WRITTEN = re.compile(
    rf"(?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)"
    rf"|\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH}|{_MON})\.?,?\s+(?P<y1>\d{{4}})\b"
    rf"|\b(?P<m2>{_MONTH}|{_MON})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})\b"
    rf"|\b(?P<m3>{_MONTH})\s+(?P<y3>\d{{4}})\b",
    re.IGNORECASE)
_UPDATED = re.compile(r"^\W*(?:last\s+)?(?:updated|modified|edited)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


def _month(name: str) -> int:
    name = name.lower()[:3]
    return next(n for n in range(1, 13) if calendar.month_abbr[n].lower() == name)


def text_date(line: str) -> tuple[str, str] | None:
    """The first date written on a line, as YYYY-MM-DD (or YYYY-MM when it names no day), and as written."""
    for match in _WRITTEN.finditer(line):
        try:
            if match["iso"]:
                date = m.PartialDate.parse(match["iso"])
            elif match["y3"]:
                date = m.PartialDate(int(match["y3"]), _month(match["m3"]))
            else:
                year, month, day = ((match["y1"], match["m1"], match["d1"]) if match["y1"]
                                    else (match["y2"], match["m2"], match["d2"]))
                date = m.PartialDate.parse(f"{int(year):04d}-{_month(month):02d}-{int(day):02d}")
        except ValueError:
            continue
        return date.iso, match.group(0)
    return None


def _byline_names(rest: str) -> list[str]:
    """The names in what follows 'By': up to a separator or a date; parts that read as names only."""
    rest = re.split(r"\s+[|\u00b7\u2022\u2013\u2014-]\s+|\s+/\s+", rest)[0]
    found = _WRITTEN.search(rest)
    if found:
        rest = rest[: found.start()]
    names = []
    for part in re.split(r",|\s+and\s+|\s*&\s*", rest.strip(" ,.;:")):
        words = part.split()
        if 1 <= len(words) <= 5 and all(w[0].isupper() or w.lower() in _PARTICLES for w in words) \
                and not any(ch.isdigit() for ch in part):
            names.append(" ".join(words))
    return names


def head_of(text: str, what: str) -> dict[str, Stated]:
    """A byline's authors and a date written on the lines before the article's prose (at most HEAD_LINES)."""
    found: dict[str, Stated] = {}
    lines = [(n, " ".join(line.split())) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    for n, line in lines[:HEAD_LINES]:
        if len(line.split()) >= 12 and _SENTENCE.search(line):
            break  # the article has begun
        quoted = line if len(line) <= 80 else line[:77] + "..."
        where = f"line {n} of {what}: '{quoted}'"
        byline = _BYLINE.match(line)
        if byline and "author" not in found:
            names = _byline_names(byline["rest"])
            if names:
                found["author"] = Stated(joined(names), where)
        if "published" not in found and not _UPDATED.match(line) and (byline or len(line.split()) <= 12):
            date = text_date(line)
            if date:
                found["published"] = Stated(date[0], where)
    return found
