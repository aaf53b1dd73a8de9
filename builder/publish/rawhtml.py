"""Let MkDocs skip re-parsing the HTML blocks our templates already rendered.

Our pages are Markdown headings around large blocks of finished HTML. MkDocs'
Markdown parses every raw HTML block twice in pure Python (once to find its
anchors, once to stash it), which was the largest single cost of a big build.
`stash` swaps each such block for a placeholder paragraph before MkDocs'
Markdown runs; `restore` puts the block back into the HTML it produced, laid
out exactly as Python-Markdown lays out a raw block (the block, then a line
break, the document stripped), so the site is the same bytes either way.

A chunk is only swapped when Python-Markdown would pass it through untouched:
it starts a line with a block-level tag, that tag closes only at the chunk's
end, and it asks for no Markdown inside (markdown="1"). Anything else is left
to MkDocs.
"""

from __future__ import annotations

import re
import secrets

from markdown.util import BLOCK_LEVEL_ELEMENTS

_CHUNKS = re.compile(r"(\n[ \t]*\n)")
_FIRST_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(?=[\s>/])")


def _closes_only_at_end(body: str, tag: str) -> bool:
    depth = 0
    for match in re.finditer(rf"<(/?){tag}(?=[\s>/])", body, re.IGNORECASE):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return body.endswith(">") and body[match.start():].lower() == f"</{tag}>"
    return False


def stash(text: str) -> tuple[str, str, list[str]]:
    """The text with each pass-through HTML block replaced by a placeholder; the key and the blocks."""
    key = "bfraw" + secrets.token_hex(8)
    parts = _CHUNKS.split(text)
    blocks: list[str] = []
    for i in range(0, len(parts), 2):
        chunk = parts[i]
        first = _FIRST_TAG.match(chunk)
        if first is None or first.group(1).lower() not in BLOCK_LEVEL_ELEMENTS:
            continue
        body = chunk.rstrip()
        if "markdown=" in body or not _closes_only_at_end(body, first.group(1).lower()):
            continue
        parts[i] = f"{key}x{len(blocks)}" + chunk[len(body):]
        blocks.append(body)
    return "".join(parts), key, blocks


def restore(html: str, key: str, blocks: list[str]) -> str:
    """The HTML with each placeholder paragraph replaced by its block, as Python-Markdown would have."""
    if not blocks:
        return html
    return re.sub(rf"<p>{key}x(\d+)</p>", lambda m: blocks[int(m.group(1))] + "\n", html).rstrip("\n")
