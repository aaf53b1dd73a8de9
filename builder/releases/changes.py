"""What changed between two states of the briefing, worked out from the model, never from lines of text.

Two snapshots (releases.snapshot: the public model by id) go in; a list of
`Change` comes out, one per thing a reader should be told: a source or claim
added or removed, a claim re-worded or re-quoted, a judgement's confidence
lowered, a figure that moved, a grade that changed. Each change names the
place where the item now stands on the site (`target`, None for an item that
is gone). Texts are compared as prose: a change of line breaks is no change,
and a change of citations alone is reported as such, not as a re-wording;
a re-worded text whose citations also changed is told both. A
re-worded text keeps both versions, so that readers can be shown the words
that changed (worddiff.py). Items are named as readers know them (a claim by
its words and its source's title, a source by its title and outlet, never by
an id); ids stay in `id`, for editors' tools.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import cast
from collections.abc import Callable, Iterator

from builder.model import ids
from builder.model import urls
from builder.model.labels import Labels
from builder.model.language import ENGLISH, N_, Language
from builder.releases import worddiff
from builder.releases.prose import (
    SIMILAR, citations_change, cited_keys, citing, citing_name, date_shown, figure, grade_move, joined, match_events, prose, quoted, reliability_move, scale_move, short, similarity, source_name, text_change, text_words,
)

KINDS = ("judgement", "theme", "discrepancy", "source", "claim", "event", "entity", "briefing")
"""The kinds of change, in the order the changes are listed."""

KIND_NAMES = {"judgement": N_("Key judgement"), "theme": N_("Theme"), "discrepancy": N_("Discrepancy"),
              "source": N_("Source"), "claim": N_("Claim"), "event": N_("Event"), "entity": N_("Entity"),
              "briefing": N_("The briefing")}
"""What an item of each kind is called, before its name (in English; translated where shown)."""
GROUP_TITLES = {"judgement": N_("Key judgements"), "theme": N_("Themes"), "discrepancy": N_("Discrepancies"),
                "source": N_("Sources"), "claim": N_("Claims"), "event": N_("Timeline"), "entity": N_("Entities"),
                "briefing": N_("The briefing")}
SECTION = {"judgement": "judgements", "theme": "themes", "discrepancy": "discrepancies", "source": "sources",
           "claim": "claims", "event": "events", "entity": "entities", "briefing": "briefing"}
"""The part of a snapshot that holds each kind of item."""



@dataclass(frozen=True)
class Change:
    """One change a reader should be told about."""

    kind: str
    """What changed: one of KINDS."""
    action: str
    """How: added, removed, reworded, recited, requoted, retyped, regraded, confidence, likelihood, renamed,
    redated, sections, values, closed..."""
    id: str
    """The item's id (a claim's source#claim key; the briefing's is '')."""
    words: str
    """What happened, in words: 'confidence lowered from high to moderate'."""
    subject: str
    """What the item is called: a theme's title, the first words of a judgement."""
    target: urls.Target | None = None
    """Where the item now stands on the site; None when it is gone."""
    before: str | None = None
    """For a re-worded text: the text before (Markdown, as written); else None."""
    after: str | None = None
    """For a re-worded text: the text after."""
    cited_by: tuple[tuple[str, str], ...] = ()
    """For a re-graded claim: the (kind, id) of each key judgement and theme that cites it (citing)."""

    @property
    def sentence(self) -> str:
        """The change as one line: 'Key judgement “…”: confidence lowered: high → moderate.'"""
        return f"{KIND_NAMES[self.kind]} {self.subject}: {self.words}."

    @functools.cached_property
    def diff(self) -> worddiff.WordDiff | None:
        """The words a re-wording deleted and inserted; None for any other change."""
        if self.before is None and self.after is None:
            return None
        return worddiff.diff(self.before, self.after)

    def gone(self) -> Change:
        """The same change, linking nowhere (its item has since left the briefing)."""
        return Change(self.kind, self.action, self.id, self.words, self.subject, None, self.before, self.after,
                      self.cited_by)

    def as_dict(self, address: urls.Addresses | None = None) -> dict:
        data: dict[str, object] = {"kind": self.kind, "action": self.action, "id": self.id, "words": self.words, "subject": self.subject}
        if address is not None:
            data["url_on_site"] = address.url(self.target) if self.target else None
        if self.cited_by:
            data["cited_by"] = [{"kind": kind, "id": item_id} for kind, item_id in self.cited_by]
        if self.before is not None or self.after is not None:
            data["before"], data["after"] = self.before, self.after
            data["word_diff"] = self.diff.plain() if self.diff else None
        return data


def target_of(kind: str, item_id: str) -> urls.Target:
    """Where an item of a snapshot stands on the site."""
    if kind == "judgement":
        return urls.Target(urls.HOME, anchor=urls.judgement_anchor(item_id))
    if kind == "theme":
        return urls.Target(urls.THEME, item_id)
    if kind == "source":
        return urls.Target(urls.SOURCE, item_id)
    if kind == "claim":
        return urls.claim_target(*ids.split_key(item_id))
    if kind == "discrepancy":
        return urls.Target(urls.DISCREPANCIES, anchor=urls.discrepancy_anchor(item_id))
    if kind == "event":
        return urls.Target(urls.TIMELINE, anchor=urls.event_anchor(item_id))
    if kind == "entity":
        return urls.Target(urls.ENTITY, item_id)
    return urls.Target(urls.HOME)


def exists(snap: dict, kind: str, item_id: str) -> bool:
    """Whether a snapshot holds an item (the briefing always exists)."""
    return kind == "briefing" or item_id in snap.get(SECTION[kind], {})


# -- the diff -------------------------------------------------------------------------------------


class _Differ:
    def __init__(self, old: dict, new: dict, lang: Language = ENGLISH):
        self.old, self.new = old, new
        self.lang = lang
        self.found: list[Change] = []

    def add(self, kind: str, action: str, item_id: str, words: str, subject: str, gone: bool = False,
            before: str | None = None, after: str | None = None) -> None:
        target = None if gone else target_of(kind, item_id)
        self.found.append(Change(kind, action, item_id, words, subject, target, before, after))

    def item(self, section: str, item_id: str) -> dict | None:
        """An item as the new snapshot has it, else as the old one had it."""
        return self.new.get(section, {}).get(item_id) or self.old.get(section, {}).get(item_id)

    def cited(self, key: str) -> str:
        """A cited key named for readers: '“the claim's first words…” in “its source's title”', or the source."""
        source_id, claim_id = ids.split_key(key)
        source, claim = self.item("sources", source_id), self.item("claims", key) if claim_id else None
        if source is None:
            return key  # not in either snapshot (a checked briefing cites nothing else)
        if claim is None:
            return source_name(source, self.lang)
        return self.claim_in(claim["text"], source["title"], 8)

    def claim_in(self, text: str, title: str, words: int = 12) -> str:
        """'“the claim's first words…” in “its source's title”'."""
        return self.lang.gettext("%(claim)s in %(source)s") % {
            "claim": quoted(text, words, self.lang), "source": self.lang.quoted(short(title, 10))}

    def in_quotes(self, text: str) -> str:
        return self.lang.quoted(text)

    def pairs(self, section: str) -> Iterator[tuple[str, dict | None, dict | None]]:
        """(id, old item or None, new item or None) for every id of a part, sorted by id."""
        old, new = self.old.get(section, {}), self.new.get(section, {})
        for item_id in sorted(old.keys() | new.keys()):
            yield item_id, old.get(item_id), new.get(item_id)

    def kept(self, section: str, kind: str, subject_of: Callable[[dict], str],
             removed: tuple[str, str] = ("removed", N_("removed"))) -> Iterator[tuple[str, dict, dict, str]]:
        """Report the items of a part that are new or gone; yield (id, old, new, subject) for the others."""
        for item_id, old, new in self.pairs(section):
            subject = subject_of(cast(dict, new or old))  # pairs() gives the ids of either snapshot
            if not self.added_or_removed(kind, item_id, old, new, subject, removed):
                assert old is not None and new is not None  # else added_or_removed reported it
                yield item_id, old, new, subject

    def added_or_removed(self, kind: str, item_id: str, old: dict | None, new: dict | None, subject: str,
                         removed: tuple[str, str] = ("removed", N_("removed"))) -> bool:
        """Report an item that is new or gone (`removed`: the action and words for a gone one)."""
        if old is None:
            self.add(kind, "added", item_id, self.lang.gettext("added"), subject)
            return True
        if new is None:
            self.add(kind, removed[0], item_id, self.lang.gettext(removed[1]), subject, gone=True)
            return True
        return False

    def text(self, kind: str, item_id: str, subject: str, old: str | None, new: str | None,
             what: str = "", action: str = "", **values: str) -> None:
        change = text_change(old, new, what, self.cited, self.lang, **values)
        if change:
            texts = (old, new) if change[0] == "reworded" else (None, None)
            self.add(kind, action or change[0], item_id, change[1], subject, False, *texts)
        if change and change[0] == "reworded" and old and new:
            # What a text rests on matters more than its wording: a re-worded text's citations are told too.
            recited = citations_change(old, new, what, self.cited, self.lang, **values)
            if recited:
                self.add(kind, action or "recited", item_id, recited, subject)

    def scales(self, kind: str, item_id: str, subject: str, old: dict, new: dict) -> None:
        for scale in ("confidence", "likelihood"):
            words = scale_move(scale, old[scale], new[scale], self.lang)
            if words:
                self.add(kind, scale, item_id, words, subject)

    # -- each kind ---------------------------------------------------------------------------
    def judgements(self) -> None:
        for item_id, old, new, subject in self.kept("judgements", "judgement",
                                                    lambda item: quoted(item["text"], lang=self.lang)):
            self.text("judgement", item_id, subject, old["text"], new["text"])
            self.scales("judgement", item_id, subject, old, new)

    def themes(self) -> None:
        gettext = self.lang.gettext
        for item_id, old, new, subject in self.kept("themes", "theme", lambda item: self.in_quotes(item["title"])):
            if old["title"] != new["title"]:
                self.add("theme", "renamed", item_id, gettext("renamed from %(old)s") % {"old": self.in_quotes(old["title"])},
                         subject)
            self.text("theme", item_id, subject, old["bottom_line"], new["bottom_line"], "bottom line")
            self.scales("theme", item_id, subject, old, new)
            self.sections(item_id, subject, old["sections"], new["sections"])
            if [prose(w) for w in old["watch_next"]] != [prose(w) for w in new["watch_next"]]:
                self.add("theme", "watch", item_id, gettext("what to watch next changed"), subject, False,
                         joined(old["watch_next"]), joined(new["watch_next"]))

    def sections(self, theme_id: str, subject: str, old: list[dict], new: list[dict]) -> None:
        """Sections matched by heading (the n-th of a repeated heading with the n-th), then those left by their
        body: the same words first, then the most alike (SIMILAR), so that a renamed section is not told as one
        added and one removed."""
        def keyed(sections: list[dict]) -> dict[tuple[str, int], dict]:
            seen: dict[str, int] = {}
            out = {}
            for section in sections:
                seen[section["heading"]] = seen.get(section["heading"], 0) + 1
                out[(section["heading"], seen[section["heading"]])] = section
            return out

        before, after = keyed(old), keyed(new)
        renamed = self.renamed_sections({k: v for k, v in before.items() if k not in after},
                                        {k: v for k, v in after.items() if k not in before})
        for key, section in after.items():
            heading = self.in_quotes(key[0])
            if key in before:
                self.text("theme", theme_id, subject, before[key]["body"], section["body"], "section", "sections",
                          heading=heading)
            elif key in renamed:
                was = renamed[key]
                self.add("theme", "sections", theme_id, self.lang.gettext("section heading changed: %(old)s → %(new)s")
                         % {"old": self.in_quotes(was[0]), "new": heading}, subject)
                self.text("theme", theme_id, subject, before[was]["body"], section["body"], "section", "sections",
                          heading=heading)
            else:
                self.add("theme", "sections", theme_id, text_words(self.lang, "section", "added", heading=heading),
                         subject)
        for key in before:
            if key not in after and key not in renamed.values():
                self.add("theme", "sections", theme_id,
                         text_words(self.lang, "section", "removed", heading=self.in_quotes(key[0])), subject)

    @staticmethod
    def renamed_sections(gone: dict[tuple[str, int], dict], new: dict[tuple[str, int], dict]
                         ) -> dict[tuple[str, int], tuple[str, int]]:
        """New section's key -> the key of the section it was, for sections whose heading alone (or with some of
        their words) changed."""
        found: dict[tuple[str, int], tuple[str, int]] = {}
        for key, section in new.items():
            same = next((k for k, v in gone.items() if k not in found.values()
                         and prose(v["body"]) == prose(section["body"])), None)
            if same is not None:
                found[key] = same
        scored = sorted(((similarity(gone[g]["body"], new[n]["body"]), g, n) for g in gone for n in new
                         if g not in found.values() and n not in found), key=lambda s: s[0], reverse=True)
        for score, was, key in scored:
            if score >= SIMILAR and key not in found and was not in found.values():
                found[key] = was
        return found

    def sources(self) -> None:
        gettext = self.lang.gettext
        for item_id, old, new, subject in self.kept("sources", "source", lambda item: source_name(item, self.lang)):
            if old["title"] != new["title"]:
                self.add("source", "renamed", item_id,
                         gettext("title changed from %(old)s") % {"old": self.in_quotes(old["title"])}, subject)
            if old["outlet"] != new["outlet"]:
                self.add("source", "outlet", item_id, gettext("outlet changed: %(old)s → %(new)s") % {
                    "old": old["outlet"], "new": new["outlet"]}, subject)
            if old["reliability"] != new["reliability"]:
                self.add("source", "regraded", item_id,
                         reliability_move(old["reliability"], new["reliability"], self.lang), subject)
            if "summary" in old and "summary" in new:  # releases of format 1 did not record summaries
                self.text("source", item_id, subject, old["summary"], new["summary"], "summary")

    def claims(self) -> None:
        old_sources, new_sources = self.old.get("sources", {}), self.new.get("sources", {})
        for key, old, new in self.pairs("claims"):
            source_id = ids.split_key(key)[0]
            if (source_id in old_sources) != (source_id in new_sources):
                continue  # the source itself was added or removed: that is the change to report
            source = new_sources.get(source_id) or old_sources[source_id]
            shown = new or old
            assert shown is not None  # one side exists: the key is in old or in new
            subject = self.claim_in(shown["text"], source["title"])
            if self.added_or_removed("claim", key, old, new, subject):
                continue
            assert old is not None and new is not None  # else added_or_removed reported it
            self.text("claim", key, subject, old["text"], new["text"])
            if " ".join(old["quote"].split()) != " ".join(new["quote"].split()):
                self.add("claim", "requoted", key, self.lang.gettext("re-quoted"), subject, False, old["quote"],
                         new["quote"])
            if old["type"] != new["type"]:
                in_text = Labels(self.lang).claim_type_in_text
                self.add("claim", "retyped", key, self.lang.gettext("type changed: %(old)s → %(new)s") % {
                    "old": in_text(old["type"]), "new": in_text(new["type"])}, subject)
            # A new reliability letter alone is the source's change; the claim's is its credibility.
            if old["grade"][1:] != new["grade"][1:]:
                self.regraded(key, old, new, subject)

    @functools.cached_property
    def citing(self) -> dict[str, list[tuple[str, str]]]:
        return citing(self.new)

    def regraded(self, key: str, old: dict, new: dict, subject: str) -> None:
        """A claim's grade moved: said with the key judgements and themes that rest on it."""
        cited_by = tuple(self.citing.get(key, ()))
        words = grade_move(old["grade"], new["grade"], self.lang)
        if cited_by:
            # Translators: a claim's re-grade (%(grade)s: 'grade lowered: …') and the key judgements and themes
            # that cite it.
            words = self.lang.gettext("%(grade)s; cited by %(names)s") % {
                "grade": words, "names": self.lang.listed([citing_name(self.new, *item, self.lang) for item in cited_by])}
        self.found.append(Change("claim", "regraded", key, words, subject, target_of("claim", key),
                                 cited_by=cited_by))

    def events(self) -> None:
        """Events matched by match_events (their own id, else their words), never by date and place."""
        lang = self.lang

        def subject_of(item: dict) -> str:
            return lang.gettext("%(date)s: %(event)s") % {"date": date_shown(item["date"], lang),
                                                          "event": quoted(item["text"], 10, lang)}

        old_events, new_events = self.old.get("events", {}), self.new.get("events", {})
        for old_id, new_id in match_events(old_events, new_events):
            old, new = old_events.get(old_id or ""), new_events.get(new_id or "")
            event_id = cast(str, new_id or old_id)  # match_events gives one of the two at least
            subject = subject_of(cast(dict, new or old))
            if self.added_or_removed("event", event_id, old, new, subject):
                continue
            assert old is not None and new is not None  # else added_or_removed reported it
            if old["date"] != new["date"]:
                self.add("event", "redated", event_id, lang.gettext("date changed: %(old)s → %(new)s") % {
                    "old": date_shown(old["date"], lang), "new": date_shown(new["date"], lang)}, subject)
            self.text("event", event_id, subject, old["text"], new["text"])

    def entities(self) -> None:
        for entity_id, old, new, subject in self.kept("entities", "entity", lambda item: item["name"]):
            if old["name"] != new["name"]:
                self.add("entity", "renamed", entity_id,
                         self.lang.gettext("renamed from %(old)s") % {"old": old["name"]}, subject)

    def discrepancies(self) -> None:
        gettext = self.lang.gettext
        for disc_id, old, new, subject in self.kept("discrepancies", "discrepancy",
                                                    lambda item: self.in_quotes(item["question"]),
                                                    removed=("closed", N_("closed (removed)"))):
            if prose(old["question"]) != prose(new["question"]):
                self.add("discrepancy", "reworded", disc_id, gettext("question re-worded"), subject, False,
                         old["question"], new["question"])
            if (old["unit"] or "") != (new["unit"] or ""):
                none = gettext("none")
                self.add("discrepancy", "values", disc_id, gettext("unit changed: %(old)s → %(new)s") % {
                    "old": old["unit"] or none, "new": new["unit"] or none}, subject)
            self.text("discrepancy", disc_id, subject, old["note"], new["note"], "note")
            self.values(disc_id, subject, old, new)

    def values(self, disc_id: str, subject: str, old: dict, new: dict) -> None:
        """Values matched by what they cite: the same citations first, then a shared source."""
        def sources(value: dict) -> set[str]:
            return {ids.split_key(k)[0] for k in cited_keys(value["text"])}

        left = list(old["values"])
        pairs: list[tuple[dict, dict]] = []
        unmatched: list[dict] = []
        for value in new["values"]:
            same = next((v for v in left if cited_keys(v["text"]) == cited_keys(value["text"])), None)
            if same is not None:
                left.remove(same)
                pairs.append((same, value))
            else:
                unmatched.append(value)
        added = []
        for value in unmatched:
            near = next((v for v in left if sources(v) & sources(value)), None)
            if near is not None:
                left.remove(near)
                pairs.append((near, value))
            else:
                added.append(value)
        unit, gettext, lang = new["unit"], self.lang.gettext, self.lang
        for before, after in pairs:
            whose = self.whose(after)
            if before["value"] != after["value"] or (before["label"] or "") != (after["label"] or ""):
                figures = {"old": figure(before, old["unit"], lang), "new": figure(after, unit, lang),
                           "sources": whose}
                self.add("discrepancy", "values", disc_id,
                         (gettext("the figure from %(sources)s moved from %(old)s to %(new)s") if whose
                          else gettext("the figure moved from %(old)s to %(new)s")) % figures, subject)
            elif whose:
                self.text("discrepancy", disc_id, subject, before["text"], after["text"], "value from", "values",
                          sources=whose)
            else:
                self.text("discrepancy", disc_id, subject, before["text"], after["text"], "value", "values")
        for value in added:
            self.add("discrepancy", "values", disc_id,
                     gettext("value added: %(value)s") % {"value": quoted(value["text"], lang=lang)}, subject)
        for value in left:
            self.add("discrepancy", "values", disc_id,
                     gettext("value removed: %(value)s") % {"value": quoted(value["text"], lang=lang)}, subject)

    def whose(self, value: dict) -> str:
        """'The Defense News' (the outlets or titles of the sources a value cites, listed), or ''."""
        names = []
        for key in cited_keys(value["text"]):
            source = self.new.get("sources", {}).get(ids.split_key(key)[0])
            if source:
                name = source["outlet"] if source["outlet"].strip().lower() != "unknown" \
                    else self.in_quotes(source["title"])
                if name not in names:
                    names.append(name)
        return self.lang.listed(names)

    def briefing(self) -> None:
        old, new = self.old.get("briefing"), self.new.get("briefing")
        if not old or not new:
            return
        gettext, title = self.lang.gettext, self.in_quotes(new["title"])
        if old["title"] != new["title"]:
            self.add("briefing", "renamed", "", gettext("title changed from %(old)s") % {"old": self.in_quotes(old["title"])},
                     title)
        if (old["subtitle"] or "") != (new["subtitle"] or ""):
            self.add("briefing", "reworded", "", gettext("subtitle changed"), title, False,
                     old["subtitle"] or "", new["subtitle"] or "")
        self.text("briefing", "", title, old["description"], new["description"], "description")


def diff(old: dict | None, new: dict, lang: Language = ENGLISH) -> list[Change]:
    """Every change from one snapshot to another, in the order of KINDS, then by id, in words of `lang`
    (the readers' language on the site; English, the default, for editors' tools).

    With no old snapshot (before the first release), everything is added.
    """
    differ = _Differ(old or {}, new, lang)
    for kind in KINDS:
        getattr(differ, SECTION[kind] if kind != "briefing" else "briefing")()
    return differ.found


# -- lists of changes ------------------------------------------------------------------------------


def grouped(changes: list[Change]) -> list[tuple[str, list[list[Change]]]]:
    """Changes by kind (in KINDS order), then by item: [(kind, [[changes of one item], ...]), ...]."""
    out = []
    for kind in KINDS:
        items: dict[str, list[Change]] = {}
        for change in changes:
            if change.kind == kind:
                items.setdefault(change.id, []).append(change)
        if items:
            out.append((kind, list(items.values())))
    return out


def touches(change: Change, kind: str, item_id: str) -> bool:
    """Whether a change is about an item: a source is also changed by a change of one of its claims."""
    if change.kind == kind and change.id == item_id:
        return True
    return kind == "source" and change.kind == "claim" and ids.split_key(change.id)[0] == item_id


def counted(changes: list[Change], lang: Language = ENGLISH) -> str:
    """'5 items changed (7 changes)': the items, as a list of them shows one line each, then the changes."""
    items = sum(len(lines) for _, lines in grouped(changes))
    line = lang.numbered(items, "%(num)s item changed", "%(num)s items changed")
    if items == len(changes):
        return line
    return lang.ngettext("%(items)s (%(num)s change)", "%(items)s (%(num)s changes)", len(changes)) % {
        "items": line, "num": lang.number(len(changes))}
