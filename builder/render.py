"""Pages -> text, through the Jinja2 templates. No MkDocs here.

Templates produce Markdown pages whose headings are Markdown (so MkDocs builds
the table of contents) and whose bodies are HTML made here from the content's
Markdown, with citations turned into numbered links.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import uuid
from pathlib import Path
from typing import Any, Optional
from xml.etree import ElementTree

import jinja2
import markdown
from markupsafe import Markup, escape

from . import citations, model as m
from .errors import ContentError, ContentErrors
from .pages import Page, claim_url

ALLOWED_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def url_is_allowed(url: str) -> bool:
    """http, https, mailto, or a link inside the site (no scheme, not protocol-relative)."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url))
    if cleaned.startswith("//") or cleaned.startswith("\\"):
        return False
    scheme = _SCHEME.match(cleaned)
    return scheme is None or scheme.group(1).lower() in ALLOWED_SCHEMES


class _LinkGuard(markdown.treeprocessors.Treeprocessor):
    """Defence in depth: drop any link or image address the checks should have refused."""

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not url_is_allowed(value):
                    element.set(attribute, "#")
            if element.tag == "a" and _SCHEME.match(element.get("href", "")):
                element.set("rel", "noopener noreferrer")


class _Guard(markdown.extensions.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_LinkGuard(md), "link_guard", 0)


def relative_url(from_url: str, to_url: str) -> str:
    """A link from one page's address to another's, valid under any sub-path."""
    target, _, fragment = to_url.partition("#")
    start = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    if target == "" and from_url == "" and fragment:
        return "#" + fragment
    rel = posixpath.relpath(target or ".", start or ".")
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    if target == from_url and fragment:
        rel = ""
    return rel + ("#" + fragment if fragment else "")


def markdown_heading(text: str) -> Markup:
    """Plain text made safe inside a Markdown heading or paragraph."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(" ".join(text.split())))))


class Renderer:
    """Renders pages; one per build, so templates and Markdown are compiled once."""

    def __init__(self, model: m.Model, templates_dir: str | Path, site_url: str = ""):
        self.model = model
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(
            md=self._md_filter, md_inline=self._md_inline_filter, heading=markdown_heading,
            url=self._url_filter, absolute=self._absolute, tojson_sorted=_json, plain=self._plain,
            feed_id=self._feed_id,
        )
        self.env.globals.update(
            reliability_labels=m.RELIABILITY_LABELS, credibility_labels=m.CREDIBILITY_LABELS,
            claim_url=claim_url,
        )
        self._md = markdown.Markdown(extensions=[_Guard()], output_format="html")

    # -- filters -------------------------------------------------------
    @jinja2.pass_context
    def _url_filter(self, context: Any, target: str) -> str:
        return relative_url(context["page"].url, target)

    def _absolute(self, target: str) -> str:
        return self.site_url + target if self.site_url else target

    def _feed_id(self, target: str) -> str:
        """A permanent Atom id: the page's address, or a name-based UUID when no site_url is set."""
        if self.site_url:
            return self.site_url + target
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"briefing:{self.model.briefing.title}:{target}"))

    def _plain(self, text: Optional[str]) -> str:
        """Markdown without citations, as plain text (for feeds and summaries)."""
        groups, _ = citations.parse(text or "")
        for group in reversed(groups):
            text = text[: group.start].rstrip() + text[group.end :]
        self._md.reset()
        return " ".join(Markup(self._md.convert(text or "")).striptags().split())

    @jinja2.pass_context
    def _md_filter(self, context: Any, text: Optional[str]) -> Markup:
        return self.markdown(text or "", context["page"], context["refs"])

    @jinja2.pass_context
    def _md_inline_filter(self, context: Any, text: Optional[str]) -> Markup:
        rendered = self.markdown(text or "", context["page"], context["refs"])
        inner = re.fullmatch(r"<p>(.*)</p>", rendered.strip(), re.S)
        return Markup(inner.group(1)) if inner else rendered

    def markdown(self, text: str, page: Page, refs: citations.References) -> Markup:
        """Content Markdown -> HTML, each citation a numbered link to the claim."""
        groups, _ = citations.parse(text)
        pieces, last = [], 0
        for group in groups:
            pieces.append(text[last : group.start])
            links = []
            for cite in group.citations:
                ref = refs.cite(cite.key, lambda c=cite: self._resolve(c))
                href = escape(relative_url(page.url, ref.url))
                links.append(f'<a class="bf-cite" href="{href}" data-ref="{ref.number}" '
                             f'aria-describedby="ref-{ref.number}">{ref.number}</a>')
            pieces.append('<sup class="bf-cites">[' + ", ".join(links) + "]</sup>")
            last = group.end
        pieces.append(text[last:])
        self._md.reset()
        return Markup(self._md.convert("".join(pieces)))

    def _resolve(self, cite: citations.Citation):
        source = self.model.sources[cite.source]
        claim = source.claim(cite.claim) if cite.claim else None
        return source, claim, claim_url(cite.key)

    # -- pages ---------------------------------------------------------
    def render(self, page: Page) -> str:
        refs = citations.References()
        template = self.env.get_template(page.template)
        return template.render(page=page, refs=refs, **page.context)

    def render_all(self, pages: list[Page]) -> dict[str, str]:
        """Every page's text by its src_uri; template errors become ContentErrors."""
        out, errors = {}, []
        for page in pages:
            try:
                out[page.src_uri] = self.render(page)
            except (jinja2.TemplateError, LookupError, TypeError, AttributeError, ValueError) as exc:
                line, name = _template_position(exc, page.template)
                errors.append(ContentError(name, line, f"template error while rendering '{page.url or '/'}': {exc}"))
        if errors:
            raise ContentErrors(errors)
        return out


def _json(value: Any) -> Markup:
    return Markup(json.dumps(value, sort_keys=True, ensure_ascii=False, indent=1))


def _template_position(exc: BaseException, template: str) -> tuple[str, int]:
    """The template file and line where rendering failed, from the traceback Jinja rewrote."""
    line = getattr(exc, "lineno", 0) or 0
    name = getattr(exc, "filename", None) or ""
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            name, line = filename, tb.tb_lineno
        tb = tb.tb_next
    if name:
        parts = Path(name).parts
        name = "/".join(parts[parts.index("templates"):]) if "templates" in parts else name
    return line, name or f"templates/{template}"
