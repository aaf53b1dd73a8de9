"""The readers' language in the templates: its phrases (gettext), its lists, and the stylesheet's words.

A template's `_("…")` is Jinja's "new style" gettext, looked up in the briefing's language (model/language.py);
this module installs it, fast (a build shows each of a few thousand phrases dozens of times), and makes what
the stylesheet says in that language.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2
from markupsafe import Markup, escape

from builder.model.language import Language


def listed(lang: Language, items: Any) -> Markup:
    """Items listed as the language lists them ('A, B and C'), each escaped unless it is markup already."""
    return Markup(lang.listed([str(escape(item)) for item in items]))


_PLAIN = frozenset({str, Markup, int, bool, type(None)})
"""The types of value a formatted phrase is kept for: nothing that could print otherwise the next time (not
a float: -0.0 equals 0.0)."""
_FORMATTED_AT_MOST = 50_000


def install_gettext(env: jinja2.Environment, lang: Language) -> None:
    """The i18n extension's gettext, ngettext, pgettext and npgettext (`_` too) in an environment, in `lang`.

    As Jinja's "new style" gettext: each message is a %-format whose variables are escaped, and a plural's
    `num` is the count; here `num` is the count as the language writes it ('1,000', '1.000').
    """
    env.add_extension("jinja2.ext.i18n")  # once is enough: a second time replaces the first
    env.install_gettext_callables(lang.gettext, lang.ngettext, newstyle=True, pgettext=lang.pgettext,  # type: ignore[attr-defined]
                                  npgettext=lang.npgettext)
    # Jinja's own gettext goes through three context calls and a Markup for every phrase a page shows
    # (a sixth of rendering's time); a phrase's translation is the same all build long, so it is looked
    # up once. Still a %-format, with its variables escaped, as Jinja's "new style" gettext.
    translated: dict[tuple[str, str, bool], str] = {}

    def looked_up(context: Any, context_name: str, string: str) -> str:
        key = (context_name, string, context.eval_ctx.autoescape)
        text = translated.get(key)
        if text is None:
            text = lang.pgettext(context_name, string) if context_name else lang.gettext(string)
            text = translated[key] = Markup(text) if key[2] else text
        return text

    # And a phrase is mostly shown with the same values (a grade's label: 105,000 phrases shown at 1000 sources,
    # 5,500 different): each phrase with plain values (text, whole numbers) is formatted once. The values' types are
    # part of the key: "<b>" as text and as Markup are equal strings, but only the text is escaped.
    formatted: dict[tuple, str] = {}

    def shown(context: Any, context_name: str, string: str, variables: dict[str, Any]) -> str:
        if not all(type(value) in _PLAIN for value in variables.values()):
            return looked_up(context, context_name, string) % variables
        key = (context_name, string, context.eval_ctx.autoescape,
               *[(name, type(value), value) for name, value in variables.items()])
        text = formatted.get(key)
        if text is None:
            if len(formatted) >= _FORMATTED_AT_MOST:  # a preview runs for hours: what it keeps stays bounded
                formatted.clear()
            text = formatted[key] = looked_up(context, context_name, string) % variables
        return text

    @jinja2.pass_context
    def gettext(context: Any, string: str, **variables: Any) -> str:
        return shown(context, "", string, variables)

    @jinja2.pass_context
    def pgettext(context: Any, context_name: str, string: str, **variables: Any) -> str:
        variables.setdefault("context", context_name)
        return shown(context, context_name, string, variables)

    @jinja2.pass_context
    def ngettext(context: Any, singular: str, plural: str, n: int, **variables: Any) -> str:
        variables.setdefault("num", lang.number(n))
        text = lang.ngettext(singular, plural, n)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    @jinja2.pass_context
    def npgettext(context: Any, context_name: str, singular: str, plural: str, n: int, **variables: Any) -> str:
        variables.setdefault("num", lang.number(n))
        text = lang.npgettext(context_name, singular, plural, n)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    env.globals.update(gettext=gettext, _=gettext, pgettext=pgettext, ngettext=ngettext, npgettext=npgettext)


def css_content(message: str) -> Markup:
    """A message as the value of CSS `content`: its text as strings, each `%(name)s` left in it as counter(name).

    'Page %(page)s of %(pages)s' -> "Page " counter(page) " of " counter(pages). A template gives the
    placeholders back as themselves: _("Page %(page)s of %(pages)s", page="%(page)s", pages="%(pages)s").
    """
    parts = []
    for number, piece in enumerate(re.split(r"%\((\w+)\)s", str(message))):
        if number % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return Markup(" ".join(parts))


def css_string(value: str) -> Markup:
    """Text as a CSS string literal: quotes, backslashes and line breaks escaped, nothing that can end the rule."""
    escaped = "".join(ch if ch.isprintable() and ch not in '"\\<>' else f"\\{ord(ch):x} " for ch in str(value))
    return Markup(f'"{escaped}"')


def language_css(lang: Language) -> Markup:
    """What depends on the readers' language in the stylesheet, for screen and print alike (every page's head
    carries it: overrides/main.html): the quotation marks around an inline quote, outer then inner (a quote that
    holds double marks of its own is set between the inner ones, q.bf-marks-single), and the words a screen reader
    is told where a re-wording's deletions and insertions start (assets/briefing.css). A few lines, inline: the
    printed pages' own stylesheet is linked for print only, so that a screen does not wait for it."""
    outer_open, outer_close, inner_open, inner_close = (css_string(mark) for mark in lang.quote_marks())
    taken_out, put_in = css_string(lang.gettext(" [taken out: ")), css_string(lang.gettext(" [put in: "))
    return Markup("\n".join((
        f"q.bf-marks-double {{ quotes: {outer_open} {outer_close} {inner_open} {inner_close}; }}",
        f"q.bf-marks-single {{ quotes: {inner_open} {inner_close} {outer_open} {outer_close}; }}",
        f".md-typeset .bf-diff del::before {{ content: {taken_out}; }}",
        f".md-typeset .bf-diff ins::before {{ content: {put_in}; }}")))
