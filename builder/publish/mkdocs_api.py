"""Every private name of MkDocs and watchdog the generator uses, in one place, for the versions it was written for.

The parallel build and the preview run MkDocs' own per-page steps (mkdocs.commands.build) one page
at a time; MkDocs offers no public function for them. Each use is wrapped here, and
`check_versions` refuses, at start-up, a MkDocs or watchdog this was not written for, with a
sentence saying what to install, rather than a wrong site or an AttributeError in the middle of a build.
"""

from __future__ import annotations

import logging
from importlib import metadata

WRITTEN_FOR = {"mkdocs": ("1.6.",), "watchdog": ("4.", "5.", "6.", "7.")}
"""The versions (by prefix) whose private names below were read and tested."""


class UnsupportedVersion(Exception):
    """A MkDocs or watchdog this module's private names were not written for."""


def check_versions() -> None:
    """Raise UnsupportedVersion naming the package, its version and what would work."""
    for package, prefixes in WRITTEN_FOR.items():
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            if package == "mkdocs":
                # ProperDocs, a fork of MkDocs 1.6, installs the same modules under its own name.
                try:
                    version = metadata.version("properdocs")
                except metadata.PackageNotFoundError:
                    continue
                prefixes = ("1.6.",)
            else:
                continue
        if not version.startswith(prefixes):
            raise UnsupportedVersion(
                f"the briefing generator was written for {package} {' or '.join(p + 'x' for p in prefixes)}, "
                f"and {package} {version} is installed: install a version it was written for "
                f"(pip install '{package}=={prefixes[-1]}*')")


def add_files_from_theme(files, env, config) -> None:
    """MkDocs' own files.add_files_from_theme(env, config), without listing what it then leaves out.

    MkDocs lists every file of the theme's folders and drops each with a part of its path that starts
    with '.' ('.*', '*/.*'); Material's hidden .icons folder holds 14,000 of its 14,500 files, about 60 ms
    a build to walk and match. The same listing, not walking hidden folders, gives the same files."""
    import os

    import jinja2

    loader = env.loader
    if type(loader) is not jinja2.FileSystemLoader:
        files.add_files_from_theme(env, config)
        return

    class VisibleFiles(jinja2.FileSystemLoader):
        def list_templates(self) -> list[str]:  # jinja2.FileSystemLoader's, hidden folders not walked
            found = set()
            for searchpath in self.searchpath:
                for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                    dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                    for filename in filenames:
                        template = (os.path.join(dirpath, filename)[len(searchpath):]
                                    .strip(os.path.sep).replace(os.path.sep, "/"))
                        found.add(template[2:] if template[:2] == "./" else template)
            return sorted(found)

    visible = VisibleFiles(loader.searchpath, loader.encoding, loader.followlinks)
    files.add_files_from_theme(env.overlay(loader=visible), config)


def build_page(page, config, doc_files, nav, env, dirty: bool = False, excluded: bool = False) -> None:
    """Render one converted page into the theme and write it (mkdocs.commands.build._build_page)."""
    from mkdocs.commands import build

    build._build_page(page, config, doc_files, nav, env, dirty, excluded=excluded)


def populate_page(page, config, files) -> None:
    """Read and convert one page, as MkDocs does (mkdocs.commands.build._populate_page)."""
    from mkdocs.commands import build

    build._populate_page(page, config, files)


def build_theme_template(template, env, files, config, nav) -> None:
    from mkdocs.commands import build

    build._build_theme_template(template, env, files, config, nav)


def build_extra_template(template, files, config, nav) -> None:
    from mkdocs.commands import build

    build._build_extra_template(template, files, config, nav)


def watched_paths(server) -> dict[str, int]:
    """The paths the preview's server watches, each with how many times it was asked to."""
    return dict(server._watched_paths)


def convert_page(page, config, files, md) -> None:
    """mkdocs.commands.build._populate_page, converting with the Markdown instance `md`, reset.

    MkDocs makes a new Python-Markdown instance, with every extension, for each page
    (mkdocs.structure.pages.Page.render); this resets one instead and registers MkDocs'
    per-page processors on it anew, in the same order, so every page converts as before.
    """
    from mkdocs.exceptions import BuildError
    from mkdocs.structure import pages as mkdocs_pages
    from mkdocs.structure.toc import get_toc

    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        md = md.reset()
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
    except Exception as exc:
        message = f"Error reading page '{page.file.src_uri}':"
        if not isinstance(exc, BuildError):
            message += f" {exc}"
        logging.getLogger("mkdocs.commands.build").error(message)
        raise
    finally:
        config._current_page = None
