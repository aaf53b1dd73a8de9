"""What changed between two states of the briefing, worked out from the model, never from lines of text.

Two snapshots (releases.snapshot: the public model by id) go in; a list of
`Change` comes out, one per thing a reader should be told: a source or claim
added or removed, a claim re-worded or re-quoted, a judgement's confidence
lowered, a figure that moved, a grade that changed. Each change names the
place where the item now stands on the site (`target`, None for an item that
is gone). Texts are compared as prose: a change of line breaks is no change,
and a change of citations alone is reported as such, not as a re-wording.
"""

from __future__ import annotations

import json
import typing
from dataclasses import dataclass
from typing import Callable, Iterator, Optional, cast

from builder.model import citations
from builder.model import items as m
from builder.model import urls
from builder.model import words

KINDS = ("judgement", "theme", "discrepancy", "source", "claim", "event", "entity", "briefing")
"""The kinds of change, in the order the changes are listed."""

KIND_NAMES = {"judgement": "Key judgement", "theme": "Theme", "discrepancy": "Discrepancy", "source": "Source",
              "claim": "Claim", "event": "Event", "entity": "Entity", "briefing": "The briefing"}
GROUP_TITLES = {"judgement": "Key judgements", "theme": "Themes", "discrepancy": "Discrepancies",
                "source": "Sources", "claim": "Claims", "event": "Timeline", "entity": "Entities",
                "briefing": "The briefing"}
SECTION = {"judgement": "judgements", "theme": "themes", "discrepancy": "discrepancies", "source": "sources",
           "claim": "claims", "event": "events", "entity": "entities", "briefing": "briefing"}
"""The part of a snapshot that holds each kind of item."""

SCALES = {
    # model.Confidence is written strongest first, model.Likelihood weakest first: both weakest first here.
    "confidence": tuple(reversed(typing.get_args(m.Confidence))),
    "likelihood": typing.get_args(m.Likelihood),
}
"""Each scale from its lowest to its highest value, so that a move can be called raised or lowered."""


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
    target: Optional[urls.Target] = None
    """Where the item now stands on the site; None when it is gone."""

    @property
    def sentence(self) -> str:
        """The change as one line: 'Key judgement “…”: confidence lowered from high to moderate.'"""
        return f"{KIND_NAMES[self.kind]} {self.subject}: {self.words}."

    def as_dict(self, address: Optional[urls.Addresses] = None) -> dict:
        data: dict[str, Optional[str]] = {"kind": self.kind, "action": self.action, "id": self.id, "words": self.words, "subject": self.subject}
        if address is not None:
            data["url_on_site"] = address.url(self.target) if self.target else None
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
        return urls.claim_target(*m.split_key(item_id))
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


# -- words ----------------------------------------------------------------------------------------


def _prose(text: Optional[str]) -> str:
    """A text as a reader reads it: without citations, its spaces and line breaks folded."""
    return " ".join(citations.without_citations(text or "").split())


def _short(text: str, words: int = 12) -> str:
    """The first words of a text, to name it by (without its full stop, which a sentence about it adds)."""
    parts = _prose(text).split()
    return " ".join(parts[:words]).rstrip(".") + ("…" if len(parts) > words else "")


def _quoted(text: str, words: int = 12) -> str:
    return f"“{_short(text, words)}”"


def _cited_keys(text: Optional[str]) -> list[str]:
    keys: list[str] = []
    for group in citations.parse(text or "")[0]:
        keys += [cite.key for cite in group.citations if cite.key not in keys]
    return keys


def text_change(old: Optional[str], new: Optional[str], what: str = "") -> Optional[tuple[str, str]]:
    """(action, words) for a changed Markdown text, or None when a reader would see no change."""
    if (old or "") == (new or ""):
        return None
    if _prose(old) != _prose(new):
        if not old:
            return "reworded", f"{what}added".strip()
        if not new:
            return "reworded", f"{what}removed".strip()
        return "reworded", f"{what}re-worded".strip()
    before, after = _cited_keys(old), _cited_keys(new)
    added = [k for k in after if k not in before]
    dropped = [k for k in before if k not in after]
    if not added and not dropped:
        return None  # the same citations, only laid out differently
    parts = ([f"now also cites {', '.join(added)}"] if added else []) + \
            ([f"no longer cites {', '.join(dropped)}"] if dropped else [])
    return "recited", f"{what}citations changed: {'; '.join(parts)}".strip()


def scale_move(scale: str, old: Optional[str], new: Optional[str]) -> Optional[str]:
    """'confidence lowered from high to moderate', 'likelihood raised from likely to very likely'..."""
    if old == new:
        return None
    if old is None:
        return f"{scale} set to {new}"
    if new is None:
        return f"{scale} no longer given (was {old})"
    order = SCALES[scale]
    direction = "raised" if order.index(new) > order.index(old) else "lowered"
    return f"{scale} {direction} from {old} to {new}"


def _figure(value: dict, unit: Optional[str]) -> str:
    shown = value["label"] or (words.format_number(value["value"]) if value["value"] is not None else "no figure")
    return f"{shown} {unit}" if unit and value["value"] is not None and not value["label"] else shown


# -- the diff -------------------------------------------------------------------------------------


class _Differ:
    def __init__(self, old: dict, new: dict):
        self.old, self.new = old, new
        self.found: list[Change] = []

    def add(self, kind: str, action: str, item_id: str, words: str, subject: str, gone: bool = False) -> None:
        target = None if gone else target_of(kind, item_id)
        self.found.append(Change(kind, action, item_id, words, subject, target))

    def pairs(self, section: str) -> Iterator[tuple[str, Optional[dict], Optional[dict]]]:
        """(id, old item or None, new item or None) for every id of a part, sorted by id."""
        old, new = self.old.get(section, {}), self.new.get(section, {})
        for item_id in sorted(old.keys() | new.keys()):
            yield item_id, old.get(item_id), new.get(item_id)

    def kept(self, section: str, kind: str, subject_of: Callable[[dict], str],
             removed: tuple[str, str] = ("removed", "removed")) -> Iterator[tuple[str, dict, dict, str]]:
        """Report the items of a part that are new or gone; yield (id, old, new, subject) for the others."""
        for item_id, old, new in self.pairs(section):
            subject = subject_of(cast(dict, new or old))  # pairs() gives the ids of either snapshot
            if not self.added_or_removed(kind, item_id, old, new, subject, removed):
                assert old is not None and new is not None  # else added_or_removed reported it
                yield item_id, old, new, subject

    def added_or_removed(self, kind: str, item_id: str, old: Optional[dict], new: Optional[dict], subject: str,
                         removed: tuple[str, str] = ("removed", "removed")) -> bool:
        """Report an item that is new or gone (`removed`: the action and words for a gone one)."""
        if old is None:
            self.add(kind, "added", item_id, "added", subject)
            return True
        if new is None:
            self.add(kind, removed[0], item_id, removed[1], subject, gone=True)
            return True
        return False

    def text(self, kind: str, item_id: str, subject: str, old: Optional[str], new: Optional[str],
             what: str = "") -> None:
        change = text_change(old, new, what)
        if change:
            self.add(kind, change[0], item_id, change[1], subject)

    def scales(self, kind: str, item_id: str, subject: str, old: dict, new: dict) -> None:
        for scale in ("confidence", "likelihood"):
            words = scale_move(scale, old[scale], new[scale])
            if words:
                self.add(kind, scale, item_id, words, subject)

    # -- each kind ---------------------------------------------------------------------------
    def judgements(self) -> None:
        for item_id, old, new, subject in self.kept("judgements", "judgement", lambda item: _quoted(item["text"])):
            self.text("judgement", item_id, subject, old["text"], new["text"])
            self.scales("judgement", item_id, subject, old, new)

    def themes(self) -> None:
        for item_id, old, new, subject in self.kept("themes", "theme", lambda item: f"“{item['title']}”"):
            if old["title"] != new["title"]:
                self.add("theme", "renamed", item_id, f"renamed from “{old['title']}”", subject)
            self.text("theme", item_id, subject, old["bottom_line"], new["bottom_line"], "bottom line ")
            self.scales("theme", item_id, subject, old, new)
            self.sections(item_id, subject, old["sections"], new["sections"])
            if [_prose(w) for w in old["watch_next"]] != [_prose(w) for w in new["watch_next"]]:
                self.add("theme", "watch", item_id, "what to watch next changed", subject)

    def sections(self, theme_id: str, subject: str, old: list[dict], new: list[dict]) -> None:
        """Sections matched by heading (the n-th of a repeated heading with the n-th)."""
        def keyed(sections: list[dict]) -> dict[tuple[str, int], dict]:
            seen: dict[str, int] = {}
            out = {}
            for section in sections:
                seen[section["heading"]] = seen.get(section["heading"], 0) + 1
                out[(section["heading"], seen[section["heading"]])] = section
            return out

        before, after = keyed(old), keyed(new)
        for key, section in after.items():
            name = f"section “{key[0]}” "
            if key not in before:
                self.add("theme", "sections", theme_id, f"{name}added", subject)
            else:
                change = text_change(before[key]["body"], section["body"], name)
                if change:
                    self.add("theme", "sections", theme_id, change[1], subject)
        for key in before:
            if key not in after:
                self.add("theme", "sections", theme_id, f"section “{key[0]}” removed", subject)

    def sources(self) -> None:
        for item_id, old, new, subject in self.kept("sources", "source", lambda item: f"“{item['title']}”"):
            if old["title"] != new["title"]:
                self.add("source", "renamed", item_id, f"title changed from “{old['title']}”", subject)
            if old["outlet"] != new["outlet"]:
                self.add("source", "outlet", item_id, f"outlet changed from {old['outlet']} to {new['outlet']}",
                         subject)
            if old["reliability"] != new["reliability"]:
                self.add("source", "regraded", item_id, "reliability changed from "
                         f"{old['reliability']} ({m.RELIABILITY_LABELS[old['reliability']]}) to "
                         f"{new['reliability']} ({m.RELIABILITY_LABELS[new['reliability']]})", subject)

    def claims(self) -> None:
        old_sources, new_sources = self.old.get("sources", {}), self.new.get("sources", {})
        for key, old, new in self.pairs("claims"):
            source_id = m.split_key(key)[0]
            if (source_id in old_sources) != (source_id in new_sources):
                continue  # the source itself was added or removed: that is the change to report
            subject = f"{_quoted(cast(dict, new or old)['text'])} ({source_id})"  # as in kept()
            if self.added_or_removed("claim", key, old, new, subject):
                continue
            assert old is not None and new is not None  # else added_or_removed reported it
            self.text("claim", key, subject, old["text"], new["text"])
            if " ".join(old["quote"].split()) != " ".join(new["quote"].split()):
                self.add("claim", "requoted", key, "re-quoted", subject)
            if old["type"] != new["type"]:
                self.add("claim", "retyped", key, f"type changed from {old['type']} to {new['type']}", subject)
            # A new reliability letter alone is the source's change; the claim's is its credibility.
            if old["grade"][1:] != new["grade"][1:]:
                label = m.CREDIBILITY_LABELS[int(new["grade"][1:])]
                self.add("claim", "regraded", key, f"grade changed from {old['grade']} to {new['grade']} ({label})",
                         subject)

    def events(self) -> None:
        def subject_of(item: dict) -> str:
            return f"{m.PartialDate.parse(item['date']).display}: {_quoted(item['text'], 10)}"

        for event_id, old, new, subject in self.kept("events", "event", subject_of):
            if old["date"] != new["date"]:
                self.add("event", "redated", event_id, f"date changed from {m.PartialDate.parse(old['date']).display}",
                         subject)
            self.text("event", event_id, subject, old["text"], new["text"])

    def entities(self) -> None:
        for entity_id, old, new, subject in self.kept("entities", "entity", lambda item: item["name"]):
            if old["name"] != new["name"]:
                self.add("entity", "renamed", entity_id, f"renamed from {old['name']}", subject)

    def discrepancies(self) -> None:
        for disc_id, old, new, subject in self.kept("discrepancies", "discrepancy", lambda item: f"“{item['question']}”",
                                                    removed=("closed", "closed (removed)")):
            if _prose(old["question"]) != _prose(new["question"]):
                self.add("discrepancy", "reworded", disc_id, f"question re-worded from “{old['question']}”", subject)
            if (old["unit"] or "") != (new["unit"] or ""):
                self.add("discrepancy", "values", disc_id, f"unit changed from {old['unit'] or 'none'} to "
                         f"{new['unit'] or 'none'}", subject)
            self.text("discrepancy", disc_id, subject, old["note"], new["note"], "note ")
            self.values(disc_id, subject, old, new)

    def values(self, disc_id: str, subject: str, old: dict, new: dict) -> None:
        """Values matched by what they cite: the same citations first, then a shared source."""
        def sources(value: dict) -> set[str]:
            return {m.split_key(k)[0] for k in _cited_keys(value["text"])}

        left = list(old["values"])
        pairs: list[tuple[dict, dict]] = []
        unmatched: list[dict] = []
        for value in new["values"]:
            same = next((v for v in left if _cited_keys(v["text"]) == _cited_keys(value["text"])), None)
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
        unit = new["unit"]
        for before, after in pairs:
            whose = self.whose(after)
            if before["value"] != after["value"] or (before["label"] or "") != (after["label"] or ""):
                self.add("discrepancy", "values", disc_id, f"the figure {whose}moved from "
                         f"{_figure(before, old['unit'])} to {_figure(after, unit)}", subject)
            elif _prose(before["text"]) != _prose(after["text"]) or _cited_keys(before["text"]) != _cited_keys(after["text"]):
                self.add("discrepancy", "values", disc_id, f"the value {whose}re-worded", subject)
        for value in added:
            self.add("discrepancy", "values", disc_id, f"value added: {_quoted(value['text'])}", subject)
        for value in left:
            self.add("discrepancy", "values", disc_id, f"value removed: {_quoted(value['text'])}", subject)

    def whose(self, value: dict) -> str:
        """'from The Defense News ' (the outlets or titles of the sources a value cites), or ''."""
        names = []
        for key in _cited_keys(value["text"]):
            source = self.new.get("sources", {}).get(m.split_key(key)[0])
            if source:
                name = source["outlet"] if source["outlet"].strip().lower() != "unknown" else f"“{source['title']}”"
                if name not in names:
                    names.append(name)
        return f"from {' and '.join(names)} " if names else ""

    def briefing(self) -> None:
        old, new = self.old.get("briefing"), self.new.get("briefing")
        if not old or not new:
            return
        if old["title"] != new["title"]:
            self.add("briefing", "renamed", "", f"title changed from “{old['title']}”", f"“{new['title']}”")
        if (old["subtitle"] or "") != (new["subtitle"] or ""):
            self.add("briefing", "reworded", "", "subtitle changed", f"“{new['title']}”")
        self.text("briefing", "", f"“{new['title']}”", old["description"], new["description"], "description ")


def diff(old: Optional[dict], new: dict) -> list[Change]:
    """Every change from one snapshot to another, in the order of KINDS, then by id.

    With no old snapshot (before the first release), everything is added.
    """
    differ = _Differ(old or {}, new)
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
    return kind == "source" and change.kind == "claim" and m.split_key(change.id)[0] == item_id


def markdown(changes: list[Change], heading: str, site_url: str = "",
             address: Optional[urls.Addresses] = None) -> str:
    """The changes as Markdown, grouped by kind (for `briefing diff` and a pull request's summary)."""
    lines = [f"## {heading}", ""]
    if not changes:
        return "\n".join(lines + ["No change to the briefing's content.", ""])
    total = len(changes)
    lines += [f"{total} change{'s' if total != 1 else ''}, worked out from the briefing's content.", ""]
    for kind, items in grouped(changes):
        lines += [f"### {GROUP_TITLES[kind]}", ""]
        for item in items:
            first = item[0]
            subject = _md_text(first.subject)
            if site_url and address is not None and first.target is not None:
                subject = f"[{subject}]({site_url}{address.url(first.target)})"
            ident = f" (`{first.id}`)" if first.id else ""
            lines.append(f"- {subject}{ident}: {'; '.join(_md_text(c.words) for c in item)}.")
        lines.append("")
    return "\n".join(lines)


def _md_text(text: str) -> str:
    """Content text made inert in Markdown (a PR summary must not render links or HTML from content)."""
    return "".join("\\" + ch if ch in "\\`*_{}[]<>" else ch for ch in text)  # lines start "- ": no # heading


def as_json(changes: list[Change], address: urls.Addresses, **extra) -> str:
    return json.dumps({**extra, "changes": [c.as_dict(address) for c in changes]}, indent=1, ensure_ascii=False,
                      sort_keys=True)
