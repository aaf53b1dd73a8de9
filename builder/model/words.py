"""Words for numbers: one rule for every count the site and the command line print."""

from __future__ import annotations


IRREGULAR = {"entity": "entities", "discrepancy": "discrepancies", "this": "these", "is": "are", "was": "were"}


def plural(noun: str, n: int) -> str:
    """The noun as it goes with n: 'source' for 1, 'sources' for any other number."""
    if n == 1:
        return noun
    head, _, last = noun.rpartition(" ")
    return (head + " " if head else "") + IRREGULAR.get(last, last + "s")


def count(n: int, noun: str, many: str | None = None) -> str:
    """'1 source', '2 sources', '0 sources'; `many` for a plural the rule does not know."""
    return f"{n:,} {noun if n == 1 else many or plural(noun, n)}"


def format_number(value: float) -> str:
    """15000 -> '15,000'; 2.5 -> '2.5'; the same bytes on every build."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
