"""Recorded disagreements as sides of claims, and the finder of disagreements not yet recorded.

A recorded disagreement (an entry of discrepancies.yaml) sets its values
against each other, each citing the claims that give that account. Two
claims are *opposed* when no value cites both: a claim cited by two values
(as the two ends of one range) is on the side of each, and opposed to
neither.
"""

from __future__ import annotations

import calendar
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from builder.model import items as m
from builder.model.xref import Xref


@dataclass(frozen=True)
class Sides:
    """One recorded disagreement, and the claims each of its values cites."""

    discrepancy: m.Discrepancy
    keys: tuple[frozenset[str], ...]
    """Per value, the claim keys it cites."""

    def only(self, i: int, j: int) -> frozenset[str]:
        """The claims value i cites and value j does not: i's side against j."""
        return self.keys[i] - self.keys[j]

    def opposed(self) -> Iterator[tuple[str, str]]:
        """Every pair of opposed claims, each pair once, in the values' order."""
        seen = set()
        for i, j in itertools.combinations(range(len(self.keys)), 2):
            for a in sorted(self.only(i, j)):
                for b in sorted(self.only(j, i)):
                    pair = frozenset((a, b))
                    if pair not in seen and not any(a in keys and b in keys for keys in self.keys):
                        seen.add(pair)
                        yield a, b

    def split_by(self, keys: Iterable[str]) -> bool:
        """Whether these claims include two that are opposed: citing them cites two sides."""
        keys = set(keys)
        return any(a in keys and b in keys for a, b in self.opposed())


def citing(sides: list[Sides]) -> dict[str, list[int]]:
    """Claim key -> the places in `sides` of the disagreements some value of which cites it: the disagreements
    that concern what an item cites are found from its claims, not by asking every disagreement (themes and
    disagreements both grow with a briefing)."""
    index: dict[str, list[int]] = defaultdict(list)
    for place, side in enumerate(sides):
        for key in frozenset().union(*side.keys):
            index[key].append(place)
    return index


def concerning(sides: list[Sides], index: dict[str, list[int]], keys: Iterable[str]) -> list[Sides]:
    """The disagreements citing any of these claims, in their order (`index`: citing(sides))."""
    return [sides[place] for place in sorted({place for key in keys for place in index.get(key, ())})]


def recorded(model: m.Model, xref: Xref) -> list[Sides]:
    """Every recorded disagreement with its sides, in the file's order."""
    return [Sides(disc, tuple(frozenset(c.key for c in xref.cites_in(value.text) if c.claim) for value in disc.values))
            for disc in model.discrepancies.discrepancies]


# -- the finder --------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d,]*\d)\s*(%|percent\b|million\b|billion\b)?",
                     re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_MONTHS = {name.lower() for name in calendar.month_name if name}
_MULTIPLIERS = {"million": 1e6, "billion": 1e9}

SIMILAR = 0.2
"""How alike two claims' words must be (idf-weighted cosine, 0-1) for a difference between them to count."""
FIGURES_SIMILAR = 0.1
"""For figures of the same order of magnitude, a lower bar: two estimates of one number seldom share many words."""
FIGURE_RATIO = 3
"""Figures further apart than this factor are taken to count different things."""
RARE = 0.1
"""Words in more than this share of the claims do not, alone, make two claims about the same matter."""


@dataclass(frozen=True)
class Candidate:
    """Two claims of different sources that may disagree, and why."""

    a: str
    b: str
    """The two claims, as source-id#claim-id."""
    reasons: tuple[str, ...]
    similarity: float
    """How alike their words are, 0-1."""

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class Vocabulary:
    """What the finder reads claims with: the method's words for hedging and for what is still to come."""

    hedges: re.Pattern[str]
    plans: re.Pattern[str]


@dataclass(frozen=True)
class _Features:
    """What the finder reads of one claim."""

    claim: m.Claim
    words: frozenset[str]
    numbers: frozenset[tuple[float, str]]
    years: frozenset[int]
    months: frozenset[str]
    hedges: tuple[str, ...]
    plans: tuple[str, ...]


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower().replace("’", "'").removesuffix("'s") for w in _WORD.findall(text))


def _numbers(text: str) -> frozenset[tuple[float, str]]:
    """The figures of a text (not its years), each with its unit ('%' or '')."""
    found = set()
    for match in _NUMBER.finditer(text):
        raw, unit = match.group(1), (match.group(2) or "").lower()
        if _YEAR.fullmatch(raw) and not unit:
            continue
        value = float(raw.replace(",", "")) * _MULTIPLIERS.get(unit, 1)
        found.add((value, "%" if unit in ("%", "percent") else ""))
    return frozenset(found)


_MONTH_NAMES = re.compile(r"\b(?:" + "|".join(name for name in calendar.month_name if name) + r")\b")
"""Month names as written (capitalised): 'May 2026' is a date, not a hedge."""


def _pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern for a list of words and phrases, each matched whole, the longest first."""
    phrases = sorted({" ".join(w.lower().split()) for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, phrases)) + r")(?![\w-])") if phrases \
        else re.compile(r"(?!)")


def _hedges(text: str, pattern: re.Pattern[str]) -> tuple[str, ...]:
    """The words of the pattern in a text, in order (month names aside: 'May 2026' is a date)."""
    return tuple(pattern.findall(" ".join(_MONTH_NAMES.sub(" ", text).lower().replace("’", "'").split())))


def _features(claim: m.Claim, vocabulary: Vocabulary) -> _Features:
    quote = claim.quote
    return _Features(claim, _words(claim.text), _numbers(quote),
                     frozenset(int(y) for y in _YEAR.findall(quote)),
                     frozenset(w.lower() for w in _WORD.findall(quote) if w[0].isupper() and w.lower() in _MONTHS),
                     _hedges(quote, vocabulary.hedges), _hedges(quote, vocabulary.plans))


def _shown(values: Iterable[object]) -> str:
    return ", ".join(sorted(str(v) for v in values))


def _figure(value: tuple[float, str]) -> str:
    number, unit = value
    return f"{number:,.0f}{unit}" if number.is_integer() else f"{number:,}{unit}"


def _comparable_figures(one: frozenset[tuple[float, str]], other: frozenset[tuple[float, str]]) -> bool:
    """Different figures of the same unit and order of magnitude (15,000 and 11,000, not 15,000 and 4)."""
    if not one or not other or one & other:
        return False
    return any(ua == ub and 0 < min(a, b) and max(a, b) / min(a, b) <= FIGURE_RATIO
               for a, ua in one for b, ub in other)


def differences(one: _Features, other: _Features) -> list[str]:
    """Why two claims about the same matter may disagree: figures, dates, who, or how sure."""
    found = []
    if _comparable_figures(one.numbers, other.numbers):
        found.append(f"figures differ ({_shown(map(_figure, one.numbers))} against "
                     f"{_shown(map(_figure, other.numbers))})")
    if one.years and other.years and one.years != other.years:
        found.append(f"years differ ({_shown(one.years)} against {_shown(other.years)})")
    elif one.months and other.months and one.months != other.months:
        found.append(f"months differ ({_shown(m.capitalize() for m in one.months)} against "
                     f"{_shown(m.capitalize() for m in other.months)})")
    actors = _actors_differ(one, other)
    if actors:
        found.append(actors)
    if bool(one.hedges) != bool(other.hedges):
        hedged, plain = (one, other) if one.hedges else (other, one)
        found.append(f"'{hedged.claim.key}' hedges ('{hedged.hedges[0]}') where '{plain.claim.key}' asserts")
    elif bool(one.plans) != bool(other.plans):
        planned, done = (one, other) if one.plans else (other, one)
        found.append(f"'{planned.claim.key}' speaks of what is to come ('{planned.plans[0]}') where "
                     f"'{done.claim.key}' states it as done")
    return found


def _actors_differ(one: _Features, other: _Features) -> str:
    """Who makes the claim differs: both name who (`by`), and no one in common."""
    a_by, b_by = set(one.claim.by), set(other.claim.by)
    if a_by and b_by and not a_by & b_by:
        return f"named actors differ ({_shown(a_by)} against {_shown(b_by)})"
    return ""


def considered(model: m.Model, xref: Xref) -> tuple[set[frozenset[str]], set[frozenset[str]]]:
    """The pairs of claims the editor has already ruled on: (recorded, dismissed).

    A pair is recorded when one recorded disagreement cites both claims in its values (on two sides, or
    side by side); dismissed when a `dismissed` entry names it.
    """
    recorded_pairs: set[frozenset[str]] = set()
    for disc in model.discrepancies.discrepancies:
        keys = sorted({c.key for value in disc.values for c in xref.cites_in(value.text) if c.claim})
        recorded_pairs.update(frozenset(pair) for pair in itertools.combinations(keys, 2))
    dismissed: set[frozenset[str]] = {frozenset(str(k) for k in d.claims) for d in model.discrepancies.dismissed if len(set(d.claims)) == 2}
    return recorded_pairs, dismissed


def _pairs_sharing_a_rare_word(features: dict[str, _Features], df: Counter[str]) -> set[tuple[str, str]]:
    """The pairs of claims of different sources that share a word few claims use (an index, not every pair)."""
    limit = max(10, min(RARE * len(features), 50))
    index: dict[str, list[str]] = defaultdict(list)
    for key, found in features.items():
        for word in found.words:
            if df[word] <= limit:
                index[word].append(key)
    pairs = set()
    for keys in index.values():
        for a, b in itertools.combinations(keys, 2):
            if features[a].claim.source != features[b].claim.source:
                pairs.add((a, b) if a < b else (b, a))
    return pairs


def find(model: m.Model, xref: Xref, corroborated_by: dict[str, list[str]], method: m.Method,
         include_recorded: bool = False) -> list[Candidate]:
    """Candidate disagreements: claims of different sources about the same matter that differ in a figure, a
    date, who says it or how sure they are; not linked by `corroborates`, and (unless `include_recorded`) not
    already recorded or dismissed. For each claim, only the closest such claim of each other source."""
    vocabulary = Vocabulary(_pattern(method.hedges), _pattern(method.plans))
    features = {c.key: _features(c, vocabulary) for c in model.claims()}
    df = Counter(w for found in features.values() for w in found.words)
    idf = {w: math.log(len(features) / n) for w, n in df.items()}
    norm = {key: math.sqrt(sum(idf[w] ** 2 for w in found.words)) or 1.0 for key, found in features.items()}
    recorded_pairs, dismissed = considered(model, xref) if not include_recorded else (set(), set())
    ruled_on = recorded_pairs | dismissed
    best: dict[tuple[str, str], Candidate] = {}
    for a, b in sorted(_pairs_sharing_a_rare_word(features, df)):
        if b in corroborated_by.get(a, ()) or frozenset((a, b)) in ruled_on:
            continue
        one, other = features[a], features[b]
        similarity = sum(idf[w] ** 2 for w in one.words & other.words) / (norm[a] * norm[b])
        reasons = differences(one, other) if similarity >= SIMILAR else \
            differences(one, other)[:1] if similarity >= FIGURES_SIMILAR and \
            _comparable_figures(one.numbers, other.numbers) else []
        if not reasons:
            continue
        found = Candidate(a, b, tuple(reasons), round(similarity, 3))
        for key, partner in ((a, b), (b, a)):
            slot = (key, features[partner].claim.source)
            if slot not in best or best[slot].similarity < found.similarity:
                best[slot] = found
    return sorted(set(best.values()), key=lambda c: (-c.similarity, c.a, c.b))
