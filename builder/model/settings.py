"""The generator's settings, declared once: the plugin's options in mkdocs.yml.

```yaml
plugins:
  - briefing:
      content: content      # the briefing's YAML
      templates: templates  # the project's own templates (optional)
```

The MkDocs plugin builds its config schema from `OPTIONS`, and the command
line reads the same options from the same file (`read`), so `briefing check`
and `mkdocs build` always look at the same folders. The archive folder is
content: `archive:` in briefing.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

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
    Option("content", "content", "Folder of the briefing's YAML, relative to mkdocs.yml."),
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

    @property
    def content_dir(self) -> Path:
        return self.project_dir / self.content

    @property
    def project_templates(self) -> Optional[Path]:
        """The project's own templates folder, when it has one."""
        folder = self.project_dir / self.templates
        return folder if folder.is_dir() else None


class _Tolerant(yaml.SafeLoader):
    """Reads mkdocs.yml as data, leaving MkDocs' own tags (!ENV, !relative, !!python/name) as text."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
_Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read(project_dir: str | Path) -> Settings:
    """The settings in <project>/mkdocs.yml, or the defaults when there is no such file."""
    project = Path(project_dir).resolve()
    path = project / CONFIG_FILE
    if not path.is_file():
        return Settings(project)
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Tolerant) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise Problems([Diagnostic(CONFIG_FILE, mark.line + 1 if mark else 0,
                                   f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from None
    if not isinstance(config, dict):
        raise Problems([Diagnostic(CONFIG_FILE, 1, "must be a mapping of settings")])
    options: dict[str, Any] = {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and PLUGIN in entry:
            options = entry[PLUGIN] or {}
    known = {o.name for o in OPTIONS}
    problems = [Diagnostic(CONFIG_FILE, 0, f"plugin '{PLUGIN}': option '{name}' must be text, not {value!r}")
                for name, value in options.items() if name in known and not isinstance(value, str)]
    if problems:
        raise Problems(problems)
    return Settings(project, **{k: v for k, v in options.items() if k in known},
                    use_directory_urls=bool(config.get("use_directory_urls", True)),
                    site_url=str(config.get("site_url") or ""))
