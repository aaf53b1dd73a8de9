"""`briefing lsp` as a real process, over time: an editor's session of edits, and the server stays up.

A test client (tests/support.py) starts the command and speaks JSON-RPC over its stdin and stdout,
framing each message itself. The session opens files, types a bad citation and sees the
diagnostic, fixes it, completes, hovers, jumps, finds references, renames, takes a quick fix,
breaks the YAML half-way through typing, sends bad input, goes idle (no CPU), answers again and
shuts down. Every part's cases are in test_lsp_analysis.py, in process.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import line_of
from support import LanguageServer

pytestmark = pytest.mark.slow  # the command in a child process, over several seconds

THEME = "content/themes/bridge.yaml"
SOURCE = "content/sources/example-talks.yaml"


def _position(text: str, needle: str, offset: int = 0) -> dict:
    for number, line in enumerate(text.split("\n")):
        if needle in line:
            return {"line": number, "character": line.index(needle) + offset}
    raise AssertionError(f"{needle!r} not in the text")


def _errors(diagnostics: list[dict]) -> list[str]:
    return [d["message"] for d in diagnostics if d["severity"] == 1]


def test_a_session_of_edits_completions_jumps_and_renames_with_bad_input_and_idle_time_between(project):
    server = LanguageServer(project.root)
    try:
        _session(server, project)
    finally:
        server.kill()


def _session(server: LanguageServer, project) -> None:
    capabilities = server.initialized["capabilities"]
    assert set(capabilities["completionProvider"]["triggerCharacters"]) >= {"@", "#"}
    assert capabilities["renameProvider"] == {"prepareProvider": True}
    for provider in ("hoverProvider", "definitionProvider", "referencesProvider", "codeActionProvider",
                     "documentSymbolProvider"):
        assert capabilities[provider], provider

    # Open a theme: nothing wrong with it.
    theme_text = project.read(THEME)
    theme = server.open(project.root / THEME)
    assert server.diagnostics(theme, 1) == []

    # Type a bad citation, one keystroke (a deleted character), not saved: the diagnostic, at its line and column.
    at = _position(theme_text, "[@example-talks#workers-5000]", 2)
    end = at["character"] + len("example-talks#workers-5000")
    server.edit(theme, 2, at["line"], end - 1, end, "")
    (bad,) = server.diagnostics(theme, 2)
    assert bad["message"] == ("citation to unknown claim 'workers-500' of source 'example-talks' "
                              "(did you mean 'workers-5000'?)")
    assert bad["range"] == {"start": at, "end": {"line": at["line"], "character": end - 1}}
    # Fixed: cleared.
    server.edit(theme, 3, at["line"], end - 1, end - 1, "0")
    assert server.diagnostics(theme, 3) == []

    # Type a new citation, completing it: the sources after '[@', that source's claims after '#'.
    line = theme_text.split("\n")[at["line"]]
    server.edit(theme, 4, at["line"], len(line), len(line), " More [@")
    where = {"textDocument": {"uri": theme}, "position": {"line": at["line"], "character": len(line) + 8}}
    sources = server.request("textDocument/completion", where)
    assert [(i["label"], i["detail"]) for i in sources["items"]] == [("example-talks", "Example Wire · 2025-02")]
    server.edit(theme, 5, at["line"], len(line) + 8, len(line) + 8, "example-talks#")
    where["position"]["character"] = len(line) + 22
    claims = server.request("textDocument/completion", where)
    assert [i["label"] for i in claims["items"]] == ["bridge-agreed", "berg-two-years", "workers-5000"]
    server.edit(theme, 6, at["line"], len(line) + 22, len(line) + 22, "bridge-agreed].")
    assert server.diagnostics(theme, 6) == []

    # Hover on a citation: the claim, its quote, the source's title, outlet, date and grade.
    cited = {"textDocument": {"uri": theme}, "position": {"line": at["line"], "character": len(line) + 25}}
    shown = server.request("textDocument/hover", cited)["contents"]["value"]
    for part in ("The foreign ministers agreed to build a bridge.", "> The foreign ministers of Ruritania",
                 "*Example Talks Make Progress*", "Example Wire, February 2025", "grade F6"):
        assert part in shown, part

    # Go to the claim's definition in its source file.
    found = server.request("textDocument/definition", cited)
    assert found["uri"] == (project.root / SOURCE).resolve().as_uri()
    assert found["range"]["start"]["line"] == line_of(project, SOURCE, "id: bridge-agreed") - 1

    # A cross-file effect: rename a claim in the source's buffer (unsaved); the theme that cites it is marked.
    source_text = project.read(SOURCE)
    source = server.open(project.root / SOURCE)
    server.diagnostics(source, 1)
    mark = len(server.notifications)
    claim = _position(source_text, "id: workers-5000", 4)
    server.edit(source, 2, claim["line"], claim["character"], claim["character"] + len("workers-5000"), "workers-many")
    assert _errors(server.diagnostics(theme, 6, after=mark)) == [
        "citation to unknown claim 'workers-5000' of source 'example-talks' (did you mean 'workers-many'?)"]
    mark = len(server.notifications)
    server.edit(source, 3, claim["line"], claim["character"], claim["character"] + len("workers-many"), "workers-5000")
    assert server.diagnostics(theme, 6, after=mark) == []

    # References of the claim, asked from its id in the source: every citation and the id itself.
    claim_here = {"textDocument": {"uri": source}, "position": claim}
    places = server.request("textDocument/references", {**claim_here, "context": {"includeDeclaration": True}})
    assert sorted({Path(p["uri"]).name for p in places}) == ["bridge.yaml", "discrepancies.yaml", "example-talks.yaml"]

    # Rename it everywhere in one edit: the open theme's edit carries its version; the lock follows.
    assert server.request("textDocument/prepareRename", claim_here)["placeholder"] == "workers-5000"
    edit = server.request("textDocument/rename", {**claim_here, "newName": "workers-needed"})
    by_file = {Path(c["textDocument"]["uri"]).name: c for c in edit["documentChanges"]}
    assert set(by_file) == {"bridge.yaml", "discrepancies.yaml", "example-talks.yaml", "quotes.lock"}
    assert by_file["bridge.yaml"]["textDocument"]["version"] == 6
    assert all(e["newText"] == "workers-needed" for e in by_file["discrepancies.yaml"]["edits"])

    # A misquote, and its quick fix: the closest passage of the archived text.
    quote = _position(source_text, "quote: Officials in Zenda estimate that 5,000", 7)
    server.edit(source, 4, quote["line"], quote["character"] + 26, quote["character"] + 31, "5000 ")
    (misquote,) = server.diagnostics(source, 4)
    assert misquote["message"].startswith("quote of claim 'workers-5000' is not in the archived text article.txt")
    fixes = server.request("textDocument/codeAction", {"textDocument": {"uri": source}, "range": misquote["range"],
                                                       "context": {"diagnostics": [misquote]}})
    assert fixes[0]["title"].startswith("Replace the quote with the closest passage")
    (fix,) = fixes[0]["edit"]["changes"][source]
    server.edit(source, 5, fix["range"]["start"]["line"], fix["range"]["start"]["character"],
                fix["range"]["end"]["character"], fix["newText"])
    assert server.diagnostics(source, 5) == []

    # The outline of the source: its claims by id.
    outline = server.request("textDocument/documentSymbol", {"textDocument": {"uri": source}})
    claims = next(s for s in outline if s["name"] == "claims")
    assert [c["name"] for c in claims["children"]] == ["bridge-agreed", "berg-two-years", "workers-5000"]

    # Half-typed YAML, keystroke after keystroke: one problem in that file, no flood elsewhere, still answering.
    mark = len(server.notifications)
    version = 5
    for typed in ("c", "l", "a", "i", "m", "s", ":", " ", "[", "{", "\t", "\"", "&", "*"):
        version += 1
        server.edit(source, version, 0, 0, 0, typed)
    found = server.diagnostics(source, version)
    assert len(found) == 1 and found[0]["severity"] == 1
    assert not any(n["params"]["uri"] != source for n in server.notifications[mark:]
                   if n.get("method") == "textDocument/publishDiagnostics")
    assert "Example Wire" in server.request("textDocument/hover", cited)["contents"]["value"]

    # Bad input: a body that is not JSON, a method that does not exist, a file outside any briefing.
    server.send_raw(b"{this is not json")
    unknown = server.answer(server.ask("briefing/nothing", {}))
    assert unknown["error"]["code"] == -32601
    outside = project.root.parent / "elsewhere.yaml"
    outside.write_text("a: [@x]\n", encoding="utf-8")
    stray = server.open(outside)
    assert server.request("textDocument/hover", {"textDocument": {"uri": stray},
                                                 "position": {"line": 0, "character": 5}}) is None

    # Idle: no CPU while nothing is asked; then it answers at once.
    time.sleep(1.0)
    before = server.cpu_seconds()
    time.sleep(3.0)
    assert server.cpu_seconds() - before < 0.1
    server.edit(source, version + 1, 0, 0, len("claims: [{\t\"&*"), "")
    assert server.diagnostics(source, version + 1) == []
    assert server.shutdown() == 0


def test_columns_are_counted_in_the_editors_units_where_a_line_holds_characters_beyond_the_basic_plane(project):
    text = project.read(THEME).replace("agreed in Zenda [@example-talks#bridge-agreed]",
                                       "agreed in Zenda \U0001F309 [@example-talks#bridge-agred]")
    server = LanguageServer(project.root)
    try:
        theme = server.open(project.root / THEME, text)
        (found,) = server.diagnostics(theme, 1)
        at = _position(text, "example-talks#bridge-agred")
        assert found["range"]["start"] == {"line": at["line"], "character": at["character"] + 1}  # UTF-16: 2 units
        assert server.shutdown() == 0
    finally:
        server.kill()
