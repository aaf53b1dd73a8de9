"""Texts as readers read them, and changes put in their words.

Texts are compared as prose (citations left out, spaces folded), named by their first words, and each
kind of change (a text re-worded, a scale moved, a grade changed, a source named) is told in the
readers' language. Events are matched across two states by their words (`match_events`), since an
event without an id of its own has no other identity.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Callable
from typing import cast

from builder.model import citations
from builder.model import items as m
from builder.model import ids
from builder.model.labels import Labels
from builder.model.language import ENGLISH, Language

SCALES = {
    # model.Confidence is written strongest first, model.Likelihood weakest first: both weakest first here.
    "confidence": tuple(reversed(typing.get_args(m.Confidence))),
    "likelihood": typing.get_args(m.Likelihood),
}
"""Each scale from its lowest to its highest value, so that a move can be called raised or lowered."""


def prose(text: str | None) -> str:
    """A text as a reader reads it: without citations, its spaces and line breaks folded."""
    return " ".join(citations.without_citations(text or "").split())


def short(text: str, words: int = 12) -> str:
    """The first words of a text, to name it by (without its full stop, which a sentence about it adds)."""
    parts = prose(text).split()
    return " ".join(parts[:words]).rstrip(".") + ("…" if len(parts) > words else "")


def quoted(text: str, words: int = 12, lang: Language = ENGLISH) -> str:
    """A text named by its first words, in quotation marks: '“The two countries agreed…”'."""
    return lang.quoted(short(text, words))


def joined(texts: list[str]) -> str:
    """A list of texts (what to watch next) as one, to compare word by word."""
    return " · ".join(" ".join(text.split()) for text in texts)


def cited_keys(text: str | None) -> list[str]:
    keys: list[str] = []
    for group in citations.parse(text or "")[0]:
        keys += [cite.key for cite in group.citations if cite.key not in keys]
    return keys


def text_words(lang: Language, what: str, action: str, **values: str) -> str:
    """What happened to a text, in words: `what` is the text ('' for the item's own text, 'bottom line',
    'summary', 'note', 'description', 'section' with `heading`, 'value' with or without `sources`) and
    `action` what happened to it (added, removed, reworded, recited with `changes`). Whole phrases, so that
    a language can make its words agree."""
    gettext = lang.gettext
    table = {
        "": (gettext("added"), gettext("removed"), gettext("re-worded"), gettext("citations changed: %(changes)s")),
        "bottom line": (gettext("bottom line added"), gettext("bottom line removed"), gettext("bottom line re-worded"),
                        gettext("bottom line citations changed: %(changes)s")),
        "summary": (gettext("summary added"), gettext("summary removed"), gettext("summary re-worded"),
                    gettext("summary citations changed: %(changes)s")),
        "note": (gettext("note added"), gettext("note removed"), gettext("note re-worded"), gettext("note citations changed: %(changes)s")),
        "description": (gettext("description added"), gettext("description removed"), gettext("description re-worded"),
                        gettext("description citations changed: %(changes)s")),
        "section": (gettext("section %(heading)s added"), gettext("section %(heading)s removed"),
                    gettext("section %(heading)s re-worded"), gettext("section %(heading)s citations changed: %(changes)s")),
        "value": (gettext("the value added"), gettext("the value removed"), gettext("the value re-worded"),
                  gettext("the value citations changed: %(changes)s")),
        "value from": (gettext("the value from %(sources)s added"), gettext("the value from %(sources)s removed"),
                       gettext("the value from %(sources)s re-worded"),
                       gettext("the value from %(sources)s citations changed: %(changes)s")),
    }
    words = table[what][("added", "removed", "reworded", "recited").index(action)]
    return words % values


def text_change(old: str | None, new: str | None, what: str = "",
                name: Callable[[str], str] = str, lang: Language = ENGLISH,
                **values: str) -> tuple[str, str] | None:
    """(action, words) for a changed Markdown text, or None when a reader would see no change.

    `name` names a cited key for readers (changes.diff names a claim by its words and its source's title);
    `what` and `values` say which text it is (text_words).
    """
    if (old or "") == (new or ""):
        return None
    if prose(old) != prose(new):
        if not old:
            return "reworded", text_words(lang, what, "added", **values)
        if not new:
            return "reworded", text_words(lang, what, "removed", **values)
        return "reworded", text_words(lang, what, "reworded", **values)
    recited = citations_change(old, new, what, name, lang, **values)
    return ("recited", recited) if recited else None  # else the same citations, only laid out differently


def citations_change(old: str | None, new: str | None, what: str = "",
                     name: Callable[[str], str] = str, lang: Language = ENGLISH, **values: str) -> str | None:
    """'citations changed: now also cites …; no longer cites …' for a text whose citations changed, else None
    (`what` and `values` as for text_words)."""
    before, after = cited_keys(old), cited_keys(new)
    added = [k for k in after if k not in before]
    dropped = [k for k in before if k not in after]
    if not added and not dropped:
        return None
    parts = ([lang.gettext("now also cites %(names)s") % {"names": lang.listed([name(k) for k in added])}]
             if added else []) + \
            ([lang.gettext("no longer cites %(names)s") % {"names": lang.listed([name(k) for k in dropped])}]
             if dropped else [])
    return text_words(lang, what, "recited", changes=lang.joined(parts), **values)


def scale_move(scale: str, old: str | None, new: str | None, lang: Language = ENGLISH) -> str | None:
    """'confidence lowered: high → moderate', 'likelihood raised: likely → very likely'..."""
    if old == new:
        return None
    labels, gettext = Labels(lang), lang.gettext
    word = labels.confidence_level_in_text if scale == "confidence" else labels.likelihood
    values = {"old": word(old) if old else "", "new": word(new) if new else ""}
    confidence = scale == "confidence"
    if old is None:
        return (gettext("confidence given: %(new)s") if confidence else gettext("likelihood given: %(new)s")) % values
    if new is None:
        return (gettext("confidence no longer given (was %(old)s)") if confidence
                else gettext("likelihood no longer given (was %(old)s)")) % values
    order = SCALES[scale]
    if order.index(new) > order.index(old):
        words = gettext("confidence raised: %(old)s → %(new)s") if confidence else gettext("likelihood raised: %(old)s → %(new)s")
    else:
        words = gettext("confidence lowered: %(old)s → %(new)s") if confidence \
            else gettext("likelihood lowered: %(old)s → %(new)s")
    return words % values


def grade_move(old: str, new: str, lang: Language = ENGLISH) -> str:
    """'grade lowered: F1 (confirmed by other sources) → F3 (possibly true)': the credibility's move, named.

    Credibility runs from 1 (confirmed) to 5 (improbable); 6 (truth cannot be judged) is off that scale, so a
    move to or from it is 'changed'.
    """
    before, after = int(old[1:]), int(new[1:])
    values = {"old": old, "new": new, "old_words": lang.gettext(m.CREDIBILITY_LABELS[before]),
              "new_words": lang.gettext(m.CREDIBILITY_LABELS[after])}
    if 6 in (before, after):
        return lang.gettext("grade changed: %(old)s (%(old_words)s) → %(new)s (%(new_words)s)") % values
    if after < before:
        return lang.gettext("grade raised: %(old)s (%(old_words)s) → %(new)s (%(new_words)s)") % values
    return lang.gettext("grade lowered: %(old)s (%(old_words)s) → %(new)s (%(new_words)s)") % values


def reliability_move(old: str, new: str, lang: Language = ENGLISH) -> str:
    """'reliability raised: C (fairly reliable) → B (usually reliable)'; F (cannot be judged) is off the scale."""
    values = {"old": old, "new": new, "old_words": lang.gettext(m.RELIABILITY_LABELS[old]),
              "new_words": lang.gettext(m.RELIABILITY_LABELS[new])}
    if "F" in (old, new):
        return lang.gettext("reliability changed: %(old)s (%(old_words)s) → %(new)s (%(new_words)s)") % values
    if new < old:
        return lang.gettext("reliability raised: %(old)s (%(old_words)s) → %(new)s (%(new_words)s)") % values
    return lang.gettext("reliability lowered: %(old)s (%(old_words)s) → %(new)s (%(new_words)s)") % values


def known(value: str | None) -> bool:
    return bool(value and value.strip() and value.strip().lower() != "unknown")


def source_name(source: dict, lang: Language = ENGLISH) -> str:
    """How readers know a source: '“Its title” (its outlet)', or its title alone when the outlet is unknown."""
    title = lang.quoted(short(source["title"], 14))
    return lang.gettext("%(title)s (%(outlet)s)") % {"title": title, "outlet": source["outlet"]} \
        if known(source["outlet"]) else title


def source_label(source: dict, lang: Language = ENGLISH) -> str:
    """A source named shortly, after a claim's words: its outlet when known, else the first words of its title."""
    return source["outlet"] if known(source["outlet"]) else lang.quoted(short(source["title"], 8))


CITING = ("judgement", "theme")
"""The kinds of item told when a claim they cite is re-graded: those that carry a confidence."""


def citing(snap: dict) -> dict[str, list[tuple[str, str]]]:
    """Claim key -> the (kind, id) of each key judgement and theme of a snapshot that cites it, in that order."""
    found: dict[str, list[tuple[str, str]]] = {}
    texts = [("judgement", item_id, [item["text"]]) for item_id, item in snap.get("judgements", {}).items()] + \
            [("theme", item_id, [item["bottom_line"], *(s["body"] for s in item["sections"]), *item["watch_next"]])
             for item_id, item in snap.get("themes", {}).items()]
    for kind, item_id, parts in texts:
        for key in {key for text in parts for key in cited_keys(text)}:
            if ids.split_key(key)[1]:
                found.setdefault(key, []).append((kind, item_id))
    return {key: sorted(items, key=lambda item: (CITING.index(item[0]), item[1])) for key, items in found.items()}


def citing_name(snap: dict, kind: str, item_id: str, lang: Language = ENGLISH) -> str:
    """'key judgement “The two countries…”', 'theme “The bridge”': an item that cites a claim, named."""
    if kind == "judgement":
        # Translators: one of the items that cite a re-graded claim ('…; cited by key judgement “…”').
        return lang.gettext("key judgement %(judgement)s") % {"judgement": quoted(snap["judgements"][item_id]["text"],
                                                                                    8, lang)}
    # Translators: one of the items that cite a re-graded claim ('…; cited by theme “…”').
    return lang.gettext("theme %(theme)s") % {"theme": lang.quoted(snap["themes"][item_id]["title"])}


def cited_claim_regraded(old: dict, new: dict, key: str, lang: Language = ENGLISH) -> str:
    """'a claim it cites was re-graded: “…” (its outlet), grade lowered: F2 (…) → F3 (…)': a re-graded claim
    as told on the pages that cite it."""
    claim, source = new["claims"][key], new["sources"][ids.split_key(key)[0]]
    # Translators: told on a key judgement's or theme's page: %(claim)s is the claim's first words in quotation
    # marks, %(source)s its outlet (or its source's first words), %(grade)s the move ('grade lowered: …').
    return lang.gettext("a claim it cites was re-graded: %(claim)s (%(source)s), %(grade)s") % {
        "claim": quoted(claim["text"], 10, lang), "source": source_label(source, lang),
        "grade": grade_move(old["claims"][key]["grade"], claim["grade"], lang)}


def figure(value: dict, unit: str | None, lang: Language = ENGLISH) -> str:
    shown = value["label"] or (lang.number(value["value"]) if value["value"] is not None
                               else lang.gettext("no figure"))
    return lang.gettext("%(figure)s %(unit)s") % {"figure": shown, "unit": unit} \
        if unit and value["value"] is not None and not value["label"] else shown


def date_shown(date: str | None, lang: Language = ENGLISH) -> str:
    return lang.date(m.PartialDate.parse(date)) if date else lang.gettext("undated")


SIMILAR = 0.5
"""How much of their words (difflib's ratio) two texts must share to be taken for one item re-worded."""


def similarity(old: str | None, new: str | None) -> float:
    """How alike two texts are as prose, word by word: 1.0 for the same words, 0.0 for none in common."""
    return difflib.SequenceMatcher(None, prose(old).split(), prose(new).split(), autojunk=False).ratio()


def match_events(old: dict, new: dict) -> list[tuple[str | None, str | None]]:
    """Which event of one snapshot is which of the other: [(old id, new id)], None for an event added or removed,
    in the order of the ids.

    An event without an id of its own is known by the id its date and place give it (2025, 2025-n2), which
    passes to another event when one of that date moves, so only an id the editor gave is trusted. Events are
    then matched by their words: the same words first (a re-dated event), preferring the same date, then the
    most alike texts, when at least SIMILAR of their words are the same. Releases recorded before events were
    matched this way hold the same ids, so they are read the same way.
    """
    left_old, left_new = dict(old), dict(new)
    pairs: list[tuple[str | None, str | None]] = []

    def take(old_id: str, new_id: str) -> None:
        pairs.append((old_id, new_id))
        del left_old[old_id], left_new[new_id]

    for event_id in sorted(old.keys() & new.keys()):
        if not (ids.is_dated_event_id(event_id, old[event_id]["date"])
                and ids.is_dated_event_id(event_id, new[event_id]["date"])):
            take(event_id, event_id)
    by_words: dict[str, list[str]] = {}  # each old event's words, read once: not once for every pair
    for old_id in left_old:
        by_words.setdefault(prose(old[old_id]["text"]), []).append(old_id)
    same = sorted((old[o]["date"] != new[n]["date"], o != n, n, o)  # the same date first, then the same id
                  for n in left_new for o in by_words.get(prose(new[n]["text"]), ()))
    for _, _, new_id, old_id in same:
        if old_id in left_old and new_id in left_new:
            take(old_id, new_id)
    scored = sorted(((similarity(old[o]["text"], new[n]["text"]), old[o]["date"] == new[n]["date"], o == n, o, n)
                     for o in left_old for n in left_new), key=lambda s: s[:3], reverse=True)
    for score, _, _, old_id, new_id in scored:
        if score < SIMILAR:
            break
        if old_id in left_old and new_id in left_new:
            take(old_id, new_id)
    pairs += [(old_id, None) for old_id in left_old] + [(None, new_id) for new_id in left_new]
    return sorted(pairs, key=lambda pair: cast(str, pair[1] or pair[0]))
