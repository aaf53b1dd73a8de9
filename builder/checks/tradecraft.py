"""Tradecraft rules: a briefing's judgements, grades and plain-text labels held to the method it states.

Each rule gives warnings, not errors (a strict build fails on them; the
preview shows the page as it is), at the YAML line of the item, naming the
rule and the numbers:

- confidence: a key judgement or theme is held with no more confidence than
  its evidence reaches under the method (method.py);
- opposed grades: two claims on opposite sides of one recorded disagreement
  are not both graded "probably true" or better, unless the disagreement's
  note says why (a passage naming the grade, citing both claims);
- plain-text labels: an entity's role or a theme's or section's title that
  gives a figure or a date rests on a source, and does not state one side of
  a recorded disagreement as fact;
- event dates: a timeline event is dated no more precisely than what it cites
  (or its date note) says.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Iterable, Iterator

from builder.checks import disagreements
from builder.checks import method as method_mod
from builder.checks.sourcing import Sourcing
from builder.model import items as m
from builder.model import ids
from builder.model.diagnostics import Diagnostic, warning
from builder.model.xref import Xref


def warnings(model: m.Model, xref: Xref, derived: Sourcing) -> list[Diagnostic]:
    """Every tradecraft warning of the briefing."""
    method = method_mod.in_force(model.briefing)
    sides = disagreements.recorded(model, xref)
    return [*confidence(model, xref, derived, method, sides), *opposed_grades(xref, derived, method, sides),
            *roles(model, xref, sides), *titles(model, xref, sides), *event_dates(model, xref)]


# -- confidence ------------------------------------------------------------------------------------

def evidence(model: m.Model, xref: Xref, derived: Sourcing, sides: list[disagreements.Sides],
             citing: dict[str, list[int]], item: m.Item, letters: Iterable[str] = ()) -> method_mod.Evidence:
    """The numbers the method counts for one key judgement or theme (its bottom line and what to watch);
    `citing`: disagreements.citing(sides)."""
    support = derived.support_of(item)
    keys = [c.key for c in xref.cites_of(item) if c.claim and c.key in derived.credibility]
    independence = derived.independence
    graded = {letter: independence.largest_independent_set(
        s for s in support.involved_sources if model.sources[s].reliability.grade <= letter) for letter in letters}
    return method_mod.Evidence(
        sources=support.involved, independent=support.independent, graded_independent=graded,
        best_credibility=min((derived.credibility[k] for k in keys), default=None),
        disagreements=tuple(s.discrepancy.id for s in disagreements.concerning(sides, citing, keys) if s.split_by(keys)))


def confidence(model: m.Model, xref: Xref, derived: Sourcing, method: m.Method,
               sides: list[disagreements.Sides]) -> Iterator[Diagnostic]:
    letters = {rule.reliability for rule in method.confidence if rule.reliability}
    judged: list[tuple[str, m.KeyJudgement | m.Theme]] = [(f"key judgement '{kj.id}'", kj) for kj in model.briefing.key_judgements]
    judged += [(f"theme '{theme.id}'", theme) for theme in model.themes.values()]
    citing = disagreements.citing(sides)
    for name, item in judged:
        rule = method_mod.rule_for(method, item.confidence)
        found = evidence(model, xref, derived, sides, citing, item, letters)
        missing = method_mod.shortfalls(rule, found)
        if missing:
            yield warning(item.loc.path, item.line_of("confidence"),
                          f"{name} is held with {item.confidence} confidence, which its evidence does not reach",
                          f"the method's rule for {item.confidence} asks for {'; '.join(missing)}; the evidence "
                          f"reaches {method_mod.reached(method, found)}: lower the confidence, or cite what the "
                          "rule asks for")


# -- grades on opposite sides of a disagreement -----------------------------------------------------

def opposed_grades(xref: Xref, derived: Sourcing, method: m.Method,
                   sides: list[disagreements.Sides]) -> Iterator[Diagnostic]:
    """Two sides of one disagreement whose claims are both graded `opposed_credibility` or better, with no reason.

    A side is one value's account, which may cite several claims; the note states the reason once for two
    sides, in a passage that names the grade and cites a claim of each side so graded.
    """
    limit = method.opposed_credibility
    assert limit is not None  # method.resolved() fills it from the defaults
    for side in sides:
        disc = side.discrepancy
        pairs: list[str] = []
        for i, j in itertools.combinations(range(len(side.keys)), 2):
            one, other = (frozenset(k for k in side.only(x, y) if derived.credibility.get(k, 7) <= limit)
                          for x, y in ((i, j), (j, i)))
            if one and other and not reason_given(xref, disc.note or "", one, other, limit):
                pairs += [f"'{a}' and '{b}' ({derived.credibility[a]} and {derived.credibility[b]})"
                          for a in sorted(one) for b in sorted(other)]
        if pairs:
            pairs = list(dict.fromkeys(pairs))  # a claim cited by two values is one pair, once
            yield warning(disc.loc.path, disc.loc.line,
                          f"disagreement '{disc.id}' has claims graded {method_mod.grade_words(limit)} or better on "
                          f"two of its sides: {'; '.join(pairs)}",
                          f"the method's rule: claims on opposite sides of one disagreement are not both graded "
                          f"{limit} or better without a reason; lower a grade, or say in the note why both can be "
                          "true, in a passage that names the grade and cites both claims")


def reason_given(xref: Xref, note: str, one: frozenset[str], other: frozenset[str], limit: int) -> bool:
    """Whether the note has a passage citing a claim of each side and naming a grade ('probably true')."""
    words = {m.CREDIBILITY_LABELS[g].split(" by ")[0].lower() for g in range(1, limit + 1)}
    start = 0
    for group in xref.groups(note):
        keys = {c.key for c in group.citations}
        passage = note[start:group.start].lower()
        if keys & one and keys & other and any(word in passage for word in words):
            return True
        start = group.end
    return False


# -- plain-text labels: entity roles, theme titles and section headings ------------------------------

_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")
_MONTHS = {name.lower() for name in calendar.month_name if name}
_WORD = re.compile(r"[^\W\d_]+")


def details(text: str, least: int = 10) -> set[str]:
    """The specific details of a text: its figures from `least` up (10,000 as 10000; a single digit is seldom a
    fact: 'phase 2') and the months it names."""
    numbers = {n.replace(",", "") for n in _NUMBER.findall(text) if _at_least(n, least)}
    return numbers | {w for w in map(str.lower, _WORD.findall(text)) if w in _MONTHS}


def _at_least(number: str, least: int) -> bool:
    try:
        return float(number.replace(",", "")) >= least
    except ValueError:  # '1.2.3'
        return True


def _claim_details(model: m.Model, keys: Iterable[str]) -> set[str]:
    """What the claims give, every number included (the day of a date may be a single digit)."""
    found: set[str] = set()
    for key in keys:
        claim = model.find_claim(key)
        if claim is not None:
            found |= details(claim.text, 0) | details(claim.quote, 0)
    return found


def _value_details(xref: Xref, side: disagreements.Sides) -> list[set[str]]:
    """Each value's details: from its label (the account in short), else from its text."""
    return [details(value.label or xref.without_citations(value.text)) for value in side.discrepancy.values]


def _names_source(model: m.Model, text: str) -> set[str]:
    """The sources a plain text names by their id ('(per source-id)'), or cites."""
    named = {s for s in model.sources if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text)}
    return named


def one_sided(xref: Xref, side: disagreements.Sides, text: str,
              named: set[str]) -> tuple[list[int], list[int]] | None:
    """The account a plain text gives as fact, when it gives some values' details but not all and names no
    source of the disagreement: (the values it gives, the values it leaves out); else None.

    A text gives a value when it holds all that value's details ('June 2024': June and 2024).
    """
    values = _value_details(xref, side)
    mine = details(text)
    given = [i for i, found in enumerate(values) if found and found <= mine]
    if not given or len(given) == len(values):
        return None
    if named & {ids.split_key(k)[0] for keys in side.keys for k in keys}:
        return None  # attributed: the text says whose account it is
    return given, [i for i in range(len(values)) if i not in given]


def _side_warning(item: m.Item, field: str, what: str, side: disagreements.Sides,
                  found: tuple[list[int], list[int]]) -> Diagnostic:
    values = side.discrepancy.values

    def accounts(indexes: list[int]) -> str:
        return "; ".join(f"'{values[i].label}'" if values[i].label else f"value {i + 1}" for i in indexes)

    given, others = found
    return warning(item.loc.path, item.line_of(field),
                   f"{what} states one account of disagreement '{side.discrepancy.id}' as fact ({accounts(given)}), "
                   f"not the other ({accounts(others)})",
                   "the method's rule: a role or title does not state one side of a recorded disagreement as fact; "
                   "give each account with its source, or leave the detail out")


def roles(model: m.Model, xref: Xref, sides: list[disagreements.Sides]) -> Iterator[Diagnostic]:
    """Entity roles: a figure or a date names its source, and no side of a disagreement is stated as fact."""
    for entity in model.entities.entities:
        if not details(entity.role):
            continue
        named = _names_source(model, entity.role)
        what = f"the role of entity '{entity.id}'"
        if not named:
            yield warning(entity.loc.path, entity.line_of("role"),
                          f"{what} gives {_listed(details(entity.role))} but names no source",
                          "the method's rule: a role that gives a figure or a date names the source it comes from, "
                          "as (per source-id)")
        for side in sides:
            if not any(entity.id in (c.about + c.by) for c in _claims_of(model, side)):
                continue
            found = one_sided(xref, side, entity.role, named)
            if found:
                yield _side_warning(entity, "role", what, side, found)


def titles(model: m.Model, xref: Xref, sides: list[disagreements.Sides]) -> Iterator[Diagnostic]:
    """Theme titles and section headings: each figure or date is in what the theme or section cites."""
    citing = disagreements.citing(sides)
    for theme in model.themes.values():
        labelled: list[tuple[m.Item, str, str, str, list[str]]] = [(theme, "title", theme.title, f"the title of theme '{theme.id}'",
                     [c.key for item in (theme, *theme.sections) for c in xref.cites_of(item) if c.claim])]
        labelled += [(section, "heading", section.heading, f"the heading '{section.heading}' of theme '{theme.id}'",
                      [c.key for c in xref.cites_of(section) if c.claim]) for section in theme.sections]
        for item, field, text, what, keys in labelled:
            given = details(text)  # most titles give none: then what the claims give is not worked out
            unsupported = given - _claim_details(model, keys) if given else given
            if unsupported:
                yield warning(item.loc.path, item.line_of(field),
                              f"{what} gives {_listed(unsupported)}, which nothing it cites says",
                              "the method's rule: a title rests on what its theme or section cites; "
                              "cite the claim that gives it, or leave the detail out")
            # Not every disagreement asked of every title: 1.75 million questions at 10,000 sources.
            for side in disagreements.concerning(sides, citing, keys):
                found = one_sided(xref, side, text, set())
                if found:
                    yield _side_warning(item, field, what, side, found)


def _claims_of(model: m.Model, side: disagreements.Sides) -> list[m.Claim]:
    return [c for keys in side.keys for key in sorted(keys) if (c := model.find_claim(key)) is not None]


def _listed(found: set[str]) -> str:
    """Details as a message names them: '2024', 'June'."""
    return ", ".join(f"'{d.capitalize() if d.isalpha() else d}'" for d in sorted(found))


# -- event dates -------------------------------------------------------------------------------------

def date_details(date: m.PartialDate) -> set[str]:
    """What a source must give for an event to be dated so: the year, the month's name, the day."""
    found = {str(date.year)}
    if date.month:
        found.add(calendar.month_name[date.month].lower())
    if date.day:
        found.add(str(date.day))
    return found | (date_details(date.end) if date.end is not None else set())


def event_dates(model: m.Model, xref: Xref) -> Iterator[Diagnostic]:
    """A timeline event is dated no more precisely than what it cites, its sources' publication dates or its date
    note say."""
    event_ids = model.event_ids()
    for event in model.timeline.events:
        if event.date is None or event.date_note:
            continue
        cites = xref.cites_of(event)
        published = [model.sources[c.source].published.date for c in cites if c.source in model.sources]
        given = _claim_details(model, [c.key for c in cites if c.claim]).union(
            *(date_details(date) for date in published if date is not None))  # an article's "today"
        missing = date_details(event.date) - given
        if missing:
            yield warning(event.loc.path, event.line_of("date"),
                          f"timeline event '{event_ids[id(event)]}' is dated {event.date.display}, but nothing it "
                          f"cites gives {_listed(missing)}",
                          "the method's rule: a date is never more precise than its source; write only what the "
                          "source gives (2025, late 2025, autumn 2024), or say in date_note how the date is known")
