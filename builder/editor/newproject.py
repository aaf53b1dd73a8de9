"""`briefing init`: a new, self-contained briefing project that checks and builds at once.

Everything it writes belongs to the new project: the content files (each
pointing at its JSON Schema), a minimal mkdocs.yml (the plugin brings the
templates, theme additions and assets from the installed generator), the
archive folder, and what a project on GitHub needs (a .gitignore, a
workflow that checks, builds and publishes, a pre-commit hook) plus a short
README for its editors. No path in it leads back to the generator.

`--language` names the readers' language, written once, as Material's
`theme: language:`; the example values in the content files (a subtitle, a
question, a figure's label) are written in that language's words and
conventions ('etwa 1.500'), from the generator's catalogues. The comments that
explain each field are for editors, in English, the tool's language.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from builder.sources import archive
from builder.sources import lock
from builder.model import items as m
from builder.model import language as language_mod
from builder.model import schema
from builder.model.diagnostics import Diagnostic, Problems
from builder.checks import links
from builder.pages import theme

DISTRIBUTION = "briefing-builder"


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _modeline(path: str, kind_name: str) -> str:
    kind = next(k for k in schema.KINDS if k.name == kind_name)
    depth = path.count("/")
    return f"{schema.MODELINE_PREFIX} $schema={'../' * depth}{schema.SCHEMA_DIR}/{kind.filename}"


def requirement() -> tuple[str, str]:
    """How the new project's CI installs this generator, and a comment saying where that comes from."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return f"{DISTRIBUTION}", "# The generator. Pin the version or address your CI should install."
    direct = dist.read_text("direct_url.json")
    info = json.loads(direct) if direct else {}
    vcs = info.get("vcs_info")
    if vcs and info.get("url"):
        pin = f"@{vcs['commit_id']}" if vcs.get("commit_id") else ""
        return (f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{info['url']}{pin}",
                "# The generator, from the repository it was installed from.")
    return (f"{DISTRIBUTION}=={dist.version}",
            "# The generator. It was installed here from a local copy: if it is not on your package index,\n"
            "# replace this line with where CI can install it from (a git URL, or a wheel in the repository).")


@dataclass(frozen=True)
class Options:
    title: str
    archive: str = "archive"
    as_of: str = ""  # YYYY-MM-DD; today when empty
    publisher: str = ""  # who publishes the briefing; written commented out when empty
    authors: tuple[str, ...] = ()  # who writes or edits it
    contact: str = ""  # an e-mail or web address
    licence: str = ""  # the licence's name, e.g. CC BY 4.0
    language: str = "en"  # the readers' language, as Material's theme `language` names it: de, fr, ar, pt-BR...


def starter(options: Options) -> language_mod.Language:
    """The language of the new project's example values (English when the generator has no catalogue for it)."""
    return language_mod.load(options.language, theme.folders(None)).language


def catalogued(language: str) -> bool:
    """Whether the generator has a catalogue of its words in `language` (English is their own)."""
    return language == language_mod.SOURCE_LANGUAGE or bool(language_mod.catalogue_paths(language, theme.folders(None)))


def examples(lang: language_mod.Language) -> dict[str, str]:
    """The example values the content files show in comments, in the readers' language and its conventions."""
    pgettext = lang.pgettext
    return {
        "organisation": pgettext("starter content", "Your organisation"),
        "name": pgettext("starter content", "Your name"),
        "role": pgettext("starter content", "editor"),
        "subtitle": pgettext("starter content", "One line under the title."),
        "description": pgettext("starter content",
                                "What the briefing covers, in a few sentences. It may cite sources, as [@source-id]."),
        "event": pgettext("starter content", "What happened [@source-id#claim-id]."),
        "entity_role": pgettext("starter content", "One line: who she is, as of the sources."),
        "question": pgettext("starter content", "How many rides a day?"),
        "unit": pgettext("starter content", "rides a day"),
        "council": pgettext("starter content", "%(figure)s, according to the council [@source-id#claim-id].")
        % {"figure": lang.number(2400)},
        "about": pgettext("starter content", "about %(figure)s") % {"figure": lang.number(1500)},
        "operator": pgettext("starter content", "About %(figure)s, according to the operator [@other-source#claim-id].")
        % {"figure": lang.number(1500)},
    }


def _publication(options: Options) -> str:
    """briefing.yaml's publisher, authors, contact and licence: the values given to `init`, else commented examples."""
    example = examples(starter(options))
    lines = ["# Who publishes the briefing, who writes it, how readers reach you and the licence they may",
             "# reuse it under: every page's footer, the printed briefing, the feed and the metadata show them.",
             "# Leave out what you do not want to say; never guess a name or an address."]
    if options.publisher:
        lines += ["publisher:", f"  name: {_yaml_string(options.publisher)}",
                  "  # url: https://example.org/   # the publisher's web address"]
    else:
        lines += ["# publisher:", f"#   name: {example['organisation']}",
                  "#   url: https://example.org/"]
    if options.authors:
        lines.append("authors:")
        for name in options.authors:
            lines += [f"  - name: {_yaml_string(name)}", f"    # role: {example['role']}"]
    else:
        lines += ["# authors:", f"#   - name: {example['name']}", f"#     role: {example['role']}"]
    lines.append(f"contact: {_yaml_string(options.contact)}" if options.contact
                 else "# contact: briefing@example.org   # an e-mail address or a web address")
    if options.licence:
        lines += ["licence:", f"  name: {_yaml_string(options.licence)}",
                  "  # url: https://creativecommons.org/licenses/by/4.0/   # where the licence's text is"]
    else:
        lines += ["# licence:", "#   name: CC BY 4.0", "#   url: https://creativecommons.org/licenses/by/4.0/"]
    return "\n".join(lines) + "\n"


def files(options: Options) -> dict[str, str]:
    """Every file of a new project, by its path in the project."""
    title = options.title
    as_of = options.as_of or datetime.date.today().isoformat()
    requirement_line, requirement_comment = requirement()
    example = examples(starter(options))

    content = {
        "content/briefing.yaml": f"""\
{_modeline("content/briefing.yaml", "briefing")}
# The briefing as a whole. Every field is described in schemas/briefing.schema.json
# (an editor with the YAML language server shows the descriptions as you type).
title: {_yaml_string(title)}
# subtitle: {example["subtitle"]}
as_of: "{as_of}"  # the date the briefing is current to (YYYY-MM-DD); move it forward with each update
archive: {_yaml_string(options.archive)}  # the folder of the articles' full texts, relative to the project
# description: >-
#   {example["description"]}
{_publication(options)}# The bottom line up front: judgements that cite claims, each with its confidence.
key_judgements: []
""",
        "content/timeline.yaml": f"""\
{_modeline("content/timeline.yaml", "timeline")}
# Dated events the sources mention, each citing them, in any order (the site sorts them).
#   - date: "2025-06"   # or 2025-06-14, 2025, 2000s, early 2025, autumn 2025, 2018/2019
#     text: {example["event"]}
events: []
""",
        "content/entities.yaml": f"""\
{_modeline("content/entities.yaml", "entities")}
# People, organisations, places and groups that claims are by or about.
#   - id: anna-berg
#     name: Anna Berg
#     kind: person      # person, organisation, place or group
#     role: {example["entity_role"]}
entities: []
""",
        "content/discrepancies.yaml": f"""\
{_modeline("content/discrepancies.yaml", "discrepancies")}
# Questions on which the sources give different figures, dates or accounts, each value cited.
#   - id: daily-rides
#     question: {example["question"]}
#     kind: number        # number, date or account
#     unit: {example["unit"]}
#     values:
#       - value: 2400
#         text: {example["council"]}
#       - value: 1500
#         label: {example["about"]}
#         text: {example["operator"]}
discrepancies: []
""",
        "content/quotes.lock": lock.Lock().text(),  # no quote yet: nothing to verify
        "content/sources/.gitkeep": "",
        "content/themes/.gitkeep": "",
        f"{options.archive}/.gitkeep": "",
        "mkdocs.yml": f"""\
# The site's frame. The briefing is in content/; the plugin `briefing` turns it into
# pages and brings the generator's templates, theme additions and assets. site_name
# is replaced by the briefing's title. Pages, addresses and options: the generator's README.
site_name: {_yaml_string(title)}
# site_url: https://example.org/briefing/   # the published address: the feed and print footer use it
docs_dir: content   # the briefing's folder, named once: MkDocs and the plugin both read it from here
strict: true        # a warning (a TODO left in the content) stops the build
theme:
  name: material
  language: {options.language}   # the readers' language: Material's labels and the generator's words, dates and numbers
plugins:
  - briefing
validation:
  nav:
    omitted_files: ignore   # single sources and entities are reached from their index pages, not the sidebar
""",
        "requirements.txt": f"{requirement_comment}\n{requirement_line}\n",
        ".gitignore": f"""\
/site/
/.site-*/
/.venv/
__pycache__/
# `briefing pdf` prints the briefing here: made from the content, like site/.
/briefing.pdf
# The articles' full texts are other people's writing: kept out of the repository.
# content/quotes.lock records every verified quote, so CI checks quotes without them.
# Delete this line if you may publish the texts.
/{options.archive.strip('/')}/
""",
        ".pre-commit-config.yaml": """\
# pre-commit (https://pre-commit.com): `pip install pre-commit && pre-commit install`,
# and every commit that touches the briefing is checked first.
repos:
  - repo: local
    hooks:
      - id: briefing-check
        name: briefing check
        entry: briefing check
        language: system
        files: ^content/
        pass_filenames: false
""",
        ".github/workflows/site.yml": """\
# Check and build the briefing on every push and pull request; publish it to
# GitHub Pages from pushes to the default branch. The archive of full texts is
# not in the repository, so quotes are checked against content/quotes.lock.
name: site

on:
  push:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: site-${{ github.ref }}
  cancel-in-progress: ${{ github.event_name == 'pull_request' }}

jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the whole history: briefing diff compares with the base branch
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
          cache: pip
          cache-dependency-path: requirements.txt
      - name: Install the generator
        run: pip install -r requirements.txt
      # What a pull request changes in the briefing (judgements, claims, figures, grades),
      # worked out from the content, in the run's summary for the reviewer.
      - name: Describe the changes to the briefing
        if: github.event_name == 'pull_request'
        env:
          BASE_REF: ${{ github.base_ref }}
        run: briefing diff "origin/$BASE_REF" >> "$GITHUB_STEP_SUMMARY"
      - name: Check the briefing
        run: briefing check
      - name: Build the site (strict)
        run: briefing build
      - name: Upload the Pages artifact
        if: github.event_name == 'push' && github.ref_name == github.event.repository.default_branch
        uses: actions/upload-pages-artifact@v3
        with:
          path: site/

  deploy:
    needs: build
    if: github.event_name == 'push' && github.ref_name == github.event.repository.default_branch
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
""",
        "README.md": f"""\
# {title}

A sourced briefing, kept as YAML in `content/` and published as a static site
by the briefing generator (`pip install -r requirements.txt` installs it).

```sh
briefing new source <id> --from ARTICLE   # archive an article (a URL, page.html, report.pdf or article.txt), start its source file
briefing new theme <id>        # start a theme (a topic page), every field explained
briefing lock      # verify every quote against the archived texts; record them in content/quotes.lock
briefing check     # check everything; every problem as file:line: message
briefing serve     # preview at http://127.0.0.1:8000, updated as you save
briefing build     # build the site into site/
briefing diff      # what your edits change in the briefing (judgements, figures, grades), since the last commit
briefing release --note "What this update does"   # record a release: readers see it on /changes/ and in the feed
```

## The files

| file | what it holds |
|---|---|
| `content/briefing.yaml` | title, as-of date, archive folder, description, key judgements |
| `content/sources/<id>.yaml` | one article: who, when, a summary, and its claims with verbatim quotes |
| `content/themes/<id>.yaml` | one theme: bottom line, sections citing claims, what to watch |
| `content/timeline.yaml`, `entities.yaml`, `discrepancies.yaml` | events, people and places, disagreements |
| `content/quotes.lock` | what `briefing lock` verified (commit it) |
| `{options.archive}/` | the articles' full texts (not committed; see .gitignore) |
| `schemas/` | JSON Schemas of the content files, for your editor |

A citation is written `[@source-id#claim-id]` (or `[@a#c1; @b#c2]`); it becomes a numbered
link to the quoted passage. `briefing new source` and `briefing new theme` write files whose
comments explain every field (so do the JSON Schemas in `schemas/`, which an editor with the
YAML language server shows as you type); replace each TODO before publishing (a TODO stops
the build). The generator's guide, EDITING.md in its repository, goes through every file.
`export NO_MKDOCS_2_WARNING=1` silences the Material theme's notice about MkDocs 2.

## Publishing

Push to GitHub with Pages set to "GitHub Actions": the workflow in `.github/workflows/`
checks, builds and publishes the site. Set `site_url` in mkdocs.yml to its address.

## Language

The site speaks the language named once in mkdocs.yml, `theme: language:`
(English, German, French, Spanish and Arabic come with the generator; its
README, "Languages", says how to add another, or change single words with a
catalogue in this project's `templates/`).

## Restyling

A `templates/` folder here replaces the generator's files of the same name: page
templates (`theme.md.j2`...), Material overrides (`overrides/main.html`) and assets
(`static/assets/briefing.css`).
""",
    }
    return content


def _language_problems(options: Options) -> list[Diagnostic]:
    """--language names a language as Material does, and one CLDR knows (its dates, numbers and plurals)."""
    if language_mod.cldr_locale(options.language) is not None:
        return []
    return [Diagnostic("(command line)", 0, f"--language '{options.language}' is not a language code Material and "
                                            "CLDR know", "write it as Material does: de, fr, ar, pt-BR, zh-Hant")]


def _folder_problems(target: Path, folder: str | Path) -> list[Diagnostic]:
    if target.exists() and not target.is_dir():
        return [Diagnostic(str(folder), 0, "exists and is not a folder", "choose a new folder's name")]
    if target.is_dir() and any(target.iterdir()):
        return [Diagnostic(str(folder), 0, "is not empty; nothing was written",
                           "start a briefing in a new or empty folder")]
    return []


def _option_problems(options: Options) -> list[Diagnostic]:
    """What is wrong with the command line's options, each as a problem of '(command line)'."""
    problems = []
    if not options.title.strip():
        problems.append(Diagnostic("(command line)", 0, "--title is empty", "give the briefing's title"))
    folder_problem = archive.folder_problem(options.archive)
    if folder_problem:
        problems.append(Diagnostic("(command line)", 0, f"--archive {folder_problem}, not '{options.archive}'"))
    if options.as_of:
        try:
            as_of = m.PartialDate.parse(options.as_of)
        except ValueError as exc:
            problems.append(Diagnostic("(command line)", 0, f"--as-of: {exc}"))
        else:
            if as_of.precision != "day":
                problems.append(Diagnostic("(command line)", 0, f"--as-of '{options.as_of}' needs a day: YYYY-MM-DD"))
    problems += _language_problems(options)
    if options.contact and links.contact_problem(options.contact):
        problems.append(Diagnostic("(command line)", 0, f"--contact {links.contact_problem(options.contact)}, "
                                                        f"not '{options.contact}'"))
    for flag, value in (("--publisher", options.publisher), ("--licence", options.licence),
                        *(("--author", name) for name in options.authors)):
        if value != value.strip() or (flag == "--author" and not value.strip()):
            problems.append(Diagnostic("(command line)", 0, f"{flag} '{value}' is empty or starts or ends with a space"))
    return problems


def init(folder: str | Path, options: Options) -> list[Path]:
    """Write a new project into `folder` (created if missing, refused if not empty)."""
    target = Path(folder)
    problems = _folder_problems(target, folder) + _option_problems(options)
    if problems:
        raise Problems(problems)
    written = []
    for relpath, text in files(options).items():
        path = target / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    written += schema.write_all(target)
    return written


def default_title(folder: str | Path) -> str:
    """A title from the folder's name: 'ferry-pilot' -> 'Ferry pilot'."""
    name = Path(folder).resolve().name.replace("-", " ").replace("_", " ").strip()
    return name[:1].upper() + name[1:] if name else "Briefing"
