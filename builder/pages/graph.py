"""The corroboration network as a small SVG drawn at build time (no JavaScript)."""

from __future__ import annotations

import math
from collections import Counter

from markupsafe import Markup, escape

from builder.model import items as m
from builder.model.language import ENGLISH, Language
from builder.pages.charts import mirrored, wrap_lines

LABEL_FONT = 13
LABEL_LINES = 6  # a name wraps onto as many lines as it needs, up to this many


def node_labels(sources: list[m.Source]) -> dict[str, str]:
    """How the network names each source: its outlet, or its title where the outlet is unknown or shared."""
    outlets = Counter(s.label for s in sources)
    return {s.id: s.label if outlets[s.label] == 1 else s.title for s in sources}


def network_svg(sources: list[m.Source], edges: list[tuple[str, str, int]], size: int = 420,
                lang: Language = ENGLISH) -> Markup:
    """Sources on a circle; a line for each pair that state the same facts, thicker for more."""
    if not sources:
        return Markup("")
    centre, radius = size / 2, size / 2 - 90
    position: dict[str, tuple[float, float]] = {}
    for i, source in enumerate(sources):
        angle = 2 * math.pi * i / len(sources) - math.pi / 2
        position[source.id] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))
    names = node_labels(sources)

    X = mirrored(size, lang.rtl)  # an x as drawn

    summary = lang.joined(lang.ngettext("%(a)s and %(b)s share %(num)s claim", "%(a)s and %(b)s share %(num)s claims", n)
                          % {"a": names[a], "b": names[b], "num": lang.number(n)} for a, b, n in edges) \
        or lang.gettext("no shared claims")
    margin = 150  # room for labels beside the circle: lines of about 17 characters
    parts = [f'<svg class="bf-network" viewBox="{-margin} 0 {size + 2 * margin} {size}" width="{size + 2 * margin}" '
             f'height="{size}" role="img" ' + ('direction="rtl" ' if lang.rtl else "")
             + 'aria-labelledby="bf-network-title bf-network-desc" xmlns="http://www.w3.org/2000/svg">',
             '<title id="bf-network-title">{}</title>'.format(escape(lang.gettext("Corroboration network"))),
             f'<desc id="bf-network-desc">{escape(summary)}</desc>']
    for a, b, n in edges:
        (x1, y1), (x2, y2) = position[a], position[b]
        # Outside the f-string, where the catalogue's extractor finds it (it reads no code inside f-strings).
        tooltip = lang.ngettext("%(a)s and %(b)s share %(num)s claim", "%(a)s and %(b)s share %(num)s claims", n) \
            % {"a": names[a], "b": names[b], "num": lang.number(n)}
        parts.append(f'<line x1="{X(x1):.1f}" y1="{y1:.1f}" x2="{X(x2):.1f}" y2="{y2:.1f}" '
                     f'stroke="currentColor" stroke-opacity="0.5" stroke-width="{min(1 + n, 8)}">'
                     f'<title>{escape(tooltip)}</title></line>')
    for source in sources:
        x, y = position[source.id]
        anchor = "start" if x > centre + 1 else "end" if x < centre - 1 else "middle"
        dx = 12 if anchor == "start" else -12 if anchor == "end" else 0
        lines = wrap_lines(names[source.id], LABEL_FONT, margin - 20 if anchor != "middle" else 2 * margin,
                           most=LABEL_LINES)
        # Labels above the circle's top node grow upwards; the others grow downwards.
        above = y < centre and anchor == "middle"
        dy = -12 - (len(lines) - 1) * (LABEL_FONT + 2) if above else 20 if anchor == "middle" else 4
        parts.append(f'<circle cx="{X(x):.1f}" cy="{y:.1f}" r="8" fill="currentColor"><title>{escape(source.title)}</title></circle>')
        spans = "".join(f'<tspan x="{X(x + dx):.1f}" dy="{0 if i == 0 else LABEL_FONT + 2}">{escape(line)}</tspan>'
                        for i, line in enumerate(lines))
        parts.append(f'<text x="{X(x + dx):.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" font-size="{LABEL_FONT}" '
                     f'fill="currentColor"><title>{escape(source.title)}</title>{spans}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
