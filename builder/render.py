"""Pages -> text, through the Jinja2 templates. No MkDocs here.

Templates produce Markdown pages whose headings are Markdown (so MkDocs builds
the table of contents) and whose bodies are HTML made here from the content's
Markdown, with citations turned into numbered links.
"""

from __future__ import annotations

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

from . import charts, citations, model as m
from .errors import ContentError, ContentErrors
from .pages import Page, claim_url

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


url_is_allowed = citations.url_is_allowed  # one rule for the checks and for this last line of defence


class _LinkGuard(markdown.treeprocessors.Treeprocessor):
    """Defence in depth: drop any link or image address the checks should have refused."""

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not url_is_allowed(value):
                    element.set(attribute, "#")
            if element.tag == "a" and citations.SCHEME.match(element.get("href", "")):
                element.set("rel", "noopener noreferrer")


class _Guard(markdown.extensions.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_LinkGuard(md), "link_guard", 0)


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for the site's own addresses, without its per-call getcwd (a hot spot)."""
    if ".." in path or ".." in start or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    to = [part for part in path.split("/") if part and part != "."]
    base = [part for part in start.split("/") if part and part != "."]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def relative_url(from_url: str, to_url: str) -> str:
    """A link from one page's address to another's, valid under any sub-path."""
    target, _, fragment = to_url.partition("#")
    start = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    if target == "" and from_url == "" and fragment:
        return "#" + fragment
    rel = _relpath(target or ".", start or ".")
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    if target == from_url and fragment:
        rel = ""
    return rel + ("#" + fragment if fragment else "")


def markdown_heading(text: str) -> Markup:
    """Plain text made safe inside a Markdown heading or paragraph."""
    # Quotes stay as they are: as &#39; they would show literally in the table of contents and the anchor.
    safe = str(escape(" ".join(text.split()))).replace("&#39;", "'").replace("&#34;", '"')
    return Markup(_MD_SPECIAL.sub(r"\\\1", safe))


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
            feed_id=self._feed_id, number=charts.format_number,
        )
        self.env.globals.update(
            reliability_labels=m.RELIABILITY_LABELS, credibility_labels=m.CREDIBILITY_LABELS,
            claim_url=claim_url,
        )
        self._md = markdown.Markdown(extensions=[_Guard()], output_format="html")
        self._entity_names = entity_name_pattern(model.entities.entities)

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
        self._md.reset()
        return " ".join(Markup(self._md.convert(citations.without_citations(text or ""))).striptags().split())

    @jinja2.pass_context
    def _md_filter(self, context: Any, text: Optional[str]) -> Markup:
        return self._entity_links(context, self.markdown(text or "", context["page"], context["refs"]))

    @jinja2.pass_context
    def _md_inline_filter(self, context: Any, text: Optional[str]) -> Markup:
        rendered = self._entity_links(context, self.markdown(text or "", context["page"], context["refs"]))
        inner = re.fullmatch(r"<p>(.*)</p>", rendered.strip(), re.S)
        # Unwrap a single paragraph only: two paragraphs must keep both their tags.
        return Markup(inner.group(1)) if inner and "<p>" not in inner.group(1) else rendered

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
                # A citation of a claim on this very page (a source citing itself) is described by
                # the claim itself: such pages list claims, not references.
                described = href[1:] if href.startswith("#") else f"ref-{ref.number}"
                links.append(f'<a class="bf-cite" href="{href}" data-ref="{ref.number}" '
                             f'aria-describedby="{described}">{ref.number}</a>')
            pieces.append('<sup class="bf-cites">[' + ", ".join(links) + "]</sup>")
            last = group.end
        pieces.append(text[last:])
        self._md.reset()
        return Markup(self._md.convert("".join(pieces)))

    def _entity_links(self, context: Any, rendered: Markup) -> Markup:
        """On pages that ask for it (theme pages), link the first mention of each entity in this block."""
        if not context.get("link_entities") or self._entity_names is None:
            return rendered
        return link_entities(rendered, self._entity_names, context["page"].url)

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


_TAG = re.compile(r"(<[^>]*>)")
_NO_LINK_INSIDE = ("a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "sup")


def entity_name_pattern(entities) -> Optional[tuple[re.Pattern, dict[str, str]]]:
    """One regex for every entity name and alias (longest first, so 'Anna Berg' wins over 'Berg')."""
    owner: dict[str, str] = {}
    for entity in entities:
        for name in (entity.name, *entity.aliases):
            if name.strip():
                owner.setdefault(str(escape(name)), entity.id)
    if not owner:
        return None
    names = sorted(owner, key=lambda n: (-len(n), n))
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    return pattern, owner


def link_entities(rendered: str, names: tuple[re.Pattern, dict[str, str]], page_url: str) -> Markup:
    """Link the first mention of each entity in HTML text, never inside a link, code, heading or citation."""
    pattern, owner = names
    linked: set[str] = set()
    open_tags: list[str] = []
    pieces = []
    for piece in _TAG.split(str(rendered)):
        if piece.startswith("<"):
            tag = re.match(r"</?([a-zA-Z0-9]+)", piece)
            if tag and tag.group(1).lower() in _NO_LINK_INSIDE and not piece.endswith("/>"):
                if piece.startswith("</"):
                    if tag.group(1).lower() in open_tags:
                        open_tags.remove(tag.group(1).lower())
                else:
                    open_tags.append(tag.group(1).lower())
            pieces.append(piece)
            continue
        if open_tags or not piece:
            pieces.append(piece)
            continue

        def link(match: re.Match) -> str:
            entity_id = owner[match.group(1)]
            if entity_id in linked:
                return match.group(0)
            linked.add(entity_id)
            href = escape(relative_url(page_url, f"entities/{entity_id}/"))
            return f'<a class="bf-entity" href="{href}">{match.group(1)}</a>'

        pieces.append(pattern.sub(link, piece))
    return Markup("".join(pieces))


def _json(value: Any) -> Markup:
    return Markup(json.dumps(value, sort_keys=True, ensure_ascii=False, indent=1))


def _template_position(exc: BaseException, template: str) -> tuple[int, str]:
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
