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
