"""Briefings in any language: the catalogues are complete, and a briefing in German or Arabic reads in it.

The readers' language is Material's `theme: language:`; the generator's words come from the gettext
catalogues in templates/locale/, and dates, numbers, plurals and lists from CLDR (builder/model/language.py).
These tests run in this process; tests/test_languages_sites.py builds whole sites and looks at them in a browser.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from builder.model import load
from builder.model import items as m
from builder.model import language
from builder.model import settings
from builder.model.diagnostics import Problems
from builder.pages import prepare as build
from builder.pages import phrases
from builder.pages import theme
from conftest import REPO, make_project, write_lock
from support import write_sample

LOCALE = REPO / "templates" / "locale"
SHIPPED = ("de", "fr", "es", "ar")
"""The languages the generator ships complete, besides English (the messages themselves)."""
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _tool():
    spec = importlib.util.spec_from_file_location("messages_tool", REPO / "tools" / "messages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _key(message) -> tuple[str | None, str]:
    return message.context, message.id[0] if isinstance(message.id, tuple) else message.id


def _catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


# -- the catalogues ------------------------------------------------------------------------------------------------


def test_messages_pot_holds_every_string_of_the_code_and_the_templates():
    tool = _tool()
    assert (LOCALE / "messages.pot").read_bytes() == tool.text(tool.extract()), \
        "templates/locale/messages.pot is out of date: run `make messages`, then translate the new strings"


def test_the_shipped_languages_are_every_catalogue_there_is():
    assert sorted(p.stem for p in LOCALE.glob("*.po")) == sorted(SHIPPED)


@pytest.mark.parametrize("code", SHIPPED)
def test_every_string_is_translated_in_each_shipped_catalogue(code):
    """No string missing, none fuzzy or left empty, every plural form the language has, no placeholder the
    English does not offer (a translator's note may offer more: 'winter %(year)s' offers %(next)s)."""
    template = {_key(message): message for message in _catalogue(LOCALE / "messages.pot") if message.id}
    catalogue = _catalogue(LOCALE / f"{code}.po")
    found = {_key(message): message for message in catalogue if message.id}
    missing = sorted(map(str, template.keys() - found.keys()))
    assert not missing, f"{code}.po lacks {len(missing)} strings, the first: {missing[:3]}"
    assert not found.keys() - template.keys(), f"{code}.po holds strings no longer used (run `make messages`)"
    assert str(catalogue.locale) == code and catalogue.num_plurals == get_plural(code).num_plurals
    problems = []
    for key, message in found.items():
        if not language.translated(message):
            problems.append(f"{key}: {'fuzzy' if message.fuzzy else 'not translated'}")
            continue
        offered = set(PLACEHOLDER.findall(" ".join(template[key].id if isinstance(template[key].id, tuple)
                                                   else (template[key].id,))
                                          + " ".join(template[key].auto_comments)))
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            unknown = set(PLACEHOLDER.findall(form)) - offered
            if unknown:
                problems.append(f"{key}: {form!r} uses {sorted(unknown)}")
            if "%" in PLACEHOLDER.sub("", form).replace("%%", ""):
                problems.append(f"{key}: {form!r} holds a lone % (write %%)")
    assert not problems, f"{code}.po:\n" + "\n".join(problems[:20])


def test_a_missing_string_is_named_when_the_site_is_built(tmp_path):
    """A project's own language whose catalogue leaves strings out builds, with a warning naming how many."""
    folder = tmp_path / "templates" / "locale"
    folder.mkdir(parents=True)
    (folder / "it.po").write_text('msgid ""\nmsgstr ""\n"Language: it\\n"\n\nmsgid "Key judgements"\n'
                                  'msgstr "Giudizi principali"\n', encoding="utf-8")
    loaded = language.load("it", [tmp_path / "templates", *theme.folders(None)], project_dir=tmp_path)
    assert loaded.language.gettext("Key judgements") == "Giudizi principali"
    assert loaded.language.gettext("Sources") == "Sources"  # shown in English
    (warning,) = loaded.warnings
    assert warning.severity == "warning" and warning.path == "templates/locale/it.po"
    assert re.search(r"\d+ of the generator's strings have no translation in 'it'", warning.message)
    assert loaded.language.date(m.PartialDate.parse("2025-11-01")) == "1 novembre 2025"  # CLDR's forms all the same


def test_a_language_without_a_catalogue_is_english_words_with_a_note():
    loaded = language.load("it", theme.folders(None))
    (note,) = loaded.warnings
    assert note.severity == "note" and "no catalogue" in note.message and "templates/locale/it.po" in note.hint
    lang = loaded.language
    assert lang.gettext("Sources") == "Sources" and lang.date(m.PartialDate.parse("2025-11-01")) == "1 November 2025"
    assert lang.code == "it"  # what the pages' metadata, the citations and the feed say they are written in


def test_the_pages_say_the_language_they_are_in_with_or_without_a_catalogue(tmp_path):
    """One setting: the theme's language names the pages' language in their metadata, the citations and the feed,
    whether the generator's words are translated (de) or shown in English for want of a catalogue (it)."""
    for code in ("de", "it"):
        project = make_project(tmp_path / code)
        mkdocs_yml = project.read("mkdocs.yml")
        assert "language: en" in mkdocs_yml
        project.write("mkdocs.yml", mkdocs_yml.replace("language: en", f"language: {code}"), dedent=False)
        prepared = build.prepare(settings.read(project.root))
        assert prepared.site.lang.code == prepared.site.metadata.language == prepared.site.cited.language == code
        assert f'xml:lang="{code}"' in prepared.texts["feed.xml"]


# -- CLDR's forms and the catalogues' partial dates ------------------------------------------------------------------


def _language(code: str) -> language.Language:
    loaded = language.load(code, theme.folders(None))
    assert not loaded.warnings
    return loaded.language


@pytest.mark.parametrize("code, written", [
    ("en", ["1 November 2025", "November 2025", "2025", "early 2025", "autumn 2025", "the 2000s", "June–July 2025",
            "15,000", "2.5", "A, B and C", "“x”"]),
    ("de", ["1. November 2025", "November 2025", "2025", "Anfang 2025", "Herbst 2025", "die 2000er-Jahre",
            "Juni–Juli 2025", "15.000", "2,5", "A, B und C", "„x“"]),
    ("fr", ["1 novembre 2025", "novembre 2025", "2025", "début 2025", "automne 2025", "les années 2000",
            "juin–juillet 2025", "15\u202f000", "2,5", "A, B et C", "«\u00a0x\u00a0»"]),
    ("es", ["1 de noviembre de 2025", "noviembre de 2025", "2025", "principios de 2025", "otoño de 2025",
            "la década de 2000", "junio-julio de 2025", "15.000", "2,5", "A, B y C", "«x»"]),
    ("ar", ["1 نوفمبر 2025", "نوفمبر 2025", "2025", "مطلع 2025", "خريف 2025", "العقد الممتد من 2000 إلى 2009",
            "يونيو–يوليو 2025", "15,000", "2.5", "A وB وC", "«x»"]),
])
def test_dates_numbers_lists_and_quotes_are_written_as_each_language_writes_them(code, written):
    lang = _language(code)
    dates = [lang.date(m.PartialDate.parse(text)) for text in
             ("2025-11-01", "2025-11", "2025", "early 2025", "autumn 2025", "2000s", "2025-06/2025-07")]
    assert dates + [lang.number(15000), lang.number(2.5), lang.listed(["A", "B", "C"]), lang.quoted("x")] == written


def test_winter_runs_into_the_next_year_where_a_language_says_so():
    winter = m.PartialDate.parse("winter 2025")
    assert [_language(code).date(winter) for code in ("en", "de", "fr", "es")] == [
        "winter 2025", "Winter 2025/26", "hiver 2025-2026", "invierno de 2025-2026"]


def test_plurals_take_every_form_a_language_has():
    counts = (0, 1, 2, 3, 11, 100, 1000)
    sources = {code: [_language(code).numbered(n, "%(num)s source", "%(num)s sources") for n in counts]
               for code in ("en", "de", "ar")}
    assert sources["en"] == ["0 sources", "1 source", "2 sources", "3 sources", "11 sources", "100 sources",
                             "1,000 sources"]
    assert sources["de"] == ["0 Quellen", "1 Quelle", "2 Quellen", "3 Quellen", "11 Quellen", "100 Quellen",
                             "1.000 Quellen"]
    # Arabic's six forms: zero, one, two, few (3-10), many (11-99), other (100 and more)
    assert sources["ar"] == ["لا مصادر", "مصدر واحد", "مصدران", "3 مصادر", "11 مصدرًا", "100 مصدر", "1,000 مصدر"]


def test_the_scripts_pick_a_plural_by_cldr_category():
    forms = _language("ar").plural_forms("%(num)s event", "%(num)s events")
    assert sorted(forms) == ["few", "many", "one", "other", "two", "zero"]
    assert forms["two"] == "حدثان" and forms["many"] == "%(num)s حدثًا"
    assert _language("en").plural_forms("%(num)s event", "%(num)s events") == {
        "one": "%(num)s event", "other": "%(num)s events"}


# -- whole briefings in German and in Arabic ---------------------------------------------------------------------


def _prepared(root: Path, code: str) -> build.Prepared:
    write_sample(root, code)
    write_lock(root)
    return build.prepare(settings.read(root))


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_a_german_briefing_reads_in_german(tmp_path):
    prepared = _prepared(tmp_path / "de", "de")
    assert not [w for w in prepared.warnings if w.severity != "note"], prepared.warnings
    home, pages = _text(prepared.texts["index.md"]), prepared.texts
    assert "## Zentrale Einschätzungen" in pages["index.md"] and "## Neueste Quellen" in pages["index.md"]
    assert "Stand: 20. März 2025 · 2 Quellen · 1 Thema" in home
    assert "Geringe Konfidenz" in home and "Wahrscheinlichkeit: wahrscheinlich" in home
    assert "Beruht auf einer einzigen Quelle" in home
    assert "Beispiel-Zeitung, März 2025" in home and "Beispiel-Agentur, 17. Februar 2025" in home
    timeline = _text(pages["timeline.md"])
    assert "Herbst 2024 (auf die Jahreszeit genau)" in timeline and "17. Februar 2025" in timeline
    assert "1 Ereignis im Jahr 2024" not in timeline and "2 Ereignisse von 2024 bis 2025" in pages["timeline.md"]
    assert "Spanne: 4.500 bis 5.000 Arbeiter." in _text(pages["discrepancies.md"])
    assert 'title: "Quellen"' in pages["sources/index.md"] and "Nachrichtenbericht" not in pages["sources/index.md"]
    assert "Agenturmeldung" in pages["sources/index.md"] and "Analyse" in pages["sources/index.md"]
    assert "Äußerung" in pages["sources/wire-talks.md"] and "(auf den Tag genau bekannt)" in pages["sources/wire-talks.md"]
    assert 'xml:lang="de"' in pages["feed.xml"]
    assert 'q.bf-marks-double { quotes: "„" "“" "‚" "‘"; }' in phrases.language_css(prepared.site.lang)
    assert '.bf-diff del::before { content: " [gestrichen: "; }' in phrases.language_css(prepared.site.lang)
    assert '"Seite " counter(page) " von " counter(pages)' in pages["assets/briefing-print.css"]
    assert [title for entry in prepared.nav for title in entry][:3] == ["Startseite", "Themen", "Chronologie"]
    # The cite box and what each page says of itself to search engines and link previews
    assert "## Dieses Briefing zitieren" in pages["index.md"]
    assert "Die Quellenangabe für Literaturverwaltungsprogramme:" in home
    description = next(line for line in pages["timeline.md"].splitlines() if line.startswith("description: "))
    assert json.loads(description.removeprefix("description: ")).startswith(
        "Datierte Ereignisse in „Die Brücke von Zenda“, die ältesten zuerst, jedes mit seiner Quelle belegt: 2024 bis 2025")
    assert prepared.site.metadata.language == "de"


def test_the_change_log_tells_a_renamed_section_a_new_date_and_a_new_grade_in_the_language(tmp_path):
    from builder.checks import sourcing
    from builder.model import load
    from builder.model.xref import Xref
    from builder.releases import changes, snapshots

    root = write_sample(tmp_path / "de", "de")

    def snapshot() -> dict:
        model = load.load(root)
        return snapshots.snapshot(model, sourcing.collect(model, Xref(model)))

    before = snapshot()
    for relpath, old, new in (("content/themes/bridge.yaml", "heading: Die Vereinbarung", "heading: Das Abkommen"),
                              ("content/timeline.yaml", "date: autumn 2024", "date: late 2024"),
                              ("content/sources/wire-talks.yaml", "    about: [ruritania, zenda]\n",
                               "    about: [ruritania, zenda]\n    credibility: 4\n")):
        path = root / relpath
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    words = [change.words for change in changes.diff(before, snapshot(), _language("de"))]
    assert "Überschrift des Abschnitts geändert: „Die Vereinbarung“ → „Das Abkommen“" in words, words
    assert "Datum geändert: Herbst 2024 → Ende 2024" in words, words
    assert ("Einstufung geändert: B6 (Wahrheitsgehalt nicht beurteilbar) → B4 (zweifelhaft); zitiert in der zentralen "
            "Einschätzung „Die beiden Länder haben den Bau einer Brücke…“ und dem Thema „Die Brücke“") in words, words


def test_an_arabic_briefing_reads_right_to_left_in_arabic(tmp_path):
    prepared = _prepared(tmp_path / "ar", "ar")
    assert not [w for w in prepared.warnings if w.severity != "note"], prepared.warnings
    pages = prepared.texts
    home = _text(pages["index.md"])
    assert "## التقديرات الرئيسية" in pages["index.md"]
    assert "محدَّثة حتى 20 مارس 2025 · مصدران · محور واحد" in home  # the dual, and one
    assert "ثقة منخفضة" in home and "يستند إلى مصدر واحد" in home
    timeline = pages["timeline.md"]
    assert "خريف 2024" in timeline and "(بدقة الفصل)" in timeline
    # The overview runs from right to left: the earlier event (autumn 2024) is drawn to the right of the later one.
    svg = re.search(r'<svg class="bf-overview-chart".*?</svg>', timeline).group(0)
    assert 'direction="rtl"' in svg
    marks = [float(x) for x in re.findall(r'class="bf-ov-mark[^"]*" (?:cx|x)="([\d.]+)"', svg)]
    assert len(marks) == 2 and marks[0] > marks[1], marks
    chart = re.search(r'<svg class="bf-chart".*?</svg>', pages["discrepancies.md"]).group(0)
    ticks = [(float(x), label) for x, label in re.findall(r'class="bf-chart-tick" x="([\d.]+)"[^>]*>([\d,]+)<', chart)]
    assert ticks[0][1] == "0" and ticks[0][0] > ticks[-1][0], ticks  # the axis grows leftwards
    css = pages["assets/briefing-print.css"]
    assert "@bottom-right { content: \"جسر زندا" in css and '@bottom-left { content: "الصفحة "' in css


def test_arabic_counts_take_their_six_forms_on_the_pages(tmp_path):
    root = tmp_path / "ar"
    write_sample(root, "ar")
    write_lock(root)
    texts = build.prepare(settings.read(root)).texts
    # two sources (dual), one theme; the sourcing page counts claims never cited; the methodology two articles
    assert "تستند هذه الإحاطة إلى مقالين منشورين." in _text(texts["methodology.md"])
    assert "مصدران" in _text(texts["index.md"])


def test_a_project_changes_one_string_of_its_language_in_its_own_templates(tmp_path):
    root = tmp_path / "de"
    write_sample(root, "de")
    write_lock(root)
    own = root / "templates" / "locale"
    own.mkdir(parents=True)
    (own / "de.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        'msgid "Key judgements"\nmsgstr "Das Wichtigste in Kürze"\n', encoding="utf-8")
    prepared = build.prepare(settings.read(root))
    assert "## Das Wichtigste in Kürze" in prepared.texts["index.md"]
    assert "## Neueste Quellen" in prepared.texts["index.md"]  # every other string as the generator has it
    assert not [w for w in prepared.warnings if w.severity != "note"], prepared.warnings


def test_english_strings_can_be_changed_the_same_way(tmp_path):
    project = make_project(tmp_path / "proj")
    (project.root / "templates" / "locale" / "en.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Key judgements"\nmsgstr "Our judgements"\n', encoding="utf-8")
    texts = build.prepare(settings.read(project.root)).texts
    assert "## Our judgements" in texts["index.md"]


# -- editors' messages stay English, and Unicode does no harm ---------------------------------------------------


def test_editors_messages_stay_english_and_show_any_unicode_as_written(tmp_path):
    root = tmp_path / "ar"
    write_sample(root, "ar")
    write_lock(root)
    entities = (root / "content" / "entities.yaml").read_text(encoding="utf-8")
    (root / "content" / "entities.yaml").write_text(
        entities.replace("  - id: zenda\n", "  - id: زندا\n    name: زندا 🌉\n    kind: place\n    role: \u200fمكرر.\n"
                                            "  - id: zenda\n"), encoding="utf-8")
    theme_file = root / "content" / "themes" / "bridge.yaml"
    theme_file.write_text(theme_file.read_text(encoding="utf-8").replace("@wire-talks#bridge-agreed]", "@wire-talk#bridge-agreed]", 1),
                          encoding="utf-8")
    shutil.copy(theme_file, root / "content" / "themes" / "جسر.yaml")
    with pytest.raises(Problems) as raised:
        build.prepare(settings.read(root))
    messages = [str(problem) for problem in raised.value.errors]
    assert any(message.startswith("content/entities.yaml:") and "'زندا' is not a valid id" in message
               for message in messages), messages
    assert any("content/themes/جسر.yaml" in message and "file name 'جسر' is not a valid id" in message
               for message in messages), messages
    assert any("citation to unknown source 'wire-talk' (did you mean 'wire-talks'?)" in message
               for message in messages), messages


# -- a new briefing in a language -------------------------------------------------------------------------------


def test_init_writes_the_language_once_and_examples_in_its_conventions(tmp_path):
    from builder.editor import newproject

    newproject.init(tmp_path / "de", newproject.Options("Die Fähre", as_of="2025-06-01", language="de"))
    assert "  language: de " in (tmp_path / "de" / "mkdocs.yml").read_text(encoding="utf-8")
    assert settings.read(tmp_path / "de").language == "de"
    discrepancies = (tmp_path / "de" / "content" / "discrepancies.yaml").read_text(encoding="utf-8")
    assert "question: Wie viele Fahrten am Tag?" in discrepancies and "label: etwa 1.500" in discrepancies
    assert "# Questions on which the sources give different figures" in discrepancies  # editors' notes stay English
    newproject.init(tmp_path / "ar", newproject.Options("جسر", as_of="2025-06-01", language="ar"))
    assert "# subtitle: سطر واحد تحت العنوان." in (tmp_path / "ar" / "content" / "briefing.yaml").read_text(encoding="utf-8")
    with pytest.raises(Problems) as refused:
        newproject.init(tmp_path / "xx", newproject.Options("X", language="xx"))
    assert "--language 'xx' is not a language code" in str(refused.value)


def test_a_theme_section_is_named_with_the_languages_punctuation_where_sources_are_listed(tmp_path):
    project = make_project(tmp_path / "proj")
    (project.root / "templates" / "locale" / "en.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgctxt "punctuation after a label"\nmsgid ": "\nmsgstr " : "\n',
        encoding="utf-8")
    model = load.load(project.root)
    theme = next(t for t in model.themes_in_order() if t.sections)
    texts = build.prepare(settings.read(project.root)).texts
    source_page = next(text for uri, text in texts.items() if uri.startswith("sources/") and theme.sections[0].heading in text)
    assert f"{theme.title} : {theme.sections[0].heading}" in source_page  # not 'Title: Section', English's colon
