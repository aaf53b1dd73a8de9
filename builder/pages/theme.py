"""Where the page templates, the theme overrides and the static assets come from.

The generator ships its templates inside the installed package (built from
this repository's top-level `templates/`). A project may keep a `templates/`
folder of its own: a file there replaces the generator's file of the same
name, page templates (`theme.md.j2`), Material overrides
(`overrides/main.html`) and assets (`static/assets/briefing.css`) alike, the
way Material's `custom_dir` works.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from builder.model.language import ENGLISH, Language


def palette(lang: Language = ENGLISH) -> list[dict]:
    """Material's palette when mkdocs.yml sets none: light and dark, following the reader's system."""
    return [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "blue grey",
         "toggle": {"icon": "material/weather-night", "name": lang.gettext("Switch to dark mode")}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "blue grey",
         "toggle": {"icon": "material/weather-sunny", "name": lang.gettext("Switch to light mode")}},
    ]


PALETTE = palette()
"""The palette in English."""
FEATURES = ("navigation.sections", "navigation.top", "toc.follow")
"""Material's features when mkdocs.yml sets none."""

OVERRIDES = "overrides"
STATIC = "static"
STYLESHEETS = ("assets/briefing.css",)
SCRIPTS = ("assets/words.js", "assets/briefing.js", "assets/search.js")
"""In the order the pages load them: words.js first, which the other two use."""


def packaged_templates() -> Path:
    """The generator's own templates folder, installed or in a checkout."""
    package = Path(__file__).resolve().parent.parent  # builder/
    for folder in (package / "templates",  # a regular install: builder/templates/
                   package.parent / "templates"):  # a checkout: the repository's templates/ beside builder/
        if (folder / "home.md.j2").is_file():
            return folder
    spec = importlib.util.find_spec("builder.templates")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations))).resolve()  # an editable install, elsewhere
    raise FileNotFoundError("the generator's templates are missing: reinstall the package")


def folders(project_templates: Path | None) -> list[Path]:
    """Template folders in the order they are searched: the project's own, then the generator's."""
    packaged = packaged_templates()
    own = project_templates.resolve() if project_templates is not None and project_templates.is_dir() else None
    return [own, packaged] if own is not None and own != packaged else [packaged]


def overrides(project_templates: Path | None) -> list[Path]:
    """Material override folders, most specific first."""
    return [folder / OVERRIDES for folder in folders(project_templates) if (folder / OVERRIDES).is_dir()]


def static_files(project_templates: Path | None) -> dict[str, Path]:
    """Every static file the site carries, by its path on the site; the project's own win."""
    found: dict[str, Path] = {}
    for folder in reversed(folders(project_templates)):
        root = folder / STATIC
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    found[path.relative_to(root).as_posix()] = path
    return dict(sorted(found.items()))
