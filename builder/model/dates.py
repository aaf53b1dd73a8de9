"""Dates as the sources write them: a day, a month, a year, a part of a year, a season, a decade, a period.

`PartialDate` keeps what is known and no more ("2025-03" is March 2025, not 1 March), and answers the
first and last day a date can mean, which is all any comparison may rely on. `written_otherwise`
recognises dates written in other ways (14/07/2025, 14 July 2025) to suggest the form to write.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
"""Parts of a year as the sources write them ("early 2025"), by the months they can mean."""
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 14)}
"""Seasons by their months (northern, meteorological); winter YYYY runs from December into February."""
_SIMPLE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DECADE = re.compile(r"^(\d{3}0)s$")
_WORDED = re.compile(r"^(early|mid|late|spring|summer|autumn|fall|winter)[ -](\d{4})$", re.IGNORECASE)
DATE_FORMS = ("YYYY-MM-DD", "YYYY-MM", "YYYY", "YYYYs (a decade: 2000s)", "early/mid/late YYYY",
              "spring/summer/autumn/fall/winter YYYY", "START/END (a period: 2018/2019)")


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


_NUMERIC_DAY = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})([./-])(\d{1,2})(?:\2(\d{1,2}))?$")
_MONTHS = {name.lower(): number for number in range(1, 13)
           for name in (calendar.month_name[number], calendar.month_abbr[number])}
_MONTHS["sept"] = 9
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_NAMED = (re.compile(rf"^{_DAY} {_MONTH},? (\d{{4}})$", re.IGNORECASE),  # 14 July 2025
          re.compile(rf"^{_MONTH} {_DAY},? (\d{{4}})$", re.IGNORECASE),  # July 14, 2025
          re.compile(rf"^{_MONTH},? (\d{{4}})$", re.IGNORECASE))  # July 2025


def _day_in_words(year: int, month: int, day: int) -> tuple[str, str] | None:
    """(YYYY-MM-DD, '14 July 2025') for a real day; None for no day of the calendar."""
    if not (1 <= month <= 12 and 1 <= day <= _month_end(year, month)):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}", f"{day} {calendar.month_name[month]} {year}"


def written_otherwise(text: str) -> str:
    """For a date written in another common form (14/07/2025, 2025/7/14, July 14, 2025), what to write instead;
    '' for any other text. The day and month order of a numeric date is spelt out, and both readings are given
    where either could be meant."""
    match = _NUMERIC_DAY.match(text)
    if match:
        first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        day_first, month_first = _day_in_words(year, second, first), _day_in_words(year, first, second)
        if day_first and month_first and first != second:
            return (f"'{text}' could be day/month/year ({day_first[1]}) or month/day/year ({month_first[1]}): "
                    f"write it year-month-day, as {day_first[0]} or {month_first[0]}")
        if day_first or month_first:
            order = "day/month/year" if month_first is None else "month/day/year" if day_first is None \
                else "day/month/year or month/day/year"
            either = day_first or month_first
            assert either is not None  # one of the two, as just tested
            iso, words = either
            return f"'{text}' is a {order} date: write it year-month-day, as {iso} ({words})"
        return f"'{text}' is no day of the calendar, read as day/month/year or as month/day/year: " \
            "write it year-month-day (YYYY-MM-DD)"
    match = _YEAR_FIRST.match(text)
    if match and not _SIMPLE.match(text):
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4) or 0)
        if day:
            found = _day_in_words(year, month, day)
            return f"'{text}' is not written YYYY-MM-DD: write it as {found[0]} ({found[1]})" if found else ""
        if 1 <= month <= 12:
            return f"'{text}' is not written YYYY-MM: write it as {year:04d}-{month:02d} " \
                f"({calendar.month_name[month]} {year})" + \
                ("; a period is written with two whole dates, like 2018/2019" if match.group(2) == "/" else "")
        return ""
    return _named_month(text)


def _named_month(text: str) -> str:
    for number, pattern in enumerate(_NAMED):
        match = pattern.match(text)
        if not match:
            continue
        groups = match.groups()
        if number == 2:
            month, year = _MONTHS[groups[0].lower()], int(groups[1])
            return f"'{text}' is not written YYYY-MM: write it as {year:04d}-{month:02d} ({calendar.month_name[month]} {year})"
        day, month = (int(groups[0]), _MONTHS[groups[1].lower()]) if number == 0 else \
            (int(groups[1]), _MONTHS[groups[0].lower()])
        found = _day_in_words(int(groups[2]), month, day)
        return f"'{text}' is not written YYYY-MM-DD: write it as {found[0]} ({found[1]})" if found else ""
    return ""


@dataclass(frozen=True)
class PartialDate:
    """A date as precisely as a source gives it, and no more precisely.

    A day, a month or a year (2025-03-14, 2025-03, 2025); a part of a year
    (early 2025) or a season (autumn 2025); a decade (2000s); or a period
    between two such dates (2018/2019, 2025-06/2025-07).
    """

    year: int
    month: int = 0
    day: int = 0
    span: str = ""
    """'' for a day, month or year; else 'decade', a part of the year ('early', 'mid', 'late') or a season."""
    end: PartialDate | None = None
    """The end of a period (the date itself is its start)."""

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse any of DATE_FORMS; ValueError says what is wrong."""
        text = str(text).strip()
        otherwise = written_otherwise(text)
        if otherwise:
            raise ValueError(otherwise)
        if "/" in text:
            first, _, last = text.partition("/")
            try:
                start, end = cls._parse_one(first.strip()), cls._parse_one(last.strip())
            except ValueError as exc:
                raise ValueError(f"'{text}' is read as a period START/END, and {exc}") from None
            if start.span or end.span:
                raise ValueError(f"'{text}': a period runs between two days, months or years, like 2018/2019")
            if end.earliest < start.earliest or end == start:
                raise ValueError(f"'{text}': a period must end after it starts")
            return cls(start.year, start.month, start.day, end=end)
        return cls._parse_one(text)

    @classmethod
    def _parse_one(cls, text: str) -> PartialDate:
        match = _SIMPLE.match(text)
        if match:
            year, month, day = (int(g) if g else 0 for g in match.groups())
            if match.group(2) and not 1 <= month <= 12:
                raise ValueError(f"'{text}' has no month {month}")
            if match.group(3) and not 1 <= day <= _month_end(year, month):
                raise ValueError(f"'{text}' is not a day of the calendar")
            return cls(year, month, day)
        match = _DECADE.match(text)
        if match:
            return cls(int(match.group(1)), span="decade")
        match = _WORDED.match(text)
        if match:
            return cls(int(match.group(2)), span=match.group(1).lower())
        raise ValueError(f"'{text}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY "
                         "(or 2000s, early 2025, autumn 2025, 2018/2019 where the source is no more precise)")

    @property
    def precision(self) -> str:
        """day, month, year, part (of a year), season, decade or period."""
        if self.end is not None:
            return "period"
        if self.span == "decade":
            return "decade"
        if self.span in _PARTS:
            return "part"
        if self.span:
            return "season"
        return "day" if self.day else "month" if self.month else "year"

    @property
    def precision_label(self) -> str:
        """How precisely the date is known, in words: 'to the day', 'a period'..."""
        return {"part": "to part of the year", "period": "a period"}.get(self.precision, f"to the {self.precision}")

    def _simple_iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @property
    def iso(self) -> str:
        """The date as written in content: 2025-03-14, 2000s, early 2025, 2018/2019."""
        if self.end is not None:
            return f"{self._simple_iso()}/{self.end.iso}"
        if self.span == "decade":
            return f"{self.year}s"
        if self.span:
            return f"{self.span} {self.year}"
        return self._simple_iso()

    @property
    def machine(self) -> str | None:
        """The date in HTML's datetime format, when it has one (a day, a month or a year)."""
        return None if self.span or self.end is not None else self._simple_iso()

    @property
    def earliest(self) -> tuple[int, int, int]:
        """The first day this date could mean, for comparisons."""
        if self.span == "decade":
            return (self.year, 1, 1)
        if self.span:
            first = (_PARTS.get(self.span) or _SEASONS[self.span])[0]
            return (self.year, first, 1)
        return (self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> tuple[int, int, int]:
        """The last day this date could mean, for comparisons."""
        if self.end is not None:
            return self.end.latest
        if self.span == "decade":
            return (self.year + 9, 12, 31)
        if self.span:
            last = (_PARTS.get(self.span) or _SEASONS[self.span])[1]
            year, month = (self.year + 1, last - 12) if last > 12 else (self.year, last)
            return (year, month, _month_end(year, month))
        month = self.month or 12
        return (self.year, month, self.day or _month_end(self.year, month))

    @property
    def display(self) -> str:
        if self.end is not None:
            start, end = self.start_display, self.end.display
            if self.end.year == self.year and self.end.month and self.month and not self.day and not self.end.day:
                start = calendar.month_name[self.month]  # June–July 2025, not June 2025–July 2025
            return f"{start}\u2013{end}"
        if self.span == "decade":
            return f"the {self.year}s"
        if self.span:
            return f"{self.span} {self.year}"
        return self.start_display

    @property
    def start_display(self) -> str:
        if self.day:
            return f"{self.day} {calendar.month_name[self.month]} {self.year}"
        if self.month:
            return f"{calendar.month_name[self.month]} {self.year}"
        return str(self.year)

    @property
    def sort_key(self) -> tuple[int, tuple[int, int, int], int]:
        """Chronological order: by the year it starts in, then by when it ends, the narrower first."""
        first, last = self.earliest, self.latest
        days = (last[0] - first[0]) * 372 + (last[1] - first[1]) * 31 + (last[2] - first[2])
        return (first[0], last, days)
