"""Material's navigation as the plugin hands it over: titles escaped, and made once for pages that see the same.

Material renders the whole navigation on every page; most of our pages (single sources and entities) are not
in it and see it the same but for the links MkDocs makes relative to each page, so `NavKey` names what a page's
navigation depends on and the plugin renders it once per key (see plugin.py, bf_cached).
"""

from __future__ import annotations

from markupsafe import Markup, escape


def escaped_titles(nav):
    """The navigation with every title escaped for HTML (titles come from content)."""
    if isinstance(nav, dict):
        return {Markup(escape(title)): escaped_titles(target) for title, target in nav.items()}
    if isinstance(nav, list):
        return [escaped_titles(entry) for entry in nav]
    return nav


class NavKey:
    """What Material's navigation depends on for one page, as a key; None for a page it must be made for.

    A page outside the navigation sees it unchanged but for its links, which MkDocs makes relative to
    the page (mkdocs.utils.normalize_url): pages whose links to every navigation target (and to the
    home page) read the same see the same navigation. A page in the navigation has it made for it:
    its own entry is marked and holds its table of contents.
    """

    def __init__(self, nav, config) -> None:
        self.in_nav: set[int] = set()
        self.targets: list[str] = [str(config.extra.get("homepage") or (nav.homepage.url if nav and nav.homepage else ""))]
        stack = list(nav.items) if nav is not None else []
        while stack:
            item = stack.pop(0)
            if getattr(item, "is_page", False):
                self.in_nav.add(id(item))
            if getattr(item, "url", None) is not None:
                self.targets.append(str(item.url))
            stack.extend(getattr(item, "children", None) or ())
        self.ready = nav is not None

    def __call__(self, page):
        from mkdocs.utils import normalize_url

        if not self.ready or page is None or id(page) in self.in_nav or getattr(page, "is_page", False) is False:
            return None
        return ("nav", tuple(normalize_url(target, page=page) for target in self.targets))
