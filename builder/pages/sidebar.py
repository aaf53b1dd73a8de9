"""The sidebar: the title of each page of its own kind, and MkDocs' navigation (home, the themes, the index pages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from builder.model import urls
from builder.model.language import ENGLISH, Language

if TYPE_CHECKING:
    from builder.pages.site import Page


def page_titles(lang: Language = ENGLISH) -> dict[str, str]:
    """The title of each page of its own kind (the sidebar's entries and the pages' headings in the browser)."""
    gettext = lang.gettext
    return {urls.HOME: gettext("Home"), urls.THEMES: gettext("Themes"), urls.SOURCES: gettext("Sources"), urls.TIMELINE: gettext("Timeline"),
            urls.DISCREPANCIES: gettext("Discrepancies"), urls.ENTITIES: gettext("Entities"), urls.SOURCING: gettext("Sourcing"),
            urls.METHODOLOGY: gettext("Methodology"), urls.CHANGES: gettext("Changes"), urls.DATA: gettext("Briefing data"),
            urls.FEED: gettext("Feed"), urls.PRINT: gettext("The whole briefing"), urls.PRINT_STYLE: gettext("Print style")}


NAV_THEMES_MAX = 15
"""Up to this many themes are listed one by one in the sidebar."""


def nav(pages: list[Page], lang: Language = ENGLISH) -> list:
    """MkDocs navigation: home, the themes, then one entry for each reference page.

    Single sources and entities are reached from their index pages, citations
    and backlinks, so the sidebar stays short however large the briefing grows.
    """
    themes = [{p.title: p.src_uri} for p in pages if p.kind == urls.THEME]
    title = page_titles(lang)
    return [
        {title[urls.HOME]: urls.page_file(urls.HOME)},
        # Every page carries the whole sidebar: past a handful of themes, link their index instead.
        {title[urls.THEMES]: themes if len(themes) <= NAV_THEMES_MAX else urls.page_file(urls.THEMES)},
        *({title[kind]: urls.page_file(kind)} for kind in (urls.TIMELINE, urls.DISCREPANCIES, urls.SOURCES,
                                                           urls.ENTITIES, urls.SOURCING, urls.METHODOLOGY,
                                                           urls.CHANGES)),
    ]
