"""Bad content, case by case: each breaks the small test project in one way and names where the problem is.

Shared by tests/test_bad_content.py (each case through the command and MkDocs) and tests/test_rules.py.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable

SRC = "content/sources/example-talks.yaml"
BRIEFING = "content/briefing.yaml"
THEME = "content/themes/bridge.yaml"
ENTITIES = "content/entities.yaml"
TIMELINE = "content/timeline.yaml"
LOCK = "content/quotes.lock"


def replace(relpath: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / relpath
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"fixture changed: {old!r} is not once in {relpath}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return edit


def write(relpath: str, data: str | bytes) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / relpath
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return edit


def copy(from_relpath: str, to_relpath: str) -> Callable[[Path], None]:
    return lambda root: shutil.copy(root / from_relpath, root / to_relpath)


def append(relpath: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / relpath
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return edit


def remove_archive(root: Path) -> None:
    """As on a laptop or a hosted CI runner: only the lock vouches for the quotes."""
    shutil.rmtree(root / "archive")


def tamper_hash(key: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / LOCK
        text = path.read_text(encoding="utf-8")
        new = re.sub(rf'("{re.escape(key)}": \{{"archive": "[^"]+", "sha256": ")([0-9a-f])',
                     lambda m: m.group(1) + ("0" if m.group(2) != "0" else "1"), text)
        assert new != text
        path.write_text(new, encoding="utf-8")
    return edit


def lock_line(needle: str) -> Callable[[Path], int]:
    """The line of some text in the lock, read before the edit (the lock is generated, not written here)."""
    def line(root: Path) -> int:
        for number, text in enumerate((root / LOCK).read_text(encoding="utf-8").splitlines(), start=1):
            if needle in text:
                return number
        raise AssertionError(f"{needle} not in the lock")
    return line


@dataclass
class Case:
    id: str
    edits: list[Callable[[Path], None]]
    path: str
    line: int | Callable[[Path], int]  # 0: the problem is the whole file, shown as `path: message`
    fragment: str  # part of the message, as an editor reads it
    also: list[str] = field(default_factory=list)  # further fragments of the same message (e.g. the hint)


BOMB = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9 if i else ['"lol"'] * 9) + "]\n" for i in range(9))

CASES = [
    # -- YAML syntax ------------------------------------------------------
    Case("tab-indentation", [replace(SRC, "  - id: bridge-agreed", "\t- id: bridge-agreed")],
         SRC, 13, "YAML syntax error", ["indent with spaces, not tabs"]),
    Case("bad-indentation", [replace(SRC, "    type: reported", "     type: reported")],
         SRC, 14, "YAML syntax error: 'type:' is indented more than line 13", ["indent it as 'id:' on line 13"]),
    Case("unclosed-double-quote", [replace(SRC, "title: Example Talks Make Progress",
                                           'title: "Example Talks Make Progress')],
         SRC, 1, "quoted value that starts on this line runs on", ["closing quote"]),
    Case("unclosed-single-quote-at-end", [replace(ENTITIES, "role: Local officials.", "role: 'Local officials.")],
         ENTITIES, 18, "quoted value is not closed", ["closing quote"]),
    Case("unclosed-bracket", [replace(SRC, "about: [ruritania, zenda]", "about: [ruritania, zenda")],
         SRC, 18, "YAML syntax error", ["the '[' on line 17 has no matching ']'"]),
    Case("empty-file", [write(THEME, "")], THEME, 1, "file is empty"),
    Case("comments-only-file", [write(TIMELINE, "# events: to do\n\n")], TIMELINE, 1, "file is empty"),
    Case("not-utf8", [lambda root: (root / SRC).write_bytes(
        (root / SRC).read_bytes().replace(b"outlet: Example Wire", b"outlet: Caf\xe9 Wire"))],
         SRC, 2, "not UTF-8", ["save it as UTF-8"]),
    Case("top-level-list", [write(ENTITIES, "- id: anna-berg\n  name: Anna Berg\n")],
         ENTITIES, 1, "must be a mapping", ["not a list"]),
    Case("top-level-text", [write(BRIEFING, "Example briefing, as of March\n")],
         BRIEFING, 1, "must be a mapping", ["not a single value"]),
    Case("control-character-escaped", [replace(SRC, "outlet: Example Wire", 'outlet: "Example\\x1fWire"')],
         SRC, 2, "contains the control character U+001F", ["retype the text"]),
    Case("c1-control-escaped", [replace(ENTITIES, "    name: Zenda", '    name: "Zenda\\x9b"')],
         ENTITIES, 12, "contains the control character U+009B"),
    Case("invalid-escape", [replace(ENTITIES, "    name: Zenda", '    name: "Zenda\\ud800"')],
         ENTITIES, 12, "YAML syntax error"),
    Case("raw-control-character", [replace(THEME, "title: The bridge", "title: The\x1fbridge")],
         THEME, 1, "control character U+001F", ["delete it"]),
    # -- types and fields -------------------------------------------------
    Case("text-where-number", [replace(THEME, "order: 1", "order: first")], THEME, 2, "must be a whole number"),
    Case("number-where-text", [replace(BRIEFING, "title: Example briefing", "title: 2025")],
         BRIEFING, 1, "must be text", ["put it in quotes"]),
    Case("text-where-list", [replace(SRC, "key_points:\n  - A bridge is planned.", "key_points: A bridge is planned.")],
         SRC, 10, "must be a list", ["start each entry with '- '"]),
    Case("list-where-mapping", [replace(SRC, 'published:\n  date: "2025-02"\n  inferred:',
                                        'published:\n  - date: "2025-02"\n    inferred:')],
         SRC, 5, "must be a mapping"),
    Case("unknown-field-typo", [replace(SRC, "author: unknown", "autor: unknown")],
         SRC, 3, "unknown field 'autor'", ["did you mean 'author'?"]),
    Case("unknown-field-in-claim", [replace(SRC, "    text: Minister Anna Berg said", "    txt: Minister Anna Berg said")],
         SRC, 21, "unknown field 'txt'", ["did you mean 'text'?"]),
    Case("field-given-twice", [replace(BRIEFING, "subtitle: A small briefing for tests",
                                       "subtitle: A small briefing for tests\nsubtitle: Another")],
         BRIEFING, 3, "'subtitle' is given twice", ["first on line 2"]),
    Case("missing-required-field", [replace(SRC, "kind: wire-copy\n", "")],
         SRC, 1, "missing the required field 'kind'"),
    Case("missing-required-in-claim", [replace(SRC, "    type: assessment\n", "")],
         SRC, 23, "missing the required field 'type'"),
    Case("value-not-in-choices", [replace(THEME, "confidence: moderate", "confidence: hihg")],
         THEME, 4, "'hihg' is not one of: high, moderate, low", ["did you mean 'high'?"]),
    Case("statement-without-by", [replace(SRC, "    by: anna-berg\n", "")],
         SRC, 19, "needs 'by'"),
    # -- ids --------------------------------------------------------------
    Case("duplicate-claim-id", [replace(SRC, "  - id: workers-5000", "  - id: bridge-agreed")],
         SRC, 23, "duplicate claim", ["'bridge-agreed'", "first used at content/sources/example-talks.yaml:13"]),
    Case("duplicate-entity-id", [replace(ENTITIES, "  - id: zenda\n", "  - id: ruritania\n")],
         ENTITIES, 11, "duplicate entity id 'ruritania'", ["first used at content/entities.yaml:7"]),
    Case("id-with-dot-dot-slash", [replace(ENTITIES, "  - id: zenda-officials", "  - id: ../x")],
         ENTITIES, 15, "'../x' is not a valid id", ["lower-case letters, digits and single hyphens"]),
    Case("id-with-spaces", [replace(SRC, "  - id: workers-5000", "  - id: workers 5000")],
         SRC, 23, "'workers 5000' is not a valid id"),
    Case("id-upper-case", [replace(BRIEFING, "  - id: bridge-planned", "  - id: Bridge-Planned")],
         BRIEFING, 7, "'Bridge-Planned' is not a valid id"),
    Case("id-reserved", [replace(ENTITIES, "  - id: zenda-officials", "  - id: index")],
         ENTITIES, 15, "'index' is reserved"),
    Case("file-name-with-space", [copy(THEME, "content/themes/my theme.yaml")],
         "content/themes/my theme.yaml", 0, "file name 'my theme' is not a valid id", ["page address"]),
    Case("file-name-upper-case", [copy(THEME, "content/themes/Bridge2.yaml")],
         "content/themes/Bridge2.yaml", 0, "file name 'Bridge2' is not a valid id"),
    Case("file-name-dot-dot", [copy(SRC, "content/sources/x..y.yaml")],
         "content/sources/x..y.yaml", 0, "file name 'x..y' is not a valid id"),
    Case("file-name-reserved", [copy(THEME, "content/themes/index.yaml")],
         "content/themes/index.yaml", 0, "file name 'index' is reserved"),
    Case("file-not-yaml", [copy(THEME, "content/themes/bridge2.yml")],
         "content/themes/bridge2.yml", 0, "not a .yaml file", ["rename it to .yaml"]),
    # -- references and citations ------------------------------------------
    Case("dangling-citation-claim", [replace(THEME, "[@example-talks#workers-5000]", "[@example-talks#workers-500]")],
         THEME, 12, "citation to unknown claim 'workers-500'", ["did you mean 'workers-5000'?"]),
    # Every citation of a group is checked, not only the first (the page would link to no anchor).
    Case("dangling-second-citation-of-a-group", [replace(THEME, "[@example-talks#bridge-agreed; @example-talks#berg-two-years]",
                                                         "[@example-talks#bridge-agreed; @example-talks#nosuch]")],
         THEME, 3, "citation to unknown claim 'nosuch' of source 'example-talks'"),
    Case("dangling-citation-source", [replace(TIMELINE, "[@example-talks#bridge-agreed]", "[@example-talk#bridge-agreed]")],
         TIMELINE, 3, "citation to unknown source 'example-talk'", ["did you mean 'example-talks'?"]),
    Case("malformed-citation", [replace(THEME, "[@example-talks#workers-5000]", "[@example-talks#Workers 5000]")],
         THEME, 12, "malformed citation", ["write [@source-id]"]),
    Case("citation-comma-separated", [replace(THEME, "[@example-talks#bridge-agreed; @example-talks#berg-two-years]",
                                              "[@example-talks#bridge-agreed, @example-talks#berg-two-years]")],
         THEME, 3, "malformed citation"),
    Case("citation-not-closed", [replace(THEME, "[@example-talks#workers-5000]", "[@example-talks#workers-5000")],
         THEME, 12, "citation is not closed"),
    Case("unknown-related-theme", [replace(THEME, "related: []", "related: [bridges]")],
         THEME, 15, "unknown theme 'bridges'", ["did you mean 'bridge'?"]),
    Case("unknown-entity-by", [replace(SRC, "by: anna-berg", "by: ana-berg")],
         SRC, 20, "unknown entity 'ana-berg'", ["did you mean 'anna-berg'?"]),
    Case("unknown-entity-about", [replace(SRC, "about: [ruritania, zenda]", "about: [ruritania, zendaa]")],
         SRC, 17, "unknown entity 'zendaa'", ["did you mean 'zenda'?"]),
    Case("unknown-source-corroborates", [replace(SRC, "    about: [ruritania, zenda]\n",
                                                 "    about: [ruritania, zenda]\n    corroborates: [other-talks#bridge]\n")],
         SRC, 18, "citation to unknown source 'other-talks'"),
    Case("key-judgement-cites-nothing", [replace(BRIEFING, " [@example-talks#bridge-agreed].", ".")],
         BRIEFING, 8, "'text' cites no source", ["add a citation"]),
    Case("section-paragraph-cites-nothing", [replace(THEME, "Officials estimate 5,000 workers [@example-talks#workers-5000].",
                                                     "Officials estimate 5,000 workers.")],
         THEME, 12, "paragraph cites no source", ["Officials estimate 5,000 workers"]),
    Case("raw-html-in-markdown", [replace(THEME, "Officials estimate 5,000 workers",
                                          "Officials <b>estimate</b> 5,000 workers")],
         THEME, 12, "raw HTML is not allowed in 'body'", ["use Markdown"]),
    Case("javascript-link-in-markdown", [replace(SRC, "summary: Ministers met in Zenda",
                                                 "summary: Ministers met in [Zenda](javascript:alert(1))")],
         SRC, 9, "link to 'javascript:alert(1)' is not allowed", ["http://, https://, mailto:"]),
    Case("source-url-not-web", [replace(SRC, "kind: wire-copy\n", "kind: wire-copy\nurl: javascript:alert(1)\n")],
         SRC, 8, "'url' must be a web address"),
    # -- quotes, dates, the archive and the lock ------------------------------
    Case("quote-not-in-text", [replace(SRC, "agreeing to build a bridge.", "agreeing to build a tunnel.")],
         SRC, 16, "quote of claim 'bridge-agreed' is not in the archived text article.txt",
         ['closest passage, 16 of the quote\'s 17 words alike, [-quote-] {+archived text+}: "The foreign ministers',
          "agreeing to build a [-tunnel.-] {+bridge.+}"]),
    Case("impossible-date", [replace(SRC, 'date: "2025-02"', 'date: "2025-02-30"')],
         SRC, 5, "'2025-02-30' is not a day of the calendar"),
    Case("impossible-month", [replace(TIMELINE, 'date: "2025-02"', 'date: "2025-13"')],
         TIMELINE, 2, "'2025-13' has no month 13"),
    Case("malformed-date", [replace(TIMELINE, 'date: "2025-02"', 'date: "Feb 2025"')],
         TIMELINE, 2, "'Feb 2025' is not written YYYY-MM", ["write it as 2025-02 (February 2025)"]),
    Case("day-first-date", [replace(SRC, 'date: "2025-02"', "date: 14/07/2025")],
         SRC, 5, "'14/07/2025' is a day/month/year date", ["write it year-month-day, as 2025-07-14 (14 July 2025)"]),
    Case("as-of-before-newest-source", [replace(BRIEFING, 'as_of: "2025-03-01"', 'as_of: "2025-01-15"')],
         BRIEFING, 3, "as-of date 2025-01-15 is before source 'example-talks'", ["move as_of forward"]),
    Case("archived-text-missing", [replace(SRC, "archive: article.txt", "archive: articel.txt")],
         SRC, 8, "archived text not found: archive/articel.txt"),
    Case("archive-path-escapes-folder", [replace(SRC, "archive: article.txt", "archive: ../../../etc/passwd")],
         SRC, 8, "'archive' must be a file name in the archive folder"),
    Case("archive-file-not-text", [replace(SRC, "archive: article.txt", "archive: environ")],
         SRC, 8, "'archive' must be a text file ending in .txt"),
    Case("archive-folder-absolute", [replace(BRIEFING, "archive: archive", "archive: /proc/self")],
         BRIEFING, 4, "'archive' must be a folder relative to the project"),
    Case("archive-folder-hidden", [replace(BRIEFING, "archive: archive", "archive: archive/../.git")],
         BRIEFING, 4, "'archive' must not be or be inside a hidden folder"),
    Case("stale-lock-quote-changed", [remove_archive, replace(SRC, "agreeing to build a bridge.", "agreeing to build.")],
         SRC, 16, "quote of claim 'bridge-agreed' has not been verified", ["briefing lock"]),
    Case("stale-lock-with-archive", [replace(SRC, "met in Zenda on Monday, agreeing to build a bridge.",
                                             "met in Zenda on Monday")],
         LOCK, 0, "1 quote changed ('example-talks#bridge-agreed') since the lock was written", ["briefing lock"]),
    Case("tampered-lock-hash", [remove_archive, tamper_hash("example-talks#berg-two-years")],
         SRC, 22, "quote of claim 'berg-two-years' has not been verified"),
    Case("tampered-lock-hash-with-archive", [tamper_hash("example-talks#berg-two-years")],
         LOCK, 0, "1 quote changed ('example-talks#berg-two-years') since the lock was written", ["briefing lock"]),
    Case("archived-text-changed-since-lock", [append("archive/article.txt", "A correction was appended.\n")],
         LOCK, 0, "1 archived text changed ('article.txt') since the lock was written", ["briefing lock"]),
    Case("tampered-lock-entry", [remove_archive, replace(LOCK, '"example-talks#workers-5000": {', '"example-talks#workers-5000": "x", "y": {')],
         SRC, 27, "quote of claim 'workers-5000' has not been verified"),
    Case("lock-not-json", [remove_archive, lambda root: (root / LOCK).write_text(
        (root / LOCK).read_text(encoding="utf-8").replace("},\n", "}\n", 1), encoding="utf-8")],
         LOCK, lock_line('"quotes": {'), "quote lock is damaged", ["delete it and run `briefing lock`"]),
    Case("lock-names-unknown-claim", [remove_archive, replace(LOCK, '"example-talks#berg-two-years"',
                                                              '"example-talks#berg-three-years"')],
         LOCK, 0, "1 quote removed ('example-talks#berg-three-years') since the lock was written", ["briefing lock"]),
    # -- size ---------------------------------------------------------------
    Case("yaml-alias-bomb", [append(ENTITIES, BOMB)], ENTITIES, 20, "YAML alias '*l0'",
         ["anchors and aliases", "write the value out in full"]),
    Case("yaml-alias-small", [replace(ENTITIES, "role: A country.", "role: &country A country."),
                              replace(ENTITIES, "role: A town.", "role: *country")],
         ENTITIES, 14, "YAML alias '*country'"),
    Case("file-over-size-limit", [replace(SRC, "summary: Ministers met", "summary: " + "Word " * 210_000 + "Ministers met")],
         SRC, 0, "over the limit of 1,000,000", ["shorten its texts"]),
    # a list may be a folder of files instead: the hint says so (README, The content model)
    Case("list-over-size-limit", [append(TIMELINE, '  - date: "2025-02"\n    text: Ministers meet in Zenda '
                                                   '[@example-talks#bridge-agreed].\n' * 12_000)],
         TIMELINE, 0, "over the limit of 1,000,000", ["split it", "a new folder timeline/"]),
]
assert len(CASES) >= 30 and len({c.id for c in CASES}) == len(CASES)


def assert_reported(stderr: str, case: Case, line: int) -> None:
    assert "Traceback" not in stderr, stderr
    where = f"{case.path}:{line}: " if line else f"{case.path}: "
    messages = [text[len(where):] for text in stderr.splitlines() if text.startswith(where)]
    assert messages, f"nothing reported at {where!r}:\n{stderr}"
    matching = [msg for msg in messages if case.fragment in msg and all(more in msg for more in case.also)]
    assert matching, f"expected {case.fragment!r} (+{case.also}) at {where!r}, got:\n{stderr}"
    # A person reads it: words, not an exception's repr.
    assert not re.search(r"\b(Error|Exception)\(|<class |object at 0x", matching[0]), matching[0]
