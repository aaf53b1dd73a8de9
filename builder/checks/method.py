"""The briefing's method as data: what each confidence level requires, written once.

The methodology page shows these rules and the check holds every key judgement
and theme to them, so the page and the rule cannot drift. The generator's
rules are `DEFAULT`; a briefing may state its own under `method:` in
briefing.yaml. The order is written down once, here: a level the briefing
lists replaces the generator's rule for that level, whole (a requirement it
leaves out is no requirement; only `means`, the words for readers, falls back
to the generator's); a level it leaves out keeps the generator's rule; and so
do `opposed_credibility`, `hedges` and `plans` when left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from builder.model import items as m
from builder.model.language import ENGLISH, N_, Language
from builder.model.words import count

LEVELS: tuple[m.Confidence, ...] = ("high", "moderate", "low")
"""The confidence levels, strongest first."""

DEFAULT_HEDGES = (
    "may", "might", "could", "possibly", "possible", "potential", "potentially", "reportedly", "allegedly",
    "alleged", "likely", "unlikely", "probably", "perhaps", "apparently", "suspected", "unconfirmed",
    "not confirmed", "no evidence", "no direct evidence", "neither confirmed nor denied", "expected to",
    "is said to", "are said to", "seeks", "fears", "risk",
)
"""Words that mark a claim as hedged (English, as the generator's own words are)."""

DEFAULT_PLANS = ("will", "would", "shall", "plans", "planned", "planning", "to be", "upcoming", "due to",
                 "set to", "next")
"""Words that mark a claim as speaking of what is still to come (English)."""

DEFAULT = m.Method(
    confidence=(
        m.ConfidenceRule(level="high", means=N_("Several independent sources agree and the claims are specific."),
                         independent_sources=3, reliability="C", credibility=1, disagreements=0),
        m.ConfidenceRule(level="moderate", means=N_("The evidence is credible but comes from few sources, or the "
                                                    "sources differ on details."), sources=2),
        m.ConfidenceRule(level="low", means=N_("The evidence is thin, vague, or rests on a single source.")),
    ),
    opposed_credibility=2,
    hedges=DEFAULT_HEDGES,
    plans=DEFAULT_PLANS,
)
"""The generator's method: the methodology page's words, and the numbers that make them checkable."""


def in_force(briefing: m.Briefing) -> m.Method:
    """The method this briefing is held to: its own rules where it states them, else the generator's."""
    own = briefing.method
    if own is None:
        return DEFAULT
    given = {rule.level: rule for rule in own.confidence}
    rules = []
    for default in DEFAULT.confidence:
        rule = given.get(default.level, default)
        rules.append(rule if rule.means else replace(rule, means=default.means))
    return replace(DEFAULT, confidence=tuple(rules),
                   opposed_credibility=own.opposed_credibility or DEFAULT.opposed_credibility,
                   hedges=own.hedges or DEFAULT.hedges, plans=own.plans or DEFAULT.plans)


def rule_for(method: m.Method, level: str) -> m.ConfidenceRule:
    return next(rule for rule in method.confidence if rule.level == level)


def grade_words(grade: int, lang: Language = ENGLISH) -> str:
    """'2 (probably true)'."""
    return lang.gettext("%(grade)s (%(words)s)") % {"grade": grade,
                                                    "words": lang.gettext(m.CREDIBILITY_LABELS[grade])}


def requirements(rule: m.ConfidenceRule, lang: Language = ENGLISH) -> list[str]:
    """What a level requires, in words: the methodology page prints them (in the readers' language) and the
    check's warnings quote them (in English, the tool's)."""
    found = []
    if rule.sources:
        found.append(lang.numbered(rule.sources, "at least %(num)s source of different origins",
                                "at least %(num)s sources of different origins"))
    if rule.independent_sources:
        if rule.reliability and rule.reliability != "F":
            found.append(lang.ngettext(
                "at least %(num)s source established as independent of each other, each graded %(grade)s "
                "(%(words)s) or better",
                "at least %(num)s sources established as independent of each other, each graded %(grade)s "
                "(%(words)s) or better", rule.independent_sources) % {
                    "num": lang.number(rule.independent_sources), "grade": rule.reliability,
                    "words": lang.gettext(m.RELIABILITY_LABELS[rule.reliability])})
        else:
            found.append(lang.numbered(rule.independent_sources,
                                    "at least %(num)s source established as independent of each other",
                                    "at least %(num)s sources established as independent of each other"))
    if rule.credibility:
        grade = grade_words(rule.credibility, lang)
        found.append(lang.gettext("at least one claim it cites graded %(grade)s") % {"grade": grade}
                     if rule.credibility == 1 else
                     lang.gettext("at least one claim it cites graded %(grade)s or better") % {"grade": grade})
    if rule.disagreements is not None:
        found.append(lang.gettext("no two claims it cites on opposite sides of a recorded disagreement")
                     if rule.disagreements == 0 else
                     lang.numbered(rule.disagreements,
                                "claims it cites on opposite sides of at most %(num)s recorded disagreement",
                                "claims it cites on opposite sides of at most %(num)s recorded disagreements"))
    return found


@dataclass(frozen=True)
class Evidence:
    """What one judgement or theme rests on, in the numbers the method counts."""

    sources: int
    """Sources of different origins, cited or stating the same claims (sourcing.Support.involved)."""
    independent: int
    """The largest number of those established as independent of each other (Support.independent)."""
    graded_independent: dict[str, int]
    """Reliability letter -> the same count among the sources graded that letter or better."""
    best_credibility: int | None
    """The best grade of a claim it cites (1 confirmed ... 6); None when it cites no claim."""
    disagreements: tuple[str, ...]
    """The recorded disagreements it cites claims on two sides of, by id."""


def shortfalls(rule: m.ConfidenceRule, evidence: Evidence) -> list[str]:
    """Each requirement of `rule` the evidence does not meet, with the numbers: '' when it meets them all."""
    found = []
    if rule.sources and evidence.sources < rule.sources:
        found.append(f"at least {count(rule.sources, 'source')} of different origins (it has {evidence.sources})")
    if rule.independent_sources:
        graded = rule.reliability and rule.reliability != "F"
        have = evidence.graded_independent.get(rule.reliability or "", 0) if graded else evidence.independent
        if have < rule.independent_sources:
            which = f" graded {rule.reliability} or better" if graded else ""
            found.append(f"at least {count(rule.independent_sources, 'source')} established as independent{which} "
                         f"(it has {have})")
    if rule.credibility and (evidence.best_credibility or 7) > rule.credibility:
        best = f"its best is {evidence.best_credibility}" if evidence.best_credibility else "it cites no claim"
        found.append(f"a claim graded {rule.credibility}{'' if rule.credibility == 1 else ' or better'} ({best})")
    if rule.disagreements is not None and len(evidence.disagreements) > rule.disagreements:
        most = "no recorded disagreement" if rule.disagreements == 0 else \
            f"at most {count(rule.disagreements, 'recorded disagreement')}"
        found.append(f"claims on opposite sides of {most} (it cites opposite sides of "
                     f"{len(evidence.disagreements)}: {', '.join(evidence.disagreements)})")
    return found


def reached(method: m.Method, evidence: Evidence) -> str:
    """The strongest level whose every requirement the evidence meets (the weakest level when none is)."""
    return next((level for level in LEVELS if not shortfalls(rule_for(method, level), evidence)), LEVELS[-1])
