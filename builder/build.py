"""The whole pipeline as one call: load -> check -> pages -> render, in memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import checks, load, model as m, pages as pages_mod, quotes, render


@dataclass
class Prepared:
    """Everything a build needs, made before a single file is written."""

    model: m.Model
    verification: quotes.Verification
    pages: list[pages_mod.Page]
    texts: dict[str, str]  # page text by src_uri

    @property
    def nav(self) -> list:
        return pages_mod.nav(self.pages)


def prepare(project_dir: str | Path, content_dir: str = "content", templates_dir: str = "templates",
            site_url: str = "") -> Prepared:
    """Load, check and render everything; raise ContentErrors listing every problem."""
    model = load.load(project_dir, content_dir)
    verification = checks.check(model)
    pages = pages_mod.build_pages(model)
    renderer = render.Renderer(model, Path(project_dir) / templates_dir, site_url=site_url)
    return Prepared(model, verification, pages, renderer.render_all(pages))
