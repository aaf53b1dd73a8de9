"""The editor's tools: the `briefing` command line, `init`, `new source` and `new theme`.

The top layer: it may import every other; nothing imports it.
"""
