"""The briefing's releases as the site shows them: the changes page, "First published" and "Updated"
lines, the home page's few lines on the latest release, the feed's entries and briefing.json's history.

Each release is compared with the one before it (changes.diff on their
snapshots); the first release is described by what it published. Changes of
the content since the latest release are "not yet released". A change links
to where its item stands now, or nowhere when the item has since gone. A
re-worded text carries its word differences (worddiff.py) wherever a reader
is shown the change: the changes page, the feed, and the history of the item's
own page.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import cast

from markupsafe import Markup

from builder.releases import changes as changes_mod
from builder.releases import prose
from builder.model.language import ENGLISH, Language
from builder.pages import contexts as c
from builder.pages import releaseviews as rv
from builder.model import items as m
from builder.model import ids
from builder.releases import snapshots as releases_mod
from builder.checks import sourcing
from builder.model import urls



HOME_LINES = 3
"""How many changed items the home page lists before 'and N more'."""

def published_words(snap: dict, lang: Language = ENGLISH) -> str:
    """'7 key judgements, 9 themes, ... and 63 entities': what a snapshot holds, in words."""
    counts, numbered = releases_mod.counts(snap), lang.numbered
    words = {"judgements": lambda k: numbered(k, "%(num)s key judgement", "%(num)s key judgements"),
             "themes": lambda k: numbered(k, "%(num)s theme", "%(num)s themes"),
             "discrepancies": lambda k: numbered(k, "%(num)s discrepancy", "%(num)s discrepancies"),
             "sources": lambda k: numbered(k, "%(num)s source", "%(num)s sources"),
             "claims": lambda k: numbered(k, "%(num)s claim", "%(num)s claims"),
             "events": lambda k: numbered(k, "%(num)s timeline event", "%(num)s timeline events"),
             "entities": lambda k: numbered(k, "%(num)s entity", "%(num)s entities")}
    parts = [say(counts[section]) for section, say in words.items() if counts[section]]
    return lang.listed(parts) if parts else lang.gettext("nothing")


@dataclass(frozen=True)
class Step:
    """One release and what changed since the release before it."""

    release: m.Release
    previous: m.Release | None
    changes: list[changes_mod.Change]
    """Empty for the first release."""


class History:
    """Every release of one build's briefing, compared in turn; views for the pages that show them."""

    def __init__(self, model: m.Model, derived: sourcing.Sourcing, address: urls.Addresses,
                 lang: Language = ENGLISH):
        self.address = address
        self.lang = lang
        self.releases = model.releases
        self.current = releases_mod.snapshot(model, derived) if model.releases else {}
        self.steps: list[Step] = []
        previous: m.Release | None = None
        for release in model.releases:
            found = changes_mod.diff(previous.snapshot, release.snapshot, lang) if previous else []
            self.steps.append(Step(release, previous, self._as_now(found, release.snapshot)))
            previous = release
        self.unreleased = changes_mod.diff(previous.snapshot, self.current, lang) if previous else []
        self._of: dict[tuple[str, str, str], rv.HistoryView | None] = {}

    def _as_now(self, found: list[changes_mod.Change], snap: dict) -> list[changes_mod.Change]:
        """Changes whose item has since gone from the briefing link nowhere. An event is found again by its words
        (prose.match_events): the id a release knew it by may since have passed to another event."""
        now = {old_id: new_id for old_id, new_id in
               prose.match_events(snap.get("events", {}), self.current.get("events", {})) if old_id}
        out = []
        for change in found:
            if change.kind == "event":
                event_id = now.get(change.id)
                out.append(dataclasses.replace(change, target=changes_mod.target_of("event", event_id))
                           if event_id else change.gone())
            else:
                out.append(change if changes_mod.exists(self.current, change.kind, change.id) else change.gone())
        return out

    def _changes_url(self, anchor: str) -> str:
        return self.address.url(urls.Target(urls.CHANGES, anchor=anchor))

    # -- one item's history ----------------------------------------------------------------------
    def of(self, kind: str, item_id: str, anchor: str = "") -> rv.HistoryView | None:
        """When an item was first published and last changed, what that change was and every earlier one, or
        None when no release holds it. `anchor`: where its page shows the history ('' when shown in place)."""
        key = (kind, item_id, anchor)
        if key not in self._of:  # a page asks twice: for its history, and for its dates (metadata.py)
            self._of[key] = self._history(kind, item_id, anchor)
        return self._of[key]

    def _history(self, kind: str, item_id: str, anchor: str) -> rv.HistoryView | None:
        first = next((r for r in self.releases if changes_mod.exists(r.snapshot, kind, item_id)), None)
        if first is None:
            return None
        first_url = self._changes_url(urls.release_anchor(first.number))
        entries = [rv.HistoryEntry(mark(first), first_url, [], first=True)]
        latest = ""
        for step, mine in self.touching.get((kind, item_id), ()):
            if step.release.number <= first.number:
                continue
            own = [ch for ch in mine if ch.kind == kind]
            of_claims = [ch for ch in mine if ch.kind != kind]
            url = self._changes_url(urls.change_anchor(step.release.number, mine[0].kind, mine[0].id))
            if kind != "source":  # a judgement's or theme's: the claims it cites that were re-graded
                cited = [rv.ChangeDetail(self.cited_words(ch, step)) for ch in of_claims]
                entries.append(rv.HistoryEntry(mark(step.release), url, [detail(ch) for ch in own] + cited))
                latest = self.lang.joined([ch.words for ch in own] + [line.words for line in cited])
                continue
            entries.append(rv.HistoryEntry(mark(step.release), url, [detail(ch) for ch in own],
                                          self.claim_lines(of_claims, step)))
            latest = self.lang.joined([ch.words for ch in own] + ([claims_in_words(of_claims, self.lang)] if of_claims else []))
        entries.reverse()
        if entries[0].first:
            return rv.HistoryView(entries[0].release, first_url, entries=entries, anchor=anchor)
        return rv.HistoryView(entries[-1].release, first_url, entries[0].release, entries[0].url, latest, entries,
                             anchor)

    @functools.cached_property
    def touching(self) -> dict[tuple[str, str], list[tuple[Step, list[changes_mod.Change]]]]:
        """(kind, id) -> each release that changed the item and its changes there, oldest first, as
        changes.touches has it (a source is changed by a change of one of its claims), and the re-grade of a claim
        each key judgement and theme cites (Change.cited_by); made once, so that a
        page's history does not read every change of every release."""
        found: dict[tuple[str, str], dict[int, tuple[Step, list[changes_mod.Change]]]] = {}
        for number, step in enumerate(self.steps):
            for change in step.changes:
                keys = [(change.kind, change.id)]
                if change.kind == "claim":
                    keys.append(("source", ids.split_key(change.id)[0]))
                    keys += list(change.cited_by)  # a re-graded claim: the judgements and themes that cite it
                for key in keys:
                    found.setdefault(key, {}).setdefault(number, (step, []))[1].append(change)
        return {key: list(steps.values()) for key, steps in found.items()}

    def cited_words(self, change: changes_mod.Change, step: Step) -> str:
        """A re-graded claim as the judgement or theme that cites it tells it."""
        assert step.previous is not None  # a change is made between two releases
        return prose.cited_claim_regraded(step.previous.snapshot, step.release.snapshot, change.id, self.lang)

    def claim_lines(self, found: list[changes_mod.Change], step: Step) -> list[rv.ChangeLine]:
        """Changes of a source's claims, for the source's own page: one line a claim, named by its words."""
        lines = []
        for _, items in changes_mod.grouped(found):
            for item in items:
                change = item[0]
                claim = (self.current.get("claims", {}).get(change.id) or step.release.snapshot["claims"].get(change.id)
                         or (step.previous.snapshot["claims"].get(change.id) if step.previous else None))
                anchor = urls.change_anchor(step.release.number, change.kind, change.id)
                lines.append(rv.ChangeLine(
                    self.lang.gettext(changes_mod.KIND_NAMES[change.kind]),
                    self.lang.gettext("Claim %(claim)s") % {"claim": prose.quoted(claim["text"], lang=self.lang)}
                    if claim else self.lang.gettext("A claim"),
                    self.address.url(change.target) if change.target else "", anchor, self._changes_url(anchor),
                    [ch.words for ch in item], [detail(ch) for ch in item]))
        return lines

    # -- views ----------------------------------------------------------------------------------
    def lines(self, found: list[changes_mod.Change], number: int | None) -> list[rv.ChangeGroup]:
        """Changes grouped by kind, one line an item, each with its anchor on the changes page."""
        groups = []
        for kind, items in changes_mod.grouped(found):
            lines = []
            for item in items:
                first = item[0]
                anchor = urls.change_anchor(number, first.kind, first.id)
                lines.append(rv.ChangeLine(
                    self.lang.gettext(changes_mod.KIND_NAMES[kind]), first.subject,
                    self.address.url(first.target) if first.target else "", anchor,
                    self._changes_url(anchor), [ch.words for ch in item], [detail(ch) for ch in item]))
            groups.append(rv.ChangeGroup(self.lang.gettext(changes_mod.GROUP_TITLES[kind]), lines))
        return groups

    def release_view(self, step: Step) -> rv.ReleaseView:
        release = step.release
        assert release.as_of is not None  # every release has one (release_files.read_file)
        anchor = urls.release_anchor(release.number)
        return rv.ReleaseView(
            number=release.number, as_of=release.as_of, note=release.note, anchor=anchor,
            url=self._changes_url(anchor),
            groups=self.lines(step.changes, release.number), change_count=len(step.changes),
            counted=changes_mod.counted(step.changes, self.lang),
            published="" if step.previous else published_words(release.snapshot, self.lang),
            released=release.released, previous=mark(step.previous) if step.previous else None)

    def release_views(self) -> list[rv.ReleaseView]:
        """Newest first."""
        return [self.release_view(step) for step in reversed(self.steps)]

    def changes_context(self) -> c.ChangesContext:
        return c.ChangesContext(self.release_views(), self.lines(self.unreleased, None), urls.UNRELEASED_ANCHOR)

    def what_changed(self) -> rv.WhatChangedView | None:
        """The latest release, for the home page; None before the first."""
        if not self.steps:
            return None
        latest = self.release_view(self.steps[-1])
        lines = [line for group in latest.groups for line in group.lines]
        more, lang = len(lines) - HOME_LINES, self.lang
        return rv.WhatChangedView(
            latest, lines[:HOME_LINES], lang.numbered(more, "And %(num)s more.", "And %(num)s more.") if more > 0 else "",
            lang.gettext("%(counted)s since, not yet in a release") % {
                "counted": changes_mod.counted(self.unreleased, lang)} if self.unreleased else "",
            self.address.page(urls.CHANGES),
            self.address.url(urls.Target(urls.CHANGES, anchor=urls.UNRELEASED_ANCHOR)))

    def data(self) -> dict:
        """The release history for briefing.json."""
        return {
            "releases": [{"number": step.release.number, "as_of": cast(m.PartialDate, step.release.as_of).iso, "note": step.release.note,
                          "released": step.release.released.iso if step.release.released else None,
                          "url_on_site": self.address.url(urls.Target(urls.CHANGES,
                                                                      anchor=urls.release_anchor(step.release.number))),
                          "published": releases_mod.counts(step.release.snapshot) if step.previous is None else None,
                          "changes": [ch.as_dict(self.address) for ch in step.changes]}
                         for step in self.steps],
            "unreleased_changes": [ch.as_dict(self.address) for ch in self.unreleased],
        }

    def feed_text(self, view: rv.ReleaseView) -> str:
        """A release's note and changes as plain text, for its feed entry's summary (its content, in HTML, shows
        the words each re-wording changed)."""
        lines, gettext = [view.note, ""], self.lang.gettext
        if view.published:
            lines.append(gettext("Published with %(what)s.") % {"what": view.published})
        elif view.groups:
            lines.append(gettext("%(counted)s:") % {"counted": view.counted})
        for group in view.groups:
            lines += [gettext("%(kind)s %(subject)s: %(changes)s.") % {
                "kind": line.kind_name, "subject": line.subject, "changes": self.lang.joined(line.words)}
                for line in group.lines]
        if not view.published and not view.groups:
            lines.append(gettext("No change to the content."))
        return "\n".join(lines)


def detail(change: changes_mod.Change) -> rv.ChangeDetail:
    """A change in words, with the words it changed when it re-worded a text."""
    return rv.ChangeDetail(change.words, change.diff.html() if change.diff else Markup(""))


CLAIM_ACTIONS = ("added", "removed", "reworded", "requoted", "retyped", "regraded")
"""How the changes of a source's claims are counted on its page, in this order."""


def _claims_counted(lang: Language, action: str, n: int, first: bool) -> str:
    """'2 claims added' (the first of a list), '1 re-worded' (those after it)."""
    ngettext = lang.ngettext
    forms = {
        "added": (ngettext("%(num)s claim added", "%(num)s claims added", n), ngettext("%(num)s added", "%(num)s added", n)),
        "removed": (ngettext("%(num)s claim removed", "%(num)s claims removed", n),
                    ngettext("%(num)s removed", "%(num)s removed", n)),
        "reworded": (ngettext("%(num)s claim re-worded", "%(num)s claims re-worded", n),
                     ngettext("%(num)s re-worded", "%(num)s re-worded", n)),
        "requoted": (ngettext("%(num)s claim re-quoted", "%(num)s claims re-quoted", n),
                     ngettext("%(num)s re-quoted", "%(num)s re-quoted", n)),
        "retyped": (ngettext("%(num)s claim of another type", "%(num)s claims of another type", n),
                    ngettext("%(num)s of another type", "%(num)s of another type", n)),
        "regraded": (ngettext("%(num)s claim re-graded", "%(num)s claims re-graded", n),
                     ngettext("%(num)s re-graded", "%(num)s re-graded", n)),
    }
    return forms[action][0 if first else 1] % {"num": lang.number(n)}


def claims_in_words(found: list[changes_mod.Change], lang: Language = ENGLISH) -> str:
    """'2 claims added, 1 re-worded and 12 re-graded': what happened to a source's claims in one release."""
    parts: list[str] = []
    for action in CLAIM_ACTIONS:
        n = len({ch.id for ch in found if ch.action == action})
        if n:
            parts.append(_claims_counted(lang, action, n, not parts))
    return lang.listed(parts) if parts else lang.gettext("claims changed")


def mark(release: m.Release) -> rv.ReleaseMark:
    assert release.as_of is not None  # release_files.read_file gives every release one
    return rv.ReleaseMark(release.number, release.released, release.as_of)
