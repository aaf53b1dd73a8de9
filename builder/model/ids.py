"""Ids and citation keys: what makes an id safe, how a claim is keyed (source-id#claim-id), and the id an
event without one of its own is known by."""

from __future__ import annotations

import functools
import re

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 64
RESERVED_SLUGS = frozenset({"index", "assets", "search", "pagefind", "404"})


@functools.lru_cache(maxsize=65536)  # ids recur: every claim's `about`, every citation
def slug_problem(value: str) -> str:
    """'' for a safe id, else what is wrong with it."""
    if len(value) > SLUG_MAX_LENGTH:
        return f"is longer than {SLUG_MAX_LENGTH} characters"
    if not SLUG_PATTERN.match(value):
        return "is not a valid id: use lower-case letters, digits and single hyphens (like 'bridge-costs')"
    if value in RESERVED_SLUGS:
        return "is reserved by the site; choose another id"
    return ""


def cite_key_problem(value: str) -> str:
    """'' for a well-formed source-id#claim-id, else what is wrong with it."""
    parts = value.split("#")
    if len(parts) != 2:
        return "must be written source-id#claim-id"
    return next((problem for problem in map(slug_problem, parts) if problem), "")


def dated_event_id(date: str | None) -> str:
    """The id of an event without one of its own, made from its date ('2024-06'; 'undated'); Model.event_ids adds
    '-n2', '-n3'... to the second and later events of one date."""
    return re.sub(r"[^a-z0-9]+", "-", date.lower()).strip("-") if date else "undated"


def is_dated_event_id(event_id: str, date: str | None) -> bool:
    """Whether an event's id was made from its date and its place among the events of that date (and so names
    no event for good: it passes to another when one of that date moves), not given by the editor."""
    base = dated_event_id(date)
    return re.fullmatch(re.escape(base) + r"(-n[0-9]+)?", event_id) is not None


def claim_key(source_id: str, claim_id: str | None) -> str:
    """source-id#claim-id, or just source-id for a citation of a whole source."""
    return f"{source_id}#{claim_id}" if claim_id else source_id


def split_key(key: str) -> tuple[str, str | None]:
    """'a#c1' -> ('a', 'c1'); 'a' -> ('a', None)."""
    source_id, _, claim_id = key.partition("#")
    return source_id, claim_id or None
