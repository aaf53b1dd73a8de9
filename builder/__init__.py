"""A static briefing-site generator.

The pipeline, one module a step:
load (YAML -> model) -> checks (cross-references, citations, quotes)
-> pages (model -> list of pages) -> render (Jinja2 -> Markdown/HTML)
-> plugin (MkDocs) / cli (`briefing check | build | serve | lock | new | release | diff`).

Beside it: releases (a snapshot of the public model, recorded by `briefing
release` under content/releases/) -> changes (the semantic diff of two
snapshots) -> history (the releases as the changes page, "Updated" lines and
the feed show them); revisions (the content at a git revision, for `briefing
diff`).
"""

import importlib.util
import logging

# ProperDocs (a fork of MkDocs 1.6) installs no `mkdocs` module: its own command line makes `mkdocs.*`
# imports load `properdocs.*`. Do the same when the `briefing` command runs where only ProperDocs is
# installed, so plugin.py and cli.py, the only modules that use MkDocs, work unchanged under either.
if importlib.util.find_spec("mkdocs") is None:
    try:
        import properdocs.replacement  # noqa: F401  (from here on, mkdocs.* imports load properdocs.*)
    except ModuleNotFoundError:
        pass
    else:
        logging.getLogger("mkdocs").parent = logging.getLogger("properdocs")  # as ProperDocs' own CLI does
