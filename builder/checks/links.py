"""Links in content Markdown: which addresses the site may carry, and where links to the site go.

One walker finds every link and image the Markdown parser makes (the same
parser that renders them): the checks use it to report links that are not
allowed or lead nowhere, and the renderer to rewrite links to pages of the
site for the page they appear on, dropping anything the checks should have
refused (defence in depth).

Content links to a page of the site by its address from the site root,
without a leading slash: `[the figures](discrepancies/#discrepancy-workers)`.
The same text can appear on several pages (a theme's bottom line is on the
theme page and on the themes index), so a link written relative to one page
would break on the others; the renderer makes each link relative to the page
it is on.
"""

from __future__ import annotations

import html
import re

from builder.model import urls
from dataclasses import dataclass
from collections.abc import Callable
from xml.etree import ElementTree

import markdown



ALLOWED_SCHEMES = ("http", "https", "mailto")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_RAW_HTML = re.compile(r"<(?!(?:https?|mailto):[^>\s]*>)[A-Za-z!/?]")
EMAIL_ADDRESS = re.compile(r"^[^\s@<>\"(),:;\[\]\\]+@[^\s@<>\"(),:;\[\]\\]+\.[^\s@<>\"(),:;\[\]\\.]+$")
"""An e-mail address as readers write it: name@host.domain, no spaces or brackets."""


def contact_problem(contact: str) -> str:
    """'' for a briefing's `contact` (an e-mail address or a web address), else what is wrong with it."""
    if EMAIL_ADDRESS.match(contact) or urls.WEB_ADDRESS.match(contact):
        return ""
    return "must be an e-mail address (name@example.org) or a web address starting http:// or https://"


def contact_href(contact: str) -> str:
    """Where a `contact` leads: mailto: for an e-mail address, the address itself for a web address."""
    return contact if urls.WEB_ADDRESS.match(contact) else f"mailto:{contact}"


def url_is_allowed(url: str) -> bool:
    """http, https, mailto, or a link inside the site (no scheme, not protocol-relative)."""
    # Browsers drop control characters and spaces inside a scheme ("java\tscript:"), so the check does too.
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url))
    if cleaned.startswith("//") or cleaned.startswith("\\"):
        return False
    scheme = SCHEME.match(cleaned)
    return scheme is None or scheme.group(1).lower() in ALLOWED_SCHEMES


def is_site_link(url: str) -> bool:
    """A link to a page of this site: no scheme, not protocol-relative."""
    return url_is_allowed(url) and SCHEME.match(url.strip()) is None


def raw_html_offsets(text: str) -> list[int]:
    """Offsets of raw HTML tags in Markdown (code spans excepted)."""
    masked = _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), text)
    return [match.start() for match in _RAW_HTML.finditer(masked)]


Visit = Callable[[ElementTree.Element, str, str], str | None]
"""Called with (element, attribute, address); returns a new address, or None to leave it."""


class _Walker(markdown.treeprocessors.Treeprocessor):  # type: ignore[misc]  # Python-Markdown ships no types
    def run(self, root: ElementTree.Element) -> None:
        visit: Visit = self.md.visit_link
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None:
                    new = visit(element, attribute, value)
                    if new is not None:
                        element.set(attribute, new)


class LinkWalker(markdown.extensions.Extension):  # type: ignore[misc]  # as above
    """A Markdown extension that shows every link and image address to `md.visit_link`."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.visit_link = lambda element, attribute, value: None
        md.treeprocessors.register(_Walker(md), "link_walker", 0)


# Markdown makes an href or src only from [text](url), ![alt](url), a reference
# definition [id]: url, or an autolink <...>: a text with none of these has no link.
_MAY_LINK = re.compile(r"\]\(|\]:|<")
_PARSER = markdown.Markdown(extensions=[LinkWalker()], output_format="html")


@dataclass(frozen=True)
class Link:
    tag: str  # "a" or "img"
    url: str
    offset: int  # where the address is written in the text (0 when it cannot be found)


def links_in(text: str) -> list[Link]:
    """Every link and image address in a Markdown text, as the renderer will see them."""
    if not _MAY_LINK.search(text):
        return []  # most fields have no link: skip a full Markdown conversion (a hot spot at scale)
    found: list[Link] = []
    _PARSER.reset()
    _PARSER.visit_link = lambda element, attribute, value: found.append(Link(element.tag, value, _offset(text, value)))
    _PARSER.convert(text)
    return found


def _offset(text: str, address: str) -> int:
    """Where a link's address is written: after its '](' or '<' (an address such as '.' is found anywhere else
    in the text, at the first full stop); else its first occurrence; else the start."""
    for before in ("](", "](<", "<", "]: "):
        found = text.find(before + address)
        if found >= 0:
            return found + len(before)
    return max(text.find(address), 0)


def address_problem(link: Link) -> str:
    """'' when the site may carry this link or image, else why not (the rule for any address)."""
    if not url_is_allowed(link.url):
        return (f"link to '{link.url}' is not allowed: links may only go to http://, https://, mailto: "
                "or a page of this site")
    stripped = link.url.strip()
    if link.tag == "img" and (SCHEME.match(stripped) or stripped.startswith("//")):
        return f"image from another site ('{link.url}') is not allowed: the site loads nothing from other hosts"
    return ""


def split_site_link(url: str) -> tuple[str, str]:
    """'discrepancies/#x' -> ('discrepancies/', 'x')."""
    path, _, anchor = url.strip().partition("#")
    return path, anchor
