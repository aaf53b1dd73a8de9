"""A static briefing-site generator.

The pipeline, one module a step:
load (YAML -> model) -> checks (cross-references, citations, quotes)
-> pages (model -> list of pages) -> render (Jinja2 -> Markdown/HTML)
-> plugin (MkDocs) / cli (`briefing check | build | serve | lock | new`).
"""
