"""The message catalogues: extract every string the generator writes for readers, and bring each language's
catalogue up to date with them (`make messages`).

    python tools/messages.py            # write templates/locale/messages.pot and update every <language>.po
    python tools/messages.py --check    # exit 1 when messages.pot is not what the code and templates hold

Strings are extracted with Babel from the Python code (gettext, ngettext, pgettext, npgettext, the
marker N_ and Language.numbered) and from the templates with Jinja's i18n extension (_, gettext, ngettext, pgettext, npgettext).
A comment starting `Translators:` just above a string goes into the catalogue with it.

The files are written the same way every time: no creation date and no line numbers (only the files each
string comes from), so that they change only when a string does. A catalogue's new strings are added
untranslated (never guessed from a similar one): tests/test_languages.py then names them until someone
translates them. Strings no longer used are dropped. Nothing compiled is written: the build reads the .po
files themselves (builder/model/language.py).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
LOCALE = REPO / "templates" / "locale"
TEMPLATE = LOCALE / "messages.pot"

KEYWORDS = {
    "_": None, "gettext": None, "N_": None,
    "bf_t": None,  # gettext with variables in the theme's overrides (builder/publish/plugin.py)
    "ngettext": (1, 2),
    "numbered": (2, 3),  # Language.numbered(n, singular, plural)
    "plural_forms": (1, 2),  # Language.plural_forms(singular, plural), for scripts
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
JINJA = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
METHODS = [
    ("builder/**.py", "python"),
    ("templates/**.j2", "jinja2"),
    ("templates/overrides/**.html", "jinja2"),
]
OPTIONS = {"templates/**.j2": JINJA, "templates/overrides/**.html": {"extensions": "jinja2.ext.i18n"}}
HEADER = """\
# The words the briefing generator writes for readers, in its source language (British English).
# To add a language: copy this file to <language>.po (the code Material's `theme: language:` uses),
# translate every entry, and build (README, Languages)."""


def extract() -> Catalog:
    """Every message of the code and the templates, in the order of the files they are in."""
    catalogue = Catalog(project="briefing-builder", version="", copyright_holder="", msgid_bugs_address="",
                        header_comment=HEADER, fuzzy=False)
    found = extract_from_dir(REPO, METHODS, OPTIONS, KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True)
    for path, _line, message, comments, context in found:
        catalogue.add(message, None, [(path, 0)], auto_comments=comments, context=context)
    return catalogue


def text(catalogue: Catalog) -> bytes:
    """A catalogue as a .po file, the same bytes for the same messages."""
    out = io.BytesIO()
    write_po(out, catalogue, width=100, include_lineno=False, sort_by_file=False, omit_header=False)
    lines = [line for line in out.getvalue().decode("utf-8").splitlines(keepends=True)
             if not line.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:', '"Generated-By:'))]
    return "".join(lines).encode("utf-8")


def update(path: Path, template: Catalog) -> bytes:
    """A language's catalogue with the template's messages: new ones untranslated, unused ones dropped."""
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalogue.obsolete.clear()
    return text(catalogue)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether messages.pot is up to date")
    args = parser.parse_args(argv)
    template = extract()
    wanted = text(template)
    if args.check:
        if not TEMPLATE.is_file() or TEMPLATE.read_bytes() != wanted:
            print(f"{TEMPLATE.relative_to(REPO)} is out of date: run `make messages`", file=sys.stderr)
            return 1
        return 0
    LOCALE.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_bytes(wanted)
    print(f"{TEMPLATE.relative_to(REPO)}: {len(template)} strings")
    for path in sorted(LOCALE.glob("*.po")):
        path.write_bytes(update(path, template))
        print(f"{path.relative_to(REPO)}: updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
