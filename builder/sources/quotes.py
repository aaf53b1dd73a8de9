"""Quotes against archived texts: every claim's quote must be in its article, word for word.

Each archived text is read and normalised once; each quote is then a plain
substring search. What was verified is recorded in the lock (see lock.py), so
a machine without the archive can still refuse a quote that was never verified.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.sources import archive
from builder.sources import lock as lock_mod
from builder.model import items as m
from builder.sources import shared_text
from builder.model import workers
from builder.model.diagnostics import Diagnostic

ELISION = re.compile(r"\s*\[(?:\.\.\.|\u2026)\]\s*")

_SINGLE = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032`"), "'")
_DOUBLE = dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"')
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_FOLDS = tuple((chr(code), replacement) for code, replacement in {**_SINGLE, **_DOUBLE, **_DASHES}.items())


def normalise(text: str) -> str:
    """Fold the differences a copy-paste may introduce: quotes, dashes, spaces."""
    text = unicodedata.normalize("NFKC", text)
    # str.translate with a dict is slow on long texts; each fold is one character to ASCII,
    # so replacing the characters actually present gives the same result many times faster.
    for char, replacement in _FOLDS:
        if char in text:
            text = text.replace(char, replacement)
    return " ".join(text.split())  # str.split() and re's \s agree on what whitespace is; split is faster


def quote_hash(quote: str) -> str:
    return hashlib.sha256(normalise(quote).encode("utf-8")).hexdigest()


def find_quote(normalised_text: str, quote: str) -> list[tuple[int, int]] | None:
    """Spans of each [...]-separated part, in order; None when a part is missing."""
    spans = []
    position = 0
    for part in ELISION.split(quote):
        needle = normalise(part)
        if not needle:
            continue
        start = normalised_text.find(needle, position)
        if start < 0:
            return None
        spans.append((start, start + len(needle)))
        position = start + len(needle)
    return spans or None


def closest_passage(normalised_text: str, quote: str) -> str:
    """The passage of the text most like the quote, to show next to the error."""
    words = normalised_text.split(" ")
    target = normalise(ELISION.sub(" ", quote)).split(" ")
    width = max(1, len(target))
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    best_start, best_ratio = 0, -1.0
    for start in range(0, max(1, len(words) - width + 1)):
        matcher.set_seq1(words[start : start + width])
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best_start, best_ratio = start, ratio
    wanted = " ".join(target)
    if best_ratio <= 0:
        # No word of the quote is in the text as written (a misspelling in every word, or a one-word quote):
        # compare the windows letter by letter instead of keeping the first.
        letters = difflib.SequenceMatcher(None, b=wanted, autojunk=False)

        def likeness(start: int) -> tuple[float, int]:
            letters.set_seq1(" ".join(words[start : start + width]))
            return letters.ratio(), -start  # the first of equally like windows

        best_start = max(range(0, max(1, len(words) - width + 1)), key=likeness)
    # Word windows tie easily; settle the edges letter by letter. (An end below 0 would count from the text's
    # end, and a quote with no letter in common with the text would be shown beside nearly all of it.)
    candidates = (" ".join(words[max(0, best_start + a) : max(0, best_start + width + b)])
                  for a in range(-3, 4) for b in range(-3, 4))
    return max(candidates, key=lambda c: difflib.SequenceMatcher(None, c, wanted, autojunk=False).ratio())


def marked_difference(normalised_text: str, quote: str, passage: str) -> tuple[str, int, int]:
    """The passage with the words that differ from the quote marked, as wdiff marks them: [-the quote's
    words-] {+the text's words+}; how many of the quote's words it has, in order; and how many the quote has.

    The passage is first lined up with the quote: where the quote's first or last words are not in it,
    as many of the text's words on that side are shown in their place (a changed last word shows as
    changed, not as dropped), and text before the quote's first found word or after its last is left out.
    """
    said = normalise(ELISION.sub(" ", quote)).split()
    words = normalised_text.split()  # an empty text has no words (split(" ") would give one empty word)
    start = normalised_text[: max(0, normalised_text.find(passage))].count(" ")
    end = start + len(passage.split(" "))
    matcher = difflib.SequenceMatcher(None, said, words[start:end], autojunk=False)
    for margin in (2, 0):  # look a little further first, then keep only what lines up
        blocks = [block for block in matcher.get_matching_blocks() if block.size]
        if not blocks:
            break
        first, last = blocks[0], blocks[-1]
        head, tail = first.a, len(said) - last.a - last.size  # the quote's words before and after what was found
        start, end = (max(0, start + first.b - head - margin),
                      min(len(words), start + last.b + last.size + tail + margin))
        matcher = difflib.SequenceMatcher(None, said, words[start:end], autojunk=False)
    found = matcher.b  # type: ignore[attr-defined]  # the second sequence; typeshed does not declare it
    marked = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            marked += found[j1:j2]
            continue
        if i2 > i1:
            marked.append("[-" + " ".join(said[i1:i2]) + "-]")
        if j2 > j1:
            marked.append("{+" + " ".join(found[j1:j2]) + "+}")
    alike = sum(block.size for block in matcher.get_matching_blocks())
    return " ".join(marked), alike, len(said)


def misquote_hint(normalised_text: str, quote: str) -> str:
    """What the text says where it comes closest to a quote it does not hold, and where the two differ."""
    marked, alike, words = marked_difference(normalised_text, quote, closest_passage(normalised_text, quote))
    return f"closest passage, {alike} of the quote's {words} words alike, [-quote-] {{+archived text+}}: \"{marked}\""


@dataclass
class Verification:
    """What verifying the quotes found, and the lock as it should now read."""

    errors: list[Diagnostic] = field(default_factory=list)
    lock: lock_mod.Lock = field(default_factory=lock_mod.Lock)
    archive_available: bool = False


def lock_path(model: m.Model) -> Path:
    return Path(model.content_dir) / lock_mod.NAME


def _shown(model: m.Model, path: Path) -> str:
    return os.path.relpath(path, model.project_dir)


def _against_archive(model: m.Model, folder: archive.Folder, result: Verification,
                     reuse: tuple[m.Model, Verification] | None = None) -> None:
    """Find every quote in its archived text; the lock is what this finds.

    `reuse` is an earlier model and what verifying it found (errors included: the language server
    passes its last verification whatever it found): a source that is the very same object in both
    (a rebuild reads again only the files that changed) and whose archived text, original and every
    quote were found is not verified again, its lock entries are taken as they were.
    """
    sources = list(model.sources.values())
    kept = _unchanged(sources, reuse)
    # Reading and normalising a thousand archived texts takes a while: two processes share the sources.
    fresh = [s for s in sources if s.id not in kept]
    found_by_source: dict[tuple[str, str], Any] = {}  # an archive's hash, or a quote's lock entry
    for errors, archives, found in workers.in_halves(lambda part: _verify_sources(part, folder), fresh):
        result.errors += errors
        for name, sha in archives.items():
            found_by_source.setdefault(("original", name[1]) if isinstance(name, tuple) else ("archive", name), sha)
        for key, entry in found.items():
            found_by_source[("quote", key)] = entry
    for source in sources:  # the lock in the sources' order, as a full verification writes it
        if source.id in kept:
            assert reuse is not None  # nothing is kept without it
            earlier = reuse[1].lock
            as_before = {("archive", source.archive): earlier.archives[source.archive],
                         **{("quote", c.key): earlier.quotes[c.key] for c in source.claims}}
            if source.original is not None:
                as_before[("original", source.original)] = earlier.originals[source.original]
            _lock_source(result.lock, source, as_before)
        else:
            _lock_source(result.lock, source, found_by_source)


def _unchanged(sources: list[m.Source], reuse: tuple[m.Model, Verification] | None) -> set[str]:
    """The sources an earlier verification holds as they are (the very same objects), all verified."""
    if reuse is None:
        return set()
    earlier, verified = reuse
    return {s.id for s in sources if earlier.sources.get(s.id) is s and s.archive in verified.lock.archives
            and all(c.key in verified.lock.quotes for c in s.claims)
            and (s.original is None or s.original in verified.lock.originals)}


def _lock_source(lock: lock_mod.Lock, source: m.Source, found: dict[tuple[str, str], Any]) -> None:
    """Record one source's archived text, original and quotes in the lock, as far as they were found."""
    if ("archive", source.archive) in found:
        lock.archives.setdefault(source.archive, found[("archive", source.archive)])
    if source.original is not None and ("original", source.original) in found:
        lock.originals.setdefault(source.original, found[("original", source.original)])
    for claim in source.claims:
        if ("quote", claim.key) in found:
            lock.quotes[claim.key] = found[("quote", claim.key)]


def _verify_sources(sources: list[m.Source], folder: archive.Folder) -> tuple[list[Diagnostic], dict[Any, str], dict[str, Any]]:
    """For some sources, in order: the problems, the archived texts' hashes (an original's keyed
    ("original", name)), and each quote's lock entry."""
    errors: list[Diagnostic] = []
    archives: dict[Any, str] = {}  # an archived text by name, an original by ("original", name)
    found: dict[str, dict[str, Any]] = {}
    for source in sources:
        if archive.file_problem(source.archive):
            continue  # checks.py reports it
        where = (source.loc.path, source.line_of("archive"))
        if folder.is_link(source.archive):
            errors.append(Diagnostic(*where, f"archived text {folder.shown}/{source.archive} is a link, not a file",
                                     "copy the text into the archive folder"))
            continue
        text = folder.read(source.archive, normalise)
        if text is None:
            errors.append(Diagnostic(*where, f"archived text not found: {folder.shown}/{source.archive}",
                                     folder.suggestion(source.archive)
                                     or "check the file name, or add the text with `briefing new source`"))
            continue
        if text.markup and not source.archive.lower().endswith((".html", ".htm")):
            errors.append(Diagnostic(*where, f"archived text {folder.shown}/{source.archive} is an HTML page, not text: "
                                     "its quotes would be checked against markup and page furniture",
                                     "import the page with `briefing new source ID --from page.html`, which "
                                     "archives the article's text and keeps the page beside it"))
            continue
        archives[text.name] = text.sha256
        if source.original is not None and not archive.original_problem(source.original, source.archive):
            sha = folder.sha256(source.original)
            if sha is None:
                errors.append(Diagnostic(source.loc.path, source.line_of("original"),
                                         f"original not found: {folder.shown}/{source.original}",
                                         "check the file name, or write null when the original was not kept"))
            else:
                archives[("original", source.original)] = sha
        for claim in source.claims:
            spans = find_quote(text.normalised, claim.quote)
            if spans is None:
                errors.append(Diagnostic(
                    claim.loc.path, claim.line_of("quote"),
                    f"quote of claim '{claim.id}' is not in the archived text {source.archive}",
                    misquote_hint(text.normalised, claim.quote)))
                continue
            found[claim.key] = {"archive": source.archive, "sha256": quote_hash(claim.quote),
                                "spans": [list(s) for s in spans]}
            if text.page_starts:  # a text extracted from a PDF: the pages the quote is on
                found[claim.key]["pages"] = archive.pages_of(text.page_starts, spans)
    return errors, archives, found


def _shared(folder: archive.Folder, recorded: lock_mod.Lock, result: Verification) -> None:
    """Shared passages: as recorded while the archived texts are those the lock knows, else found anew."""
    if recorded.shared is not None and recorded.archives == result.lock.archives:
        result.lock.shared = list(recorded.shared or [])  # a function of the texts alone: nothing to redo
        return
    texts = {name: folder.read(name, normalise).normalised for name in result.lock.archives}  # type: ignore[union-attr]  # a bug (#29): None if a kept source's archive is gone
    result.lock.shared = [passage.as_dict() for passage in shared_text.find(texts)]


def _against_lock(model: m.Model, folder: archive.Folder, recorded: lock_mod.Lock, result: Verification) -> None:
    """Without the archive: accept a quote only where the lock holds the same quote of the same file."""
    for claim in model.claims():
        source = model.sources[claim.source]
        entry = recorded.entry(claim.key)
        if not entry or entry.get("sha256") != quote_hash(claim.quote) or entry.get("archive") != source.archive:
            result.errors.append(Diagnostic(
                claim.loc.path, claim.line_of("quote"),
                f"quote of claim '{claim.id}' has not been verified: the archive folder {folder.shown} is not here "
                f"and {_shown(model, lock_path(model))} has no matching entry", lock_mod.REFRESH))
        else:
            result.lock.quotes[claim.key] = entry
    result.lock.archives = dict(recorded.archives)
    result.lock.originals = dict(recorded.originals)
    result.lock.shared = list(recorded.shared or [])
    removed = [key for key in sorted(recorded.quotes)
               if model.find_claim(key) is None and not model.may_hold("claim", key)]
    if removed:
        found = lock_mod.Changes()
        found.quotes["removed"] = removed
        result.errors.append(Diagnostic(_shown(model, lock_path(model)), 0, lock_mod.stale_message(found),
                                        lock_mod.REFRESH))


def _judged(model: m.Model, recorded: lock_mod.Lock, found: lock_mod.Lock) -> lock_mod.Lock:
    """The recorded lock, less what this run could not judge: the quotes of claims (and the archived texts of
    sources) that are there but were not verified, since their own errors are reported, and the entries of
    claims and sources the loader could not read, which may well still be there."""
    claims = {claim.key for claim in model.claims()}
    quotes = {key: entry for key, entry in recorded.quotes.items()
              if key in found.quotes or key not in claims and not model.may_hold("claim", key)}
    named = {source.archive for source in model.sources.values()}
    # A recorded text no source names is gone, unless a source's own text could not be read (a source
    # that did not load, an archive name misspelt): that source may still use it.
    uncertain = named - set(found.archives) or any(gap.startswith("source:") for gap in model.unread) or \
        any("archive" in source.unread for source in model.sources.values())
    archives = {name: sha for name, sha in recorded.archives.items()
                if name in found.archives or name not in named and not uncertain}
    named_originals = {source.original for source in model.sources.values() if source.original}
    originals = {name: sha for name, sha in recorded.originals.items()
                 if name in found.originals or name not in named_originals and not uncertain}
    unjudged = set(recorded.archives) - set(archives)
    shared = None if recorded.shared is None else \
        [entry for entry in recorded.shared if not {entry.get("a"), entry.get("b")} & unjudged]
    return lock_mod.Lock(archives, quotes, shared, originals)


def verify(model: m.Model, use_lock: bool = True, reuse: tuple[m.Model, Verification] | None = None) -> Verification:
    """Check every quote against its archive, or against the lock when there is none.

    With the archive, a lock that differs from what verifying finds is one
    problem (run `briefing lock`), naming the quotes that differ. Only what was
    verified is compared: while an archive name is misspelt or a quote is
    wrong, that is the problem to fix, not the lock; the other quotes are
    still compared with it.
    """
    if archive.folder_problem(model.briefing.archive) or "archive" in model.briefing.unread:
        # checks.py reports a bad folder, the loader one it could not read: reading nothing there is the point
        return Verification()
    folder = archive.Folder(model.project_dir, model.briefing.archive)
    path = lock_path(model)
    shown = _shown(model, path)
    result = Verification(archive_available=folder.available)
    recorded, problems = lock_mod.read(path, shown) if use_lock else (lock_mod.Lock(), [])
    result.errors += problems
    if not folder.available:
        _against_lock(model, folder, recorded, result)
        return result
    _against_archive(model, folder, result, reuse)
    _shared(folder, recorded, result)
    if not use_lock or problems:
        return result
    if not path.exists():
        result.errors.append(Diagnostic(shown, 0, "the quote lock does not exist yet",
                                        "run `briefing lock` to verify the quotes and write it"))
    else:
        changed = lock_mod.changes(_judged(model, recorded, result.lock), result.lock)
        if changed:
            result.errors.append(Diagnostic(shown, 0, lock_mod.stale_message(changed),
                                            "run `briefing lock` to verify the quotes and record them"))
    return result
