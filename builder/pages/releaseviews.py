"""What the site shows of releases: each item's history, the change log's lines and groups, a release.

Dataclasses only (pages/history.py works them out from the release files); the home page, the change log
and each theme, source and entity page show them (see TEMPLATES.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from builder.model import items as m


@dataclass(frozen=True)
class ReleaseMark:
    """A release as a line names it: by the day it was made, or by its number when that day is not known."""

    number: int
    released: m.PartialDate | None
    """The day the release was made; None for an early release whose day was not recorded."""
    as_of: m.PartialDate
    """The date the briefing was current to in that release."""


@dataclass(frozen=True)
class ChangeDetail:
    """One change of an item, in words, with the words it changed when it re-worded a text."""

    words: str
    """'bottom line re-worded', 'confidence lowered: high → moderate'."""
    diff: Markup = Markup("")
    """The text as re-worded: what was deleted in <del>, what was inserted in <ins>, and a few unchanged words
    around each change; '' for a change that re-words no text."""


@dataclass(frozen=True)
class HistoryEntry:
    """What one release changed on an item (nothing for the release that first published it)."""

    release: ReleaseMark
    url: str
    """The change on the changes page (the release, for the first publication)."""
    changes: list[ChangeDetail]
    """The item's own changes."""
    claims: list[ChangeLine] = field(default_factory=list)
    """On a source's page, the changes of its claims: one line a claim ('Claim “…”'), linking to it on the page."""
    first: bool = False
    """The release that first published the item."""


@dataclass(frozen=True)
class HistoryView:
    """When an item was first published and last updated, what its latest update changed, and its history."""

    first: ReleaseMark
    """The first release that held the item."""
    first_url: str
    """That release on the changes page."""
    updated: ReleaseMark | None = None
    """The latest later release that changed it, if any."""
    updated_url: str = ""
    """That change on the changes page."""
    latest: str = ""
    """What that release changed on it, in words: 'bottom line re-worded; confidence lowered: high → moderate'."""
    entries: list[HistoryEntry] = field(default_factory=list)
    """Every release that published or changed it, newest first."""
    anchor: str = ""
    """Where a page shows the history (urls.PAGE_HISTORY_ANCHOR); '' where it is shown in place."""


@dataclass(frozen=True)
class ChangeLine:
    """One item's changes in one release (or among the unreleased changes), in words; `details` with the words
    each re-wording changed."""

    kind_name: str
    """'Key judgement', 'Theme', 'Claim'..."""
    subject: str
    """What the item is called: a title, or the first words of its text."""
    url: str
    """Where the item stands now ('' when it is no longer in the briefing)."""
    anchor: str
    """The line's anchor on the changes page."""
    entry_url: str
    """The line's address on the changes page."""
    words: list[str]
    """Each change, in words: 'confidence lowered: high → moderate'."""
    details: list[ChangeDetail] = field(default_factory=list)
    """Each change with its word differences, in the order of `words`."""

    @property
    def one_line(self) -> bool:
        """A single change that re-words no text reads as one line; anything else as a list under the item."""
        return len(self.details) == 1 and not self.details[0].diff


@dataclass(frozen=True)
class ChangeGroup:
    title: str
    """'Key judgements', 'Themes'..."""
    lines: list[ChangeLine]


@dataclass(frozen=True)
class ReleaseView:
    """One release as the changes page, the home page and the feed show it."""

    number: int
    as_of: m.PartialDate
    note: str
    anchor: str
    url: str
    """Its section of the changes page."""
    groups: list[ChangeGroup]
    """What changed since the previous release, by kind (empty for the first release)."""
    change_count: int
    counted: str
    """'5 items changed (7 changes)': as many items as `groups` lists lines, and the changes under them."""
    published: str
    """For the first release, what it published in words ('5 sources, 62 claims...'); else ''."""
    released: m.PartialDate | None = None
    """The day it was made; None for an early release whose day was not recorded."""
    previous: ReleaseMark | None = None
    """The release before it."""


@dataclass(frozen=True)
class WhatChangedView:
    """The home page's few lines on the latest release."""

    release: ReleaseView
    lines: list[ChangeLine]
    """The first few items the latest release changed."""
    more: str
    """'And 4 more.' when it changed more items than the lines show; else ''."""
    unreleased: str
    """'3 items changed since, not yet in a release' when the content has changed since it; else ''."""
    changes_url: str
    unreleased_url: str
