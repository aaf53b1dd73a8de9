"""The readers' language: the generator's own words from gettext catalogues, and dates, numbers, plurals and
lists in the forms CLDR gives for the language (through Babel).

One setting names it: Material's `theme: language:` in mkdocs.yml (settings.py reads it), which also gives
Material's own labels. The words are looked up in catalogues, `locale/<language>.po` in each templates
folder: the project's own `templates/locale/` first, entry by entry, then the generator's. A catalogue is
read and compiled in memory when the site is built (nothing compiled is kept in the repository), so a
project's catalogue, or an edited one, takes effect at the next build. `locale/messages.pot` lists every
string, extracted from the Python code and the templates (`make messages`, tools/messages.py).

English is the catalogues' source language: its words are the messages themselves, in British English,
with dates, numbers and lists in CLDR's en_GB forms ('1 November 2025', 'A, B and C').

Partial dates ('early 2025', 'autumn 2025', 'the 2000s', '2018–2019'), which CLDR has no form for, are
catalogue strings with placeholders; their days, months and years are CLDR's.

Only what readers see goes through here. What the tool says to editors (diagnostics, the command line,
`briefing diff`) stays English, the tool's language: those call with `ENGLISH`, the default everywhere.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import gettext
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError

from builder.model.diagnostics import Diagnostic

if TYPE_CHECKING:  # items.py marks its labels with N_ from here
    from babel.messages.catalog import Catalog
    from babel.numbers import NumberPattern

    from builder.model import items as m

LOCALE_FOLDER = "locale"
"""The catalogues' folder inside a templates folder."""
TEMPLATE = "messages.pot"
"""Every string the generator writes for readers, extracted from its code and templates."""
SOURCE_LANGUAGE = "en"

CLDR_LOCALES = {"en": "en_GB"}
"""Where a language's CLDR locale is not its code: the generator's English is British."""


def N_(message: str) -> str:
    """Marks a string for the catalogues where it is defined; it is translated where it is shown."""
    return message


def cldr_locale(code: str) -> Locale | None:
    """The CLDR locale of a language code as Material writes it ('de', 'pt-BR', 'zh-Hant'); None if unknown."""
    try:
        return Locale.parse(CLDR_LOCALES.get(code, code).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


@dataclass
class Language:
    """The words and forms of one language, for one build."""

    code: str
    """The language as mkdocs.yml names it: 'en', 'de', 'ar'."""
    locale: Locale
    translations: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    _dates: dict[m.PartialDate, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def rtl(self) -> bool:
        """Whether the language is written right to left (Arabic, Hebrew, Persian...)."""
        return self.locale.text_direction == "rtl"

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    # -- words ----------------------------------------------------------------------------------------
    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.translations.npgettext(context, singular, plural, n)

    def numbered(self, n: int, singular: str, plural: str) -> str:
        """'1 source', '2 sources': the form the language uses with n, `%(num)s` standing for the number."""
        return self.ngettext(singular, plural, n) % {"num": self.number(n)}

    # -- CLDR's forms ---------------------------------------------------------------------------------
    @functools.cached_property
    def _number_pattern(self) -> NumberPattern:
        from babel.numbers import parse_pattern  # Babel's formats are imported where used: `briefing check` needs none

        pattern = parse_pattern(self.locale.decimal_formats[None].pattern)
        pattern.frac_prec = (0, 2)
        return pattern

    def number(self, value: float) -> str:
        """15000 -> '15,000' ('15.000' in German); 2.5 -> '2.5' ('2,5'): at most two decimals, Latin digits."""
        # Rounded as Python rounds floats, so that a figure reads the same in every language.
        exact = Decimal(int(value)) if float(value).is_integer() else Decimal(f"{value:.2f}")
        return str(self._number_pattern.apply(exact, self.locale, numbering_system="latn"))

    def listed(self, items: Sequence[str]) -> str:
        """'A, B and C' ('A, B und C'); '' for none."""
        from babel.lists import format_list

        return format_list(list(items), style="standard", locale=self.locale) if items else ""

    def joined(self, items: Iterable[str]) -> str:
        """Items of one list set apart more strongly than by commas: 'a; b; c' ('a؛ b' in Arabic)."""
        # Translators: what stands between items of a list that are themselves phrases ('a; b').
        return self.pgettext("separator between items", "; ").join(items)

    def quoted(self, text: str) -> str:
        """A text between the language's quotation marks: '“…”' („…“ in German)."""
        # Translators: the language's quotation marks around a quoted title or text.
        return self.pgettext("quotation", "“%(text)s”") % {"text": text}

    def quote_marks(self) -> tuple[str, str, str, str]:
        """The language's quotation marks, outer then inner: ('“', '”', '‘', '’') ('„', '“', '‚', '‘' in German)."""
        outer = self.pgettext("quotation", "“%(text)s”").split("%(text)s")
        # Translators: the quotation marks of a quotation inside a quotation.
        inner = self.pgettext("quotation inside a quotation", "‘%(text)s’").split("%(text)s")
        return (outer[0], outer[-1], inner[0], inner[-1])

    def month(self, number: int) -> str:
        """A month's name, standing alone: 'June'."""
        from babel.dates import format_date

        return format_date(datetime.date(2000, number, 1), "LLLL", locale=self.locale)

    def date(self, date: m.PartialDate) -> str:
        """A date as precisely as it is known, as readers of the language write it: '1 November 2025',
        'November 2025', '2025', 'early 2025', 'autumn 2025', 'the 2000s', 'June–July 2025'."""
        # Kept once written: a source's date is shown on every page that cites it, and Babel's
        # formatting is a fifth of a millisecond each time.
        text = self._dates.get(date)
        if text is None:
            text = self._dates[date] = self._date(date)
        return text

    def _date(self, date: m.PartialDate) -> str:
        if date.end is not None:
            end = date.end
            if end.year == date.year and end.month and date.month and not date.day and not end.day:
                start = self.month(date.month)  # June–July 2025, not June 2025–July 2025
            else:
                start = self.date(dataclasses.replace(date, end=None))
            # Translators: a period between two dates ('June–July 2025', '2018–2019').
            return self.pgettext("period", "%(start)s–%(end)s") % {"start": start, "end": self.date(end)}
        if date.span:
            return self._worded(date.span, date.year)
        from babel.dates import format_date, format_skeleton

        if date.day:
            return format_date(datetime.date(date.year, date.month, date.day), "long", locale=self.locale)
        if date.month:
            return format_skeleton("yMMMM", datetime.date(date.year, date.month, 1), locale=self.locale)
        return format_skeleton("y", datetime.date(date.year, 1, 1), locale=self.locale)

    def _worded(self, span: str, year: int) -> str:
        words = {
            # Translators: a decade in running text ('the 2000s'): %(decade)s is its first year, %(last)s its last.
            "decade": self.pgettext("date", "the %(decade)ss"),
            "early": self.pgettext("date", "early %(year)s"),
            "mid": self.pgettext("date", "mid %(year)s"),
            "late": self.pgettext("date", "late %(year)s"),
            "spring": self.pgettext("date", "spring %(year)s"),
            "summer": self.pgettext("date", "summer %(year)s"),
            "autumn": self.pgettext("date", "autumn %(year)s"),
            "fall": self.pgettext("date", "fall %(year)s"),
            # Translators: winter YYYY runs from December of YYYY into February of the next year
            # (%(next)s, or %(next_short)s for its last two digits); a language may name both years, as
            # German does (Winter 2025/26).
            "winter": self.pgettext("date", "winter %(year)s"),
        }[span]
        return words % {"year": year, "decade": year, "last": year + 9, "next": year + 1,
                        "next_short": f"{(year + 1) % 100:02d}"}

    def precision(self, date: m.PartialDate) -> str:
        """How precisely a date is known, in words: 'to the day', 'to part of the year', 'a period'."""
        return {
            "day": self.pgettext("precision", "to the day"),
            "month": self.pgettext("precision", "to the month"),
            "year": self.pgettext("precision", "to the year"),
            "part": self.pgettext("precision", "to part of the year"),
            "season": self.pgettext("precision", "to the season"),
            "decade": self.pgettext("precision", "to the decade"),
            "period": self.pgettext("precision", "a period"),
        }[date.precision]

    def decade(self, year: int) -> str:
        """A decade as a heading: '2000s'."""
        # Translators: a decade as the timeline's heading ('2000s'): %(decade)s is its first year, %(last)s its last.
        return self.pgettext("heading", "%(decade)ss") % {"decade": year, "last": year + 9}

    # -- for scripts ----------------------------------------------------------------------------------
    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """A plural message by CLDR's plural category ('one', 'few', 'other'...), `%(num)s` left in, for a
        script that picks the form with the browser's Intl.PluralRules."""
        rule = self.locale.plural_form
        samples: dict[str, int] = {}
        for n in (*range(0, 1000), 1000000):
            samples.setdefault(rule(n), n)
        return {category: self.ngettext(singular, plural, n) for category, n in sorted(samples.items())}


ENGLISH = Language(SOURCE_LANGUAGE, Locale.parse(CLDR_LOCALES[SOURCE_LANGUAGE]))
"""The source language: the messages as written, and the tool's language for editors."""


def catalogue_paths(code: str, folders: Iterable[Path]) -> list[Path]:
    """The catalogues of a language in the templates folders, most specific (the project's) first."""
    return [path for path in (Path(folder) / LOCALE_FOLDER / f"{code}.po" for folder in folders) if path.is_file()]


def read_catalogue(path: Path) -> Catalog:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def translated(message: object) -> bool:
    """Whether a catalogue entry is translated: every form given, and not marked fuzzy."""
    text = getattr(message, "string", "")
    forms = text if isinstance(text, tuple | list) else (text,)
    return bool(getattr(message, "id", "")) and all(forms) and not getattr(message, "fuzzy", False)


@dataclass
class Loaded:
    language: Language
    warnings: list[Diagnostic] = field(default_factory=list)


def load(code: str, folders: Sequence[Path], shown: str = "mkdocs.yml", project_dir: Path | None = None) -> Loaded:
    """The language `code`, with the catalogues found in `folders` (the project's templates first).

    A language the generator has no catalogue for is shown in English (keeping its code), with a note saying how
    to add one;
    strings a catalogue leaves untranslated are shown in English too, and each catalogue that does is a
    warning, which a strict build fails on. `shown` names the setting in the diagnostics, and a catalogue is
    named from `project_dir` when it is in the project.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    code = (code or SOURCE_LANGUAGE).strip()
    paths = catalogue_paths(code, folders)
    locale = cldr_locale(code)
    if not paths:
        if code == SOURCE_LANGUAGE:
            return Loaded(ENGLISH)
        template = Path(folders[-1]) / LOCALE_FOLDER / TEMPLATE if folders else Path(LOCALE_FOLDER) / TEMPLATE
        # English words and forms, under the language's own code: the pages still say which language they are
        # in (their metadata, the citations, the feed), as Material's frame does.
        return Loaded(dataclasses.replace(ENGLISH, code=code), [Diagnostic(
            shown, 0, f"theme language '{code}': the generator has no catalogue of its words in this language, "
                      "so they are shown in English (Material's own labels are in the language)",
            f"to add it, translate a copy of {template} saved as templates/{LOCALE_FOLDER}/{code}.po in this "
            "project: README, Languages", "note")])
    warnings: list[Diagnostic] = []
    if locale is None:
        warnings.append(Diagnostic(shown, 0, f"theme language '{code}' is not a language CLDR knows: dates, "
                                             "numbers and lists are written as in English", "", "warning"))
        locale = ENGLISH.locale
    merged = Catalog(locale=locale)  # its plural forms are the language's, whatever a catalogue's header says
    for path in reversed(paths):  # the generator's, then the project's entries over them
        catalogue = read_catalogue(path)
        for message in catalogue:
            if message.id and translated(message):
                merged.delete(message.id, message.context)  # replaced whole (Catalog would merge into the old one)
                merged[message.id] = message
    warnings += _untranslated(code, paths, merged, folders, project_dir)
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return Loaded(Language(code, locale, gettext.GNUTranslations(buffer)), warnings)


def _untranslated(code: str, paths: list[Path], merged: Catalog, folders: Sequence[Path],
                  project_dir: Path | None = None) -> list[Diagnostic]:
    """A warning naming the strings of the generator's template that no catalogue translates."""
    template = next((Path(folder) / LOCALE_FOLDER / TEMPLATE for folder in reversed(folders)
                     if (Path(folder) / LOCALE_FOLDER / TEMPLATE).is_file()), None)
    if template is None or code == SOURCE_LANGUAGE:
        return []
    missing = [message.id for message in read_catalogue(template)
               if message.id and not translated(merged.get(message.id, message.context))]
    if not missing:
        return []
    first = missing[0] if isinstance(missing[0], str) else missing[0][0]
    where = paths[0].resolve()
    if project_dir is not None and where.is_relative_to(project_dir.resolve()):
        where = where.relative_to(project_dir.resolve())
    return [Diagnostic(where.as_posix(), 0, f"{len(missing)} of the generator's strings have no translation in "
                                         f"'{code}' and are shown in English (the first: {first!r})",
                       f"translate them in {paths[0].name}, or run `make messages` to add new ones", "warning")]
