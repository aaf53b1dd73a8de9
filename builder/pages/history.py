"""The briefing's releases as the site shows them: the changes page, "First published" and "Updated"
lines, the home page's few lines on the latest release, the feed's entries and briefing.json's history.

Each release is compared with the one before it (changes.diff on their
snapshots); the first release is described by what it published. Changes of
the content since the latest release are "not yet released". A change links
to where its item stands now, or nowhere when the item has since gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, cast

from builder.releases import changes as changes_mod
from builder.pages import contexts as c
from builder.model import items as m
from builder.releases import snapshots as releases_mod
from builder.checks import sourcing
from builder.model import urls

HOME_LINES = 5
"""How many changed items the home page lists before 'and N more'."""

_COUNTED = (("judgements", "key judgement", "key judgements"), ("themes", "theme", "themes"),
            ("discrepancies", "discrepancy", "discrepancies"), ("sources", "source", "sources"),
            ("claims", "claim", "claims"), ("events", "timeline event", "timeline events"),
            ("entities", "entity", "entities"))


def published_words(snap: dict) -> str:
    """'7 key judgements, 9 themes, ... and 63 entities': what a snapshot holds, in words."""
    counts = releases_mod.counts(snap)
    parts = [f"{counts[section]} {one if counts[section] == 1 else many}"
             for section, one, many in _COUNTED if counts[section]]
    if len(parts) < 2:
        return parts[0] if parts else "nothing"
    return ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True)
class Step:
    """One release and what changed since the release before it."""

    release: m.Release
    previous: Optional[m.Release]
    changes: list[changes_mod.Change]
    """Empty for the first release."""


class History:
    """Every release of one build's briefing, compared in turn; views for the pages that show them."""

    def __init__(self, model: m.Model, derived: sourcing.Sourcing, address: urls.Addresses):
        self.address = address
        self.releases = model.releases
        self.current = releases_mod.snapshot(model, derived) if model.releases else {}
        self.steps: list[Step] = []
        previous: Optional[m.Release] = None
        for release in model.releases:
            found = changes_mod.diff(previous.snapshot, release.snapshot) if previous else []
            self.steps.append(Step(release, previous, self._as_now(found)))
            previous = release
        self.unreleased = changes_mod.diff(previous.snapshot, self.current) if previous else []

    def _as_now(self, found: list[changes_mod.Change]) -> list[changes_mod.Change]:
        """Changes whose item has since gone from the briefing link nowhere."""
        return [change if changes_mod.exists(self.current, change.kind, change.id) else
                changes_mod.Change(change.kind, change.action, change.id, change.words, change.subject, None)
                for change in found]

    # -- one item's history ----------------------------------------------------------------------
    def of(self, kind: str, item_id: str) -> Optional[c.HistoryView]:
        """When an item was first published and last changed, or None when no release holds it."""
        first = next((r for r in self.releases if changes_mod.exists(r.snapshot, kind, item_id)), None)
        if first is None:
            return None
        assert first.as_of is not None  # every release has one (release_files.read_file)
        first_url = self.address.url(urls.Target(urls.CHANGES, anchor=urls.release_anchor(first.number)))
        for step in reversed(self.steps):
            if step.release.number <= first.number:
                break
            change = next((ch for ch in step.changes if changes_mod.touches(ch, kind, item_id)), None)
            if change is not None:
                anchor = urls.change_anchor(step.release.number, change.kind, change.id)
                assert step.release.as_of is not None  # as above
                return c.HistoryView(first.as_of, first_url, step.release.as_of,
                                     self.address.url(urls.Target(urls.CHANGES, anchor=anchor)))
        return c.HistoryView(first.as_of, first_url)

    # -- views ----------------------------------------------------------------------------------
    def lines(self, found: list[changes_mod.Change], number: Optional[int]) -> list[c.ChangeGroup]:
        """Changes grouped by kind, one line an item, each with its anchor on the changes page."""
        groups = []
        for kind, items in changes_mod.grouped(found):
            lines = []
            for item in items:
                first = item[0]
                anchor = urls.change_anchor(number, first.kind, first.id)
                lines.append(c.ChangeLine(
                    changes_mod.KIND_NAMES[kind], first.subject,
                    self.address.url(first.target) if first.target else "", anchor,
                    self.address.url(urls.Target(urls.CHANGES, anchor=anchor)), [ch.words for ch in item]))
            groups.append(c.ChangeGroup(changes_mod.GROUP_TITLES[kind], lines))
        return groups

    def release_view(self, step: Step) -> c.ReleaseView:
        release = step.release
        assert release.as_of is not None  # every release has one (release_files.read_file)
        anchor = urls.release_anchor(release.number)
        return c.ReleaseView(
            number=release.number, as_of=release.as_of, note=release.note, anchor=anchor,
            url=self.address.url(urls.Target(urls.CHANGES, anchor=anchor)),
            groups=self.lines(step.changes, release.number), change_count=len(step.changes),
            published="" if step.previous else published_words(release.snapshot),
            previous_as_of=step.previous.as_of if step.previous else None)

    def release_views(self) -> list[c.ReleaseView]:
        """Newest first."""
        return [self.release_view(step) for step in reversed(self.steps)]

    def changes_context(self) -> c.ChangesContext:
        return c.ChangesContext(self.release_views(), self.lines(self.unreleased, None), urls.UNRELEASED_ANCHOR)

    def what_changed(self) -> Optional[c.WhatChangedView]:
        """The latest release, for the home page; None before the first."""
        if not self.steps:
            return None
        latest = self.release_view(self.steps[-1])
        lines = [line for group in latest.groups for line in group.lines]
        more, unreleased = len(lines) - HOME_LINES, len(self.unreleased)
        return c.WhatChangedView(
            latest, lines[:HOME_LINES], f"And {more} more." if more > 0 else "",
            f"{unreleased} change{'s' if unreleased != 1 else ''} not yet in a release" if unreleased else "",
            self.address.page(urls.CHANGES),
            self.address.url(urls.Target(urls.CHANGES, anchor=urls.UNRELEASED_ANCHOR)))

    def data(self) -> dict:
        """The release history for briefing.json."""
        return {
            "releases": [{"number": step.release.number, "as_of": cast(m.PartialDate, step.release.as_of).iso,
                          "note": step.release.note,  # (as_of: read_file gives every release one)
                          "url_on_site": self.address.url(urls.Target(urls.CHANGES,
                                                                      anchor=urls.release_anchor(step.release.number))),
                          "published": releases_mod.counts(step.release.snapshot) if step.previous is None else None,
                          "changes": [ch.as_dict(self.address) for ch in step.changes]}
                         for step in self.steps],
            "unreleased_changes": [ch.as_dict(self.address) for ch in self.unreleased],
        }

    def feed_text(self, view: c.ReleaseView) -> str:
        """A release's note and changes as plain text, for its feed entry."""
        lines = [view.note, ""]
        if view.published:
            lines.append(f"Published with {view.published}.")
        for group in view.groups:
            lines += [f"{line.kind_name} {line.subject}: {'; '.join(line.words)}." for line in group.lines]
        if not view.published and not view.groups:
            lines.append("No change to the content.")
        return "\n".join(lines)
