"""Pages: the model turned into page contexts and rendered through the Jinja2 templates.

site (the list of pages and their views), sidebar (the navigation), contexts (what each template receives), render,
charts, graph, overview, export, mentions, history, theme (the template folders), prepare (load,
check and render in one call). Knows nothing of MkDocs.
"""
