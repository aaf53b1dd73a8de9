"""Publishing: the only layer that knows MkDocs, Material, watchdog and Pagefind.

plugin (the MkDocs hooks), parallel (`briefing build` over two processes), preview (`briefing
serve`), incremental (which pages a source edit touches), mkdocs_api (every private MkDocs and
watchdog name, version-checked), search (Pagefind), rawhtml, pdf.
"""
