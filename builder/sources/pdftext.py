"""A PDF report's text, page by page, for the archive: what `briefing new source --from report.pdf` keeps.

The text comes from pypdf's text layer, each page followed by a form feed
(`\\f`), as `pdftotext` writes it, so that a quote found in the text knows the
page it is on (archive.page_starts). What the file's own document information
says of it (its title, its author) is offered with where it came from; its
creation date is not a publication date, and is only mentioned.
"""

from __future__ import annotations

from typing import Any

import io
import logging
import re
from dataclasses import dataclass, field

from builder.sources.archive import PAGE_BREAK

_PRODUCER_TITLE = re.compile(r"^(?:microsoft (?:word|powerpoint) - |untitled|enscript output$)|\.(?:docx?|pdf|indd|pptx?|odt)$",
                             re.IGNORECASE)
"""Titles a program wrote into the file by itself ("Microsoft Word - draft3.docx"), not the report's."""


class PdfProblem(Exception):
    """The file is not a PDF whose text can be read; the message says why, in one line."""


@dataclass
class PdfText:
    text: str
    """Every page's text followed by a form feed."""
    pages: int
    stated: dict[str, tuple[str, str]] = field(default_factory=dict)
    """What the file states of itself, by field name ('title', 'author'): (value, where it says so)."""
    notes: dict[str, str] = field(default_factory=dict)
    """What the editor should know about a field left unknown, by field name."""


def _clean(page: str) -> str:
    lines = [line.rstrip() for line in page.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def _info(reader: Any, key: str) -> str:
    try:
        value = (reader.metadata or {}).get(key)
    except Exception:  # noqa: BLE001 - a damaged information dictionary only loses the metadata
        return ""
    return " ".join(str(value).split()) if value else ""


def read(data: bytes) -> PdfText:
    """The text of a PDF, page by page; PdfProblem when it cannot be read."""
    import pypdf  # imported here: only importing a PDF needs it
    from pypdf.errors import PdfReadError

    # pypdf logs what it could not decode fully (a font it needs fontTools for) as warnings with raw
    # dictionaries in them: nothing an editor can act on, and the text is extracted all the same.
    pypdf_log = logging.getLogger("pypdf")
    level, pypdf_log.level = pypdf_log.level, logging.ERROR
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfProblem("the PDF is encrypted with a password; its text cannot be read")
        pages = [_clean(page.extract_text() or "") for page in reader.pages]
    except PdfProblem:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PdfProblem(f"not a readable PDF ({' '.join(str(exc).split()) or type(exc).__name__})") from None
    finally:
        pypdf_log.setLevel(level)
    result = PdfText("".join(page + "\n" + PAGE_BREAK for page in pages), len(pages))
    title, author, created = _info(reader, "/Title"), _info(reader, "/Author"), _info(reader, "/CreationDate")
    if title and not _PRODUCER_TITLE.search(title):
        result.stated["title"] = (title, "the PDF's document information (Title)")
    elif title:
        result.notes["title"] = f"the PDF's document information gives the program's title '{title}'"
    if author:
        result.stated["author"] = (author, "the PDF's document information (Author)")
    match = re.match(r"D:(\d{4})(\d{2})(\d{2})", created)
    result.notes["published"] = (
        f"the file was created on {match[1]}-{match[2]}-{match[3]} (CreationDate), which is not necessarily "
        "the day it was published: look on its cover or first pages" if match
        else "a PDF states no publication date in its metadata: look on its cover or first pages")
    result.notes["outlet"] = "a PDF names no publisher in its metadata: look on its cover"
    return result
