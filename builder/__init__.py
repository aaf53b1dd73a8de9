"""A static briefing-site generator, one subpackage a stage of the pipeline, each importing only those before it:

model     YAML -> typed items with the line of every value; citations parsed once; page addresses
sources   the archived texts, quotes verified against them, the quote lock
checks    every rule over the whole model (one diagnostic type, file:line and severity)
releases  snapshots of the public model and what changed between two
pages     the model -> page contexts -> Markdown/HTML through the Jinja2 templates
publish   the MkDocs wall: the plugin's hooks, the parallel build, the preview, search, PDF
editor    the `briefing` command line, `init`, `new`

import-linter holds these layers (pyproject.toml, [tool.importlinter]).
"""

import importlib.util
import logging

# ProperDocs (a fork of MkDocs 1.6) installs no `mkdocs` module: its own command line makes `mkdocs.*`
# imports load `properdocs.*`. Do the same when the `briefing` command runs where only ProperDocs is
# installed, so publish/ and editor/cli.py, the only modules that use MkDocs, work unchanged under either.
if importlib.util.find_spec("mkdocs") is None:
    try:
        import properdocs.replacement  # noqa: F401  (from here on, mkdocs.* imports load properdocs.*)
    except ModuleNotFoundError:
        pass
    else:
        logging.getLogger("mkdocs").parent = logging.getLogger("properdocs")  # as ProperDocs' own CLI does
