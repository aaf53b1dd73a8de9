"""Pages -> text, through the Jinja2 templates. No MkDocs here.

Templates produce Markdown pages whose headings are Markdown (so MkDocs builds
the table of contents) and whose bodies are HTML made here from the content's
Markdown, with citations turned into numbered links.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any
from collections.abc import Sequence

import jinja2
import markdown
from markupsafe import Markup, escape

from builder.checks import links
from builder.model import items as m
from builder.model import urls
from builder.model import words
from builder.pages import phrases
from builder.pages.jsontext import json_text
from builder.pages.views import Views, publication
from builder.pages.dependencies import Names, Record, RecordingEnvironment, mentioned
from builder.model.diagnostics import Diagnostic, Problems
from builder.pages.mentions import Mentions, link_mentions
from builder.pages.metadata import Metadata, description
from builder.pages.references import NONE, PageReferences
from builder.pages.site import Page
from builder.model.xref import Xref

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def markdown_heading(text: str) -> Markup:
    """Plain text made safe inside a Markdown heading or paragraph."""
    # Quotes stay as they are: as &#39; they would show literally in the table of contents and the anchor.
    safe = str(escape(" ".join(text.split()))).replace("&#39;", "'").replace("&#34;", '"')
    return Markup(_MD_SPECIAL.sub(r"\\\1", safe))


def template_folders(templates: str | Path | Sequence[str | Path]) -> list[str]:
    return [str(templates)] if isinstance(templates, str | Path) else [str(t) for t in templates]

# -- Markdown once per site -------------------------------------------------------------------------
#
# A text shown on several pages (a theme's sections on its page and in the printed briefing, an
# event on the timeline and in print) differs between them only in its citations, which are
# numbered per page. Such a text is converted once with a placeholder for each citation group
# (characters of Unicode's private use area, which Markdown treats as it treats the citation's
# HTML: not a word, not a space, not markup) and each page fills in its own citations. Where
# that could change the result (code, escapes, raw HTML, links, brackets that could pair with a
# citation's, tabs, which Markdown expands by column), the text is converted on each page as before. tests/test_render_cache.py compares
# the two ways on generated texts.

_PLACEHOLDER = "\ue000{}\ue001"
_PLACEHOLDERS = re.compile("\ue000(\\d+)\ue001")
_NOT_SHAREABLE = re.compile("[`\\\\<\\[\\]\t\ue000-\uf8ff]")


def shareable(text: str, groups: Sequence) -> str | None:
    """The text with each citation group replaced by a placeholder, or None if the result could differ."""
    pieces, last = [], 0
    for i, group in enumerate(groups):
        pieces.append(text[last : group.start])
        pieces.append(_PLACEHOLDER.format(i))
        last = group.end
    pieces.append(text[last:])
    if any(_NOT_SHAREABLE.search(piece) for piece in pieces[::2]):
        return None
    return "".join(pieces)


def _fills_once(html: str, count: int) -> bool:
    """Each placeholder once, none in code, and none of Python-Markdown's own left in (which it can leak,
    numbered by how much raw HTML it had stashed, so the citations' HTML would change the number)."""
    found = [int(n) for n in _PLACEHOLDERS.findall(html)]
    return (sorted(found) == list(range(count)) and "<code" not in html and "<pre" not in html
            and "\x02" not in html and "\x03" not in html)


def _fill(html: str, cites: list[str]) -> str:
    return _PLACEHOLDERS.sub(lambda match: cites[int(match.group(1))], html) if cites else html


# Plain paragraphs, which most content is, need no Markdown parser: Python-Markdown makes each one
# a <p> holding the text as it is. A line qualifies when it has no leading or trailing space, does
# not start like a block (heading, list, quote, rule, setext underline, numbered list) and holds
# no character that inline Markdown or HTML escaping acts on.
_INLINE_MARKUP = re.compile(r"[`\\<>&*_\[\]\t\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
_BLOCK_START = re.compile(r"[#>*+=_~|:-]|\d+[.)]|\s")


def plain_paragraphs(text: str) -> str | None:
    """Python-Markdown's HTML for a text of plain paragraphs, or None when it is more than that."""
    if not text.strip():
        return ""
    if _INLINE_MARKUP.search(text):
        return None
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        if not line:
            if lines:
                paragraphs.append("\n".join(lines))
                lines = []
            continue
        if line != line.strip() or _BLOCK_START.match(line):
            return None
        lines.append(line)
    if lines:
        paragraphs.append("\n".join(lines))
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds: compiling is a sixth of a small build's time.

    Jinja's own cache, in the temporary folder; an entry is used only for the same template text (Jinja
    checks), the same Jinja and the same environment settings (the key holds them: the same template
    compiles differently with other whitespace or escaping settings, another extension, or the i18n
    extension's other style of gettext).
    """

    def __init__(self, env: jinja2.Environment, directory: str | None = None):
        super().__init__(directory)
        self.env = env

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        env = self.env
        escaping = env.autoescape(name) if callable(env.autoescape) else env.autoescape  # as the compiler sees it
        settings = repr((jinja2.__version__, sorted(env.extensions), escaping, env.trim_blocks, env.lstrip_blocks,
                         env.keep_trailing_newline, env.block_start_string, env.variable_start_string,
                         env.comment_start_string, env.line_statement_prefix, env.line_comment_prefix,
                         env.newline_sequence, env.optimized, env.undefined.__qualname__,
                         getattr(env, "newstyle_gettext", False)))  # {% trans %} compiles by the gettext style
        return super().get_cache_key(f"{settings}|{name}", filename)


class _Environment(jinja2.Environment):
    """Jinja's environment as it is, for a renderer that records nothing (RecordingEnvironment's `record` is None)."""

    record: Record | None = None


class Renderer:
    """Renders pages; one per build, so templates and Markdown are compiled once.

    `templates` is a folder, or a list of folders searched in order (a
    project's own templates first, then the generator's). With `record`, it keeps what each page it
    renders reads (`recorded`, see dependencies.py), for the preview to know which pages an edit touches.
    """

    def __init__(self, views: Views, xref: Xref, templates: str | Path | Sequence[str | Path],
                 metadata: Metadata | None = None, references: dict[str, PageReferences] | None = None,
                 record: bool = False):
        self.views = views
        self.references = references or {}  # each page's numbered citations (references.resolve), by src_uri
        self.recorded: dict[str, Record] = {}  # what each page read when last rendered, by src_uri (with `record`)
        self._names = Names(views.model) if record else None
        self.metadata = metadata  # each page's head (description, tags, JSON-LD); None: pages carry none
        self.xref = xref
        self.address: urls.Addresses = views.address
        self.lang = lang = views.lang
        # Noting each read costs a function call per attribute a template reads (a fifth of rendering's time):
        # only the preview, which needs the notes, pays it.
        environment = RecordingEnvironment if record else _Environment
        self.env = environment(
            loader=jinja2.FileSystemLoader(template_folders(templates)),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # one build: a template is read once, not checked on disk at every include
            extensions=["jinja2.ext.i18n"],
        )
        phrases.install_gettext(self.env, lang)
        self.env.bytecode_cache = TemplateCache(self.env)
        self.env.filters.update(
            md=self._md_filter, md_inline=self._md_inline_filter, heading=markdown_heading,
            url=self._url_filter, tojson_sorted=_json, plain=self.plain, number=lang.number,
            counted=words.count, css_string=phrases.css_string, date_text=lang.date, precision=lang.precision,
            quoted=lang.quoted, css_content=phrases.css_content, listed=functools.partial(phrases.listed, lang),
            joined=lambda items: Markup(escape(lang.pgettext("separator between items", "; "))).join(items),
            describe=self.describe,
        )
        self.env.globals.update(
            reliability_labels={k: lang.gettext(v) for k, v in m.RELIABILITY_LABELS.items()},
            credibility_labels={k: lang.gettext(v) for k, v in m.CREDIBILITY_LABELS.items()},
            address=self.address, urls=urls, language=lang, labels=views.labels,
            # Translators: the punctuation between a label and what it labels ('Grade F2: probably true').
            colon=Markup(escape(lang.pgettext("punctuation after a label", ": "))),
            publication=publication(views.model.briefing, lang),  # who publishes it: print, feed (and footer, plugin.py)
            head=self.head, briefing_title=views.model.briefing.title, defined=self._defined,
        )
        self._md = markdown.Markdown(extensions=[links.LinkWalker()], output_format="html")
        self._mentions = Mentions(views.model.entities.entities, html=True)
        self._page_url = ""
        self._shared: dict[str, str | None] = {}  # text -> its HTML with citation placeholders, once per site
        self._plain: dict[str, str] = {}
        self._definitions: dict[tuple[str, str, str | None], str] = {}  # (page address, scale, value) -> address

    # -- filters -------------------------------------------------------
    @jinja2.pass_context
    def _url_filter(self, context: Any, target: str) -> str:
        return urls.relative(context["page"].url, target)

    @jinja2.pass_context
    def _defined(self, context: Any, scale: str, value: object = None) -> str:
        """The address, from the page being rendered, of where the methodology page defines a scale or one
        value of it. A function, not a macro: it is called for every grade a page shows (a fifth of the
        macro calls of a build), and the answer depends only on the page's address and the arguments."""
        page_url = context["page"].url
        key = (page_url, scale, None if value is None else str(value))  # 1, 1.0 and True: one key, three anchors
        url = self._definitions.get(key)
        if url is None:
            target = urls.Target(urls.METHODOLOGY, anchor=urls.definition_anchor(scale, value))
            url = self._definitions[key] = urls.relative(page_url, self.address.url(target))
        return url

    def plain(self, text: str | None) -> str:
        """Markdown without citations, as plain text (for feeds and summaries)."""
        text = text or ""
        if text not in self._plain:
            bare = self.xref.without_citations(text)
            html = plain_paragraphs(bare) if shareable(bare, ()) is not None else None
            if html is None:
                self._md.reset()
                self._md.visit_link = self._visit_link
                html = self._md.convert(bare)
            self._plain[text] = " ".join(Markup(html).striptags().split())
        return self._plain[text]

    def describe(self, texts: Sequence[str | None]) -> str:
        """A page's description from texts in order of preference (Markdown, citations dropped):
        metadata.description."""
        return description([self.plain(text) for text in texts if text])

    def head(self, page: Page, text: str) -> dict[str, Any]:
        """The front matter fields that describe a page (metadata.Metadata.head); none without metadata."""
        found = self.metadata.head(page, text) if self.metadata is not None else {}
        if self.env.record is not None:
            self.env.record.seen[("head", page.src_uri, text)] = found
        return found

    @jinja2.pass_context
    def _md_filter(self, context: Any, text: str | None) -> Markup:
        return self._entity_links(context, self.markdown(text or "", context["page"], context["refs"]))

    @jinja2.pass_context
    def _md_inline_filter(self, context: Any, text: str | None) -> Markup:
        rendered = self._entity_links(context, self.markdown(text or "", context["page"], context["refs"]))
        inner = re.fullmatch(r"<p>(.*)</p>", rendered.strip(), re.S)
        # Unwrap a single paragraph only: two paragraphs must keep both their tags.
        return Markup(inner.group(1)) if inner and "<p>" not in inner.group(1) else rendered

    def markdown(self, text: str, page: Page, refs: PageReferences) -> Markup:
        """Content Markdown -> HTML, each citation a link to the claim, with the number the references pass gave it."""
        groups = self.xref.groups(text)
        cites = [self._cites_html(group, page, refs) for group in groups]
        shared = self._shared_html(text, groups)
        if shared is not None:
            return Markup(_fill(shared, cites))
        pieces, last = [], 0
        for group, html in zip(groups, cites, strict=False):
            pieces.append(text[last : group.start])
            pieces.append(html)
            last = group.end
        pieces.append(text[last:])
        self._md.reset()
        self._page_url = page.url
        self._md.visit_link = self._visit_link
        return Markup(self._md.convert("".join(pieces)))

    @staticmethod
    def _cites_html(group, page: Page, refs: PageReferences) -> str:
        cites = []
        # Shown in the order of their numbers, each once: [2, 5, 7], never [7, 2, 5].
        numbered = {ref.number: ref for ref in (refs.entry(cite.key) for cite in group.citations)}
        for ref in (numbered[number] for number in sorted(numbered)):
            href = escape(urls.relative(page.url, ref.url))
            # A citation of a claim on this very page (a source citing itself) is described by
            # the claim itself: such pages list claims, not references.
            described = href[1:] if href.startswith("#") else ref.anchor
            cites.append(f'<a class="bf-cite" href="{href}" data-ref="{ref.number}" '
                         f'aria-describedby="{described}">{ref.number}</a>')
        return '<sup class="bf-cites">[' + ", ".join(cites) + "]</sup>"

    def _shared_html(self, text: str, groups) -> str | None:
        """The HTML of a text with a placeholder for each citation group, made once per site.

        Only for texts whose HTML cannot depend on the page or on what the citations hold
        (see `shareable`); None for the others, which are rendered on each page as before.
        """
        try:
            return self._shared[text]
        except KeyError:
            pass
        masked = shareable(text, groups)
        html = None
        if masked is not None:
            html = plain_paragraphs(masked)
            if html is None:
                self._md.reset()
                self._page_url = ""
                linked = []
                self._md.visit_link = lambda element, attribute, value: linked.append(value)
                html = self._md.convert(masked)
                if linked:
                    html = None
            if html is not None and not _fills_once(html, len(groups)):
                html = None
        self._shared[text] = html
        return html

    def _visit_link(self, element, attribute: str, value: str) -> str | None:
        """Defence in depth, and site links made relative to the page they are on."""
        if not links.url_is_allowed(value):
            return "#"
        if element.tag == "a" and links.SCHEME.match(element.get("href", "")):
            element.set("rel", "noopener noreferrer")
            return None
        if links.is_site_link(value):
            path, anchor = links.split_site_link(value)
            place = self.address.site_path(path) if path and not path.startswith(".") else None
            if place is not None:
                target = urls.Target(place[0], place[1], anchor or None)
                return urls.relative(self._page_url, self.address.url(target))
        return None

    def _entity_links(self, context: Any, rendered: Markup) -> Markup:
        """On pages that ask for it (theme pages), link the first mention of each entity on the page."""
        if not getattr(context.get("page").context, "link_entities", False):
            return rendered
        if self.env.record is not None:
            self.env.record.seen[("mentions",)] = mentioned(self.views.model)
        if not self._mentions.owner:
            return rendered
        page_url = context["page"].url
        return Markup(link_mentions(rendered, self._mentions,
                                    lambda entity_id: urls.relative(page_url, self.address.entity(entity_id)),
                                    context["linked_entities"]))

    # -- pages ---------------------------------------------------------
    def use(self, views: Views, xref: Xref, metadata: Metadata | None,
            references: dict[str, PageReferences]) -> tuple[Views, Xref, Metadata | None, dict[str, PageReferences]]:
        """Render from now on the pages of another build of the same project (the preview's, after an edit), with
        the templates and Markdown as compiled; returns what it rendered before, to go back to with use(*before)."""
        before = (self.views, self.xref, self.metadata, self.references)
        self.views, self.xref, self.metadata, self.references = views, xref, metadata, references
        self._mentions = Mentions(views.model.entities.entities, html=True)
        if self._names is not None:
            self._names = Names(views.model)
        self.env.globals.update(publication=publication(views.model.briefing, self.lang), labels=views.labels,
                                briefing_title=views.model.briefing.title)
        return before

    def render(self, page: Page) -> str:
        refs = self.references.get(page.src_uri, NONE)
        template = self.env.get_template(page.template)
        # Entities linked so far on this page: each is linked at its first mention only.
        linked = set(getattr(page.context, "unlinked_entities", ()))
        record = Record(self._names) if self._names is not None else None
        if record is not None:
            record.seen[("refs", page.src_uri)] = refs
        self.env.record = record
        try:
            text = template.render(page=page, refs=refs, linked_entities=linked, **vars(page.context))
        finally:
            self.env.record = None
        if record is not None:
            record.seen[("context", page.src_uri)] = page.context  # last: the dearest to work out again
            self.recorded[page.src_uri] = record
        return text

    def render_all(self, pages: list[Page]) -> dict[str, str]:
        """Every page's text by its src_uri; template errors become diagnostics."""
        out, errors = {}, []
        for page in pages:
            try:
                out[page.src_uri] = self.render(page)
            except (jinja2.TemplateError, LookupError, TypeError, AttributeError, ValueError) as exc:
                line, name = _template_position(exc, page.template)
                errors.append(Diagnostic(name, line, f"template error while rendering '{page.url or '/'}': {exc}"))
        if errors:
            raise Problems(errors)
        return out


def _json(value: Any) -> Markup:
    return Markup(json_text(value))


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
