"""The generator's settings, declared once: the plugin's options in mkdocs.yml.

```yaml
plugins:
  - briefing:
      content: content      # the briefing's YAML
      templates: templates  # the project's own templates (optional)
```

The MkDocs plugin builds its config schema from `OPTIONS`, and both the
command line and the plugin read the settings from the same file with the
same function (`read`), so `briefing check` and `mkdocs build` always look at
the same folders. The archive folder is content: `archive:` in briefing.yaml. The readers' language is
Material's own setting, `theme: language:`, read here too (builder/model/language.py).

One setting names the content folder, in this order: the plugin's `content`
option; else MkDocs' own `docs_dir`, when mkdocs.yml sets one (a project made
by `briefing init` names it there, so that `mkdocs build` run directly finds
it too); else `content`. The `briefing` commands hand that folder to MkDocs as
its docs_dir (`docs_dir_for_mkdocs`) unless mkdocs.yml names another folder
that exists (a docs folder with pages of its own), so a project needs no
docs_dir at all, and one left naming a folder since renamed does no harm.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from builder.model.diagnostics import Diagnostic, Problems

CONFIG_FILE = "mkdocs.yml"
PLUGIN = "briefing"


@dataclass(frozen=True)
class Option:
    name: str
    default: str
    help: str


OPTIONS = (
    Option("content", "", "Folder of the briefing's YAML, relative to mkdocs.yml (default: MkDocs' docs_dir where "
                          "mkdocs.yml sets one, else content)."),
    Option("templates", "templates",
           "Folder of the project's own templates, relative to mkdocs.yml; a template there replaces the "
           "generator's template of the same name. Optional: the generator's templates are used for the rest."),
)


@dataclass(frozen=True)
class Settings:
    """Where one project keeps its content and its own templates."""

    project_dir: Path
    content: str = "content"
    templates: str = "templates"
    use_directory_urls: bool = True
    site_url: str = ""
    language: str = "en"
    """The readers' language, Material's `theme: language:`, the one setting for Material's labels and the
    generator's: its words, dates and numbers (language.py), and the language pages' metadata and citations name."""
    docs_dir: str = ""
    """MkDocs' docs_dir as mkdocs.yml sets it ('' when it does not)."""

    @property
    def content_dir(self) -> Path:
        return self.project_dir / self.content

    @property
    def project_templates(self) -> Path | None:
        """The project's own templates folder, when it has one."""
        folder = self.project_dir / self.templates
        return folder if folder.is_dir() else None


class _Tolerant(yaml.SafeLoader):
    """Reads mkdocs.yml as data, leaving MkDocs' own tags (!ENV, !relative, !!python/name) as text."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
_Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read(project_dir: str | Path, config_file: str | Path = CONFIG_FILE) -> Settings:
    """The settings in <project>/mkdocs.yml (or another config file), or the defaults when there is none."""
    project = Path(project_dir).resolve()
    path = project / config_file
    shown = str(config_file)
    if not path.is_file():
        return Settings(project)
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Tolerant) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise Problems([Diagnostic(shown, mark.line + 1 if mark else 0,
                                   f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from None
    if not isinstance(config, dict):
        raise Problems([Diagnostic(shown, 1, "must be a mapping of settings")])
    options: dict[str, Any] = {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and PLUGIN in entry:
            options = entry[PLUGIN] or {}
    known = {o.name for o in OPTIONS}
    problems = [Diagnostic(shown, 0, f"plugin '{PLUGIN}': option '{name}' must be text, not {value!r}")
                for name, value in options.items() if name in known and not isinstance(value, str)]
    if problems:
        raise Problems(problems)
    docs_dir = str(config["docs_dir"]) if isinstance(config.get("docs_dir"), str) else ""
    chosen = {k: v for k, v in options.items() if k in known and v}
    chosen.setdefault("content", docs_dir or "content")  # the one content folder, in the order above
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return Settings(project, **chosen, use_directory_urls=bool(config.get("use_directory_urls", True)),
                    site_url=str(config.get("site_url") or ""), docs_dir=docs_dir,
                    language=str(language) if isinstance(language, str) and language.strip() else "en")


def docs_dir_for_mkdocs(settings: Settings) -> str | None:
    """The docs_dir the `briefing` commands give MkDocs: the content folder, unless mkdocs.yml names
    (or MkDocs' default 'docs' is) another folder that exists; None to leave MkDocs' own."""
    named = settings.project_dir / (settings.docs_dir or "docs")
    if named.is_dir() and named.resolve() != settings.content_dir.resolve():
        return None  # a docs folder with pages of its own, beside the briefing
    return str(settings.content_dir)
